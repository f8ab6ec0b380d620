"""The Python API: the pipeline from a notebook, with pandas DataFrames at the end.

    doc = pipeline.open("x.pdf")          # one PDF, in memory, nothing written
    doc.tables[0].to_frame()              # a table as printed: rows × columns, exact Decimals
    doc.findings                          # DataFrame of the arithmetic that does not hold
    run = pipeline.run(["pdfs/"], out="output")   # a batch, written like `budgetpipe ingest`
    run.facts()                           # the long fact table of the whole run

These are thin views over the same rows the output contract stores, so what a notebook sees and
what lands in DuckDB can never differ.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd
import pyarrow.parquet as pq

from pipeline import runner
from pipeline.process import Result, process_file

LABEL_COLUMNS = ["code", "name", "level"]


@dataclass
class Table:
    table_id: str
    kind: str
    title: str | None
    page_first: int | None
    page_last: int | None
    unit: str | None
    columns: list[str]  # every column's header path, label columns included
    records: list[dict] = field(default_factory=list, repr=False)

    def to_frame(self) -> pd.DataFrame:
        """One row per table row (index: row number) with code/name/level, then one column per
        amount column, named by its header path; values are exact `Decimal`s (blank cells NaN)."""
        names = self._names()
        used = sorted({r["col"] for r in self.records})
        lines: dict[int, dict] = {}
        for r in self.records:
            line = lines.setdefault(r["row"], {k: r[k] for k in LABEL_COLUMNS})
            line[names[r["col"]]] = r["value"]
        frame = pd.DataFrame.from_dict(lines, orient="index", columns=LABEL_COLUMNS + [names[c] for c in used])
        return frame.sort_index().rename_axis("row")

    def records_frame(self) -> pd.DataFrame:
        """The table's records in long form, as stored in the `records` table."""
        return pd.DataFrame(self.records)

    def _names(self) -> dict[int, str]:
        """Column index → header path, made unique (two halves of a table can share a header)."""
        cols = {r["col"]: r["column"] for r in self.records}
        seen = Counter(cols.values())
        return {c: (name if seen[name] == 1 else f"{name} #{c + 1}") for c, name in cols.items()}


@dataclass
class Document:
    doc_id: str
    path: str
    file: str
    kind: str
    issuer: str | None
    year: int | None
    status: str
    error: str | None
    tables: list[Table]
    findings: pd.DataFrame = field(repr=False)
    claims: pd.DataFrame = field(repr=False)

    @classmethod
    def from_result(cls, r: Result) -> "Document":
        d = r.document
        by_table: dict[str, list[dict]] = {}
        for rec in r.records:
            by_table.setdefault(rec["table_id"], []).append(rec)
        tables = [Table(t["table_id"], t["kind"], t["title"], t["page_first"], t["page_last"], t["unit"],
                        json.loads(t["columns"] or "[]"), by_table.get(t["table_id"], [])) for t in r.tables]
        findings = pd.DataFrame([{**f, "evidence": json.loads(f["evidence"])} for f in r.findings],
                                columns=["finding_id", "rule", "severity", "table_id", "page", "message", "expected",
                                         "actual", "delta", "tolerance", "evidence"])
        claims = pd.DataFrame(r.claims, columns=["page", "text", "subject", "value", "unit", "kind"])
        return cls(d["doc_id"], d["path"], d["file"], d["kind"], d.get("issuer"), d.get("year"), d["status"],
                   d.get("error"), tables, findings, claims)


@dataclass
class Run:
    out: Path
    documents: list[Document]

    def facts(self) -> pd.DataFrame:
        """The run's `facts` table (one row per printed amount with its context); read from
        Parquet through Arrow so amounts arrive as exact `Decimal`s, not floats."""
        return pq.read_table(self.out / "parquet" / "facts.parquet").to_pandas()


def open(path: str | Path) -> Document:  # noqa: A001 - `pipeline.open(path)` reads like the builtin it mirrors
    """Extract, parse and check one PDF in memory; nothing is written."""
    return Document.from_result(process_file(path))


def run(paths: str | Path | Iterable[str | Path], out: str | Path = "output", jobs: int = 1,
        report: bool = True) -> Run:
    """Ingest files/folders into `out` exactly as `budgetpipe ingest` does; returns the documents."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    results = runner.ingest(list(paths), out, jobs=jobs, report=report)
    results.sort(key=lambda r: (r.document["path"], r.document["doc_id"] or ""))
    return Run(Path(out), [Document.from_result(r) for r in results])
