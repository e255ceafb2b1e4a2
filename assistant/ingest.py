"""Load a university's course catalog file into :class:`~assistant.records.Course` rows.

A catalog arrives as whatever the registrar's office exported: a CSV from Korean Excel
(CP949, sometimes UTF-8 with a BOM, sometimes tab- or semicolon-separated), an ``.xlsx``
workbook, or JSON / JSON Lines from another system. :func:`load_catalog` reads any of them,
maps the headers onto the :class:`Course` fields through :data:`COLUMN_ALIASES` (Korean and
English names) or an explicit ``mapping``, and validates every row.

Validation is all-or-nothing: every problem in the file is collected first and reported in
one :class:`~assistant.errors.CatalogError`, so the admin fixes the file once instead of
once per run, and nothing downstream (the database, the index) ever sees a partial catalog.

Every cell is read as text (the csv module, ``json``, openpyxl values converted one by one)
rather than through pandas, so lecture ids keep their leading zeros and nothing is silently
turned into a float.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import NoReturn

from assistant.errors import CatalogError
from assistant.records import Course

__all__ = [
    "COLUMN_ALIASES",
    "REQUIRED_FIELDS",
    "OPTIONAL_FIELDS",
    "SUPPORTED_SUFFIXES",
    "MAX_CREDITS",
    "MAX_LISTED_PROBLEMS",
    "load_catalog",
    "read_catalog",
    "CatalogFile",
    "EXTRA_ALIASES",
]

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "lecture_id": ("강의번호", "학수번호", "과목번호", "강좌번호", "과목코드", "교과목번호", "교과목코드", "강좌코드",
                   "학정번호", "교과번호", "lecture_id", "course_id", "course_code", "code", "id"),
    "title": ("교과목명", "과목명", "강좌명", "교과명", "강의명", "교과목", "title", "course_title", "course_name",
              "name"),
    "department": ("개설학과", "학과", "개설학과(부)", "개설학부", "개설전공", "주관학과", "소속학과", "학부(과)", "소속",
                   "department", "dept"),
    "instructor": ("담당교수", "교수", "교수명", "담당교원", "교수자", "담당강사", "강사", "instructor", "professor"),
    "credits": ("학점", "이수학점", "credits", "credit"),
    "course_type": ("이수구분", "구분", "과목구분", "교과구분", "course_type", "type"),
    "description": ("강의설명", "교과목개요", "강의개요", "과목설명", "교과목설명", "수업개요", "과목개요", "강좌설명",
                    "강의내용", "수업내용", "설명", "개요", "description", "course_description", "summary",
                    "overview"),
}
"""Accepted header names for each :class:`Course` field.

Headers are compared after NFC normalization, stripping whitespace and a BOM, lowercasing,
and dropping spaces, ``_`` and ``-`` (so ``"Lecture ID"`` matches ``lecture_id``). When a file
has several headers for one field, the alias listed first wins (``이수구분`` over ``구분``).
"""

EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "prerequisites": ("선수과목", "선수강과목", "선이수과목", "선수과목명", "선수교과목", "prerequisites",
                      "prerequisite"),
    "textbook": ("교재", "주교재", "교재명", "교재및참고문헌", "교재및참고자료", "참고문헌", "textbook",
                 "textbooks"),
    "evaluation": ("평가방법", "성적평가", "성적평가방법", "평가", "평가기준", "evaluation", "grading"),
    "english_title": ("영문명", "영문교과목명", "영문과목명", "과목영문명", "englishtitle", "english_name"),
    "year": ("학년", "학년학기", "대상학년", "이수학년", "year", "grade"),
    "schedule": ("수업시간", "강의시간", "시간", "요일및시간", "schedule", "time"),
    "college": ("대학", "단과대학", "대학명", "college", "university"),
    "classroom": ("강의실", "classroom", "room"),
    "capacity": ("정원", "수강정원", "capacity"),
}
"""Headers of the known extra columns (compared like :data:`COLUMN_ALIASES`); their values
become :attr:`Course.extra` fields the chat can answer from. Any other column is kept under
its own header as course metadata."""

REQUIRED_FIELDS: tuple[str, ...] = ("lecture_id", "title", "description")
"""Fields whose column must exist and whose value must be non-empty in every row."""

OPTIONAL_FIELDS: tuple[str, ...] = ("department", "instructor", "credits", "course_type")
"""Fields that default to ``""`` (or ``0.0`` for credits) when the column is absent or empty."""

SUPPORTED_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".json", ".xlsx")
"""File suffixes :func:`load_catalog` understands (compared case-insensitively)."""

MAX_CREDITS = 30.0
"""Largest credit value accepted; anything above is almost certainly a wrong column."""

MAX_LISTED_PROBLEMS = 50
"""How many problems a :class:`CatalogError` message lists before "… and N more"."""

_FIELDS: tuple[str, ...] = (
    "lecture_id",
    "title",
    "department",
    "instructor",
    "credits",
    "course_type",
    "description",
)
_DELIMITERS = (",", "\t", ";")
_TEXT_ENCODINGS = ("utf-8", "cp949")  # CP949 is a superset of EUC-KR
_UTF8_BOM = b"\xef\xbb\xbf"
# "3", "3.0", ".5", "3학점", " 3 " (after NFKC, so full-width "３" works too).
_CREDITS_RE = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?:학점)?$")
# What Excel writes into a CSV when a long numeric id column was not formatted as text:
# the digits are already lost, so the id cannot be recovered and must be re-exported.
_SCIENTIFIC_RE = re.compile(r"^\d(?:\.\d+)?[eE]\+?\d+$")


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


@dataclass(frozen=True)
class CatalogFile:
    """A validated catalog: its courses and what was left out.

    Attributes:
        courses: The valid courses in file order.
        skipped: One line per skipped row (``"row 7: empty description"``), with
            ``skip_invalid`` only.
        extra_columns: Headers kept as extra fields, with their canonical key
            (``{"선수과목": "prerequisites", "비고": "비고"}``).
    """

    courses: list[Course]
    skipped: tuple[str, ...] = ()
    extra_columns: dict[str, str] = field(default_factory=dict)


def load_catalog(path: str | Path, mapping: Mapping[str, str] | None = None) -> list[Course]:
    """The courses of a valid catalog file; see :func:`read_catalog`."""
    return read_catalog(path, mapping).courses


def read_catalog(path: str | Path, mapping: Mapping[str, str] | None = None, *,
                 skip_invalid: bool = False) -> CatalogFile:
    """Read and validate a course catalog file.

    The format follows the suffix: ``.csv``/``.tsv``/``.txt`` (delimiter detected among
    comma, tab and semicolon; UTF-8 with or without BOM, CP949, EUC-KR or BOM-marked UTF-16),
    ``.jsonl``/``.ndjson`` (one object per line), ``.json`` (a list of objects) or ``.xlsx``
    (the first sheet; the header is its first non-empty row).

    Args:
        path: The catalog file.
        mapping: Optional ``{field: header}`` naming the column for a :class:`Course` field
            explicitly, e.g. ``{"description": "수업목표"}``; it wins over
            :data:`COLUMN_ALIASES` for that field.

        skip_invalid: Leave out rows that fail validation (reported in
            :attr:`CatalogFile.skipped` by row number) instead of failing; problems with the
            file itself (unreadable, missing columns) still fail.

    Returns:
        The courses in file order, every text field NFC-normalized and stripped; columns
        beyond the seven known fields land in :attr:`Course.extra`.

    Raises:
        CatalogError: The file cannot be read or any row is invalid. The message starts with
            a one-line summary naming the file, then lists each problem with its row (as
            Excel numbers it: the header is row 1) or, for JSON files, its line number.
            Nothing is returned for a file with any problem.
    """
    shown = str(path)
    path = Path(path)
    if mapping is not None:
        unknown = sorted(set(mapping) - set(_FIELDS))
        if unknown:
            _fail(
                shown,
                [
                    _Problem(
                        "",
                        f"mapping names unknown field(s) {', '.join(map(repr, unknown))}; "
                        f"known fields: {', '.join(_FIELDS)}",
                    )
                ],
            )

    table = _read_table(path, shown)
    courses, problems, extras = _validate(table, mapping or {})
    if problems and skip_invalid and courses:
        located = [p for p in problems if re.match(r"^(?:row|line) \d+$", p.where)]
        if len(located) == len([p for p in problems if not p.note]):
            return CatalogFile(courses, tuple(p.render() for p in located), extras)
    if problems:
        _fail(shown, problems)
    return CatalogFile(courses, (), extras)


# --------------------------------------------------------------------------- reading


def _read_table(path: Path, shown: str) -> _Table:
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


# --------------------------------------------------------------------------- validation


def _header_key(name: str) -> str:
    """The form headers are compared in: NFC, no BOM/spaces/_/-, lowercase."""
    name = unicodedata.normalize("NFC", name).replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s_\-]+", "", name)


def _resolve_columns(
    table: _Table, mapping: Mapping[str, str]
) -> tuple[dict[str, str], list[_Problem]]:
    """Find which header holds each field; report missing required or mapped columns."""
    by_key: dict[str, list[str]] = {}
    for header in table.headers:
        if header.strip():
            by_key.setdefault(_header_key(header), []).append(header)

    where = table.header_where
    problems: list[_Problem] = []
    columns: dict[str, str] = {}
    missing_columns = False
    for field_name in _FIELDS:
        if field_name in mapping:
            found = by_key.get(_header_key(mapping[field_name]))
            if not found:
                problems.append(
                    _Problem(
                        where,
                        f"mapping puts {field_name} in column {mapping[field_name]!r}, "
                        "but the file has no such column",
                    )
                )
                missing_columns = True
                continue
        else:
            # The first alias present wins, so "이수구분" beats the vaguer "구분".
            found = next(
                (by_key[_header_key(a)] for a in COLUMN_ALIASES[field_name] if _header_key(a) in by_key),
                None,
            )
            if not found:
                if field_name in REQUIRED_FIELDS:
                    problems.append(
                        _Problem(
                            where,
                            f"missing required column {field_name} "
                            f"(accepted headers: {', '.join(COLUMN_ALIASES[field_name])}; "
                            f"or pass mapping={{'{field_name}': '<your header>'}})",
                        )
                    )
                    missing_columns = True
                continue
        if len(found) > 1 and table.unit == "row":
            problems.append(
                _Problem(where, f"column {found[0]!r} (used for {field_name}) appears {len(found)} times")
            )
        columns[field_name] = found[0]

    used = list(columns.values())
    # One header must not feed two fields (possible only through an explicit mapping).
    for header in dict.fromkeys(h for h in used if used.count(h) > 1):
        problems.append(_Problem(where, f"column {header!r} is mapped to more than one field"))
    if missing_columns:
        found_list = ", ".join(repr(h) for h in table.headers if h.strip()) or "(none)"
        problems.append(_Problem("", f"headers found: {found_list}", note=True))
    return columns, problems


def _extra_columns(table: _Table, used: Iterable[str]) -> dict[str, str]:
    """Headers not used by a :class:`Course` field -> their extra-field key."""
    known = {_header_key(a): key for key, aliases in EXTRA_ALIASES.items() for a in aliases}
    used = set(used)
    out: dict[str, str] = {}
    for header in table.headers:
        if not header.strip() or header in used or header in out:
            continue
        key = known.get(_header_key(header), _clean_text(header))
        if key not in out.values():
            out[header] = key
    return out


TEXT_COLUMN_CHARS = 40
"""An extra column whose values are this long (median of the non-empty ones) is free text."""


def _text_columns(table: _Table, extras: Mapping[str, str]) -> list[str]:
    """Extra columns of free text that is not a known field (수업목표, 강의계획 …): their
    values are appended to the description as labelled lines, so the assistant can search,
    read and cite them. Known fields (선수과목, 교재, 평가방법 …) stay fields."""
    from statistics import median

    from assistant.records import EXTRA_FIELDS

    out = []
    for header, key in extras.items():
        if key in EXTRA_FIELDS:
            continue
        lengths = [len(v.strip()) for _, row in table.rows if (v := row.get(header, "")).strip()]
        if lengths and median(lengths) >= TEXT_COLUMN_CHARS:
            out.append(header)
    return out


def _validate(table: _Table, mapping: Mapping[str, str]
              ) -> tuple[list[Course], list[_Problem], dict[str, str]]:
    """Check every row and build the courses; problems come back in file order. Also
    returns the extra columns (header -> key)."""
    problems = list(table.problems)
    if not table.rows:
        if table.problems:
            return [], problems, {}
        if table.headers:
            where = f" (only a header in {table.header_where})" if table.header_where else ""
            problems.append(_Problem("", f"no data rows{where}"))
        else:
            problems.append(_Problem("", "no data rows"))
        return [], problems, {}

    columns, column_problems = _resolve_columns(table, mapping)
    if column_problems:
        # Without the columns no row can be checked meaningfully; report the header only.
        return [], column_problems + problems, {}
    extras = _extra_columns(table, columns.values())
    texts = _text_columns(table, extras)

    courses: list[Course] = []
    first_seen: dict[str, int] = {}
    row_problems: list[_Problem] = []
    for number, row in table.rows:
        where = f"{table.unit} {number}"
        before = len(row_problems)

        # Absent optional columns read as "", which the checks below treat as "not given".
        values = {f: row.get(columns[f], "") if f in columns else "" for f in _FIELDS}

        lecture_id = _clean_text(values["lecture_id"]).strip("\u200b\ufeff").strip()
        if not lecture_id:
            row_problems.append(_Problem(where, "empty lecture id"))
        elif _SCIENTIFIC_RE.match(lecture_id):
            row_problems.append(
                _Problem(
                    where,
                    f"lecture id {lecture_id!r} looks like Excel scientific notation (digits lost); "
                    "format the column as text and export again",
                )
            )
        elif lecture_id in first_seen:
            row_problems.append(
                _Problem(
                    where,
                    f"duplicate lecture id {lecture_id} (first seen in {table.unit} {first_seen[lecture_id]})",
                )
            )
        else:
            first_seen[lecture_id] = number

        title = _clean_text(values["title"])
        if not title:
            row_problems.append(_Problem(where, "empty title"))

        description = _clean_text(values["description"])
        if not description:
            row_problems.append(_Problem(where, "empty description"))
        else:  # further free-text columns (수업목표, 주차별 계획 …) are read and cited with it
            description += "".join(f"\n{header}: {value}" for header in texts
                                   if (value := _clean_text(row.get(header, ""))))

        credits, credit_problem = _parse_credits(values["credits"])
        if credit_problem:
            row_problems.append(_Problem(where, credit_problem))

        if len(row_problems) == before:
            courses.append(
                Course(
                    lecture_id=lecture_id,
                    title=title,
                    department=_clean_text(values["department"]),
                    instructor=_clean_text(values["instructor"]),
                    credits=credits,
                    course_type=_clean_text(values["course_type"]),
                    description=description,
                    extra=tuple((key, value) for header, key in extras.items()
                                if (value := _clean_text(row.get(header, "")))),
                )
            )
    # Reader problems (malformed lines, stray cells) and row problems interleave by position.
    problems = sorted(problems + row_problems, key=_problem_position)
    return courses, problems, extras


def _problem_position(problem: _Problem) -> int:
    match = re.match(r"^(?:row|line) (\d+)$", problem.where)
    return int(match.group(1)) if match else 0


def _clean_text(raw: str) -> str:
    """NFC, Windows line ends to ``\\n``, outer whitespace stripped; inner text untouched.

    NFC matters because macOS and some web forms produce decomposed Hangul (NFD), which
    looks identical but would never match an NFC query or keyword.
    """
    return unicodedata.normalize("NFC", raw).replace("\r\n", "\n").strip()


def _parse_credits(raw: str) -> tuple[float, str | None]:
    """Parse a credit cell: ``"3"``, ``"3.0"``, ``"3학점"``, ``" 3 "``; empty means 0.0.

    Returns:
        ``(credits, None)`` or ``(0.0, reason)`` when the value is unusable.
    """
    # NFKC folds full-width digits ("３") that Korean IMEs sometimes produce.
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return 0.0, None
    match = _CREDITS_RE.match(text)
    if not match:
        return 0.0, f"credits {raw.strip()!r} is not a number"
    credits = float(match.group(1))
    if credits < 0:
        return 0.0, f"credits {raw.strip()!r} is negative"
    if credits > MAX_CREDITS:
        return 0.0, f"credits {raw.strip()!r} is more than {MAX_CREDITS:g}"
    return credits, None


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

