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
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        _fail(shown, [_Problem("", f"the file is {size:,} bytes, more than MAX_FILE_BYTES ({MAX_FILE_BYTES:,}); "
                                   "split the catalog into smaller files")])
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
    try:
        return data[offset:].decode("utf-8")
    except UnicodeDecodeError:
        mixed = _mixed_encoding_lines(data[offset:])
        if mixed:
            _fail(shown, mixed)
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


def _mixed_encoding_lines(data: bytes) -> list[_Problem]:
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
    return [_Problem(f"line {n}", f"not UTF-8 (CP949/EUC-KR?) while lines {shown} are UTF-8: the file mixes "
                                  "encodings; save the whole file again as UTF-8") for n in other]


def _cell_problems(where: str, header: str, value: str) -> list[_Problem]:
    """What is wrong with one cell whatever the format: a NUL byte, or too much text."""
    problems = []
    if "\x00" in value:
        problems.append(_Problem(where, f"column {header!r} contains a NUL byte (\\x00): a binary file, or "
                                        "UTF-16 text saved without its byte order mark?"))
    if len(value) > MAX_CELL_CHARS:
        problems.append(_Problem(where, f"column {header!r} holds {len(value):,} characters, more than "
                                        f"MAX_CELL_CHARS ({MAX_CELL_CHARS:,})"))
    return problems


def _too_many_rows(unit: str) -> _Problem:
    return _Problem("", f"more than MAX_ROWS ({MAX_ROWS:,}) {unit}s; split the catalog into smaller files")


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
            if number > MAX_ROWS + 1:  # the header and MAX_ROWS data rows
                _fail(shown, [_too_many_rows("row")])
            records.append((number, record))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            _fail(shown, [_Problem(f"row {len(records) + 1}", "a cell is longer than the CSV reader's limit "
                                   f"({exc}); at most MAX_CELL_CHARS ({MAX_CELL_CHARS:,}) characters per cell")])
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
    if len(header) > MAX_COLUMNS:
        problems.append(_Problem(f"{unit} {header_number}", f"the header has {len(header):,} columns, more than "
                                                            f"MAX_COLUMNS ({MAX_COLUMNS:,})"))
        return _Table([], f"{unit} {header_number}", [], unit, problems)
    for i, name in enumerate(header):
        problems += _cell_problems(f"{unit} {header_number}", name if name.strip() else f"#{i + 1}", name)
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
                problems += _cell_problems(f"{unit} {number}", name if name.strip() else f"#{i + 1}", cell)
        for name, at in duplicated.items():
            first = cells[at[0]].strip() if at[0] < len(cells) else ""
            # a later copy holding something else would be silently dropped
            if any(i < len(cells) and cells[i].strip() not in ("", first) for i in at[1:]):
                conflicts.setdefault(name, []).append(number)
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
    for name, numbers in conflicts.items():
        listed = ", ".join(map(str, numbers[:10])) + (", …" if len(numbers) > 10 else "")
        columns = ", ".join(str(i + 1) for i in duplicated[name])
        problems.append(_Problem(f"{unit} {header_number}", f"column {name!r} appears {len(duplicated[name])} times "
                                 f"(columns {columns}) with different values in {unit}{'s' if len(numbers) > 1 else ''} {listed}; rename one "
                                 "of them (only the first would be read)"))
    return _Table(header, f"{unit} {header_number}", rows, unit, problems)


def _read_jsonl(text: str) -> _Table:
    """Read JSON Lines: one object per line, blank lines skipped, bad lines reported."""
    problems: list[_Problem] = []
    objects: list[tuple[int, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(objects) >= MAX_ROWS:
            problems.append(_too_many_rows("line"))
            break
        deep = _too_deep(line)
        if deep is not None:
            problems.append(_Problem(f"line {number}", _too_deep_reason(deep + 1)))
            continue
        try:
            objects.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(_Problem(f"line {number}", f"malformed JSON ({exc.msg} at column {exc.colno})"))
        except RecursionError:  # a backstop: _too_deep catches this first
            problems.append(_Problem(f"line {number}", _too_deep_reason(None)))
    return _table_from_objects(objects, problems)


_JSON_NESTING = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')


def _too_deep(text: str) -> int | None:
    """Offset of the first list or object nested deeper than :data:`MAX_JSON_DEPTH` (strings
    skipped), or ``None``; checked before parsing, whose recursion a JSON bomb exhausts."""
    depth = 0
    for match in _JSON_NESTING.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return match.start()
        elif token in "]}":
            depth -= 1
    return None


def _too_deep_reason(column: int | None) -> str:
    at = f" at column {column}" if column is not None else ""
    return (f"JSON nested deeper than MAX_JSON_DEPTH ({MAX_JSON_DEPTH}){at}; a catalog is a list of flat "
            "objects")


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
    deep = _too_deep(text)
    if deep is not None:
        line = text.count("\n", 0, deep) + 1
        _fail(shown, [_Problem(f"line {line}", _too_deep_reason(deep - text.rfind("\n", 0, deep)))])
    ws = re.compile(r"\s*")
    pos = ws.match(text, 0).end()  # type: ignore[union-attr]
    line, counted = 1, 0  # the line at offset ``counted`` (counted forward, never from the start)
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
            if len(objects) >= MAX_ROWS:
                _fail(shown, [_too_many_rows("object")])
            try:
                value, end = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                malformed(exc)
            except RecursionError:  # a backstop: _too_deep catches this first
                _fail(shown, [_Problem(f"line {line + text.count(chr(10), counted, pos)}", _too_deep_reason(None))])
            line += text.count("\n", counted, pos)
            counted = pos
            objects.append((line, value))
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
            if len(headers) > MAX_COLUMNS:
                problems.append(_Problem(f"line {number}", f"more than MAX_COLUMNS ({MAX_COLUMNS:,}) distinct keys"))
                return _Table([], "", [], "line", problems)
            problems += _cell_problems(f"line {number}", str(key), str(key))
            if isinstance(value, str):
                problems += _cell_problems(f"line {number}", str(key), value)
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
            records = []
            for n, r in enumerate(rows, start=1):
                if n > MAX_ROWS + 1:
                    too_many = True
                    break
                records.append((n, list(r)))
            else:
                too_many = False
            merged = [] if too_many else _merged_ranges(sheet)
            others = [] if too_many else [_other_catalog(s, sheet.title) for s in workbook.worksheets[1:]]
        finally:
            workbook.close()
    # A damaged workbook can fail anywhere inside openpyxl (zip, XML, missing parts) with
    # many exception types; to the admin they all mean the same thing.
    except Exception as exc:  # noqa: BLE001
        _fail(shown, [_Problem("", f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})")])
    if too_many:
        _fail(shown, [_too_many_rows("row")])
    table = _rows_from_records(records, "row", [], check_width=False)
    header_row = int(table.header_where.split()[-1]) if table.header_where else 0
    problems = [p for p in others if p is not None]
    for ref in merged:
        from openpyxl.utils.cell import range_boundaries

        _, first, _, last = range_boundaries(ref)
        if last > header_row:  # a merge over data rows hides values (a merged title above is fine)
            rows_text = f"row {first}" if first == last else f"rows {first}-{last}"
            problems.append(_Problem("", f"{rows_text}: cells {ref} are merged; only the first holds the value, "
                                         "the others read as empty: unmerge them and fill in every cell"))
    table.problems = problems + table.problems
    return table


def _merged_ranges(sheet) -> list[str]:
    """The merged ranges ("G4:G5") of a read-only sheet, streamed from its XML (read-only
    sheets do not expose them); empty when this openpyxl cannot tell."""
    from xml.etree.ElementTree import iterparse

    source = getattr(sheet, "_get_source", None)
    if source is None:  # pragma: no cover - another openpyxl
        return []
    refs = []
    with source() as xml:
        for _, element in iterparse(xml):
            if element.tag.rsplit("}", 1)[-1] == "mergeCell" and element.get("ref"):
                refs.append(element.get("ref"))
            element.clear()
    return refs


def _other_catalog(sheet, first: str) -> _Problem | None:
    """A problem when a further sheet holds a catalog too (a header naming every required
    field): only the first sheet is read, so its courses would be lost."""
    from assistant.columns import COLUMN_ALIASES, REQUIRED_FIELDS, header_key

    sheet.reset_dimensions()
    for n, row in enumerate(sheet.iter_rows(min_row=1, max_row=50, values_only=True), start=1):
        cells = {header_key(_cell_text(c)) for c in row[:MAX_COLUMNS] if _cell_text(c).strip()}
        if not cells:
            continue
        if all(any(header_key(a) in cells for a in COLUMN_ALIASES[f]) for f in REQUIRED_FIELDS):
            return _Problem("", f"sheet {sheet.title!r} holds a catalog too (header in its row {n}), but only the "
                                f"first sheet {first!r} is read: put every course in one sheet, or save each "
                                "sheet as its own file")
        return None
    return None


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
