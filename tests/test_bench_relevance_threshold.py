"""bench/relevance_threshold.py: the score behind the lookup decision's thresholds and the
choice of a grid point (pooled, nearest the defaults on a tie, leave one catalog out), on
hand-made marks; and one real grid point asked through the assistant on the tiny catalog."""

from __future__ import annotations

import json

import pytest
from conftest import loaded_script


@pytest.fixture(scope="module")
def rel():
    yield from loaded_script("bench/relevance_threshold.py", "bench_relevance_threshold")


def test_score_weighs_lookup_and_none_alike(rel) -> None:
    marks = [("lookup", True), ("lookup", True), ("lookup", True), ("lookup", False), ("none", False)]
    assert rel.score(marks) == pytest.approx((0.75 + 0.0) / 2)
    assert rel.score([("none", True), ("none", False)]) == pytest.approx(0.5)  # one kind alone
    assert rel.score([]) == 0.0


def test_grid_keeps_hedge_at_most_match(rel) -> None:
    points = rel.grid()
    assert points and all(h <= m for m, h, _d, _p in points)
    assert len({p for p in points}) == len(points)


def test_best_breaks_ties_toward_the_defaults(rel) -> None:
    default = (4.0, 2.6, 0.87, 0.51)
    good = [("lookup", True), ("none", True)]
    results = {(5.0, 3.4, 1.0, 0.0): good, (4.0, 3.0, 0.87, 0.51): good, default: [("lookup", False)]}
    assert rel.best(results, default) == (4.0, 3.0, 0.87, 0.51)


def test_main_chooses_the_pooled_best_and_scores_each_catalog_left_out(rel, monkeypatch, capsys) -> None:
    a, b = (3.5, 2.2, 1.0, 0.0), (5.0, 3.4, 0.87, 0.51)
    monkeypatch.setattr(rel, "grid", lambda: [a, b])
    marks = {  # x.db likes a (lookups found), y.db likes b (nones said plainly), z.db like x
        "x.jsonl": {a: [("lookup", True), ("none", False)], b: [("lookup", False), ("none", False)]},
        "y.jsonl": {a: [("none", False)], b: [("none", True)]},
        "z.jsonl": {a: [("lookup", True)], b: [("lookup", False)]},
    }

    at_default = {"x.jsonl": [("lookup", False), ("none", False)], "y.jsonl": [("none", True)],
                  "z.jsonl": [("lookup", False)]}

    def fake(questions, db, points):
        return {p: marks[questions.name].get(p, at_default[questions.name]) for p in points}

    monkeypatch.setattr(rel, "ask_grid", fake)
    assert rel.main(["--pair", "x.jsonl", "x.db", "--pair", "y.jsonl", "y.db", "--pair", "z.jsonl", "z.db",
                     "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert tuple(out["chosen"]) == a
    assert tuple(out["leave_one_out"]["x.db"]["point"]) == (4.0, 2.6, 0.87, 0.51)  # a three-way tie: the defaults
    assert out["leave_one_out"]["y.db"] == {"point": list(a), "score": 0.0, "default": 1.0}
    assert out["catalogs"]["y.db"]["best"] == [4.0, 2.6, 0.87, 0.51]  # b ties it: the defaults win
    assert out["catalogs"]["z.db"]["best"] == list(a) and out["catalogs"]["z.db"]["at_best"] == 1.0
    assert out["adopt"] is False  # left out, y.db loses at a what the defaults said plainly
    at_default["y.jsonl"] = [("none", False)]
    assert rel.main(["--pair", "x.jsonl", "x.db", "--pair", "y.jsonl", "y.db", "--pair", "z.jsonl", "z.db",
                     "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["adopt"] is True  # now no catalog left out loses, two gain


def test_ask_grid_runs_the_assistant_at_each_point(rel, tiny_built, monkeypatch, tmp_path) -> None:
    from ask_fakes import fake_assistant

    import assistant.ask as ask_module

    monkeypatch.setattr(ask_module.Assistant, "from_settings",
                        classmethod(lambda cls, settings, **kw: fake_assistant(tiny_built, "fake")))
    questions = tmp_path / "q.jsonl"
    rows = [{"question": "자료구조 수업 있어?", "gold_lecture_ids": [], "gold_answers": [], "type": "lookup"},
            {"question": "양자중력 수업 있어?", "gold_lecture_ids": [], "gold_answers": [], "type": "none"},
            {"question": "트리 구조로 문학비평 이론을 정리하는 수업 있어?", "gold_lecture_ids": [], "gold_answers": [],
             "type": "none"}]
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    lenient, strict = (-100.0, -100.0, 0.0, 0.0), (99.0, 99.0, 1.0, 1.0)
    out = rel.ask_grid(questions, tiny_built.db_path, [(4.0, 2.6, 0.87, 0.51), lenient, strict])
    assert [k for k, _ in out[(4.0, 2.6, 0.87, 0.51)]] == ["lookup", "none", "none"]
    assert out[strict][1] == ("none", True)  # nothing can match: said plainly
    # each point decides: on one warmed-up assistant, anything matches at the lenient point
    assert out[lenient][2] == ("none", False) and out[strict][2] == ("none", True)
