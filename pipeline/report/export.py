"""`budgetpipe export OUT --csv DIR`: the run as CSV files, for tools that read neither DuckDB
nor Parquet.

DIR gets one CSV per contract table (`documents.csv`, `tables.csv`, `records.csv`, `claims.csv`,
`findings.csv`, `facts.csv`), amounts written exactly as stored (never through floats), and
`tables/<table_id>.csv` for each extracted table laid out as printed (header rows, then every
row and column, blanks kept). Files are UTF-8 with a byte-order mark, so Excel opens the Chinese
text correctly; file names come from our ids, never from PDF text.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from pipeline.store import parts

CONTRACT = ("documents", "tables", "records", "claims", "findings", "facts")
ENCODING = "utf-8-sig"


def to_csv(out: str | Path, folder: str | Path) -> list[Path]:
    out, folder = Path(out), Path(folder)
    if not (out / "parquet").is_dir():
        raise FileNotFoundError(f"no parquet/ in {out}: run `budgetpipe ingest ... --out {out}` first")
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    written = []
    for name in CONTRACT:
        table = parts.read(out, name)
        path = folder / f"{name}.csv"
        with open(path, "w", encoding=ENCODING, newline="") as fh:
            w = csv.writer(fh)
            w.writerow(table.column_names)
            for row in table.to_pylist():
                w.writerow(["" if v is None else _text(v) for v in row.values()])
        written.append(path)
        if name == "tables":
            written += [_grid(folder / "tables", row) for row in table.to_pylist() if row.get("grid")]
    return written


def _text(value) -> str:
    return f"{value:f}" if hasattr(value, "as_tuple") else str(value)


def _grid(folder: Path, table: dict) -> Path:
    grid = json.loads(table["grid"])
    path = folder / f"{table['table_id']}.csv"
    with open(path, "w", encoding=ENCODING, newline="") as fh:
        w = csv.writer(fh)
        for level in grid["header"]:
            w.writerow(level)
        for r in grid["rows"]:
            w.writerow(r["cells"])
    return path
