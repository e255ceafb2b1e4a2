"""Sentence vectors in Milvus (through ``pymilvus``), behind the same search the FAISS index
offers: the backend for catalogs beyond one machine.

``COURSE_ASSISTANT_VECTOR_BACKEND=milvus`` selects it. ``COURSE_ASSISTANT_MILVUS_URI`` says
where: empty (the default) is **Milvus Lite**, an embedded local store in a folder beside the
database (``x.milvus.db``, a folder; the ``milvus-lite`` package); ``http://host:19530`` (or ``https://``)
is a Milvus server or cluster, with the same code. Ids are the SQLite sentence row ids, so a
result cites back to the content store as a FAISS result does. Each sentence also carries its
course's department, course type and credits, so filters run inside the engine.

Every build writes a new collection (``sentences_<database>_<hash>``) and records its name,
row count and fingerprint in the database's ``meta``; the collection of the database in place is kept
until the next build, so a failed ingest leaves the previous database and its vectors
usable. Keyword search (FTS5) and the content stay in SQLite.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from .errors import IndexMissingError, StaleIndexError, require
from .store import Filters

PREFIX = "sentences_"
BATCH = 5_000
_CLIENTS: dict[str, object] = {}
_CLIENTS_LOCK = threading.Lock()


def is_server(uri: str) -> bool:
    """Whether ``uri`` names a Milvus server (else it is a Milvus Lite folder)."""
    return uri.startswith(("http://", "https://", "tcp://", "grpc://", "unix:"))


def resolve_uri(setting: str, index_path: Path) -> str:
    """The Milvus URI to use: the setting, or a Milvus Lite folder beside the database."""
    if setting.strip():
        return setting.strip()
    return str(Path(index_path).with_suffix(".milvus.db").resolve())


def client(uri: str):
    """One ``MilvusClient`` per URI in this process (Milvus Lite allows one opener)."""
    pymilvus = require("pymilvus", "pymilvus milvus-lite")
    with _CLIENTS_LOCK:
        found = _CLIENTS.get(uri)
        if found is None:
            if not is_server(uri):
                require("milvus_lite", "milvus-lite")
            try:
                found = pymilvus.MilvusClient(uri)
            except Exception as exc:  # noqa: BLE001 - one clear error for any connection failure
                raise IndexMissingError(f"cannot open Milvus at {uri} ({type(exc).__name__}: "
                                        f"{str(exc)[:200]}): check COURSE_ASSISTANT_MILVUS_URI") from exc
            _CLIENTS[uri] = found
        return found


def close_clients() -> None:
    """Close every client this process opened (tests, and before a Lite folder is moved)."""
    with _CLIENTS_LOCK:
        for c in _CLIENTS.values():
            try:
                c.close()  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - closing is best effort
                pass
        _CLIENTS.clear()


def filter_expression(filters: Filters | None) -> str:
    """The Milvus boolean expression for ``filters`` (the rules of :meth:`Filters.sql`)."""
    if filters is None or filters.is_empty():
        return ""

    def text(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    parts = []
    if filters.departments:
        parts.append(f"department in [{', '.join(text(d) for d in filters.departments)}]")
    if filters.credits:
        parts.append(f"credits in [{', '.join(repr(float(c)) for c in filters.credits)}]")
    if filters.course_types:
        like = [f"course_type like {text(t.replace('%', '').replace('_', '') + '%')}" for t in filters.course_types]
        parts.append("(" + " or ".join(like) + ")")
    return " and ".join(parts)


def fingerprint(ids: np.ndarray, vectors: np.ndarray) -> str:
    """What identifies a build: its ids and vectors."""
    h = hashlib.sha256(np.ascontiguousarray(ids, dtype=np.int64).tobytes())
    h.update(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
    return h.hexdigest()


def write_collection(uri: str, ids: np.ndarray, vectors: np.ndarray,
                     facets: Mapping[int, tuple[str, str, float]], *, metric: str = "ip",
                     keep: str | None = None, namespace: str = "",
                     on_batch: Callable[[int], None] | None = None) -> tuple[str, str]:
    """Write a new collection with every sentence vector and its course's facets.

    Args:
        uri: Milvus Lite folder or server URI.
        ids: Sentence row ids.
        vectors: ``(n, d)`` float32, L2-normalised.
        facets: ``sentence id -> (department, course_type, credits)``.
        metric: ``"ip"`` or ``"l2"``.
        keep: The collection of the database in place (kept; older ones of the same
            ``namespace`` are dropped).
        namespace: This database's own prefix part, so several databases can share one
            Milvus server without dropping each other's collections.
        on_batch: Called with the number of rows written after each batch (progress).

    Returns:
        ``(collection name, fingerprint)``.
    """
    from pymilvus import DataType

    c = client(uri)
    print_ = fingerprint(ids, vectors)
    mine = f"{PREFIX}{namespace}_" if namespace else PREFIX
    name = mine + print_[:16]
    for old in c.list_collections():
        if old.startswith(mine) and old not in (keep, name):
            c.drop_collection(old)
    if c.has_collection(name):
        c.drop_collection(name)
    schema = c.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=int(vectors.shape[1]))
    schema.add_field("department", DataType.VARCHAR, max_length=1024)
    schema.add_field("course_type", DataType.VARCHAR, max_length=1024)
    schema.add_field("credits", DataType.DOUBLE)
    params = c.prepare_index_params()
    params.add_index(field_name="vector", index_type="AUTOINDEX" if is_server(uri) else "FLAT",
                     metric_type="IP" if metric == "ip" else "L2")
    c.create_collection(name, schema=schema, index_params=params)
    for start in range(0, len(ids), BATCH):
        rows = []
        for sid, vec in zip(ids[start : start + BATCH], vectors[start : start + BATCH]):
            dept, ctype, credits = facets.get(int(sid), ("", "", -1.0))
            rows.append({"id": int(sid), "vector": vec.tolist(), "department": dept[:1000],
                         "course_type": ctype[:1000], "credits": float(credits)})
        c.insert(name, rows)
        if on_batch is not None:
            on_batch(len(rows))
    c.flush(name)
    c.load_collection(name)
    return name, print_


class MilvusIndex:
    """A built collection, searched like a FAISS index (:func:`assistant.index.search`).

    Args:
        uri: Milvus Lite folder or server URI.
        collection: The collection recorded in the database's ``meta``.
        expected_rows: The row count recorded with it.
        metric: ``"ip"`` or ``"l2"``.

    Raises:
        IndexMissingError: No such collection (built with the FAISS backend, or elsewhere).
        StaleIndexError: The collection does not hold what the database recorded.
    """

    runs_filters = True
    """The retriever passes :class:`~assistant.store.Filters` to :meth:`search` itself."""

    def __init__(self, uri: str, collection: str, expected_rows: int, metric: str = "ip") -> None:
        self.uri, self.collection, self.metric = uri, collection, metric
        self._client = client(uri)
        if not self._client.has_collection(collection):
            raise IndexMissingError(f"Milvus at {uri} has no collection {collection}: run "
                                    "`python -m assistant build` (or `export-milvus`) to write it")
        self._client.load_collection(collection)
        rows = int(self._client.get_collection_stats(collection).get("row_count", -1))
        if rows != expected_rows:
            raise StaleIndexError(f"Milvus collection {collection} holds {rows} vectors, the database "
                                  f"expects {expected_rows}: run `python -m assistant build`")
        fields = self._client.describe_collection(collection)["fields"]
        self.d = next(int(f["params"]["dim"]) for f in fields if f["name"] == "vector")
        self.ntotal = rows

    def search(self, query: np.ndarray, k: int, filters: Filters | None = None) -> list[tuple[int, float]]:
        """Nearest sentences for one query vector, best first; ``filters`` run in Milvus.
        Scores follow the FAISS convention (inner product, or negated L2 distance)."""
        if k <= 0 or self.ntotal == 0:
            return []
        found = self._client.search(self.collection, data=[np.asarray(query, dtype=np.float32).tolist()],
                                    limit=min(k, 16_384), filter=filter_expression(filters),
                                    output_fields=["id"])[0]
        sign = 1.0 if self.metric == "ip" else -1.0
        return [(int(hit["id"]), sign * float(hit["distance"])) for hit in found]


def sentence_facets(conn) -> dict[int, tuple[str, str, float]]:
    """``sentence id -> (department, course_type, credits)`` from the database."""
    rows = conn.execute("SELECT s.id, c.department, c.course_type, c.credits FROM sentences s "
                        "JOIN courses c ON c.lecture_id = s.lecture_id")
    # no credit value (NULL) is stored as -1, which no credits filter asks for
    return {int(r[0]): (str(r[1] or ""), str(r[2] or ""), -1.0 if r[3] is None else float(r[3])) for r in rows}


__all__: Sequence[str] = ["MilvusIndex", "client", "close_clients", "filter_expression", "is_server",
                          "resolve_uri", "sentence_facets", "write_collection"]
