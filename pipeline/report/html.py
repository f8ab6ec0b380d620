"""`report.html`: one self-contained page an auditor can open from disk and filter.

It lists the run's documents (status, standard tables found and missing) and every finding,
grouped by document and rule, with its recomputation and a picture of the printed cells. Images
are embedded as base64 and the filter script and styles are inline, so the file works offline,
mailed as an attachment, with no server. Everything that came from a PDF is escaped by Jinja's
autoescaping: a title printed as `<script>` shows as text.

Pictures cost ~10–60 kB each, so only the first `crops_per_document` findings of each document get
one, and at most `max_crops` in all; the page says so wherever it leaves one out.
"""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from parsers.kinds import BUDGET_KINDS, FINAL_ACCOUNT_KINDS
from pipeline.report.crops import Cropper, source_pdf
from pipeline.report.load import Run

EXPECTED_KINDS = {"budget": BUDGET_KINDS, "final_account": FINAL_ACCOUNT_KINDS}
STANDARD = set(BUDGET_KINDS) | set(FINAL_ACCOUNT_KINDS)
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

_env = Environment(loader=PackageLoader("pipeline.report", "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True))


def number(value) -> str:
    """A Decimal as plain digits without the store's padding zeros (263.880000 → 263.88)."""
    if value is None:
        return ""
    d = Decimal(value).normalize()
    return f"{d:f}"


_env.filters["number"] = number


def write(run: Run, path: str | Path, crops_per_document: int = 20, max_crops: int = 300) -> Path:
    path = Path(path)
    path.write_text(render(run, crops_per_document, max_crops), encoding="utf-8")
    return path


def render(run: Run, crops_per_document: int = 20, max_crops: int = 300) -> str:
    tables_by_doc: dict[str, list[dict]] = {}
    for t in run.tables:
        tables_by_doc.setdefault(t["doc_id"], []).append(t)
    findings_by_doc: dict[str, list[dict]] = {}
    for f in run.findings:
        findings_by_doc.setdefault(f["doc_id"], []).append(f)
    budget = {"left": max_crops, "max": max_crops}
    documents = [_document(d, tables_by_doc.get(d["doc_id"], []), findings_by_doc.get(d["doc_id"], []),
                           crops_per_document, budget) for d in run.documents]
    severities = Counter(f["severity"] for f in run.findings)
    return _env.get_template("report.html.j2").render(
        out_name=run.out.name or str(run.out), documents=documents,
        status=Counter(d["status"] for d in run.documents),
        n_tables=len(run.tables), n_standard=sum(t["kind"] in STANDARD for t in run.tables),
        n_findings=len(run.findings),
        severities=sorted(severities.items(), key=lambda kv: SEVERITY_ORDER.get(kv[0], 9)),
        rules=sorted({f["rule"] for f in run.findings}),
        crops_per_document=crops_per_document, max_crops=max_crops)


def _document(doc: dict, tables: list[dict], findings: list[dict], crops_per_document: int, budget: dict) -> dict:
    expected = EXPECTED_KINDS.get(doc["kind"], ())
    found = {t["kind"] for t in tables}
    tables_by_id = {t["table_id"]: t for t in tables}
    findings = sorted(findings, key=lambda f: (f["rule"], SEVERITY_ORDER.get(f["severity"], 9), f["finding_id"]))
    pictures = _pictures(doc, findings, crops_per_document, budget)
    groups: dict[str, list[dict]] = {}
    for f in findings:
        groups.setdefault(f["rule"], []).append({**f, "table": tables_by_id.get(f["table_id"]),
                                                 "crops": pictures["crops"].get(f["finding_id"])})
    return {**doc, "tables": tables, "standard": [t for t in tables if t["kind"] in STANDARD],
            "missing": [k for k in expected if k not in found],
            "expected_count": len(expected),
            "counts": Counter(f["severity"] for f in findings),
            "groups": sorted(groups.items()), "crop_note": pictures["note"]}


def _pictures(doc: dict, findings: list[dict], crops_per_document: int, budget: dict) -> dict:
    """Crops for the first findings of a document, within the per-document and overall limits."""
    wanted = [f for f in findings if any(c.get("bbox") for c in f["evidence"])]
    if not wanted:
        return {"crops": {}, "note": None}
    pdf, reason = source_pdf(doc)
    if pdf is None:
        return {"crops": {}, "note": f"No pictures: {reason}."}
    take = wanted[:max(0, min(crops_per_document, budget["left"]))]
    crops = {}
    if take:
        try:
            with Cropper(pdf) as cropper:
                for f in take:
                    crops[f["finding_id"]] = cropper.crops(f["evidence"])
        except Exception as e:  # noqa: BLE001 - a PDF that will not render costs its pictures, not the report
            return {"crops": {}, "note": f"No pictures: the PDF could not be rendered ({type(e).__name__}: {e})."}
    budget["left"] -= len(take)
    note = None
    if len(take) < len(wanted):
        note = (f"Pictures for the first {len(take)} of {len(wanted)} findings of this document only "
                f"(limits: {crops_per_document} per document, {budget['max']} per report).")
    return {"crops": crops, "note": note}
