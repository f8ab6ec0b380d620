"""Drive the pipeline over one file or thousands into a store that accumulates.

1. check the inputs and the store before any work (`InputError`, `StoreError`: a user's mistake);
2. plan: hash each file (or reuse the hash of a path whose size and mtime are unchanged), fold
   files with the same content into one document, skip documents the store already holds from
   this pipeline version (unless `force`);
3. run the rest on the local bounded pool (`pool`) or on Dask (`cluster`), committing each
   document to the store as it finishes, with a line per document in OUT/ingest-log.jsonl;
4. bring Parquet parts, JSON and datapackage.json up to date, then rebuild the report.
"""
from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from pipeline import pool
from pipeline.extract.reader import file_id
from pipeline.pool import Limits, Task
from pipeline.process import PDF_SUFFIXES, SPREADSHEET_SUFFIXES, Result, path_id
from pipeline.store import Store, StoreError, atomic, check_out, finish, parts, path_row

INPUT_SUFFIXES = PDF_SUFFIXES | SPREADSHEET_SUFFIXES
LOG_NAME = "ingest-log.jsonl"
SYNC_EVERY = 1000  # documents committed between two Parquet syncs in a long run


class InputError(Exception):
    """An input the user named does not exist, or names no disclosure file."""


def collect(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus disclosure files (PDF, spreadsheets) found under folders,
    sorted. A symbolic link whose target is gone is kept: it gets a `failed` row saying so.
    Raises InputError for a path that does not exist and when no file is found at all."""
    paths = [Path(p) for p in paths]
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise InputError("input path does not exist: " + ", ".join(str(p) for p in missing))
    found: set[Path] = set()
    for p in paths:
        if p.is_dir():
            found |= {f for f in p.rglob("*") if f.suffix.lower() in INPUT_SUFFIXES
                      and (f.is_file() or (f.is_symlink() and not f.exists()))}
        else:
            found.add(p)
    if not found:
        raise InputError("no PDF or spreadsheet files found in " + ", ".join(str(p) for p in paths))
    return sorted(found)


class Batch(list):
    """The results processed in this run (kept when asked), and counts for the summary."""

    def __init__(self, out: Path):
        super().__init__()
        self.out = out
        self.inputs = 0                   # documents named by this run's inputs
        self.skipped = 0                  # of which already in the store
        self.statuses: Counter = Counter()  # every input document, skipped ones included
        self.tables: Counter = Counter()
        self.records = 0
        self.findings: Counter = Counter()
        self.pages = 0
        self.seconds = 0.0

    @property
    def nothing_read(self) -> bool:
        return self.inputs > 0 and self.statuses.get("failed", 0) == sum(self.statuses.values())

    def add(self, r: Result, keep: bool) -> None:
        self.statuses[r.document["status"]] += 1
        self.tables.update(t["kind"] for t in r.tables)
        self.records += len(r.records)
        self.findings.update((f["rule"], f["severity"]) for f in r.findings)
        self.pages += r.document.get("pages") or 0
        if keep:
            self.append(r)


@dataclass
class Plan:
    tasks: list[Task]
    paths: dict[str, list[dict]]         # doc_id → every path this run found it under
    skipped: dict[str, str]              # doc_id → stored status, for documents not re-done


def plan(files: list[Path], store: Store, force: bool = False) -> Plan:
    known_paths = store.known_paths()
    known = {d: (v, s) for d, v, s in store.con.execute(
        "select doc_id, pipeline_version, status from documents").fetchall()}
    by_doc: dict[str, list[dict]] = {}
    sizes: dict[str, int] = {}
    for f in files:
        try:
            st = f.stat()
        except OSError:
            by_doc.setdefault(path_id(f), []).append(path_row(f))
            continue
        seen = known_paths.get(str(f))
        if seen and seen[1] == st.st_size and seen[2] == st.st_mtime_ns:
            doc_id = seen[0]
        else:
            try:
                doc_id = file_id(f)
            except OSError:
                doc_id = path_id(f)
        by_doc.setdefault(doc_id, []).append(path_row(f, st.st_size, st.st_mtime_ns))
        sizes[doc_id] = st.st_size
        if doc_id != path_id(f) and path_id(f) in known:  # it could not be read last time; now it can
            store.forget(path_id(f))
    tasks, skipped = [], {}
    for doc_id, rows in by_doc.items():
        readable = doc_id in sizes
        stored = known.get(doc_id)
        if readable and not force and stored and stored[0] == store.version:
            skipped[doc_id] = stored[1]
        else:
            tasks.append(Task(doc_id, Path(rows[0]["path"]), sizes.get(doc_id, 0)))
    tasks.sort(key=lambda t: str(t.path))
    return Plan(tasks, by_doc, skipped)


@dataclass
class Events:
    """What a front end (the CLI's progress bar) is told as the run goes."""

    planned: Callable[[Plan], None] | None = None
    started: Callable[[Task], None] | None = None
    done: Callable[[Task, Result], None] | None = None


def ingest(paths: Iterable[str | Path], out: str | Path, jobs: int | None = None, force: bool = False,
           use_ocr: bool = True, max_ocr_pages: int | None = None, limits: Limits = Limits(),
           events: Events | None = None, report: bool = True, keep: bool = True,
           executor: Callable | None = None, pages: list[int] | None = None, lang: str = "zh") -> Batch:
    """Add every file under `paths` to the store at `out`; see the module docstring. With
    `pages`, only those pages of each PDF are read: such documents are always re-done, and are
    stored under a pipeline version naming the pages, so a later full ingest re-does them too.
    `executor(tasks, options, on_start)` yields (task, result) pairs — the local pool by default,
    `cluster.executor(...)` for Dask."""
    out = Path(out)
    check_out(out)
    files = collect(paths)
    events = events or Events()
    batch = Batch(out)
    options = {"pages": pages, "use_ocr": use_ocr, "max_ocr_pages": max_ocr_pages}
    jobs = jobs or os.cpu_count() or 1
    run = executor or (lambda tasks, opts, on_start: pool.run(tasks, jobs, opts, limits, on_start))
    started = time.perf_counter()
    with Store(out) as store:
        if pages:
            store.version += "+pages=" + ",".join(map(str, pages))
        p = plan(files, store, force or bool(pages))
        batch.inputs = len(p.paths)
        batch.skipped = len(p.skipped)
        for doc_id, status in p.skipped.items():
            batch.statuses[status] += 1
            store.add_paths(doc_id, p.paths[doc_id])
        if events.planned:
            events.planned(p)
        with open(out / LOG_NAME, "a", encoding="utf-8") as log:
            committed = 0
            for task, result in run(p.tasks, options, events.started):
                store.commit(result, p.paths.get(task.doc_id) or [path_row(task.path)])
                batch.add(result, keep)
                log.write(json.dumps(log_line(store.run, result), ensure_ascii=False) + "\n")
                log.flush()
                if events.done:
                    events.done(task, result)
                committed += 1
                if committed % SYNC_EVERY == 0:
                    parts.sync(store)
            if p.skipped:
                log.write(json.dumps({"run": store.run, "time": _now(), "skipped": len(p.skipped),
                                      "reason": "already in the store from this pipeline version"}) + "\n")
        finish(store)
    batch.seconds = time.perf_counter() - started
    if report:
        write_report(out, lang=lang)
    return batch


def log_line(run: int, r: Result) -> dict:
    d = r.document
    return {"run": run, "time": _now(), "doc_id": d["doc_id"], "path": d["path"], "status": d["status"],
            "pages": d.get("pages"), "tables": len(r.tables), "findings": len(r.findings),
            "ocr_pages": d.get("ocr_pages"), "seconds": d.get("seconds"), "error": d.get("error")}


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def write_report(out: Path, lang: str = "zh") -> None:
    from pipeline.report import write
    write(out, lang=lang)


def summary(batch: Batch) -> dict:
    return {"documents": batch.statuses, "skipped": batch.skipped, "tables": batch.tables,
            "records": batch.records, "findings": batch.findings}


__all__ = ["Batch", "Events", "InputError", "Limits", "StoreError", "collect", "ingest", "plan", "summary", "atomic"]
