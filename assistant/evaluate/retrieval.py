"""``eval retrieval`` (KorQuAD open-domain), ``eval sts`` (KorSTS, KLUE-STS) and
``eval latency``."""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..embed import Embedder, TextEmbedder
from ..korquad import KORQUAD_DEV, load_korquad, load_paragraphs
from ..settings import Settings
from .common import (KLUE_STS_DEV, KORSTS_TEST, RankingScores, build_eval_index, cached_embeddings,
                     latency_summary, paragraph_courses, ranking_scores)


def eval_retrieval(settings: Settings, *, limit: int = 0, embedder: TextEmbedder | None = None,
                   data: Path = KORQUAD_DEV) -> list[RankingScores]:
    """Open-domain retrieval on KorQuAD 1.0 dev: index all 964 paragraphs, find each
    question's own paragraph.

    Args:
        settings: Model, split backend and index settings (the database is a temp file).
        limit: Evaluate only the first N questions (0 = all 5,774).
        embedder: Override the embedder (tests pass a fake).
        data: KorQuAD file.

    Returns:
        One row per method: dense-sentence, dense-paragraph, keyword (bigram), keyword
        (trigram), hybrid.
    """
    import tempfile

    from ..retrieve import Retriever
    from ..store import CourseStore

    examples = load_korquad(data)
    if limit:
        examples = examples[:limit]
    paragraphs = load_paragraphs(data)
    courses = paragraph_courses(paragraphs)
    gold = [f"P{e.paragraph:04d}" for e in examples]
    embedder = embedder or Embedder.from_settings(settings)

    with tempfile.TemporaryDirectory() as tmp:
        store = CourseStore(Path(tmp) / "korquad.db")
        print(f"indexing {len(courses)} paragraphs …", file=sys.stderr)
        build_eval_index(store, embedder, courses, Path(tmp) / "korquad.faiss", settings, progress=True)
        questions = [e.question for e in examples]
        qvecs = cached_embeddings(embedder, questions, query=True, cache_dir=settings.cache_dir)
        pvecs = cached_embeddings(embedder, [c.description for c in courses], query=False,
                                  cache_dir=settings.cache_dir)
        results: list[RankingScores] = []
        order = np.argsort(-(qvecs @ pvecs.T), axis=1)[:, :10]
        dense_paragraph = [[courses[j].lecture_id for j in row] for row in order]

        rows: dict[str, list[list[str]]] = {}
        configs = [("dense-sentence", "dense", "bigram", "convex"),
                   ("keyword (bigram BM25)", "keyword", "bigram", "convex"),
                   ("keyword (trigram BM25)", "keyword", "trigram", "convex"),
                   ("hybrid (RRF)", "hybrid", "bigram", "rrf"),
                   ("hybrid (convex, default)", "hybrid", "bigram", "convex")]
        from tqdm.auto import tqdm

        for name, mode, kw, fusion in configs:
            retriever = Retriever(store, embedder, Path(tmp) / "korquad.faiss", mode=mode,
                                  keyword_mode=kw, fusion=fusion)
            ranked = []
            for q, v in tqdm(list(zip(questions, qvecs)), desc=name, file=sys.stderr, mininterval=5):
                ranked.append([h.course.lecture_id for h in retriever.run(q, top_k=10, query_vector=v)])
            rows[name] = ranked
        results.append(ranking_scores("dense-sentence", rows["dense-sentence"], gold))
        results.append(ranking_scores("dense-paragraph", dense_paragraph, gold))
        results.append(ranking_scores("keyword (bigram BM25)", rows["keyword (bigram BM25)"], gold))
        results.append(ranking_scores("keyword (trigram BM25)", rows["keyword (trigram BM25)"], gold))
        results.append(ranking_scores("hybrid (RRF)", rows["hybrid (RRF)"], gold))
        results.append(ranking_scores("hybrid (convex, default)", rows["hybrid (convex, default)"], gold))
        store.close()
        if settings.vector_backend == "milvus":
            from ..milvus import close_clients

            close_clients()  # before the temporary Milvus Lite folder goes
    return results


def load_sts(path: Path) -> tuple[list[str], list[str], list[float]]:
    """Sentence pairs and gold scores from KorSTS (TSV) or KLUE-STS (JSON)."""
    if path.suffix == ".json":
        rows = json.loads(path.read_text(encoding="utf-8"))
        return ([r["sentence1"] for r in rows], [r["sentence2"] for r in rows],
                [float(r["labels"]["label"]) for r in rows])
    a, b, s = [], [], []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row.get("sentence1") and row.get("sentence2") and row.get("score"):
                a.append(row["sentence1"])
                b.append(row["sentence2"])
                s.append(float(row["score"]))
    return a, b, s


def eval_sts(settings: Settings, embedder: TextEmbedder | None = None) -> list[tuple[str, int, float]]:
    """Spearman correlation (x100) between cosine similarity and gold STS scores.

    Both sentences get the query prefix, as e5's model card prescribes for symmetric tasks.
    """
    from scipy.stats import spearmanr

    embedder = embedder or Embedder.from_settings(settings)
    out = []
    for name, path in (("KorSTS test", KORSTS_TEST), ("KLUE-STS dev", KLUE_STS_DEV)):
        if not path.is_file():
            print(f"skipping {name}: {path} not found", file=sys.stderr)
            continue
        a, b, gold = load_sts(path)
        va = cached_embeddings(embedder, a, query=True, cache_dir=settings.cache_dir)
        vb = cached_embeddings(embedder, b, query=True, cache_dir=settings.cache_dir)
        rho = spearmanr((va * vb).sum(1), gold).statistic
        out.append((name, len(gold), float(rho) * 100))
    return out


def eval_latency(settings: Settings, queries: Sequence[str], repeats: int = 3) -> tuple[float, float]:
    """Warm retrieval latency on the configured database (p50, p95 in ms)."""
    from ..retrieve import Retriever

    retriever = Retriever.from_settings(settings)
    retriever.warm_up()
    retriever.run(queries[0])  # warm caches
    times = []
    for _ in range(repeats):
        for q in queries:
            t = time.perf_counter()
            retriever.run(q, top_k=5)
            times.append(time.perf_counter() - t)
    return latency_summary(times)


# --- reader ---------------------------------------------------------------------------

