"""bench/compare.py: the scoring both sides share, and the classic span decoding of the
naive side (driven by hand-made logits)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from conftest import loaded_script

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compare():
    yield from loaded_script("bench/compare.py", "bench_compare")


def test_questions_keep_those_with_a_gold_course(compare, tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    rows = [{"question": "a", "gold_lecture_ids": ["X"], "gold_answers": ["답"], "type": "span"},
            {"question": "b", "gold_lecture_ids": [], "gold_answers": [], "type": "none"},
            {"question": "c", "gold_lecture_ids": ["Y"], "gold_answers": [], "type": "lookup"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert [q["question"] for q in compare._questions(path, 0)] == ["a", "c"]
    assert [q["question"] for q in compare._questions(path, 1)] == ["a"]


def test_score_counts_hits_and_span_f1(compare) -> None:
    questions = [{"question": "a", "gold_lecture_ids": ["X"], "gold_answers": ["자료구조"], "type": "span"},
                 {"question": "b", "gold_lecture_ids": ["Y"], "gold_answers": [], "type": "lookup"}]
    answers = [(["Q\x00X"], "자료구조"), (["Z", "Y"], "")]  # sections joined; Y only second
    scores = compare._score(answers, questions)
    assert scores["course_hit@1"] == 0.5
    assert scores["answer_f1"] == 100.0 and scores["span_questions"] == 1


class _Tokenizer:
    """Whitespace 'tokenizer' with offsets, question tokens first (sequence id 0)."""

    def __call__(self, question, context, **kwargs):
        words, offsets, pos = context.split(), [], 0
        for w in words:
            pos = context.index(w, pos)
            offsets.append((pos, pos + len(w)))
            pos += len(w)
        seq = [None, 0, None] + [1] * len(words)
        return _Encoding({"input_ids": np.zeros((1, len(seq))), "attention_mask": np.ones((1, len(seq))),
                          "offset_mapping": SimpleNamespace(tolist=lambda: [[(0, 0)] * 3 + offsets])}, seq)


class _Encoding(dict):
    """A BatchEncoding's dict behaviour plus ``sequence_ids``."""

    def __init__(self, data, seq):
        super().__init__(data)
        self._seq = seq

    def sequence_ids(self, window):
        return self._seq


def test_classic_decoding_picks_best_start_end_inside_the_context(compare) -> None:
    import torch

    context = "교재는 Introduction to Algorithms 이다"
    # tokens: [CLS] q [SEP] 교재는 Introduction to Algorithms 이다
    start = torch.tensor([[9.0, 0, 0, 0, 5, 0, 0, 0]])
    end = torch.tensor([[9.0, 0, 0, 0, 0, 0, 5, 0]])
    qa = lambda **kw: SimpleNamespace(start_logits=start, end_logits=end)  # noqa: E731
    assert compare._classic_answer(qa, _Tokenizer(), torch, "교재?", [context]) == "Introduction to Algorithms"
