"""End-to-end search with the real offline e5 model: the tiny catalog and the bundled sample.

Each database is built once per module into a tmp folder (never into db/), sharing one
warmed-up embedder.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from assistant.build import ingest
from assistant.embed import Embedder
from assistant.retrieve import Retriever
from assistant.settings import ADAPTED_MODEL_ID, SAMPLE_CATALOG, Settings
from assistant.store import CourseStore, Filters

from conftest import TINY_COURSES, build_catalog

pytestmark = pytest.mark.integration

SECTIONS = {"2150387001", "2150387002"}


@pytest.fixture(scope="module")
def embedder(model_cache_dir: Path) -> Embedder:
    e = Embedder(cache_dir=model_cache_dir, device="cpu")
    e.warm_up()
    return e


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, model_cache_dir: Path, embedder: Embedder) -> Settings:
    return build_catalog(tmp_path_factory.mktemp("tiny-real"), TINY_COURSES, embedder,
                         cache_dir=model_cache_dir, device="cpu")


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory, model_cache_dir: Path, embedder: Embedder) -> Settings:
    folder = tmp_path_factory.mktemp("sample-real")
    settings = Settings(db_path=folder / "sample.db", catalog_path=SAMPLE_CATALOG,
                        cache_dir=model_cache_dir, device="cpu")
    ingest(SAMPLE_CATALOG, settings, embedder=embedder, progress=False)
    return settings


@pytest.fixture(scope="module")
def tiny(tiny_db: Settings, embedder: Embedder):
    retrievers: dict[str, Retriever] = {}

    def get(mode: str = "hybrid") -> Retriever:
        if mode not in retrievers:
            retrievers[mode] = Retriever.from_settings(tiny_db, embedder=embedder, mode=mode)
        return retrievers[mode]

    yield get
    for r in retrievers.values():
        r.store.close()


def test_tiny_database_records_the_model(tiny_db: Settings) -> None:
    store = CourseStore(tiny_db.db_path)
    try:
        meta = store.get_meta()
        assert meta["embedding_model"] == ADAPTED_MODEL_ID and meta["dimension"] == "384"
        assert store.counts()["courses"] == len(TINY_COURSES)
        assert store.missing_vector_ids() == []
    finally:
        store.close()


@pytest.mark.parametrize(
    "query, lecture_id",
    [
        ("문학비평 이론을 배우는 수업 있어?", "2110170001"),
        ("복식부기랑 재무제표 배우는 과목", "3120101001"),
        ("XSS 같은 웹 보안 공격을 실습하는 수업", "2150499001"),
        ("신경망을 파이썬으로 실습하는 강의", "2150412001"),
        ("음운론과 의미론을 공부하고 싶어", "2110152001"),
        ("마케팅과 조직 관리 기초를 배우는 교양 수업", "3120250001"),
    ],
)
def test_korean_questions_find_their_course_first(tiny, query: str, lecture_id: str) -> None:
    hits = tiny("hybrid").run(query, top_k=3)
    assert hits[0].course.lecture_id == lecture_id, [h.course.title for h in hits]
    hit = hits[0]
    assert hit.passage == hit.course.description[hit.passage_start : hit.passage_end]
    assert hit.matches[0].sentence.text in hit.passage


@pytest.mark.parametrize(
    "query, lecture_id",
    [
        ("해킹을 막는 방법을 가르치는 과목", "2150499001"),
        ("기계학습 입문 수업", "2150412001"),
        ("회계 입문 수업", "3120101001"),
    ],
)
def test_dense_mode_understands_paraphrases(tiny, query: str, lecture_id: str) -> None:
    hits = tiny("dense").run(query, top_k=3)
    assert hits[0].course.lecture_id == lecture_id, [h.course.title for h in hits]


def test_sections_collapse_with_the_real_model(tiny) -> None:
    hits = tiny("hybrid").run("자료구조 과제는 어떤 언어로 구현해?", top_k=5)
    assert set(hits[0].lecture_ids) == SECTIONS
    assert all(not (set(h.lecture_ids) & SECTIONS) for h in hits[1:])
    assert "C 언어" in hits[0].passage


def test_filters_with_the_real_model(tiny) -> None:
    r = tiny("hybrid")
    hits = r.run("기초를 배우는 수업", top_k=10, filters=Filters(departments=("경영학과",)))
    assert hits and {h.course.department for h in hits} == {"경영학과"}
    hits = r.run("기초를 배우는 수업", top_k=10, filters=Filters(course_types=("교양",)))
    assert [h.course.lecture_id for h in hits] == ["3120250001"]
    hits = r.run("문학비평 이론을 배우는 수업 있어?", top_k=10, filters=Filters(course_types=("전공",)))
    assert hits[0].course.lecture_id == "2110170001"
    assert all(h.course.course_type.startswith("전공") for h in hits)
    hits = r.run("보안 실습", top_k=10, filters=Filters(credits=(2.0,)))
    assert hits[0].course.lecture_id == "2150499001"
    assert all(h.course.credits == 2.0 for h in hits)


def test_sample_catalog_finds_literary_criticism(sample_db: Settings, embedder: Embedder) -> None:
    with SAMPLE_CATALOG.open(encoding="utf-8") as fh:
        rows = sum(1 for _ in csv.DictReader(fh))
    retriever = Retriever.from_settings(sample_db, embedder=embedder)
    try:
        counts = retriever.store.counts()
        assert counts["courses"] == rows
        assert counts["vectors"] == counts["sentences"] > rows
        hits = retriever.run("문학비평 이론을 배우는 수업 있어?", top_k=5)
        assert hits[0].course.title == "현대문학비평론", [h.course.title for h in hits]
        assert "문학비평" in hits[0].passage
    finally:
        retriever.store.close()
