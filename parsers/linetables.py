"""Tables without rulings, read from text lines: a header line, then rows that end in an amount.

A page with no ruled grid may still print a table — a scanned 资金安排表 whose rulings are too
faint for the line finder, or a borderless layout. Its lines look like `市文旅广电局 长沙文旅…
2070113旅游宣传 50205委托业务费 30227委托业务费 10.2714` under `项目内容 支出功能科目 … 金额`.
Each such line becomes a row with one amount (the last number), its name (the text before it)
and the first functional classification code it names, so the amounts reach `records` and the
合计 line is checked against the rows like any table's.
"""
from __future__ import annotations

import regex

from parsers.kinds import classify_title, looks_like_title
from parsers.numbers import parse_number
from pipeline.model import Amount, Cell, Column, Document, Page, Row, Table, TextLine

_HEADER_WORDS = regex.compile(r"项目|科目|名称|内容|单位|金额|合计|预算数|决算数|资金")
_UNIT = regex.compile(r"单位[:：]?\s*(万元|元|千元|亿元)")
_ROW = regex.compile(r"^(?P<label>.*?\p{Han}.*?)\s+(?P<num>[-+]?\d[\d,]*(?:\.\d+)?)\s*$")
_CODE = regex.compile(r"(?<!\d)(2\d{2}(?:\d{2}){0,2})(?=\p{Han})")
_TOTAL = regex.compile(r"^\s*(合计|总计)")
MIN_ROWS = 3


def line_tables(doc: Document, first_id: int) -> list[Table]:
    """Tables read from the lines of pages that have no ruled grid, numbered from `first_id`."""
    out: list[Table] = []
    for page in doc.pages:
        if page.grids:
            continue
        table = _page_table(doc.doc_id, page, f"{doc.doc_id[:12]}-t{first_id + len(out):02d}")
        if table is not None:
            out.append(table)
    return out


def _page_table(doc_id: str, page: Page, table_id: str) -> Table | None:
    lines = list(page.lines)
    header_at = next((i for i, ln in enumerate(lines) if _is_header(ln.text)), None)
    if header_at is None:
        return None
    rows: list[Row] = []
    for ln in lines[header_at + 1:]:
        m = _ROW.match(ln.text.strip())
        number = parse_number(m.group("num")) if m else None
        if number is None:
            if rows:
                break
            continue
        rows.append(_row(len(rows), ln, m.group("label").strip(), number, page.ocr))
    if len(rows) < MIN_ROWS:
        return None
    above = lines[:header_at]
    title = next((ln.text.strip() for ln in reversed(above) if looks_like_title(ln.text)), "")
    unit = next((u.group(1) for ln in reversed(above) if (u := _UNIT.search(ln.text))), None)
    header = lines[header_at].text.split()
    columns = (Column(0, ("项目",)), Column(1, (header[-1] if header else "金额",)))
    return Table(table_id=table_id, kind=classify_title(title) if title else "other", title=title,
                 page_first=page.number, page_last=page.number, unit=unit, columns=columns, rows=tuple(rows),
                 engine="rapidocr" if page.ocr else "text-lines", amount_cols=(1,))


def _is_header(text: str) -> bool:
    """A column-header line: three header words, short, no sentence punctuation, no amount."""
    return (len(_HEADER_WORDS.findall(text)) >= 3 and len(text) <= 80 and not regex.search(r"[，。；、]", text)
            and not _ROW.match(text))


def _row(index: int, line: TextLine, label: str, number, ocr: bool) -> Row:
    x0, top, x1, bottom = line.bbox
    label_cell = Cell(label, line.page, (x0, top, x1, bottom), index, 0, ocr)
    amount_cell = Cell(number.printed, line.page, (x0, top, x1, bottom), index, 1, ocr)
    code = None if _TOTAL.match(label) else next(iter(_CODE.findall(label)), None)
    level = {3: "类", 5: "款", 7: "项"}.get(len(code)) if code else None
    return Row(index=index, page=line.page, code=code, name=label, level=level, labels=(label,),
               amounts={1: Amount(number, amount_cell, ocr)}, cells=(label_cell, amount_cell),
               label_for={1: label})
