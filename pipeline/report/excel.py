"""`tables.xlsx`: every extracted table as a sheet, with the cells of failing identities marked.

Analysts live in spreadsheets; this puts each table the pipeline read in front of them laid out
as printed — its header rows with merged spans, then every row and column, blanks kept blank —
amounts as numbers with their printed decimals as number format, and colours the cells a
finding is about — the stated total red, its parts yellow — with the finding as a cell comment.
A `documents` and a `findings` sheet come first; each finding links to its failing cell.

Sheet names are built from our own numbering and canonical kinds, never from PDF text, and every
string from a PDF is written as a string (a title starting with `=` must not become a formula).
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink

from pipeline.report.html import header_rows
from pipeline.report.load import Run
from pipeline.report.messages import Messages

TOTAL_FILL = PatternFill("solid", fgColor="FFC7CE")
PART_FILL = PatternFill("solid", fgColor="FFEB9C")
HEADER_FONT = Font(bold=True)
MAX_TEXT = 32_767  # Excel's limit for one cell
MAX_HEADER = 120  # long merged header paths are cut in the header cell (the full path is in `records`)
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write(run: Run, path: str | Path, lang: str = "zh") -> Path:
    path = Path(path)
    m = Messages(lang)
    wb = Workbook()
    docs_ws = wb.active
    docs_ws.title = "documents"
    findings_ws = wb.create_sheet("findings")
    used = {"documents", "findings"}
    sheet_of: dict[str, str] = {}
    cells_of: dict[str, dict] = {}
    doc_no = {d["doc_id"]: i for i, d in enumerate(run.documents, start=1)}
    records = defaultdict(list)
    for r in run.records():
        records[r["table_id"]].append(r)
    marks = _marks(run.findings)
    position: dict[str, int] = defaultdict(int)
    for t in sorted(run.tables, key=lambda t: (doc_no.get(t["doc_id"], 0), t["table_id"])):
        position[t["doc_id"]] += 1
        name = sheet_name(f"D{doc_no.get(t['doc_id'], 0)}T{position[t['doc_id']]} {t['kind']}", used)
        sheet_of[t["table_id"]] = name
        cells_of[t["table_id"]] = _table_sheet(wb.create_sheet(name), t, records.get(t["table_id"], []),
                                               marks.get(t["table_id"], {}), m)
    _documents_sheet(docs_ws, run)
    _findings_sheet(findings_ws, run, sheet_of, cells_of, m)
    wb.save(path)
    return path


def sheet_name(base: str, used: set[str]) -> str:
    """A valid, unique sheet name: no []:*?/\\, no leading/trailing quote, at most 31 characters."""
    name = _FORBIDDEN.sub("_", clean(base)).strip("'").strip() or "sheet"
    name = name[:31]
    candidate, n = name, 1
    while candidate.lower() in {u.lower() for u in used}:
        n += 1
        suffix = f"~{n}"
        candidate = name[:31 - len(suffix)] + suffix
    used.add(candidate)
    return candidate


def clean(text: str, limit: int = MAX_TEXT) -> str:
    """Text without the control characters XML forbids (a PDF can hold any), cut to `limit`."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:limit]


def put(ws, row: int, col: int, value):
    """Write one cell; text is cleaned of characters XML forbids and always stays text."""
    if isinstance(value, str):
        cell = ws.cell(row=row, column=col, value=clean(value))
        cell.data_type = "s"  # openpyxl would otherwise store text starting with '=' as a formula
        return cell
    return ws.cell(row=row, column=col, value=value)


def _marks(findings: list[dict]) -> dict[str, dict[tuple[int, int], dict]]:
    """table_id → (row, col) → {"total": bool, "notes": [finding lines]} from the evidence cells."""
    marks: dict[str, dict[tuple[int, int], dict]] = defaultdict(dict)
    for f in findings:
        for cell in f["evidence"]:
            table_id = cell.get("table_id") or f["table_id"]
            if cell.get("row") is None or cell.get("col") is None or table_id is None:
                continue
            m = marks[table_id].setdefault((cell["row"], cell["col"]), {"total": False, "notes": []})
            m["total"] |= cell["role"] == "total"
            m["notes"].append(f"{f['finding_id']} {f['rule']} ({cell['role']}): {f['message']}")
    return marks


def _table_sheet(ws, table: dict, records: list[dict], marks: dict[tuple[int, int], dict], m: Messages) -> dict:
    """The table as printed: its header rows (spans merged), then every row and column, blank
    cells kept blank. Amounts are numbers with the printed decimals as number format. Returns
    (row, col) → cell coordinate, for the findings sheet to link to."""
    put(ws, 1, 1, f"{table['kind']} — {table['title'] or ''}")
    ws.cell(row=1, column=1).font = HEADER_FONT
    pages = f"{table['page_first']}" + (f"–{table['page_last']}" if table["page_last"] != table["page_first"] else "")
    put(ws, 2, 1, f"{table['table_id']} · {m('page_n', n=pages)} · {m('unit')} {table['unit'] or '?'}")
    grid = _grid(table, records)
    top = 4
    for k, level in enumerate(header_rows(grid["header"])):
        j = 1
        for text, span in level:
            put(ws, top + k, j, text[:MAX_HEADER]).font = HEADER_FONT
            if span > 1:
                ws.merge_cells(start_row=top + k, start_column=j, end_row=top + k, end_column=j + span - 1)
            j += span
    first = top + len(grid["header"])
    by_cell = {(r["row"], r["col"]): r for r in records}
    where = {}
    for i, r in enumerate(grid["rows"], start=first):
        for col, text in enumerate(r["cells"]):
            rec = by_cell.get((r["row"], col))
            if rec is not None:
                cell = put(ws, i, col + 1, rec["value"])
                cell.number_format = _number_format(rec)
            elif text:
                put(ws, i, col + 1, text)
            where[(r["row"], col)] = ws.cell(row=i, column=col + 1).coordinate
    for (row, col), mark in marks.items():
        if (row, col) not in where:
            continue
        cell = ws[where[(row, col)]]
        cell.fill = TOTAL_FILL if mark["total"] else PART_FILL
        cell.comment = Comment(clean("\n".join(mark["notes"]), 2000), "budget-pipeline")
    amount = set(grid["amount_cols"])
    ws.freeze_panes = ws.cell(row=first, column=1)
    for j in range(len(grid["header"][0]) if grid["header"] else 0):
        ws.column_dimensions[get_column_letter(j + 1)].width = 14 if j in amount else 28
    return where


def _grid(table: dict, records: list[dict]) -> dict:
    """The stored grid, or for a run stored before grids were kept, one rebuilt from the records."""
    if table.get("grid"):
        return json.loads(table["grid"])
    names = json.loads(table["columns"] or "[]")
    rows: dict[int, list[str]] = {}
    for r in records:
        rows.setdefault(r["row"], [""] * len(names))
    return {"header": [names], "amount_cols": sorted({r["col"] for r in records}),
            "rows": [{"row": k, "cells": v} for k, v in sorted(rows.items())]}


def _failing_cell(finding: dict, cells: dict) -> str:
    own = [c for c in finding["evidence"] if (c.get("table_id") or finding["table_id"]) == finding["table_id"]
           and (c.get("row"), c.get("col")) in cells]
    own.sort(key=lambda c: c["role"] != "total")
    return cells[(own[0]["row"], own[0]["col"])] if own else "A1"


def _number_format(record: dict) -> str:
    decimals = record["decimals"] or 0
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    return fmt + '"%"' if record["unit"] == "%" else fmt


def _documents_sheet(ws, run: Run) -> None:
    columns = ("file", "kind", "issuer", "year", "scope", "status", "pages", "error", "doc_id")
    for j, c in enumerate(columns + ("tables", "findings"), start=1):
        put(ws, 1, j, c).font = HEADER_FONT
    tables = defaultdict(int)
    for t in run.tables:
        tables[t["doc_id"]] += 1
    findings = defaultdict(int)
    for f in run.findings:
        findings[f["doc_id"]] += 1
    for i, d in enumerate(run.documents, start=2):
        for j, c in enumerate(columns, start=1):
            put(ws, i, j, d.get(c))
        put(ws, i, len(columns) + 1, tables[d["doc_id"]])
        put(ws, i, len(columns) + 2, findings[d["doc_id"]])
    ws.freeze_panes = "B2"
    ws.column_dimensions["A"].width = 40


def _findings_sheet(ws, run: Run, sheet_of: dict[str, str], cells_of: dict[str, dict], m: Messages) -> None:
    """One line per finding; its table column links to the failing cell itself (the stated
    total where the finding has one in that table), not to the top of the sheet."""
    columns = ("document", "finding_id", "rule", "severity", "table", "page", "message",
               "expected", "actual", "delta", "tolerance", "reasons")
    for j, c in enumerate(columns, start=1):
        put(ws, 1, j, c).font = HEADER_FONT
    files = {d["doc_id"]: d["file"] for d in run.documents}
    for i, f in enumerate(run.findings, start=2):
        values = (files.get(f["doc_id"]), f["finding_id"], f["rule"], f["severity"], sheet_of.get(f["table_id"]),
                  f["page"], m.finding_text(f["message"]), f["expected"], f["actual"], f["delta"], f["tolerance"],
                  "; ".join(f"{r['code']}: {m.finding_text(r['note'] or '')}" for r in f.get("reasons") or ()))
        for j, v in enumerate(values, start=1):
            cell = put(ws, i, j, v)
            if isinstance(v, Decimal):
                cell.number_format = "#,##0.00####"
        target = sheet_of.get(f["table_id"])
        if target:
            link = ws.cell(row=i, column=5)
            link.hyperlink = Hyperlink(ref=link.coordinate,
                                       location=f"{quote_sheetname(target)}!{_failing_cell(f, cells_of[f['table_id']])}")
            link.font = Font(color="0563C1", underline="single")
    ws.freeze_panes = "C2"
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["G"].width = 100
