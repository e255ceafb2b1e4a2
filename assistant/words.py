"""Which words a loaded catalog writes, read once at warm-up (:class:`CatalogWords`): one
owner for the lookup decision's word signals, the topic a search asks about, the texts a
named course's sentences are quoted from, and the words that are no shortened title."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .keywords import korean_ngrams
from .question import strip_particle
from .records import Course
from .wording import nfkc_lower

HANGUL_RUN = re.compile(r"[가-힣]+")
"""A run of Hangul syllables: a Korean word as the catalog's words are counted."""


def compact(text: str) -> str:
    """``text`` to compare, spacing aside (NFKC, lower case, no whitespace: "데이터분석" in "데이터 분석")."""
    return "".join(nfkc_lower(text).split())


class CatalogWords:
    """Which words a catalog writes, read once at warm-up: the relevance decision's
    ``presence`` and ``written`` signals, whether a search's topic is written at all, and
    whether a short word is one of the catalog's own or a shortened title
    (:class:`~assistant.abbreviations.Abbreviations`).

    Args:
        courses: Every course of the catalog.

    Attributes:
        text_of: Each course's title and description (NFKC, lower case), by lecture id.
        texts: Those texts, each once (sections sharing a description count once).
        hangul_words: Every Hangul word the texts write, with and without its particle.
    """

    def __init__(self, courses: Iterable[Course]) -> None:
        courses = list(courses)
        self.text_of = {c.lecture_id: nfkc_lower(f"{c.title} {c.description}") for c in courses}
        self.texts = tuple(dict.fromkeys(self.text_of.values()))
        self.text = "\n".join(self.texts)
        tokens = set(HANGUL_RUN.findall(self.text))
        self.hangul_words = frozenset(tokens | {strip_particle(t) for t in tokens})
        rows = "\n".join(nfkc_lower(" ".join([c.department, c.course_type, c.get("college"), *(v for _, v in c.extra)]))
                         for c in courses)
        self._compact = re.sub(r"[ \t]+", "", f"{self.text}\n{rows}")  # rows and texts, spacing aside
        self._grams = frozenset(korean_ngrams(self._compact))

    def used_by(self, word: str) -> float:
        """The share of the catalog's courses (sections sharing a description once) whose
        title or description uses ``word``: how widely the catalog uses it."""
        return sum(word in t for t in self.texts) / max(len(self.texts), 1)

    def share(self, words: Sequence[str]) -> float:
        """Which share of ``words`` some course's title or description holds (1 for none given)."""
        return sum(w in self.text for w in words) / len(words) if words else 1.0

    def writes(self, word: str) -> bool:
        """Whether the catalog writes ``word`` whole, spacing aside ("데이터분석" in "데이터 분석")."""
        return word in self._compact

    def writes_any(self, words: Sequence[str]) -> bool:
        """Whether the catalog writes any of the Korean ``words`` (true for none given): whole,
        spacing aside, or, for words of three syllables or more, half of their letter pairs (as
        :func:`word_coverage` reads a course: "경주용" by 경주)."""
        for word in words:
            grams = korean_ngrams(word)
            if self.writes(word) or (len(grams) >= 2 and sum(g in self._grams for g in grams) / len(grams) >= 0.5):
                return True
        return not words


def word_coverage(words: Sequence[str], text: str) -> tuple[float, list[str], list[str]]:
    """Share of ``words`` found in ``text`` (as a substring, or half their bigrams).

    Returns:
        ``(coverage, matched, missing)``; coverage is 0 when ``words`` is empty.
    """
    if not words:
        return 0.0, [], []
    low = nfkc_lower(text)
    grams = set(korean_ngrams(low))
    matched, missing = [], []
    for w in words:
        if w in low:
            matched.append(w)
            continue
        wg = korean_ngrams(w)
        if len(wg) >= 2 and sum(g in grams for g in wg) / len(wg) >= 0.5:
            matched.append(w)
        else:
            missing.append(w)
    return len(matched) / len(words), matched, missing
