"""Reading a catalog file into a table of text cells: CSV/TSV (UTF-8, UTF-8 with BOM,
CP949, UTF-16), JSON, JSON Lines and XLSX. Every cell is read as text, so lecture ids keep
their leading zeros; problems are collected with the row (or line) a person would look at.
:mod:`assistant.ingest` maps the table onto courses and validates it.

This module holds the dispatch, the checks every format shares (size, encoding, limits,
cells), the CSV/TSV reader and the table types; the JSON / JSON Lines readers are
:mod:`assistant.catalog_json`, the XLSX reader :mod:`assistant.catalog_xlsx`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import NoReturn

from assistant.errors import CatalogError

SUPPORTED_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".json", ".xlsx")
"""File suffixes :func:`read_table` understands (compared case-insensitively)."""

MAX_LISTED_PROBLEMS = 50
"""How many problems a :class:`CatalogError` message lists before "… and N more"."""

# Limits that keep a hostile or broken file from taking the server's memory or time; a
# real catalog (a few thousand courses, a few dozen columns) is far below every one.
MAX_FILE_BYTES = 200 * 2**20
"""Largest catalog file read (bytes)."""
MAX_ROWS = 100_000
"""Most data rows (CSV/XLSX rows, JSON objects or lines) in one catalog."""
MAX_COLUMNS = 1_000
"""Most columns (headers; JSON: distinct keys) in one catalog."""
MAX_CELL_CHARS = 100_000
"""Longest cell (characters); a course description is a few thousand at most."""
MAX_JSON_DEPTH = 8
"""Deepest nesting of JSON lists and objects (a catalog needs 2: a list of objects)."""

_DELIMITERS = (",", "\t", ";")
_TEXT_ENCODINGS = ("utf-8", "cp949")  # CP949 is a superset of EUC-KR
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass
class Problem:
    """One thing wrong with the file; ``where`` is ``"row 4"`` / ``"line 4"`` or empty.

    ``note`` marks context lines (``headers found: …``) that are listed but not counted.
    """

    where: str
    reason: str
    note: bool = False

    def render(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason


@dataclass
class Table:
    """What a reader hands to validation: headers, cells as text, and reader problems.

    Attributes:
        headers: Column names as found in the file (JSON: every key seen, in order).
        header_where: Where the header is (``"row 1"``), for column-level problems.
        rows: ``(number, {header: text})`` for each non-blank data row, where ``number`` is
            the row (CSV, XLSX) or line (JSON) a person would look at.
        unit: ``"row"`` (CSV, XLSX) or ``"line"`` (JSON, JSONL), used in messages.
        problems: Problems found while reading (malformed JSON lines, stray cells, …).
    """

    headers: list[str]
    header_where: str
    rows: list[tuple[int, dict[str, str]]]
    unit: str
    problems: list[Problem] = field(default_factory=list)


# --------------------------------------------------------------------------- reading


def read_table(path: Path, shown: str) -> Table:
    """Dispatch on the suffix, after checks that apply to every format."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        hint = " (save it as .xlsx: the old .xls format is not supported)" if suffix == ".xls" else ""
        fail(
            shown,
            [
                Problem(
                    "",
                    f"unsupported file type {suffix or '(no extension)'!r}{hint}; "
                    f"use one of {', '.join(SUPPORTED_SUFFIXES)}",
                )
            ],
        )
    if not path.exists():
        fail(shown, [Problem("", "file not found")])
    if not path.is_file():
        fail(shown, [Problem("", "not a file")])
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        fail(shown, [Problem("", f"the file is {size:,} bytes, more than MAX_FILE_BYTES ({MAX_FILE_BYTES:,}); "
                                 "split the catalog into smaller files")])
    data = path.read_bytes()
    if not data.strip():
        fail(shown, [Problem("", "file is empty")])

    if suffix == ".xlsx":
        from assistant.catalog_xlsx import read_xlsx

        return read_xlsx(data, shown)
    text = _decode(data, shown)
    if not text.strip():
        fail(shown, [Problem("", "file is empty")])
    if suffix in (".jsonl", ".ndjson"):
        from assistant.catalog_json import read_jsonl

        return read_jsonl(text)
    if suffix == ".json":
        from assistant.catalog_json import read_json

        return read_json(text, shown)
    return _read_delimited(text, shown, prefer_tab=suffix == ".tsv")


def _decode(data: bytes, shown: str) -> str:
    """Decode text the way Korean catalogs are actually encoded.

    UTF-8 first (an optional BOM is skipped), then CP949 (what Korean Excel writes for
    "CSV"; a superset of EUC-KR, so EUC-KR files decode too). A UTF-16 BOM means Excel's
    "Unicode text" export and is trusted.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            fail(shown, [Problem("", f"cannot decode as UTF-16 (byte offset {exc.start + 2})")])
    # Strip the BOM by hand so failure offsets below are offsets into the file itself.
    offset = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    failures: list[str] = []
    try:
        return data[offset:].decode("utf-8")
    except UnicodeDecodeError:
        mixed = _mixed_encoding_lines(data[offset:])
        if mixed:
            fail(shown, mixed)
    for encoding in _TEXT_ENCODINGS:
        try:
            return data[offset:].decode(encoding)
        except UnicodeDecodeError as exc:
            failures.append(f"{encoding.upper()} at byte offset {exc.start + offset}")
    fail(
        shown,
        [
            Problem(
                "",
                "cannot decode the file as text (tried "
                + "; ".join(failures)
                + "); save it as UTF-8 CSV",
            )
        ],
    )


def _mixed_encoding_lines(data: bytes) -> list[Problem]:
    """One problem per line that is not UTF-8 when other non-ASCII lines are: a file
    stitched together from a UTF-8 and a CP949 export. Empty when the file is one encoding."""
    utf8: list[int] = []
    other: list[int] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            try:
                line.decode("cp949")
            except UnicodeDecodeError:
                return []  # not text in either encoding: the byte offset says more
            other.append(number)
        else:
            utf8.append(number)
    if not utf8 or not other:
        return []
    shown = ", ".join(map(str, utf8[:5])) + (", …" if len(utf8) > 5 else "")
    return [Problem(f"line {n}", f"not UTF-8 (CP949/EUC-KR?) while lines {shown} are UTF-8: the file mixes "
                                 "encodings; save the whole file again as UTF-8") for n in other]


def cell_problems(where: str, header: str, value: str) -> list[Problem]:
    """What is wrong with one cell whatever the format: a NUL byte, or too much text."""
    problems = []
    if "\x00" in value:
        problems.append(Problem(where, f"column {header!r} contains a NUL byte (\\x00): a binary file, or "
                                       "UTF-16 text saved without its byte order mark?"))
    if len(value) > MAX_CELL_CHARS:
        problems.append(Problem(where, f"column {header!r} holds {len(value):,} characters, more than "
                                       f"MAX_CELL_CHARS ({MAX_CELL_CHARS:,})"))
    return problems


def too_many_rows(unit: str) -> Problem:
    """The problem for a file past :data:`MAX_ROWS` (``unit``: row, line or object)."""
    return Problem("", f"more than MAX_ROWS ({MAX_ROWS:,}) {unit}s; split the catalog into smaller files")


def _sniff_delimiter(text: str, prefer_tab: bool) -> str:
    """Pick the delimiter from the header line.

    csv.Sniffer guesses from whole-file character statistics and is easily fooled by
    commas inside quoted Korean descriptions; the header line has no such prose, so the
    candidate it contains most often is the delimiter.
    """
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in _DELIMITERS}
    if prefer_tab and counts["\t"]:
        return "\t"
    best = max(_DELIMITERS, key=lambda d: counts[d])  # ties keep the earlier (",")
    return best if counts[best] else ("\t" if prefer_tab else ",")


def _read_delimited(text: str, shown: str, prefer_tab: bool) -> Table:
    """Read CSV/TSV text; row numbers count records the way Excel shows them."""
    delimiter = _sniff_delimiter(text, prefer_tab)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:  # the header and MAX_ROWS data rows
                fail(shown, [too_many_rows("row")])
            records.append((number, record))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            fail(shown, [Problem(f"row {len(records) + 1}", "a cell is longer than the CSV reader's limit "
                                 f"({exc}); at most MAX_CELL_CHARS ({MAX_CELL_CHARS:,}) characters per cell")])
        fail(shown, [Problem(f"row {len(records) + 1}", f"cannot parse as CSV ({exc})")])
    problems: list[Problem] = []
    # A quote opened and never closed swallows the rest of the file into one cell without
    # any error from the lenient parser; a strict pass detects exactly that case (its other
    # complaints, like text after a closing quote, are things Excel accepts, so ignore them).
    strict = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    parsed = 0
    try:
        for _ in strict:
            parsed += 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            problems.append(
                Problem(f"row {parsed + 1}", 'a quoted value starts in this row and is never closed (unbalanced ")')
            )
    return rows_from_records(records, "row", problems, check_width=True)


def rows_from_records(
    records: list[tuple[int, list[object]]],
    unit: str,
    problems: list[Problem],
    check_width: bool,
) -> Table:
    """Turn positional records into header-keyed rows; the first non-blank record is the header."""
    nonblank = [(n, [cell_text(c) for c in r]) for n, r in records if any(cell_text(c).strip() for c in r)]
    if not nonblank:
        return Table([], "", [], unit, problems)
    header_number, header = nonblank[0]
    # Trailing empty header cells are common in Excel exports and carry nothing.
    while header and not header[-1].strip():
        header.pop()
    if len(header) > MAX_COLUMNS:
        problems.append(Problem(f"{unit} {header_number}", f"the header has {len(header):,} columns, more than "
                                                           f"MAX_COLUMNS ({MAX_COLUMNS:,})"))
        return Table([], f"{unit} {header_number}", [], unit, problems)
    for i, name in enumerate(header):
        problems += cell_problems(f"{unit} {header_number}", name if name.strip() else f"#{i + 1}", name)
    positions: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        if name.strip():
            positions.setdefault(name, []).append(i)
    duplicated = {name: at for name, at in positions.items() if len(at) > 1}
    conflicts: dict[str, list[int]] = {}
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in nonblank[1:]:
        for i, (name, cell) in enumerate(zip(header, cells)):
            if len(cell) > MAX_CELL_CHARS or "\x00" in cell:
                problems += cell_problems(f"{unit} {number}", name if name.strip() else f"#{i + 1}", cell)
        for name, at in duplicated.items():
            first = cells[at[0]].strip() if at[0] < len(cells) else ""
            # a later copy holding something else would be silently dropped
            if any(i < len(cells) and cells[i].strip() not in ("", first) for i in at[1:]):
                conflicts.setdefault(name, []).append(number)
        extra = cells[len(header) :]
        if check_width and any(c.strip() for c in extra):
            problems.append(
                Problem(
                    f"{unit} {number}",
                    f"{len(cells)} cells but the header has {len(header)} columns "
                    "(an unquoted delimiter inside a value?)",
                )
            )
        row: dict[str, str] = {}
        for i, name in enumerate(header):
            # A duplicated header keeps its first cell; _resolve_columns reports it if used.
            if name not in row:
                row[name] = cells[i] if i < len(cells) else ""
        rows.append((number, row))
    for name, numbers in conflicts.items():
        listed = ", ".join(map(str, numbers[:10])) + (", …" if len(numbers) > 10 else "")
        columns = ", ".join(str(i + 1) for i in duplicated[name])
        problems.append(Problem(f"{unit} {header_number}", f"column {name!r} appears {len(duplicated[name])} times "
                                f"(columns {columns}) with different values in {unit}{'s' if len(numbers) > 1 else ''} {listed}; rename one "
                                "of them (only the first would be read)"))
    return Table(header, f"{unit} {header_number}", rows, unit, problems)




def cell_text(value: object) -> str:
    """Render a cell value as the text a person sees, keeping integers integral.

    Excel stores every number as a float, so a lecture id 2150387001 comes back as
    ``2150387001`` or ``2150387001.0``; both become ``"2150387001"``.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def fail(shown: str, problems: Iterable[Problem]) -> NoReturn:
    """Raise the one CatalogError for a file: a summary line, then one line per problem.

    Problems without a location that only add context (``headers found: …``) are listed but
    not counted.
    """
    problems = list(problems)
    counted = [p for p in problems if not p.note]
    n = len(counted)
    lines = [f"{shown}: {n} problem{'s' if n != 1 else ''}, nothing was ingested"]
    for problem in problems[:MAX_LISTED_PROBLEMS]:
        lines.append("  " + problem.render())
    if len(problems) > MAX_LISTED_PROBLEMS:
        lines.append(f"  … and {len(problems) - MAX_LISTED_PROBLEMS} more")
    raise CatalogError("\n".join(lines))
