"""One file, end to end, in memory: extract → identify → parse → check → plain result rows.

Everything that can go wrong with one file is caught here and turned into that file's status and
error, so a corrupt, encrypted or scanned PDF never stops a batch.
"""
from __future__ import annotations

import hashlib
from collections import Counter
import json
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

from parsers.forms import form_tables
from parsers.identify import complete, form_labels, identify
from parsers.layout import as_read
from parsers.numbers import to_yuan
from parsers.registry import REGISTRY
from parsers.sections import Section, claim_lines, document_sections, section_at, section_rows
from parsers.structure import settle_kinds
from parsers.template_match import match_template
from parsers.tables import build_tables, running_headers
from parsers.text import document_claims
from parsers.units import listed_units
from pipeline.check import check_document, completeness
from pipeline.check.narrative import TableLinks
from pipeline.check.run import checks_per_table
from pipeline.extract import ExtractionError, camelot_engine, read_pdf
from pipeline.extract.reader import file_id
from pipeline.extract.spreadsheet import read_workbook
from pipeline.model import Claim, Document, Finding, Table

PDF_SUFFIXES = {".pdf"}
SPREADSHEET_SUFFIXES = {".xls", ".xlsx"}


@dataclass
class Result:
    """The rows one document contributes to each contract table."""

    document: dict
    tables: list[dict] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)  # after findings: callers build Results positionally


def process_file(path: str | Path, pages: list[int] | None = None, use_ocr: bool = True,
                 max_ocr_pages: int | None = None) -> Result:
    """Read, parse and check one file; with `pages` (1-based), only those pages of a PDF are read
    (numbers past its last page are ignored); `use_ocr` and `max_ocr_pages` bound the OCR work
    (see `read_pdf`)."""
    path = Path(path)
    started = time.perf_counter()
    doc_row = {"doc_id": None, "path": str(path), "file": path.name, "kind": "other", "issuer": None,
               "year": None, "scope": None, "template": None, "pages": None, "status": "failed", "error": None,
               "text_pages": 0, "scanned_pages": 0, "garbled_pages": 0, "ocr_pages": 0, "seconds": None}
    try:
        doc_row["doc_id"] = file_id(path)
    except OSError as e:
        doc_row.update(doc_id=path_id(path), error=unreadable(path, e))
        return Result(doc_row)
    try:
        if path.suffix.lower() in SPREADSHEET_SUFFIXES:
            document = read_workbook(path)
        else:
            document = read_pdf(path, pages=pages, use_ocr=use_ocr, max_ocr_pages=max_ocr_pages)
    except ExtractionError as e:
        doc_row["error"] = str(e)
        return Result(doc_row)
    except Exception as e:  # noqa: BLE001 - one bad file must not stop a batch
        doc_row["error"] = f"extraction failed: {type(e).__name__}: {e}"
        return Result(doc_row)
    result = analyse(document, doc_row)
    result.document["seconds"] = round(time.perf_counter() - started, 3)
    return result


def analyse(document: Document, doc_row: dict) -> Result:
    """Identify, parse and check an extracted document; a failure here leaves the file partial."""
    layers = [p.text_layer for p in document.pages]
    doc_row.update(pages=document.n_pages, text_pages=layers.count("ok"), scanned_pages=layers.count("none"),
                   garbled_pages=layers.count("garbled"), ocr_pages=sum(p.ocr for p in document.pages))
    problems = [document.repaired] if document.repaired else []
    unread = [p for p in document.pages if p.text_layer in ("none", "garbled") and not p.ocr]
    scans = [p for p in unread if p.text_layer == "none"]
    if scans:
        why = next((f" ({p.error})" for p in scans if p.error), "")
        problems.append(f"{len(scans)} of {document.n_pages} pages have no text layer (scanned) and were not read{why}")
    if len(unread) > len(scans):
        problems.append(f"{len(unread) - len(scans)} pages use fonts without a Unicode map; their text is unreliable")
    result = Result(doc_row)
    try:
        document = as_read(document)  # prose boxes are text (the narrative checks read it), not tables
        head = [_page_text(p) for p in document.pages[:3]]
        info = identify(head)
        doc_row["units"] = json.dumps(listed_units("\n".join(_page_text(p) for p in document.pages[:12])),
                                      ensure_ascii=False)
        tables = build_tables(document, info.kind)
        info = complete(info, [t.title for t in tables], sorted(running_headers(document)),
                        "\n".join(ln.text for p in document.pages for ln in p.lines), form_labels(document))
        template = match_template(info.kind, info.issuer, "\n".join(head), [t.title for t in tables])
        tables = settle_kinds(tables, info.kind, template)
        info = replace(info, template=template.id if template else None)
        doc_row.update(kind=info.kind, issuer=info.issuer, year=info.year, scope=info.scope, template=info.template)
        tables = second_reading(document, tables, info.kind)
        tables = form_tables(document, tables)
        sections = document_sections(document)
        claims = place_claims(document, sections, document_claims([(p.number, [ln.text for ln in p.lines])
                                                                  for p in document.pages]))
        ocr_pages = {p.number for p in document.pages if p.ocr}
        claims = [replace(c, ocr=True) if c.page in ocr_pages else c for c in claims]
    except Exception as e:  # noqa: BLE001
        problems.append(f"parsing failed: {type(e).__name__}: {e} at {_where(e)}")
        doc_row.update(status="partial", error="; ".join(problems))
        return result
    result.tables = [_table_row(document.doc_id, t, document) for t in tables]
    result.records = [r for t in tables for r in _record_rows(document.doc_id, t)]
    result.claims = [_claim_row(document.doc_id, c, None) for c in claims]
    result.sections = section_rows(document.doc_id, sections)
    try:  # a checker bug costs this file its findings, never its tables and records
        links = TableLinks(tables, info.kind, REGISTRY.get(info.template))
        result.claims = [_claim_row(document.doc_id, c, links.code_for(c)) for c in claims]
        result.records += list(_text_record_rows(document, claims, links))
        findings = check_document(tables, claims, info.kind, document, info.template, info=info, sections=sections)
        findings += completeness.identity_findings(info, doc_row["text_pages"])
        checks = checks_per_table(tables, info.kind, info.template)
        for row in result.tables:
            row["checks"] = checks[row["table_id"]]
        result.findings = [_finding_row(document.doc_id, i, f) for i, f in enumerate(findings, start=1)]
    except Exception as e:  # noqa: BLE001
        problems.append(f"checking failed: {type(e).__name__}: {e} at {_where(e)}")
    if doc_row["text_pages"] + doc_row["ocr_pages"] == 0:
        doc_row.update(status="failed", error="; ".join(problems) or "no readable text")
    else:
        doc_row.update(status="partial" if problems else "ok", error="; ".join(problems) or None)
    return result


def place_claims(document: Document, sections: list[Section], claims: list[Claim]) -> list[Claim]:
    """Each claim with the heading it is printed under, so rules know a figure of the 三公经费
    paragraph from one of the 项目支出 paragraph even when its own clause does not say."""
    out = []
    for c, (page, line) in zip(claims, claim_lines(document, claims)):
        s = section_at(sections, page, line)
        out.append(replace(c, section_id=s.section_id, section=s.normalised) if s else c)
    return out


def second_reading(document: Document, tables: list[Table], family: str | None,
                   cache: dict[int, list] | None = None) -> list[Table]:
    """Tables pdfplumber read doubtfully (an identity fails, or an amount column has no header)
    are read again with camelot; camelot's reading replaces a table only when it scores better
    and keeps at least as many amounts. A real slip in the document reads the same in both
    engines, so it stays reported; a reading that lost cells cannot win by having less to check.
    `cache` (page number → camelot's grids) lets a caller that reads pages of the same bytes
    again (the seeded-slip benchmark's variants) reuse camelot's readings."""
    cache = {} if cache is None else cache
    scores = [_doubt(t) if t.engine == "pdfplumber" else (0, 0) for t in tables]
    wanted = {p.number: p.height for p in document.pages for t, s in zip(tables, scores)
              if s != (0, 0) and t.page_first <= p.number <= t.page_last and p.number not in cache}
    cache.update(_camelot_pages(document.path, wanted))
    out = []
    for table, score in zip(tables, scores):
        if score == (0, 0):
            out.append(table)
            continue
        try:
            alt = _camelot_table(document, table, family, cache)
        except Exception:  # noqa: BLE001 - the second opinion is optional; the first reading stands
            alt = None
        better = alt is not None and _doubt(alt) < score and _n_amounts(alt) >= _n_amounts(table)
        if better:
            table = replace(table, columns=alt.columns, rows=alt.rows, engine=alt.engine,
                            column_numbers=alt.column_numbers, amount_cols=alt.amount_cols)
        elif alt is not None:
            table = replace(table, disputed=disagreements(table, alt))
        out.append(table)
    return out


def disagreements(kept: Table, other: Table) -> dict[tuple[int, int], str]:
    """Cells of `kept` that `other` prints differently: same row (code and name, once in each
    reading) and same column header, another printing (or a blank)."""
    def key(row):
        return (row.code, (row.name or "").replace(" ", "")) if (row.code or row.name) else None
    counts = Counter(key(r) for r in kept.rows) + Counter(key(r) for r in other.rows)
    # A row is matched only when its code and name occur once in each reading: function ×
    # economic lists repeat a code on many rows, and pairing those by position would be a guess.
    other_rows = {key(r): r for r in other.rows if key(r) is not None and counts[key(r)] == 2}
    other_cols = {c.name: c.index for c in other.columns}
    out = {}
    for row in kept.rows:
        twin = other_rows.get(key(row)) if key(row) is not None else None
        if twin is None:
            continue
        for c in kept.amount_cols:
            oc = other_cols.get(kept.columns[c].name)
            if oc is None:
                continue
            mine, theirs = row.amounts.get(c), twin.amounts.get(oc)
            if (mine.value if mine else None) != (theirs.value if theirs else None):
                out[(row.index, c)] = theirs.number.printed if theirs else "空"
    return out


def _doubt(table: Table) -> tuple[int, int]:
    """(failed identities, filled amount columns without a header): lower is a more trustworthy reading."""
    filled = {c for r in table.rows for c in r.amounts}
    unnamed = sum(1 for c in table.amount_cols if not table.columns[c].path and c in filled)
    return len(check_document([table])), unnamed


def _n_amounts(table: Table) -> int:
    return sum(len(r.amounts) for r in table.rows)


def _camelot_pages(path: str, heights: dict[int, float]) -> dict[int, list]:
    """camelot's grids of every page in `heights`, in one call (camelot opens the file once); when
    that call fails, page by page, and a page camelot cannot read is left out (its table keeps
    the first reading)."""
    if not heights:
        return {}
    try:
        return camelot_engine.read_pages(path, heights)
    except Exception:  # noqa: BLE001 - the second opinion is optional; the first readings stand
        pass
    out = {}
    for number, height in heights.items():
        try:
            out[number] = camelot_engine.read_page(path, number, height)
        except Exception:  # noqa: BLE001
            continue
    return out


def _camelot_table(document: Document, table: Table, family: str | None, cache: dict) -> Table | None:
    """camelot's reading (in `cache`) of the pages `table` covers, parsed the same way; None if it
    finds no table over the same pages (with the same title where several do)."""
    pages = []
    for page in document.pages:
        if table.page_first <= page.number <= table.page_last:
            pages.append(replace(page, grids=tuple(cache[page.number])))
    alt = [t for t in build_tables(replace(document, pages=tuple(pages)), family)
           if (t.page_first, t.page_last) == (table.page_first, table.page_last)]
    if len(alt) > 1:
        alt = [t for t in alt if t.title == table.title]
    return alt[0] if len(alt) == 1 else None


def _page_text(page) -> str:
    parts = [ln.text for ln in page.lines]
    for g in page.grids:
        parts += [c.text or "" for row in g.rows[:3] for c in row]
    return "\n".join(parts)


def _where(e: Exception) -> str:
    tb = traceback.extract_tb(e.__traceback__)
    return f"{Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else "?"


def unreadable(path: Path, e: OSError) -> str:
    """Why a file could not even be opened, in a user's words."""
    if path.is_symlink() and not path.exists():
        return "dangling symbolic link: the file it points to does not exist"
    if isinstance(e, FileNotFoundError):
        return "file not found"
    if isinstance(e, PermissionError):
        return "permission denied: the file cannot be read"
    if isinstance(e, IsADirectoryError):
        return "a folder, not a file"
    return f"cannot read file: {e.strerror or e}"


def path_id(path: Path) -> str:
    """An id for a file that cannot be hashed (unreadable): the hash of its path."""
    return hashlib.sha256(str(path).encode()).hexdigest()


def _table_row(doc_id: str, t: Table, document: Document) -> dict:
    return {"doc_id": doc_id, "table_id": t.table_id, "kind": t.kind, "title": t.title,
            "page_first": t.page_first, "page_last": t.page_last, "unit": t.unit, "engine": t.engine,
            "n_rows": len(t.rows), "n_amounts": sum(len(r.amounts) for r in t.rows),
            "columns": json.dumps([c.name for c in t.columns], ensure_ascii=False),
            "empty_statement": t.empty_statement, "notes": "\n".join(t.notes) or None,
            "checks": 0, "grid": json.dumps(table_grid(t, document), ensure_ascii=False)}


def table_grid(t: Table, document: Document) -> dict:
    """The table as printed, for readers who want to see it: header rows (one per level of the
    column paths), every parsed row with the text of every column (blank cells as ""), which
    columns hold amounts, and per page the top of the ruled grid and of its first data row —
    so a picture of a cell can include the column headers above it."""
    n = len(t.columns)
    depth = max((len(c.path) for c in t.columns), default=0)
    header = [[c.path[k] if k < len(c.path) else "" for c in t.columns] for k in range(depth)]
    rows = []
    first_top: dict[int, float] = {}
    for r in t.rows:
        texts = [""] * n
        for cell in r.cells:
            if 0 <= cell.col < n and cell.text:
                texts[cell.col] = cell.text
            if cell.bbox:
                first_top[cell.page] = min(first_top.get(cell.page, cell.bbox[1]), cell.bbox[1])
        rows.append({"row": r.index, "page": r.page, "code": r.code, "name": r.name, "level": r.level, "cells": texts})
    tops = {}
    for page in document.pages:
        if page.number in first_top:
            above = [g.bbox[1] for g in page.grids if g.bbox[1] <= first_top[page.number] <= g.bbox[3]]
            tops[str(page.number)] = [min(above, default=first_top[page.number]), first_top[page.number]]
    return {"header": header, "amount_cols": list(t.amount_cols), "rows": rows, "tops": tops}


def _record_rows(doc_id: str, t: Table):
    for row in t.rows:
        for c, amount in sorted(row.amounts.items()):
            n = amount.number
            unit = n.unit if n.unit == "%" else (t.unit or n.unit)
            yuan = to_yuan(n.value, unit)
            # A table without row labels (the 三公 tables) names each value by its column.
            name = row.label_for.get(c) or row.name or t.columns[c].name
            yield {"doc_id": doc_id, "table_id": t.table_id, "row": row.index, "code": row.code, "name": name,
                   "level": row.level, "column": t.columns[c].name, "col": c, "value": n.value, "printed": n.printed,
                   "decimals": n.decimals, "unit": unit, "value_yuan": yuan, "page": amount.cell.page,
                   # a workbook cell is located by its address; its lattice box is no place on a page
                   "bbox": None if amount.cell.ref else json.dumps(amount.cell.bbox),
                   "cell": amount.cell.ref, "ocr": amount.ocr, "source": "table"}


def _text_record_rows(document: Document, claims, links: TableLinks):
    """Amounts stated in the narrative, as records with no table (`source` = text): analysts and
    auditors look values up by name whether the document printed them in a table or a sentence.
    A claim about a classification item (`行政运行（项）…`) carries that item's code."""
    for c in claims:
        if c.kind not in ("amount", "difference") or c.number is None:
            continue
        yield {"doc_id": document.doc_id, "table_id": None, "row": None, "code": links.code_for(c),
               "name": c.label or c.subject, "level": None, "column": c.role or c.kind, "col": None,
               "value": c.value, "printed": c.number.printed, "decimals": c.number.decimals, "unit": c.unit,
               "value_yuan": to_yuan(c.value, c.unit), "page": c.page, "bbox": None, "cell": None, "ocr": c.ocr,
               "source": "text"}


def _claim_row(doc_id: str, c, code: str | None) -> dict:
    """A narrative figure with what another document's rules need to recompute it: its printing,
    its place in the text (offset, sentence), its role and direction, the item's code."""
    return {"doc_id": doc_id, "page": c.page, "text": c.text, "subject": c.subject, "value": c.value,
            "unit": c.unit, "kind": c.kind, "printed": c.number.printed if c.number else None,
            "decimals": c.number.decimals if c.number else None, "role": c.role, "direction": c.direction,
            "sentence": c.sentence, "offset": c.offset, "code": code, "section_id": c.section_id,
            "section": c.section or None}


def _finding_row(doc_id: str, i: int, f: Finding) -> dict:
    return {"doc_id": doc_id, "finding_id": f"{doc_id[:12]}-f{i:03d}", "rule": f.rule, "severity": f.severity,
            "table_id": f.table_id, "page": f.page, "message": f.message, "expected": f.expected,
            "actual": f.actual, "delta": f.delta, "tolerance": f.tolerance,
            "evidence": json.dumps(list(f.evidence), ensure_ascii=False),
            "reasons": json.dumps([r.as_dict() for r in f.reasons], ensure_ascii=False)}
