"""Tests for assistant.embed: batching by a token budget (the model itself is covered by
the integration tests)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.embed import token_batches


def test_batches_hold_every_row_once_shortest_first() -> None:
    lengths = [30, 5, 512, 12, 5, 200]
    batches = token_batches(lengths, batch_size=64, token_budget=4096)
    rows = np.concatenate(batches).tolist()
    assert sorted(rows) == list(range(len(lengths)))
    assert [lengths[r] for r in rows] == sorted(lengths)


@pytest.mark.parametrize("budget", [512, 1000, 4096])
def test_a_padded_batch_stays_within_the_token_budget(budget: int) -> None:
    rng = np.random.default_rng(budget)
    lengths = rng.integers(3, 513, 500).tolist()
    for batch in token_batches(lengths, batch_size=64, token_budget=budget):
        longest = max(lengths[r] for r in batch)
        assert len(batch) == 1 or len(batch) * longest <= budget
        assert len(batch) <= 64


def test_short_texts_fill_whole_batches_and_a_long_text_goes_alone() -> None:
    assert [len(b) for b in token_batches([10] * 130, batch_size=64, token_budget=4096)] == [64, 64, 2]
    assert [len(b) for b in token_batches([9000, 10], batch_size=64, token_budget=4096)] == [1, 1]
    assert token_batches([], batch_size=64, token_budget=4096) == []


@pytest.mark.parametrize("budget", [2**16, 2**18])
def test_a_batch_stays_within_the_attention_budget(budget: int) -> None:
    rng = np.random.default_rng(budget)
    lengths = rng.integers(3, 513, 500).tolist()
    batches = token_batches(lengths, batch_size=64, token_budget=10**6, attention_budget=budget)
    assert sorted(np.concatenate(batches).tolist()) == list(range(500))
    for batch in batches:
        longest = max(lengths[r] for r in batch)
        assert len(batch) == 1 or len(batch) * longest**2 <= budget


def test_long_texts_go_in_small_batches_under_the_default_budgets() -> None:
    from assistant.embed import Embedder

    embedder = Embedder()  # no model is loaded before the first run
    sizes = lambda n, length: [len(b) for b in token_batches(  # noqa: E731
        [length] * n, embedder.batch_size, embedder.token_budget, embedder.attention_budget)]
    assert sizes(4, 512) == [1, 1, 1, 1]
    assert sizes(8, 256) == [4, 4]
    assert sizes(70, 20) == [64, 6]


def _st_folder(root: Path, *, pooling: dict, normalize: bool = True, sub: str = "",
               lower: bool = False) -> Path:
    """A sentence-transformers folder layout (files only, no weights)."""
    import json

    modules = [{"idx": 0, "name": "0", "path": sub, "type": "sentence_transformers.models.Transformer"},
               {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]
    if normalize:
        modules.append({"idx": 2, "name": "2", "path": "2_Normalize",
                        "type": "sentence_transformers.models.Normalize"})
    (root / "1_Pooling").mkdir(parents=True)
    (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "modules.json").write_text(json.dumps(modules), encoding="utf-8")
    (root / "1_Pooling" / "config.json").write_text(json.dumps(pooling), encoding="utf-8")
    (root / sub / "sentence_bert_config.json").write_text(
        json.dumps({"max_seq_length": 256, "do_lower_case": lower}), encoding="utf-8")
    return root


MEAN = {"word_embedding_dimension": 384, "pooling_mode_mean_tokens": True, "pooling_mode_cls_token": False}


def test_a_mean_pooling_folder_is_recognised_from_its_files(tmp_path: Path) -> None:
    from assistant.embed import mean_pooling_layout

    plain = _st_folder(tmp_path / "plain", pooling=MEAN)
    assert mean_pooling_layout(str(plain)) == (str(plain), 384, 256)
    nested = _st_folder(tmp_path / "nested", pooling=MEAN, sub="0_Transformer", normalize=False)
    assert mean_pooling_layout(str(nested)) == (str(nested / "0_Transformer"), 384, 256)


@pytest.mark.parametrize("case", ["cls", "mean+max", "lowercase", "hub id", "broken json"])
def test_anything_but_a_plain_mean_pooling_folder_is_not_recognised(tmp_path: Path, case: str) -> None:
    from assistant.embed import mean_pooling_layout

    pooling = {"cls": {**MEAN, "pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True},
               "mean+max": {**MEAN, "pooling_mode_max_tokens": True}}.get(case, MEAN)
    folder = _st_folder(tmp_path / "m", pooling=pooling, lower=case == "lowercase")
    if case == "broken json":
        (folder / "modules.json").write_text("[{", encoding="utf-8")
    path = "intfloat/multilingual-e5-small" if case == "hub id" else str(folder)
    assert mean_pooling_layout(path) is None


def test_a_cached_graph_starts_without_loading_the_torch_model(tmp_path: Path, monkeypatch) -> None:
    """With the int8 graph in the cache, warm_up loads the tokenizer and the session only:
    sentence-transformers (and the float32 model) are never imported."""
    import sys
    import threading

    import assistant.runtime as runtime
    from assistant.embed import Embedder

    folder = _st_folder(tmp_path / "model", pooling=MEAN)
    graphs = [runtime.cache_file(tmp_path / "cache", str(folder), "embedder", r) for r in ("precise", "fast")]
    graphs[0].parent.mkdir(parents=True)
    for graph in graphs:
        graph.write_bytes(b"")
    lock = threading.Lock()
    opened = []
    monkeypatch.setattr(runtime, "onnx_available", lambda: True)
    monkeypatch.setattr(runtime, "shared_tokenizer", lambda transformers, path: (f"tokenizer of {path}", lock))
    monkeypatch.setattr(runtime, "open_session", lambda path: opened.append(path) or f"session {path.name}")
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # importing it now fails
    embedder = Embedder(str(folder), cache_dir=tmp_path / "cache", device="cpu")
    embedder.warm_up()
    assert embedder._model == "onnx" and embedder._session == f"session {graphs[0].name}"
    assert (embedder._tokenizer, embedder._tokenizer_lock) == (f"tokenizer of {folder}", lock)
    assert (embedder._dimension, embedder._max_length) == (384, 256)
    assert opened == [graphs[0]]  # the passage graph waits for the first passage
    assert embedder._passages() == f"session {graphs[1].name}" == embedder._passages()
    assert opened == graphs  # opened once
    assert (embedder.recipe(query=True), embedder.recipe(query=False)) == ("onnx-int8-precise", "onnx-int8-fast")


def test_a_cache_without_the_passage_graph_is_not_enough(tmp_path: Path, monkeypatch) -> None:
    """A cache from before the fast passage graph: the model is loaded to export it."""
    import assistant.runtime as runtime
    from assistant.embed import Embedder

    folder = _st_folder(tmp_path / "model", pooling=MEAN)
    graph = runtime.cache_file(tmp_path / "cache", str(folder), "embedder")
    graph.parent.mkdir(parents=True)
    graph.write_bytes(b"")
    monkeypatch.setattr(runtime, "onnx_available", lambda: True)
    assert not Embedder(str(folder), cache_dir=tmp_path / "cache", device="cpu")._start_cached_onnx(str(folder))
    precise_only = Embedder(str(folder), cache_dir=tmp_path / "cache", device="cpu", fast_passages=False)
    monkeypatch.setattr(runtime, "shared_tokenizer", lambda transformers, path: ("tokenizer", None))
    monkeypatch.setattr(runtime, "open_session", lambda path: f"session {path.name}")
    assert precise_only._start_cached_onnx(str(folder))
    assert precise_only._passages() == precise_only._session  # one graph for both


def test_missing_graphs_come_from_one_export(tmp_path: Path, monkeypatch) -> None:
    import assistant.runtime as runtime

    exports, recipes = [], []
    monkeypatch.setattr(runtime, "_export", lambda module, example, outputs, path: exports.append(path)
                        or Path(path).write_bytes(b"fp32"))
    monkeypatch.setattr(runtime, "_quantize", lambda src, dst, recipe: recipes.append(recipe)
                        or Path(dst).write_bytes(recipe.encode()))

    def tokenizer(*args, **kwargs):
        return {"input_ids": None, "attention_mask": None}

    both = ("precise", "fast")
    paths = runtime.int8_graphs(tmp_path, "model", "embedder", object, tokenizer, ["out"], both)
    assert len(exports) == 1 and recipes == list(both)
    assert [p.read_bytes() for p in paths] == [b"precise", b"fast"] and paths[0] != paths[1]
    assert sorted(p.name for p in (tmp_path / "onnx").iterdir()) == sorted(p.name for p in paths)  # no leftovers
    assert runtime.int8_graphs(tmp_path, "model", "embedder", object, tokenizer, ["out"], both) == paths
    assert len(exports) == 1  # cached: no second export
    with pytest.raises(ValueError, match="recipe"):
        runtime.cache_file(tmp_path, "model", "embedder", "fastest")


def test_one_tokenizer_and_lock_per_folder(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from assistant.runtime import shared_tokenizer

    loads = []
    fake = SimpleNamespace(AutoTokenizer=SimpleNamespace(from_pretrained=lambda p: loads.append(p) or object()))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = shared_tokenizer(fake, str(tmp_path / "a"))
    assert shared_tokenizer(fake, str(tmp_path / "a" / ".." / "a")) is first
    other = shared_tokenizer(fake, str(tmp_path / "b"))
    assert other[0] is not first[0] and other[1] is not first[1]
    assert len(loads) == 2


@pytest.mark.parametrize("raw, expected", [("false", False), ("0", False), ("true", True), (None, True)])
def test_fast_passages_is_a_setting(monkeypatch, raw, expected: bool) -> None:
    from assistant.embed import Embedder
    from assistant.settings import Settings

    if raw is None:
        monkeypatch.delenv("COURSE_ASSISTANT_FAST_PASSAGES", raising=False)
    else:
        monkeypatch.setenv("COURSE_ASSISTANT_FAST_PASSAGES", raw)
    assert Embedder.from_settings(Settings.from_env()).fast_passages is expected
