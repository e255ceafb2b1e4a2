"""Hybrid retrieval: dense (FAISS) + Korean keyword (FTS5), fused, grouped by course.

For a question the retriever

1. embeds it (``query: `` prefix) and takes the nearest sentences from FAISS;
2. runs a BM25 keyword search over character bigrams of the sentences and titles;
3. fuses both ranked lists with reciprocal-rank fusion (RRF);
4. groups sentences by course, collapses sections that share one description (keeping all
   their lecture ids), and attaches the passage to read: the best sentence plus its
   neighbours.

:class:`Retriever` follows the Haystack component shape: configuration in ``__init__``,
lazy :meth:`Retriever.warm_up`, one typed :meth:`Retriever.run`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
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
    """A sentence id with its fused score and per-method ranks (internal to retrieval)."""

    sentence_id: int
    score: float
    dense_rank: int | None
    keyword_rank: int | None


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
        weights: RRF weights per method.
    """

    def __init__(self, store: CourseStore, embedder: TextEmbedder, index_path: Path, *,
                 candidates: int = 50, mode: str = "hybrid", keyword_mode: str = "bigram",
                 weights: dict[str, float] | None = None) -> None:
        if mode not in {"hybrid", "dense", "keyword"}:
            raise ValueError(f"unknown retrieval mode {mode!r}")
        self.store = store
        self.embedder = embedder
        self.index_path = Path(index_path)
        self.candidates = candidates
        self.mode = mode
        self.keyword_mode = keyword_mode
        self.weights = weights or {"dense": 1.0, "keyword": 1.0}
        self._index = None
        self._metric = "ip"

    @classmethod
    def from_settings(cls, settings: Settings, embedder: TextEmbedder | None = None,
                      **kwargs: object) -> "Retriever":
        """A retriever over ``settings.db_path`` (raises if the database is missing)."""
        if not Path(settings.db_path).exists():
            raise IndexMissingError(
                f"no database at {settings.db_path}: run `python -m assistant ingest FILE`")
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
        self._index = load_index(self.index_path, meta.get("index_checksum"))
        self._metric = meta.get("metric", "ip")
        if "dimension" in meta and int(meta["dimension"]) != self._index.d:
            raise StaleIndexError(f"{self.index_path} has dimension {self._index.d}, "
                                  f"the database expects {meta['dimension']}: rebuild it")
        if self.mode != "keyword":
            dim = self.embedder.dimension
            if dim != self._index.d:
                raise StaleIndexError(
                    f"the embedder makes {dim}-d vectors but the index holds {self._index.d}-d "
                    "ones: run `python -m assistant build`")

    def rank_sentences(self, question: str, filters: Filters | None = None,
                       query_vector: np.ndarray | None = None) -> list[RankedSentence]:
        """Fused sentence ranking for ``question`` (before grouping by course)."""
        self.warm_up()
        rankings: dict[str, list[int]] = {}
        allowed = None
        if filters is not None and not filters.is_empty():
            allowed = np.asarray(self.store.sentence_ids(filters), dtype=np.int64)
        if self.mode in {"hybrid", "dense"}:
            vec = query_vector if query_vector is not None else self.embedder.run([question], query=True)[0]
            dense = search(self._index, vec, self.candidates, allowed, self._metric)
            rankings["dense"] = [sid for sid, _ in dense]
        if self.mode in {"hybrid", "keyword"}:
            keyword = self.store.keyword_search(question, self.candidates, filters, self.keyword_mode)
            rankings["keyword"] = [sid for sid, _ in keyword]
        return reciprocal_rank_fusion(rankings, self.weights)

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
        ranked = self.rank_sentences(question, filters, query_vector)
        if not ranked:
            return []
        rows = self.store.sentences_with_courses([r.sentence_id for r in ranked])
        groups: dict[str, list[SentenceMatch]] = {}
        courses: dict[str, Course] = {}
        order: list[str] = []
        for r in ranked:
            if r.sentence_id not in rows:
                continue  # deleted since the index was built; the checksum normally prevents it
            sentence, course = rows[r.sentence_id]
            key = course.lecture_id
            if key not in groups:
                groups[key] = []
                courses[key] = course
                order.append(key)
            groups[key].append(SentenceMatch(sentence, r.score, r.dense_rank, r.keyword_rank))
        sections = self.store.sections(order)
        hits: list[Hit] = []
        seen: set[str] = set()
        for lid in order:
            if lid in seen:
                continue
            # sections sharing this description collapse into this hit
            siblings = sections[lid]
            merged = [m for sib in siblings for m in groups.get(sib, [])]
            seen.update(siblings)
            own = [m for m in merged if m.sentence.lecture_id == lid]
            best_by_pos: dict[int, SentenceMatch] = {}
            for m in sorted(merged, key=lambda m: -m.score):
                best_by_pos.setdefault(m.sentence.position, m)
            matches = tuple(sorted(best_by_pos.values(), key=lambda m: -m.score))
            course_sentences = self.store.course_sentences(lid)
            start, end = passage_bounds(course_sentences, [m.sentence.position for m in matches])
            # report matches as this course's own sentences so ids and offsets agree
            by_pos = {s.position: s for s in course_sentences}
            matches = tuple(
                m if m in own else SentenceMatch(by_pos[m.sentence.position], m.score,
                                                 m.dense_rank, m.keyword_rank)
                for m in matches if m.sentence.position in by_pos)
            covered = tuple(s for s in course_sentences if start <= s.start and s.end <= end)
            hits.append(Hit(courses[lid], matches[0].score, matches, start, end, siblings, covered))
            if len(hits) >= top_k:
                break
        return hits
