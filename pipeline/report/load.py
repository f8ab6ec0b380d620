"""A finished run, read back from its output folder.

The report and the Excel export read what `store` wrote (DuckDB), not the in-memory results, so
they can be regenerated for any past run — after a template change, or on another machine with
the same output folder — without re-ingesting a single PDF.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass
class Run:
    out: Path
    documents: list[dict]
    tables: list[dict]
    findings: list[dict]  # evidence parsed from JSON into a list of cells

    def records(self) -> list[dict]:
        """Every record, in table order; read only when needed (the Excel export)."""
        return _query(self.out, "select * from records order by doc_id, table_id, row, col")


def load(out: str | Path) -> Run:
    out = Path(out)
    if not (out / "budget.duckdb").exists():
        raise FileNotFoundError(f"no budget.duckdb in {out}: run `budgetpipe ingest ... --out {out}` first")
    documents = _query(out, "select * from documents order by path, doc_id")
    tables = _query(out, "select * from tables order by doc_id, table_id")
    findings = _query(out, "select * from findings order by doc_id, finding_id")
    for f in findings:
        f["evidence"] = json.loads(f["evidence"] or "[]")
        f["reasons"] = json.loads(f.get("reasons") or "[]")
    return Run(out, documents, tables, findings)


def _query(out: Path, sql: str) -> list[dict]:
    con = duckdb.connect(str(out / "budget.duckdb"), read_only=True)
    try:
        cur = con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]
    finally:
        con.close()
