"""Opening the catalog database: one SQLite file (through sqlite-utils) with the schema of
``assistant/schema.sql`` applied, a database from before the ``extra`` column or from before
nullable credits migrated in place and any other older layout refused, and SQLite or
file-system failures turned into a :class:`~assistant.errors.StorageError` that says what
happened and what to do.
:class:`~assistant.store.CourseStore` opens its file here.
"""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import StorageError

if TYPE_CHECKING:
    import sqlite_utils

SCHEMA = "schema.sql"
"""The database schema, shipped inside the package (read with :mod:`importlib.resources`)."""


def _schema_sql() -> str:
    return resources.files("assistant").joinpath(SCHEMA).read_text(encoding="utf-8")


_SCHEMA_COLUMNS: dict[str, list[str]] = {}
_MIGRATED = "table courses lacks extra"  # the one gap open_database fills in place


def _schema_columns() -> dict[str, list[str]]:
    """Every table of :data:`SCHEMA` with its columns (read from an in-memory copy)."""
    if not _SCHEMA_COLUMNS:
        conn = sqlite3.connect(":memory:")
        try:
            conn.executescript(_schema_sql())
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND sql NOT LIKE 'CREATE TABLE ''%'")]  # FTS5 shadow tables are quoted
            columns = {t: [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}
        finally:
            conn.close()
        _SCHEMA_COLUMNS.update(columns)
    return _SCHEMA_COLUMNS


def storage_error(exc: BaseException, path: object) -> StorageError | None:
    """The :class:`StorageError` (what happened and what to do) for a SQLite or file-system
    failure on the database at ``path``; ``None`` when ``exc`` is none of those."""
    import errno

    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return StorageError(f"the database {path} is locked by another program (another ingest still "
                            "running?): wait until it finishes or stop it, then run the command again")
    if ("disk is full" in text or "no space left" in text
            or getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT)):
        return StorageError(f"the disk is full while writing {path}: free some space (or use --db on "
                            "another disk) and run the command again; nothing stored was changed")
    if isinstance(exc, OSError) and getattr(exc, "errno", None) in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(f"cannot write next to {path} ({exc.strerror}): check the folder's permissions")
    if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
        return StorageError(f"{path} is not a readable SQLite database (damaged, or another kind of file): "
                            f"move it away and ingest the catalog again: `python -m assistant ingest "
                            f"CATALOG --db {path}`")
    if type(exc) is sqlite3.DatabaseError or "corrupt" in text:  # not a bug in a query: the file
        return StorageError(f"cannot use the database {path} ({exc}): move it away and ingest the catalog "
                            f"again: `python -m assistant ingest CATALOG --db {path}`")
    return None


def open_database(path: str | Path) -> sqlite_utils.Database:
    """The database at ``path`` (``":memory:"`` for tests), created if absent, with the schema
    applied and checked.

    Raises:
        StorageError: The file cannot be used (locked, not a database, damaged, an older
            layout, ...): the message says what to do.
    """
    import sqlite_utils

    # the opening thread's connection; other threads read through their own
    # (CourseStore.conn), so this one may be handed over but is never used by two at once
    conn = sqlite3.connect(":memory:" if path == ":memory:" else str(path), check_same_thread=False)
    db = sqlite_utils.Database(conn)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(_schema_sql())
        missing = _missing_columns(conn)  # checked before anything is migrated
        if missing == _MIGRATED:  # a database from before extra catalog columns
            conn.execute("ALTER TABLE courses ADD COLUMN extra TEXT NOT NULL DEFAULT '[]'")
            missing = ""
        if not missing:
            _allow_missing_credits(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        error = storage_error(exc, path)
        if error is None:
            raise
        raise error from exc
    if missing:
        conn.close()
        raise StorageError(
            f"{path} has an older, incompatible layout ({missing}): move it away and ingest the "
            f"catalog again: `python -m assistant ingest CATALOG --db {path}`")
    return db


def _allow_missing_credits(db: sqlite_utils.Database) -> None:
    """Migrate a database from before a catalog could give no credit value: ``courses.credits``
    becomes nullable, and its 0s become NULL, since that layout stored 0 for "no value" and
    cannot tell a 0-credit course from one without a value (an ingest stores exact values again)."""
    if not any(c.name == "credits" and c.notnull for c in db["courses"].columns):
        return
    steps = db["courses"].transform_sql(not_null={"credits": False})
    db.execute("PRAGMA foreign_keys = OFF")  # the old table is dropped: no cascade onto sentences
    try:
        with db.atomic():  # one transaction: the new layout and its values together, or neither
            for sql in steps:
                db.execute(sql)
            db.execute("UPDATE courses SET credits = NULL WHERE credits = 0")
    finally:
        db.execute("PRAGMA foreign_keys = ON")
    db.executescript(_schema_sql())  # the table's index, dropped with the old table


def _missing_columns(conn: sqlite3.Connection) -> str:
    """What the database lacks of :data:`SCHEMA` ("courses lacks content_hash"), or ``""``."""
    gaps = []
    for table, expected in _schema_columns().items():
        have = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
        lacking = [c for c in expected if c not in have]
        if lacking:
            gaps.append(f"table {table} lacks {', '.join(lacking)}")
    return "; ".join(gaps)
