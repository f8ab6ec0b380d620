"""The store accumulates: documents keyed by content hash, skipped when already there, one
document for one content whatever its paths, Parquet in parts, corrections kept as versions."""
from __future__ import annotations

import copy
import json
import shutil
from decimal import Decimal

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline import runner, store
from pipeline.process import Result, process_file
from pipeline.store import parts
from tests import damaged
from tests.conftest import SAMPLES


def rows(out, sql):
    con = duckdb.connect(str(out / "budget.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def two(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    return folder, damaged.variant(folder / "a.pdf", 1), damaged.variant(folder / "b.pdf", 2)


def test_second_ingest_adds_documents_and_new_parts_without_rewriting_old_ones(two, tmp_path):
    folder, a, b = two
    out = tmp_path / "store"
    runner.ingest([a], out, jobs=1, report=False)
    first = out / "parquet" / "records" / "part-000001.parquet"
    before = first.read_bytes(), first.stat().st_mtime_ns
    runner.ingest([b], out, jobs=1, report=False)
    assert rows(out, "select file from documents order by file") == [("a.pdf",), ("b.pdf",)]
    assert (first.read_bytes(), first.stat().st_mtime_ns) == before
    assert sorted(p.name for p in (out / "parquet" / "records").iterdir()) == ["part-000001.parquet", "part-000002.parquet"]
    assert pq.read_table(out / "parquet" / "records").num_rows == rows(out, "select count(*) from records")[0][0] > 0
    assert {p.stem for p in (out / "documents").glob("*.json")} == {d for (d,) in rows(out, "select doc_id from documents")}
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in pkg["resources"]] == ["parquet/facts/part-000001.parquet", "parquet/facts/part-000002.parquet"]
    try:
        import frictionless
    except ImportError:
        return
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid and sum(t.stats["rows"] for t in report.tasks) == rows(out, "select count(*) from facts")[0][0]


def test_unchanged_folder_is_skipped_and_force_redoes_it(two, tmp_path):
    folder, a, b = two
    out = tmp_path / "store"
    first = runner.ingest([folder], out, jobs=1, report=False)
    assert len(first) == 2 and first.skipped == 0
    again = runner.ingest([folder], out, jobs=1, report=False)
    assert len(again) == 0 and again.skipped == 2 and again.statuses["ok"] == 2  # no document work
    forced = runner.ingest([folder], out, jobs=1, report=False, force=True)
    assert len(forced) == 2
    assert rows(out, "select count(*) from documents")[0][0] == 2
    assert rows(out, "select count(distinct doc_id), count(*) from tables") == rows(out, "select 2, count(*) from tables")


def test_a_file_changed_in_place_is_hashed_again(two, tmp_path):
    folder, a, b = two
    out = tmp_path / "store"
    runner.ingest([a], out, jobs=1, report=False)
    damaged.variant(a, 3)
    batch = runner.ingest([a], out, jobs=1, report=False)
    assert len(batch) == 1
    assert rows(out, "select count(*) from documents")[0][0] == 2  # both contents kept
    assert rows(out, "select count(*) from paths where path = ?".replace("?", f"'{a}'"))[0][0] == 1


def test_same_content_under_two_paths_is_one_document_with_both_paths(two, tmp_path):
    folder, a, b = two
    shutil.copy(a, folder / "a-copy.pdf")
    out = tmp_path / "store"
    batch = runner.ingest([folder], out, jobs=1, report=False)
    assert len(batch) == 2
    [(doc_id, n)] = rows(out, "select doc_id, count(*) from paths group by doc_id having count(*) > 1")
    assert n == 2
    assert rows(out, f"select count(*) from documents where doc_id = '{doc_id}'")[0][0] == 1
    assert sorted(p for (p,) in rows(out, f"select file from paths where doc_id = '{doc_id}'")) == ["a-copy.pdf", "a.pdf"]


def test_a_document_killed_before_its_commit_leaves_no_trace(two, tmp_path, monkeypatch):
    folder, a, b = two
    out = tmp_path / "store"
    runner.ingest([a], out, jobs=1, report=False)
    result = process_file(b)

    def crash(*args):
        raise KeyboardInterrupt  # stands in for a kill in the middle of the transaction

    s = store.Store(out)
    monkeypatch.setattr(s, "_put_paths", crash)
    with pytest.raises(KeyboardInterrupt):
        s.commit(result, [store.path_row(b)])
    parts.sync(s)
    s.close()
    assert rows(out, "select file from documents") == [("a.pdf",)]
    assert rows(out, f"select count(*) from records where doc_id = '{result.document['doc_id']}'") == [(0,)]
    assert not (out / "documents" / f"{result.document['doc_id']}.json").exists()


def _correction_pair():
    """Two versions of one disclosure: the second corrects one value and adds one."""
    doc = {"doc_id": "1" * 64, "path": "v1.pdf", "file": "v1.pdf", "kind": "final_account", "issuer": "某局",
           "year": 2022, "status": "ok", "pages": 1}
    table = {"doc_id": doc["doc_id"], "table_id": "111111111111-t01", "kind": "收入支出决算总表", "title": "收入支出决算总表",
             "unit": "万元", "columns": "[]"}
    rec = {"doc_id": doc["doc_id"], "table_id": table["table_id"], "row": 0, "code": "201", "name": "一般公共服务支出",
           "level": "类", "column": "决算数", "col": 1, "value": Decimal("1.00"), "printed": "1.00", "decimals": 2,
           "unit": "万元", "value_yuan": None, "page": 1, "bbox": None, "ocr": False, "source": "table"}
    old = Result(doc, [table], [rec, {**rec, "row": 1, "code": "205", "name": "教育支出", "value": Decimal("5.00"),
                                      "printed": "5.00"}])
    new = copy.deepcopy(old)
    new.document.update(doc_id="2" * 64, path="v2.pdf", file="v2.pdf")
    for x in [*new.tables, *new.records]:
        x["doc_id"] = "2" * 64
        x["table_id"] = x["table_id"].replace("1", "2")
    new.records[0].update(value=Decimal("1.50"), printed="1.50")
    new.records.append({**new.records[1], "row": 2, "code": "208", "name": "社会保障和就业支出",
                        "value": Decimal("2.00"), "printed": "2.00"})
    return old, new


def test_a_correction_is_a_new_current_version_with_its_changed_values(tmp_path):
    old, new = _correction_pair()
    out = tmp_path / "store"
    store.write(out, [old])
    store.write(out, [new])
    assert rows(out, "select doc_id, version, versions, current from versions order by version") == [
        ("1" * 64, 1, 2, False), ("2" * 64, 2, 2, True)]
    assert rows(out, "select doc_id from current_documents") == [("2" * 64,)]
    changes = rows(out, """select table_kind, code, name, "column", old_printed, new_printed, change
                           from revisions order by code""")
    assert changes == [("收入支出决算总表", "201", "一般公共服务支出", "决算数", "1.00", "1.50", "changed"),
                       ("收入支出决算总表", "208", "社会保障和就业支出", "决算数", None, "2.00", "added")]
    from pipeline.report import write
    page = write(out, lang="en")["report"].read_text(encoding="utf-8")
    assert "Corrections" in page and "v1.pdf → v2.pdf" in page and "1.50" in page
    assert "version 1 of 2 (superseded)" in page and "version 2 of 2 (current)" in page


def test_versions_do_not_depend_on_the_order_documents_finish_in(tmp_path):
    old, new = _correction_pair()
    store.write(tmp_path / "a", [old, new])
    store.write(tmp_path / "b", [new, old])
    q = "select doc_id, version, current from versions order by doc_id"
    assert rows(tmp_path / "a", q) == rows(tmp_path / "b", q)
    q = "select * from revisions order by all"
    assert rows(tmp_path / "a", q) == rows(tmp_path / "b", q) != []


def test_a_republished_file_of_the_same_disclosure_is_a_second_version(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    first = damaged.variant(folder / "qiaokou.pdf", 1, SAMPLES / "final_account_2022_qiaokou_media.pdf")
    out = tmp_path / "store"
    runner.ingest([first], out, jobs=1, report=False)
    damaged.variant(folder / "qiaokou-corrected.pdf", 2, SAMPLES / "final_account_2022_qiaokou_media.pdf")
    runner.ingest([folder], out, jobs=1, report=False)
    assert rows(out, """select d.file, v.version, v.current from versions v join documents d using (doc_id)
                        order by v.version""") == [("qiaokou.pdf", 1, False), ("qiaokou-corrected.pdf", 2, True)]
    assert rows(out, "select count(*) from revisions") == [(0,)]  # same values: nothing changed


def test_datapackage_validates_with_frictionless_and_its_keys_hold(samples_run):
    frictionless = pytest.importorskip("frictionless")
    out, _ = samples_run
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    facts = parts.read(out, "facts").to_pylist()
    assert any(f["source"] == "text" for f in facts)  # narrative figures are in the package too
    keys = [tuple(f[k] for k in pkg["resources"][0]["schema"]["primaryKey"]) for f in facts]
    assert len(set(keys)) == len(keys) and all(None not in k for k in keys)


def test_a_store_from_an_older_pipeline_gains_new_columns(tmp_path):
    out = tmp_path / "store"
    out.mkdir()
    con = duckdb.connect(str(out / "budget.duckdb"))
    con.execute("create table documents (doc_id varchar, path varchar)")
    con.close()
    with store.Store(out) as s:
        cols = {r[0] for r in s.con.execute(
            "select column_name from information_schema.columns where table_name = 'documents'").fetchall()}
    assert {"status", "pipeline_version", "seq"} <= cols


def test_a_file_that_could_not_be_read_loses_its_failed_row_once_it_can(tmp_path):
    import os
    folder = tmp_path / "in"
    folder.mkdir()
    link = folder / "later.pdf"
    os.symlink(tmp_path / "target.pdf", link)
    out = tmp_path / "store"
    runner.ingest([folder], out, jobs=1, report=False)
    assert rows(out, "select status, error from documents") == [
        ("failed", "dangling symbolic link: the file it points to does not exist")]
    damaged.variant(tmp_path / "target.pdf", 1)
    runner.ingest([folder], out, jobs=1, report=False)
    assert rows(out, "select file, status from documents") == [("later.pdf", "ok")]
    assert rows(out, "select count(*) from paths") == [(1,)]
