"""The extractive reader: unit tests of its span logic, integration tests of the shipped
weights (Korean questions answered with exact spans, no-answer on unrelated text)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ModelLoadError
from assistant.read import WEIGHTS_DIR, Candidate, Passage, Reader
from assistant.spans import decode_span
from assistant.records import Course, Hit, Sentence, SentenceMatch

from ask_fakes import FakeReader

WEIGHTS = WEIGHTS_DIR / "reader.safetensors"
needs_weights = pytest.mark.skipif(not WEIGHTS.is_file(), reason=f"no reader weights at {WEIGHTS}")


class ScriptedReader(Reader):
    """A Reader whose model output is scripted: best_spans returns fixed candidates."""

    def __init__(self, candidates: list[Candidate], **kwargs) -> None:
        super().__init__(threshold=0.5, **kwargs)
        self.candidates = candidates

    def best_spans(self, question, passages):  # type: ignore[override]
        return self.candidates


DESCRIPTION = "자료구조를 배운다. 교재는 Introduction to Algorithms이다. 평가는 시험 50%이다."


def _sentences(lecture_id: str = "L1") -> tuple[Sentence, ...]:
    spans = [(0, 10), (11, 44), (45, len(DESCRIPTION))]
    return tuple(Sentence(lecture_id, i, s, e, DESCRIPTION[s:e], 100 + i) for i, (s, e) in enumerate(spans))


def _hit(lecture_id: str = "L1", start: int = 11, end: int = 44) -> Hit:
    course = Course(lecture_id, "자료구조", "컴퓨터공학과", "김철수", 3.0, "전공필수", DESCRIPTION)
    sents = _sentences(lecture_id)
    covered = tuple(s for s in sents if start <= s.start and s.end <= end)
    return Hit(course, 1.0, (SentenceMatch(covered[0], 1.0),), start, end, (lecture_id,), covered)


def test_passage_from_hit_keeps_offsets() -> None:
    p = Passage.from_hit(_hit())
    assert p.text == DESCRIPTION[11:44] and p.offset == 11 and p.lecture_id == "L1"


def test_read_maps_spans_to_description_offsets_and_sentence_ids() -> None:
    hit = _hit()
    text = hit.passage
    start = text.index("Introduction")
    end = start + len("Introduction to Algorithms")
    reader = ScriptedReader([Candidate(0, start, end, 5.0, 0.9)])
    spans = reader.run("교재는?", [hit])
    assert len(spans) == 1
    span = spans[0]
    assert span.text == "Introduction to Algorithms"
    assert DESCRIPTION[span.start : span.end] == span.text  # offsets round-trip
    assert span.sentence_id == 101 and span.lecture_id == "L1"


def test_read_drops_spans_below_threshold_and_keeps_order() -> None:
    hit_a, hit_b = _hit("L1"), _hit("L2")
    reader = ScriptedReader([Candidate(0, 0, 2, 1.0, 0.4), Candidate(1, 4, 6, 3.0, 0.8)])
    spans = reader.run("?", [hit_a, hit_b])
    assert [s.lecture_id for s in spans] == ["L2"]


def test_read_deduplicates_same_text_and_overlaps() -> None:
    hit_a, hit_b = _hit("L1"), _hit("L2")
    same = Candidate(0, 4, 10, 4.0, 0.9)
    reader = ScriptedReader([same, Candidate(1, 4, 10, 3.0, 0.8), Candidate(0, 5, 12, 2.0, 0.7)])
    spans = reader.run("?", [hit_a, hit_b], top_k=5)
    assert len(spans) == 1  # same text from a sibling section, and an overlapping span


def test_probability_is_monotonic_and_bounded() -> None:
    reader = Reader(threshold=0.5)
    reader.calibration = (0.8, -1.0)
    values = [reader.probability(m) for m in (-100.0, -2.0, 0.0, 2.0, 100.0)]
    assert values == sorted(values)
    assert 0.0 <= values[0] < 0.01 and 0.99 < values[-1] <= 1.0


def test_missing_bundled_weights_give_a_clear_error(tmp_path: Path) -> None:
    reader = Reader(weights_dir=tmp_path, cache_dir=tmp_path / "cache")
    with pytest.raises(ModelLoadError, match="reader weights are missing"):
        reader.warm_up()


@pytest.mark.integration
def test_bad_model_path_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="cannot load model"):
        Reader(str(tmp_path / "no-such-model")).warm_up()
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelLoadError, match="not a loadable model"):
        Reader(str(tmp_path / "empty")).warm_up()


# --- the shipped reader ------------------------------------------------------------------

CASES = [
    ("자료구조 수업의 교재는 무엇인가?",
     "이 과목은 스택, 큐, 트리 같은 자료구조를 다룬다. 교재는 Introduction to Algorithms이다. "
     "평가는 중간고사 30%, 기말고사 40%, 과제 30%로 한다.", "Introduction to Algorithms"),
    ("이 과목의 선수과목은 무엇인가?",
     "본 강좌는 회귀분석과 분산분석을 다룬다. 선수과목은 기초통계학이며, 엑셀 실습을 병행한다.",
     "기초통계학"),
    ("수강 인원은 몇 명으로 제한되는가?",
     "이 과목은 실습 위주로 운영되며 수강 인원은 40명으로 제한된다.", "40명"),
    # the work, with or without its author (the gold answers of db/sample_questions.jsonl)
    ("이 수업에서 중심으로 다루는 작품은?",
     "이 수업에서는 박경리의 <토지>를 중심으로 대하소설의 서사 구조를 분석한다.", ("<토지>", "박경리의 <토지>")),
]


@pytest.fixture(scope="module")
def shipped_reader(model_cache_dir: Path) -> Reader:
    reader = Reader(cache_dir=model_cache_dir)
    reader.warm_up()
    return reader


@pytest.mark.integration
@needs_weights
@pytest.mark.parametrize("question, passage, answer", CASES)
def test_shipped_reader_answers_fixed_questions(shipped_reader: Reader, question: str,
                                                passage: str, answer: str | tuple[str, ...]) -> None:
    offset = 7  # the passage sits inside a longer description
    spans = shipped_reader.read(question, [Passage(passage, offset, "L1")])
    assert spans, f"no confident answer for {question!r}"
    best = spans[0]
    # the answer itself, give or take a particle or a bracket: not any span that contains it
    assert any((gold in best.text or best.text in gold) and abs(len(best.text) - len(gold)) <= 3
               for gold in ((answer,) if isinstance(answer, str) else answer)), best.text
    description = "가나다라마바사" + passage
    assert description[best.start : best.end] == best.text
    assert 0.0 <= best.score <= 1.0 and best.score >= shipped_reader.threshold


@pytest.mark.integration
@needs_weights
def test_shipped_reader_abstains_on_an_unrelated_passage(shipped_reader: Reader) -> None:
    passage = "조선 후기의 실학자들은 토지 제도의 개혁을 주장하였다. 정약용은 여전론을 제시하였다."
    assert shipped_reader.read("자료구조 수업의 교재는 무엇인가?", [Passage(passage, 0, "L9")]) == []


@pytest.mark.integration
@needs_weights
def test_long_passages_are_read_in_windows(shipped_reader: Reader) -> None:
    filler = "이 문장은 답과 관계없는 긴 설명이다. " * 40
    passage = filler + "교재는 Introduction to Algorithms이다. " + filler
    best = shipped_reader.best_spans("교재는 무엇인가?", [Passage(passage, 0, "L1")])
    assert len(best) == 1
    assert "Algorithms" in passage[best[0].start : best[0].end]


# --- span decoding on hand-made logits (no model) -------------------------------------------

def _window(tokens: list[str]) -> tuple[str, list[tuple[int, int]], list[int]]:
    """Text, offsets and context indices for a window ``<s> question </s> tokens…``."""
    text, offsets = "", [(0, 0), (0, 0), (0, 0)]  # <s>, a question token, </s>
    for t in tokens:
        if text:
            text += " " if not t.startswith("##") else ""
        t = t.removeprefix("##")
        offsets.append((len(text), len(text) + len(t)))
        text += t
    return text, offsets, list(range(3, 3 + len(tokens)))


def _logits(n: int, start: dict[int, float], end: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    s, e = np.full(n, -5.0), np.full(n, -5.0)
    for k, v in start.items():
        s[k] = v
    for k, v in end.items():
        e[k] = v
    return s, e


def test_decode_picks_the_best_valid_pair_and_its_margin() -> None:
    text, offsets, context = _window(["교재는", "Introduction", "to", "Algorithms", "이다"])
    s, e = _logits(len(offsets), {0: 1.0, 4: 6.0}, {0: 1.0, 6: 5.0})
    start, end, margin = decode_span(s, e, offsets, context, text)
    assert text[start:end] == "Introduction to Algorithms"
    assert margin == pytest.approx(11.0 - 2.0)  # span score minus the <s> (no-answer) score


def test_decode_never_ends_before_it_starts_nor_runs_too_long() -> None:
    text, offsets, context = _window(["하늘", "바다", "숲길", "강물", "들판"])
    s, e = _logits(len(offsets), {6: 9.0, 3: 2.0}, {4: 9.0, 7: 1.0})  # best end lies before best start
    start, end, _ = decode_span(s, e, offsets, context, text)
    assert text[start:end] == "하늘 바다"  # 2 + 9 beats 강물…들판's 9 + 1
    s, e = _logits(len(offsets), {3: 5.0}, {7: 5.0, 4: 1.0})
    start, end, _ = decode_span(s, e, offsets, context, text, max_answer_tokens=2)
    assert text[start:end] == "하늘 바다"  # the five-token span is too long


def test_decode_drops_a_trailing_particle_token_and_ignores_the_question() -> None:
    text, offsets, context = _window(["자료구조", "##를", "먼저", "듣는다"])
    s, e = _logits(len(offsets), {3: 5.0, 1: 50.0}, {4: 5.0, 1: 50.0})  # token 1 is the question
    start, end, _ = decode_span(s, e, offsets, context, text)
    assert text[start:end] == "자료구조"
    assert decode_span(s, e, offsets, [], text) is None  # no passage tokens, no span


def test_decode_starts_no_answer_inside_a_word() -> None:
    text, offsets, context = _window(["현재", "막", "##바지", "##에", "와", "있다"])  # "막바지에"
    s, e = _logits(len(offsets), {5: 9.0, 4: 2.0}, {5: 9.0})
    start, end, _ = decode_span(s, e, offsets, context, text)
    assert text[start:end] == "막바지"  # not "바지", the better-scored start inside 막바지
    text, offsets, context = _window(["수강대상", "##4학년", "학생"])  # a label glued to its value
    s, e = _logits(len(offsets), {4: 9.0}, {5: 9.0})
    start, end, _ = decode_span(s, e, offsets, context, text)
    assert text[start:end] == "4학년 학생"  # another script: a word of its own


def test_decode_keeps_a_last_token_that_cannot_be_a_particle_there() -> None:
    text, offsets, context = _window(["직접", "농", "##가", "##를", "방문"])  # "농가": 가 follows no vowel
    s, e = _logits(len(offsets), {3: 9.0}, {5: 9.0})
    start, end, _ = decode_span(s, e, offsets, context, text)
    assert text[start:end] == "직접 농가"
    text, offsets, context = _window(["교재", "##가", "중요"])  # "교재가": a particle
    s, e = _logits(len(offsets), {3: 9.0}, {4: 9.0})
    start, end, _ = decode_span(s, e, offsets, context, text)
    assert text[start:end] == "교재"


def test_calibration_fit_recovers_a_known_logistic() -> None:
    from assistant.train_reader import fit_logistic

    rng = np.random.default_rng(0)
    x = rng.normal(size=5000)
    y = (rng.random(5000) < 1 / (1 + np.exp(-(2.0 * x - 1.0)))).astype(float)
    a, b = fit_logistic(x, y)
    assert a == pytest.approx(2.0, abs=0.2) and b == pytest.approx(-1.0, abs=0.15)
    assert fit_logistic(x, np.ones_like(x)) == (1.0, 0.0)  # one class only: no fit


# --- the reader's own pipeline on a fake model (tests/ask_fakes.py) ---------------------------
# FakeReader fakes only tokenizer and logits (one character = one token; a textbook after
# 교재는 / 교재: gets the high start and end logits): windows, margins, calibration,
# threshold, decoding, trimming and de-duplication are the reader's.

def test_a_passage_longer_than_a_window_is_read_to_its_end() -> None:
    reader = FakeReader()
    filler = "이 문장은 답과 관계없는 긴 설명이다. " * 20
    passage = filler + "교재는 Introduction to Algorithms이다. 평가는 시험이다."
    assert len(passage) > 2 * reader.max_length
    spans = reader.read("교재는 무엇인가?", [Passage(passage, 7, "L1")])
    assert reader.windows > 2  # the passage took several windows
    assert [s.text for s in spans] == ["Introduction to Algorithms"]
    description = "가나다라마바사" + passage
    assert description[spans[0].start : spans[0].end] == spans[0].text
    assert spans[0].score >= reader.threshold


@pytest.mark.parametrize("shift", range(0, 24, 3))
def test_a_window_that_cuts_the_answer_loses_to_the_one_holding_it(shift: int) -> None:
    reader = FakeReader(max_length=40, stride=20)  # 33 passage characters a window, 20 shared
    passage = "가" * shift + "이 과목은 실습 위주로 운영된다. 교재는 알고리즘 문제 해결 전략이다. 평가는 시험이다."
    spans = reader.read("교재는?", [Passage(passage, 0, "L1")])
    assert reader.windows >= 3
    assert [s.text for s in spans] == ["알고리즘 문제 해결 전략"]


@pytest.mark.parametrize("passage, answer", [
    ("교재는 생활영어를 사용한다.", "생활영어"),  # a lone particle token at the end is dropped
    ("이 수업의 주교재는 <현대문학사>를 사용한다.", "<현대문학사>"),
    ("교재: 전력공학\n평가: 시험 100%", "전력공학"),  # the label and the next line are cut
    ("(교재) 회로이론 ※ 참고문헌은 따로 안내한다.", "회로이론"),
])
def test_the_raw_span_is_trimmed_to_the_answer(passage: str, answer: str) -> None:
    spans = FakeReader().read("이 수업 교재가 뭐야?", [Passage(passage, 0, "L1")])
    assert [s.text for s in spans] == [answer]


def test_no_textbook_no_span() -> None:
    reader = FakeReader()
    assert reader.read("담당 교수는?", [Passage("교재는 생활영어를 사용한다.", 0, "L1")]) == []
    assert reader.read("교재는 무엇인가?", [Passage("평가는 시험 100%로 한다.", 0, "L1")]) == []
    assert reader.windows == 2  # read, and judged unanswerable


def test_two_sections_with_one_description_give_one_span() -> None:
    spans = FakeReader().run("교재가 뭐야?", [_hit("L1"), _hit("L2")], top_k=5)
    assert [(s.text, s.lecture_id, s.sentence_id) for s in spans] == [("Introduction to Algorithms", "L1", 101)]
    assert DESCRIPTION[spans[0].start : spans[0].end] == spans[0].text


def test_a_label_inside_a_passage_is_cut_too() -> None:
    spans = FakeReader().read("교재가 뭐야?", [Passage("웹 보안 실습의 교재: 보안 코딩 입문", 0, "L1")])
    assert [s.text for s in spans] == ["보안 코딩 입문"]


@pytest.mark.parametrize("text, span, expected", [
    ("중급회계 1보다 과목이 어려워서 중급회계3 이라 불러지는 것이 아님. 책의 뒷부분을 다룬다.", "중급회계3",
     "중급회계3 이라 불러지는 것이 아님"),  # the clause's negation kept: cut before it, the span says the opposite
    ("중간고사 20%, 기말고사 없음", "기말고사", "기말고사 없음"),
    ("파이썬을 사용한다. 교재는 없다.", "파이썬", "파이썬"),  # the negation is another sentence's
    ("팀 프로젝트로 진행하며 별도의 시험은 치르지 않는다.", "팀 프로젝트", "팀 프로젝트"),  # too far off
])
def test_a_span_runs_on_to_the_negation_of_its_clause(text: str, span: str, expected: str) -> None:
    from assistant.spans import with_negation

    start = text.rindex(span)
    assert text[start:with_negation(text, start + len(span))] == expected


def test_shipped_reader_left_out_every_question_file_and_the_held_out_universities() -> None:
    """The syllabus step read no course of a question file, nor any course of the universities
    the blind files ask about (a file written later may ask only about those); the step
    before it read KorQuAD only."""
    import csv
    import json

    from assistant.settings import PROJECT_ROOT

    manifest = json.loads((WEIGHTS_DIR / "manifest.json").read_text(encoding="utf-8"))
    params = manifest["hyperparameters"]
    held_out = set(params["hold_out"])
    assert {"부산대학교", "서울대학교", "경상국립대학교"} <= held_out
    assert not manifest["previous_training"]["hyperparameters"].get("syllabus")  # step 1: KorQuAD only
    files = {str(p.relative_to(PROJECT_ROOT)) for p in (PROJECT_ROOT / "db" / "questions").glob("*.jsonl")}
    later = files - set(params["exclude_questions"])
    catalog = PROJECT_ROOT.parent / "shared" / "data" / "catalogs" / "eight_universities.csv"
    if not later:
        return
    if not catalog.is_file():
        pytest.skip(f"{sorted(later)} are not in the manifest and {catalog} is not here to check them")
    with catalog.open(encoding="utf-8", newline="") as fh:
        university = {row["강의번호"]: row["대학"] for row in csv.DictReader(fh)}
    for name in sorted(later):
        for line in (PROJECT_ROOT / name).read_text(encoding="utf-8").splitlines():
            for lid in json.loads(line)["gold_lecture_ids"] if line.strip() else []:
                assert university.get(lid) in held_out, f"{name}: {lid} was not held out of training"


@pytest.mark.parametrize("text, span, expected", [
    ("경연대회를 통해서 성능평가를 실시한다.", "성능평가", "성능평가"),  # 가 after a final consonant: the word's own
    ("직접 농가를 방문하여 체험실습도 실시한다.", "직접 농가", "직접 농가"),
    ("교재는 생활영어를 사용한다.", "생활영어를", "생활영어"),  # 를 after a vowel: a particle
    ("수업 방식은 토론이다.", "수업 방식은", "수업 방식"),
    ("대상은 3학년 학생이 중심이다.", "3학년 학생이", "3학년 학생"),
    ("발표는 대학교가 주관한다.", "대학교가", "대학교"),
    ("실습은 파이썬으로 한다.", "파이썬으로", "파이썬"),
    ("실습은 교재로 한다.", "교재로", "교재"),
    ("답안은 한국어로 쓴다.", "한국어로", "한국어"),
])
def test_a_trailing_particle_is_cut_only_where_it_can_follow_the_word(text: str, span: str, expected: str) -> None:
    from assistant.spans import trim_span

    start = text.index(span)
    s, e = trim_span(text, start, start + len(span))
    assert text[s:e] == expected
