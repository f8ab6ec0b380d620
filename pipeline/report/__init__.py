"""What analysts and auditors receive from a run: `report.html` and `tables.xlsx`.

Both are built from the run's output folder (see `load`), never from in-memory results, so
`budgetpipe report OUT` can rebuild them at any time.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.report import excel, html
from pipeline.report.load import load
from pipeline.store import atomic


def write(out: str | Path, crops_per_document: int = 20, max_crops: int = 300, lang: str = "zh") -> dict[str, Path]:
    """Write OUT/report.html and OUT/tables.xlsx from the run stored in OUT; returns their paths.
    `lang` is the interface language of both (zh by default, en)."""
    out = Path(out)
    run = load(out)
    written = {"report": out / "report.html", "tables": out / "tables.xlsx"}
    # Written beside their targets and renamed into place: a reader never sees half a report.
    with atomic.target(written["report"]) as tmp:
        html.write(run, tmp, crops_per_document, max_crops, lang)
    with atomic.target(written["tables"]) as tmp:
        excel.write(run, tmp, lang)
    return written
