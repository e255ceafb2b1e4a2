"""The conversation so far, as the resolver reads it: the course under discussion, the latest
list of courses and the search behind it ("다른 건?", "그 중에 …"), and a follow-up rewritten
to name its course ("그 과목 교수는?" -> "자료구조 교수는?", "현대문학비평론은?" after a
question about another course).

:class:`ConversationHistory` is mixed into :class:`~assistant.resolve.CourseResolver`, which
provides ``courses``, ``terms``, ``abbreviations``, ``lecture_ids``, ``resolve`` and the
answers' texts remembered for text history (``_focus_by_text``, ``_remember_lock``). ``history`` is what the UI keeps: :class:`~assistant.records.Answer` objects
(best), ``(user, bot)`` pairs or ``{"role", "content"}`` messages.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from .abbreviations import spell_out
from .question import asked_fields, asks_what_it_is, bare_mention, norm_key, refers_back, replace_reference, without_title
from .places import without_place
from .records import Answer
from .turns import among, asks_more, history_text


class ConversationHistory:
    """What earlier turns tell the resolver (a mixin of :class:`~assistant.resolve.CourseResolver`)."""

    def focus(self, history: Sequence[Any]) -> str | None:
        """The course the conversation is about: the latest focus in ``history``
        (:class:`Answer` objects, ``(user, bot)`` pairs or ``{"role", "content"}`` messages)."""
        for turn in reversed(list(history)):
            if isinstance(turn, Answer):
                if turn.focus_lecture_id:
                    return turn.focus_lecture_id
                continue
            text = None
            if isinstance(turn, Mapping):
                if turn.get("role") in ("assistant", "bot"):
                    text = history_text(turn.get("content"))
            elif isinstance(turn, (list, tuple)) and len(turn) == 2:
                text = history_text(turn[1])
            elif getattr(turn, "role", None) == "assistant":
                text = history_text(getattr(turn, "content", None))
            if not text:
                continue
            lid = self._focus_by_text.get(text)
            if lid is None:
                found = self.lecture_ids(text)
                lid = found[0] if found else None
            if lid:
                return lid
        return None

    def remember(self, answer: Answer) -> None:
        """Map an answer's message to its focus, for Gradio-style text history."""
        if not answer.focus_lecture_id:
            return
        with self._remember_lock:
            self._focus_by_text[answer.message] = answer.focus_lecture_id
            self._focus_by_text.move_to_end(answer.message)
            while len(self._focus_by_text) > 4096:
                self._focus_by_text.popitem(last=False)

    def _again(self, q: str, history: Sequence[Any]
               ) -> tuple[str, tuple[str, ...], tuple[str, ...] | None, str | None, bool] | None:
        """The last answer's search asked again, with the courses listed for it so far: for
        more courses ("다른 건 없어?"), or for those that fit what ``q`` names ("그 중에 교양은?")
        and what the last list was narrowed by; then the course whose following courses it
        listed ("X 듣고 나면 …": more of those), if so, and whether it asks for more.
        ``None`` when ``q`` asks neither; nothing shown when the last answer listed no search."""
        rest = among(q)
        if rest is None and not asks_more(q):
            return None
        answers = [t for t in history if isinstance(t, Answer)]
        search, prior = "", None  # the latest search that listed courses (answers to "다른 건?" keep it)
        for t in reversed(answers):  # past answers about one course ("두 번째 거 몇 학년이야?")
            if t.courses and t.resolved_question != search:
                search, prior = t.resolved_question, self.resolve(t.resolved_question)
                if prior.target is None or prior.leads_to:
                    break
        if prior is None or (prior.target is not None and not (prior.leads_to and rest is None)):
            return q, (), None, None, rest is None  # nothing listed to add to or narrow ("X 듣고 나면 …" lists more)
        listings = [t for t in answers if t.resolved_question == search]
        shown = tuple(dict.fromkeys(i for t in listings for h in t.courses for i in h.lecture_ids))
        # "그 중에 AI 관련된 건?" -> "그 중에 4학년 거는?", "더 보여줘": both, more of it
        before = next((t.narrowed for t in reversed(listings) if t.courses or t.narrowed), ())
        narrow = (before or None) if rest is None else self.terms.narrowing(rest)
        if narrow and before:  # "그 중에 3학년 거" after "그 중에 2학년 거": the year, replaced
            kinds = {self.terms.kind(w) for w in narrow} - {None}
            narrow = tuple(dict.fromkeys([*(w for w in before if self.terms.kind(w) not in kinds), *narrow]))
        return search, shown, narrow, prior.target, rest is None

    def _carry_over(self, q: str, history: Sequence[Any], target: str) -> str:
        """"현대문학비평론은?" after "자료구조 교재가 뭐야?" -> "현대문학비평론 교재가 뭐야?":
        a bare course name asks the previous question about another course, or the question a
        shortening left open ("운영체제 말한 거야" after "운체 몇 학년이야?" was asked back)."""
        if len(q) > 25 or asked_fields(q) or refers_back(q):
            return q
        title = self.courses[target].title
        rest = without_title(q, title)
        if not bare_mention(rest) or asks_what_it_is(rest):  # "X 어떤 수업이야?" asks of X itself
            return q
        last = next((t for t in reversed(list(history)) if isinstance(t, Answer)), None)
        if last is not None and last.focus_lecture_id is None and last.courses \
                and (short := self.abbreviations.find(last.resolved_question)) is not None \
                and norm_key(title) in {norm_key(self.courses[i].title) for i in short[1]}:
            # "운영체제 말한 거야" after "운체 몇 학년이야?" was asked back: that question, of it
            return spell_out(last.resolved_question, short[0], title)
        previous = next((t for t in reversed(list(history)) if isinstance(t, Answer)
                         and t.focus_lecture_id and t.resolved_question), None)
        if previous is None:
            return q
        old = self.courses.get(previous.focus_lecture_id)  # type: ignore[arg-type]
        if old is None or old.title == title or old.title not in previous.resolved_question:
            return q
        return previous.resolved_question.replace(old.title, title, 1)

    def _switch(self, q: str, history: Sequence[Any], sibling: str) -> str:
        """What is asked of ``sibling``: ``q`` with its title, or, when ``q`` names only where
        it is taught ("고분자공학과 거는?"), the previous question (same title, so same words)."""
        course = self.courses[sibling]
        rest = without_place(unicodedata.normalize("NFKC", q).lower(), course)
        previous = next((t.resolved_question for t in reversed(list(history)) if isinstance(t, Answer)
                         and t.focus_lecture_id and t.resolved_question), "")
        if bare_mention(rest) and course.title in previous:
            return f"{previous} ({course.department or course.get('college')})"
        return f"{course.title} {q}"

    def _rewrite(self, q: str, lecture_id: str) -> str:
        """``q`` with the reference replaced by (or prefixed with) the course title."""
        title = self.courses[lecture_id].title
        if refers_back(q):
            return replace_reference(q, title)
        return f"{title} {q}"

    @staticmethod
    def last_list(history: Sequence[Any]) -> tuple[str, ...]:
        """The courses the latest listing answer in ``history`` named, in order: :class:`Answer`
        objects only, as the app and the API keep them."""
        lists = [t.courses for t in history if isinstance(t, Answer)  # a list of one, not a course shown
                 and (len(t.courses) > 1 or (t.courses and t.kind == "lookup" and not t.citations))]
        return tuple(h.course.lecture_id for h in lists[-1]) if lists else ()

    @classmethod
    def listed(cls, history: Sequence[Any], n: int) -> str | None:
        """The ``n``-th course (1-based; -1 the last) of :meth:`last_list`, ``None`` past its end."""
        shown = cls.last_list(history)
        return shown[n - 1 if n > 0 else n] if 1 <= abs(n) <= len(shown) else None
