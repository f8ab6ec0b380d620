"""Figures for `budgetpipe eval`: per document and in total, from one run's results."""
from __future__ import annotations

from collections import Counter

from parsers.registry import REGISTRY

STANDARD = REGISTRY.standard_kinds()  # every kind some template requires


# Rules that recompute a table's own arithmetic: a table "holds" when none of them fails on it.
# (Text, form and completeness findings also name tables, but say nothing of their sums.)
IDENTITY_RULES = {"hierarchy_sum", "column_sum", "note_formula", "cross_table", "total_balance"}


def per_document(results) -> tuple[list[dict], dict]:
    rows = []
    for r in sorted(results, key=lambda r: r.document["file"]):
        with_findings = {f["table_id"] for f in r.findings if f["rule"] in IDENTITY_RULES}
        coded = {x["table_id"] for x in r.records if x.get("code")}
        rows.append({
            "file": r.document["file"], "status": r.document["status"], "kind": r.document["kind"],
            "standard": sum(1 for t in r.tables if t["kind"] in STANDARD),
            "tables": len(r.tables),
            "hold": sum(1 for t in r.tables if t["n_amounts"] and t["table_id"] not in with_findings),
            "with_findings": len(with_findings),
            "coded": len(coded), "coded_hold": len(coded - with_findings),
            "errors": sum(1 for f in r.findings if f["severity"] == "error"),
            "ocr_pages": r.document.get("ocr_pages") or 0,
        })
    status = Counter(r["status"] for r in rows)
    coded = sum(r["coded"] for r in rows)
    totals = {
        "documents": len(rows), "ok": status.get("ok", 0), "partial": status.get("partial", 0),
        "failed": status.get("failed", 0),
        "standard tables": sum(r["standard"] for r in rows), "tables": sum(r["tables"] for r in rows),
        "tables holding": sum(r["hold"] for r in rows), "tables with findings": sum(r["with_findings"] for r in rows),
        "coded tables reconciling": f"{sum(r['coded_hold'] for r in rows)}/{coded}",
        "error findings": sum(r["errors"] for r in rows), "ocr pages": sum(r["ocr_pages"] for r in rows),
    }
    return rows, totals
