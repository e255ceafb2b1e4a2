"""Hostile questions: a seeded generator of well over 1,000 inputs (control, zero-width and
bidi characters, lone surrogates, FTS5 operators and quotes, SQL fragments, 10,000-character
pastes, mixed scripts, HTML/JS, Markdown links) thrown at a real :class:`Assistant` over a
tiny database built with the fake embedder and the fake reader.

Every input must come back as a typed :class:`Answer` of a known kind, never through the
"unexpected error" path, and leave the database and its index byte-for-byte unchanged. The
UI layer (``ui.app.render_answer`` / ``render_sources`` / the chat handler) must show every
question and every catalog text inert: no tag outside the app's own markup, no attribute
but ``class``, no raw Markdown link syntax, and always encodable as UTF-8.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import time
import unicodedata
from pathlib import Path

import pytest

from assistant.ask import Assistant
from assistant.build import ingest
from assistant.question import MAX_QUESTION_CHARS
from assistant.records import Answer
from assistant.reply import MSG_FAILED
from assistant.settings import Settings
from assistant.store import Filters

from ask_fakes import FakeReader
from conftest import TINY_COURSES, HashEmbedder, write_catalog
from inert_html import inert_problems

KINDS = {"span", "field", "lookup", "none", "error"}
SEED = 20261127
N_GENERATED = 1200

# ----------------------------------------------------------------------------- the inputs

CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b", "\r", "\n",
           "\t", "\u2028", "\u2029"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a", "\u202b",
             "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c", "\u00ad"]
SURROGATES = ["\ud800", "\udfff", "\udc00", "\ud83d", "\ude00", "\ud83d\ude00"]
FTS5 = ['"', '""', '"자료', "자료\"구조", "*", "자료*", "NEAR(자료 구조)", "NEAR(a b, 2)", "NEAR(", "AND",
        "OR", "NOT", "자료 AND 구조", "NOT 자료", "OR OR OR", "^자료", "^", ":", "title:자료", "text : 구조",
        "{text title}:자료", "(", ")", "((((", "-자료", "+구조", "'", "''", "\\", "\\\"", '"*"', "a\"b\"c"]
SQL = ["'; DROP TABLE courses; --", "\" OR 1=1 --", "1; DELETE FROM sentences", "' UNION SELECT * FROM meta --",
       "Robert'); DROP TABLE students;--", "'); ATTACH DATABASE '/tmp/x.db' AS x; --", "%", "_", "%%' --",
       "PRAGMA writable_schema=1;", "' OR ''='", "; VACUUM INTO '/tmp/stolen.db'; --", "0x7f; --",
       "SELECT load_extension('x')"]
HTML_JS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
           '<a href="javascript:alert(1)">x</a>', "</div><script>alert(1)</script>", "<iframe src=//evil>",
           "&lt;script&gt;", "&#60;script&#62;", "<details open ontoggle=alert(1)>", "<style>*{}</style>",
           "javascript:alert(1)", "<!--", "-->", "<![CDATA[x]]>", "<body onload=alert(1)>", "\"><script>",
           "'><img src=x>", "<math><mi xlink:href=\"javascript:alert(1)\">"]
MARKDOWN = ["[x](javascript:alert(1))", "![x](http://evil.example/x.png)", "[클릭](https://evil.example)",
            "<https://evil.example>", "<javascript:alert(1)>", "[a]: javascript:alert(1)", "**굵게**",
            "`code`", "```js\nalert(1)\n```", "# 제목", "| a | b |\n|---|---|", "$x^2$", "$$\\frac{1}{2}$$",
            "~~취소~~", "> 인용", "- [ ] 할 일", "___", "[x][1]\n\n[1]: javascript:alert(1)", "\\[x\\](y)"]
MIXED = ["자료구조 data structures データ構造 数据结构 структура данных بنية البيانات", "Ｓｔａｃｋ ＡＮＤ 큐",
         "ㅈㅏㄹㅛㄱㅜㅈㅗ", unicodedata.normalize("NFD", "자료구조 교재"), "\u1112\u1161\u11ab\u1100\u116e\u11a8",
         "📚🔥💯", "👩\u200d💻 코딩 수업", "a\u0301\u0301\u0301\u0301", "𝕬𝖑𝖌𝖔𝖗𝖎𝖙𝖍𝖒", "١٢٣٤", "Ⅻ 학점",
         "\u3000\u3000자료구조\u3000", "자" * 300, "a" * 200, "教材は何ですか", "учебник?", "ℌ𝔢𝔩𝔩𝔬"]
QUESTIONS = ["자료구조 교재가 뭐야?", "그 과목 담당 교수는?", "머신러닝입문 몇 학점이야?", "2150387001", "웹보안실습 교재?",
             "보안 배우는 수업 있어?", "평가 방법은?", "현대문학비평론은 누가 가르쳐?", "회계원리 선수과목은?",
             "경영학원론 개설 학과는?", "교재", "?", "그거", "수업", "2150387002 교재", "자료구조는?"]
FRAGMENTS = CONTROL + INVISIBLE + SURROGATES + FTS5 + SQL + HTML_JS + MARKDOWN + MIXED
ODD_TYPES: list[object] = [None, 0, 12345, 3.5, b"\xff\xfe bytes", ["list"], {"q": 1}, "", " ", "\x00" * 50]


def _sprinkle(rng: random.Random, text: str) -> str:
    """Insert a few control / invisible / surrogate characters at random places."""
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        chars.insert(rng.randint(0, len(chars)), rng.choice(CONTROL + INVISIBLE + SURROGATES))
    return "".join(chars)


def _paste(rng: random.Random, size: int) -> str:
    """A long paste: question text, catalog-ish prose and hostile fragments."""
    parts: list[str] = []
    while sum(map(len, parts)) < size:
        parts.append(rng.choice(QUESTIONS + FRAGMENTS + [TINY_COURSES[rng.randrange(len(TINY_COURSES))][6]]))
    return " ".join(parts)[:size]


def hostile_inputs(n: int = N_GENERATED, seed: int = SEED) -> list[object]:
    """Every fragment alone, each fragment inside a real question, then seeded mixtures
    (1-4 pieces, sprinkled with control characters), 10,000-character pastes and pastes
    right at the length limit. Deterministic for a given seed."""
    rng = random.Random(seed)
    out: list[object] = list(ODD_TYPES) + list(FRAGMENTS)
    out += [f"{rng.choice(QUESTIONS)} {f}" for f in FRAGMENTS]
    out += [f"{f}{rng.choice(QUESTIONS)}{f}" for f in FRAGMENTS]
    while len(out) < n:
        roll = rng.random()
        if roll < 0.03:
            out.append(_paste(rng, 10_000))
        elif roll < 0.06:
            out.append(_paste(rng, MAX_QUESTION_CHARS + rng.choice((-1, 0, 1))))
        else:
            pieces = [rng.choice(QUESTIONS if rng.random() < 0.4 else FRAGMENTS) for _ in range(rng.randint(1, 4))]
            text = rng.choice(["", " ", "\n", "\t", "\u3000"]).join(pieces)
            out.append(_sprinkle(rng, text) if rng.random() < 0.5 else text)
    return out


def test_generator_is_seeded_and_covers_every_family() -> None:
    a, b = hostile_inputs(), hostile_inputs()
    assert a == b and len(a) >= 1000
    texts = [x for x in a if isinstance(x, str)]
    assert sum(len(t) >= 10_000 for t in texts) >= 5
    for family in (CONTROL, INVISIBLE, SURROGATES, FTS5, SQL, HTML_JS, MARKDOWN, MIXED):
        assert all(any(f in t for t in texts) for f in family)


# ----------------------------------------------------------------------------- the database

# catalog text is hostile too: it must reach the chat as text, never as markup or a link
HOSTILE_COURSES = [
    ("9990000001", "<img src=x onerror=alert(1)>보안입문", "[학과](javascript:alert(1))", "<b>최</b>보안",
     "3", "전공선택",
     "교재는 [클릭](javascript:alert(2))이다. 실습에서 <script>alert(3)</script> 입력을 다룬다. "
     "**굵게** `코드` $x^2$ | 표 | ~~취소~~ 를 쓴다. 링크 <https://evil.example> 도 있다."),
    ("9990000002", "=HYPERLINK(\"http://evil.example\",\"클릭\")", "수식학과", "=1+1", "2", "교양",
     "@SUM(A1:A9) 와 =HYPERLINK(\"javascript:alert(1)\") 는 글자일 뿐이다. 교재: <a href=\"javascript:x\">책</a>"),
]


def db_fingerprint(settings: Settings) -> dict[str, object]:
    """Bytes of the database and the index, plus every table's row count and the schema."""
    db, index = Path(settings.db_path), Path(settings.index_path)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name")]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        schema = conn.execute("SELECT group_concat(sql, ';') FROM sqlite_master").fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    return {"db": hashlib.sha256(db.read_bytes()).hexdigest(),
            "index": hashlib.sha256(index.read_bytes()).hexdigest(),
            "counts": counts, "schema": schema, "integrity": integrity}


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory, model_cache_dir: Path) -> Settings:
    folder = tmp_path_factory.mktemp("hostile")
    catalog = write_catalog(folder / "catalog.csv", TINY_COURSES + HOSTILE_COURSES)
    settings = Settings(db_path=folder / "hostile.db", catalog_path=catalog, cache_dir=model_cache_dir)
    ingest(catalog, settings, embedder=HashEmbedder(), progress=False)
    return settings


HOSTILE_FILTERS = [None, Filters(departments=("'; DROP TABLE courses; --",)),
                   Filters(course_types=("%", "_", "전공' OR 1=1 --")), Filters(credits=(3.0, float("nan"))),
                   Filters(departments=("[학과](javascript:alert(1))",))]


@pytest.fixture(scope="module")
def answered(hostile_db: Settings):
    """Every hostile input asked once (a rolling history of earlier answers, now and then a
    hostile filter); returns ``(inputs, answers, slowest seconds, fingerprint before, after)``."""
    before = db_fingerprint(hostile_db)
    assistant = Assistant.from_settings(hostile_db, reader=FakeReader(), embedder=HashEmbedder())
    inputs = hostile_inputs()
    answers: list[object] = []
    slowest = 0.0
    try:
        for i, question in enumerate(inputs):
            history = answers[-3:] if i % 3 else []
            filters = HOSTILE_FILTERS[i % len(HOSTILE_FILTERS)] if i % 11 == 0 else None
            started = time.perf_counter()
            try:
                answer = assistant.ask(question, history, filters)  # type: ignore[arg-type]
            except BaseException as exc:  # noqa: BLE001 - recorded, the test reports it
                answer = exc
            slowest = max(slowest, time.perf_counter() - started)
            answers.append(answer)
    finally:
        assistant.store.close()
    return inputs, answers, slowest, before, db_fingerprint(hostile_db)


UNEXPECTED = MSG_FAILED.split("(")[0]  # the "something went wrong" reply: a bug, not an answer


def test_every_hostile_question_gets_a_typed_answer(answered) -> None:
    inputs, answers, slowest, _, _ = answered
    assert len(inputs) >= 1000
    bad = []
    for question, answer in zip(inputs, answers):
        if not isinstance(answer, Answer):
            bad.append((question, f"raised {answer!r}"))
        elif answer.kind not in KINDS or not isinstance(answer.message, str) or not answer.message.strip():
            bad.append((question, f"kind {answer.kind!r}, message {answer.message!r}"))
        elif answer.message.startswith(UNEXPECTED):
            bad.append((question, f"unexpected failure: {answer.message}"))
    assert not bad, f"{len(bad)} of {len(inputs)} inputs failed, e.g. {bad[:5]!r}"
    assert slowest < 10.0, f"one question took {slowest:.1f} s"
    kinds = {a.kind for a in answers if isinstance(a, Answer)}
    assert {"error", "none"} <= kinds and kinds & {"span", "field", "lookup"}  # real answers among them


def test_over_long_and_empty_inputs_are_refused_politely(answered) -> None:
    inputs, answers, _, _, _ = answered
    for question, answer in zip(inputs, answers):
        text = question if isinstance(question, str) else ""
        if isinstance(question, str) and len(text.strip()) > MAX_QUESTION_CHARS:
            assert answer.kind == "error" and f"{MAX_QUESTION_CHARS:,}자" in answer.message
        if question is None or (isinstance(question, str) and not text.strip()):
            assert answer.kind == "error"


def test_the_database_and_index_are_unchanged(answered) -> None:
    _, _, _, before, after = answered
    assert after == before
    assert after["integrity"] == "ok" and after["counts"]["courses"] == len(TINY_COURSES) + len(HOSTILE_COURSES)


# ----------------------------------------------------------------------------- the UI layer

ui_app = pytest.importorskip("ui.app")


def test_inert_check_catches_live_markup() -> None:
    for live in ("<script>x</script>", '<a href="javascript:x">y</a>', "[x](javascript:y)", "<img src=x>",
                 '<div class="a" onclick="x">', "\ud800", "<!-- x -->"):
        assert inert_problems(live), live
    assert not inert_problems(ui_app.esc("<script>[x](javascript:y)</script> **b** `c` \\ \" '"))


def test_answers_render_inert(answered) -> None:
    inputs, answers, _, _, _ = answered
    bad = []
    for question, answer in zip(inputs, answers):
        if not isinstance(answer, Answer):
            continue  # reported by test_every_hostile_question_gets_a_typed_answer
        for where, markup in (("answer", ui_app.render_answer(answer)), ("sources", ui_app.render_sources(answer)),
                              ("question", ui_app.esc(question))):
            problems = inert_problems(markup)
            if problems:
                bad.append((question, where, problems[:3]))
    assert not bad, f"{len(bad)} renderings are live, e.g. {bad[:3]!r}"


def test_hostile_catalog_text_is_cited_but_escaped(hostile_db: Settings) -> None:
    assistant = Assistant.from_settings(hostile_db, reader=FakeReader(), embedder=HashEmbedder())
    try:
        seen = []
        for question in ("9990000001 교재가 뭐야?", "9990000001 담당 교수는?", "9990000002 강의설명 알려줘",
                         "9990000002", "보안입문 교재?", "HYPERLINK 수업 있어?"):
            answer = assistant.ask(question)
            out = ui_app.render_answer(answer) + ui_app.render_sources(answer)
            assert not inert_problems(out), (question, inert_problems(out))
            assert "<script" not in out and "<img" not in out and "<a " not in out and "](" not in out
            seen.append(out)
        joined = "".join(seen)
        # the hostile text did reach the chat (escaped), so the check above is not vacuous
        assert "&lt;img src=x onerror=alert(1)&gt;" in joined or "&lt;b&gt;" in joined
        assert "=1+1" in joined or "HYPERLINK" in joined
    finally:
        assistant.store.close()


def test_chat_handler_shows_hostile_questions_inert(hostile_db: Settings) -> None:
    """The real chat handler (``respond`` of :func:`ui.app.create_app`), called directly."""
    pytest.importorskip("gradio")
    assistant = Assistant.from_settings(hostile_db, reader=FakeReader(), embedder=HashEmbedder())
    try:
        demo = ui_app.create_app(hostile_db, assistant, examples=[])
        respond = next(f.fn for f in demo.fns.values() if f.api_name == "chat")
        rng = random.Random(SEED)
        questions = [q for q in hostile_inputs() if isinstance(q, str)]
        chat: list = []
        answers: list = []
        bad = []
        for question in rng.sample(questions, 150):
            *_, (chat, box, answers, sources) = list(respond(question, chat, answers, None, None, None))
            assert box == ""
            for message in chat[-2:]:
                problems = inert_problems(message["content"])
                if problems:
                    bad.append((question, message["role"], problems[:3]))
            if len(chat) > 40:
                chat = chat[-10:]
        assert not bad, f"{len(bad)} chat bubbles are live, e.g. {bad[:3]!r}"
    finally:
        assistant.store.close()
