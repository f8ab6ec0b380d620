"""The Python API: the pipeline from a notebook, with pandas DataFrames at the end.

    doc = pipeline.open("x.pdf")          # one PDF, in memory, nothing written
    doc.table("收支总表").to_frame()       # a table as printed: every row × column, exact Decimals
    doc.tables[0].to_frame(numeric=True)  # the same with float64 amount columns
    doc.findings                          # DataFrame of the arithmetic that does not hold
    doc.sections                          # the outline: headings and 目录 entries, as a tree
    run = pipeline.run(["pdfs/"], out="output")   # a batch, written like `budgetpipe ingest`
    run.facts()                           # the long fact table of the whole run
    run.findings()                        # every finding of the run

These are thin views over the same rows the output contract stores, so what a notebook sees and
what lands in DuckDB can never differ.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd

from pipeline import runner
from pipeline.store import parts
from pipeline.process import Result, process_file

LABEL_COLUMNS = ["code", "name", "level"]
FINDING_COLUMNS = ["finding_id", "rule", "severity", "table_id", "page", "message", "expected", "actual", "delta",
                   "tolerance", "evidence"]
SECTION_COLUMNS = ["section_id", "parent_id", "level", "numbering", "title", "normalised_title", "page_first",
                   "page_last", "source", "listed_page"]


@dataclass(repr=False)
class Table:
    table_id: str
    kind: str
    title: str | None
    page_first: int | None
    page_last: int | None
    unit: str | None
    columns: list[str]  # every column's header path, label columns included
    records: list[dict] = field(default_factory=list)
    grid: dict | None = None  # the table as printed (see process.table_grid)

    def __repr__(self) -> str:
        pages = f"p{self.page_first}" + (f"–{self.page_last}" if self.page_last != self.page_first else "")
        rows = len(self.grid["rows"]) if self.grid else len({r["row"] for r in self.records})
        return f"<Table {self.kind} {pages} · {rows} rows × {len(self.columns)} columns · {self.unit or '?'}>"

    def to_frame(self, numeric: bool | str = "decimal") -> pd.DataFrame:
        """One row per table row (index: row number) with code/name/level, then every column the
        table prints, named by its header path — all-blank columns too. Amount columns hold
        `numeric="decimal"` (default): exact `Decimal`s; `numeric=True` or `"float"`: float64
        (so `select_dtypes("number")` finds them); `numeric=False`: the printed strings. Label
        columns hold their text. Every missing value is NaN, whatever the column."""
        kind = {True: "float", False: "printed"}.get(numeric, numeric) if isinstance(numeric, bool) else numeric
        if kind not in ("decimal", "float", "printed"):
            raise ValueError(f"numeric must be True, False, 'float' or 'decimal', not {numeric!r}")
        names = self._names()
        amount = set(self.grid["amount_cols"]) if self.grid else {r["col"] for r in self.records}
        rows = self.grid["rows"] if self.grid else [
            {"row": n, "cells": [""] * len(self.columns)} for n in sorted({r["row"] for r in self.records})]
        by_cell = {(r["row"], r["col"]): r for r in self.records}
        first = {}
        for r in self.records:
            first.setdefault(r["row"], r)
        data: dict[str, list] = {k: [] for k in LABEL_COLUMNS}
        data.update({name: [] for name in names})
        for row in rows:
            for k in LABEL_COLUMNS:
                data[k].append(row.get(k) if row.get(k) is not None else (first.get(row["row"]) or {}).get(k))
            for c, name in enumerate(names):
                rec = by_cell.get((row["row"], c))
                if c in amount:
                    data[name].append(None if rec is None else
                                      rec["printed"] if kind == "printed" else
                                      float(rec["value"]) if kind == "float" else rec["value"])
                else:
                    text = row["cells"][c] if c < len(row["cells"]) else ""
                    data[name].append(text or None)
        floats = {names[c] for c in amount if c < len(names)} if kind == "float" else set()
        return pd.DataFrame({k: _column(v, k in floats) for k, v in data.items()},
                            index=pd.Index([r["row"] for r in rows], name="row"))

    def records_frame(self) -> pd.DataFrame:
        """The table's records in long form, as stored in the `records` table."""
        return pd.DataFrame(self.records)

    def _names(self) -> list[str]:
        """Every column's header path, made unique (two halves of a table can share a header)."""
        seen = Counter(self.columns)
        return [(name if seen[name] == 1 and name not in LABEL_COLUMNS else f"{name or 'col'} #{c + 1}")
                for c, name in enumerate(self.columns)]


def _column(values: list, float_ok: bool) -> pd.Series:
    """float64 for float amounts; otherwise object, so Decimals and text stay as they are —
    with NaN, pandas' own missing marker, for every missing value."""
    if float_ok:
        return pd.Series([math.nan if v is None else v for v in values], dtype="float64")
    return pd.Series([math.nan if v is None else v for v in values], dtype=object)


@dataclass(repr=False)
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
    sections: pd.DataFrame = field(default=None, repr=False)  # the outline: headings and 目录 entries

    @classmethod
    def from_result(cls, r: Result) -> "Document":
        d = r.document
        by_table: dict[str, list[dict]] = {}
        for rec in r.records:
            by_table.setdefault(rec["table_id"], []).append(rec)
        tables = [Table(t["table_id"], t["kind"], t["title"], t["page_first"], t["page_last"], t["unit"],
                        json.loads(t["columns"] or "[]"), by_table.get(t["table_id"], []),
                        json.loads(t["grid"]) if t.get("grid") else None) for t in r.tables]
        findings = pd.DataFrame([{**f, "evidence": json.loads(f["evidence"])} for f in r.findings],
                                columns=FINDING_COLUMNS)
        claims = pd.DataFrame(r.claims, columns=["page", "text", "subject", "value", "unit", "kind",
                                                 "section_id", "section"])
        sections = pd.DataFrame(r.sections, columns=SECTION_COLUMNS)
        return cls(d["doc_id"], d["path"], d["file"], d["kind"], d.get("issuer"), d.get("year"), d["status"],
                   d.get("error"), tables, findings, claims, sections)

    def __repr__(self) -> str:
        who = " ".join(str(x) for x in (self.issuer, self.year) if x)
        return (f"<Document {self.file} · {self.kind}{' ' + who if who else ''} · {self.status} · "
                f"{len(self.tables)} tables · {len(self.findings)} findings>")

    def table(self, kind: str) -> Table:
        """The first table of this kind (`doc.table("收支总表")`); KeyError naming the kinds there are."""
        found = next((t for t in self.tables if t.kind == kind), None)
        if found is None:
            raise KeyError(f"no {kind!r} table in {self.file}; its tables: {', '.join(t.kind for t in self.tables) or 'none'}")
        return found


@dataclass(repr=False)
class Run:
    out: Path
    documents: list[Document]

    def __repr__(self) -> str:
        n = sum(len(d.findings) for d in self.documents)
        return f"<Run {self.out} · {len(self.documents)} documents · {n} findings>"

    def findings(self) -> pd.DataFrame:
        """Every finding of the run, one row each, with the document's file first."""
        frames = [d.findings.assign(file=d.file) for d in self.documents if len(d.findings)]
        if not frames:
            return pd.DataFrame(columns=["file", *FINDING_COLUMNS])
        return pd.concat(frames, ignore_index=True)[["file", *FINDING_COLUMNS]]

    def facts(self) -> pd.DataFrame:
        """The store's `facts` table (one row per printed amount with its context); read from its
        Parquet parts through Arrow so amounts arrive as exact `Decimal`s, not floats."""
        return parts.read(self.out, "facts").to_pandas()


def open(path: str | Path) -> Document:  # noqa: A001 - `pipeline.open(path)` reads like the builtin it mirrors
    """Extract, parse and check one PDF in memory; nothing is written."""
    return Document.from_result(process_file(path))


def run(paths: str | Path | Iterable[str | Path], out: str | Path = "output", jobs: int = 1,
        report: bool = True) -> Run:
    """Ingest files/folders into the store `out` exactly as `budgetpipe ingest` does; returns the
    documents processed by this call (those the store already held from this pipeline version are
    skipped, as the CLI skips them)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    results = runner.ingest(list(paths), out, jobs=jobs, report=report)
    results.sort(key=lambda r: (r.document["path"], r.document["doc_id"] or ""))
    return Run(Path(out), [Document.from_result(r) for r in results])
