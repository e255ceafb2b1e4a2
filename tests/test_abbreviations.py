"""Shortened course names ("운체" for 운영체제): which shortenings a title admits, which words
of a question are read as one, and how a question with one is resolved (no store, no model)."""

from __future__ import annotations

import pytest

from assistant.abbreviations import Abbreviations, meant, shortenings, spell_out
from assistant.records import Course
from assistant.resolve import CourseResolver

COURSES = [
    Course("CSE3001", "운영체제", "컴퓨터공학과", "", 3.0, "전공", "프로세스와 메모리 관리를 배운다."),
    Course("CSE3002", "운영체제입문", "컴퓨터공학과", "", 2.0, "전공", "컴퓨터 운영의 기초를 배운다."),
    Course("CSE2001", "컴퓨터구조", "컴퓨터공학과", "", 3.0, "전공", "컴퓨터의 명령어와 파이프라인을 배운다."),
    Course("MAT2001", "선형대수학", "수학과", "", 3.0, "전공", "행렬과 벡터공간을 배운다."),
    Course("PHY1001", "일반물리학I", "물리학과", "", 3.0, "교양", "역학과 열을 배운다."),
    Course("PHY1002", "일반물리학II", "물리학과", "", 3.0, "교양", "전자기와 광학을 배운다."),
    Course("BIO1001", "일반생물학", "생명과학과", "", 3.0, "교양", "세포와 유전을 배운다. 여행 일정도 짠다."),
    Course("TOU1001", "가상현실관광", "관광학과", "", 3.0, "교양", "가상 관광 체험을 설계한다."),
]
BY_ID = {c.lecture_id: c for c in COURSES}


@pytest.mark.parametrize("title, short", [
    ("운영체제", "운체"), ("운영체제입문", "운체"), ("선형대수학", "선대"), ("일반물리학", "일물"),
    ("컴퓨터구조", "컴구"),  # "컴퓨터": a word of three syllables the catalog writes
    ("컴퓨터네트워크", "컴네"), ("문학비평이론", "문비이"),
    ("신호및시스템", "신시"), ("소프트웨어공학", "소공"),  # "및" passed over; a word of five the catalog writes
])
def test_a_title_shortens_to_the_first_syllable_of_each_word(title: str, short: str) -> None:
    assert short in shortenings(title, {"컴퓨터", "네트워크", "소프트웨어"})


def test_a_word_of_three_syllables_counts_only_when_the_catalog_writes_it() -> None:
    assert "컴구" not in shortenings("컴퓨터구조", set())  # 컴퓨 + 터구조 gives 컴터
    assert "일물" not in shortenings("일반생물학", {"컴퓨터"})  # "일반생" is no word: 일반 + 생물학 is 일생
    assert shortenings("운영", set()) == set()  # one word: nothing to shorten


@pytest.fixture()
def abbreviations() -> Abbreviations:
    return Abbreviations(BY_ID)


def test_a_shortening_names_its_courses_shortest_title_first(abbreviations: Abbreviations) -> None:
    assert abbreviations.find("운체 몇 학점이야?") == ("운체", ("CSE3001", "CSE3002"))
    assert abbreviations.find("컴구랑 선대 중에 뭐가 어려워?") == ("컴구", ("CSE2001",))  # 선대: a shortening too
    assert abbreviations.find("컴구 행렬 벡터공간 어려워?") is None  # two words 컴퓨터구조 lacks: says more
    assert abbreviations.find("중회2 선수과목 있어?") is None and abbreviations.find("일물2 몇 학점?") == (
        "일물2", ("PHY1002",))  # a number keeps the title of that number
    assert abbreviations.find("운체 몇 학년이야?") == ("운체", ("CSE3001", "CSE3002"))  # asked of it, not in it
    assert abbreviations.find("선대 수업 있어?") == ("선대", ("MAT2001",))
    assert abbreviations.find("일물 교재 뭐야?") == ("일물", ("PHY1001", "PHY1002"))


def test_a_word_the_catalog_writes_or_a_question_saying_more_is_no_shortening(abbreviations: Abbreviations) -> None:
    assert abbreviations.find("가현 여행 일정 수업 있어?") is None  # 가상현실관광 holds neither word
    assert abbreviations.find("가현 체험 설계해?") == ("가현", ("TOU1001",))
    assert abbreviations.find("운영 수업 있어?") is None  # "운영" is written in the catalog
    assert abbreviations.find("운체 행렬 벡터공간 배워?") is None  # no 운영체제 course holds 행렬 or 벡터공간
    assert abbreviations.find("운체 행렬 배워?") == ("운체", ("CSE3001", "CSE3002"))  # one word it lacks may slip by
    assert abbreviations.find("운체에서 메모리 관리 배워?") == ("운체", ("CSE3001",))


def test_one_title_and_those_running_on_from_it_mean_that_title() -> None:
    assert meant(("CSE3001", "CSE3002"), BY_ID) == "CSE3001"  # 운영체제, 운영체제입문
    assert meant(("PHY1001", "PHY1002"), BY_ID) is None  # I and II are two courses
    assert meant(("MAT2001",), BY_ID) == "MAT2001"
    assert spell_out("운체 몇 학점?", "운체", "운영체제") == "운영체제 몇 학점?"


def test_the_resolver_spells_a_shortening_out_or_asks_back() -> None:
    resolver = CourseResolver(BY_ID)
    r = resolver.resolve("운체 몇 학점이야?")
    assert (r.target, r.fields, r.question, r.spelled) == ("CSE3001", ("credits",), "운영체제 몇 학점이야?",
                                                          (("운체", "CSE3001"),))
    both = resolver.resolve("일물 몇 학점이야?")
    assert (both.target, both.shortened) == (None, ("일물", ("PHY1001", "PHY1002")))
    assert resolver.resolve("운영체제 몇 학점이야?").spelled == ()  # the title itself
    two = resolver.resolve("운체랑 컴구, 선대 학점 알려줘")  # each spelled out, asked together
    assert two.spelled == (("운체", "CSE3001"), ("컴구", "CSE2001"), ("선대", "MAT2001"))
    assert (two.target, two.joined) == ("CSE3001", ("CSE2001", "MAT2001"))
    beside = resolver.resolve("선형대수학이랑 컴구 학점")  # beside a title it names
    assert beside.spelled == (("컴구", "CSE2001"),) and beside.joined == ("CSE2001",)
    own = resolver.resolve("선형대수학 가현 있어?")  # not joined to the title: a word of its own
    assert own.spelled == () and own.target == "MAT2001"


def test_a_title_mistyped_by_one_syllable_is_read_and_said() -> None:
    resolver = CourseResolver(BY_ID)
    r = resolver.resolve("운영채제 몇 학점이야?")
    assert (r.target, r.question, r.spelled) == ("CSE3001", "운영체제 몇 학점이야?", (("운영채제", "CSE3001"),))
    assert resolver.resolve("선형대스학은 뭐 배워?").target == "MAT2001"  # a particle after it
    assert resolver.abbreviations.misspelled("일반물리학III 몇 학점?") is None  # no Hangul word one off
    assert resolver.abbreviations.misspelled("일반생몰학 배워?") == ("일반생몰학", "일반생물학")
    assert resolver.abbreviations.misspelled("컴퓨타구존 배워?") is None  # two off
    assert resolver.abbreviations.misspelled("관광체험 수업") is None  # a word no title is one off
    assert resolver.abbreviations.misspelled("컴퓨터명령어 배워?") is None  # written by the catalog
