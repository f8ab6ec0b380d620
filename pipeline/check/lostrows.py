"""Rows printed outside a table's grid: a reading gap, said once on the table, not a slip.

A row the ruling finder did not enclose — the last row of a table drawn without its bottom
rule, a continuation page whose rulings were not found at all — is still printed: it is left
among the page's text lines (`30312 提租补贴 1,018.01`). The table then lacks it, and every sum
it belongs to fails by its amount. A reader sees the row; the document is not wrong. So:

- `row_outside_grid` (warning, on the table): lines shaped like the table's rows (a code or a
  name, then amounts, nothing else) printed just below its last row, at the top of a page it
  continues onto, or filling the page after it when that page has no grid, whose amounts are
  not the table's;
- each failed sum of that table whose difference is what those lines print (one amount, or the
  sum of some lines' amounts in one position) gets the reason `lost_row`: at most a warning.
"""
from __future__ import annotations

from decimal import Decimal
from itertools import combinations

import regex

from parsers.tables import is_furniture
from parsers.numbers import parse_number
from pipeline.check import policy
from pipeline.model import Document, Finding, Table, TextLine

_ROW_LINE = regex.compile(r"^(?:\d{3,7}\s*)?[\p{Han}（）()、“”·\-]{2,40}\s*((?:-?\d[\d,]*\.\d{1,6}\s*){1,12})$")
_AMOUNT = regex.compile(r"-?\d[\d,]*\.\d{1,6}")
SUMS = ("column_sum", "hierarchy_sum", "row_sum", "cross_table", "total_balance")
MAX_SUBSET = 12  # lines whose subsets are tried as the shortfall of a sum


def findings(findings_so_far: list[Finding], tables: list[Table], document: Document | None) -> list[Finding]:
    """The findings with `lost_row` reasons where a lost row explains them, plus one
    `row_outside_grid` warning per table that lost rows."""
    if document is None:
        return list(findings_so_far)
    spans = _spans(tables)
    lost = {t.table_id: lines for t in tables
            if t.layout == "table" and (lines := lost_lines(t, tables, document, spans))}
    out = []
    for f in findings_so_far:
        lines = lost.get(f.table_id)
        if lines and f.rule in SUMS and f.delta is not None and _explains(abs(f.delta), lines, f.tolerance):
            shown = "；".join(ln.text.strip() for ln in lines[:3])
            f = policy.with_reason(f, policy.reason("lost_row", f"第{lines[0].page}页表格外印有：{shown} | printed outside the grid"))
        out.append(f)
    for t in tables:
        lines = lost.get(t.table_id)
        if not lines:
            continue
        shown = "；".join(f"「{ln.text.strip()}」（第{ln.page}页）" for ln in lines[:5])
        more = f" 等 {len(lines)} 行" if len(lines) > 5 else ""
        out.append(Finding(rule="row_outside_grid", severity=policy.severity("row_outside_grid", ()), table_id=t.table_id,
                           page=lines[0].page,
                           message=(f"{t.kind if t.kind != 'other' else t.title}：表格线外印有未读入表格的行{shown}{more} | "
                                    f"{len(lines)} row(s) printed outside the table's grid were not read into it"),
                           expected=None, actual=None, delta=None, tolerance=None,
                           evidence=tuple({"page": ln.page, "bbox": list(ln.bbox), "role": "lost_row", "label": ln.text.strip(),
                                           "printed": ln.text.strip(), "table_id": t.table_id} for ln in lines)))
    return out


def lost_lines(table: Table, tables: list[Table], document: Document,
               spans: dict[int, dict[int, tuple[float, float]]]) -> list[TextLine]:
    """Row-shaped text lines the table's grid left out (see the module docstring); `spans` is
    `_spans(tables)`."""
    if not table.amount_cols or not table.rows:
        return []
    printed = {str(a.value) for r in table.rows for a in r.amounts.values()}
    pages = {p.number: p for p in document.pages}
    out: list[TextLine] = []
    for n in range(table.page_first, table.page_last + 2):
        page = pages.get(n)
        if page is None:
            continue
        mine = spans[id(table)].get(n)
        if n > table.page_last:
            # The page after: only when no grid was found on it and it opens with such rows.
            if page.grids or any(t.page_first == n for t in tables):
                break
            out += _leading_rows(_visible(page))
            break
        if mine is None:
            continue
        others = [s for t in tables if t is not table and (s := spans[id(t)].get(n)) is not None]
        below = min((s[0] for s in others if s[0] >= mine[1]), default=page.height)
        above = max((s[1] for s in others if s[1] <= mine[0]), default=0.0)
        for ln in _visible(page):
            if not _row_shaped(ln.text, printed):
                continue
            top = ln.bbox[1]
            if mine[1] - 2 <= top < below and n == table.page_last:
                out.append(ln)
            elif above <= top and ln.bbox[3] <= mine[0] + 2 and n > table.page_first:
                out.append(ln)
    return out


def _spans(tables: list[Table]) -> dict[int, dict[int, tuple[float, float]]]:
    """Each table's top and bottom of its cells on each page it is on, read once: every table
    is compared with every other on every page."""
    out: dict[int, dict[int, tuple[float, float]]] = {}
    for t in tables:
        pages: dict[int, tuple[float, float]] = {}
        for r in t.rows:
            for c in r.cells:
                if c.bbox:
                    top, bottom = pages.get(c.page, (c.bbox[1], c.bbox[3]))
                    pages[c.page] = (min(top, c.bbox[1]), max(bottom, c.bbox[3]))
        out[id(t)] = pages
    return out


def _visible(page) -> list[TextLine]:
    """Lines a reader sees: text drawn outside the page (a cell's overflow clipped away) is not."""
    return [ln for ln in page.lines if ln.bbox[3] > 0 and ln.bbox[1] < page.height]


def _leading_rows(lines) -> list[TextLine]:
    """The run of row-shaped lines that opens the page (page numbers aside): two at least, or one
    with a classification code — a sentence of the narrative that follows the tables
    (`某办公厅本年收入预算合计 13649.07`) is no lost row. A whole page of rows is judged by its
    shape alone: its amounts may repeat the table's (a 项 equal to its 款)."""
    out = []
    for ln in lines:
        if _row_shaped(ln.text, set()):
            out.append(ln)
        elif is_furniture(ln.text) and not out:
            continue
        else:
            break  # another table's title, prose, or the end of the run of rows
    if len(out) == 1 and not regex.match(r"^\d{3,7}\s", out[0].text.strip()):
        return []
    return out


def _row_shaped(text: str, printed: set[str]) -> bool:
    m = _ROW_LINE.match((text or "").strip())
    if not m:
        return False
    amounts = [str(v) for a in _AMOUNT.findall(m.group(1)) if (v := _value(a)) is not None]
    return bool(amounts) and not all(a in printed for a in amounts)


def _explains(delta: Decimal, lines: list[TextLine], tolerance: Decimal | None) -> bool:
    """The difference is one printed amount, or the sum of some lines' amounts in one position."""
    tol = tolerance if tolerance is not None else Decimal("0.01")
    rows = [[_value(a) for a in _AMOUNT.findall(ln.text)] for ln in lines[:MAX_SUBSET]]
    rows = [[v for v in r if v is not None] for r in rows]
    if any(abs(v - delta) <= tol for r in rows for v in r):
        return True
    width = max((len(r) for r in rows), default=0)
    for k in range(width):
        column = [r[k] for r in rows if len(r) > k]
        for size in range(2, len(column) + 1):
            if any(abs(sum(c) - delta) <= tol for c in combinations(column, size)):
                return True
    return False


def _value(text: str) -> Decimal | None:
    number = parse_number(text)
    return number.value if number is not None else None
