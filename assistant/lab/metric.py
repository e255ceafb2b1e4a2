"""``lab metric``: L2 distance vs inner product, on raw and on normalised vectors.

For unit vectors ``|q - x|^2 = 2 - 2 q.x``, so ``IndexFlatL2`` and ``IndexFlatIP`` rank
identically; for raw (unnormalised) vectors the inner product rewards long vectors and L2
penalises them, and the rankings part. The study embeds the database's sentences and the
questions with mean pooling *before* normalisation and measures both.

FAISS gives each query's candidates; their order is then fixed in float64 with exact ties
broken by sentence id, so "identical" means identical, not "equal up to float32 rounding".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import require
from .common import CourseGroups, hit_rates

TOP = 10


@dataclass(frozen=True)
class MetricRow:
    """One (vectors, metric) combination.

    Attributes:
        vectors: ``"normalised"`` or ``"raw"``.
        metric: ``"IP"`` (IndexFlatIP) or ``"L2"`` (IndexFlatL2).
        recall_at_1: Share of questions whose first course is a gold one (``None``
            without gold courses).
        recall_at_10: …among the first ten courses.
        same_top10: Share of queries whose ordered top-10 sentence list equals the other
            metric's on the same vectors.
        overlap_top10: Mean share of top-10 sentences the two metrics have in common.
    """

    vectors: str
    metric: str
    recall_at_1: float | None
    recall_at_10: float | None
    same_top10: float
    overlap_top10: float


@dataclass(frozen=True)
class MetricReport:
    """The rows and what they were measured on (norms of the raw corpus vectors)."""

    rows: tuple[MetricRow, ...]
    queries: int
    corpus: int
    norm_min: float
    norm_median: float
    norm_max: float


def ranked_ids(corpus: np.ndarray, queries: np.ndarray, metric: str, k: int) -> np.ndarray:
    """The ``k`` best corpus rows per query under ``metric`` (``"ip"``/``"l2"``): FAISS flat
    search for candidates, then an exact float64 order with ties broken by row."""
    faiss = require("faiss", "faiss-cpu")
    n, d = corpus.shape
    index = faiss.IndexFlatIP(d) if metric == "ip" else faiss.IndexFlatL2(d)
    index.add(np.ascontiguousarray(corpus, dtype=np.float32))
    pool = min(n, 2 * k + 10)
    _, cand = index.search(np.ascontiguousarray(queries, dtype=np.float32), pool)
    c64, q64 = corpus.astype(np.float64), queries.astype(np.float64)
    out = np.zeros((len(queries), min(k, n)), dtype=np.int64)
    for i, row in enumerate(cand):
        row = row[row >= 0]
        x = c64[row]
        score = x @ q64[i] if metric == "ip" else -((x - q64[i]) ** 2).sum(axis=1)
        out[i] = row[np.lexsort((row, -score))][: out.shape[1]]
    return out


def compare_metrics(corpus: np.ndarray, queries: np.ndarray, owners: Sequence[str] | None = None,
                    gold: Sequence[Sequence[str]] | None = None, groups: CourseGroups | None = None
                    ) -> MetricReport:
    """Rank ``corpus`` rows for each query with IP and L2, raw and normalised.

    Args:
        corpus: Raw (unnormalised) corpus vectors, ``(n, d)``.
        queries: Raw query vectors, ``(q, d)``.
        owners: The lecture id of each corpus row (for recall).
        gold: Each query's gold lecture ids (for recall).
        groups: Sections sharing a description count as one course.
    """
    norms = np.linalg.norm(corpus, axis=1)
    unit = lambda v: v / np.clip(np.linalg.norm(v, axis=1, keepdims=True), 1e-12, None)  # noqa: E731
    rows: list[MetricRow] = []
    for name, c, q in (("normalised", unit(corpus), unit(queries)), ("raw", corpus, queries)):
        depth = min(len(c), 50 if gold is not None else TOP)
        ranked = {m: ranked_ids(c, q, m, depth) for m in ("ip", "l2")}
        same = float(np.mean([np.array_equal(a[:TOP], b[:TOP]) for a, b in zip(ranked["ip"], ranked["l2"])]))
        overlap = float(np.mean([len(set(a[:TOP]) & set(b[:TOP])) / max(1, len(a[:TOP]))
                                 for a, b in zip(ranked["ip"], ranked["l2"])]))
        for metric in ("ip", "l2"):
            r1 = r10 = None
            if gold is not None and owners is not None:
                courses = [[owners[j] for j in row] for row in ranked[metric]]
                rates = hit_rates(courses, gold, groups, (1, TOP))
                r1, r10 = rates[1], rates[TOP]
            rows.append(MetricRow(name, metric.upper(), r1, r10, same, overlap))
    return MetricReport(tuple(rows), len(queries), len(corpus), float(norms.min()),
                        float(np.median(norms)), float(norms.max()))
