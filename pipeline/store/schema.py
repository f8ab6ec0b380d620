"""The tables of the store, declared once with Arrow types.

Amounts are DECIMAL(38,6) (exact, never floats), and the same Arrow schema feeds DuckDB, the
Parquet parts and the cluster's staged results, so none of them can disagree.

Two groups:
- per-document tables (`PER_DOCUMENT`): every row belongs to one `doc_id` and is replaced as a
  whole when that document is processed again. A stage that adds a table (or a column) declares
  it here and adds the field to `process.Result`; the store picks it up without further change.
- store-wide tables (`STORE_WIDE`): `paths` (every path a content hash was seen under),
  `versions` (which documents are versions of one disclosure, and which is current) and
  `revisions` (the values a newer version changed), recomputed by the store as documents arrive;
  `links` and `comparisons` (across documents), recomputed after each ingest.
"""
from __future__ import annotations

from decimal import Decimal

import pyarrow as pa

AMOUNT = pa.decimal128(38, 6)

SCHEMAS = {
    "documents": pa.schema([
        ("doc_id", pa.string()), ("path", pa.string()), ("file", pa.string()), ("kind", pa.string()),
        ("issuer", pa.string()), ("year", pa.int32()), ("scope", pa.string()), ("pages", pa.int32()),
        ("status", pa.string()), ("error", pa.string()), ("text_pages", pa.int32()),
        ("scanned_pages", pa.int32()), ("garbled_pages", pa.int32()), ("ocr_pages", pa.int32()),
        ("seconds", pa.float64()), ("template", pa.string()),  # registry template (parsers/templates/)
        ("pipeline_version", pa.string()),
        ("units", pa.string()),  # JSON list: the units a department says its budget consolidates
        ("issuer_key", pa.string())]),  # the issuer as every way of writing it shares it (parsers.issuers)
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
        ("value", AMOUNT), ("unit", pa.string()), ("kind", pa.string()), ("printed", pa.string()),
        ("decimals", pa.int32()), ("role", pa.string()), ("direction", pa.int32()), ("sentence", pa.int32()),
        ("offset", pa.int32()), ("code", pa.string()), ("section_id", pa.string()), ("section", pa.string())]),
    "sections": pa.schema([
        ("doc_id", pa.string()), ("section_id", pa.string()), ("parent_id", pa.string()), ("level", pa.int32()),
        ("numbering", pa.string()), ("title", pa.string()), ("normalised_title", pa.string()),
        ("page_first", pa.int32()), ("page_last", pa.int32()), ("source", pa.string()),
        ("listed_page", pa.int32())]),  # source: heading / contents (a 目录 entry) / contents_root
    "findings": pa.schema([
        ("doc_id", pa.string()), ("finding_id", pa.string()), ("rule", pa.string()), ("severity", pa.string()),
        ("table_id", pa.string()), ("page", pa.int32()), ("message", pa.string()), ("expected", AMOUNT),
        ("actual", AMOUNT), ("delta", AMOUNT), ("tolerance", AMOUNT), ("evidence", pa.string()),
        ("reasons", pa.string())]),  # JSON list of {code, note}: why the severity is below the rule's default
    "facts": pa.schema([
        ("doc_id", pa.string()), ("fact_id", pa.string()), ("document", pa.string()), ("issuer", pa.string()),
        ("year", pa.int32()), ("family", pa.string()), ("phase", pa.string()), ("table_id", pa.string()),
        ("table_kind", pa.string()), ("row", pa.int32()), ("col", pa.int32()), ("code", pa.string()),
        ("name", pa.string()), ("level", pa.string()), ("measure", pa.string()), ("printed", pa.string()),
        ("value", AMOUNT), ("unit", pa.string()), ("value_yuan", AMOUNT), ("page", pa.int32()),
        ("source", pa.string())]),
    "paths": pa.schema([
        ("path", pa.string()), ("doc_id", pa.string()), ("file", pa.string()), ("size", pa.int64()),
        ("mtime_ns", pa.int64())]),
    "versions": pa.schema([
        ("doc_id", pa.string()), ("issuer", pa.string()), ("year", pa.int32()), ("kind", pa.string()),
        ("version", pa.int32()), ("versions", pa.int32()), ("current", pa.bool_()),
        ("superseded_by", pa.string())]),
    "revisions": pa.schema([
        ("issuer", pa.string()), ("year", pa.int32()), ("kind", pa.string()), ("old_doc_id", pa.string()),
        ("new_doc_id", pa.string()), ("table_kind", pa.string()), ("table_title", pa.string()),
        ("code", pa.string()), ("name", pa.string()), ("column", pa.string()), ("old_printed", pa.string()),
        ("new_printed", pa.string()), ("old_value", AMOUNT), ("new_value", AMOUNT), ("change", pa.string())]),
    # Across documents (`pipeline.store.across`, recomputed after each ingest): how documents relate,
    # and per document how many comparisons each cross-document rule made with the others.
    "links": pa.schema([
        ("doc_id", pa.string()), ("other_doc_id", pa.string()), ("relation", pa.string()),
        ("issuer_key", pa.string()), ("other_issuer_key", pa.string()), ("year", pa.int32()),
        ("other_year", pa.int32()), ("match", pa.string())]),
    "comparisons": pa.schema([
        ("doc_id", pa.string()), ("rule", pa.string()), ("comparisons", pa.int64()), ("failed", pa.int64())]),
}

# Rows the store derives from a document's own rows at commit time (not carried by a Result).
DERIVED = ("facts",)
STORE_WIDE = ("paths", "versions", "revisions", "links", "comparisons")
PER_DOCUMENT = tuple(name for name in SCHEMAS if name not in STORE_WIDE)

_DUCK_TYPES = {pa.string(): "VARCHAR", pa.int32(): "INTEGER", pa.int64(): "BIGINT", pa.float64(): "DOUBLE",
               pa.bool_(): "BOOLEAN", AMOUNT: "DECIMAL(38,6)"}


def duck_type(typ: pa.DataType) -> str:
    return _DUCK_TYPES[typ]


def arrow(name: str, rows: list[dict]) -> pa.Table:
    """Rows (dicts) as an Arrow table of `name`'s schema; keys the schema lacks are dropped."""
    schema = SCHEMAS[name]
    columns = {f.name: [_fit(r.get(f.name), f.type) for r in rows] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def conform(name: str, table: pa.Table) -> pa.Table:
    """A table read back (DuckDB, Parquet) in `name`'s declared column order and types; columns
    an older store lacks come back null."""
    schema = SCHEMAS[name]
    cols = [table.column(f.name).cast(f.type) if f.name in table.column_names else pa.nulls(len(table), f.type)
            for f in schema]
    return pa.Table.from_arrays(cols, schema=schema)


def _fit(value, typ):
    if isinstance(value, Decimal) and pa.types.is_decimal(typ):
        return value.quantize(Decimal("0.000001")) if value.as_tuple().exponent < -6 else value
    return value


def fetch_arrow(con, sql: str, params: list | None = None) -> pa.Table:
    """A query's result as an Arrow table (a relation converts without the DB-API copy)."""
    return con.sql(sql, params=params).to_arrow_table()
