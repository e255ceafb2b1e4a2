"""``lab granularity``: what one vector stands for — a whole description, a sentence, or a
window of consecutive sentences — measured on a questions file over the database's catalog.

Each unit is embedded as ``"title: text"`` (as the product embeds sentences); a question
ranks courses by their best unit (FAISS flat inner product, top 50 units, first occurrence
per course), sections sharing a description counting as one course. Sentence vectors are
the database's stored ones when the configured model made them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..embed import TextEmbedder
from ..errors import require
from ..evaluate.common import cached_embeddings, latency_summary
from ..store import CourseStore
from ..text import readable
from .common import CourseGroups, LabQuestion, hit_rates

CANDIDATES = 50


@dataclass(frozen=True)
class GranularityRow:
    """One unit of retrieval.

    Attributes:
        unit: ``description``, ``sentence`` or ``window-N``.
        vectors: Units indexed.
        mean_chars: Mean characters per unit (what embedding each costs).
        recall_at_1: Share of questions whose first course is a gold one.
        recall_at_5: …among the first five courses.
        p50_ms: Median search + grouping time per question (query embedding excluded:
            it is the same for every unit).
        p95_ms: 95th percentile.
    """

    unit: str
    vectors: int
    mean_chars: float
    recall_at_1: float
    recall_at_5: float
    p50_ms: float
    p95_ms: float


def unit_texts(store: CourseStore, window: int = 3) -> dict[str, tuple[list[str], list[str]]]:
    """``unit -> (texts, owning lecture ids)`` for ``description``, ``sentence`` and
    ``window-N`` (sliding windows of ``window`` sentences, stride 1; a course with fewer
    sentences gives one window of all of them)."""
    courses = store.courses()
    out: dict[str, tuple[list[str], list[str]]] = {"description": ([], []), "sentence": ([], []),
                                                   f"window-{window}": ([], [])}
    for lid, course in courses.items():
        head = f"{course.title}: " if course.title else ""
        out["description"][0].append(head + readable(course.description))
        out["description"][1].append(lid)
        sentences = [readable(s.text) for s in store.course_sentences(lid)]
        for s in sentences:
            out["sentence"][0].append(head + s)
            out["sentence"][1].append(lid)
        for i in range(max(1, len(sentences) - window + 1)):
            if sentences:
                out[f"window-{window}"][0].append(head + " ".join(sentences[i : i + window]))
                out[f"window-{window}"][1].append(lid)
    return out


def stored_sentence_vectors(store: CourseStore, embedder: TextEmbedder) -> tuple[np.ndarray, list[str]] | None:
    """The database's sentence vectors and their lecture ids, when ``embedder``'s model made them."""
    meta = store.get_meta()
    if meta.get("embedding_model") != getattr(embedder, "model_id", None):
        return None
    ids, vectors = store.all_vectors()
    if len(ids) == 0 or vectors.shape[1] != embedder.dimension:
        return None
    owner = dict(store.conn.execute("SELECT id, lecture_id FROM sentences").fetchall())
    return vectors, [owner[int(i)] for i in ids]


def _embed_unique(embedder: TextEmbedder, texts: Sequence[str], cache_dir: Path | None) -> np.ndarray:
    unique = list(dict.fromkeys(texts))
    vectors = cached_embeddings(embedder, unique, query=False, cache_dir=cache_dir)
    row = {t: i for i, t in enumerate(unique)}
    return vectors[[row[t] for t in texts]]


def search_courses(vectors: np.ndarray, owners: Sequence[str], qvecs: np.ndarray, groups: CourseGroups,
                   k: int = 5) -> tuple[list[list[str]], list[float]]:
    """Each question's first ``k`` courses by best unit, and the time each search took."""
    faiss = require("faiss", "faiss-cpu")
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    depth = min(CANDIDATES, len(owners))
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    ranked, times = [], []
    try:
        index.search(np.ascontiguousarray(qvecs[:1], dtype=np.float32), depth)  # warm
        for q in qvecs:
            t = time.perf_counter()
            _, ids = index.search(np.ascontiguousarray(q[None], dtype=np.float32), depth)
            ranked.append(groups.dedupe((owners[j] for j in ids[0] if j >= 0), k))
            times.append(time.perf_counter() - t)
    finally:
        faiss.omp_set_num_threads(before)
    return ranked, times


def run_granularity(store: CourseStore, embedder: TextEmbedder, questions: Sequence[LabQuestion], *,
                    window: int = 3, cache_dir: Path | None = None) -> list[GranularityRow]:
    """Recall@1/@5 and search latency of each unit on ``questions``.

    Args:
        store: The catalog database.
        embedder: The embedding model (the database's, so stored sentence vectors are reused).
        questions: Questions with gold courses.
        window: Sentences per window.
        cache_dir: Where unit embeddings are cached (``None``: no cache).
    """
    groups = CourseGroups(store)
    units = unit_texts(store, window)
    qvecs = cached_embeddings(embedder, [q.question for q in questions], query=True, cache_dir=cache_dir)
    gold = [q.gold_lecture_ids for q in questions]
    rows = []
    for unit, (texts, owners) in units.items():
        stored = stored_sentence_vectors(store, embedder) if unit == "sentence" else None
        if stored is not None:
            vectors, owners = stored
        else:
            vectors = _embed_unique(embedder, texts, cache_dir)
        ranked, times = search_courses(vectors, owners, qvecs, groups)
        rates = hit_rates(ranked, gold, groups, (1, 5))
        p50, p95 = latency_summary(times)
        rows.append(GranularityRow(unit, len(owners), float(np.mean([len(t) for t in texts])) if texts else 0.0,
                                   rates[1], rates[5], p50, p95))
    return rows
