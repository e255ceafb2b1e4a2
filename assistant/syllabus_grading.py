"""Grading lists for the reader's syllabus-style training examples.

Students ask how a course is graded ("성적 비율 어떻게 돼?"), what one part weighs ("팀
프로젝트 몇 퍼센트야?") and whether an exam is held at all ("중간고사 봐요?"). Real syllabi
answer in a grading list ("평가: 중간고사 30%, 기말고사 40%, 과제 20%, 출석 10%", "1. 출석
(10%) 2. 기말 보고서(60%)", "중간고사 없음"), but the catalogs the reader learns from rarely
write one (24 of 19,200 descriptions hold two shares or more). :func:`grading_line` writes one
in the formats syllabi use, from generic items and shares, for a course's description to
carry as a label line, the way :mod:`assistant.syllabus_qa` writes a catalog's textbook
column into the text; :func:`grading_questions` asks about it, with each answer's offsets.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .wording import particle

# (written item, the words students use for it)
_ITEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("중간고사", ("중간고사", "중간", "중간 시험")),
    ("기말고사", ("기말고사", "기말", "기말 시험")),
    ("출석", ("출석", "출결")),
    ("과제", ("과제", "숙제")),
    ("퀴즈", ("퀴즈", "쪽지시험")),
    ("발표", ("발표",)),
    ("보고서", ("보고서", "레포트")),
    ("팀 프로젝트", ("팀 프로젝트", "팀플", "조별 과제")),
    ("수업 참여", ("수업 참여", "참여도")),
    ("토론", ("토론",)),
    ("기말 프로젝트", ("기말 프로젝트", "프로젝트")),
    ("실기시험", ("실기시험", "실기")),
    ("포트폴리오", ("포트폴리오",)),
    ("수시고사", ("수시고사", "쪽지시험")),
)
_EXAMS = ("중간고사", "기말고사")
_ABSENT = ("{e} 없음", "{e}는 실시하지 않음", "별도의 {e}는 없음", "{e} 없이 과제로 대체", "{e}는 보지 않는다")
_SHARE = ("{i} {p}%", "{i}({p}%)", "{i}: {p}%", "{i} - {p}%", "{i}[{p}%]", "{i} {p} %")
_SEPARATORS = (", ", ", ", " / ", " ", "\n")
_LEADS = ("평가방법: ", "(평가) ", "[성적평가] ", "성적 평가: ", "평가 기준 - ", "※ 평가 : ", "평가: ", "")

_LIST_Q = ("{t} 성적 비율 어떻게 돼?", "{t} 성적은 어떻게 매겨요?", "{t} 평가 기준이 뭐야?",
           "{t} 학점 어떻게 나와? 비율 알려줘", "{t} 평가 방법 알려줘")
_SHARE_Q = ("{t} {q} 몇 퍼센트야?", "{t}에서 {q} 비중 얼마나 돼?", "{t} {q} 반영 비율은?", "{t} {q}{는} 몇 퍼 들어가?")
_EXAM_Q = ("{t} {q} 봐요?", "{t} {q} 있어?", "{t} {q}도 쳐?", "{t}{tn} {q} 보나요?")


@dataclass(frozen=True)
class GradingLine:
    """A grading list written as a syllabus line: its text, where the list itself (without
    its label) starts and ends in it, and each item's share (``None``: the exam is not held)
    with the offsets of the item as written and of its share."""

    text: str
    start: int
    end: int
    items: tuple[tuple[str, int | None, tuple[int, int], tuple[int, int]], ...]


def _ask(template: str, title: str, word: str = "") -> str:
    """A question from its template, with 은/는 fitted to the word before it."""
    return template.format(t=title, q=word, tn=particle(title, "은", "는"), **{"는": particle(word, "은", "는")})


def _shares(n: int, rng: random.Random) -> list[int]:
    """``n`` shares in steps of five that add up to 100, none under five."""
    cuts = sorted(rng.sample(range(1, 20), n - 1))
    return [5 * (b - a) for a, b in zip([0, *cuts], [*cuts, 20])]


def grading_line(rng: random.Random) -> GradingLine:
    """A grading list of three to five items in one of the formats syllabi use; now and
    then one of the two exams is said not to be held ("중간고사 없음")."""
    names = rng.sample([name for name, _ in _ITEMS], rng.randint(3, 5))
    absent = rng.choice(_EXAMS) if rng.random() < 0.35 else None
    if absent and absent not in names:
        names[rng.randrange(len(names))] = absent
    held = [n for n in names if n != absent]
    shares = dict(zip(held, _shares(len(held), rng)))
    share_format, separator, lead = rng.choice(_SHARE), rng.choice(_SEPARATORS), rng.choice(_LEADS)
    numbered = separator == "\n" or rng.random() < 0.2
    text, items = lead, []
    list_start = len(text)
    for k, name in enumerate(names):
        if k:
            text += separator
        if numbered:
            text += f"{k + 1}. "
        item_start = len(text)
        if name == absent:
            text += rng.choice(_ABSENT).format(e=name)
            share = None
            share_span = (item_start, len(text))
        else:
            written = share_format.format(i=name, p=shares[name])
            p = written.rindex(str(shares[name]))
            share_span = (item_start + p, item_start + written.index("%", p) + 1)
            text += written
            share = shares[name]
        items.append((name, share, (item_start, len(text)), share_span))
    return GradingLine(text, list_start, len(text), tuple(items))


def grading_questions(title: str, line: GradingLine, offset: int, rng: random.Random
                      ) -> list[tuple[str, str, int, int]]:
    """Questions about a grading line set ``offset`` characters into a description, as
    ``(kind, question, answer start, answer end)``: the whole list, when it is written on
    one line (an answer never runs across lines, :func:`~assistant.spans.trim_span`); one held item's share
    (its number and "%"); and whether an exam is held (the exam's item, its share or "없음"
    included)."""
    words = dict(_ITEMS)
    found = []
    if "\n" not in line.text[line.start:line.end]:  # an answer stays on its line (spans.trim_span)
        found.append(("grading_list", _ask(rng.choice(_LIST_Q), title), offset + line.start, offset + line.end))
    held = [item for item in line.items if item[1] is not None]
    name, _share, _item, (s, e) = rng.choice(held)
    found.append(("grading_share", _ask(rng.choice(_SHARE_Q), title, rng.choice(words[name])),
                  offset + s, offset + e))
    exams = [item for item in line.items if item[0] in _EXAMS]
    if exams:
        name, _share, (s, e), _ = rng.choice(exams)
        found.append(("grading_exam", _ask(rng.choice(_EXAM_Q), title, rng.choice(words[name])),
                      offset + s, offset + e))
    return found


def exam_question(title: str, rng: random.Random) -> str:
    """Whether an exam is held, asked of a course whose description says nothing of it
    (the reader must abstain)."""
    return _ask(rng.choice(_EXAM_Q), title, rng.choice(dict(_ITEMS)[rng.choice(_EXAMS)]))
