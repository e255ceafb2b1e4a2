"""Syllabus-style reader training examples made from catalog files."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.syllabus_qa import dev_question_ids, syllabus_examples
from conftest import CATALOG_HEADER, write_catalog

ROWS = [
    ("C001", "데이터베이스", "컴퓨터공학과", "", "3", "전공",
     "관계형 데이터 모델과 SQL을 다룬다. 본 강의는 컴퓨터공학과 2학년 학생들을 대상으로 한다.\n"
     "교재: Database System Concepts\n평가: 중간고사 30%, 기말고사 40%, 과제 30%"),
    ("C002", "현대시론", "국어국문학과", "", "3", "전공",
     "수업은 강의와 토론으로 진행된다. 기말 과제로 소논문을 제출한다."),
    ("C003", "비밀과목", "철학과", "", "3", "교양", "교재: 비밀의 책\n이 과목은 개발 질문에만 쓰인다."),
]


def _examples(tmp_path: Path, **kwargs):
    catalog = write_catalog(tmp_path / "c.csv", ROWS)
    return syllabus_examples([catalog], **kwargs)


def test_answers_point_into_their_context(tmp_path: Path) -> None:
    examples = _examples(tmp_path)
    answerable = [e for e in examples if e.answer]
    assert answerable
    for e in answerable:
        assert e.context[e.answer_start : e.answer_start + len(e.answer)] == e.answer
        assert e.article == -1


def test_label_lines_shares_audience_and_format_become_questions(tmp_path: Path) -> None:
    answers = {e.answer for e in _examples(tmp_path)}
    assert "Database System Concepts" in answers  # "교재: …" label line
    assert "30%" in answers  # a grading list
    assert "컴퓨터공학과 2학년 학생들" in answers  # "… 대상으로"
    assert "강의와 토론" in answers  # "… 으로 진행된다"


def test_questions_name_the_course(tmp_path: Path) -> None:
    for e in _examples(tmp_path):
        assert any(title in e.question for title in ("데이터베이스", "현대시론", "비밀과목"))


def test_unanswerable_examples_have_no_answer(tmp_path: Path) -> None:
    abstain = [e for e in _examples(tmp_path, abstain_rate=1.0) if not e.answer]
    assert abstain
    assert all(e.answer_start == -1 for e in abstain)


def test_development_courses_never_become_examples(tmp_path: Path) -> None:
    questions = tmp_path / "dev.jsonl"
    questions.write_text(json.dumps({"question": "비밀과목 교재?", "gold_lecture_ids": ["C003"],
                                     "gold_answers": ["비밀의 책"], "type": "span"}, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    excluded = dev_question_ids([questions])
    assert excluded == {"C003"}
    examples = _examples(tmp_path, exclude_ids=excluded, abstain_rate=1.0)
    assert all("비밀" not in e.question and "비밀의 책" not in e.context for e in examples)


def test_same_seed_same_examples(tmp_path: Path) -> None:
    assert _examples(tmp_path, seed=3) == _examples(tmp_path, seed=3)


def test_an_enumeration_is_answered_whole(tmp_path: Path) -> None:
    rows = [("L001", "발효공학실험", "식품공학과", "", "3", "전공",
             "발효 식품인 포도주, 탁주, 요거트, 김치, 된장 등을 직접 만들어 본다."),
            ("L002", "웹프로그래밍", "컴퓨터공학과", "", "3", "전공",
             "HTML, CSS, JavaScript를 사용하여 웹 페이지를 만든다.")]
    examples = syllabus_examples([write_catalog(tmp_path / "l.csv", rows)])
    answers = {e.answer for e in examples}
    assert "포도주, 탁주, 요거트, 김치, 된장" in answers  # not just "된장", nor "… 된장 등"
    assert "HTML, CSS, JavaScript" in answers


def test_a_comma_between_clauses_still_ends_the_answer(tmp_path: Path) -> None:
    rows = [("K001", "설계입문", "기계공학과", "", "3", "전공",
             "기초 이론을 배우고, 이를 바탕으로 설계 문제를 다룬다.")]
    answers = {e.answer for e in syllabus_examples([write_catalog(tmp_path / "k.csv", rows)])}
    assert "설계 문제" in answers


def test_a_work_named_with_its_author_is_answered_with_the_work(tmp_path: Path) -> None:
    rows = [("W001", "서양고전읽기", "철학과", "", "3", "교양",
             "플라톤의 『국가』를 읽으며 정의의 문제를 토론한다."),
            ("W002", "동양고전", "철학과", "", "3", "교양",
             "공자의 <논어>, 노자의 <도덕경>을 함께 읽는다.")]
    examples = syllabus_examples([write_catalog(tmp_path / "w.csv", rows)])
    works = {e.answer for e in examples if e.qid.startswith("syl-work")}
    assert works == {"『국가』"}  # the work, not "플라톤의 『국가』"; a list of works is not cut to one
    example = next(e for e in examples if e.qid.startswith("syl-work"))
    assert example.context[example.answer_start:example.answer_start + len(example.answer)] == "『국가』"


def test_held_out_universities_never_become_examples(tmp_path: Path) -> None:
    header = (*CATALOG_HEADER, "대학")
    rows = [("H001", "데이터베이스", "컴퓨터공학과", "", "3", "전공", "교재: 데이터베이스 개론", "가나대학교"),
            ("H002", "운영체제", "컴퓨터공학과", "", "3", "전공", "교재: 운영체제 입문", "다라대학교")]
    catalog = write_catalog(tmp_path / "h.csv", rows, header)
    kept = syllabus_examples([catalog], hold_out=["가나대학교"], abstain_rate=1.0)
    assert kept and all("데이터베이스" not in e.context and "데이터베이스" not in e.question for e in kept)
    assert any(e.answer == "운영체제 입문" for e in kept)


def test_a_named_tool_is_answered_with_its_name_not_the_phrase_around_it(tmp_path: Path) -> None:
    rows = [("T001", "공간분석", "지리학과", "", "3", "전공",
             "공간정보를 이해하고 ArcGIS 프로그램을 활용하여 공간데이터를 분석한다."),
            ("T002", "통계실습", "통계학과", "", "3", "전공", "통계패키지(SPSS) 실습으로 자료를 분석한다."),
            ("T003", "영상디자인", "디자인학과", "", "3", "전공",
             "After Effects와 Premiere를 활용하여 영상을 만든다."),
            ("T004", "수치해석", "수학과", "", "3", "전공", "프로그래밍 언어 Python을 활용하여 방정식의 근을 구한다.")]
    examples = syllabus_examples([write_catalog(tmp_path / "t.csv", rows)])
    tools = {e.answer for e in examples if e.qid.startswith("syl-named_tool")}
    languages = {e.answer for e in examples if e.qid.startswith("syl-named_language")}
    assert tools == {"ArcGIS", "SPSS", "After Effects와 Premiere"}
    assert languages == {"Python"}  # said in a sentence about programming: asked as a language
    assert not [e for e in examples if e.qid.startswith("syl-tool")]  # not "공간정보를 … ArcGIS 프로그램"
    for e in examples:
        if e.qid.startswith("syl-named"):
            assert e.context[e.answer_start:e.answer_start + len(e.answer)] == e.answer


def test_the_language_a_course_is_taught_in_becomes_a_question(tmp_path: Path) -> None:
    rows = [("E001", "재료과학", "재료공학과", "", "3", "전공", "결정 구조와 결함을 배운다. 수업은 영어로 강의한다.")]
    examples = syllabus_examples([write_catalog(tmp_path / "e.csv", rows)])
    taught = [e for e in examples if e.qid.startswith("syl-taught_in")]
    assert [e.answer for e in taught] == ["영어"]
    assert "재료과학" in taught[0].question


def test_a_prerequisite_written_in_prose_is_asked_as_one(tmp_path: Path) -> None:
    rows = [("P001", "중국어강독2", "중어중문학과", "", "3", "전공",
             "본 교과목은 중국어강독1을 이수한 학생들을 대상으로 독해 능력을 기른다."),
            ("P002", "생명과학 인공지능", "생명과학부", "", "3", "전공",
             "유전체 자료를 분석한다. 프로그래밍 개론 수강자에 한해 수강이 허용된다.")]
    examples = syllabus_examples([write_catalog(tmp_path / "p.csv", rows)], abstain_rate=1.0)
    prior = {e.answer: e.question for e in examples if e.qid.startswith("syl-prior")}
    assert set(prior) == {"중국어강독1", "프로그래밍 개론"}
    assert "중국어강독2" in prior["중국어강독1"]
    asked = [e for e in examples if not e.answer and ("선수과목" in e.question or "먼저" in e.question)]
    assert not asked  # a course that says its prerequisite is never asked for one it has not


def test_grading_lists_are_written_into_descriptions_that_hold_none(tmp_path: Path) -> None:
    rows = [(f"G{n:03d}", f"과목{n}", "철학과", "", "3", "교양", f"철학의 {n}번째 주제를 다룬다. 토론한다.")
            for n in range(30)]
    examples = syllabus_examples([write_catalog(tmp_path / "g.csv", rows)], per_kind=20, abstain_rate=1.0)
    graded = [e for e in examples if e.qid.startswith("syl-grading")]
    assert {e.qid.split("-")[1] for e in graded} >= {"grading_list", "grading_share", "grading_exam"}
    for e in graded:
        assert e.context[e.answer_start:e.answer_start + len(e.answer)] == e.answer
        assert e.answer and e.answer in e.context and e.context.startswith("철학의")
    shares = [e.answer for e in graded if e.qid.startswith("syl-grading_share")]
    assert all(s.rstrip("%").strip().isdigit() for s in shares)
    exams = [e for e in graded if e.qid.startswith("syl-grading_exam")]
    assert all("고사" in e.answer for e in exams)  # the exam as written, with its share or "없음"
    # asked of a description that says nothing of exams: the reader abstains
    assert any(not e.answer and ("중간" in e.question or "기말" in e.question) for e in examples)


def test_a_grading_line_adds_up_and_points_at_its_parts() -> None:
    import random

    from assistant.syllabus_grading import grading_line, grading_questions

    rng = random.Random(0)
    absent = 0
    for _ in range(200):
        line = grading_line(rng)
        held = [share for _, share, _, _ in line.items if share is not None]
        assert sum(held) == 100 and min(held) >= 5
        absent += len(line.items) - len(held)
        for name, share, (s, e), (ss, se) in line.items:
            assert line.text[s:e].startswith(name) or name in line.text[s:e]
            assert s <= ss < se <= e
            if share is not None:
                assert line.text[ss:se].replace(" ", "") == f"{share}%"
        assert line.text[line.start:line.end].strip() == line.text[line.start:line.end]
        for _kind, question, start, end in grading_questions("자료구조", line, 0, rng):
            assert question.startswith("자료구조") and line.start <= start < end <= line.end
    assert 30 <= absent <= 120  # now and then an exam is not held
