"""CourseResolver.resolve: which course a question is about, from its words and the
conversation (pure logic over catalog rows: no store, no model)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.records import Answer, Citation, Course, Hit, Resolution
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


@pytest.mark.parametrize("question", ["강의번호 CSE2010 과목은 어떤 언어로 배워?", "학수번호 CSE2010 수업 과제 많아?"])
def test_a_lecture_id_written_after_its_label_names_the_course_it_does_not_ask_for_it(
        resolver: CourseResolver, question: str) -> None:
    r = resolver.resolve(question)
    assert (r.target, r.fields) == ("CSE2010", ())  # read, not answered "자료구조의 강의번호는 CSE2010입니다"
    assert resolver.resolve("자료구조 강의번호 뭐야?").fields == ("lecture_id",)


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


def test_more_and_narrowing_ask_the_last_search_again(resolver: CourseResolver) -> None:
    listing = said(resolver, "CSE2010", "컴퓨터 수업 있어?", courses=("CSE2010", "CSE3080"))
    more = resolver.resolve("다른 건 없어?", [listing])
    assert (more.again, more.question, more.shown, more.narrow) == (True, "컴퓨터 수업 있어?",
                                                                     ("CSE2010", "CSE3080"), None)
    second = said(resolver, "KOR4021", "컴퓨터 수업 있어?", courses=("KOR4021",))
    assert resolver.resolve("또 있어?", [listing, second]).shown == ("CSE2010", "CSE3080", "KOR4021")
    narrowed = resolver.resolve("그 중에 교양은?", [listing])
    assert (narrowed.again, narrowed.question, narrowed.narrow) == (True, "컴퓨터 수업 있어?", ("교양",))
    assert resolver.resolve("그 중에 3학점짜리는?", [listing]).narrow == ("3학점",)
    assert resolver.resolve("그 중에 컴퓨터공학과 거는?", [listing]).narrow == ("컴퓨터공학",)


def test_a_narrowed_list_narrowed_again_or_continued_keeps_its_narrowing(resolver: CourseResolver) -> None:
    listing = said(resolver, "CSE2010", "컴퓨터 수업 있어?", courses=("CSE2010", "CSE3080"))
    narrowed = replace(said(resolver, "CSE2010", "컴퓨터 수업 있어?", courses=("CSE2010",)), narrowed=("교양",))
    again = resolver.resolve("그 중에 3학점짜리는?", [listing, narrowed])
    assert (again.narrow, again.more) == (("교양", "3학점"), False)
    more = resolver.resolve("더 보여줘", [listing, narrowed])  # more of the narrowed list
    assert (more.narrow, more.more, more.shown) == (("교양",), True, ("CSE2010", "CSE3080"))
    assert resolver.resolve("더 보여줘", [listing]).narrow is None  # a list not narrowed
    assert resolver.resolve("그 중에 3학점짜리는?", [narrowed, listing]).narrow == ("3학점",)  # the last list was not


def test_a_list_is_still_there_after_a_question_about_one_of_its_courses(resolver: CourseResolver) -> None:
    listing = said(resolver, "CSE2010", "컴퓨터 수업 있어?", courses=("CSE2010", "CSE3080"))
    about_one = said(resolver, "CSE3080", "알고리즘 몇 학년이야?", courses=("CSE3080",))
    r = resolver.resolve("그 중에 교양은?", [listing, about_one])
    assert (r.again, r.question, r.shown, r.narrow) == (True, "컴퓨터 수업 있어?", ("CSE2010", "CSE3080"), ("교양",))
    assert resolver.resolve("더 보여줘", [listing, about_one]).question == "컴퓨터 수업 있어?"


def test_a_narrowing_of_the_same_kind_replaces_the_earlier_one(resolver: CourseResolver) -> None:
    listing = said(resolver, "CSE2010", "컴퓨터 수업 있어?", courses=("CSE2010", "CSE3080"))
    narrowed = replace(said(resolver, "CSE2010", "컴퓨터 수업 있어?", courses=("CSE2010",)), narrowed=("3학점", "교양"))
    assert resolver.resolve("그 중에 2학점짜리는?", [listing, narrowed]).narrow == ("교양", "2학점")
    search = resolver.resolve("컴퓨터공학과 3학점 그래프 탐색 수업 있어?")
    first = said(resolver, "CSE3080", search.question, courses=("CSE3080",))
    again = resolver.resolve("그 중에 2학점짜리는?", [first])  # the search's own 3학점 gives way too
    assert again.narrow == ("2학점",) and again.conditions == ("컴퓨터공학과",)


def test_others_than_that_after_a_list_are_more_of_it(resolver: CourseResolver) -> None:
    listing = said(resolver, "CSE2010", "컴퓨터 수업 있어?", courses=("CSE2010", "CSE3080"))
    r = resolver.resolve("그거 말고 다른 거", [listing])
    assert (r.again, r.more, r.besides, r.question) == (True, True, None, "컴퓨터 수업 있어?")
    one = said(resolver, "CSE2010", "자료구조 교재가 뭐야?", courses=("CSE2010",))
    assert resolver.resolve("그거 말고 다른 거", [one]).besides == "CSE2010"  # after one course: others like it


def test_a_title_after_a_list_narrows_it(resolver: CourseResolver) -> None:
    listing = said(resolver, "CSE2010", "컴퓨터 수업 있어?", courses=("CSE2010", "CSE3080"))
    r = resolver.resolve("그 중에 알고리즘은?", [listing])  # its courses of 알고리즘, not the course itself
    assert (r.again, r.target, r.narrow) == (True, None, ("알고리즘",))
    assert resolver.resolve("그 중에 알고리즘은?").target == "CSE3080"  # no list: the course


def test_a_search_carries_its_conditions_and_what_to_search_with(resolver: CourseResolver) -> None:
    r = resolver.resolve("컴퓨터공학과 3학점 그래프 탐색 수업 있어?")
    assert set(r.conditions) == {"컴퓨터공학과", "3학점"} and r.search == "그래프 탐색"
    unknown = resolver.resolve("2학년 그래프 탐색 수업 있어?")  # no course has a year: said, not searched for
    assert unknown.unknown == ("학년",) and unknown.search == "그래프 탐색"
    listing = said(resolver, "CSE3080", r.question, courses=("CSE3080",))
    more = resolver.resolve("더 보여줘", [listing])  # asked again: the earlier search's conditions
    assert more.more and set(more.conditions) == {"컴퓨터공학과", "3학점"} and more.search == "그래프 탐색"


def test_more_without_a_search_to_add_to(resolver: CourseResolver) -> None:
    lonely = resolver.resolve("다른 건 없어?")
    assert lonely.again and lonely.shown == () and lonely.narrow is None
    about_one = said(resolver, "CSE2010", "자료구조 교재가 뭐야?", courses=("CSE2010",))
    assert resolver.resolve("다른 건 없어?", [about_one]).shown == ()  # a named course: no search
    among = resolver.resolve("그 중에 2학년 과목은?", [about_one])  # no list to narrow
    assert among.again and among.shown == () and among.narrow is None


@pytest.mark.parametrize("question", ["수업 중에 발표 있어?", "중국어 수업 있어?", "자료구조 말고 다른 건?",
                                      "또 파이썬 수업 있어?"])
def test_not_a_request_for_more_or_a_narrowing(resolver: CourseResolver, question: str) -> None:
    listing = said(resolver, "CSE2010", "컴퓨터 수업 있어?", courses=("CSE2010", "CSE3080"))
    r = resolver.resolve(question, [listing])
    assert not r.again and r.question == question


def test_a_catalog_term_narrows_by_the_catalog_row_a_topic_by_the_text() -> None:
    major = Course("M1", "교양과 전공 사이", "철학과", "", 3.0, "전공선택", "교양 교육의 역사를 다룬다.")
    general = Course("G1", "논리와 사고", "교양학부", "", 2.0, "교양필수", "논증을 분석한다.")
    bare = Course("B1", "윤리학", "철학과", "", None, "", "교양 있는 삶과 덕을 다룬다.")
    r = CourseResolver({c.lecture_id: c for c in (major, general, bare)})
    assert r.terms.narrowing("교양은?") == ("교양",)
    assert [c.lecture_id for c in (major, general, bare) if r.terms.fits(c, ("교양",))] == ["G1"]  # the type, not the text
    assert r.terms.fits(major, ("역사",)) and not r.terms.fits(general, ("역사",))  # a topic: the text
    online = Course("O1", "설계실습", "건축학과", "", 3.0, "전공선택", "설계를 익힌다.", extra=(("method", "실습"),))
    lecture = Course("O2", "건축사", "건축학과", "", 3.0, "전공선택", "건축의 역사와 답사 실습을 다룬다.")
    both = CourseResolver({c.lecture_id: c for c in (online, lecture)})
    assert both.terms.fits(online, ("실습",)) and both.terms.fits(lecture, ("실습",))  # a column's value, or the text
    latin = Course("L1", "딥러닝", "컴퓨터공학과", "", 3.0, "전공선택", "AI 모델의 training을 다룬다.")
    assert r.terms.fits(latin, ("ai",)) and not r.terms.fits(latin, ("rain",))  # Latin letters: whole words
    assert r.terms.narrowing("2학점짜리는?") == ("2학점",) and r.terms.fits(general, ("2학점",))
    assert r.terms.narrowing("3학년 수업은?") == ()  # no year column: nothing to narrow by …
    assert r.terms.conditions("3학년 수업은?") == ((), ("학년",))  # … and the chat says the catalog has none
    untyped = CourseResolver({"B1": bare})
    assert untyped.terms.narrowing("교양은?") == () and untyped.terms.narrowing("3학점짜리는?") == ()
    assert untyped.terms.conditions("교양은? 3학점짜리는?")[1] == ("이수구분(교양·전공)", "학점")


def test_a_catalog_column_is_a_field_and_its_short_values_narrow() -> None:
    online = Course("W1", "웹디자인", "미술학과", "", 3.0, "전공", "웹 페이지를 만든다.", (("비고", "온라인"),))
    onsite = Course("W2", "판화", "미술학과", "", 3.0, "전공", "판화 기법을 익힌다.", (("비고", "대면"),))
    r = CourseResolver({c.lecture_id: c for c in (online, onsite)})
    assert r.columns == ["비고"]
    assert r.resolve("웹디자인 비고 뭐야?").fields == ("비고",)
    history = [said(r, "W1", "웹디자인 학점은?")]
    assert (r.resolve("비고는?", history).target, r.resolve("비고는?", history).fields) == ("W1", ("비고",))
    assert r.terms.narrowing("온라인 수업은?") == ("온라인",) and r.terms.fits(online, ("온라인",)) and not r.terms.fits(onsite, ("온라인",))


def test_a_follow_up_naming_another_department_takes_its_course_of_the_title(resolver: CourseResolver) -> None:
    history = [said(resolver, "MEC3001", "유체역학 몇 학점이야?")]
    switched = resolver.resolve("환경공학과 거는?", history)
    assert (switched.target, switched.fields) == ("ENV3001", ("credits",))  # the same question, there
    asked = resolver.resolve("환경공학과 거는 누가 가르쳐?", history)
    assert (asked.target, asked.fields) == ("ENV3001", ("instructor",))
    assert resolver.resolve("기계공학과 거는?", history).target != "ENV3001"  # the focus's own: no switch


def test_what_a_course_teaches_asked_after_it_is_an_overview(resolver: CourseResolver) -> None:
    history = [said(resolver, "CSE2010", "자료구조 교재가 뭐야?")]
    for question in ("그 과목 뭐 배워?", "뭐 배워?", "무슨 내용이야?"):
        r = resolver.resolve(question, history)
        assert r.target == "CSE2010" and r.overview, question
    assert resolver.resolve("자료구조 수업 뭐 배우는데", history).overview
    assert not resolver.resolve("스택도 배워?", history).overview


def test_a_department_cell_that_names_nothing_is_no_term() -> None:
    heading = Course("H1", "자료구조", "전공", "", 3.0, "", "스택과 큐를 배운다.")  # a handbook's section heading
    r = CourseResolver({"H1": heading})
    assert r.terms.narrowing("전공은?") == ()


def test_an_ordinal_points_into_a_list_of_one(resolver: CourseResolver) -> None:
    longer = said(resolver, "CSE2010", "컴퓨터 수업 있어?", courses=("CSE2010", "CSE3080"))
    narrowed = said(resolver, "CSE3080", "컴퓨터 수업 있어?", courses=("CSE3080",))
    assert resolver.resolve("첫 번째 거 몇 학점이야?", [longer, narrowed]).target == "CSE3080"
    shown = Answer("자료구조", "자료구조", "lookup", "…", citations=(Citation(COURSES[4], ("KOR4021",)),),
                   courses=(Hit(COURSES[4], 0.0, (), 0, 0),), focus_lecture_id="KOR4021")  # one course shown
    assert resolver.resolve("첫 번째 거 몇 학점이야?", [longer, shown]).target == "CSE2010"


def test_a_lecture_id_written_apart_or_without_its_leading_zero() -> None:
    courses = [Course("CSE4070", "운영체제", "컴퓨터공학과", "", 3.0, "", "프로세스를 배운다."),
               Course("03000642", "컴퓨터구조", "컴퓨터공학과", "", 3.0, "", "CPU를 배운다.")]
    r = CourseResolver({c.lecture_id: c for c in courses})
    assert r.resolve("CSE 4070 뭐야?").target == "CSE4070"
    assert r.resolve("cse-4070 학점").target == "CSE4070"
    assert r.resolve("3000642 몇 학점?").target == "03000642"  # a spreadsheet ate the zero
    assert r.resolve("CSE 4071 뭐야?").target is None


def test_which_courses_name_a_course_as_their_prerequisite() -> None:
    courses = [Course("SOC2003", "사회조사방법론", "사회학과", "", 3.0, "", "조사를 설계한다."),
               Course("SOC2004", "사회통계학", "사회학과", "", 3.0, "", "통계를 배운다.",
                      extra=(("prerequisites", "SOC2003"),)),
               Course("SOC3000", "고급사회조사방법론", "사회학과", "", 3.0, "", "심화 과정이다."),
               Course("SOC4000", "조사실습", "사회학과", "", 3.0, "", "선수과목: 고급사회조사방법론"),
               Course("SOC4001", "현장연구", "사회학과", "", 3.0, "", "선수과목: 사회조사방법론 또는 통계"),
               Course("GSC4001", "현장연구", "사회학과", "", 3.0, "", "선수과목: 사회조사방법론 또는 통계")]  # listed twice
    r = CourseResolver({c.lecture_id: c for c in courses})
    assert r.prerequisites.leads_to("SOC2003") == [("SOC2004", "SOC2003"),  # by id, and by title in a label line
                                     ("SOC4001", "사회조사방법론 또는 통계")]
    assert r.prerequisites.leads_to("SOC3000") == [("SOC4000", "고급사회조사방법론")]  # "고급사회조사방법론" is not 사회조사방법론
    assert r.prerequisites.of("SOC4001") == "사회조사방법론 또는 통계"
    asked = r.resolve("사회조사방법론 듣고 나면 뭐 들을 수 있어?")
    assert (asked.target, asked.leads_to, asked.fields, asked.discovery) == ("SOC2003", True, (), False)
    assert r.resolve("SOC2003을 선수과목으로 하는 과목 있어?").leads_to
    assert not r.resolve("사회통계학 선수과목 뭐야?").leads_to
    assert r.code_titles("SOC2003 또는 SOC9999") == {"SOC2003": "사회조사방법론"}
    bare = CourseResolver({c.lecture_id: c for c in courses[:1]})
    assert bare.prerequisites.leads_to("SOC2003") is None  # the catalog states no prerequisite at all


def test_a_search_sets_conditions_of_the_catalogs_kinds() -> None:
    courses = [Course("A1", "수영", "체육학과", "", 1.0, "교양선택", "자유형을 배운다.", extra=(("college", "가대학교"), ("year", "1-1"))),
               Course("B1", "농구", "체육학과", "", 2.0, "전필", "드리블을 배운다.", extra=(("college", "나여자대학교"), ("year", "2-2")))]
    r = CourseResolver({c.lecture_id: c for c in courses})
    assert r.resolve("1학점짜리 체육 수업 있어?").conditions == ("1학점",)
    assert r.resolve("전필 중에 운동 수업 있어?").conditions == ("전공필수",)
    assert r.resolve("나여대 2학년 운동 수업 있어?").conditions == ("나여대", "2학년")
    assert r.terms.fits(courses[1], ["전공필수", "나여대", "2학년", "2학점"]) and not r.terms.fits(courses[0], ["전공필수"])
    assert not r.terms.fits(courses[0], ["5학점"])  # a value no course has: met by none, not read from the text
    assert r.terms.without_conditions("1학점짜리 체육 수업 있어?") == "체육 수업 있어?"
    assert r.terms.without_conditions("나여대 전필 체육 수업") == "전필 체육 수업"
    sogang_like = CourseResolver({c.lecture_id: c for c in COURSES[:2]})  # types, credits; no year
    r2 = sogang_like.resolve("2학년 자료 수업 있어?")
    assert (r2.conditions, r2.unknown) == ((), ("학년",))


def test_an_ordinal_past_the_list_points_at_nothing(resolver: CourseResolver) -> None:
    history = [said(resolver, "CSE2010", "트리 수업 있어?", courses=("CSE2010", "CSE3080"))]
    assert CourseResolver.last_list(history) == ("CSE2010", "CSE3080")
    assert resolver.listed(history, 2) == "CSE3080" and resolver.listed(history, 6) is None
    r = resolver.resolve("여섯 번째 거는?", history)
    assert r.pointed is not None and r.pointed[0] == 6 and r.target is None


@pytest.mark.parametrize("question, joined", [
    ("자료구조랑 알고리즘 학점 알려줘", ("CSE2010", "CSE3080")),
    ("알고리즘, 자료구조 교수님 누구야?", ("CSE3080", "CSE2010")),  # in the order written
    ("자료구조와 알고리즘 vs 현대문학비평론", ("CSE2010", "CSE3080", "KOR4021")),
    ("자료구조 vs 알고리즘 차이가 뭐야?", ("CSE2010", "CSE3080")),
    ("자료구조 듣고 알고리즘 들어도 돼?", ()),  # named apart: not asked together
    ("자료구조랑 알고리즘 수업 있어?", ()),  # a search
])
def test_titles_joined_are_asked_about_together(resolver: CourseResolver, question: str, joined: tuple) -> None:
    r = resolver.resolve(question)
    assert ((r.target,) + r.joined if r.joined else ()) == joined


def test_a_title_inside_another_written_once_is_not_two_courses() -> None:
    courses = [Course("PSY3009", "사회심리학", "심리학과", "", 3.0, "", "사회 속 인간을 배운다."),
               Course("SOC3003", "사회심리학(캡스톤디자인)", "사회학과", "", 3.0, "", "조사를 설계한다.")]
    r = CourseResolver({c.lecture_id: c for c in courses}).resolve("사회심리학 시험 몇 번 봐요?")
    assert r.joined == () and r.target == "PSY3009"


def test_prerequisites_followed_back_level_by_level() -> None:
    courses = [Course("CSE101", "프로그래밍기초", "컴퓨터공학과", "", 3.0, "", "변수를 배운다."),
               Course("CSE102", "자료구조", "컴퓨터공학과", "", 3.0, "", "선수과목: CSE101"),
               Course("MAT101", "이산수학", "수학과", "", 3.0, "", "선수과목: 운영체제"),  # a loop back
               Course("CSE103", "알고리즘", "컴퓨터공학과", "", 3.0, "", "선수과목: 자료구조, MAT101"),
               Course("CSE104", "운영체제", "컴퓨터공학과", "", 3.0, "", "선수과목: CSE103")]
    r = CourseResolver({c.lecture_id: c for c in courses})
    levels = r.prerequisites.chain("CSE104")  # by id and by title; 운영체제 not again
    assert [sorted(level) for level in levels] == [["CSE103"], ["CSE102", "MAT101"], ["CSE101"]]
    assert r.prerequisites.chain("CSE104", depth=1) == [["CSE103"]]
    assert r.prerequisites.chain("CSE101") == []


def test_a_search_names_a_department_of_the_catalog_by_its_whole_name() -> None:
    courses = [Course("E1", "경제학", "일반사회교육과", "", 3.0, "전공", "경제학의 기본 원리를 배운다."),
               Course("E2", "미시경제", "경제학부", "", 3.0, "전공필수", "소비자 이론을 배운다.", extra=(("year", "2-1"),)),
               Course("H1", "한국사", "사학과", "", 3.0, "교양", "한국의 역사를 배운다.")]
    r = CourseResolver({c.lecture_id: c for c in courses})
    asked = r.resolve("경제학과 수업 뭐 있어?")  # the catalog writes 경제학부: another ending of it
    assert asked.conditions == ("경제학과",) and r.terms.department_names(asked.conditions) == ("경제학부",)
    assert asked.titles == () and asked.target is None  # the department, not the course 경제학
    assert r.terms.fits(courses[1], ["경제학과"]) and not r.terms.fits(courses[0], ["경제학과"])
    assert r.resolve("경제학부 2학년 전공필수 뭐 있어?").conditions == ("경제학부", "2학년", "전공필수")
    assert r.terms.without_conditions("경제학부 소비자 수업 있어?") == "소비자 수업 있어?"
    assert r.resolve("경제학 수업 있어?").conditions == ()  # a topic (and a title), no department
    assert r.resolve("경제학 수업 있어?").titles == ("E1",)
    for topic in ("사과 재배 수업 있어?", "교육과 관련된 수업 있어?"):  # "과" of a word, "과" as "and"
        assert r.resolve(topic).conditions == ()
    assert r.resolve("사학과 수업 목록").conditions == ("사학과",)
    topic = CourseResolver({"P1": Course("P1", "국제기구론", "국제관계", "", 3.0, "", "국제기구를 배운다.")})
    assert topic.resolve("국제관계 수업 있어?").conditions == ()  # no department's ending: a topic


def test_that_course_asked_what_it_is_is_not_a_search(resolver: CourseResolver) -> None:
    history = [said(resolver, "CSE2010", "자료구조 몇 학점이야?")]
    r = resolver.resolve("그 과목 어떤 수업이야?", history)
    assert (r.target, r.overview, r.discovery) == ("CSE2010", True, False)
    besides = resolver.resolve("그 과목 말고 다른 수업 있어?", history)  # courses like it: a search
    assert (besides.target, besides.besides, besides.discovery) == (None, "CSE2010", True)
    assert besides.question == "자료구조 말고 다른 수업 있어?"


@pytest.mark.parametrize("question, left_out", [
    ("알고리즘 말고 다른 과목 추천해줘", "CSE3080"),  # a title before 말고
    ("알고리즘 대신 들을 만한 거 있어?", "CSE3080"),
    ("알고리즘 듣는데 이거 말고 다른 컴퓨터 과목 있어?", "CSE3080"),  # the title the pointer follows
    ("그거 말고 다른 알고리즘 수업 있어?", "CSE2010"),  # the course under discussion
])
def test_courses_besides_one_are_a_search_without_it(resolver: CourseResolver, question: str, left_out: str) -> None:
    r = resolver.resolve(question, [said(resolver, "CSE2010", "자료구조 몇 학점이야?")])
    assert (r.besides, r.target, r.discovery, r.titles) == (left_out, None, True, ())
    assert resolver.resolve("알고리즘 수업 있어?").besides is None


def test_a_department_and_nothing_else_lists_its_courses_however_asked() -> None:
    courses = [Course("C1", "유기화학", "화학과", "", 3.0, "전공필수", "유기 반응을 배운다.", extra=(("college", "부산대학교"),)),
               Course("C2", "물리화학", "화학부", "", 3.0, "전공필수", "열역학을 배운다.", extra=(("college", "서울대학교"),)),
               Course("E1", "회로이론", "전기·정보공학부", "", 3.0, "전공필수", "회로를 배운다.", extra=(("college", "서울대학교"),))]
    r = CourseResolver({c.lecture_id: c for c in courses})
    for question in ("화학과 과목 목록 좀", "화학과 전공필수 뭐야", "부산대 화학과 전필", "화학과 과목 보여줘"):
        asked = r.resolve(question)
        assert asked.discovery and asked.target is None and asked.fields == (), question
        assert r.terms.department_names(asked.conditions) == ("화학과",), question  # 화학부 is another department
    assert r.terms.department_names(r.resolve("화학전공 과목 뭐 있어?").conditions) == ("화학과", "화학부")  # neither
    for written in ("전기·정보공학부 전필 뭐 있어?", "전기정보공학부 전필 뭐 있어?"):
        assert r.terms.department_names(r.resolve(written).conditions) == ("전기·정보공학부",)
    assert not r.resolve("화학과 유기 반응 실험 있어?").titles  # a topic beside it: a search
    one = CourseResolver({"C1": courses[0]})  # one university: its name is still no topic
    assert one.resolve("부산대 화학과 과목 뭐 있어?").conditions == ("부산대", "화학과")


def test_a_title_with_a_number_and_the_places_a_question_names() -> None:
    courses = [Course("P1", "유기화학(I)", "유기소재시스템공학과", "", 3.0, "", "유기 반응.", extra=(("college", "부산대학교"),)),
               Course("S1", "유기화학 1", "화학생물공학부", "", 3.0, "", "탄소 화합물.", extra=(("college", "서울대학교"),)),
               Course("S2", "유기화학 1", "화학부", "", 3.0, "", "탄소 화합물의 화학.", extra=(("college", "서울대학교"),))]
    r = CourseResolver({c.lecture_id: c for c in courses})
    assert set(r.resolve("유기화학 몇 학점이야?").named) == {"P1", "S1", "S2"}  # "유기화학 1" is 유기화학 as (I) is
    asked = r.resolve("서울대 화학부 유기화학 있어?")  # two places of S2's, one of S1's
    assert (asked.target, asked.overview) == ("S2", True)  # shown: 서울대 and 화학부 are where it is taught
