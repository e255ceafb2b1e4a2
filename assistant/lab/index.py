"""``lab index``: FAISS index types on the database's stored sentence vectors.

Flat (exact), HNSW (``M`` links per node, ``efSearch`` candidates at query time), IVF
(``nlist`` clusters, ``nprobe`` visited) and IVF-PQ (vectors compressed to ``m`` bytes):
build time, memory (the serialized index), single-query latency p50/p95 on one thread, and
recall@10 against Flat. Queries are held-out stored vectors (removed from the indexed set)
or, when given, embedded questions.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from ..errors import require
from ..evaluate.common import latency_summary
from ..index import effective_factory

K = 10


@dataclass(frozen=True)
class IndexRow:
    """One index configuration.

    Attributes:
        index: The FAISS ``index_factory`` string built (after shrinking for small corpora).
        params: The search-time parameter (``efSearch=64``, ``nprobe=8``) or ``-``.
        build_s: Seconds to train and fill the index (shared by rows of one index).
        memory_mb: Size of ``faiss.serialize_index`` in MB.
        p50_ms: Median single-query search time.
        p95_ms: 95th percentile.
        recall_at_10: Mean share of Flat's ten nearest that this index returns.
    """

    index: str
    params: str
    build_s: float
    memory_mb: float
    p50_ms: float
    p95_ms: float
    recall_at_10: float


def default_configs(n: int, d: int) -> list[tuple[str, str, list[int]]]:
    """``(factory, parameter name, values)`` to measure for ``n`` vectors of ``d`` dims:
    ``nlist`` about ``sqrt(n)`` (at least 39 training points per list), PQ with one byte
    per 8 dimensions."""
    nlist = max(1, min(int(round(math.sqrt(n))), n // 39 or 1))
    m = next(m for m in (d // 8, d // 4, d // 2, d) if m and d % m == 0)
    probes = sorted({p for p in (1, 4, 16) if p <= nlist} | {min(nlist, 16)})
    return [("Flat", "", [0]),
            ("HNSW16", "efSearch", [16, 64]),
            ("HNSW32", "efSearch", [16, 64, 128]),
            (f"IVF{nlist},Flat", "nprobe", probes),
            (f"IVF{nlist},PQ{m}", "nprobe", [p for p in probes if p > 1] or probes)]


def held_out(vectors: np.ndarray, n_queries: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``(base, queries)``: ``n_queries`` random rows taken out of ``vectors`` as queries."""
    rng = np.random.default_rng(seed)
    n_queries = max(1, min(n_queries, len(vectors) // 5))
    pick = np.zeros(len(vectors), dtype=bool)
    pick[rng.choice(len(vectors), n_queries, replace=False)] = True
    return vectors[~pick], vectors[pick]


def _search_all(faiss, index, queries: np.ndarray, k: int) -> tuple[np.ndarray, list[float]]:
    index.search(queries[:1], k)  # warm
    found = np.zeros((len(queries), k), dtype=np.int64)
    times = []
    for i in range(len(queries)):
        t = time.perf_counter()
        _, ids = index.search(queries[i : i + 1], k)
        times.append(time.perf_counter() - t)
        found[i] = ids[0]
    return found, times


def run_index(base: np.ndarray, queries: np.ndarray, configs: list[tuple[str, str, list[int]]] | None = None,
              *, k: int = K, threads: int = 1) -> list[IndexRow]:
    """Build each configuration over ``base`` and search it with ``queries`` (inner product
    on normalised vectors, the product's metric).

    Args:
        base: The indexed vectors, ``(n, d)`` float32.
        queries: Query vectors, ``(q, d)``.
        configs: ``(factory, parameter, values)``; the first must be ``Flat`` (the
            reference). Default: :func:`default_configs`.
        k: Neighbours per query.
        threads: FAISS threads while building and searching (1: latencies comparable).
    """
    faiss = require("faiss", "faiss-cpu")
    base = np.ascontiguousarray(base, dtype=np.float32)
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    n, d = base.shape
    k = min(k, n)
    configs = configs or default_configs(n, d)
    if configs[0][0] != "Flat":
        raise ValueError("the first configuration must be Flat (the recall reference)")
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(threads)
    rows: list[IndexRow] = []
    truth = None
    try:
        for factory, param, values in configs:
            factory = effective_factory(factory, n)
            t = time.perf_counter()
            index = faiss.index_factory(d, factory, faiss.METRIC_INNER_PRODUCT)
            if hasattr(index, "do_polysemous_training"):
                # FAISS's factory turns on polysemous code training for PQ, which only
                # polysemous (Hamming-filtered) search uses: a long training for nothing here
                index.do_polysemous_training = False
            if not index.is_trained:
                index.train(base)
            index.add(base)
            build = time.perf_counter() - t
            memory = len(faiss.serialize_index(index)) / 1e6
            space = faiss.ParameterSpace()
            for value in values:
                if param:
                    space.set_index_parameter(index, param, value)
                found, times = _search_all(faiss, index, queries, k)
                if truth is None:
                    truth = found
                recall = float(np.mean([len(set(a) & set(b)) / k for a, b in zip(found, truth)]))
                p50, p95 = latency_summary(times)
                rows.append(IndexRow(factory, f"{param}={value}" if param else "-", build, memory,
                                     p50, p95, recall))
    finally:
        faiss.omp_set_num_threads(before)
    return rows
