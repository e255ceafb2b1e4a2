"""CourseResolver.resolve: which course a question is about, from its words and the
conversation (pure logic over catalog rows: no store, no model)."""

from __future__ import annotations

import pytest

from assistant.records import Answer, Course, Hit, Resolution
from assistant.resolve import CORE_FIELDS, CourseResolver
from assistant.store import Filters

COURSES = [
    Course("CSE2010", "자료구조", "컴퓨터공학과", "김교수", 3.0, "전공필수", "리스트, 스택, 큐와 트리를 배운다."),
    Course("CSE3080", "알고리즘", "컴퓨터공학과", "이교수", 3.0, "전공선택", "정렬과 그래프 탐색을 배운다."),
    Course("MEC3001", "유체역학", "기계공학과", "박교수", 3.0, "전공", "유체의 운동과 베르누이 방정식을 다룬다."),
    Course("ENV3001", "유체역학", "환경공학과", "최교수", 2.0, "전공", "하천과 관로의 흐름을 다룬다."),
    Course("KOR4021", "현대문학비평론", "국어국문학과", "", 3.0, "교양", "문학비평 이론을 읽고 토론한다."),
]


@pytest.fixture()
def resolver() -> CourseResolver:
    return CourseResolver({c.lecture_id: c for c in COURSES})


def said(resolver: CourseResolver, lecture_id: str, resolved: str = "", courses: tuple[str, ...] = ()) -> Answer:
    """An earlier answer of the conversation about ``lecture_id`` (listing ``courses``)."""
    hits = tuple(Hit(resolver.courses[i], 1.0, (), 0, 0) for i in courses)
    return Answer(resolved, resolved, "lookup" if courses else "field", "…", courses=hits,
                  focus_lecture_id=lecture_id)


def test_a_bare_lecture_id_asks_for_the_catalog_row(resolver: CourseResolver) -> None:
    r = resolver.resolve("CSE2010")
    assert isinstance(r, Resolution)
    assert (r.target, r.fields, r.lecture_ids, r.discovery) == ("CSE2010", CORE_FIELDS, ("CSE2010",), False)
    assert resolver.resolve("CSE2010 교수님 누구야?").fields == ("instructor",)


def test_a_title_names_the_course_and_alone_asks_what_it_is(resolver: CourseResolver) -> None:
    asked = resolver.resolve("자료구조 교재가 뭐야?")
    assert (asked.target, asked.question, asked.fields, asked.overview) == ("CSE2010", "자료구조 교재가 뭐야?",
                                                                            ("textbook",), False)
    assert resolver.resolve("자료구조는 어떤 수업이야?").overview
    assert resolver.resolve("자료구조").overview


def test_a_search_has_no_target(resolver: CourseResolver) -> None:
    r = resolver.resolve("문학 비평 배우는 수업 있어?")
    assert r.target is None and r.discovery and r.titles == ()


def test_a_follow_up_takes_the_course_under_discussion(resolver: CourseResolver) -> None:
    history = [said(resolver, "CSE2010", "자료구조 교재가 뭐야?")]
    pointer = resolver.resolve("그 과목 교수는?", history)
    assert (pointer.target, pointer.question, pointer.fields) == ("CSE2010", "자료구조 교수는?", ("instructor",))
    assert resolver.resolve("몇 학점이야?", history).target == "CSE2010"  # generic: no pointer needed
    assert resolver.resolve("스택도 배워?", history).target == "CSE2010"  # a word of its description
    assert resolver.resolve("몇 학점이야?").target is None  # no conversation: no course


def test_a_bare_title_asks_the_previous_question_of_that_course(resolver: CourseResolver) -> None:
    history = [said(resolver, "CSE2010", "자료구조 교재가 뭐야?")]
    r = resolver.resolve("알고리즘은?", history)
    assert (r.target, r.question, r.fields) == ("CSE3080", "알고리즘 교재가 뭐야?", ("textbook",))


def test_an_ordinal_points_into_the_last_list(resolver: CourseResolver) -> None:
    history = [said(resolver, "CSE2010", "컴퓨터 수업 있어?", courses=("CSE2010", "CSE3080", "KOR4021"))]
    second = resolver.resolve("두 번째 거 몇 학점이야?", history)
    assert (second.target, second.fields, second.pointed[0]) == ("CSE3080", ("credits",), 2)
    last = resolver.resolve("마지막 건?", history)
    assert last.target == "KOR4021" and last.overview
    assert resolver.resolve("두 번째 거 몇 학점이야?").target is None  # no list


def test_namesakes_unless_the_department_tells_them_apart(resolver: CourseResolver) -> None:
    both = resolver.resolve("유체역학 몇 학점이야?")
    assert both.target == "MEC3001" and [c.lecture_id for c in both.namesakes] == ["ENV3001"]
    env = resolver.resolve("환경공학과 유체역학 몇 학점이야?")
    assert env.target == "ENV3001" and env.namesakes == ()


def test_a_course_the_filters_exclude_is_not_named(resolver: CourseResolver) -> None:
    r = resolver.resolve("유체역학 몇 학점이야?", filters=Filters(credits=(2.0,)))
    assert r.target == "ENV3001" and r.titles == ("ENV3001",) and r.named == ("MEC3001", "ENV3001")
