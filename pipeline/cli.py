"""`budgetpipe`: ingest disclosures into the output contract, with progress and a summary."""
from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from pipeline import runner

app = typer.Typer(add_completion=False, help="Read Chinese budget / final-account disclosures and check their arithmetic.")
console = Console()


@app.callback()
def main() -> None:
    """Subcommands: ingest, report, debug (and eval)."""


def _default_jobs() -> int:
    return max(1, min(2, os.cpu_count() or 1))


@app.command()
def ingest(paths: list[Path] = typer.Argument(..., help="PDF files and/or folders (searched recursively)"),
           out: Path = typer.Option(Path("output"), "--out", "-o", help="output folder"),
           jobs: int = typer.Option(_default_jobs(), "--jobs", "-j", help="worker processes"),
           report: bool = typer.Option(True, "--report/--no-report",
                                       help="also write OUT/report.html and OUT/tables.xlsx")) -> None:
    """Extract, parse and check every file; write DuckDB, Parquet, JSON and facts under OUT, then
    the audit report and Excel export (skip them with --no-report)."""
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TextColumn("{task.fields[last]}"), console=console) as progress:
        task = progress.add_task("ingest", total=None, last="")

        def start(n: int) -> None:
            progress.update(task, total=n)

        def done(r) -> None:
            progress.update(task, advance=1, last=f"{r.document['status']:7} {r.document['file'][:50]}")

        results = runner.ingest(paths, out, jobs=jobs, on_start=start, on_done=done, report=report)
    _print_summary(runner.summary(results), out, report)


@app.command("report")
def report_cmd(out: Path = typer.Argument(Path("output"), help="output folder of an earlier ingest"),
               crops: int = typer.Option(20, "--crops", help="findings per document that get a page picture"),
               max_crops: int = typer.Option(300, "--max-crops", help="page pictures in the whole report")) -> None:
    """(Re)build OUT/report.html and OUT/tables.xlsx from OUT's budget.duckdb, without re-ingesting."""
    from pipeline.report import write

    try:
        written = write(out, crops_per_document=crops, max_crops=max_crops)
    except FileNotFoundError as e:
        console.print(f"[red]{e}[/]")
        raise typer.Exit(2)
    console.print("written " + ", ".join(str(p) for p in written.values()))


@app.command()
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


@app.command("eval")
def evaluate(folder: Path = typer.Argument(..., help="folder of disclosures to evaluate on"),
             out: Path = typer.Option(Path("output/eval"), "--out", "-o"),
             jobs: int = typer.Option(_default_jobs(), "--jobs", "-j")) -> None:
    """Ingest FOLDER, then print per document and in total: standard tables recognised, tables
    whose identities all hold, tables with findings, OCR pages, failures."""
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
