"""The pipeline version a document was processed with: the package version plus a digest of the
code and data that produce the rows.

A stored document is skipped only when its content hash and this version both match, so any
change to an extractor, parser, rule or template (even without a release) re-does documents on
the next ingest — stale rows are never kept silently — while an unchanged install re-does nothing.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
_PACKAGES = ("pipeline", "parsers")
# Code that cannot change a document's rows: the report, the store, the drivers and front ends.
# (Anything else, a new module included, counts.)
_IGNORED_PARTS = {"__pycache__", "report", "store", "cli.py", "api.py", "bench.py", "debug.py", "evaluate.py",
                  "runner.py", "pool.py", "cluster.py", "render.py"}


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    try:
        release = metadata.version("budget-pipeline")
    except metadata.PackageNotFoundError:
        release = "0"
    h = hashlib.sha256()
    for package in _PACKAGES:
        for f in sorted((_ROOT / package).rglob("*")):
            rel = f.relative_to(_ROOT)
            if f.is_file() and not _IGNORED_PARTS & set(rel.parts) and f.suffix not in (".pyc", ".pyo"):
                h.update(str(rel).encode() + b"\0" + f.read_bytes() + b"\0")
    return f"{release}+{h.hexdigest()[:12]}"
