"""Tests for assistant.build: ingest/rebuild sync, re-embedding rules, atomicity, staleness.

All with the fake HashEmbedder and tmp files; kss does the sentence splitting.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import faiss
import numpy as np
import pytest

from assistant import build as build_module
from assistant.build import ensure_built, ingest, rebuild, remove_database
from assistant.errors import CatalogError, IndexMissingError, StaleIndexError
from assistant.index import file_checksum, load_index
from assistant.retrieve import Retriever
from assistant.settings import Settings
from assistant.store import CourseStore

from conftest import TINY_COURSES, HashEmbedder, write_catalog

TINY_IDS = [r[0] for r in TINY_COURSES]


def run_ingest(settings: Settings, catalog: Path, embedder, **kwargs):
    return ingest(catalog, settings, embedder=embedder, progress=False, **kwargs)


def open_store(settings: Settings) -> CourseStore:
    return CourseStore(settings.db_path)


@contextmanager
def opened_retriever(settings: Settings, embedder, **kwargs) -> Iterator[Retriever]:
    """A retriever over ``settings`` whose store is closed afterwards."""
    retriever = Retriever.from_settings(settings, embedder=embedder, **kwargs)
    try:
        yield retriever
    finally:
        retriever.store.close()


def found_lectures(settings: Settings, embedder, query: str, mode: str = "hybrid", top_k: int = 10) -> list[str]:
    with opened_retriever(settings, embedder, mode=mode) as retriever:
        return [lid for h in retriever.run(query, top_k=top_k) for lid in h.lecture_ids]


def snapshot(settings: Settings) -> tuple[bytes, bytes]:
    return Path(settings.db_path).read_bytes(), Path(settings.index_path).read_bytes()


def folder_names(settings: Settings) -> set[str]:
    return {p.name for p in Path(settings.db_path).parent.iterdir()}


def assert_refused(settings: Settings, embedder, error: type[Exception] = StaleIndexError, *,
                   match: str | None = None, again: bool = False) -> None:
    """The retriever refuses the index: ``error`` on warm_up (and, with ``again``, on the
    next search too: a second call must not skip the check)."""
    with opened_retriever(settings, embedder) as retriever:
        with pytest.raises(error, match=match):
            retriever.warm_up()
        if again:
            with pytest.raises(error):
                retriever.run("문학비평")


@pytest.fixture
def built(settings: Settings, tiny_catalog: Path):
    embedder = HashEmbedder()
    report = run_ingest(settings, tiny_catalog, embedder)
    return settings, embedder, report


# ----------------------------------------------------------------------------- first ingest


def test_ingest_creates_database_and_index(built) -> None:
    settings, embedder, report = built
    assert Path(settings.db_path).is_file() and Path(settings.index_path).is_file()
    assert report.added == tuple(TINY_IDS)
    assert report.updated == () and report.removed == () and report.unchanged == 0
    store = open_store(settings)
    try:
        counts = store.counts()
        assert counts == {"courses": 8, "sentences": report.sentences, "vectors": report.sentences,
                          "departments": 3}
        assert report.embedded == report.sentences >= 8 * 3
        # each distinct text is embedded once: the two 자료구조 sections share their sentences
        assert len(embedder.embedded_texts) == len(set(embedder.embedded_texts)) < report.sentences
        meta = store.get_meta()
        assert meta["embedding_model"] == "hash-test"
        assert meta["dimension"] == "128"
        assert meta["index_factory"] == "Flat" and meta["metric"] == "ip"
        assert meta["index_size"] == str(report.sentences)
        assert meta["index_checksum"] == file_checksum(settings.index_path)
        index = load_index(settings.index_path, meta["index_checksum"], use_gpu=False)
        ids, vectors = store.all_vectors()
        assert index.ntotal == len(ids)
        assert sorted(faiss.vector_to_array(index.id_map).tolist()) == ids.tolist() == store.sentence_ids()
        # stored vectors are exactly what the embedder made for "title: sentence"
        texts = store.texts_for_embedding(ids.tolist())
        np.testing.assert_allclose(vectors, HashEmbedder().run(texts, query=False), atol=1e-6)
        assert all(t.split(": ", 1)[0] in {r[1] for r in TINY_COURSES} for t in texts)
        # offsets map back into the description
        for lid, course in store.courses().items():
            for s in store.course_sentences(lid):
                assert course.description[s.start : s.end] == s.text
    finally:
        store.close()
    assert all(query is False for _, query in embedder.calls)
    assert folder_names(settings) == {"t.db", "t.faiss", "tiny_catalog.csv"}  # no temp files
    assert report.seconds_total >= report.seconds_embedding >= 0
    assert report.sentences_per_second >= 0


def test_reingest_same_catalog_embeds_nothing(built, tiny_catalog: Path) -> None:
    settings, _, _ = built
    again = HashEmbedder()
    report = run_ingest(settings, tiny_catalog, again)
    assert (report.added, report.updated, report.removed) == ((), (), ())
    assert report.unchanged == 8
    assert report.embedded == 0 and again.embedded_texts == []
    assert report.sentences_per_second == 0.0


# ----------------------------------------------------------------------------- re-ingest


def changed_catalog(tmp_path: Path) -> Path:
    rows = [list(r) for r in TINY_COURSES if r[0] != "3120250001"]  # 경영학원론 removed
    for row in rows:
        if row[0] == "2150412001":  # 머신러닝입문: new description
            row[6] = "강화학습과 마르코프 결정 과정을 배운다. 정책 경사 알고리즘을 구현한다. 기말 프로젝트가 있다."
        if row[0] == "2110152001":  # 국어학개론: field-only change
            row[3] = "새교수"
            row[4] = "2"
    rows.append(["4100001001", "천문학의 이해", "경영학과", "별교수", "2", "교양",
                 "태양계 행성과 별의 일생을 관측한다. 망원경 사용법을 익힌다. 야간 관측 실습이 있다."])
    return write_catalog(tmp_path / "changed.csv", rows)


def test_reingest_reports_changes_and_embeds_only_them(built, tmp_path: Path) -> None:
    settings, _, _ = built
    store = open_store(settings)
    old_ids = {lid: [s.id for s in store.course_sentences(lid)] for lid in TINY_IDS}
    store.close()
    embedder = HashEmbedder()
    report = run_ingest(settings, changed_catalog(tmp_path), embedder)
    assert report.added == ("4100001001",)
    assert report.updated == ("2150412001",)
    assert report.removed == ("3120250001",)
    assert report.unchanged == 6  # 국어학개론's instructor/credits change needs no re-embedding
    # only the changed and the added course were embedded
    embedded = embedder.embedded_texts
    assert embedded and {t.split(": ", 1)[0] for t in embedded} == {"머신러닝입문", "천문학의 이해"}
    assert report.embedded == len(embedded) == 6
    store = open_store(settings)
    try:
        courses = store.courses()
        assert "3120250001" not in courses and "4100001001" in courses
        assert courses["2110152001"].instructor == "새교수" and courses["2110152001"].credits == 2.0
        # unchanged courses keep their sentence ids (and so their FAISS ids and vectors)
        for lid in TINY_IDS:
            if lid not in {"2150412001", "3120250001"}:
                assert [s.id for s in store.course_sentences(lid)] == old_ids[lid]
        new_ml = [s.id for s in store.course_sentences("2150412001")]
        assert min(new_ml) > max(i for ids in old_ids.values() for i in ids)  # fresh ids
        assert store.missing_vector_ids() == []
        assert store.counts()["sentences"] == report.sentences == store.counts()["vectors"]
        meta = store.get_meta()
        assert int(meta["index_size"]) == report.sentences
        assert meta["index_checksum"] == file_checksum(settings.index_path)
    finally:
        store.close()
    # the removed course is gone from every retrieval mode; the new text is found
    for mode in ("hybrid", "dense", "keyword"):
        assert "3120250001" not in found_lectures(settings, embedder, "경영학원론 기업 경영 조직 관리", mode)
    assert found_lectures(settings, embedder, "마르코프 결정 과정", "keyword")[0] == "2150412001"
    assert found_lectures(settings, embedder, "망원경 사용법")[0] == "4100001001"
    assert "2150412001" not in found_lectures(settings, embedder, "로지스틱 회귀 신경망", "keyword")


def test_keep_missing_keeps_absent_courses(built, tmp_path: Path) -> None:
    settings, _, _ = built
    report = run_ingest(settings, changed_catalog(tmp_path), HashEmbedder(), keep_missing=True)
    assert report.removed == ()
    assert report.added == ("4100001001",)
    store = open_store(settings)
    try:
        assert "3120250001" in store.courses() and store.counts()["courses"] == 9
    finally:
        store.close()
    assert found_lectures(settings, HashEmbedder(), "경영학원론 팀별 발표")[0] == "3120250001"


# ----------------------------------------------------------------------------- atomicity


@pytest.mark.parametrize("problem", ["duplicate", "empty"])
def test_bad_catalog_changes_nothing(built, tmp_path: Path, problem: str) -> None:
    settings, embedder, _ = built
    before = snapshot(settings)
    rows = [list(r) for r in TINY_COURSES]
    if problem == "duplicate":
        rows.append(list(TINY_COURSES[0]))
    else:
        rows[2][6] = ""
    rows.append(["9999999001", "새 과목", "경영학과", "", "3", "교양", "새 설명이다."])
    bad = write_catalog(tmp_path / "bad.csv", rows)
    spy = HashEmbedder()
    with pytest.raises(CatalogError, match="row"):
        run_ingest(settings, bad, spy)
    assert spy.calls == []
    assert snapshot(settings) == before
    assert folder_names(settings) == {"t.db", "t.faiss", "tiny_catalog.csv", "bad.csv"}
    assert found_lectures(settings, embedder, "문학비평 이론")[0] == "2110170001"


class FailingEmbedder(HashEmbedder):
    """Raises on its ``fail_on``-th passage batch."""

    def __init__(self, fail_on: int) -> None:
        super().__init__()
        self.fail_on = fail_on

    def run(self, texts, *, query):
        if not query and sum(1 for _, q in self.calls if not q) + 1 >= self.fail_on:
            raise RuntimeError("embedder crashed")
        return super().run(texts, query=query)


def big_catalog(tmp_path: Path) -> Path:
    """Enough sentences for two embedding batches (batch = 256)."""
    rows = [list(r) for r in TINY_COURSES]
    for i in range(100):
        rows.append([f"5{i:09d}", f"세미나 {i}", "경영학과", "", "1", "교양",
                     f"세미나 {i}번 주제를 다룬다. 발표 {i}회를 한다. 보고서 {i}편을 쓴다."])
    return write_catalog(tmp_path / "big.csv", rows)


def test_embedder_failure_midway_changes_nothing(built, tmp_path: Path) -> None:
    settings, embedder, _ = built
    before = snapshot(settings)
    failing = FailingEmbedder(fail_on=2)
    with pytest.raises(RuntimeError, match="crashed"):
        run_ingest(settings, big_catalog(tmp_path), failing)
    assert len([1 for _, q in failing.calls if not q]) == 1  # the first batch went through
    assert snapshot(settings) == before
    assert folder_names(settings) == {"t.db", "t.faiss", "tiny_catalog.csv", "big.csv"}
    assert found_lectures(settings, embedder, "문학비평 이론")[0] == "2110170001"
    store = open_store(settings)
    try:
        assert store.counts()["courses"] == 8
    finally:
        store.close()


def test_failure_on_first_ingest_leaves_no_files(settings: Settings, tiny_catalog: Path) -> None:
    with pytest.raises(RuntimeError):
        run_ingest(settings, tiny_catalog, FailingEmbedder(fail_on=1))
    assert folder_names(settings) == {"tiny_catalog.csv"}


def test_crash_between_renames_keeps_the_previous_index(built, tmp_path: Path, monkeypatch) -> None:
    """The new index is in place, the database is not: the previous database still answers
    with its own index (kept as x.faiss.prev); the next ingest finishes the job."""
    settings, embedder, _ = built
    db_before = Path(settings.db_path).read_bytes()
    index_before = Path(settings.index_path).read_bytes()
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append(Path(dst))
        if Path(dst) == Path(settings.db_path):  # the index is in place, the database is not
            raise OSError("power cut")
        return real_replace(src, dst)

    monkeypatch.setattr(build_module.os, "replace", replace)
    with pytest.raises(OSError):
        run_ingest(settings, changed_catalog(tmp_path), HashEmbedder())
    monkeypatch.undo()
    assert Path(settings.index_path) in calls
    assert not any(".tmp-" in n for n in folder_names(settings))
    assert Path(settings.db_path).read_bytes() == db_before
    assert Path(f"{settings.index_path}.prev").read_bytes() == index_before
    assert "3120250001" in found_lectures(settings, embedder, "기업 경영 조직 관리 마케팅")  # the old catalog
    run_ingest(settings, changed_catalog(tmp_path), HashEmbedder())
    assert not Path(f"{settings.index_path}.prev").exists()
    assert "4100001001" in found_lectures(settings, embedder, "태양계 행성 별 관측 망원경")


# ----------------------------------------------------------------------------- rebuild & models


@pytest.mark.parametrize("factory, metric, inner", [("HNSW32", "ip", faiss.IndexHNSWFlat),
                                                      ("Flat", "l2", faiss.IndexFlat),
                                                      ("IVF4,Flat", "ip", faiss.IndexIVFFlat)])
def test_rebuild_with_another_index(built, factory: str, metric: str, inner) -> None:
    settings, embedder, first = built
    flat_top = found_lectures(settings, embedder, "스택 큐 트리 자료구조", "dense")
    other = settings.with_(index_factory=factory, metric=metric)
    spy = HashEmbedder()
    report = rebuild(other, embedder=spy, progress=False)
    assert report.embedded == 0 and spy.embedded_texts == []  # vectors are reused
    assert report.sentences == first.sentences and report.unchanged == 8
    store = open_store(other)
    try:
        meta = store.get_meta()
    finally:
        store.close()
    assert meta["index_factory"] == factory and meta["metric"] == metric
    index = load_index(other.index_path, meta["index_checksum"], use_gpu=False)
    assert isinstance(faiss.downcast_index(index.index), inner)
    assert index.metric_type == (faiss.METRIC_L2 if metric == "l2" else faiss.METRIC_INNER_PRODUCT)
    got = found_lectures(other, embedder, "스택 큐 트리 자료구조", "dense")
    # the two sections share one description: which one leads is a tie
    assert set(got[:2]) == set(flat_top[:2]) == {"2150387001", "2150387002"}
    assert folder_names(settings) == {"t.db", "t.faiss", "tiny_catalog.csv"}


def test_rebuild_without_database(settings: Settings) -> None:
    with pytest.raises(IndexMissingError, match="ingest"):
        rebuild(settings, embedder=HashEmbedder(), progress=False)


def test_changing_the_model_reembeds_everything(built, tiny_catalog: Path) -> None:
    settings, _, first = built
    other = HashEmbedder(dim=64, model_id="hash-64")
    report = run_ingest(settings, tiny_catalog, other)
    assert report.unchanged == 8 and report.embedded == first.sentences
    assert len(other.embedded_texts) == len(set(other.embedded_texts)) < first.sentences
    store = open_store(settings)
    try:
        meta = store.get_meta()
        assert meta["embedding_model"] == "hash-64" and meta["dimension"] == "64"
        assert store.all_vectors()[1].shape == (first.sentences, 64)
    finally:
        store.close()
    assert found_lectures(settings, other, "문학비평 이론", "dense")[0] == "2110170001"
    # and rebuild with yet another model re-embeds too
    third = HashEmbedder(dim=32, model_id="hash-32")
    assert rebuild(settings, embedder=third, progress=False).embedded == first.sentences


def test_the_same_model_run_another_way_reembeds_everything(built, tiny_catalog: Path, tmp_path: Path) -> None:
    """Vectors of two recipes (int8 graphs, float32) are not mixed in one index."""
    settings, _, _ = built

    class OtherRecipe(HashEmbedder):
        def recipe(self, query: bool) -> str:
            return "another-recipe"

    def recipe_in_database() -> str:
        store = open_store(settings)
        try:
            return store.get_meta()["passage_recipe"]
        finally:
            store.close()

    unchanged = OtherRecipe()  # nothing to embed: the kept vectors agree with each other
    assert run_ingest(settings, tiny_catalog, unchanged).embedded == 0 and unchanged.embedded_texts == []
    assert recipe_in_database() == "unnamed"
    report = run_ingest(settings, changed_catalog(tmp_path), OtherRecipe())  # two courses to embed
    assert report.embedded == report.sentences  # so every vector is made again, the new way
    assert recipe_in_database() == "another-recipe"
    assert run_ingest(settings, changed_catalog(tmp_path), OtherRecipe()).embedded == 0


# ----------------------------------------------------------------------------- staleness


def test_modified_index_file_is_stale(built) -> None:
    settings, embedder, _ = built
    raw = bytearray(Path(settings.index_path).read_bytes())
    raw[-1] ^= 0x01
    Path(settings.index_path).write_bytes(bytes(raw))
    assert_refused(settings, embedder, again=True)


def test_index_of_another_database_is_stale(built, tmp_path: Path) -> None:
    settings, embedder, _ = built
    other = settings.with_(db_path=tmp_path / "other" / "o.db")
    run_ingest(other, changed_catalog(tmp_path), HashEmbedder())
    os.replace(other.index_path, settings.index_path)
    assert_refused(settings, embedder)


def test_other_model_id_is_stale(built) -> None:
    settings, _, _ = built
    assert_refused(settings, HashEmbedder(model_id="another-model"), match="another-model")


def test_other_dimension_is_stale_every_time(built) -> None:
    settings, _, _ = built
    assert_refused(settings, HashEmbedder(dim=64), match="64", again=True)  # same id, other size


def test_missing_index_or_database(built, tmp_path: Path) -> None:
    settings, embedder, _ = built
    Path(settings.index_path).unlink()
    assert_refused(settings, embedder, IndexMissingError)
    with pytest.raises(IndexMissingError):
        Retriever.from_settings(settings.with_(db_path=tmp_path / "none.db"), embedder=embedder)


# ----------------------------------------------------------------------------- helpers


def test_ensure_built_and_remove_database(settings: Settings, tmp_path: Path) -> None:
    embedder = HashEmbedder()
    report = ensure_built(settings, embedder=embedder, progress=False)
    assert report is not None and len(report.added) == 8
    assert ensure_built(settings, embedder=embedder, progress=False) is None
    # a missing index is rebuilt from the database itself, not from settings.catalog_path
    run_ingest(settings, changed_catalog(tmp_path), embedder)
    Path(settings.index_path).unlink()
    spy = HashEmbedder()
    report = ensure_built(settings, embedder=spy, progress=False)
    assert report is not None and report.embedded == 0 and spy.embedded_texts == []
    assert found_lectures(settings, embedder, "망원경 사용법")[0] == "4100001001"
    # a database embedded with another model (an upgrade changed the default) is re-embedded
    other = HashEmbedder(model_id="hash-other")
    report = ensure_built(settings, embedder=other, progress=False)
    assert report is not None and report.embedded > 0 and other.embedded_texts
    store = open_store(settings)
    assert store.get_meta()["embedding_model"] == "hash-other"
    store.close()
    assert ensure_built(settings, embedder=other, progress=False) is None
    journal = Path(f"{settings.db_path}-journal")
    journal.write_bytes(b"")
    remove_database(settings)
    assert not Path(settings.db_path).exists() and not Path(settings.index_path).exists()
    assert not journal.exists()


def test_course_vectors_count_sections_once(built) -> None:
    settings, embedder, _ = built
    store = open_store(settings)
    try:
        ids, vectors = store.all_course_vectors()
    finally:
        store.close()
    assert len(ids) == 7 and vectors.shape == (7, embedder.dimension)  # 8 courses, two sections share one
    assert "2150387001" in ids and "2150387002" not in ids
    assert len(embedder.course_texts) == len(set(embedder.course_texts)) == 7  # each distinct text once


# ----------------------------------------------------------------------------- course vectors


def test_a_course_vector_is_its_name_plus_its_sentences_mean() -> None:
    from assistant.vectors import course_vectors

    heads = np.array([[3.0, 0, 0], [0, 2.0, 0], [0, 0, 0]], dtype=np.float32)
    means = np.array([[0, 0.5, 0], [0, 0, 0], [0, 0, 0]], dtype=np.float32)
    got = course_vectors(heads, means)
    assert np.allclose(got[0], [2**-0.5, 2**-0.5, 0])  # each part counts once, whatever its norm
    assert np.allclose(got[1], [0, 1, 0])  # no sentences: the name alone
    assert np.array_equal(got[2], [0, 0, 0])  # nothing at all: zeros, not NaN


def test_course_vectors_read_the_stored_sentence_vectors(built) -> None:
    from assistant.vectors import course_vectors
    from assistant.store import course_head

    settings, embedder, _ = built
    store = open_store(settings)
    try:
        course = store.courses(["2110152001"])["2110152001"]
        ids, vectors = store.all_course_vectors()
        stored = store.vectors_for([s.id for s in store.course_sentences("2110152001")])
    finally:
        store.close()
    assert len(stored) == 3
    mean = np.mean(list(stored.values()), axis=0, keepdims=True)
    expected = course_vectors(embedder.run([course_head(course)], query=False), mean)
    assert np.allclose(vectors[ids.index("2110152001")], expected[0], atol=1e-6)


def test_course_vectors_made_another_way_are_made_again_once(built) -> None:
    settings, _, _ = built
    store = open_store(settings)
    with store.conn:
        store.set_meta(course_vectors="title-and-description-v0")
    store.close()
    spy = HashEmbedder()
    report = rebuild(settings, embedder=spy, progress=False)
    assert report.embedded == 0 and len(spy.course_texts) == 7  # sentence vectors kept, course ones remade
    again = HashEmbedder()
    rebuild(settings, embedder=again, progress=False)
    assert again.course_texts == []


def test_a_big_catalog_is_split_in_worker_processes_with_the_same_sentences(tmp_path: Path, monkeypatch) -> None:
    from assistant.build import sync_courses
    from assistant.ingest import read_catalog

    courses = read_catalog(write_catalog(tmp_path / "c.csv", TINY_COURSES)).courses

    def sentences(minimum: int, name: str) -> list[tuple]:
        monkeypatch.setattr(build_module, "PARALLEL_SPLIT_MIN", minimum)
        store = CourseStore(tmp_path / name)
        try:
            with store.conn:
                added, _, _, unchanged = sync_courses(store, courses)
            assert len(added) == len(courses) and unchanged == 0
            return [(s.lecture_id, s.start, s.end, s.text) for c in courses for s in store.course_sentences(c.lecture_id)]
        finally:
            store.close()

    import concurrent.futures

    pools = []

    class CountingPool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", CountingPool)
    serial = sentences(10**9, "serial.db")
    assert pools == []
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: no worker processes")
    assert sentences(1, "parallel.db") == serial and len(serial) >= 20
    assert len(pools) == 1
