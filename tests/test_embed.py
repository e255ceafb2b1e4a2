"""Tests for assistant.embed: batching by a token budget (the model itself is covered by
the integration tests)."""

from __future__ import annotations

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
