"""Example questions for the loaded catalog: built from its own titles and fields, and
kept only when the assistant answers them confidently with the course they name.

The chat shows these under the input box, so a student sees questions that work on *this*
catalog (not the bundled sample's). They are made once per database build and stored in its
``meta`` table (``examples``); an admin can give a file instead (``python -m ui --examples``).
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import AssistantError
from .labels import find_labeled
from .records import Course
from .reply import department
from .wording import particle
from .store import CourseStore

MAX_EXAMPLES = 6


def _candidates(course: Course) -> list[tuple[str, str]]:
    """``(question, kind wanted)`` pairs this course can answer from its own row."""
    t = course.title
    out = [(f"{t} 수업 있어?", "lookup")]
    if course.get("prerequisites"):
        out.append((f"{t} 선수과목이 뭐야?", "field"))
    if find_labeled(course.description, "textbook"):
        out.append((f"{t} 수업 교재가 뭐야?", "span"))
    if find_labeled(course.description, "evaluation"):
        out.append((f"{t} 평가 방법 알려줘", "span"))
    if course.instructor.strip():
        out.append((f"{t}{particle(t, '은', '는')} 누가 가르쳐?", "field"))
    if course.credits is not None:
        out.append((f"{t}{particle(t, '은', '는')} 몇 학점이야?", "field"))
    if department(course):
        out.append((f"{t}{particle(t, '은', '는')} 어느 학과 수업이야?", "field"))
    return out


def _works(answer: Any, course: Course, kind: str) -> bool:
    ids = {i for c in answer.citations for i in c.lecture_ids} | {i for h in answer.courses[:1] for i in h.lecture_ids}
    if course.lecture_id not in ids or answer.kind != kind:
        return False
    return kind != "lookup" or answer.message.startswith("네, 있어요")


def make_examples(assistant: Any, courses: Sequence[Course], *, n: int = MAX_EXAMPLES, seed: int = 7,
                  tries: int = 40) -> list[str]:
    """Up to ``n`` questions about ``courses`` that ``assistant`` answers confidently,
    varied in kind (a lookup, catalog fields, spans), deterministic for a catalog."""
    rng = random.Random(seed)
    pool = [c for c in courses if 2 <= len(c.title) <= 20 and len(c.description) >= 40]
    rng.shuffle(pool)
    chosen: list[str] = []
    kinds: dict[str, int] = {}
    for course in pool[:tries]:
        cands = _candidates(course)
        rng.shuffle(cands)
        # the kind least shown so far first, so the examples show what the chat can do
        for question, kind in sorted(cands, key=lambda qk: kinds.get(qk[1], 0)):
            if kinds.get(kind, 0) >= max(2, n // 2):
                continue
            if _works(assistant.ask(question), course, kind):
                chosen.append(question)
                kinds[kind] = kinds.get(kind, 0) + 1
                break
        if len(chosen) >= n:
            break
    return chosen


def stored_examples(store: CourseStore) -> list[str] | None:
    """The examples stored for the database's current build (``None`` when not made yet)."""
    meta = store.get_meta()
    raw = meta.get("examples")
    if not raw or meta.get("examples_built_at") != meta.get("built_at"):
        return None
    return [str(q) for q in json.loads(raw)]


def ensure_examples(assistant: Any) -> list[str]:
    """The loaded catalog's examples: stored ones, else made now and stored."""
    store: CourseStore = assistant.store
    found = stored_examples(store)
    if found is not None:
        return found
    examples = make_examples(assistant, list(store.courses().values()))
    with store.conn:
        store.set_meta(examples=json.dumps(examples, ensure_ascii=False),
                       examples_built_at=store.get_meta().get("built_at", ""))
    return examples


def read_examples_file(path: Path) -> list[str]:
    """An admin's example file: one question per line (blank lines and ``#`` comments skipped).

    Raises:
        AssistantError: The file is missing or has no question.
    """
    path = Path(path)
    if not path.is_file():
        raise AssistantError(f"examples file not found: {path}")
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    questions = [ln for ln in lines if ln and not ln.startswith("#")]
    if not questions:
        raise AssistantError(f"{path}: no example question (one question per line)")
    return questions
