"""Shared pieces of the evaluation commands: tables, cached embeddings, ranking scores,
KorQuAD paragraphs as courses, latency summaries, where the reference data lives."""

from __future__ import annotations

import hashlib
import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..embed import Embedder, TextEmbedder
from ..records import Course
from ..settings import PROJECT_ROOT
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
KORSTS_TEST = SHARED_DATA / "korsts" / "sts-test.tsv"
KLUE_STS_DEV = SHARED_DATA / "klue-sts" / "klue-sts-v1.1_dev.json"


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a plain aligned table."""
    cells = [[f"{c:.3f}" if isinstance(c, float) else str(c) for c in row] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in cells)) for i, h in enumerate(header)]
    print(title)
    print("  ".join(str(h).ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for r in cells:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))


def cached_embeddings(embedder: TextEmbedder, texts: Sequence[str], *, query: bool,
                      cache_dir: Path | None, progress: bool = True) -> np.ndarray:
    """Embed ``texts``, reusing an on-disk copy keyed by model, prefix kind and texts."""
    key = hashlib.sha256(
        json.dumps([getattr(embedder, "model_id", "?"),
                    # how it runs too: vectors cached under another quantization are stale
                    embedder.recipe(query) if hasattr(embedder, "recipe") else None,
                    query, list(texts)], ensure_ascii=False).encode()).hexdigest()[:24]
    path = Path(cache_dir) / "eval-embeddings" / f"{key}.npy" if cache_dir else None
    if path is not None and path.is_file():
        return np.load(path)
    if isinstance(embedder, Embedder):
        vectors = embedder.run(texts, query=query, progress=progress)
    else:
        vectors = embedder.run(texts, query=query)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors


@dataclass(frozen=True)
class RankingScores:
    """Recall@k and MRR of one retrieval method."""

    method: str
    recall_at_1: float
    recall_at_5: float
    recall_at_10: float
    mrr: float


def ranking_scores(method: str, ranked: list[list[str]], gold: list[str]) -> RankingScores:
    """Recall@1/5/10 and MRR (over the top 10) from ranked id lists."""
    r1 = r5 = r10 = rr = 0.0
    for ids, g in zip(ranked, gold):
        if g in ids[:10]:
            rank = ids.index(g) + 1
            rr += 1.0 / rank
            r1 += rank <= 1
            r5 += rank <= 5
            r10 += 1
    n = max(len(gold), 1)
    return RankingScores(method, r1 / n, r5 / n, r10 / n, rr / n)


def paragraph_courses(paragraphs: Sequence[str]) -> list[Course]:
    """KorQuAD paragraphs as catalog rows (id ``P0000``…, no title), so the evaluation
    runs the product's own ingest → split → store → index → retrieve path."""
    return [Course(f"P{i:04d}", "", "", "", None, "", p.strip()) for i, p in enumerate(paragraphs)]


def latency_summary(seconds: Sequence[float]) -> tuple[float, float]:
    """(p50, p95) in milliseconds."""
    if not seconds:
        return 0.0, 0.0
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return statistics.median(ms), p95


def build_eval_index(store, embedder: TextEmbedder, courses: Sequence[Course], index_path: Path, settings,
                     *, progress: bool = False) -> None:
    """Fill ``store`` with ``courses`` (KorQuAD paragraphs as courses), embed their sentences
    through the embedding cache and write the FAISS index: the set-up every KorQuAD
    evaluation shares."""
    from ..build import sync_courses
    from ..vectors import write_index
    from ..milvus import resolve_uri

    with store.conn:
        sync_courses(store, list(courses), split_backend=settings.split_backend, progress=progress)
    ids = store.missing_vector_ids()
    store.put_vectors(ids, cached_embeddings(embedder, store.texts_for_embedding(ids), query=False,
                                             cache_dir=settings.cache_dir))
    with store.conn:
        write_index(store, index_path, factory=settings.index_factory, metric=settings.metric,
                    model_id=getattr(embedder, "model_id", "?"), backend=settings.vector_backend,
                    milvus_uri=resolve_uri(settings.milvus_uri, index_path))

