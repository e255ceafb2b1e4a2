"""The lookup decision: whether the courses retrieved for an open question match it
(``"match"``), might (``"hedge"``: listed with a caveat) or do not (``"none"``), and which
further courses are worth listing. :class:`~assistant.ask.Assistant` asks it after
retrieval; the thresholds live in :class:`~assistant.settings.Settings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .records import Hit
from .settings import Settings


@dataclass(frozen=True)
class Relevance:
    """The lookup decision: does the best course match the question?

    The signals are relative to the catalog and the question, so they transfer across
    catalogs: ``z``, the best course-level cosine in standard deviations above the
    question's similarity to the whole catalog; the best sentence cosine; whether every
    content word of the question occurs in the best course (``coverage``); and which share of
    the question's content words occur anywhere in the catalog (``presence``: a topic no
    course covers is usually named by words the catalog never uses). Thresholds live in
    :class:`~assistant.settings.Settings`.
    """

    match_z: float = Settings.match_z
    hedge_z: float = Settings.hedge_z
    match_dense: float = Settings.match_dense
    min_presence: float = Settings.min_presence

    def decide(self, hits: Sequence[Hit], coverage: float, presence: float, *, written: bool = True,
               topic_held: bool = False) -> str:
        """``"match"``, ``"hedge"`` or ``"none"`` for the retrieved hits (best first);
        ``written``: whether the catalog writes the question's Korean words at all: any of
        them, and the one a request for courses is about (a question that names nothing the
        catalog writes, "형총 수업 있어?", is matched by the look of its letters alone; "볼링
        수업 있어?" by its other words); ``topic_held``: whether the best course's title writes
        that one ("해리포터 보다가 궁금해졌는데 라틴어 배울 수 있는 과목 있어?" and
        교양라틴어): the question's other words may be talk the catalog never writes, so at
        least a hedge."""
        if not written:
            return "none"
        z = max((h.course_z for h in hits[:3] if h.course_z is not None), default=0.0)
        dense = hits[0].best_dense if hits and hits[0].best_dense is not None else 0.0
        if coverage >= 0.999 or z >= self.match_z:
            return "match"
        if topic_held:
            return "hedge"
        if presence < self.min_presence:
            return "none"
        if z >= self.hedge_z or dense >= self.match_dense:
            return "hedge"
        return "none"

    def related(self, hit: Hit) -> bool:
        """Whether a further hit is worth listing beside the best one: it stands out from
        the catalog at least a little (one standard deviation below the hedge bar)."""
        return hit.course_z is None or hit.course_z >= self.hedge_z - 1.0
