"""Run every rule source over a document's tables and collect the findings, in a stable order."""
from __future__ import annotations

from pipeline.check import structure
from pipeline.model import Finding, Table


def check_document(tables: list[Table]) -> list[Finding]:
    findings: list[Finding] = []
    for table in tables:
        for identity in structure.identities(table):
            finding = identity.evaluate()
            if finding is not None:
                findings.append(finding)
    return findings
