"""`python -m pipeline.bench CORPUS [--limit N]`: what the pipeline costs, measured in one process.

Four figures, because they answer four questions:
1. seconds per page of the full pipeline (extract, OCR where needed, parse, check, second engine)
   beside bare pdfplumber `extract_tables()` on the same pages, and their ratio on files without
   OCR — whether the whole pipeline, reading with pdfium, costs less than the extractor alone;
2. peak resident memory of one child process running the pipeline on the largest file (most
   pages) — what one worker needs, so `--jobs` can be chosen for a machine;
3. a cProfile of the pipeline on the text-layer files, by stage (reading, camelot's second
   reading, parsing and checking) and by function — where the time goes;
4. a batch `ingest` into a fresh store on 1 and on 2 workers (pages per second, and the speed-up),
   then the same ingest again (nothing changed: the incremental re-run, as a share of the first) —
   what the pool and the store's skipping buy.
Timings are wall-clock on a shared machine: compare runs made on the same machine at the same load
(the load average is printed); the ratio, measured side by side in one run, is the stable figure.
CPU seconds of this process are printed beside wall-clock: they do not grow when other processes
take the cores, so on a busy machine they are the nearer estimate of what an idle one takes.
Models and lazily imported engines (rapidocr, camelot) are loaded before timing starts, as a
worker has them loaded after its first file; their load time is printed.
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


def bare_pdfplumber(path: Path) -> tuple[int, float, float]:
    """(pages, wall seconds, CPU seconds) for pdfplumber's default `extract_tables()` on every page."""
    wall, cpu = time.perf_counter(), time.process_time()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
        n = len(pdf.pages)
    return n, time.perf_counter() - wall, time.process_time() - cpu


def pipeline(path: Path) -> tuple[dict, float, float]:
    """(the document row, wall seconds, CPU seconds) for the full pipeline on one file."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = process_file(path)
    return result.document, time.perf_counter() - wall, time.process_time() - cpu


def warm_up() -> str:
    """Load what a worker loads once (camelot's import, rapidocr's models), so that no file's
    time carries it; returns what it cost."""
    started = time.perf_counter()
    import camelot  # noqa: F401 - imported for its load time only

    from pipeline.extract import ocr
    ocr.engine()
    return f"engines loaded before timing (camelot import, rapidocr models): {time.perf_counter() - started:.1f} s"


def measure(files: list[Path], repeat: int) -> list[tuple]:
    """Per file: (path, pages, OCR pages, status, pipeline wall, pipeline CPU, bare wall, bare CPU),
    each the fastest of `repeat` runs, the two sides alternating on the same file."""
    print(f"{'file':46} {'pages':>5} {'ocr':>4} {'pipeline s':>10} {'cpu':>6} {'plumber s':>9} {'cpu':>6} {'ratio':>5} {'status':>8}")
    rows = []
    for f in files:
        best = None
        try:
            for _ in range(repeat):
                doc, wall, cpu = pipeline(f)
                pages, bare, bare_cpu = bare_pdfplumber(f)
                run = (wall, cpu, bare, bare_cpu)
                best = run if best is None else tuple(min(a, b) for a, b in zip(best, run))
        except Exception as e:  # noqa: BLE001 - a file pdfplumber cannot open is left out of the ratio
            print(f"{f.name[:46]:46} pdfplumber cannot read it: {type(e).__name__}")
            continue
        ocr = doc.get("ocr_pages") or 0
        rows.append((f, pages, ocr, doc["status"], *best))
        print(f"{f.name[:46]:46} {pages:5d} {ocr:4d} {best[0]:10.2f} {best[1]:6.2f} {best[2]:9.2f} {best[3]:6.2f} "
              f"{best[0] / best[2] if best[2] else float('nan'):5.2f} {doc['status']:>8}")
    return rows


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


# Stages of `process_file`, by the function that does each (cProfile's cumulative time). Reading
# holds the pdfium parse, grid and line finding, pdfplumber for doubtful pages and OCR; the
# second reading holds camelot's calls; parsing and checking is `analyse` less the second reading.
STAGES = (
    ("reading (read_pdf)", "pipeline/extract/reader.py", "read_pdf"),
    ("  pdfium objects (characters, paths, images)", "pipeline/extract/pdfium_objects.py", "read_objects"),
    ("  grids, text lines, de-duplication (read_page, either reader)", "pipeline/extract/reader.py", "read_page"),
    ("  pdfplumber for pages pdfium reads doubtfully", "pipeline/extract/reader.py", "_read_pdfplumber"),
    ("  OCR", "pipeline/extract/ocr.py", "read_page"),
    ("second reading (process.second_reading)", "pipeline/process.py", "second_reading"),
    ("  camelot's calls", "pipeline/process.py", "_camelot_pages"),
    ("identify, parse, check (process.analyse)", "pipeline/process.py", "analyse"),
)


def profile(paths: list[Path], top: int = 20) -> str:
    """cProfile of the pipeline over `paths`: seconds per stage, then the top functions."""
    profiler = cProfile.Profile()
    for path in paths:
        profiler.runcall(process_file, path)
    stats = pstats.Stats(profiler)
    cumulative = {}
    for (filename, _, name), (_, _, _, cum, _) in stats.stats.items():
        for label, suffix, func in STAGES:
            if name == func and filename.replace(os.sep, "/").endswith(suffix):
                cumulative[label] = cumulative.get(label, 0.0) + cum
    total = sum(cum for (filename, _, name), (_, _, _, cum, _) in stats.stats.items()
                if name == "process_file" and filename.replace(os.sep, "/").endswith("pipeline/process.py"))
    lines = [f"{'stage':60} {'s':>7} {'share':>6}"]
    for label, _, _ in STAGES:
        secs = cumulative.get(label, 0.0)
        if label.startswith("identify"):
            secs -= cumulative.get("second reading (process.second_reading)", 0.0)
            label = "identify, parse, check (analyse less the second reading)"
        lines.append(f"{label:60} {secs:7.2f} {100 * secs / total if total else 0:5.1f}%")
    lines.append(f"{'all (process_file)':60} {total:7.2f} 100.0%")
    out = io.StringIO()
    stats.stream = out
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return "\n".join(lines) + "\n" + out.getvalue()


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
    ap.add_argument("--repeat", type=int, default=1, help="time each file N times, keep the fastest of each side")
    ap.add_argument("--profile", type=Path, default=None, help="file to profile (default: every text-layer file)")
    args = ap.parse_args(argv)
    files = pick([f for f in collect([args.corpus]) if f.suffix.lower() == ".pdf"], args.limit)
    if not files:
        raise SystemExit(f"no PDF files under {args.corpus}")

    from pipeline.extract.reader import default_reader
    print(f"reader {default_reader()}; load average {_load()} on {os.cpu_count()} cores")
    print(warm_up())
    rows = measure(files, max(1, args.repeat))

    def per_page(subset, i):
        pages = sum(r[1] for r in subset)
        return sum(r[i] for r in subset) / pages if pages else float("nan")

    def ratio(subset, i, j):
        bare = sum(r[j] for r in subset)
        return sum(r[i] for r in subset) / bare if bare else float("nan")

    text_only = [r for r in rows if not r[2]]
    print(f"\nfiles {len(rows)}, pages {sum(r[1] for r in rows)}, OCR pages {sum(r[2] for r in rows)}; "
          f"load average now {_load()}")
    print(f"s/page, all files:          pipeline {per_page(rows, 4):.3f} (CPU {per_page(rows, 5):.3f})   "
          f"bare pdfplumber {per_page(rows, 6):.3f} (CPU {per_page(rows, 7):.3f})")
    print(f"s/page, files with no OCR:  pipeline {per_page(text_only, 4):.3f} (CPU {per_page(text_only, 5):.3f})   "
          f"bare pdfplumber {per_page(text_only, 6):.3f} (CPU {per_page(text_only, 7):.3f})")
    print(f"ratio, files with no OCR ({sum(r[1] for r in text_only)} pages): pipeline / bare pdfplumber = "
          f"{ratio(text_only, 4, 6):.2f}× wall-clock, {ratio(text_only, 5, 7):.2f}× CPU")
    scans = [r for r in rows if r[2] == r[1]]
    if scans:
        print(f"s/page, files read wholly by OCR ({sum(r[1] for r in scans)} pages): "
              f"pipeline {per_page(scans, 4):.2f} (CPU {per_page(scans, 5):.2f})")

    largest = max(rows, key=lambda r: r[1])[0]
    print(f"\npeak RSS of one worker: {peak_rss_mib(largest):.0f} MiB on {largest.name} "
          f"({max(r[1] for r in rows)} pages); imports alone {peak_rss_mib(None):.0f} MiB")

    print()
    for line in batch([r[0] for r in rows]):
        print(line)

    targets = [args.profile] if args.profile else [r[0] for r in text_only] or [rows[0][0]]
    print(f"\nprofile of the pipeline on {len(targets)} file{'s' if len(targets) > 1 else ''} "
          f"({'text-layer files' if not args.profile else targets[0].name}; cProfile's overhead inflates "
          f"Python-heavy stages), by stage, then functions by cumulative and by own time:")
    print(profile(targets))


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "?"


if __name__ == "__main__":
    main()
