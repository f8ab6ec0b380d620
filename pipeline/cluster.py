"""The same per-document tasks on Dask distributed (`ingest --dask` or `--scheduler tcp://HOST:PORT`).

Workers do not touch the store: each writes its document's rows as Parquet parts under a staging
path or fsspec URL (`<staging>/<doc_id>/<table>.parquet`, then a `_done` marker last), and the
process that owns the store merges them in, one transaction per document — as they finish during
`ingest`, or later with `budgetpipe merge STAGING --out STORE` (for results staged by a run whose
driver went away). A staging folder without its marker is a document still being written, and is
left alone. The input paths and the staging location must be reachable from every worker.

Limits: the memory limit is Dask's own (a worker past it is restarted by its nanny and the
document fails); the per-document time limit applies to the local pool only.
"""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow.parquet as pq

from pipeline.pool import Limits, Task, failed
from pipeline.process import Result, process_file
from pipeline.store import Store, finish, path_row, result_rows
from pipeline.store.schema import DERIVED, arrow

DONE = "_done"


class ClusterError(Exception):
    """Dask is not installed, or the scheduler / staging location cannot be used."""


def _fs(url: str):
    try:
        import fsspec
    except ImportError as e:
        raise ClusterError("Dask runs need the [dask] extra: pip install 'budget-pipeline[dask]'") from e
    fs, root = fsspec.core.url_to_fs(url)
    return fs, root.rstrip("/")


def executor(scheduler: str | None, staging: str, jobs: int, limits: Limits = Limits()):
    """An executor for `runner.ingest`: a LocalCluster of `jobs` single-threaded worker processes
    on the loopback interface (scheduler None), or the scheduler at `scheduler`."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as e:
        raise ClusterError("--dask and --scheduler need the [dask] extra: pip install 'budget-pipeline[dask]'") from e
    fs, root = _fs(staging)

    def run(tasks: Iterable[Task], options: dict, on_start=None) -> Iterator[tuple[Task, Result]]:
        tasks = list(tasks)
        if not tasks:
            return
        cluster = None
        if scheduler:
            try:
                client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError) as e:
                raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from e
        else:
            memory = f"{limits.memory_mb}MB" if limits.memory_mb else "auto"
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None, memory_limit=memory)
            client = Client(cluster)
        try:
            futures = {client.submit(stage, task, staging, options, key=f"doc-{task.doc_id}", retries=0): task
                       for task in tasks}
            for task in tasks:
                if on_start:
                    on_start(task)
            for fut in as_completed(futures):
                task = futures[fut]
                try:
                    fut.result()
                    result = read_staged(fs, f"{root}/{task.doc_id}")
                except Exception as e:  # noqa: BLE001 - the document fails, the batch goes on
                    result = failed(task, f"the Dask worker reading this file failed: {type(e).__name__}: {e}")
                if fs.exists(f"{root}/{task.doc_id}"):
                    fs.rm(f"{root}/{task.doc_id}", recursive=True)
                yield task, result
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return run


def stage(task: Task, staging: str, options: dict) -> str:
    """On a worker: process one document and write its rows under `staging`; returns its doc_id."""
    result = process_file(task.path, **options)
    result.document["doc_id"] = task.doc_id if result.document["doc_id"] is None else result.document["doc_id"]
    write_staged(result, staging, task.doc_id)
    return task.doc_id


def write_staged(result: Result, staging: str, key: str) -> None:
    fs, root = _fs(staging)
    folder = f"{root}/{key}"
    fs.makedirs(folder, exist_ok=True)
    for name, rows in result_rows(result).items():
        if name not in DERIVED:
            with fs.open(f"{folder}/{name}.parquet", "wb") as f:
                pq.write_table(arrow(name, rows), f)
    fs.pipe(f"{folder}/{DONE}", b"")


def read_staged(fs, folder: str) -> Result:
    """A staged document back as the Result its worker produced."""
    def rows(name: str) -> list[dict]:
        path = f"{folder}/{name}.parquet"
        if not fs.exists(path):
            return []
        with fs.open(path, "rb") as f:
            return pq.read_table(f).to_pylist()
    [document] = rows("documents")
    return Result(document, **{f.name: rows(f.name) for f in fields(Result) if f.name != "document"})


def merge(staging: str, out: str | Path, report: bool = True) -> int:
    """Commit every completely staged document under `staging` into the store at `out`; removes
    what it merged. Returns the number of documents merged."""
    fs, root = _fs(staging)
    if not fs.exists(root):
        raise ClusterError(f"nothing staged at {staging}")
    folders = sorted(p for p in fs.ls(root, detail=False) if fs.exists(f"{p}/{DONE}"))
    with Store(out) as store:
        for folder in folders:
            result = read_staged(fs, folder)
            store.commit(result, [path_row(result.document["path"])])
            fs.rm(folder, recursive=True)
        finish(store)
    if report:
        from pipeline.report import write
        write(out)
    return len(folders)
