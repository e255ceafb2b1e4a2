"""Course names as students shorten them: "운체" for 운영체제, "컴구" for 컴퓨터구조, "선대" for
선형대수학 — the first syllable of each word of the title; and as they mistype them: one syllable
off in a title of four or more ("운영채제", "자료규조").

Nothing here is a list of known abbreviations: the catalog's own titles and words say which
shortenings it admits. A title is read as words of two syllables (most Sino-Korean words) or
words the catalog writes on their own ("컴퓨터", "데이터"); the last word runs to the title's
end ("대수학"). A word of the question is taken for a shortening only when the catalog never
writes it, so a word any course uses keeps its meaning.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Mapping, Sequence

from .question import FIELD_PATTERNS, content_words, norm_key, strip_particle, title_keys
from .records import Course
from .words import HANGUL_RUN, CatalogWords

MAX_UNHELD = 1
"""Other words of the question that a course it shortens need not hold ("전필임", "어디어디" slip
through the word lists): more, and the question says more than the course."""

MIN_TYPO_TITLE = 4
"""Titles at least this long are read through a one-syllable typo ("자료규조"); shorter ones are
too close to other words."""

MAX_CANDIDATES = 8
"""More titles than this for one shortening: it tells nothing, and is not read as one."""

_SHORT = re.compile(r"([가-힣]{2,3})([1-3])?")  # "운체", "중회2"
_NUMBER_FORMS = {"1": ("1", "i"), "2": ("2", "ii"), "3": ("3", "iii")}  # "중회2": 중급회계2, 중급회계II
_TITLE_NUMBER = re.compile(r"(\d+|[ivx]+)$")


def shortenings(title: str, words: Collection[str]) -> set[str]:
    """The shortenings of a title (a Hangul key): the first syllable of each of two or three
    words it splits into; each word but the last is two syllables long or one of ``words``
    (those the catalog writes on their own: "컴퓨터", "소프트웨어"), the last runs to the end,
    two syllables or more; a "및" between words is passed over ("신호및시스템": 신시)."""
    out: set[str] = set()

    def split(i: int, taken: str) -> None:
        if title[i] == "및" and taken:
            i += 1
        letters = taken + title[i]
        if len(letters) >= 2 and len(title) - i >= 2:  # this word the last
            out.add(letters)
        if len(letters) == 3:
            return
        for size in (2, 3, 4, 5):  # this word, and more after it
            if i + size <= len(title) - 2 and (size == 2 or title[i:i + size] in words):
                split(i + size, letters)

    split(0, "")
    return out


class Abbreviations:
    """Shortened course names in a question, matched against the catalog's titles.

    Args:
        courses: Every course of the catalog. :meth:`warm_up` reads their titles and words
            once (the assistant calls it when it warms up).
        words: The catalog's words, if already read (else read at :meth:`warm_up`).
    """

    def __init__(self, courses: Mapping[str, Course], words: CatalogWords | None = None) -> None:
        self.courses = courses
        self._given = words
        self._index: dict[str, dict[str, list[str]]] | None = None  # shortening -> title key -> ids
        self._titles: set[str] = set()  # every title's keys: a title beside a shortening is no word of its own
        self._catalog: CatalogWords | None = None  # the catalog's own words: no shortening
        self._words: frozenset[str] = frozenset()
        self._masked: dict[str, set[str]] = {}  # a title key with one syllable masked -> the title keys
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Build the index (once)."""
        with self._lock:
            if self._index is not None:
                return
            self._catalog = self._given or CatalogWords(self.courses.values())
            self._words = self._catalog.hangul_words
            words = {w for w in self._words if 3 <= len(w) <= 5}
            index: dict[str, dict[str, list[str]]] = {}
            self._titles = {key for c in self.courses.values() for key in title_keys(c.title)}
            for lid, course in self.courses.items():
                for key in title_keys(course.title):  # "민법(채권총론)": 채권총론 too
                    hangul = HANGUL_RUN.match(key)
                    if hangul is None or len(hangul.group()) < 4:
                        continue
                    for short in shortenings(hangul.group(), words):
                        ids = index.setdefault(short, {}).setdefault(hangul.group(), [])
                        if lid not in ids:
                            ids.append(lid)
            masked: dict[str, set[str]] = {}
            for key in self._titles:  # "운영체제" under "?영체제", "운?체제", …: one syllable off
                if len(key) >= MIN_TYPO_TITLE and HANGUL_RUN.fullmatch(key):
                    for i in range(len(key)):
                        masked.setdefault(f"{key[:i]}?{key[i + 1:]}", set()).add(key)
            self._masked = masked
            self._index = index

    def find(self, question: str) -> tuple[str, tuple[str, ...]] | None:
        """A word of ``question`` that the catalog never writes and that shortens course
        titles, with the lecture ids of those titles (one per title, shortest title first):
        ``("운체", ("CSE3001",))``; a number after it keeps the titles of that number ("중회2").
        Only titles whose course holds the other words of the question, all but
        :data:`MAX_UNHELD`, count (catalog fields aside: "운체 스케줄링 배워?", "운체 몇
        학년이야?"): a question that says more than a course holds uses the word in its own
        sense ("…건지 배우는 수업 있어?").
        ``None`` when no word is one, or one fits too many titles."""
        words = content_words(question)
        shorts = [(w, m) for w in words if (m := _SHORT.fullmatch(w))]
        if not shorts:
            return None
        self.warm_up()
        assert self._index is not None
        plain = question
        for pattern in FIELD_PATTERNS.values():  # "몇 학년", "어느 학과": asked of the course, not in it
            plain = pattern.sub(" ", plain)
        for word, match in shorts:
            titles = self._index.get(match[1])
            if not titles or len(titles) > MAX_CANDIDATES or word in self._words or match[1] in self._words:
                continue
            rest = [w for w in content_words(plain) if w != word and w not in self._titles  # "자료구조랑 컴구"
                    and not (w in self._index and w not in self._words)]  # "운체, 컴네, 시프"
            forms = _NUMBER_FORMS.get(match[2] or "")
            ids, seen = [], set()
            for key in titles:
                for i in titles[key]:  # one course of each title
                    title = norm_key(self.courses[i].title)  # "신호 및 시스템" is 신호및시스템
                    number = _TITLE_NUMBER.search(title)
                    if title in seen or (forms and (number is None or number[1] not in forms)):
                        continue
                    if sum(w not in self._catalog.text_of[i] for w in rest) <= MAX_UNHELD:  # type: ignore[union-attr]
                        seen.add(title)
                        ids.append(i)
            if ids:
                ids.sort(key=lambda i: (len(key := norm_key(self.courses[i].title)), key))
                return word, tuple(ids)
        return None

    def misspelled(self, question: str) -> tuple[str, str] | None:
        """A word of ``question`` that is one title mistyped by one syllable ("운영채제 뭐 배워?"
        -> ``("운영채제", "운영체제")``, the title's key): four syllables or more, a word the
        catalog never writes, one title only that far from it; ``None`` otherwise."""
        self.warm_up()
        for word in content_words(question):
            once = strip_particle(word)
            forms = tuple(dict.fromkeys((word, once, strip_particle(once))))  # "사회문제로도": 사회문제 is written
            if any(f in self._words for f in forms):
                continue
            for form in forms:
                if len(form) < MIN_TYPO_TITLE or not HANGUL_RUN.fullmatch(form):
                    continue
                near = {k for i in range(len(form)) for k in self._masked.get(f"{form[:i]}?{form[i + 1:]}", ())}
                if len(near) == 1:
                    return form, next(iter(near))
        return None


def meant(lecture_ids: Sequence[str], courses: Mapping[str, Course]) -> str | None:
    """The one course a shortening means: its only title, or one title and longer ones that
    run on from it in Hangul ("운체": 운영체제, 운영체제입문 -> 운영체제's id); ``None`` when
    they differ ("일물": 일반물리학I, 일반물리학II)."""
    first, *others = [norm_key(courses[i].title) for i in lecture_ids]
    return lecture_ids[0] if all(k.startswith(first) and (k == first or HANGUL_RUN.match(k, len(first)))
                                 for k in others) else None


def spell_out(question: str, word: str, title: str) -> str:
    """``question`` with the shortening ``word`` written as ``title`` ("운체 몇 학점?" ->
    "운영체제 몇 학점?")."""
    return re.sub(re.escape(word), title, question, count=1)
