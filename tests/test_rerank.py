"""The lab's lookup re-ranker: its own logic (scoring faked, so ordering and bookkeeping
run), the study's scoring, and the helpers of its training recipe."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.records import Course, Hit, Sentence, SentenceMatch
from assistant.lab.rerank import Reranker, _auc
from assistant.lab.rerank_train import catalog_pairs, platt
from conftest import TINY_COURSES, write_catalog


def _hit(lecture_id: str, *sentences: str) -> Hit:
    course = Course(lecture_id, f"과목{lecture_id}", "학과", "", 3.0, "전공", " ".join(sentences))
    matches, pos = [], 0
    for i, text in enumerate(sentences):
        s = Sentence(lecture_id, i, pos, pos + len(text), text, i + 1)
        matches.append(SentenceMatch(s, 1.0 - i / 10, None, None, None))
        pos += len(text) + 1
    return Hit(course, 1.0, tuple(matches), 0, pos, (lecture_id,))


class _Fake(Reranker):
    """Probability = whether the sentence holds the question's last word (the model, faked)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(Path("/nonexistent"), **kwargs)
        self.calls: list[list[str]] = []

    def scores(self, question: str, sentences) -> np.ndarray:
        self.calls.append(list(sentences))
        word = question.split()[-1]
        return np.array([0.9 if word in s else 0.1 for s in sentences])


def test_hits_are_reordered_by_their_best_sentence() -> None:
    hits = [_hit("A", "통계 기초", "회귀 분석"), _hit("B", "음성 인식 원리", "언어 모델"), _hit("C", "문학 비평")]
    out = _Fake().run("말을 글자로 바꾸는 음성", hits)
    assert [h.course.lecture_id for h, _ in out] == ["B", "A", "C"]
    assert out[0][1] == pytest.approx(0.9)
    assert out[1][1] == pytest.approx(0.1)


def test_ties_keep_the_retrievers_order() -> None:
    hits = [_hit(x, "아무 내용") for x in "PQR"]
    assert [h.course.lecture_id for h, _ in _Fake().run("없는 단어", hits)] == ["P", "Q", "R"]


def test_only_the_best_sentences_of_each_hit_are_read() -> None:
    fake = _Fake(sentences_per_hit=1)
    fake.run("음성", [_hit("A", "첫 문장", "음성 두 번째"), _hit("B", "음성 첫 문장")])
    assert fake.calls == [["첫 문장", "음성 첫 문장"]]


def test_no_hits_no_scoring() -> None:
    fake = _Fake()
    assert fake.run("질문", []) == []


def test_missing_bundled_weights_are_a_clear_error(tmp_path: Path) -> None:
    from assistant.errors import ModelLoadError

    reranker = Reranker(tmp_path, cache_dir=tmp_path)
    assert not reranker.available()
    with pytest.raises(ModelLoadError, match="re-ranker weights are missing"):
        reranker.warm_up()


def test_calibration_comes_from_the_manifest(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps({"calibration": {"a": 2.0, "b": -1.0}, "max_length": 96}))
    reranker = Reranker(tmp_path)
    assert reranker.calibration == (2.0, -1.0)
    assert reranker.max_length == 96


def test_auc_counts_pairs_ordered_and_ties_half() -> None:
    assert _auc([0.9, 0.8], [0.1]) == 1.0
    assert _auc([0.1], [0.9, 0.1]) == 0.25
    assert _auc([], [0.5]) is None


def test_platt_scaling_orders_and_calibrates() -> None:
    rng = np.random.default_rng(0)
    labels = np.concatenate([np.ones(500), np.zeros(500)])
    logits = np.concatenate([rng.normal(2, 1, 500), rng.normal(-2, 1, 500)])
    a, b = platt(logits, labels)
    assert a > 0
    p = 1 / (1 + np.exp(-(a * logits + b)))
    assert abs(p.mean() - labels.mean()) < 0.02  # calibrated on average
    assert p[:500].mean() > 0.8 and p[500:].mean() < 0.2


def test_title_pairs_leave_development_courses_out(tmp_path: Path) -> None:
    import random

    catalog = write_catalog(tmp_path / "c.csv", TINY_COURSES)

    def embed(texts):
        return np.eye(len(texts), dtype=np.float32)

    pairs = catalog_pairs(random.Random(0), [catalog], {"2150412001"}, embed)
    assert pairs and {y for _, _, y in pairs} == {0.0, 1.0}
    assert all("머신러닝" not in q and "신경망" not in s for q, s, _ in pairs)
    titles = {row[1] for row in TINY_COURSES}
    for question, sentence, label in pairs:
        if label == 1.0:
            title = next(t for t in titles if t in question)
            assert title not in sentence  # the positive does not just repeat the title
