"""The embedding stage: sentence vectors, course-level vectors and the vector index.

Called by :mod:`assistant.build` inside its staged copy of the database: the sentences are
embedded first (only those without a vector), then each course's vector is made from them
(:func:`course_vectors`), then the FAISS index (or a Milvus collection) is written from the
stored vectors.
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

import numpy as np

from .embed import TextEmbedder
from .errors import IndexMissingError
from .index import build_index, choose_factory, save_index
from .store import CourseStore


def _embed_in_chunks(items: list, texts_of, put, embedder: TextEmbedder, *, batch: int, desc: str,
                     unit: str, progress: bool) -> None:
    """Embed ``items`` chunk by chunk (``texts_of(chunk)`` -> texts, ``put(chunk, vectors)``),
    each distinct text once (sections sharing a description, boilerplate like "출석 10%"),
    with a progress bar (ETA) when asked."""
    bar = None
    if progress and items:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(items), desc=desc, unit=unit, file=sys.stderr)
    for i in range(0, len(items), batch):
        chunk = items[i : i + batch]
        texts = texts_of(chunk)
        unique = list(dict.fromkeys(texts))
        vectors = embedder.run(unique, query=False)
        row = {text: k for k, text in enumerate(unique)}
        put(chunk, vectors[[row[t] for t in texts]])
        if bar:
            bar.update(len(chunk))
    if bar:
        bar.close()


def embed_missing(store: CourseStore, embedder: TextEmbedder, *, progress: bool = False,
                  batch: int = 256) -> tuple[int, float]:
    """Embed every sentence that has no stored vector.

    Returns:
        ``(count, seconds)``.
    """
    model_id = getattr(embedder, "model_id", "unknown")
    meta = store.get_meta()
    if meta.get("embedding_model") not in (None, model_id):
        store.clear_vectors()  # another model: every old vector is meaningless
    ids = store.missing_vector_ids()
    if not ids:
        return 0, 0.0  # nothing new: the model is not even loaded
    if hasattr(embedder, "warm_up"):
        embedder.warm_up()  # loading the model is not embedding: the rate counts embedding only
    recipe = embedder.recipe(query=False) if hasattr(embedder, "recipe") else "unnamed"
    if meta.get("passage_recipe") != recipe and len(ids) < store.counts()["sentences"]:
        # the same model run another way (int8 graph, float32) since the kept vectors were
        # made: new vectors would not be comparable with them, so all are made again
        store.clear_vectors()
        ids = store.missing_vector_ids()
    store.set_meta(passage_recipe=recipe)
    started = time.perf_counter()
    texts: dict[int, str] = {}
    for i in range(0, len(ids), 10_000):  # SQLite caps the parameters of one query
        part = ids[i : i + 10_000]
        texts.update(zip(part, store.texts_for_embedding(part)))
    # longest first over the whole catalog: batches of equal length waste no padding, and
    # the progress bar's ETA only gets better
    ids.sort(key=lambda i: -len(texts[i]))
    _embed_in_chunks(ids, lambda chunk: [texts[i] for i in chunk], store.put_vectors, embedder, batch=batch,
                     desc="embed", unit="sentence", progress=progress)
    return len(ids), time.perf_counter() - started


COURSE_VECTORS = "head+sentence-mean-v1"
"""Names how course-level vectors are made (:func:`course_vectors`); a database whose
vectors were made another way gets them made again at its next build."""


def course_vectors(head_vectors: np.ndarray, sentence_means: np.ndarray) -> np.ndarray:
    """Course-level vectors: the unit vector of what the course is called (title and
    department) plus the unit mean of its sentence vectors (what it teaches), normalised.
    A course without sentences is its name alone.

    The sentence vectors are already made, so a course costs one short text to embed, not
    its description a second time; the README ("A real university's scale") has what this
    bought in ingest time and lookup, and why the sentence mean alone is not enough."""
    def unit(m: np.ndarray) -> np.ndarray:
        norms = np.linalg.norm(m, axis=1, keepdims=True)
        return np.divide(m, norms, out=np.zeros_like(m), where=norms > 0)

    return unit(unit(np.asarray(head_vectors, dtype=np.float32)) + unit(np.asarray(sentence_means, dtype=np.float32)))


def embed_courses(store: CourseStore, embedder: TextEmbedder, *, progress: bool = False,
                  batch: int = 256) -> int:
    """Make the course-level vector (:func:`course_vectors`) of every course without an
    up-to-date one; run after :func:`embed_missing` (it reads the sentence vectors).
    Returns how many were made."""
    from .store import course_head

    if store.get_meta().get("course_vectors") != COURSE_VECTORS:
        store.clear_course_vectors()
    todo = store.courses_missing_vectors()

    def put(chunk: list, head_vectors: np.ndarray) -> None:
        means = store.sentence_vector_means([c.lecture_id for c in chunk], head_vectors.shape[1])
        store.put_course_vectors(chunk, course_vectors(head_vectors, means))

    _embed_in_chunks(todo, lambda chunk: [course_head(c) for c in chunk], put,
                     embedder, batch=batch, desc="embed courses", unit="course", progress=progress)
    store.set_meta(course_vectors=COURSE_VECTORS)
    return len(todo)


def write_index(store: CourseStore, index_path: Path, *, factory: str, metric: str,
                model_id: str, backend: str = "faiss", milvus_uri: str = "", progress: bool = False) -> None:
    """Build the vector index from the stored vectors and record it in ``meta``: a FAISS
    file at ``index_path``, or with ``backend="milvus"`` a new collection at ``milvus_uri``
    (:mod:`assistant.milvus`; no file is written)."""
    ids, vectors = store.all_vectors()
    if len(ids) == 0:
        raise IndexMissingError("the catalog has no sentences to index")
    if backend == "milvus":
        from .milvus import sentence_facets, write_collection

        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(ids), desc="milvus", unit="vector", file=sys.stderr)
        meta = store.get_meta()
        namespace = meta.get("milvus_namespace") or uuid.uuid4().hex[:8]  # this database's, for good
        name, checksum = write_collection(milvus_uri, ids, vectors, sentence_facets(store.conn), metric=metric,
                                          keep=meta.get("milvus_collection"), namespace=namespace,
                                          on_batch=bar.update if bar else None)
        if bar:
            bar.close()
        store.set_meta(embedding_model=model_id, dimension=vectors.shape[1], index_factory="milvus",
                       metric=metric, index_checksum=checksum, index_size=len(ids), vector_backend="milvus",
                       milvus_collection=name, milvus_uri=milvus_uri, milvus_namespace=namespace,
                       built_at=time.strftime("%Y-%m-%dT%H:%M:%S"))
        return
    factory = choose_factory(factory, len(ids))
    index = build_index(ids, vectors, factory, metric)
    checksum = save_index(index, index_path)
    store.set_meta(embedding_model=model_id, dimension=vectors.shape[1], index_factory=factory,
                   metric=metric, index_checksum=checksum, index_size=len(ids), vector_backend="faiss", milvus_uri="",
                   built_at=time.strftime("%Y-%m-%dT%H:%M:%S"))
