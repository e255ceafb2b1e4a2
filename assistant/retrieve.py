"""Hybrid retrieval: dense (FAISS) + Korean keyword (FTS5), fused, grouped by course.

For a question the retriever

1. embeds it (``query: `` prefix) and takes the nearest sentences from FAISS;
2. runs a BM25 keyword search over character bigrams of the sentences and titles;
3. fuses both lists: each method's scores are min-max normalized over its candidates and a
   course scores ``sum_m w_m * max_{sentence in course} norm_m(sentence)`` (convex fusion;
   reciprocal-rank fusion is available as ``fusion="rrf"``; ``python -m assistant eval
   retrieval`` prints both); the course-level vectors (title and description) add a third
   method at the course level;
4. groups sentences by course, collapses sections that share one description (keeping all
   their lecture ids), and attaches the passage to read: the best sentence plus its
   neighbours.

:class:`Retriever` follows the Haystack component shape: configuration in ``__init__``,
lazy :meth:`Retriever.warm_up`, one typed :meth:`Retriever.run`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .embed import Embedder, TextEmbedder
from .errors import IndexMissingError, StaleIndexError
from .index import load_index, search
from .records import Course, Hit, Sentence, SentenceMatch
from .settings import Settings
from .store import CourseStore, Filters

RRF_K = 60  # the constant from Cormack et al. (2009); robust across collections


@dataclass(frozen=True)
class RankedSentence:
    """A sentence id with its fused score and per-method ranks (internal to retrieval).

    ``method_scores`` holds each method's weighted, normalized contribution (convex
    fusion) so a course can take the best sentence of each method separately.
    """

    sentence_id: int
    score: float
    dense_rank: int | None
    keyword_rank: int | None
    method_scores: tuple[tuple[str, float], ...] = ()
    dense: float | None = None


def convex_fusion(scored: dict[str, list[tuple[int, float]]],
                  weights: dict[str, float] | None = None) -> list[RankedSentence]:
    """Fuse scored id lists: ``score(id) = sum_m w_m * minmax_m(score_m(id))``.

    Each method's scores are min-max normalized over its own candidates (a single candidate
    normalizes to 1), so BM25 and cosine scales do not matter; an id missing from a list
    contributes 0 for that method.

    Args:
        scored: Method name -> ``(id, score)`` pairs, best first.
        weights: Per-method weights (default 0.5 each).

    Returns:
        Fused results, best first (ties broken by the dense rank, then the id).
    """
    weights = weights or {}
    contributions: dict[int, dict[str, float]] = defaultdict(dict)
    ranks: dict[str, dict[int, int]] = {}
    for method, pairs in scored.items():
        ranks[method] = {}
        if not pairs:
            continue
        values = [v for _, v in pairs]
        lo, hi = min(values), max(values)
        w = weights.get(method, 0.5)
        for rank, (sid, value) in enumerate(pairs, start=1):
            if sid in ranks[method]:
                continue
            ranks[method][sid] = rank
            contributions[sid][method] = w * ((value - lo) / (hi - lo) if hi > lo else 1.0)
    fused = [
        RankedSentence(sid, sum(parts.values()), ranks.get("dense", {}).get(sid),
                       ranks.get("keyword", {}).get(sid), tuple(sorted(parts.items())))
        for sid, parts in contributions.items()
    ]
    fused.sort(key=lambda r: (-r.score, r.dense_rank or 10**9, r.sentence_id))
    return fused


def reciprocal_rank_fusion(rankings: dict[str, list[int]], weights: dict[str, float] | None = None,
                           k: int = RRF_K) -> list[RankedSentence]:
    """Fuse ranked id lists: ``score(id) = sum_m w_m / (k + rank_m(id))``.

    Args:
        rankings: Method name (``"dense"``, ``"keyword"``) -> ids, best first.
        weights: Per-method weights (default 1.0 each).
        k: The RRF constant.

    Returns:
        Fused results, best first (ties broken by the dense rank, then the id).
    """
    weights = weights or {}
    scores: dict[int, float] = defaultdict(float)
    ranks: dict[str, dict[int, int]] = {}
    for method, ids in rankings.items():
        ranks[method] = {}
        for rank, sid in enumerate(ids, start=1):
            if sid in ranks[method]:
                continue
            ranks[method][sid] = rank
            scores[sid] += weights.get(method, 1.0) / (k + rank)
    fused = [
        RankedSentence(sid, score, ranks.get("dense", {}).get(sid), ranks.get("keyword", {}).get(sid))
        for sid, score in scores.items()
    ]
    fused.sort(key=lambda r: (-r.score, r.dense_rank or 10**9, r.sentence_id))
    return fused


def passage_bounds(sentences: list[Sentence], matched_positions: list[int],
                   neighbours: int = 1) -> tuple[int, int]:
    """Character span of the best sentence and its ``neighbours`` on each side, extended
    to the other matched sentences that lie within that window's reach."""
    if not sentences:
        return 0, 0
    by_pos = {s.position: s for s in sentences}
    best = matched_positions[0]
    lo, hi = best - neighbours, best + neighbours
    for p in matched_positions[1:]:
        if lo - neighbours <= p <= hi + neighbours:
            lo, hi = min(lo, p), max(hi, p)
    positions = [p for p in sorted(by_pos) if lo <= p <= hi]
    return by_pos[positions[0]].start, by_pos[positions[-1]].end


class Retriever:
    """Finds the courses (and sentences) that answer a question.

    Args:
        store: The catalog database.
        embedder: Query embedder (must be the model the index was built with).
        index_path: The FAISS file beside the database.
        candidates: How many sentences each method contributes before fusion.
        mode: ``"hybrid"`` (default), ``"dense"`` or ``"keyword"``.
        keyword_mode: ``"bigram"`` (default) or ``"trigram"`` FTS5 table.
        fusion: ``"convex"`` (default, normalized scores) or ``"rrf"`` (ranks).
        weights: Per-method weights (convex: 0.5 each; RRF: 1.0 each).
        neighbours: Sentences on each side of the best one that the passage includes.
        milvus_uri: With a database built for Milvus: the server URI or Milvus Lite folder
            (default: the one recorded at build time, else a Milvus Lite folder beside it).
    """

    def __init__(self, store: CourseStore, embedder: TextEmbedder, index_path: Path, *,
                 candidates: int = 50, mode: str = "hybrid", keyword_mode: str = "bigram",
                 fusion: str = "convex", weights: dict[str, float] | None = None,
                 neighbours: int = 1, course_candidates: int = 30, milvus_uri: str = "") -> None:
        self.course_candidates = course_candidates
        self.neighbours = neighbours
        if mode not in {"hybrid", "dense", "keyword"}:
            raise ValueError(f"unknown retrieval mode {mode!r}")
        if fusion not in {"convex", "rrf"}:
            raise ValueError(f"unknown fusion {fusion!r} (use 'convex' or 'rrf')")
        self.fusion = fusion
        self.store = store
        self.embedder = embedder
        self.index_path = Path(index_path)
        self.milvus_uri = milvus_uri
        self.candidates = candidates
        self.mode = mode
        self.keyword_mode = keyword_mode
        default = 0.5 if fusion == "convex" else 1.0
        self.weights = weights or {"dense": default, "keyword": default, "course": default}
        self._index = None
        self._metric = "ip"
        self._course_ids: list[str] = []
        self._course_vectors = np.zeros((0, 0), dtype=np.float32)

    @classmethod
    def from_settings(cls, settings: Settings, embedder: TextEmbedder | None = None,
                      **kwargs: object) -> "Retriever":
        """A retriever over ``settings.db_path`` (raises if the database is missing)."""
        if not Path(settings.db_path).exists():
            raise IndexMissingError(
                f"no database at {settings.db_path}: run `python -m assistant ingest FILE`")
        kwargs.setdefault("milvus_uri", settings.milvus_uri)
        return cls(CourseStore(settings.db_path), embedder or Embedder.from_settings(settings),
                   settings.index_path, **kwargs)  # type: ignore[arg-type]

    def warm_up(self) -> None:
        """Load and check the FAISS index and the embedder.

        Raises:
            IndexMissingError: No index yet.
            StaleIndexError: The index or the configured model does not match the database.
        """
        if self._index is not None:
            return
        meta = self.store.get_meta()
        model_id = getattr(self.embedder, "model_id", None)
        if meta.get("embedding_model") and model_id and meta["embedding_model"] != model_id:
            raise StaleIndexError(
                f"the index was built with '{meta['embedding_model']}' but the configured model is "
                f"'{model_id}': run `python -m assistant build` to re-embed")
        # checked before it is kept: a refused index must stay refused on the next call
        if meta.get("vector_backend") == "milvus":
            from .milvus import MilvusIndex, resolve_uri

            # the setting wins; else where the database was built or exported to
            uri = resolve_uri(self.milvus_uri or meta.get("milvus_uri", ""), self.index_path)
            index = MilvusIndex(uri, meta.get("milvus_collection", ""), int(meta.get("index_size", -1)),
                                meta.get("metric", "ip"))
        else:
            index = load_index(self.index_path, meta.get("index_checksum"))
        if "dimension" in meta and int(meta["dimension"]) != index.d:
            raise StaleIndexError(f"{self.index_path} has dimension {index.d}, "
                                  f"the database expects {meta['dimension']}: rebuild it")
        if self.mode != "keyword":
            dim = self.embedder.dimension
            if dim != index.d:
                raise StaleIndexError(
                    f"the embedder makes {dim}-d vectors but the index holds {index.d}-d "
                    "ones: run `python -m assistant build`")
        self._metric = meta.get("metric", "ip")
        self._course_ids, self._course_vectors = self.store.all_course_vectors()
        if self._course_vectors.size and self._course_vectors.shape[1] != index.d:
            self._course_ids, self._course_vectors = [], np.zeros((0, 0), dtype=np.float32)
        self._index = index

    def rank_sentences(self, question: str, filters: Filters | None = None,
                       query_vector: np.ndarray | None = None) -> list[RankedSentence]:
        """Fused sentence ranking for ``question`` (before grouping by course)."""
        self.warm_up()
        scored: dict[str, list[tuple[int, float]]] = {}
        if self.mode in {"hybrid", "dense"}:
            vec = query_vector if query_vector is not None else self.embedder.run([question], query=True)[0]
            if getattr(self._index, "runs_filters", False):  # Milvus: the filters run in the engine
                scored["dense"] = self._index.search(vec, self.candidates, filters)
            else:
                allowed = None
                if filters is not None and not filters.is_empty():
                    allowed = np.asarray(self.store.sentence_ids(filters), dtype=np.int64)
                scored["dense"] = search(self._index, vec, self.candidates, allowed, self._metric)
        if self.mode in {"hybrid", "keyword"}:
            scored["keyword"] = self.store.keyword_search(question, self.candidates, filters,
                                                          self.keyword_mode)
        if self.fusion == "rrf":
            fused = reciprocal_rank_fusion({m: [sid for sid, _ in pairs] for m, pairs in scored.items()},
                                           self.weights)
        else:
            fused = convex_fusion(scored, self.weights)
        cosines = {sid: self._cosine(v) for sid, v in scored.get("dense", [])}
        return [replace(r, dense=cosines.get(r.sentence_id)) for r in fused]

    def _cosine(self, score: float) -> float:
        """A dense search score as a cosine (L2 distances of unit vectors converted)."""
        return float(score) if self._metric == "ip" else 1.0 + float(score) / 2.0

    def course_scores(self, query_vector: np.ndarray | None, filters: Filters | None = None
                      ) -> tuple[dict[str, float], dict[str, float]]:
        """Course-level similarity of the question to every course: ``(cosine, z)`` by
        lecture id, ``z`` being the cosine in standard deviations above the mean over the
        whole catalog (empty without course vectors or a query vector)."""
        if query_vector is None or not self._course_ids:
            return {}, {}
        cos = self._course_vectors @ np.asarray(query_vector, dtype=np.float32).reshape(-1)
        mean, std = float(cos.mean()), float(cos.std()) or 1.0
        order = np.argsort(-cos)
        allowed = None
        if filters is not None and not filters.is_empty():
            allowed = set(self.store.course_ids(filters))
        top: dict[str, float] = {}
        for i in order:
            lid = self._course_ids[int(i)]
            if allowed is None or lid in allowed:
                top[lid] = float(cos[i])
            if len(top) >= self.course_candidates:
                break
        return top, {lid: (c - mean) / std for lid, c in top.items()}

    def run(self, question: str, top_k: int = 5, filters: Filters | None = None,
            query_vector: np.ndarray | None = None) -> list[Hit]:
        """Retrieve the courses that best match ``question``.

        Args:
            question: The user's question.
            top_k: Number of courses (after collapsing shared-description sections).
            filters: Department / credits / course-type restrictions.
            query_vector: A precomputed query embedding (evaluation batches queries).

        Returns:
            Hits sorted by score, each course once, with its best sentences and passage.
        """
        self.warm_up()
        if self.mode != "keyword" and query_vector is None:
            query_vector = self.embedder.run([question], query=True)[0]
        ranked = self.rank_sentences(question, filters, query_vector)
        course_cos, course_z = self.course_scores(query_vector, filters) if self.mode == "hybrid" else ({}, {})
        if not ranked and not course_cos:
            return []
        rows = self.store.sentences_with_courses([r.sentence_id for r in ranked])
        courses: dict[str, Course] = {}
        found: dict[str, list[tuple[RankedSentence, Sentence]]] = {}
        for r in ranked:
            if r.sentence_id not in rows:
                continue  # deleted since the index was built; the checksum normally prevents it
            sentence, course = rows[r.sentence_id]
            courses.setdefault(course.lecture_id, course)
            found.setdefault(course.lecture_id, []).append((r, sentence))
        # courses found only by their course-level vector: their best sentences by cosine
        extra = [lid for lid in course_cos if lid not in found]
        if extra and query_vector is not None:
            rows_extra = self.store.courses(extra)
            for lid, items in self._sentences_by_cosine(extra, query_vector).items():
                courses[lid] = rows_extra[lid]
                found[lid] = items
        # sections sharing one description collapse into the first-found section's hit
        sections = self.store.sections(list(found))
        representative: dict[str, str] = {}
        for lid in found:
            if lid not in representative:
                for sibling in sections[lid]:
                    representative.setdefault(sibling, lid)
        groups: dict[str, list[tuple[RankedSentence, Sentence]]] = {}
        for lid, items in found.items():
            groups.setdefault(representative[lid], []).extend(items)
        course_part = self._course_part(course_cos)
        scores = {lid: self._course_score(items) + course_part.get(lid, 0.0) for lid, items in groups.items()}
        ordered = sorted(groups, key=lambda lid: -scores[lid])[:top_k]
        return [self._hit(courses[lid], groups[lid], sections[lid], scores[lid],
                          course_cos.get(lid), course_z.get(lid)) for lid in ordered]

    def _course_part(self, course_cos: dict[str, float]) -> dict[str, float]:
        """The course-level method's fused contribution (min-max over its candidates)."""
        if not course_cos or self.fusion != "convex":
            return {}
        lo, hi = min(course_cos.values()), max(course_cos.values())
        w = self.weights.get("course", 0.0)
        return {lid: w * ((c - lo) / (hi - lo) if hi > lo else 1.0) for lid, c in course_cos.items()}

    def _sentences_by_cosine(self, lecture_ids: list[str], query_vector: np.ndarray
                             ) -> dict[str, list[tuple[RankedSentence, Sentence]]]:
        """Sentences of ``lecture_ids`` with their cosine to the question, best first."""
        out: dict[str, list[tuple[RankedSentence, Sentence]]] = {}
        q = np.asarray(query_vector, dtype=np.float32).reshape(-1)
        for lid in lecture_ids:
            sentences = self.store.course_sentences(lid)
            vectors = self.store.vectors_for([x.id for x in sentences if x.id is not None])
            items = []
            for x in sentences:
                v = vectors.get(x.id)  # type: ignore[arg-type]
                if v is None or v.shape != q.shape:
                    continue
                cos = float(v @ q)
                items.append((RankedSentence(x.id, 0.0, None, None, (), cos), x))  # type: ignore[arg-type]
            items.sort(key=lambda item: -(item[0].dense or 0.0))
            if items:
                out[lid] = items[:3]
        return out

    def _course_score(self, items: list[tuple[RankedSentence, Sentence]]) -> float:
        """A course's score: each method's best sentence, combined (convex); or the best
        fused sentence score (RRF)."""
        if self.fusion == "rrf":
            return max(r.score for r, _ in items)
        best: dict[str, float] = defaultdict(float)
        for r, _ in items:
            for method, value in r.method_scores:
                best[method] = max(best[method], value)
        return sum(best.values())

    def _hit(self, course: Course, items: list[tuple[RankedSentence, Sentence]],
             lecture_ids: tuple[str, ...], score: float, course_cosine: float | None,
             course_z: float | None) -> Hit:
        """Assemble a hit: the course's best sentence per position, and its passage."""
        course_sentences = self.store.course_sentences(course.lecture_id)
        by_pos = {s.position: s for s in course_sentences}
        best_by_pos: dict[int, RankedSentence] = {}
        dense_by_pos: dict[int, float] = {}
        for r, sentence in sorted(items, key=lambda item: (-item[0].score, -(item[0].dense or 0.0))):
            best_by_pos.setdefault(sentence.position, r)
            if r.dense is not None:
                dense_by_pos[sentence.position] = max(dense_by_pos.get(sentence.position, -1.0), r.dense)
        # report matches as this course's own sentences, so ids and offsets agree even when
        # a shared-description section matched
        matches = tuple(
            SentenceMatch(by_pos[pos], r.score, r.dense_rank, r.keyword_rank, dense_by_pos.get(pos))
            for pos, r in sorted(best_by_pos.items(), key=lambda kv: -kv[1].score) if pos in by_pos)
        start, end = passage_bounds(course_sentences, [m.sentence.position for m in matches],
                                    self.neighbours)
        covered = tuple(s for s in course_sentences if start <= s.start and s.end <= end)
        return Hit(course, score, matches, start, end, lecture_ids, covered, course_cosine, course_z)
