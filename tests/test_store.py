"""Tests for assistant.store: schema, course/sentence sync, keyword search, filters, vectors."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from assistant.records import Course, Sentence
from assistant.store import (
    CourseStore,
    Filters,
    content_key,
    description_key,
    korean_ngrams,
)

from conftest import TINY_COURSES


def course_of(row: tuple[str, ...]) -> Course:
    lid, title, dept, instr, credits, ctype, desc = row
    return Course(lid, title, dept, instr, float(credits), ctype, desc)


COURSES = [course_of(r) for r in TINY_COURSES]
BY_ID = {c.lecture_id: c for c in COURSES}


def naive_sentences(course: Course) -> list[Sentence]:
    """Split on '.' without kss: offsets are exact, so description[start:end] == text."""
    out = []
    for i, m in enumerate(re.finditer(r"[^.\s][^.]*\.?", course.description)):
        out.append(Sentence(course.lecture_id, i, m.start(), m.end(), m.group()))
    return out


def fill(store: CourseStore, courses: list[Course] = COURSES) -> dict[str, list[Sentence]]:
    store.upsert_courses(courses)
    return {c.lecture_id: store.add_sentences(naive_sentences(c), title=c.title) for c in courses}


@pytest.fixture
def store():
    s = CourseStore(":memory:")
    yield s
    s.close()


@pytest.fixture
def filled(store):
    stored = fill(store)
    store.conn.commit()
    return store, stored


def table_count(store: CourseStore, table: str, where: str = "", params: tuple = ()) -> int:
    return store.conn.execute(f"SELECT count(*) FROM {table} {where}", params).fetchone()[0]


def lecture_of(store: CourseStore, sentence_id: int) -> str:
    return store.conn.execute("SELECT lecture_id FROM sentences WHERE id = ?", (sentence_id,)).fetchone()[0]


# ----------------------------------------------------------------------------- schema


def test_schema_creates_every_table(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = CourseStore(path)
    store.close()
    assert path.is_file()
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table','index')")}
    conn.close()
    for name in ("courses", "sentences", "vectors", "meta", "sentences_bigram", "sentences_trigram",
                 "courses_description_hash"):
        assert name in names


def test_reopening_keeps_data_and_schema_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = CourseStore(path)
    with store.conn:
        fill(store, COURSES[:2])
    store.close()
    again = CourseStore(path)
    assert set(again.courses()) == {COURSES[0].lecture_id, COURSES[1].lecture_id}
    assert again.counts()["sentences"] == 7
    again.close()


def test_foreign_keys_are_enforced(store: CourseStore) -> None:
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        store.add_sentences([Sentence("no-such-course", 0, 0, 3, "abc")])


# ----------------------------------------------------------------------------- courses


def test_upsert_and_read_courses_round_trip(filled) -> None:
    store, _ = filled
    got = store.courses()
    assert list(got) == sorted(BY_ID)  # ordered by lecture id
    assert got == BY_ID
    assert isinstance(got["2150499001"].credits, float) and got["2150499001"].credits == 2.0
    assert store.courses(["3120101001", "missing"]) == {"3120101001": BY_ID["3120101001"]}


def test_upsert_updates_fields_and_content_hash(filled) -> None:
    store, _ = filled
    before = store.course_hashes()
    assert before == {c.lecture_id: content_key(c) for c in COURSES}
    old = BY_ID["3120101001"]
    store.upsert_courses([Course(old.lecture_id, old.title, old.department, "새교수", 2.0,
                                 old.course_type, old.description)])
    after = store.course_hashes()
    assert after["3120101001"] == before["3120101001"]  # instructor/credits do not shape vectors
    assert store.courses(["3120101001"])["3120101001"].instructor == "새교수"
    assert store.counts()["courses"] == len(COURSES)
    store.upsert_courses([Course(old.lecture_id, old.title, old.department, "새교수", 2.0,
                                 old.course_type, old.description + " 추가 문장.")])
    assert store.course_hashes()["3120101001"] != before["3120101001"]
    renamed = Course(old.lecture_id, "회계원리 II", old.department, "", 3.0, old.course_type, old.description)
    assert content_key(renamed) != content_key(old)  # the title is embedded too


def test_description_key_ignores_formatting_only() -> None:
    a = "Python으로  데이터를\n분석한다."
    assert description_key(a) == description_key("python으로 데이터를 분석한다.")
    assert description_key(a) == description_key("Ｐｙｔｈｏｎ으로 데이터를 분석한다. ")
    assert description_key(a) != description_key("Python으로 데이터를 시각화한다.")


def test_delete_courses_cascades_everything(filled) -> None:
    store, stored = filled
    gone = [s.id for s in stored["2110170001"]]
    store.put_vectors(gone, np.ones((len(gone), 4), dtype=np.float32))
    keep = [s.id for s in stored["2110152001"]]
    store.put_vectors(keep, np.ones((len(keep), 4), dtype=np.float32))
    assert store.keyword_search("문학비평")
    store.delete_courses(["2110170001"])
    marks = ",".join("?" * len(gone))
    assert "2110170001" not in store.courses()
    assert table_count(store, "sentences", f"WHERE id IN ({marks})", tuple(gone)) == 0
    assert table_count(store, "vectors", f"WHERE sentence_id IN ({marks})", tuple(gone)) == 0
    assert table_count(store, "sentences_bigram", f"WHERE rowid IN ({marks})", tuple(gone)) == 0
    assert table_count(store, "sentences_trigram", f"WHERE rowid IN ({marks})", tuple(gone)) == 0
    assert all(lecture_of(store, sid) != "2110170001" for sid, _ in store.keyword_search("문학비평 이론"))
    assert all(lecture_of(store, sid) != "2110170001"
               for sid, _ in store.keyword_search("문학비평", mode="trigram"))
    # the other course is intact
    assert table_count(store, "vectors") == len(keep)
    assert [s.id for s in store.course_sentences("2110152001")] == keep


def test_delete_sentences_only_touches_one_course(filled) -> None:
    store, stored = filled
    store.delete_sentences("2150412001")
    assert store.course_sentences("2150412001") == []
    assert "2150412001" in store.courses()
    assert store.keyword_search("통계") == []
    assert len(store.course_sentences("3120101001")) == len(stored["3120101001"])
    store.delete_sentences("no-such-course")  # no error


def test_sentence_ids_are_never_reused(filled) -> None:
    store, stored = filled
    highest = max(s.id for ss in stored.values() for s in ss)
    store.delete_courses(["3120250001"])
    again = store.add_sentences([Sentence("2110152001", 99, 0, 3, "음운론")])
    assert again[0].id > highest  # AUTOINCREMENT: a FAISS id always means one sentence


def test_add_sentences_sets_ids_in_order(store: CourseStore) -> None:
    c = COURSES[0]
    store.upsert_courses([c])
    given = naive_sentences(c)
    stored = store.add_sentences(given, title=c.title)
    assert [s.id for s in stored] == sorted(s.id for s in stored)
    assert len({s.id for s in stored}) == len(given)
    for g, s in zip(given, stored):
        assert (s.lecture_id, s.position, s.start, s.end, s.text) == (g.lecture_id, g.position, g.start, g.end, g.text)
        assert c.description[s.start : s.end] == s.text
    assert store.course_sentences(c.lecture_id) == stored
    with pytest.raises(sqlite3.IntegrityError):  # (lecture_id, position) is unique
        store.add_sentences(given[:1])


def test_sentences_with_courses_join(filled) -> None:
    store, stored = filled
    a = stored["2110170001"][2]
    b = stored["3120101001"][0]
    got = store.sentences_with_courses([a.id, b.id, 10**9])
    assert set(got) == {a.id, b.id}
    assert got[a.id] == (a, BY_ID["2110170001"])
    assert got[b.id] == (b, BY_ID["3120101001"])
    assert got[a.id][0].text == "교재는 <현대문학사>를 사용한다."
    assert store.sentences_with_courses([]) == {}


def test_sections_group_shared_descriptions(filled) -> None:
    store, _ = filled
    got = store.sections(["2150387002", "2150387001", "3120101001"])
    assert got["2150387001"] == ("2150387001", "2150387002")
    assert got["2150387002"] == ("2150387002", "2150387001")  # own id first
    assert got["3120101001"] == ("3120101001",)
    # a third section whose description differs only in spacing and case joins the group
    ds = BY_ID["2150387001"]
    store.upsert_courses([Course("2150387003", ds.title, ds.department, "", 3.0, ds.course_type,
                                 ds.description.replace(" ", "  ").replace("Introduction", "introduction"))])
    assert store.sections(["2150387001"])["2150387001"] == ("2150387001", "2150387002", "2150387003")


def test_distinct_values(filled) -> None:
    store, _ = filled
    assert store.distinct_values("department") == ["경영학과", "국어국문학과", "컴퓨터공학과"]
    assert store.distinct_values("credits") == [2.0, 3.0]
    assert store.distinct_values("course_type") == ["교양", "전공선택", "전공필수"]
    with pytest.raises(ValueError):
        store.distinct_values("description; DROP TABLE courses")


def test_counts(filled) -> None:
    store, stored = filled
    n = sum(len(v) for v in stored.values())
    assert store.counts() == {"courses": 8, "sentences": n, "vectors": 0, "departments": 3}


def test_texts_for_embedding_prefixes_the_title(store: CourseStore) -> None:
    titled = COURSES[0]
    untitled = Course("P0001", "", "", "", 0.0, "", "제목 없는 문단이다.")
    store.upsert_courses([titled, untitled])
    a = store.add_sentences(naive_sentences(titled)[:1], title=titled.title)[0]
    b = store.add_sentences(naive_sentences(untitled), title="")[0]
    assert store.texts_for_embedding([b.id, a.id]) == ["제목 없는 문단이다.", f"현대문학비평론: {a.text}"]


# ----------------------------------------------------------------------------- n-grams


@pytest.mark.parametrize(
    "text, expected",
    [
        ("문학비평을", ["문학", "학비", "비평", "평을"]),
        ("통계", ["통계"]),
        ("책", ["책"]),
        ("Python3 기초", ["python", "3", "기초"]),
        ("3.5학점", ["3.5", "학점"]),
        ("ＡＢＣ 강의", ["abc", "강의"]),  # full width folded by NFKC
        ("C++ / Java!", ["c", "java"]),
        ("", []),
        ("?!…", []),
        ("漢字교육", ["漢字", "교육"]),
    ],
)
def test_korean_ngrams(text: str, expected: list[str]) -> None:
    assert korean_ngrams(text) == expected


# ----------------------------------------------------------------------------- keyword search


def test_bigram_search_matches_through_particles(filled) -> None:
    store, stored = filled
    hits = store.keyword_search("문학비평을")
    assert hits, "문학비평을 must match a sentence containing 문학비평"
    assert hits[0][0] == stored["2110170001"][0].id  # "이 과목은 문학비평의 주요 이론을 다룬다."
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(isinstance(sid, int) for sid, _ in hits)


def test_trigram_search_matches_through_particles(filled) -> None:
    store, stored = filled
    hits = store.keyword_search("문학비평을", mode="trigram")
    assert hits and hits[0][0] == stored["2110170001"][0].id


def test_two_syllable_nouns_need_bigram_mode(filled) -> None:
    store, stored = filled
    hits = store.keyword_search("통계")
    assert [sid for sid, _ in hits] == [stored["2150412001"][2].id]  # "통계 기초 지식이 필요하다."
    # SQLite's trigram tokenizer cannot match a two-character term: why bigram is the default
    assert store.keyword_search("통계", mode="trigram") == []


def test_keyword_search_uses_titles(filled) -> None:
    store, stored = filled
    hits = store.keyword_search("회계원리")
    ids = {sid for sid, _ in hits}
    assert {s.id for s in stored["3120101001"]} <= ids  # every sentence of the course, via its title
    assert all(lecture_of(store, sid) == "3120101001" for sid in ids)


def test_keyword_search_limit_and_bad_mode(filled) -> None:
    store, _ = filled
    assert len(store.keyword_search("배운다 한다", limit=2)) == 2
    assert len(store.keyword_search("배운다 한다", limit=50)) > 2
    with pytest.raises(ValueError):
        store.keyword_search("문학", mode="whitespace")


@pytest.mark.parametrize("query", ["", "   ", "?!", '"', '"문학" AND', "NEAR(문학 비평)", "문학*", "a OR b -c",
                                   "col:문학", "^문학"])
@pytest.mark.parametrize("mode", ["bigram", "trigram"])
def test_keyword_search_survives_fts_syntax(filled, query: str, mode: str) -> None:
    store, _ = filled
    hits = store.keyword_search(query, mode=mode)
    assert isinstance(hits, list)


def test_keyword_search_html_like_text(filled) -> None:
    store, stored = filled
    hits = store.keyword_search("<script>alert(1)</script>", mode="trigram")
    assert hits and hits[0][0] == stored["2150499001"][1].id
    hits = store.keyword_search("현대문학사 교재")
    assert hits[0][0] == stored["2110170001"][2].id


# ----------------------------------------------------------------------------- filters


def test_filters_sql_and_is_empty() -> None:
    assert Filters().is_empty()
    assert Filters(departments=(), credits=(), course_types=()).is_empty()
    assert not Filters(credits=(0.0,)).is_empty()
    assert Filters().sql() == ("1", [])
    cond, params = Filters(departments=("a", "b"), credits=(3,), course_types=("전공",)).sql("x")
    assert cond == "x.department IN (?,?) AND x.credits IN (?) AND (x.course_type LIKE ?)"
    assert params == ["a", "b", 3.0, "전공%"]


def lectures(store: CourseStore, hits) -> set[str]:
    return {lecture_of(store, sid) for sid, _ in hits}


def test_keyword_search_department_filter(filled) -> None:
    store, _ = filled
    q = "기본 개념을 배운다"
    assert {"2150412001", "3120250001"} <= lectures(store, store.keyword_search(q))
    only = lectures(store, store.keyword_search(q, filters=Filters(departments=("경영학과",))))
    assert only and only <= {"3120101001", "3120250001"}


def test_keyword_search_credit_filter(filled) -> None:
    store, _ = filled
    got = lectures(store, store.keyword_search("배운다 실습", filters=Filters(credits=(2.0,))))
    assert got and got <= {"2150499001", "3120250001"}


def test_course_type_prefix_matches_subtypes(filled) -> None:
    store, _ = filled
    majors = store.sentence_ids(Filters(course_types=("전공",)))
    liberal = store.sentence_ids(Filters(course_types=("교양",)))
    required = store.sentence_ids(Filters(course_types=("전공필수",)))
    assert {lecture_of(store, i) for i in majors} == {c.lecture_id for c in COURSES if c.course_type.startswith("전공")}
    assert {lecture_of(store, i) for i in liberal} == {"3120250001"}
    assert {lecture_of(store, i) for i in required} == {c.lecture_id for c in COURSES if c.course_type == "전공필수"}
    both = store.sentence_ids(Filters(course_types=("전공필수", "교양")))
    assert set(both) == set(required) | set(liberal)
    got = lectures(store, store.keyword_search("기본 개념", filters=Filters(course_types=("교양",))))
    assert got == {"3120250001"}


def test_sentence_ids_combined_filters(filled) -> None:
    store, stored = filled
    assert store.sentence_ids() == sorted(s.id for ss in stored.values() for s in ss)
    got = store.sentence_ids(Filters(departments=("컴퓨터공학과",), credits=(3.0,), course_types=("전공선택",)))
    assert got == [s.id for s in stored["2150412001"]]
    assert store.sentence_ids(Filters(departments=("없는학과",))) == []


# ----------------------------------------------------------------------------- meta & vectors


def test_meta_round_trip(store: CourseStore) -> None:
    assert store.get_meta() == {}
    store.set_meta(embedding_model="hash-test", dimension=128, index_size=3)
    assert store.get_meta() == {"embedding_model": "hash-test", "dimension": "128", "index_size": "3"}
    store.set_meta(dimension=64)
    assert store.get_meta()["dimension"] == "64"
    assert store.get_meta()["embedding_model"] == "hash-test"


def test_vectors_round_trip_and_missing(filled) -> None:
    store, stored = filled
    ids = [s.id for ss in stored.values() for s in ss]
    assert store.missing_vector_ids() == sorted(ids)
    empty_ids, empty = store.all_vectors()
    assert empty_ids.shape == (0,) and empty.shape == (0, 0)
    rng = np.random.default_rng(1)
    vecs = rng.standard_normal((len(ids), 8)).astype(np.float64)  # converted to float32 on write
    half = len(ids) // 2
    store.put_vectors(ids[half:][::-1], vecs[half:][::-1])
    assert store.missing_vector_ids() == sorted(ids[:half])
    store.put_vectors(ids[:half], vecs[:half])
    assert store.missing_vector_ids() == []
    got_ids, got = store.all_vectors()
    assert got_ids.dtype == np.int64 and got.dtype == np.float32
    order = np.argsort(ids)
    assert got_ids.tolist() == sorted(ids)
    np.testing.assert_array_equal(got, vecs[order].astype(np.float32))
    # replacing one vector keeps one row per sentence
    store.put_vectors([ids[0]], np.zeros((1, 8)))
    got_ids, got = store.all_vectors()
    assert len(got_ids) == len(ids)
    np.testing.assert_array_equal(got[got_ids.tolist().index(ids[0])], np.zeros(8, dtype=np.float32))
    store.clear_vectors()
    assert store.counts()["vectors"] == 0
    assert store.missing_vector_ids() == sorted(ids)


def test_vectors_for_returns_stored_vectors_by_id(filled) -> None:
    store, stored = filled
    a, b = stored["2110170001"][0].id, stored["3120101001"][1].id
    store.put_vectors([a, b], np.array([[1, 2, 3], [4, 5, 6]], dtype=np.float32))
    got = store.vectors_for([b, a, 10**9])
    assert set(got) == {a, b}
    np.testing.assert_array_equal(got[a], np.array([1, 2, 3], dtype=np.float32))
    np.testing.assert_array_equal(got[b], np.array([4, 5, 6], dtype=np.float32))
    assert got[a].dtype == np.float32
    assert store.vectors_for([]) == {}


def test_the_wheel_ships_what_is_read_at_run_time(tmp_path: Path) -> None:
    """A non-editable install must find the schema and the reader weights as package data."""
    import shutil
    import subprocess
    import sys
    import zipfile

    root = Path(__file__).resolve().parent.parent
    src = tmp_path / "src"  # build from a copy: setuptools writes build/ beside the sources
    for name in ("assistant", "ui"):
        shutil.copytree(root / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(root / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(src)], check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("course_assistant-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "assistant/schema.sql" in names
    assert {"assistant/reader_weights/manifest.json", "assistant/reader_weights/reader.safetensors"} <= names
    assert "ui/app.py" in names and not any(n.startswith(("tests/", "db/")) for n in names)


def test_worker_threads_read_through_their_own_read_only_connection(tiny_built) -> None:
    import threading

    store = CourseStore(tiny_built.db_path)
    seen: dict[str, object] = {}

    def work() -> None:
        conn = store.conn
        seen["stable"] = conn is store.conn
        seen["own"] = conn is not store.db.conn
        seen["courses"] = len(store.courses())
        try:
            conn.execute("DELETE FROM meta")
        except sqlite3.OperationalError as exc:
            seen["write"] = str(exc)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    try:
        assert seen["stable"] and seen["own"]
        assert seen["courses"] == len(TINY_COURSES)
        assert "readonly" in str(seen.get("write"))
        assert store.conn is store.db.conn  # the opening thread keeps the writable one
        assert store.get_meta()  # and nothing was deleted
    finally:
        store.close()


def test_an_in_memory_store_has_one_connection_for_every_thread() -> None:
    import threading

    store = CourseStore(":memory:")
    seen = []
    worker = threading.Thread(target=lambda: seen.append(store.conn is store.db.conn))
    worker.start()
    worker.join()
    assert seen == [True] and not store.concurrent
    store.close()


def test_keyword_search_keeps_the_rarest_bigrams_within_its_budget(monkeypatch) -> None:
    import assistant.keywords as keywords_module

    store = CourseStore(":memory:")
    courses = [Course(f"C{i}", f"과목{i}", "학과", "", 3.0, "전공", "설명") for i in range(6)]
    store.upsert_courses(courses)
    ids = {}
    for i, c in enumerate(courses):
        text = "이 수업은 양자역학을 다룬다" if i == 0 else "이 수업은 재미있다"
        ids[c.lecture_id] = store.add_sentences([Sentence(c.lecture_id, 0, 0, len(text), text)], c.title)[0].id
    monkeypatch.setattr(keywords_module, "KEYWORD_POSTINGS", 3)
    # 수업 is in all six sentences: over the budget once the rare ones are in; 없는 is unknown
    assert store._rarest(["수업", "양자", "역학", "없는"]) == ["양자", "역학", "없는"]
    hits = store.keyword_search("양자역학 수업 있어?")
    assert [sid for sid, _ in hits] == [ids["C0"]]
    monkeypatch.setattr(keywords_module, "KEYWORD_POSTINGS", 1000)
    assert len(store.keyword_search("양자역학 수업 있어?")) == 6  # within budget: every term counts
    store.close()
