"""Hostile catalog files: each is refused with one clear :class:`CatalogError` (row or line
numbers where rows are at fault, the limit named where a limit is hit), in bounded memory
and time, and the database built before stays byte-for-byte as it was.

Decisions these tests pin down:

- formula-looking text (``=HYPERLINK(…)``, ``=1+1``, ``@SUM(…)``, ``+cmd|…``) in a CSV, or a
  text cell of a workbook, is plain text: stored verbatim, never evaluated, and shown in the
  chat escaped (never as a link). A real workbook formula is read as the value Excel saved
  with it; one never calculated (no saved value) reads as empty, so a required field fails
  with its row number;
- limits (``assistant.catalog_file``): ``MAX_FILE_BYTES``, ``MAX_ROWS``, ``MAX_COLUMNS``,
  ``MAX_CELL_CHARS``, ``MAX_JSON_DEPTH``;
- a workbook's first sheet is the catalog; a further sheet that holds a catalog too, merged
  cells over data rows, and a duplicated header whose copies disagree are errors (data
  would be lost silently otherwise).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from assistant import catalog_file
from assistant.ask import Assistant
from assistant.build import ingest
from assistant.catalog_file import MAX_CELL_CHARS, MAX_COLUMNS, MAX_JSON_DEPTH, MAX_ROWS
from assistant.errors import CatalogError
from assistant.ingest import read_catalog
from assistant.settings import Settings
from assistant.store import CourseStore

from ask_fakes import FakeReader
from conftest import CATALOG_HEADER, TINY_COURSES, HashEmbedder, write_catalog
from inert_html import inert_problems

HEADER = ",".join(CATALOG_HEADER)


def csv_line(cells) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    return buf.getvalue()


ROWS = [csv_line(r) for r in TINY_COURSES]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def existing(settings: Settings, tiny_catalog: Path) -> Settings:
    """A database and index built from the tiny catalog before the hostile file arrives."""
    ingest(tiny_catalog, settings, embedder=HashEmbedder(), progress=False)
    return settings


def assert_refused(settings: Settings, path: Path, *fragments: str) -> str:
    """Ingesting ``path`` raises one CatalogError containing every fragment; the database,
    the index and the folder are exactly as before. Returns the message."""
    db, index = Path(settings.db_path), Path(settings.index_path)
    before = (digest(db), digest(index), sorted(p.name for p in db.parent.iterdir()))
    with pytest.raises(CatalogError) as caught:
        ingest(path, settings, embedder=HashEmbedder(), progress=False)
    message = str(caught.value)
    first = message.splitlines()[0]
    assert str(path) in first and "nothing was ingested" in first, message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert (digest(db), digest(index), sorted(p.name for p in db.parent.iterdir())) == before
    store = CourseStore(db)
    try:
        assert store.counts()["courses"] == len(TINY_COURSES)
    finally:
        store.close()
    return message


# ----------------------------------------------------------------------------- the files


def unbalanced_quote(folder: Path) -> Path:
    path = folder / "quote.csv"
    path.write_text("\n".join([HEADER, ROWS[0], '2,"가,학과,교수,3,전공,설명', ROWS[1]]) + "\n", encoding="utf-8")
    return path


def nul_bytes(folder: Path) -> Path:
    path = folder / "nul.csv"
    path.write_text("\n".join([HEADER, ROWS[0], ROWS[1].replace("음운론", "음운\x00론"), ROWS[2]]) + "\n",
                    encoding="utf-8")
    return path


def mixed_encodings(folder: Path) -> Path:
    path = folder / "mixed.csv"
    path.write_bytes((HEADER + "\n" + ROWS[0] + "\n").encode("utf-8") + (ROWS[1] + "\n").encode("cp949")
                     + (ROWS[2] + "\n").encode("utf-8") + (ROWS[6] + "\n").encode("cp949"))
    return path


def ten_mb_cell_csv(folder: Path) -> Path:
    path = folder / "bigcell.csv"
    path.write_text("\n".join([HEADER, ROWS[0], csv_line(["9", "큰", "학과", "교", "3", "전공", "가" * 10_000_000])])
                    + "\n", encoding="utf-8")
    return path


def ten_mb_cell_jsonl(folder: Path) -> Path:
    path = folder / "bigcell.jsonl"
    rows = [dict(zip(CATALOG_HEADER, TINY_COURSES[0])),
            dict(zip(CATALOG_HEADER, ["9", "큰", "학과", "교", "3", "전공", "가" * 10_000_000]))]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def fifty_thousand_columns(folder: Path) -> Path:
    path = folder / "wide.csv"
    extra = ",".join(f"c{i}" for i in range(50_000))
    cells = ",".join("x" for _ in range(50_000))
    path.write_text(f"{HEADER},{extra}\n" + "".join(f"{r},{cells}\n" for r in ROWS[:3]), encoding="utf-8")
    return path


def duplicate_used_header(folder: Path) -> Path:
    path = folder / "dup_title.csv"
    path.write_text(f"{HEADER},교과목명\n{ROWS[0]},다른 이름\n", encoding="utf-8")
    return path


def duplicate_extra_header(folder: Path) -> Path:
    path = folder / "dup_extra.csv"
    path.write_text(f"{HEADER},비고,비고\n{ROWS[0]},a,a\n{ROWS[1]},b,c\n{ROWS[2]},,d\n", encoding="utf-8")
    return path


def xlsx_merged(folder: Path) -> Path:
    path = folder / "merged.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(CATALOG_HEADER)
    for row in TINY_COURSES[:3]:
        ws.append(list(row))
    ws.append(["2150387009", "자료구조", "컴퓨터공학과", "박", "3", "전공필수", None])
    ws.merge_cells("G4:G5")  # one description for two sections: the second reads as empty
    wb.save(path)
    return path


def xlsx_sheets(folder: Path) -> Path:
    path = folder / "sheets.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "인문대"
    ws.append(CATALOG_HEADER)
    for row in TINY_COURSES[:2]:
        ws.append(list(row))
    other = wb.create_sheet("공대")
    other.append([])
    other.append(CATALOG_HEADER)
    for row in TINY_COURSES[2:5]:
        other.append(list(row))
    wb.save(path)
    return path


def xlsx_uncalculated_formula(folder: Path) -> Path:
    path = folder / "formula.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(CATALOG_HEADER)
    ws.append(list(TINY_COURSES[0]))
    ws.append(["2", "=HYPERLINK(\"http://evil.example\",\"x\")", "학과", "교수", 3, "전공", "=1+1"])
    wb.save(path)
    return path


def json_bomb_deep(folder: Path) -> Path:
    path = folder / "deep.json"
    row = json.dumps(dict(zip(CATALOG_HEADER, TINY_COURSES[0])), ensure_ascii=False)
    path.write_text(f"[{row},\n" + "[" * 200_000 + "]" * 200_000 + "]", encoding="utf-8")
    return path


def json_bomb_deep_jsonl(folder: Path) -> Path:
    path = folder / "deep.jsonl"
    row = json.dumps(dict(zip(CATALOG_HEADER, TINY_COURSES[0])), ensure_ascii=False)
    path.write_text(row + "\n" + '{"a":' * 100_000 + "1" + "}" * 100_000 + "\n", encoding="utf-8")
    return path


def json_huge_array(folder: Path) -> Path:
    """MAX_ROWS + 1 small objects, one per line (the old line counting was quadratic)."""
    path = folder / "huge.json"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[\n")
        fh.write(",\n".join(f'{{"강의번호": "{i}", "교과목명": "t", "강의설명": "d"}}' for i in range(MAX_ROWS + 1)))
        fh.write("\n]")
    return path


def json_huge_array_of_scalars(folder: Path) -> Path:
    path = folder / "scalars.json"
    path.write_text("[" + ",".join(["1"] * (3 * MAX_ROWS)) + "]", encoding="utf-8")
    return path


CASES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "unbalanced quote": (unbalanced_quote, ("row 3: a quoted value starts in this row and is never closed",)),
    "NUL bytes": (nul_bytes, ("row 3: column '강의설명' contains a NUL byte",)),
    "mixed encodings": (mixed_encodings, ("line 3: not UTF-8 (CP949/EUC-KR?)", "line 5: not UTF-8",
                                          "mixes encodings")),
    "10 MB cell (CSV)": (ten_mb_cell_csv, ("row 3:", f"MAX_CELL_CHARS ({MAX_CELL_CHARS:,})")),
    "10 MB cell (JSONL)": (ten_mb_cell_jsonl, ("line 2: column '강의설명' holds 10,000,000 characters",
                                               f"MAX_CELL_CHARS ({MAX_CELL_CHARS:,})")),
    "50,000 columns": (fifty_thousand_columns, ("row 1: the header has 50,007 columns",
                                                f"MAX_COLUMNS ({MAX_COLUMNS:,})")),
    "duplicate used header": (duplicate_used_header, ("row 1: column '교과목명' (used for title) appears 2 times",)),
    "duplicate extra header": (duplicate_extra_header, ("row 1: column '비고' appears 2 times (columns 8, 9) "
                                                        "with different values in rows 3, 4",)),
    "xlsx merged cells": (xlsx_merged, ("rows 4-5: cells G4:G5 are merged", "row 5: empty description")),
    "xlsx several sheets": (xlsx_sheets, ("sheet '공대' holds a catalog too (header in its row 2)",
                                          "only the first sheet '인문대' is read")),
    "xlsx formula without a saved value": (xlsx_uncalculated_formula, ("row 3: empty title",
                                                                       "row 3: empty description")),
    "JSON bomb (deep list)": (json_bomb_deep, ("line 2: JSON nested deeper than MAX_JSON_DEPTH "
                                               f"({MAX_JSON_DEPTH})",)),
    "JSON bomb (deep JSONL)": (json_bomb_deep_jsonl, ("line 2: JSON nested deeper than MAX_JSON_DEPTH",)),
    "huge JSON array": (json_huge_array, (f"more than MAX_ROWS ({MAX_ROWS:,}) objects",)),
    "huge JSON array of numbers": (json_huge_array_of_scalars, (f"more than MAX_ROWS ({MAX_ROWS:,}) objects",)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_catalog_is_refused_and_nothing_changes(case: str, existing: Settings, tmp_path: Path) -> None:
    make, fragments = CASES[case]
    path = make(_folder(tmp_path))
    started = time.perf_counter()
    assert_refused(existing, path, *fragments)
    assert time.perf_counter() - started < 60, "refusing a hostile file must not take long"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir(exist_ok=True)
    return folder


def test_every_message_is_one_error_with_a_summary_line(tmp_path: Path) -> None:
    """Read alone (no database): each case is a CatalogError, never another exception."""
    for case, (make, _) in CASES.items():
        if case.startswith(("10 MB", "huge", "50,000")):
            continue  # covered above; kept out of this loop for time
        path = make(_folder(tmp_path))
        try:
            read_catalog(path)
        except CatalogError as exc:
            assert "problem" in str(exc).splitlines()[0], case
        else:  # pragma: no cover - the assertion message names the case
            pytest.fail(f"{case}: accepted")


# ----------------------------------------------------------------------------- memory and time


def peak_while_reading(path: Path) -> tuple[int, float]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(CatalogError):
            read_catalog(path)
        return tracemalloc.get_traced_memory()[1], time.perf_counter() - started
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("make", [ten_mb_cell_csv, ten_mb_cell_jsonl])
def test_a_10_mb_cell_is_read_in_bounded_memory(make, tmp_path: Path) -> None:
    path = make(tmp_path)
    peak, _ = peak_while_reading(path)
    size = path.stat().st_size  # 30 MB of UTF-8 Hangul
    assert peak < 5 * size, f"peak {peak / 2**20:.0f} MiB for a {size / 2**20:.0f} MiB file"


def test_50000_columns_are_refused_quickly_in_bounded_memory(tmp_path: Path) -> None:
    peak, seconds = peak_while_reading(fifty_thousand_columns(tmp_path))
    assert peak < 64 * 2**20, f"peak {peak / 2**20:.0f} MiB"
    assert seconds < 10, f"{seconds:.1f} s (the column checks were quadratic before the limit)"


def test_a_huge_json_array_is_refused_in_linear_time(tmp_path: Path) -> None:
    peak, seconds = peak_while_reading(json_huge_array(tmp_path))
    assert seconds < 30, f"{seconds:.1f} s"
    assert peak < 256 * 2**20, f"peak {peak / 2**20:.0f} MiB"


def test_a_file_over_the_size_limit_is_refused_before_reading(existing: Settings, tiny_catalog: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_file, "MAX_FILE_BYTES", 100)
    size = tiny_catalog.stat().st_size
    assert_refused(existing, tiny_catalog, f"the file is {size:,} bytes, more than MAX_FILE_BYTES (100)")


def test_limits_are_generous_for_real_catalogs(tmp_path: Path) -> None:
    """Right at the limits, a catalog is still accepted."""
    wide = CATALOG_HEADER + [f"c{i}" for i in range(MAX_COLUMNS - len(CATALOG_HEADER))]
    rows = [list(TINY_COURSES[0]) + ["x"] * (MAX_COLUMNS - len(CATALOG_HEADER))]
    rows[0][6] = "가" * MAX_CELL_CHARS
    path = write_catalog(tmp_path / "edge.csv", rows)
    path.write_text(",".join(wide) + "\n" + path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    course = read_catalog(path).courses[0]
    assert len(course.description) == MAX_CELL_CHARS and len(course.extra) == MAX_COLUMNS - len(CATALOG_HEADER)
    nested = tmp_path / "nested.json"
    nested.write_text(json.dumps([dict(zip(CATALOG_HEADER, TINY_COURSES[0]))], ensure_ascii=False))
    assert len(read_catalog(nested).courses) == 1


def test_agreeing_or_empty_duplicate_columns_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "dup_ok.csv"
    path.write_text(f"{HEADER},비고,비고\n{ROWS[0]},a,a\n{ROWS[1]},b,\n", encoding="utf-8")
    courses = read_catalog(path).courses
    assert [c.get("비고") for c in courses] == ["a", "b"]


def test_a_second_sheet_without_a_catalog_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(CATALOG_HEADER)
    wb.active.append(list(TINY_COURSES[0]))
    wb.create_sheet("메모").append(["강의번호", "메모"])  # no title or description column: not a catalog
    wb.save(path)
    assert [c.lecture_id for c in read_catalog(path).courses] == [TINY_COURSES[0][0]]


# ----------------------------------------------------------------------------- formulas are text

FORMULA_ROWS = [
    ("9990000001", "=HYPERLINK(\"http://evil.example\",\"클릭\")", "=1+1", "@SUM(A1:A9)", "3", "+cmd|' /C calc'!A0",
     "교재는 =HYPERLINK(\"javascript:alert(1)\",\"책\")이다. 평가는 =1+1 과 @SUM(A1:A2) 로 한다. "
     "[링크](javascript:alert(2)) <a href=\"https://evil.example\">x</a>"),
]


def test_formula_cells_are_stored_as_plain_text_and_shown_escaped(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path / "formulas.csv", TINY_COURSES + FORMULA_ROWS)
    settings = Settings(db_path=tmp_path / "f.db", catalog_path=catalog, cache_dir=tmp_path / "cache")
    ingest(catalog, settings, embedder=HashEmbedder(), progress=False)
    store = CourseStore(settings.db_path)
    try:
        course = store.courses(["9990000001"])["9990000001"]
    finally:
        store.close()
    lid, title, department, instructor, _, course_type, description = FORMULA_ROWS[0]
    assert (course.title, course.department, course.instructor, course.course_type, course.description) == (
        title, department, instructor, course_type, description)  # verbatim, nothing evaluated

    ui_app = pytest.importorskip("ui.app")
    assistant = Assistant.from_settings(settings, reader=FakeReader(), embedder=HashEmbedder())
    try:
        shown = []
        for question in ("9990000001 교재가 뭐야?", "9990000001", "9990000001 담당 교수는?", "HYPERLINK 수업 있어?"):
            answer = assistant.ask(question)
            out = ui_app.render_answer(answer) + ui_app.render_sources(answer)
            assert not inert_problems(out), (question, inert_problems(out))
            # the description's own "<a href=…>" is shown as escaped text, never as an attribute
            assert "<a " not in out and "](" not in out and 'href="' not in out and "href='" not in out
            shown.append(out)
        joined = "".join(shown)
        assert "=HYPERLINK(" in joined and "@SUM(A1:A9)" in joined  # shown, as text
    finally:
        assistant.store.close()


def test_workbook_text_cells_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "text.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(CATALOG_HEADER)
    ws.append(list(TINY_COURSES[0]))
    ws.append(["2", "수식", "학과", "교수", 3, "전공", "설명"])
    for ref, text in (("B3", "=HYPERLINK(\"http://evil.example\",\"x\")"), ("G3", "=1+1 @SUM(A1)")):
        ws[ref].value = text
        ws[ref].data_type = "s"  # typed as text, as Excel stores '=1+1 entered with a quote
    wb.save(path)
    course = read_catalog(path).courses[1]
    assert course.title == "=HYPERLINK(\"http://evil.example\",\"x\")" and course.description == "=1+1 @SUM(A1)"
