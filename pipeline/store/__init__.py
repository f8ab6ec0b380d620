"""The store that accumulates (see `db`): DuckDB as the truth, one transaction per document;
Parquet parts, per-document JSON and datapackage.json derived from it (`parts.sync`)."""
from __future__ import annotations

from pathlib import Path

from pipeline.store import across, parts
from pipeline.store.db import DB_NAME, Store, StoreError, check_out, result_rows
from pipeline.store.schema import PER_DOCUMENT, SCHEMAS, STORE_WIDE
from pipeline.store.version import pipeline_version


def write(out: str | Path, results, paths: dict[str, list[dict]] | None = None) -> None:
    """Commit these results into the store at `out` (creating it), then bring its Parquet parts,
    JSON and datapackage up to date. `paths` gives, per doc_id, every path it was found under
    (default: the path the result was read from)."""
    with Store(out) as store:
        for r in results:
            doc = r.document
            store.commit(r, (paths or {}).get(doc["doc_id"]) or [path_row(doc["path"])])
        finish(store)


def finish(store: Store) -> None:
    """After a batch: relate the store's documents and check them against each other
    (`across`), then bring Parquet, JSON and datapackage.json in line with the database."""
    across.refresh(store)
    parts.sync(store)


def path_row(path: str | Path, size: int | None = None, mtime_ns: int | None = None) -> dict:
    return {"path": str(path), "file": Path(path).name, "size": size, "mtime_ns": mtime_ns}


__all__ = ["DB_NAME", "finish", "PER_DOCUMENT", "SCHEMAS", "STORE_WIDE", "Store", "StoreError", "check_out", "parts",
           "path_row", "pipeline_version", "result_rows", "write"]
