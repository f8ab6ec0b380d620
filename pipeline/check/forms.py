"""Rules over 绩效 form tables (`parsers.forms`): every identity a performance form implies.

Sums go through `Identity` and rates through `Ratio`, so rounding is judged by interval overlap
like every other rule. Rules:
- `form_sum`: in the money block, 小计 ③ = 年初预算 ① + 调整 ②, 结余 ⑥ = ③ − 拨付 ④, a 总额 sub-column
  = Σ its sibling sub-columns (财政拨款 + 其他资金); down the block, 财政资金小计 = 中央 + 省级 + 地方,
  the total line (合计 / 年度资金总额 / 金额合计) = Σ the lines under it (财政资金小计 + 其他资金 where
  the form has a 财政资金小计).
- `execution_rate`: 执行率 = 执行数 ÷ 预算数 (the 全年预算数 where the form has both), 实现率 ⑤ = ④ ÷ ③.
- `balance_rate`: 结余率 ⑦ = 结余 ⑥ ÷ 小计 ③.
- `score_total`: 总分 = Σ 三级指标 分值 + the money block's 分值 (or, as some forms print it, without
  it), the same for 得分; a 一级指标's stated weight (`产出指标（50分）`) = Σ its indicators' 分值.
- `score_above_weight`: an indicator scored above its 分值.
- `score_mismatch`: the money block's 得分 against 分值 × min(执行率, 100 %), the linear rule most
  templates state; some regions score in steps, so it carries `scoring_assumed` (a warning) and
  the message names the rule assumed.
A value read by OCR adds an `ocr` reason; a rate one unit off in its last place `last_place`.
"""
from __future__ import annotations

from decimal import Decimal

import regex

from pipeline.check import policy
from pipeline.check.identity import Identity, Ratio, Term
from pipeline.check.templates import AnyOf
from pipeline.model import Finding, Row, Table

HUNDRED = Decimal(100)
RATES = {"执行率", "实现率", "结余率"}
_TOTAL_LINE = regex.compile(r"^(合计|总计|金额合计|资金总额|年度资金总额|年度财政资金总额|全年资金总额)")
_FISCAL_SUBTOTAL = regex.compile(r"^财政资金(小计|合计)")
_LEVEL_PART = regex.compile(r"(中央|省级|省|地方|市级|市|县级|县|区级|区)")
_OTHER = regex.compile(r"^(其中[:：])?其他")
_SUB_TOTAL = regex.compile(r"^(总额|合计|小计)$")


def identities(tables: list[Table]) -> list[Identity | Ratio]:
    out: list[Identity | Ratio] = []
    previous = None
    for table in tables:
        if table.layout == "form":
            out += _money(table) + _scores(table, previous)
            previous = table
        else:
            previous = None
    return out


def findings(tables: list[Table]) -> list[Finding]:
    out = []
    for table in tables:
        if table.layout == "form":
            out += _score_mismatch(table) + _above_weight(table)
    return out


def _cols(table: Table, top: str) -> dict[tuple[str, ...], int]:
    return {c.path[1:]: c.index for c in table.columns if c.path[:1] == (top,)}


def _term(table: Table, row: Row, col: int, label: str | None = None, sign: int = 1) -> Term:
    """A form cell's term, labelled `label`, else by its column's last header word."""
    return Term.at(row, col, label or table.columns[col].path[-1], sign=sign,
                   exact=_exact(table.columns[col].path, row.amounts.get(col)))


def _exact(path: tuple[str, ...], amount) -> bool:
    """A 分值 or 得分 is a designed figure: 25 or 12.5 is exact. One printed to two places or more
    (0.58, 33.33) was computed and rounded, so it keeps its rounding interval."""
    return path[-1:] in (("分值",), ("得分",)) and amount is not None and amount.number.decimals < 2


def _fund_rows(table: Table, money: dict) -> list[Row]:
    cols = set(money.values())
    return [r for r in table.rows if cols & set(r.amounts) or any(c.col in cols for c in r.cells)]


def _money(table: Table) -> list[Identity | Ratio]:
    money = _cols(table, "资金")
    if not money:
        return []
    rows = _fund_rows(table, money)
    out: list[Identity | Ratio] = []
    top = {p[0]: c for p, c in money.items() if len(p) == 1}
    budget, spent = _budget_spent(money)
    subtotal = top.get("小计", budget)
    for row in rows:
        subject = f"{table.kind} {row.name or ''}".strip()
        if {"小计", "年初预算", "调整"} <= set(top):
            out.append(_sum(table, row, top["小计"], [top["年初预算"], top["调整"]], subject + " [③ = ① + ②]"))
        if "结余" in top and subtotal is not None and spent is not None:
            out.append(_sum(table, row, top["结余"], [subtotal, spent], subject + " [⑥ = ③ − ④]", signs=(1, -1)))
        for name in ("预算数", "执行数", "年初预算"):
            subs = {p[1]: c for p, c in money.items() if len(p) == 2 and p[0] == name}
            total = next((c for s, c in subs.items() if _SUB_TOTAL.match(s)), None)
            if total is not None and len(subs) > 1:
                out.append(_sum(table, row, total, [c for c in subs.values() if c != total], f"{subject} [{name}]"))
        if "执行率" in top and budget is not None and spent is not None:
            out.append(Ratio("execution_rate", table.table_id, subject + " [执行率 = 执行数 ÷ 预算数]",
                             _term(table, row, top["执行率"]), _term(table, row, spent), _term(table, row, budget)))
        if "实现率" in top and subtotal is not None and "拨付" in top:
            out.append(Ratio("execution_rate", table.table_id, subject + " [⑤ = ④ ÷ ③]",
                             _term(table, row, top["实现率"]), _term(table, row, top["拨付"]), _term(table, row, subtotal)))
        if "结余率" in top and "结余" in top and subtotal is not None:
            out.append(Ratio("balance_rate", table.table_id, subject + " [⑦ = ⑥ ÷ ③]",
                             _term(table, row, top["结余率"]), _term(table, row, top["结余"]), _term(table, row, subtotal)))
    for segment in _segments(table):
        out += _down(table, [r for r in rows if r in segment], money)
    return [i for i in out if i is not None]


def _budget_spent(money: dict) -> tuple[int | None, int | None]:
    """The budget (全年预算数 over 年初预算) and spending (执行数, else 拨付) columns."""
    def first(*names):
        return next((c for c in (_total_col(money, n) for n in names) if c is not None), None)
    return first("预算数", "年初预算"), first("执行数", "拨付")


def _total_col(money: dict, name: str) -> int | None:
    subs = {p: c for p, c in money.items() if p[0] == name}
    if (name,) in subs:
        return subs[(name,)]
    return next((c for p, c in subs.items() if len(p) == 2 and _SUB_TOTAL.match(p[1])), None)


def _sum(table: Table, row: Row, total: int, parts: list[int], subject: str, signs=None) -> Identity | None:
    signs = signs or (1,) * len(parts)
    return Identity(rule="form_sum", table_id=table.table_id, subject=subject, total=_term(table, row, total),
                    parts=tuple(_term(table, row, c, sign=s) for c, s in zip(parts, signs)), group=None)


def _down(table: Table, rows: list[Row], money: dict) -> list[Identity]:
    """Identities down the money block: the total line = Σ the lines under it."""
    totals = [r for r in rows if _TOTAL_LINE.match(r.name or "")]
    if len(totals) != 1:
        return []
    total = totals[0]
    fiscal = next((r for r in rows if _FISCAL_SUBTOTAL.match(r.name or "")), None)
    groups: list[tuple[Row, list[Row]]] = []
    if fiscal is not None:
        after = rows[rows.index(fiscal) + 1:]
        levels = []
        for r in after:
            if not _LEVEL_PART.search(r.name or "") or _OTHER.match(r.name or "") or r is total:
                break
            levels.append(r)
        groups.append((fiscal, levels))
        groups.append((total, [fiscal] + [r for r in rows if _OTHER.match(r.name or "") and r is not total]))
    else:
        groups.append((total, [r for r in rows if r is not total]))
    out = []
    cols = [c for p, c in money.items() if p[0] not in RATES]
    for head, parts in groups:
        if not parts:
            continue
        for col in cols:
            if p := table.columns[col].path:
                if p[1] in ("分值", "得分") and not any(col in r.amounts for r in parts):
                    continue  # a weight printed on the total line only
            out.append(Identity(rule="form_sum", table_id=table.table_id,
                                subject=f"{table.kind} {head.name} [{table.columns[col].name}]",
                                total=_term(table, head, col, head.name or ""),
                                parts=tuple(_term(table, r, col, r.name or "") for r in parts),
                                group=f"{table.table_id}/down/{head.index}"))
    return out


def _fund_weight(table: Table, rows: list[Row]) -> tuple[Row, dict[str, int]] | None:
    """The money block's scored line (its total, or its only line) among `rows`, and its 分值/得分 columns."""
    money = _cols(table, "资金")
    cols = {k: money[(k,)] for k in ("分值", "得分") if (k,) in money}
    if not cols:
        return None
    scored = [r for r in rows if set(cols.values()) & set(r.amounts)]
    totals = [r for r in scored if _TOTAL_LINE.match(r.name or "")]
    row = totals[0] if totals else (scored[0] if scored else None)
    return (row, cols) if row is not None else None


def _segments(table: Table) -> list[list[Row]]:
    """The forms a table holds: several forms under one repeated title are joined into one table,
    so its rows are cut after each 总分 line and before a money block that follows other lines."""
    stated = set(_cols(table, "总分").values())
    money = set(_cols(table, "资金").values())
    out: list[list[Row]] = [[]]
    last = None  # what the last row with a value held: "money" or "other" (a blank line says nothing)
    for row in table.rows:
        held = "money" if money & set(row.amounts) else ("other" if row.amounts else None)
        if held == "money" and last == "other" and out[-1]:
            out.append([])
        out[-1].append(row)
        last = held or last
        if stated & set(row.amounts):
            out.append([])
            last = None
    return [s for s in out if s]


def _scores(table: Table, previous: Table | None) -> list[Identity]:
    indicators = _cols(table, "三级指标")
    stated = _cols(table, "总分")
    groups = _cols(table, "一级指标")
    out = []
    for n, segment in enumerate(_segments(table)):
        rows = [r for r in segment if set(indicators.values()) & set(r.amounts)]
        fund, fund_table = _fund_weight(table, segment), table
        if fund is None and n == 0 and previous is not None and not _cols(previous, "总分"):
            fund, fund_table = _fund_weight(previous, list(previous.rows)), previous  # money block on the page before
        for total_row in (r for r in segment if set(stated.values()) & set(r.amounts)):
            for key in ("分值", "得分"):
                if (key,) not in stated or (key,) not in indicators:
                    continue
                parts = tuple(_term(table, r, indicators[(key,)], f"{r.name} {key}") for r in rows)
                subject, total = f"{table.kind} 总分 [{key}]", _term(table, total_row, stated[(key,)], key)
                alone = Identity(rule="score_total", table_id=table.table_id, subject=subject, total=total, parts=parts)
                if fund is None or key not in fund[1]:
                    out.append(alone)
                    continue
                budget = Term.at(fund[0], fund[1][key], f"预算执行 {key}",
                                 table_id=fund_table.table_id if fund_table is not table else None,
                                 exact=_exact((key,), fund[0].amounts.get(fund[1][key])))
                # templates differ on whether 总分 includes the 预算执行 score: either reading may hold
                out.append(AnyOf(rule="score_total", table_id=table.table_id, subject=subject, options=(
                    Identity(rule="score_total", table_id=table.table_id, subject=subject, total=total,
                             parts=(budget,) + parts), alone)))
        if ("分值",) in groups and ("分值",) in indicators:
            for g in (r for r in segment if groups[("分值",)] in r.amounts):
                members = [r for r in rows if r.labels[:1] == (g.name,)]
                if members:
                    out.append(Identity(rule="score_total", table_id=table.table_id, subject=f"{table.kind} {g.name} [分值]",
                                        total=_term(table, g, groups[("分值",)], "一级指标分值"),
                                        parts=tuple(_term(table, r, indicators[("分值",)], f"{r.name} 分值") for r in members)))
    return out


def _above_weight(table: Table) -> list[Finding]:
    cols = _cols(table, "三级指标")
    if ("分值",) not in cols or ("得分",) not in cols:
        return []
    w, s = cols[("分值",)], cols[("得分",)]
    out = []
    for row in table.rows:
        weight, score = row.amounts.get(w), row.amounts.get(s)
        if weight is None or score is None or score.value - score.number.half_ulp <= weight.value + weight.number.half_ulp:
            continue
        evidence = (_term(table, row, s, "得分").evidence("total"), _term(table, row, w, "分值").evidence("part"))
        reasons = (policy.reason("ocr", "OCR 读数 | read by OCR"),) if score.ocr or weight.ocr else ()
        out.append(Finding(rule="score_above_weight", severity=policy.severity("score_above_weight", reasons),
                           table_id=table.table_id, page=row.page, reasons=reasons,
                           message=f"{row.name}: 得分 {score.number.printed} > 分值 {weight.number.printed} | "
                                   f"indicator scored {score.value} above its weight {weight.value}",
                           expected=weight.value, actual=score.value, delta=score.value - weight.value,
                           tolerance=score.number.half_ulp + weight.number.half_ulp, evidence=evidence))
    return out


def _score_mismatch(table: Table) -> list[Finding]:
    money = _cols(table, "资金")
    budget, spent = _budget_spent(money)
    return [f for segment in _segments(table) for f in _segment_mismatch(table, segment, money, budget, spent)]


def _segment_mismatch(table: Table, segment: list[Row], money: dict, budget, spent) -> list[Finding]:
    fund = _fund_weight(table, segment)
    if fund is None or budget is None or spent is None or {"分值", "得分"} - set(fund[1]):
        return []
    row, cols = fund
    a, b, w, s = (row.amounts.get(c) for c in (budget, spent, cols["分值"], cols["得分"]))
    if a is None or b is None or w is None or s is None or a.value <= a.number.half_ulp:
        return []
    na, nb, ns = a.number, b.number, s.number
    lo = (nb.value - nb.half_ulp) / (na.value + na.half_ulp) * HUNDRED
    hi = (nb.value + nb.half_ulp) / (na.value - na.half_ulp) * HUNDRED
    mid = (nb.value / na.value * HUNDRED).quantize(Decimal("0.01"))
    weight = w.value
    expected = (weight * min(mid, HUNDRED) / HUNDRED).quantize(Decimal("0.01"))
    low, high = weight * min(lo, HUNDRED) / HUNDRED, weight * min(hi, HUNDRED) / HUNDRED
    if ns.value + ns.half_ulp >= low and ns.value - ns.half_ulp <= high:
        return []
    evidence = tuple(_term(table, row, c, label).evidence(role) for c, label, role in (
        (cols["得分"], "得分", "total"), (budget, "预算数(A)", "part"), (spent, "执行数(B)", "part"), (cols["分值"], "分值", "part")))
    reasons = (policy.reason("scoring_assumed", "得分 = 分值 × min(执行率, 100%)"),)
    if any(x.ocr for x in (a, b, w, s)):
        reasons += (policy.reason("ocr", "OCR 读数 | read by OCR"),)
    return [Finding(
        rule="score_mismatch", severity=policy.severity("score_mismatch", reasons), table_id=table.table_id,
        page=row.page, reasons=reasons,
        message=f"得分 {ns.printed} ≠ 分值 {w.value} × 执行率 {mid}% = {expected}"
                f"（按线性评分规则：得分 = 分值 × min(执行率, 100%)）| score printed {ns.value}; "
                f"the linear rule weight × min(B/A, 100%) gives {expected}",
        expected=expected, actual=ns.value, delta=ns.value - expected, tolerance=ns.half_ulp, evidence=evidence)]
