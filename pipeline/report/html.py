"""`report.html`: one self-contained page an auditor can open from disk and filter.

Per document it says what was checked and what was not (OCR pages, pages with no text read,
tables with no identity to check — "nothing checked" looks different from "no findings"), which
of the family's standard tables were found, every extracted table as a grid with its failing
cells marked and a link to the page picture, and the findings — those one printed cell explains
shown once as a cascade — with their recomputation and a picture of the printed cells under
their column headers. Interface text is Chinese by default (`lang="en"` for English, all strings
from `messages`). Images are embedded as base64 and the script and styles are inline, so the
file works offline with no server. Everything that came from a PDF is escaped by Jinja's
autoescaping: a title printed as `<script>` shows as text.

Pictures cost ~10–60 kB each, so only the first `crops_per_document` findings of each document get
one, at most `max_crops` in all, and at most `max_pages` page pictures; the page says so
wherever it leaves one out.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from parsers.issuers import issuer_key
from parsers.registry import REGISTRY
from pipeline.report.chart import bars
from pipeline.report.cascades import cascades
from pipeline.report.coverage import coverage
from pipeline.report.crops import Cropper, source_pdf
from pipeline.report.load import Run
from pipeline.report.messages import Messages
from pipeline.series import headline

STANDARD = REGISTRY.standard_kinds()  # every kind some template of the registry requires
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

_env = Environment(loader=PackageLoader("pipeline.report", "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True))


def number(value, places: int | None = None) -> str:
    """A Decimal as plain digits without the store's padding zeros (263.880000 → 263.88), or with
    `places` decimals — those the cells were printed with (458.000000 → 458.00) — when that
    drops no digit."""
    if value is None:
        return ""
    d = Decimal(value).normalize()
    if places is not None and -d.as_tuple().exponent <= places:
        d = d.quantize(Decimal(1).scaleb(-places))
    return f"{d:f}"


def printed_places(evidence: list[dict]) -> int | None:
    """The most decimals any of a finding's cells was printed with (None when no cell is printed)."""
    places = [len(p.split(".")[1]) if "." in p else 0 for c in evidence
              if (p := (c.get("printed") or "").replace(",", "").rstrip("%")) and p.lstrip("-").replace(".", "").isdigit()]
    return max(places, default=None)


_env.filters["number"] = number


def write(run: Run, path: str | Path, crops_per_document: int = 20, max_crops: int = 300,
          lang: str = "zh", max_pages: int = 60) -> Path:
    path = Path(path)
    path.write_text(render(run, crops_per_document, max_crops, lang, max_pages), encoding="utf-8")
    return path


def render(run: Run, crops_per_document: int = 20, max_crops: int = 300, lang: str = "zh",
           max_pages: int = 60) -> str:
    m = Messages(lang)
    tables_by_doc: dict[str, list[dict]] = {}
    for t in run.tables:
        tables_by_doc.setdefault(t["doc_id"], []).append(t)
    findings_by_doc: dict[str, list[dict]] = {}
    for f in run.findings:
        findings_by_doc.setdefault(f["doc_id"], []).append(f)
    budget = {"crops": max_crops, "max": max_crops, "pages": max_pages, "max_pages": max_pages}
    by_id = {d["doc_id"]: d for d in run.documents}
    documents = [_document(i, d, tables_by_doc.get(d["doc_id"], []), findings_by_doc.get(d["doc_id"], []),
                           run.claims.get(d["doc_id"], 0), crops_per_document, budget, m, by_id)
                 for i, d in enumerate(run.documents, start=1)]
    numbers = {d["doc_id"]: d["no"] for d in documents}
    charts = {k: bars(v, m("series_title", issuer=k)) for k, v in headline(run.series).items()}
    for d in documents:
        d["related"] = [(m("rel_" + link["relation"]), by_id[link["other_doc_id"]], numbers[link["other_doc_id"]])
                        for link in run.links if link["doc_id"] == d["doc_id"] and link["other_doc_id"] in by_id]
        d["chart"] = charts.get(issuer_key(d.get("issuer")) or "")
    severities = Counter(f["severity"] for f in run.findings)
    return _env.get_template("report.html.j2").render(
        m=m, lang=lang, out_name=run.out.name or str(run.out), documents=documents,
        status=Counter(d["status"] for d in run.documents),
        n_tables=len(run.tables), n_standard=sum(t["kind"] in STANDARD for t in run.tables),
        n_findings=len(run.findings), n_unchecked=sum(d["coverage"].state == "unchecked" for d in documents),
        severities=sorted(severities.items(), key=lambda kv: SEVERITY_ORDER.get(kv[0], 9)),
        rules=sorted({f["rule"] for f in run.findings}),
        versions=run.versions, revisions=run.revisions,
        crops_per_document=crops_per_document, max_crops=max_crops, max_pages=max_pages)


def _document(no: int, doc: dict, tables: list[dict], findings: list[dict], claims: int,
              crops_per_document: int, budget: dict, m: Messages, documents: dict[str, dict]) -> dict:
    # The tables the document's own template requires (its family's national one if none is named).
    template = REGISTRY.get(doc.get("template")) or (REGISTRY.base(doc["kind"]) if doc["kind"] in ("budget", "final_account") else None)
    expected = template.required if template else ()
    found = {t["kind"] for t in tables}
    tables_by_id = {t["table_id"]: t for t in tables}
    grids = {t["table_id"]: json.loads(t["grid"]) for t in tables if t.get("grid")}
    findings = sorted(findings, key=lambda f: f["finding_id"])
    pictures = _pictures(doc, tables, findings, grids, crops_per_document, budget, m)
    _foreign_crops(doc, findings, pictures["crops"], documents)
    shown = [{**f, "text": m.finding_text(f["message"]), "table": tables_by_id.get(f["table_id"]),
              "crops": pictures["crops"].get(f["finding_id"]), "page_crop": pictures["page_of"].get(f["finding_id"]),
              "places": printed_places(f["evidence"]),
              "sentence": next((c["sentence"] for c in f["evidence"] if c.get("sentence")), None),
              "has_cells": any(c.get("bbox") or c.get("row") is not None for c in f["evidence"])}
             for f in findings]
    groups = cascades(shown)
    marks = cell_marks(findings)
    return {**doc, "no": no, "tables": [_table(t, grids.get(t["table_id"]), marks.get(t["table_id"], {}),
                                               pictures["pages"]) for t in tables],
            "standard": [t for t in tables if t["kind"] in STANDARD],
            "expected": [(k, k in found) for k in expected],
            "missing": [k for k in expected if k not in found],
            "coverage": coverage(doc, tables, findings, claims),
            "counts": Counter(f["severity"] for f in findings),
            "cascades": [g for g in groups if g.rest],
            "singles": _by_rule([g.head for g in groups if not g.rest]),
            "n_findings": len(findings), "crop_note": pictures["note"],
            "page_pictures": sorted(pictures["pages"].items()), "pages_note": pictures["pages_note"]}


def _by_rule(findings: list[dict]) -> list[tuple[str, list[dict]]]:
    groups: dict[str, list[dict]] = {}
    for f in sorted(findings, key=lambda f: (f["rule"], SEVERITY_ORDER.get(f["severity"], 9), f["finding_id"])):
        groups.setdefault(f["rule"], []).append(f)
    return sorted(groups.items())


def cell_marks(findings: list[dict]) -> dict[str, dict[tuple[int, int], dict]]:
    """table_id → (row, col) → {"total": is a stated total somewhere, "ids": finding ids}."""
    marks: dict[str, dict[tuple[int, int], dict]] = {}
    for f in findings:
        for c in f["evidence"]:
            table_id = c.get("table_id") or f["table_id"]
            if table_id is None or c.get("row") is None or c.get("col") is None:
                continue
            mark = marks.setdefault(table_id, {}).setdefault((c["row"], c["col"]), {"total": False, "ids": []})
            mark["total"] |= c["role"] == "total"
            if f["finding_id"] not in mark["ids"]:
                mark["ids"].append(f["finding_id"])
    return marks


def _table(table: dict, grid: dict | None, marks: dict, pages: dict) -> dict:
    """A table for the template: header rows with spans, every row's cells with their marks."""
    out = {"t": table, "anchor": f"t-{table['table_id']}", "n_failing": len(marks), "header": [], "rows": [],
           "pages": list(range(table["page_first"] or 0, (table["page_last"] or 0) + 1)),
           "picture_pages": pages}
    if grid is None:
        return out
    out["header"] = header_rows(grid["header"])
    amount = set(grid["amount_cols"])
    for r in grid["rows"]:
        cells = []
        for col, text in enumerate(r["cells"]):
            mark = marks.get((r["row"], col))
            cells.append({"text": text, "num": col in amount,
                          "cls": ("fail-total" if mark["total"] else "fail-part") if mark else "",
                          "ids": mark["ids"] if mark else []})
        out["rows"].append({"row": r["row"], "page": r["page"], "cells": cells})
    return out


def header_rows(header: list[list[str]]) -> list[list[tuple[str, int]]]:
    """Header levels → rows of (text, colspan): adjacent columns under the same path share one cell."""
    rows = []
    for k, level in enumerate(header):
        row: list[tuple[str, int]] = []
        for j, text in enumerate(level):
            same = j > 0 and text and all(header[i][j] == header[i][j - 1] for i in range(k + 1))
            if same:
                row[-1] = (row[-1][0], row[-1][1] + 1)
            else:
                row.append((text, 1))
        rows.append(row)
    return rows


def _foreign_crops(doc: dict, findings: list[dict], crops: dict[str, list], documents: dict[str, dict]) -> None:
    """A cross-document finding's cells in the other document, cut from that document's PDF and
    set after this document's own crops (each labelled with its file)."""
    wanted: dict[str, list[tuple[str, list[dict]]]] = {}
    for f in findings:
        if f["finding_id"] not in crops:
            continue  # beyond the picture limits: neither document's cells are drawn
        foreign: dict[str, list[dict]] = {}
        for c in f["evidence"]:
            if c.get("doc_id") not in (None, doc["doc_id"]) and c.get("bbox"):
                foreign.setdefault(c["doc_id"], []).append(c)
        for other, cells in foreign.items():
            wanted.setdefault(other, []).append((f["finding_id"], cells))
    for other, items in sorted(wanted.items()):
        row = documents.get(other)
        pdf = source_pdf(row)[0] if row else None
        if pdf is None:
            continue
        try:
            with Cropper(pdf) as cropper:
                for finding_id, cells in items:
                    crops[finding_id] = crops[finding_id] + [replace(c, source=row["file"]) for c in cropper.crops(cells)]
        except Exception:  # noqa: BLE001 - the other PDF not rendering costs its pictures, not the report
            continue


def _pictures(doc: dict, tables: list[dict], findings: list[dict], grids: dict, crops_per_document: int,
              budget: dict, m: Messages) -> dict:
    """Crops for the first findings of a document, whole pages for findings about a page, and
    pictures of the pages its tables are on, within the per-document and overall limits."""
    out = {"crops": {}, "page_of": {}, "pages": {}, "note": None, "pages_note": None}
    with_cells = [f for f in findings if any(c.get("bbox") for c in f["evidence"])]
    about_page = [f for f in findings if f["page"] and not any(c.get("bbox") for c in f["evidence"])
                  and not any(c.get("sentence") for c in f["evidence"])]
    table_pages = sorted({p for t in tables for p in range(t["page_first"] or 0, (t["page_last"] or 0) + 1) if p})
    if not (with_cells or about_page or table_pages):
        return out
    pdf, reason = source_pdf(doc)
    if pdf is None:
        out["note"] = m("no_pictures", reason=m(reason))
        return out
    headers = {(t_id, int(page)): tuple(band) for t_id, g in grids.items() for page, band in g.get("tops", {}).items()}
    take = with_cells[:max(0, min(crops_per_document, budget["crops"]))]
    pages = table_pages[:max(0, budget["pages"])]
    try:
        with Cropper(pdf) as cropper:
            for f in take:
                own = [c for c in f["evidence"] if c.get("doc_id") in (None, doc["doc_id"])]
                out["crops"][f["finding_id"]] = cropper.crops(own, headers, f["table_id"])
            for f in about_page:
                out["page_of"][f["finding_id"]] = cropper.page(f["page"])
            for page in pages:
                out["pages"][page] = cropper.page(page)
    except Exception as e:  # noqa: BLE001 - a PDF that will not render costs its pictures, not the report
        return {**out, "crops": {}, "page_of": {}, "pages": {},
                "note": m("no_pictures", reason=f"{m('reason_render')} ({type(e).__name__}: {e})")}
    budget["crops"] -= len(take)
    budget["pages"] -= len(pages)
    if len(take) < len(with_cells):
        out["note"] = m("pictures_limited", take=len(take), wanted=len(with_cells), per_doc=crops_per_document,
                        max=budget["max"])
    if len(pages) < len(table_pages):
        out["pages_note"] = m("page_pictures_limited", max=budget["max_pages"])
    return out
