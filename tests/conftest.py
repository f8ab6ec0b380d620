"""Shared fixtures: the samples folder, the shared corpus (tests needing it skip without it),
and one pipeline run over the samples reused by every test that reads its output."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests judge results, not speed: on a loaded machine one example can take longer than
# hypothesis's default 200 ms deadline, which made them fail at random.
settings.register_profile("no_deadline", deadline=None)
settings.load_profile("no_deadline")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "real"


@pytest.fixture(scope="session")
def expected():
    return json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def samples_run(tmp_path_factory):
    """Ingest samples/ once into a temporary output folder; returns (out, results)."""
    from pipeline import runner
    out = tmp_path_factory.mktemp("samples_out")
    results = runner.ingest([SAMPLES], out, jobs=1)
    return out, results


@pytest.fixture(scope="module")
def db(samples_run):
    """The samples run's DuckDB, read-only."""
    import duckdb
    out, _ = samples_run
    con = duckdb.connect(str(out / "budget.duckdb"), read_only=True)
    yield con
    con.close()


@pytest.fixture
def corpus():
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present beside the project")
    return CORPUS
