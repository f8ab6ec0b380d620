"""Run every rule source over a document and collect the findings, in a stable order."""
from __future__ import annotations

from pipeline.check import narrative, performance, structure, templates
from pipeline.model import Claim, Document, Finding, Table


def check_document(tables: list[Table], claims: list[Claim] = (), family: str | None = None,
                   document: Document | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for table in tables:
        for identity in structure.identities(table):
            finding = identity.evaluate()
            if finding is not None:
                findings.append(finding)
    for identity in templates.identities(tables, family):
        finding = identity.evaluate()
        if finding is not None:
            findings.append(finding)
    findings += narrative.findings(list(claims), tables, family)
    if document is not None:
        findings += performance.findings(document)
    return findings
