"""`python -m pipeline.bench`: spreads a limited run over the corpus and prints its figures."""
from __future__ import annotations

from pathlib import Path

from pipeline import bench
from tests.conftest import SAMPLES


def test_a_limited_run_spans_the_corpus():
    files = [Path(f"{i:02d}.pdf") for i in range(10)]
    assert bench.pick(files, 3) == [Path("00.pdf"), Path("03.pdf"), Path("06.pdf")]
    assert bench.pick(files, None) == files and bench.pick(files, 20) == files


def test_bench_prints_rates_peak_memory_and_profile(capsys):
    bench.main([str(SAMPLES / "perf_target_2017_lusong_publicity.pdf")])  # the smallest sample
    out = capsys.readouterr().out
    assert "s/page, all files:" in out and "bare pdfplumber" in out
    assert "peak RSS of one worker:" in out and " MiB on " in out
    assert "pipeline / bare pdfplumber = " in out and "× wall-clock, " in out and "× CPU" in out
    assert "reading (read_pdf)" in out and "camelot's calls" in out and "all (process_file)" in out
    assert "cumulative" in out and "process_file" in out
    assert "batch ingest, 1 worker: 2 pages" in out and "pages/s (×" in out
    assert "incremental re-run (nothing changed, 1 skipped)" in out
