"""Which course a question is about: lecture ids and catalog titles written in it, a course
of the last list ("두 번째 거"), or the course under discussion in a conversation ("그 과목
교수는?", "팀플 있어?"). :meth:`CourseResolver.resolve` makes the one
:class:`~assistant.records.Resolution` the rest of :mod:`assistant.ask` works from."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from .abbreviations import Abbreviations, meant, spell_out
from .history import ConversationHistory
from .ids import id_aliases, id_tokens, without_ids
from .question import (asked_fields, asks_overview, asks_what_it_is, bare_mention, content_words,
                       norm_key, reference_span, refers_back, replace_reference, title_keys, title_span,
                       without_title)
from .prerequisites import PrerequisiteMap
from .places import as_department, find_namesakes, named_first, names_place, whole_word, without_place
from .records import EXTRA_FIELDS, Course, Resolution
from .searches import asks_besides, is_discovery, search_text
from .store import Filters
from .terms import CatalogTerms
from .turns import among, asks_all_listed, asks_leads_to, asks_more, follows_up, ordinal
from .words import CatalogWords

CORE_FIELDS = ("lecture_id", "instructor", "credits", "department", "course_type")
"""What a lecture id with nothing asked of it shows: the course's catalog row (and the opening of
its description)."""

MAX_NAMESAKES = 7
"""Other courses of the same title a field answer lists at most (one per university of the
eight-university file, beside the course itself)."""


SHORT_TITLE = 2
"""Titles this short ("일어(I)", "생물") count only as a word of their own, or a word and
its particle: "일어나면" or "바다생물" does not name a course."""


class CourseResolver(ConversationHistory):
    """Which course a question is about: lecture ids and catalog titles written in it,
    or the course under discussion (follow-ups such as "그 과목 교수는?").

    Args:
        courses: Every course of the catalog (titles and ids are indexed once; the rows
            are kept, so resolving never goes back to the store).
        words: The catalog's words, if already read (shortened titles are told from them).
    """

    def __init__(self, courses: Mapping[str, Course], words: CatalogWords | None = None) -> None:
        self.courses: Mapping[str, Course] = courses
        self.titles: dict[str, list[str]] = {}
        for lid, course in courses.items():
            for key in title_keys(course.title):
                self.titles.setdefault(key, []).append(lid)
        self.ids = {lid.strip().upper(): lid for lid in courses}  # a whole id before any other's part
        for lid in courses:
            for alias in id_aliases(lid):
                self.ids.setdefault(alias, lid)
        self.columns = sorted({k for c in courses.values() for k, _ in c.extra
                               if k not in EXTRA_FIELDS and len(norm_key(k)) >= 2}, key=len, reverse=True)
        self.terms = CatalogTerms(courses.values())
        self.abbreviations = Abbreviations(courses, words)
        self.prerequisites = PrerequisiteMap(courses, self.titles, self.lecture_ids, self.titles_in)
        self._focus_by_text: OrderedDict[str, str] = OrderedDict()
        self._remember_lock = threading.Lock()  # answers are remembered from several threads

    def resolve(self, q: str, history: Sequence[Any] = (), filters: Filters | None = None) -> Resolution:
        """Which course ``q`` (normalized) is about and what it asks of it, in this order: a
        lecture id written in it; a catalog title (not when it asks which courses exist,
        unless it names one to ask about); an ordinal pointing into the last list; the last
        search asked again ("다른 건 없어?", "그 중에 교양은?"); else, in a conversation about a
        course, its namesake of another department the question names, or that course itself
        when ``q`` points back at it, asks only generic things, or follows up on it
        (:func:`~assistant.turns.follows_up`). A shortened title ("운체") is spelled out first
        when it means one course."""
        ids = self.lecture_ids(q)
        named = self.titles_in(q)
        spelled: list[tuple[str, str]] = []
        while not ids and len(spelled) < MAX_JOINED and ordinal(q) is None and among(q) is None \
                and not asks_more(q) and (short := self.abbreviations.find(q)) is not None:  # "운체 몇 학점이야?"
            word, meaning = short
            if named and not self._beside_title(q, word, named):  # "X 족보 있어?": a word of its own
                break
            one = meant(meaning, self.courses)
            if one is None:
                if spelled or named:
                    break
                # "일물": 일반물리학I or 일반물리학II, asked back (what it asks of each, answered); each
                # title's course of the university or department the question names
                meaning = tuple(named_first(q, self.titles.get(norm_key(self.courses[i].title), [i]),
                                            self.courses)[0] for i in meaning)
                return Resolution(q, fields=tuple(asked_fields(self.without_columns(q)) + self.columns_in(q)),
                                  shortened=(word, meaning))
            q = spell_out(q, word, self.courses[one].title)  # "자구랑 컴구 학년": each spelled out
            spelled.append((word, one))
            named = self.titles_in(q)
        if not ids and not named and not spelled and (typo := self.abbreviations.misspelled(q)) is not None:
            word, key = typo  # "운영채제 뭐 배워?": 운영체제, said so
            one = self.titles[key][0]
            q = q.replace(word, self.courses[one].title, 1)
            spelled.append((word, one))
            named = self.titles_in(q)
        if spelled:
            return replace(self._resolve(q, ids, named, history, filters), spelled=tuple(spelled))
        return self._resolve(q, ids, named, history, filters)

    def _beside_title(self, q: str, word: str, named: Sequence[str]) -> bool:
        """Whether ``word`` is joined to a title ``q`` names ("자료구조랑 컴구"): a shortening
        beside a title, not a word of the question's own ("현대문학비평론 족보 있어?")."""
        low = unicodedata.normalize("NFKC", q).lower()
        at = low.find(word)
        spans = [found for lid in named if (found := title_span(low, self.courses[lid].title))]
        return at >= 0 and any(_JOIN_WORD.fullmatch(low[end:at]) or _JOIN_WORD.fullmatch(low[at + len(word):start])
                               for start, end in spans)

    def _resolve(self, q: str, ids: list[str], named: list[str], history: Sequence[Any],
                 filters: Filters | None) -> Resolution:
        """:meth:`resolve` once shortenings are spelled out."""
        columns = self.columns_in(q)  # "비고는?": a column of this catalog the chat has no name for
        q_plain = self.without_columns(q) if columns else q  # "학점이랑 비고 알려줘" asks 학점 too
        fields = asked_fields(q_plain) + columns
        titles = self._by_department(q, [t for t in named if self._passes(t, filters)])
        if titles and not ids and among(q) is not None and self.last_list(history):
            titles = []  # "그 중에 수영은?" after a list: its courses of 수영, not the course 수영(자유형)
        leads_to = asks_leads_to(q)  # "X 듣고 나면 뭐 들을 수 있어?": about X, not its prerequisites
        if leads_to:
            fields = [f for f in fields if f != "prerequisites"]
        # "CSE4175 어떤 과목이야?" and "X 과제는 어떤 게 있어요?" ask about the course they name
        discovery = is_discovery(q, named=bool(titles)) and not fields and not ids and not leads_to
        besides = self._besides(q, titles, history) if not ids else None
        if besides is not None and asks_more(q) and len(self.last_list(history)) > 1:
            besides = None  # "그거 말고 다른 거" after a list: more of that list, not courses like its first
        if besides is not None:  # "운영체제 말고 다른 과목": a search for others, none of its title leading
            discovery, fields, titles = True, [], []
        # "간호학과 2학년 과목 목록 좀", "화학과 전공필수 뭐야": a department and nothing else to search
        scope_only = not ids and not titles and not among(q) and self.terms.scope_only(q)
        if scope_only and (current := self.focus(history)) in self.courses and self._sibling(q, current):
            scope_only = False  # "환경공학과 거는?": that department's course of the title under discussion
        if scope_only:
            discovery, fields = True, []
        target, resolved, overview, shown, narrow, asks_again, more = None, q, False, (), None, False, False
        pointed = ordinal(q)  # "두 번째 거 …": a course of the last list
        focus = self.focus(history) if titles and refers_back(q) else None  # "그 과목이랑 알고리즘 차이는?"
        joined = self.joined(q, titles, focus if focus in self.courses else None) \
            if (len(titles) > 1 or focus) and not ids and not discovery else []
        if ids:
            target = ids[0]
        elif titles and not discovery:
            target = joined[0] if joined else titles[0]
            resolved = self._carry_over(q, history, target)
            fields = asked_fields(self.without_columns(resolved)) + self.columns_in(resolved)
            overview = resolved == q and not fields and asks_overview(
                without_place(without_title(q, self.courses[target].title), self.courses[target]))
            if resolved != q and not fields and is_discovery(resolved, named=True):  # "운영체제요" after "운체 개설돼?"
                target, discovery = None, True
        elif pointed and not discovery and (chosen := self.listed(history, pointed[0])):
            target, resolved = chosen, f"{self.courses[chosen].title} {pointed[1]}"  # "두 번째 거 몇 학년이야?"
            fields = asked_fields(resolved) + columns
            overview = not fields and asks_overview(pointed[1])  # "세 번째는?": that course shown
        elif not titles and not ids and asks_all_listed(q) \
                and 2 <= len(listed := self.last_list(history)) <= MAX_JOINED:  # "둘 차이가 뭐야?"
            target, joined, discovery = listed[0], list(listed), False
        elif besides is not None:  # searched for, the course's title written for the pointer
            resolved = replace_reference(q, self.courses[besides].title) if refers_back(q) else q
        elif not titles and (again := self._again(q, history)) is not None:
            resolved, shown, narrow, opens, more = again  # "다른 건 없어?", "그 중에 교양은?"
            discovery, fields, asks_again = True, [], True
            if opens is not None:  # more of what a course opens
                target, leads_to = opens, True
        else:
            focus = self.focus(history)
            if focus and focus in self.courses and not discovery and (sibling := self._sibling(q, focus)):
                target, resolved = sibling, self._switch(q, history, sibling)  # "회계세무학부 거는 몇 학년이야?"
                fields = asked_fields(self.without_columns(resolved)) + self.columns_in(resolved)
                overview = not fields and resolved == q
            elif focus and focus in self.courses and not scope_only and (refers_back(q) or _generic_only(q_plain)
                                                      or (not discovery and self._stays_with(q_plain, focus))):
                target, resolved = focus, self._rewrite(q, focus)
                overview = not fields and asks_overview(replace_reference(q, " "))  # "그 과목 뭐 배워?"
                discovery = discovery and not overview  # "그 과목 어떤 수업이야?" asks about it, not for courses
        if ids and "lecture_id" in fields:  # "강의번호 09000056 과목은 …": the number names the course
            fields = [f for f in fields if f != "lecture_id"]
        if ids and not fields:
            rest = without_title(without_ids(q, self.ids), self.courses[ids[0]].title)
            if bare_mention(rest) or asks_what_it_is(rest):  # "CSE4070", "SOC2003 무슨 수업이야?"
                fields = list(CORE_FIELDS)  # its catalog row and what it is
        namesakes = self._namesakes(q, titles, target) if target in titles and not ids and not discovery else []
        # "1학점짜리 체육 수업": what a search (or "그 중에 2학년?") sets beside its topic
        conditions, unknown = self.terms.conditions(among(q) or q) if discovery and target is None else ((), ())
        searched = conditions or unknown  # "1학점짜리 체육 수업" where no course has credits: not a search for "1"
        if asks_again and target is None:  # "경제학과 수업 뭐 있어?" -> "더 보여줘": the earlier search's, still
            conditions, earlier = self.terms.conditions(resolved)
            searched = conditions or earlier
            kinds = {self.terms.kind(w) for w in narrow or ()} - {None}  # "2학년 …" -> "그 중에 3학년 거": 3학년
            conditions = tuple(c for c in conditions if self.terms.kind(c) not in kinds)
        search = search_text(self.terms.without_conditions(resolved) if searched else resolved)
        return Resolution(resolved, target, tuple(fields), tuple(ids), tuple(named), tuple(titles), discovery,
                          pointed, overview and not leads_to, tuple(namesakes), asks_again, shown, narrow,
                          leads_to and target is not None, tuple(conditions), unknown,
                          joined=tuple(joined[1:]) if not leads_to else (), besides=besides, more=more, search=search)

    def _besides(self, q: str, titles: Sequence[str], history: Sequence[Any]) -> str | None:
        """The course ``q`` asks for others than: a title written before 말고 / 대신 ("운영체제
        말고"), or what the pointer before it stands for, a title written before the pointer
        ("미시경제학 듣는데 이거 말고") or else the course under discussion ("그거 말고 다른 수영
        수업"); ``None`` when it asks for no others."""
        named = [t for t in titles if asks_besides(q, self.courses[t].title)]
        if named:
            return named[0]
        if not asks_besides(q):
            return None
        low = unicodedata.normalize("NFKC", q).lower()
        pointer = reference_span(low)
        before = [t for t in titles if (span := title_span(low, self.courses[t].title)) and pointer and span[1] <= pointer[0]]
        if before:
            return before[0]
        focus = self.focus(history)
        return focus if focus in self.courses else None

    def joined(self, q: str, titles: Sequence[str], focus: str | None = None) -> list[str]:
        """One course of each of two or three titles ``q`` joins ("자료구조랑 운영체제", "A, B와 C",
        "A vs B"), in the order written (the courses of the department it names first), the
        course under discussion (``focus``) among them where ``q`` points at it ("그 과목이랑
        알고리즘"); empty when it names them apart ("A 듣고 B 들어도 돼?")."""
        low = unicodedata.normalize("NFKC", q).lower()
        spots, seen = [], set()
        if focus is not None and (pointer := reference_span(low)) is not None:
            spots.append((*pointer, focus))
            seen.add(norm_key(self.courses[focus].title))
        for lid in titles:
            title = norm_key(self.courses[lid].title)
            if title in seen:
                continue
            seen.add(title)
            found = title_span(low, self.courses[lid].title)
            if found is not None:
                spots.append((*found, lid))
        spots.sort()
        pairs = list(zip(spots, spots[1:]))  # each written apart ("사회심리학(캡스톤디자인)" is one place)
        if not 2 <= len(spots) <= MAX_JOINED or any(
                start < end or not (_JOIN_WORD if focus in (a, b) else _JOIN).fullmatch(low[end:start])
                for (_, end, a), (start, _, b) in pairs):  # "X 그 과목 듣고": a pointer is joined in words
            return []
        return [lid for *_, lid in spots]

    def code_titles(self, text: str) -> dict[str, str]:
        """The lecture ids written in ``text`` ("SOC2003 또는 SOC2004") with their titles."""
        return {t: self.courses[self.ids[t]].title for t in id_tokens(text) if t in self.ids}

    def columns_in(self, q: str) -> list[str]:
        """The catalog's own columns beyond the known fields (:attr:`Course.extra` keys such
        as "비고", "원어강의") that ``q`` names, longest first."""
        key = norm_key(q)
        return [c for c in self.columns if norm_key(c) in key]

    def without_columns(self, q: str) -> str:
        """``q`` less the catalog columns it names: what else it says."""
        for column in self.columns_in(q):
            q = re.sub(r"\s*".join(map(re.escape, column.replace(" ", ""))), " ", q, flags=re.I)
        return q

    def lecture_ids(self, q: str) -> list[str]:
        """Lecture ids written in ``q`` (any form :func:`id_aliases` knows)."""
        return list(dict.fromkeys(self.ids[t] for t in id_tokens(q) if t in self.ids))

    def titles_in(self, q: str) -> list[str]:
        """Lecture ids of catalog titles written in ``q``, longest title first (a title
        inside a longer matched title does not count)."""
        key = norm_key(q)
        found = [t for t in self.titles if t in key]
        if any(len(t) <= SHORT_TITLE for t in found):
            words = [norm_key(w) for w in q.split()]
            found = [t for t in found if len(t) > SHORT_TITLE or whole_word(t, words)]
        found = [t for t in found if not any(t != o and t in o for o in found)]
        low = unicodedata.normalize("NFKC", q).lower()
        if len(found) > 1:  # "환경공학과 유체역학": 환경공학 is written as a department there
            places = [t for t in found if as_department(t, low)]
            found = [t for t in found if t not in places] or found
        # "경제학과 수업 뭐 있어?": a department of this catalog, not the course 경제학
        found = [t for t in found if not self.terms.names_department(low, t)]
        found.sort(key=len, reverse=True)
        return list(dict.fromkeys(i for t in found for i in self.titles[t]))

    def _by_department(self, q: str, lecture_ids: list[str]) -> list[str]:
        """Courses or sections sharing a title: those whose department, university or
        instructor the question names first (:func:`named_first`)."""
        return lecture_ids if len(lecture_ids) < 2 else named_first(q, lecture_ids, self.courses)

    def _namesakes(self, q: str, titles: Sequence[str], target: str) -> list[Course]:
        """Other courses of the target's title the question does not tell apart
        (:func:`find_namesakes`); sections of the target are not namesakes."""
        others = [i for i in titles if i != target]
        return find_namesakes(q, self.courses[target], others, self.courses)[:MAX_NAMESAKES] if others else []

    def _passes(self, lecture_id: str, filters: Filters | None) -> bool:
        if filters is None or filters.is_empty():
            return True
        course = self.courses.get(lecture_id)
        return course is not None and filters.accepts(course)

    def _sibling(self, q: str, focus: str) -> str | None:
        """Another course of the focus's title whose department, university or instructor
        ``q`` names (and not the focus's): "회계세무학부 거는?" after 관리회계 of 경영학부."""
        key = norm_key(q)
        if names_place(key, self.courses[focus]):
            return None
        same = self.titles.get(norm_key(self.courses[focus].title), [])
        return next((i for i in same if i != focus and names_place(key, self.courses[i])), None)

    def _stays_with(self, q: str, focus: str) -> bool:
        """A follow-up about the course under discussion that does not point at it."""
        course = self.courses[focus]
        return follows_up(q, f"{course.title} {course.description}")


MAX_JOINED = 3
"""Most courses one question asks about together ("A, B와 C 학점")."""

# what joins two titles asked about together: "자료구조랑 운영체제", "A와 B", "A, B", "A vs B"
_JOIN = re.compile(r"\s*(?:이랑|랑|과|와|하고|및|그리고|,|/|&|vs\.?|대)?\s*(?:,\s*)?")
_JOIN_WORD = re.compile(r"\s*(?:이랑|랑|과|와|하고|및|그리고|,|/|&|vs\.?|대)\s*(?:,\s*)?")


def _generic_only(q: str) -> bool:
    """A short question without course-identifying words ("선수 과목은?", "담당 교수는?")."""
    return len(q) <= 40 and not content_words(q)
