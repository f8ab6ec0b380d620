"""Performance self-evaluation forms (绩效自评表): 执行率 = B/A and 得分 = weight × rate.

The forms are read from the ruled grid itself, not from the parsed table: their cells are a
form layout (label, A, B, rate, score in one row under a header row), which the column model of
a financial table does not capture. Rules:
- `execution_rate`: the printed 执行率 against 执行数 ÷ 预算数 (the 全年预算数 where the form has both
  年初 and 全年, as the central template computes it).
- `score_mismatch`: the printed 得分 against 分值 × min(执行率, 100 %), the linear rule most templates
  state. Regions may use a stepped rule, so the finding carries a `scoring_assumed` reason (a
  warning) and names the rule it assumed.
A cell read by OCR (a scanned form) adds an `ocr` reason.
"""
from __future__ import annotations

from decimal import Decimal

import regex

from parsers.numbers import PrintedNumber, normalise, parse_number
from pipeline.check import policy
from pipeline.model import Cell, Document, Finding, Grid, Reason

HUNDRED = Decimal(100)
_BUDGET = regex.compile(r"全年预算数|预算数|预算金额|年初预算数")
_ACTUAL = regex.compile(r"执行数|实际支出|执行金额")
_RATE = regex.compile(r"执行率")
_SCORE = regex.compile(r"^得分$|^自评得分$")
_WEIGHT = regex.compile(r"^分值$|^权重$")
_WEIGHT_IN_LABEL = regex.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def findings(document: Document) -> list[Finding]:
    out: list[Finding] = []
    for page in document.pages:
        for grid in page.grids:
            out += _grid_findings(grid)
    return out


def _grid_findings(grid: Grid) -> list[Finding]:
    out = []
    for h, header in enumerate(grid.rows):
        cols = _header_columns(header)
        if cols is None:
            continue
        weight = _weight_in(header)
        for row in grid.rows[h + 1:h + 6]:
            values = {k: _number(row, c) for k, c in cols.items() if c is not None}
            a, b = values.get("budget"), values.get("actual")
            if a is None or b is None:
                continue
            w = values["weight"][0].value if values.get("weight") else weight
            out += _check_row(grid.page, a, b, values.get("rate"), values.get("score"), w)
            break  # the 年度资金总额 row is the one that is scored; 其中 rows below are parts
    return out


def _header_columns(header: tuple[Cell, ...]) -> dict[str, int | None] | None:
    texts = [normalise(c.text or "") for c in header]

    def find(pattern, prefer=None):
        hits = [i for i, t in enumerate(texts) if t and pattern.search(t)]
        if prefer:
            preferred = [i for i in hits if prefer in texts[i]]
            hits = preferred or hits
        return hits[0] if hits else None
    budget, actual, rate = find(_BUDGET, "全年"), find(_ACTUAL), find(_RATE)
    if budget is None or actual is None or rate is None:
        return None
    return {"budget": budget, "actual": actual, "rate": rate, "score": find(_SCORE), "weight": find(_WEIGHT)}


def _weight_in(header: tuple[Cell, ...]) -> Decimal | None:
    for c in header:
        m = _WEIGHT_IN_LABEL.search(normalise(c.text or ""))
        if m:
            return Decimal(m.group(1))
    return None


def _number(row: tuple[Cell, ...], col: int) -> tuple[PrintedNumber, Cell] | None:
    if col >= len(row) or row[col].text is None:
        return None
    n = parse_number(row[col].text)
    return (n, row[col]) if n is not None else None


def _check_row(page: int, a, b, rate, score, w: Decimal | None) -> list[Finding]:
    (na, ca), (nb, cb) = a, b
    if na.value <= 0:
        return []
    lo = (nb.value - nb.half_ulp) / (na.value + na.half_ulp) * HUNDRED
    hi = (nb.value + nb.half_ulp) / (na.value - na.half_ulp) * HUNDRED if na.value > na.half_ulp else None
    mid = (nb.value / na.value * HUNDRED).quantize(Decimal("0.01"))
    out = []
    evidence = [_evidence("预算数(A)", na, ca), _evidence("执行数(B)", nb, cb)]
    if rate is not None and hi is not None:
        nr, cr = rate
        if _outside(nr, lo, hi):
            out.append(_form_finding(
                "execution_rate", (), page, nr, mid, evidence + [_evidence("执行率", nr, cr)],
                f"执行率 {nr.printed} ≠ 执行数 {nb.printed} ÷ 预算数 {na.printed} = {mid}% | "
                f"execution rate printed {nr.value}%, B/A = {mid}%"))
    if score is not None and w is not None:
        ns, cs = score
        expected = (w * min(mid, HUNDRED) / HUNDRED).quantize(Decimal("0.01"))
        if _outside(ns, w * min(lo, HUNDRED) / HUNDRED, w * min(hi if hi is not None else HUNDRED, HUNDRED) / HUNDRED):
            out.append(_form_finding(
                "score_mismatch", (policy.reason("scoring_assumed", "得分 = 分值 × min(执行率, 100%)"),), page, ns, expected, evidence + [_evidence("得分", ns, cs)],
                f"得分 {ns.printed} ≠ 分值 {w} × 执行率 {mid}% = {expected}（按线性评分规则：得分 = 分值 × min(执行率, 100%)）| "
                f"score printed {ns.value}; the linear rule weight × min(B/A, 100%) gives {expected}"))
    return out


def _outside(n: PrintedNumber, lo: Decimal, hi: Decimal) -> bool:
    """The printed value's rounding interval misses [lo, hi]."""
    return n.value + n.half_ulp < lo or n.value - n.half_ulp > hi


def _form_finding(rule: str, reasons: tuple[Reason, ...], page: int, stated: PrintedNumber, expected: Decimal,
                  evidence: list[dict], message: str) -> Finding:
    ocr = [e["label"] for e in evidence if e["ocr"]]
    if ocr:
        reasons += (policy.reason("ocr", "OCR 读数 | read by OCR: " + ", ".join(ocr)),)
    return Finding(rule=rule, severity=policy.severity(rule, reasons), table_id=None, page=page, message=message,
                   expected=expected, actual=stated.value, delta=stated.value - expected, tolerance=stated.half_ulp,
                   evidence=tuple(evidence), reasons=reasons)


def _evidence(label: str, n: PrintedNumber, c: Cell) -> dict:
    return {"role": "part", "label": label, "printed": n.printed, "value": str(n.value), "page": c.page,
            "bbox": list(c.bbox) if c.bbox else None, "ocr": c.ocr}
