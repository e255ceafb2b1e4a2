"""``lab pooling``: CLS, mean and max pooling over the same encoder's last hidden states.

Measured on KorSTS test and KLUE-STS dev (Spearman of cosine vs gold, x100), open-domain
retrieval on a KorQuAD subset (recall@1/@5 of the question's own paragraph), and, with a
database and its questions file, course retrieval on the catalog (recall@1/@5 of a gold
course, whole course text embedded). e5 was trained with mean pooling; the study shows how
much the choice matters.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..evaluate.common import KLUE_STS_DEV, KORSTS_TEST
from ..korquad import KORQUAD_DEV
from ..records import Course
from ..store import CourseStore, course_head
from ..text import readable
from .common import CourseGroups, LabQuestion, hit_rates, top_k
from .encoder import POOLINGS, Encoder, cached_pooled, normalized

STS_FILES = (("KorSTS test", KORSTS_TEST), ("KLUE-STS dev", KLUE_STS_DEV))
KORQUAD_FILE = KORQUAD_DEV


@dataclass(frozen=True)
class PoolingRow:
    """One pooling's scores (``None``: not measured)."""

    pooling: str
    korsts: float | None
    klue_sts: float | None
    korquad_r1: float | None
    korquad_r5: float | None
    catalog_r1: float | None
    catalog_r5: float | None


@dataclass(frozen=True)
class PoolingReport:
    """The rows and what they were measured on."""

    rows: tuple[PoolingRow, ...]
    sts_pairs: tuple[int, ...]
    korquad_questions: int
    korquad_paragraphs: int
    catalog_questions: int
    catalog_courses: int


COURSE_TEXT_CHARS = 600


def course_text(course: Course) -> str:
    """One text per course for this study (each pooling embeds it whole): the name and the
    opening of the description. The product's course vectors are made another way
    (:func:`assistant.vectors.course_vectors`)."""
    return f"{course_head(course)}: {readable(course.description)[:COURSE_TEXT_CHARS]}"


def korquad_subset(path: Path, limit: int) -> tuple[list[str], list[int], list[str]]:
    """The first ``limit`` questions (0: all), their gold paragraph indices, and every
    paragraph of the articles they come from (the retrieval corpus)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))["data"]
    questions: list[str] = []
    gold: list[int] = []
    paragraphs: list[str] = []
    for article in data:
        if limit and len(questions) >= limit:
            break
        for para in article["paragraphs"]:
            for qa in para["qas"]:
                if not limit or len(questions) < limit:
                    questions.append(qa["question"])
                    gold.append(len(paragraphs))
            paragraphs.append(para["context"])
    return questions, gold, paragraphs


def sts_spearman(encoder: Encoder, a: Sequence[str], b: Sequence[str], gold: Sequence[float],
                 cache_dir: Path | None, prefix: str) -> dict[str, float]:
    """Spearman x100 of cosine vs gold per pooling (both sentences get the query prefix,
    as e5 prescribes for symmetric tasks)."""
    from scipy.stats import spearmanr

    va = cached_pooled(encoder, [prefix + t for t in a], cache_dir, progress="sts a")
    vb = cached_pooled(encoder, [prefix + t for t in b], cache_dir, progress="sts b")
    return {how: float(spearmanr((normalized(va[how]) * normalized(vb[how])).sum(1), gold).statistic) * 100
            for how in POOLINGS}


def retrieval_recall(qvecs: dict[str, np.ndarray], pvecs: dict[str, np.ndarray], ranked_ids: Sequence[str],
                     gold: Sequence[Sequence[str]], groups: CourseGroups | None = None) -> dict[str, tuple[float, float]]:
    """(recall@1, recall@5) per pooling, cosine ranking of ``ranked_ids`` (one per passage row)."""
    out = {}
    for how in POOLINGS:
        scores = normalized(qvecs[how]) @ normalized(pvecs[how]).T
        best = top_k(scores, 5)
        ranked = [[ranked_ids[j] for j in row] for row in best]
        rates = hit_rates(ranked, gold, groups, (1, 5))
        out[how] = (rates[1], rates[5])
    return out


def run_pooling(encoder: Encoder, *, limit: int = 300, korquad: Path | None = None,
                sts: Sequence[tuple[str, Path]] | None = None, store: CourseStore | None = None,
                questions: Sequence[LabQuestion] = (), cache_dir: Path | None = None,
                query_prefix: str = "query: ", passage_prefix: str = "passage: ") -> PoolingReport:
    """Score CLS, mean and max pooling of ``encoder``.

    Args:
        encoder: The transformer to pool (:func:`~assistant.lab.encoder.load_encoder`).
        limit: KorQuAD questions (the first N; 0: all 5,774); the corpus is every paragraph
            of their articles.
        korquad: KorQuAD file (default :data:`KORQUAD_FILE`; absent: skipped, with a message).
        sts: ``(name, path)`` of STS files (default :data:`STS_FILES`; absent ones skipped).
        store: A database for the catalog columns (with ``questions``).
        questions: The catalog's questions with gold courses.
        cache_dir: Where pooled vectors are cached (``None``: no cache).
        query_prefix: Put before questions and STS sentences.
        passage_prefix: Put before paragraphs and course texts.
    """
    from ..evaluate.retrieval import load_sts

    korquad = KORQUAD_FILE if korquad is None else korquad
    sts = STS_FILES if sts is None else sts
    sts_scores: list[dict[str, float] | None] = []
    sts_pairs: list[int] = []
    for name, path in sts:
        if not Path(path).is_file():
            print(f"skipping {name}: {path} not found", file=sys.stderr)
            sts_scores.append(None)
            sts_pairs.append(0)
            continue
        a, b, gold = load_sts(Path(path))
        sts_scores.append(sts_spearman(encoder, a, b, gold, cache_dir, query_prefix))
        sts_pairs.append(len(gold))
    sts_scores += [None] * (2 - len(sts_scores))

    kq: dict[str, tuple[float, float]] = {}
    n_q = n_p = 0
    if Path(korquad).is_file():
        qs, gold_idx, paragraphs = korquad_subset(Path(korquad), limit)
        n_q, n_p = len(qs), len(paragraphs)
        qv = cached_pooled(encoder, [query_prefix + q for q in qs], cache_dir, progress="korquad questions")
        pv = cached_pooled(encoder, [passage_prefix + p for p in paragraphs], cache_dir,
                           progress="korquad paragraphs")
        kq = retrieval_recall(qv, pv, [str(i) for i in range(n_p)], [[str(g)] for g in gold_idx])
    else:
        print(f"skipping KorQuAD: {korquad} not found", file=sys.stderr)

    cat: dict[str, tuple[float, float]] = {}
    n_cq = n_cc = 0
    if store is not None and questions:
        groups = CourseGroups(store)
        reps = groups.representatives()
        courses = store.courses(reps)
        n_cq, n_cc = len(questions), len(reps)
        qv = cached_pooled(encoder, [query_prefix + q.question for q in questions], cache_dir,
                           progress="catalog questions")
        cv = cached_pooled(encoder, [passage_prefix + course_text(courses[r]) for r in reps], cache_dir,
                           progress="catalog courses")
        cat = retrieval_recall(qv, cv, reps, [q.gold_lecture_ids for q in questions], groups)

    rows = []
    for how in POOLINGS:
        k1, k5 = kq.get(how, (None, None))
        c1, c5 = cat.get(how, (None, None))
        s1, s2 = ((s or {}).get(how) for s in sts_scores[:2])
        rows.append(PoolingRow(how, s1, s2, k1, k5, c1, c5))
    return PoolingReport(tuple(rows), tuple(sts_pairs), n_q, n_p, n_cq, n_cc)
