"""Unit tests for assistant.ask: validation, catalog fields, follow-ups, spans, lookups,
no-answer and broken-index paths, on the tiny catalog with a fake embedder and reader."""

from __future__ import annotations

import shutil
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant.ask import MAX_QUESTION_CHARS, Assistant, Relevance, asked_fields, content_words, refers_back
from assistant.errors import ModelLoadError
from assistant import lists, reply
from assistant.question import bare_mention
from assistant.wording import particle
from assistant.settings import Settings
from assistant.store import Filters

from ask_fakes import FakeReader, fake_assistant
from conftest import CATALOG_HEADER, TINY_COURSES, build_catalog

ROWS = {r[0]: r for r in TINY_COURSES}


def ids_of(title: str) -> list[str]:
    return sorted(r[0] for r in TINY_COURSES if r[1] == title)


def row_of(title: str) -> tuple[str, ...]:
    return ROWS[ids_of(title)[0]]


DS_IDS = ids_of("자료구조")


@pytest.fixture
def make_assistant(tiny_built: Settings):
    made: list[Assistant] = []

    def make(reader: object = "fake", settings: Settings = tiny_built, **kwargs: object) -> Assistant:
        made.append(fake_assistant(settings, reader, **kwargs))
        return made[-1]

    yield make
    for a in made:
        a.store.close()


@pytest.fixture
def assistant(make_assistant) -> Assistant:
    return make_assistant()


# ----------------------------------------------------------------------------- validation


@pytest.mark.parametrize("question", ["", "   ", "\n\t ", None])
def test_empty_question_is_an_error_in_korean(assistant: Assistant, question) -> None:
    answer = assistant.ask(question)
    assert answer.kind == "error"
    assert answer.message == "질문을 입력해 주세요."
    assert not answer.confident


def test_too_long_question_is_refused_without_retrieval(assistant: Assistant) -> None:
    calls = []
    original = assistant.retriever.run
    assistant.retriever.run = lambda *a, **k: calls.append(a) or original(*a, **k)  # type: ignore[method-assign]
    question = "자료구조 교재가 뭐야? " * 1000  # ~13,000 characters
    started = time.perf_counter()
    answer = assistant.ask(question)
    assert time.perf_counter() - started < 1.0
    assert answer.kind == "error"
    assert f"{MAX_QUESTION_CHARS:,}자" in answer.message and "너무 깁니다" in answer.message
    assert calls == []
    assert not [c for c in assistant.retriever.embedder.calls if c[1]]  # no query embedded


def test_question_at_the_limit_is_answered(assistant: Assistant) -> None:
    question = ("자료구조 교재가 뭐야?" + " " * MAX_QUESTION_CHARS)[:MAX_QUESTION_CHARS - 1] + "?"
    assert len(question) == MAX_QUESTION_CHARS
    assert assistant.ask(question).kind == "span"


@pytest.mark.parametrize("question", ["😀🎉👍", "??!!", "ㅋㅋㅋㅋ", "…… ^^"])
def test_no_words_asks_for_words(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.kind == "error"
    assert "글자로 입력" in answer.message


def test_english_question_runs_and_suggests_korean_when_unsure(assistant: Assistant) -> None:
    answer = assistant.ask("Is there a course about quantum gravity?")
    assert answer.kind in {"none", "lookup"}
    assert "한국어로 질문" in answer.message


def test_english_question_with_answer_is_not_rejected(assistant: Assistant) -> None:
    answer = assistant.ask("Who teaches 자료구조?")
    assert answer.kind == "field"


# ----------------------------------------------------------------------------- catalog fields


def test_instructor_lists_each_section(assistant: Assistant) -> None:
    answer = assistant.ask("자료구조 담당 교수는 누구야?")
    assert answer.kind == "field" and answer.confident
    for lid in DS_IDS:
        assert lid in answer.message
        assert ROWS[lid][3] in answer.message
    (citation,) = answer.citations
    assert citation.sentence is None
    assert sorted(citation.lecture_ids) == DS_IDS
    assert answer.focus_lecture_id in DS_IDS


def test_single_instructor_message_format(assistant: Assistant) -> None:
    lid, title, _, instructor, *_ = row_of("회계원리")
    answer = assistant.ask(f"{title}은 누가 가르쳐?")
    assert answer.kind == "field"
    assert answer.message == f"{title}({lid})의 담당 교수는 {instructor}입니다."


@pytest.mark.parametrize("question, column", [
    ("경영학원론은 몇 학점이야?", 4),
    ("경영학원론 개설 학과는?", 2),
    ("경영학원론은 전공이야 교양이야?", 5),
    ("경영학원론 이수구분 알려줘", 5),
    ("경영학원론 강의번호 알려줘", 0),
    ("경영학원론 학수번호가 뭐야?", 0),
])
def test_field_answers(assistant: Assistant, question: str, column: int) -> None:
    row = row_of("경영학원론")
    answer = assistant.ask(question)
    assert answer.kind == "field"
    expected = f"{float(row[4]):g}학점" if column == 4 else row[column]
    assert expected in answer.message
    assert answer.citations[0].course.lecture_id == row[0]
    assert answer.focus_lecture_id == row[0]


def test_bare_lecture_id_shows_the_catalog_row(assistant: Assistant) -> None:
    row = row_of("회계원리")
    answer = assistant.ask(row[0])
    assert answer.kind == "field"
    assert row[1] in answer.message and row[3] in answer.message and row[2] in answer.message


@pytest.mark.parametrize("rest", ["", " 뭐야?", " 알려줘", " 어떤 과목이야?", " 수업 있어?", "이 뭐야?", "은?",
                                  " 무슨 수업이야?", " 소개해줘", " 회계원리", "(회계원리) 어떤 강의예요?"])
def test_lecture_id_with_nothing_asked_shows_the_catalog_row(assistant: Assistant, rest: str) -> None:
    row = row_of("회계원리")
    answer = assistant.ask(f"{row[0]}{rest}")  # "…이 뭐야?": a particle glued to the id
    assert answer.kind == "field" and row[3] in answer.message  # a search shape does not turn it into a lookup
    assert answer.focus_lecture_id == row[0]
    assert row[6][:30] in answer.message  # and what the course is: its description's opening


def test_a_column_of_the_catalogs_own_can_be_asked_for(tmp_path: Path, make_assistant) -> None:
    """A column the chat has no name for ("비고") is answered from, under its header, by title,
    lecture id or follow-up, beside known fields; a course without a value is told so."""
    from conftest import CATALOG_HEADER, build_catalog

    rows = [("K1001", "현대비평교육론", "국어교육과", "", "3", "전공선택", "현대 비평의 흐름을 배운다.", "온라인"),
            ("K1002", "양자역학", "물리학과", "", "3", "전공선택", "각운동량과 스핀을 배운다.", ""),
            ("K1003", "차량공학", "기계공학과", "", "2", "전공선택", "차량의 구조를 배운다.", "온라인")]
    a = make_assistant(settings=build_catalog(tmp_path, rows, header=[*CATALOG_HEADER, "비고"]))
    first = a.ask("현대비평교육론 비고 뭐야?")
    assert first.kind == "field" and "비고는 온라인" in first.message and first.answer_text == "온라인"
    assert a.ask("비고는?", history=[a.ask("차량공학 학점은?")]).focus_lecture_id == "K1003"
    both = a.ask("차량공학 학점이랑 비고 알려줘")
    assert "2학점" in both.message and "온라인" in both.message
    lacking = a.ask("양자역학 비고는?")
    assert lacking.kind == "none" and "비고 정보가 없습니다" in lacking.message
    assert a.ask("비고는?").kind == "none"  # no course: which one?


def test_a_lecture_ids_row_shows_what_it_has_without_naming_what_it_lacks(tmp_path: Path, make_assistant) -> None:
    from conftest import build_catalog

    rows = [("X1001", "세미나", "", "", "", "", "주제를 정해 발표하고 토론한다.")]
    bare = make_assistant(settings=build_catalog(tmp_path, rows))
    answer = bare.ask("X1001")
    assert answer.kind == "field" and "X1001" in answer.message and "주제를 정해 발표하고" in answer.message
    assert "없습니다" not in answer.message


def test_lecture_id_with_a_question_of_its_own_is_read(assistant: Assistant) -> None:
    question = f"{DS_IDS[0]} 수업에서 쓰는 책 이름이 뭐지"  # no field, no content word, still a question
    assert not asked_fields(question) and not content_words(question.split(" ", 1)[1])
    answer = assistant.ask(question)
    assert answer.kind == "span" and answer.spans[0].text == "Introduction to Algorithms"
    assert answer.citations[0].course.lecture_id == DS_IDS[0]


@pytest.mark.parametrize(("rest", "bare"), [
    ("", True), ("뭐야?", True), ("은?", True), ("어떤 과목이야?", True),
    ("누가 수강할 수 있어요?", False), ("수업에서 쓰는 책 이름이 뭐지", False), ("자료구조", False),
    ("시험 몇 번 봐?", False), ("언제야?", False),
])
def test_bare_mention(rest: str, bare: bool) -> None:
    assert bare_mention(rest) is bare


def test_field_detection() -> None:
    assert asked_fields("담당 교수님이 누구야?") == ["instructor"]
    assert asked_fields("몇 학점이고 어느 학과 과목이야?") == ["credits", "department"]
    assert asked_fields("교수법을 배우는 수업") == []
    assert asked_fields("전공필수야?") == ["course_type"]
    assert asked_fields("자료구조 정원 몇 명이야?") == asked_fields("이 수업 몇 명 들어?") == ["capacity"]
    # a group's size is not the course's seats: it is read from the description
    for group in ("IMC캠페인실습 그룹은 몇 명씩 짜여?", "팀플 몇 명이서 해?", "한 조에 몇 명이야?", "조는 몇 명이야?",
                  "프로젝트 인원 몇 명이야?"):
        assert "capacity" not in asked_fields(group), group
    assert asked_fields("팀 프로젝트 하는 수업인데 정원은 몇 명이야?") == ["capacity"]
    # fields listed together are asked together; a field word beside no other is not
    assert asked_fields("학점이랑 학과 알려줘") == asked_fields("학과랑 학점") == ["credits", "department"]
    assert asked_fields("학점, 학과, 이수구분 알려줘") == ["credits", "department", "course_type"]
    assert asked_fields("교수님이랑 상담하는 수업 학점은?") == ["credits"]
    assert asked_fields("퀴즈 언제 봐?") == asked_fields("개강 언제야?") == ["exam_date"]


# ----------------------------------------------------------------------------- spans


def test_span_answer_cites_sentence_and_offsets(assistant: Assistant) -> None:
    answer = assistant.ask("자료구조 교재가 뭐야?")
    assert answer.kind == "span" and answer.confident
    span = answer.spans[0]
    assert span.text == "Introduction to Algorithms"
    citation = answer.citations[0]
    assert citation.sentence is not None and citation.sentence.id == span.sentence_id
    assert citation.sentence.text[citation.span_start:citation.span_end] == span.text
    assert citation.course.description[span.start:span.end] == span.text
    assert sorted(citation.lecture_ids) == DS_IDS
    assert answer.focus_lecture_id == citation.course.lecture_id
    assert "자료구조" in answer.message and span.text in answer.message
    assert any(lid in answer.message for lid in DS_IDS)
    assert all(not set(DS_IDS) & set(h.lecture_ids) for h in answer.courses)  # others only


def test_span_keeps_catalog_text_verbatim(assistant: Assistant) -> None:
    answer = assistant.ask("현대문학비평론 교재는?")
    assert answer.kind == "span"
    assert answer.spans[0].text == "<현대문학사>"  # the UI escapes; the record is verbatim


# ----------------------------------------------------------------------------- follow-ups


def test_follow_up_from_answer_history(assistant: Assistant) -> None:
    first = assistant.ask("자료구조 교재가 뭐야?")
    second = assistant.ask("담당 교수는?", history=[first])
    assert second.kind == "field"
    assert second.resolved_question.startswith("자료구조")
    assert second.focus_lecture_id == first.focus_lecture_id
    third = assistant.ask("그 과목 교재는?", history=[first, second])
    assert third.resolved_question == "자료구조 교재는?"
    assert third.kind == "span" and third.spans[0].text == "Introduction to Algorithms"


@pytest.mark.parametrize("follow_up", ["그 수업 몇 학점이야?", "이 과목 학점은?", "거기 학점은?", "학점은?"])
def test_follow_up_phrasings(assistant: Assistant, follow_up: str) -> None:
    first = assistant.ask("회계원리 교재가 뭐야?")
    answer = assistant.ask(follow_up, history=[first])
    assert answer.kind == "field"
    assert answer.resolved_question.startswith("회계원리")
    assert f"{float(row_of('회계원리')[4]):g}학점" in answer.message


def test_follow_up_from_gradio_pairs(assistant: Assistant) -> None:
    first = assistant.ask("자료구조 교재가 뭐야?")
    answer = assistant.ask("선수 과목은?", history=[("자료구조 교재가 뭐야?", first.message)])
    assert answer.resolved_question.startswith("자료구조")
    assert answer.focus_lecture_id in DS_IDS


def test_follow_up_from_gradio_messages_with_rendered_text(assistant: Assistant) -> None:
    lid = row_of("회계원리")[0]
    history = [
        {"role": "user", "content": [{"type": "text", "text": "회계원리 알려줘"}]},
        {"role": "assistant", "content": [{"type": "text", "text": f"<div>회계원리 <code>{lid}</code></div>"}]},
    ]
    answer = assistant.ask("담당 교수는?", history=history)
    assert answer.kind == "field" and answer.focus_lecture_id == lid


@pytest.mark.parametrize("follow_up, kind, says", [
    ("팀플 있어?", "none", "강의설명에서 이 질문의 답을 찾지 못했습니다"),
    ("몇 학년 과목이야?", "none", "학년 정보가 없습니다"),
    ("강의실 어디야?", "none", "강의실 정보가 없습니다"),
    ("어느 학과에서 열어?", "field", "컴퓨터공학과"),
])
def test_a_follow_up_without_a_pointer_stays_with_the_course(make_assistant, follow_up: str, kind: str,
                                                             says: str) -> None:
    """"팀플 있어?" after a question about 자료구조 asks about 자료구조, even where a search for
    its words would call some other course a match."""
    lenient = make_assistant(relevance=Relevance(match_z=-100.0))
    first = lenient.ask("자료구조 교재가 뭐야?")
    answer = lenient.ask(follow_up, history=[first])
    assert answer.kind == kind and says in answer.message and "자료구조" in answer.message
    assert answer.focus_lecture_id in DS_IDS and answer.courses == ()


def test_an_ordinal_points_at_a_course_of_the_last_list(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0))  # every hit listed
    listing = lenient.ask("컴퓨터 수업 있어?")
    assert listing.kind == "lookup" and len(listing.courses) >= 3
    second, last = listing.courses[1].course, listing.courses[-1].course
    credits = lenient.ask("두 번째 거 몇 학점이야?", history=[listing])
    assert credits.kind == "field" and credits.focus_lecture_id == second.lecture_id
    assert f"{second.credits:g}학점" in credits.message
    shown = lenient.ask("마지막 건?", history=[listing, credits])  # the list is still the last one
    assert shown.kind == "lookup" and shown.focus_lecture_id == last.lecture_id
    assert lenient.ask("두 번째 거 몇 학점이야?").kind == "none"  # no list: which course?


def lecture_ids_of(answer) -> set[str]:
    return {i for h in answer.courses for i in h.lecture_ids}


def test_more_courses_for_the_last_search(make_assistant) -> None:
    """"다른 건 없어?" lists the last search's courses not listed yet, turn after turn."""
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0), max_listed=2)
    listing = lenient.ask("컴퓨터 수업 있어?")
    more = lenient.ask("다른 건 없어?", history=[listing])
    assert more.kind == "lookup" and more.message.startswith("앞에서 말한 과목 말고도")
    assert more.resolved_question == listing.resolved_question
    assert lecture_ids_of(more) and not lecture_ids_of(more) & lecture_ids_of(listing)
    third = lenient.ask("또 뭐 있어?", history=[listing, more])
    assert not lecture_ids_of(third) & (lecture_ids_of(listing) | lecture_ids_of(more))
    assert lenient.ask("더 보여줘").message == f"{reply.MSG_NO_LIST} {reply.MSG_NEED_TOPIC}"  # nothing to add to


def test_no_more_courses_is_said_plainly(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0), max_listed=10, top_k=10)
    listing = lenient.ask("컴퓨터 수업 있어?")  # every course of the catalog listed
    more = lenient.ask("다른 건 없어?", history=[listing])
    assert more.kind == "none" and "말고는" in more.message and more.courses == ()


@pytest.mark.parametrize("narrowing, course_type, credits", [
    ("그 중에 전공필수는?", "전공필수", None), ("그 중에 교양은?", "교양", None), ("그 중에 2학점짜리는?", None, 2.0)])
def test_the_last_list_narrowed_by_a_catalog_term(make_assistant, narrowing: str, course_type: str | None,
                                                  credits: float | None) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0))
    listing = lenient.ask("컴퓨터 수업 있어?")
    narrowed = lenient.ask(narrowing, history=[listing])
    assert narrowed.kind == "lookup" and narrowed.resolved_question == listing.resolved_question
    for hit in narrowed.courses:
        assert (course_type is None or course_type in hit.course.course_type) \
            and (credits is None or hit.course.credits == credits)
    fitting = {r[0] for r in TINY_COURSES if (course_type or "?") in r[5] or (credits and float(r[4]) == credits)}
    listed = fitting & lecture_ids_of(listing)  # the listed courses that fit come first, alone
    assert lecture_ids_of(narrowed) == (listed or fitting)
    assert narrowed.message.startswith("그 중에는" if listed else "앞의 목록에는 없지만")


def test_a_narrowing_narrowed_again_and_continued(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0), max_listed=1, top_k=10)
    listing = lenient.ask("컴퓨터 수업 있어?")
    required = lenient.ask("그 중에 전공필수는?", history=[listing])
    assert required.kind == "lookup" and required.narrowed == ("전공필수",)
    third = lenient.ask("그 중에 3학점짜리는?", history=[listing, required])  # both narrowings hold
    assert third.narrowed == ("전공필수", "3학점") and all(
        h.course.course_type == "전공필수" and h.course.credits == 3.0 for h in third.courses)
    more = lenient.ask("더 보여줘", history=[listing, required])  # more of the required courses
    assert more.kind == "lookup" and more.narrowed == ("전공필수",)
    assert lecture_ids_of(more) and not lecture_ids_of(more) & (lecture_ids_of(listing) | lecture_ids_of(required))
    assert all(h.course.course_type == "전공필수" for h in more.courses)
    none = lenient.ask("그 중에 파이썬 쓰는 거는?", history=[listing, required])  # 머신러닝입문 is not required
    assert none.kind == "none" and "'전공필수', '파이썬'" in none.message


def test_more_of_a_search_in_a_department_stays_in_it(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0), max_listed=2, top_k=10)
    listing = lenient.ask("컴퓨터공학과 웹 보안 실습 수업 있어?")
    assert [h.course.department for h in listing.courses] == ["컴퓨터공학과"] * 2
    more = lenient.ask("더 보여줘", history=[listing])
    assert more.kind == "lookup" and more.courses
    assert {h.course.department for h in more.courses} == {"컴퓨터공학과"}


def test_a_narrowing_beyond_the_list_says_so(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0), max_listed=1)
    listing = lenient.ask("자료구조 배우는 수업 있어?")
    assert listing.courses[0].course.title == "자료구조"
    narrowed = lenient.ask("그 중에 교양은?", history=[listing])
    assert narrowed.message.startswith("앞의 목록에는 없지만") and lecture_ids_of(narrowed) == {"3120250001"}


def test_a_narrowing_nothing_fits_or_the_catalog_cannot_tell(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0))
    listing = lenient.ask("컴퓨터 수업 있어?")
    none = lenient.ask("그 중에 5학점 수업은?", history=[listing])
    assert none.kind == "none" and "앞에서 찾은 과목 중 '5학점'" in none.message
    unknown = lenient.ask("그 중에 5학년 수업은?", history=[listing])  # no year column
    assert unknown.kind == "none" and unknown.message.startswith("이 카탈로그에는 학년 정보가 없어서")
    vague = lenient.ask("그 중에 뭐 들을까?", history=[listing])
    assert vague.kind == "none" and "좁힐 조건을 찾지 못했어요" in vague.message
    latin = lenient.ask("그 중에 AI 쓰는 거는?", history=[listing])  # matched in lower case, said as written
    assert latin.kind == "none" and "'AI'" in latin.message and "'ai'" not in latin.message


@pytest.mark.parametrize("turn", ["머신러닝 배우고 싶어", "보안은?", "웹 보안 관련 과목"])
def test_a_search_or_another_thing_after_a_course_is_not_about_it(make_assistant, turn: str) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0))
    first = lenient.ask("자료구조 교재가 뭐야?")
    answer = lenient.ask(turn, history=[first])
    assert answer.focus_lecture_id not in DS_IDS and not answer.message.startswith("자료구조")


def test_a_title_written_as_a_department_is_not_the_course_named(tmp_path: Path, make_assistant) -> None:
    """"환경공학과 유체역학" names 유체역학 of 환경공학과, not the course 환경공학."""
    from conftest import build_catalog

    rows = [("E1", "환경공학", "환경공학과", "", "3", "전공", "환경 문제의 공학적 해결을 다룬다."),
            ("F1", "유체역학", "환경공학과", "", "2", "전공", "유체의 정역학과 동역학을 배운다."),
            ("F2", "유체역학", "기계공학과", "", "3", "전공", "점성 유동과 난류를 배운다.")]
    a = make_assistant(settings=build_catalog(tmp_path, rows))
    fluid = a.ask("환경공학과 유체역학 몇 학점이야?")
    assert fluid.kind == "field" and fluid.focus_lecture_id == "F1" and "2학점" in fluid.message
    assert a.ask("환경공학 몇 학점이야?").focus_lecture_id == "E1"
    assert a.ask("유체역학 환경공학과꺼 이수구분 뭐야?").focus_lecture_id == "F1"
    overview = a.ask("환경공학과 유체역학")  # nothing asked of it but where it is taught: the course shown
    assert overview.kind == "lookup" and overview.focus_lecture_id == "F1" and "정역학" in overview.message


def test_a_word_asked_about_a_named_course_is_quoted_where_the_description_says_it(assistant: Assistant) -> None:
    """No confident span (the fake reader finds textbooks only), but one sentence of 자료구조
    holds what is asked about: it is quoted, as what the description says, and cited."""
    answer = assistant.ask("자료구조 시간 복잡도도 배워?")
    assert answer.kind == "span" and answer.focus_lecture_id in DS_IDS
    assert answer.answer_text == "각 자료구조의 시간 복잡도를 분석한다." and "콕 집은 답은 찾지 못했지만" in answer.message
    citation = answer.citations[0]
    assert citation.sentence.text[citation.span_start:citation.span_end] == answer.answer_text
    # words the description does not hold together, nothing asked about, or a word most
    # courses use (배운다: 5 of the 7 descriptions): not quoted
    for question in ("자료구조 시간 복잡도랑 파이썬도 배워?", "자료구조 교수님 성향 어때?", "자료구조 배운다?"):
        assert assistant.ask(question).kind == "none", question
    assert assistant.ask("자료구조 구현해?").answer_text == "과제는 C 언어로 구현한다."  # 1 of 7: quoted


def test_a_quote_matches_latin_words_whole_and_cuts_a_long_sentence(tmp_path: Path, make_assistant) -> None:
    from conftest import build_catalog

    long = ("This course surveys religious phenomena in Korea from shamanism to the new religions, "
            "reading texts, visiting sites and writing short reports about each tradition in turn "
            "with attention to ritual, community, scripture, authority and everyday practice, and "
            "it ends with a project on MySQL records of temples")
    rows = [("R1", "Korean Religions", "종교학과", "", "3", "전공", long + "."),
            ("C1", "자료구조", "컴퓨터공학과", "", "3", "전공", "스택과 큐를 배운다.")]
    rows += [(f"F{i}", f"교양{i}", "교양학부", "", "3", "교양", f"{topic}의 기초를 익힌다.")
             for i, topic in enumerate(["글쓰기", "토론", "수영", "합창", "회화", "통계", "미술", "철학"])]
    a = make_assistant(settings=build_catalog(tmp_path, rows))
    assert a.ask("Korean Religions AI 다뤄?").kind == "none"  # "ai" is not in "phenomena in"
    quoted = a.ask("Korean Religions MySQL 써?")
    assert quoted.kind == "span" and "MySQL" in quoted.answer_text and len(quoted.answer_text) <= 160
    assert quoted.message.count("…") == 1  # cut before, not after: the sentence ends there
    c = quoted.citations[0]
    assert c.sentence.text[c.span_start:c.span_end].strip() == quoted.answer_text


def test_course_name_alone_repeats_the_previous_question(assistant: Assistant) -> None:
    first = assistant.ask("자료구조 교재가 뭐야?")
    answer = assistant.ask("현대문학비평론은?", history=[first])
    assert answer.resolved_question == "현대문학비평론 교재가 뭐야?"
    assert answer.kind == "span" and answer.spans[0].text == "<현대문학사>"


@pytest.mark.parametrize("question", ["선수 과목은?", "몇 학점이야?", "그 과목 교수님 누구야?", "이 수업 교재 뭐 써?"])
def test_follow_up_without_history_asks_for_the_course(make_assistant, question: str) -> None:
    # even where retrieval would call its first course a match, a field asked of no course
    # named or under discussion is not answered from whichever course comes first
    lenient = make_assistant(relevance=Relevance(match_z=-100.0))
    answer = lenient.ask(question)
    assert answer.kind == "none" and "과목명" in answer.message
    assert answer.citations == () and answer.focus_lecture_id is None


@pytest.mark.parametrize("message", ["안녕하세요", "고마워요!", "thanks"])
def test_small_talk_is_answered_in_kind_without_a_course(make_assistant, message: str) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0))  # any search would "match"
    answer = lenient.ask(message)
    assert answer.kind == "none" and answer.citations == () and answer.courses == ()
    assert "물어보세요" in answer.message


@pytest.mark.parametrize("question", ["수업 추천해줘", "교양 뭐 들을까?", "3학점짜리 교양 추천해줘", "전공 수업 뭐 있어?"])
def test_a_search_with_no_topic_asks_for_one(make_assistant, question: str) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0))  # any search would "match"
    answer = lenient.ask(question)
    assert answer.kind == "none" and answer.courses == () and answer.citations == ()
    assert "주제" in answer.message
    topic = lenient.ask("복식부기 배우는 교양 추천해줘")
    assert topic.kind == "lookup" and topic.courses


@pytest.mark.parametrize("question", ["자료구조", "자료구조는 어떤 수업이야?", "자료구조 소개해줘", "자료구조 어때?"])
def test_a_course_named_with_nothing_else_asked_is_shown(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)  # the reader has nothing to find: show the course, not "not found"
    assert answer.kind == "lookup" and answer.courses[0].course.title == "자료구조"
    assert answer.citations[0].course.title == "자료구조" and answer.focus_lecture_id in DS_IDS
    assert "스택, 큐, 트리" in answer.message
    asked = assistant.ask("자료구조 시험 몇 번 봐?")  # asks something the description may not say
    assert asked.kind == "none" and "찾지 못했습니다" in asked.message


def test_new_course_in_question_wins_over_focus(assistant: Assistant) -> None:
    first = assistant.ask("자료구조 교재가 뭐야?")
    answer = assistant.ask("회계원리 담당 교수는?", history=[first])
    assert answer.focus_lecture_id == row_of("회계원리")[0]


def test_reference_detection() -> None:
    assert refers_back("그 과목 교재는?") and refers_back("이 수업 어때?") and refers_back("거기 교수님은?")
    assert not refers_back("이수구분이 뭐야?") and not refers_back("그래프 이론 수업")
    assert content_words("선수 과목은?") == [] and content_words("담당 교수는?") == []
    assert content_words("양자 중력 이론 수업 있어?") == ["양자", "중력", "이론"]


# ----------------------------------------------------------------------------- lookup / none


def test_named_course_without_an_answer_is_said_plainly(assistant: Assistant) -> None:
    lid = row_of("회계원리")[0]
    answer = assistant.ask("회계원리 수업 분위기는 어때?")
    assert answer.kind == "none" and not answer.confident
    assert "찾지 못했습니다" in answer.message and "회계원리" in answer.message and lid in answer.message
    assert answer.citations[0].course.lecture_id == lid  # which course was looked at
    assert answer.focus_lecture_id == lid  # a follow-up still refers to it


def test_lookup_lists_courses_for_a_topic(assistant: Assistant) -> None:
    answer = assistant.ask("복식부기 배우는 수업 있어?")
    assert answer.kind == "lookup"
    assert answer.courses[0].course.title == "회계원리"
    assert "회계원리" in answer.message


@pytest.mark.parametrize("question", ["양자 중력 이론 수업 있어?", "스쿠버다이빙 배우는 수업 있어?",
                                      "한식 조리 실습 강의 있나요?"])
def test_nothing_relevant_is_none(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.kind == "none"
    assert "찾지 못했습니다" in answer.message
    assert answer.courses == () and answer.citations == () and answer.focus_lecture_id is None


def test_relevance_thresholds_are_parameters(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0))  # no asked word of its own ("양자 중력 이론 수업")
    answer = lenient.ask("양자 중력 이론을 다루는 수업 있어?")
    assert answer.kind == "lookup" and answer.message.startswith("네, 있어요: ")
    hedging = make_assistant(relevance=Relevance(match_z=100.0, hedge_z=-100.0, min_presence=0.0))
    assert hedging.ask("양자 중력 이론을 다루는 수업 있어?").message.startswith("딱 맞는 과목인지는 확실하지 않지만")
    strict = make_assistant(relevance=Relevance(match_z=100.0, hedge_z=100.0, match_dense=2.0))
    answer = strict.ask("양자 중력 이론을 다루는 수업 있어?")
    assert answer.kind == "none" and not answer.courses and "찾지 못했습니다" in answer.message


def test_filters_restrict_the_answer(assistant: Assistant) -> None:
    answer = assistant.ask("자료구조 교재가 뭐야?", filters=Filters(departments=("경영학과",)))
    cited = {lid for c in answer.citations for lid in c.lecture_ids} | {
        lid for h in answer.courses for lid in h.lecture_ids}
    assert not cited & set(DS_IDS)


def test_without_reader_fields_still_work_and_spans_become_lookups(make_assistant) -> None:
    a = make_assistant(reader=None)
    assert a.ask("자료구조 담당 교수는?").kind == "field"
    # a labelled value needs no reader ("교재는 …이다" in the description) …
    assert a.ask("자료구조 교재가 뭐야?").kind == "span"
    # … anything else shows the course instead of claiming the answer is not there
    answer = a.ask("자료구조 실습은 어떤 언어로 해?")
    assert answer.kind == "lookup" and answer.courses[0].course.title == "자료구조"


def test_reader_failure_becomes_lookup(make_assistant) -> None:
    class BrokenReader(FakeReader):
        def run(self, question, hits, top_k=3, threshold=None):
            raise ModelLoadError("weights missing")

    a = make_assistant(reader=BrokenReader())
    answer = a.ask("자료구조 실습은 어떤 언어로 해?")
    assert answer.kind == "lookup"
    assert a.reader_error == "weights missing"


def test_unexpected_exception_becomes_error_answer(assistant: Assistant) -> None:
    assistant.warm_up()

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    assistant.retriever.run = boom  # type: ignore[method-assign]
    answer = assistant.ask("복식부기 배우는 수업 있어?")
    assert answer.kind == "error" and "다시 시도" in answer.message


# ----------------------------------------------------------------------------- broken index


def copy_db(built: Settings, folder: Path, *, with_index: bool) -> Settings:
    settings = built.with_(db_path=folder / "copy.db")
    shutil.copy(built.db_path, settings.db_path)
    if with_index:
        shutil.copy(built.index_path, settings.index_path)
    return settings


def test_missing_index_is_an_error_answer(make_assistant, tiny_built: Settings, tmp_path: Path) -> None:
    a = make_assistant(settings=copy_db(tiny_built, tmp_path, with_index=False))
    answer = a.ask("자료구조 교재가 뭐야?")
    assert answer.kind == "error"
    assert "python -m assistant build" in answer.message and "관리자" in answer.message


def test_stale_index_is_an_error_answer(make_assistant, tiny_built: Settings, tmp_path: Path) -> None:
    settings = copy_db(tiny_built, tmp_path, with_index=True)
    with sqlite3.connect(settings.db_path) as conn:
        conn.execute("UPDATE meta SET value = 'not-the-checksum' WHERE key = 'index_checksum'")
    a = make_assistant(settings=settings)
    answer = a.ask("자료구조 교재가 뭐야?")
    assert answer.kind == "error"
    assert "python -m assistant build" in answer.message and "오래된" in answer.message


# ----------------------------------------------------------------------------- threads


def test_answers_from_worker_threads(assistant: Assistant) -> None:
    questions = ["자료구조 교재가 뭐야?", "회계원리 담당 교수는?", "경영학원론은 몇 학점이야?",
                 "양자 중력 이론 수업 있어?"] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(assistant.ask, questions))
    assert [a.kind for a in answers] == ["span", "field", "field", "none"] * 4


def test_answers_run_side_by_side_not_one_at_a_time(make_assistant) -> None:
    import threading

    meet = threading.Barrier(2, timeout=10)

    class MeetingReader(FakeReader):
        def run(self, *args, **kwargs):
            meet.wait()  # passes only when both questions are inside the reader at once
            return super().run(*args, **kwargs)

    a = make_assistant(MeetingReader())
    a.warm_up()
    calls_before = a.reader.windows
    with ThreadPoolExecutor(max_workers=2) as pool:  # no textbook written: both go to the reader
        answers = list(pool.map(a.ask, ["머신러닝입문 교재가 뭐야?", "경영학원론 교재가 뭐야?"]))
    assert a.reader.windows > calls_before
    assert [x.kind for x in answers] == ["none", "none"]  # not "error": the barrier was met


def test_a_professor_named_with_the_question_goes_to_the_reader(assistant: Assistant) -> None:
    answer = assistant.ask("자료구조 김교수님 수업 교재가 뭐야?")
    assert answer.kind == "span" and "Algorithms" in answer.answer_text  # the textbook, not a name


def test_resolver_knows_ids_with_letters_ranges_and_title_parts() -> None:
    from assistant.ask import CourseResolver
    from assistant.records import Course

    def course(lid: str, title: str) -> Course:
        return Course(lid, title, "", "", 3.0, "", "설명")

    r = CourseResolver({c.lecture_id: c for c in [course("COR1016~COR1034", "알바트로스 세미나"),
                                                  course("TIC4002", "Computing for International Commerce (국제통상프로그래밍)"),
                                                  course("MEE3015", "설계방법론(캡스톤디자인)")]})
    assert r.lecture_ids("cor1020 말고 COR1034 학점은?") == ["COR1016~COR1034"]
    assert r.titles_in("국제통상프로그래밍 무슨 언어로 배워요?") == ["TIC4002"]
    assert r.titles_in("설계방법론 캡스톤 팀플") == ["MEE3015"]
    assert r.focus([("질문", "답: 알바트로스 세미나(COR1016~COR1034)")]) == "COR1016~COR1034"


def test_a_short_title_names_a_course_only_as_a_word_of_its_own() -> None:
    from assistant.ask import CourseResolver
    from assistant.records import Course

    def course(lid: str, title: str) -> Course:
        return Course(lid, title, "", "", 3.0, "", "설명")

    r = CourseResolver({c.lecture_id: c for c in [course("J1", "일어(I)"), course("B1", "생물"), course("S1", "수영")]})
    assert r.titles_in("태양에서 큰 폭발 일어나면 통신 장애 생긴대") == []  # a verb, not 일어(I)
    assert r.titles_in("수영장 어디야?") == [] and r.titles_in("바다생물 다루는 수업") == []
    assert r.titles_in("일어(I) 교재 뭐야?") == ["J1"] and r.titles_in("일어 수업 있어?") == ["J1"]
    assert r.titles_in("수영은 몇 학점이야?") == ["S1"] and r.titles_in("생물 수업 있어?") == ["B1"]


def test_a_discovery_question_that_says_more_than_a_title_reads_the_named_course(assistant: Assistant) -> None:
    answer = assistant.ask("자료구조는 어떤 책으로 배우는 수업이야?")  # "…수업이야" reads as discovery
    assert answer.kind == "span" and "Algorithms" in answer.answer_text
    assert answer.citations[0].course.title == "자료구조"
    existence = assistant.ask("자료구조 수업 있어?")  # nothing but the title: the course itself
    assert existence.kind == "lookup" and existence.courses[0].course.title == "자료구조"


@pytest.mark.parametrize("question", ["자료구조는 어떤 책 쓰는 거 있어?", "자료구조 수업 책은 어떤 게 있어요?"])
def test_a_named_course_with_something_asked_about_it_is_not_a_search(assistant: Assistant, question: str) -> None:
    # "…거 있어?" / "…어떤 게 있어요?" ask what the course has, not whether courses exist
    answer = assistant.ask(question)
    assert answer.kind == "span" and "Algorithms" in answer.answer_text
    assert answer.focus_lecture_id in ("2150387001", "2150387002")


def test_a_named_instructor_picks_the_section(assistant: Assistant) -> None:
    answer = assistant.ask("이영희 교수님 자료구조 수업 교재가 뭐야?")
    assert answer.kind == "span" and answer.focus_lecture_id == "2150387002"
    assert answer.citations[0].lecture_ids[0] == "2150387002"
    other = assistant.ask("김철수 교수님 자료구조 수업 교재가 뭐야?")
    assert other.focus_lecture_id == "2150387001"


class _AnswersAnything(FakeReader):
    """A reader that finds an answer to every question (the first words of the passage)."""

    def run(self, question, hits, top_k=3, threshold=None):
        from assistant.records import Span

        self.windows += 1
        hit = hits[0]
        text = hit.course.description[:8]
        return [Span(text, 0.99, hit.course.lecture_id, None, 0, len(text))]


@pytest.mark.parametrize("question", ["자료구조 강의실 어디야?", "자료구조 무슨 요일 몇 교시에 해?",
                                      "자료구조 정원 몇 명이야?", "자료구조 기말고사 언제야?"])
def test_when_where_and_seats_are_not_read_from_the_description(make_assistant, question: str) -> None:
    a = make_assistant(_AnswersAnything())
    a.warm_up()
    answer = a.ask(question)
    assert answer.kind == "none" and "카탈로그 정보에는" in answer.message
    assert a.reader.windows == 0  # a place-like phrase of the description is no classroom


class _Finds(FakeReader):
    """A reader that answers every question with ``phrase`` where the passage writes it."""

    def __init__(self, phrase: str) -> None:
        super().__init__()
        self.phrase = phrase

    def run(self, question, hits, top_k=3, threshold=None):
        from assistant.records import Span

        self.windows += 1
        hit = hits[0]
        start = hit.course.description.find(self.phrase)
        return [Span(self.phrase, 0.99, hit.course.lecture_id, None, start, start + len(self.phrase))]


def test_a_field_lacking_in_the_catalog_is_still_read_from_the_description(make_assistant) -> None:
    a = make_assistant(_Finds("통계 기초 지식"))
    a.warm_up()
    answer = a.ask("머신러닝입문 선수과목 뭐야?")  # no column, no label: "…지식이 필요하다" in prose
    assert a.reader.windows == 1 and answer.kind == "span" and answer.answer_text == "통계 기초 지식"


@pytest.mark.parametrize("question", ["머신러닝입문 교재가 뭐야?", "머신러닝입문 선수과목 뭐야?"])
def test_a_phrase_from_a_sentence_not_about_the_field_is_no_answer(make_assistant, question: str) -> None:
    """The reader's span for "선수과목 뭐야?" must stand where the description speaks of
    prerequisites: "지도학습과 비지" (the opening words) is a phrase, not a prerequisite."""
    a = make_assistant(_AnswersAnything())
    a.warm_up()
    answer = a.ask(question)
    assert a.reader.windows == 1 and answer.kind == "none" and "지도학습" not in answer.message


def test_a_title_taught_in_several_places_lists_a_field_per_course(tmp_path: Path, make_assistant) -> None:
    """"학교폭력 예방 및 학생의 이해" is taught at several universities, each with its own
    이수구분: the title alone does not settle it, so every course's value is given."""
    from conftest import build_catalog

    rows = [("0100001", "학교폭력예방및학생의이해", "교육학과", "", "2", "교직과목", "학교폭력의 원인과 예방을 다룬다."),
            ("0200001", "학교폭력 예방 및 학생의 이해", "사범대학", "", "2", "교직필수", "학생 이해와 학교폭력 대처를 배운다."),
            ("0200002", "학교폭력 예방 및 학생의 이해", "사범대학", "", "2", "교직필수", "학생 이해와 학교폭력 대처를 배운다."),
            ("0300001", "회계원리", "경영학과", "", "3", "전공필수", "복식부기의 원리를 배운다.")]
    a = make_assistant(settings=build_catalog(tmp_path, rows))
    answer = a.ask("학교폭력 예방 및 학생의 이해는 이수구분이 뭐예요?")
    assert answer.kind == "field"
    assert "교직과목" in answer.message and "교직필수" in answer.message
    assert {c.lecture_ids[0] for c in answer.citations} == {"0100001", "0200001"}  # sections once
    same = a.ask("학교폭력 예방 및 학생의 이해 몇 학점이야?")  # the same value everywhere: said once
    assert same.kind == "field" and "과목마다" not in same.message and "2학점" in same.message
    where = a.ask("학교폭력 예방 및 학생의 이해 어느 학과 수업이야?")  # each department said once
    assert where.kind == "field" and where.message.count("교육학과") == where.message.count("사범대학") == 1
    told_apart = a.ask("교육학과 학교폭력예방및학생의이해 이수구분은?")  # the department settles it
    assert told_apart.message.count("교직") == 1 and "교직과목" in told_apart.message


def test_a_section_heading_in_the_department_column_is_not_stated_as_the_department(tmp_path: Path,
                                                                                  make_assistant) -> None:
    """Sogang's handbook puts "과목 정보" in its 학과 column for 613 courses: a cell with no word
    that names anything is not a department, in a field answer or in a course list."""
    from conftest import build_catalog

    rows = [("PHI2001", "철학개론", "과목 정보", "", "3", "", "철학의 기본 문제와 개념을 소개한다."),
            ("PHY3003", "열역학", "전공 과목 정보", "", "3", "", "온도, 열, 엔트로피를 배운다."),
            ("AIE3010", "기초머신러닝", "AIE3010", "", "3", "", "머신러닝의 이론과 알고리즘을 배운다."),
            ("CSE2010", "자료구조", "컴퓨터공학과", "", "3", "", "스택과 큐를 배운다.")]
    a = make_assistant(settings=build_catalog(tmp_path, rows))
    heading = a.ask("철학개론 어느 학과 과목이야?")
    assert "과목 정보" not in heading.message and "개설 학과" in heading.message
    row = a.ask("PHY3003")  # a bare lecture id: the course's catalog row
    assert row.kind == "field" and "3학점" in row.message and "과목 정보" not in row.message
    listed = a.ask("열역학 수업 있어?")
    assert listed.kind == "lookup" and "과목 정보" not in listed.message
    code = a.ask("기초머신러닝 어느 학과 과목이야?")  # a course code in the 학과 column
    assert "AIE3010" not in code.message.replace("(AIE3010)", "") and "개설 학과" in code.message
    real = a.ask("자료구조 어느 학과 과목이야?")
    assert real.kind == "field" and "컴퓨터공학과" in real.message


def test_namesakes_are_other_courses_of_the_title_unless_the_question_tells_them_apart() -> None:
    from assistant.records import Course
    from assistant.places import find_namesakes, named_first, names_place

    def course(lid: str, title: str, dept: str, description: str, college: str = "") -> Course:
        return Course(lid, title, dept, "", 2.0, "교직", description, (("college", college),) if college else ())

    here = course("01", "학교폭력 예방 및 학생의 이해", "교육학과", "가", "부산대학교")
    others = {c.lecture_id: c for c in [course("02", "학교폭력예방및학생의이해", "사범대학", "나", "충북대학교"),
                                        course("03", "학교폭력예방및학생의이해", "사범대학", "나", "충북대학교"),
                                        course("04", "학교폭력 예방", "교육학과", "다"),
                                        course("05", "학교폭력 예방 및 학생의 이해", "교육학과", "가")]}
    ids = list(others)
    # another university's course once (its two sections share a description); not a shorter
    # title, not a section of this very course
    assert [c.lecture_id for c in find_namesakes("학교폭력 예방 및 학생의 이해 이수구분은?", here, ids, others)] == ["02"]
    for told in ("부산대 학교폭력 예방 및 학생의 이해 이수구분은?", "교육학과 학교폭력 예방 및 학생의 이해 이수구분은?"):
        assert find_namesakes(told, here, ids, others) == []
    assert names_place("충북대학교학교폭력", others["02"]) and not names_place("부산대", others["02"])
    medicine = course("06", "학교폭력 예방 및 학생의 이해", "의학과", "라")
    assert not names_place("학교폭력예방및학생의이해", medicine)  # the "의" of 의학과 is everywhere
    assert names_place("의학과학교폭력", medicine)
    assert named_first("충북대 학교폭력예방및학생의이해", ["04", "02", "03"], others) == ["02", "03", "04"]


def test_half_the_words_unknown_to_the_catalog_is_no_course_below_a_match() -> None:
    from assistant.records import Course, Hit

    course = Course("01", "체육", "체육학과", "", 1.0, "교양", "테니스를 배운다.")

    def hits(z: float) -> list[Hit]:
        return [Hit(course, 1.0, (), 0, 5, ("01",), (), 0.8, z)]

    relevance = Relevance()  # the defaults
    middling = hits((relevance.hedge_z + relevance.match_z) / 2)
    assert relevance.decide(middling, coverage=0.0, presence=0.5) == "none"  # "바둑 두는 교양": 바둑 unknown
    assert relevance.decide(middling, coverage=0.0, presence=0.6) == "hedge"
    assert relevance.decide(hits(relevance.match_z + 1), coverage=0.0, presence=0.0) == "match"  # a strong match wins
    # … unless the catalog writes no Korean word of the question at all: "형총 수업 있어?"
    assert relevance.decide(hits(relevance.match_z + 1), coverage=0.0, presence=0.0, written=False) == "none"
    # the best course writes the topic asked ("해리포터 보다가 … 라틴어 배울 수 있는 과목"): the talk aside, a hedge
    assert relevance.decide(middling, coverage=0.0, presence=0.2, topic_held=True) == "hedge"
    assert relevance.decide(middling, coverage=0.0, presence=0.2, written=False, topic_held=True) == "none"


def test_the_best_course_writing_the_topic_asked_is_at_least_a_hedge(make_assistant) -> None:
    strict = make_assistant(relevance=Relevance(match_z=100.0, hedge_z=100.0, match_dense=2.0, min_presence=0.99))
    held = strict.ask("해리포터 보다가 궁금해졌는데 문학비평 배울 수 있는 수업 있어?")  # the talk: words no course writes
    assert held.kind == "lookup" and held.courses[0].course.title == "현대문학비평론"
    assert held.message.startswith("딱 맞는 과목인지는 확실하지 않지만")  # hedged: only the topic is held
    talk = strict.ask("해리포터 보다가 궁금해졌는데 문학 작품 읽는 수업 있어?")  # no topic named before the request
    assert talk.kind == "none"


def test_a_question_naming_nothing_the_catalog_writes_matches_no_course(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0))
    assert lenient.ask("형총 수업 있어?").kind == "none"  # the letters' look alone
    assert lenient.ask("형식주의비평 수업 있어?").kind == "lookup"  # "형식주의 비평": spacing aside
    assert lenient.ask("컴퓨터 수업 있어?").kind == "lookup"  # a department the catalog writes
    assert lenient.ask("literary criticism course?").kind == "lookup"  # no Korean word: not judged so


def test_a_zero_credit_course_is_not_a_course_without_credits(tmp_path: Path, make_assistant) -> None:
    """Sogang's handbook lists 18 courses at 0학점 (채플, 논문연구 …): 0 is their value, said as
    such; a course whose cell is empty has no value, said as such, never "0학점"."""
    from conftest import build_catalog

    rows = [("CHA1001", "채플", "교목처", "", "0", "교양필수", "대학 채플에 참석하고 소감문을 쓴다."),
            ("CSE2010", "자료구조", "컴퓨터공학과", "", "", "전공", "스택과 큐를 배운다."),
            ("CSE3010", "운영체제", "컴퓨터공학과", "", "3", "전공", "프로세스와 메모리 관리를 배운다.")]
    a = make_assistant(settings=build_catalog(tmp_path, rows))
    zero = a.ask("채플은 몇 학점이야?")
    assert zero.kind == "field" and "0학점" in zero.message and "없습니다" not in zero.message
    missing = a.ask("자료구조 몇 학점이야?")
    assert missing.kind == "none" and "학점 정보가 없습니다" in missing.message and "0학점" not in missing.message
    listed = a.ask("채플 수업 있어?")
    assert "0학점" in listed.message
    assert "자료구조(CSE2010, 컴퓨터공학과)" in a.ask("자료구조 수업 있어?").message
    assert a.filter_choices()["credits"] == [0.0, 3.0]  # the UI's credit filter: no "no value"
    assert Filters(credits=(0.0,)).accepts(row_course(a, "CHA1001"))
    assert not Filters(credits=(0.0,)).accepts(row_course(a, "CSE2010"))
    zero_only = a.ask("컴퓨터 수업 있어?", filters=Filters(credits=(0.0,)))
    assert all(c.credits == 0.0 for c in [h.course for h in zero_only.courses])


def row_course(a: Assistant, lecture_id: str):
    return a.store.courses([lecture_id])[lecture_id]


def test_another_title_sharing_a_description_is_not_called_a_section() -> None:
    from assistant.records import Course, Hit

    text = "개발도상국의 성장과 빈곤을 다룬다."
    dev = Course("ECO3012", "개발경제학", "경제학과", "", 3.0, "", text)
    other = Course("GKE4007", "경제개발이론", "국제대학원", "", 3.0, "", text)
    hit = Hit(dev, 1.0, (), 0, len(text), ("ECO3012", "GKE4007"))
    answer = reply.field_answer("q", "q", ["lecture_id", "department"], hit, [dev, other])
    assert "강의번호는 ECO3012입니다." in answer.message and "분반" not in answer.message
    assert "다른 과목: 경제개발이론(GKE4007)" in answer.message and "과목마다 다릅니다" in answer.message
    section = Course("ECO3012-02", "개발경제학", "경제학과", "", 3.0, "", text)
    two = reply.field_answer("q", "q", ["lecture_id"], Hit(dev, 1.0, (), 0, 1, ("ECO3012", "ECO3012-02")),
                             [dev, section])
    assert "ECO3012, ECO3012-02입니다 (분반 2개)." in two.message


def test_a_search_with_a_condition_lists_only_courses_that_meet_it(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0))
    two = lenient.ask("2학점짜리 컴퓨터 수업 있어?")
    assert two.kind == "lookup" and {h.course.credits for h in two.courses} == {2.0}
    none = lenient.ask("5학점짜리 컴퓨터 수업 있어?")  # the catalog records credits; no course has 5
    assert none.kind == "none" and "'5학점' 조건에 맞는 과목은" in none.message
    typed = lenient.ask("경영 배우는 교양 있어?")  # a type puts its courses first, excludes none
    assert typed.courses[0].course.course_type == "교양"


def test_a_condition_the_catalog_cannot_tell_is_said(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0))
    answer = lenient.ask("2학년 컴퓨터 수업 있어?")  # the tiny catalog has no year column
    assert answer.kind == "lookup" and answer.message.endswith(lists.unknown_note(["학년"]))
    narrowed = lenient.ask("그 중에 2학년은?", history=[answer])
    assert narrowed.kind == "none" and narrowed.message.startswith("이 카탈로그에는 학년 정보가 없어서")


def test_an_ordinal_past_the_last_list_says_how_long_it_was(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0), max_listed=3)
    listing = lenient.ask("컴퓨터 수업 있어?")
    n = len(listing.courses)
    answer = lenient.ask("여섯 번째 거 교수님은?", history=[listing])
    assert answer.kind == "none" and answer.message.startswith(f"앞의 목록에는 과목이 {n}개뿐이라 6번째")


def test_a_field_of_a_course_the_question_only_resembles_is_not_stated(make_assistant) -> None:
    """"컴구 몇학점?": no course holds "컴구"; the nearest one's credits would be a guess."""
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0))
    answer = lenient.ask("컴구 몇학점?")
    assert answer.kind == "none" and answer.message.startswith("'컴구'라는 과목은 이 카탈로그에서 찾지 못했습니다.")


def test_what_a_course_opens_and_prerequisites_said_with_titles(tmp_path, make_assistant) -> None:
    rows = [("CSE2010", "자료구조", "컴퓨터공학과", "김", "3", "전공필수", "스택과 큐를 배운다.", ""),
            ("CSE3080", "알고리즘", "컴퓨터공학과", "이", "3", "전공선택", "정렬을 배운다.", "CSE2010"),
            ("CSE4000", "컴파일러", "컴퓨터공학과", "박", "3", "전공선택", "파서를 만든다.", "CSE2010, CSE3080"),
            ("MAT3000", "수치해석", "수학과", "정", "3", "전공선택", "오차를 다룬다.", "CSE2010"),
            ("CSE3500", "수치해석", "컴퓨터공학과", "한", "3", "전공선택", "행렬 계산을 구현한다.", "CSE3080")]
    settings = build_catalog(tmp_path, rows, header=[*CATALOG_HEADER, "선수과목"])
    a = make_assistant(settings=settings)
    opens = a.ask("자료구조 듣고 나면 뭐 들을 수 있어?")
    assert opens.kind == "lookup" and lecture_ids_of(opens) == {"CSE3080", "CSE4000", "MAT3000"}
    assert opens.focus_lecture_id == "CSE2010" and "선수과목 “CSE2010, CSE3080”" in opens.message
    nothing = a.ask("컴파일러 후속 과목은?")
    assert nothing.kind == "none" and "선수과목으로 적은 과목은 찾지 못했어요" in nothing.message
    field = a.ask("컴파일러 선수과목 뭐야?")
    assert field.kind == "field" and "CSE2010(자료구조), CSE3080(알고리즘)" in field.message
    assert field.answer_text == "CSE2010, CSE3080"  # the value as the catalog writes it
    short = make_assistant(settings=settings, max_listed=2)
    first = short.ask("자료구조 듣고 나면 뭐 들을 수 있어?")
    assert len(first.courses) == 2 and "3개예요 (앞의 2개)" in first.message
    more = short.ask("나머지 1개도 보여줘", history=[first])  # the rest of what it opens
    assert lecture_ids_of(more) == {"CSE3080", "CSE4000", "MAT3000"} - lecture_ids_of(first)
    assert more.message.startswith("앞에서 말한 과목 말고도 자료구조(CSE2010)를 선수과목으로 적은 과목이 1개 더 있어요")
    none_left = short.ask("다른 건?", history=[first, more])
    assert none_left.kind == "none" and "말고는" in none_left.message
    apart = a.ask("수치해석 선수과목 뭐야?")  # two departments' courses of one title: each titled
    assert "과목마다 다릅니다" in apart.message and "CSE2010(자료구조)" in apart.message \
        and "CSE3080(알고리즘)" in apart.message
    assert set(apart.answer_text.split(", ")) == {"CSE2010", "CSE3080"}


def test_course_name_asked_what_it_is_is_not_the_previous_question(assistant: Assistant) -> None:
    first = assistant.ask("자료구조 교재가 뭐야?")
    answer = assistant.ask("현대문학 비평론 어떤 수업이야?", history=[first])  # spaced as students type it
    assert answer.resolved_question == "현대문학 비평론 어떤 수업이야?"
    assert answer.kind == "lookup" and answer.focus_lecture_id == ids_of("현대문학비평론")[0]


def test_a_shortened_title_is_spelled_out_and_said(assistant: Assistant) -> None:
    answer = assistant.ask("자구 몇 학점이야?")
    assert answer.kind == "field" and answer.focus_lecture_id in DS_IDS
    assert answer.message.startswith("(‘자구’는 자료구조로 알아들었어요.)") and "3학점" in answer.message
    assert particle("중급회계1", "으로", "로") == "로" and particle("선형대수학", "으로", "로") == "으로"


def test_a_shortening_of_several_titles_is_asked_back(tmp_path: Path, make_assistant) -> None:
    from conftest import build_catalog

    rows = [("P1", "일반물리학I", "물리학과", "", "3", "교양", "역학과 열을 배운다."),
            ("P2", "일반물리학II", "물리학과", "", "2", "교양", "전자기와 광학을 배운다."),
            ("C1", "운영체제", "컴퓨터공학과", "", "3", "전공", "프로세스를 배운다.")]
    a = make_assistant(settings=build_catalog(tmp_path, rows))
    asked = a.ask("일물 수업 있어?")
    assert asked.kind == "lookup" and [h.course.lecture_id for h in asked.courses] == ["P1", "P2"]
    assert "‘일물’이 어느 과목의 줄임말인지" in asked.message and asked.focus_lecture_id is None
    second = a.ask("두 번째 거 몇 학점이야?", history=[asked])
    assert second.kind == "field" and second.focus_lecture_id == "P2" and "2학점" in second.message
    each = a.ask("일물 몇 학점이야?")  # a field asked: each one's said
    assert each.kind == "field" and "3학점" in each.message and "2학점" in each.message
    assert each.message.startswith("(‘일물’이 일반물리학I, 일반물리학II 중 어느 과목인지 확실하지 않아 모두 답해요.)")
    assert "알아들었어요" not in a.ask("운영체제 학점은?").message  # the title itself: nothing to say


def test_courses_asked_about_together_are_each_answered(assistant: Assistant) -> None:
    both = assistant.ask("자료구조랑 국어학개론 교수님 누구야?")
    assert both.kind == "field" and "김철수" in both.message and "홍소영" in both.message
    assert [h.course.title for h in both.courses] == ["자료구조", "국어학개론"] and both.focus_lecture_id is None
    second = assistant.ask("두 번째 거 몇 학점이야?", history=[both])
    assert second.kind == "field" and second.focus_lecture_id == ids_of("국어학개론")[0]
    apart = assistant.ask("자료구조와 현대문학비평론 차이가 뭐야?")
    assert apart.kind == "lookup" and apart.message.startswith("2과목을 나란히 보면:")
    assert "문학비평의 주요 이론" in apart.message and {c.course.title for c in apart.citations} == {
        "자료구조", "현대문학비평론"}
    both_again = assistant.ask("둘 차이가 뭐야?", history=[both])  # every course the last answer listed
    assert both_again.message.startswith("2과목을 나란히 보면:") and [h.course.title for h in both_again.courses] == [
        "자료구조", "국어학개론"]
    assert assistant.ask("둘 차이가 뭐야?").kind == "none"  # no list before: which courses?
    first = assistant.ask("자료구조 교재가 뭐야?")
    pointed = assistant.ask("그 과목이랑 국어학개론 교수님 누구야?", history=[first])  # the course under discussion
    assert "김철수" in pointed.message and "홍소영" in pointed.message
    apart = assistant.ask("국어학개론 그 과목 듣고 들어도 돼?", history=[first])  # no word joins them
    assert [h.course.title for h in apart.courses] != ["국어학개론", "자료구조"]


def test_prerequisites_are_said_in_the_order_to_take_them(tmp_path, make_assistant) -> None:
    rows = [("CSE101", "프로그래밍기초", "컴퓨터공학과", "김", "3", "전공", "변수를 배운다.", ""),
            ("CSE102", "자료구조", "컴퓨터공학과", "이", "3", "전공", "스택을 배운다.", "CSE101"),
            ("CSE103", "알고리즘", "컴퓨터공학과", "박", "3", "전공", "정렬을 배운다.", "CSE102"),
            ("CSE104", "컴파일러", "컴퓨터공학과", "최", "3", "전공", "파서를 만든다.", "CSE103, 자료구조")]
    a = make_assistant(settings=build_catalog(tmp_path, rows, header=[*CATALOG_HEADER, "선수과목"]))
    answer = a.ask("컴파일러 들으려면 뭐부터 들어야 돼?")
    assert answer.kind == "field" and "CSE103(알고리즘), 자료구조" in answer.message
    assert answer.message.endswith("듣는 순서로는: 프로그래밍기초(CSE101) → 알고리즘(CSE103) · 자료구조(CSE102) → 컴파일러") \
        or answer.message.endswith("듣는 순서로는: 프로그래밍기초(CSE101) → 자료구조(CSE102) · 알고리즘(CSE103) → 컴파일러")
    assert "듣는 순서로는" not in a.ask("자료구조 선수과목 뭐야?").message  # one level: said already


def test_a_course_named_after_an_asked_back_shortening_takes_its_question(tmp_path: Path, make_assistant) -> None:
    from conftest import build_catalog

    rows = [("P1", "일반물리학I", "물리학과", "", "3", "교양", "역학과 열을 배운다."),
            ("P2", "일반물리학II", "물리학과", "", "2", "교양", "전자기와 광학을 배운다.")]
    a = make_assistant(settings=build_catalog(tmp_path, rows))
    asked = a.ask("일물 수업 있어?")
    named = a.ask("일반물리학II 말한 거야", history=[asked])
    assert named.resolved_question == "일반물리학II 수업 있어?" and named.kind == "lookup"
    assert named.courses[0].course.lecture_id == "P2"
    credits = a.ask("일반물리학II요", history=[a.ask("일물 학점 알려줘 ㅠ")])
    assert credits.kind == "field" and credits.focus_lecture_id == "P2" and "2학점" in credits.message


def test_a_department_with_no_topic_lists_its_courses_and_scopes_a_topic(make_assistant) -> None:
    a = make_assistant(max_listed=2)
    listing = a.ask("컴퓨터공학과 전공 과목 뭐 있어?")
    assert listing.kind == "lookup" and listing.message.startswith("컴퓨터공학과 전공 과목은 3개예요")
    assert {h.course.department for h in listing.courses} == {"컴퓨터공학과"}
    assert [h.course.title for h in listing.courses] == ["머신러닝입문", "웹보안실습"]  # by title (no year)
    more = a.ask("더 보여줘", history=[listing])
    assert [h.lecture_ids for h in more.courses] == [("2150387001", "2150387002")]  # a title's sections once
    chosen = a.ask("수업 뭐 있어?", filters=Filters(departments=("경영학과",)))  # the filter is the scope
    assert chosen.kind == "lookup" and chosen.message.startswith("경영학과 과목은 2개예요")
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0))
    scoped = lenient.ask("경영학과 실습 수업 있어?")  # a topic searched within the department
    assert scoped.kind == "lookup" and {h.course.department for h in scoped.courses} == {"경영학과"}


def test_a_course_marked_no_longer_offered_is_said_so_and_listed_last() -> None:
    from assistant.records import Course, Hit

    closed = Course("CSE4095", "파일 처리(25-1 폐지)", "", "", 3.0, "", "파일에 관한 처리를 다룬다.")
    open_ = Course("CSW3030", "데이터베이스입문", "", "", 3.0, "", "파일처리 시스템과의 차이점을 다룬다.")
    assert reply.closed_note(closed) == "25-1 폐지" and reply.closed_note(open_) == ""
    assert reply.closed_note(Course("X", "지류포장공학", "", "", 3.0, "", "폐지의 물성을 비교한다.")) == ""  # 폐지: waste paper
    hits = [Hit(c, 1.0, (), 0, 1) for c in (closed, open_)]
    search = lists.lookup_answer("q", "q", hits, hedged=False)
    assert [h.course.lecture_id for h in search.courses] == ["CSW3030", "CSE4095"]
    assert search.message.startswith("네, 있어요: 데이터베이스입문")
    named = lists.lookup_answer("파일 처리 열려?", "q", hits, hedged=False, named=True)  # the one asked about
    assert named.courses[0].course is closed
    assert "카탈로그에 ‘25-1 폐지’로 적혀 있어서, 지금은 열리지 않는 과목일 수 있어요" in named.message.splitlines()[0]


def test_a_field_of_a_course_no_longer_offered_says_so(make_assistant, tmp_path: Path) -> None:
    rows = [*TINY_COURSES, ("CSE4182", "설계패턴(25-1 폐지)", "컴퓨터공학과", "", "3", "전공선택",
                            "설계 패턴과 리팩토링으로 소프트웨어 설계를 개선하는 방법을 배운다.")]
    a = make_assistant(settings=build_catalog(tmp_path, rows))
    answer = a.ask("설계패턴 몇 학점이야?")
    assert answer.kind == "field" and "3학점" in answer.message
    assert answer.message.endswith("(카탈로그에 ‘25-1 폐지’로 적혀 있어서, 지금은 열리지 않는 과목일 수 있어요.)")
    assert "폐지" not in a.ask("자료구조 몇 학점이야?").message
    can = a.ask("설계패턴 들을 수 있나요?")  # nothing else to say of it: that is the answer
    assert can.message == "설계패턴(25-1 폐지)(CSE4182): 카탈로그에 ‘25-1 폐지’로 적혀 있어서, 지금은 열리지 않는 과목일 수 있어요."


def test_a_request_about_a_word_the_catalog_never_writes_finds_no_course(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0))  # any hit would match
    answer = lenient.ask("볼링 수업 있어? 경영 쪽이면 좋겠는데")  # 경영 is written; 볼링, asked for, is not
    assert answer.kind == "none" and answer.message.startswith("'볼링'을 다루는 과목은 이 카탈로그에서 찾지 못했습니다.")
    assert "가장 가까운 과목은" in answer.message and not answer.courses
    assert lenient.ask("회계 수업 있어?").kind == "lookup"  # written: searched as before


def test_a_kind_the_catalog_never_writes_of_a_word_it_does_finds_no_course(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0))  # any hit would match
    answer = lenient.ask("영화 비평 배우는 수업 있어?")  # 비평 is written, 영화 (which 비평) is not
    assert answer.kind == "none" and answer.message.startswith("'영화'를 다루는 과목은 이 카탈로그에서 찾지 못했습니다.")
    assert lenient.ask("문학 비평 배우는 수업 있어?").kind == "lookup"  # both written: searched as before


def test_courses_besides_a_named_one_leave_its_title_out(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0))
    answer = lenient.ask("자료구조 말고 비슷한 수업 있어?")
    assert answer.kind == "lookup" and answer.message.startswith("자료구조 말고 비슷한 과목은: ")
    assert answer.courses and all(h.course.title != "자료구조" for h in answer.courses)
    assert lenient.ask("자료구조 수업 있어?").courses[0].course.title == "자료구조"  # named: it leads


def test_a_middling_match_answers_a_request_for_courses_only(make_assistant) -> None:
    hedging = make_assistant(reader=None, relevance=Relevance(match_z=100.0, hedge_z=-100.0, match_dense=2.0,
                                                              min_presence=0.0))
    asked = hedging.ask("회계 동아리 같은 수업 있어?")  # 동아리: no course holds every word
    assert asked.kind == "lookup" and asked.message.startswith("딱 맞는 과목인지는 확실하지 않지만")
    other = hedging.ask("회계 동아리 가입하고 싶어")  # asks for no course: a middling match is no answer
    assert other.kind == "none" and "가장 가까운 과목은" in other.message and not other.courses
    when = hedging.ask("회계 동아리 신청 언제까지야?")  # asks for information no course holds
    assert when.kind == "none" and when.message == reply.MSG_OUTSIDE


def test_information_no_description_holds_is_not_answered_with_courses(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0))  # every search matches
    answer = lenient.ask("경영학과 학생회 회비 얼마야?")
    assert answer.kind == "none" and answer.message == reply.MSG_OUTSIDE and not answer.courses
    assert lenient.ask("경영 관련 수업 뭐 있어?").kind == "lookup"  # a request for courses is answered with them
    named = lenient.ask("경영학과 자료구조 수업 있어?")  # 자료구조 is taught elsewhere: not led with
    assert all(h.course.department == "경영학과" for h in named.courses)


def test_which_words_a_catalog_writes() -> None:
    from assistant.records import Course
    from assistant.words import CatalogWords

    words = CatalogWords([Course("A1", "데이터 분석", "통계학과", "", 3.0, "교양", "경주마의 혈통을 다룬다."),
                          Course("A2", "데이터 분석", "통계학과", "", 3.0, "교양", "경주마의 혈통을 다룬다.")])
    assert words.texts == ("데이터 분석 경주마의 혈통을 다룬다.",)  # sections sharing a description once
    assert words.writes("데이터분석") and words.writes("통계학과")  # spacing aside; the catalog rows too
    assert not words.writes("볼링") and not words.writes("경주용")
    assert words.writes_any(["경주용"])  # half its letter pairs (경주) are written
    assert not words.writes_any(["볼링", "스페인어"]) and words.writes_any([])
    assert words.share(["혈통", "볼링"]) == 0.5 and words.share([]) == 1.0
    assert words.text_of["A2"] == words.texts[0]  # each course's text by its lecture id
    assert {"경주마의", "경주마", "혈통을", "혈통", "데이터"} <= words.hangul_words  # with and without a particle


@pytest.mark.parametrize("value, said", [
    ("3-2", "3-2(3학년 2학기)"), ("전학년-1", "전학년-1(전학년, 1학기)"), ("4", "4"), ("2025-1", "2025-1"), ("", "")])
def test_a_year_and_semester_read_out(value: str, said: str) -> None:
    assert reply.said_value("year", value) == said
    assert reply.said_value("credits", value) == value  # other fields as written


def test_a_course_named_in_a_search_leads_only_when_it_meets_the_conditions(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0))
    named = lenient.ask("3학점 자료구조 수업 있어?")
    assert named.courses[0].course.title == "자료구조"  # 3 credits: it leads
    other = lenient.ask("2학점 자료구조 수업 있어?")  # "부산대 1학년 인공지능": not a 3-2 course first
    assert other.courses and all(h.course.credits == 2.0 for h in other.courses)


def test_a_yes_or_no_answered_by_the_sentence_that_says_it(assistant: Assistant) -> None:
    from assistant.about import CourseAnswers
    from assistant.records import Span

    assistant.warm_up()
    lid = row_of("머신러닝입문")[0]
    text = assistant._resolver.courses[lid].description

    class OneSpan:  # a reader that always finds "파이썬" (faking only the model's choice)
        def run(self, question, hits, top_k=3, threshold=None):
            start = text.index("파이썬")
            return [Span("파이썬", 0.9, lid, None, start, start + 3)]

    about = CourseAnswers(assistant.store, OneSpan(), assistant._resolver, named_threshold=0.08,
                          quote_max_share=0.2, words=assistant._lookup.words)
    hit = about.course_hit(lid)
    covers = about.run("머신러닝입문 신경망도 배워?", "머신러닝입문 신경망도 배워?", [], hit)
    assert "신경망" in covers.message and covers.answer_text != "파이썬"  # the sentence that says 신경망
    which = about.run("머신러닝입문 신경망은 뭘로 배워?", "머신러닝입문 신경망은 뭘로 배워?", [], hit)
    assert which.answer_text == "파이썬"  # a question word: the span stands
    attribute = about.run("머신러닝입문 신경망 실습 있어?", "머신러닝입문 신경망 실습 있어?", [], hit)
    assert attribute.answer_text == "파이썬"  # not whether it covers something: the span stands
    uses = about.run("머신러닝입문 파이썬 써?", "머신러닝입문 파이썬 써?", [], hit)
    assert uses.kind == "span" and uses.answer_text == "파이썬"  # the span says it: it stands
    unwritten = about.run("머신러닝입문 MATLAB으로 해도 돼?", "머신러닝입문 MATLAB으로 해도 돼?", [], hit)
    assert unwritten.kind == "none"  # the description never says MATLAB: said plainly, with what it says
    assert "‘MATLAB’ 이야기가 없어요" in unwritten.message and "“파이썬”" in unwritten.message
    assert unwritten.citations and unwritten.citations[0].course.lecture_id == lid


def test_a_term_asked_of_an_offering_is_said_to_be_unknown(make_assistant) -> None:
    lenient = make_assistant(relevance=Relevance(match_z=-100.0, hedge_z=-100.0))
    answer = lenient.ask("자료구조 이번 학기 열려?")
    assert answer.kind == "lookup" and answer.message.endswith(reply.TERM_UNKNOWN)
    assert reply.TERM_UNKNOWN not in lenient.ask("자료구조 수업 있어?").message


def test_an_answer_from_one_of_several_same_title_courses_says_whose() -> None:
    from assistant.records import Course

    mine = Course("A1", "공학프로그래밍언어", "건축공학전공", "", 3.0, "전공", "MATLAB을 배운다.", (("college", "경상대"),))
    others = [Course(f"B{i}", "공학프로그래밍언어", f"학과{i}", "", 3.0, "전공", "C언어를 배운다.") for i in range(5)]
    note = reply.namesakes_note(mine, others)
    assert note.startswith("(같은 이름의 과목이 더 있어요: B0(학과0), B1(학과1), B2(학과2) 외 2개.")
    assert note.endswith("위 답은 A1(경상대 건축공학전공)의 강의설명에서 찾았어요.)")


@pytest.mark.parametrize("course_type, types, other", [
    ("일반선택", ["교양"], False),  # a general elective may be what a student calls 교양: kept in place
    ("핵심교양", ["교양"], False), ("기초교양(인문사회)", ["교양"], False), ("교선", ["교양"], False),
    ("전공선택", ["교양"], True), ("전필", ["교양"], True), ("핵심교양", ["전공"], True), ("", ["전공"], False),
    ("전공선택", ["전공필수"], True), ("전공필수", ["전공필수"], False),  # said in full: the catalog's own value
])
def test_a_course_of_the_other_type_than_a_search_names_goes_after(course_type: str, types: list[str],
                                                                     other: bool) -> None:
    from assistant.lookup import other_type
    from assistant.records import Course

    course = Course("X1", "제주역사문화", "사학과", "", 3.0, course_type, "제주의 역사와 문화를 배운다.")
    assert other_type(course, types, lambda c, ts: all(t == c.course_type for t in ts)) is other
