"""Batch behaviour: every file gets a documents row, bad files fail alone with a specific error,
output honours the contract and is deterministic."""
from __future__ import annotations

import shutil
import subprocess
import sys

import duckdb
import pytest

from pipeline import runner
from tests.conftest import SAMPLES, SHARED


@pytest.fixture
def mixed_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "perf_target_2017_lusong_publicity.pdf", folder / "good.pdf")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\nthis is not a pdf body")
    (folder / "notapdf.pdf").write_bytes(b"PK\x03\x04 zip bytes")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "ignored.txt").write_text("not a disclosure")
    return folder


def test_bad_files_fail_alone_with_specific_errors(mixed_folder, tmp_path):
    results = runner.ingest([mixed_folder], tmp_path / "out", jobs=2)
    by_file = {r.document["file"]: r.document for r in results}
    assert set(by_file) == {"good.pdf", "corrupt.pdf", "notapdf.pdf", "empty.pdf"}
    assert by_file["good.pdf"]["status"] == "ok"
    for bad in ("corrupt.pdf", "notapdf.pdf", "empty.pdf"):
        assert by_file[bad]["status"] == "failed"
        assert by_file[bad]["error"]
    assert "not a PDF" in by_file["notapdf.pdf"]["error"]
    con = duckdb.connect(str(tmp_path / "out" / "budget.duckdb"), read_only=True)
    assert con.execute("select count(*) from documents").fetchone()[0] == 4


def test_encrypted_pdf_is_reported_as_encrypted(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(SAMPLES / "perf_target_2017_lusong_publicity.pdf"))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as f:
        writer.write(f)
    [r] = runner.ingest([locked], tmp_path / "out", jobs=1)
    assert r.document["status"] == "failed"
    assert "encrypted" in r.document["error"]


def test_contract_checker_accepts_the_samples_run(samples_run):
    tool = SHARED / "tools" / "check_contract.py"
    if not tool.exists():
        pytest.skip("shared tools not present")
    out, _ = samples_run
    proc = subprocess.run([sys.executable, str(tool), str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "contract ok" in proc.stdout


def test_rerun_gives_identical_rows(samples_run, tmp_path):
    out, _ = samples_run
    runner.ingest([SAMPLES / "final_account_2022_qiaokou_media.pdf"], tmp_path / "again", jobs=1)
    a = duckdb.connect(str(out / "budget.duckdb"), read_only=True)
    b = duckdb.connect(str(tmp_path / "again" / "budget.duckdb"), read_only=True)
    q = ("select table_id, row, code, name, \"column\", printed, page from records "
         "where doc_id = (select doc_id from documents where file = 'final_account_2022_qiaokou_media.pdf') "
         "order by table_id, row, col")
    assert a.execute(q).fetchall() == b.execute(q).fetchall()
    qf = "select finding_id, rule, message from findings order by finding_id"
    assert [r for r in a.execute(qf).fetchall() if r[0].startswith(b.execute(qf).fetchall()[0][0][:12])] == b.execute(qf).fetchall()


def test_json_file_names_are_hashes_only(samples_run):
    out, results = samples_run
    names = {p.stem for p in (out / "documents").glob("*.json")}
    assert names == {r.document["doc_id"] for r in results}
    assert all(len(n) == 64 and all(ch in "0123456789abcdef" for ch in n) for n in names)
