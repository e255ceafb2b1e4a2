"""A million sentences: every index the project offers, and FTS5 keyword search, at 1M rows.

    python bench/million.py --db db/eight.db --queries db/questions/eight_dev.jsonl db/questions/sogang_dev.jsonl
    python bench/million.py --db db/eight.db --n 200000 --skip-fts      # a smaller, quicker run

**What the million vectors are** (said plainly): the database's own sentence vectors (real,
e.g. 56,631 from eight_universities) plus synthetic ones up to ``--n``: by default each a
real vector perturbed by noise with the real vectors' covariance, as far from its source as
real nearest neighbours are from each other (``--synthetic gaussian``: draws from a Gaussian
with the real mean and covariance instead), L2-normalised like the real ones.
Queries are the real development questions embedded with the project's embedder (query
prefix), so the neighbours searched for are those a student's question has.

For each index (``IDMap2`` aside, the factory strings the ``COURSE_ASSISTANT_INDEX`` setting
accepts) it prints build time (all cores), serialized size (the index's memory), single-query
search latency p50/p95 on one thread, and recall@10 against exact search (Flat).

**FTS5 at 1M rows**: the real sentences, repeated to ``--n`` rows, go into a fresh database
through :class:`~assistant.store.CourseStore` (the same bigram tables and BM25 query the
assistant runs); it prints keyword search p50/p95 for the same questions. **Hybrid** is the
two together per question (dense search on each index + keyword search), the query
embedding timed apart.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.evaluate.common import latency_summary  # noqa: E402
from assistant.index import _no_polysemous_training, effective_factory  # noqa: E402
from assistant.lab.index import IndexRow, _search_all as search_all  # noqa: E402

K = 10


def synthetic(real: np.ndarray, n: int, kind: str = "perturbed", seed: int = 0,
              chunk: int = 100_000) -> np.ndarray:
    """``real`` plus synthetic vectors up to ``n`` rows, all L2-normalised (float32).

    ``"perturbed"``: a random real vector plus Gaussian noise shaped like the real vectors'
    spread (their covariance), scaled so that a copy is as similar to its source as a real
    vector is to its nearest real neighbour (the median): the same course taught, in other
    words, at many universities. ``"gaussian"``: draws from a Gaussian with the real
    vectors' mean and covariance (no cluster structure: harder for approximate search).
    """
    rng = np.random.default_rng(seed)
    mean = real.mean(axis=0)
    cov = np.cov(real, rowvar=False)
    root = np.linalg.cholesky(cov + 1e-6 * np.eye(cov.shape[0]))
    scale = 1.0
    if kind == "perturbed":
        sample = real[rng.choice(len(real), min(len(real), 2000), replace=False)]
        sims = sample @ real.T
        sims[sims > 0.9999] = -1.0  # not itself
        target = float(np.median(sims.max(axis=1)))
        probe = real[:2000] + rng.standard_normal((min(2000, len(real)), real.shape[1])) @ root.T
        cos_at_1 = float(np.median(np.sum(probe / np.linalg.norm(probe, axis=1, keepdims=True) * real[:2000], axis=1)))
        # cosine after adding noise s*e is about 1/sqrt(1 + s^2 * |e|^2): solve for s from s=1
        noise2 = (1 / cos_at_1 ** 2 - 1)
        scale = math.sqrt(max(1 / target ** 2 - 1, 1e-6) / noise2)
        print(f"perturbed copies at median cosine {target:.3f} to their source "
              f"(the real median nearest-neighbour cosine)", file=sys.stderr, flush=True)
    elif kind != "gaussian":
        raise ValueError(f"unknown synthetic kind {kind!r}")
    out = np.empty((max(n, len(real)), real.shape[1]), dtype=np.float32)
    out[: len(real)] = real
    for i in range(len(real), len(out), chunk):
        m = min(chunk, len(out) - i)
        noise = rng.standard_normal((m, real.shape[1])) @ root.T
        x = real[rng.integers(0, len(real), m)] + scale * noise if kind == "perturbed" else mean + noise
        out[i : i + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def configs(n: int, d: int) -> list[tuple[str, str, list[int]]]:
    """The indexes measured at ``n`` vectors (``nlist`` about ``4 * sqrt(n)``)."""
    nlist = 2 ** int(round(math.log2(4 * math.sqrt(n))))
    return [("Flat", "", [0]),
            ("HNSW32", "efSearch", [64, 128, 256]),
            ("HNSW32,SQ8", "efSearch", [128, 256, 512]),
            ("HNSW32,SQfp16", "efSearch", [128, 256, 512]),
            (f"IVF{nlist},Flat", "nprobe", [16, 64, 256]),
            (f"IVF{nlist},SQ8", "nprobe", [16, 64, 256]),
            (f"IVF{nlist},PQ{d // 8}", "nprobe", [16, 64]),
            (f"OPQ{d // 8},IVF{nlist},PQ{d // 8},Refine(SQ8)", "nprobe,k_factor_rf", [16, 64])]


def measure(base: np.ndarray, queries: np.ndarray, wanted: list[str] | None) -> tuple[list[IndexRow], dict]:
    """Build and search every configuration; the search results of each row by its label."""
    import faiss

    n, d = base.shape
    cores = faiss.omp_get_max_threads()
    rows, found_by, truth = [], {}, None
    for factory, param, values in configs(n, d):
        factory = effective_factory(factory, n)
        if wanted and factory != "Flat" and factory not in wanted:
            continue
        faiss.omp_set_num_threads(cores)
        print(f"  building {factory} ...", file=sys.stderr, flush=True)
        t = time.perf_counter()
        index = faiss.index_factory(d, factory, faiss.METRIC_INNER_PRODUCT)
        _no_polysemous_training(index)  # as the product builds it
        if not index.is_trained:
            index.train(base[: min(n, 256 * 1024)])
        index.add(base)
        build = time.perf_counter() - t
        memory = len(faiss.serialize_index(index)) / 1e6
        faiss.omp_set_num_threads(1)  # single-query latency, as a server answers one question
        space = faiss.ParameterSpace()
        for value in values:
            label = "-"
            if param == "nprobe,k_factor_rf":  # PQ finds 4x the candidates, SQ8 re-ranks them
                space.set_index_parameter(index, "nprobe", value)
                space.set_index_parameter(index, "k_factor_rf", 4)
                label = f"nprobe={value},k_factor_rf=4"
            elif param:
                space.set_index_parameter(index, param, value)
                label = f"{param}={value}"
            found, times = search_all(faiss, index, queries, K)
            if truth is None:
                truth = found
            recall = float(np.mean([len(set(a) & set(b)) / K for a, b in zip(found, truth)]))
            p50, p95 = latency_summary(times)
            rows.append(IndexRow(factory, label, build, memory, p50, p95, recall))
            found_by[f"{factory} {label}"] = times
            print(f"  {factory} {label}: recall@10 {recall:.3f}, p95 {p95:.2f} ms", file=sys.stderr, flush=True)
        del index
    faiss.omp_set_num_threads(cores)
    return rows, found_by


def fts_store(db: Path, n: int, folder: Path):
    """A fresh database with the real courses and their sentences repeated up to ``n`` rows."""
    from assistant.records import Sentence
    from assistant.store import CourseStore

    source = CourseStore(db)
    courses = source.courses()
    sentences = [s for lid in courses for s in source.course_sentences(lid)]
    source.close()
    store = CourseStore(folder / "fts.db")
    store.upsert_courses(courses.values())
    t = time.perf_counter()
    done, last = 0, 0.0
    copy = 0
    with store.conn:
        while done < n:
            batch = sentences[: min(len(sentences), n - done)]
            by_course: dict[str, list[Sentence]] = {}
            for s in batch:  # each copy at its own positions (a course's positions are unique)
                by_course.setdefault(s.lecture_id, []).append(
                    Sentence(s.lecture_id, s.position + copy * 100_000, s.start, s.end, s.text))
            copy += 1
            for lid, group in by_course.items():
                store.add_sentences(group, courses[lid].title)
            done += len(batch)
            if time.perf_counter() - last > 10:
                last = time.perf_counter()
                rate = done / (last - t)
                print(f"  FTS5 rows {done:,}/{n:,} ({rate:,.0f}/s, ETA {(n - done) / rate:,.0f} s)",
                      file=sys.stderr, flush=True)
    return store, time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/million.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a built database (its vectors and sentences)")
    parser.add_argument("--queries", type=Path, nargs="+", required=True, help="question files (JSONL)")
    parser.add_argument("--n", type=int, default=1_000_000, help="vectors and FTS5 rows (default 1,000,000)")
    parser.add_argument("--synthetic", choices=("perturbed", "gaussian"), default="perturbed",
                        help="how vectors beyond the real ones are made (default perturbed; see above)")
    parser.add_argument("--only", nargs="*", help="only these factory strings (Flat, the reference, always runs)")
    parser.add_argument("--skip-fts", action="store_true", help="vectors only")
    parser.add_argument("--json", action="store_true", help="also print the rows as JSON")
    args = parser.parse_args(argv)

    from assistant.embed import Embedder
    from assistant.searches import search_text
    from assistant.settings import Settings
    from assistant.store import CourseStore

    questions = [json.loads(line)["question"] for f in args.queries
                 for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    store = CourseStore(args.db)
    _, real = store.all_vectors()
    store.close()
    embedder = Embedder.from_settings(Settings.from_env())
    embedder.run(["warm"], query=True)
    t = time.perf_counter()
    embed_times = []
    queries = np.zeros((len(questions), real.shape[1]), dtype=np.float32)
    for i, q in enumerate(questions):
        t = time.perf_counter()
        queries[i] = embedder.run([search_text(q)], query=True)[0]
        embed_times.append(time.perf_counter() - t)
    print(f"{len(real):,} real vectors from {args.db}; {args.n - len(real):,} synthetic ({args.synthetic}); "
          f"{len(questions)} real questions as queries", flush=True)
    t = time.perf_counter()
    base = synthetic(real, args.n, args.synthetic)
    print(f"vectors made in {time.perf_counter() - t:.1f} s", flush=True)
    rows, times_by = measure(base, queries, args.only)
    del base

    print(f"\nindexes at {args.n:,} vectors x {real.shape[1]} dims (search on 1 thread, k=10):")
    print(f"{'index':32} {'param':22} {'build s':>8} {'memory MB':>10} {'p50 ms':>7} {'p95 ms':>7} {'recall@10':>9}")
    for r in rows:
        print(f"{r.index:32} {r.params:22} {r.build_s:8.1f} {r.memory_mb:10.1f} {r.p50_ms:7.2f} "
              f"{r.p95_ms:7.2f} {r.recall_at_10:9.3f}")
    e50, e95 = latency_summary(embed_times)
    print(f"\nquery embedding (int8, one question): p50 {e50:.1f} ms, p95 {e95:.1f} ms")
    figures: dict = {"n": args.n, "indexes": [r.__dict__ for r in rows], "embed_ms": [e50, e95]}
    if not args.skip_fts:
        with tempfile.TemporaryDirectory() as folder:
            fts, build_s = fts_store(args.db, args.n, Path(folder))
            texts = [search_text(q) for q in questions]
            fts.keyword_search(texts[0])
            kw_times = []
            for text in texts:
                t = time.perf_counter()
                fts.keyword_search(text, limit=50)
                kw_times.append(time.perf_counter() - t)
            size = (Path(folder) / "fts.db").stat().st_size / 1e6
            fts.close()
        k50, k95 = latency_summary(kw_times)
        print(f"FTS5 keyword search at {args.n:,} rows ({build_s:.0f} s to fill, database {size:,.0f} MB): "
              f"p50 {k50:.1f} ms, p95 {k95:.1f} ms")
        print("\nhybrid retrieval per question (dense search + FTS5 keyword search; query embedding above):")
        print(f"{'index':32} {'param':22} {'p50 ms':>7} {'p95 ms':>7} {'recall@10':>9} {'memory MB':>10}")
        for r in rows:
            dense = times_by[f"{r.index} {r.params}"]
            h50, h95 = latency_summary([d + k for d, k in zip(dense, kw_times)])
            print(f"{r.index:32} {r.params:22} {h50:7.1f} {h95:7.1f} {r.recall_at_10:9.3f} {r.memory_mb:10.1f}")
        figures["keyword_ms"] = [k50, k95]
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
