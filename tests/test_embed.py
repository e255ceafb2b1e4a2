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
    graph = runtime.cache_file(tmp_path / "cache", str(folder), "embedder")
    graph.parent.mkdir(parents=True)
    graph.write_bytes(b"")
    lock = threading.Lock()
    sessions = []
    monkeypatch.setattr(runtime, "onnx_available", lambda: True)
    monkeypatch.setattr(runtime, "shared_tokenizer", lambda transformers, path: (f"tokenizer of {path}", lock))
    monkeypatch.setattr(runtime, "int8_session", lambda *args, **kwargs: sessions.append(args) or "session")
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # importing it now fails
    embedder = Embedder(str(folder), cache_dir=tmp_path / "cache", device="cpu")
    embedder.warm_up()
    assert embedder._model == "onnx" and embedder._session == "session"
    assert (embedder._tokenizer, embedder._tokenizer_lock) == (f"tokenizer of {folder}", lock)
    assert (embedder._dimension, embedder._max_length) == (384, 256)
    assert sessions[0][1] == str(folder)


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
