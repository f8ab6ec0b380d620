"""Table furniture: the numbering and the unit line that make a table readable.

- `row_numbers` (warning): a 行次 column or the 栏次 row whose numbers skip one or repeat one
  (`1 2 3 5`, `6 6`): a row or column was deleted or pasted twice. A numbering may restart at 1
  (the 支出 half of a side-by-side table); each run is checked on its own; larger gaps are the
  template's, and a 总表's 行次 run across its two sides.
- `missing_unit` (warning): a standard table with amounts, no unit line of its own (its unit was
  taken from another table of the document) and no unit word anywhere on its page or in its header.
- `unit_contradiction` (warning): a table printed in 元 whose figures the narrative restates,
  digit for digit, in 万元 (or the reverse): one of the two units is wrong.
"""
from __future__ import annotations

from decimal import Decimal

import regex

from parsers.grid import is_row_marker_column
from parsers.registry import REGISTRY
from parsers.numbers import normalise
from pipeline.check.editorial import finding
from pipeline.model import Claim, Document, Finding, Table

STANDARD_KINDS = frozenset(REGISTRY.standard_kinds())  # every template's required tables; forms state units in cells
_UNIT_WORD = regex.compile(r"单位[:：]?(万|元|千|亿)|[（(](万元|元|千元|亿元)[)）]")
MIN_RUN = 4  # numbers in a run before a skip in it is judged
MIN_RESTATED = 2  # distinct figures restated in the other unit before a unit is doubted


def findings(tables: list[Table], claims: list[Claim], document: Document | None = None) -> list[Finding]:
    out = []
    for t in tables:
        out += _row_numbers(t)
        if t.kind in STANDARD_KINDS and not t.unit_printed and any(r.amounts for r in t.rows) \
                and not _unit_on_page(t, document):
            out.append(finding("missing_unit", t.page_first,
                               f"表格缺少单位行：「{t.title}」（第{t.page_first}页）| the table prints no unit line: “{t.title}”",
                               snippet=t.title, table_id=t.table_id))
        out += _unit_contradiction(t, claims)
    return out


def _unit_on_page(t: Table, document: Document | None) -> bool:
    """Any unit word on the table's first page, in its grid's first rows or in its headers (`单位：万`
    / `元` split over two lines, `金额（万元）`): the table finder may have missed a unit line the page
    does print."""
    texts = [p for c in t.columns for p in c.path]
    if document is not None:
        page = document.pages[t.page_first - 1]
        texts += [ln.text for ln in page.lines]
        texts += [c.text or "" for g in page.grids for row in g.rows[:4] for c in row]  # a unit row inside the grid
    return bool(_UNIT_WORD.search(regex.sub(r"\s+", "", "".join(texts))))


def sequence_slips(numbers: list[int]) -> list[str]:
    """The skips and repeats of a printed numbering, each run from a 1 on its own. Only one
    missing number is a slip: templates leave larger gaps on purpose (a 收支总表 numbers its 合计
    rows 27, 28 … after the items)."""
    slips, run = [], []
    for n in numbers + [1]:
        if n == 1 and run:
            if len(run) >= MIN_RUN:
                for a, b in zip(run, run[1:]):
                    if b == a:
                        slips.append(f"{a} 重复 | {a} repeated")
                    elif b == a + 2:
                        slips.append(f"{a} 后为 {b} | {b} follows {a}")
            run = []
        run.append(n)
    return slips


def _row_numbers(t: Table) -> list[Finding]:
    """行次 of one-sided tables (a 总表's two sides share one numbering across both), and 栏次."""
    out = []
    cols = [c.index for c in t.columns if is_row_marker_column(c.path)] if "总表" not in t.kind else []
    for col in cols:
        numbers = []
        for r in t.rows:
            text = next((normalise(cell.text or "") for cell in r.cells if cell.col == col), "")
            if text.isdigit():
                numbers.append(int(text))
        for slip in sequence_slips(numbers):
            out.append(_slip(t, "行次", slip))
    if t.column_numbers:
        for slip in sequence_slips([t.column_numbers[c] for c in sorted(t.column_numbers)]):
            out.append(_slip(t, "栏次", slip))
    return out


def _slip(t: Table, what: str, slip: str) -> Finding:
    zh, en = slip.split(" | ")
    return finding("row_numbers", t.page_first,
                   f"{what}编号不连续：{zh}（{t.title}，第{t.page_first}页）| {what} numbering: {en} in “{t.title}”",
                   snippet=t.title, table_id=t.table_id)


def _unit_contradiction(t: Table, claims: list[Claim]) -> list[Finding]:
    if t.unit not in ("元", "万元") or t.kind == "other":
        return []
    other = "万元" if t.unit == "元" else "元"
    printed = {a.number.printed.replace(",", ""): a for r in t.rows for a in r.amounts.values()
               if a.number.decimals == 2 and abs(a.value) >= Decimal(100)}
    same = {c.number.printed.replace(",", "") for c in claims
            if c.kind == "amount" and c.unit == other and c.number is not None
            and c.number.printed.replace(",", "") in printed}
    if len(same) < MIN_RESTATED:
        return []
    example = sorted(same)[0]
    return [finding("unit_contradiction", t.page_first,
                    f"表格单位为{t.unit}，说明却以{other}复述同样的数字（如 {example}）：「{t.title}」（第{t.page_first}页）| "
                    f"the table is in {t.unit}, the text restates {len(same)} of its figures digit for digit in {other}",
                    snippet=t.title, table_id=t.table_id)]
