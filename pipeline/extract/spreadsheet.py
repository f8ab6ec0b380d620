"""Workbook (.xlsx / .xls) → Document: each sheet a page holding one grid of its used cells.

Some departments publish the standard tables as the workbook they were filled in, not as a PDF.
Reading a sheet into the same `Grid` of `Cell`s lets the table parser, the checks and the
outputs treat it exactly as a ruled PDF table. What differs is only provenance and geometry:
- every cell carries its address (`收支总表!B7`) in `Cell.ref`; `page` is the sheet's 1-based index;
- a cell's `bbox` is a synthetic box on a regular lattice (column × row), so the geometric logic
  that resolves merged cells (`parsers.grid.resolve_spans`) works unchanged: a merged range is one
  cell whose box spans the positions it covers, which hold `text=None` as pdfplumber gives them;
- a number is written as it is displayed — its decimals from the cell's number format
  (`#,##0.00` → two), percentages ×100 with `%` — because the displayed precision is what a
  reader of the published table sees and what the interval checks must use. A value stored
  without a decimal format is written in its shortest form, at most `MAX_DECIMALS` places
  (float noise such as 0.30000000000000004 is not a printed digit).

.xlsx is read with openpyxl, .xls (BIFF) with xlrd: both expose each cell's number format and the
merged ranges, which a values-only reader does not.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import regex

from pipeline.extract.reader import ExtractionError, file_id
from pipeline.model import Cell, Document, Grid, Page, TextLine

COL_W, ROW_H, TOP = 80.0, 20.0, 30.0  # the synthetic lattice, in points
MAX_DECIMALS = 6
_DECIMALS = regex.compile(r"\.([0#?]+)")


def read_workbook(path: str | Path) -> Document:
    """Read a workbook; raises ExtractionError with a specific reason when it cannot be opened."""
    path = Path(path)
    doc_id = file_id(path)
    suffix = path.suffix.lower()
    try:
        sheets = _xlsx_sheets(path) if suffix == ".xlsx" else _xls_sheets(path)
    except ExtractionError:
        raise
    except Exception as e:  # noqa: BLE001 - both readers raise many kinds on damaged files
        raise ExtractionError(f"unreadable {suffix} workbook: {type(e).__name__}: {e}") from e
    pages = tuple(_page(number, name, cells, merges) for number, (name, cells, merges) in enumerate(sheets, start=1))
    return Document(doc_id=doc_id, path=str(path), pages=pages)


def _page(number: int, name: str, cells: dict[tuple[int, int], str], merges: list[tuple[int, int, int, int]]) -> Page:
    """One sheet as a page. `cells` maps (row, col), 0-based, to display text; `merges` are
    (first row, last row, first col, last col), inclusive."""
    covered: dict[tuple[int, int], tuple[int, int]] = {}  # position → its merged range's anchor
    span: dict[tuple[int, int], tuple[int, int]] = {}  # anchor → (last row, last col)
    for r0, r1, c0, c1 in merges:
        span[(r0, c0)] = (r1, c1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered[(r, c)] = (r0, c0)
    filled = {rc for rc, t in cells.items() if t.strip()}
    rows = sorted({r for r, _ in filled})
    cols = sorted({c for _, c in filled} | {c1 for (r, c), (_, c1) in span.items() if (r, c) in filled})
    title = TextLine(text=name, page=number, bbox=(0.0, 0.0, COL_W * 4, TOP - 10))
    if not rows:
        return Page(number=number, width=COL_W * 4, height=TOP, rotation=0, lines=(title,), grids=())
    first_col, last_col = cols[0], cols[-1]
    row_at = {r: i for i, r in enumerate(rows)}  # rows with no text at all are left out

    def y(r: int) -> float:
        return TOP + row_at[r] * ROW_H

    grid_rows = []
    for r in rows:
        row = []
        for c in range(first_col, last_col + 1):
            k = c - first_col
            if (r, c) in covered:
                row.append(Cell(text=None, page=number, bbox=None, row=row_at[r], col=k))
                continue
            r1, c1 = span.get((r, c), (r, c))
            last_row = max((q for q in rows if r <= q <= r1), default=r)
            box = ((c - first_col) * COL_W, y(r), (min(c1, last_col) - first_col + 1) * COL_W, y(last_row) + ROW_H)
            row.append(Cell(text=cells.get((r, c), ""), page=number, bbox=box, row=row_at[r], col=k,
                            ref=f"{name}!{column_letter(c)}{r + 1}"))
        grid_rows.append(tuple(row))
    width = (last_col - first_col + 1) * COL_W
    height = TOP + len(rows) * ROW_H
    grid = Grid(page=number, bbox=(0.0, TOP, width, height), rows=tuple(grid_rows), engine="workbook")
    return Page(number=number, width=width, height=height, rotation=0, lines=(title,), grids=(grid,))


def column_letter(c: int) -> str:
    """0-based column index → spreadsheet letters (0 → A, 27 → AB)."""
    out = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        out = chr(65 + rem) + out
    return out


def display(value, number_format: str | None) -> str:
    """A cell's value as the sheet displays it (see the module docstring for numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if not isinstance(value, (int, float, Decimal)):
        return str(value)
    fmt = (number_format or "General").split(";")[0]
    percent = "%" in fmt
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if percent:
        number *= 100
    m = _DECIMALS.search(fmt)
    if m and fmt != "General":
        places = len(m.group(1))
    elif fmt not in ("General", "@") and regex.search(r"[0#]", fmt):
        places = 0
    else:
        rounded = number.quantize(Decimal(1).scaleb(-MAX_DECIMALS), rounding=ROUND_HALF_UP).normalize()
        places = max(-rounded.as_tuple().exponent, 0)
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{number:,.{places}f}" if "," in fmt else f"{number:.{places}f}"
    return text + ("%" if percent else "")


def _xlsx_sheets(path: Path):
    from openpyxl import load_workbook  # imported here: PDF-only runs never pay for it

    wb = load_workbook(path, data_only=True, read_only=False)
    try:
        for ws in wb.worksheets:
            cells = {}
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        cells[(cell.row - 1, cell.column - 1)] = display(cell.value, cell.number_format)
            merges = [(m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
            yield ws.title, cells, merges
    finally:
        wb.close()


def _xls_sheets(path: Path):
    import xlrd  # imported here: PDF-only runs never pay for it

    with open(path, "rb") as f:
        head = f.read(8)
    if head != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ExtractionError(f"not an .xls (BIFF) workbook (starts with {head!r})")
    wb = xlrd.open_workbook(str(path), formatting_info=True)
    try:
        for sheet in wb.sheets():
            cells = {}
            for r in range(sheet.nrows):
                for c in range(sheet.ncols):
                    cell = sheet.cell(r, c)
                    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        continue
                    value = cell.value
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        value = xlrd.xldate.xldate_as_datetime(value, wb.datemode)
                    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                        value = bool(value)
                    elif cell.ctype == xlrd.XL_CELL_ERROR:
                        value = xlrd.error_text_from_code.get(value, "#ERR")
                    xf = wb.xf_list[cell.xf_index]
                    fmt = wb.format_map[xf.format_key].format_str if xf.format_key in wb.format_map else None
                    cells[(r, c)] = display(value, fmt)
            merges = [(r0, r1 - 1, c0, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
            yield sheet.name, cells, merges
    finally:
        wb.release_resources()
