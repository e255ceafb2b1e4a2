"""Question -> :class:`~assistant.records.Answer`: the product as a student meets it.

:class:`Assistant` follows the Haystack component shape (configuration in ``__init__``,
lazy :meth:`Assistant.warm_up`, one typed :meth:`Assistant.ask`) and wires the stages:

1. **validate** the question at this boundary (empty, too long, no words) -> ``"error"``;
2. **resolve follow-ups** ("그 과목 교수는?", "선수 과목은?") to the course under discussion,
   taken from the previous :class:`Answer` (``focus_lecture_id``) or, for Gradio-style
   ``(user, bot)`` history, from the bot text;
3. **link course mentions**: a catalog title ("자료구조") or lecture id in the question
   names the course the student means, whatever the retriever ranks first;
4. **catalog fields** (담당 교수, 학점, 개설 학과, 이수구분, 강의번호) are answered from the
   catalog row -> ``"field"``;
5. otherwise **retrieve** (hybrid) and **read** (extractive reader) -> ``"span"``; without a
   confident span the matching courses are listed -> ``"lookup"``, or nothing relevant was
   found -> ``"none"``.

Relevance (``lookup`` vs ``none``) is decided from two signals, both exposed as
constructor parameters: the share of the question's content words found in a course's
title + description (``min_coverage``) and the cosine similarity between the question and
the course's best sentence (``dense_threshold``, an override for paraphrases). The e5
similarities of unrelated questions are high (0.85-0.89 on the sample catalog for
"양자 중력 이론 수업 있어?"), so the dense score alone cannot separate them.

Nothing here raises to the UI: every failure becomes an ``"error"`` Answer with a Korean
message. The SQLite connection is shared across threads behind one lock (Gradio calls
from worker threads), so answers are computed one at a time.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

import numpy as np

from .errors import AssistantError, IndexMissingError, StaleIndexError
from .records import Answer, Citation, Course, Hit, SentenceMatch, Span
from .settings import Settings
from .store import CourseStore, Filters, korean_ngrams

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 1000
"""Longest question accepted (characters, after trimming)."""

# --------------------------------------------------------------------------- messages

MSG_EMPTY = "질문을 입력해 주세요."
MSG_TOO_LONG = ("질문이 너무 깁니다. {limit:,}자 이내로 줄여서 다시 입력해 주세요. "
                "(지금 {length:,}자)")
MSG_NO_WORDS = ("질문을 글자로 입력해 주세요. 이모지나 기호만으로는 찾을 수 없어요. "
                "예: \"자료구조 수업 교재가 뭐야?\"")
MSG_INDEX_MISSING = ("아직 과목 검색 색인이 준비되지 않았습니다. 관리자가 서버에서 "
                     "`python -m assistant build`를 실행해 데이터베이스와 색인을 만들어야 합니다.")
MSG_INDEX_STALE = ("과목 검색 색인이 데이터베이스와 맞지 않습니다(오래된 색인). 관리자가 "
                   "`python -m assistant build`를 실행해 색인을 다시 만들어야 합니다.")
MSG_FAILED = "답을 준비하는 중 문제가 생겼습니다. 잠시 후 다시 시도해 주세요. (원인: {reason})"
MSG_NOT_SURE = "확실한 답을 찾지 못했습니다."
MSG_NONE = "질문과 관련된 과목을 찾지 못했습니다."
MSG_NEED_COURSE = "어느 과목에 대한 질문인지 과목명을 함께 적어 주세요. 예: \"자료구조 선수 과목은?\""
MSG_FILTERED = "검색 필터가 적용되어 있습니다. 필터를 해제하면 더 많은 과목에서 찾아볼 수 있습니다."
MSG_KOREAN_HINT = "한국어로 질문하시면 더 정확하게 찾을 수 있습니다."

ADMIN_HINT = "python -m assistant build"

# --------------------------------------------------------------------------- question analysis

_LETTERS = re.compile(r"[가-힣A-Za-z]")
_HANGUL = re.compile(r"[가-힣]")
_LATIN = re.compile(r"[A-Za-z]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORDS = re.compile(r"[가-힣A-Za-z0-9]+")
_NUMBERS = re.compile(r"(?<![0-9])[0-9]{4,}(?![0-9])")

# "그 과목", "이 수업", "해당 강의", "거기", "그거" … refer back to the course under discussion.
_REFERS_BACK = re.compile(
    r"(?<![가-힣])(?:그|이|저|해당|위|앞|같은)\s*(?:과목|수업|강의|강좌|교과목|클래스)"
    r"|(?<![가-힣])(?:거기|그거|그것|그건|그게|이거|이것|이건|이게|저거)(?![가-힣]{2})")

# Words that carry no course identity: question words, particles, attribute nouns.
_GENERIC_WORDS = frozenset("""
그 이 저 해당 위 앞 거기 그거 그것 그건 그게 이거 이것 이건 이게 저거 같은
수업 과목 강의 강좌 교과목 클래스 선수 선수과목 선이수 선수강 먼저 교재 주교재 부교재 책 참고서
평가 성적 방법 평가방법 비율 비중 시험 중간 기말 중간고사 기말고사 과제 출석 퀴즈 발표 레포트 리포트
학점 몇 교수 교수님 담당 담당교수 선생님 강사 누가 누구 이수 이수구분 구분 전공 교양 필수 선택
전공필수 전공선택 교양필수 교양선택 학과 개설 개설학과 소속 어느 어디 어떤 어떻게 무엇 무슨 뭐 뭘 뭔 뭐가
알려 알려줘 알려주세요 알려줄래 있어 있나 있나요 있어요 있니 있을까 있을까요 있습니까 있는지 없어 있는 해 돼
언제 내용 주제 강의번호 학수번호 번호 코드 정원 인원 수강 들어야 들으려면 듣는 하는 쓰는
정보 뭐야 뭐예요 뭔가요 뭐지 무엇인가요 어때 어때요 그럼 그러면 그리고 또 혹시 좀 추천 관련 관련된
대해 대한 하나요 해요 돼요 되나요 이름 성함 얼마 얼마나 이야 예요 에요 인가요 궁금해 궁금해요 설명
많아 많나 많이 많은 많아요 적어 적은 어려워 어려운 어렵나 쉬워 쉬운 힘들어 빡세 빡세요 난이도 분위기
괜찮아 좋아 재밌어 재미있어 봐 봐요 보나요 번
사용 진행 소개 수강 하는 되는
what which who whom whose is are was were be the a an of in on for to at by from do does did there
any some course courses class classes lecture lectures subject about use uses used using textbook
textbooks book books tell me please how many much credit credits professor professors teach teaches
taught instructor prerequisite prerequisites i you it this that these and or with can could should
would take learn department type number id code offered offer give show list find me my
""".split())
_GENERIC_PREFIXES = ("배우", "배워", "다루", "다뤄", "가르", "알려", "있", "없", "들어", "들으",
                     "듣", "궁금", "얼마", "무엇", "어떤", "어떻", "어느", "어디", "누구", "누가",
                     "언제", "몇", "만드", "만들")
_PARTICLES = tuple(sorted("""
에서는 으로는 에서도 이라는 이라고 에서 으로 이랑 에게 까지 부터 처럼 보다 하고 이나 이야 예요 이에요
인가요 인가 인지 이고 짜리 은 는 이 가 을 를 의 에 로 와 과 도 만 랑 야 요 나
""".split(), key=len, reverse=True))
_VERB_ENDINGS = tuple(sorted("하는 하고 해서 하기 한다 하며 하면 해요 해줘 했던 할 한 해 하 된 되는 돼 돼요 되나요".split(),
                             key=len, reverse=True))

# Catalog-field questions.
FIELD_PATTERNS: dict[str, re.Pattern[str]] = {
    "instructor": re.compile(
        r"교수(?!법|학습|설계|매체|요목|전략)|누가\s*가르|가르치는\s*(?:분|사람)|강사|선생님"
        r"|\bwho\s+teach|\binstructor\b|\bprofessor\b", re.I),
    "credits": re.compile(r"학점(?!\s*(?:평가|부여|산출|관리|은\s*어떻게))|\bcredits?\b", re.I),
    "department": re.compile(
        r"개설\s*학과|(?:어느|무슨|어떤|어디)\s*(?:학과|과에서|과\s*수업|과\s*과목)|학과(?:는|가|에서|야|예요|인가)|소속"
        r"|\bdepartment\b", re.I),
    "course_type": re.compile(
        r"이수\s*구분|전공\s*(?:필수|선택)|교양\s*(?:필수|선택)"
        r"|(?:전공|교양)\s*(?:이야|인가|인지|야|이에요|예요|입니까|과목이야|과목인가|과목인지|이냐|냐)"),
    "lecture_id": re.compile(r"강의\s*번호|학수\s*번호|과목\s*(?:코드|번호)|강좌\s*번호"
                             r"|\b(?:lecture|course)\s+(?:id|number|code)\b", re.I),
}
FIELD_ORDER = ("lecture_id", "instructor", "credits", "department", "course_type")

# "…수업 있어?", "…다루는 과목 알려줘": the student wants courses, not a phrase.
_DISCOVERY = re.compile(
    r"(?:수업|과목|강의|강좌|교과목)(?:이|가|은|는|도|을|를)?\s*(?:있|알려|추천|찾)"
    r"|어떤\s*(?:수업|과목|강의|강좌)"
    r"|(?:배우는|다루는|듣는|가르치는)\s*(?:수업|과목|강의|강좌)"
    r"|\bis there\b|\bany (?:course|class)", re.I)


def normalize_question(text: str) -> str:
    """NFC, no control characters, whitespace collapsed, trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def _norm_key(text: str) -> str:
    """Title-matching key: NFKC, lowercase, only Hangul/Latin/digits."""
    return re.sub(r"[^0-9a-z가-힣]", "", unicodedata.normalize("NFKC", text).lower())


def _strip_particle(word: str) -> str:
    if len(word) == 2 and word[1] in "은는을를이가의도만":
        return word[0]  # 책은, 곡을 …: a one-syllable noun and its particle
    for ending in _PARTICLES:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            return word[: -len(ending)]
    return word


def _strip_verb(word: str) -> str:
    for ending in _VERB_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            return word[: -len(ending)]
    return word


def _is_generic(word: str) -> bool:
    return (word in _GENERIC_WORDS or _strip_particle(word) in _GENERIC_WORDS
            or any(word.startswith(p) for p in _GENERIC_PREFIXES))


def content_words(question: str) -> list[str]:
    """The words of ``question`` that can identify a course or topic (particles and verb
    endings removed; question words, attribute nouns and one-syllable Hangul dropped)."""
    out: list[str] = []
    for match in _WORDS.finditer(unicodedata.normalize("NFKC", question)):
        word = match.group().lower()
        if _is_generic(word):
            continue
        stem = _strip_verb(_strip_particle(word))
        if _is_generic(stem):
            continue
        if len(stem) < 2 and not stem.isascii():
            continue  # 책, 곡, 써 … too short to decide anything
        if stem.isascii() and stem.isalpha() and len(stem) < 2:
            continue
        if stem not in out:
            out.append(stem)
    return out


def refers_back(question: str) -> bool:
    """True when the question points at the course under discussion ("그 과목", "거기")."""
    return bool(_REFERS_BACK.search(question))


def asked_fields(question: str) -> list[str]:
    """Catalog fields the question asks for, in :data:`FIELD_ORDER`."""
    return [f for f in FIELD_ORDER if FIELD_PATTERNS[f].search(question)]


def is_english_only(question: str) -> bool:
    """Latin letters and no Hangul."""
    return bool(_LATIN.search(question)) and not _HANGUL.search(question)


def word_coverage(words: Sequence[str], text: str) -> tuple[float, list[str], list[str]]:
    """Share of ``words`` found in ``text`` (as a substring, or half their bigrams).

    Returns:
        ``(coverage, matched, missing)``; coverage is 0 when ``words`` is empty.
    """
    if not words:
        return 0.0, [], []
    low = unicodedata.normalize("NFKC", text).lower()
    grams = set(korean_ngrams(low))
    matched, missing = [], []
    for w in words:
        if w in low:
            matched.append(w)
            continue
        wg = korean_ngrams(w)
        if len(wg) >= 2 and sum(g in grams for g in wg) / len(wg) >= 0.5:
            matched.append(w)
        else:
            missing.append(w)
    return len(matched) / len(words), matched, missing


def _particle(word: str, with_batchim: str, without: str) -> str:
    """Korean particle after ``word`` (은/는, 이/가, 을/를 …) by its last syllable."""
    last = word.rstrip(" )")[-1:] if word else ""
    if "가" <= last <= "힣":
        return with_batchim if (ord(last) - 0xAC00) % 28 else without
    if last.isdigit():
        return with_batchim if last in "013678" else without
    if last.lower() in "lmn":
        return with_batchim
    return without


def history_text(content: Any) -> str:
    """Text of one chat message's content: a string, Gradio 6 content blocks, or a dict."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):
        return str(content.get("text") or content.get("content") or "")
    if isinstance(content, (list, tuple)):
        return "\n".join(history_text(c) for c in content)
    return str(getattr(content, "text", "") or getattr(content, "content", "") or "")


# --------------------------------------------------------------------------- components


class SpanReader(Protocol):
    """What the assistant needs from :class:`assistant.read.Reader` (tests pass fakes)."""

    def run(self, question: str, hits: Sequence[Hit], top_k: int = 3) -> list[Span]: ...


@dataclass(frozen=True)
class Relevance:
    """How well one hit matches the question's content words (internal)."""

    coverage: float
    dense: float | None
    matched: tuple[str, ...]
    missing: tuple[str, ...]


def _share_connection(store: CourseStore) -> None:
    """Reopen ``store``'s SQLite connection so Gradio's worker threads may use it.

    sqlite3 refuses a connection created in another thread; the assistant serializes every
    use behind one lock, so a shared connection is safe.
    """
    path = getattr(store, "path", None)
    if path in (None, ":memory:"):
        return
    conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    old = store.db.conn
    store.db.conn = conn
    try:
        old.close()
    except sqlite3.ProgrammingError:  # opened by another thread: let it be collected
        pass


class Assistant:
    """Answers students' questions about the course catalog.

    Args:
        retriever: The hybrid retriever (:class:`~assistant.retrieve.Retriever`).
        reader: The extractive reader (``assistant.read.Reader``), or ``None`` to answer
            from catalog fields and course lists only.
        store: The catalog database (default: the retriever's).
        top_k: Courses retrieved per question.
        reader_top_k: Spans asked from the reader.
        min_coverage: A course is relevant when at least this share of the question's
            content words occurs in its title or description.
        dense_threshold: …or when the question's cosine similarity to one of the course's
            sentences reaches this (paraphrases without shared words).
        max_chars: Longest question accepted.
        max_listed: Courses listed in a ``"lookup"`` message.
        full_passage_chars: For a course named in the question, the reader gets the whole
            description when it is at most this long (else the retriever's passage).
        share_connection: Let the store's connection be used from any thread (the UI).
    """

    def __init__(self, retriever: Any, reader: SpanReader | None, store: CourseStore | None = None, *,
                 top_k: int = 5, reader_top_k: int = 3, min_coverage: float = 0.7,
                 dense_threshold: float = 0.92, max_chars: int = MAX_QUESTION_CHARS,
                 max_listed: int = 5, full_passage_chars: int = 1500,
                 share_connection: bool = True) -> None:
        self.retriever = retriever
        self.reader = reader
        self.store: CourseStore = store if store is not None else retriever.store
        self.top_k = top_k
        self.reader_top_k = reader_top_k
        self.min_coverage = min_coverage
        self.dense_threshold = dense_threshold
        self.max_chars = max_chars
        self.max_listed = max_listed
        self.full_passage_chars = full_passage_chars
        self.share_connection = share_connection
        self.reader_error: str | None = None
        self._lock = threading.RLock()
        self._ready = False
        self._titles: dict[str, list[str]] = {}
        self._lecture_ids: set[str] = set()
        self._focus_by_text: OrderedDict[str, str] = OrderedDict()
        if share_connection:  # now, in the thread that most likely opened the store
            _share_connection(self.store)
            self.share_connection = False

    # ----------------------------------------------------------------------- construction
    @classmethod
    def from_settings(cls, settings: Settings, *, build: bool = False, reader: SpanReader | None = None,
                      embedder: Any = None, load_reader: bool = True, **kwargs: Any) -> "Assistant":
        """An assistant over ``settings.db_path``.

        Args:
            settings: Where the database is, which models to use.
            build: Build the database from ``settings.catalog_path`` first when it is missing
                (:func:`~assistant.build.ensure_built`).
            reader: A reader to use instead of ``Reader.from_settings(settings)``.
            embedder: An embedder to use instead of ``Embedder.from_settings(settings)``.
            load_reader: Create the bundled reader (when ``reader`` is ``None``); without
                ``assistant.read`` the assistant answers from fields and course lists.
            **kwargs: Passed to :class:`Assistant`.

        Raises:
            IndexMissingError: No database (and ``build`` is false).
        """
        from .retrieve import Retriever

        if build:
            from .build import ensure_built

            ensure_built(settings, embedder=embedder)
        retriever = Retriever.from_settings(settings, embedder)
        reader_error = None
        if reader is None and load_reader:
            try:
                from .read import Reader  # type: ignore[import-not-found]

                reader = Reader.from_settings(settings)
            except ImportError as exc:
                reader_error = f"assistant.read is not available ({exc})"
                log.warning("no reader: %s; answering from catalog fields and course lists", reader_error)
        assistant = cls(retriever, reader, retriever.store, **kwargs)
        assistant.reader_error = reader_error
        return assistant

    def warm_up(self) -> None:
        """Load the index, the embedder, the reader and the course titles (once).

        Raises:
            IndexMissingError, StaleIndexError: The index is not usable.
        """
        with self._lock:
            if self._ready:
                return
            if self.share_connection:
                _share_connection(self.store)
                self.share_connection = False
            self.retriever.warm_up()
            if self.reader is not None and hasattr(self.reader, "warm_up"):
                try:
                    self.reader.warm_up()
                except AssistantError as exc:
                    self.reader_error = str(exc)
                    log.warning("reader unavailable (%s); answering without spans", exc)
                    self.reader = None
            titles: dict[str, list[str]] = {}
            for lid, course in self.store.courses().items():
                key = _norm_key(course.title)
                if len(key) >= 2:
                    titles.setdefault(key, []).append(lid)
            self._titles = titles
            self._lecture_ids = {lid for ids in titles.values() for lid in ids}
            self._lecture_ids |= set(self.store.course_hashes())
            self._ready = True

    def filter_choices(self) -> dict[str, list[Any]]:
        """Distinct departments, credits and course types (for the UI's filters)."""
        with self._lock:
            if self.share_connection:
                _share_connection(self.store)
                self.share_connection = False
            return {col: self.store.distinct_values(col) for col in ("department", "credits", "course_type")}

    # ----------------------------------------------------------------------- the entry point
    def ask(self, question: str, history: Sequence[Any] | None = None,
            filters: Filters | None = None) -> Answer:
        """Answer one question.

        Args:
            question: The question as typed.
            history: Earlier turns: :class:`Answer` objects (best), ``(user, bot)`` pairs or
                ``{"role", "content"}`` messages (Gradio). Used to resolve follow-ups.
            filters: Department / credits / course-type restrictions.

        Returns:
            The answer; never raises (failures are ``kind == "error"``).
        """
        raw = question if isinstance(question, str) else ("" if question is None else str(question))
        early = self._validate_length(raw)
        if early is not None:
            return early
        q = normalize_question(raw)
        try:
            with self._lock:
                self.warm_up()
                answer = self._answer(raw, q, history or (), filters)
                if answer.focus_lecture_id:
                    self._remember(answer)
                return answer
        except IndexMissingError as exc:
            log.error("index missing: %s", exc)
            return self._error(raw, q, MSG_INDEX_MISSING)
        except StaleIndexError as exc:
            log.error("stale index: %s", exc)
            return self._error(raw, q, MSG_INDEX_STALE)
        except AssistantError as exc:
            log.error("assistant error: %s", exc)
            return self._error(raw, q, MSG_FAILED.format(reason=exc))
        except Exception as exc:  # noqa: BLE001 - the UI must always get an answer
            log.exception("unexpected error answering %r", q[:200])
            return self._error(raw, q, MSG_FAILED.format(reason=type(exc).__name__))

    __call__ = ask

    # ----------------------------------------------------------------------- validation
    def _validate_length(self, raw: str) -> Answer | None:
        return check_length(raw, self.max_chars)

    @staticmethod
    def _error(raw: str, resolved: str, message: str) -> Answer:
        return _error_answer(raw, resolved, message)

    # ----------------------------------------------------------------------- the pipeline
    def _answer(self, raw: str, q: str, history: Sequence[Any], filters: Filters | None) -> Answer:
        mentioned_ids = self._mentioned_lecture_ids(q)
        if not _LETTERS.search(q) and not mentioned_ids:
            return self._error(raw, q, MSG_NO_WORDS)
        focus = self._focus_from_history(history)
        target: str | None = None
        resolved = q
        mentions = self._mentioned_courses(q, filters)
        if mentioned_ids:
            target = mentioned_ids[0]
        elif mentions:
            target = mentions[0]
            resolved = self._carry_over(q, history, target)
        elif focus and focus in self._lecture_ids and (refers_back(q) or self._generic_only(q)):
            target = focus
            resolved = self._rewrite(q, focus)
        fields = asked_fields(resolved)
        if mentioned_ids and not fields and not content_words(_NUMBERS.sub(" ", q)):
            fields = list(FIELD_ORDER)  # a bare lecture id: show the course's catalog row

        if fields and target is not None:
            return self._field_answer(raw, resolved, fields, self._course_hit(target))

        query_vector = self._embed(resolved)
        hits = self.retriever.run(resolved, top_k=self.top_k, filters=filters,
                                  query_vector=query_vector)
        if target is not None and len(mentions) > 1:
            # several titles named: the one the retriever ranks highest leads
            ranked = [m for h in hits for m in mentions if m in h.lecture_ids]
            target = ranked[0] if ranked else target
        target_hit = None
        if target is not None:
            hits, target_hit = self._put_first(hits, target)
        words = content_words(resolved)
        relevance = self._relevance(hits, words, query_vector)
        relevant = [h for h in hits if (target_hit is not None and h is target_hit)
                    or self._is_relevant(relevance[h.course.lecture_id])]

        if fields and relevant:
            return self._field_answer(raw, resolved, fields, relevant[0])
        if not relevant:
            answer = self._none_answer(raw, resolved, q, words, hits, relevance)
            if filters is not None and not filters.is_empty():
                answer = replace(answer, message=answer.message + " " + MSG_FILTERED)
            return answer

        to_read = [self._full_passage(target_hit)] if target_hit is not None else relevant
        spans = self._read(resolved, to_read)
        if spans:
            return self._span_answer(raw, resolved, spans, to_read, relevant)
        return self._lookup_answer(raw, resolved, q, relevant, relevance, target_hit is not None)

    # ----------------------------------------------------------------------- follow-ups
    def _focus_from_history(self, history: Sequence[Any]) -> str | None:
        """The course the conversation is about: the latest focus in ``history``."""
        for turn in reversed(list(history)):
            if isinstance(turn, Answer):
                if turn.focus_lecture_id:
                    return turn.focus_lecture_id
                continue
            text = None
            if isinstance(turn, Mapping):
                if turn.get("role") not in ("assistant", "bot"):
                    continue
                text = history_text(turn.get("content"))
            elif isinstance(turn, (list, tuple)) and len(turn) == 2:
                text = history_text(turn[1])
            elif hasattr(turn, "role") and hasattr(turn, "content"):
                if getattr(turn, "role") != "assistant":
                    continue
                text = history_text(getattr(turn, "content"))
            if not text:
                continue
            lid = self._focus_by_text.get(text)
            if lid is None:
                found = [m for m in _NUMBERS.findall(text) if m in self._lecture_ids]
                lid = found[0] if found else None
            if lid:
                return lid
        return None

    def _remember(self, answer: Answer) -> None:
        """Map the answer's message to its focus, for Gradio-style text history."""
        self._focus_by_text[answer.message] = answer.focus_lecture_id  # type: ignore[assignment]
        self._focus_by_text.move_to_end(answer.message)
        while len(self._focus_by_text) > 4096:
            self._focus_by_text.popitem(last=False)

    def _carry_over(self, q: str, history: Sequence[Any], target: str) -> str:
        """"알고리즘은?" after "자료구조 교재가 뭐야?" -> "알고리즘 교재가 뭐야?": a bare course
        name asks the previous question about another course."""
        if len(q) > 25 or asked_fields(q) or refers_back(q):
            return q
        title = self.store.courses([target])[target].title
        rest = _norm_key(q).replace(_norm_key(title), " ", 1)
        if content_words(rest) or len(rest.strip()) > 6:
            return q
        previous = next((t for t in reversed(list(history)) if isinstance(t, Answer)
                         and t.focus_lecture_id and t.resolved_question), None)
        if previous is None or previous.focus_lecture_id not in self._lecture_ids:
            return q
        old_title = self.store.courses([previous.focus_lecture_id])[previous.focus_lecture_id].title
        if old_title == title or old_title not in previous.resolved_question:
            return q
        return previous.resolved_question.replace(old_title, title, 1)

    def _generic_only(self, q: str) -> bool:
        """A short question without course-identifying words ("선수 과목은?", "담당 교수는?")."""
        return len(q) <= 40 and not content_words(q)

    def _rewrite(self, q: str, lecture_id: str) -> str:
        """``q`` with the reference replaced by (or prefixed with) the course title."""
        title = self.store.courses([lecture_id])[lecture_id].title
        if refers_back(q):
            return _REFERS_BACK.sub(title, q, count=1)
        return f"{title} {q}"

    # ----------------------------------------------------------------------- course mentions
    def _mentioned_lecture_ids(self, q: str) -> list[str]:
        return [n for n in _NUMBERS.findall(q) if n in self._lecture_ids]

    def _mentioned_courses(self, q: str, filters: Filters | None) -> list[str]:
        """Lecture ids of catalog titles written in the question, longest title first
        (a title inside a longer matched title does not count)."""
        key = _norm_key(q)
        found = [t for t in self._titles if t in key]
        found = [t for t in found if not any(t != o and t in o for o in found)]
        found.sort(key=len, reverse=True)
        out: list[str] = []
        for t in found:
            ids = self._titles[t]
            if filters is not None and not filters.is_empty():
                courses = self.store.courses(ids)
                ids = [i for i in ids if _passes(courses[i], filters)]
            out += [i for i in ids if i not in out]
        return out

    def _course_hit(self, lecture_id: str) -> Hit:
        """A hit for one course read whole (for courses named in the question)."""
        course = self.store.courses([lecture_id])[lecture_id]
        sentences = self.store.course_sentences(lecture_id)
        sections = self.store.sections([lecture_id])[lecture_id]
        matches = tuple(SentenceMatch(s, 0.0) for s in sentences)
        return Hit(course, 0.0, matches, 0, len(course.description), sections, tuple(sentences))

    def _put_first(self, hits: list[Hit], target: str) -> tuple[list[Hit], Hit]:
        for i, h in enumerate(hits):
            if target in h.lecture_ids or h.course.lecture_id == target:
                return [h] + hits[:i] + hits[i + 1:], h
        hit = self._course_hit(target)
        return [hit] + hits[: max(self.top_k - 1, 0)], hit

    def _full_passage(self, hit: Hit) -> Hit:
        if hit.passage_start == 0 and hit.passage_end == len(hit.course.description):
            return hit
        if len(hit.course.description) <= self.full_passage_chars:
            sentences = tuple(self.store.course_sentences(hit.course.lecture_id))
            return replace(hit, passage_start=0, passage_end=len(hit.course.description),
                           sentences=sentences)
        return hit

    # ----------------------------------------------------------------------- relevance
    def _embed(self, text: str) -> np.ndarray | None:
        if getattr(self.retriever, "mode", "hybrid") == "keyword":
            return None
        return np.asarray(self.retriever.embedder.run([text], query=True)[0], dtype=np.float32)

    def _relevance(self, hits: Sequence[Hit], words: Sequence[str],
                   query_vector: np.ndarray | None) -> dict[str, Relevance]:
        vectors: dict[int, np.ndarray] = {}
        if query_vector is not None:
            ids = [m.sentence.id for h in hits for m in h.matches if m.sentence.id is not None]
            vectors = self.store.vectors_for(ids)
        out = {}
        for h in hits:
            c = h.course
            coverage, matched, missing = word_coverage(words, f"{c.title} {c.department} {c.description}")
            dense = None
            sims = [float(vectors[m.sentence.id] @ query_vector) for m in h.matches
                    if m.sentence.id in vectors and query_vector is not None
                    and vectors[m.sentence.id].shape == query_vector.shape]
            if sims:
                dense = max(sims)
            out[h.course.lecture_id] = Relevance(coverage, dense, tuple(matched), tuple(missing))
        return out

    def _is_relevant(self, r: Relevance) -> bool:
        return r.coverage >= self.min_coverage or (r.dense is not None and r.dense >= self.dense_threshold)

    # ----------------------------------------------------------------------- reading
    def _read(self, question: str, hits: Sequence[Hit]) -> list[Span]:
        if self.reader is None or not hits:
            return []
        try:
            spans = self.reader.run(question, list(hits), top_k=self.reader_top_k)
        except AssistantError as exc:  # e.g. weights missing: fall back to course lists
            log.error("reader failed: %s", exc)
            self.reader_error = str(exc)
            return []
        return [s for s in spans if s.text and s.text.strip()]

    # ----------------------------------------------------------------------- answers
    def _label(self, course: Course, lecture_ids: Sequence[str]) -> str:
        return f"{course.title}({', '.join(lecture_ids or (course.lecture_id,))})"

    def _field_answer(self, raw: str, resolved: str, fields: Sequence[str], hit: Hit) -> Answer:
        lids = hit.lecture_ids or (hit.course.lecture_id,)
        sections = self.store.courses(list(lids))
        rows = [sections[i] for i in lids if i in sections] or [hit.course]
        course = hit.course
        label = self._label(course, lids)
        parts = []
        short: list[str] = []
        for f in fields:
            short += [c.lecture_id if f == "lecture_id" else
                      (f"{c.credits:g}" if f == "credits" else _field_value(c, f)) for c in rows]
            if f == "lecture_id":
                if len(lids) > 1:
                    parts.append(f"{course.title}의 강의번호는 {', '.join(lids)}입니다 (분반 {len(lids)}개).")
                else:
                    parts.append(f"{course.title}의 강의번호는 {lids[0]}입니다.")
                continue
            values = [(c.lecture_id, _field_value(c, f)) for c in rows]
            distinct = list(dict.fromkeys(v for _, v in values))
            name = FIELD_NAMES[f]
            if len(distinct) == 1:
                value = distinct[0]
                if f == "instructor" and value == "미정":
                    parts.append(f"{label}의 담당 교수는 아직 정해지지 않았습니다(미정).")
                else:
                    parts.append(f"{label}의 {name}{_particle(name, '은', '는')} {value}입니다.")
            else:
                listed = ", ".join(f"{lid} {v}" for lid, v in values)
                parts.append(f"{label}의 {name}{_particle(name, '은', '는')} 분반마다 다릅니다: {listed}.")
        return Answer(question=raw, resolved_question=resolved, kind="field", message=" ".join(parts),
                      citations=(Citation(course, tuple(lids)),), focus_lecture_id=course.lecture_id,
                      answer_text=", ".join(dict.fromkeys(short)))

    def _span_answer(self, raw: str, resolved: str, spans: Sequence[Span], read: Sequence[Hit],
                     relevant: Sequence[Hit]) -> Answer:
        by_id = {lid: h for h in list(read) + list(relevant) for lid in (h.lecture_ids or (h.course.lecture_id,))}
        citations: list[Citation] = []
        kept: list[Span] = []
        for span in spans:
            hit = by_id.get(span.lecture_id)
            if hit is None:
                continue
            citation = self._citation(span, hit)
            kept.append(span)
            citations.append(citation)
        if not kept:
            return self._lookup_answer(raw, resolved, raw, list(relevant), {}, False)
        best, cite = kept[0], citations[0]
        label = self._label(cite.course, cite.lecture_ids)
        message = f"“{best.text.strip()}” — {label} 강의설명에서 찾은 답입니다."
        cited = set(cite.lecture_ids)
        others = tuple(h for h in relevant if not cited & set(h.lecture_ids or (h.course.lecture_id,)))
        return Answer(question=raw, resolved_question=resolved, kind="span", message=message,
                      spans=tuple(kept), citations=tuple(citations), courses=others,
                      focus_lecture_id=cite.course.lecture_id, answer_text=best.text.strip())

    def _citation(self, span: Span, hit: Hit) -> Citation:
        course = hit.course if hit.course.lecture_id == span.lecture_id else \
            self.store.courses([span.lecture_id]).get(span.lecture_id, hit.course)
        sentences = [s for s in list(hit.sentences) + [m.sentence for m in hit.matches]
                     if s.lecture_id == course.lecture_id]
        sentence = next((s for s in sentences if span.sentence_id is not None and s.id == span.sentence_id), None)
        if sentence is None:
            sentences = self.store.course_sentences(course.lecture_id)
            sentence = next((s for s in sentences if span.sentence_id is not None and s.id == span.sentence_id),
                            None) or next((s for s in sentences if s.start <= span.start < s.end), None)
        lids = hit.lecture_ids or (course.lecture_id,)
        if course.lecture_id in lids and lids[0] != course.lecture_id:
            lids = (course.lecture_id,) + tuple(i for i in lids if i != course.lecture_id)
        if sentence is None:
            return Citation(course, tuple(lids))
        start = max(span.start - sentence.start, 0)
        end = max(min(span.end, sentence.end) - sentence.start, start)
        return Citation(course, tuple(lids), sentence, start, end)

    def _reason(self, hit: Hit, relevance: Relevance | None) -> str:
        """One line saying why a course is listed: its best matching sentence that is a
        real sentence (not a list fragment like "주요 내용:"), preferring one with the
        question's words."""
        texts = [" ".join(m.sentence.text.split()) for m in hit.matches]
        title_key = _norm_key(hit.course.title)
        words = [w for w in (relevance.matched if relevance is not None else ()) if w not in title_key]
        low = [unicodedata.normalize("NFKC", t).lower() for t in texts]
        sentence = next((t for t, lt in zip(texts, low) if len(t) >= 20 and any(w in lt for w in words)), None) \
            or next((t for t in texts if len(t) >= 20), None) \
            or (texts[0] if texts else " ".join(hit.course.description.split()))
        if len(sentence) > 80:
            sentence = sentence[:79] + "…"
        return sentence

    def _lookup_answer(self, raw: str, resolved: str, q: str, relevant: Sequence[Hit],
                       relevance: Mapping[str, Relevance], named: bool) -> Answer:
        listed = list(relevant)[: self.max_listed]
        lines = []
        for h in listed:
            c = h.course
            lines.append(f"- {self._label(c, h.lecture_ids)} · {c.department}: {self._reason(h, relevance.get(c.lecture_id))}")
        top = relevance.get(listed[0].course.lecture_id) if listed else None
        if _DISCOVERY.search(q) and (named or (top is not None and top.coverage >= 0.999)):
            head = "질문과 관련된 과목을 찾았습니다 (관련도 순):"
        elif named:
            head = f"{MSG_NOT_SURE} {listed[0].course.title} 강의설명에서 관련 있어 보이는 문장을 직접 확인해 보세요:"
        else:
            head = f"{MSG_NOT_SURE} 관련 있어 보이는 과목은 다음과 같습니다:"
        message = head + "\n" + "\n".join(lines)
        if top is not None and top.missing and not named:
            missing = ", ".join(f"'{w}'" for w in top.missing[:3])
            message += f"\n다만 {missing}에 대한 내용은 강의설명에서 찾지 못했습니다."
        if is_english_only(q):
            message += "\n" + MSG_KOREAN_HINT
        return Answer(question=raw, resolved_question=resolved, kind="lookup", message=message,
                      courses=tuple(listed), focus_lecture_id=listed[0].course.lecture_id if listed else None)

    def _none_answer(self, raw: str, resolved: str, q: str, words: Sequence[str], hits: Sequence[Hit],
                     relevance: Mapping[str, Relevance]) -> Answer:
        if not words:
            message = f"{MSG_NONE} {MSG_NEED_COURSE}"
        else:
            message = f"{MSG_NONE} 과목명이나 다른 표현으로 다시 질문해 주세요."
            best = max(hits, key=lambda h: relevance[h.course.lecture_id].coverage, default=None)
            if best is not None:
                r = relevance[best.course.lecture_id]
                if r.matched and r.missing:
                    missing = ", ".join(f"'{w}'" for w in r.missing[:3])
                    title = best.course.title
                    message += (f" (가장 가까운 과목은 {title}{_particle(title, '이지만', '지만')} "
                                f"{missing}에 대한 내용은 강의설명에 없습니다.)")
        if is_english_only(q):
            message += " " + MSG_KOREAN_HINT
        return Answer(question=raw, resolved_question=resolved, kind="none", message=message)


def _error_answer(raw: str, resolved: str, message: str) -> Answer:
    return Answer(question=raw, resolved_question=resolved, kind="error", message=message)


def check_length(question: object, max_chars: int = MAX_QUESTION_CHARS) -> Answer | None:
    """The checks that need no database: empty and too long (done before any other work
    on a possibly huge string). Returns the ``"error"`` answer, or ``None`` when fine."""
    raw = question if isinstance(question, str) else ("" if question is None else str(question))
    if not raw or not raw.strip():
        return _error_answer(raw, "", MSG_EMPTY)
    length = len(raw.strip())
    if length > max_chars:
        return _error_answer(raw, "", MSG_TOO_LONG.format(limit=max_chars, length=length))
    return None


FIELD_NAMES = {"instructor": "담당 교수", "credits": "학점", "department": "개설 학과",
               "course_type": "이수구분", "lecture_id": "강의번호"}


def _field_value(course: Course, field_name: str) -> str:
    if field_name == "instructor":
        return course.instructor.strip() or "미정"
    if field_name == "credits":
        return f"{course.credits:g}학점"
    if field_name == "department":
        return course.department or "미정"
    if field_name == "course_type":
        return course.course_type or "미정"
    return course.lecture_id


def _passes(course: Course, filters: Filters) -> bool:
    """The :class:`Filters` rules applied to one course in Python."""
    if filters.departments and course.department not in filters.departments:
        return False
    if filters.credits and float(course.credits) not in {float(c) for c in filters.credits}:
        return False
    if filters.course_types and not any(course.course_type.startswith(t) for t in filters.course_types):
        return False
    return True


# --------------------------------------------------------------------------- module level

_DEFAULTS: dict[Settings, Assistant] = {}
_DEFAULTS_LOCK = threading.Lock()


def default_assistant(settings: Settings | None = None, *, build: bool = False) -> Assistant:
    """The cached assistant for ``settings`` (default: :meth:`Settings.from_env`)."""
    settings = settings or Settings.from_env()
    with _DEFAULTS_LOCK:
        assistant = _DEFAULTS.get(settings)
        if assistant is None:
            assistant = Assistant.from_settings(settings, build=build)
            _DEFAULTS[settings] = assistant
        return assistant


def clear_default_assistants() -> None:
    """Forget cached assistants (tests, or after a rebuild)."""
    with _DEFAULTS_LOCK:
        _DEFAULTS.clear()


def ask(question: str, history: Sequence[Any] | None = None, *, settings: Settings | None = None,
        filters: Filters | None = None) -> Answer:
    """Answer ``question`` with the cached default :class:`Assistant` (never raises).

    Args:
        question: The question as typed.
        history: Earlier :class:`Answer` objects (or Gradio ``(user, bot)`` pairs).
        settings: Which database and models (default: the environment's).
        filters: Department / credits / course-type restrictions.
    """
    text = question if isinstance(question, str) else ""
    early = check_length(question)
    if early is not None:
        return early
    try:
        assistant = default_assistant(settings)
    except IndexMissingError as exc:
        log.error("index missing: %s", exc)
        return Answer(question=text, resolved_question="", kind="error", message=MSG_INDEX_MISSING)
    except StaleIndexError as exc:
        log.error("stale index: %s", exc)
        return Answer(question=text, resolved_question="", kind="error", message=MSG_INDEX_STALE)
    except Exception as exc:  # noqa: BLE001 - the UI must always get an answer
        log.exception("cannot start the assistant")
        return Answer(question=text, resolved_question="", kind="error",
                      message=MSG_FAILED.format(reason=exc if isinstance(exc, AssistantError) else type(exc).__name__))
    return assistant.ask(question, history, filters)


__all__ = ["Assistant", "ask", "default_assistant", "clear_default_assistants", "MAX_QUESTION_CHARS",
           "check_length",
           "asked_fields", "content_words", "refers_back", "normalize_question"]
