"""Run every rule source over a document and collect the findings, in a stable order."""
from __future__ import annotations

from dataclasses import replace

from pipeline.check import completeness, narrative, notes, performance, structure, templates
from pipeline.check.identity import Identity
from pipeline.model import Claim, Document, Finding, Table


def check_document(tables: list[Table], claims: list[Claim] = (), family: str | None = None,
                   document: Document | None = None) -> list[Finding]:
    identities: list[Identity] = []
    for table in tables:
        identities += structure.identities(table)
    for table in tables:
        identities += notes.identities(table)
    identities += templates.identities(tables, family)
    findings = _evaluate_once(identities)
    findings += narrative.findings(list(claims), tables, family)
    if document is not None:
        findings += performance.findings(document)
    findings += completeness.findings(tables, family, document)
    return findings


def _evaluate_once(identities: list[Identity]) -> list[Finding]:
    """Findings of failed identities. One identity stated twice (a note formula restating a column
    sum the header tree already gave) is reported once, under the first source; a row whose
    children miss it in several columns (rows left out of a 合计) is one finding naming each."""
    seen = set()
    out: list[Finding] = []
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
            out[i] = _merged(out[i], identity.subject, finding)
            continue
        if identity.group is not None:
            by_group[identity.group] = len(out)
        out.append(finding)
    return out


def _merged(first: Finding, subject: str, other: Finding) -> Finding:
    column = subject[subject.rfind("[") + 1:].rstrip("]")
    also = f" ‖ 同行 [{column}]: {other.actual} ≠ {other.expected} (Δ = {other.delta})"
    evidence = first.evidence + tuple(e for e in other.evidence if e not in first.evidence)
    severity = "error" if "error" in (first.severity, other.severity) else first.severity
    return replace(first, message=first.message + also, evidence=evidence, severity=severity)
