"""Reading JSON and JSON Lines catalogs into a :class:`~assistant.catalog_file.Table`.

A ``.json`` file is a list of flat objects, a ``.jsonl`` / ``.ndjson`` file one object per
line; headers are every key seen, in first-seen order, and each row remembers the line its
object starts on. Nesting is checked before parsing (a JSON bomb exhausts the parser's
recursion). :func:`assistant.catalog_file.read_table` dispatches here.
"""

from __future__ import annotations

import json
import re
from typing import NoReturn

from assistant.catalog_file import (MAX_COLUMNS, MAX_JSON_DEPTH, MAX_ROWS, Problem, Table, cell_problems, cell_text,
                                    fail, too_many_rows)


def read_jsonl(text: str) -> Table:
    """Read JSON Lines: one object per line, blank lines skipped, bad lines reported."""
    problems: list[Problem] = []
    objects: list[tuple[int, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(objects) >= MAX_ROWS:
            problems.append(too_many_rows("line"))
            break
        deep = _too_deep(line)
        if deep is not None:
            problems.append(Problem(f"line {number}", _too_deep_reason(deep + 1)))
            continue
        try:
            objects.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(Problem(f"line {number}", f"malformed JSON ({exc.msg} at column {exc.colno})"))
        except RecursionError:  # a backstop: _too_deep catches this first
            problems.append(Problem(f"line {number}", _too_deep_reason(None)))
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


def read_json(text: str, shown: str) -> Table:
    """Read a JSON list of objects, remembering the line each object starts on."""
    decoder = json.JSONDecoder()
    objects: list[tuple[int, object]] = []

    def malformed(exc: json.JSONDecodeError) -> NoReturn:
        fail(shown, [Problem(f"line {exc.lineno}", f"malformed JSON ({exc.msg} at column {exc.colno})")])

    def error_at(pos: int, msg: str) -> json.JSONDecodeError:
        return json.JSONDecodeError(msg, text, pos)

    # Walk the top-level list by hand (raw_decode per element) instead of json.loads so
    # every object's starting line is known and problems can point at it.
    deep = _too_deep(text)
    if deep is not None:
        line = text.count("\n", 0, deep) + 1
        fail(shown, [Problem(f"line {line}", _too_deep_reason(deep - text.rfind("\n", 0, deep)))])
    ws = re.compile(r"\s*")
    pos = ws.match(text, 0).end()  # type: ignore[union-attr]
    line, counted = 1, 0  # the line at offset ``counted`` (counted forward, never from the start)
    if pos < len(text) and text[pos] == "{":
        fail(shown, [Problem("", "expected a JSON list of objects, found a single object "
                                 "(use .jsonl for one object per line)")])
    if pos >= len(text) or text[pos] != "[":
        malformed(error_at(pos, "Expecting '[' (a list of objects)"))
    pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
    if pos < len(text) and text[pos] == "]":
        pos += 1
    else:
        while True:
            if len(objects) >= MAX_ROWS:
                fail(shown, [too_many_rows("object")])
            try:
                value, end = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                malformed(exc)
            except RecursionError:  # a backstop: _too_deep catches this first
                fail(shown, [Problem(f"line {line + text.count(chr(10), counted, pos)}", _too_deep_reason(None))])
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


def _table_from_objects(objects: list[tuple[int, object]], problems: list[Problem]) -> Table:
    """Key rows by the JSON keys; headers are every key seen, in first-seen order."""
    headers: dict[str, None] = {}
    rows: list[tuple[int, dict[str, str]]] = []
    for number, obj in objects:
        if not isinstance(obj, dict):
            problems.append(Problem(f"line {number}", f"expected a JSON object, got {_json_type(obj)}"))
            continue
        row: dict[str, str] = {}
        for key, value in obj.items():
            headers.setdefault(str(key), None)
            if len(headers) > MAX_COLUMNS:
                problems.append(Problem(f"line {number}", f"more than MAX_COLUMNS ({MAX_COLUMNS:,}) distinct keys"))
                return Table([], "", [], "line", problems)
            problems += cell_problems(f"line {number}", str(key), str(key))
            if isinstance(value, str):
                problems += cell_problems(f"line {number}", str(key), value)
            if isinstance(value, (dict, list)):
                problems.append(
                    Problem(f"line {number}", f"{key!r} is a JSON {_json_type(value)}, expected text or a number")
                )
                value = ""
            row[str(key)] = cell_text(value)
        rows.append((number, row))
    return Table(list(headers), "", rows, "line", problems)


def _json_type(value: object) -> str:
    return {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )
