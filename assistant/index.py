"""FAISS vector index whose ids are the SQLite sentence row ids.

Any ``index_factory`` string works (``"Flat"``, ``"HNSW32"``, ``"IVF64,Flat"``,
``"IVF64,PQ16"``); it is wrapped in ``IDMap2`` so FAISS ids are the ``sentences.id`` values
and a search result joins straight back to SQLite. The index file lives beside the database
and its checksum is recorded in the database's ``meta`` table: a file that does not match
raises :class:`~assistant.errors.StaleIndexError` instead of returning wrong sentences.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
from pathlib import Path

import numpy as np

from .errors import IndexMissingError, StaleIndexError, require

METRICS = ("ip", "l2")

log = logging.getLogger(__name__)


def _faiss():
    return require("faiss", "faiss-cpu")


def effective_factory(factory: str, n_vectors: int) -> str:
    """Shrink what a small corpus cannot train: IVF list counts (FAISS wants ~39 points per
    list) and PQ codebooks (``PQm`` trains 2**8 centroids per sub-quantizer, so it needs at
    least 256 vectors; fewer get ``PQmxb`` with 2**b <= n_vectors). Other factory strings
    pass through unchanged."""
    def shrink(match: "re.Match[str]") -> str:
        lists = int(match.group(1))
        fit = max(1, min(lists, n_vectors // 39 or 1))
        return f"IVF{fit}"

    def shrink_pq(match: "re.Match[str]") -> str:
        bits = int(match.group(2) or 8)
        fit = max(1, min(bits, int(math.log2(max(n_vectors, 2)))))
        return (f"PQ{match.group(1)}" + (f"x{fit}" if fit != 8 or match.group(2) else "")
                + (match.group(3) or ""))

    import re

    factory = re.sub(r"IVF(\d+)", shrink, factory)
    # plain PQm / PQmxb / PQmnp only (not the fast-scan "fs" variants, which need 4 bits)
    return re.sub(r"(?<![A-Za-z])PQ(\d+)(?:x(\d+))?(np)?(?![\dA-Za-z])", shrink_pq, factory)


AUTO = "auto"
"""The default index setting: :func:`choose_factory` picks by size."""
AUTO_EXACT_MAX = 200_000
"""Up to this many sentence vectors ``auto`` stays exact (Flat). Measured with
``bench/million.py`` (one thread): Flat takes 3.1 ms p95 at 60k vectors and 66 ms at 1M
(linear: about 13 ms here), while HNSW stays at 1-3 ms."""
AUTO_APPROXIMATE = "HNSW32,SQ8"
"""What ``auto`` builds beyond :data:`AUTO_EXACT_MAX`: a graph over 8-bit vectors. At 1M
vectors: 656 MB (Flat: 1,536 MB, HNSW32: 1,808 MB), recall@10 0.961 at ``efSearch`` 512,
2.9 ms p95, built in 137 s (``bench/million.py``)."""
HNSW_EF_SEARCH = 512
"""Candidates an HNSW search keeps (FAISS's default of 16 loses recall; 128 gave 0.911 and
512 gave 0.961 recall@10 at 1M vectors)."""


def choose_factory(factory: str, n_vectors: int) -> str:
    """The index to build: ``factory`` itself, or for ``"auto"`` Flat while the catalog is
    small (exact, and fast enough) and :data:`AUTO_APPROXIMATE` beyond
    :data:`AUTO_EXACT_MAX` vectors."""
    if factory.strip().lower() != AUTO:
        return factory
    return "Flat" if n_vectors <= AUTO_EXACT_MAX else AUTO_APPROXIMATE


def build_index(ids: np.ndarray, vectors: np.ndarray, factory: str = AUTO, metric: str = "ip"):
    """Build a FAISS index over ``vectors`` with ``ids`` as FAISS ids.

    Args:
        ids: int64 sentence row ids.
        vectors: float32 ``(n, d)`` L2-normalized vectors.
        factory: FAISS ``index_factory`` string, or ``"auto"`` (:func:`choose_factory`).
        metric: ``"ip"`` (cosine on normalized vectors) or ``"l2"``.

    Returns:
        The trained, filled index (on the CPU).
    """
    faiss = _faiss()
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; use one of {METRICS}")
    n, dim = vectors.shape
    faiss_metric = faiss.METRIC_INNER_PRODUCT if metric == "ip" else faiss.METRIC_L2
    index = faiss.index_factory(dim, "IDMap2," + effective_factory(choose_factory(factory, n), n), faiss_metric)
    x = np.ascontiguousarray(vectors, dtype=np.float32)
    _no_polysemous_training(index)
    if not index.is_trained:
        index.train(x)
    index.add_with_ids(x, np.ascontiguousarray(ids, dtype=np.int64))
    tune_for_search(index)
    return index


def _no_polysemous_training(index) -> None:
    """FAISS's factory turns on polysemous code training for PQ, which only polysemous
    (Hamming-filtered) search uses and which makes a PQ build about ten times slower
    (``lab index``): off."""
    faiss = _faiss()
    inner = faiss.downcast_index(index.index if hasattr(index, "index") else index)
    try:
        inner = faiss.downcast_index(faiss.extract_index_ivf(inner))
    except (RuntimeError, AttributeError):
        pass
    if hasattr(inner, "do_polysemous_training"):
        inner.do_polysemous_training = False


def tune_for_search(index) -> None:
    """Search settings FAISS does not store in the file: more than one IVF list probed (its
    default of 1 loses recall on small corpora) and :data:`HNSW_EF_SEARCH` for HNSW."""
    faiss = _faiss()
    inner = faiss.downcast_index(index.index if hasattr(index, "index") else index)  # inside IDMap2
    hnsw = getattr(inner, "hnsw", None)
    if hnsw is not None:
        hnsw.efSearch = max(hnsw.efSearch, HNSW_EF_SEARCH)
    try:
        ivf = faiss.extract_index_ivf(index)
    except (RuntimeError, AttributeError):
        return
    ivf.nprobe = min(ivf.nlist, 16)


def file_checksum(path: Path) -> str:
    """SHA-256 of an index file (streamed)."""
    with Path(path).open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def previous_index_path(path: Path) -> Path:
    """Where an ingest keeps the previous index while it swaps in the new database and index
    (``x.faiss.prev``): the previous database still matches it if the ingest dies between
    the two renames."""
    return Path(f"{path}.prev")


def save_index(index, path: Path) -> str:
    """Write ``index`` to ``path`` atomically and return the file's checksum."""
    faiss = _faiss()
    tmp = Path(f"{path}.tmp-{os.getpid()}")
    faiss.write_index(index, str(tmp))
    checksum = file_checksum(tmp)
    os.replace(tmp, path)
    return checksum


def load_index(path: Path, expected_checksum: str | None, use_gpu: bool | None = None):
    """Read an index file, checking it against the checksum recorded in the database.

    Args:
        path: The ``.faiss`` file.
        expected_checksum: ``meta.index_checksum`` from the database.
        use_gpu: Move the index to the GPU (``None``: when faiss-gpu sees a GPU).

    Raises:
        IndexMissingError: The file does not exist.
        StaleIndexError: The file is not the one the database was built with.
    """
    faiss = _faiss()
    path = Path(path)
    if not path.is_file():
        raise IndexMissingError(f"no FAISS index at {path}: run `python -m assistant build`")
    if expected_checksum is None:
        raise StaleIndexError(f"{path} has no record in its database: run `python -m assistant build`")
    if file_checksum(path) != expected_checksum:
        previous = previous_index_path(path)
        if previous.is_file() and file_checksum(previous) == expected_checksum:
            # an ingest stopped between moving its new index and its new database into place:
            # the database is still the previous one, and so is its index, kept beside it
            log.warning("%s belongs to an unfinished ingest; using the previous index %s (run the ingest "
                        "again to finish it)", path, previous)
            path = previous
        else:
            raise StaleIndexError(
                f"{path} does not match its database (it was built for other contents, or is damaged): "
                "run `python -m assistant build` to rebuild it")
    try:
        index = faiss.read_index(str(path))
    except RuntimeError as exc:  # damaged although the checksum matched (e.g. written by hand)
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise StaleIndexError(f"{path} cannot be read ({reason[:200]}): run `python -m assistant build` "
                              "to rebuild it from the stored vectors") from exc
    tune_for_search(index)
    if use_gpu is None:
        use_gpu = hasattr(faiss, "StandardGpuResources") and faiss.get_num_gpus() > 0
    if use_gpu:  # pragma: no cover - needs faiss-gpu and a GPU
        index = faiss.index_cpu_to_gpu(faiss.StandardGpuResources(), 0, index)
    return index


def search(index, query: np.ndarray, k: int, allowed_ids: np.ndarray | None = None,
           metric: str = "ip") -> list[tuple[int, float]]:
    """Nearest sentences for one query vector.

    Args:
        index: An index from :func:`build_index` / :func:`load_index`.
        query: float32 ``(d,)`` query vector.
        k: Number of results.
        allowed_ids: Restrict results to these sentence ids (filters), or ``None``.
        metric: The index's metric (the index's own ``metric_type`` wins when it has one);
            L2 distances are negated so higher is better.

    Returns:
        ``(sentence_id, score)`` pairs, best first.
    """
    faiss = _faiss()
    if index.ntotal == 0 or k <= 0:
        return []
    actual = getattr(index, "metric_type", None)
    if actual is not None:  # trust the index: some types (HNSW,PQ) are always L2
        metric = "ip" if actual == faiss.METRIC_INNER_PRODUCT else "l2"
    k = min(k, index.ntotal)
    x = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
    if allowed_ids is None:
        scores, ids = index.search(x, k)
        return _pairs(ids[0], scores[0], metric)
    if len(allowed_ids) == 0:
        return []
    k = min(k, len(allowed_ids))
    try:  # flat and HNSW indexes filter inside the search
        params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.asarray(allowed_ids, dtype=np.int64)))
        scores, ids = index.search(x, k, params=params)
        return _pairs(ids[0], scores[0], metric)
    except RuntimeError:  # IVF, PQ … reject plain parameters: search everything, then filter
        try:
            ivf = faiss.extract_index_ivf(index)
        except (RuntimeError, AttributeError):
            ivf = None  # not an IVF index (e.g. PQ): an exhaustive search needs no probing
        nprobe = ivf.nprobe if ivf is not None else 0
        if ivf is not None:
            ivf.nprobe = ivf.nlist
        try:
            scores, ids = index.search(x, index.ntotal)
        finally:
            if ivf is not None:
                ivf.nprobe = nprobe
        allowed = set(int(i) for i in allowed_ids)
        return [p for p in _pairs(ids[0], scores[0], metric) if p[0] in allowed][:k]


def _pairs(ids: np.ndarray, scores: np.ndarray, metric: str) -> list[tuple[int, float]]:
    out = []
    for sid, score in zip(ids, scores):
        if sid < 0 or math.isnan(float(score)):
            continue
        out.append((int(sid), float(score) if metric == "ip" else -float(score)))
    return out
