"""Tests for assistant.retrieve (fusion, grouping, sections, passages, filters) and the
retrieval-evaluation helpers, with the fake HashEmbedder on the tiny catalog."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant import evaluate
from assistant.records import Sentence
from assistant.retrieve import (
    RRF_K,
    Retriever,
    convex_fusion,
    passage_bounds,
    reciprocal_rank_fusion,
)
from assistant.settings import Settings
from assistant.store import Filters

from conftest import TINY_COURSES, HashEmbedder

DEPARTMENT = {r[0]: r[2] for r in TINY_COURSES}
CREDITS = {r[0]: float(r[4]) for r in TINY_COURSES}
TYPE = {r[0]: r[5] for r in TINY_COURSES}
SECTIONS = {"2150387001", "2150387002"}

DISTINCTIVE = [
    ("문학비평 이론을 배우는 수업", "2110170001"),
    ("복식부기와 재무제표", "3120101001"),
    ("XSS 공격 재현", "2150499001"),
    ("음운론 의미론 국어학", "2110152001"),
    ("지도학습 신경망 파이썬 실습", "2150412001"),
    ("마케팅 인사 재무 기초 사례", "3120250001"),
]


@pytest.fixture
def make(tiny_built: Settings):
    opened: list[Retriever] = []

    def factory(mode: str = "hybrid", embedder: HashEmbedder | None = None, **kwargs) -> Retriever:
        r = Retriever.from_settings(tiny_built, embedder=embedder or HashEmbedder(), mode=mode, **kwargs)
        opened.append(r)
        return r

    yield factory
    for r in opened:
        r.store.close()


def check_hits(hits, fusion: str = "convex") -> None:
    """Invariants every result list must satisfy."""
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    seen: set[str] = set()
    for h in hits:
        assert h.lecture_ids[0] == h.course.lecture_id
        assert not seen & set(h.lecture_ids), "a course appears in two hits"
        seen |= set(h.lecture_ids)
        assert h.matches
        if fusion == "rrf":  # a course scores its best sentence
            assert h.score == pytest.approx(h.matches[0].score)
        else:  # each method's best sentence of the course combined: at least its best sentence
            assert h.matches[0].score - 1e-9 <= h.score <= 1.5 + 1e-9  # three methods, 0.5 each
        assert [m.score for m in h.matches] == sorted((m.score for m in h.matches), reverse=True)
        assert len({m.sentence.position for m in h.matches}) == len(h.matches)
        for m in h.matches:
            assert m.sentence.lecture_id == h.course.lecture_id  # cited sentences are the course's
            assert m.sentence.id is not None
            assert h.course.description[m.sentence.start : m.sentence.end] == m.sentence.text
            assert m.dense_rank is not None or m.keyword_rank is not None
        assert 0 <= h.passage_start < h.passage_end <= len(h.course.description)
        assert h.passage == h.course.description[h.passage_start : h.passage_end]
        best = h.matches[0].sentence
        assert h.passage_start <= best.start and best.end <= h.passage_end
        # the sentences the passage covers, in order, exactly spanning it
        covered = h.sentences
        assert covered and covered[0].start == h.passage_start and covered[-1].end == h.passage_end
        assert [s.position for s in covered] == list(range(covered[0].position, covered[-1].position + 1))
        assert all(s.lecture_id == h.course.lecture_id and s.id is not None for s in covered)
        assert best in covered


# ----------------------------------------------------------------------------- RRF


def test_rrf_math() -> None:
    fused = reciprocal_rank_fusion({"dense": [1, 2, 3], "keyword": [3, 1]})
    assert [r.sentence_id for r in fused] == [1, 3, 2]
    by_id = {r.sentence_id: r for r in fused}
    assert by_id[1].score == pytest.approx(1 / 61 + 1 / 62)
    assert by_id[3].score == pytest.approx(1 / 63 + 1 / 61)
    assert by_id[2].score == pytest.approx(1 / 62)
    assert (by_id[1].dense_rank, by_id[1].keyword_rank) == (1, 2)
    assert (by_id[2].dense_rank, by_id[2].keyword_rank) == (2, None)
    assert (by_id[3].dense_rank, by_id[3].keyword_rank) == (3, 1)
    assert RRF_K == 60


def test_rrf_weights_and_k() -> None:
    fused = reciprocal_rank_fusion({"dense": [1], "keyword": [2]}, weights={"keyword": 2.0}, k=10)
    assert [r.sentence_id for r in fused] == [2, 1]
    assert fused[0].score == pytest.approx(2 / 11) and fused[1].score == pytest.approx(1 / 11)
    zero = reciprocal_rank_fusion({"dense": [1, 2], "keyword": [3]}, weights={"dense": 0.0})
    assert zero[0].sentence_id == 3


def test_rrf_duplicates_ties_and_empty() -> None:
    fused = reciprocal_rank_fusion({"dense": [4, 4, 5]})
    assert [(r.sentence_id, r.dense_rank) for r in fused] == [(4, 1), (5, 3)]
    assert fused[0].score == pytest.approx(1 / 61)
    # equal scores: the dense rank decides, then the id
    tie = reciprocal_rank_fusion({"keyword": [9], "dense": [8]})
    assert [r.sentence_id for r in tie] == [8, 9]
    tie = reciprocal_rank_fusion({"a": [7], "b": [3]})
    assert [r.sentence_id for r in tie] == [3, 7]
    assert reciprocal_rank_fusion({}) == []
    assert reciprocal_rank_fusion({"dense": [], "keyword": []}) == []


def test_convex_fusion_math() -> None:
    fused = convex_fusion({"dense": [(1, 0.9), (2, 0.5), (3, 0.1)], "keyword": [(3, 10.0), (1, 5.0)]})
    # min-max per method, 0.5 weight each: 1 -> .5*1 + .5*0, 3 -> .5*0 + .5*1, 2 -> .5*.5
    assert [r.sentence_id for r in fused] == [1, 3, 2]  # 1 and 3 tie: the dense rank decides
    by_id = {r.sentence_id: r for r in fused}
    assert by_id[1].score == pytest.approx(0.5) and by_id[3].score == pytest.approx(0.5)
    assert by_id[2].score == pytest.approx(0.25)
    assert dict(by_id[1].method_scores) == pytest.approx({"dense": 0.5, "keyword": 0.0})
    assert dict(by_id[2].method_scores) == pytest.approx({"dense": 0.25})
    assert (by_id[3].dense_rank, by_id[3].keyword_rank) == (3, 1)
    assert (by_id[2].dense_rank, by_id[2].keyword_rank) == (2, None)


def test_convex_fusion_scale_free_weights_and_edges() -> None:
    a = convex_fusion({"dense": [(1, 0.9), (2, 0.8)], "keyword": [(2, 30.0), (1, 3.0)]})
    b = convex_fusion({"dense": [(1, 0.009), (2, 0.008)], "keyword": [(2, 3e6), (1, 3e5)]})
    assert [(r.sentence_id, round(r.score, 9)) for r in a] == [(r.sentence_id, round(r.score, 9)) for r in b]
    single = convex_fusion({"keyword": [(7, 12.3)]})
    assert single[0].score == pytest.approx(0.5)  # one candidate normalizes to 1
    weighted = convex_fusion({"dense": [(1, 1.0), (2, 0.0)], "keyword": [(2, 1.0), (1, 0.0)]},
                             weights={"dense": 0.2, "keyword": 0.8})
    assert [r.sentence_id for r in weighted] == [2, 1]
    assert weighted[0].score == pytest.approx(0.8)
    dup = convex_fusion({"dense": [(4, 1.0), (4, 0.5), (5, 0.0)]})
    assert [(r.sentence_id, r.dense_rank) for r in dup] == [(4, 1), (5, 3)]
    assert convex_fusion({}) == [] and convex_fusion({"dense": [], "keyword": []}) == []


# ----------------------------------------------------------------------------- passages


def sentences_of(lengths: list[int]) -> list[Sentence]:
    out, pos = [], 0
    for i, n in enumerate(lengths):
        out.append(Sentence("L", i, pos, pos + n, "x" * n, 100 + i))
        pos += n + 1
    return out


@pytest.mark.parametrize(
    "matched, neighbours, first, last",
    [
        ([2], 1, 1, 3),
        ([0], 1, 0, 1),
        ([5], 1, 4, 5),
        ([2], 0, 2, 2),
        ([2], 2, 0, 4),
        ([2, 4], 1, 1, 4),  # within reach (one neighbour beyond the window): joined
        ([3, 1], 1, 1, 4),
        ([2, 5], 1, 1, 3),  # too far: only the best sentence's window
        ([3, 0], 1, 2, 4),
        ([1, 5], 1, 0, 2),
        ([3, 2, 1], 0, 3, 3),  # no neighbours, no reach
        ([3, 2, 1], 1, 1, 4),
    ],
)
def test_passage_bounds(matched: list[int], neighbours: int, first: int, last: int) -> None:
    ss = sentences_of([10, 5, 7, 3, 8, 6])
    assert passage_bounds(ss, matched, neighbours) == (ss[first].start, ss[last].end)


def test_passage_bounds_empty() -> None:
    assert passage_bounds([], [0]) == (0, 0)


# ----------------------------------------------------------------------------- retrieval


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
@pytest.mark.parametrize("query, lecture_id", DISTINCTIVE)
def test_distinctive_query_ranks_its_course_first(make, mode: str, query: str, lecture_id: str) -> None:
    hits = make(mode).run(query, top_k=5)
    assert hits[0].course.lecture_id == lecture_id
    check_hits(hits)


def test_modes_use_their_methods_only(make) -> None:
    spy = HashEmbedder()
    hits = make("keyword", embedder=spy).run("문학비평 이론", top_k=8)
    assert spy.calls == []  # keyword mode never embeds the question
    assert all(m.dense_rank is None and m.keyword_rank is not None for h in hits for m in h.matches)
    hits = make("dense").run("문학비평 이론", top_k=8)
    assert all(m.keyword_rank is None and m.dense_rank is not None for h in hits for m in h.matches)
    hits = make("hybrid").run("문학비평 이론", top_k=8)
    best = hits[0].matches[0]
    assert best.dense_rank is not None and best.keyword_rank is not None
    with pytest.raises(ValueError):
        make("sparse")


def test_each_course_once_and_top_k(make) -> None:
    retriever = make("hybrid")
    hits = retriever.run("배운다 한다 평가", top_k=10)
    check_hits(hits)
    assert len(hits) == 7  # 8 courses, two of them sections of one description
    assert len(retriever.run("배운다 한다 평가", top_k=3)) == 3
    assert len({h.course.lecture_id for h in hits}) == len(hits)


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_sections_collapse_into_one_hit(make, mode: str) -> None:
    hits = make(mode).run("스택 큐 트리 그래프 자료구조 시간 복잡도", top_k=5)
    check_hits(hits)
    first = hits[0]
    assert set(first.lecture_ids) == SECTIONS and len(first.lecture_ids) == 2
    assert first.course.lecture_id in SECTIONS
    assert all(not (set(h.lecture_ids) & SECTIONS) for h in hits[1:])
    # both sections' sentences are merged by position, so no position is listed twice
    assert len(first.matches) <= 4


def test_passage_is_best_sentence_with_neighbours(make) -> None:
    retriever = make("keyword")
    hits = retriever.run("현대문학사 교재", top_k=3)
    hit = hits[0]
    assert hit.course.lecture_id == "2110170001"
    sentences = retriever.store.course_sentences("2110170001")
    best = hit.matches[0].sentence
    assert best.text == "교재는 <현대문학사>를 사용한다."
    assert best == sentences[2]
    start, end = passage_bounds(sentences, [m.sentence.position for m in hit.matches])
    assert (hit.passage_start, hit.passage_end) == (start, end)
    assert hit.passage_start <= sentences[1].start and hit.passage_end >= sentences[3].end
    assert "<현대문학사>" in hit.passage
    assert hit.passage == hit.course.description[hit.passage_start : hit.passage_end]


def test_html_like_text_is_returned_verbatim(make) -> None:
    hit = make("hybrid").run("script alert XSS", top_k=1)[0]
    assert hit.course.lecture_id == "2150499001"
    assert "<script>alert(1)</script>" in hit.passage  # escaping is the UI's job


# ----------------------------------------------------------------------------- filters


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_department_filter(make, mode: str) -> None:
    r = make(mode)
    query = "문학비평 이론과 기본 개념"
    assert DEPARTMENT[r.run(query, top_k=1)[0].course.lecture_id] != "경영학과"
    hits = r.run(query, top_k=10, filters=Filters(departments=("경영학과",)))
    assert hits and all(DEPARTMENT[lid] == "경영학과" for h in hits for lid in h.lecture_ids)
    check_hits(hits)


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_credit_and_type_filters(make, mode: str) -> None:
    r = make(mode)
    hits = r.run("실습 배운다", top_k=10, filters=Filters(credits=(2.0,)))
    assert hits and all(CREDITS[h.course.lecture_id] == 2.0 for h in hits)
    hits = r.run("배운다 한다", top_k=10, filters=Filters(course_types=("전공",)))
    assert hits and all(TYPE[h.course.lecture_id].startswith("전공") for h in hits)
    got = {h.course.lecture_id for h in hits}
    assert "3120250001" not in got
    hits = r.run("배운다 한다 기업 경영", top_k=10, filters=Filters(course_types=("교양",)))
    assert [h.course.lecture_id for h in hits] == ["3120250001"]
    hits = r.run("자료구조", top_k=10, filters=Filters(course_types=("전공필수",), departments=("컴퓨터공학과",)))
    assert {lid for h in hits for lid in h.lecture_ids} == SECTIONS


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_filter_that_matches_nothing(make, mode: str) -> None:
    assert make(mode).run("문학비평", filters=Filters(departments=("없는학과",))) == []


def test_empty_filters_equal_no_filters(make) -> None:
    r = make("hybrid")
    a = r.run("자료구조 교재", top_k=5)
    b = r.run("자료구조 교재", top_k=5, filters=Filters())
    assert [(h.course.lecture_id, h.score) for h in a] == [(h.course.lecture_id, h.score) for h in b]


def test_query_vector_skips_the_embedder(make) -> None:
    spy = HashEmbedder()
    r = make("hybrid", embedder=spy)
    r.warm_up()
    vec = HashEmbedder().run(["복식부기와 재무제표"], query=True)[0]
    hits = r.run("복식부기와 재무제표", query_vector=vec)
    assert [q for _, q in spy.calls] == []
    assert hits[0].course.lecture_id == "3120101001"
    plain = make("hybrid").run("복식부기와 재무제표")
    assert [(h.course.lecture_id, h.score) for h in hits] == [(h.course.lecture_id, h.score) for h in plain]


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_rrf_fusion_mode(make, mode: str) -> None:
    r = make(mode, fusion="rrf")
    for query, lecture_id in DISTINCTIVE[:3]:
        hits = r.run(query, top_k=5)
        assert hits[0].course.lecture_id == lecture_id
        check_hits(hits, fusion="rrf")
        assert hits[0].score <= 2 / (RRF_K + 1) + 1e-12
    with pytest.raises(ValueError):
        make(mode, fusion="borda")


def test_hybrid_course_score_combines_methods(make) -> None:
    hybrid = make("hybrid").run("복식부기와 재무제표", top_k=3)
    dense = make("dense").run("복식부기와 재무제표", top_k=3)
    keyword = make("keyword").run("복식부기와 재무제표", top_k=3)
    assert hybrid[0].course.lecture_id == dense[0].course.lecture_id == keyword[0].course.lecture_id
    # the winner tops both lists, each worth its 0.5 weight
    assert dense[0].score == pytest.approx(0.5) and keyword[0].score == pytest.approx(0.5)
    # …plus the course-level similarity, also worth 0.5 when the course leads it
    assert hybrid[0].score == pytest.approx(1.5)


def test_trigram_keyword_mode(make) -> None:
    hits = make("keyword", keyword_mode="trigram").run("복식부기의 원리", top_k=3)
    assert hits[0].course.lecture_id == "3120101001"
    check_hits(hits)


def test_nothing_matches_in_keyword_mode(make) -> None:
    assert make("keyword").run("?!") == []
    assert make("keyword").run("zzzqqq") == []


def test_candidates_limit_what_each_method_contributes(make) -> None:
    r = make("dense", candidates=2)
    ranked = r.rank_sentences("문학비평 이론")
    assert len(ranked) == 2
    r = make("hybrid", candidates=2)
    assert len(r.rank_sentences("문학비평 이론")) <= 4


# ----------------------------------------------------------------------------- evaluation helpers


def test_ranking_scores() -> None:
    ranked = [["a", "b"], ["x", "y", "a"], ["q"] * 10 + ["g"], []]
    gold = ["a", "a", "g", "z"]
    s = evaluate.ranking_scores("m", ranked, gold)
    assert s.method == "m"
    assert s.recall_at_1 == pytest.approx(1 / 4)
    assert s.recall_at_5 == pytest.approx(2 / 4)
    assert s.recall_at_10 == pytest.approx(2 / 4)  # rank 11 does not count
    assert s.mrr == pytest.approx((1 + 1 / 3) / 4)
    empty = evaluate.ranking_scores("m", [], [])
    assert (empty.recall_at_1, empty.mrr) == (0.0, 0.0)


def test_latency_summary() -> None:
    assert evaluate.latency_summary([]) == (0.0, 0.0)
    p50, p95 = evaluate.latency_summary([0.001 * i for i in range(1, 101)])
    assert p50 == pytest.approx(50.5)
    assert p95 == pytest.approx(95.0)


def test_print_table(capsys) -> None:
    evaluate.print_table("T", ["method", "R@1"], [("dense", 0.5), ("hybrid (RRF)", 1.0)])
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "T"
    assert out[1].split() == ["method", "R@1"]
    assert out[3].split() == ["dense", "0.500"] and out[4].split() == ["hybrid", "(RRF)", "1.000"]


def test_eval_retrieval_on_a_tiny_korquad(tmp_path: Path) -> None:
    paragraphs = [
        ("세종대왕은 훈민정음을 창제하였다. 집현전 학자들이 참여하였다.", "훈민정음을 창제한 왕은?"),
        ("이순신 장군은 한산도 대첩에서 승리하였다. 거북선을 사용하였다.", "한산도 대첩에서 승리한 장군은?"),
        ("광합성은 빛 에너지를 화학 에너지로 바꾸는 과정이다. 엽록체에서 일어난다.", "엽록체에서 일어나는 과정은?"),
    ]
    data = {"data": [{"title": f"a{i}", "paragraphs": [{"context": ctx, "qas": [
        {"id": f"q{i}", "question": q, "answers": [{"text": ctx[:3], "answer_start": 0}]}]}]}
        for i, (ctx, q) in enumerate(paragraphs)]}
    path = tmp_path / "korquad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    settings = Settings(db_path=tmp_path / "unused.db", cache_dir=tmp_path / "cache")
    rows = evaluate.eval_retrieval(settings, embedder=HashEmbedder(), data=path)
    assert [r.method for r in rows] == ["dense-sentence", "dense-paragraph", "keyword (bigram BM25)",
                                        "keyword (trigram BM25)", "hybrid (RRF)", "hybrid (convex, default)"]
    by = {r.method: r for r in rows}
    for method in ("dense-sentence", "keyword (bigram BM25)", "hybrid (RRF)", "hybrid (convex, default)"):
        assert by[method].recall_at_1 == 1.0 and by[method].mrr == 1.0
    for r in rows:
        assert 0.0 <= r.recall_at_1 <= r.recall_at_5 <= r.recall_at_10 <= 1.0
    assert list((tmp_path / "cache" / "eval-embeddings").glob("*.npy"))  # cached for the next run
    again = evaluate.eval_retrieval(settings, embedder=HashEmbedder(), data=path, limit=1)
    assert all(r.recall_at_1 == 1.0 for r in again if r.method != "keyword (trigram BM25)")


def test_cached_embeddings_reuses_disk_copy(tmp_path: Path) -> None:
    spy = HashEmbedder()
    first = evaluate.cached_embeddings(spy, ["가나다", "라마바"], query=True, cache_dir=tmp_path)
    second = evaluate.cached_embeddings(spy, ["가나다", "라마바"], query=True, cache_dir=tmp_path)
    np.testing.assert_array_equal(first, second)
    assert len(spy.calls) == 1
    evaluate.cached_embeddings(spy, ["가나다", "라마바"], query=False, cache_dir=tmp_path)
    assert len(spy.calls) == 2  # queries and passages are cached apart
    evaluate.cached_embeddings(spy, ["가나다"], query=True, cache_dir=None)
    evaluate.cached_embeddings(spy, ["가나다"], query=True, cache_dir=None)
    assert len(spy.calls) == 4


def test_cached_embeddings_key_includes_the_recipe(tmp_path: Path) -> None:
    class Quantized(HashEmbedder):
        scheme = "scheme-a"

        def recipe(self, query: bool) -> str:
            return self.scheme

    old = Quantized()
    evaluate.cached_embeddings(old, ["가나다"], query=True, cache_dir=tmp_path)
    new = Quantized()
    new.scheme = "scheme-b"
    evaluate.cached_embeddings(new, ["가나다"], query=True, cache_dir=tmp_path)
    assert len(new.calls) == 1  # vectors made another way (int8 graph, float32) are not reused
    same = Quantized()
    evaluate.cached_embeddings(same, ["가나다"], query=True, cache_dir=tmp_path)
    assert same.calls == []
