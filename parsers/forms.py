"""绩效 forms → form tables: the money and score blocks of a performance form as records.

A 绩效自评表 or 绩效目标表 is a form, not a financial table: one grid holds a money block
(预算数 / 执行数 / 执行率 / 分值 / 得分, or the ①–⑦ columns 年初预算 · 调整 · 小计 · 拨付 · 实现率 ·
结余 · 结余率 over 资金来源 rows), prose boxes, and an indicator tree (一级 / 二级 / 三级指标 with
分值 and 得分, a 总分 row). The column model of `parsers.tables` cannot describe that, so this
module reads each block from its own header row and gives one `Table` (`layout` = "form") whose
columns say what each value is:

- `资金/<name>[/<sub>]` — the money block: `name` is canonical (`FORM_COLUMNS`: 预算数, 执行数,
  执行率, 年初预算, 调整, 小计, 拨付, 实现率, 结余, 结余率, 分值, 得分), `sub` a sub-header kept as
  printed (总额 / 财政拨款 / 其他资金); rows are the block's lines (年度资金总额, 其中：当年财政拨款, …);
- `三级指标/分值`, `三级指标/得分` — one row per scored indicator, its 一级/二级/三级 labels in `labels`;
- `一级指标/分值` — the weight a 一级指标 label states (`产出指标（50分）`), on a row named after it;
- `总分/分值`, `总分/得分` — the form's stated totals.

A form continued over pages is one table (the grids `parsers.tables` joined), so its blocks are
read across the join. Checks (`pipeline.check.forms`) read these records, never the grid.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import regex

from parsers.grid import header_text, resolve_spans
from parsers.kinds import PERFORMANCE_KINDS
from parsers.numbers import PrintedNumber, normalise, parse_number
from pipeline.model import Amount, Cell, Column, Document, Grid, Row, Table

# (pattern on a header cell, canonical column name); first match wins. Circled numbers are the
# 部门整体绩效自评表's column keys (③=①+②, ⑤=④/③, ⑥=③-④, ⑦=⑥/③).
FORM_COLUMNS = (
    (r"结余率|⑦", "结余率"),
    (r"实现率|⑤", "实现率"),
    (r"执行率|完成率", "执行率"),
    (r"结余|⑥", "结余"),
    (r"拨付|④", "拨付"),
    (r"^小计|③", "小计"),
    (r"调整|②", "调整"),
    (r"年初预算|①", "年初预算"),
    (r"全年预算|预算数|预算金额|预算批复", "预算数"),
    (r"执行数|实际支出|实际执行|执行金额", "执行数"),
    (r"^(分值|权重|指标分值|标准分值)$", "分值"),
    (r"^(自评)?得分$|^评价得分$|^自评分\d*$", "得分"),
)
_BUDGET, _SPENT = {"预算数", "年初预算"}, {"执行数", "拨付"}
_SCORE_TOTAL = regex.compile(r"^(总分|合计|总计|自评总分|综合得分)")
_BLOCK_END = regex.compile(r"(预期目标|总体目标|年度目标|一级指标|绩效指标|偏差|目标完成|完成情况$|评价结论)")
_GROUP_WEIGHT = regex.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_LEVELS = (("一级", regex.compile(r"一级")), ("二级", regex.compile(r"二级")),
           ("三级", regex.compile(r"三级|指标内容|指标名称|^指标$")))
_NAME_HEADER = regex.compile(r"(项目|任务|资金来源|来源)")
MAX_SUB_HEADER_ROWS = 2


def form_tables(document: Document, tables: list[Table]) -> list[Table]:
    """`tables` with every table whose grids hold a performance form replaced by its form reading
    (same id, title, kind and pages); other tables are returned unchanged."""
    grids = [(page.number, i, g) for page in document.pages for i, g in enumerate(page.grids)]
    out: list[Table] = []
    for table in tables:
        follows = bool(out) and out[-1].layout == "form" and out[-1].page_last + 1 >= table.page_first
        if not (_performance(table) or (follows and not table.title.strip())):
            out.append(table)
            continue
        # a continued page's grid may have given the table no row (all taken for header rows, as a
        # form's rows without decimals are): the first grid of each later page is the table's too
        own = [g for number, i, g in grids if table.page_first <= number <= table.page_last
               and (_holds(g, table) or (number > table.page_first and i == 0))]
        if not own and not table.rows:  # every row taken for a header (a form's rows print no decimals)
            own = [g for number, _, g in grids if number == table.page_first
                   and not any(_holds(g, t) for t in tables if t is not table)][:1]
        form = read_form(table, own) if own else None
        if form is not None and form.kind == "other" and follows:
            # an untitled grid right after a form (its indicator half on the next page) is that form's
            form = replace(form, kind=out[-1].kind, notes=form.notes + (f"kind of the form above ({out[-1].table_id})",))
        out.append(form or table)
    return out


def _performance(table: Table) -> bool:
    """A table that can hold a 绩效 form: a performance kind, or a title naming 绩效 / 自评 / 评价.
    Financial tables with 预算数 and 执行数 columns (a budget's 上年执行数) stay financial tables."""
    return table.kind in PERFORMANCE_KINDS or bool(regex.search(r"绩效|自评|评价", table.title or ""))


def _holds(grid: Grid, table: Table) -> bool:
    """True when one of the table's cells lies in this grid (several tables can share a page)."""
    cells = {(c.page, c.bbox) for r in table.rows for c in r.cells if c.bbox is not None}
    return any((c.page, c.bbox) in cells for row in grid.rows for c in row)


def read_form(table: Table, grids: list[Grid]) -> Table | None:
    """The form reading of a table's grids, or None when they hold no money or score block."""
    rows: list[tuple[tuple[Cell, ...], list[str]]] = []
    for grid in grids:
        raw = list(grid.rows)
        rows += list(zip(raw, resolve_spans(raw)))
    columns: list[tuple[str, ...]] = []
    out: list[Row] = []
    r = 0
    while r < len(rows):
        texts = [header_text(t) for t in rows[r][1]]
        money = _money_header(texts)
        scores = _score_header(texts) if money is None else None
        if money is not None:
            r = _money_block(rows, r, money, columns, out)
        elif scores is not None:
            r = _score_block(rows, r, scores, columns, out)
        else:
            r += 1
    if not out:
        return None
    return replace(table, columns=tuple(Column(i, p) for i, p in enumerate(columns)), rows=tuple(out),
                   amount_cols=tuple(range(len(columns))), column_numbers={}, layout="form", doubt=None,
                   disputed={})


_BRACKETED = regex.compile(r"[（(][^）)]*[)）]")
_FORM_PATTERNS = tuple((regex.compile(p), name) for p, name in FORM_COLUMNS)


@lru_cache(maxsize=4096)  # header texts repeat on every form; the answer depends on the text only
def canonical(text: str) -> str | None:
    t = _BRACKETED.sub("", text) or text  # 执行率（B/A）, 预算数（A）, 全年预算数（万元）
    for pattern, name in _FORM_PATTERNS:
        if pattern.search(text if name in ("结余率", "实现率", "结余", "拨付", "小计", "调整", "年初预算") else t):
            return name
    return None


def _money_header(texts: list[str]) -> dict[int, str] | None:
    names = {c: canonical(t) for c, t in enumerate(texts) if t}
    names = {c: n for c, n in names.items() if n}
    found = set(names.values())
    if not (found & _BUDGET and found & _SPENT):
        return None
    return names


def _score_header(texts: list[str]) -> dict[int, str] | None:
    names = {c: n for c, t in enumerate(texts) if t and (n := canonical(t)) in ("分值", "得分")}
    if not names or not any("指标" in t for t in texts):
        return None
    return names


def _col(columns: list[tuple[str, ...]], path: tuple[str, ...]) -> int:
    if path not in columns:
        columns.append(path)
    return columns.index(path)


def _number(raw: tuple[Cell, ...], positions: list[int]) -> Amount | None:
    """The number printed in the first real cell of the positions a header spans."""
    for c in positions:
        if c < len(raw) and raw[c].bbox is not None and raw[c].text:
            n = parse_number(raw[c].text)
            return Amount(number=n, cell=raw[c], ocr=raw[c].ocr) if n is not None else None
    return None


def _money_block(rows, start: int, names: dict[int, str], columns, out: list[Row]) -> int:
    header = [header_text(t) for t in rows[start][1]]
    paths = {c: (n,) for c, n in names.items()}
    r = start + 1
    for _ in range(MAX_SUB_HEADER_ROWS):  # 全年预算数 over 总额 | 财政拨款 | 其他资金
        if r >= len(rows):
            break
        sub = [header_text(t) for t in rows[r][1]]
        if any(parse_number(t) for t in sub) or not any(sub[c] and sub[c] != header[c] for c in paths if c < len(sub)):
            break
        paths = {c: p + ((sub[c],) if c < len(sub) and sub[c] and sub[c] != header[c] and not canonical(sub[c]) else ())
                 for c, p in paths.items()}
        r += 1
    groups: dict[tuple[str, ...], list[int]] = {}
    for c in sorted(paths):
        groups.setdefault(paths[c], []).append(c)
    first = min(paths)
    # `预算执行情况（20分）`: a block without a 分值 column states its weight in its label
    stated = None if ("分值",) in groups else next(
        ((c, m) for c, t in enumerate(rows[start][0]) if t.bbox is not None and t.text
         and (m := _GROUP_WEIGHT.search(normalise(t.text)))), None)
    name_col = next((c for c in range(first) if "名称" in header[c]), None)
    if name_col is None:
        name_col = next((c for c in range(first) if _NAME_HEADER.search(header[c] or "")), None)
    while r < len(rows):
        raw, texts = rows[r]
        flat = [header_text(t) for t in texts]
        amounts = {}
        for path, positions in groups.items():
            a = _number(raw, positions)
            if a is not None:
                amounts[_col(columns, ("资金",) + path)] = a
        labels = tuple(dict.fromkeys(_printed(texts[c]) for c, t in enumerate(flat[:first]) if t and t != header[c]))
        if not amounts and (not labels or any(_BLOCK_END.search(t) for t in labels) or _money_header(flat)):
            break
        if not amounts and not _FUND_LINE.search("".join(labels)):
            break
        named = name_col is not None and flat[name_col] and flat[name_col] != header[name_col]
        name = _printed(texts[name_col]) if named else (labels[-1] if labels else None)
        for path, positions in groups.items():  # blank cells of a fund line count as printed blanks
            _col(columns, ("资金",) + path)
        if stated is not None and amounts:
            cell, m = rows[start][0][stated[0]], stated[1]
            amounts[_col(columns, ("资金", "分值"))] = Amount(_stated_number(m), cell, cell.ocr)
            stated = None
        out.append(_row(len(out), raw, name, labels, amounts))
        r += 1
    return r


def _stated_number(m) -> PrintedNumber:
    n = parse_number(m.group(1))
    return PrintedNumber(printed=m.group(0), value=n.value, decimals=n.decimals)


_FUND_LINE = regex.compile(r"(资金|拨款|结转|其中|小计|合计|中央|省级|市级|县级|区级|地方|其他)")


def _score_block(rows, start: int, names: dict[int, str], columns, out: list[Row]) -> int:
    header = [header_text(t) for t in rows[start][1]]
    levels = {}
    for key, pattern in _LEVELS:
        hit = next((c for c, t in enumerate(header) if t and pattern.search(t) and c not in levels.values()), None)
        if hit is not None:
            levels[key] = hit
    positions = {n: [c for c, m in names.items() if m == n] for n in ("分值", "得分")}
    first = min(names)
    groups_seen: set[str] = set()
    r = start + 1
    while r < len(rows):
        raw, texts = rows[r]
        flat = [header_text(t) for t in texts]
        if _money_header(flat) or (_score_header(flat) and r > start + 1):
            break
        labels = tuple(_printed(texts[levels[k]]) if k in levels and levels[k] < len(texts) else "" for k, _ in _LEVELS)
        lead = next((_printed(texts[c]) for c, t in enumerate(flat[:first]) if t), "")
        weight, score = _number(raw, positions["分值"]), _number(raw, positions.get("得分", []))
        if _SCORE_TOTAL.match(lead) and (weight or score):
            amounts = {}
            if weight:
                amounts[_col(columns, ("总分", "分值"))] = weight
            if score:
                amounts[_col(columns, ("总分", "得分"))] = score
            out.append(_row(len(out), raw, lead, (lead,), amounts))
            return r + 1
        group = labels[0]
        if group and group not in groups_seen:
            groups_seen.add(group)
            stated = _group_weight(raw, levels.get("一级"), group)
            if stated is not None:
                out.append(_row(len(out), raw, group, (group,), {_col(columns, ("一级指标", "分值")): stated}))
        if weight or score:
            amounts = {}
            if weight:
                amounts[_col(columns, ("三级指标", "分值"))] = weight
            if score:
                amounts[_col(columns, ("三级指标", "得分"))] = score
            name = labels[2] or next((_printed(texts[c]) for c in reversed(range(first)) if flat[c]), None)
            out.append(_row(len(out), raw, name, tuple(x for x in labels if x), amounts))
        r += 1
    return r


def _group_weight(raw: tuple[Cell, ...], col: int | None, label: str) -> Amount | None:
    """`产出指标（50分）` states the weight of its indicators: a number in the label cell."""
    m = _GROUP_WEIGHT.search(label)
    if not m:
        return None
    cell = next((c for c in raw if c.bbox is not None and c.text and _GROUP_WEIGHT.search(normalise(c.text))), None)
    if cell is None:  # the label is merged down from a row above; its number still stands
        cell = raw[col] if col is not None and col < len(raw) else raw[0]
    return Amount(number=_stated_number(m), cell=cell, ocr=cell.ocr)


def _printed(text: str) -> str:
    """A label as printed, with the line breaks and spaces of its cell removed."""
    return regex.sub(r"\s+", "", text or "")


def _row(index: int, raw: tuple[Cell, ...], name: str | None, labels: tuple[str, ...], amounts: dict[int, Amount]) -> Row:
    page = next((a.cell.page for a in amounts.values()), next((c.page for c in raw), 0))
    cells = tuple(replace(a.cell, col=k) for k, a in sorted(amounts.items()))
    return Row(index=index, page=page, code=None, name=name, level=None, labels=labels,
               amounts={k: replace(a, cell=replace(a.cell, col=k)) for k, a in amounts.items()}, cells=cells)
