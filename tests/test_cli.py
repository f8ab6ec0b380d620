"""CLI conventions: --version, -h, whole help sentences, `show`, `export`, `--pages`, and
`--quiet` / `--verbose` on ingest."""
from __future__ import annotations

import csv
import re

import pytest
import typer
from typer.testing import CliRunner

from pipeline.cli import app, parse_pages
from tests.conftest import SAMPLES

runner = CliRunner()


def invoke(*args):
    result = runner.invoke(app, list(map(str, args)), env={"COLUMNS": "200"})
    return result


def test_version_and_short_help_flag():
    v = invoke("--version")
    assert v.exit_code == 0 and re.fullmatch(r"budgetpipe \d+\.\d+\.\d+\S*\n", v.output)
    for args in (["-h"], ["ingest", "-h"], ["show", "-h"]):
        r = invoke(*args)
        assert r.exit_code == 0 and "Usage:" in r.output


def test_every_command_is_listed_with_a_whole_sentence():
    listing = invoke("-h").output
    commands = {"ingest", "report", "debug", "eval", "show", "export", "annotate"}
    lines = {m.group(1): m.group(2).rstrip(" │") for m in re.finditer(r"│ (\w+)\s{2,}(.+?)\s*│\n", listing) if m.group(1) in commands}
    assert set(lines) == commands
    assert all(text.endswith(".") and text[0].isupper() for text in lines.values()), lines


@pytest.mark.parametrize("spec, pages", [("3-9", [3, 4, 5, 6, 7, 8, 9]), ("1,4,10-12", [1, 4, 10, 11, 12]), ("5", [5]), (None, None)])
def test_page_ranges(spec, pages):
    assert parse_pages(spec) == pages


@pytest.mark.parametrize("spec", ["9-3", "0", "a-b", "3-", ""])
def test_bad_page_ranges_are_refused(spec):
    with pytest.raises(typer.BadParameter):
        parse_pages(spec)


def test_show_lists_documents_then_prints_one_documents_tables_and_findings(samples_run):
    out, _ = samples_run
    listing = invoke("show", out)
    assert listing.exit_code == 0
    assert "未核对" in listing.output and "scanned_cover_2022_qiaokou_media.pdf" in listing.output
    one = invoke("show", out, "final_account_2022_qiaokou_media.pdf", "--table", "一般公共预算财政拨款支出决算表")
    assert one.exit_code == 0, one.output
    assert "一般公共预算财政拨款支出决算表" in one.output and "263.88" in one.output and "宣传事务" in one.output
    assert "收入决算表 «" not in one.output  # --table keeps only that kind
    # 15: the 14 arithmetic and narrative findings, and the seed's unclosed quote (“区融媒体）, unbalanced_bracket)
    assert "column_sum" in one.output and "hierarchy_sum" in one.output and "发现 (15)" in one.output
    missing = invoke("show", out, "nothing.pdf")
    assert missing.exit_code == 2 and "no documents match" in missing.output


def test_export_writes_contract_tables_and_each_table_as_printed(samples_run, tmp_path):
    out, results = samples_run
    r = invoke("export", out, "--csv", tmp_path / "csv")
    assert r.exit_code == 0, r.output
    with open(tmp_path / "csv" / "findings.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == sum(len(x.findings) for x in results)
    with open(tmp_path / "csv" / "records.csv", encoding="utf-8-sig", newline="") as fh:
        values = [row["value"] for row in csv.DictReader(fh) if row["printed"] == "263.88"]
    assert values and all(v == "263.880000" for v in values)  # exact, not through a float
    table_id = next(t["table_id"] for x in results for t in x.tables if t["kind"] == "一般公共预算财政拨款支出决算表")
    with open(tmp_path / "csv" / "tables" / f"{table_id}.csv", encoding="utf-8-sig", newline="") as fh:
        grid = list(csv.reader(fh))
    assert grid[0][:3] == ["项目", "项目", "本年支出"] and ["201", "一般公共服务支出", "263.88", "253.53", "263.88"] in grid
    assert ["2013302", "一般行政管理事务", "10.35", "", "10.35"] in grid  # a blank cell stays a column


def test_pages_quiet_and_verbose(tmp_path):
    pdf = SAMPLES / "final_account_2022_qiaokou_media.pdf"
    quiet = invoke("ingest", pdf, "--out", tmp_path / "q", "--pages", "11", "--no-report", "--quiet", "--jobs", "1",
                   "--annotate")
    assert quiet.exit_code == 0 and quiet.output == ""
    annotated, = (tmp_path / "q" / "annotated").glob("*.pdf")
    from pypdf import PdfReader
    notes = [a.get_object() for a in PdfReader(annotated).pages[10].get("/Annots", [])]
    assert len([a for a in notes if a["/Subtype"] == "/Text"]) == 7  # the seven slips of 表5, read from page 11 alone
    import duckdb
    con = duckdb.connect(str(tmp_path / "q" / "budget.duckdb"), read_only=True)
    assert con.execute("select pages from documents").fetchone() == (1,)
    assert con.execute("select kind, page_first from tables").fetchall() == [("一般公共预算财政拨款支出决算表", 11)]
    con.close()
    verbose = invoke("ingest", SAMPLES / "perf_target_2017_lusong_publicity.pdf", "--out", tmp_path / "v", "--no-report",
                     "--verbose", "--jobs", "1")
    assert verbose.exit_code == 0
    assert re.search(r"^ok\s+1 tables\s+0 findings\s+0 OCR pages\s+[\d.]+ s\s+perf_target_2017_lusong_publicity.pdf$",
                     verbose.output, re.M)
