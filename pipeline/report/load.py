"""A finished run, read back from its output folder.

The report and the Excel export read what `store` wrote (DuckDB), not the in-memory results, so
they can be regenerated for any past run — after a template change, or on another machine with
the same output folder — without re-ingesting a single PDF.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.series import HEADLINE_KINDS


@dataclass
class Run:
    out: Path
    documents: list[dict]
    tables: list[dict]
    findings: list[dict]  # evidence parsed from JSON into a list of cells
    claims: dict[str, int]  # doc_id → figures read from the narrative
    versions: dict[str, dict]  # doc_id → its version of the disclosure (version, versions, current)
    revisions: list[dict]  # values a newer version of a disclosure changed
    links: list[dict] = field(default_factory=list)  # relations between documents (pipeline.links)
    series: list[dict] = field(default_factory=list)  # figures by issuer and year (pipeline.series)

    def records(self) -> list[dict]:
        """Every record, in table order; read only when needed (the Excel export)."""
        return _query(self.out, "select * from records order by doc_id, table_id, row, col")


def pick(documents: list[dict], key: str) -> dict:
    """One document by its number in the run (1-based, as `budgetpipe show OUT` lists them), its
    file name or stem, or a prefix of its doc_id (6 hex digits at least)."""
    if key.isdigit() and 1 <= int(key) <= len(documents) and len(key) < 6:
        return documents[int(key) - 1]
    named = [d for d in documents if key in (d["file"], Path(d["file"]).stem)]
    if not named and len(key) >= 6:
        named = [d for d in documents if (d["doc_id"] or "").startswith(key.lower())]
    if len(named) != 1:
        raise LookupError(f"{'no' if not named else len(named)} documents match {key!r}; "
                          f"give a number from 1 to {len(documents)}, a file name or a doc_id prefix")
    return named[0]


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
    claims = dict(_query(out, "select doc_id, count(*) as n from claims group by doc_id", rows=True))
    versions = {v["doc_id"]: v for v in _query(out, "select * from versions")}
    revisions = _query(out, """select r.*, o.file as old_file, n.file as new_file from revisions r
                               left join documents o on o.doc_id = r.old_doc_id
                               left join documents n on n.doc_id = r.new_doc_id
                               order by r.issuer, r.year, r.kind, n.file, r.table_kind, r.code, r.name, r."column" """)
    present = {r[0] for r in _query(out, "select table_name from information_schema.tables", rows=True)}
    links = _query(out, "select * from links order by doc_id, relation, other_doc_id") if "links" in present else []
    series = _query(out, "select * from series where code is null and table_kind in (select unnest(?))",
                    params=[list(HEADLINE_KINDS)]) if "series" in present else []
    return Run(out, documents, tables, findings, claims, versions, revisions, links, series)


def _query(out: Path, sql: str, rows: bool = False, params: list | None = None) -> list:
    con = duckdb.connect(str(out / "budget.duckdb"), read_only=True)
    try:
        cur = con.execute(sql, params or [])
        if rows:
            return cur.fetchall()
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]
    finally:
        con.close()
