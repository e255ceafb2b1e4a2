"""Tests for assistant.index: every index type and metric, id mapping, filters, files."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np
import pytest

from assistant.errors import IndexMissingError, StaleIndexError
from assistant.index import (
    build_index,
    effective_factory,
    file_checksum,
    load_index,
    save_index,
    search,
)

N, DIM = 300, 32
EXACT = ["Flat", "HNSW32", "IVF4,Flat"]
ALL = EXACT + ["IVF4,PQ8"]


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(42)
    x = rng.standard_normal((N, DIM)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    ids = (1000 + 7 * np.arange(N)).astype(np.int64)  # sparse, non-zero-based: like sentence ids
    return ids, x


@pytest.fixture(scope="module")
def built(data):
    """Build each (factory, metric) once: PQ training is slow on a busy CPU."""
    cache: dict[tuple[str, str], object] = {}

    def get(factory: str, metric: str = "ip"):
        if (factory, metric) not in cache:
            ids, x = data
            cache[factory, metric] = build_index(ids, x, factory, metric)
        return cache[factory, metric]

    return get


def brute_force(ids: np.ndarray, x: np.ndarray, q: np.ndarray, metric: str,
                allowed: np.ndarray | None = None) -> list[int]:
    keep = np.ones(len(ids), bool) if allowed is None else np.isin(ids, allowed)
    score = x @ q if metric == "ip" else -((x - q) ** 2).sum(1)
    score = np.where(keep, score, -np.inf)
    order = np.argsort(-score, kind="stable")
    return [int(ids[i]) for i in order if keep[i]]


# ----------------------------------------------------------------------------- factory


@pytest.mark.parametrize(
    "factory, n, expected",
    [
        ("Flat", 5, "Flat"),
        ("HNSW32", 5, "HNSW32"),
        ("IVF64,Flat", 100_000, "IVF64,Flat"),
        ("IVF64,Flat", 39 * 64, "IVF64,Flat"),
        ("IVF64,Flat", 39 * 64 - 1, "IVF63,Flat"),
        ("IVF64,Flat", 300, "IVF7,Flat"),
        ("IVF4,Flat", 10, "IVF1,Flat"),
        ("IVF4,Flat", 0, "IVF1,Flat"),
        ("IVF64,PQ16", 100_000, "IVF64,PQ16"),
        ("IVF4,PQ8", 256, "IVF4,PQ8"),
        ("IVF4,PQ8", 100, "IVF2,PQ8x6"),  # 2**6 = 64 <= 100 training points per codebook
        ("PQ16", 255, "PQ16x7"),
        ("IVF64,PQ16x4", 100, "IVF2,PQ16x4"),
        ("OPQ16,IVF4,PQ16", 100, "OPQ16,IVF2,PQ16x6"),
        ("IVF4,PQ8np", 60, "IVF1,PQ8x5np"),
        ("HNSW32,PQ8np", 1000, "HNSW32,PQ8np"),
        ("IVF4,PQ8x4fs", 20, "IVF1,PQ8x4fs"),  # fast-scan needs its 4 bits: untouched
    ],
)
def test_effective_factory(factory: str, n: int, expected: str) -> None:
    assert effective_factory(factory, n) == expected


# ----------------------------------------------------------------------------- build & search


@pytest.mark.parametrize("metric", ["ip", "l2"])
@pytest.mark.parametrize("factory", ALL)
def test_build_and_search(data, built, factory: str, metric: str) -> None:
    ids, x = data
    index = built(factory, metric)
    assert index.ntotal == N
    assert index.d == DIM
    expected_metric = faiss.METRIC_INNER_PRODUCT if metric == "ip" else faiss.METRIC_L2
    assert index.metric_type == expected_metric
    # the FAISS ids are exactly the given ids (IDMap2)
    assert sorted(faiss.vector_to_array(index.id_map).tolist()) == ids.tolist()
    hits_self = 0
    for row in range(0, N, 15):
        got = search(index, x[row], 10, metric=metric)
        assert len(got) == 10
        got_ids = [i for i, _ in got]
        assert set(got_ids) <= set(ids.tolist())
        scores = [s for _, s in got]
        assert scores == sorted(scores, reverse=True)  # higher is better for both metrics
        if factory in EXACT:
            assert got_ids[0] == ids[row]
            assert got_ids == brute_force(ids, x, x[row], metric)[:10]
            if metric == "ip":
                assert scores[0] == pytest.approx(1.0, abs=1e-4)
            else:
                assert scores[0] == pytest.approx(0.0, abs=1e-4)
                assert all(s <= 1e-5 for s in scores)
        hits_self += int(ids[row]) in got_ids[:5]
    if factory not in EXACT:  # PQ is approximate: each vector is still near the top
        assert hits_self >= 0.8 * len(range(0, N, 15))


@pytest.mark.parametrize("factory", EXACT)
def test_flat_ip_scores_are_cosines(data, built, factory: str) -> None:
    ids, x = data
    index = built(factory, "ip")
    q = x[3]
    for sid, score in search(index, q, 5):
        row = int(np.where(ids == sid)[0][0])
        assert score == pytest.approx(float(x[row] @ q), abs=1e-5)


def test_unknown_metric_rejected(data) -> None:
    ids, x = data
    with pytest.raises(ValueError, match="metric"):
        build_index(ids, x, "Flat", "cosine")


def test_k_edge_cases(data) -> None:
    ids, x = data
    index = build_index(ids[:5], x[:5], "Flat")
    assert search(index, x[0], 0) == []
    assert search(index, x[0], -3) == []
    assert len(search(index, x[0], 50)) == 5  # never more than the index holds
    empty = build_index(np.zeros(0, np.int64), np.zeros((0, DIM), np.float32), "Flat")
    assert search(empty, x[0], 5) == []


@pytest.mark.parametrize("metric", ["ip", "l2"])
@pytest.mark.parametrize("factory", ALL)
def test_allowed_ids_filter(data, built, factory: str, metric: str) -> None:
    ids, x = data
    index = built(factory, metric)
    allowed = ids[5:60:4]  # 14 ids
    for row in (0, 9, 150):
        got = search(index, x[row], 10, allowed, metric)
        got_ids = [i for i, _ in got]
        assert got_ids and set(got_ids) <= set(allowed.tolist())
        assert len(set(got_ids)) == len(got_ids)
        scores = [s for _, s in got]
        assert scores == sorted(scores, reverse=True)
        expected = brute_force(ids, x, x[row], metric, allowed)[:10]
        if factory in ("Flat", "IVF4,Flat"):
            assert got_ids == expected
        elif factory == "HNSW32":  # graph search under a selective filter is approximate
            assert got_ids[0] == expected[0]
            assert len(set(got_ids) & set(expected)) >= 8
    # asking for more than allowed returns at most the allowed ones
    assert len(search(index, x[0], 50, allowed[:3], metric)) <= 3
    assert search(index, x[0], 10, np.zeros(0, np.int64), metric) == []
    if factory in ("Flat", "IVF4,Flat"):
        assert [i for i, _ in search(index, x[0], 50, allowed[:3], metric)] == \
            brute_force(ids, x, x[0], metric, allowed[:3])


@pytest.mark.parametrize("factory", ["IVF4,Flat", "IVF4,PQ8"])
def test_ivf_probes_several_lists_and_filtering_restores_nprobe(data, built, factory: str) -> None:
    ids, x = data
    index = built(factory)
    ivf = faiss.extract_index_ivf(index)
    assert ivf.nlist == 4
    assert ivf.nprobe == 4  # min(nlist, 16): FAISS's default of 1 loses recall
    search(index, x[0], 5, ids[:10])
    assert faiss.extract_index_ivf(index).nprobe == 4


def test_pq_on_a_tiny_corpus_builds(data) -> None:
    ids, x = data
    index = build_index(ids[:60], x[:60], "IVF4,PQ8")  # 60 vectors cannot train 256 centroids
    assert index.ntotal == 60
    got = search(index, x[0], 5)
    assert got and {i for i, _ in got} <= set(ids[:60].tolist())
    assert search(index, x[0], 5, ids[:3])


def test_index_that_ignores_ip_reports_l2_scores(data) -> None:
    ids, x = data
    index = build_index(ids[:60], x[:60], "HNSW32,PQ8np", "ip")  # FAISS makes HNSW+PQ L2-only
    assert index.metric_type == faiss.METRIC_L2
    for allowed in (None, ids[:10]):
        got = search(index, x[0], 5, allowed, metric="ip")
        scores = [s for _, s in got]
        assert scores == sorted(scores, reverse=True)
        assert all(s <= 1e-6 for s in scores)  # negated distances, not similarities


# ----------------------------------------------------------------------------- files


@pytest.mark.parametrize("factory", ALL)
def test_save_load_round_trip(tmp_path: Path, data, built, factory: str) -> None:
    ids, x = data
    index = built(factory)
    path = tmp_path / "i.faiss"
    checksum = save_index(index, path)
    assert checksum == file_checksum(path)
    assert len(checksum) == 64
    assert [p.name for p in tmp_path.iterdir()] == ["i.faiss"]  # no temp file left
    loaded = load_index(path, checksum, use_gpu=False)
    assert loaded.ntotal == N
    if "IVF" in factory:
        assert faiss.extract_index_ivf(loaded).nprobe == 4  # tuned again after loading
    for row in (0, 77):
        assert search(loaded, x[row], 10) == search(index, x[row], 10)
        assert search(loaded, x[row], 5, ids[:30]) == search(index, x[row], 5, ids[:30])


def test_save_overwrites_atomically(tmp_path: Path, data) -> None:
    ids, x = data
    path = tmp_path / "i.faiss"
    first = save_index(build_index(ids[:10], x[:10]), path)
    second = save_index(build_index(ids, x), path)
    assert first != second
    assert load_index(path, second, use_gpu=False).ntotal == N
    with pytest.raises(StaleIndexError):
        load_index(path, first, use_gpu=False)


def test_checksum_mismatch_is_stale(tmp_path: Path, data) -> None:
    ids, x = data
    path = tmp_path / "i.faiss"
    checksum = save_index(build_index(ids, x), path)
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(StaleIndexError, match="build"):
        load_index(path, checksum, use_gpu=False)
    with pytest.raises(StaleIndexError):
        load_index(path, None, use_gpu=False)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="build"):
        load_index(tmp_path / "nope.faiss", "0" * 64, use_gpu=False)
    with pytest.raises(IndexMissingError):
        load_index(tmp_path, "0" * 64, use_gpu=False)  # a folder is not an index file


def unit_vectors(n: int, seed: int = 3) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_auto_stays_exact_while_small_and_goes_approximate_beyond_the_crossover() -> None:
    from assistant.index import AUTO_APPROXIMATE, AUTO_EXACT_MAX, choose_factory

    assert choose_factory("auto", 10) == "Flat"
    assert choose_factory("auto", AUTO_EXACT_MAX) == "Flat"
    assert choose_factory(" AUTO ", AUTO_EXACT_MAX + 1) == AUTO_APPROXIMATE
    assert choose_factory("HNSW32", 5) == "HNSW32"  # an explicit choice is kept at any size
    assert choose_factory("Flat", 10 * AUTO_EXACT_MAX) == "Flat"


def test_auto_builds_a_flat_index_for_a_small_catalog() -> None:
    ids, x = np.arange(40, dtype=np.int64) + 7, unit_vectors(40)
    index = build_index(ids, x, "auto")
    assert isinstance(faiss.downcast_index(index.index), faiss.IndexFlat)
    assert search(index, x[3], 1)[0][0] == 10


def test_a_loaded_hnsw_index_searches_with_more_candidates_than_faiss_default(tmp_path: Path) -> None:
    from assistant.index import HNSW_EF_SEARCH

    ids, x = np.arange(60, dtype=np.int64), unit_vectors(60)
    checksum = save_index(build_index(ids, x, "HNSW32,SQ8"), tmp_path / "h.faiss")
    loaded = load_index(tmp_path / "h.faiss", checksum, use_gpu=False)
    assert faiss.downcast_index(loaded.index).hnsw.efSearch == HNSW_EF_SEARCH > 16


@pytest.mark.parametrize("factory", ["IVF4,PQ8", "PQ8"])
def test_pq_builds_skip_polysemous_training(factory: str) -> None:
    ids, x = np.arange(300, dtype=np.int64), unit_vectors(300)
    index = build_index(ids, x, factory)
    inner = faiss.downcast_index(index.index)
    if "IVF" in factory:
        inner = faiss.downcast_index(faiss.extract_index_ivf(inner))
    assert inner.do_polysemous_training is False
    assert search(index, x[7], 1)[0][0] == 7
