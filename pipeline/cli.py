"""`budgetpipe`: ingest disclosures into the output contract, with progress and a summary, and
look at a result (`show`, `export`, `annotate`, `report`) without writing SQL.

Conventions: `-h`/`--help` on every command, `--version`, each command's one-line help a whole
sentence (typer would otherwise list a docstring's first line, cut where it wraps).
"""
from __future__ import annotations

import os
import re
import time
from importlib.metadata import version as package_version
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
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
    return os.cpu_count() or 1


def _user_error(e: Exception) -> None:
    """A user's mistake (a missing path, --out naming a file, an empty folder): say so, exit 2."""
    console.print(f"[red]error:[/] {escape(str(e))}")
    raise typer.Exit(2)


@app.command(short_help="Add every file to the store OUT: new and changed documents are processed, the rest skipped.")
def ingest(paths: list[Path] = typer.Argument(..., help="PDF or workbook files and/or folders (searched recursively)"),
           out: Path = typer.Option(Path("output"), "--out", "-o", help="the store (a folder) to add documents to"),
           jobs: int = typer.Option(_default_jobs(), "--jobs", "-j", help="worker processes (default: all cores)"),
           report: bool = typer.Option(True, "--report/--no-report",
                                       help="also write OUT/report.html and OUT/tables.xlsx"),
           pages: str = typer.Option(None, "--pages", help="read only these pages of each file, e.g. 3-9 or 1,4,10-12"),
           annotate: bool = typer.Option(False, "--annotate", help="also write OUT/annotated/: each PDF with its findings marked"),
           lang: str = typer.Option("zh", "--lang", help=LANG_HELP),
           quiet: bool = typer.Option(False, "--quiet", "-q", help="print nothing but errors"),
           verbose: bool = typer.Option(False, "--verbose", "-v",
                                        help="(kept for scripts: one line per file is always printed)"),
           reader: str = typer.Option("pdfium", "--reader",
                                      help="pdfium (fast) or pdfplumber (the reference reader)"),
           force: bool = typer.Option(False, "--force", help="re-do documents the store already holds"),
           strict: bool = typer.Option(False, "--strict", help="exit 4 when any file failed"),
           time_limit: float = typer.Option(900, "--time-limit", help="seconds per document before it is stopped"),
           memory_limit: int = typer.Option(2048, "--memory-limit", help="MB of memory per document before it is stopped"),
           max_ocr_pages: int = typer.Option(None, "--max-ocr-pages", help="OCR at most N pages per document"),
           no_ocr: bool = typer.Option(False, "--no-ocr", help="do not OCR pages without a usable text layer"),
           dask: bool = typer.Option(False, "--dask", help="run the documents on a local Dask cluster"),
           scheduler: str = typer.Option(None, "--scheduler", help="run on the Dask scheduler at tcp://HOST:PORT"),
           staging: str = typer.Option(None, "--staging", help="(Dask) where workers write per-document Parquet "
                                       "parts: a path or fsspec URL every worker can reach (default OUT/staging)")) -> None:
    """Add every file to the store OUT: documents already there from this pipeline version are skipped, the rest are extracted, parsed, checked and committed one by one; then Parquet, JSON, facts, datapackage.json and (unless --no-report) the report are rebuilt from the store. Exit codes: 0 done; 2 a user's mistake (missing input, --out a file, no files found, store in use); 3 nothing could be read (every file failed); 4 --strict and some file failed."""
    from pipeline.pool import Limits

    _use_reader(reader)
    selected = parse_pages(pages)
    limits = Limits(time_limit, memory_limit)
    executor = None
    if dask or scheduler:
        from pipeline import cluster
        try:
            executor = cluster.executor(scheduler, staging or str(out / "staging"), jobs, limits)
        except cluster.ClusterError as e:
            _user_error(e)
    progress = _IngestProgress(quiet)
    try:
        with progress:
            batch = runner.ingest(paths, out, jobs=jobs, force=force, use_ocr=not no_ocr, max_ocr_pages=max_ocr_pages,
                                  limits=limits, events=progress.events(), report=report, keep=False,
                                  executor=executor, pages=selected, lang=lang)
    except (runner.InputError, runner.StoreError) as e:
        _user_error(e)
    if annotate:
        _annotate_all(out, None, lang, quiet)
    if not quiet:
        _print_summary(batch, out, report)
    if batch.nothing_read:
        console.print("[red]nothing could be read:[/] every file failed (see the errors above and "
                      f"{out}/{runner.LOG_NAME})")
        raise typer.Exit(3)
    if strict and batch.statuses.get("failed"):
        console.print(f"[red]--strict:[/] {batch.statuses['failed']} file(s) failed")
        raise typer.Exit(4)


@app.command(short_help="Commit results Dask workers staged into the store.")
def merge(staging: str = typer.Argument(..., help="path or fsspec URL holding per-document Parquet parts"),
          out: Path = typer.Option(Path("output"), "--out", "-o", help="the store to merge them into"),
          report: bool = typer.Option(True, "--report/--no-report")) -> None:
    """Commit per-document results written by Dask workers (ingest --dask or --scheduler) into the store, one transaction per document, then rebuild its Parquet, JSON and report."""
    from pipeline import cluster

    try:
        n = cluster.merge(staging, out, report=report)
    except (cluster.ClusterError, runner.StoreError) as e:
        _user_error(e)
    console.print(f"merged {n} document(s) from {staging} into {out}")


class _IngestProgress:
    """Progress bar (files in flight, pages done, ETA from bytes done) and one line per document."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet  # then no bar, and a line only for a file that failed
        self.bar = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[pages]} pages"), TimeElapsedColumn(),
                            TextColumn("ETA {task.fields[eta]}"), TextColumn("{task.fields[flight]}"),
                            console=console, disable=quiet)
        self.task = None
        self.flight: dict[str, str] = {}
        self.bytes_total = self.bytes_done = self.pages = 0
        self.started = 0.0

    def __enter__(self):
        self.bar.__enter__()
        self.task = self.bar.add_task("ingest", total=None, pages=0, eta="?", flight="")
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)

    def events(self):
        return runner.Events(planned=self.planned, started=self.started_task, done=self.done)

    def planned(self, plan) -> None:
        self.bytes_total = sum(t.size for t in plan.tasks) or 1
        self.bar.update(self.task, total=len(plan.tasks))
        if plan.skipped and not self.quiet:
            self.bar.console.print(f"{len(plan.skipped)} document(s) already in the store from this pipeline "
                                   "version: skipped (--force re-does them)")

    def started_task(self, task) -> None:
        self.flight[task.doc_id] = task.path.name
        self._refresh()

    def done(self, task, result) -> None:
        d = result.document
        self.flight.pop(task.doc_id, None)
        self.bytes_done += task.size
        self.pages += d.get("pages") or 0
        if self.quiet:
            if d["status"] == "failed":
                console.print(f"failed: {d['file']}: {d['error']}", markup=False, highlight=False)
        else:
            colour = {"ok": "green", "partial": "yellow", "failed": "red"}[d["status"]]
            line = (f"[{colour}]{d['status']:7}[/] {len(result.tables):3} tables {len(result.findings):3} findings "
                    f"{d.get('ocr_pages') or 0:3} OCR pages {d.get('seconds') or 0:6.1f} s  {escape(d['file'])}")
            if d.get("error"):
                line += f"\n        {escape(d['error'][:300])}"
            self.bar.console.print(line, highlight=False)
        self.bar.update(self.task, advance=1)
        self._refresh()

    def _refresh(self) -> None:
        elapsed = time.monotonic() - self.started
        eta = "?"
        if self.bytes_done:
            left = elapsed / self.bytes_done * max(0, self.bytes_total - self.bytes_done)
            eta = time.strftime("%H:%M:%S", time.gmtime(left))
        flight = ", ".join(list(self.flight.values())[:3])
        self.bar.update(self.task, pages=self.pages, eta=eta, flight=escape(flight[:60]))


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
        events = runner.Events(planned=lambda plan: progress.update(task, total=len(plan.tasks)),
                               done=lambda t, r: progress.update(task, advance=1))
        try:  # eval measures this code on every file: nothing is skipped
            results = runner.ingest([folder], out, jobs=jobs, force=True, events=events)
        except (runner.InputError, runner.StoreError) as e:
            _user_error(e)
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


def _print_summary(batch, out: Path, report: bool) -> None:
    docs = batch.statuses
    console.print(f"[bold]documents[/]: {sum(docs.values())} — ok {docs.get('ok', 0)}, "
                  f"partial {docs.get('partial', 0)}, failed {docs.get('failed', 0)}"
                  + (f" ({batch.skipped} already in the store, skipped)" if batch.skipped else ""))
    t = RichTable("table kind", "count", title="tables by kind (documents processed in this run)")
    for kind, n in sorted(batch.tables.items(), key=lambda kv: (-kv[1], kv[0])):
        t.add_row(kind, str(n))
    console.print(t)
    console.print(f"[bold]records[/]: {batch.records}")
    f = RichTable("rule", "severity", "count", title="findings by rule")
    for (rule, sev), n in sorted(batch.findings.items()):
        f.add_row(rule, sev, str(n))
    console.print(f)
    written = (f"{out}/budget.duckdb, {out}/parquet/, {out}/documents/, {out}/datapackage.json, "
               f"{out}/{runner.LOG_NAME}")
    if report:
        written += f", {out}/report.html, {out}/tables.xlsx"
    console.print(f"written to {written}")


if __name__ == "__main__":
    app()
