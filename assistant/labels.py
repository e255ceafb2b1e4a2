"""Labelled values inside a course description: "교재: …", "(교재) …", "선수과목 : …",
"평가: …", "…를 교재로 사용", "…를 먼저 수강할 것을 권장".

Syllabi write their fields as label lines or fixed phrases in many formats; when the catalog
has no column for a field, :func:`find_labeled` finds the value in the description itself,
with character offsets, so the chat can quote it as a span and cite where it stands. The
reader handles everything that is not written in one of these forms.
"""

from __future__ import annotations

import re

from .text import soft_breaks

_LABEL_WORDS: dict[str, str] = {
    "textbook": r"주\s*교재|교재|교과서|text\s*books?",
    "prerequisites": r"선수\s*과목|선이수\s*과목|선수\s*강\s*과목|선수\s*요건|선수\s*학습|prerequisites?",
    "evaluation": r"평가\s*방법|평가\s*비율|평가\s*기준|성적\s*평가|성적\s*산출|평가|grading|evaluation",
}

# "교재: X", "(교재) X", "[교재] X", "교재 - X", "교재는 X", "평가 비율은 X"
_LEADING = r"(?:^|(?<=[\s.,;·]))[\(\[【<]?\s*(?:{words})\s*[\)\]】>]?\s*(?:[:：\-–]\s*|은\s+|는\s+|(?<=[\)\]】>])\s*)"
# "X를 교재로 사용", "X을 주교재로 한다", "X를 먼저 수강할 것을 권장"
_TRAILING = {
    "textbook": r"(?P<v>[^.\n※]{2,80}?)\s*(?:을|를)\s*(?:(?:주|기본|주된)\s*)?교재로",
    "prerequisites": r"(?P<v>[^.\n※,]{2,40}?)\s*(?:을|를)\s*(?:먼저|미리|사전에)\s*(?:수강|이수)",
}
_STOP = re.compile(r"\n|※|\s[①-⑳]|(?<=[가-힣a-z0-9)\]%])\.(?:\s|$)|(?:이다|입니다|이며|임)(?=[\s.,]|$)"
                   r"|(?:을|를)\s*(?:사용|활용|이용)|(?:으로|로)\s*(?:한다|하며|진행|평가)")


# Words a sentence uses when it states a field's value in prose ("…을 먼저 이수한 학생",
# "중간고사 30%"): a span the reader finds for that field stands in such a sentence. Wider
# than the label words, but not the words of any topic ("기초", "분석").
_CUE_WORDS: dict[str, str] = {
    "prerequisites": _LABEL_WORDS["prerequisites"] + r"|선수|선이수|선행|먼저|미리|사전에|이전에|후속|이수(?:한|해|하|를|가|\s*후)"
                     r"|수강(?:한|해야|하기\s*전|\s*전|\s*후)|들은\s*학생|(?:지식|이해|능력|경험)(?:이|을|가)?\s*(?:필요|요구)|필요로"
                     r"|require[sd]?|recommended|prior",
    "textbook": _LABEL_WORDS["textbook"] + r"|참고\s*(?:서|도서|문헌|자료)|도서|저서|책|출판|저\)|\bed\.|press|book",
    "evaluation": _LABEL_WORDS["evaluation"] + r"|성적|시험|고사|과제|출석|퀴즈|발표|보고서|레포트|리포트|점수|\d\s*%"
                  r"|퍼센트|비율|비중|반영|exam|quiz|assignment|attendance|%",
}


CUE_BEFORE, CUE_AFTER = 120, 40
"""Characters before and after a span in which its field must be spoken of (:func:`states_field`)."""


def states_field(text: str, field: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text`` around the span ``start:end`` (all of it by default) speaks of
    ``field``: a span for "선수과목 뭐야?" from a sentence that never speaks of prerequisites
    is a phrase of the description, not a prerequisite. Fields without cue words pass."""
    words = _CUE_WORDS.get(field)
    end = len(text) if end is None else end
    return words is None or re.search(words, text[max(0, start - CUE_BEFORE):end + CUE_AFTER], re.I) is not None


# course codes joined by connectors: "SOC2003 또는 SOC2004", "STS2005, SCI1011"
_CODES = re.compile(r"[A-Z]{2,5}\d{3,5}[A-Z]?(?:\s*(?:,|/|또는|혹은|및|and|or)\s*[A-Z]{2,5}\d{3,5}[A-Z]?)*")


def find_labeled(description: str, field: str) -> tuple[int, int] | None:
    """Offsets of ``field``'s value written in ``description`` (``None`` if absent).

    Args:
        description: A course description as stored (offsets point into it).
        field: ``"textbook"``, ``"prerequisites"`` or ``"evaluation"``.
    """
    words = _LABEL_WORDS.get(field)
    if words is None:
        return None
    soft = soft_breaks(description)
    if soft:  # a wrapped value runs on across its soft breaks (a space: the same length)
        description = "".join(" " if i in soft else ch for i, ch in enumerate(description))
    for match in re.finditer(_LEADING.format(words=words), description, re.I):
        start = match.end()
        end = _value_end(description, start)
        if end - start >= 2 and not re.match(r"\s*(?:및|과|와|의|을|를|에|으로|로)\b", description[start:end]):
            codes = _CODES.match(description, start, end)
            if codes and end - start > 40:  # "TIS1005 This course …": the codes, not the prose
                end = codes.end()
            return start, end
    pattern = _TRAILING.get(field)
    if pattern:
        for match in re.finditer(pattern, description):
            start, end = match.span("v")
            head = max(description.rfind(". ", 0, start), description.rfind("\n", 0, start))
            start = max(start, head + 2 if head >= 0 else start)
            while start < end and description[start] in " \t(":
                start += 1
            if end - start >= 2:
                return start, end
    return None


def _value_end(text: str, start: int) -> int:
    """Where a value that starts at ``start`` ends: the end of its line or sentence,
    outside parentheses (``"(Cormen et al.)"`` stays whole)."""
    depth = 0
    i = start
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif depth == 0:
            stop = _STOP.match(text, i)
            if stop:
                break
        i += 1
    end = i
    while end > start and text[end - 1] in " \t,;:·":
        end -= 1
    return end
