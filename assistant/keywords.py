"""Korean keyword search over the catalog's sentences: the terms a text is searched by
(:func:`korean_ngrams`) and BM25 over the FTS5 tables, restricted to the rarest terms so a
large catalog stays fast (:class:`KeywordSearch`, part of :class:`~assistant.store.CourseStore`)."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .store import Filters

_WORD = re.compile(r"[가-힣ㄱ-ㅎㅏ-ㅣ]+|[一-鿿]+|[A-Za-z]+|[0-9]+(?:\.[0-9]+)?")


def korean_ngrams(text: str) -> list[str]:
    """Keyword terms for Korean text: character bigrams of Hangul/CJK runs, whole Latin
    words (lowercased) and numbers.

    Korean attaches particles and endings to nouns (``문학비평을``), so whitespace words do
    not match across forms; overlapping bigrams (``문학 학비 비평 평을``) do, and they catch
    the many two-syllable nouns that SQLite's trigram tokenizer cannot.
    """
    terms: list[str] = []
    for match in _WORD.finditer(unicodedata.normalize("NFKC", text).lower()):
        word = match.group()
        if word[0].isascii():
            terms.append(word)
        elif len(word) == 1:
            terms.append(word)
        else:
            terms += [word[i : i + 2] for i in range(len(word) - 1)]
    return terms


KEYWORD_POSTINGS = 20_000
"""Matching sentences one keyword search may score, at most (its rarest bigrams first).
Measured with ``bench/million.py``: at 1M sentences FTS5 takes 0.9 s p95 with every bigram
of the question and about 50 ms within this budget; a catalog of a few thousand courses
rarely reaches it."""


class KeywordSearch:
    """BM25 keyword search over sentences, for a store that has a ``conn``."""

    conn: sqlite3.Connection

    def keyword_search(self, query: str, limit: int = 50, filters: Filters | None = None,
                       mode: str = "bigram") -> list[tuple[int, float]]:
        """BM25 keyword search over sentences (and their course titles).

        Args:
            query: The user's question, as typed.
            limit: Maximum number of results.
            filters: Course restrictions.
            mode: ``"bigram"`` (default) or ``"trigram"``.

        Returns:
            ``(sentence_id, score)`` pairs, best first (score = -bm25, higher is better).
        """
        if mode == "bigram":
            terms = self._rarest(list(dict.fromkeys(t.replace('"', "") for t in korean_ngrams(query) if t.strip())))
            table = "sentences_bigram"
        elif mode == "trigram":
            words = [w for w in re.findall(r"\w+", unicodedata.normalize("NFKC", query))]
            terms = [w[i : i + 3] for w in words for i in range(max(len(w) - 2, 0))]
            table = "sentences_trigram"
        else:
            raise ValueError(f"unknown keyword mode {mode!r} (use 'bigram' or 'trigram')")
        terms = list(dict.fromkeys(t.replace('"', "") for t in terms if t.strip()))
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        if filters is None or filters.is_empty():  # no join to make: half the time at scale
            rows = self.conn.execute(
                f"SELECT rowid, -bm25({table}, 1.0, 0.5) FROM {table} WHERE {table} MATCH ? "
                f"ORDER BY bm25({table}, 1.0, 0.5) LIMIT ?", [match, limit]).fetchall()
            return [(int(r[0]), float(r[1])) for r in rows]
        cond, params = filters.sql()
        rows = self.conn.execute(
            f"SELECT f.rowid, -bm25({table}, 1.0, 0.5) AS score FROM {table} f "
            f"JOIN sentences s ON s.id = f.rowid JOIN courses c ON c.lecture_id = s.lecture_id "
            f"WHERE {table} MATCH ? AND {cond} ORDER BY bm25({table}, 1.0, 0.5) LIMIT ?",
            [match, *params, limit]).fetchall()
        return [(int(r[0]), float(r[1])) for r in rows]

    def _rarest(self, terms: list[str]) -> list[str]:
        """The question's bigrams that occur in the catalog, rarest first, for at most
        :data:`KEYWORD_POSTINGS` matching sentences in all: a common bigram ("수업", "있어")
        adds little to BM25 but, in a large catalog, most of the search time."""
        if not terms:
            return []
        marks = ",".join("?" * len(terms))
        try:
            counts = dict(self.conn.execute(
                f"SELECT term, doc FROM sentences_bigram_vocab WHERE term IN ({marks})", terms).fetchall())
        except sqlite3.OperationalError:  # opened read-only before the table existed: every term
            return terms
        kept, total = [], 0
        for term in sorted((t for t in terms if t in counts), key=lambda t: counts[t]):
            if kept and total + counts[term] > KEYWORD_POSTINGS:
                break
            kept.append(term)
            total += counts[term]
        # a term the vocabulary does not list as such (the tokenizer splits it) still matches
        return kept + [t for t in terms if t not in counts]
