"""Merged cells and header rows: from a raw grid to column header paths.

pdfplumber gives None for a position covered by a merged cell. Whether it is covered from the
left (a header spanning columns) or from above (a header spanning rows) is decided by geometry:
the nearest real cell to the left covers this column if its right edge passes the column's centre.
"""
from __future__ import annotations

import regex

from parsers.numbers import normalise, parse_number
from parsers.codes import clean_code

_ROW_MARK = regex.compile(r"^(行次|栏次|行号|序号|栏号)$")
_LABEL_START = regex.compile(r"^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|\d+[、.．](?!\d))")
_TOTAL = regex.compile(r"(合计|总计|小计)")


def header_text(text: str | None) -> str:
    """Header text with every line break and space removed: joins vertical (one char per line) text."""
    return normalise(text or "") if text is not None else ""


def column_centres(rows) -> list[float | None]:
    """x-centre of every column, from the narrowest real cell that starts in it."""
    n = max(len(r) for r in rows)
    centres: list[float | None] = []
    for c in range(n):
        boxes = [r[c].bbox for r in rows if c < len(r) and r[c].bbox is not None]
        if not boxes:
            centres.append(None)
            continue
        x0 = min(b[0] for b in boxes)
        x1 = min(b[2] for b in boxes)
        centres.append((x0 + x1) / 2)
    return centres


def resolve_spans(rows) -> list[list[str]]:
    """Text of every position of the grid, merged cells copied into the positions they cover."""
    centres = column_centres(rows)
    n = len(centres)
    out: list[list[str]] = []
    for r, row in enumerate(rows):
        texts: list[str] = []
        for c in range(n):
            cell = row[c] if c < len(row) else None
            if cell is not None and cell.bbox is not None:
                texts.append(cell.text or "")
                continue
            left = next((row[k] for k in range(min(c, len(row)) - 1, -1, -1) if row[k].bbox is not None), None)
            if left is not None and centres[c] is not None and left.bbox[2] >= centres[c]:
                texts.append(left.text or "")
            elif r > 0:
                texts.append(out[r - 1][c])
            else:
                texts.append("")
        out.append(texts)
    return out


def is_data_row(texts: list[str]) -> bool:
    """A row that carries amounts rather than header words.

    True when a cell holds a decimal amount, a code stands in the first cells, or the row label
    is numbered (一、 / （一）) or a 合计/总计 line.
    """
    cells = [normalise(t) for t in texts]
    if any(clean_code(t) and len(t) in (3, 5, 7) for t in cells[:3]):
        return True
    for t in cells:
        n = parse_number(t)
        if n is not None and (n.decimals > 0 or n.unit == "%"):
            return True
    first = next((t for t in cells if t), "")
    return bool(_LABEL_START.match(first)) or (bool(_TOTAL.search(first)) and len(first) <= 12
                                               and any(parse_number(t) is not None for t in cells[1:]))


def header_depth(resolved: list[list[str]], limit: int = 8) -> int:
    """How many top rows are header rows: those before the first data row."""
    for r, texts in enumerate(resolved[:limit]):
        if is_data_row(texts):
            return r
    # No amounts at all (an empty table): the header ends at the 合计 line, else takes the grid.
    for r, texts in enumerate(resolved):
        first = next((normalise(t) for t in texts if normalise(t)), "")
        if _TOTAL.search(first) and len(first) <= 6:
            return r
    return min(len(resolved), limit)


def is_column_number_row(texts: list[str]) -> bool:
    """The `栏次 | 1 | 2 | 3` row under a header: column numbers, not header words."""
    cells = [header_text(t) for t in texts if header_text(t)]
    if not cells:
        return False
    numbers = [t for t in cells if t.isdigit()]
    return bool(numbers) and all(t.isdigit() or _ROW_MARK.match(t) or t in ("—", "-") for t in cells)


def column_paths(header_rows: list[list[str]]) -> list[tuple[str, ...]]:
    """Header path of each column, top to bottom; repeats from vertical merges and 栏次 rows dropped."""
    if not header_rows:
        return []
    rows = [r for r in header_rows if not is_column_number_row(r)]
    paths = []
    for c in range(len(header_rows[0])):
        path: list[str] = []
        for row in rows:
            t = header_text(row[c])
            if t and (not path or path[-1] != t):
                path.append(t)
        paths.append(tuple(path))
    return paths


def column_numbers(header_rows: list[list[str]]) -> dict[int, int]:
    """栏次 numbers printed under the header (column index → 栏 number), used by note formulas."""
    out: dict[int, int] = {}
    for row in header_rows:
        if is_column_number_row(row):
            for c, t in enumerate(row):
                t = header_text(t)
                if t.isdigit():
                    out[c] = int(t)
    return out


def is_row_marker_column(path: tuple[str, ...]) -> bool:
    """A 行次/栏次 column: its numbers index rows, they are not amounts."""
    return any(_ROW_MARK.match(p) for p in path)
