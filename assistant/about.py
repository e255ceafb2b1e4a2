"""Questions about one course the student named (:class:`CourseAnswers`): its catalog fields,
values labelled in its description ("교재: …"), or its whole description read by the reader,
said plainly when the catalog does not hold the answer. :class:`~assistant.ask.Assistant`
hands it the course its resolution found.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from . import lists, reply
from .errors import AssistantError
from .labels import find_labeled, states_field
from .question import OFFERING_FIELDS, topic_words
from .records import Answer, Course, Hit, SentenceMatch, Span
from .resolve import CORE_FIELDS, CourseResolver
from .searches import asks_uses, asks_yes_or_no
from .spans import with_negation
from .store import CourseStore
from .wording import nfkc_lower, writes_word
from .words import CatalogWords

log = logging.getLogger(__name__)

# whether a course covers something: "딥러닝도 배워?", "셰익스피어 다뤄?", "미분방정식 나와?"
_COVERS = re.compile(r"배워|배우|배움|다뤄|다루|나와|나오|공부해|공부하")


class SpanReader(Protocol):
    """What the assistant needs from :class:`assistant.read.Reader` (tests pass fakes)."""

    def run(self, question: str, hits: Sequence[Hit], top_k: int = 3,
            threshold: float | None = None) -> list[Span]: ...


class CourseAnswers:
    """Answers a question about one course: from its catalog row, its labelled values, or
    its description read whole.

    Args:
        store: The catalog database (sections, sentences).
        reader: The extractive reader, or ``None`` (fields and labelled values only).
        resolver: The catalog's titles, ids and columns (:class:`CourseResolver`).
        named_threshold: The reader's span threshold for a named course, or ``None`` for the
            reader's own.
        quote_max_share: Below that threshold, a sentence holding every word asked about is
            quoted if one of the words is in at most this share of the catalog's courses.
        reader_top_k: Spans asked from the reader.
        words: The catalog's words (how widely a word is used); without them nothing is quoted.
    """

    def __init__(self, store: CourseStore, reader: SpanReader | None, resolver: CourseResolver, *,
                 named_threshold: float | None, quote_max_share: float, reader_top_k: int = 3,
                 words: CatalogWords | None = None) -> None:
        self.store = store
        self.reader = reader
        self.resolver = resolver
        self.named_threshold = named_threshold
        self.quote_max_share = quote_max_share
        self.reader_top_k = reader_top_k
        self.words = words
        self.reader_error: str | None = None

    def run(self, raw: str, resolved: str, fields: Sequence[str], hit: Hit,
            namesakes: Sequence[Course] = ()) -> Answer:
        """Answer a question about one course: its catalog fields (beside those of the other
        courses of its title, when they differ), else its description."""
        rows = self.sections(hit)
        have = [f for f in fields if any(reply.field_value(c, f) for c in rows)]
        names = self.resolver.code_titles(" ".join(c.get("prerequisites") for c in [*rows, *namesakes])) \
            if "prerequisites" in fields else {}
        if tuple(fields) == CORE_FIELDS:  # a bare lecture id: what its row has, and what it is
            return reply.row_answer(raw, resolved, have, hit, rows)
        lacking = [f for f in fields if f not in have]
        if have and not lacking:
            answer = reply.field_answer(raw, resolved, have, hit, rows, namesakes, names)
            levels = self.resolver.prerequisites.chain(hit.course.lecture_id) if "prerequisites" in have and not namesakes else []
            if len(levels) > 1:  # "운영체제 들으려면 뭐부터 들어야 돼?": the prerequisites' own, back to the first
                courses = [[self.resolver.courses[i] for i in level] for level in levels]
                answer = replace(answer, message=f"{answer.message}\n{reply.chain_note(hit.course.title, courses)}")
            return answer
        whole = self.whole(hit)
        labelled = self.labelled(lacking, whole)
        if labelled and not have:  # "교재: …" written in the description: quote it
            return reply.span_answer(raw, resolved, labelled, [whole])  # type: ignore[return-value]
        if lacking and OFFERING_FIELDS.union(self.resolver.columns).issuperset(lacking):
            # when / where / seats, a column of the catalog's own: not in prose
            spans = []
        else:
            spans = self.read(resolved, [whole], threshold=self.named_threshold)
            if spans:  # "선수과목 뭐야?" read in a sentence about prerequisites, not any phrase
                text = whole.course.description
                spans = [s for s in spans if all(states_field(text, f, s.start, s.end) for f in lacking)]
                ends = [with_negation(text, s.end) for s in spans]  # "… 것이 아님" kept
                spans = [replace(s, text=text[s.start:b], end=b) for s, b in zip(spans, ends)]
        if spans is None:  # no reader: show the course rather than claim the answer is not there
            return lists.lookup_answer(raw, resolved, [hit], hedged=True)
        words = topic_words(resolved, hit.course.title)
        used, read = asks_uses(resolved), spans
        if spans and words and asks_yes_or_no(resolved) and (_COVERS.search(resolved) or used) \
                and not any(w in nfkc_lower(s.text) for s in spans for w in map(nfkc_lower, words)):
            spans = []  # "딥러닝도 배워?", "파이썬 써?" answered by a span that does not say it: its sentence instead
        if used and not lacking and not writes_word(f"{hit.course.title}\n{whole.course.description}", used):
            # "파이썬으로 해도 돼?" where the description never says 파이썬: said so, with what it does say
            answer = reply.unmentioned_answer(raw, resolved, whole, used, read[0] if read else None)
        else:
            answer = reply.span_answer(raw, resolved, spans, [whole])
        if answer is None and not OFFERING_FIELDS.intersection(lacking):
            # no confident span: the sentence that says what was asked about, if one does
            if words and self.words is not None and min(map(self.words.used_by, words)) <= self.quote_max_share:
                answer = reply.mention_answer(raw, resolved, whole, words)
        if answer is not None and namesakes:  # "공학프로그래밍언어 C언어야?" of seven departments: whose
            answer = replace(answer, message=f"{answer.message}\n{reply.namesakes_note(hit.course, namesakes)}")
        if answer is not None and not have:
            return answer
        if have:  # some asked fields are in the catalog: answer those, name the others
            field = reply.field_answer(raw, resolved, have, hit, rows, namesakes, names)
            names = ", ".join(map(reply.field_name, lacking))
            return replace(field, message=f"{field.message} {names} 정보는 카탈로그에 없습니다.")
        return reply.not_in_catalog_answer(raw, resolved, hit, lacking)

    @staticmethod
    def labelled(fields: Sequence[str], hit: Hit) -> list[Span]:
        """Values of ``fields`` written as labels in the description ("교재: …")."""
        spans = []
        text = hit.course.description
        for f in fields:
            found = find_labeled(text, f)
            if found:
                start, end = found
                sid = next((s.id for s in hit.sentences if s.start <= start < s.end), None)
                spans.append(Span(text[start:end], 1.0, hit.course.lecture_id, sid, start, end))
        return spans

    def read(self, question: str, hits: Sequence[Hit], threshold: float | None = None) -> list[Span] | None:
        """Confident spans in ``hits``; ``None`` when there is no working reader."""
        if self.reader is None:
            return None
        if not hits:
            return []
        try:
            if threshold is None:
                spans = self.reader.run(question, list(hits), top_k=self.reader_top_k)
            else:
                spans = self.reader.run(question, list(hits), top_k=self.reader_top_k, threshold=threshold)
        except AssistantError as exc:  # e.g. weights missing: fall back to course lists
            log.error("reader failed: %s", exc)
            self.reader_error = str(exc)
            return None
        return [s for s in spans if s.text and s.text.strip()]

    def sections(self, hit: Hit) -> list[Course]:
        """The catalog rows of the hit's course and its sections."""
        sections = self.store.courses(list(hit.lecture_ids))
        return [sections[i] for i in hit.lecture_ids if i in sections] or [hit.course]

    def course_hit(self, lecture_id: str) -> Hit:
        """A hit for one course read whole (a course named in the question)."""
        course = self.store.courses([lecture_id])[lecture_id]
        sentences = tuple(self.store.course_sentences(lecture_id))
        sections = self.store.sections([lecture_id])[lecture_id]
        matches = tuple(SentenceMatch(s, 0.0) for s in sentences)
        return Hit(course, 0.0, matches, 0, len(course.description), sections, sentences)

    def whole(self, hit: Hit) -> Hit:
        """``hit`` widened to its whole description (the reader windows it)."""
        if hit.passage_start == 0 and hit.passage_end == len(hit.course.description):
            return hit
        return self.course_hit(hit.course.lecture_id)
