"""Writers for the output contract: DuckDB, Parquet and one JSON per document, plus the
analysts' `facts` table (see `pipeline.facts`) and the `datapackage.json` describing it.

One schema per table, declared here with Arrow types, is the single source of truth: amounts are
DECIMAL(38,6) (exact, never floats), and the same Arrow tables feed Parquet and DuckDB, so the
two can never disagree.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import facts

AMOUNT = pa.decimal128(38, 6)

SCHEMAS = {
    "documents": pa.schema([
        ("doc_id", pa.string()), ("path", pa.string()), ("file", pa.string()), ("kind", pa.string()),
        ("issuer", pa.string()), ("year", pa.int32()), ("scope", pa.string()), ("pages", pa.int32()),
        ("status", pa.string()), ("error", pa.string()), ("text_pages", pa.int32()),
        ("scanned_pages", pa.int32()), ("garbled_pages", pa.int32()), ("ocr_pages", pa.int32()),
        ("seconds", pa.float64()), ("template", pa.string())]),  # registry template (parsers/templates/)
    "tables": pa.schema([
        ("doc_id", pa.string()), ("table_id", pa.string()), ("kind", pa.string()), ("title", pa.string()),
        ("page_first", pa.int32()), ("page_last", pa.int32()), ("unit", pa.string()), ("engine", pa.string()),
        ("n_rows", pa.int32()), ("n_amounts", pa.int32()), ("columns", pa.string()),
        ("empty_statement", pa.string()), ("notes", pa.string()),
        ("checks", pa.int32()), ("grid", pa.string())]),  # identities evaluated; the table as printed (JSON)
    "records": pa.schema([
        ("doc_id", pa.string()), ("table_id", pa.string()), ("row", pa.int32()), ("code", pa.string()),
        ("name", pa.string()), ("level", pa.string()), ("column", pa.string()), ("col", pa.int32()),
        ("value", AMOUNT), ("printed", pa.string()), ("decimals", pa.int32()), ("unit", pa.string()),
        ("value_yuan", AMOUNT), ("page", pa.int32()), ("bbox", pa.string()), ("ocr", pa.bool_()),
        ("source", pa.string()),  # table, or text: a figure stated in the narrative (no table_id)
        ("cell", pa.string())]),  # a workbook cell's address (`收支总表!B7`); page is then the sheet's index
    "claims": pa.schema([
        ("doc_id", pa.string()), ("page", pa.int32()), ("text", pa.string()), ("subject", pa.string()),
        ("value", AMOUNT), ("unit", pa.string()), ("kind", pa.string())]),
    "findings": pa.schema([
        ("doc_id", pa.string()), ("finding_id", pa.string()), ("rule", pa.string()), ("severity", pa.string()),
        ("table_id", pa.string()), ("page", pa.int32()), ("message", pa.string()), ("expected", AMOUNT),
        ("actual", AMOUNT), ("delta", AMOUNT), ("tolerance", AMOUNT), ("evidence", pa.string()),
        ("reasons", pa.string())]),  # JSON list of {code, note}: why the severity is below the rule's default
    "facts": pa.schema([
        ("doc_id", pa.string()), ("document", pa.string()), ("issuer", pa.string()), ("year", pa.int32()),
        ("family", pa.string()), ("phase", pa.string()), ("table_id", pa.string()), ("table_kind", pa.string()),
        ("row", pa.int32()), ("col", pa.int32()), ("code", pa.string()), ("name", pa.string()),
        ("level", pa.string()), ("measure", pa.string()), ("printed", pa.string()), ("value", AMOUNT),
        ("unit", pa.string()), ("value_yuan", AMOUNT), ("page", pa.int32()), ("source", pa.string())]),
}


def _arrow(name: str, rows: list[dict]) -> pa.Table:
    schema = SCHEMAS[name]
    columns = {f.name: [_fit(r.get(f.name), f.type) for r in rows] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def _fit(value, typ):
    if isinstance(value, Decimal) and pa.types.is_decimal(typ):
        return value.quantize(Decimal("0.000001")) if value.as_tuple().exponent < -6 else value
    return value


def write(out: Path, results) -> dict[str, pa.Table]:
    """Write every contract table for these results; returns the Arrow tables written."""
    out = Path(out)
    (out / "parquet").mkdir(parents=True, exist_ok=True)
    (out / "documents").mkdir(parents=True, exist_ok=True)
    results = sorted(results, key=lambda r: (r.document["path"], r.document["doc_id"] or ""))
    rows = {"documents": [r.document for r in results],
            "tables": [t for r in results for t in r.tables],
            "records": [x for r in results for x in r.records],
            "claims": [x for r in results for x in r.claims],
            "findings": [x for r in results for x in r.findings]}
    rows["facts"] = facts.rows(rows["documents"], rows["tables"], rows["records"])
    arrow = {name: _arrow(name, data) for name, data in rows.items()}
    for name, table in arrow.items():
        pq.write_table(table, out / "parquet" / f"{name}.parquet")
    db_path = out / "budget.duckdb"
    db_path.unlink(missing_ok=True)
    con = duckdb.connect(str(db_path))
    try:
        for name, table in arrow.items():
            con.register("incoming", table)
            con.execute(f'create table "{name}" as select * from incoming')
            con.unregister("incoming")
    finally:
        con.close()
    for r in results:
        _write_json(out / "documents", r)
    (out / "datapackage.json").write_text(json.dumps(facts.datapackage(SCHEMAS["facts"]), ensure_ascii=False, indent=1),
                                          encoding="utf-8")
    return arrow


def _write_json(folder: Path, r) -> None:
    doc_id = r.document["doc_id"]
    payload = {"document": r.document, "tables": r.tables, "records": r.records, "claims": r.claims,
               "findings": [{**f, "evidence": json.loads(f["evidence"]), "reasons": json.loads(f.get("reasons") or "[]")}
                            for f in r.findings]}
    # The file name is the sha256 only: text from a PDF never becomes part of a path.
    (folder / f"{doc_id}.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str),
                                           encoding="utf-8")
