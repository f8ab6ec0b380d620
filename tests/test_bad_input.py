"""Every kind of bad input gets a `failed` (or repaired) row naming its cause in a user's words,
and the batch goes on."""
from __future__ import annotations

import os

import pytest

from pipeline import pool
from pipeline.pool import Limits, Task
from pipeline.process import process_file
from tests import damaged


def test_truncated_file_says_truncated(tmp_path):
    d = process_file(damaged.truncated(tmp_path / "cut.pdf")).document
    assert d["status"] == "failed" and d["error"].startswith("truncated")


def test_broken_xref_is_read_by_pdfium_or_repaired_for_pdfplumber(tmp_path, monkeypatch):
    from pipeline.extract.reader import READER_ENV
    path = damaged.broken_xref(tmp_path / "xref.pdf")
    whole = process_file(damaged.SMALL)
    monkeypatch.setenv(READER_ENV, "pdfium")  # pdfium rebuilds the xref as it opens the file
    r = process_file(path)
    assert r.document["status"] == "ok"
    assert [x["printed"] for x in r.records] == [x["printed"] for x in whole.records] != []
    monkeypatch.setenv(READER_ENV, "pdfplumber")  # pdfminer gives up: a copy pdfium saved again is read
    r = process_file(path)
    assert r.document["status"] == "partial" and "repaired" in r.document["error"]
    assert [x["printed"] for x in r.records] == [x["printed"] for x in whole.records]


def test_owner_password_only_opens_and_is_read(tmp_path):
    pytest.importorskip("pypdf")
    r = process_file(damaged.encrypted(tmp_path / "owner.pdf", user="", permissions=0))
    assert r.document["status"] == "ok" and r.document["error"] is None
    assert len(r.records) == len(process_file(damaged.SMALL).records) > 0


def test_user_password_says_a_password_is_needed(tmp_path):
    pytest.importorskip("pypdf")
    d = process_file(damaged.encrypted(tmp_path / "user.pdf", user="secret", permissions=-1)).document
    assert d["status"] == "failed" and "password" in d["error"] and "encrypted" in d["error"]


def test_not_a_pdf_says_so(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"PK\x03\x04 zip bytes")
    d = process_file(tmp_path / "x.pdf").document
    assert d["status"] == "failed" and d["error"].startswith("not a PDF")


def test_dangling_symlink_gets_a_failed_row(tmp_path):
    link = tmp_path / "gone.pdf"
    os.symlink(tmp_path / "nowhere.pdf", link)
    d = process_file(link).document
    assert d["status"] == "failed" and "dangling symbolic link" in d["error"] and d["doc_id"]


def test_decompression_bomb_is_stopped_by_the_memory_limit_and_the_batch_goes_on(tmp_path):
    bomb = damaged.bomb(tmp_path / "bomb.pdf", megabytes=1500)
    assert bomb.stat().st_size < 3_000_000
    tasks = [Task("bomb", bomb), Task("small", damaged.SMALL)]
    got = dict((t.doc_id, r) for t, r in pool.run(tasks, 1, {}, Limits(seconds=120, memory_mb=700)))
    assert got["bomb"].document["status"] == "failed"
    assert "memory" in got["bomb"].document["error"]
    assert got["small"].document["status"] == "ok"  # a fresh worker took the next document


def test_time_limit_fails_the_document_with_that_reason():
    # a document the pipeline needs well over the pool's poll interval for (the 2-page SMALL one
    # is now read within it, and a finished result is taken as it comes)
    slow = damaged.SAMPLES / "budget_2020_jianghan_media.pdf"
    [(task, r)] = list(pool.run([Task("slow", slow)], 1, {}, Limits(seconds=0.01)))
    assert r.document["status"] == "failed" and "time limit" in r.document["error"]
    assert r.document["doc_id"] == "slow"


def test_ocr_cap_leaves_pages_unread_with_that_reason(tmp_path):
    import pypdfium2 as pdfium
    page = pdfium.PdfDocument(str(damaged.SMALL))[0].render(scale=1).to_pil()
    scan = tmp_path / "scan.pdf"
    page.save(scan, "PDF", resolution=72)  # an image only: no text layer
    d = process_file(scan, max_ocr_pages=0).document
    assert d["scanned_pages"] == 1 and d["ocr_pages"] == 0
    assert d["status"] == "failed" and "OCR limit is 0 pages" in d["error"]
