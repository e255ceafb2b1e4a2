"""CourseBrowser: the courses of a scope with no topic ("경제학부 2학년 전공필수 뭐 있어?", or a
department chosen in the UI's filters), listed in catalog order and continued by "더 보여줘"
(pure logic over catalog rows: the hits are made from them, no store, no model)."""

from __future__ import annotations

from assistant.browse import CourseBrowser
from assistant.records import Course, Hit
from assistant.store import Filters
from assistant.terms import CatalogTerms


def _course(lid: str, title: str, dept: str, ctype: str, year: str, text: str = "") -> Course:
    return Course(lid, title, dept, "", 3.0, ctype, text or f"{title}의 원리와 응용을 한 학기 동안 배우는 과목이다.",
                  extra=(("year", year),))


COURSES = [_course("E4", "계량경제학", "경제학부", "전공선택", "3-1"),
           _course("E2", "미시경제", "경제학부", "전공필수", "2-1"),
           _course("E3", "거시경제", "경제학부", "전공필수", "2-2"),
           _course("E1", "경제학원론", "경제학부", "전공필수", "1-1"),
           _course("E5", "경제사", "경제학부", "교양", "1-2"),
           _course("P1", "일반물리학", "경제학부", "교양", "1-1", "역학과 열을 배운다."),
           _course("P2", "일반물리학", "물리학과", "교양", "1-1", "역학과 열을 배운다."),  # a section elsewhere
           _course("H1", "한국사", "사학과", "교양", "1-1")]
BY_ID = {c.lecture_id: c for c in COURSES}


def _hit(lid: str) -> Hit:  # as CourseAnswers.course_hit: the course read whole, with its sections
    course = BY_ID[lid]
    sections = tuple(i for i, c in BY_ID.items() if (c.title, c.description) == (course.title, course.description))
    return Hit(course, 0.0, (), 0, len(course.description), sections)


def browser(max_listed: int = 3) -> CourseBrowser:
    return CourseBrowser(BY_ID, CatalogTerms(COURSES), _hit, max_listed)


def test_a_named_department_scopes_the_search_and_filters_chosen_win() -> None:
    b = browser()
    assert b.scope(("경제학과",), None) == Filters(departments=("경제학부",))
    chosen = Filters(departments=("사학과",))
    assert b.scope(("경제학과",), chosen) is chosen
    assert b.scope(("2학년",), None) is None


def test_the_scope_listed_in_catalog_order_and_continued() -> None:
    b = browser()
    scope = b.scope(("경제학부",), None)
    first = b.run("경제학부 수업 뭐 있어?", "경제학부 수업 뭐 있어?", ("경제학부",), scope)
    assert first.kind == "lookup" and [h.course.lecture_id for h in first.courses] == ["E1", "P1", "E5"]
    assert first.message.startswith("경제학부 과목은 6개예요 (학년·과목명 순, 앞의 3개):")
    assert first.courses[1].lecture_ids == ("P1",)  # its section of the scope, not 물리학과's
    assert "더 보여줘" in first.message
    shown = [i for h in first.courses for i in h.lecture_ids]
    more = b.run("더 보여줘", "경제학부 수업 뭐 있어?", ("경제학부",), scope, shown=shown)
    assert [h.course.lecture_id for h in more.courses] == ["E2", "E3", "E4"]
    assert more.message.startswith("경제학부 과목, 이어서 3개예요:")
    shown += [h.course.lecture_id for h in more.courses]
    done = b.run("더 보여줘", "경제학부 수업 뭐 있어?", ("경제학부",), scope, shown=shown)
    assert done.kind == "none" and done.message == "앞에서 말한 과목 말고는 경제학부 과목이 더 없어요."


def test_conditions_and_a_course_type_narrow_the_scope() -> None:
    b = browser()
    conditions = ("경제학부", "2학년", "전공필수")
    answer = b.run("q", "q", conditions, b.scope(conditions, None))
    assert [h.course.lecture_id for h in answer.courses] == ["E2", "E3"]
    assert answer.message.startswith("경제학부 2학년 전공필수 과목은 2개예요 (학년·과목명 순):")
    untyped = b.run("q", "q", ("사학과", "전공필수"), b.scope(("사학과",), None))  # no such type there: all listed
    assert [h.course.lecture_id for h in untyped.courses] == ["H1"]
    assert untyped.message.startswith("전공필수 과목은 없어서, 이수구분 없이 보여 드려요.\n사학과 과목은 1개예요")
    nothing = b.run("q", "q", ("사학과", "3학년"), b.scope(("사학과",), None))
    assert nothing.kind == "none" and nothing.message == "사학과 3학년 과목을 이 카탈로그에서 찾지 못했습니다."


def test_a_department_chosen_in_the_filters_names_the_list() -> None:
    b = browser()
    answer = b.run("수업 뭐 있어?", "수업 뭐 있어?", (), Filters(departments=("사학과",)))
    assert answer.message.startswith("사학과 과목은 1개예요") and answer.focus_lecture_id == "H1"
