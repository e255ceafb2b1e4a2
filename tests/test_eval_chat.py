"""``eval chat``: each question type scored apart, ``--json`` shape, none answers never
count as lookup hits (a scripted assistant: only the scoring runs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import AssistantError
from assistant.evaluate import eval_chat, load_chat_questions, ranked_course_ids
from assistant.records import Answer, Citation, Course, Hit
from assistant.settings import Settings

COURSE = Course("CSE2010", "자료구조", "컴퓨터공학과", "", 3.0, "전공", "교재는 쉽게 배우는 자료구조이다.")
OTHER = Course("CSE3080", "알고리즘", "컴퓨터공학과", "", 3.0, "전공", "정렬과 탐색.")


def hit(course: Course) -> Hit:
    return Hit(course, 1.0, (), 0, len(course.description))


class Scripted:
    """Answers from a dict keyed by question."""

    def __init__(self, answers: dict[str, Answer]) -> None:
        self.answers = answers

    def warm_up(self) -> None:
        pass

    def ask(self, question: str, history=None, filters=None) -> Answer:
        return self.answers.get(question, Answer(question, question, "none", "없음"))


def write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_each_type_is_scored_apart(tmp_path: Path) -> None:
    rows = [
        {"question": "L1", "gold_lecture_ids": ["CSE2010"], "gold_answers": [], "type": "lookup"},
        {"question": "L2", "gold_lecture_ids": ["CSE2010"], "gold_answers": [], "type": "lookup"},
        {"question": "S1", "gold_lecture_ids": ["CSE2010"], "gold_answers": ["쉽게 배우는 자료구조"], "type": "span"},
        {"question": "F1", "gold_lecture_ids": ["CSE2010"], "gold_answers": ["3"], "type": "field"},
        {"question": "N1", "gold_lecture_ids": [], "gold_answers": [], "type": "none"},
        {"question": "N2", "gold_lecture_ids": [], "gold_answers": [], "type": "none"},
    ]
    answers = {
        "L1": Answer("L1", "L1", "lookup", "네, 있어요", courses=(hit(OTHER), hit(COURSE))),
        # a none answer that names the right course as "close" is not a hit
        "L2": Answer("L2", "L2", "none", "가장 가까운 과목은 자료구조", courses=(hit(COURSE),)),
        "S1": Answer("S1", "S1", "span", "“쉽게 배우는 자료구조”", answer_text="쉽게 배우는 자료구조",
                     citations=(Citation(COURSE, ("CSE2010",)),)),
        "F1": Answer("F1", "F1", "field", "자료구조(CSE2010)의 학점은 3학점입니다.", answer_text="3학점"),
        # a hedged lookup is not a right answer to an unanswerable question
        "N2": Answer("N2", "N2", "lookup", "딱 맞는 과목인지는 확실하지 않지만", courses=(hit(OTHER),)),
    }
    # settings pointing into tmp_path: nothing can be built in the checkout's db/
    settings = Settings(db_path=tmp_path / "unused.db", cache_dir=tmp_path / "cache")
    s = eval_chat(settings, write(tmp_path, rows), assistant=Scripted(answers))
    out = s.as_json()
    assert out["lookup"] == {"n": 2, "hit@1": 0.0, "hit@3": 0.5}
    assert out["span"] == {"n": 1, "f1": 100.0, "em": 100.0}
    assert out["field"] == {"n": 1, "accuracy": 1.0}
    assert out["none"] == {"n": 2, "accuracy": 0.5}
    assert set(out["latency_ms"]) == {"p50", "p95"}
    assert {f["question"] for f in s.failures} == {"L2", "N2"}


def test_ranked_courses_of_a_none_answer_are_empty() -> None:
    assert ranked_course_ids(Answer("q", "q", "none", "x", courses=(hit(COURSE),))) == []
    assert ranked_course_ids(Answer("q", "q", "lookup", "x", courses=(hit(COURSE), hit(OTHER)))) == \
        [("CSE2010",), ("CSE3080",)]


def test_type_is_inferred_when_absent(tmp_path: Path) -> None:
    rows = load_chat_questions(write(tmp_path, [
        {"question": "a", "gold_lecture_ids": ["X"], "gold_answers": ["y"]},
        {"question": "b", "gold_lecture_ids": ["X"]},
        {"question": "c", "extra": 1}]))
    assert [r["type"] for r in rows] == ["span", "lookup", "none"]


def test_a_bad_line_names_its_number(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"question": "a"}\nnot json\n', encoding="utf-8")
    with pytest.raises(AssistantError, match="line 2"):
        load_chat_questions(path)
