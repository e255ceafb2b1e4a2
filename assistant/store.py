"""SQLite storage for courses, sentences, vectors and keyword search (via sqlite-utils).

Layout (``assistant/schema.sql``): ``courses`` keyed by lecture id; ``sentences`` whose row id is
the FAISS id; ``vectors`` holding each sentence's embedding; two FTS5 tables for Korean
keyword search; ``meta`` recording the embedding model, dimension, index type and the
index checksum so a stale FAISS file is detected instead of giving wrong answers. Opening
the file (the schema applied and checked, SQLite failures as
:class:`~assistant.errors.StorageError`) is :mod:`assistant.database`; the keyword search
itself is :mod:`assistant.keywords`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import sqlite_utils

from .database import open_database
from .keywords import KeywordSearch, korean_ngrams
from .records import Course, Sentence
from .text import readable

COURSE_COLUMNS = ("lecture_id", "title", "department", "instructor", "credits", "course_type",
                  "description", "extra")


def _course(row: Sequence[object]) -> Course:
    """A :class:`Course` from a row of :data:`COURSE_COLUMNS` (``extra`` stored as JSON)."""
    *fields, extra = row
    pairs = tuple((str(k), str(v)) for k, v in json.loads(extra or "[]"))
    return Course(*fields, extra=pairs)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Filters:
    """Restrictions on which courses a search may return (``None`` = no restriction).

    Attributes:
        departments: Allowed departments (exact names).
        credits: Allowed credit values.
        course_types: Allowed course types; ``"전공"`` also matches ``"전공선택"`` and
            ``"전공필수"`` (prefix match), and likewise ``"교양"``.
    """

    departments: tuple[str, ...] | None = None
    credits: tuple[float, ...] | None = None
    course_types: tuple[str, ...] | None = None

    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return not (self.departments or self.credits or self.course_types)

    def sql(self, alias: str = "c") -> tuple[str, list[object]]:
        """A SQL condition over the courses table and its parameters."""
        parts, params = [], []
        if self.departments:
            parts.append(f"{alias}.department IN ({','.join('?' * len(self.departments))})")
            params += list(self.departments)
        if self.credits:
            parts.append(f"{alias}.credits IN ({','.join('?' * len(self.credits))})")
            params += [float(c) for c in self.credits]
        if self.course_types:
            parts.append("(" + " OR ".join(f"{alias}.course_type LIKE ?" for _ in self.course_types) + ")")
            params += [t + "%" for t in self.course_types]
        return (" AND ".join(parts) or "1"), params

    def accepts(self, course: Course) -> bool:
        """The same rules as :meth:`sql`, for one course in Python."""
        if self.departments and course.department not in self.departments:
            return False
        if self.credits and (course.credits is None
                             or float(course.credits) not in {float(c) for c in self.credits}):
            return False
        return not self.course_types or any(course.course_type.startswith(t) for t in self.course_types)


def description_key(description: str) -> str:
    """Hash of a description with case, width and whitespace differences removed, so
    sections that share a description (up to formatting) collapse into one hit."""
    norm = " ".join(unicodedata.normalize("NFKC", description).lower().split())
    return hashlib.sha256(norm.encode()).hexdigest()


def content_key(course: Course) -> str:
    """Hash of what the sentences and their vectors depend on (title and description)."""
    return hashlib.sha256(f"{course.title}\x00{course.description}".encode()).hexdigest()


class CourseStore(KeywordSearch):
    """The catalog database: one SQLite file, opened through sqlite-utils.

    The thread that opens the store reads and writes through ``db``; any other thread (the
    app's workers) reads through its own read-only connection, so answers run side by side.
    An in-memory database has one connection only (:attr:`concurrent` is ``False``).

    Args:
        path: Database file, or ``":memory:"`` for tests.
    """

    def __init__(self, path: str | Path) -> None:
        self._attach(path, open_database(path), concurrent=str(path) != ":memory:")

    @classmethod
    def over(cls, path: str | Path, db: "sqlite_utils.Database") -> "CourseStore":
        """A store over a database opened elsewhere (e.g. read-only, so the schema is not
        applied); every thread uses that one connection."""
        store = cls.__new__(cls)
        store._attach(path, db, concurrent=False)
        return store

    def _attach(self, path: str | Path, db: "sqlite_utils.Database", *, concurrent: bool) -> None:
        self.path = path
        self.db = db
        self.concurrent = concurrent
        self._owner = threading.get_ident()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection for the calling thread: the store's own in the thread that opened
        it (or for an in-memory database), else that thread's read-only one."""
        if not self.concurrent or threading.get_ident() == self._owner:
            return self.db.conn
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"{Path(self.path).resolve().as_uri()}?mode=ro", uri=True,
                                   check_same_thread=False)
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        return conn

    def close(self) -> None:
        """Close the connection (and every worker thread's read-only one)."""
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
        self.db.close()

    # --- metadata ----------------------------------------------------------------------
    def get_meta(self) -> dict[str, str]:
        """All metadata key/value pairs."""
        return dict(self.conn.execute("SELECT key, value FROM meta").fetchall())

    def set_meta(self, **values: object) -> None:
        """Store metadata values (converted to text)."""
        self.db["meta"].upsert_all(({"key": k, "value": str(v)} for k, v in values.items()), pk="key")

    # --- courses -----------------------------------------------------------------------
    def course_hashes(self) -> dict[str, str]:
        """``lecture_id -> content_hash`` of every stored course."""
        return dict(self.conn.execute("SELECT lecture_id, content_hash FROM courses").fetchall())

    def upsert_courses(self, courses: Iterable[Course]) -> None:
        """Insert or update course rows (sentences are managed separately)."""
        rows = []
        for c in courses:
            row = dict(zip(COURSE_COLUMNS, astuple(c)))
            row["extra"] = json.dumps([list(p) for p in c.extra], ensure_ascii=False)
            row["description_hash"] = description_key(c.description)
            row["content_hash"] = content_key(c)
            rows.append(row)
        self.db["courses"].upsert_all(rows, pk="lecture_id")

    def delete_courses(self, lecture_ids: Sequence[str]) -> None:
        """Delete courses with their sentences, vectors and keyword entries."""
        for lid in lecture_ids:
            self.delete_sentences(lid)
        self.conn.executemany("DELETE FROM courses WHERE lecture_id = ?", [(i,) for i in lecture_ids])

    def courses(self, lecture_ids: Sequence[str] | None = None) -> dict[str, Course]:
        """Courses by lecture id (all when ``lecture_ids`` is ``None``)."""
        sql = f"SELECT {', '.join(COURSE_COLUMNS)} FROM courses"
        params: list[object] = []
        if lecture_ids is not None:
            sql += f" WHERE lecture_id IN ({','.join('?' * len(lecture_ids))})"
            params = list(lecture_ids)
        return {r[0]: _course(r) for r in self.conn.execute(sql + " ORDER BY lecture_id", params)}

    def sections(self, lecture_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """For each lecture id, every lecture id sharing its description (itself first)."""
        out: dict[str, tuple[str, ...]] = {}
        for lid in lecture_ids:
            rows = self.conn.execute(
                "SELECT b.lecture_id FROM courses a JOIN courses b "
                "ON a.description_hash = b.description_hash WHERE a.lecture_id = ? "
                "ORDER BY b.lecture_id", (lid,)).fetchall()
            out[lid] = (lid,) + tuple(r[0] for r in rows if r[0] != lid)
        return out

    def distinct_values(self, column: str) -> list[object]:
        """Sorted distinct values of ``department``, ``credits`` or ``course_type`` (a
        missing credit value is not one)."""
        if column not in {"department", "credits", "course_type"}:
            raise ValueError(f"not a filterable column: {column}")
        return [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT {column} FROM courses WHERE {column} IS NOT NULL ORDER BY {column}")]

    # --- sentences ---------------------------------------------------------------------
    def delete_sentences(self, lecture_id: str) -> None:
        """Remove a course's sentences and their vectors and keyword entries."""
        ids = [r[0] for r in self.conn.execute(
            "SELECT id FROM sentences WHERE lecture_id = ?", (lecture_id,))]
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        self.conn.execute(f"DELETE FROM sentences_bigram WHERE rowid IN ({marks})", ids)
        self.conn.execute(f"DELETE FROM sentences_trigram WHERE rowid IN ({marks})", ids)
        self.conn.execute(f"DELETE FROM vectors WHERE sentence_id IN ({marks})", ids)
        self.conn.execute(f"DELETE FROM sentences WHERE id IN ({marks})", ids)

    def add_sentences(self, sentences: Sequence[Sentence], title: str = "") -> list[Sentence]:
        """Insert a course's sentences and index them for keyword search.

        Returns:
            The sentences with ``id`` set (their FAISS ids).
        """
        stored = []
        title_terms = " ".join(korean_ngrams(title))
        for s in sentences:
            cur = self.conn.execute(
                'INSERT INTO sentences (lecture_id, position, start, "end", text) VALUES (?,?,?,?,?)',
                (s.lecture_id, s.position, s.start, s.end, s.text))
            sid = int(cur.lastrowid)
            self.conn.execute("INSERT INTO sentences_bigram (rowid, text, title) VALUES (?,?,?)",
                              (sid, " ".join(korean_ngrams(readable(s.text))), title_terms))
            self.conn.execute("INSERT INTO sentences_trigram (rowid, text, title) VALUES (?,?,?)",
                              (sid, readable(s.text), title))
            stored.append(Sentence(s.lecture_id, s.position, s.start, s.end, s.text, sid))
        return stored

    def sentences_with_courses(self, ids: Sequence[int]) -> dict[int, tuple[Sentence, Course]]:
        """Sentences by row id, each with its course: the citation join."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        cols = ", ".join("c." + c for c in COURSE_COLUMNS)
        rows = self.conn.execute(
            f'SELECT s.id, s.lecture_id, s.position, s.start, s."end", s.text, {cols} '
            f"FROM sentences s JOIN courses c ON c.lecture_id = s.lecture_id WHERE s.id IN ({marks})",
            list(ids))
        return {r[0]: (Sentence(r[1], r[2], r[3], r[4], r[5], r[0]), _course(r[6:])) for r in rows}

    def course_sentences(self, lecture_id: str) -> list[Sentence]:
        """All sentences of one course in order."""
        rows = self.conn.execute(
            'SELECT lecture_id, position, start, "end", text, id FROM sentences '
            "WHERE lecture_id = ? ORDER BY position", (lecture_id,))
        return [Sentence(*r) for r in rows]

    def course_ids(self, filters: Filters | None = None) -> list[str]:
        """Lecture ids of the courses that pass ``filters`` (all when empty)."""
        cond, params = (filters or Filters()).sql()
        return [r[0] for r in self.conn.execute(f"SELECT c.lecture_id FROM courses c WHERE {cond}", params)]

    def sentence_ids(self, filters: Filters | None = None) -> list[int]:
        """Row ids of the sentences whose course passes ``filters`` (all when empty)."""
        cond, params = (filters or Filters()).sql()
        return [r[0] for r in self.conn.execute(
            f"SELECT s.id FROM sentences s JOIN courses c ON c.lecture_id = s.lecture_id "
            f"WHERE {cond} ORDER BY s.id", params)]

    # --- vectors -----------------------------------------------------------------------
    def put_vectors(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Store one float32 vector per sentence id."""
        vecs = np.ascontiguousarray(vectors, dtype="<f4")
        self.conn.executemany(
            "INSERT OR REPLACE INTO vectors (sentence_id, vector) VALUES (?, ?)",
            [(int(i), vecs[k].tobytes()) for k, i in enumerate(ids)])

    def vectors_for(self, ids: Sequence[int]) -> dict[int, np.ndarray]:
        """Stored vectors of the given sentence ids (absent ids are left out)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT sentence_id, vector FROM vectors WHERE sentence_id IN ({marks})", list(ids))
        return {int(r[0]): np.frombuffer(r[1], dtype="<f4") for r in rows}

    def missing_vector_ids(self) -> list[int]:
        """Sentence ids that have no stored vector yet."""
        return [r[0] for r in self.conn.execute(
            "SELECT s.id FROM sentences s LEFT JOIN vectors v ON v.sentence_id = s.id "
            "WHERE v.sentence_id IS NULL ORDER BY s.id")]

    def clear_vectors(self) -> None:
        """Forget every vector (the embedding model changed)."""
        self.conn.execute("DELETE FROM vectors")
        self.conn.execute("DELETE FROM course_vectors")

    def all_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """``(ids int64[n], vectors float32[n, d])`` ordered by id."""
        rows = self.conn.execute("SELECT sentence_id, vector FROM vectors ORDER BY sentence_id").fetchall()
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        vecs = np.stack([np.frombuffer(r[1], dtype="<f4") for r in rows]).astype(np.float32)
        return ids, vecs

    def texts_for_embedding(self, ids: Sequence[int]) -> list[str]:
        """What gets embedded for each sentence: ``"title: sentence"`` (the course title
        gives short sentences like "교재: …" their context), or the bare sentence."""
        got = self.sentences_with_courses(ids)
        out = []
        for i in ids:
            sentence, course = got[i]
            text = readable(sentence.text)
            out.append(f"{course.title}: {text}" if course.title else text)
        return out

    # --- course vectors (the course-level representation) -------------------------------
    def courses_missing_vectors(self) -> list[Course]:
        """Courses whose course-level vector is absent or was computed from older content."""
        rows = self.conn.execute(
            f"SELECT {', '.join('c.' + c for c in COURSE_COLUMNS)} FROM courses c "
            "LEFT JOIN course_vectors v ON v.lecture_id = c.lecture_id "
            "WHERE v.lecture_id IS NULL OR v.content_hash != c.content_hash ORDER BY c.lecture_id")
        return [_course(r) for r in rows]

    def clear_course_vectors(self) -> None:
        """Forget every course-level vector (they were made another way)."""
        self.conn.execute("DELETE FROM course_vectors")

    def sentence_vector_means(self, lecture_ids: Sequence[str], dimension: int) -> np.ndarray:
        """The mean of each course's sentence vectors, ``float32[len(lecture_ids), dimension]``
        (a row of zeros for a course without sentence vectors)."""
        out = np.zeros((len(lecture_ids), dimension), dtype=np.float32)
        counts = np.zeros(len(lecture_ids), dtype=np.float32)
        row = {lid: k for k, lid in enumerate(lecture_ids)}
        for i in range(0, len(lecture_ids), 10_000):  # SQLite caps the parameters of one query
            part = list(lecture_ids[i : i + 10_000])
            for lid, blob in self.conn.execute(
                    "SELECT s.lecture_id, v.vector FROM sentences s JOIN vectors v ON v.sentence_id = s.id "
                    f"WHERE s.lecture_id IN ({','.join('?' * len(part))})", part):
                out[row[lid]] += np.frombuffer(blob, dtype="<f4")
                counts[row[lid]] += 1
        return out / np.maximum(counts, 1)[:, None]

    def put_course_vectors(self, courses: Sequence[Course], vectors: np.ndarray) -> None:
        """Store one float32 vector per course (with the content hash it belongs to)."""
        vecs = np.ascontiguousarray(vectors, dtype="<f4")
        self.conn.executemany(
            "INSERT OR REPLACE INTO course_vectors (lecture_id, content_hash, vector) VALUES (?, ?, ?)",
            [(c.lecture_id, content_key(c), vecs[k].tobytes()) for k, c in enumerate(courses)])

    def all_course_vectors(self) -> tuple[list[str], np.ndarray]:
        """``(lecture_ids, vectors float32[n, d])``: one row per distinct course, sections
        sharing a title and description counted once (under their first lecture id), so a
        course with many sections neither crowds the candidates nor skews the statistics."""
        rows = self.conn.execute(
            "SELECT min(v.lecture_id), v.vector FROM course_vectors v JOIN courses c "
            "ON c.lecture_id = v.lecture_id GROUP BY c.description_hash, c.title "
            "ORDER BY min(v.lecture_id)").fetchall()
        if not rows:
            return [], np.zeros((0, 0), dtype=np.float32)
        return [r[0] for r in rows], np.stack([np.frombuffer(r[1], dtype="<f4") for r in rows])

    # --- summary -----------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Row counts: courses, sentences, vectors, departments."""
        q = self.conn.execute
        return {
            "courses": q("SELECT count(*) FROM courses").fetchone()[0],
            "sentences": q("SELECT count(*) FROM sentences").fetchone()[0],
            "vectors": q("SELECT count(*) FROM vectors").fetchone()[0],
            "departments": q("SELECT count(DISTINCT department) FROM courses").fetchone()[0],
        }


def course_head(course: Course) -> str:
    """What a course is called, embedded for its course-level vector: the title and the
    department."""
    return f"{course.title} ({course.department})" if course.department else course.title
