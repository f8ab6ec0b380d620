"""Cross-document pass over a store: links, cross-document findings and series.

Runs over every document of the store (not only the ones just ingested), because a budget added
today is the prior year of one added last week. It reads only contract rows, so it is the same
whether the rows come from one batch or from an accumulated store.
"""
from __future__ import annotations

import json

from pipeline import links as linking
from pipeline.check import crossdoc
from pipeline.series import series_rows


def analyse(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """rows: the store's documents, tables, records, claims and facts. Returns `links`, `series` and
    the cross-document `findings` (rule family crossdoc) to add to the store's findings."""
    kinds: dict[str, set[str]] = {}
    for t in rows["tables"]:
        kinds.setdefault(t["doc_id"], set()).add(t["kind"])
    docs = [linking.Doc(d["doc_id"], d["path"], d.get("kind") or "other", d.get("issuer"), d.get("year"),
                        d.get("scope"), frozenset(kinds.get(d["doc_id"], ())), d.get("current", True) is not False,
                        tuple(json.loads(d.get("units") or "[]")))
            for d in rows["documents"] if d.get("status") != "failed"]
    link_rows = linking.link_rows(docs)
    grouped = crossdoc.group_rows(rows["documents"], rows["tables"], rows["records"], rows["claims"])
    found, counts = crossdoc.findings(grouped, link_rows)
    comparisons = [{"rule": rule, "comparisons": n,
                    "failed": sum(1 for f in found if f["rule"] == rule)} for rule, n in sorted(counts.items())]
    return {"links": link_rows, "findings": found, "series": series_rows(rows["facts"], rows["documents"]),
            "comparisons": comparisons}


def evidence_docs(finding: dict) -> list[str]:
    """The documents a finding's evidence cells come from (a cross-document finding names two)."""
    cells = json.loads(finding.get("evidence") or "[]")
    return sorted({c["doc_id"] for c in cells if isinstance(c, dict) and c.get("doc_id")})
