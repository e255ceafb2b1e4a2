"""bench/named_threshold.py: the per-question score behind the named-course reader bar, and
the choice of the bar (pooled and leave-one-catalog-out), on hand-made answers."""

from __future__ import annotations

import json

import pytest
from conftest import loaded_script


@pytest.fixture(scope="module")
def named():
    yield from loaded_script("bench/named_threshold.py", "bench_named_threshold")


def span(score: float | None, f1: float, kind: str = "span") -> dict:
    return {"type": "span", "kind": kind, "score": score, "f1": f1}


def none(score: float | None, kind: str = "span") -> dict:
    return {"type": "none", "kind": kind, "score": score, "f1": 0.0}


def test_score_counts_a_quoted_span_and_an_unquoted_none(named) -> None:
    rows = [span(0.5, 1.0), span(0.02, 0.5), none(0.04), none(None, kind="none")]
    assert named.score(rows, 0.01) == pytest.approx((1.0 + 0.5 + 0.0 + 1.0) / 4)
    assert named.score(rows, 0.03) == pytest.approx((1.0 + 0.0 + 0.0 + 1.0) / 4)  # the 0.02 span is dropped
    assert named.score(rows, 0.05) == pytest.approx((1.0 + 0.0 + 1.0 + 1.0) / 4)  # the none is now said plainly
    assert named.score([span(None, 0.8, kind="field")], 0.19) == pytest.approx(0.8)  # not the reader's
    assert named.score([none(None, kind="lookup")], 0.19) == 0.0  # a course list does not answer a none


def test_best_takes_the_lowest_of_tied_thresholds(named) -> None:
    rows = [span(0.5, 1.0), none(0.015)]
    assert named.best(rows) == 0.02  # 0.02 .. 0.19 all score 1.0
    assert named.best([span(0.006, 1.0)]) == 0.005


def test_main_picks_the_pooled_best_and_scores_each_catalog_left_out(named, monkeypatch, capsys) -> None:
    answers = {"a.jsonl": [span(0.04, 1.0), none(0.01)], "b.jsonl": [none(0.03), span(0.5, 1.0)],
               "c.jsonl": [span(0.02, 1.0)]}
    monkeypatch.setattr(named, "ask_all", lambda questions, db: answers[questions.name])
    assert named.main(["--pair", "a.jsonl", "x.db", "--pair", "b.jsonl", "y.db", "--pair", "c.jsonl", "x.db",
                       "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["catalogs"]["x.db"]["n"] == 3 and out["catalogs"]["y.db"]["n"] == 2  # pairs grouped by database
    assert out["chosen"] == 0.02  # keeps the 0.02 and 0.04 spans, drops the 0.01 none
    assert out["leave_one_out"]["y.db"] == {"threshold": 0.02, "score": 0.5}  # x.db alone picks 0.02
    assert out["leave_one_out"]["x.db"]["threshold"] == 0.05  # y.db alone needs the 0.03 none dropped
