"""Answers that list courses: a search's matches (:func:`lookup_answer`), courses asked about
together, the courses a course opens, the titles a shortened name may stand for, and what is
said when a list cannot be continued or narrowed. Single-course answers and the helpers every
answer shares are in :mod:`assistant.reply`."""

from __future__ import annotations

from collections.abc import Sequence

from .question import is_english_only
from .records import Answer, Hit
from .reply import CLOSED_SAID, MSG_FILTERED, MSG_KOREAN_HINT, closed_note, course_line, label, reason
from .wording import as_written, one_line, particle


def lookup_answer(raw: str, resolved: str, hits: Sequence[Hit], *, hedged: bool, max_listed: int = 5,
                  lead: str = "네, 있어요:", named: bool = False) -> Answer:
    """Courses that match: the best one named in the first sentence (after ``lead``) with the
    sentence that shows it, then the others. ``hedged`` when the relevance decision is uncertain.
    A course whose title marks it as no longer offered ("(25-1 폐지)") comes after those that
    are not, unless it is the one the question ``named`` ("파일 처리 열려?"): then that is said."""
    listed = list(hits) if named else sorted(hits, key=lambda h: bool(closed_note(h.course)))  # stable
    listed = listed[:max_listed]
    top = listed[0]
    if closed_note(top.course):
        head = f"{course_line(top)}: {CLOSED_SAID.format(note=closed_note(top.course))} — “{reason(top)}”"
    elif hedged:
        head = (f"딱 맞는 과목인지는 확실하지 않지만, 가장 가까운 과목은 {course_line(top)}입니다 — "
                f"“{reason(top)}”")
    else:
        head = f"{lead} {course_line(top)} — “{reason(top)}”"
    lines = [head]
    if len(listed) > 1:
        lines.append("함께 볼 만한 과목:")
        lines += [f"- {course_line(h)}: {reason(h)}" for h in listed[1:]]
    if is_english_only(raw):
        lines.append(MSG_KOREAN_HINT)
    return Answer(question=raw, resolved_question=resolved, kind="lookup", message="\n".join(lines),
                  courses=tuple(listed), focus_lecture_id=top.course.lecture_id)


def joined_answer(raw: str, resolved: str, answers: Sequence[Answer], hits: Sequence[Hit], *,
                  side_by_side: bool = False, lead: str = "") -> Answer:
    """One answer for several courses asked about together ("자료구조랑 운영체제 학점 알려줘"):
    each course's answer in turn (``side_by_side``: what each is, under one lead, for "A와 B
    차이가 뭐야?"). The courses are listed, so "두 번째 거 교수님은?" picks one; no one course is
    under discussion after it."""
    if side_by_side:
        message = "\n".join([f"{len(answers)}과목을 나란히 보면:"] + [f"- {a.message}" for a in answers])
    else:
        message = "\n".join(([lead] if lead else []) + [a.message for a in answers])
    kinds = {a.kind for a in answers}
    kind = next((k for k in ("field", "span", "lookup") if k in kinds), "none")
    return Answer(question=raw, resolved_question=resolved, kind=kind, message=message,
                  spans=tuple(s for a in answers for s in a.spans),
                  citations=tuple(c for a in answers for c in a.citations), courses=tuple(hits),
                  answer_text="; ".join(a.answer_text for a in answers if a.answer_text))


def leads_to_answer(raw: str, resolved: str, hit: Hit, after: Sequence[Hit], total: int,
                    requirements: Sequence[str], *, known: bool, more: bool = False) -> Answer:
    """The courses that name ``hit``'s course as a prerequisite (``after``, the first of
    ``total``, each with what it requires), for "그 과목 듣고 나면 뭐 들을 수 있어?" (``more``:
    those not listed yet, for "더 보여줘"); ``known`` is false when the catalog states no
    prerequisite of any course."""
    name = label(hit.course, hit.lecture_ids)
    obj = particle(hit.course.title, "을", "를")  # "자료구조(AIE3050, CSE3080)를": the title's particle
    if not known:
        message = (f"이 카탈로그에는 선수과목 정보가 없어서 {name} 다음에 들을 과목을 알 수 없어요. "
                   "강의설명에도 선수과목이 적혀 있지 않습니다.")
    elif not after and more:
        message = f"앞에서 말한 과목 말고는 {name}{obj} 선수과목으로 적은 과목이 없어요."
    elif not after:
        message = f"카탈로그에서 {name}{obj} 선수과목으로 적은 과목은 찾지 못했어요."
    else:
        if more:
            head = f"앞에서 말한 과목 말고도 {name}{obj} 선수과목으로 적은 과목이 {total}개 더 있어요" + (
                f" (그중 {len(after)}개):" if total > len(after) else ":")
        else:
            head = f"{name}{obj} 선수과목으로 적은 과목" + (
                f"은 {total}개예요 (앞의 {len(after)}개):" if total > len(after) else "이에요:")
        lines = [head] + [f"- {course_line(h)}: 선수과목 “{one_line(req, 60)}”" for h, req in zip(after, requirements)]
        message = "\n".join(lines)
    return Answer(question=raw, resolved_question=resolved, kind="lookup" if after else "none", message=message,
                  courses=tuple(after), focus_lecture_id=hit.course.lecture_id)


def unknown_note(kinds: Sequence[str]) -> str:
    """What a question asked by that the catalog does not record ("2학년" where no course has a
    year): said, so the list is not taken for courses of that kind."""
    return f"참고: 이 카탈로그에는 {', '.join(kinds)} 정보가 없어서 그 조건으로는 고르지 못했어요."


def shortened_note(word: str, read_as: Sequence[str] | Sequence[Hit]) -> str:
    """How a shortened course name was read: as one title ("(‘운체’는 운영체제로
    알아들었어요.)"), or as several courses, each answered."""
    titles = [h.course.title if isinstance(h, Hit) else h for h in read_as]
    if len(titles) == 1:
        return f"(‘{word}’{particle(word, '은', '는')} {titles[0]}{particle(titles[0], '으로', '로')} 알아들었어요.)"
    return (f"(‘{word}’{particle(word, '이', '가')} {', '.join(titles)} 중 어느 과목인지 확실하지 않아 "
            "모두 답해요.)")


def shortened_answer(raw: str, word: str, hits: Sequence[Hit]) -> Answer:
    """A shortened course name ("일물") that may stand for several courses: which one, asked
    back with the courses listed (a later "첫 번째 거 …" picks one)."""
    lines = [f"‘{word}’{particle(word, '이', '가')} 어느 과목의 줄임말인지 확실하지 않아요. 이 중 하나인가요?"]
    lines += [f"- {course_line(h)}" for h in hits]
    return Answer(question=raw, resolved_question=raw, kind="lookup", message="\n".join(lines),
                  courses=tuple(hits))


def past_list_answer(raw: str, resolved: str, n: int, size: int) -> Answer:
    """An ordinal past the end of the last list ("여섯 번째 거" of five courses)."""
    message = (f"앞의 목록에는 과목이 {size}개뿐이라 {n}번째 과목은 없어요. 1번부터 {size}번 중에서 골라 주세요."
               if size > 1 else "앞의 목록에는 과목이 하나뿐이에요.")
    return Answer(question=raw, resolved_question=resolved, kind="none", message=message)


def again_none_answer(raw: str, resolved: str, narrow: Sequence[str] | None, *, filtered: bool = False,
                      unknown: Sequence[str] = ()) -> Answer:
    """Nothing more for the last search: no course beyond those listed (``narrow`` is
    ``None``), none of its courses fits ``narrow``, or what ``raw`` names to narrow by is
    nothing this catalog records (``narrow`` empty; ``unknown``: the kinds it lacks, "학년")."""
    if narrow is not None and not narrow and unknown:
        message = f"이 카탈로그에는 {', '.join(unknown)} 정보가 없어서 앞의 목록을 그 조건으로 좁힐 수 없어요."
    elif narrow is None:
        message = "앞에서 말한 과목 말고는 질문에 맞는 과목을 더 찾지 못했습니다."
    elif not narrow:
        message = (f"“{one_line(raw, 40)}”에서 앞의 목록을 좁힐 조건을 찾지 못했어요. 주제어(예: 파이썬)나, 이 "
                   "카탈로그에 있는 이수구분·학과·학점·학년 값(예: 교양, 3학점)으로 말해 주세요.")
    else:
        what = ", ".join(f"'{as_written(w, raw)}'" for w in narrow[:3])
        message = f"앞에서 찾은 과목 중 {what}에 해당하는 과목은 찾지 못했습니다."
    if filtered:
        message += " " + MSG_FILTERED
    return Answer(question=raw, resolved_question=resolved, kind="none", message=message)
