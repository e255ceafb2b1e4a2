"""Reading an XLSX workbook's first sheet into a :class:`~assistant.catalog_file.Table`,
keeping sheet row numbers; merged cells over data rows and a further sheet that holds a
catalog too are reported. :func:`assistant.catalog_file.read_table` dispatches here.
"""

from __future__ import annotations

import io

from assistant.catalog_file import (MAX_COLUMNS, MAX_ROWS, Problem, Table, cell_text, fail, rows_from_records,
                                    too_many_rows)


def read_xlsx(data: bytes, shown: str) -> Table:
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
        fail(shown, [Problem("", f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})")])
    if too_many:
        fail(shown, [too_many_rows("row")])
    table = rows_from_records(records, "row", [], check_width=False)
    header_row = int(table.header_where.split()[-1]) if table.header_where else 0
    problems = [p for p in others if p is not None]
    for ref in merged:
        from openpyxl.utils.cell import range_boundaries

        _, first, _, last = range_boundaries(ref)
        if last > header_row:  # a merge over data rows hides values (a merged title above is fine)
            rows_text = f"row {first}" if first == last else f"rows {first}-{last}"
            problems.append(Problem("", f"{rows_text}: cells {ref} are merged; only the first holds the value, "
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


def _other_catalog(sheet, first: str) -> Problem | None:
    """A problem when a further sheet holds a catalog too (a header naming every required
    field): only the first sheet is read, so its courses would be lost."""
    from assistant.columns import COLUMN_ALIASES, REQUIRED_FIELDS, header_key

    sheet.reset_dimensions()
    for n, row in enumerate(sheet.iter_rows(min_row=1, max_row=50, values_only=True), start=1):
        cells = {header_key(cell_text(c)) for c in row[:MAX_COLUMNS] if cell_text(c).strip()}
        if not cells:
            continue
        if all(any(header_key(a) in cells for a in COLUMN_ALIASES[f]) for f in REQUIRED_FIELDS):
            return Problem("", f"sheet {sheet.title!r} holds a catalog too (header in its row {n}), but only the "
                               f"first sheet {first!r} is read: put every course in one sheet, or save each "
                               "sheet as its own file")
        return None
    return None
