"""Which course a question is about: lecture ids and catalog titles written in it, or the
course under discussion in a conversation ("그 과목 교수는?")."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

from .question import history_text, id_aliases, id_tokens, norm_key, title_keys
from .records import Answer, Course


class CourseResolver:
    """Which course a question is about: lecture ids and catalog titles written in it,
    or the course under discussion (follow-ups such as "그 과목 교수는?").

    Args:
        courses: Every course of the catalog (titles and ids are indexed once).
    """

    def __init__(self, courses: Mapping[str, Course]) -> None:
        self.titles: dict[str, list[str]] = {}
        self.ids: dict[str, str] = {}
        for lid, course in courses.items():
            for key in title_keys(course.title):
                self.titles.setdefault(key, []).append(lid)
            for alias in id_aliases(lid):
                self.ids.setdefault(alias, lid)
        self._focus_by_text: OrderedDict[str, str] = OrderedDict()
        self._remember_lock = threading.Lock()  # answers are remembered from several threads

    def lecture_ids(self, q: str) -> list[str]:
        """Lecture ids written in ``q`` (any form :func:`id_aliases` knows)."""
        return list(dict.fromkeys(self.ids[t] for t in id_tokens(q) if t in self.ids))

    def titles_in(self, q: str) -> list[str]:
        """Lecture ids of catalog titles written in ``q``, longest title first (a title
        inside a longer matched title does not count)."""
        key = norm_key(q)
        found = [t for t in self.titles if t in key]
        found = [t for t in found if not any(t != o and t in o for o in found)]
        found.sort(key=len, reverse=True)
        return list(dict.fromkeys(i for t in found for i in self.titles[t]))

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
