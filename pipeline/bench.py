"""`python -m pipeline.bench CORPUS [--limit N]`: what the pipeline costs, measured in one process.

Four figures, because they answer four questions:
1. seconds per page of the full pipeline (extract, OCR where needed, parse, check, second engine)
   beside bare pdfplumber `extract_tables()` on the same pages, and their ratio on files without
   OCR — whether the whole pipeline, reading with pdfium, costs less than the extractor alone;
2. peak resident memory of one child process running the pipeline on the largest file (most
   pages) — what one worker needs, so `--jobs` can be chosen for a machine;
3. a cProfile of the pipeline on one representative file — where the time goes;
4. a batch `ingest` into a fresh store on 1 and on 2 workers (pages per second, and the speed-up),
   then the same ingest again (nothing changed: the incremental re-run, as a share of the first) —
   what the pool and the store's skipping buy.
Timings are wall-clock on a shared machine: compare runs made on the same machine at the same load
(the load average is printed); the ratio, measured side by side in one run, is the stable figure.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import multiprocessing
import os
import pstats
import resource
import tempfile
import time
from pathlib import Path

import pdfplumber

from pipeline import runner
from pipeline.process import process_file
from pipeline.runner import collect


def pick(files: list[Path], limit: int | None) -> list[Path]:
    """Every k-th file, so a limited run still spans the corpus (sorted names group by issuer)."""
    if not limit or limit >= len(files):
        return files
    step = len(files) / limit
    return [files[int(i * step)] for i in range(limit)]


def bare_pdfplumber(path: Path) -> tuple[int, float]:
    """(pages, seconds) for pdfplumber's default `extract_tables()` on every page."""
    started = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
        n = len(pdf.pages)
    return n, time.perf_counter() - started


def pipeline(path: Path) -> tuple[dict, float]:
    started = time.perf_counter()
    result = process_file(path)
    return result.document, time.perf_counter() - started


def _peak_child(path: str) -> int:
    """Run in a fresh child: the pipeline on one file, then the process's peak RSS in KiB.

    Linux keeps `ru_maxrss` across fork and exec, so a child would report its parent's peak;
    VmHWM in /proc belongs to the child's own address space. Other systems fall back to ru_maxrss."""
    if path:
        process_file(path)
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def peak_rss_mib(path: Path | None) -> float:
    """Peak RSS (MiB) of a spawned child that runs the pipeline on `path` (None: imports only)."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_peak_child, (str(path) if path else "",)) / 1024


def profile(path: Path, top: int = 15) -> str:
    profiler = cProfile.Profile()
    profiler.runcall(process_file, path)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def batch(files: list[Path]) -> list[str]:
    """Lines reporting a batch ingest on 1 and 2 workers and the incremental re-run."""
    lines, rates = [], {}
    with tempfile.TemporaryDirectory(prefix="budgetpipe-bench-") as tmp:
        for jobs in (1, 2):
            started = time.perf_counter()
            b = runner.ingest(files, Path(tmp) / f"jobs{jobs}", jobs=jobs, report=False, keep=False)
            secs = time.perf_counter() - started
            rates[jobs] = (b.pages / secs, secs)
            lines.append(f"batch ingest, {jobs} worker{'s' if jobs > 1 else ''}: {b.pages} pages in {secs:.1f} s "
                         f"= {rates[jobs][0]:.2f} pages/s")
        lines[-1] += f" (×{rates[2][0] / rates[1][0]:.2f} of 1 worker)"
        started = time.perf_counter()
        again = runner.ingest(files, Path(tmp) / "jobs2", jobs=2, report=False, keep=False)
        secs = time.perf_counter() - started
        lines.append(f"incremental re-run (nothing changed, {again.skipped} skipped): {secs:.2f} s "
                     f"= {100 * secs / rates[2][1]:.1f} % of the first run")
    return lines


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=None, help="at most N files, spread over the corpus")
    ap.add_argument("--profile", type=Path, default=None, help="file to profile (default: the median-size file)")
    args = ap.parse_args(argv)
    files = pick([f for f in collect([args.corpus]) if f.suffix.lower() == ".pdf"], args.limit)
    if not files:
        raise SystemExit(f"no PDF files under {args.corpus}")

    from pipeline.extract.reader import default_reader
    print(f"reader {default_reader()}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'file':46} {'pages':>5} {'ocr':>4} {'pipeline s':>10} {'plumber s':>9} {'status':>8}")
    rows = []
    for f in files:
        doc, secs = pipeline(f)
        try:
            pages, bare = bare_pdfplumber(f)
        except Exception as e:  # noqa: BLE001 - a file pdfplumber cannot open is left out of the ratio
            print(f"{f.name[:46]:46} pdfplumber cannot read it: {type(e).__name__}")
            continue
        ocr = doc.get("ocr_pages") or 0
        rows.append((f, pages, ocr, secs, bare))
        print(f"{f.name[:46]:46} {pages:5d} {ocr:4d} {secs:10.2f} {bare:9.2f} {doc['status']:>8}")

    def per_page(subset, i):
        pages = sum(r[1] for r in subset)
        return sum(r[i] for r in subset) / pages if pages else float("nan")

    text_only = [r for r in rows if not r[2]]
    print(f"\nfiles {len(rows)}, pages {sum(r[1] for r in rows)}, OCR pages {sum(r[2] for r in rows)}")
    print(f"s/page, all files:          pipeline {per_page(rows, 3):.3f}   bare pdfplumber {per_page(rows, 4):.3f}")
    print(f"s/page, files with no OCR:  pipeline {per_page(text_only, 3):.3f}   bare pdfplumber {per_page(text_only, 4):.3f}"
          f"   ratio {per_page(text_only, 3) / per_page(text_only, 4):.2f}×")
    scans = [r for r in rows if r[2] == r[1]]
    if scans:
        print(f"s/page, files read wholly by OCR: pipeline {per_page(scans, 3):.2f}")

    largest = max(rows, key=lambda r: r[1])[0]
    print(f"\npeak RSS of one worker: {peak_rss_mib(largest):.0f} MiB on {largest.name} "
          f"({max(r[1] for r in rows)} pages); imports alone {peak_rss_mib(None):.0f} MiB")

    print()
    for line in batch([r[0] for r in rows]):
        print(line)

    target = args.profile or sorted(rows, key=lambda r: r[1])[len(rows) // 2][0]
    print(f"\nprofile of the pipeline on {target.name} (top functions by cumulative time):")
    print(profile(target))


if __name__ == "__main__":
    main()
