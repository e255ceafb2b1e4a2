"""Question -> :class:`~assistant.records.Answer`: the product as a student meets it.

:class:`Assistant` follows the Haystack component shape (configuration in ``__init__``,
lazy :meth:`Assistant.warm_up`, one typed :meth:`Assistant.ask`) and only orchestrates:

1. **validate** the question (empty, too long, no words) -> ``"error"``; a greeting or
   thanks alone is answered in kind -> ``"none"``;
2. **resolve the course** the question is about (:meth:`CourseResolver.resolve`): a lecture id or
   catalog title written in it, or the course under discussion for a follow-up; a field
   asked of no course at all ("몇 학점이야?") asks which course -> ``"none"``;
3. **catalog fields** the question asks for (:func:`~assistant.question.asked_fields`) are
   answered from that course's row -> ``"field"``; a field the catalog lacks is looked for in
   the description, else said to be missing -> ``"none"``;
4. a named course with nothing asked about it ("X", "X는 어떤 수업이야?") is shown ->
   ``"lookup"``; a question about it is **read** in its whole description -> ``"span"``, or
   said plainly to be unanswerable from the catalog -> ``"none"``
   (:class:`~assistant.about.CourseAnswers`); courses named together are each answered;
5. otherwise **search** (:class:`~assistant.lookup.CourseLookup`: retrieve, decide
   relevance) -> a list of matching courses (``"lookup"``, hedged when middling), a span read
   from them, or ``"none"`` (also when a search names no topic: "교양 추천해줘"); the last
   search asked again lists its courses not listed yet ("다른 건 없어?") or those that fit
   ("그 중에 교양은?").

Messages come from :mod:`assistant.reply`. Nothing here raises to the UI: every failure
becomes an ``"error"`` Answer with a Korean message.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from . import lists, reply
from .about import CourseAnswers, SpanReader
from .browse import CourseBrowser
from .errors import AssistantError, IndexMissingError, StaleIndexError
from .lookup import CourseLookup
from .question import (FIELD_ORDER, LETTERS, MAX_QUESTION_CHARS, asked_fields, content_words, normalize_question,
                       refers_back, small_talk)
from .records import Answer, Resolution
from .relevance import Relevance
from .resolve import MAX_JOINED, CourseResolver
from .settings import Settings
from .store import CourseStore, Filters
from .words import CatalogWords

log = logging.getLogger(__name__)


def check_length(question: object, max_chars: int = MAX_QUESTION_CHARS) -> Answer | None:
    """The checks that need no database: empty and too long (done before any other work
    on a possibly huge string). Returns the ``"error"`` answer, or ``None`` when fine."""
    raw = question if isinstance(question, str) else ("" if question is None else str(question))
    if not raw or not raw.strip():
        return reply.error_answer(raw, "", reply.MSG_EMPTY)
    length = len(raw.strip())
    if length > max_chars:
        return reply.error_answer(raw, "", reply.MSG_TOO_LONG.format(limit=max_chars, length=length))
    return None


class Assistant:
    """Answers students' questions about the course catalog.

    Args:
        retriever: The hybrid retriever (:class:`~assistant.retrieve.Retriever`).
        reader: The extractive reader (``assistant.read.Reader``), or ``None`` to answer
            from catalog fields and course lists only.
        store: The catalog database (default: the retriever's).
        relevance: The lookup decision (default thresholds: :class:`Relevance`).
        top_k: Courses retrieved per question.
        reader_top_k: Spans asked from the reader.
        max_chars: Longest question accepted.
        max_listed: Courses listed in a ``"lookup"`` answer.
        named_threshold: The reader's span threshold for a course the student named (the
            answer is far more likely in its description than in an open search), or
            ``None`` for the reader's own.
        quote_max_share: Below that threshold, a sentence holding every word asked about is
            quoted if one of the words is in at most this share of the catalog's courses.
    """

    def __init__(self, retriever: Any, reader: SpanReader | None, store: CourseStore | None = None, *,
                 relevance: Relevance | None = None, top_k: int = 5, reader_top_k: int = 3,
                 max_chars: int = MAX_QUESTION_CHARS, max_listed: int = 5,
                 named_threshold: float | None = None, quote_max_share: float = Settings.quote_max_share) -> None:
        self.named_threshold = named_threshold
        self.quote_max_share = quote_max_share
        self.retriever = retriever
        self.reader = reader
        self.store: CourseStore = store if store is not None else retriever.store
        self._lookup: CourseLookup | None = None  # open searches, made at warm-up
        self.relevance = relevance or Relevance()
        self.top_k = top_k
        self.reader_top_k = reader_top_k
        self.max_chars = max_chars
        self.max_listed = max_listed
        self._reader_error: str | None = None  # the reader failed to load
        self._lock = threading.Lock()  # loading only: answers run side by side
        self._serial = contextlib.nullcontext() if getattr(self.store, "concurrent", False) else threading.Lock()
        self._resolver: CourseResolver | None = None
        self._about: CourseAnswers | None = None  # questions about one course, made at warm-up

    @property
    def relevance(self) -> Relevance:
        """The lookup decision; set it after warm-up and the next search decides by it
        (``bench/relevance_threshold.py`` asks one warmed-up assistant at every grid point)."""
        return self._relevance

    @relevance.setter
    def relevance(self, relevance: Relevance) -> None:
        self._relevance = relevance
        if self._lookup is not None:
            self._lookup.relevance = relevance

    @classmethod
    def from_settings(cls, settings: Settings, *, reader: SpanReader | None = None,
                      embedder: Any = None, **kwargs: Any) -> "Assistant":
        """An assistant over ``settings.db_path`` with the configured models.

        Raises:
            IndexMissingError: No database.
        """
        from .read import Reader
        from .retrieve import Retriever

        retriever = Retriever.from_settings(settings, embedder)
        relevance = Relevance(settings.match_z, settings.hedge_z, settings.match_dense, settings.min_presence)
        kwargs.setdefault("named_threshold", settings.named_threshold)
        kwargs.setdefault("quote_max_share", settings.quote_max_share)
        return cls(retriever, reader if reader is not None else Reader.from_settings(settings),
                   retriever.store, relevance=relevance, **kwargs)

    def warm_up(self) -> None:
        """Load the index, the embedder, the reader, the course titles and the words of the catalog (once).

        Raises:
            IndexMissingError, StaleIndexError: The index is not usable.
        """
        if self._resolver is not None:
            return
        with self._lock:
            if self._resolver is not None:
                return
            self.retriever.warm_up()
            if self.reader is not None and hasattr(self.reader, "warm_up"):
                try:
                    self.reader.warm_up()
                except AssistantError as exc:
                    self._reader_error = str(exc)
                    log.warning("reader unavailable (%s); answering without spans", exc)
                    self.reader = None
            courses = self.store.courses()
            words = CatalogWords(courses.values())
            resolver = CourseResolver(courses, words)
            resolver.abbreviations.warm_up()  # the catalog's words, read once before the first question
            resolver.prerequisites.warm_up()
            self._about = CourseAnswers(self.store, self.reader, resolver, named_threshold=self.named_threshold,
                                        quote_max_share=self.quote_max_share, reader_top_k=self.reader_top_k,
                                        words=words)
            browser = CourseBrowser(courses, resolver.terms, self._about.course_hit, self.max_listed)
            self._lookup = CourseLookup(self.retriever, self.relevance, resolver, words, self._about, browser,
                                        top_k=self.top_k, max_listed=self.max_listed,
                                        quote_max_share=self.quote_max_share)
            self._resolver = resolver

    @property
    def reader_error(self) -> str | None:
        """Why answers come without spans: the reader failed to load or to run; ``None`` if it works."""
        return self._reader_error or (self._about.reader_error if self._about is not None else None)

    def filter_choices(self) -> dict[str, list[Any]]:
        """Distinct departments, credits and course types (for the UI's filters)."""
        with self._serial:
            return {col: self.store.distinct_values(col) for col in ("department", "credits", "course_type")}

    # ----------------------------------------------------------------------- the entry point
    def ask(self, question: str, history: Sequence[Any] | None = None,
            filters: Filters | None = None) -> Answer:
        """Answer one question; never raises (failures are ``kind == "error"``).

        Args:
            question: The question as typed.
            history: Earlier turns: :class:`Answer` objects (best), ``(user, bot)`` pairs or
                ``{"role", "content"}`` messages (Gradio). Used to resolve follow-ups.
            filters: Department / credits / course-type restrictions.
        """
        raw = question if isinstance(question, str) else ("" if question is None else str(question))
        early = check_length(raw, self.max_chars)
        if early is not None:
            return early
        q = normalize_question(raw)
        try:
            self.warm_up()
            with self._serial:  # only where the store has a single connection
                answer = self._answer(raw, q, history or (), filters)
            self._resolver.remember(answer)  # type: ignore[union-attr]
            return answer
        except IndexMissingError as exc:
            log.error("index missing: %s", exc)
            return reply.error_answer(raw, q, reply.MSG_INDEX_MISSING)
        except StaleIndexError as exc:
            log.error("stale index: %s", exc)
            return reply.error_answer(raw, q, reply.MSG_INDEX_STALE)
        except AssistantError as exc:
            log.error("assistant error: %s", exc)
            return reply.error_answer(raw, q, reply.MSG_FAILED.format(reason=exc))
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):  # another program writes the database
                log.warning("database busy: %s", exc)
                return reply.error_answer(raw, q, reply.MSG_BUSY)
            log.exception("database error answering %r", q[:200])
            return reply.error_answer(raw, q, reply.MSG_FAILED.format(reason=type(exc).__name__))
        except Exception as exc:  # noqa: BLE001 - the UI must always get an answer
            log.exception("unexpected error answering %r", q[:200])
            return reply.error_answer(raw, q, reply.MSG_FAILED.format(reason=type(exc).__name__))

    __call__ = ask

    # ----------------------------------------------------------------------- the pipeline
    def _answer(self, raw: str, q: str, history: Sequence[Any], filters: Filters | None) -> Answer:
        assert self._resolver is not None
        r = self._resolver.resolve(q, history, filters)
        answer = self._respond(raw, q, r, history, filters)
        if r.spelled and answer.kind != "error":  # "운체" read as 운영체제
            notes = [lists.shortened_note(word, [self._resolver.courses[lid].title]) for word, lid in r.spelled]
            answer = replace(answer, message="\n".join([*notes, answer.message]))
        if r.target in self._resolver.courses and answer.kind != "error":  # "설계패턴(25-1 폐지) 몇 학점이야?"
            answer = reply.with_closed_note(answer, self._resolver.courses[r.target])  # type: ignore[index]
        if r.unknown and answer.kind != "error" and (r.narrow or not r.again):  # "2학년 …" where no course has a year
            answer = replace(answer, message=f"{answer.message}\n{lists.unknown_note(r.unknown)}")
        return answer

    def _respond(self, raw: str, q: str, r: Resolution, history: Sequence[Any], filters: Filters | None) -> Answer:
        assert self._resolver is not None and self._about is not None
        if not LETTERS.search(q) and not r.lecture_ids:
            return reply.error_answer(raw, q, reply.MSG_NO_WORDS)
        chat = small_talk(q) if not r.lecture_ids and not r.named else None
        if chat:  # "안녕하세요", "고마워요": nothing to look up (unless a course is called that)
            return reply.small_talk_answer(raw, chat)
        if r.shortened:  # "일물": which course, asked back
            hits = [self._about.course_hit(i) for i in r.shortened[1][:self.max_listed]]
            if r.fields and len(hits) <= MAX_JOINED:  # "일물 몇 학점이야?": each one's answered
                answers = [self._about.run(raw, q, r.fields, h) for h in hits]
                return lists.joined_answer(raw, q, answers, hits, lead=lists.shortened_note(r.shortened[0], hits))
            return lists.shortened_answer(raw, r.shortened[0], hits)
        resolved, fields, titles, discovery, pointed = r.question, list(r.fields), r.titles, r.discovery, r.pointed
        if r.target is not None and not discovery:
            hit = self._about.course_hit(r.target)
            if r.leads_to:  # "그 과목 듣고 나면 뭐 들을 수 있어?"
                return self._leads_to(raw, r)
            if r.joined:  # "자료구조랑 운영체제 학점 알려줘": each answered; "A와 B 차이가 뭐야?": side by side
                hits = [hit] + [self._about.course_hit(i) for i in r.joined]
                if not fields:
                    return lists.joined_answer(raw, resolved, [reply.overview_answer(raw, resolved, h) for h in hits],
                                               hits, side_by_side=True)
                answers = [self._about.run(raw, resolved, fields, h, r.namesakes if h is hit else ())
                           for h in hits]
                return lists.joined_answer(raw, resolved, answers, hits)
            if r.overview:  # "X", "X는 어떤 수업이야?", "세 번째는?"
                return reply.overview_answer(raw, resolved, hit)
            return self._about.run(raw, resolved, fields, hit, r.namesakes)
        filtered = filters is not None and not filters.is_empty()
        if pointed and r.target is None and not discovery and (listed := CourseResolver.last_list(history)):
            return lists.past_list_answer(raw, resolved, pointed[0], len(listed))  # "여섯 번째 거" of five
        if r.again:  # "다른 건 없어?", "그 중에 교양은?"
            if not r.shown and r.narrow is None:  # no list to add to or narrow
                return reply.none_answer(raw, resolved, need_topic=True, no_list=True)
            if r.narrow == ():  # nothing named to narrow by
                return lists.again_none_answer(raw, r.question, (), filtered=filtered, unknown=r.unknown)
            if r.leads_to and r.target is not None:  # "X 듣고 나면 뭐 들을 수 있어?" -> "더 보여줘"
                return self._leads_to(raw, r)
            return self._lookup.again(raw, r, filters)  # type: ignore[union-attr]
        if r.target is None and not discovery and (fields or refers_back(q) or pointed) \
                and not content_words(self._resolver.without_columns(pointed[1] if pointed else q)):
            # "몇 학점이야?", "그 과목 교수는?" with no course named or under discussion: any
            # course retrieval put first would be a guess, so ask which course
            return reply.none_answer(raw, resolved, need_course=True, filtered=filtered)
        if discovery and not titles and not filtered and not content_words(q):
            # "교양 추천해줘", "3학점짜리 수업 뭐 있어?": no topic to search for, so any list
            # would be arbitrary (with a filter set, the filter is the topic)
            return reply.none_answer(raw, resolved, need_topic=True)

        return self._lookup.run(raw, r, filters)  # type: ignore[union-attr]

    def _leads_to(self, raw: str, r: Resolution) -> Answer:
        """The courses that name ``r.target`` as a prerequisite ("그 과목 듣고 나면 뭐 들을 수
        있어?"); asked again ("더 보여줘"), those not listed yet."""
        assert self._resolver is not None and self._about is not None and r.target is not None
        after = self._distinct(self._resolver.prerequisites.leads_to(r.target))
        if r.again:
            after = [(i, text) for i, text in after or [] if i not in r.shown]
        listed = (after or [])[:self.max_listed]
        return lists.leads_to_answer(raw, r.question, self._about.course_hit(r.target),
                                     [self._about.course_hit(i) for i, _ in listed], len(after or []),
                                     [text for _, text in listed], known=after is not None or r.again, more=r.again)

    def _distinct(self, courses: list[tuple[str, str]] | None) -> list[tuple[str, str]] | None:
        """``courses`` (lecture id, what it requires) less sections of one listed before
        (기초인공지능 as AIE4010 and as CSE4185): each course once."""
        if not courses:
            return courses
        sections = self.store.sections([i for i, _ in courses])
        kept, seen = [], set()
        for lid, text in courses:
            if lid not in seen:
                kept.append((lid, text))
                seen.update(sections.get(lid, ()) or (lid,))
        return kept


__all__ = ["Assistant", "CourseResolver", "Relevance",
           "check_length", "MAX_QUESTION_CHARS", "FIELD_ORDER", "asked_fields", "content_words", "refers_back",
           "normalize_question"]

