"""An open search for courses, the lookup stage: retrieve within the search's scope, keep the
courses that meet its conditions, decide relevance (:class:`~assistant.relevance.Relevance`),
then list the matching courses (hedged when middling), read a span from them, or say plainly
that no course matches. The same search asked again ("다른 건 없어?", "그 중에 교양은?")
lists more of its courses, or those that fit.

:class:`~assistant.ask.Assistant` calls :meth:`CourseLookup.run` for a question that names
no course, once :class:`~assistant.resolve.CourseResolver` has read it into a
:class:`~assistant.records.Resolution`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from . import lists, reply
from .about import CourseAnswers
from .browse import CourseBrowser
from .question import HANGUL, content_words, norm_key, without_title
from .records import Answer, Course, Hit, Resolution
from .relevance import Relevance
from .resolve import CourseResolver
from .searches import asked_topic, asks_information, asks_when_offered, topic_kind
from .settings import Settings
from .store import Filters
from .terms import CatalogTerms
from .words import CatalogWords, compact, word_coverage


NARROW_POOL = 30
"""Courses a search with conditions, or a narrowing ("그 중에 교양은?"), looks among."""

_FAMILIES = {"교양": ("교양", "교필", "교선"), "전공": ("전공", "전필", "전선")}
"""The two families of course types a student names in one word, and how a catalog's type
column writes each ("핵심교양", "기초교양(인문사회)", "전공선택", "전필")."""


def other_type(course: Course, types: Sequence[str], fits: Callable[[Course, Sequence[str]], bool]) -> bool:
    """Whether ``course`` is of another type than a search names: for "교양" or "전공", a course
    of the other of the two (a 일반선택 course may well be what a student calls 교양); for a type
    said in full ("전공필수"), any course that does not ``fits`` it."""
    if not all(t in _FAMILIES for t in types):
        return not fits(course, types)
    family = next((f for f, marks in _FAMILIES.items() if any(m in course.course_type for m in marks)), None)
    return family is not None and family not in types


class CourseLookup:
    """Searches the catalog for the courses a question asks about.

    Args:
        retriever: The hybrid retriever (:class:`~assistant.retrieve.Retriever`).
        relevance: The lookup decision.
        resolver: The catalog's courses and terms (conditions, departments).
        words: Which words the catalog writes.
        about: Questions about one course (a course's hit, spans read from courses).
        browser: A scope's courses when a search names no topic.
        top_k: Courses retrieved per search.
        max_listed: Courses listed in an answer.
        quote_max_share: A topic the best course's title writes counts for it when at most
            this share of the catalog's courses uses the word (:attr:`Settings.quote_max_share`).
    """

    def __init__(self, retriever: Any, relevance: Relevance, resolver: CourseResolver, words: CatalogWords,
                 about: CourseAnswers, browser: CourseBrowser, *, top_k: int = 5, max_listed: int = 5,
                 quote_max_share: float = Settings.quote_max_share) -> None:
        self.retriever = retriever
        self.relevance = relevance
        self.resolver = resolver
        self.words = words
        self.about = about
        self.browser = browser
        self.top_k = top_k
        self.max_listed = max_listed
        self.quote_max_share = quote_max_share

    def run(self, raw: str, r: Resolution, filters: Filters | None) -> Answer:
        """An open search (:attr:`Resolution.search` within its scope and conditions): the
        courses that match, hedged when middling, a span read from them when the question
        asks about their content, or a plain none (naming the nearest course)."""
        resolved, fields, titles, discovery = r.question, list(r.fields), r.titles, r.discovery
        filtered = filters is not None and not filters.is_empty()
        scope = self.browser.scope(r.conditions, filters)  # "경제학과 수업 뭐 있어?"
        if scope is not filters and scope is not None:  # "컴퓨터공학부 머신러닝 수업": its courses of that title, if any
            titles = tuple(t for t in titles if scope.accepts(self.resolver.courses[t]))
        if r.conditions:  # "부산대 1학년 인공지능 수업": not 인공지능 of 3학년 leading the list
            titles = tuple(t for t in titles if self.resolver.terms.fits(self.resolver.courses[t], self._strict(r.conditions)))
        if discovery and not titles and (filtered or scope is not filters) and not content_words(r.search):
            return self.browser.run(raw, resolved, r.conditions, scope)
        besides = r.besides
        hits = self.retriever.run(r.search, top_k=NARROW_POOL if r.conditions or besides else self.top_k, filters=scope)
        unmet, beyond = (), []
        if r.conditions and hits:  # "1학점짜리 체육 수업", "프로그래밍 배우는 교양"
            pool = [h for h in hits if self.resolver.terms.fits(h.course, self._strict(r.conditions))]
            hits, beyond, unmet = pool[:self.top_k], pool[self.top_k:], () if pool else r.conditions
        if besides:  # "운영체제 말고 다른 과목 추천해줘": courses like it, none of its title
            key = norm_key(self.resolver.courses[besides].title)
            hits = [h for h in hits if norm_key(h.course.title) != key and besides not in h.lecture_ids]
            hits = hits[:1] + [h for h in hits[1:] if self.relevance.related(h)]
        elif titles:  # a course named in a discovery question leads the list
            named = [self.about.course_hit(t) for t in titles[:1]]
            hits = named + [h for h in hits if not set(h.lecture_ids) & set(named[0].lecture_ids)]
        words = content_words(resolved)
        if not hits:
            return reply.none_answer(raw, resolved, missing=words, need_course=not words and not unmet,
                                     filtered=filtered, unmet=unmet)
        top = hits[0]
        unwritten = None if titles else self._unwritten_topic(r)  # "볼링 수업 있어?": what the catalog never writes
        decision = "match" if titles else self.decide(r, hits, unwritten)
        if besides:
            return lists.lookup_answer(raw, resolved, hits, hedged=False, max_listed=self.max_listed,
                                       lead=f"{self.resolver.courses[besides].title} 말고 비슷한 과목은:")
        if decision == "none":  # of a field ("컴구 몇학점?"), no course is called so
            return reply.none_answer(raw, resolved, missing=[unwritten] if unwritten else words, nearest=top,
                                     need_course=not words,
                                     filtered=filtered, as_title=bool(fields and words))
        if fields:  # of a course the question did not name: only one that holds every word it gives
            coverage, _, missing = word_coverage(words, f"{top.course.title} {top.course.description}")
            if words and coverage < 1.0:  # "컴구 몇학점?": a guess from the embedding alone
                return reply.none_answer(raw, resolved, missing=missing, nearest=top, as_title=True,
                                         filtered=filtered)
            return self.about.run(raw, resolved, fields, top)
        outside = not discovery and asks_information(resolved)  # "학식 메뉴 뭐야?": no course asked for
        if not discovery and decision == "hedge":  # "수강신청 언제야?": asks for no course, and none fits well
            return reply.none_answer(raw, resolved, missing=words, nearest=None if outside else top,
                                     filtered=filtered, outside=outside)
        if not discovery:
            read = hits[:3]
        elif titles and content_words(without_title(resolved, hits[0].course.title)):  # hits[0]: the named course
            # "제우스 헤라 나오는 X 배우는 수업 있어?" says more than "X 수업 있어?": X's
            # description may answer it, read at the reader's own (open-search) bar
            read = hits[:1]
        else:
            read = []
        if read:
            spans = self.about.read(resolved, read) or []
            answer = reply.span_answer(raw, resolved, spans, read, hits)
            if answer is not None:
                return answer
        if outside:  # what it asks is not in any description read: no list of courses instead
            return reply.none_answer(raw, resolved, filtered=filtered, outside=True)
        listed = hits[:1] + [h for h in hits[1:] if self.relevance.related(h)]
        types = [c for c in r.conditions if CatalogTerms.is_type_word(c)]
        if types and not titles:  # students say "교양" of any course: that type's related courses first
            listed += [h for h in beyond if self.relevance.related(h)]
            listed.sort(key=lambda h: other_type(h.course, types, self.resolver.terms.fits))  # stable: relevance order kept
        answer = lists.lookup_answer(raw, resolved, listed, hedged=decision == "hedge", max_listed=self.max_listed,
                                     named=bool(titles))
        if asks_when_offered(resolved):  # "운영체제 이번 학기 열려?": it is in the catalog; the term, unknown
            answer = replace(answer, message=f"{answer.message}\n{reply.TERM_UNKNOWN}")
        return answer

    @staticmethod
    def _strict(conditions: Sequence[str]) -> list[str]:
        """The conditions a course must meet to be found at all: credits, year, semester and
        university ("1학점짜리"); a course type ("교양") only orders the list."""
        return [c for c in conditions if not CatalogTerms.is_type_word(c)]

    def decide(self, r: Resolution, hits: Sequence[Hit], unwritten: str | None) -> str:
        """The relevance decision for an open search's hits (best first), by the words it
        searches for (not its conditions: "정보컴퓨터공학부 인공지능" is about 인공지능);
        ``unwritten``: the search's topic the catalog never writes (:meth:`_unwritten_topic`,
        found once by the caller, whose none answer names it)."""
        resolved = r.question
        words = content_words(self.resolver.terms.without_conditions(resolved) if r.conditions else resolved)
        top = hits[0]
        coverage = word_coverage(words, f"{top.course.title} {top.course.description}")[0] if words else 0.0
        presence = self.words.share(words)
        topic = asked_topic(resolved)
        written = self.words.writes_any([w for w in words if HANGUL.search(w)]) and unwritten is None
        held = topic is not None and unwritten is None and compact(topic) in compact(top.course.title) \
            and self.words.used_by(topic) <= self.quote_max_share  # 교양라틴어: not "실습" of any 실습 course
        return self.relevance.decide(hits, coverage, presence, written=written, topic_held=held)

    def _unwritten_topic(self, r: Resolution) -> str | None:
        """The word a request for courses is about ("볼링 수업 있어?" -> "볼링",
        :func:`~assistant.searches.asked_topic`) when the catalog never writes it, spacing aside:
        any course found for it is found for its other words or the look of its letters. Its
        conditions ("2학년", "교양") are no words of the topic."""
        topic = asked_topic(r.question)
        if topic is None or not self.words.writes(topic):
            return topic
        # "낚시 기술 가르쳐주는 수업", "캔들 공예 수업": a kind of a word the catalog writes, which it never writes
        kind = topic_kind(self.resolver.terms.without_conditions(r.question) if r.conditions else r.question, topic)
        return kind if kind is not None and not CatalogTerms.is_type_word(kind) and not self.words.writes(kind) else None

    def again(self, raw: str, r: Resolution, filters: Filters | None) -> Answer:
        """The last search again (:meth:`CourseResolver.resolve`): courses it did not list yet
        ("다른 건 없어?"), or those of its courses that fit what was named ("그 중에 교양은?"):
        the listed ones first, else others of the search, said to be beyond the list. Listed
        when the relevance decision still holds for them."""
        filtered = filters is not None and not filters.is_empty()
        shown = set(r.shown)
        more = r.more
        scope = self.browser.scope(r.conditions, filters)
        if (filtered or scope is not filters) and not content_words(r.search):  # a scope's courses: more, or those that fit
            listing = self.browser.run(raw, r.question, [*r.conditions, *(r.narrow or ())], scope,
                                       shown=r.shown if more else ())
            return replace(listing, narrowed=r.narrow or ())
        deep = bool(r.narrow or r.conditions)
        pool = self.retriever.run(r.search, top_k=NARROW_POOL if deep else self.top_k + len(shown), filters=scope)
        if deep:  # deep in the pool: only courses the search itself would list, that fit
            must = [*self._strict(r.conditions), *(r.narrow or ())]
            pool = [h for h in pool if self.resolver.terms.fits(h.course, must)
                    and (not r.narrow or shown & set(h.lecture_ids) or self.relevance.related(h))]
        if more:
            hits = [h for h in pool if not shown & set(h.lecture_ids)]
            if types := [c for c in r.conditions if CatalogTerms.is_type_word(c)]:  # "교양 중에 글쓰기" -> "더": 교양 first
                hits.sort(key=lambda h: not self.resolver.terms.fits(h.course, types))
            lead = "앞에서 말한 과목 말고도 있어요:"
        else:
            hits = [h for h in pool if shown & set(h.lecture_ids)] or pool
            lead = "그 중에는 이런 과목이 있어요:" if hits and shown & set(hits[0].lecture_ids) else \
                "앞의 목록에는 없지만, 같은 검색에서 찾은 과목은"
        decision = self.decide(r, hits, self._unwritten_topic(r)) if hits else "none"
        if decision == "none":  # "더 보여줘" of a narrowed list: still narrowed
            return replace(lists.again_none_answer(raw, r.question, None if more else r.narrow, filtered=filtered),
                           narrowed=r.narrow or () if more else ())
        listed = hits[:1] + [h for h in hits[1:] if self.relevance.related(h) or shown & set(h.lecture_ids)]
        return replace(lists.lookup_answer(raw, r.question, listed, hedged=decision == "hedge",
                                           max_listed=self.max_listed, lead=lead), narrowed=r.narrow or ())
