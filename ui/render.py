"""Rendering an :class:`~assistant.records.Answer` as chat text: the answer bubble (message,
cited lecture ids, citations expandable to the source sentence with the answer highlighted),
the side panel of found courses and the catalog header, with the CSS they use.

Everything catalog or user text passes through :func:`esc`: HTML-escaped, and Markdown
syntax written as numeric entities, so it shows as typed and never turns into markup.
:mod:`ui.app` wires these into the Gradio app.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from assistant.records import Answer, Citation, Course, Hit
from assistant.reply import field_value
from assistant.settings import Settings

APP_CSS = """
.ca-answer mark { background: #ffe58a; padding: 0 2px; border-radius: 2px; }
.ca-ids code { margin-right: 4px; }
.ca-citation { margin-top: 6px; }
.ca-citation blockquote { margin: 4px 0 0 0; padding-left: 8px; border-left: 3px solid #ccc; }
.ca-sources li { margin-bottom: 6px; }
.ca-kind-error .ca-message { color: #b42318; }
"""

# Quotes and the characters Markdown would read as syntax, written as numeric entities so
# catalog and user text can never turn into emphasis, code, headings, tables or math.
_MD_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "\"'\\`*_[]#|~$"})
_SURROGATE = re.compile("[\ud800-\udfff]")


def esc(text: object) -> str:
    """HTML-escape ``text`` and neutralize Markdown syntax; newlines become ``<br>``.

    ``html.escape`` (without quotes, so its output holds no ``#``) handles ``& < >``; one
    translation pass then writes quotes and Markdown characters as numeric entities.
    """
    escaped = html.escape("" if text is None else str(text), quote=False)
    # a lone surrogate ("\ud800", half an emoji) cannot be encoded as UTF-8: the queue's
    # JSON encoder (orjson) would fail the whole reply
    escaped = _SURROGATE.sub("\ufffd", escaped)
    return escaped.translate(_MD_ENTITIES).replace("\r\n", "\n").replace("\n", "<br>")


def _ids(lecture_ids: Sequence[str]) -> str:
    return ", ".join(lecture_ids)


def _course_line(course: Course) -> str:
    instructor = course.instructor or "미정"
    credits = field_value(course, "credits")  # none given: not shown
    return " · ".join(esc(x) for x in (course.department, instructor, credits, course.course_type) if x)


def render_citation(index: int, citation: Citation) -> str:
    """One expandable source: the sentence with the answer span in ``<mark>``."""
    course = citation.course
    ids = citation.lecture_ids or (course.lecture_id,)
    summary = f"출처 {index}: {esc(course.title)} ({esc(_ids(ids))}) · {esc(course.department)}"
    if citation.sentence is None:
        body = f"<div>과목 정보: {_course_line(course)}</div>"
    else:
        text = citation.sentence.text
        a, b = citation.span_start, citation.span_end
        if 0 <= a < b <= len(text):
            body = (f"<blockquote>{esc(text[:a])}<mark>{esc(text[a:b])}</mark>{esc(text[b:])}"
                    "</blockquote>")
        else:
            body = f"<blockquote>{esc(text)}</blockquote>"
    return f'<details class="ca-citation"><summary>{summary}</summary>{body}</details>'


def cited_ids(answer: Answer) -> list[str]:
    """Lecture ids an answer cites (citations first, then listed courses)."""
    out: list[str] = []
    for c in answer.citations:
        out += [i for i in (c.lecture_ids or (c.course.lecture_id,)) if i not in out]
    if not answer.citations:
        for h in answer.courses:
            out += [i for i in (h.lecture_ids or (h.course.lecture_id,)) if i not in out]
    return out


def render_answer(answer: Answer) -> str:
    """The chat bubble for one answer: escaped message, cited lecture ids, expandable
    citations. One HTML block without blank lines, so Markdown never parses inside it."""
    parts = [f'<div class="ca-answer ca-kind-{esc(answer.kind)}">',
             f'<div class="ca-message">{esc(answer.message)}</div>']
    ids = cited_ids(answer)
    if ids:
        label = "인용 강의번호" if answer.citations else "관련 강의번호"
        parts.append(f'<div class="ca-ids">{label}: '
                     + " ".join(f"<code>{esc(i)}</code>" for i in ids) + "</div>")
    for n, citation in enumerate(answer.citations, 1):
        parts.append(render_citation(n, citation))
    parts.append("</div>")
    return "".join(parts)


def render_sources(answer: Answer | None) -> str:
    """The side panel: every course the answer cites or found."""
    if answer is None:
        return '<div class="ca-sources"><b>찾은 과목</b><p>질문하면 관련 과목이 여기에 표시됩니다.</p></div>'
    seen: set[str] = set()
    rows: list[tuple[Course, Sequence[str], str]] = []
    for c in answer.citations:
        if c.course.lecture_id not in seen:
            seen.add(c.course.lecture_id)
            rows.append((c.course, c.lecture_ids, "인용"))
    for h in answer.courses:
        if h.course.lecture_id not in seen:
            seen.add(h.course.lecture_id)
            rows.append((h.course, h.lecture_ids, _best_sentence(h)))
    if not rows:
        return '<div class="ca-sources"><b>찾은 과목</b><p>관련 과목이 없습니다.</p></div>'
    items = []
    for course, ids, note in rows:
        items.append(f"<li><b>{esc(course.title)}</b> <code>{esc(_ids(ids or (course.lecture_id,)))}</code>"
                     f"<br><small>{_course_line(course)}</small>"
                     + (f"<br><small>{esc(note)}</small>" if note else "") + "</li>")
    return '<div class="ca-sources"><b>찾은 과목</b><ol>' + "".join(items) + "</ol></div>"


def _best_sentence(hit: Hit) -> str:
    if not hit.matches:
        return ""
    text = " ".join(hit.matches[0].sentence.text.split())
    return text if len(text) <= 100 else text[:99] + "…"


def catalog_header(settings: Settings) -> str:
    """"서강대학교 · 2,696개 과목 · 2026-11-27 구축" — which catalog the chat speaks for."""
    if not Path(settings.db_path).exists():
        return ""
    from assistant.store import CourseStore

    store = CourseStore(settings.db_path)
    try:
        meta, courses = store.get_meta(), store.counts()["courses"]
    finally:
        store.close()
    name = meta.get("catalog_name") or Path(settings.db_path).stem
    built = (meta.get("built_at") or "")[:10]
    return " · ".join(x for x in (esc(name), f"{courses:,}개 과목", f"{built} 구축" if built else "") if x)
