"""The lookup decision: whether the courses retrieved for an open question match it
(``"match"``), might (``"hedge"``: listed with a caveat) or do not (``"none"``), and which
further courses are worth listing. :class:`~assistant.ask.Assistant` asks it after
retrieval; the thresholds live in :class:`~assistant.settings.Settings`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .keywords import korean_ngrams
from .records import Course, Hit
from .reply import nfkc_lower
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

    def decide(self, hits: Sequence[Hit], coverage: float, presence: float, *, written: bool = True) -> str:
        """``"match"``, ``"hedge"`` or ``"none"`` for the retrieved hits (best first);
        ``written``: whether the catalog writes the question's Korean words at all: any of
        them, and the one a request for courses is about (a question that names nothing the
        catalog writes, "형총 수업 있어?", is matched by the look of its letters alone; "볼링
        수업 있어?" by its other words)."""
        if not written:
            return "none"
        z = max((h.course_z for h in hits[:3] if h.course_z is not None), default=0.0)
        dense = hits[0].best_dense if hits and hits[0].best_dense is not None else 0.0
        if coverage >= 0.999 or z >= self.match_z:
            return "match"
        if presence < self.min_presence:
            return "none"
        if z >= self.hedge_z or dense >= self.match_dense:
            return "hedge"
        return "none"

    def related(self, hit: Hit) -> bool:
        """Whether a further hit is worth listing beside the best one: it stands out from
        the catalog at least a little (one standard deviation below the hedge bar)."""
        return hit.course_z is None or hit.course_z >= self.hedge_z - 1.0


class CatalogWords:
    """Which words a catalog writes, read once at warm-up: the relevance decision's
    ``presence`` and ``written`` signals, and whether a search's topic is written at all.

    Args:
        courses: Every course of the catalog.
    """

    def __init__(self, courses: Iterable[Course]) -> None:
        courses = list(courses)
        self.texts = tuple(dict.fromkeys(  # sections sharing a description count once
            nfkc_lower(f"{c.title} {c.description}") for c in courses))
        self.text = "\n".join(self.texts)
        rows = "\n".join(nfkc_lower(" ".join([c.department, c.course_type, c.get("college"), *(v for _, v in c.extra)]))
                         for c in courses)
        self._compact = re.sub(r"[ \t]+", "", f"{self.text}\n{rows}")  # rows and texts, spacing aside
        self._grams = frozenset(korean_ngrams(self._compact))

    def share(self, words: Sequence[str]) -> float:
        """Which share of ``words`` some course's title or description holds (1 for none given)."""
        return sum(w in self.text for w in words) / len(words) if words else 1.0

    def writes(self, word: str) -> bool:
        """Whether the catalog writes ``word`` whole, spacing aside ("데이터분석" in "데이터 분석")."""
        return word in self._compact

    def writes_any(self, words: Sequence[str]) -> bool:
        """Whether the catalog writes any of the Korean ``words`` (true for none given): whole,
        spacing aside, or, for words of three syllables or more, half of their letter pairs (as
        :func:`~assistant.question.word_coverage` reads a course: "경주용" by 경주)."""
        for word in words:
            grams = korean_ngrams(word)
            if self.writes(word) or (len(grams) >= 2 and sum(g in self._grams for g in grams) / len(grams) >= 0.5):
                return True
        return not words
