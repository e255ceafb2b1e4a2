"""Reading a catalog file into a table of text cells: CSV/TSV (UTF-8, UTF-8 with BOM,
CP949, UTF-16), JSON, JSON Lines and XLSX. Every cell is read as text, so lecture ids keep
their leading zeros; problems are collected with the row (or line) a person would look at.
:mod:`assistant.ingest` maps the table onto courses and validates it."""

from __future__ import annotations

import csv
import io
import json
import re
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

_DELIMITERS = (",", "\t", ";")
_TEXT_ENCODINGS = ("utf-8", "cp949")  # CP949 is a superset of EUC-KR
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass
class _Problem:
    """One thing wrong with the file; ``where`` is ``"row 4"`` / ``"line 4"`` or empty.

    ``note`` marks context lines (``headers found: …``) that are listed but not counted.
    """

    where: str
    reason: str
    note: bool = False

    def render(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason


@dataclass
class _Table:
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
    problems: list[_Problem] = field(default_factory=list)


# --------------------------------------------------------------------------- reading


def read_table(path: Path, shown: str) -> _Table:
    """Dispatch on the suffix, after checks that apply to every format."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        hint = " (save it as .xlsx: the old .xls format is not supported)" if suffix == ".xls" else ""
        _fail(
            shown,
            [
                _Problem(
                    "",
                    f"unsupported file type {suffix or '(no extension)'!r}{hint}; "
                    f"use one of {', '.join(SUPPORTED_SUFFIXES)}",
                )
            ],
        )
    if not path.exists():
        _fail(shown, [_Problem("", "file not found")])
    if not path.is_file():
        _fail(shown, [_Problem("", "not a file")])
    data = path.read_bytes()
    if not data.strip():
        _fail(shown, [_Problem("", "file is empty")])

    if suffix == ".xlsx":
        return _read_xlsx(data, shown)
    text = _decode(data, shown)
    if not text.strip():
        _fail(shown, [_Problem("", "file is empty")])
    if suffix in (".jsonl", ".ndjson"):
        return _read_jsonl(text)
    if suffix == ".json":
        return _read_json(text, shown)
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
            _fail(shown, [_Problem("", f"cannot decode as UTF-16 (byte offset {exc.start + 2})")])
    # Strip the BOM by hand so failure offsets below are offsets into the file itself.
    offset = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    failures: list[str] = []
    for encoding in _TEXT_ENCODINGS:
        try:
            return data[offset:].decode(encoding)
        except UnicodeDecodeError as exc:
            failures.append(f"{encoding.upper()} at byte offset {exc.start + offset}")
    _fail(
        shown,
        [
            _Problem(
                "",
                "cannot decode the file as text (tried "
                + "; ".join(failures)
                + "); save it as UTF-8 CSV",
            )
        ],
    )


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


def _read_delimited(text: str, shown: str, prefer_tab: bool) -> _Table:
    """Read CSV/TSV text; row numbers count records the way Excel shows them."""
    delimiter = _sniff_delimiter(text, prefer_tab)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            records.append((number, record))
    except csv.Error as exc:
        _fail(shown, [_Problem(f"row {len(records) + 1}", f"cannot parse as CSV ({exc})")])
    problems: list[_Problem] = []
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
                _Problem(f"row {parsed + 1}", 'a quoted value starts in this row and is never closed (unbalanced ")')
            )
    return _rows_from_records(records, "row", problems, check_width=True)


def _rows_from_records(
    records: list[tuple[int, list[object]]],
    unit: str,
    problems: list[_Problem],
    check_width: bool,
) -> _Table:
    """Turn positional records into header-keyed rows; the first non-blank record is the header."""
    nonblank = [(n, [_cell_text(c) for c in r]) for n, r in records if any(_cell_text(c).strip() for c in r)]
    if not nonblank:
        return _Table([], "", [], unit, problems)
    header_number, header = nonblank[0]
    # Trailing empty header cells are common in Excel exports and carry nothing.
    while header and not header[-1].strip():
        header.pop()
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in nonblank[1:]:
        extra = cells[len(header) :]
        if check_width and any(c.strip() for c in extra):
            problems.append(
                _Problem(
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
    return _Table(header, f"{unit} {header_number}", rows, unit, problems)


def _read_jsonl(text: str) -> _Table:
    """Read JSON Lines: one object per line, blank lines skipped, bad lines reported."""
    problems: list[_Problem] = []
    objects: list[tuple[int, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            objects.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(_Problem(f"line {number}", f"malformed JSON ({exc.msg} at column {exc.colno})"))
    return _table_from_objects(objects, problems)


def _read_json(text: str, shown: str) -> _Table:
    """Read a JSON list of objects, remembering the line each object starts on."""
    decoder = json.JSONDecoder()
    objects: list[tuple[int, object]] = []

    def malformed(exc: json.JSONDecodeError) -> NoReturn:
        _fail(shown, [_Problem(f"line {exc.lineno}", f"malformed JSON ({exc.msg} at column {exc.colno})")])

    def error_at(pos: int, msg: str) -> json.JSONDecodeError:
        return json.JSONDecodeError(msg, text, pos)

    # Walk the top-level list by hand (raw_decode per element) instead of json.loads so
    # every object's starting line is known and problems can point at it.
    ws = re.compile(r"\s*")
    pos = ws.match(text, 0).end()  # type: ignore[union-attr]
    if pos < len(text) and text[pos] == "{":
        _fail(shown, [_Problem("", "expected a JSON list of objects, found a single object "
                                   "(use .jsonl for one object per line)")])
    if pos >= len(text) or text[pos] != "[":
        malformed(error_at(pos, "Expecting '[' (a list of objects)"))
    pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
    if pos < len(text) and text[pos] == "]":
        pos += 1
    else:
        while True:
            try:
                value, end = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                malformed(exc)
            objects.append((text.count("\n", 0, pos) + 1, value))
            pos = ws.match(text, end).end()  # type: ignore[union-attr]
            if pos < len(text) and text[pos] == ",":
                pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
                continue
            if pos < len(text) and text[pos] == "]":
                pos += 1
                break
            malformed(error_at(pos, "Expecting ',' or ']'"))
    if text[pos:].strip():
        malformed(error_at(ws.match(text, pos).end(), "Extra data after the list"))  # type: ignore[union-attr]
    return _table_from_objects(objects, [])


def _table_from_objects(objects: list[tuple[int, object]], problems: list[_Problem]) -> _Table:
    """Key rows by the JSON keys; headers are every key seen, in first-seen order."""
    headers: dict[str, None] = {}
    rows: list[tuple[int, dict[str, str]]] = []
    for number, obj in objects:
        if not isinstance(obj, dict):
            problems.append(_Problem(f"line {number}", f"expected a JSON object, got {_json_type(obj)}"))
            continue
        row: dict[str, str] = {}
        for key, value in obj.items():
            headers.setdefault(str(key), None)
            if isinstance(value, (dict, list)):
                problems.append(
                    _Problem(f"line {number}", f"{key!r} is a JSON {_json_type(value)}, expected text or a number")
                )
                value = ""
            row[str(key)] = _cell_text(value)
        rows.append((number, row))
    return _Table(list(headers), "", rows, "line", problems)


def _json_type(value: object) -> str:
    return {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def _read_xlsx(data: bytes, shown: str) -> _Table:
    """Read the first sheet of a workbook, keeping sheet row numbers."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # Some writers record a wrong used range ("A1:A1") and read-only mode trusts it;
            # forgetting it makes openpyxl read until the data really ends.
            sheet.reset_dimensions()
            # iter_rows fills in rows missing from the XML, so enumerate gives sheet rows.
            rows = sheet.iter_rows(min_row=1, values_only=True)
            records = [(n, list(r)) for n, r in enumerate(rows, start=1)]
        finally:
            workbook.close()
    # A damaged workbook can fail anywhere inside openpyxl (zip, XML, missing parts) with
    # many exception types; to the admin they all mean the same thing.
    except Exception as exc:  # noqa: BLE001
        _fail(shown, [_Problem("", f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})")])
    return _rows_from_records(records, "row", [], check_width=False)


def _cell_text(value: object) -> str:
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


def _fail(shown: str, problems: Iterable[_Problem]) -> NoReturn:
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
