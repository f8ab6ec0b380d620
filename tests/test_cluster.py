"""The same tasks on a Dask LocalCluster (loopback only) give the same rows as the local pool;
results staged by workers are merged into the store by `budgetpipe merge`."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pipeline import runner
from pipeline.cli import app
from pipeline.process import process_file
from tests import damaged
from tests.test_resume import snapshot


def test_local_cluster_gives_the_same_rows_as_a_local_run(tmp_path):
    pytest.importorskip("distributed")
    from pipeline import cluster
    folder = tmp_path / "in"
    folder.mkdir()
    damaged.variant(folder / "a.pdf", 1)
    (folder / "bad.pdf").write_bytes(b"not a pdf")
    runner.ingest([folder], tmp_path / "local", jobs=1, report=False)
    staging = tmp_path / "staging"
    ex = cluster.executor(None, str(staging), 1)
    batch = runner.ingest([folder], tmp_path / "dask", report=False, executor=ex)
    assert len(batch) == 2
    assert snapshot(tmp_path / "dask") == snapshot(tmp_path / "local")
    assert not any(staging.iterdir())  # merged parts are removed


def test_merge_commits_staged_documents_and_leaves_unfinished_ones(tmp_path):
    pytest.importorskip("fsspec")
    from pipeline import cluster
    staging = tmp_path / "staging"
    result = process_file(damaged.SMALL)
    cluster.write_staged(result, str(staging), result.document["doc_id"])
    (staging / "unfinished").mkdir()  # a worker still writing: no _done marker
    r = CliRunner().invoke(app, ["merge", str(staging), "--out", str(tmp_path / "store"), "--no-report"])
    assert r.exit_code == 0 and "merged 1 document" in r.output
    local = tmp_path / "local"
    runner.ingest([damaged.SMALL], local, jobs=1, report=False)
    got, want = snapshot(tmp_path / "store"), snapshot(local)
    for name in ("tables", "records", "claims", "findings", "facts"):
        assert got[name] == want[name]
    assert [p.name for p in staging.iterdir()] == ["unfinished"]
