"""bench/warm_up.py: each part of the warm-up timed on a built database (catalog parts only,
so no model is loaded)."""

from __future__ import annotations

import json

import pytest
from conftest import TINY_COURSES, loaded_script


@pytest.fixture(scope="module")
def warm():
    yield from loaded_script("bench/warm_up.py", "bench_warm_up")


def test_the_catalog_parts_are_timed_in_order(warm, tiny_built) -> None:
    parts = warm.warm_up_parts(tiny_built.db_path, models=False)
    assert list(parts) == ["courses read", "catalog words", "resolver (titles, ids, conditions)", "shortened titles",
                           "prerequisite map", "catalog parts", "courses"]
    assert parts["courses"] == len(TINY_COURSES)
    assert all(v >= 0 for v in parts.values())
    timed = [v for k, v in parts.items() if k not in ("catalog parts", "courses")]
    assert parts["catalog parts"] == pytest.approx(sum(timed), abs=0.01)


def test_the_command_prints_json_and_refuses_a_missing_database(warm, tiny_built, tmp_path, capsys) -> None:
    assert warm.main(["--db", str(tiny_built.db_path), "--catalog-only", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["courses"] == len(TINY_COURSES)
    with pytest.raises(SystemExit):
        warm.main(["--db", str(tmp_path / "missing.db"), "--catalog-only"])
    assert "no database at" in capsys.readouterr().err
