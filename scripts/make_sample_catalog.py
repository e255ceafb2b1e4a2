"""Generate the bundled sample course catalog and its evaluation questions.

Reads the authored data (courses with their topics and one course-specific sentence,
sentence pools, questions) from ``db/sample_source.json`` and writes into ``db/``:

* ``sample_catalog.csv``  - UTF-8 (no BOM), header
  ``강의번호,교과목명,개설학과,담당교수,학점,이수구분,강의설명``.
* ``sample_questions.jsonl`` - evaluation questions
  ``{"question", "gold_lecture_ids", "gold_answers"}``, one per line.

Everything is deterministic: the hand-written pools are combined with
``random.Random`` instances seeded by fixed strings, so two runs give byte-identical
files.  Each course is authored with its own topics and one course-specific sentence,
so no two descriptions are the same template with only the name swapped (apart from the
intentional multi-section courses, whose sections share one description).

Run:  ``.venv/bin/python scripts/make_sample_catalog.py``  (stdlib only).
``tests/test_sample_catalog.py`` checks the result (the committed files are what this
script writes, gold ids exist, gold spans occur verbatim, ...).
"""

from __future__ import annotations

import csv
import json
import random
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "db"
SOURCE_PATH = HERE / "sample_source.json"
CATALOG_PATH = HERE / "sample_catalog.csv"
QUESTIONS_PATH = HERE / "sample_questions.jsonl"
HEADER = ["강의번호", "교과목명", "개설학과", "담당교수", "학점", "이수구분", "강의설명"]
SEED = "sample-catalog-v1"
COURSE_TYPES = {"전공필수", "전공선택", "교양필수", "교양선택"}

# --------------------------------------------------------------------------------------
# Korean helpers: particles (josa) and sentence-ending registers
# --------------------------------------------------------------------------------------

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_JONG_NONE, _JONG_N, _JONG_L, _JONG_M, _JONG_B = 0, 4, 8, 16, 17


def _is_hangul(ch: str) -> bool:
    return _HANGUL_FIRST <= ord(ch) <= _HANGUL_LAST


def _jong(ch: str) -> int:
    return (ord(ch) - _HANGUL_FIRST) % 28


def _with_jong(ch: str, jong: int) -> str:
    base = ord(ch) - _HANGUL_FIRST
    return chr(_HANGUL_FIRST + base - base % 28 + jong)


def _last_sound(word: str) -> tuple[bool, bool]:
    """(has a final consonant, that consonant is ㄹ) for the way ``word`` is read."""
    w = word.strip()
    while w.endswith(")") and "(" in w:  # 자료구조(Data Structures) reads as 자료구조
        w = w[: w.rfind("(")].rstrip()
    w = w.rstrip("<>'\" ")
    if not w:
        return False, False
    ch = w[-1]
    if _is_hangul(ch):
        j = _jong(ch)
        return j != _JONG_NONE, j == _JONG_L
    if ch.isdigit():  # 영 일 이 삼 사 오 육 칠 팔 구
        return ch in "013678", ch in "178"
    if ch.lower() in "lmn":
        return True, ch.lower() == "l"
    return False, False


_JOSA = {
    "을": ("을", "를"), "를": ("을", "를"),
    "이": ("이", "가"), "가": ("이", "가"),
    "은": ("은", "는"), "는": ("은", "는"),
    "과": ("과", "와"), "와": ("과", "와"),
}


def josa(word: str, particle: str) -> str:
    """``word`` followed by the right form of ``particle`` (을/를, 이/가, 은/는, 과/와, 으로/로)."""
    final, rieul = _last_sound(word)
    if particle in ("으로", "로"):
        return word + ("으로" if final and not rieul else "로")
    with_final, without = _JOSA[particle]
    return word + (with_final if final else without)


_SLOT = re.compile(r"\{(\w+)(?::(을|를|이|가|은|는|과|와|으로|로))?\}")


def fill(template: str, values: dict[str, str]) -> str:
    """Fill ``{name}`` / ``{name:을}`` slots; the particle agrees with the value."""

    def sub(m: re.Match[str]) -> str:
        value = values[m.group(1)]
        return josa(value, m.group(2)) if m.group(2) else value

    return _SLOT.sub(sub, template)


def to_register(sentence: str, register: str) -> str:
    """Rewrite a plain ``-다.`` ending as ``-함.``/``-음.`` (``ham``) or ``-합니다.`` (``hapnida``).

    Handles the endings used in this file: -ㄴ다/-는다 verbs, vowel-final adjectives and
    the copula (-이다), and consonant-final stems (있다, 없다).  Other sentences are
    returned unchanged.
    """
    if register == "da" or not sentence.endswith("다."):
        return sentence
    body = sentence[:-2]
    if not body or not _is_hangul(body[-1]):
        return sentence
    last = body[-1]
    ham = register == "ham"
    if last == "는" and len(body) >= 2 and _is_hangul(body[-2]) and _jong(body[-2]) != _JONG_NONE:
        return body[:-1] + ("음." if ham else "습니다.")  # 읽는다 -> 읽음 / 읽습니다
    jong = _jong(last)
    if jong == _JONG_N:
        stem_last = _with_jong(last, _JONG_NONE)  # 다룬다 -> 다루
    elif jong == _JONG_NONE:
        stem_last = last  # 중요하다, 과목이다
    else:
        return body + ("음." if ham else "습니다.")  # 있다 -> 있음 / 있습니다
    if ham:
        return body[:-1] + _with_jong(stem_last, _JONG_M) + "."
    return body[:-1] + _with_jong(stem_last, _JONG_B) + "니다."


# --------------------------------------------------------------------------------------
# Hand-authored course pools
# --------------------------------------------------------------------------------------


@dataclass
class Spec:
    """One authored course (all its sections share the generated description).

    ``opts`` keys: ``req`` (전공필수), ``ty`` (이수구분), ``cr`` (학점), ``b`` (교재),
    ``p`` (선수과목), ``ev`` (pinned evaluation line), ``sec`` (number of sections),
    ``ins`` (instructor override: ``two``, ``none`` or ``미정``), ``eng`` (영어강의),
    ``lab`` (실험/실습), ``team`` (팀 프로젝트); flags have the value ``"1"``.
    """

    title: str
    english: str
    topics: list[str]
    custom: str
    opts: dict[str, str] = field(default_factory=dict)


@dataclass
class Dept:
    name: str
    code: int
    style: str
    courses: list[Spec]


# --------------------------------------------------------------------------------------
# Sentence pools (written in the plain -다 register; converted per course)
# --------------------------------------------------------------------------------------

# The authored data (courses, sentence pools, questions) lives in db/sample_source.json.
SOURCE = json.loads(SOURCE_PATH.read_text(encoding="utf-8"))
DEPARTMENTS: list[Dept] = [
    Dept(d["name"], d["code"], d["style"],
         [Spec(c["title"], c["english"], c["topics"], c["custom"], c["opts"]) for c in d["courses"]])
    for d in SOURCE["departments"]
]
INTROS = SOURCE["intros"]
METHODS = SOURCE["methods"]
TOPIC_HEADERS = SOURCE["topic_headers"]
EVAL_SCHEMES = SOURCE["eval_schemes"]
EVAL_FORMS = SOURCE["eval_forms"]
BOOK_FORMS = SOURCE["book_forms"]
PRE_FORMS = SOURCE["pre_forms"]
LAB_NOTES = SOURCE["lab_notes"]
DEFAULT_LAB_NOTE = SOURCE["default_lab_note"]
ENG_NOTES = SOURCE["eng_notes"]
TEAM_NOTES = SOURCE["team_notes"]
MISC_NOTES = SOURCE["misc_notes"]
SURNAMES = SOURCE["surnames"]
GIVEN_NAMES = SOURCE["given_names"]
SPAN_QUESTIONS = SOURCE["span_questions"]
LOOKUP_QUESTIONS = SOURCE["lookup_questions"]
FIELD_QUESTIONS = SOURCE["field_questions"]
UNANSWERABLE_QUESTIONS = SOURCE["unanswerable_questions"]


# --------------------------------------------------------------------------------------
# Instructors
# --------------------------------------------------------------------------------------


def make_faculty(rng: random.Random, size: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < size:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


# --------------------------------------------------------------------------------------
# Description assembly
# --------------------------------------------------------------------------------------


def topics_block(rng: random.Random, spec: Spec, compact: bool = False) -> list[str]:
    """The topic list as units: a multi-line or "1. ... 2. ..." list counts one unit per line.

    Placeholder ``""`` entries only pad the unit count; they are dropped before joining.
    """
    items = spec.topics[:]
    if len(items) > 3 and rng.random() < 0.35:
        items = items[:3]
    kinds, weights = ["num", "circle", "newline", "dash", "prose", "dotnum"], [26, 18, 12, 8, 28, 8]
    if compact:
        kinds, weights = kinds[:2], weights[:2]
    kind = rng.choices(kinds, weights)[0]
    header = rng.choice(TOPIC_HEADERS)
    end = rng.choice(["", ".", "."])  # some list lines keep no final punctuation
    if kind == "num":
        return [f"{header}: " + " ".join(f"{i}) {t}" for i, t in enumerate(items, 1)) + end]
    if kind == "circle":
        return [" ".join(f"{'①②③④⑤'[i]} {t}" for i, t in enumerate(items)) + end]
    if kind == "newline":
        return [f"{header}\n" + "\n".join(f"{i}) {t}" for i, t in enumerate(items, 1))] + [""] * len(items)
    if kind == "dash":
        return [f"{header}:\n" + "\n".join(f"- {t}" for t in items)] + [""] * len(items)
    if kind == "dotnum":
        return ["다루는 내용은 다음과 같다. " + " ".join(f"{i}. {t}" for i, t in enumerate(items, 1)) + end] + [""] * len(items)
    return [f"주요 주제는 {', '.join(items)}이다."]


def pick_eval(rng: random.Random, spec: Spec, style: str) -> str:
    if "ev" in spec.opts:
        return spec.opts["ev"]
    if "team" in spec.opts:
        pool = EVAL_SCHEMES["team"]
    elif "lab" in spec.opts and style in ("SCI", "NUR", "ENG"):
        pool = EVAL_SCHEMES["lab"] + EVAL_SCHEMES["default"][:1]
    elif style in ("HUM", "MUS", "NUR"):
        pool = EVAL_SCHEMES[style] + EVAL_SCHEMES["default"][:2]
    else:
        pool = EVAL_SCHEMES["default"]
    return rng.choice(pool)


def book_line(rng: random.Random, book: str) -> str:
    return fill(rng.choice(BOOK_FORMS), {"b": book})


def build_description(spec: Spec, dept: Dept) -> str:
    """The course's description: 3-8 sentences (by :func:`rough_sentences`).

    Retries with another deterministic seed when the rendering falls outside that range;
    the course-specific and pinned lines (선수과목, 교재, pinned 평가, 영어강의) are in every try.
    """
    for attempt in range(50):
        text = _render_description(spec, dept, attempt)
        if 3 <= len(rough_sentences(text)) <= 8:
            return text
    raise AssertionError(f"no 3-8 sentence rendering for {spec.title}")


def _render_description(spec: Spec, dept: Dept, attempt: int) -> str:
    rng = random.Random(f"{SEED}:{dept.name}:{spec.title}:{attempt}")
    t = spec.topics
    values = {
        "T": spec.title,
        "Tp": f"'{spec.title}' 과목" if "의 " in spec.title else spec.title,
        "TE": f"{spec.title}({spec.english})" if spec.english else spec.title,
        "t0": t[0], "t1": t[1], "t2": t[2], "tl": t[-1], "tall": ", ".join(t),
    }
    intro = fill(rng.choice(INTROS), values)
    head = [intro, spec.custom]
    if rng.random() < 0.2:
        head.reverse()

    middle: list[str] = []
    use_list = rng.random() < 0.65
    if use_list:
        middle += topics_block(rng, spec)
    if not use_list or rng.random() < 0.45:
        method = rng.choice(METHODS[dept.style])
        middle.append(fill(method, {"t": rng.choice(t[1:])}))

    tail: list[str] = []
    pinned: list[str] = []
    if "p" in spec.opts:
        line = fill(rng.choice(PRE_FORMS), {"p": spec.opts["p"]})
        tail.append(line)
        pinned.append(line)
    if "b" in spec.opts:
        line = book_line(rng, spec.opts["b"])
        tail.append(line)
        pinned.append(line)
    if "ev" in spec.opts or rng.random() < 0.7:
        line = fill(rng.choice(EVAL_FORMS), {"e": pick_eval(rng, spec, dept.style)})
        tail.append(line)
        if "ev" in spec.opts:
            pinned.append(line)
    if "lab" in spec.opts and rng.random() < 0.75:
        tail.append(LAB_NOTES.get(dept.name, DEFAULT_LAB_NOTE))
    if "eng" in spec.opts:
        line = rng.choice(ENG_NOTES)
        tail.append(line)
        pinned.append(line)
    if "team" in spec.opts and rng.random() < 0.5:
        tail.append(rng.choice(TEAM_NOTES))
    if rng.random() < 0.3:
        tail.append(rng.choice(MISC_NOTES))
    if rng.random() < 0.3:
        rng.shuffle(tail)

    # 3-8 units: drop optional lines (never the course-specific or pinned ones) if too long.
    def count() -> int:
        return len(head) + len(middle) + len(tail)

    while count() > 8:
        optional = [x for x in tail if x not in pinned]
        if optional:
            tail.remove(optional[-1])
        elif len(middle) > 1 and middle[-1]:
            middle.pop()
        elif len(middle) > 1:
            middle = topics_block(rng, spec, compact=True)
        else:
            break
    if count() < 3:
        middle.append(fill(rng.choice(METHODS[dept.style]), {"t": t[-1]}))
    assert 3 <= count() <= 8, (spec.title, count())
    units = [u for u in head + middle + tail if u]

    register = rng.choices(["da", "ham", "hapnida"], [50, 25, 25])[0]
    sentences = []
    for k, u in enumerate(units):
        reg = register if rng.random() > 0.1 else rng.choice(["da", "ham", "hapnida"])  # real syllabi mix
        s = to_register(u, reg)
        last = k == len(units) - 1
        if reg == "ham" and s.endswith("함.") and rng.random() < (0.5 if last else 0.1):
            s = s[:-1]  # a line without final punctuation
        sentences.append(s)

    # Join: mostly with a space; some descriptions drop the space after a period ("이해한다.또한");
    # a line without final punctuation is often followed by a line break.
    squash = rng.random() < 0.22
    out = sentences[0]
    for prev, s in zip(sentences, sentences[1:]):
        if "\n" in s or "\n" in prev:
            sep = "\n"
        elif not prev.endswith((".", ")")) and rng.random() < 0.5:
            sep = "\n"
        elif squash and prev.endswith(".") and rng.random() < 0.6:
            sep = ""
        else:
            sep = " "
        out += sep + s
    return out


# --------------------------------------------------------------------------------------
# Catalog
# --------------------------------------------------------------------------------------


@dataclass
class Row:
    lecture_id: str
    title: str
    department: str
    instructor: str
    credits: str
    course_type: str
    description: str

    def as_list(self) -> list[str]:
        return [self.lecture_id, self.title, self.department, self.instructor, self.credits,
                self.course_type, self.description]


def fmt_credits(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def build_catalog() -> list[Row]:
    rows: list[Row] = []
    taken: set[str] = set()
    for dept in DEPARTMENTS:
        drng = random.Random(f"{SEED}:dept:{dept.name}")
        faculty = make_faculty(drng, 8, taken)
        numbers = sorted(drng.sample(range(101, 800), len(dept.courses)))
        for spec, number in zip(dept.courses, numbers):
            crng = random.Random(f"{SEED}:course:{spec.title}")
            description = build_description(spec, dept)
            if "cr" in spec.opts:
                credits = float(spec.opts["cr"])
            elif "lab" in spec.opts and dept.style == "SCI":
                credits = 1.0
            else:
                credits = 3.0
            if "ty" in spec.opts:
                course_type = spec.opts["ty"]
            elif dept.style == "GEN":
                course_type = "교양선택"
            else:
                course_type = "전공필수" if "req" in spec.opts else "전공선택"
            sections = int(spec.opts.get("sec", "1"))
            teachers = crng.sample(faculty, sections)
            for s in range(sections):
                instructor = teachers[s]
                override = spec.opts.get("ins")
                if override == "two":
                    other = crng.choice([f for f in faculty if f != instructor])
                    instructor = f"{instructor}, {other}"
                elif override == "none":
                    instructor = ""
                elif override == "미정":
                    instructor = "미정"
                rows.append(Row(f"2{dept.code:03d}{number:03d}{s + 1:03d}", spec.title, dept.name,
                                instructor, fmt_credits(credits), course_type, description))
    return rows


def write_catalog(rows: list[Row], path: Path = CATALOG_PATH) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow(row.as_list())


# --------------------------------------------------------------------------------------
# Evaluation questions
# --------------------------------------------------------------------------------------

# (question, course title, acceptable answer spans - each must occur verbatim in the description)

# (question, gold titles, key phrase that must occur in every gold description, exclusive?)

# (question, course title, field)

# (question, phrases that must not occur in any title or description)


def build_questions(rows: list[Row]) -> list[dict[str, object]]:
    by_title: dict[str, list[Row]] = {}
    for r in rows:
        by_title.setdefault(r.title, []).append(r)

    def ids(title: str) -> list[str]:
        assert title in by_title, f"unknown course title {title!r}"
        return [r.lecture_id for r in by_title[title]]

    out: list[dict[str, object]] = []
    for q, title, answers in SPAN_QUESTIONS:
        out.append({"question": q, "gold_lecture_ids": ids(title), "gold_answers": answers})
    for q, titles, _key, _excl in LOOKUP_QUESTIONS:
        out.append({"question": q, "gold_lecture_ids": [i for t in titles for i in ids(t)], "gold_answers": []})
    for q, title, fld in FIELD_QUESTIONS:
        values = sorted({getattr(r, fld) for r in by_title[title]})
        assert len(values) == 1 and values[0] not in ("", "미정"), (title, values)
        out.append({"question": q, "gold_lecture_ids": ids(title), "gold_answers": values})
    for q, _keys in UNANSWERABLE_QUESTIONS:
        out.append({"question": q, "gold_lecture_ids": [], "gold_answers": []})
    return out


def write_questions(questions: list[dict[str, object]], path: Path = QUESTIONS_PATH) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for q in questions:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------------------
# Self-check and summary
# --------------------------------------------------------------------------------------

_SENT_SPLIT = re.compile(r"(?<=[.!?])\s*(?=\S)|\n+")


def rough_sentences(text: str) -> list[str]:
    return [s for s in (p.strip() for p in _SENT_SPLIT.split(text)) if s]


def summary(rows: list[Row]) -> dict[str, object]:
    """Counts printed after generation (the checks live in tests/test_sample_catalog.py)."""
    by_desc: dict[str, list[Row]] = {}
    for r in rows:
        by_desc.setdefault(r.description, []).append(r)
    n_sent = [len(rough_sentences(d)) for d in by_desc]
    lengths = [len(d) for d in by_desc]
    return {
        "rows": len(rows),
        "distinct_courses": len(by_desc),
        "departments": len({r.department for r in rows}),
        "dup_groups": [[g.lecture_id for g in grp] for grp in by_desc.values() if len(grp) > 1],
        "sentences": (min(n_sent), statistics.median(n_sent), max(n_sent)),
        "chars": (min(lengths), statistics.median(lengths), max(lengths)),
        "bytes": CATALOG_PATH.stat().st_size,
    }


def main() -> int:
    rows = build_catalog()
    write_catalog(rows)
    questions = build_questions(rows)
    write_questions(questions)
    info = summary(rows)

    from collections import Counter

    print(f"wrote {CATALOG_PATH.relative_to(HERE.parent)}: {info['rows']} rows, "
          f"{info['distinct_courses']} distinct descriptions, {info['departments']} departments, "
          f"{info['bytes'] / 1024:.1f} KiB")
    print(f"sentences per description (rough split) min/median/max: {info['sentences']}")
    print(f"characters per description min/median/max: {info['chars']}")
    print("credits:", dict(Counter(r.credits for r in rows)))
    print("이수구분:", dict(Counter(r.course_type for r in rows)))
    print("instructors: two =", sum(", " in r.instructor for r in rows),
          "empty =", sum(r.instructor == "" for r in rows),
          "미정 =", sum(r.instructor == "미정" for r in rows))
    feats = {
        "numbered 1)": sum("1) " in r.description for r in rows),
        "circled ①": sum("①" in r.description for r in rows),
        "newline": sum("\n" in r.description for r in rows),
        "no space after period": sum(bool(re.search(r"\.[가-힣A-Z]", r.description)) for r in rows),
        "angle brackets": sum("<" in r.description for r in rows),
        "-함.": sum(bool(re.search(r"[함음됨임]\.?(\s|$)", r.description)) for r in rows),
        "-니다.": sum("니다." in r.description for r in rows),
        "evaluation %": sum("%" in r.description for r in rows),
        "textbook": sum("교재" in r.description for r in rows),
        "prerequisite": sum(("선수" in r.description or "먼저 수강" in r.description
                             or "이수한 학생" in r.description) for r in rows),
    }
    print("features (rows):", feats)
    print(f"duplicate-description groups ({len(info['dup_groups'])}):")
    for g in info["dup_groups"]:  # type: ignore[union-attr]
        print("   ", ", ".join(g))
    print(f"wrote {QUESTIONS_PATH.relative_to(HERE.parent)}: {len(questions)} questions "
          f"(span {len(SPAN_QUESTIONS)}, lookup {len(LOOKUP_QUESTIONS)}, field {len(FIELD_QUESTIONS)}, "
          f"unanswerable {len(UNANSWERABLE_QUESTIONS)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
