"""Syllabus-style reader training examples, made from real catalog files.

KorQuAD teaches the reader Wikipedia prose; students ask about syllabi: what a course
covers, its goal, who it is for, how it runs, which tools it uses, what is handed in, how
it is graded, what a given week holds, its textbook and prerequisites, often written as
label lines ("교재: …", "(선수과목) …", "[평가] …"). :func:`syllabus_examples` finds such
statements in the descriptions of catalog files with generic Korean syllabus phrasings
(not words picked for one catalog), turns each into a question in a student's words about
the course (named by its title), with the answer span and its offset, and adds questions
whose answer the description does not hold (the reader learns to abstain on syllabi too).

Courses whose lecture ids appear in ``exclude_ids`` (the development questions) are never
used, so evaluation questions never leak into training.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .korquad import QAExample
from .labels import find_labeled
from .syllabus_grading import exam_question, grading_line, grading_questions

_END = r"[^.\n!?·;:]"  # a value stays inside its sentence

# (kind, statement pattern with the answer as group v, student questions about it)
_PATTERNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("topic", rf"(?P<v>{_END}{{2,60}}?)\s*(?:을|를)\s*(?:다룬|다루|다룹|중점적으로\s*다|소개한|소개하|살펴본|살펴보|탐구한|탐구하)",
     ("{t}에서 뭘 다뤄?", "{t} 수업은 무슨 내용 배워요?", "{t} 들으면 뭐 배워?",
      "{t}에서는 어떤 걸 공부해?", "{t} 주로 뭐 다루는 수업이야?")),
    ("goal", rf"(?P<v>{_END}{{2,60}}?)\s*(?:을|를)\s*(?:목표로|목적으로)",
     ("{t} 수업 목표가 뭐야?", "{t} 들으면 결국 뭘 할 수 있게 되는 게 목표야?", "{t}의 목적이 뭐예요?")),
    ("audience", rf"(?P<v>{_END}{{2,60}}?)\s*(?:을|를)\s*대상으로",
     ("{t}은 누구 대상이야?", "{t} 어떤 학생들 들으라고 만든 수업이야?", "{t} 수강 대상이 누구예요?")),
    ("format", rf"(?P<v>{_END}{{2,50}}?)\s*(?:으로|로)\s*(?:진행(?:된다|한다|하며|되며|됩니다|합니다|될|할)|운영(?:된다|한다|하며|되며|됩니다)|수업(?:한다|합니다|하며))",
     ("{t} 수업은 어떻게 진행돼?", "{t} 수업 방식이 어때요?", "{t} 강의식이야? 어떤 방식이야?")),
    ("tool", rf"(?P<v>{_END}{{2,40}}?)\s*(?:을|를)\s*(?:사용|이용|활용)(?:하여|해|한|하는|하며)",
     ("{t}에서 뭘 사용해?", "{t} 실습 때 무슨 툴 써?", "{t}는 어떤 언어나 프로그램으로 실습해?")),
    ("submit", rf"(?P<v>{_END}{{2,40}}?)\s*(?:을|를)\s*(?:제출|작성|발표)",
     ("{t} 뭐 제출해야 돼?", "{t} 과제로 뭘 내?", "{t}에서 학생들이 뭘 작성해?")),
    # a prerequisite written in prose: "A를 이수한 학생을 대상으로", "A 수강자에 한해 수강이 허용된다"
    ("prior", rf"(?P<v>{_END}{{2,40}}?)(?:\s*(?:을|를)\s*(?:이수|수강|선수)한\s*(?:학생|수강생|자)"
              rf"|\s*(?:수강자|이수자)에\s*한(?:해|하여))",
     ("{t} 들으려면 뭐 먼저 들어야 돼?", "{t} 선수과목 있어?", "{t} 수강 전에 뭐 들어놔야 함?",
      "{t} 듣기 전에 들어야 하는 과목이 뭐야?")),
)

# a clause boundary inside a matched value: the answer starts after the last one
_CLAUSE = re.compile(
    r"(?:[,，)\]]|^\s*\d+[.)]|(?:강의|수업|과목|교과목|강좌|교과)(?:은|는|에서는|에서)"
    r"|에서는|하고|하며|하여|통해|통하여|위해|위하여|바탕으로|아니라)\s+")
_LEAD_JUNK = re.compile(r"^[\s\-–·•*\d.)(]+")

_PERCENT = re.compile(r"(?<![가-힣A-Za-z])(?P<item>[가-힣A-Za-z]{2,10}?)(?<![의이가을를은는에])\s*[:(（]?\s*(?P<v>\d{1,3}\s*%)")
_PERCENT_Q = ("{t} {item} 비율 몇 퍼센트야?", "{t}에서 {item}은 얼마나 반영돼?")
_WEEK = re.compile(r"(?m)^\s*(?:제\s*)?(?P<n>\d{1,2})\s*주\s*차?\s*[:.)\-]\s*(?P<v>[^\n]{2,60})")
_WEEK_Q = ("{t} {n}주차에 뭐 해?", "{t} {n}주에는 뭘 배워요?")
# an enumeration closed by "등": "음악, 그림, 시 등의 자료", "포도주, 탁주, 된장 등을"
_ITEM = r"[^\s,，、.\n()]{1,15}(?:\s[^\s,，、.\n()]{1,15}){0,2}"
_ENUM = re.compile(rf"(?P<v>{_ITEM}(?:\s*[,，、]\s*{_ITEM}){{2,}})\s*등(?:을|를|의|과|이|에)")
_ENUM_Q = ("{t}에서 뭐뭐 배워?", "{t} 수업에서 다루는 것들 알려줘", "{t}에서는 어떤 것들 해요?",
           "{t}에서 뭐뭐 나와?", "{t} 들으면 어떤 것들 공부해?")

# a work named with its author in title brackets: "박경리의 <토지>", "플라톤의 『국가』" (the
# work is the answer, not its author); a list of works is left to the list kind
_WORK = re.compile(r"(?<![가-힣A-Za-z])[가-힣A-Za-z·]{2,12}의\s*(?P<v>[<《『「〈][^<>《》『』「」〈〉\n]{2,30}[>》』」〉])"
                   r"(?!\s*(?:[,，、~(（]|과|와|및|이나|나\s))")
_WORK_Q = ("{t}에서 다루는 작품은?", "{t}에서 무슨 작품 읽어?", "{t}에서 어떤 책을 읽어요?",
           "{t} 수업에서 중심으로 보는 텍스트가 뭐야?", "{t}에서는 누구의 무슨 작품을 다뤄?")

# a named tool, language or program, written in Latin letters and said to be used ("ArcGIS
# 프로그램을 활용하여", "Java를 활용하여", "통계패키지(SPSS)"): the name is the answer, not the
# generic phrase around it; names joined by "와/과/," ("After Effects와 Premiere") stay one answer
_NAME = r"[A-Z][A-Za-z0-9+#.]*(?:[ -][A-Z][A-Za-z0-9+#.]*){0,2}"
_KIND_WORD = r"(?:프로그램|언어|툴|도구|소프트웨어|패키지|라이브러리|앱|프레임워크)"
_NAMED_TOOL = re.compile(
    rf"(?<![A-Za-z0-9])(?P<v>{_NAME}(?:\s*(?:,|와|과|및)\s*{_NAME})*)(?![A-Za-z0-9])"
    rf"(?:\s*{_KIND_WORD})?\s*(?:을|를)\s*(?:사용|이용|활용)"
    rf"|{_KIND_WORD}\s*[(（]\s*(?P<p>{_NAME})\s*[)）]")
_NAMED_TOOL_Q = ("{t} 실습은 무슨 프로그램으로 해?", "{t}에서 무슨 툴 써?", "{t} 뭘로 실습해요?",
                 "{t}에서 쓰는 프로그램 이름이 뭐야?", "{t}는 어떤 언어나 프로그램으로 실습해?",
                 "{t}에서 무슨 소프트웨어 배워?")
_NAMED_LANGUAGE_Q = ("{t} 코딩은 무슨 언어로 해?", "{t} 무슨 언어 써?", "{t} 프로그래밍 언어 뭐 배워?",
                     "{t} 과제 무슨 언어로 짜?")
# the language a course is taught in ("영어로 강의한다", "한국어와 영어로 진행")
_LANGUAGES = r"(?:한국어|영어|중국어|일본어|독일어|프랑스어|스페인어|러시아어)"
_TAUGHT_IN = re.compile(rf"(?P<v>{_LANGUAGES}(?:\s*(?:와|과|및|,|또는)\s*{_LANGUAGES})?)"
                        r"\s*(?:로|으로)\s*(?:강의|진행|수업|가르)")
_TAUGHT_IN_Q = ("{t} 수업 무슨 언어로 진행돼?", "{t} 강의는 어떤 언어로 해요?")

_FIELD_Q = {
    "textbook": ("{t} 교재 뭐야?", "{t} 무슨 책으로 수업해?", "{t} 교과서 뭐 써요?"),
    "prerequisites": ("{t} 선수과목이 뭐야?", "{t} 들으려면 뭐 먼저 들어야 돼?", "{t} 수강 전에 뭐 이수해야 함?"),
    "evaluation": ("{t} 평가는 어떻게 해?", "{t} 성적 어떻게 매겨?", "{t} 평가 방법 알려줘"),
}
# label line formats seen in real syllabi, for a catalog column written into the text
_LABEL_FORMATS = ("{label}: {value}", "({label}) {value}", "[{label}] {value}", "{label} - {value}",
                  "※ {label} : {value}")
_LABELS = {"prerequisites": ("선수과목", "선수 과목", "선이수과목"), "textbook": ("교재", "주교재")}
_COLUMN_FIELDS = ("prerequisites", "textbook")

ABSTAIN_KINDS = ("textbook", "prerequisites", "evaluation", "percent", "week", "submit", "grading_exam")
# what students ask that no catalog text answers (the reader must abstain on any description)
_UNKNOWABLE = ("{t} 교수님 성격 어때?", "{t} 학점 잘 주셔?", "{t} 족보 구할 수 있어?", "{t} 작년 기출문제 있어?",
               "{t} 꿀강이야?", "{t} 시험 어렵다던데 진짜야?", "{t} 수강신청 경쟁 치열해?", "{t} 들은 선배들 후기 어때?",
               "{t} 교수님 연구실 어디야?", "{t} 다음 학기에도 열려?")
# kinds whose phrasing gives long, loosely bounded answers count less
_KIND_SHARE = {"topic": 0.5, "goal": 0.5}


@dataclass(frozen=True)
class _Course:
    lecture_id: str
    title: str
    description: str
    extra: dict[str, str]


# an enumeration's items: short (up to three words), separated by commas
_LIST_SEP = re.compile(r"\s*[,，、]\s*")
_LIST_TAIL = re.compile(r"\s*(?:등|등등)$")
_CLAUSE_END = re.compile(r"(?:고|며|서|여|면|지만|는데|하게|이다|한다|된다)$|^(?:또한|그리고|이를|이|그)(?:\s|$)")


def _list_start(value: str) -> int | None:
    """Where the enumeration that ends ``value`` begins ("포도주, 탁주, 요거트" in "발효
    식품인 포도주, 탁주, 요거트"), or None when its end is not a list of at least three
    short items (up to three words, no clause endings). Its first item is as many words
    long as the second."""
    value = _LIST_TAIL.sub("", value)
    parts = _LIST_SEP.split(value)
    items = parts[1:]
    if len(parts) < 3 or not all(2 <= len(item) <= 20 and len(item.split()) <= 3 for item in items):
        return None
    head_words = parts[0].split()
    if not head_words:
        return None
    first = " ".join(head_words[-len(items[0].split()):])
    if any(_CLAUSE_END.search(item) for item in [first, *items]):
        return None
    return parts[0].rindex(first)


def _answer(description: str, start: int, end: int) -> tuple[int, int] | None:
    """The value's offsets after its last clause boundary, trimmed; None when unusable.
    An enumeration ("A, B, C 등") stays whole: its commas are not clause boundaries."""
    value = description[start:end]
    cut = 0
    for m in _CLAUSE.finditer(value):
        cut = m.end()
    listed = _list_start(value)
    if listed is not None and cut > listed:
        cut = listed  # commas inside the list separate items, not clauses
    tail = _LIST_TAIL.search(description[start:end])
    if tail and listed is not None:
        end -= len(tail.group())
    start += cut
    lead = _LEAD_JUNK.match(description[start:end])
    if lead:
        start += lead.end()
    while end > start and description[end - 1] in " \t":
        end -= 1
    text = description[start:end]
    if not 2 <= len(text) <= 50 or not re.search(r"[가-힣A-Za-z]", text):
        return None
    if re.match(r"(?:이|그|이러한|이와|다음|위의|본|및|또한)(?:\s|$)", text):  # a pronoun, not an answer
        return None
    return start, end


def _course_examples(course: _Course, rng: random.Random) -> dict[str, list[tuple[str, int, int, dict]]]:
    """Every (kind -> [(context, start, end, template fields)]) statement in one course."""
    found: dict[str, list[tuple[str, int, int, dict]]] = {}
    desc = course.description
    for kind, pattern, _questions in _PATTERNS:
        for m in re.finditer(pattern, desc):
            span = _answer(desc, *m.span("v"))
            if span and not (kind == "prior" and (course.title in desc[span[0]:span[1]]  # not the course itself
                                                  or not re.search("[가-힣]{2}", desc[span[0]:span[1]]))):
                found.setdefault(kind, []).append((desc, *span, {}))
                break
    shares = list(_PERCENT.finditer(desc))
    for m in shares[:1] if len(shares) >= 2 else []:  # a grading list, not a statistic
        found.setdefault("percent", []).append((desc, *m.span("v"), {"item": m.group("item")}))
    for m in _ENUM.finditer(desc):
        value = m.group("v")
        first = _list_start(value)
        if first is None:
            continue
        start, end = m.start("v") + first, m.end("v")
        if re.search(r"(?:^|\s)(?:등[을를의이]?|및|즉)(?:\s|$)", desc[start:end]):
            continue
        found.setdefault("list", []).append((desc, start, end, {}))
        break
    for m in _WORK.finditer(desc):
        if re.search(r"(?:[,，、>》』」〉]|과|와|및)\s*$", desc[max(0, m.start() - 4):m.start()]):
            continue  # the last work of a list
        found.setdefault("work", []).append((desc, *m.span("v"), {}))
        break
    for m in _NAMED_TOOL.finditer(desc):
        group = "v" if m.group("v") else "p"
        s, e = m.span(group)
        sentence = desc[desc.rfind("\n", 0, s) + 1:e + 40]
        kind = "named_language" if re.search(r"언어|프로그래밍|코딩", sentence) else "named_tool"
        found[kind] = [(desc, s, e, {})]
        found.pop("tool", None)  # the phrase before "…를 활용하여" would teach the generic answer
        break
    for m in _TAUGHT_IN.finditer(desc):
        found.setdefault("taught_in", []).append((desc, *m.span("v"), {}))
        break
    for m in _WEEK.finditer(desc):
        s, e = m.span("v")
        span = _answer(desc, s, e)
        if span:
            found.setdefault("week", []).append((desc, *span, {"n": m.group("n")}))
            break
    for field in _FIELD_Q:
        span = find_labeled(desc, field)
        if span and 2 <= span[1] - span[0] <= 80:
            found.setdefault(field, []).append((desc, *span, {}))
    for field in _COLUMN_FIELDS:  # a catalog column, written into the text as a label line
        value = course.extra.get(field, "").strip()
        if value and field not in found and len(value) <= 80:
            line = rng.choice(_LABEL_FORMATS).format(label=rng.choice(_LABELS[field]), value=value)
            context = desc.rstrip() + "\n" + line
            start = context.rindex(value)
            found.setdefault(field, []).append((context, start, start + len(value), {}))
    return found


def _questions(kind: str) -> tuple[str, ...]:
    for k, _p, questions in _PATTERNS:
        if k == kind:
            return questions
    return {"percent": _PERCENT_Q, "week": _WEEK_Q, "list": _ENUM_Q, "work": _WORK_Q, "named_tool": _NAMED_TOOL_Q,
            "named_language": _NAMED_LANGUAGE_Q, "taught_in": _TAUGHT_IN_Q}.get(kind) or _FIELD_Q[kind]


def _load_courses(paths: Iterable[Path], exclude_ids: set[str], hold_out: frozenset[str] = frozenset()
                  ) -> list[_Course]:
    from .ingest import read_catalog

    courses = []
    for path in paths:
        for c in read_catalog(path, skip_invalid=True).courses:
            if c.lecture_id in exclude_ids or any(part in exclude_ids for part in re.split(r"[~,\s]+", c.lecture_id)):
                continue
            if hold_out & set(dict(c.extra).values()):
                continue
            courses.append(_Course(c.lecture_id, c.title, c.description, dict(c.extra)))
    return courses


def syllabus_examples(paths: Sequence[Path], *, per_kind: int = 300, abstain_rate: float = 0.2,
                      exclude_ids: Iterable[str] = (), hold_out: Iterable[str] = (),
                      seed: int = 13) -> list[QAExample]:
    """Syllabus-style QA examples from catalog files.

    Args:
        paths: Catalog files (any format :func:`assistant.ingest.read_catalog` reads).
        per_kind: At most this many examples of each kind (topic, goal, audience, format,
            tool, submit, a prerequisite in prose, percent, week, list, work, a named tool or
            language, the language taught in, textbook, prerequisites, evaluation, and the
            three questions about a written-in grading list,
            :mod:`~assistant.syllabus_grading`); topic and goal
            statements, whose answers are long and loosely bounded, get half as many.
        abstain_rate: Extra examples, as a share of the answerable ones, asking for a field
            the course's description does not hold, or for what no catalog says (a
            professor's manner, past exams …): answer ``""``, the reader must abstain.
        exclude_ids: Lecture ids never used (the development questions' courses).
        hold_out: Rows with any extra field holding one of these values (a university) are
            never used, so figures on those catalogs stay blind.
        seed: Sampling seed.

    Returns:
        Examples with ``article = -1``; abstaining ones have ``answer == ""`` and
        ``answer_start == -1``.
    """
    rng = random.Random(seed)
    courses = _load_courses(paths, set(exclude_ids), frozenset(hold_out))
    rng.shuffle(courses)
    by_kind: dict[str, list[tuple[_Course, tuple[str, int, int, dict]]]] = {}
    missing: dict[str, list[_Course]] = {k: [] for k in ABSTAIN_KINDS}
    for course in courses:
        found = _course_examples(course, rng)
        for kind, items in found.items():
            by_kind.setdefault(kind, []).extend((course, item) for item in items)
        said = {*found, *(("prerequisites",) if "prior" in found else ()),
                *(("grading_exam",) if re.search(r"시험|고사|평가", course.description) else ())}
        for kind in ABSTAIN_KINDS:
            if kind not in said:
                missing[kind].append(course)
    examples: list[QAExample] = []
    for kind in sorted(by_kind):
        cap = int(per_kind * _KIND_SHARE.get(kind, 1.0))
        for n, (course, (context, start, end, fields)) in enumerate(by_kind[kind][:cap]):
            question = rng.choice(_questions(kind)).format(t=course.title, **fields)
            examples.append(QAExample(f"syl-{kind}-{n}", question, context, context[start:end], start, -1, -1))
    examples += _grading_examples([c for c in courses if len(_PERCENT.findall(c.description)) < 2], per_kind, rng)
    abstain = int(abstain_rate * len(examples))
    for n in range(abstain):
        kind = rng.choice(ABSTAIN_KINDS + ("unknowable",) * 2)
        if kind == "unknowable":
            course = rng.choice(courses)
            question = rng.choice(_UNKNOWABLE).format(t=course.title)
        elif not missing[kind]:
            continue
        elif kind == "grading_exam":
            course = rng.choice(missing[kind])
            question = exam_question(course.title, rng)
        else:
            course = rng.choice(missing[kind])
            fields = {"item": rng.choice(["중간고사", "과제", "출석"]), "n": str(rng.randint(1, 15))}
            question = rng.choice(_questions(kind)).format(t=course.title, **fields)
        examples.append(QAExample(f"syl-none-{n}", question, course.description, "", -1, -1, -1))
    rng.shuffle(examples)
    return examples


def _grading_examples(courses: Sequence[_Course], n: int, rng: random.Random) -> list[QAExample]:
    """Questions about a grading list written into ``n`` descriptions that hold none
    (:mod:`assistant.syllabus_grading`): at their end, or after one of their sentences."""
    examples = []
    for k, course in enumerate(courses[:n]):
        line = grading_line(rng)
        desc = course.description.rstrip()
        ends = [m.end() for m in re.finditer(r"[.다]\s+", desc)]
        at = rng.choice(ends) if ends and rng.random() < 0.3 else len(desc)
        head = desc[:at].rstrip()
        glue = rng.choice(("\n", "\n", " ", ""))
        context = head + glue + line.text + ("\n" + desc[at:].lstrip() if at < len(desc) else "")
        for kind, question, start, end in grading_questions(course.title, line, len(head) + len(glue), rng):
            examples.append(QAExample(f"syl-{kind}-{k}", question, context, context[start:end], start, -1, -1))
    return examples


def dev_question_ids(files: Iterable[Path]) -> set[str]:
    """Every gold lecture id of question files (JSONL), to keep out of training."""
    import json

    ids: set[str] = set()
    for path in files:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                ids.update(json.loads(line).get("gold_lecture_ids") or [])
    return ids
