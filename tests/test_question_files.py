"""The development question files in ``db/questions``: each loads as ``eval chat`` reads it,
and (where the real catalogs are at hand) names courses that exist and quotes span answers
that their descriptions (or other catalog fields) really hold."""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

from assistant.evaluate import load_chat_questions
from assistant.evaluate.chat import QUESTION_TYPES
from assistant.settings import PROJECT_ROOT

QUESTIONS = sorted((PROJECT_ROOT / "db" / "questions").glob("*.jsonl"))
CATALOGS = PROJECT_ROOT.parent / "shared" / "data" / "catalogs"


def catalog_for(path: Path) -> Path:
    return CATALOGS / ("sogang_2025.csv" if path.name.startswith("sogang") else "eight_universities.csv")


@lru_cache(maxsize=2)
def descriptions(catalog: Path) -> dict[str, str]:
    from assistant.ingest import read_catalog

    return {c.lecture_id: "\n".join([c.description, *(v for _k, v in c.extra)])  # e.g. Sogang's 선수과목 column
            for c in read_catalog(catalog, skip_invalid=True).courses}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_there_are_question_files() -> None:
    names = {p.name for p in QUESTIONS}
    assert {"sogang_dev.jsonl", "eight_dev.jsonl", "pnu_snu_dev.jsonl", "sogang_named.jsonl"} <= names


@pytest.mark.parametrize("path", QUESTIONS, ids=lambda p: p.name)
def test_a_question_file_loads_with_typed_unique_questions(path: Path) -> None:
    rows = load_chat_questions(path)
    raw = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert rows and len(rows) == len(raw)
    assert all(r.get("type") in QUESTION_TYPES for r in raw)  # every line says its type
    assert len({r["question"] for r in rows}) == len(rows)
    for r in rows:
        if r["type"] in ("lookup", "span", "field"):
            assert r["gold_lecture_ids"], r["question"]
        if r["type"] in ("span", "field"):
            assert r["gold_answers"], r["question"]
        if r["type"] == "none":
            assert not r["gold_answers"], r["question"]


@pytest.mark.parametrize("path", QUESTIONS, ids=lambda p: p.name)
def test_gold_courses_exist_and_span_answers_are_in_their_text(path: Path) -> None:
    catalog = catalog_for(path)
    if not catalog.is_file():
        pytest.skip(f"{catalog} is not here")
    text = descriptions(catalog)
    for r in load_chat_questions(path):
        for lid in r["gold_lecture_ids"]:
            assert lid in text, f"{path.name}: {r['question']}: no course {lid}"
        if r["type"] == "span":
            held = " ".join(nfc(text[lid]) for lid in r["gold_lecture_ids"])
            assert any(nfc(g) in held for g in r["gold_answers"]), f"{path.name}: {r['question']}"
