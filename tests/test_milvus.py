"""Tests for assistant.milvus: the Milvus backend (Milvus Lite, a local folder) behind the
retriever's search, filters run in the engine, builds that keep the previous collection."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import IndexMissingError
from assistant.milvus import MilvusIndex, close_clients, filter_expression, is_server, resolve_uri
from assistant.retrieve import Retriever
from assistant.store import CourseStore, Filters

from conftest import TINY_COURSES, HashEmbedder, build_catalog

QUESTIONS = ["문학비평 이론", "자료구조 교재", "재무제표 분개", "웹 보안 취약점", "신경망 파이썬 실습"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """The tiny catalog built twice: with FAISS and with Milvus Lite."""
    faiss_built = build_catalog(tmp_path_factory.mktemp("faiss"), TINY_COURSES)
    milvus_built = build_catalog(tmp_path_factory.mktemp("milvus"), TINY_COURSES, vector_backend="milvus")
    yield faiss_built, milvus_built
    close_clients()


def ranked(settings, question: str, filters: Filters | None = None, mode: str = "dense") -> list[int]:
    retriever = Retriever.from_settings(settings, HashEmbedder(), mode=mode)
    try:
        return [r.sentence_id for r in retriever.rank_sentences(question, filters)]
    finally:
        retriever.store.close()


def test_filters_become_one_milvus_expression() -> None:
    assert filter_expression(None) == "" and filter_expression(Filters()) == ""
    expr = filter_expression(Filters(departments=("컴퓨터공학과", 'a"b'), credits=(3,), course_types=("전공",)))
    assert expr == ('department in ["컴퓨터공학과", "a\\"b"] and credits in [3.0] and '
                    '(course_type like "전공%")')


def test_uri_defaults_to_a_milvus_lite_folder_beside_the_database(tmp_path: Path) -> None:
    assert resolve_uri("", tmp_path / "x.faiss") == str((tmp_path / "x.milvus.db").resolve())
    assert resolve_uri(" http://milvus:19530 ", tmp_path / "x.faiss") == "http://milvus:19530"
    assert is_server("http://milvus:19530") and not is_server(str(tmp_path / "x.milvus.db"))


def test_a_milvus_build_writes_no_faiss_file_and_records_its_collection(built) -> None:
    _, settings = built
    assert not settings.index_path.exists()
    assert Path(resolve_uri("", settings.index_path)).is_dir()
    store = CourseStore(settings.db_path)
    meta = store.get_meta()
    store.close()
    assert meta["vector_backend"] == "milvus" and meta["milvus_collection"].startswith("sentences_")
    assert int(meta["index_size"]) == store_count(settings)


def store_count(settings) -> int:
    store = CourseStore(settings.db_path)
    try:
        return store.counts()["sentences"]
    finally:
        store.close()


def dense_scores(settings, question: str) -> dict[int, float]:
    retriever = Retriever.from_settings(settings, HashEmbedder(), mode="dense")
    try:
        return {r.sentence_id: round(r.dense, 4) for r in retriever.rank_sentences(question)}
    finally:
        retriever.store.close()


@pytest.mark.parametrize("question", QUESTIONS)
def test_milvus_returns_what_exact_faiss_returns(built, question: str) -> None:
    faiss_built, milvus_built = built
    # the same catalog ingested twice gets the same sentence ids; sections sharing a
    # description tie, and either engine may order ties its own way
    m, f = dense_scores(milvus_built, question), dense_scores(faiss_built, question)
    assert sorted(m.values(), reverse=True)[:10] == sorted(f.values(), reverse=True)[:10]
    assert max(m, key=m.get) in f and all(m[i] == f[i] for i in m.keys() & f.keys())
    assert len(m.keys() & f.keys()) >= min(len(m), len(f)) - 3


def test_filters_run_in_the_engine(built) -> None:
    _, settings = built
    store = CourseStore(settings.db_path)
    allowed = set(store.sentence_ids(Filters(departments=("경영학과",))))
    meta = store.get_meta()
    store.close()
    index = MilvusIndex(resolve_uri("", settings.index_path), meta["milvus_collection"], int(meta["index_size"]))
    query = HashEmbedder().run(["재무제표"], query=True)[0]
    found = index.search(query, 50, Filters(departments=("경영학과",)))
    assert found and {sid for sid, _ in found} <= allowed
    assert len(index.search(query, 50)) > len(found)
    scores = [s for _, s in found]
    assert scores == sorted(scores, reverse=True)


def test_a_new_build_keeps_the_collection_in_place_and_drops_older_ones(tmp_path: Path) -> None:
    from assistant.milvus import client

    first = build_catalog(tmp_path, TINY_COURSES[:5], vector_backend="milvus")
    second = build_catalog(tmp_path, TINY_COURSES[:6], vector_backend="milvus")
    third = build_catalog(tmp_path, TINY_COURSES, vector_backend="milvus")
    assert first.db_path == second.db_path == third.db_path
    names = client(resolve_uri("", third.index_path)).list_collections()
    store = CourseStore(third.db_path)
    current = store.get_meta()["milvus_collection"]
    store.close()
    assert current in names and len([n for n in names if n.startswith("sentences_")]) == 2
    assert ranked(third, "재무제표 분개")


def test_a_missing_collection_says_how_to_rebuild(built, tmp_path: Path) -> None:
    _, settings = built
    copy = tmp_path / "copy.db"
    shutil.copy(settings.db_path, copy)
    store = CourseStore(copy)
    store.set_meta(milvus_collection="sentences_gone")
    store.close()
    retriever = Retriever.from_settings(settings.with_(db_path=copy), HashEmbedder(),
                                        milvus_uri=resolve_uri("", settings.index_path))
    with pytest.raises(IndexMissingError, match="assistant build"):
        retriever.warm_up()
    retriever.store.close()


def test_vectors_round_trip_with_their_scores(tmp_path: Path) -> None:
    from assistant.milvus import write_collection

    rng = np.random.default_rng(0)
    x = rng.standard_normal((30, 16)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    ids = np.arange(100, 130, dtype=np.int64)
    uri = str(tmp_path / "v.milvus.db")
    name, _ = write_collection(uri, ids, x, {}, metric="ip")
    found = MilvusIndex(uri, name, 30).search(x[4], 3)
    assert found[0][0] == 104 and found[0][1] == pytest.approx(1.0, abs=1e-4)


def test_export_moves_a_faiss_database_to_milvus_and_it_answers_from_there(tmp_path: Path, monkeypatch) -> None:
    import assistant.build as build
    from assistant.cli import main

    settings = build_catalog(tmp_path, TINY_COURSES)
    before = ranked(settings, "재무제표 분개")
    uri = str(tmp_path / "elsewhere.milvus.db")  # a server URI in production; Milvus Lite here
    # the database was embedded with the hash embedder: the export must keep naming it
    monkeypatch.setattr(build, "Embedder", type("E", (HashEmbedder,), {"from_settings": classmethod(lambda c, s: c())}))
    assert main(["export-milvus", "--db", str(settings.db_path), "--uri", uri]) == 0
    store = CourseStore(settings.db_path)
    meta = store.get_meta()
    store.close()
    assert meta["vector_backend"] == "milvus" and meta["milvus_uri"] == uri
    after = ranked(settings, "재무제표 분개")  # no setting needed: the database knows where
    assert after[:3] == before[:3]


def test_databases_sharing_one_milvus_keep_their_own_collections(tmp_path: Path) -> None:
    from assistant.milvus import client

    uri = str(tmp_path / "shared.milvus.db")  # one server for two universities
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = build_catalog(tmp_path / "a", TINY_COURSES[:4], vector_backend="milvus", milvus_uri=uri)
    b = build_catalog(tmp_path / "b", TINY_COURSES[4:], vector_backend="milvus", milvus_uri=uri)
    build_catalog(tmp_path / "b", TINY_COURSES[3:], vector_backend="milvus", milvus_uri=uri)  # b again
    build_catalog(tmp_path / "b", TINY_COURSES[2:], vector_backend="milvus", milvus_uri=uri)  # and again
    assert ranked(a, "자료구조") and ranked(b, "재무제표")  # a's collection survived b's builds
    names = [n for n in client(uri).list_collections() if n.startswith("sentences_")]
    assert len(names) == 3  # a's one, b's current and b's previous
