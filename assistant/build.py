"""Catalog file -> database + FAISS index, atomically.

``ingest`` validates the whole catalog first (:func:`assistant.ingest.load_catalog`), then
works on a copy of the database: courses are synced by lecture id (new ones added, changed
ones re-split and re-embedded, unchanged ones kept with their vectors, missing ones
removed), the FAISS index is rebuilt from the stored vectors, and only then are the new
database and index moved into place. Any error before that leaves the previous database and
index exactly as they were.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing as mp
import os
import re
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .database import storage_error
from .embed import Embedder, TextEmbedder
from .errors import IndexMissingError, StorageError
from .index import file_checksum, previous_index_path
from .ingest import read_catalog
from .records import Course
from .settings import Settings
from .split import split_description
from .store import CourseStore, content_key
from .vectors import embed_courses, embed_missing, write_index

LOCK_WAIT_SECONDS = 5.0
"""How long an ingest waits for another program's lock on the database before giving up."""


@dataclass(frozen=True)
class BuildReport:
    """What an ingest or build did.

    Attributes:
        added: Lecture ids of new courses.
        updated: Lecture ids whose title or description changed.
        removed: Lecture ids no longer in the catalog.
        unchanged: Number of courses kept as they were.
        sentences: Sentences in the database afterwards.
        embedded: Sentences embedded during this run.
        seconds_embedding: Time spent embedding.
        seconds_total: Wall time of the whole run.
        skipped: Invalid rows left out (``ingest(..., skip_invalid=True)``), one line each.
    """

    added: tuple[str, ...]
    updated: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    sentences: int
    embedded: int
    seconds_embedding: float
    seconds_total: float
    skipped: tuple[str, ...] = ()

    @property
    def sentences_per_second(self) -> float:
        """Embedding throughput of this run (0 when nothing was embedded)."""
        return self.embedded / self.seconds_embedding if self.seconds_embedding > 0 else 0.0


def _progress(iterable, total: int, desc: str, enabled: bool):
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="course", file=sys.stderr)


PARALLEL_SPLIT_MIN = 2_000
"""Courses to split from which worker processes (one per core) do the splitting: below it,
starting them costs more than it saves."""


def _split_one(course: tuple[str, str], backend: str) -> list:
    return split_description(course[0], course[1], backend)


def _split_all(courses: Sequence[Course], backend: str) -> Iterator[list]:
    """The sentences of each course, in order. A big catalog is split by one forked worker
    per core (kss is pure Python, so one process uses one core); kss is imported before the
    fork, so the workers start at once."""
    from functools import partial

    split = partial(_split_one, backend=backend)
    items = [(c.lecture_id, c.description) for c in courses]
    workers = min(os.cpu_count() or 1, 8)
    if len(courses) < PARALLEL_SPLIT_MIN or workers < 2 or "fork" not in mp.get_all_start_methods():
        yield from map(split, items)
        return
    from concurrent.futures import ProcessPoolExecutor

    from .split import check_backend

    check_backend(backend)  # imports kss here, before the fork
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
        yield from pool.map(split, items, chunksize=64)


def sync_courses(store: CourseStore, courses: Sequence[Course], *, split_backend: str = "punct",
                 keep_missing: bool = False, progress: bool = False) -> tuple[list[str], list[str], list[str], int]:
    """Make the store's courses equal to ``courses`` (upsert by lecture id).

    Returns:
        ``(added, updated, removed, unchanged_count)``.
    """
    stored = store.course_hashes()
    incoming = {c.lecture_id: c for c in courses}
    removed = [] if keep_missing else sorted(set(stored) - set(incoming))
    store.delete_courses(removed)
    added, updated = [], []
    store.upsert_courses(courses)  # field-only changes (instructor, credits …) land here
    todo = [c for c in courses if stored.get(c.lecture_id) != content_key(c)]
    split = _split_all(todo, split_backend)
    for course, sentences in _progress(zip(todo, split), len(todo), "split", progress):
        (added if course.lecture_id not in stored else updated).append(course.lecture_id)
        store.delete_sentences(course.lecture_id)
        store.add_sentences(sentences, title=course.title)
    return added, updated, removed, len(courses) - len(todo)


def _copy_database(src: Path, dst: Path) -> None:
    """Consistent copy of a SQLite file (the backup API, safe while readers are open).

    Raises:
        sqlite3.OperationalError: Another program held a lock on ``src`` for longer than
            :data:`LOCK_WAIT_SECONDS` (the backup API alone would wait forever).
    """
    started = time.monotonic()

    def give_up_when_locked(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() - started > LOCK_WAIT_SECONDS:
            raise sqlite3.OperationalError("database is locked")

    with contextlib.closing(sqlite3.connect(src, timeout=LOCK_WAIT_SECONDS)) as source, \
            contextlib.closing(sqlite3.connect(dst)) as target:
        source.backup(target, progress=give_up_when_locked)


_TMP_PID = re.compile(r"\.tmp-(\d+)")


def _remove_dead_leftovers(db_path: Path, index_path: Path) -> None:
    """Delete the temporary files of earlier ingests that were killed (their process is gone);
    a running ingest's files are left alone."""
    for pattern in (f".{db_path.name}.tmp-*", f"{index_path.name}.tmp-*", f"{index_path.name}.prev.tmp-*"):
        for leftover in db_path.parent.glob(pattern):
            match = _TMP_PID.search(leftover.name)
            if match is None or int(match.group(1)) == os.getpid():
                continue
            try:
                os.kill(int(match.group(1)), 0)
            except ProcessLookupError:
                leftover.unlink(missing_ok=True)
            except OSError:  # alive (another user's process) or cannot tell: keep it
                pass


def _keep_previous_index(index_path: Path, checksum: str | None) -> None:
    """Keep the index that matches the database about to be replaced as ``x.faiss.prev``
    (a hard link, no copy), so that dying between the two renames leaves the previous
    database with its own index (:func:`assistant.index.load_index` falls back to it)."""
    previous = previous_index_path(index_path)
    if checksum and index_path.is_file() and file_checksum(index_path) == checksum:
        tmp = Path(f"{previous}.tmp-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        try:
            os.link(index_path, tmp)
        except OSError:  # no hard links here (some network or FAT file systems)
            shutil.copyfile(index_path, tmp)
        os.replace(tmp, previous)
        tmp.unlink(missing_ok=True)  # rename() does nothing when both are links to one file
    elif not (checksum and previous.is_file() and file_checksum(previous) == checksum):
        previous.unlink(missing_ok=True)  # (else: an earlier unfinished ingest kept the right one)


@contextlib.contextmanager
def _staged(db_path: Path, index_path: Path) -> Iterator[tuple[CourseStore, Path]]:
    """A copy of the database (empty when there is none yet) and a path for the new index,
    to build in. Both replace the originals when the block ends without error; otherwise
    nothing already stored changes and the copies are removed.

    Raises:
        StorageError: The database is locked, the disk is full, the database is not one.
    """
    tmp_db = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
    tmp_index = Path(f"{index_path}.tmp-{os.getpid()}")
    try:
        _remove_dead_leftovers(db_path, index_path)
        if db_path.exists():
            _copy_database(db_path, tmp_db)
        try:
            store = CourseStore(tmp_db)
        except StorageError as exc:  # about the copy: name the database itself
            raise StorageError(str(exc).replace(str(tmp_db), str(db_path))) from exc
        try:
            current = store.get_meta().get("index_checksum")  # the index of the database now in place
            yield store, tmp_index
        finally:
            store.close()
        # index first: if we die between the two renames, the old database's checksum no
        # longer matches the new index, and the old index is still there as x.faiss.prev
        if tmp_index.exists():  # (the Milvus backend writes no file)
            _keep_previous_index(index_path, current)
            os.replace(tmp_index, index_path)
        os.replace(tmp_db, db_path)
        previous_index_path(index_path).unlink(missing_ok=True)
    except (sqlite3.DatabaseError, OSError, RuntimeError) as exc:
        error = storage_error(exc, db_path)
        if error is None:
            raise
        raise error from exc
    finally:
        for leftover in (tmp_db, tmp_index, Path(f"{tmp_index}.tmp-{os.getpid()}"), Path(f"{tmp_db}-journal")):
            leftover.unlink(missing_ok=True)


def _embed_and_index(store: CourseStore, embedder: TextEmbedder, index_path: Path, settings: Settings,
                     progress: bool) -> tuple[int, float]:
    """Embed the sentences and courses that have no vector yet, then write the index;
    returns (sentences embedded, seconds spent embedding them)."""
    with store.conn:
        embedded, seconds = embed_missing(store, embedder, progress=progress)
        embed_courses(store, embedder, progress=progress)
    from .milvus import resolve_uri

    with store.conn:
        write_index(store, index_path, factory=settings.index_factory, metric=settings.metric,
                    model_id=embedder.model_id, backend=settings.vector_backend,
                    milvus_uri=resolve_uri(settings.milvus_uri, settings.index_path), progress=progress)
    return embedded, seconds


def ingest(catalog: Path, settings: Settings, *, embedder: TextEmbedder | None = None,
           keep_missing: bool = False, progress: bool = True, skip_invalid: bool = False,
           name: str | None = None) -> BuildReport:
    """Load ``catalog`` into the database at ``settings.db_path`` and rebuild its index.

    Args:
        catalog: A CSV/TSV/JSON/JSONL/XLSX catalog file.
        settings: Where the database lives, which model and index to use.
        embedder: An embedder (default: one built from ``settings``).
        keep_missing: Keep courses that are absent from ``catalog`` (append mode).
        progress: Show progress bars on stderr.
        skip_invalid: Ingest the valid rows and report the invalid ones
            (:attr:`BuildReport.skipped`) instead of failing.
        name: The catalog's name shown by the chat (default: the file's stem).

    Returns:
        What changed.

    Raises:
        CatalogError: The file is invalid; nothing was changed.
    """
    started = time.perf_counter()
    # validates everything before anything is touched
    loaded = read_catalog(catalog, skip_invalid=skip_invalid)
    courses = loaded.courses
    embedder = embedder or Embedder.from_settings(settings)
    db_path = Path(settings.db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _staged(db_path, Path(settings.index_path)) as (store, tmp_index):
        with store.conn:
            added, updated, removed, unchanged = sync_courses(
                store, courses, split_backend=settings.split_backend,
                keep_missing=keep_missing, progress=progress)
        embedded, seconds = _embed_and_index(store, embedder, tmp_index, settings, progress)
        with store.conn:
            store.set_meta(catalog_name=name or Path(catalog).stem, catalog_file=str(Path(catalog).resolve()),
                           extra_columns=json.dumps(loaded.extra_columns, ensure_ascii=False))
        sentences = store.counts()["sentences"]
    return BuildReport(tuple(added), tuple(updated), tuple(removed), unchanged, sentences,
                       embedded, seconds, time.perf_counter() - started, loaded.skipped)


def rebuild(settings: Settings, *, embedder: TextEmbedder | None = None,
            progress: bool = True) -> BuildReport:
    """Re-embed what is missing (e.g. after a model change) and rebuild the FAISS index
    with ``settings.index_factory`` / ``settings.metric``, atomically."""
    started = time.perf_counter()
    db_path = Path(settings.db_path)
    if not db_path.exists():
        raise IndexMissingError(f"no database at {db_path}: run `python -m assistant ingest FILE` first")
    embedder = embedder or Embedder.from_settings(settings)
    with _staged(db_path, Path(settings.index_path)) as (store, tmp_index):
        embedded, seconds = _embed_and_index(store, embedder, tmp_index, settings, progress)
        counts = store.counts()
    return BuildReport((), (), (), counts["courses"], counts["sentences"], embedded, seconds,
                       time.perf_counter() - started)


def ensure_built(settings: Settings, *, embedder: TextEmbedder | None = None,
                 progress: bool = True) -> BuildReport | None:
    """Build the database from ``settings.catalog_path`` when it does not exist yet
    (first run of the app or the demo). Returns ``None`` when there was nothing to do.

    A database whose index file is missing gets its index rebuilt from its own stored
    courses and vectors; it is not re-ingested from ``settings.catalog_path``, which would
    replace an ingested catalog with the sample one. A database embedded with another
    model than the configured one (e.g. after an upgrade changed the default) is
    re-embedded the same way."""
    if Path(settings.db_path).exists() and Path(settings.index_path).exists():
        if _built_with(settings) in (None, getattr(embedder, "model_id", settings.embedding_model)):
            return None
        return rebuild(settings, embedder=embedder, progress=progress)  # another model: re-embed
    if Path(settings.db_path).exists():
        return rebuild(settings, embedder=embedder, progress=progress)
    from .settings import SAMPLE_CATALOG

    name = "샘플 카탈로그" if Path(settings.catalog_path).resolve() == SAMPLE_CATALOG.resolve() else None
    return ingest(settings.catalog_path, settings, embedder=embedder, progress=progress, name=name)


def _built_with(settings: Settings) -> str | None:
    """The embedding model recorded in the database (``None`` when unreadable or unset)."""
    from .store import CourseStore

    try:
        store = CourseStore(settings.db_path)
    except StorageError:
        return None
    try:
        return store.get_meta().get("embedding_model")
    finally:
        store.close()


def remove_database(settings: Settings) -> None:
    """Delete the database and its index."""
    for path in (Path(settings.db_path), Path(settings.index_path), previous_index_path(Path(settings.index_path))):
        if path.exists():
            path.unlink()
    Path(f"{settings.db_path}-journal").unlink(missing_ok=True)  # a file, not a folder
