"""The bundled sample catalog: what scripts/make_sample_catalog.py writes from
db/sample_source.json, and the properties the sample is meant to have."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from conftest import loaded_script

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gen():
    yield from loaded_script("scripts/make_sample_catalog.py", "make_sample_catalog")


@pytest.fixture(scope="module")
def rows(gen):
    return gen.build_catalog()


@pytest.fixture(scope="module")
def questions(gen, rows):
    return gen.build_questions(rows)


def test_committed_files_are_what_the_generator_writes(gen, rows, questions, tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    gen.write_catalog(rows, out / "catalog.csv")
    gen.write_questions(questions, out / "questions.jsonl")
    assert (out / "catalog.csv").read_bytes() == (ROOT / "db" / "sample_catalog.csv").read_bytes()
    assert (out / "questions.jsonl").read_bytes() == (ROOT / "db" / "sample_questions.jsonl").read_bytes()


def test_generation_is_deterministic(gen, rows):
    assert [r.as_list() for r in gen.build_catalog()] == [r.as_list() for r in rows]


def test_csv_has_the_exact_header_no_bom_and_round_trips(gen, rows):
    raw = (ROOT / "db" / "sample_catalog.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    with (ROOT / "db" / "sample_catalog.csv").open(encoding="utf-8", newline="") as f:
        read = list(csv.reader(f))
    assert read[0] == gen.HEADER
    assert read[1:] == [r.as_list() for r in rows]


def test_rows_are_well_formed(gen, rows):
    ids = [r.lecture_id for r in rows]
    assert len(ids) == len(set(ids)), "duplicate lecture ids"
    assert all(re.fullmatch(r"\d{10}", i) for i in ids)
    assert len(rows) >= 320
    assert len({r.department for r in rows}) >= 16
    assert all(r.course_type in gen.COURSE_TYPES for r in rows)
    assert all(r.description and r.description == r.description.strip() for r in rows)


def test_sections_share_a_description_and_nothing_else_does(rows):
    by_desc: dict[str, list] = {}
    for r in rows:
        by_desc.setdefault(r.description, []).append(r)
    for group in by_desc.values():
        assert len({(g.title, g.department) for g in group}) == 1, [g.title for g in group]
        if len(group) > 1:
            assert len({g.instructor for g in group}) == len(group), [g.instructor for g in group]
    assert sum(len(g) > 1 for g in by_desc.values()) >= 6


def test_every_description_keeps_its_course_specific_sentence(gen, rows):
    specs = {s.title: s for d in gen.DEPARTMENTS for s in d.courses}
    for r in rows:
        custom = specs[r.title].custom
        assert custom[:-3] in r.description, f"custom sentence lost in {r.title}"


def test_questions_have_known_gold_ids(questions, rows):
    assert len(questions) == 60
    known = {r.lecture_id for r in rows}
    for q in questions:
        assert set(q) == {"question", "gold_lecture_ids", "gold_answers"}
        assert set(q["gold_lecture_ids"]) <= known, q


def test_span_answers_occur_verbatim(gen, rows):
    for _q, title, answers in gen.SPAN_QUESTIONS:
        for r in (r for r in rows if r.title == title):
            for a in answers:
                assert a in r.description, f"{a!r} not in the description of {title}"


def test_lookup_keys_are_held_by_the_gold_courses(gen, rows):
    for q, titles, key, exclusive in gen.LOOKUP_QUESTIONS:
        holders = {r.title for r in rows if key in r.title + "\n" + r.description}
        assert set(titles) <= holders, (q, key, holders)
        if exclusive:
            assert holders == set(titles), (q, key, holders)


def test_field_answers_are_the_rows_values(gen, rows, questions):
    by_question = {q["question"]: q for q in questions}
    by_id = {r.lecture_id: r for r in rows}
    for question, _title, fld in gen.FIELD_QUESTIONS:
        q = by_question[question]
        for i in q["gold_lecture_ids"]:
            assert [getattr(by_id[i], fld)] == q["gold_answers"], q


def test_unanswerable_questions_name_nothing_the_catalog_holds(gen, rows):
    texts = [r.title + "\n" + r.description for r in rows]
    for q, keys in gen.UNANSWERABLE_QUESTIONS:
        for k in keys:
            assert not [t.split("\n")[0] for t in texts if k in t], (q, k)


def test_source_is_plain_json_data():
    source = json.loads((ROOT / "db" / "sample_source.json").read_text(encoding="utf-8"))
    assert {"departments", "span_questions", "lookup_questions"} <= set(source)
    assert sum(len(d["courses"]) for d in source["departments"]) >= 200
