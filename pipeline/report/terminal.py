"""`budgetpipe show`: a run's documents, or one document's tables and findings, in the terminal.

For a look at a result without writing SQL or opening a browser: the same rows the report reads
(`load`), drawn as rich tables — each extracted table laid out as printed with its failing
cells coloured (stated total red, parts yellow), then the findings with their recomputation.
Text from PDFs is passed to rich as plain `Text`, never as markup.
"""
from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.report.coverage import coverage
from pipeline.report.html import cell_marks, number, printed_places
from pipeline.report.load import Run
from pipeline.report.messages import Messages

TOTAL_STYLE = "bold white on red"
PART_STYLE = "black on yellow"


def documents(console: Console, run: Run, m: Messages) -> None:
    t = Table("#", m("col_file"), m("col_kind"), m("col_year"), m("col_status"), m("tables"), m("col_findings"),
              title=m("documents"))
    for i, d in enumerate(run.documents, start=1):
        tables = [x for x in run.tables if x["doc_id"] == d["doc_id"]]
        findings = [f for f in run.findings if f["doc_id"] == d["doc_id"]]
        state = coverage(d, tables, findings).state
        t.add_row(str(i), Text(d["file"]), m.get("kind_" + d["kind"], d["kind"]), str(d["year"] or ""),
                  Text(m("state_" + state), style=_state_style(state)), str(len(tables)), str(len(findings)))
    console.print(t)


def document(console: Console, run: Run, doc: dict, m: Messages, kind: str | None = None) -> None:
    tables = [t for t in run.tables if t["doc_id"] == doc["doc_id"]]
    findings = [f for f in run.findings if f["doc_id"] == doc["doc_id"]]
    cov = coverage(doc, tables, findings, run.claims.get(doc["doc_id"], 0))
    head = Text(f"{doc['file']}  ", style="bold")
    head.append(f"{doc['issuer'] or ''} {doc['year'] or ''} · {m.get('kind_' + doc['kind'], doc['kind'])} · ")
    head.append(m("state_" + cov.state), style=_state_style(cov.state))
    head.append(f" · {m('checks_n', n=cov.checks)}")
    if cov.ocr_pages:
        head.append(f" · {m('ocr_pages_n', n=cov.ocr_pages)}")
    if cov.unread_pages:
        head.append(f" · {m('unread_pages_n', n=cov.unread_pages)}")
    console.print(head)
    marks = cell_marks(findings)
    for table in tables:
        if kind is None or table["kind"] == kind:
            console.print(grid(table, marks.get(table["table_id"], {}), m))
    f = Table(m("rule"), m("severity"), m("cell_page"), m("findings"), m("stated"), m("expected"), "Δ",
              title=f"{m('findings')} ({len(findings)})", show_lines=True)
    for x in findings:
        f.add_row(Text(x["rule"]), Text(m.get("sev_" + x["severity"], x["severity"])), str(x["page"] or ""),
                  Text(m.finding_text(x["message"])),
                  *(number(x[k], printed_places(x["evidence"])) for k in ("actual", "expected", "delta")))
    console.print(f)


def grid(table: dict, marks: dict, m: Messages) -> Table:
    """One extracted table as printed: its header paths as column titles, every row and column."""
    g = json.loads(table["grid"]) if table.get("grid") else {"header": [], "rows": [], "amount_cols": []}
    names = ["/".join(x for x in dict.fromkeys(level[j] for level in g["header"]) if x)
             for j in range(len(g["header"][0]) if g["header"] else 0)]
    pages = str(table["page_first"]) + (f"–{table['page_last']}" if table["page_last"] != table["page_first"] else "")
    t = Table(title=Text(f"{table['kind']} «{table['title'] or ''}» · {m('page_n', n=pages)} · "
                         f"{m('unit')} {table['unit'] or '?'} · "
                         + (m("table_checks", n=table["checks"]) if table.get("checks") else m("table_unchecked"))))
    t.add_column("#", justify="right", style="dim")
    amount = set(g["amount_cols"])
    for j, name in enumerate(names):
        t.add_column(Text(name), justify="right" if j in amount else "left", no_wrap=j in amount)
    for r in g["rows"]:
        cells = [Text(str(r["row"] + 1))]
        for j, text in enumerate(r["cells"]):
            mark = marks.get((r["row"], j))
            style = (TOTAL_STYLE if mark["total"] else PART_STYLE) if mark else ""
            cells.append(Text(text or ("空" if mark else ""), style=style))
        t.add_row(*cells)
    return t


def _state_style(state: str) -> str:
    return {"findings": "bold red", "clean": "green", "unchecked": "bold yellow", "failed": "bold white on red"}[state]
