"""The terms of a catalog beside its topics: what "그 중에 교양은?" narrows a list by and what
"1학점짜리 체육 수업" sets as a condition of a search (course types, credits, year, semester,
department, university …), and which kinds of them the catalog records at all, so that a
condition it cannot tell ("2학년" where no course has a year) is said, not searched."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from .question import CONDITION_KINDS, COURSE_NOUNS, content_words, strip_particle
from .records import EXTRA_FIELDS, Course
from .reply import department
from .wording import writes_word

_WORD = re.compile(r"[0-9a-z가-힣]+")


def _cmp(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def whole_terms(course: Course) -> set[str]:
    """What a list can be narrowed to besides topics, as whole words in comparison form: the
    course's department and university (also without "학과", "대학교" …), instructors,
    credits ("3학점"), year ("2학년" of "2-1") and short values of the catalog's own columns.
    Its type narrows by any part ("교양" of "교양선택"), so it is not here."""
    terms = {_cmp(department(course)), _cmp(course.get("college"))}  # not a section heading ("전공")
    terms |= {t.removesuffix(end) for t in set(terms) for end in ("학과", "과", "학부", "전공", "대학교", "학교")}
    terms |= {_cmp(n) for n in re.split(r"[,/;·]", course.instructor)}
    terms |= {_cmp(v) for k, v in course.extra if k not in EXTRA_FIELDS and len(v) <= 20}  # "비고: 온라인"
    if course.credits is not None:
        terms.add(f"{course.credits:g}학점")
    year = course.get("year").strip()  # "2-1": 학년-학기
    if year[:1].isdigit():
        terms.add(f"{year[0]}학년")
    if (semester := re.search(r"-\s*(\d)$", year)) is not None:
        terms.add(f"{semester[1]}학기")
    return {t for t in terms if len(t) >= 2}


TYPE_SHORT = {"전필": "전공필수", "전선": "전공선택", "교필": "교양필수", "교선": "교양선택"}
"""How students (and some catalogs) shorten course types ("전필 뭐 있어?")."""


def type_form(course_type: str) -> str:
    """A course type in comparison form, its short form written out ("전필" -> "전공필수";
    a catalog's "전기" is 전공기초)."""
    value = _cmp(course_type)
    return {**TYPE_SHORT, "전기": "전공기초"}.get(value, value)

# a condition's kind and the values it takes ("3학점", "2학년", "1학기", "교양"), and its Korean name
_NAMES = {"credits": "학점", "year": "학년", "semester": "학기", "course_type": "이수구분(교양·전공)"}
_KINDS = {kind: (re.compile(pattern), _NAMES[kind]) for kind, pattern in CONDITION_KINDS.items()}


def college_names(college: str) -> set[str]:
    """How a university is written in a question: "충북대학교", "충북대", "이화여대"."""
    full = _cmp(college)
    names = {full, full.removesuffix("학교")}
    if full.endswith("대학교"):
        stem = full.removesuffix("대학교")
        names |= {f"{stem}대", stem.removesuffix("여자") + "여대" if stem.endswith("여자") else f"{stem}대"}
    return {n for n in names if len(n) >= 3}


DEPARTMENT_ENDS = ("학과", "학부", "전공", "과")
"""How a department's name ends; a question's word names one only with such an ending
("경제학부 수업", not the topic "경제학 수업")."""


_JOINED = re.compile(r"(?<=[가-힣])[·・‧ㆍ.](?=[가-힣])")  # "전기·정보공학부" written "전기정보공학부"


def department_stem(name: str) -> str:
    """A department's name in comparison form less its ending and a 학 before it: "경제학부",
    "경제학과" and "경제학전공" -> "경제"; "전기·정보공학부" -> "전기정보공"."""
    form = _JOINED.sub("", _cmp(name))
    stem = next((form.removesuffix(end) for end in DEPARTMENT_ENDS if form.endswith(end)), form)
    return stem.removesuffix("학") if len(stem) >= 2 else stem


class CatalogTerms:
    """The terms of a catalog a list is narrowed and a search is conditioned by: course types,
    credits, years and semesters, departments, universities, instructors and short values of the
    catalog's own columns, and which of these kinds the catalog records at all.

    Args:
        courses: Every course of the catalog.
    """

    def __init__(self, courses: Iterable[Course]) -> None:
        courses = list(courses)
        self._types = {type_form(c.course_type) for c in courses} - {""}
        self._terms = set().union(*(whole_terms(c) for c in courses)) if courses else set()
        self._departments: dict[str, set[str]] = {}  # stem -> the catalog's names ("경제학" -> {"경제학부"})
        for c in courses:
            if len(name := department(c)) >= 3 and (stem := department_stem(name)):
                self._departments.setdefault(stem, set()).add(c.department)
        self._department_forms = {_JOINED.sub("", _cmp(n)) for names in self._departments.values() for n in names}
        colleges = {c.get("college") for c in courses} - {""}
        self._colleges = {n: _cmp(c) for c in colleges for n in college_names(c)}  # one alone: met by every course
        self._kinds = {kind for kind, present in (
            ("credits", any(c.credits is not None for c in courses)),
            ("year", any(t.endswith("학년") for t in self._terms)), ("semester", any(t.endswith("학기") for t in self._terms)),
            ("course_type", bool(self._types))) if present}

    def narrowing(self, rest: str) -> tuple[str, ...]:
        """The words a list is narrowed by: the topics ``rest`` names and its words that are
        terms of this catalog (a course type's part such as "교양", "3학점", "2학년", a
        department); nothing else ("3학점짜리" where no course has credits)."""
        topics = content_words(rest)
        terms: list[str] = []
        for word in _WORD.findall(_cmp(rest)):  # "온라인" as it is, "교양은" less 은, "3학점짜리는" less both
            once = strip_particle(word)
            forms = [TYPE_SHORT.get(f, f) for f in (word, once, strip_particle(once))]
            term = next((f for f in forms if len(f) >= 2 and f not in COURSE_NOUNS
                         and (self._is_term(f) or f in self._colleges or self._kind_of(f) in self._kinds)), None)
            if term and not set(topics).intersection(forms):
                terms.append(term)
        return tuple(dict.fromkeys(topics + terms))

    def fits(self, course: Course, words: Sequence[str]) -> bool:
        """Whether ``course`` has every one of ``words``: a term of the catalog or a value of
        a kind it records ("5학점") in its catalog row (its type, department, credits …), a
        university by any of its names, any other word in its title or description (a word
        of Latin letters whole: "AI" is not in "training")."""
        text = _cmp(f"{course.title} {course.description}")

        def has(w: str) -> bool:
            if w in self._colleges:
                return self._colleges[w] == _cmp(course.get("college"))
            if self._department(w) is not None:
                return course.department in self._department_names(w)
            if self._kind_of(w):  # a type, credits, year, semester: the row's, never the text's
                return w in type_form(course.course_type) or w in whole_terms(course)
            if self._is_term(w) and (w in type_form(course.course_type) or w in whole_terms(course)):
                return True  # "온라인" of a 비고 column
            return writes_word(text, w)  # "실습", a value of some column, is also a word of 객체지향프로그래밍실습
        return all(has(w) for w in words)

    def department_names(self, conditions: Sequence[str]) -> tuple[str, ...]:
        """The catalog's department names (as its rows write them) the ``conditions`` name:
        a search's scope ("경제학부 수업 뭐 있어?")."""
        names = {n for c in conditions if self._department(c) is not None for n in self._department_names(c)}
        return tuple(sorted(names))

    def is_department(self, condition: str) -> bool:
        """Whether ``condition`` (of :meth:`conditions`) is a department of this catalog."""
        return self._department(condition) is not None

    def scope_only(self, q: str) -> bool:
        """Whether ``q`` names a department of this catalog and, besides conditions, nothing
        to search for ("간호학과 2학년 과목 목록 좀", "부산대 컴퓨터공학부 전필")."""
        found, _ = self.conditions(q)
        return any(self.is_department(c) for c in found) and not content_words(self.without_conditions(q))

    def names_department(self, text: str, key: str) -> bool:
        """Whether every word of ``text`` (NFKC, lower-cased) that holds ``key`` (a title in
        :func:`~assistant.question.norm_key` form) names a department of this catalog."""
        words = [w for w in _WORD.findall(_JOINED.sub("", text)) if key in w]
        return bool(words) and all(any(self._department(f) is not None for f in (w, strip_particle(w))) for w in words)

    def _department_names(self, word: str) -> set[str]:
        """The catalog's names of the department ``word`` names: those written so, else those
        of its stem ("경제학과" -> 경제학부, but "화학과" is not 화학부 where both are taught)."""
        exact = {n for n in self._departments.get(department_stem(word), ()) if _JOINED.sub("", _cmp(n)) == word}
        return exact or self._departments.get(department_stem(word), set())

    def _department(self, word: str) -> str | None:
        """The stem of the department ``word`` names with a department's ending: the name a
        catalog row writes, or another ending of it ("경제학과" where the catalog writes 경제학부;
        "과" alone is also a particle, "교육과 관련된"); ``None`` for any other word ("국제관계")."""
        if not word.endswith(DEPARTMENT_ENDS):  # "국제관계 수업": a topic, though a department is called so
            return None
        if word in self._department_forms:
            return department_stem(word)
        if len(word) < 3 or not word.endswith(DEPARTMENT_ENDS[:3]) or (stem := department_stem(word)) not in self._departments:
            return None
        return stem

    @staticmethod
    def is_type_word(word: str) -> bool:
        """Whether ``word`` names a course type ("교양", "전공필수")."""
        return bool(_KINDS["course_type"][0].fullmatch(word))

    def kind(self, word: str) -> str | None:
        """Which kind of condition a narrowing or condition word (:meth:`narrowing`) sets:
        credits, year, semester, course type, university or department; ``None`` for a topic."""
        if word in self._colleges:
            return "college"
        if self._department(word) is not None:
            return "department"
        return self._kind_of(word)

    @staticmethod
    def _kind_of(word: str) -> str | None:
        return next((kind for kind, (values, _) in _KINDS.items() if values.fullmatch(word)), None)

    def conditions(self, q: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """What a search sets beside its topic, as catalog terms ("1학점짜리 체육 수업" ->
        "1학점", "전필" -> "전공필수", "충북대" -> a university of the catalog, "경제학과" -> a
        department, :meth:`department_names`), and the Korean
        names of the kinds it names that this catalog does not record (no course has a year)."""
        found: list[str] = []
        unknown: list[str] = []
        for word, form, known in self._condition_words(q):
            (found if known else unknown).append(form)
        return tuple(dict.fromkeys(found)), tuple(dict.fromkeys(unknown))

    def without_conditions(self, q: str) -> str:
        """``q`` (NFKC, lower-cased) less the words that set conditions a course must meet
        ("1학점짜리", "2학년", "충북대", "경제학부"): what to search for. A course type stays ("교양 있어?"
        reads like any request for courses)."""
        text = _JOINED.sub("", _cmp(q))
        for word, form, _ in self._condition_words(q):
            if self.is_type_word(form):
                continue
            text = re.sub(rf"(?<![0-9a-z가-힣]){re.escape(word)}(?![0-9a-z가-힣])", " ", text)
        return " ".join(text.split())

    def _condition_words(self, q: str) -> list[tuple[str, str, bool]]:
        """Each word of ``q`` that sets a condition, the condition, and whether this catalog
        records its kind (else the condition is the kind's Korean name)."""
        out = []
        for word in _WORD.findall(_JOINED.sub("", _cmp(q))):
            once = strip_particle(word)
            for form in dict.fromkeys((word, once, strip_particle(once))):
                form = TYPE_SHORT.get(form, form)
                kind = self._kind_of(form)
                if kind and kind not in self._kinds:
                    out.append((word, _KINDS[kind][1], False))
                    break
                if form in self._colleges or (kind and form not in COURSE_NOUNS):
                    out.append((word, form, True))
                    break
                if self._department(form) is not None:  # "정보컴퓨터공학부 전공 뭐 있어?"
                    out.append((word, form, True))
                    break
        return out

    def _is_term(self, word: str) -> bool:
        return word in self._terms or any(word in t for t in self._types)
