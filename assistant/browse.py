"""Courses of a scope with no topic: "정보컴퓨터공학부 3학년 전공필수 뭐 있어?", or "수업 뭐 있어?"
with a department chosen in the UI's filters. A search would rank the catalog by words the
question does not have; the scope itself is the answer, listed in catalog order (year, then
title), its course type first when one is named, and continued by "더 보여줘"."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from .records import Answer, Course, Hit
from .reply import course_line, reason
from .store import Filters, description_key
from .terms import CatalogTerms


class CourseBrowser:
    """Lists the courses of a scope: the departments a question names (or the UI's filters)
    and the conditions it sets (university, year, semester, credits, course type).

    Args:
        courses: Every course of the catalog, by lecture id.
        terms: The catalog's terms (:class:`~assistant.terms.CatalogTerms`).
        course_hit: A hit for one course read whole, with its sections.
        max_listed: Courses listed per answer.
    """

    def __init__(self, courses: Mapping[str, Course], terms: CatalogTerms,
                 course_hit: Callable[[str], Hit], max_listed: int = 5) -> None:
        self.courses = courses
        self.terms = terms
        self.course_hit = course_hit
        self.max_listed = max_listed

    def scope(self, conditions: Sequence[str], filters: Filters | None) -> Filters | None:
        """``filters`` restricted to the departments ``conditions`` name ("경제학과 수업 뭐
        있어?"); departments chosen in the filters win over those the question names."""
        names = self.terms.department_names(conditions)
        if not names or (filters is not None and filters.departments):
            return filters
        return replace(filters or Filters(), departments=names)

    def run(self, raw: str, resolved: str, conditions: Sequence[str], scope: Filters | None,
            shown: Sequence[str] = ()) -> Answer:
        """The scope's courses that meet ``conditions`` (a course type only when some course of
        the scope has it), each description once, those in ``shown`` left out."""
        strict = [c for c in conditions if not CatalogTerms.is_type_word(c)]
        types = [c for c in conditions if CatalogTerms.is_type_word(c)]
        found = [c for c in self.courses.values() if self._within(c, scope, strict)]
        typed = [c for c in found if self.terms.fits(c, types)] if types else found
        pool: dict[str, Course] = {}
        for course in sorted(typed or found, key=_catalog_order):
            pool.setdefault(description_key(f"{course.title}\n{course.description}"), course)
        seen = set(shown)
        rest = [c for c in pool.values() if c.lecture_id not in seen]
        hits = []
        for course in rest:
            if len(hits) == self.max_listed:
                break
            hit = self.course_hit(course.lecture_id)
            if not seen & set(hit.lecture_ids):  # its sections of the scope (일반물리학(I) of one department)
                inside = tuple(i for i in hit.lecture_ids if i in self.courses and self._within(self.courses[i], scope, strict))
                hits.append(replace(hit, lecture_ids=inside or hit.lecture_ids))
        named = any(self.terms.is_department(c) for c in conditions)  # else the filters' departments
        chosen = [] if named or scope is None else list(scope.departments or ())
        missing = types if types and not typed else []  # "화학과 교양": none, so every type listed
        label = " ".join(dict.fromkeys([*chosen, *(c for c in conditions if c not in missing)]))
        message = browse_message(label, hits, len(pool), len(rest), typed_missing=missing,
                                 more=bool(shown))
        return Answer(question=raw, resolved_question=resolved, kind="lookup" if hits else "none", message=message,
                      courses=tuple(hits), focus_lecture_id=hits[0].course.lecture_id if hits else None)


    def _within(self, course: Course, scope: Filters | None, strict: Sequence[str]) -> bool:
        return (scope is None or scope.accepts(course)) and self.terms.fits(course, strict)


def _catalog_order(course: Course) -> tuple[str, str, str]:
    return (course.get("year").strip() or "9", course.title, course.lecture_id)


def browse_message(label: str, hits: Sequence[Hit], total: int, left: int, *,
                   typed_missing: Sequence[str] = (), more: bool = False) -> str:
    """"정보컴퓨터공학부 3학년 과목은 12개예요 (학년·과목명 순, 앞의 5개):" and the courses;
    ``left`` of the ``total`` not shown before; ``typed_missing``: the course types named that
    no course of the scope has (all its courses listed instead)."""
    what = f"{label} 과목" if label else "이 조건의 과목"
    if not hits:
        return (f"앞에서 말한 과목 말고는 {what}이 더 없어요." if more
                else f"{what}을 이 카탈로그에서 찾지 못했습니다.")
    lines = []
    if typed_missing:
        lines.append(f"{'·'.join(typed_missing)} 과목은 없어서, 이수구분 없이 보여 드려요.")
    shown = f"앞의 {len(hits)}개" if left > len(hits) else ""
    if more:
        lines.append(f"{what}, 이어서 {len(hits)}개예요" + (f" (남은 {left - len(hits)}개는 '더 보여줘'):"
                                                      if left > len(hits) else ":"))
    else:
        lines.append(f"{what}은 {total}개예요 (학년·과목명 순" + (f", {shown}" if shown else "") + "):")
    lines += [f"- {course_line(h)}: {reason(h)}" for h in hits]
    if not more and left > len(hits):
        lines.append("더 보려면 '더 보여줘'라고 해 주세요.")
    return "\n".join(lines)
