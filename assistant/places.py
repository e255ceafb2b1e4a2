"""Where a course is taught, as a question names it: its department, university or instructor
("인공지능학과 딥러닝", "충북대 …", "정준각 교수님 …"), a title written as a department's name
("환경공학과 유체역학"), and the courses of one title a question does not tell apart."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from .question import norm_key, strip_particle
from .records import Course
from .terms import college_names

_DEPARTMENT_TAIL = re.compile(r"(?:과|학과|학부|전공|계열)(?:꺼|거|것)?(?:의|에서|에|은|는|이|가)?(?![가-힣])")


def as_department(title_key: str, text: str) -> bool:
    """Whether every place ``text`` writes ``title_key`` runs on into a department's name
    ("환경공학과", "정보통계학과의", "기계융합공학 전공" does not: it is a word apart)."""
    spots = list(re.finditer(r"[^0-9a-z가-힣]*".join(map(re.escape, title_key)), text))
    return bool(spots) and all(_DEPARTMENT_TAIL.match(text, m.end()) for m in spots)


def whole_word(title_key: str, words: Sequence[str]) -> bool:
    """``title_key`` is one of ``words``, or one of them less a particle ("수영은")."""
    return any(w == title_key or strip_particle(w) == title_key for w in words)


def names_place(key: str, course: Course) -> bool:
    """Whether a question (in :func:`~assistant.question.norm_key` form) names the course's
    department, university or instructor ("인공지능학과 딥러닝", "충북대 …", "정준각 교수님 …")."""
    return places_named(key, course) > 0


def places_named(key: str, course: Course) -> int:
    """How many of the course's department, university and instructor a question (in
    :func:`~assistant.question.norm_key` form) names ("서울대 화학부 …": two of 화학부's course)."""
    dept = norm_key(course.department)
    short = dept.removesuffix("학과").removesuffix("전공")  # "인공지능학과" -> "인공지능"
    people = [norm_key(n) for n in re.split(r"[,/;·]", course.instructor) if len(norm_key(n)) >= 2]
    college = norm_key(course.get("college"))
    # a name of one or two letters ("의" of 의학과, a department written "대학") is in too
    # many questions to tell anything
    return sum(((len(dept) >= 3 and dept in key) or (len(short) >= 2 and short != dept and short in key),
                any(n in key for n in people),
                len(college) >= 3 and (college in key or college.removesuffix("학교") in key)))


def without_place(rest: str, course: Course) -> str:
    """``rest`` (NFKC, lower-cased) less the course's department, university or instructor it
    writes ("환경공학과 유체역학": what is asked of 유체역학 is nothing)."""
    colleges = sorted(college_names(course.get("college")), key=len, reverse=True)  # "서울대" for 서울대학교
    for place in (course.department, *colleges, course.instructor):
        key = unicodedata.normalize("NFKC", place.strip()).lower()
        if len(key) >= 2 and key in rest:
            rest = rest.replace(key, " ")
    return rest


def named_first(q: str, lecture_ids: Sequence[str], courses: Mapping[str, Course]) -> list[str]:
    """``lecture_ids`` (courses or sections sharing a title) with those whose department,
    university or instructor ``q`` names first, the most of them first."""
    key = norm_key(q)
    named = {i: places_named(key, courses[i]) for i in lecture_ids if i in courses}
    return sorted(lecture_ids, key=lambda i: -named.get(i, 0))  # stable: the most places named first


def find_namesakes(q: str, course: Course, others: Sequence[str], courses: Mapping[str, Course]) -> list[Course]:
    """The courses among ``others`` with ``course``'s title ("학교폭력 예방 및 …" and
    "학교폭력예방및 …" are one title) but another description (another department or
    university, not a section), one per description; none when ``q`` names the course's
    department, university or instructor (the student told them apart)."""
    if names_place(norm_key(q), course):
        return []
    title, seen, found = norm_key(course.title), {course.description}, []
    for lid in others:
        other = courses.get(lid)
        if other is not None and norm_key(other.title) == title and other.description not in seen:
            seen.add(other.description)
            found.append(other)
    return found
