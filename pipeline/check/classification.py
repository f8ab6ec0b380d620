"""Classification codes and names against the official catalogues of the document's year.

- `code_name_mismatch` (warning): a table row whose name is not its code's official name that
  year (`parsers.catalogues`); a name the code had in another year is named as a stale one. What
  printing does to a name (brackets, spaces, 其它, a level tag, a cell cut where it wrapped) is
  tolerated. One finding per code and printed name, however many tables repeat it.
- `malformed_code` (warning): a row of a coded table whose code cells hold digits that are not a
  code (a 类 printed as one digit beside its 款 and 项), or a 项/款 whose parent the table does
  not print while it prints the parents of the others; reported with the code its neighbours
  imply instead of being dropped silently.
- `narrative_class_name` (warning): the text names a classification (`医疗卫生与计划生育支出（类）`)
  by a name its code does not have that year.
"""
from __future__ import annotations

import regex

from parsers import catalogues
from parsers.codes import LENGTH_BY_LEVEL
from parsers.numbers import normalise as normalise_cell
from pipeline.check.editorial import finding
from pipeline.model import Claim, Finding, Row, Table

_TOTAL = regex.compile(r"^(合计|总计|小计|支出合计|本年支出合计)")
PARENT_SHARE = 0.8  # share of a table's coded rows whose parent it prints before an absent one is a slip


_UNIT_LIST = regex.compile(r"单位(编码|代码|名称)")
# A unit listed by its number (`302 无锡市发展和改革委员会`), not a classification item.
_ORG_NAME = regex.compile(r"\p{Han}{3,}(局|委员会|办公室|办公厅|中心)$|（本级）$|\(本级\)$")
PER_TABLE = 3  # more mismatches than this in one table are one finding (a renumbered list)


def findings(tables: list[Table], claims: list[Claim], year: int | None) -> list[Finding]:
    if year is None:
        return []
    # A list of units (单位编码 | 单位名称) prints unit numbers, not classification codes.
    tables = [t for t in tables if not any(_UNIT_LIST.search(p) for c in t.columns for p in c.path)]
    out = _names(tables, year)
    for t in tables:
        out += _malformed(t) + _orphans(t)
    out += _narrative(claims, year)
    return out


def _names(tables: list[Table], year: int) -> list[Finding]:
    seen: set[tuple[str, str]] = set()
    out = []
    for t in tables:
        slips = []
        for r in t.rows:
            if not r.code or not r.name or _TOTAL.match(r.name) or (r.code, r.name) in seen \
                    or _ORG_NAME.search(r.name):
                continue
            official = catalogues.official_name(r.code, year)
            # A row printing two classifications (部门 301 | 政府 501) carries both names.
            if official is None or any(catalogues.matches(x, official) for x in (r.name,) + r.labels):
                continue
            seen.add((r.code, r.name))
            slips.append((r, official))
        if len(slips) > PER_TABLE:
            r = slips[0][0]
            listed = "；".join(f"{x.code} “{x.name}”（应为“{o}”）" for x, o in slips[:PER_TABLE])
            out.append(finding("code_name_mismatch", r.page,
                               f"{len(slips)} 行的名称与其编码在{year}年的科目名称不符（{t.title}，第{r.page}页）：{listed}… | "
                               f"{len(slips)} rows carry names that are not their codes' {year} names: the list was renumbered",
                               snippet=listed, table_id=t.table_id, evidence=tuple(_row_evidence(t, x) for x, _ in slips)))
            continue
        for r, official in slips:
            out.append(_name_finding(t, r, official, year))
    return out


def _name_finding(t: Table, r: Row, official: str, year: int) -> Finding:
    other = catalogues.years_of(r.code, r.name)
    if other:
        span = _span(other[0])
        zh = f"{r.code} 印为旧名称“{r.name}”（{span}），{year}年应为“{official}”"
        en = f"{r.code} printed with its {span} name “{r.name}”; in {year} it is “{official}”"
    else:
        owner = _owner(r, year)
        zh = f"{r.code} 的名称“{r.name}”与{year}年科目名称“{official}”不符" + (f"（“{r.name}”是 {owner} 的名称）" if owner else "")
        en = f"{r.code} is printed as “{r.name}”; its {year} name is “{official}”" + (f" (“{r.name}” is {owner})" if owner else "")
    return finding("code_name_mismatch", r.page, f"{zh}（{t.title}，第{r.page}页）| {en}",
                   snippet=f"{r.code} {r.name}", table_id=t.table_id, evidence=(_row_evidence(t, r),))


def _owner(r: Row, year: int) -> str | None:
    """The sibling code whose name this is (`30208 物业管理费`: 30209's), when one is."""
    for e in catalogues.names_at_level(len(r.code)).get(catalogues.normalise(r.name), []):
        if e.code != r.code and e.code[:-2] == r.code[:-2] and e.valid_in(year):
            return e.code
    return None


def _span(e: catalogues.Entry) -> str:
    if e.valid_from and e.valid_to:
        return f"{e.valid_from}–{e.valid_to}年"
    return f"{e.valid_to}年及以前" if e.valid_to else f"{e.valid_from}年起"


def _code_columns(t: Table) -> list[int]:
    """The 类 | 款 | 项 columns of a table printing its codes split (a single code column's
    digits are already read by `parsers.codes`, and a number there may be a unit's)."""
    return [c.index for c in t.columns if c.leaf in ("类", "款", "项")]


def _malformed(t: Table) -> list[Finding]:
    cols = _code_columns(t)
    if not cols:
        return []
    out = []
    rows = list(t.rows)
    for i, r in enumerate(rows):
        if r.code is not None or (r.name and _TOTAL.match(r.name)):
            continue
        parts = [next((normalise_cell(c.text or "") for c in r.cells if c.col == col), "") for col in cols]
        printed = [p for p in parts if p]
        if not printed or not all(p.isdigit() for p in printed):
            continue
        implied = _implied(rows, i, printed)
        said = " | ".join(printed)
        zh = f"编码“{said}”不是有效科目编码" + (f"，按上下行应为 {implied}" if implied else "")
        en = f"code “{said}” is not a classification code" + (f"; its neighbours imply {implied}" if implied else "")
        out.append(finding("malformed_code", r.page, f"{zh}（{r.name or ''}，{t.title}，第{r.page}页）| {en}",
                           snippet=said, table_id=t.table_id, evidence=(_row_evidence(t, r),)))
    return out


def _implied(rows: list[Row], i: int, printed: list[str]) -> str | None:
    """The neighbours' 类 with the row's own 款/项 digits: `1 | 01 | 01` between 201… rows → 2010101."""
    near = [r.code for r in rows[max(0, i - 3):i][::-1] + rows[i + 1:i + 4] if r.code]
    if not near or len(printed) < 2 or not all(len(p) <= 2 for p in printed[1:]):
        return None
    code = near[0][:3] + "".join(p.zfill(2) for p in printed[1:])
    return code if len(code) in (5, 7) else None


def _orphans(t: Table) -> list[Finding]:
    """Functional codes only: economic 项 (`3010201`) are regional extensions printed without their 款."""
    codes = {r.code for r in t.rows if r.code}
    children = [r for r in t.rows if r.code and len(r.code) > 3 and r.code.startswith("2")]
    if len(children) < 3:
        return []
    with_parent = [r for r in children if r.code[:-2] in codes]
    if len(with_parent) < PARENT_SHARE * len(children):
        return []  # a table listing 项 only, or 款 only: parents are not printed by design
    out = []
    rows = list(t.rows)
    first_coded = next(i for i, r in enumerate(rows) if r.code)
    for i, r in enumerate(rows):
        # The first coded row may continue a table from the page before (its parent printed there).
        if r not in children or r.code[:-2] in codes or i == first_coded:
            continue
        before = next((x.code for x in rows[:i][::-1] if x.code and len(x.code) == len(r.code) - 2), None)
        implied = before + r.code[-2:] if before and before[:3] == r.code[:3] else None
        zh = f"{r.code} 的上级科目 {r.code[:-2]} 未列出" + (f"，按上下行可能应为 {implied}" if implied else "")
        en = f"the parent {r.code[:-2]} of {r.code} is not printed" + (f"; the rows around imply {implied}" if implied else "")
        out.append(finding("malformed_code", r.page, f"{zh}（{r.name or ''}，{t.title}，第{r.page}页）| {en}",
                           snippet=f"{r.code} {r.name or ''}", table_id=t.table_id, evidence=(_row_evidence(t, r),)))
    return out


def _narrative(claims: list[Claim], year: int) -> list[Finding]:
    seen = set()
    out = []
    for c in claims:
        for name, level in c.topic:
            key = (catalogues.normalise(name), level)
            if key in seen or level not in LENGTH_BY_LEVEL:
                continue
            seen.add(key)
            entries = catalogues.names_at_level(LENGTH_BY_LEVEL[level]).get(key[0], [])
            if not entries or any(e.valid_in(year) for e in entries):
                continue
            e = entries[0]
            now = catalogues.official_name(e.code, year)
            if now is None or catalogues.matches(name, now):
                continue
            out.append(finding("narrative_class_name", c.page,
                               f"说明写“{name}（{level}）”，{e.code} 在{year}年的名称为“{now}”（“{e.name}”为{_span(e)}名称）"
                               f"（第{c.page}页）| the text names {e.code} “{name}”; in {year} it is “{now}”",
                               snippet=c.text[:80]))
    return out


def _row_evidence(t: Table, r: Row) -> dict:
    cell = next((c for c in r.cells if c.bbox), None)
    # Not a numeric cell: no (row, col) to look a record up by, the row's label cell instead.
    return {"role": "row", "label": f"{r.code or ''} {r.name or ''}".strip(), "printed": r.name or "",
            "page": r.page, "bbox": list(cell.bbox) if cell else None, "table_id": t.table_id}
