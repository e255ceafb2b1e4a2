"""Test doubles for the assistant and UI tests (imported by test_ask / test_ui / test_browser).

:class:`FakeReader` has the interface of ``assistant.read.Reader`` and "reads" only one
kind of answer: the textbook named after 교재는 / 교재: / (교재) / 주교재는 in a passage,
when the question asks for a textbook. Everything else gets no confident span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from assistant.records import Hit, Span

_TEXTBOOK = re.compile(
    r"(?:주교재는|교재는|교재\s*[:：]|\(교재\))\s*(?P<a>.+?)"
    r"(?=를 사용|을 사용|이며|이다|입니다|\.(?:\s|$)|\n| ※| 평가|$)")
_ASKS_TEXTBOOK = re.compile(r"교재|책|textbook", re.I)

READER_WEIGHTS = Path(__file__).resolve().parent.parent / "assistant" / "reader_weights" / "reader.safetensors"


class FakeReader:
    """``Reader``-shaped fake: textbook spans only, score 0.9; records its calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[Hit]]] = []
        self.warmed = False

    def warm_up(self) -> None:
        self.warmed = True

    def run(self, question: str, hits: Sequence[Hit], top_k: int = 3,
            threshold: float | None = None) -> list[Span]:
        self.calls.append((question, list(hits)))
        if not _ASKS_TEXTBOOK.search(question):
            return []
        spans: list[Span] = []
        for hit in hits:
            m = _TEXTBOOK.search(hit.passage)
            if not m or not m.group("a").strip():
                continue
            start = hit.passage_start + m.start("a")
            end = hit.passage_start + m.end("a")
            sentences = list(getattr(hit, "sentences", ())) + [x.sentence for x in hit.matches]
            sid = next((s.id for s in sentences if s.start <= start < s.end), None)
            spans.append(Span(hit.course.description[start:end], 0.9, hit.course.lecture_id, sid, start, end))
            if len(spans) >= top_k:
                break
        return spans


def real_reader_available() -> bool:
    """True when ``assistant.read`` exists and its bundled weights are trained."""
    try:
        import assistant.read  # noqa: F401
    except ImportError:
        return False
    return READER_WEIGHTS.is_file()
