"""Tests for assistant.cli: help texts, and ingest/build/search/stats end to end on tmp files
with the fake HashEmbedder standing in for the real model."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from assistant.cli import build_parser, main
from assistant.embed import Embedder
from assistant.store import CourseStore

from conftest import TINY_COURSES, HashEmbedder, write_catalog

SUBCOMMANDS = ["ingest", "build", "search", "stats", "eval"]


@pytest.fixture(autouse=True)
def fake_model(monkeypatch):
    """Every Embedder the CLI makes is the HashEmbedder; the environment cannot leak in."""
    for key in list(os.environ):
        if key.startswith("COURSE_ASSISTANT_"):
            monkeypatch.delenv(key)
    made: list[HashEmbedder] = []

    def from_settings(cls, settings):
        made.append(HashEmbedder())
        return made[-1]

    monkeypatch.setattr(Embedder, "from_settings", classmethod(from_settings))
    from assistant.read import Reader

    from ask_fakes import FakeReader

    monkeypatch.setattr(Reader, "from_settings", classmethod(lambda cls, settings, **kw: FakeReader()))
    return made


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


@pytest.fixture
def ingested(db: Path, tiny_catalog: Path, capsys) -> Path:
    assert main(["ingest", str(tiny_catalog), "--db", str(db)]) == 0
    capsys.readouterr()
    return db


def result_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if re.match(r"^\d+\. \[", line)]


# ----------------------------------------------------------------------------- parser


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_help_has_an_example(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "example:" in out
    assert "python -m assistant " + command in out


def test_main_help_lists_subcommands(capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    out = capsys.readouterr().out
    assert "example:" in out
    for command in SUBCOMMANDS:
        assert command in out


def test_parser_requires_a_command_and_valid_choices(capsys) -> None:
    parser = build_parser()
    for argv in ([], ["search"], ["search", "q", "--mode", "magic"], ["ingest", "f", "--metric", "cos"],
                 ["eval", "nonsense"]):
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args(argv)
        assert exit_info.value.code == 2
    args = parser.parse_args(["search", "q", "--type", "전공", "--type", "교양", "--credits", "3",
                              "--department", "경영학과", "--top-k", "2", "--json"])
    assert args.type == ["전공", "교양"] and args.credits == [3.0] and args.department == ["경영학과"]
    assert args.top_k == 2 and args.json and args.mode == "hybrid"


# ----------------------------------------------------------------------------- ingest


def test_ingest_prints_a_report(db: Path, tiny_catalog: Path, capsys, fake_model) -> None:
    assert main(["ingest", str(tiny_catalog), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"ingested {tiny_catalog} into {db}" in out
    assert "+8 added, ~0 updated, -0 removed, 0 unchanged" in out
    assert re.search(r"sentences: \d+; embedded now: \d+", out)
    assert db.is_file() and db.with_suffix(".faiss").is_file()
    assert fake_model and fake_model[0].embedded_texts  # the patched model did the embedding
    assert main(["ingest", str(tiny_catalog), "--db", str(db)]) == 0
    assert "+0 added, ~0 updated, -0 removed, 8 unchanged" in capsys.readouterr().out


def test_ingest_keep_missing(ingested: Path, tmp_path: Path, capsys) -> None:
    smaller = write_catalog(tmp_path / "small.csv", TINY_COURSES[:3])
    assert main(["ingest", str(smaller), "--db", str(ingested), "--keep-missing"]) == 0
    assert "-0 removed, 3 unchanged" in capsys.readouterr().out
    assert main(["ingest", str(smaller), "--db", str(ingested)]) == 0
    assert "-5 removed, 3 unchanged" in capsys.readouterr().out


def test_bad_catalog_exits_2_with_row_numbers(ingested: Path, tmp_path: Path, capsys) -> None:
    before = ingested.read_bytes()
    bad = write_catalog(tmp_path / "bad.csv", list(TINY_COURSES) + [TINY_COURSES[0]])
    assert main(["ingest", str(bad), "--db", str(ingested)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("error: ")
    assert "row 10: duplicate lecture id 2110170001" in captured.err
    assert "nothing was ingested" in captured.err
    assert "Traceback" not in captured.err
    assert ingested.read_bytes() == before


def test_bad_catalog_on_a_new_database_creates_nothing(db: Path, tmp_path: Path, capsys) -> None:
    rows = [list(r) for r in TINY_COURSES]
    rows[3][6] = "   "
    bad = write_catalog(tmp_path / "bad.csv", rows)
    assert main(["ingest", str(bad), "--db", str(db)]) == 2
    assert "row 5: empty description" in capsys.readouterr().err
    assert not db.exists()


def test_missing_catalog_file_exits_2(db: Path, tmp_path: Path, capsys) -> None:
    assert main(["ingest", str(tmp_path / "nope.csv"), "--db", str(db)]) == 2
    assert "nope.csv" in capsys.readouterr().err


# ----------------------------------------------------------------------------- search


def test_search_prints_lecture_ids(ingested: Path, capsys) -> None:
    assert main(["search", "문학비평 이론을 배우는 수업", "--db", str(ingested)]) == 0
    lines = result_lines(capsys.readouterr().out)
    assert lines[0].startswith("1. [2110170001] 현대문학비평론 (국어국문학과, 류성민, 3학점, 전공선택)")
    assert "score=" in lines[0]
    assert 1 < len(lines) <= 5


def test_search_shows_both_sections(ingested: Path, capsys) -> None:
    assert main(["search", "스택 큐 트리 자료구조", "--db", str(ingested), "--top-k", "1"]) == 0
    out = capsys.readouterr().out
    lines = result_lines(out)
    assert len(lines) == 1
    ids = re.match(r"^1\. \[([^\]]+)\]", lines[0]).group(1).split(", ")
    assert sorted(ids) == ["2150387001", "2150387002"]
    assert "     - " in out  # matched sentences are listed under the hit


def test_search_filters_and_modes(ingested: Path, capsys) -> None:
    assert main(["search", "배운다 한다", "--db", str(ingested), "--type", "교양"]) == 0
    lines = result_lines(capsys.readouterr().out)
    assert len(lines) == 1 and "[3120250001]" in lines[0]
    assert main(["search", "배운다 실습", "--db", str(ingested), "--credits", "2", "--top-k", "10"]) == 0
    lines = result_lines(capsys.readouterr().out)
    assert lines and all("2학점" in line for line in lines)
    assert main(["search", "배운다 한다", "--db", str(ingested), "--department", "경영학과",
                 "--mode", "keyword", "--top-k", "10"]) == 0
    lines = result_lines(capsys.readouterr().out)
    assert lines and all("경영학과" in line for line in lines)


def test_search_json(ingested: Path, capsys) -> None:
    assert main(["search", "복식부기와 재무제표", "--db", str(ingested), "--json", "--top-k", "2"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 2
    first = hits[0]
    assert first["course"]["lecture_id"] == "3120101001"
    assert first["lecture_ids"] == ["3120101001"]
    assert first["passage"] == first["course"]["description"][first["passage_start"]:first["passage_end"]]
    assert first["matches"][0]["sentence"]["lecture_id"] == "3120101001"


def test_search_without_match_and_without_database(ingested: Path, tmp_path: Path, capsys) -> None:
    assert main(["search", "문학", "--db", str(ingested), "--department", "없는학과"]) == 0
    assert "no matching course" in capsys.readouterr().out
    assert main(["search", "문학", "--db", str(tmp_path / "none.db")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "ingest" in err


def test_search_on_a_stale_index_exits_2(ingested: Path, capsys) -> None:
    index = ingested.with_suffix(".faiss")
    index.write_bytes(index.read_bytes() + b"\0")
    assert main(["search", "문학", "--db", str(ingested)]) == 2
    assert "build" in capsys.readouterr().err


# ----------------------------------------------------------------------------- stats & build


def test_stats(ingested: Path, capsys) -> None:
    assert main(["stats", "--db", str(ingested)]) == 0
    out = capsys.readouterr().out
    store = CourseStore(ingested)
    counts = store.counts()
    store.close()
    assert re.search(r"^courses\s+8$", out, re.M)
    assert re.search(rf"^sentences\s+{counts['sentences']}$", out, re.M)
    assert re.search(r"^departments\s+3$", out, re.M)
    assert re.search(r"^embedding_model\s+hash-test$", out, re.M)
    assert re.search(r"^index_factory\s+Flat$", out, re.M)
    assert re.search(r"^index_file\s+.*cli\.faiss \(\d+\.\d MB\)$", out, re.M)


def test_stats_without_database(tmp_path: Path, capsys) -> None:
    assert main(["stats", "--db", str(tmp_path / "none.db")]) == 2
    assert "error: no database" in capsys.readouterr().err


def test_stats_with_missing_index(ingested: Path, capsys) -> None:
    ingested.with_suffix(".faiss").unlink()
    assert main(["stats", "--db", str(ingested)]) == 0
    assert re.search(r"^index_file\s+missing$", capsys.readouterr().out, re.M)


def test_build_rebuilds_with_another_index(ingested: Path, capsys, fake_model) -> None:
    assert main(["build", "--db", str(ingested), "--index", "HNSW32", "--metric", "l2"]) == 0
    out = capsys.readouterr().out
    assert f"rebuilt the index of {ingested} (HNSW32, l2)" in out
    assert "embedded now: 0" in out
    store = CourseStore(ingested)
    meta = store.get_meta()
    store.close()
    assert (meta["index_factory"], meta["metric"]) == ("HNSW32", "l2")
    assert main(["search", "문학비평 이론", "--db", str(ingested)]) == 0
    assert "[2110170001]" in result_lines(capsys.readouterr().out)[0]


def test_build_from_a_catalog(db: Path, tiny_catalog: Path, capsys) -> None:
    assert main(["build", "--db", str(db), "--catalog", str(tiny_catalog)]) == 0
    out = capsys.readouterr().out
    assert f"built {db} from {tiny_catalog}" in out and "+8 added" in out
    assert db.is_file()


@pytest.mark.parametrize("variable, value, named", [
    ("INDEX_FACTORY", "Bogus,Index", "INDEX_FACTORY"),
    ("METRIC", "cosine", "METRIC"),
    ("SPLIT_BACKEND", "nltk", "SPLIT_BACKEND"),
    ("MATCH_DENSE", "1.5", "MATCH_DENSE"),
    ("MIN_PRESENCE", "lots", "MIN_PRESENCE"),
])
def test_a_bad_setting_is_one_line_not_a_traceback(monkeypatch, capsys, tmp_path: Path, variable: str,
                                                   value: str, named: str) -> None:
    monkeypatch.setenv(f"COURSE_ASSISTANT_{variable}", value)
    assert main(["stats", "--db", str(tmp_path / "x.db")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: invalid setting") and named in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_missing_reference_data_names_the_folder(tmp_path: Path) -> None:
    from assistant.errors import AssistantError
    from assistant.korquad import load_korquad

    with pytest.raises(AssistantError, match="KorQuAD not found") as info:
        load_korquad(tmp_path / "korquad" / "KorQuAD_v1.0_dev.json")
    assert str(tmp_path) in str(info.value)  # the folder it looked in


def test_ingest_makes_the_catalogs_example_questions(db: Path, tiny_catalog: Path, capsys) -> None:
    assert main(["ingest", str(tiny_catalog), "--db", str(db), "--name", "공학대학"]) == 0
    out = capsys.readouterr().out
    assert "example questions:" in out
    store = CourseStore(db)
    try:
        examples = json.loads(store.get_meta()["examples"])
    finally:
        store.close()
    assert examples and all(q in out for q in examples)
    titles = {row[1] for row in TINY_COURSES}
    assert all(any(t in q for t in titles) for q in examples)


def test_ingest_can_skip_the_examples(db: Path, tiny_catalog: Path, capsys) -> None:
    assert main(["ingest", str(tiny_catalog), "--db", str(db), "--no-examples"]) == 0
    assert "example questions:" not in capsys.readouterr().out


def test_ingest_loads_one_embedder_for_the_index_and_the_example_questions(db: Path, tiny_catalog: Path,
                                                                           fake_model, capsys) -> None:
    assert main(["ingest", str(tiny_catalog), "--db", str(db)]) == 0
    assert "example questions" in capsys.readouterr().out
    assert len(fake_model) == 1
