"""The analyst's fact table: one row per printed amount, with everything needed to use it alone.

`records` says where an amount sits in a table; an analyst comparing issuers or years wants each
amount next to its document's issuer, year, family and phase and its table's kind, in one long
table they can pivot — without joining three contract tables first. Amounts stay exact decimals;
`value_yuan` is the amount in 元 (×10000 for 万元), or null for percentages.

`datapackage(...)` describes that table as a Frictionless (Fiscal) Data Package so that tools
reading such packages know which column is money (the measure) and which are dimensions.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa

# The budget cycle stage a document's figures belong to: targets are set with the budget,
# self-evaluations are written with the final accounts.
PHASE = {"budget": "预算", "performance_target": "预算", "final_account": "决算", "performance_selfeval": "决算"}

DESCRIPTIONS = {
    "doc_id": "sha256 of the source file",
    "fact_id": "the fact's id within its document: table cell `<table_id>-r<row>-c<col>`, or narrative figure `x<n>`",
    "document": "source file name",
    "issuer": "department or unit that published the document",
    "year": "budget year the document is about",
    "family": "document family: budget / final_account / performance_target / performance_selfeval / other",
    "phase": "预算 (budget) or 决算 (final accounts)",
    "table_id": "table id within the run (doc prefix + position)",
    "table_kind": "canonical table kind, e.g. 一般公共预算财政拨款支出决算表, or other",
    "row": "0-based data row within the table",
    "col": "0-based column within the table",
    "code": "classification code (功能分类/经济分类), if the row has one",
    "name": "row label (classification name or item)",
    "level": "类 / 款 / 项 for coded rows",
    "measure": "column header path, e.g. 本年支出/基本支出",
    "printed": "the amount exactly as printed",
    "value": "the printed amount as an exact decimal, in `unit`",
    "unit": "unit the table states: 万元 / 元 / %",
    "value_yuan": "the amount in 元 (value × 10000 when unit is 万元); null for percentages",
    "page": "1-based PDF page the amount is printed on",
    "source": "table (a cell of table_id) or text (a figure stated in the narrative; no table, row or col)",
}


def rows(documents: list[dict], tables: list[dict], records: list[dict]) -> list[dict]:
    """Join each record with its document and table, in the records' (deterministic) order."""
    docs = {d["doc_id"]: d for d in documents}
    kinds = {(t["doc_id"], t["table_id"]): t["kind"] for t in tables}
    out = []
    text_seen = 0
    for r in records:
        d = docs.get(r["doc_id"], {})
        if r["table_id"] is None:
            text_seen += 1
            fact_id = f"x{text_seen:04d}"
        else:
            fact_id = f"{r['table_id']}-r{r['row']}-c{r['col']}"
        out.append({"doc_id": r["doc_id"], "fact_id": fact_id, "document": d.get("file"), "issuer": d.get("issuer"),
                    "year": d.get("year"), "family": d.get("kind"), "phase": PHASE.get(d.get("kind")),
                    "table_id": r["table_id"], "table_kind": kinds.get((r["doc_id"], r["table_id"])),
                    "row": r["row"], "col": r["col"], "code": r["code"], "name": r["name"], "level": r["level"],
                    "measure": r["column"], "printed": r["printed"], "value": r["value"], "unit": r["unit"],
                    "value_yuan": r["value_yuan"], "page": r["page"], "source": r.get("source", "table")})
    return out


def _field(f: pa.Field) -> dict:
    if pa.types.is_decimal(f.type):
        typ = {"type": "number", "bareNumber": True}
    elif pa.types.is_integer(f.type):
        typ = {"type": "integer"}
    elif pa.types.is_boolean(f.type):
        typ = {"type": "boolean"}
    else:
        typ = {"type": "string"}
    return {"name": f.name, **typ, "description": DESCRIPTIONS.get(f.name, "")}


def datapackage(schema: pa.Schema, parts: list[str]) -> dict:
    """A Fiscal Data Package (0.3 `model`) describing the facts' Parquet parts (`parts`: paths
    relative to the package), one resource per part with the same schema: validators read a
    multipart path as its first file only. A document's facts are all in one part, and a
    narrative figure has no table, row or column, so the primary key is (doc_id, fact_id),
    which every fact has and which holds across parts."""
    resources = [{
        "name": f"facts-{Path(p).stem}",
        "path": p,
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "profile": "tabular-data-resource",
        # Readers of Parquet through pandas see a null integer as NaN: it is a missing value.
        "schema": {"fields": [_field(f) for f in schema], "missingValues": ["", "nan", "NaN"],
                   "primaryKey": ["doc_id", "fact_id"]},
    } for p in parts]
    return {
        "name": "budget-pipeline-facts",
        "title": "Amounts printed in Chinese budget and final-account disclosures",
        # The fiscal `model` below follows Fiscal Data Package 0.3; the profile stays the core
        # one so that validators need no network to fetch the fiscal profile's JSON Schema.
        "profile": "data-package",
        "resources": resources,
        "model": {
            "measures": {
                "amount": {"source": "value_yuan", "currency": "CNY", "factor": 1,
                           "title": "amount in 元 (printed value converted from the table's unit)"},
            },
            "dimensions": {
                "date": {"dimensionType": "datetime", "primaryKey": ["year"],
                         "attributes": {"year": {"source": "year"}}},
                "issuer": {"dimensionType": "entity", "primaryKey": ["issuer"],
                           "attributes": {"issuer": {"source": "issuer"}}},
                "document": {"dimensionType": "other", "primaryKey": ["doc_id"],
                             "attributes": {"doc_id": {"source": "doc_id"},
                                            "document": {"source": "document", "labelfor": "doc_id"},
                                            "family": {"source": "family"}, "phase": {"source": "phase"}}},
                "table": {"dimensionType": "other", "primaryKey": ["table_id"],
                          "attributes": {"table_id": {"source": "table_id"},
                                         "table_kind": {"source": "table_kind", "labelfor": "table_id"}}},
                "classification": {"dimensionType": "classification", "primaryKey": ["code"],
                                   "attributes": {"code": {"source": "code"},
                                                  "name": {"source": "name", "labelfor": "code"},
                                                  "level": {"source": "level"}}},
                "measure": {"dimensionType": "other", "primaryKey": ["measure"],
                            "attributes": {"measure": {"source": "measure"}}},
                "cell": {"dimensionType": "fact", "primaryKey": ["row", "col"],
                         "attributes": {"row": {"source": "row"}, "col": {"source": "col"},
                                        "page": {"source": "page"}, "printed": {"source": "printed"},
                                        "value": {"source": "value"}, "unit": {"source": "unit"}}},
            },
        },
    }
