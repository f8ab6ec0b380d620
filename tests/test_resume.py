"""kill -9 at random points of a batch, then resume: every file ends with exactly one set of
rows, the same as an uninterrupted run's."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from pipeline import runner
from pipeline.store import PER_DOCUMENT, parts
from tests import damaged

# Columns that differ between any two runs by nature: wall-clock seconds.
VOLATILE = {"seconds"}


def snapshot(out) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(out / "budget.duckdb"), read_only=True)
    try:
        got = {}
        for name in (*PER_DOCUMENT, "paths", "versions", "revisions"):
            cols = [c for (c,) in con.execute("select column_name from information_schema.columns "
                                              "where table_name = ? order by ordinal_position", [name]).fetchall()
                    if c not in VOLATILE]
            got[name] = sorted(con.execute(f'select {", ".join(f"{chr(34)}{c}{chr(34)}" for c in cols)} '
                                           f'from "{name}"').fetchall(), key=repr)
        return got
    finally:
        con.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    for i in range(8):
        damaged.variant(folder / f"doc{i}.pdf", i)
    return folder


def test_kill_9_at_random_points_then_resume_equals_an_uninterrupted_run(folder, tmp_path):
    whole = tmp_path / "whole"
    runner.ingest([folder], whole, jobs=1, report=False)
    expected = snapshot(whole)
    out = tmp_path / "killed"
    cmd = [sys.executable, "-c", "from pipeline.cli import app; app()", "ingest", str(folder), "--out", str(out),
           "--jobs", "1", "--no-report"]
    rng = random.Random(12)
    log = out / runner.LOG_NAME
    counts = []
    for _ in range(3):
        before = _committed(log)
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        # Somewhere after one or two more documents finished: mid-document, mid-commit or mid-sync.
        target, deadline = before + 1, time.monotonic() + 180
        while _committed(log) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0, 0.2))
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the CLI, its forkserver and its worker, as in a power cut
        except ProcessLookupError:
            pass  # it finished first: the batch is done
        proc.wait()
        got = snapshot(out)  # opens, and holds only whole documents
        done = {d[0] for d in got["documents"]}
        counts.append(len(done))
        for name in ("tables", "records", "findings", "facts"):
            assert {r for r in expected[name] if r[0] in done} == set(got[name])
    assert any(0 < c < 8 for c in counts), counts  # a kill did land in the middle of the batch
    resumed = runner.ingest([folder], out, jobs=1, report=False)
    assert len(resumed) + resumed.skipped == 8
    assert snapshot(out) == expected
    # Parquet parts hold each document once.
    docs = parts.read(out, "documents").column("doc_id").to_pylist()
    assert sorted(docs) == sorted(d[0] for d in expected["documents"])
    assert parts.read(out, "records").num_rows == len(expected["records"])
    assert {p.stem for p in (out / "documents").glob("*.json")} == set(docs)


def _committed(log) -> int:
    """Documents committed so far (the log gets a line after each commit)."""
    try:
        return sum(1 for line in log.read_text(encoding="utf-8").splitlines() if '"status"' in line)
    except FileNotFoundError:
        return 0
