"""Prerequisites as a catalog states them, in both directions: what a course requires
(:meth:`PrerequisiteMap.of`), the order to take them in (:meth:`PrerequisiteMap.chain`) and the
courses that require it (:meth:`PrerequisiteMap.leads_to`), each course named by lecture id or
title. Part of :class:`~assistant.resolve.CourseResolver`, built at warm-up."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping

from .ids import id_aliases, id_tokens
from .labels import find_labeled
from .question import norm_key, title_keys
from .records import Course

MAX_CHAIN, MAX_PER_LEVEL = 4, 3
"""How far back :meth:`PrerequisiteMap.chain` follows prerequisites, and how many courses a level keeps."""


class PrerequisiteMap:
    """What each course of a catalog requires, and which courses require it.

    Args:
        courses: Every course of the catalog.
        titles: The catalog's title keys and their lecture ids.
        ids_in: The lecture ids a text writes.
        titles_in: The lecture ids of the titles a text writes.
    """

    def __init__(self, courses: Mapping[str, Course], titles: Mapping[str, list[str]],
                 ids_in: Callable[[str], list[str]], titles_in: Callable[[str], list[str]]) -> None:
        self.courses = courses
        self.titles = titles
        self.ids_in = ids_in
        self.titles_in = titles_in
        self._stated: dict[str, str] | None = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Read every course's prerequisites once."""
        with self._lock:
            if self._stated is None:
                self._stated = {i: v for i in self.courses if (v := self.of(i))}

    def of(self, lecture_id: str) -> str:
        """What the catalog says must come before a course: its 선수과목 cell, else a value
        labelled in its description ("선수과목: …"); ``""`` when it says nothing."""
        course = self.courses[lecture_id]
        value = course.get("prerequisites").strip()
        if value:
            return value
        found = find_labeled(course.description, "prerequisites")
        return course.description[found[0]:found[1]] if found else ""

    def chain(self, lecture_id: str, depth: int = MAX_CHAIN) -> list[list[str]]:
        """The courses to take before ``lecture_id``, level by level back from it: its
        prerequisites (named by lecture id or title), theirs, and so on, ``depth`` levels at
        most, each course once, a few per level."""
        levels: list[list[str]] = []
        seen, level = {lecture_id}, [lecture_id]
        while level and len(levels) < depth:
            before = []
            for lid in level:
                text = self.of(lid)
                for other in (self.ids_in(text) + self.titles_in(text)) if text else []:
                    if other not in seen and self.courses[other].title not in {self.courses[i].title for i in seen}:
                        seen.add(other)
                        before.append(other)
            level = before[:MAX_PER_LEVEL]
            if level:
                levels.append(level)
        return levels

    def leads_to(self, lecture_id: str) -> list[tuple[str, str]] | None:
        """The courses that name ``lecture_id`` (by a lecture id or its title) as a prerequisite,
        each with what it requires, in catalog order; ``None`` when no course of the catalog
        states any prerequisite."""
        self.warm_up()
        if not self._stated:  # (read at warm-up)
            return None
        course = self.courses[lecture_id]
        ids = {a for lid in self.titles.get(norm_key(course.title), [lecture_id]) for a in id_aliases(lid)}
        keys = [k for k in title_keys(course.title) if len(k) >= 3]
        longer = [t for t in self.titles if any(k in t and k != t for k in keys)]  # "고급자료구조" is not 자료구조

        def names_it(text: str) -> bool:
            key = norm_key(text)
            for title in longer:
                key = key.replace(title, " ")
            return any(k in key for k in keys)

        found, seen = [], set()
        for other, text in self._stated.items():  # type: ignore[union-attr]
            title = self.courses[other].title
            if other == lecture_id or title == course.title or (title, text) in seen:  # a course listed twice
                continue
            if set(id_tokens(text)) & ids or names_it(text):
                seen.add((title, text))
                found.append((other, text))
        return found
