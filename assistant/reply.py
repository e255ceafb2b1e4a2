"""Reply composition: the Korean messages and the :class:`~assistant.records.Answer` for
each kind of answer, phrased for the question that was asked.

- ``field``: "자료구조(CSE2010)의 학점은 3학점입니다." — from the catalog row;
- ``span``: the reader's answer, quoted, with the course it comes from;
- ``lookup``: a course shown ("X는 어떤 수업이야?"); lists of courses are in :mod:`assistant.lists`;
- ``none``: nothing in the catalog matches (naming the nearest course as "not quite"), or
  the named course's catalog entry does not hold what was asked;
- ``error``: bad input or a broken index (Korean, with what to do).

No catalog text is interpreted here: messages are plain text that the UI escapes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from .question import content_words, is_english_only, norm_key
from .records import EXTRA_FIELDS, Answer, Citation, Course, Hit, Span
from .wording import as_written, nfkc_lower, one_line, particle, writes_word

MSG_EMPTY = "질문을 입력해 주세요."
MSG_TOO_LONG = ("질문이 너무 깁니다. {limit:,}자 이내로 줄여서 다시 입력해 주세요. "
                "(지금 {length:,}자)")
MSG_NO_WORDS = ("질문을 글자로 입력해 주세요. 이모지나 기호만으로는 찾을 수 없어요. "
                "예: \"선형대수 선수과목이 뭐야?\"")
MSG_INDEX_MISSING = ("아직 과목 검색 색인이 준비되지 않았습니다. 관리자가 서버에서 "
                     "`python -m assistant build`를 실행해 데이터베이스와 색인을 만들어야 합니다.")
MSG_INDEX_STALE = ("과목 검색 색인이 데이터베이스와 맞지 않습니다(오래된 색인). 관리자가 "
                   "`python -m assistant build`를 실행해 색인을 다시 만들어야 합니다.")
MSG_FAILED = "답을 준비하는 중 문제가 생겼습니다. 잠시 후 다시 시도해 주세요. (원인: {reason})"
MSG_BUSY = ("지금 다른 작업(카탈로그 갱신 등)이 데이터베이스를 쓰고 있어 답을 찾지 못했습니다. "
            "잠시 후 다시 질문해 주세요.")
MSG_NONE = "질문에 맞는 과목을 이 카탈로그에서 찾지 못했습니다."
MSG_NEED_COURSE = "어느 과목에 대한 질문인지 과목명을 함께 적어 주세요. 예: \"선형대수 선수과목은?\""
MSG_NEED_TOPIC = ("어떤 주제나 분야의 수업을 찾는지 함께 적어 주세요. 카탈로그에는 과목의 난이도나 인기는 없고 "
                  "강의 내용이 있어요. 예: \"데이터 분석 배우는 교양 있어?\"")
MSG_NO_LIST = "이어서 보거나 좁힐 과목 목록이 앞에 없어요."
MSG_OUTSIDE = ("이 질문의 답은 강의 정보(과목 카탈로그)에서 찾지 못했어요. 수강신청 일정, 장학금, 기숙사, 시설 같은 "
               "학사 정보는 학교 홈페이지나 학과 사무실에서 확인해 주세요.")
MSG_FILTERED = "검색 필터가 적용되어 있습니다. 필터를 해제하면 더 많은 과목에서 찾아볼 수 있습니다."
MSG_KOREAN_HINT = "한국어로 질문하시면 더 정확하게 찾을 수 있습니다."
MSG_SMALL_TALK = {
    "greeting": ("안녕하세요! 듣고 싶은 수업을 자유롭게 설명하거나(\"…배우는 수업 있어?\"), 과목명과 함께 "
                 "궁금한 점을 물어보세요(\"(과목명) 선수과목은?\")."),
    "thanks": "천만에요! 더 궁금한 과목이 있으면 언제든 물어보세요.",
    "bye": "이용해 주셔서 고마워요. 또 궁금한 과목이 있으면 물어보세요.",
}

FIELD_NAMES = {"instructor": "담당 교수", "credits": "학점", "department": "개설 학과",
               "course_type": "이수구분", "lecture_id": "강의번호", **EXTRA_FIELDS,
               "exam_date": "일정(시험·발표·개강)"}  # no catalog column: a semester's dates, asked all the same
"""The Korean name of every field the chat answers from."""


def label(course: Course, lecture_ids: Sequence[str]) -> str:
    """"자료구조(CSE2010)" — a course as the chat names it."""
    return f"{course.title}({', '.join(lecture_ids)})"


_CODE = re.compile(r"[A-Za-z]+\d+[A-Za-z0-9\-]*")


def department(course: Course) -> str:
    """The course's department as the chat states it: ``""`` when the cell holds no word that
    names anything ("과목 정보", "전공": a handbook's section heading) or only a course code
    ("AIE3010", Sogang's handbook puts some in its 학과 column): neither is a department."""
    value = course.department.strip()
    return value if content_words(value) and not _CODE.fullmatch(value) else ""


def field_name(field: str) -> str:
    """The Korean name of ``field``: a catalog column of its own ("비고") is its header."""
    return FIELD_NAMES.get(field, field)


def field_value(course: Course, name: str) -> str:
    """The catalog value of field ``name`` for ``course`` (``""`` when the catalog has none)."""
    if name == "credits":  # 0 is a value (a 0-credit course); None is none
        return "" if course.credits is None else f"{course.credits:g}학점"
    if name == "department":
        return department(course)
    if name in ("instructor", "course_type", "lecture_id"):
        return str(getattr(course, name)).strip()
    return course.get(name)


_YEAR_TERM = re.compile(r"\s*(\d|전)\s*(?:학년)?\s*-\s*(\d)\s*(?:학기)?\s*")


def said_value(name: str, value: str) -> str:
    """``value`` of field ``name`` as the chat says it: a year and semester as catalogs write
    them, read out too ("3-2" -> "3-2(3학년 2학기)", "전학년-1" -> "전학년-1(전학년, 1학기)")."""
    if name == "year" and (m := _YEAR_TERM.fullmatch(value.replace("전학년", "전"))):
        return f"{value}({m[1]}학년 {m[2]}학기)" if m[1] != "전" else f"{value}(전학년, {m[2]}학기)"
    return value


def reason(hit: Hit) -> str:
    """The sentence that shows why a course matches: its best matched sentence that is a
    real sentence (not a fragment like "주요 내용:", nor a lead-in "학습목표는 다음과 같다:")."""
    texts = [m.sentence.text for m in hit.matches]
    sentence = next((t for t in texts if len(t.strip()) >= 20 and not t.rstrip().endswith(":")), None) \
        or next((t for t in texts if len(t.strip()) >= 20), None) or (texts[0] if texts else hit.course.description)
    return one_line(sentence)


def course_line(hit: Hit) -> str:
    """"수영(DCE2005, 스포츠사이언스전공, 2학점)" — a course with what identifies it."""
    c = hit.course
    facts = [", ".join(hit.lecture_ids)] + [x for x in (department(c), field_value(c, "credits")) if x]
    return f"{c.title}({', '.join(facts)})"


def error_answer(raw: str, resolved: str, message: str) -> Answer:
    """An ``"error"`` answer: the message says what to do."""
    return Answer(question=raw, resolved_question=resolved, kind="error", message=message)


def with_titles(value: str, names: Mapping[str, str]) -> str:
    """``value`` with each lecture id of ``names`` followed by its title: "SOC2003" ->
    "SOC2003(사회조사방법론)" (a title the value writes already is not repeated)."""
    if not names:
        return value
    pattern = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)), re.I)

    def titled(m: re.Match[str]) -> str:
        title = names.get(m[0].upper(), "")
        return m[0] if not title or norm_key(title) in norm_key(value) else f"{m[0]}({title})"
    return pattern.sub(titled, value)


def field_answer(raw: str, resolved: str, fields: Sequence[str], hit: Hit, rows: Sequence[Course],
                 namesakes: Sequence[Course] = (), names: Mapping[str, str] | None = None) -> Answer:
    """Catalog fields of one course (all its sections in ``rows``), values that differ by
    section listed per section. ``namesakes``: other courses of the same title (another
    department or university) the question did not tell apart; a value that differs among
    them is listed per course, with where each is taught. ``names``: titles of the lecture
    ids a prerequisite value writes ("CSE3080" is said as "CSE3080(자료구조)")."""
    course, lids = hit.course, hit.lecture_ids
    name_of = label(course, lids)
    parts: list[str] = []
    short: list[str] = []
    several = False
    for f in fields:
        name = field_name(f)
        if f == "lecture_id":  # sections share the title; another title sharing the text is a course apart
            others = [c for c in rows if norm_key(c.title) != norm_key(course.title)]
            own = [i for i in lids if i not in {c.lecture_id for c in others}]
            parts.append(f"{course.title}의 강의번호는 {', '.join(own)}입니다"
                         + (f" (분반 {len(own)}개)." if len(own) > 1 else "."))
            if others:
                parts.append("같은 강의설명으로 개설된 다른 과목: "
                             + ", ".join(f"{c.title}({c.lecture_id})" for c in others) + ".")
            short += list(lids)
            continue
        mine = [(c, field_value(c, f)) for c in rows]
        others = [(c, field_value(c, f)) for c in namesakes]
        short += [v for v in dict.fromkeys(v for _, v in mine + others) if v]
        if names and f == "prerequisites":  # "CSE3080" said with its title
            mine = [(c, with_titles(v, names)) for c, v in mine]
            others = [(c, with_titles(v, names)) for c, v in others]
        if any(v not in {w for _, w in mine} for _, v in others):  # the title alone does not settle it
            every = mine + others
            listed = ", ".join(f"{c.lecture_id}{_where(c, f)} {v or '정보 없음'}" for c, v in every)
            parts.append(f"{course.title}{particle(course.title, '은', '는')} 여러 곳에서 개설되어 "
                         f"{name}{particle(name, '이', '가')} 과목마다 다릅니다: {listed}.")
            several = True
            continue
        values = [(c.lecture_id, v) for c, v in mine]
        distinct = list(dict.fromkeys(v for _, v in values))
        if len(distinct) == 1:
            parts.append(f"{name_of}의 {name}{particle(name, '은', '는')} {said_value(f, distinct[0])}입니다.")
        else:
            listed = ", ".join(f"{lid} {v or '정보 없음'}" for lid, v in values)
            apart = "분반마다" if len({norm_key(c.title) for c in rows}) == 1 else "과목마다"
            parts.append(f"{name_of}의 {name}{particle(name, '은', '는')} {apart} 다릅니다: {listed}.")
    cited = (Citation(course, lids),) + (tuple(Citation(c, (c.lecture_id,)) for c in namesakes) if several else ())
    return Answer(question=raw, resolved_question=resolved, kind="field", message=" ".join(parts),
                  citations=cited, focus_lecture_id=course.lecture_id,
                  answer_text=", ".join(dict.fromkeys(short)))


def chain_note(title: str, levels: Sequence[Sequence[Course]]) -> str:
    """The courses before a course in the order to take them, from its prerequisites'
    prerequisites on ("듣는 순서로는: 컴퓨터프로그래밍I → 컴퓨터프로그래밍II → 자료구조 → 운영체제")."""
    steps = [" · ".join(f"{c.title}({c.lecture_id})" for c in level) for level in reversed(levels)]
    return "듣는 순서로는: " + " → ".join([*steps, title])


def row_answer(raw: str, resolved: str, fields: Sequence[str], hit: Hit, rows: Sequence[Course],
               limit: int = 200) -> Answer:
    """A course asked for by its lecture id alone ("CSE4070"): the ``fields`` of its catalog
    row it has, and the opening of its description."""
    answer = field_answer(raw, resolved, fields, hit, rows)
    return replace(answer, message=f"{answer.message}\n“{one_line(hit.course.description, limit)}”")


def _where(course: Course, asked: str = "") -> str:
    """"(university department)": where a course is taught, as the catalog says, beside a
    value of field ``asked`` (the department is not repeated beside itself)."""
    parts = (course.get("college"),) + (() if asked == "department" else (department(course),))
    where = " ".join(v for v in parts if v) or ("" if asked == "department" else "개설 학과 정보 없음")
    return f"({where})" if where else ""


def namesakes_note(course: Course, namesakes: Sequence[Course], shown: int = 3) -> str:
    """Said under an answer read in one course's description when other courses share its
    title: which others there are, and whose description the answer comes from."""
    others = [f"{c.lecture_id}{_where(c)}" for c in namesakes[:shown]]
    more = f" 외 {len(namesakes) - shown}개" if len(namesakes) > shown else ""
    return (f"(같은 이름의 과목이 더 있어요: {', '.join(others)}{more}. "
            f"위 답은 {course.lecture_id}{_where(course)}의 강의설명에서 찾았어요.)")


def citation(span: Span, hit: Hit) -> Citation:
    """Where a span comes from: the hit's sentence that contains it."""
    sentences = list(hit.sentences) + [m.sentence for m in hit.matches]
    sentence = next((s for s in sentences if span.sentence_id is not None and s.id == span.sentence_id), None) \
        or next((s for s in sentences if s.start <= span.start < s.end), None)
    lids = hit.lecture_ids
    if sentence is None:
        return Citation(hit.course, lids)
    start = max(span.start - sentence.start, 0)
    end = max(min(span.end, sentence.end) - sentence.start, start)
    return Citation(hit.course, lids, sentence, start, end)


def span_answer(raw: str, resolved: str, spans: Sequence[Span], read: Sequence[Hit],
                others: Sequence[Hit] = ()) -> Answer | None:
    """The reader's best span, quoted, with its course; ``None`` when no span belongs to a
    read course."""
    by_id = {h.course.lecture_id: h for h in read}
    kept = [(s, by_id[s.lecture_id]) for s in spans if s.lecture_id in by_id]
    if not kept:
        return None
    citations = tuple(citation(s, h) for s, h in kept)
    best, hit = kept[0]
    text = best.text.strip()
    message = f"“{text}” — {label(hit.course, hit.lecture_ids)} 강의설명에서 찾은 답입니다."
    cited = set(hit.lecture_ids)
    rest = tuple(h for h in others if not cited & set(h.lecture_ids))
    return Answer(question=raw, resolved_question=resolved, kind="span", message=message,
                  spans=tuple(s for s, _ in kept), citations=citations, courses=rest,
                  focus_lecture_id=hit.course.lecture_id, answer_text=text)


QUOTE_CHARS = 160
"""Longest quote of a sentence; a longer one is cut around the first word asked about."""


def mention_answer(raw: str, resolved: str, hit: Hit, words: Sequence[str]) -> Answer | None:
    """A named course's sentence that holds every word the question asks about ("어셈블리 배워?"
    over "… 어셈블리 언어 …"), quoted as what the description says when the reader found no
    confident span (cut to :data:`QUOTE_CHARS` around the first word); ``None`` when no one
    sentence holds them all (nor when there are none)."""
    keys = [nfkc_lower(w) for w in words]
    sentence = next((s for s in hit.sentences if keys and all(writes_word(s.text, k) for k in keys)), None)
    if sentence is None:
        return None
    a, b = len(sentence.text) - len(sentence.text.lstrip()), len(sentence.text.rstrip())
    if b - a > QUOTE_CHARS:
        first = nfkc_lower(sentence.text).find(keys[0][:2])
        a = max(a, first - QUOTE_CHARS // 3) if first >= 0 else a
        b = min(b, a + QUOTE_CHARS)
    text = sentence.text[a:b]
    start = sentence.start + a
    span = Span(text, 0.0, hit.course.lecture_id, sentence.id, start, start + len(text))
    shown = ("…" if a > 0 else "") + text.strip() + ("…" if b < len(sentence.text.rstrip()) else "")
    message = (f"콕 집은 답은 찾지 못했지만, {label(hit.course, hit.lecture_ids)} 강의설명에 이렇게 나와 "
               f"있어요: “{shown}”")
    return Answer(question=raw, resolved_question=resolved, kind="span", message=message, spans=(span,),
                  citations=(citation(span, hit),), focus_lecture_id=hit.course.lecture_id,
                  answer_text=text.strip())


_CLOSED = re.compile(r"[(\[]([^()\[\]]*(?:폐지|폐강|미개설|개설\s*안\s*함|휴강)[^()\[\]]*)[)\]]")


def closed_note(course: Course) -> str:
    """What the course's title says of it no longer being offered ("파일 처리(25-1 폐지)" ->
    "25-1 폐지"), or ``""``."""
    m = _CLOSED.search(course.title)
    return m[1].strip() if m else ""


TERM_UNKNOWN = "(어느 학기에 열리는지는 카탈로그에 없어요: 학과 공지나 수강편람에서 확인해 주세요.)"
"""Said under a search that asks whether courses are offered in a given term."""

CLOSED_SAID = "카탈로그에 ‘{note}’로 적혀 있어서, 지금은 열리지 않는 과목일 수 있어요"
"""What is said of a course whose title marks it as no longer offered (:func:`closed_note`)."""


def with_closed_note(answer: Answer, course: Course) -> Answer:
    """``answer`` about ``course`` saying, when its title marks it as no longer offered, that
    it may not be: under the answer, or as the answer where nothing else was found
    ("설계패턴 들을 수 있나요?"); as it is when it says so already or the course is offered."""
    note = closed_note(course)
    said = CLOSED_SAID.format(note=note)
    if not note or said in answer.message:
        return answer
    if answer.kind == "none":
        return replace(answer, message=f"{label(course, (course.lecture_id,))}: {said}.")
    return replace(answer, message=f"{answer.message}\n({said}.)")


def overview_answer(raw: str, resolved: str, hit: Hit, limit: int = 300) -> Answer:
    """What a named course is ("곤충분류학 어떤 수업이야?", or its title alone): its catalog
    line and the opening of its description, cited."""
    text = one_line(hit.course.description, limit)
    message = f"{course_line(hit)}: “{text}”"
    if is_english_only(raw):
        message += "\n" + MSG_KOREAN_HINT
    return Answer(question=raw, resolved_question=resolved, kind="lookup", message=message,
                  citations=(Citation(hit.course, hit.lecture_ids),), courses=(hit,),
                  focus_lecture_id=hit.course.lecture_id)


def small_talk_answer(raw: str, kind: str) -> Answer:
    """A greeting, thanks or goodbye answered in kind (``kind`` from
    :func:`~assistant.question.small_talk`); nothing is looked up."""
    return Answer(question=raw, resolved_question=raw, kind="none", message=MSG_SMALL_TALK[kind])


def none_answer(raw: str, resolved: str, *, missing: Sequence[str] = (), nearest: Hit | None = None,
                need_course: bool = False, need_topic: bool = False, no_list: bool = False,
                filtered: bool = False, as_title: bool = False, unmet: Sequence[str] = (),
                outside: bool = False) -> Answer:
    """No course matches. ``missing`` names what was looked for (``as_title``: as a course's
    name, "'컴구'라는 과목은"); ``nearest`` is named as "close, but not it" (it is not put
    forward as an answer). ``need_course``: the question names no course to answer about;
    ``need_topic``: it asks for courses but names no topic (``no_list``: it asks for more of a
    list, or among one, and no search listed any). ``unmet``: courses were found for the
    topic, none with these conditions ("1학점"). ``outside``: the question asks for information,
    not for courses, and no course's description answers it ("수강신청 언제야?")."""
    if outside:
        message = MSG_OUTSIDE
    elif unmet:
        what = ", ".join(f"'{as_written(w, raw)}'" for w in unmet)
        message = f"질문에 맞는 과목은 있지만 {what} 조건에 맞는 과목은 이 카탈로그에서 찾지 못했습니다."
    elif need_topic:
        message = f"{MSG_NO_LIST} {MSG_NEED_TOPIC}" if no_list else MSG_NEED_TOPIC
    elif need_course:
        message = f"{MSG_NONE} {MSG_NEED_COURSE}"
    else:
        what = ", ".join(f"'{as_written(w, raw)}'" for w in missing[:3])
        if missing and as_title:
            message = f"{what}{particle(missing[min(len(missing), 3) - 1], '이라는', '라는')} 과목은 이 카탈로그에서 찾지 못했습니다."
        else:
            message = (f"{what}{particle(missing[min(len(missing), 3) - 1], '을', '를')} 다루는 과목은 "
                       "이 카탈로그에서 찾지 못했습니다." if missing else MSG_NONE)
        if nearest is not None:
            message += f" 가장 가까운 과목은 {course_line(nearest)}이지만, 질문과 딱 맞지는 않아 보입니다."
    if filtered:
        message += " " + MSG_FILTERED
    if is_english_only(raw):
        message += " " + MSG_KOREAN_HINT
    return Answer(question=raw, resolved_question=resolved, kind="none", message=message)


def not_in_catalog_answer(raw: str, resolved: str, hit: Hit, fields: Sequence[str] = ()) -> Answer:
    """The named course's catalog entry does not hold what was asked (a classroom, an exam
    date, a professor's manner …): said plainly, citing the course."""
    name = label(hit.course, hit.lecture_ids)
    if fields:
        names = ", ".join(map(field_name, fields))
        message = f"{name}의 카탈로그 정보에는 {names} 정보가 없습니다."
    else:
        message = f"{name}의 강의설명에서 이 질문의 답을 찾지 못했습니다. 카탈로그에 없는 정보일 수 있어요."
    return Answer(question=raw, resolved_question=resolved, kind="none", message=message,
                  citations=(Citation(hit.course, hit.lecture_ids),), focus_lecture_id=hit.course.lecture_id)


def unmentioned_answer(raw: str, resolved: str, hit: Hit, word: str, found: Span | None) -> Answer:
    """The named course's description never mentions the tool or language asked about ("뇌정보처리
    파이썬으로 해도 돼?"): said plainly, with the span the reader found for the question, if any
    ("MATLAB"), as what the description does say. Nothing is claimed either way about using it."""
    name = label(hit.course, hit.lecture_ids)
    message = f"{name}의 강의설명에는 ‘{word}’ 이야기가 없어요."
    if found is not None:
        message += f" 설명에는 이렇게 나와요: “{one_line(found.text, 60)}”"
    return Answer(question=raw, resolved_question=resolved, kind="none", message=message,
                  spans=(found,) if found is not None else (),
                  citations=(citation(found, hit),) if found is not None else (Citation(hit.course, hit.lecture_ids),),
                  focus_lecture_id=hit.course.lecture_id)
