"""Faults: a damaged index, an old or foreign database, a database locked by another writer,
the disk filling up during an ingest, and an ingest killed with SIGKILL at every stage.

Each fault gives one clear :class:`AssistantError` naming the fix; nothing already stored is
lost (the previous database and index still load and answer); the running assistant answers
a broken index with a Korean ``"error"`` answer and keeps serving; and temporary files left
by a killed ingest never break the next one. All with the fake embedder and reader.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import faiss
import pytest

from assistant import build as build_module
from assistant.ask import Assistant
from assistant.build import ingest, rebuild
from assistant.errors import AssistantError, IndexMissingError, StaleIndexError, StorageError
from assistant.index import file_checksum
from assistant.reply import MSG_BUSY
from assistant.retrieve import Retriever
from assistant.settings import PROJECT_ROOT, Settings
from assistant.store import CourseStore

from ask_fakes import FakeReader
from conftest import TINY_COURSES, HashEmbedder, write_catalog

TESTS = Path(__file__).resolve().parent
HANGUL = re.compile(r"[가-힣]")
QUESTION, LECTURE = "회계원리 담당 교수는?", "3120101001"  # a field answer from the catalog row: 정회계


@pytest.fixture
def built(settings: Settings, tiny_catalog: Path) -> Settings:
    ingest(tiny_catalog, settings, embedder=HashEmbedder(), progress=False)
    return settings


def files(settings: Settings) -> tuple[bytes, bytes]:
    return Path(settings.db_path).read_bytes(), Path(settings.index_path).read_bytes()


def folder(settings: Settings) -> set[str]:
    return {p.name for p in Path(settings.db_path).parent.iterdir()}


def make_assistant(settings: Settings) -> Assistant:
    return Assistant.from_settings(settings, reader=FakeReader(), embedder=HashEmbedder())


def answers_from_catalog(settings: Settings, question: str = QUESTION, expected: str = "정회계") -> None:
    """The database and index load (checksum check included) and answer from the catalog."""
    retriever = Retriever.from_settings(settings, embedder=HashEmbedder())
    try:
        retriever.warm_up()
    finally:
        retriever.store.close()
    assistant = make_assistant(settings)
    try:
        answer = assistant.ask(question)
    finally:
        assistant.store.close()
    assert answer.kind == "field" and expected in answer.message, answer


def names_the_fix(message: str, *fix: str) -> None:
    assert "\n" not in message, message  # one line
    for part in fix:
        assert part in message, (part, message)


# ----------------------------------------------------------------------------- a broken index


def truncate(path: Path, settings: Settings) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def empty(path: Path, settings: Settings) -> None:
    path.write_bytes(b"")


def flip_bytes(path: Path, settings: Settings) -> None:
    data = bytearray(path.read_bytes())
    for i in range(len(data) // 3, len(data) // 3 + 64):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def garbage_with_matching_checksum(path: Path, settings: Settings) -> None:
    """Damaged, yet recorded as the database's index (written by hand, a bad restore …)."""
    path.write_bytes(b"IxMp" + os.urandom(300))
    conn = sqlite3.connect(settings.db_path)
    with conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'index_checksum'", (file_checksum(path),))
    conn.close()


def delete(path: Path, settings: Settings) -> None:
    path.unlink()


BREAKS = {"truncated": truncate, "empty": empty, "corrupted": flip_bytes,
          "corrupted, checksum matching": garbage_with_matching_checksum, "deleted": delete}


@pytest.mark.parametrize("how", list(BREAKS))
def test_a_broken_index_is_one_clear_error_and_nothing_is_lost(how: str, built: Settings) -> None:
    settings = built
    index = Path(settings.index_path)
    original = index.read_bytes()
    BREAKS[how](index, settings)
    db_after_fault = Path(settings.db_path).read_bytes()
    running = make_assistant(settings)  # the app (re)started on the broken index
    try:

        retriever = Retriever.from_settings(settings, embedder=HashEmbedder())
        with pytest.raises((StaleIndexError, IndexMissingError)) as caught:
            retriever.warm_up()
        retriever.store.close()
        names_the_fix(str(caught.value), "python -m assistant build")

        for question in ("자료구조 교재가 뭐야?", QUESTION, "보안 배우는 수업 있어?"):  # keeps serving
            answer = running.ask(question)
            assert answer.kind == "error" and HANGUL.search(answer.message), answer
            assert "python -m assistant build" in answer.message
        assert Path(settings.db_path).read_bytes() == db_after_fault  # nothing stored was touched

        if how != "corrupted, checksum matching":  # restoring the file heals the running app
            index.write_bytes(original)
            assert running.ask(QUESTION).kind == "field"
    finally:
        running.store.close()

    spy = HashEmbedder()
    rebuild(settings, embedder=spy, progress=False)  # the stored vectors rebuild it
    assert spy.embedded_texts == []  # nothing re-embedded: nothing was lost
    answers_from_catalog(settings)


# ----------------------------------------------------------------------------- the database


def test_a_database_of_the_first_layout_is_migrated_and_keeps_everything(built: Settings,
                                                                         tiny_catalog: Path) -> None:
    """The first released layout had no ``courses.extra`` and no ``course_vectors``."""
    settings = built
    conn = sqlite3.connect(settings.db_path)
    with conn:
        conn.execute("ALTER TABLE courses DROP COLUMN extra")
        conn.execute("DROP TABLE course_vectors")
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("courses", "sentences", "vectors")}
    conn.close()

    answers_from_catalog(settings)  # opens (and migrates) it: answers at once
    store = CourseStore(settings.db_path)
    try:
        assert {k: v for k, v in store.counts().items() if k in counts} == counts
    finally:
        store.close()
    ingest(tiny_catalog, settings, embedder=HashEmbedder(), progress=False)  # and ingests over it
    answers_from_catalog(settings)


def test_a_database_that_stored_0_for_no_credits_is_migrated_and_keeps_everything(built: Settings,
                                                                                  tiny_catalog: Path) -> None:
    """The layout before nullable credits (``credits REAL NOT NULL``, 0 for an empty cell) is
    rebuilt in place: every sentence, vector and course vector kept, its 0s read as "no value"
    (it cannot tell them apart), and an ingest over it stores exact values again."""
    import sqlite_utils

    settings = built
    old = sqlite_utils.Database(settings.db_path)
    old.execute("UPDATE courses SET credits = 0 WHERE lecture_id = '2110170001'")
    old.conn.commit()
    old["courses"].transform(not_null={"credits"})  # the old layout
    counts = {t: old.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("courses", "sentences", "vectors", "course_vectors")}
    old.close()

    answers_from_catalog(settings)  # opens (and migrates) it: answers at once
    store = CourseStore(settings.db_path)
    try:
        assert {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in counts} == counts
        assert store.courses(["2110170001"])["2110170001"].credits is None
        assert store.courses(["2150387001"])["2150387001"].credits == 3.0
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        store.close()
    rows = [r if r[0] != "2110170001" else r[:4] + ("0",) + r[5:] for r in TINY_COURSES]
    ingest(write_catalog(tiny_catalog.parent / "zero.csv", rows), settings, embedder=HashEmbedder(), progress=False)
    store = CourseStore(settings.db_path)
    try:
        assert store.courses(["2110170001"])["2110170001"].credits == 0.0  # a 0-credit course now
    finally:
        store.close()


@pytest.mark.parametrize("damage, fix", [
    ("ALTER TABLE courses DROP COLUMN content_hash", "older, incompatible layout (table courses lacks content_hash)"),
    ("DROP TABLE sentences_bigram; CREATE VIRTUAL TABLE sentences_bigram USING fts5(text)",
     "table sentences_bigram lacks title"),
])
def test_an_incompatible_database_is_refused_untouched(damage: str, fix: str, built: Settings,
                                                       tiny_catalog: Path) -> None:
    settings = built
    conn = sqlite3.connect(settings.db_path)
    conn.executescript(damage)
    conn.close()
    before = files(settings)
    for attempt in (lambda: make_assistant(settings),
                    lambda: ingest(tiny_catalog, settings, embedder=HashEmbedder(), progress=False)):
        with pytest.raises(StorageError) as caught:
            attempt()
        names_the_fix(str(caught.value), fix, f"python -m assistant ingest CATALOG --db {settings.db_path}")
        assert files(settings) == before
    assert not any(".tmp-" in n for n in folder(settings))


def test_a_file_that_is_not_a_database_is_refused_untouched(built: Settings, tiny_catalog: Path) -> None:
    settings = built
    Path(settings.db_path).write_bytes(b"not a database at all " * 200)
    before = files(settings)
    for attempt in (lambda: make_assistant(settings),
                    lambda: ingest(tiny_catalog, settings, embedder=HashEmbedder(), progress=False)):
        with pytest.raises(StorageError) as caught:
            attempt()
        names_the_fix(str(caught.value), "is not a readable SQLite database", "python -m assistant ingest")
        assert files(settings) == before


# ----------------------------------------------------------------------------- another writer


@pytest.fixture
def locked(built: Settings):
    """Another program holds an exclusive lock on the database (BEGIN EXCLUSIVE)."""
    conn = sqlite3.connect(built.db_path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    yield conn
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()


def test_ingest_into_a_locked_database_gives_up_with_a_clear_error(built: Settings, locked, tiny_catalog: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_module, "LOCK_WAIT_SECONDS", 0.5)
    settings = built
    started = time.perf_counter()
    with pytest.raises(StorageError) as caught:  # it used to wait forever (the backup API retries)
        ingest(tiny_catalog, settings, embedder=HashEmbedder(), progress=False)
    assert time.perf_counter() - started < 10
    names_the_fix(str(caught.value), f"the database {settings.db_path} is locked by another program",
                  "wait until it finishes")
    assert not any(".tmp-" in n for n in folder(settings))
    locked.execute("ROLLBACK")
    answers_from_catalog(settings)
    ingest(tiny_catalog, settings, embedder=HashEmbedder(), progress=False)  # once free, it works


def test_a_locked_database_gets_a_korean_busy_answer_and_serving_resumes(built: Settings) -> None:
    running = make_assistant(built)
    try:
        assert running.ask(QUESTION).kind == "field"
        running.store.conn.execute("PRAGMA busy_timeout = 200")  # the default waits 5 s per question
        other = sqlite3.connect(built.db_path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            answer = running.ask("경영학원론 담당 교수는?")
            assert answer.kind == "error" and answer.message == MSG_BUSY
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert running.ask(QUESTION).kind == "field"
    finally:
        running.store.close()


def test_opening_a_locked_database_is_a_clear_error(built: Settings, locked) -> None:
    with pytest.raises(StorageError) as caught:
        make_assistant(built)
    names_the_fix(str(caught.value), "is locked by another program")


# ----------------------------------------------------------------------------- disk full


def no_space(*_args) -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def full_while_copying(monkeypatch: pytest.MonkeyPatch) -> None:
    real = build_module._copy_database

    def copy(src: Path, dst: Path) -> None:
        real(src, dst)
        data = Path(dst).read_bytes()
        Path(dst).write_bytes(data[: len(data) // 3])  # a third written, then the disk is full
        raise no_space()

    monkeypatch.setattr(build_module, "_copy_database", copy)


def full_while_storing_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    real = CourseStore.add_sentences
    calls = []

    def add(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise sqlite3.OperationalError("database or disk is full")  # what SQLite says on ENOSPC
        return real(self, *args, **kwargs)

    monkeypatch.setattr(CourseStore, "add_sentences", add)


def full_while_writing_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    real = faiss.write_index

    def write(index, path) -> None:
        real(index, path)
        data = Path(path).read_bytes()
        Path(path).write_bytes(data[: len(data) // 2])
        raise no_space()

    monkeypatch.setattr(faiss, "write_index", write)


def full_in_faiss(monkeypatch: pytest.MonkeyPatch) -> None:
    def write(index, path) -> None:
        Path(path).write_bytes(b"IxMp")
        raise RuntimeError(f"Error in faiss::FileIOWriter: write error in {path}: 4 != 1024 "
                           "(No space left on device)")  # how faiss reports ENOSPC

    monkeypatch.setattr(faiss, "write_index", write)


DISK_FULL = {"copying the database": full_while_copying, "storing sentences": full_while_storing_sentences,
             "writing the index": full_while_writing_the_index, "inside faiss": full_in_faiss}


@pytest.mark.parametrize("when", list(DISK_FULL))
def test_disk_full_during_ingest_changes_nothing(when: str, built: Settings, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    settings = built
    bigger = write_catalog(tmp_path / "bigger.csv", TINY_COURSES + generated_courses(30))
    before, names = files(settings), folder(settings)
    DISK_FULL[when](monkeypatch)
    with pytest.raises(StorageError) as caught:
        ingest(bigger, settings, embedder=HashEmbedder(), progress=False)
    monkeypatch.undo()
    names_the_fix(str(caught.value), "the disk is full", "free some space", "nothing stored was changed")
    assert files(settings) == before and folder(settings) == names  # no partial file left behind
    answers_from_catalog(settings)
    ingest(bigger, settings, embedder=HashEmbedder(), progress=False)  # space again: it works
    answers_from_catalog(settings, "생성과목7 담당 교수는?", "생성교수7")


# ----------------------------------------------------------------------------- kill -9


def generated_courses(n: int) -> list[tuple[str, ...]]:
    """``n`` further courses, several sentences each."""
    base = [r[6] for r in TINY_COURSES]
    return [(f"5{i:09d}", f"생성과목{i}", f"생성학과{i % 7}", f"생성교수{i}", str(1 + i % 3), "전공선택",
             f"생성과목{i}의 {i}번째 주제를 다룬다. " + base[i % len(base)] + f" 과제는 {i % 5 + 1}회 제출한다.")
            for i in range(n)]


CHILD = r'''
import os, re, sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
import faiss
from assistant import build
from assistant.records import Sentence
from assistant.settings import Settings
from conftest import HashEmbedder

catalog, db, stage, marker = sys.argv[1:5]
settings = Settings(db_path=Path(db), catalog_path=Path(catalog), cache_dir=Path(db).parent / "cache")


def pause(name):
    if name == stage:
        Path(marker).write_text(str(os.getpid()))
        time.sleep(600)  # the parent kills us here


splits = []


def split_description(lecture_id, description, backend="punct"):  # no kss: fast to start
    splits.append(lecture_id)
    if len(splits) == 50:
        pause("split")
    out = []
    for m in re.finditer(r"[^.!?]+[.!?]?", description):
        text = m.group().strip()
        if text:
            start = description.index(text, m.start())
            out.append(Sentence(lecture_id, len(out), start, start + len(text), text))
    return out


build.split_description = split_description


class Embedder(HashEmbedder):
    def run(self, texts, *, query):
        if not query and self.calls:
            pause("embed")  # the second batch
        return super().run(texts, query=query)


real_write = faiss.write_index


def write_index(index, path):
    real_write(index, path)
    pause("index-write")  # the new index file is half way to its place


faiss.write_index = write_index
real_replace = os.replace


def replace(src, dst):
    if Path(dst) == settings.index_path:
        pause("before-index-swap")
    if Path(dst) == settings.db_path:
        pause("before-db-swap")  # the new index is in place, the new database is not
    return real_replace(src, dst)


os.replace = replace
build.ingest(Path(catalog), settings, embedder=Embedder(), progress=False)
Path(marker).write_text("finished")
'''

STAGES = ["split", "embed", "index-write", "before-index-swap", "before-db-swap"]


def kill_ingest_at(stage: str, settings: Settings, catalog: Path, tmp_path: Path) -> None:
    script = tmp_path / "child_ingest.py"
    script.write_text(CHILD.format(tests=str(TESTS)), encoding="utf-8")
    marker = tmp_path / f"reached-{stage}"
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONPATH=str(PROJECT_ROOT))
    child = subprocess.Popen([sys.executable, str(script), str(catalog), str(settings.db_path), stage, str(marker)],
                             cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 180
        while not marker.exists():
            if child.poll() is not None:
                pytest.fail(f"the ingest ended before {stage}: {child.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"the ingest never reached {stage}")
            time.sleep(0.05)
        assert marker.read_text() == str(child.pid), "the stage was passed, not paused at"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize("stage", STAGES)
def test_an_ingest_killed_at_any_stage_loses_nothing(stage: str, built: Settings, tmp_path: Path) -> None:
    settings = built
    db_before, index_before = files(settings)
    bigger = write_catalog(tmp_path / "bigger.csv", TINY_COURSES + generated_courses(300))

    kill_ingest_at(stage, settings, bigger, tmp_path)

    assert Path(settings.db_path).read_bytes() == db_before
    if stage == "before-db-swap":  # the new index is in place; the previous one is kept beside it
        assert Path(f"{settings.index_path}.prev").read_bytes() == index_before
    else:
        assert Path(settings.index_path).read_bytes() == index_before
    answers_from_catalog(settings)  # the previous database and index load, consistent, and answer
    leftovers = {n for n in folder(settings) if ".tmp-" in n}
    if stage in ("split", "embed", "index-write", "before-index-swap"):
        assert leftovers, "a killed ingest leaves its temporary files (the next one must cope)"

    report = ingest(bigger, settings, embedder=HashEmbedder(), progress=False)  # the next ingest succeeds
    assert len(report.added) == 300
    assert not {n for n in folder(settings) if ".tmp-" in n or n.endswith(".prev")}  # and tidies up
    answers_from_catalog(settings)
    answers_from_catalog(settings, "생성과목123 담당 교수는?", "생성교수123")


def test_a_running_ingests_temporary_files_are_left_alone(built: Settings, tiny_catalog: Path) -> None:
    """Only files of dead processes are removed: another ingest still running keeps its own."""
    settings = built
    alive = Path(settings.db_path).with_name(f".{Path(settings.db_path).name}.tmp-{os.getppid()}")
    dead_pid = 2**22 + 12345  # above any pid_max default: no such process
    dead = Path(f"{settings.index_path}.tmp-{dead_pid}")
    alive.write_bytes(b"x")
    dead.write_bytes(b"x")
    ingest(tiny_catalog, settings, embedder=HashEmbedder(), progress=False)
    assert alive.exists() and not dead.exists()
    alive.unlink()


def test_storage_errors_are_assistant_errors() -> None:
    assert issubclass(StorageError, AssistantError)
