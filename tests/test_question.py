"""Question analysis: which fields a question asks for, discovery, lecture-id mentions,
title forms, and the reader's span trimming (pure functions, no model)."""

from __future__ import annotations

import pytest

from assistant.labels import states_field
from assistant.ids import id_aliases, id_tokens, without_ids
from assistant.question import (asked_fields, asks_overview, content_words, small_talk, title_keys,
                                without_title)
from assistant.searches import asked_topic, is_discovery
from assistant.turns import asks_leads_to, follows_up, ordinal
from assistant.spans import trim_span


@pytest.mark.parametrize("question, fields", [
    ("자료구조 담당 교수는?", ["instructor"]),
    ("현대문학비평론은 누가 가르쳐?", ["instructor"]),
    ("건축설계1은 몇 학점짜리야?", ["credits"]),
    ("행동경제학 학점 알려줘", ["credits"]),
    ("알고리즘 수업 선수과목이 뭐야?", ["prerequisites"]),
    ("회계감사 수업 들으려면 어떤 과목들 먼저 들어야 해?", ["prerequisites"]),
    ("신호처리 들으려면 뭐 이수해야 돼?", ["prerequisites"]),
    ("자료구조 수업 교재가 뭐야?", ["textbook"]),
    ("데이터베이스 수업 평가 비율 알려줘", ["evaluation"]),
    ("영어음운론 학과 분류 뭐야?", ["department"]),
    ("암벽등반 수업 어느 분야 소속이에요?", ["department"]),
    ("패턴인식 꼭 들어야 되는 필수 과목임?", ["course_type"]),
    ("공학윤리는 무슨 교양 영역으로 들어가?", ["course_type"]), ("글쓰기 교양 영역이 뭐야?", ["course_type"]),
    ("이 과목 어느 영역으로 인정돼?", ["course_type"]), ("집중 TOPIK 수업은 시험 어떤 영역들 다뤄요?", []),
    ("교수님 이메일 알려줘", ["contact"]), ("연락처는?", ["contact"]), ("이메일 쓰는 법 배우는 수업 있어?", []),
    ("미시경제원론 학수번호 뭐야?", ["lecture_id"]),
    ("수업 몇 시에 시작해?", ["schedule"]), ("이론이랑 실습 각각 몇 시간씩이야?", []),  # when, not how long
    ("수업 시간 말고 따로 실습하려면 어디 가?", []), ("교재 말고 참고서는 뭐야?", ["textbook"]),  # set aside
    ("담당 교수 말고 조교는 누구야?", []),
])
def test_a_field_fires_when_the_question_asks_for_it(question: str, fields: list[str]) -> None:
    assert asked_fields(question) == fields


@pytest.mark.parametrize("question", [
    "정준각 교수님 텍스트마이닝 실습 무슨 툴로 해요?",  # names a professor, asks about a tool
    "김민수 교수님 수업 과제 많아?",
    "데이터베이스시스템 교수님 성격 어때?",
    "컴퓨터공학과 전공 수업 있어?",
    "경영학과 재무관리 시험 범위가 어디까지야",
])
def test_a_name_or_field_word_alone_is_not_a_field_question(question: str) -> None:
    assert "instructor" not in asked_fields(question)
    assert "department" not in asked_fields(question)
    assert "course_type" not in asked_fields(question)


@pytest.mark.parametrize("question, expected", [
    ("수영 배울 수 있는 교양 있어?", True),
    ("문학비평 이론을 배우는 수업 있어?", True),
    ("재즈가 메인 주제인 교양 수업 있어?", True),
    ("광고 문구 잘 쓰는 법 배우고 싶어요", True),
    ("환자 돌보는 의료 쪽 수업 들어보고 싶어", True),
    ("3학년 전공필수 뭐 있어?", True),
    ("경영학과 수업 목록", True),
    ("3학년 과목 중에 데이터 관련 있어?", True),
    ("그 과목 어떤 수업이야?", True),  # alone a search; about the course under discussion when there is one
    ("자료구조 수업 교재가 뭐야?", False),
    ("일반화학 족보 구할 수 있는 데 있어?", False),
    ("국제통상프로그래밍 무슨 언어로 배워요?", False),
])
def test_discovery_questions(question: str, expected: bool) -> None:
    assert is_discovery(question) is expected


@pytest.mark.parametrize("question, expected", [
    ("자료구조 수업 있어?", True),
    ("열역학 배우는 수업 뭐야?", True),
    ("심리학 말고 다른 과목 추천해줘", True),
    ("확률론 같은 거 배우고 싶어", True),
    ("확률론은 어떤 학생 대상으로 하는 과목이야?", False),
    ("Understanding International Relations 과제는 어떤 게 있어요?", False),
    ("사회조사방법론 개인 과제 위주야 아니면 조별로 하는 거 있어?", False),
])
def test_with_a_course_named_only_a_request_for_courses_is_a_search(question: str, expected: bool) -> None:
    assert is_discovery(question, named=True) is expected
    assert is_discovery(question)  # without a course named, each reads as a search


def test_lecture_ids_in_any_form() -> None:
    assert id_tokens("운영체제(CSE4070) 강의실 어디야? cor1016도") == ["CSE4070", "COR1016"]
    assert id_tokens("01000001 학점은?") == ["01000001"]
    assert id_tokens("A1 3월 12") == []  # too short to be an id
    assert "COR1016" in id_aliases("COR1016~COR1034") and "COR1034" in id_aliases("COR1016~COR1034")
    assert id_aliases("CSE4070-01") == ["CSE4070-01", "CSE4070"]


def test_title_keys_include_the_parts_of_a_composite_title() -> None:
    assert title_keys("설계방법론(캡스톤디자인)") == ["설계방법론캡스톤디자인", "설계방법론", "캡스톤디자인"]
    assert "국제통상프로그래밍" in title_keys("Computing for International Commerce (국제통상프로그래밍)")
    assert title_keys("수영") == ["수영"]


def test_without_title_drops_the_title_however_it_is_spaced() -> None:
    assert without_title("Intro to Korea thru Literature and Film은 어떤 학생 대상이야?",
                         "Intro to Korea thru Literature and Film").split() == ["은", "어떤", "학생", "대상이야?"]
    assert without_title("사회조사 방법론 수업 있어?", "사회조사방법론(캡스톤디자인)").split() == ["수업", "있어?"]
    assert without_title("자료구조 수업 있어?", "알고리즘") == "자료구조 수업 있어?"  # not there: unchanged


@pytest.mark.parametrize("text, span, expected", [
    ("전력공학\n교재: 전력공학", "전력공학\n교재", "전력공학"),        # runs into the next label
    ("교재: 쉽게 배우는 자료구조\n평가: 중간 30%", "교재: 쉽게 배우는 자료구조", "쉽게 배우는 자료구조"),
    ("(교재) Introduction to Algorithms.", "(교재) Introduction to Algorithms.", "Introduction to Algorithms"),
    ("선수과목:\nCSE2010 자료구조", "선수과목:\nCSE2010 자료구조", "CSE2010 자료구조"),  # label alone on its line
    ("Prerequisite: TIS1005", "Prerequisite: TIS1005", "TIS1005"),
    ("Python 언어를 이용한", "Python 언어", "Python 언어"),
    ("김치, 된장을 만든다", "김치, 된장을", "김치, 된장"),            # a glued particle
    ("작가가 쓴다", "작가", "작가"),                                  # a noun, not a particle
    ("박경리의 <토지>를 읽는다", "박경리의 <토지", "박경리의 <토지>"),    # a bracket closes
    ("플라톤의 『국가』 편", "『국가", "『국가』"),
    ("이론(기초)과 실습", "이론(기초", "이론(기초)"),
    ("소설 <토지>와 <파친코", "소설 <토지>와 <파친코", "소설 <토지>와 <파친코"),  # nothing to close
])
def test_trim_span_keeps_one_line_without_its_label(text: str, span: str, expected: str) -> None:
    start = text.index(span)
    s, e = trim_span(text, start, start + len(span))
    assert text[s:e] == expected


WRAPPED = ("본 과목은 반도체 소자의 동작 원리와 트랜지\n스터 회로의 설계 방법을 다루며 실습을 병행한\n"
           "다.\n교재: 반도체 공학의 기초와 응용 및 실습 (개정\n판)\n1. 다이오드\n2. 트랜지스터")


def test_soft_breaks_are_wraps_not_lines() -> None:
    from assistant.text import readable, soft_breaks

    soft = soft_breaks(WRAPPED)
    assert WRAPPED.index("트랜지\n") + 3 in soft  # a word wrapped across lines
    assert WRAPPED.index("\n교재") not in soft  # a label starts its own line
    assert WRAPPED.index("\n1.") not in soft and WRAPPED.index("\n2.") not in soft  # list items
    assert "트랜지스터 회로" in readable(WRAPPED) and "병행한다." in readable(WRAPPED)
    assert readable("The course covers the physics of semicon-\nductor devices") == \
        "The course covers the physics of semiconductor devices"
    assert readable("a\tb  c") == "a b c"


def test_splitting_keeps_wrapped_words_whole_and_offsets_original() -> None:
    from assistant.split import split_description

    sentences = split_description("L1", WRAPPED)
    assert all(WRAPPED[s.start:s.end] == s.text for s in sentences)
    assert any("트랜지\n스터" in s.text for s in sentences)  # not cut at the wrap
    assert any(s.text.startswith("1.") for s in sentences)  # items stay their own sentences


def test_labelled_values_and_spans_run_across_a_wrap() -> None:
    from assistant.labels import find_labeled

    start, end = find_labeled(WRAPPED, "textbook")
    assert WRAPPED[start:end] == "반도체 공학의 기초와 응용 및 실습 (개정\n판)"
    s, e = trim_span(WRAPPED, WRAPPED.index("트랜지"), WRAPPED.index("회로") + 2)
    assert WRAPPED[s:e] == "트랜지\n스터 회로"  # a soft break does not end a span


@pytest.mark.parametrize("text, value", [
    ("정리한다.『간명한중국철학사』를 기본교재로 하되, 유인물을 배부한다.", "『간명한중국철학사』"),
    ("토론한다. 현대문학사를 주교재로 사용한다.", "현대문학사"),
    ("Campbell Biology를 교재로 한다.", "Campbell Biology"),
])
def test_a_textbook_named_before_its_label_word(text: str, value: str) -> None:
    from assistant.labels import find_labeled

    start, end = find_labeled(text, "textbook")
    assert text[start:end] == value


@pytest.mark.parametrize("question, searched", [
    ("요즘 번아웃 와서 그런지 숲 얘기만 나와도 끌리네요ㅠㅠ 숲에서 몸이랑 마음 회복하는 거 다루는 교양 있을까요?",
     "요즘 번아웃 와서 그런지 숲 얘기만 나와도 끌리네요 숲에서 몸이랑 마음 회복하는 거"),
    ("3D 프린터로 직접 뭐 뽑아보는 수업 있어? ㅋㅋ", "3D 프린터로 직접 뭐 뽑아보는"),
    ("자료구조 교재가 뭐야?", "자료구조 교재가 뭐야?"),  # not a request for courses: kept
    ("수업 있어?", "수업 있어?"),  # nothing would be left: kept
])
def test_search_text_drops_laughter_and_the_closing_request(question: str, searched: str) -> None:
    from assistant.searches import search_text

    assert search_text(question) == searched


@pytest.mark.parametrize("message, expected", [
    ("안녕하세요!", "greeting"), ("ㅎㅇ", "greeting"), ("hi", "greeting"), ("안녕 고마워", "greeting"),
    ("고마워요 ㅎㅎ", "thanks"), ("감사합니다~", "thanks"), ("Thank you!", "thanks"), ("수고하세요", "bye"),
    ("안녕하세요 자료구조 교재 뭐야?", None), ("고마워 근데 선수과목은?", None), ("하이브리드 자동차 수업 있어?", None),
    ("ㅋㅋㅋ", None), ("", None),
])
def test_small_talk_is_the_whole_message_or_nothing(message: str, expected: str | None) -> None:
    assert small_talk(message) == expected


@pytest.mark.parametrize("rest, expected", [
    ("", True), ("은?", True), ("는 어떤 수업이야?", True), ("뭐 하는 과목이야?", True), ("내용 요약해줘", True),
    ("소개해줘", True), ("에 대해 알려줘", True), ("수업 어때?", True), ("무슨 수업이야?", True), ("무슨 과목임?", True),
    ("있어?", True), ("도 있나요?", True),  # "머신러닝 있어?": that course shown
    ("아까 그 과목 다시 알려줘", True), ("다시 보여줘", True),  # the course again
    ("시험 몇 번 봐?", False), ("교재 뭐야?", False), ("과제는 어떤 게 있어요?", False), ("수업 있어?", False),
    ("과제 있어?", False),
    ("어떤 학생 대상으로 하는 과목이야?", False), ("누가 가르쳐?", False),
])
def test_an_overview_asks_only_what_the_course_is(rest: str, expected: bool) -> None:
    assert asks_overview(rest) is expected


COURSE = "식물공장론 인공 광원과 양액으로 작물을 재배하는 식물공장의 원리를 배운다. 조별 실습을 한다."


@pytest.mark.parametrize("question, expected", [
    # about the course under discussion, without pointing at it: nothing named beside a field
    # and how the course runs, or words of that course
    ("몇 학년이야?", True), ("몇 학년 과목이야?", True), ("어느 학과에서 열어?", True), ("강의실 어디야?", True),
    ("광원도 배워?", True), ("실습은?", True), ("팀플 있어?", True), ("난이도는?", True), ("수업 어려워?", True),
    ("과제 많아?", True), ("무슨 언어 써?", True), ("영어로 수업해?", True), ("한국어로 해?", True),
    # words another course has: a new topic; a search; too long to be a follow-up
    ("로봇공학 궁금해", False), ("네트워크 쪽은?", False), ("양자역학도 배워?", False), ("인공지능 윤리 관련 과목", False),
    ("머신러닝 배우고 싶어", False), ("딥러닝 수업 있어?", False),
    ("요즘 인공지능이랑 윤리 문제를 같이 다루는 걸 공부해보고 싶은데 어때?", False),
])
def test_a_follow_up_without_a_pointer(question: str, expected: bool) -> None:
    assert follows_up(question, COURSE) is expected


def test_run_together_request_words_are_no_topic() -> None:
    from assistant.question import content_words

    assert content_words("파이썬 배울수있는 수업 있어?") == content_words("파이썬 수업 추천좀") == ["파이썬"]


@pytest.mark.parametrize("question, title, words", [
    ("컴퓨터시스템개론에서 어셈블리 배워?", "컴퓨터시스템개론", ["어셈블리"]),
    ("국제경영 사례분석 해?", "국제경영", ["사례분석"]),
    ("자료구조 교재 뭐야?", "자료구조", []),
])
def test_topic_words_are_what_is_asked_about_the_course(question: str, title: str, words: list[str]) -> None:
    from assistant.question import topic_words

    assert topic_words(question, title) == words


@pytest.mark.parametrize("question, expected", [
    ("두 번째 거 몇 학년이야?", (2, "몇 학년이야?")), ("2번 과목 교수님은?", (2, "교수님은?")),
    ("마지막 수업 교재는?", (-1, "교재는?")), ("첫번째꺼 학점", (1, "학점")),
    ("과제 몇 번 내?", None), ("이 수업 1번 과제 뭐야?", None), ("두 번 들어도 돼?", None),
    ("3번 몇 학년?", (3, "몇 학년?")), ("3번은 뭐 배워?", (3, "뭐 배워?")), ("퀴즈 3번 봐?", None),
])
def test_an_ordinal_points_at_a_listed_course(question: str, expected) -> None:
    assert ordinal(question) == expected


@pytest.mark.parametrize("question, expected", [
    ("다른 건 없어?", True), ("더 보여줘", True), ("더보여줘", True), ("다음", True), ("더 알려줘", True),
    ("알려줘", False), ("다음 학기에 열려?", False), ("다른 통계 수업은?", False)])
def test_more_courses_asked_for(question: str, expected: bool) -> None:
    from assistant.turns import asks_more

    assert asks_more(question) is expected


@pytest.mark.parametrize("question, expected", [
    ("딥러닝 수업은?", True), ("통계 관련은?", True), ("게임 관련 과목?", True), ("딥러닝 수업 잇나요", True),
    ("그 수업은?", False), ("이 과목은?", False), ("자료구조 교재는?", False)])
def test_a_topic_and_a_course_noun_asks_for_courses(question: str, expected: bool) -> None:
    assert is_discovery(question) is expected


def test_fillers_and_conditions_are_no_topic() -> None:
    assert content_words("아 근데 통계 수업은 뭐 있어?") == ["통계"]
    assert content_words("2학년 전공필수 컴퓨터 수업 뭐있어?") == ["컴퓨터"]
    assert content_words("전필 1학기 수업") == []


@pytest.mark.parametrize("question, fields", [
    ("그거 충북대야 이대야?", ["college"]), ("이거 어느 학교 수업이야?", ["college"]),
    ("그거 전학년 들을 수 있어?", ["year"]), ("1학년도 들을 수 있어?", ["year"]), ("서강대 수업 있어?", [])])
def test_which_university_and_which_year(question: str, fields: list[str]) -> None:
    assert asked_fields(question) == fields


@pytest.mark.parametrize("question, expected", [
    ("그 과목 듣고 나면 뭐 들을 수 있어?", True), ("자료구조 후속 과목은?", True),
    ("SOC2003을 선수과목으로 하는 과목 있어?", True), ("이수한 다음에 들을 과목", True),
    ("심리통계가 선수과목인 수업 있어?", True), ("심리통계 들어야 들을 수 있는 과목은?", True),
    ("자료구조 선수과목은?", False), ("자료구조 들으려면 뭐 먼저 들어야 해?", False), ("선수과목이 뭐야?", False)])
def test_which_courses_a_course_opens(question: str, expected: bool) -> None:
    assert asks_leads_to(question) is expected


def test_a_code_written_apart_is_one_token() -> None:
    assert id_tokens("CSE 4070 뭐야? cse-3081 선수과목 2024년") == ["CSE4070", "CSE3081", "2024"]
    assert without_ids("CSE 4070이 뭐야", {"CSE4070"}).split() == ["이", "뭐야"]
    assert id_aliases("03000642") == ["03000642", "3000642"] and id_aliases("0100") == ["0100"]


@pytest.mark.parametrize("context, field, expected", [
    ("수강 전에 미적분학을 먼저 이수할 것", "prerequisites", True), ("통계 기초 지식이 필요하다", "prerequisites", True),
    ("분류, 추정, 군집 분석을 배운다", "prerequisites", False), ("Cormen의 책을 읽는다", "textbook", True),
    ("알고리즘을 설계한다", "textbook", False), ("중간고사 30%", "evaluation", True), ("아무 말", "instructor", True)])
def test_a_span_stands_where_the_description_speaks_of_its_field(context: str, field: str, expected: bool) -> None:
    assert states_field(context, field) is expected


@pytest.mark.parametrize("question, topic", [
    ("볼링 수업도 있어?", "볼링"),
    ("남미 여행 가려고 스페인어 배우고 싶은데 강의 있어요?", "스페인어"),
    ("골프 배울 수 있는 체육 교양 있어?", "골프"),
    ("나만의 향수 만드는 조향 수업 같은 거 있나요?", "조향"),
    ("배우는 수업 있어?", None),  # no word before the request
    ("그런 수업 있어?", None),  # a pointer, no topic
    ("지진이 왜 생기는지 배우는 수업 있어?", None),  # a verb's form, not a noun
    ("무대에 올려보는 수업 있어?", None),
    ("학점 받으면서 배울 수 있는 거", None),
    ("미술 쪽에서 배우는 수업", None),
    ("볼링 치는 수업 있어요?", "볼링"), ("바둑 두는 법 가르쳐주는 수업 있어?", "바둑"),  # a verb of doing it
    ("웹툰 그리는 거 배우는 과목 있나요?", "웹툰"),
    ("야외에서 하룻밤 안전하게 보내는 법 배우는 수업", None), ("팔로 박자 잡아주며 이끄는 법 배우는 수업", None),
    ("한국말 가르치는 법 배우는 수업", None),  # a long verb of its own: the topic is not the noun before it
])
def test_the_word_a_request_for_courses_is_about(question: str, topic: str | None) -> None:
    assert asked_topic(question) == topic


@pytest.mark.parametrize("question, topic, kind", [
    ("낚시 기술 가르쳐주는 수업 있어?", "기술", "낚시"), ("향초 만들고 싶은데 캔들 공예 수업 있어?", "공예", "캔들"),
    ("공예 수업 있어?", "공예", None), ("취업 준비하려는데 도움 되는 수업", "도움", None),
    ("2학년 컴퓨터 수업 있어?", "컴퓨터", None),  # a condition glued to a number, no kind ("직접 공예 해보는 수업", "공예", None), ("만드는 공예 수업", "공예", None),
])
def test_the_kind_of_a_topic_is_the_bare_noun_before_it(question: str, topic: str, kind: str | None) -> None:
    from assistant.searches import topic_kind

    assert topic_kind(question, topic) == kind


def test_a_request_for_courses_besides_one() -> None:
    from assistant.searches import asks_besides

    assert asks_besides("운영체제 말고 다른 과목 추천해줘", "운영체제")
    assert asks_besides("자료 구조는 빼고 비슷한 수업 있어?", "자료구조")
    assert asks_besides("그 과목 말고 다른 수업 있어?")  # the course under discussion
    assert not asks_besides("운영체제 수업 있어?", "운영체제")
    assert not asks_besides("말고 다른 수업 있어?", "운영체제")  # not written
    assert not asks_besides("다른 수업 있어?")


def test_two_syllable_nouns_ending_like_a_particle_are_words() -> None:
    assert content_words("요가 수업 있어?") == ["요가"]
    assert content_words("지도 만드는 수업") == ["지도", "만드"]
    assert content_words("국가 정책 배우는 수업") == ["국가", "정책"]
    for generic in ("책이 뭐야?", "책은 뭐야?", "뭐가 있어?", "제가 듣고 싶은", "누가 가르쳐?"):
        assert content_words(generic) == [], generic  # a generic noun and its particle, a question word


def test_a_title_with_brackets_is_found_whole() -> None:
    from assistant.question import title_span

    assert title_span("수영(자유형) 어떤 수업이야?", "수영(자유형)") == (0, 7)  # the closing bracket too
    assert without_title("수영(자유형) 어떤 수업이야?", "수영(자유형)").strip() == "어떤 수업이야?"
    assert title_span("운영체제(cse4070) 어떤 수업", "운영체제") == (0, 4)
    assert title_keys("유기화학 1") == ["유기화학1", "유기화학"]  # read as "유기화학(I)" is
    assert title_keys("기초프랑스어1") == ["기초프랑스어1"]


@pytest.mark.parametrize("question, expected", [
    ("딥러닝도 배워?", True), ("팀플 있어?", True), ("무슨 언어 써?", False), ("교재 뭐야?", False),
    ("어떤 책으로 배우는 수업이야?", False), ("시험 언제 봐?", False)])
def test_a_yes_or_no_has_no_question_word(question: str, expected: bool) -> None:
    from assistant.searches import asks_yes_or_no

    assert asks_yes_or_no(question) is expected


@pytest.mark.parametrize("question, expected", [
    ("뇌정보처리 수업 파이썬으로 해도 돼? 파이썬도 가르쳐줘?", "파이썬"), ("데이터시각화 R도 써? R로 과제 해도 되나", "R"),
    ("운영체제 C언어 쓰나요?", "C언어"), ("통계학 SPSS로 해도 괜찮아?", "SPSS"), ("데이터마이닝 Python 활용해요?", "Python"),
    ("자료구조 과제 해도 돼?", None), ("데이터시각화 무슨 언어 써?", None), ("어셈블리 배워?", None),
    ("팀플 있어?", None), ("결정광학에서 교재 말고 따로 활용하는 자료 있어?", None), ("영화 보고 감상문 써야 돼?", None),
    ("동물산업경영학 실습 때 엑셀 같은 프로그램 써?", None), ("첨단교통시스템 수업에서 쓰는 소프트웨어 있어?", None)])
def test_a_tool_asked_about_by_a_verb_of_using_it(question: str, expected: str | None) -> None:
    from assistant.searches import asks_uses

    assert asks_uses(question) == expected


@pytest.mark.parametrize("question, expected", [
    ("운영체제 이번 학기 열려?", True), ("다음 학기에 머신러닝 수업 개설돼?", True), ("운영체제 열려?", False),
    ("이번 학기 교재 뭐야?", False)])
def test_a_term_asked_of_an_offering(question: str, expected: bool) -> None:
    from assistant.searches import asks_when_offered

    assert asks_when_offered(question) is expected


def test_a_latin_name_is_written_only_as_a_whole_word() -> None:
    from assistant.wording import writes_word

    assert writes_word("R 프로그램을 이용하여 분석한다", "R") and writes_word("데이터 분석(R, Python)", "r")
    assert not writes_word("React로 웹 앱을 만든다", "R") and not writes_word("C++ 언어", "C")
    assert writes_word("ＭＡＴＬＡＢ을 활용한다", "MATLAB")  # width aside
    assert writes_word("파이썬을 사용하여", "파이썬") and not writes_word("자바스크립트", "파이썬")
