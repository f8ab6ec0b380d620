"""Drive the pipeline over one file or thousands: collect inputs, run them in worker processes,
write the outputs. A worker that dies takes only its own file with it."""
from __future__ import annotations

from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Iterable

from pipeline import store
from pipeline.report import write as write_report
from pipeline.process import PDF_SUFFIXES, SPREADSHEET_SUFFIXES, Result, path_id, process_file

INPUT_SUFFIXES = PDF_SUFFIXES | SPREADSHEET_SUFFIXES


def collect(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus disclosure files (PDF, spreadsheets) found under folders, sorted."""
    found: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            found |= {f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES}
        else:
            found.add(p)
    return sorted(found)


def run_files(files: list[Path], jobs: int = 1, on_done: Callable[[Result], None] | None = None,
              pages: list[int] | None = None) -> list[Result]:
    results: list[Result] = []

    def done(r: Result) -> None:
        results.append(r)
        if on_done:
            on_done(r)

    if jobs <= 1 or len(files) <= 1:
        for f in files:
            done(process_file(f, pages))
        return results
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(process_file, f, pages): f for f in files}
        for fut in as_completed(futures):
            try:
                done(fut.result())
            except (BrokenProcessPool, Exception) as e:  # noqa: BLE001 - the file fails, the batch goes on
                done(_crashed(futures[fut], e))
    return results


def _crashed(path: Path, e: Exception) -> Result:
    return Result({"doc_id": path_id(path), "path": str(path), "file": path.name, "kind": "other",
                   "status": "failed", "error": f"worker crashed: {type(e).__name__}: {e}"})


def ingest(paths: Iterable[str | Path], out: str | Path, jobs: int = 1,
           on_start: Callable[[int], None] | None = None,
           on_done: Callable[[Result], None] | None = None, report: bool = True,
           pages: list[int] | None = None, lang: str = "zh") -> list[Result]:
    """Process every file (only `pages` of each, when given), write the contract tables, then
    (unless `report` is False) the audit report and Excel export built from what was written."""
    files = collect(paths)
    if on_start:
        on_start(len(files))
    results = run_files(files, jobs=jobs, on_done=on_done, pages=pages)
    store.write(Path(out), results)
    if report:
        write_report(out, lang=lang)
    return results


def summary(results: list[Result]) -> dict:
    return {
        "documents": Counter(r.document["status"] for r in results),
        "tables": Counter(t["kind"] for r in results for t in r.tables),
        "records": sum(len(r.records) for r in results),
        "findings": Counter((f["rule"], f["severity"]) for r in results for f in r.findings),
    }
