"""Run every rule source over a document and collect the findings, in a stable order."""
from __future__ import annotations

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
    """Findings of failed identities; one identity stated twice (a note formula restating a
    column sum the header tree already gave) is reported once, under the first source."""
    seen = set()
    out = []
    for identity in identities:
        finding = identity.evaluate()
        if finding is None:
            continue
        key = tuple((e["page"], tuple(e["bbox"] or ()), e["role"]) for e in finding.evidence)
        key = (finding.table_id, key[0], frozenset(key[1:]))
        if key in seen:
            continue
        seen.add(key)
        out.append(finding)
    return out
