"""Load a university's course catalog file into :class:`~assistant.records.Course` rows.

A catalog arrives as whatever the registrar's office exported: a CSV from Korean Excel
(CP949, sometimes UTF-8 with a BOM, sometimes tab- or semicolon-separated), an ``.xlsx``
workbook, or JSON / JSON Lines from another system. :func:`load_catalog` reads any of them,
maps the headers onto the :class:`Course` fields through :data:`COLUMN_ALIASES` (Korean and
English names) or an explicit ``mapping``, and validates every row.

Validation is all-or-nothing: every problem in the file is collected first and reported in
one :class:`~assistant.errors.CatalogError`, so the admin fixes the file once instead of
once per run, and nothing downstream (the database, the index) ever sees a partial catalog.

Reading the file itself (formats, encodings, cells as text) is :mod:`assistant.catalog_file`;
this module maps its table onto courses and validates it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assistant.catalog_file import MAX_LISTED_PROBLEMS, SUPPORTED_SUFFIXES, Problem, Table, fail, read_table
from assistant.columns import COLUMN_ALIASES, EXTRA_ALIASES, FIELDS, OPTIONAL_FIELDS, REQUIRED_FIELDS, header_key
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

MAX_CREDITS = 30.0
"""Largest credit value accepted; anything above is almost certainly a wrong column."""

# "3", "3.0", ".5", "3학점", " 3 " (after NFKC, so full-width "３" works too).
# The credits, then optionally the hours handbooks print beside them: "3-3-0" (학점-강의-실습),
# "3(2-2)" (학점(이론-실습)), "2/2/0"; the first number is the credits.
_CREDITS_RE = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?:학점)?"
                         r"\s*(?:\(\s*\d+(?:\.\d+)?(?:\s*[-/:]\s*\d+(?:\.\d+)?){0,3}\s*\)"
                         r"|(?:\s*[-/:]\s*\d+(?:\.\d+)?){1,3})?$")
_NO_CREDITS = frozenset({"-", "–", "—", "n/a", "na", "없음", "해당없음", "미정"})
"""Cells that say the catalog gives no credit value (like an empty cell)."""
# What Excel writes into a CSV when a long numeric id column was not formatted as text:
# the digits are already lost, so the id cannot be recovered and must be re-exported.
_SCIENTIFIC_RE = re.compile(r"^\d(?:\.\d+)?[eE]\+?\d+$")


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
        unknown = sorted(set(mapping) - set(FIELDS))
        if unknown:
            fail(
                shown,
                [
                    Problem(
                        "",
                        f"mapping names unknown field(s) {', '.join(map(repr, unknown))}; "
                        f"known fields: {', '.join(FIELDS)}",
                    )
                ],
            )

    table = read_table(path, shown)
    courses, problems, extras = _validate(table, mapping or {})
    if problems and skip_invalid and courses:
        located = [p for p in problems if re.match(r"^(?:row|line) \d+$", p.where)]
        if len(located) == len([p for p in problems if not p.note]):
            return CatalogFile(courses, tuple(p.render() for p in located), extras)
    if problems:
        fail(shown, problems)
    return CatalogFile(courses, (), extras)


# --------------------------------------------------------------------------- validation


def _resolve_columns(
    table: Table, mapping: Mapping[str, str]
) -> tuple[dict[str, str], list[Problem]]:
    """Find which header holds each field; report missing required or mapped columns."""
    by_key: dict[str, list[str]] = {}
    for header in table.headers:
        if header.strip():
            by_key.setdefault(header_key(header), []).append(header)

    where = table.header_where
    problems: list[Problem] = []
    columns: dict[str, str] = {}
    missing_columns = False
    for field_name in FIELDS:
        if field_name in mapping:
            found = by_key.get(header_key(mapping[field_name]))
            if not found:
                problems.append(
                    Problem(
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
                (by_key[header_key(a)] for a in COLUMN_ALIASES[field_name] if header_key(a) in by_key),
                None,
            )
            if not found:
                if field_name in REQUIRED_FIELDS:
                    problems.append(
                        Problem(
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
                Problem(where, f"column {found[0]!r} (used for {field_name}) appears {len(found)} times")
            )
        columns[field_name] = found[0]

    used = list(columns.values())
    # One header must not feed two fields (possible only through an explicit mapping).
    for header in dict.fromkeys(h for h in used if used.count(h) > 1):
        problems.append(Problem(where, f"column {header!r} is mapped to more than one field"))
    if missing_columns:
        found_list = ", ".join(repr(h) for h in table.headers if h.strip()) or "(none)"
        problems.append(Problem("", f"headers found: {found_list}", note=True))
    return columns, problems


def _extra_columns(table: Table, used: Iterable[str]) -> dict[str, str]:
    """Headers not used by a :class:`Course` field -> their extra-field key."""
    known = {header_key(a): key for key, aliases in EXTRA_ALIASES.items() for a in aliases}
    used = set(used)
    out: dict[str, str] = {}
    for header in table.headers:
        if not header.strip() or header in used or header in out:
            continue
        key = known.get(header_key(header), _clean_text(header))
        if key not in out.values():
            out[header] = key
    return out


TEXT_COLUMN_CHARS = 40
"""An extra column whose values are this long (median of the non-empty ones) is free text."""


def _text_columns(table: Table, extras: Mapping[str, str]) -> list[str]:
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


def _validate(table: Table, mapping: Mapping[str, str]
              ) -> tuple[list[Course], list[Problem], dict[str, str]]:
    """Check every row and build the courses; problems come back in file order. Also
    returns the extra columns (header -> key)."""
    problems = list(table.problems)
    if not table.rows:
        if table.problems:
            return [], problems, {}
        if table.headers:
            where = f" (only a header in {table.header_where})" if table.header_where else ""
            problems.append(Problem("", f"no data rows{where}"))
        else:
            problems.append(Problem("", "no data rows"))
        return [], problems, {}

    columns, column_problems = _resolve_columns(table, mapping)
    if column_problems:
        # Without the columns no row can be checked meaningfully; report the header only.
        return [], column_problems + problems, {}
    extras = _extra_columns(table, columns.values())
    texts = _text_columns(table, extras)

    courses: list[Course] = []
    first_seen: dict[str, int] = {}
    row_problems: list[Problem] = []
    for number, row in table.rows:
        where = f"{table.unit} {number}"
        before = len(row_problems)

        # Absent optional columns read as "", which the checks below treat as "not given".
        values = {f: row.get(columns[f], "") if f in columns else "" for f in FIELDS}

        lecture_id = _clean_text(values["lecture_id"]).strip("\u200b\ufeff").strip()
        if not lecture_id:
            row_problems.append(Problem(where, "empty lecture id"))
        elif _SCIENTIFIC_RE.match(lecture_id):
            row_problems.append(
                Problem(
                    where,
                    f"lecture id {lecture_id!r} looks like Excel scientific notation (digits lost); "
                    "format the column as text and export again",
                )
            )
        elif lecture_id in first_seen:
            row_problems.append(
                Problem(
                    where,
                    f"duplicate lecture id {lecture_id} (first seen in {table.unit} {first_seen[lecture_id]})",
                )
            )
        else:
            first_seen[lecture_id] = number

        title = _clean_text(values["title"])
        if not title:
            row_problems.append(Problem(where, "empty title"))

        description = _clean_text(values["description"])
        if not description:
            row_problems.append(Problem(where, "empty description"))
        else:  # further free-text columns (수업목표, 주차별 계획 …) are read and cited with it
            description += "".join(f"\n{header}: {value}" for header in texts
                                   if (value := _clean_text(row.get(header, ""))))

        credits, credit_problem = _parse_credits(values["credits"])
        if credit_problem:
            row_problems.append(Problem(where, credit_problem))

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


def _problem_position(problem: Problem) -> int:
    match = re.match(r"^(?:row|line) (\d+)$", problem.where)
    return int(match.group(1)) if match else 0


def _clean_text(raw: str) -> str:
    """NFC, Windows line ends to ``\\n``, outer whitespace stripped; inner text untouched.

    NFC matters because macOS and some web forms produce decomposed Hangul (NFD), which
    looks identical but would never match an NFC query or keyword.
    """
    return unicodedata.normalize("NFC", raw).replace("\r\n", "\n").strip()


def _parse_credits(raw: str) -> tuple[float | None, str | None]:
    """Parse a credit cell: ``"3"``, ``"3.0"``, ``"3학점"``, ``" 3 "``, ``"0"`` (a 0-credit
    course), ``"3-3-0"`` or ``"3(2-2)"`` (credits, then hours); an empty cell (or ``"-"``,
    ``"없음"``) means the catalog gives no value (``None``), which is not 0.

    Returns:
        ``(credits, None)`` or ``(None, reason)`` when the value is unusable.
    """
    # NFKC folds full-width digits ("３") that Korean IMEs sometimes produce.
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text or text.lower().replace(" ", "") in _NO_CREDITS:
        return None, None
    match = _CREDITS_RE.match(text)
    if not match:
        return None, f"credits {raw.strip()!r} is not a number"
    credits = float(match.group(1))
    if credits < 0:
        return None, f"credits {raw.strip()!r} is negative"
    if credits > MAX_CREDITS:
        return None, f"credits {raw.strip()!r} is more than {MAX_CREDITS:g}"
    return credits, None
