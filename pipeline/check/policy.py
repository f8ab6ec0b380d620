"""The severity policy: the one place a finding's severity is decided.

A rule source states what failed and why the failure may not be a slip in the document — as
structured `Reason`s on the finding (`ocr`, `engines_disagree`, `scope`, …), never as text in its
message. `judge` gives the finding its rule's default severity (`catalogue`), lowered to the
mildest cap among its reasons. Every reason kind is registered in `REASONS` with that cap and
what it means; the README's severity table is generated from it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.check import catalogue
from pipeline.model import Finding, Reason


@dataclass(frozen=True)
class ReasonKind:
    code: str
    cap: str  # the most severe severity a finding with this reason can have
    means: str  # why, for the README


REASONS: dict[str, ReasonKind] = {k.code: k for k in (
    ReasonKind("ocr", "warning", "a value involved was read by OCR from the page image (tables, prose and forms alike)"),
    ReasonKind("engines_disagree", "warning", "a cell involved is one camelot reads differently; the note gives both readings"),
    ReasonKind("doubtful_reading", "warning", "the table's reading is in doubt (row labels one row off their codes)"),
    ReasonKind("lost_row", "warning", "the sum's difference is what rows printed outside the table's grid print: a row "
                                      "the reading lost (`row_outside_grid`), not a slip"),
    ReasonKind("misread_header", "warning", "a column sum fails on nearly every row of its table: a misread header "
                                            "rather than every row wrong"),
    ReasonKind("scope", "warning", "the sentence states coverage (`共涉及资金 X 万元，占…的 100%`, in a performance "
                                   "paragraph), not arithmetic: X may be a budget figure, not the table's spending"),
    ReasonKind("other_scope", "warning", "a text amount differs from its table cell by more than a typing slip: the "
                                         "text may state another scope"),
    ReasonKind("last_place", "warning", "a rate is off by one unit in its last printed place (computed from other, "
                                        "unprinted figures)"),
    ReasonKind("scoring_assumed", "warning", "the scoring rule (linear) is assumed; some regions score in steps"),
    ReasonKind("blank_total", "warning", "a total (or the one figure a total is compared with) is printed blank over "
                                         "parts that are not: an omission to fill in, or a cell the reading lost, "
                                         "not an arithmetic slip"),
    ReasonKind("not_disclosure", "warning", "the document is not a recognised disclosure; the rules may not apply"),
)}


def reason(code: str, note: str = "") -> Reason:
    """A structured reason; an unregistered code is a programming error, raised at once."""
    if code not in REASONS:
        raise KeyError(f"reason {code!r} is not registered in pipeline/check/policy.py")
    return Reason(code, note)


def severity(rule_id: str, reasons: tuple[Reason, ...]) -> str:
    order = catalogue.SEVERITIES
    level = order.index(catalogue.get(rule_id).severity)
    for r in reasons:
        level = max(level, order.index(REASONS[r.code].cap))
    return order[level]


def judge(finding: Finding) -> Finding:
    """The finding with the severity its rule and reasons give (whatever its source set), each
    reason code kept once."""
    seen: set[str] = set()
    reasons = tuple(r for r in finding.reasons if not (r.code in seen or seen.add(r.code)))
    return replace(finding, severity=severity(finding.rule, reasons), reasons=reasons)


def with_reason(finding: Finding, r: Reason) -> Finding:
    """The finding with one more reason (a reason already present is not repeated)."""
    if any(x.code == r.code for x in finding.reasons):
        return finding
    return replace(finding, reasons=finding.reasons + (r,))


def markdown_table() -> str:
    lines = ["| reason (`findings.reasons`) | at most | means |", "|---|---|---|"]
    for k in REASONS.values():
        lines.append(f"| `{k.code}` | {k.cap} | {k.means} |")
    return "\n".join(lines)
