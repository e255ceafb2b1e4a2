"""``lab baseline``: the substring search the study started from, beside the retriever.

The first prototype answered "which course…" with SQL ``LIKE '%…%'`` over titles and
descriptions (and its pandas twin, ``str.contains``). Korean glues particles and endings to
words (``문학비평을``, ``배우는``), so whole-question and whole-word substrings rarely match;
stripping common endings helps a little. The table puts these beside the product's keyword
(BM25 over character bigrams), dense and hybrid retrieval on the same questions.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..embed import TextEmbedder
from ..evaluate.common import latency_summary
from ..store import CourseStore
from .common import CourseGroups, LabQuestion, hit_rates

ENDINGS = sorted(["은", "는", "이", "가", "을", "를", "의", "에", "에서", "으로", "로", "와", "과", "도", "만",
                  "이랑", "랑", "하고", "에게", "한테", "야", "요", "이야", "인가", "이에요", "예요", "해", "하는",
                  "하다", "할", "한", "적", "들", "까", "나", "니"], key=len, reverse=True)
STOPWORDS = {"수업", "과목", "강의", "교과목", "뭐야", "뭐예요", "있어", "있나요", "알려줘", "어떤", "무슨",
             "누가", "어디", "언제", "몇", "그", "이", "좀", "배우는", "듣고", "싶어", "싶어요"}

Search = Callable[[str], list[str]]


@dataclass(frozen=True)
class BaselineRow:
    """One search method.

    Attributes:
        method: What searched.
        answered: Share of questions that got any course at all.
        hit_at_1: Share whose first course is a gold one.
        hit_at_3: …among the first three.
        p50_ms: Median time per question.
        p95_ms: 95th percentile.
    """

    method: str
    answered: float
    hit_at_1: float
    hit_at_3: float
    p50_ms: float
    p95_ms: float


def words(question: str) -> list[str]:
    """The question's words of two or more characters."""
    return [w for w in re.findall(r"\w+", unicodedata.normalize("NFKC", question)) if len(w) >= 2]


def stems(question: str) -> list[str]:
    """Words with one common particle or ending stripped (kept at two or more characters),
    question words and generic course words dropped."""
    out = []
    for w in words(question):
        if w in STOPWORDS:
            continue
        for end in ENDINGS:
            if w.endswith(end) and len(w) - len(end) >= 2:
                w = w[: -len(end)]
                break
        if w not in STOPWORDS and len(w) >= 2:
            out.append(w)
    return list(dict.fromkeys(out))


def like_whole(store: CourseStore) -> Search:
    """``WHERE title LIKE '%question%' OR description LIKE '%question%'``."""
    def search(question: str) -> list[str]:
        pattern = f"%{question.strip()}%"
        return [r[0] for r in store.conn.execute(
            "SELECT lecture_id FROM courses WHERE title LIKE ? OR description LIKE ? ORDER BY lecture_id LIMIT 3",
            (pattern, pattern))]
    return search


def like_words(store: CourseStore) -> Search:
    """One ``LIKE`` per question word on title and description, courses ordered by how many
    match (a title match counts twice)."""
    def search(question: str) -> list[str]:
        ws = words(question)
        if not ws:
            return []
        score = " + ".join(["(title LIKE ?) * 2 + (description LIKE ?)"] * len(ws))
        params = [p for w in ws for p in (f"%{w}%", f"%{w}%")]
        return [r[0] for r in store.conn.execute(
            f"SELECT lecture_id, {score} AS s FROM courses WHERE s > 0 ORDER BY s DESC, lecture_id LIMIT 3",
            params)]
    return search


def pandas_stems(store: CourseStore) -> Search:
    """pandas ``str.contains`` of each stem (:func:`stems`), title matches counting twice."""
    import pandas as pd

    frame = pd.read_sql_query("SELECT lecture_id, title, description FROM courses ORDER BY lecture_id", store.conn)

    def search(question: str) -> list[str]:
        terms = stems(question)
        if not terms:
            return []
        score = sum(frame.title.str.contains(t, regex=False).astype(int) * 2
                    + frame.description.str.contains(t, regex=False).astype(int) for t in terms)
        top = frame.assign(s=score)
        top = top[top.s > 0].sort_values(["s", "lecture_id"], ascending=[False, True]).head(3)
        return top.lecture_id.tolist()
    return search


def retriever_search(store: CourseStore, embedder: TextEmbedder, index_path: Path, mode: str) -> Search:
    """The product's retriever (``hybrid``, ``dense`` or ``keyword``): top 3 courses."""
    from ..retrieve import Retriever

    retriever = Retriever(store, embedder, index_path, mode=mode)
    retriever.warm_up()

    def search(question: str) -> list[str]:
        return [lid for h in retriever.run(question, top_k=3) for lid in h.lecture_ids]
    return search


def score(method: str, search: Search, questions: Sequence[LabQuestion], groups: CourseGroups) -> BaselineRow:
    """Run ``search`` on every question (one warm-up call first) and score it."""
    if questions:
        search(questions[0].question)
    ranked, times = [], []
    for q in questions:
        t = time.perf_counter()
        ranked.append(search(q.question))
        times.append(time.perf_counter() - t)
    # each hit lists its sections' ids; hit_rates collapses them into courses
    rates = hit_rates(ranked, [q.gold_lecture_ids for q in questions], groups, (1, 3))
    answered = sum(bool(r) for r in ranked) / max(1, len(questions))
    p50, p95 = latency_summary(times)
    return BaselineRow(method, answered, rates[1], rates[3], p50, p95)


def run_baseline(store: CourseStore, questions: Sequence[LabQuestion], *, embedder: TextEmbedder | None = None,
                 index_path: Path | None = None) -> list[BaselineRow]:
    """Score the substring baselines, then (with an embedder and the database's index)
    the product's keyword, dense and hybrid retrieval."""
    groups = CourseGroups(store)
    methods: list[tuple[str, Search]] = [
        ("SQL LIKE '%question%'", like_whole(store)),
        ("SQL LIKE per word", like_words(store)),
        ("pandas str.contains, endings stripped", pandas_stems(store)),
    ]
    if embedder is not None and index_path is not None:
        methods += [("keyword BM25 (bigram)", retriever_search(store, embedder, index_path, "keyword")),
                    ("dense", retriever_search(store, embedder, index_path, "dense")),
                    ("hybrid (product)", retriever_search(store, embedder, index_path, "hybrid"))]
    return [score(name, search, questions, groups) for name, search in methods]
