"""`tables.xlsx`: every extracted table as a sheet, with the cells of failing identities marked.

Analysts live in spreadsheets; this puts each table the pipeline read in front of them as rows
(code, name, level) × amount columns, exact values with their printed decimals, and colours the
cells a finding is about — the stated total red, its parts yellow — with the finding as a cell
comment. A `documents` and a `findings` sheet come first; each finding links to its table's sheet.

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

from pipeline.report.load import Run

TOTAL_FILL = PatternFill("solid", fgColor="FFC7CE")
PART_FILL = PatternFill("solid", fgColor="FFEB9C")
HEADER_FONT = Font(bold=True)
LABELS = ("行", "编码", "名称", "级次")
MAX_TEXT = 32_767  # Excel's limit for one cell
MAX_HEADER = 120  # long merged header paths are cut in the header cell (the full path is in `records`)
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write(run: Run, path: str | Path) -> Path:
    path = Path(path)
    wb = Workbook()
    docs_ws = wb.active
    docs_ws.title = "documents"
    findings_ws = wb.create_sheet("findings")
    used = {"documents", "findings"}
    sheet_of: dict[str, str] = {}
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
        _table_sheet(wb.create_sheet(name), t, records.get(t["table_id"], []), marks.get(t["table_id"], {}))
    _documents_sheet(docs_ws, run)
    _findings_sheet(findings_ws, run, sheet_of)
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


def _table_sheet(ws, table: dict, records: list[dict], marks: dict[tuple[int, int], dict]) -> None:
    put(ws, 1, 1, f"{table['kind']} — {table['title'] or ''}")
    ws.cell(row=1, column=1).font = HEADER_FONT
    pages = f"{table['page_first']}" + (f"–{table['page_last']}" if table["page_last"] != table["page_first"] else "")
    put(ws, 2, 1, f"table {table['table_id']} · pages {pages} · unit {table['unit'] or '?'}")
    cols = sorted({r["col"] for r in records} | {c for (_, c) in marks})
    names = dict(enumerate(json.loads(table["columns"] or "[]")))
    header_row = 4
    for j, label in enumerate(LABELS, start=1):
        put(ws, header_row, j, label).font = HEADER_FONT
    where = {}
    for j, c in enumerate(cols, start=len(LABELS) + 1):
        put(ws, header_row, j, (names.get(c) or f"col{c + 1}")[:MAX_HEADER]).font = HEADER_FONT
        where[c] = j
    rows: dict[int, list[dict]] = defaultdict(list)
    for r in records:
        rows[r["row"]].append(r)
    line_of = {}
    for i, row in enumerate(sorted(set(rows) | {r for (r, _) in marks}), start=header_row + 1):
        line_of[row] = i
        first = rows[row][0] if rows[row] else None
        put(ws, i, 1, row)
        if first:
            for j, key in enumerate(("code", "name", "level"), start=2):
                if first[key] is not None:
                    put(ws, i, j, first[key])
        for r in rows[row]:
            cell = put(ws, i, where[r["col"]], r["value"])
            cell.number_format = _number_format(r)
    for (row, col), m in marks.items():
        cell = ws.cell(row=line_of[row], column=where[col])
        cell.fill = TOTAL_FILL if m["total"] else PART_FILL
        cell.comment = Comment(clean("\n".join(m["notes"]), 2000), "budget-pipeline")
    ws.freeze_panes = ws.cell(row=header_row + 1, column=len(LABELS) + 1)
    ws.column_dimensions["C"].width = 36
    for c, j in where.items():
        ws.column_dimensions[get_column_letter(j)].width = 16


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


def _findings_sheet(ws, run: Run, sheet_of: dict[str, str]) -> None:
    columns = ("document", "finding_id", "rule", "severity", "table", "page", "message",
               "expected", "actual", "delta", "tolerance", "reasons")
    for j, c in enumerate(columns, start=1):
        put(ws, 1, j, c).font = HEADER_FONT
    files = {d["doc_id"]: d["file"] for d in run.documents}
    for i, f in enumerate(run.findings, start=2):
        values = (files.get(f["doc_id"]), f["finding_id"], f["rule"], f["severity"], sheet_of.get(f["table_id"]),
                  f["page"], f["message"], f["expected"], f["actual"], f["delta"], f["tolerance"],
                  "; ".join(f"{r['code']}: {r['note']}" for r in f.get("reasons") or ()))
        for j, v in enumerate(values, start=1):
            cell = put(ws, i, j, v)
            if isinstance(v, Decimal):
                cell.number_format = "#,##0.00####"
        target = sheet_of.get(f["table_id"])
        if target:
            link = ws.cell(row=i, column=5)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(target)}!A1")
            link.font = Font(color="0563C1", underline="single")
    ws.freeze_panes = "C2"
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["G"].width = 100
