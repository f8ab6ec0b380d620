"""`budgetpipe`: ingest disclosures into the output contract, with progress and a summary, and
look at a result (`show`, `export`, `annotate`, `report`) without writing SQL.

Conventions: `-h`/`--help` on every command, `--version`, each command's one-line help a whole
sentence (typer would otherwise list a docstring's first line, cut where it wraps).
"""
from __future__ import annotations

import os
import re
from importlib.metadata import version as package_version
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from pipeline import runner

app = typer.Typer(add_completion=False, context_settings={"help_option_names": ["-h", "--help"]},
                  help="Read Chinese budget / final-account disclosures and check their arithmetic.")
console = Console()
LANG_HELP = "interface language of the report, the workbook and the notes: zh (default) or en"


def _version(value: bool) -> None:
    if value:
        console.print(f"budgetpipe {package_version('budget-pipeline')}", highlight=False)
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="print the version and exit")) -> None:
    """Read Chinese budget / final-account disclosures and check their arithmetic."""


def parse_pages(spec: str | None) -> list[int] | None:
    """`3-9`, `1,4,10-12` → sorted page numbers (1-based); None for all pages."""
    if spec is None:
        return None
    pages: set[int] = set()
    for part in spec.split(","):
        m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not m or int(m.group(1)) < 1 or (m.group(2) and int(m.group(2)) < int(m.group(1))):
            raise typer.BadParameter(f"{part!r} is not a page or a range like 3-9", param_hint="--pages")
        pages |= set(range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1))
    return sorted(pages)


def _default_jobs() -> int:
    return max(1, min(2, os.cpu_count() or 1))


@app.command(short_help="Extract, parse and check every file, and write the outputs under OUT.")
def ingest(paths: list[Path] = typer.Argument(..., help="PDF files and/or folders (searched recursively)"),
           out: Path = typer.Option(Path("output"), "--out", "-o", help="output folder"),
           jobs: int = typer.Option(_default_jobs(), "--jobs", "-j", help="worker processes"),
           report: bool = typer.Option(True, "--report/--no-report",
                                       help="also write OUT/report.html and OUT/tables.xlsx"),
           pages: str = typer.Option(None, "--pages", help="read only these pages of each file, e.g. 3-9 or 1,4,10-12"),
           annotate: bool = typer.Option(False, "--annotate", help="also write OUT/annotated/: each PDF with its findings marked"),
           lang: str = typer.Option("zh", "--lang", help=LANG_HELP),
           quiet: bool = typer.Option(False, "--quiet", "-q", help="print nothing but errors"),
           verbose: bool = typer.Option(False, "--verbose", "-v",
                                        help="one line per file as it finishes: status, tables, findings, error"),
           reader: str = typer.Option("pdfium", "--reader",
                                      help="pdfium (fast) or pdfplumber (the reference reader)")) -> None:
    """Extract, parse and check every file; write DuckDB, Parquet, JSON and facts under OUT, then the audit report and Excel export (skip them with --no-report)."""
    _use_reader(reader)
    selected = parse_pages(pages)
    if quiet:
        results = runner.ingest(paths, out, jobs=jobs, report=report, pages=selected, lang=lang)
    elif verbose:
        def line(r) -> None:
            d = r.document
            console.print(f"{d['status']:7} {len(r.tables):3} tables {len(r.findings):3} findings  {d['file']}"
                          + (f"  — {d['error']}" if d.get("error") else ""), highlight=False, markup=False)
        results = runner.ingest(paths, out, jobs=jobs, on_done=line, report=report, pages=selected, lang=lang)
    else:
        with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), TextColumn("{task.fields[last]}"), console=console) as progress:
            task = progress.add_task("ingest", total=None, last="")

            def start(n: int) -> None:
                progress.update(task, total=n)

            def done(r) -> None:
                progress.update(task, advance=1, last=f"{r.document['status']:7} {r.document['file'][:50]}")

            results = runner.ingest(paths, out, jobs=jobs, on_start=start, on_done=done, report=report,
                                    pages=selected, lang=lang)
    if annotate:
        _annotate_all(out, None, lang, quiet)
    if quiet:
        for r in results:
            if r.document["status"] == "failed":
                console.print(f"failed: {r.document['file']}: {r.document['error']}", markup=False, highlight=False)
    else:
        _print_summary(runner.summary(results), out, report)


@app.command("report", short_help="Rebuild OUT/report.html and OUT/tables.xlsx from a stored run.")
def report_cmd(out: Path = typer.Argument(Path("output"), help="output folder of an earlier ingest"),
               crops: int = typer.Option(20, "--crops", help="findings per document that get a page picture"),
               max_crops: int = typer.Option(300, "--max-crops", help="page pictures in the whole report"),
               lang: str = typer.Option("zh", "--lang", help=LANG_HELP)) -> None:
    """(Re)build OUT/report.html and OUT/tables.xlsx from OUT's budget.duckdb, without re-ingesting."""
    from pipeline.report import write

    try:
        written = write(out, crops_per_document=crops, max_crops=max_crops, lang=lang)
    except FileNotFoundError as e:
        console.print(f"[red]{e}[/]")
        raise typer.Exit(2)
    console.print("written " + ", ".join(str(p) for p in written.values()))


@app.command(short_help="Draw one page with what extraction found on it.")
def debug(file: Path = typer.Argument(..., help="a PDF"),
          page: int = typer.Option(..., "--page", "-p", help="1-based page number"),
          out: Path = typer.Option(None, "--out", "-o", help="PNG to write (default: FILE-pN.png here)")) -> None:
    """Draw one page with the words, ruling lines and table cells extraction found on it."""
    from pipeline.debug import draw_page

    target = out or Path(f"{file.stem}-p{page}.png")
    try:
        s = draw_page(file, page, target)
    except ValueError as e:
        console.print(f"[red]{e}[/]")
        raise typer.Exit(2)
    console.print(f"page {s.page} (text layer: {s.text_layer}): {s.words} words, {s.lines} ruling lines, "
                  f"{s.grids} grids with {s.cells} cells — written to {s.out}")


@app.command("eval", short_help="Ingest a folder and print per-document extraction figures.")
def evaluate(folder: Path = typer.Argument(..., help="folder of disclosures to evaluate on"),
             out: Path = typer.Option(Path("output/eval"), "--out", "-o"),
             jobs: int = typer.Option(_default_jobs(), "--jobs", "-j"),
             reader: str = typer.Option("pdfium", "--reader", help="pdfium or pdfplumber")) -> None:
    """Ingest FOLDER, then print per document and in total: standard tables recognised, tables
    whose identities all hold, tables with findings, OCR pages, failures."""
    _use_reader(reader)
    from pipeline.evaluate import per_document

    with Progress(TextColumn("[bold]eval"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console) as progress:
        task = progress.add_task("eval", total=None)
        results = runner.ingest([folder], out, jobs=jobs, on_start=lambda n: progress.update(task, total=n),
                                on_done=lambda r: progress.update(task, advance=1))
    rows, totals = per_document(results)
    t = RichTable("file", "status", "kind", "standard", "tables", "hold", "with findings", "errors", "ocr pages",
                  title="per document")
    for r in rows:
        t.add_row(r["file"][:44], r["status"], r["kind"], str(r["standard"]), str(r["tables"]), str(r["hold"]),
                  str(r["with_findings"]), str(r["errors"]), str(r["ocr_pages"]))
    console.print(t)
    console.print("[bold]total[/]: " + ", ".join(f"{k} {v}" for k, v in totals.items()))


@app.command(short_help="Print a run's documents, or one document's tables and findings.")
def show(out: Path = typer.Argument(Path("output"), help="output folder of an earlier ingest"),
         doc: str = typer.Argument(None, help="a document: its number in the list, its file name or a doc_id prefix"),
         kind: str = typer.Option(None, "--table", "-t", help="only tables of this kind, e.g. 收支总表"),
         lang: str = typer.Option("zh", "--lang", help=LANG_HELP)) -> None:
    """Without DOC, list the run's documents with their check status; with DOC, print its tables as printed (failing cells coloured) and its findings."""
    from pipeline.report import terminal
    from pipeline.report.messages import Messages

    run, m = _load(out), Messages(lang)
    if doc is None:
        terminal.documents(console, run, m)
        return
    terminal.document(console, run, _pick(run, doc), m, kind)


@app.command(short_help="Write a stored run as CSV files.")
def export(out: Path = typer.Argument(Path("output"), help="output folder of an earlier ingest"),
           csv_dir: Path = typer.Option(..., "--csv", help="folder to write the CSV files to")) -> None:
    """Write the contract tables of OUT as CSV into the --csv folder, and each extracted table as printed under its tables/ subfolder."""
    from pipeline.report.export import to_csv

    try:
        written = to_csv(out, csv_dir)
    except FileNotFoundError as e:
        console.print(f"[red]{e}[/]")
        raise typer.Exit(2)
    console.print(f"written {len(written)} CSV files to {csv_dir}", highlight=False)


@app.command("annotate", short_help="Write each PDF with its findings marked as PDF annotations.")
def annotate_cmd(out: Path = typer.Argument(Path("output"), help="output folder of an earlier ingest"),
                 doc: str = typer.Argument(None, help="only this document: its number, file name or a doc_id prefix"),
                 lang: str = typer.Option("zh", "--lang", help=LANG_HELP)) -> None:
    """Write OUT/annotated/<id>_<file>.pdf: the original PDF with each finding's cells boxed and a note giving the rule and the recomputation, readable in any PDF viewer."""
    _annotate_all(out, doc, lang, quiet=False)


def _load(out: Path):
    from pipeline.report.load import load

    try:
        return load(out)
    except FileNotFoundError as e:
        console.print(f"[red]{e}[/]")
        raise typer.Exit(2)


def _pick(run, key: str) -> dict:
    from pipeline.report.load import pick

    try:
        return pick(run.documents, key)
    except LookupError as e:
        console.print(str(e), style="red", markup=False)
        raise typer.Exit(2)


def _annotate_all(out: Path, doc: str | None, lang: str, quiet: bool) -> None:
    from pipeline.report.annotate import annotate, file_name
    from pipeline.report.crops import source_pdf
    from pipeline.report.messages import Messages

    run = _load(out)
    docs = [_pick(run, doc)] if doc is not None else run.documents
    folder = out / "annotated"
    folder.mkdir(parents=True, exist_ok=True)
    m = Messages(lang)
    for d in docs:
        pdf, reason = source_pdf(d)
        if pdf is None:
            if not quiet:
                console.print(f"skipped {d['file']}: {m(reason)}", markup=False, highlight=False)
            continue
        target = folder / file_name(d)
        n = annotate(pdf, [f for f in run.findings if f["doc_id"] == d["doc_id"]], target, lang)
        if not quiet:
            console.print(f"{target}: {n} findings marked", markup=False, highlight=False)


def _use_reader(reader: str) -> None:
    """Every worker reads with `reader` (see `pipeline.extract.reader.default_reader`)."""
    from pipeline.extract.reader import READER_ENV, READERS

    if reader not in READERS:
        console.print(f"[red]--reader must be one of {', '.join(READERS)}[/]")
        raise typer.Exit(2)
    os.environ[READER_ENV] = reader


def _print_summary(s: dict, out: Path, report: bool) -> None:
    docs = s["documents"]
    console.print(f"[bold]documents[/]: {sum(docs.values())} — ok {docs.get('ok', 0)}, "
                  f"partial {docs.get('partial', 0)}, failed {docs.get('failed', 0)}")
    t = RichTable("table kind", "count", title="tables by kind")
    for kind, n in sorted(s["tables"].items(), key=lambda kv: (-kv[1], kv[0])):
        t.add_row(kind, str(n))
    console.print(t)
    console.print(f"[bold]records[/]: {s['records']}")
    f = RichTable("rule", "severity", "count", title="findings by rule")
    for (rule, sev), n in sorted(s["findings"].items()):
        f.add_row(rule, sev, str(n))
    console.print(f)
    written = f"{out}/budget.duckdb, {out}/parquet/, {out}/documents/, {out}/datapackage.json"
    if report:
        written += f", {out}/report.html, {out}/tables.xlsx"
    console.print(f"written to {written}")


if __name__ == "__main__":
    app()
