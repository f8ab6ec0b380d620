"""`budgetpipe ingest` checks its inputs and --out before any work, says what is wrong without
a traceback, and its exit code tells a script what happened."""
from __future__ import annotations

import json
import os
import re

from typer.testing import CliRunner

from pipeline.cli import app
from tests import damaged

cli = CliRunner()


def ingest(*args):
    return cli.invoke(app, ["ingest", *map(str, args), "--jobs", "1", "--no-report"])


def test_missing_input_exits_2_before_any_work(tmp_path):
    r = ingest(tmp_path / "nope", "--out", tmp_path / "out")
    assert r.exit_code == 2 and "does not exist" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "out").exists()


def test_out_naming_a_file_exits_2_before_any_work(tmp_path):
    (tmp_path / "file").write_text("x")
    r = ingest(damaged.SMALL, "--out", tmp_path / "file")
    assert r.exit_code == 2 and "is a file" in r.output and "Traceback" not in r.output


def test_empty_folder_exits_2_with_a_message(tmp_path):
    (tmp_path / "empty").mkdir()
    r = ingest(tmp_path / "empty", "--out", tmp_path / "out")
    assert r.exit_code == 2 and "no PDF" in r.output


def test_nothing_readable_exits_3_and_every_file_has_a_row(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.pdf").write_bytes(b"not a pdf")
    os.symlink(folder / "missing.pdf", folder / "link.pdf")
    r = ingest(folder, "--out", tmp_path / "out")
    assert r.exit_code == 3 and "nothing could be read" in r.output
    log = [json.loads(line) for line in (tmp_path / "out" / "ingest-log.jsonl").read_text().splitlines()]
    assert sorted(line["status"] for line in log) == ["failed", "failed"]
    assert {"tables", "findings", "ocr_pages", "seconds"} <= set(log[0])


def test_strict_exits_4_when_any_file_failed_and_0_without_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    damaged.variant(folder / "good.pdf", 1)
    (folder / "bad.pdf").write_bytes(b"not a pdf")
    plain = ingest(folder, "--out", tmp_path / "out")
    assert plain.exit_code == 0, plain.output
    assert re.search(r"^ok\s+1 tables\s+0 findings\s+0 OCR pages\s+[\d.]+ s\s+good.pdf$", plain.output, re.M)  # the per-document line
    strict = ingest(folder, "--out", tmp_path / "out", "--strict")
    assert strict.exit_code == 4 and "already in the store" in strict.output
