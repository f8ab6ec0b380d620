"""Text against arithmetic and against tables: every figure the 情况说明 states is recomputed.

Rules (ids as in the README's catalogue):
- `percent_mismatch`: a completion rate (完成预算的 R%) against the 预算 and 决算 amounts of its
  sentence; a growth rate (增长/下降 G%) against the change and the amount it is a change of; a
  share (占 S%) against the base that the other shares of its run agree on.
- `unit_slip`: a change printed in 元 beside 万元 amounts whose growth rate only holds in 万元.
- `difference_mismatch`: a stated change against the two amounts it is the difference of.
- `text_table_mismatch`: an amount stated for a classification item (`事业运行(项)`), a named
  category (`工资福利支出`, `人员经费`) or a named total (`财政拨款收支总计`) that no table cell of
  that item holds.

Narrative amounts in 万元 printed with fewer than two decimals are read to two when the table is
in 万元 too (`3 万元` means 3.00: trailing zeros are dropped in prose, while the tables print two
decimals); beside a table in 元 they are a rounding (`19,577万元` for 195,774,300 元). A rate that is
off only because it was truncated instead of rounded is reported as info, not as an error.
"""
from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import replace
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path

import regex

from parsers import catalogues
from parsers.codes import LENGTH_BY_LEVEL
from parsers.numbers import PrintedNumber, to_yuan
from parsers.registry import REGISTRY, Template
from pipeline.check import policy
from pipeline.check.intervals import Interval
from pipeline.model import Claim, Finding, Reason, Row, Table

HUNDRED = Decimal(100)


def findings(claims: list[Claim], tables: list[Table], family: str | None,
             template: Template | None = None) -> list[Finding]:
    out: list[Finding] = []
    sentences: dict[tuple[int, int], list[Claim]] = defaultdict(list)
    for c in claims:
        sentences[(c.page, c.sentence)].append(c)
    previous: list[Claim] = []
    for key in sorted(sentences):
        group = sentences[key]
        out += _rates(group)
        out += _changes(group)
        # the sentence before, on this page or ending the page before (`…支出预算 9961.21 万元。` | `与上年相比增加 …`)
        adjacent = previous and (previous[0].page == key[0]
                                 or (previous[-1].page == key[0] - 1 and key[1] - previous[-1].sentence <= 2))
        out += _growth(group, previous if adjacent else [])
        previous = group
    out += _shares(claims) + _over_the_whole(claims)
    if family in ("budget", "final_account"):
        out += _repeated(claims)
    links = TableLinks(tables, family, template)
    out += links.findings(claims) + links.share_findings(claims) + links.prior_findings(claims)
    return _once_per_share(out)


def _once_per_share(found: list[Finding]) -> list[Finding]:
    """A share recomputed against two bases that say the same (the run's and the one a table or
    the paragraph prints) is reported once: the first finding about it."""
    seen, out = set(), []
    for f in found:
        stated = f.evidence[0] if f.evidence else {}
        if stated.get("role") == "percent":
            key = (f.page, stated.get("printed"), stated.get("sentence"))
            if key in seen:
                continue
            seen.add(key)
        out.append(f)
    return out


# --- intervals for stated figures ------------------------------------------------------------

def interval(c: Claim) -> Interval:
    return Interval(c.value, Decimal(5).scaleb(-(_decimals(c) + 1)))


def _decimals(c: Claim) -> int:
    """Printed decimals, except that a small whole 万元 amount in prose (`预算为 3 万元`) is read as
    3.00: writers drop trailing zeros, and rounding 3.4 to 3 would be a 13 % error no one makes.
    A large one (`17,192 万元`) is a rounding to whole 万元."""
    decimals = c.number.decimals if c.number else 2
    if c.unit == "万元" and decimals < 2 and abs(c.value) < 100:
        return 2
    return decimals


def ratio(num: Interval, den: Interval) -> tuple[Decimal, Decimal] | None:
    """The range of num/den × 100 over both intervals; None when den may be zero or negative."""
    lo_den, hi_den = den.value - den.radius, den.value + den.radius
    if lo_den <= 0:
        return None
    lo_num, hi_num = num.value - num.radius, num.value + num.radius
    return (lo_num / hi_den * HUNDRED, hi_num / lo_den * HUNDRED)


def _verdict(stated: Claim, rng: tuple[Decimal, Decimal]) -> str:
    """ok, truncated (holds only if the writer cut digits instead of rounding) or wrong."""
    s = interval(stated)
    lo, hi = rng
    if s.value + s.radius >= lo and s.value - s.radius <= hi:
        return "ok"
    ulp = 2 * s.radius
    if s.value <= hi and s.value + ulp >= lo:
        return "truncated"
    return "wrong"


def _last_place(stated: Claim, rng: tuple[Decimal, Decimal]) -> tuple[Reason, ...]:
    """A reason when the recomputed rate, rounded as printed, is one unit in the last place away
    from the printed one (a rate computed from other, unprinted figures)."""
    ulp = 2 * interval(stated).radius
    decimals = stated.number.decimals if stated.number else 2
    correct = ((rng[0] + rng[1]) / 2).quantize(Decimal(1).scaleb(-decimals))
    if abs(correct - stated.value) > ulp:
        return ()
    return (policy.reason("last_place", f"按打印位数应为 {correct}% | correctly rounded: {correct}%"),)


def _mid(rng: tuple[Decimal, Decimal], decimals: int) -> Decimal:
    return ((rng[0] + rng[1]) / 2).quantize(Decimal(1).scaleb(-max(decimals, 2)))


def _claim_evidence(*claims: Claim) -> tuple[dict, ...]:
    return tuple({"role": c.kind, "label": c.subject, "printed": c.number.printed if c.number else str(c.value),
                  "value": str(c.value), "unit": c.unit, "page": c.page, "bbox": None, "sentence": c.text}
                 for c in claims)


def _finding(rule: str, stated: Claim, expected: Decimal, zh: str, en: str, *evidence: Claim,
             tolerance: Decimal | None = None, reasons: tuple[Reason, ...] = ()) -> Finding:
    reasons = reasons + _ocr_reasons(stated, *evidence)
    return Finding(rule=rule, severity=policy.severity(rule, reasons), table_id=None, page=stated.page,
                   message=f"{zh} | {en}", expected=expected, actual=stated.value,
                   delta=stated.value - expected, tolerance=tolerance if tolerance is not None else interval(stated).radius,
                   evidence=_claim_evidence(stated, *evidence), reasons=reasons)


# A sentence stating what a performance evaluation covered, not an arithmetic fact: `共涉及资金
# X 万元，占一般公共预算项目支出总额的 100%` gives X as the evaluated projects' budget, which need
# not be any cell of the spending tables.
_COVERAGE = regex.compile(r"涉及\p{Han}{0,8}?(?:资金|金额|拨款|项目)|覆盖|纳入(?:绩效|评价)|评价(?:范围|项目|金额)|"
                          r"绩效(?:目标|评价|自评|监控|管理|运行)|开展.{0,12}评价")


def scope_reasons(c: Claim) -> tuple[Reason, ...]:
    """A `scope` reason when the claim's sentence states coverage rather than arithmetic."""
    m = _COVERAGE.search(c.text)
    if m is None:
        return ()
    return (policy.reason("scope", f"“{m.group(0)}”：说明覆盖范围而非计算 | states coverage, not arithmetic"),)


def _cell_ocr(amount) -> tuple[Reason, ...]:
    if amount is None or not amount.ocr:
        return ()
    return (policy.reason("ocr", f"表格读数 {amount.number.printed} 由 OCR 读出 | table cell read by OCR"),)


def _ocr_reasons(*claims: Claim) -> tuple[Reason, ...]:
    pages = sorted({c.page for c in claims if c.ocr})
    if not pages:
        return ()
    return (policy.reason("ocr", "第" + "、".join(map(str, pages)) + "页的文字由 OCR 读出 | prose read by OCR"),)


def _amount(c: Claim) -> str:
    return f"{c.number.printed if c.number else c.value}{c.unit or ''}"


# --- rates within a sentence -----------------------------------------------------------------

def _rates(group: list[Claim]) -> list[Finding]:
    out = []
    for i, r in enumerate(group):
        if r.kind != "rate":
            continue
        before = [c for c in group[:i] if c.kind == "amount"]
        budget = next((c for c in reversed(before) if c.role == "budget"), None)
        actual = next((c for c in reversed(before) if c.role == "actual" and (budget is None or c.offset > budget.offset)), None)
        if budget is None or actual is None or budget.unit != actual.unit:
            continue
        rng = ratio(interval(actual), interval(budget))
        if rng is None:
            continue
        verdict = _verdict(r, rng)
        if verdict == "ok":
            continue
        expected = _mid(rng, r.number.decimals if r.number else 1)
        zh = (f"{r.subject or '完成率'}: 完成预算的 {r.number.printed}% ≠ 决算 {_amount(actual)} ÷ 预算 {_amount(budget)}"
              f" = {expected}%")
        en = f"completion rate stated {r.value}%, the sentence's amounts give {expected}%"
        if verdict == "truncated":
            out.append(_finding("percent_truncated", r, expected, zh + "（截断而非四舍五入）",
                                en + " (truncated, not rounded)", actual, budget))
        else:
            out.append(_finding("percent_mismatch", r, expected, zh, en, actual, budget,
                                reasons=_last_place(r, rng)))
    return out


def _growth(group: list[Claim], previous: list[Claim]) -> list[Finding]:
    """增长/下降 G% against the change D and the current amount A (base = A ∓ D), or A and a
    stated prior amount. A sentence that opens with 比/较 continues the previous one's subject."""
    out = []
    for i, g in enumerate(group):
        if g.kind != "growth":
            continue
        before = group[:i]
        change = next((c for c in reversed(before) if c.kind == "difference"), None)
        prior = next((c for c in reversed(before) if c.kind == "amount" and c.role == "prior"), None)
        current = next((c for c in reversed(before) if c.kind == "amount" and c.role != "prior"
                        and (change is None or c.offset < change.offset)), None)
        if current is None and previous and regex.match(r"^\s*(比|较|与)", group[0].text):
            # the previous sentence's amount: its actual one (a 决算's 支出决算 after its 年初预算),
            # else the budget a 预算 states (`支出预算 X 万元。与上年相比增加 …`)
            amounts = [c for c in previous if c.kind == "amount" and c.role != "prior"]
            current = next((c for c in reversed(amounts) if c.role != "budget"), amounts[-1] if amounts else None)
        if prior is None and change is None and current is not None:
            prior, current = _by_year(g, before, current)
        if change is not None and change.direction * g.direction < 0:
            out.append(_finding(
                "direction_mismatch", g, change.value,
                f"{g.subject or change.subject}: 变动写作{_WORD[change.direction]} {_amount(change)}，比率却写作"
                f"{_WORD[g.direction]} {g.number.printed}%",
                f"the change is worded as {_EN[change.direction]} but its rate as {_EN[g.direction]}", change))
            continue
        if change is not None:
            f = _growth_from_change(g, change, current, prior)
            if f:
                out.append(f)
            if prior is not None and current is not None and change.unit == current.unit == prior.unit:
                out += _difference(change, current, prior)
            elif prior is not None and current is not None:
                out += _odd_unit(change, current, prior)
        elif prior is not None and current is not None and prior.unit == current.unit:
            if _a_change_after_all(g, current, prior):
                continue
            diff = Interval(current.value - prior.value, interval(current).radius + interval(prior).radius)
            moved = _moved(diff)
            if moved and g.direction and moved != g.direction:
                out.append(_finding(
                    "direction_mismatch", g, diff.value,
                    f"{current.subject or g.subject}: 写作{_WORD[g.direction]} {g.number.printed}%，但 {_amount(current)} 与上年 {_amount(prior)} "
                    f"相比为{_WORD[moved]}",
                    f"the rate is worded as {_EN[g.direction]}, but {current.value} against last year's {prior.value} "
                    f"is {_EN[moved]}", current, prior))
                continue
            magnitude = Interval(abs(diff.value), diff.radius)
            rng = ratio(magnitude, interval(prior))
            if rng and _verdict(g, rng) == "wrong":
                expected = _mid(rng, 2)
                zh, en = _wrong_base(g, magnitude, interval(current), current)
                out.append(_finding("percent_mismatch", g, expected,
                                    f"{current.subject or g.subject}: 增减 {g.number.printed}% ≠ ({_amount(current)} − {_amount(prior)}) ÷ {_amount(prior)} = {expected}%{zh}",
                                    f"growth stated {g.value}%, the amounts give {expected}%{en}", current, prior,
                                    reasons=_last_place(g, rng)))
    return out


def _changes(group: list[Claim]) -> list[Finding]:
    """A stated change with no rate after it, against a current and a prior amount stated in the
    same sentence (`…5.80 万元，上年预算数 6.00 万元，比上年增加 0.20 万元`); a change followed by
    its rate is checked by `_growth`."""
    out = []
    for i, change in enumerate(group):
        if change.kind != "difference" or any(g.kind == "growth" for g in group[i + 1:]):
            continue
        before = group[:i]
        prior = next((c for c in reversed(before) if c.kind == "amount" and c.role == "prior"), None)
        current = next((c for c in reversed(before) if c.kind == "amount" and c.role != "prior"), None)
        if prior is None or current is None or not change.unit == current.unit == prior.unit:
            continue
        start = min(prior.offset, current.offset)
        if any(c.kind == "difference" and c.offset > start for c in before):
            continue  # another change stands between: the amounts belong to it
        out += _difference(change, current, prior)
    return out


_WORD = {1: "增加", -1: "减少", 0: "持平"}
_EN = {1: "an increase", -1: "a decrease", 0: "no change"}


_COMPARED_YEAR = regex.compile(r"(?:比|较|与)\s*(\d{4})\s*年")
_YEAR = regex.compile(r"(\d{4})\s*年")


def _by_year(g: Claim, before: list[Claim], current: Claim) -> tuple[Claim | None, Claim]:
    """`2023年当年预算执行数为54.60万元，2024年预算安排53.84万元，比2023年预算执行数减少1.39%`: the
    amounts are told apart by their years. The one whose clause names the year the rate compares
    with is the prior amount; the current one is the latest amount naming another year."""
    m = _COMPARED_YEAR.search(g.lead or g.label)
    if m is None:
        return None, current
    year = m.group(1)
    named = [(c, _YEAR.findall(c.lead)) for c in before if c.kind == "amount" and c.sentence == g.sentence]
    prior = next((c for c, years in reversed(named) if years and years[-1] == year), None)
    now = next((c for c, years in reversed(named) if years and years[-1] != year), None)
    if prior is None or now is None or prior.unit != now.unit:
        return None, current
    return replace(prior, role="prior"), now


def _a_change_after_all(g: Claim, current: Claim, prior: Claim) -> bool:
    """`安排210.32万元，比上年1.43万元，增加0.68%`: the verb of the change was left out, and the
    figure read as last year's amount is the change (1.43 ÷ 208.89 = 0.68 %). A rate that holds
    on that reading is not a slip in the figures."""
    if not g.direction:
        return False
    base = Interval(current.value - g.direction * prior.value, interval(current).radius + interval(prior).radius)
    rng = ratio(interval(prior), base)
    return rng is not None and _verdict(g, rng) != "wrong"


def _stated_change(change: Claim) -> str:
    return "持平" if change.direction == 0 else f"{_WORD[change.direction]} {_amount(change)}"


def _moved(diff: Interval) -> int:
    """+1 or -1 when a difference is beyond rounding on one side of zero, else 0."""
    if diff.value - diff.radius > 0:
        return 1
    if diff.value + diff.radius < 0:
        return -1
    return 0


def _wrong_base(g: Claim, change: Interval, current: Interval, current_claim: Claim | None) -> tuple[str, str]:
    """Words naming a rate computed on this year's amount instead of last year's, when that is
    what the stated rate is: `10 ÷ 110` where it should be `10 ÷ 100`."""
    if current_claim is None:
        return "", ""
    rng = ratio(change, current)
    if rng is None or _verdict(g, rng) == "wrong":
        return "", ""
    return (f"；所写比率是以本年数 {_amount(current_claim)} 为基数算的（{_mid(rng, 2)}%），应以上年数为基数",
            f"; the stated rate is the change over this year's {current_claim.value} ({_mid(rng, 2)}%), not over last year's")


def _growth_from_change(g: Claim, change: Claim, current: Claim | None, prior: Claim | None) -> Finding | None:
    if prior is not None and prior.unit != change.unit and current is None:
        # `比上年 28479.84 元增加 1476.43 万元，增长 5.18%` (this year's amount not read): the rate
        # holds when both are read in one unit, so one of the two units is a slip.
        alt = ratio(interval(change), interval(prior))
        if alt is None or _verdict(g, alt) == "wrong" or to_yuan(Decimal(1), prior.unit) is None:
            return None
        return _finding("unit_slip", prior, prior.value,
                        f"{prior.subject or change.subject}: 上年 {_amount(prior)} 与变动 {_amount(change)} 单位不同，"
                        f"{g.number.printed}% 只在二者单位相同时成立（{change.value} ÷ {prior.value} = {_mid(alt, 2)}%）",
                        f"last year's {prior.value} {prior.unit} and the change {change.value} {change.unit} are printed in "
                        f"different units, but the stated {g.value}% only holds if they share one", change, g)
    if prior is not None and prior.unit == change.unit:
        base = interval(prior)
        base_text = f"上年 {_amount(prior)}"
    elif current is not None:
        d = _in_unit(change, current.unit)
        if d is None:
            return None
        sign = -change.direction  # an increase means the base was smaller
        base = Interval(current.value + sign * d.value, interval(current).radius + d.radius)
        base_text = f"{_amount(current)} {'+' if sign > 0 else '−'} {_amount(change)}"
    else:
        return None
    d = _in_unit(change, current.unit if current is not None and prior is None else change.unit)
    rng = ratio(d, base) if d is not None else None
    verdict = _verdict(g, rng) if rng is not None else "wrong"
    if verdict == "ok":
        return None
    if current is not None and prior is None and change.unit != current.unit:
        # `减少 0.85 元，降低 3.09%` beside 万元 amounts, or `支出 9370.12 元，增加 1297.83 万元`: does
        # the rate hold if both are in one unit? In their printed units it may have no positive base.
        alt_base = Interval(current.value - change.direction * change.value,
                            interval(current).radius + interval(change).radius)
        alt = ratio(interval(change), alt_base)
        if alt and _verdict(g, alt) != "wrong":  # (a truncated rate holds as well as a rounded one here)
            as_printed = f"按所印单位计算为 {_mid(rng, 6)}%" if rng is not None else "按所印单位不能成立"
            return _finding("unit_slip", change, change.value,
                            f"{change.subject}: 变动 {_amount(change)} 与 {_amount(current)} 单位不同，{g.number.printed}% "
                            f"只在二者单位相同时成立（{change.value} ÷ {alt_base.value} = {_mid(alt, 2)}%）；{as_printed}",
                            f"the change ({change.value} {change.unit}) and the amount ({current.value} {current.unit}) "
                            f"are printed in different units, but the stated {g.value}% only holds if they share one",
                            g, current)
    if rng is None:
        return None
    if current is not None and prior is None and change.direction:
        # `减少 8.6 万元，下降 9.41%` beside 100 万元: the rate holds only for an increase (8.6 ÷ 91.4)
        flipped = Interval(current.value + change.direction * d.value, base.radius)
        holds = ratio(d, flipped)
        if holds and _verdict(g, holds) == "ok":
            return _finding(
                "direction_mismatch", change, change.value,
                f"{change.subject}: 写作{_WORD[change.direction]} {_amount(change)}，但 {g.number.printed}% 只在"
                f"{_WORD[-change.direction]}时成立（{_amount(change)} ÷ {flipped.value}{current.unit or ''} = {_mid(holds, 2)}%）",
                f"worded as {_EN[change.direction]}, but the stated {g.value}% only holds for {_EN[-change.direction]}",
                g, current)
    expected = _mid(rng, g.number.decimals if g.number else 2)
    zh, en = _wrong_base(g, d, interval(current), current) if prior is None and current is not None else ("", "")
    zh = f"{g.subject or change.subject or (current.subject if current else '')}: 增减 {g.number.printed}% ≠ {_amount(change)} ÷ ({base_text}) = {expected}%{zh}"
    en = f"growth stated {g.value}%, the change and the amount give {expected}%{en}"
    if verdict == "truncated":
        return _finding("percent_truncated", g, expected, zh + "（截断而非四舍五入）",
                        en + " (truncated, not rounded)", change, *(x for x in (current, prior) if x))
    return _finding("percent_mismatch", g, expected, zh, en, change, *(x for x in (current, prior) if x),
                    reasons=_last_place(g, rng))


def _difference(change: Claim, current: Claim, prior: Claim) -> list[Finding]:
    stated = interval(change)
    diff = Interval(current.value - prior.value, interval(current).radius + interval(prior).radius)
    moved = _moved(diff)
    if moved and moved != change.direction:
        return [_finding("direction_mismatch", change, diff.value,
                         f"{current.subject or change.subject}: 写作{_stated_change(change)}，但 {_amount(current)} 与上年 "
                         f"{_amount(prior)} 相比为{_WORD[moved]}",
                         f"worded as {_EN[change.direction]}, but {current.value} against last year's {prior.value} "
                         f"is {_EN[moved]}", current, prior)]
    computed = Interval(abs(diff.value), diff.radius)
    if stated.consistent_with(computed):
        return []
    return [_finding("difference_mismatch", change, computed.value,
                     f"{current.subject or change.subject}: 变动 {_amount(change)} ≠ {_amount(current)} − {_amount(prior)} = {computed.value}{change.unit}",
                     f"change stated {change.value} {change.unit}, the two amounts differ by {computed.value}",
                     current, prior, tolerance=stated.radius + computed.radius)]


def _odd_unit(change: Claim, current: Claim, prior: Claim) -> list[Finding]:
    """One of a change's three amounts printed in another unit than the other two, where the
    difference holds as soon as all three are read in one unit: that one's unit is a slip."""
    claims = (change, current, prior)
    units = [c.unit for c in claims]
    odd = [c for c in claims if units.count(c.unit) == 1]
    if len(odd) != 1 or len(set(units)) != 2:
        return []
    same = Interval(abs(current.value - prior.value), interval(current).radius + interval(prior).radius)
    if not (interval(change).consistent_with(same) or _near(change.value, same.value)):
        return []  # (near: the change may carry a slip of its own, found by the difference rule)
    slip, unit = odd[0], next(u for u in units if u != odd[0].unit)
    return [_finding("unit_slip", slip, slip.value,
                     f"{slip.subject}: {_amount(slip)} 与同句其他金额单位不同：{_amount(current)} − {_amount(prior)} = "
                     f"{_amount(change)} 只在单位均为{unit}时成立",
                     f"{slip.value} is printed in {slip.unit}, but the change only adds up if it is in {unit}",
                     *(c for c in claims if c is not slip))]


ODD_UNIT_CLOSENESS = Decimal("0.01")  # a unit slip puts a figure 10⁴ off; within 1 % in one unit, the unit is the slip


def _near(a: Decimal, b: Decimal) -> bool:
    return b != 0 and abs(a - b) <= ODD_UNIT_CLOSENESS * abs(b)


def _in_unit(c: Claim, unit: str | None) -> Interval | None:
    """A stated amount's interval converted to another unit (元 ↔ 万元)."""
    if unit is None or c.unit == unit:
        return interval(c)
    a, b = to_yuan(Decimal(1), c.unit), to_yuan(Decimal(1), unit)
    if a is None or b is None:
        return None
    i = interval(c)
    return Interval(i.value * a / b, i.radius * a / b)


# --- one item stated twice ------------------------------------------------------------------

REPEAT_SPAN = 2  # sentences apart: the opening sentence of a paragraph and its breakdown


def _repeated(claims: list[Claim]) -> list[Finding]:
    """The same item (same subject words and classification item, same role) stated twice within
    a few sentences with printings that differ by a typing slip (`253.54` then `235.54`): one of
    them was copied wrong. Amounts that differ more may be different things under one name.
    Only in 预算/决算 narratives, and only for printings with the same decimals (a copied figure
    keeps its format): an evaluation report names many projects' funds with the same words
    (`审核资金 7 万元 … 审核资金 57 万元`), and quotes a wrong figure to correct it."""
    out = []
    amounts = [c for c in claims if c.kind == "amount" and c.number is not None]
    for i, first in enumerate(amounts):
        key = _item_key(first)
        if key is None:
            continue
        for second in amounts[i + 1:]:
            if second.page != first.page or second.sentence - first.sentence > REPEAT_SPAN:
                break
            if second.sentence == first.sentence or _item_key(second) != key or second.unit != first.unit:
                continue
            same_format = first.number.decimals == second.number.decimals > 0
            if same_format and second.value != first.value and _typing_slip(_digits(first.number.printed),
                                                                              _digits(second.number.printed)):
                what = first.subject
                out.append(_finding(
                    "text_repeated_mismatch", second, first.value,
                    f"{what}: 同段先写 {_amount(first)}，后写 {_amount(second)}",
                    f"{what} is stated as {first.value} {first.unit} and, {second.sentence - first.sentence} sentence(s) "
                    f"later, as {second.value} {second.unit}", first))
            break  # the next statement of the item is the one compared
    return out


_ITEM_NOISE = regex.compile(r"\d{4}\s*年度?|本部门|本单位|我单位|本局|我局|本年度?|年初|全年|预算|决算|安排|共计|合计|"
                            r"总计|金额|数|为|是|[\s:：（）()、.．\d“”\"]")


def _item_key(c: Claim) -> tuple | None:
    words = _ITEM_NOISE.sub("", _ORDINAL.sub("", c.subject))
    if len(words) < 4:
        return None
    return words, c.topic[-1] if c.topic else None, c.role


# --- shares ----------------------------------------------------------------------------------

def _shares(claims: list[Claim]) -> list[Finding]:
    """Runs of 占 S% claims with the same base words: fit the base most of them agree on (a stated
    amount on the run's pages or the page before, or the sum of the run's amounts); a share that
    disagrees is wrong only if no stated amount explains it either. A run may go on over a page
    break. Two shares make a run only with a base stated before them (`政府采购预算总金额 1,271.22
    万元。货物类 259.32 万元，占 20.40%；服务类 1,011.90 万元，占 79.60%`): one share agreeing with
    it is then enough."""
    out = []
    by_page: dict[int, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.kind == "amount":
            by_page[c.page].append(c)
    for run in _share_runs(claims):
        pairs = [(s, a) for s, a in run if a is not None]
        pairs = [(s, a) for s, a in pairs if a.unit == pairs[0][1].unit]
        if len(pairs) < 2:
            continue
        amounts = [a for _, a in pairs]
        unit, first = amounts[0].unit, pairs[0][0]
        pages = sorted({s.page for s, _ in pairs})
        stated = [c for p in range(pages[0] - 1, pages[-1] + 1) for c in by_page.get(p, []) if c.unit == unit]
        sum_of_run = _sum_of(amounts)
        if len(pairs) == 2:
            stated = [c for c in stated if c.offset < amounts[0].offset and c.page >= first.page - 1
                      and first.sentence - c.sentence <= STATED_BASE_SPAN]
            if not stated:
                continue
        candidates = [interval(c) for c in stated] + [sum_of_run]
        support = [(sum(_share_holds(s, a, b) for s, a in pairs), -i, b) for i, b in enumerate(candidates)]
        best_support, _, base = max(support, key=lambda x: (x[0], x[1]))
        if best_support < min(2, len(pairs) - 1) or best_support < len(pairs) - 1:
            continue
        for s, a in pairs:
            if _share_holds(s, a, base) or any(_share_holds(s, a, b) for b in candidates):
                continue
            rng = ratio(interval(a), base)
            expected = _mid(rng, s.number.decimals if s.number else 2)
            out.append(_finding("percent_mismatch", s, expected,
                                f"{s.subject}: {_amount(a)} 占 {s.number.printed}% ≠ {_amount(a)} ÷ {base.value}{a.unit} = {expected}%"
                                f"（同组其他占比均以 {base.value}{a.unit} 为基数）",
                                f"share stated {s.value}%, {a.value} of the base {base.value} the other shares use is {expected}%",
                                a, reasons=_last_place(s, rng)))
    return out


def _share_runs(claims: list[Claim]) -> list[list[tuple[Claim, Claim | None]]]:
    """Consecutive shares with the same base words, each paired with the amount stated before it
    in its own sentence; a run ends where another figure's paragraph begins (shares more than
    STATED_BASE_SPAN sentences apart)."""
    runs: list[list[tuple[Claim, Claim | None]]] = []
    last = None
    for i, c in enumerate(claims):
        if c.kind != "percent":
            continue
        amount = _amount_before(claims, i)
        if not runs or last is None or c.base != last.base or c.sentence - last.sentence > STATED_BASE_SPAN:
            runs.append([])
        runs[-1].append((c, amount))
        last = c
    return runs


SHARE_AMOUNT_BACK = 8  # claims: a share's own amount is within its clause, a few figures back


def _amount_before(claims: list[Claim], i: int, back: int | None = SHARE_AMOUNT_BACK) -> Claim | None:
    """The amount a share is a share of: the last one stated before it in its own sentence, among
    the `back` claims before it (all of them when None)."""
    s = claims[i]
    window = claims[:i] if back is None else claims[max(0, i - back):i]
    return next((a for a in reversed(window) if a.kind == "amount" and a.sentence == s.sentence
                 and a.page == s.page), None)


def _sum_of(amounts: list[Claim]) -> Interval:
    """The sum of stated amounts as an interval: each one's rounding adds to the radius."""
    return Interval(sum(a.value for a in amounts), sum(interval(a).radius for a in amounts))


STATED_BASE_SPAN = 12  # sentences back (lines count): a paragraph's opening total and its breakdown's shares


STATED_BASE_PAGES = 2  # a whole stated in the 收支总表's paragraph, its share in the 财政拨款 one a page on


def _base_key(text: str) -> str:
    """What a share's base and a stated amount's subject name, without the year, the unit and
    the total's word: `本年支出预算` and `2026 年支出预算`, `固定资产总额` and `本单位固定资产总量为`."""
    t = _ORDINAL.sub("", regex.sub(r"\s", "", text or ""))
    t = regex.sub(r"^.*\d{4}年度?", "", t)  # a heading run on before the year: `…情况说明2026 年支出预算`
    t = regex.sub(r"^.*?(?:本年度?|本单位|本部门|我单位|全年)", "", t)  # the unit's name: `省委办公厅本年支出预算`
    t = regex.sub(r"^[，,]|预算|决算", "", t)
    return regex.sub(r"(?:总额|总计|合计|总数|总量|数|的|为|是)+$", "", t)


def _stated_base(s: Claim, part: Claim, before: list[Claim], run_sum: Interval | None = None) -> list[Finding]:
    """`本单位固定资产总量为4295.98万元，房屋和构筑物3773.63万元，占固定资产总额的87.84%`: a share
    whose base no table prints, but a sentence of the paragraph states by the same name. A share
    that holds against the sum of its run's amounts (`基本支出 … 占本年支出预算 37.59%；项目支出 …
    62.41%` over their own sum, not the stated total with its other spending) is not judged."""
    key = _base_key(s.base)
    if len(key) < 2 or (run_sum is not None and _share_holds(s, part, run_sum)):
        return []
    bases = [c for c in before if c.kind == "amount" and s.page - STATED_BASE_PAGES <= c.page <= s.page
             and c is not part and c.unit == part.unit and _base_key(c.subject) == key]
    if not bases or any(_share_holds(s, part, interval(b)) for b in bases):
        return []
    base = bases[-1]
    rng = ratio(interval(part), interval(base))
    if rng is None:
        return []
    expected = _mid(rng, s.number.decimals if s.number else 2)
    return [_finding("percent_mismatch", s, expected,
                     f"{part.subject}: {_amount(part)} 占{s.base} {s.number.printed}% ≠ {_amount(part)} ÷ {_amount(base)} = {expected}%"
                     f"（{base.subject} 见同段）",
                     f"share stated {s.value}%, {part.value} of the {base.value} the paragraph states as its base is {expected}%",
                     part, base, reasons=_last_place(s, rng) + scope_reasons(s))]


# A base that is a whole (`本年支出合计`, `固定资产总额`): nothing that is part of it is over 100 % of it.
_WHOLE = regex.compile(r"(?:合计|总计|总额|总数|总量|总预算|总支出|总收入)$")


def _over_the_whole(claims: list[Claim]) -> list[Finding]:
    """`…预算支出27664.22万元，占本年支出合计的1000%`: a part stated as more than its whole."""
    out = []
    for i, s in enumerate(claims):
        if s.kind != "percent" or not s.base or not _WHOLE.search(s.base):
            continue
        if interval(s).value - interval(s).radius <= HUNDRED:
            continue
        part = _amount_before(claims, i)
        out.append(_finding("percent_mismatch", s, HUNDRED,
                            f"{s.subject}: 占{s.base} {s.number.printed}%，部分不能超过整体的 100%",
                            f"a part stated as {s.value}% of its whole ({s.base}); a share of a total is at most 100%",
                            *((part,) if part else ())))
    return out


def _share_holds(share: Claim, amount: Claim, base: Interval) -> bool:
    rng = ratio(interval(amount), base)
    return rng is not None and _verdict(share, rng) != "wrong"


# --- amounts against tables ------------------------------------------------------------------

_GENERIC = regex.compile(r"(年初|全年|调整后?)?(预算|决算|执行|支出|实际|完成)(数|额)?|为|是|合计|共计|金额|其中|本年|年度|\d{4}年?|[\s:：（）()、.．\d]")
# What names the item in a clause: `事业运行(项)`, or a quoted path `“住房保障支出-住房改革支出-购房补贴”科目`
# / `“…（类）…（项）”` (parsers.text reads its parts as the topic).
_NAMED_ITEM = regex.compile(r"(?:“|^)[^“”]*”\s*(?:科目)?|\p{Han}+[（(][类款项][)）]")
_ORDINAL = regex.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])\s*")
_SANGONG = regex.compile(r"三公|公务接待|公务用车|因公出国")
# The 三公 item a clause or a 三公 table's label names: the last one named is the one meant
# (`“三公”经费…（一）因公出国（境）经费`, `公务用车购置及运行费/公务用车购置费`).
_SANGONG_ITEM = regex.compile(r"(?P<vehicle>公务用车购置及运行(?:维护)?费?)|(?P<purchase>公务用车购置费?)"
                              r"|(?P<running>公务用车运行(?:维护)?费?)|(?P<reception>公务接待)|(?P<abroad>因公出国)"
                              r"|(?P<total>三公|(?:^|/)合计$)")
_PHASE = regex.compile(r"(?:预算|决算)?数?$")
# The name a clause gives its amount: the whole subject, else the words after its last 的/为
# (`财政拨款的机关运行经费预算`, `其中主要支出为办公费`).
_TAIL = regex.compile(r"[的为是](?P<tail>[^的为是]{3,})$")


def _named(subject: str) -> list[str]:
    m = _TAIL.search(subject or "")
    return [subject] + ([m.group("tail")] if m else [])


_FUNDS = regex.compile(r"(?:经费|资金)$")
_BASE_WORDS = regex.compile(r"^(一般公共预算|财政拨款|本年|部门|本部门|单位)+|(总额|总计|合计|总数)$")
_NAME_NOISE = regex.compile(r"[\s“”\"（）()的]|类|款|项(?=$)|科目$")
_FEE_END = regex.compile(r"费用$")
_SPENDING_END = regex.compile(r"支出$")


def _norm(name: str | None) -> str:
    """A row's or a clause's name as compared: no spaces, brackets, quotes or 的, no level word,
    no trailing 支出 or 科目, 费用 as 费 (`其他交通费用` is the prose's `其他交通费`)."""
    n = _NAME_NOISE.sub("", _ORDINAL.sub("", name or ""))
    return _FEE_END.sub("费", _SPENDING_END.sub("", n))


def _prose_names() -> dict[str, str]:
    """The prose's short names for table rows (parsers/data/prose_names.toml), normalised."""
    with open(PROSE_NAMES, "rb") as f:
        return {_norm(x["prose"]): _norm(x["row"]) for x in tomllib.load(f)["names"]}


PROSE_NAMES = Path(__file__).resolve().parents[2] / "parsers" / "data" / "prose_names.toml"
_ROW_NAME = _prose_names()


class TableLinks:
    """Finds, for a stated amount, the table cells that state the same thing.

    Only the standard tables of a 预算/决算 are linked. A 三公 item is linked to the 三公 table
    only: the prose gives its 三公 totals (basic and project funds together), which the economic
    classification rows of the 基本支出 table do not hold. A mismatch is an error when the link
    is a named total or the two printings differ like a typing slip (one digit changed, two
    swapped, one dropped); otherwise the text may be stating another scope, and it is a warning.
    """

    def __init__(self, tables: list[Table], family: str | None, template: Template | None = None):
        self.family = family
        # The template names the totals the prose restates and the tables looked in first.
        template = template or (REGISTRY.base(family) if family in ("budget", "final_account") else None)
        self.total_links = template.totals if template else ()
        self.preferred = template.preferred if template else ()
        standard = [t for t in tables if t.kind != "other"] if family in ("budget", "final_account") else []
        self.rows: list[tuple[Table, Row]] = [(t, r) for t in standard for r in t.rows if r.name]
        # Row names normalised once: every claim is compared with every row.
        self._names = {id(r): _norm(r.name) for _, r in self.rows}
        self.tables = standard

    def findings(self, claims: list[Claim]) -> list[Finding]:
        out = []
        for c in claims:
            if c.kind != "amount" or c.role == "prior" or (self.family == "final_account" and c.role == "budget"):
                continue
            if to_yuan(Decimal(1), c.unit) is None:
                continue
            if _SANGONG.search(c.subject):
                cells, named_total = self._sangong_cells(c), False
            else:
                cells, named_total = self._cells_for(c)
            if all(a is None for _, a, _ in cells):  # no row of that item, or only blank ones
                misfiled = self._misfiled(c)
                out += misfiled
                if misfiled or not cells:
                    continue
            if any(_restates(c, t, a) for t, a, _ in cells):
                continue
            table, amount, what = cells[0]
            expected = _cell_yuan(table, amount, c.unit).value / to_yuan(Decimal(1), c.unit)
            printed = amount.number.printed if amount else "空"
            slip = named_total or (amount is not None and _copied_with_a_slip(c, expected, printed))
            what = _ORDINAL.sub("", what)
            reasons = () if slip else (policy.reason(
                "other_scope", f"{c.number.printed} 与 {printed} 不像抄写笔误 | not a typing slip of {printed}"),)
            reasons += scope_reasons(c) + _ocr_reasons(c) + _cell_ocr(amount)
            out.append(Finding(
                rule="text_table_mismatch", severity=policy.severity("text_table_mismatch", reasons),
                table_id=table.table_id, page=c.page,
                message=(f"{what}: 说明写 {_amount(c)}，{table.kind}（第{amount.cell.page if amount else table.page_first}页）为 "
                         f"{printed}{table.unit or ''} | the text states {c.value} {c.unit} for {what}; "
                         f"the table prints {printed} {table.unit or ''}"),
                expected=expected,
                actual=c.value, delta=c.value - expected, tolerance=interval(c).radius,
                evidence=_claim_evidence(c) + (_cell_evidence(table, amount, what),), reasons=reasons))
        return out

    def _misfiled(self, c: Claim) -> list[Finding]:
        """`一般公共服务支出 396.84 万元` where no table prints that class (or prints it blank), while
        396.84 is what the tables print for one other class of that level (207 文化旅游体育与传媒支出): the text filed
        the amount under the wrong classification. Small or round figures coincide too easily."""
        named = _named_class(c)
        if named is None or len(_digits(c.number.printed)) < 3:
            return []
        name, level, codes = named
        length = LENGTH_BY_LEVEL[level]
        if any(r.code in codes and r.amounts for _, r in self.rows):
            return []
        hits: dict[str, tuple[Table, Row, object]] = {}
        for t, r in self.rows:
            if r.code and len(r.code) == length and r.code not in hits:
                a = next((r.amounts[k] for k in t.row_amount_columns(r)
                          if k in r.amounts and _restates(c, t, r.amounts[k])), None)
                if a is not None:
                    hits[r.code] = (t, r, a)
        if len(hits) != 1:
            return []
        (code, (table, row, amount)), = hits.items()
        where = f"{code} {row.name}"
        reasons = scope_reasons(c) + _ocr_reasons(c) + _cell_ocr(amount)
        return [Finding(
            rule="text_class_mismatch", severity=policy.severity("text_class_mismatch", reasons),
            table_id=table.table_id, page=c.page,
            message=(f"说明把 {_amount(c)} 列在“{name}（{level}）”下，表中没有该科目，{table.kind}（第{amount.cell.page}页）"
                     f"的 {amount.number.printed}{table.unit or ''} 属于 {where} | the text files {c.value} {c.unit} under "
                     f"{name}, which no table prints; the tables print that amount for {where}"),
            expected=None, actual=c.value, delta=None, tolerance=interval(c).radius,
            evidence=_claim_evidence(c) + (_cell_evidence(table, amount, where),), reasons=reasons)]

    def _sangong_cells(self, c: Claim) -> list[tuple[Table, object, str]]:
        """The 三公 table's cells for the 三公 item a clause names (rows in one layout, columns in
        the other), in the claim's phase: 预算 for a budget figure, 决算 for an actual one; a
        previous year's column is never meant. Typing slips of the stated figure come first."""
        item = _sangong_item(c.subject)
        if item is None:
            return []
        phase = {"budget": "预算", "actual": "决算"}.get(c.role) or ("决算" if self.family == "final_account" else "预算")
        cells = []
        for t in self.tables:
            if "三公" not in t.kind:
                continue
            earlier = _earlier_year_columns(t)
            for r in t.rows:
                for k, a in r.amounts.items():
                    label, name = _VEHICLE_PART.sub(r"公务用车\g<part>", t.columns[k].name), r.name or ""
                    if a.number.unit == "%" or k in earlier or regex.search(r"上年|增减|比较|增长", label + name):
                        continue
                    by_column, by_row = _sangong_item(label), _sangong_item(name)
                    if (by_column if by_column not in (None, "total") else by_row or by_column) != item:
                        continue
                    if regex.search(r"预算|决算", label + name) and phase not in label + name:
                        continue
                    cells.append((t, a, f"三公 {name} {label}".strip()))
        printed = _digits(c.number.printed)
        cells.sort(key=lambda x: not _typing_slip(printed, _digits(x[1].number.printed)))
        return cells

    def code_for(self, c: Claim) -> str | None:
        """The classification code of the item a claim is about, when its topic names exactly one."""
        if not c.topic:
            return None
        name, level = c.topic[-1]
        found = {r.code for _, r in self.rows if r.code and (r.level is None or r.level == level)
                 and len(_norm(name)) >= 2 and self._names[id(r)].endswith(_norm(name))}
        return found.pop() if len(found) == 1 else None

    def share_findings(self, claims: list[Claim]) -> list[Finding]:
        """`资金 337.02 万元，占一般公共预算项目支出总额的 100%`: a share of a base the tables print
        (a column's total, such as 项目支出) is recomputed from that total."""
        out = []
        run_sums = {}  # share → the sum of its run's amounts, a base the shares may use instead
        for run in _share_runs(claims):
            pairs = [(s, a) for s, a in run if a is not None and a.unit == (run[0][1].unit if run[0][1] else None)]
            if len(pairs) >= 2:
                total = _sum_of([a for _, a in pairs])
                run_sums.update({id(s): total for s, _ in pairs})
        for i, s in enumerate(claims):
            if s.kind != "percent" or not s.base:
                continue
            target = _norm(_FUNDS.sub("", _BASE_WORDS.sub("", s.base)))
            amount = _amount_before(claims, i, back=None)
            if amount is None or to_yuan(Decimal(1), amount.unit) is None:
                continue
            cells = self._total_cells(s.base) or self._base_rows(s.base) or (
                self._column_cells(target, s.base) if len(target) >= 2 else [])
            if not cells:
                out += _stated_base(s, amount, claims[:i], run_sums.get(id(s)))
                continue
            a_yuan = _yuan(interval(amount), amount.unit)
            holds = [ratio(a_yuan, _cell_yuan(t, c, amount.unit)) for t, c, _ in cells]
            if any(r is not None and _verdict(s, r) != "wrong" for r in holds) or holds[0] is None:
                continue
            table, cell, _ = cells[0]
            base = _cell_yuan(table, cell, amount.unit).value / to_yuan(Decimal(1), amount.unit)
            expected = _mid(holds[0], 2)
            reasons = scope_reasons(s) + _ocr_reasons(s, amount) + _cell_ocr(cell)
            out.append(Finding(
                rule="text_table_mismatch", severity=policy.severity("text_table_mismatch", reasons),
                table_id=table.table_id, page=s.page,
                message=(f"{amount.subject} {_amount(amount)} 占{s.base} {s.number.printed}%，但{table.kind}的{s.base}为 "
                         f"{cell.number.printed}{table.unit or ''}（{amount.value} ÷ {base} = {expected}%）| the text says "
                         f"{amount.value} {amount.unit} is {s.value}% of {s.base}; the table prints {cell.number.printed}, "
                         f"which makes it {expected}%"),
                expected=base, actual=amount.value, delta=amount.value - base, tolerance=interval(amount).radius,
                evidence=_claim_evidence(s, amount) + (_cell_evidence(table, cell, s.base),), reasons=reasons))
        return out

    def prior_findings(self, claims: list[Claim]) -> list[Finding]:
        """`行政运行 1,391.68 万元，比上年增加 333.83 万元（增长 31.35%）` where the text states no
        prior amount: the prior is the table's 上年 (or earlier year's) column in the row whose
        current cell the text restates, and the change and its direction are checked against it.
        (A rate after the change is already checked against current − change by `_growth`.)"""
        out = []
        sentences: dict[tuple[int, int], list[Claim]] = defaultdict(list)
        for c in claims:
            sentences[(c.page, c.sentence)].append(c)
        for group in sentences.values():
            if any(c.kind == "amount" and c.role == "prior" for c in group):
                continue  # the text states its own base: the text rules check it
            for i, change in enumerate(group):
                if change.kind != "difference":
                    continue
                current = next((c for c in reversed(group[:i]) if c.kind == "amount"), None)
                if current is None or any(c.kind == "difference" for c in group[:i] if c.offset > current.offset):
                    continue
                prior = self._prior(current)
                if prior is None or prior.unit != change.unit:
                    continue
                out += _difference(change, current, prior)
        return out

    def _prior(self, current: Claim) -> Claim | None:
        """The prior-year cell of the row whose current cell the claim restates, as a claim in the
        claim's unit (None when no table prints one)."""
        if to_yuan(Decimal(1), current.unit) is None:
            return None
        cells, _ = self._cells_for(current)
        for table, amount, _what in cells:
            if amount is None or not _restates(current, table, amount):
                continue
            col = _prior_column(table)
            row = next((r for r in table.rows if any(a is amount for a in r.amounts.values())), None)
            if col is None or row is None or col not in row.amounts or row.amounts[col] is amount:
                continue
            cell = row.amounts[col]
            factor = to_yuan(Decimal(1), table.unit or current.unit) / to_yuan(Decimal(1), current.unit)
            if factor > 1:
                continue  # a 万元 table restated in 元: its rounding is coarser than the claim's
            shift = max(0, -factor.normalize().as_tuple().exponent) if factor < 1 else 0
            number = PrintedNumber(cell.number.printed, cell.value * factor, cell.number.decimals + shift)
            return Claim(page=cell.cell.page, text=f"{table.kind}（第{cell.cell.page}页）{table.columns[col].name}",
                         subject=current.subject, value=number.value, unit=current.unit, kind="amount", number=number,
                         role="prior", ocr=cell.ocr)
        return None

    def _cells_for(self, c: Claim) -> tuple[list[tuple[Table, object, str]], bool]:
        """Cells stating what the claim states — its named total, its classification item, or the
        category its subject names (a row, or a column's 合计) — best first; and whether the link
        was a named total. A blank cell is given as None (an exact zero)."""
        cells = self._total_cells(c.lead, c.subject)
        if cells is not None:
            return cells, True
        residue = _GENERIC.sub("", _NAMED_ITEM.sub("", _ORDINAL.sub("", c.subject)))
        if c.topic and len(residue) <= 1:
            name, level = c.topic[-1]
            item = _norm(name)
            return self._row_cells(lambda r: self._names[id(r)].endswith(item) and len(item) >= 2
                                   and (r.level is None or r.level == level) and (r.code is not None or level == "类"),
                                   f"{name}({level})"), False
        if c.topic:
            return [], False
        for name in _named(c.subject):
            target = _norm(name)
            if len(target) < 3:
                continue
            row_name = _ROW_NAME.get(target, target)
            cells = (self._row_cells(lambda r: self._names[id(r)] in (target, row_name), name)
                     or self._column_cells(target, name))
            if cells:
                return cells, False
        return [], False

    def _total_cells(self, *names: str) -> list[tuple[Table, object, str]] | None:
        """The cells of the named total one of the names states (the template's `links.totals`),
        or None when none names one. Each name is matched by itself: a clause's raw lead and its
        subject are two readings of the same words."""
        for link in self.total_links:
            if any(link.words.search(n) for n in names if n):
                cells = [(t, r.amounts.get(_first_amount_col(t, r)), r.name) for t, r in self.rows
                         if t.kind in link.kinds and link.rows.match(regex.sub(r"\s", "", r.name))]
                return [x for x in cells if x[1] is not None]
        return None

    def _preference(self, t: Table) -> int:
        return self.preferred.index(t.kind) if t.kind in self.preferred else len(self.preferred)

    def _base_rows(self, base: str) -> list[tuple[Table, object, str]]:
        """Rows printing the base by its own name (`占本年支出合计的100%` → 收支总表's 本年支出合计),
        their first amount: the row's total."""
        name = regex.sub(r"\s", "", base)
        if len(name) < 4:
            return []
        cells = [(t, r.amounts.get(_first_amount_col(t, r)), r.name) for t, r in self.rows
                 if regex.sub(r"\s", "", _ORDINAL.sub("", r.name)) == name]
        return sorted((x for x in cells if x[1] is not None), key=lambda x: self._preference(x[0]))

    def _row_cells(self, match, what: str):
        found = [(t, r) for t, r in self.rows if match(r)]
        found.sort(key=lambda tr: self._preference(tr[0]))
        cells = []
        for t, r in found:
            cols = t.row_amount_columns(r)
            cells += [(t, r.amounts.get(k), what) for k in cols]
        return cells

    def _column_cells(self, target: str, what: str):
        """A column's total: its 合计/总计 row, or its one row in a table of one row (Shanghai's
        `“三公”经费和机关运行经费预算表` prints 机关运行经费预算数 as a column of its only row)."""
        cells = []
        key = _PHASE.sub("", target)
        for t in sorted(self.tables, key=self._preference):
            amount_rows = [r for r in t.rows if r.amounts]
            for k in t.amount_columns():
                if _PHASE.sub("", _norm(t.columns[k].leaf)) != key:
                    continue
                for r in t.rows:
                    total = r.name and regex.sub(r"[\s:：]", "", r.name) in ("合计", "总计")
                    if k in r.amounts and (total or (len(amount_rows) == 1 and not r.name)):
                        cells.append((t, r.amounts[k], what))
        return cells


_YEAR_COLUMN = regex.compile(r"上年|(?P<year>\d{4})\s*年")
_NOT_PRIOR = regex.compile(r"结转|结余|增减|变动|比|%|％")


def _prior_column(table: Table) -> int | None:
    """The amount column printing last year's figure: named 上年…, or the earlier of two years
    (`2025年执行数` beside `2026年预算数`); never a 上年结转 or an 增减 column."""
    years: dict[int, int | None] = {}
    for k in table.amount_columns():
        name = table.columns[k].name
        m = _YEAR_COLUMN.search(name)
        if m is None or _NOT_PRIOR.search(name):
            continue
        years[k] = int(m.group("year")) if m.group("year") else None
    named = [k for k, y in years.items() if y is None]
    if len(named) == 1:
        return named[0]
    dated = sorted((y, k) for k, y in years.items() if y is not None)
    if len(dated) >= 2 and dated[0][0] < dated[-1][0] and sum(1 for y, _ in dated if y == dated[0][0]) == 1:
        return dated[0][1]
    return None


def _earlier_year_columns(table: Table) -> set[int]:
    """Amount columns naming a year before the latest year the table's columns name: the
    `2025年预算数/…` half of a 三公 table printed beside its `2026年预算数/…` half."""
    years = {k: int(m.group("year")) for k in table.amount_columns()
             if (m := _YEAR_COLUMN.search(table.columns[k].name)) and m.group("year")}
    latest = max(years.values(), default=None)
    return {k for k, y in years.items() if y < latest}


def _named_class(c: Claim) -> tuple[str, str, set[str]] | None:
    """The classification a claim's clause names — by a level tag (`一般公共服务支出（类）`) or by a
    类's official name alone (`1、一般公共服务支出 396.84 万元`) — with every code that name has had."""
    if c.topic:
        name, level = c.topic[-1]
    else:
        name, level = _ORDINAL.sub("", c.subject).strip(), "类"
    if level not in LENGTH_BY_LEVEL:
        return None
    entries = catalogues.names_at_level(LENGTH_BY_LEVEL[level]).get(catalogues.normalise(name), [])
    return (name, level, {e.code for e in entries}) if entries else None


# A 三公 table's vehicle column split under its header: `公务用车购置及运行费/运行费` is the 运行费.
_VEHICLE_PART = regex.compile(r"公务用车购置及运行(?:维护)?费(?:用)?/(?:其中[:：])?(?P<part>运行(?:维护)?费|购置费)")


def _sangong_item(text: str) -> str | None:
    found = [m.lastgroup for m in _SANGONG_ITEM.finditer(regex.sub(r"\s", "", _ORDINAL.sub("", text or "")))]
    return found[-1] if found else None


def _digits(printed: str) -> str:
    return regex.sub(r"\D", "", printed or "")


def _copied_with_a_slip(c: Claim, cell_in_claim_unit: Decimal, printed: str) -> bool:
    """The text figure is the cell copied with a typing slip: compared as printed, or — for a
    table in another unit or with more decimals (`171,915,169 元` restated as `17,191.25 万元`) —
    against the cell converted to the text's unit and rounded to the text's decimals."""
    if _typing_slip(_digits(c.number.printed), _digits(printed)):
        return True
    places = Decimal(1).scaleb(-c.number.decimals)
    return _typing_slip(_digits(str(c.value.quantize(places))),
                        _digits(str(cell_in_claim_unit.quantize(places, rounding=ROUND_HALF_UP))))


def _typing_slip(a: str, b: str) -> bool:
    """True when two digit strings differ by one changed digit, two adjacent digits swapped, or
    one digit added or dropped: the slips of someone copying a figure by hand."""
    if a == b or not a or not b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if abs(len(a) - len(b)) == 1:
        long, short = (a, b) if len(a) > len(b) else (b, a)
        return any(long[:i] + long[i + 1:] == short for i in range(len(long)))
    return False




def _first_amount_col(t: Table, r: Row) -> int | None:
    cols = t.row_amount_columns(r)
    return cols[0] if cols else None


def _yuan(i: Interval, unit: str | None) -> Interval | None:
    f = to_yuan(Decimal(1), unit)
    return None if f is None else Interval(i.value * f, i.radius * f)


def _restates(c: Claim, table: Table, amount) -> bool:
    """The same quantity printed twice: the finer printing rounded to the coarser one's decimals
    must give the coarser one (half up or half even). Prose in 万元 beside a table in 万元 is read
    to two decimals (trailing zeros are dropped in prose); beside a table in 元 it is a rounding to
    its printed places (`19,577万元` restates `195,774,300` 元), rounded or cut off. Intervals that
    merely touch are not enough: 253.54 does not restate 253.53."""
    cell = _cell_yuan(table, amount, c.unit)
    factor = to_yuan(Decimal(1), c.unit)
    in_claim_unit = cell.value / factor
    claim_decimals = c.number.decimals if c.number else 2
    if c.unit == "万元" and (table.unit or c.unit) == "万元":
        claim_decimals = max(claim_decimals, 2)  # `3 万元` beside a 万元 table means 3.00
    cell_decimals = max(0, -(cell.radius * 2 / factor).normalize().as_tuple().exponent) if cell.radius else 0
    places = Decimal(1).scaleb(-min(claim_decimals, cell_decimals) if cell.radius else -claim_decimals)
    # A table in a finer unit (元) restated in 万元 may have been cut, not rounded: Shanghai's
    # 2,049,197 元 is the text's 204.91 万元.
    roundings = (ROUND_HALF_UP, ROUND_HALF_EVEN) + ((ROUND_DOWN,) if cell_decimals > claim_decimals else ())
    return any(in_claim_unit.quantize(places, rounding=r) == c.value.quantize(places, rounding=r)
               for r in roundings)


def _cell_yuan(table: Table, amount, claim_unit: str | None) -> Interval:
    """A cell in 元; a table without a printed unit is taken to use the narrative's unit."""
    return _yuan(Interval.of(amount.number if amount else None), table.unit or claim_unit)


def _cell_evidence(table: Table, amount, what: str) -> dict:
    cell = amount.cell if amount else None
    return {"role": "table", "label": f"{table.kind} {what}", "printed": amount.number.printed if amount else "",
            "value": str(amount.value) if amount else None, "unit": table.unit,
            "page": cell.page if cell else table.page_first, "bbox": list(cell.bbox) if cell and cell.bbox else None,
            "ocr": bool(amount and amount.ocr)}
