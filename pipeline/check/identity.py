"""One identity — total = Σ parts — over table cells, evaluated into a Finding when it fails.

Every rule source (code hierarchy, column sums, templates, the document's own notes) produces
`Identity` objects; this module is the only place that decides consistency. Severity is the
policy's (`pipeline.check.policy`): a value read by OCR is recorded as a reason on the finding.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pipeline.check import policy
from pipeline.check.intervals import Interval, total
from pipeline.model import Amount, Finding, Row


MAX_TERMS_SHOWN = 12  # a 合计 over 149 rows is summarised in the message; evidence keeps every cell


@dataclass(frozen=True)
class Term:
    """One side of an identity: a table cell (amount may be None for a blank cell) and its label."""

    label: str
    amount: Amount | None
    page: int | None = None
    bbox: tuple | None = None
    sign: int = 1
    row: int | None = None  # the cell's row and column in the parsed table, so a finding can be
    col: int | None = None  # traced back to the table without re-matching boxes (Excel highlights)
    table_id: str | None = None  # set when the cell is in another table than the finding's (cross-table)
    exact: bool = False  # a designed figure (a 分值 / 得分 of a form), not a rounded measurement

    @classmethod
    def at(cls, row: Row, col: int, label: str, sign: int = 1, table_id: str | None = None,
           exact: bool = False) -> "Term":
        """The term for one table cell: its amount (None when blank), page, box and position."""
        cell = next((c for c in row.cells if c.col == col), None)
        return cls(label=label, amount=row.amounts.get(col), page=row.page, bbox=cell.bbox if cell else None,
                   sign=sign, row=row.index, col=col, table_id=table_id, exact=exact)

    @property
    def interval(self) -> Interval:
        i = Interval.of(self.amount.number if self.amount else None)
        if self.exact:
            i = Interval(i.value, Decimal(0))
        return i if self.sign > 0 else Interval(-i.value, i.radius)

    def evidence(self, role: str) -> dict:
        cell = self.amount.cell if self.amount else None
        return {"role": role, "label": self.label,
                "printed": self.amount.number.printed if self.amount else "",
                "value": str(self.amount.value) if self.amount else None,
                "page": cell.page if cell else self.page,
                "bbox": list(cell.bbox) if cell and cell.bbox else (list(self.bbox) if self.bbox else None),
                "ocr": bool(self.amount and self.amount.ocr), "row": self.row, "col": self.col,
                "table_id": self.table_id, "cell": cell.ref if cell else None}


@dataclass(frozen=True)
class Identity:
    rule: str
    table_id: str | None
    subject: str  # what the identity is about, e.g. `201 一般公共服务支出 / 合计`
    total: Term
    parts: tuple[Term, ...]
    group: str | None = None  # identities of one row across its columns: one slip, one finding

    def evaluate(self) -> Finding | None:
        """None when the identity holds within rounding; else a Finding with the evidence."""
        if self.total.amount is None and all(p.amount is None for p in self.parts):
            return None
        stated = self.total.interval
        computed = total(p.interval for p in self.parts)
        if stated.consistent_with(computed):
            return None
        ocr = [t.label for t in (self.total, *self.parts) if t.amount is not None and t.amount.ocr]
        shown = self.parts if len(self.parts) <= MAX_TERMS_SHOWN else self.parts[:MAX_TERMS_SHOWN - 1]
        expr = " + ".join(_fmt(p) for p in shown).replace("+ -", "- ") or "0"
        if len(shown) < len(self.parts):
            expr += f" + …（共 {len(self.parts)} 项，见 evidence）"
        delta = stated.value - computed.value
        tol = stated.tolerance_with(computed)
        message = (f"{self.subject}: {_fmt(self.total)} ≠ {expr} = {computed.value} "
                   f"(Δ = {delta}, 容差 ±{tol}) | stated {stated.value}, parts add to {computed.value}")
        reasons = (policy.reason("ocr", "OCR 读数 | read by OCR: " + ", ".join(ocr)),) if ocr else ()
        blank = self._blank_total()
        if blank is not None:
            reasons += (policy.reason("blank_total", f"{blank.label} 栏空白 | {blank.label} is left blank"),)
        return Finding(rule=self.rule, severity=policy.severity(self.rule, reasons), table_id=self.table_id,
                       page=self.total.amount.cell.page if self.total.amount else self.total.page,
                       message=message, expected=computed.value, actual=stated.value, delta=delta,
                       tolerance=tol,
                       evidence=(self.total.evidence("total"), *(p.evidence("part") for p in self.parts)),
                       reasons=reasons)

    def _blank_total(self) -> Term | None:
        """The total left blank, if one is: the stated total, or the one figure it is compared
        with (`收入总计` of another table). A blank part of a sum is an exact zero — disclosures
        leave zeros blank — but a blank total over parts that are not is a figure the document
        did not fill in (or one the reading lost), not an arithmetic slip, and no value is
        invented for it."""
        if self.total.amount is None:
            return self.total
        if len(self.parts) == 1 and self.parts[0].amount is None:
            return self.parts[0]
        return None


def _fmt(term: Term) -> str:
    printed = term.amount.number.printed if term.amount else "空"
    sign = "-" if term.sign < 0 else ""
    ref = term.amount.cell.ref if term.amount else None
    return f"{sign}{term.label} {printed}" + (f" [{ref}]" if ref else "")


@dataclass(frozen=True)
class Ratio:
    """A printed rate = numerator ÷ denominator × 100 (执行率 = B/A, 结余率 = ⑥/③), in interval
    arithmetic: the quotient of the two printed intervals must meet the rate's printed interval.
    A rate off by one unit in its last printed place is a warning (it may have been computed from
    unrounded figures); further off, an error."""

    rule: str
    table_id: str | None
    subject: str
    rate: Term
    numerator: Term
    denominator: Term
    group: str | None = None  # never merged with other findings of its row

    def evaluate(self) -> Finding | None:
        if self.rate.amount is None or self.denominator.amount is None:
            return None
        n, d, p = self.numerator.interval, self.denominator.interval, self.rate.interval
        if d.value - d.radius <= 0:
            return None
        ends = [(n.value + a * n.radius) / (d.value + b * d.radius) * 100 for a in (-1, 1) for b in (-1, 1)]
        lo, hi = min(ends), max(ends)
        if p.value + p.radius >= lo and p.value - p.radius <= hi:
            return None
        mid = n.value / d.value * 100
        shown = mid.quantize(Decimal(1).scaleb(-max(self.rate.amount.number.decimals, 2)))
        ulp = Decimal(1).scaleb(-self.rate.amount.number.decimals)
        near = abs(p.value - mid) <= ulp + p.radius + (hi - lo) / 2
        ocr = [t.label for t in (self.rate, self.numerator, self.denominator) if t.amount is not None and t.amount.ocr]
        reasons = ((policy.reason("last_place", f"{p.value}% / {shown}%"),) if near else ()) + \
            ((policy.reason("ocr", "OCR 读数 | read by OCR: " + ", ".join(ocr)),) if ocr else ())
        message = (f"{self.subject}: {_fmt(self.rate)} ≠ {_fmt(self.numerator)} ÷ {_fmt(self.denominator)} = {shown}% "
                   f"| stated {p.value}%, computed {shown}%")
        return Finding(rule=self.rule, severity=policy.severity(self.rule, reasons), table_id=self.table_id,
                       page=self.rate.amount.cell.page, message=message, expected=shown, actual=p.value,
                       delta=p.value - shown, tolerance=p.radius + (hi - lo) / 2,
                       evidence=(self.rate.evidence("total"), self.numerator.evidence("part"),
                                 self.denominator.evidence("part")), reasons=reasons)
