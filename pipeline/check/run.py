"""Run every rule source over a document and collect the findings, in a stable order."""
from __future__ import annotations

from pipeline.check import narrative, structure
from pipeline.model import Claim, Finding, Table


def check_document(tables: list[Table], claims: list[Claim] = (), family: str | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for table in tables:
        for identity in structure.identities(table):
            finding = identity.evaluate()
            if finding is not None:
                findings.append(finding)
    findings += narrative.findings(list(claims), tables, family)
    return findings
