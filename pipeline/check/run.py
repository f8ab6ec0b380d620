"""Run every rule source over a document and collect the findings, in a stable order.

Identity sources (structure, the document's notes, the family's templates) all go through the
one engine in `identity`; the narrative, form and completeness rules produce findings directly.
Severity is settled here last: a reading in doubt turns an error into a warning.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from pipeline.check import completeness, narrative, notes, performance, structure, templates
from pipeline.check.identity import Identity
from pipeline.model import Claim, Document, Finding, Table

SUPPORTED_FAMILIES = ("budget", "final_account", "performance_target", "performance_selfeval")
SYSTEMATIC_SHARE = 0.8  # a column identity failing on this share of its rows (3 at least) is a misread header
SYSTEMATIC_MIN = 3


def check_document(tables: list[Table], claims: list[Claim] = (), family: str | None = None,
                   document: Document | None = None) -> list[Finding]:
    identities: list[Identity] = []
    for table in tables:
        identities += structure.identities(table)
    for table in tables:
        identities += notes.identities(table)
    identities += templates.identities(tables, family)
    failed = _evaluate_once(identities)
    doubts = {t.table_id: t.doubt for t in tables if t.doubt}
    disputed = {t.table_id: t.disputed for t in tables if t.disputed}
    checked = Counter(_column(i) for i in identities)
    failing = Counter(_column(i) for i, _ in failed)
    findings = [_settle(identity, finding, checked, failing, doubts) for identity, finding in failed]
    findings = [_engines_disagree(f, disputed) for f in findings]
    findings += narrative.findings(list(claims), tables, family)
    if document is not None:
        findings += performance.findings(document)
    findings += completeness.findings(tables, family, document)
    if family is not None and family not in SUPPORTED_FAMILIES:
        findings = [_as_warning(f, "文件类型未识别，规则未必适用 | not a recognised disclosure; the rules may not apply")
                    for f in findings]
    return findings


def _evaluate_once(identities: list[Identity]) -> list[tuple[Identity, Finding]]:
    """Failed identities with their findings. One identity stated twice (a note formula restating
    a column sum the header tree already gave) is reported once, under the first source; a row
    whose children miss it in several columns (rows left out of a 合计) is one finding naming each."""
    seen = set()
    out: list[tuple[Identity, Finding]] = []
    by_group: dict[str, int] = {}
    for identity in identities:
        finding = identity.evaluate()
        if finding is None:
            continue
        key = tuple((e["page"], tuple(e["bbox"] or ()), e["role"]) for e in finding.evidence)
        key = (finding.table_id, key[0], frozenset(key[1:]))
        if key in seen:
            continue
        seen.add(key)
        if identity.group is not None and identity.group in by_group:
            i = by_group[identity.group]
            out[i] = (out[i][0], _merged(out[i][1], identity.subject, finding))
            continue
        if identity.group is not None:
            by_group[identity.group] = len(out)
        out.append((identity, finding))
    return out


def _merged(first: Finding, subject: str, other: Finding) -> Finding:
    column = subject[subject.rfind("[") + 1:].rstrip("]")
    also = f" ‖ 同行 [{column}]: {other.actual} ≠ {other.expected} (Δ = {other.delta})"
    evidence = first.evidence + tuple(e for e in other.evidence if e not in first.evidence)
    severity = "error" if "error" in (first.severity, other.severity) else first.severity
    return replace(first, message=first.message + also, evidence=evidence, severity=severity)


def _column(identity: Identity) -> tuple | None:
    subject = identity.subject
    return (identity.table_id, subject[subject.rfind("["):]) if identity.rule == "column_sum" else None


def _settle(identity: Identity, finding: Finding, checked: Counter, failing: Counter,
            doubts: dict[str, str]) -> Finding:
    """Warnings for doubtful readings: a table whose labels may be one row off, and a column sum
    failing on nearly every row of its table (the header tree was misread — text overflowing into
    the next header cell — rather than every row being wrong). `checked`/`failing` count the
    column-sum identities per (table, column)."""
    if finding.table_id in doubts:
        return _as_warning(finding, f"读取存疑 | doubtful reading: {doubts[finding.table_id]}")
    key = _column(identity)
    if key is not None:
        n, k = checked[key], failing[key]
        if k >= SYSTEMATIC_MIN and k >= SYSTEMATIC_SHARE * n:
            return _as_warning(finding, f"该列 {k}/{n} 行不成立，更可能是表头读错 | fails on {k} of {n} rows: "
                                        "more likely a misread header than wrong data")
    return finding


def _engines_disagree(finding: Finding, disputed: dict[str, dict]) -> Finding:
    """A finding resting on a cell camelot reads differently says so, and is a warning."""
    notes = []
    for cell in finding.evidence:
        table_id = cell.get("table_id") or finding.table_id
        other = disputed.get(table_id, {}).get((cell.get("row"), cell.get("col")))
        if other is not None:
            notes.append(f"{cell.get('label')}: pdfplumber {cell.get('printed') or '空'} / camelot {other}")
    if not notes:
        return finding
    return _as_warning(finding, "两个引擎读数不一致 | the engines disagree: " + "; ".join(notes))


def _as_warning(f: Finding, why: str) -> Finding:
    if f.severity != "error":
        return f
    return replace(f, severity="warning", message=f"{f.message} ‖ {why}")
