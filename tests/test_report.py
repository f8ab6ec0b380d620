"""report.html: documents and findings from the stored run, escaped PDF text, crops of the
printed cells within limits, and `budgetpipe report` / `--no-report` on the CLI."""
from __future__ import annotations

import base64
import io
import json
import re
import shutil
from decimal import Decimal

import pytest
from PIL import Image
from typer.testing import CliRunner

from pipeline import store
from pipeline.cli import app
from pipeline.extract.reader import file_id
from pipeline.process import Result
from pipeline.report import html
from pipeline.report.crops import TOTAL
from pipeline.report.load import load
from tests.conftest import SAMPLES

HOSTILE = '<script>alert("x")</script>'
CROP = r'<img alt="第 \d+ 页，标出 [^"]+ 所涉单元格" src="data:image/png;base64,'


@pytest.fixture(scope="module")
def report(samples_run):
    out, _ = samples_run
    return (out / "report.html").read_text(encoding="utf-8")


def hostile_run(out, pdf=None):
    """A stored run whose PDF-derived text (file name, issuer, title, message, labels) is markup;
    its document was read from `pdf` when given, else from a path that no longer exists."""
    doc_id = file_id(pdf) if pdf else "ab" * 32
    evidence = [{"role": "total", "label": "<b>合计</b>", "printed": "3.00", "value": "3.00", "page": 1,
                 "bbox": [10, 10, 50, 20], "ocr": False, "row": 0, "col": 1},
                {"role": "part", "label": "<i>x</i>", "printed": "1.00", "value": "1.00", "page": 1,
                 "bbox": [60, 10, 90, 20], "ocr": False, "row": 0, "col": 2}]
    document = {"doc_id": doc_id, "path": str(pdf) if pdf else f"missing/{HOSTILE}.pdf", "file": f"=cmd|' /C calc'!A0{HOSTILE}.pdf",
                "kind": "final_account", "issuer": "<img src=x onerror=alert(1)>", "year": 2022, "scope": None,
                "pages": 1, "status": "ok", "error": None}
    table = {"doc_id": doc_id, "table_id": "abababababab-t01", "kind": "other", "title": "=1+1" + HOSTILE,
             "page_first": 1, "page_last": 1, "unit": "万元", "engine": "pdfplumber", "n_rows": 1, "n_amounts": 2,
             "columns": json.dumps(["项目", "合计<x>", "部分"], ensure_ascii=False), "empty_statement": None, "notes": None}
    records = [{"doc_id": doc_id, "table_id": table["table_id"], "row": 0, "code": None, "name": HOSTILE, "level": None,
                "column": c, "col": i, "value": Decimal(v), "printed": v, "decimals": 2, "unit": "万元",
                "value_yuan": Decimal(v) * 10000, "page": 1, "bbox": "[0, 0, 1, 1]", "ocr": False}
               for i, c, v in ((1, "合计<x>", "3.00"), (2, "部分", "1.00"))]
    finding = {"doc_id": doc_id, "finding_id": "abababababab-f001", "rule": "column_sum", "severity": "error",
               "table_id": table["table_id"], "page": 1, "message": f"</script>{HOSTILE}\x07 3.00 ≠ 1.00",
               "expected": Decimal("1.00"), "actual": Decimal("3.00"), "delta": Decimal("2.00"),
               "tolerance": Decimal("0.010"), "evidence": json.dumps(evidence, ensure_ascii=False)}
    store.write(out, [Result(document, [table], records, [], [finding])])
    return out


def test_text_from_pdfs_is_escaped(tmp_path):
    out = hostile_run(tmp_path / "out")
    page = html.render(load(out))
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>合计" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert len(re.findall(r"<script\b", page)) == 1  # only the report's own filter script
    # The PDF is not where the run read it: the page says so instead of showing a picture.
    assert "无图：PDF 已不在读取时的位置。" in page


def test_a_pdf_that_will_not_render_costs_its_pictures_not_the_report(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n%%EOF garbage")
    page = html.render(load(hostile_run(tmp_path / "out", pdf=broken)))
    assert "无图：PDF 无法渲染" in page and page.count('<article class="finding') == 1


def test_documents_listed_with_status_and_standard_tables(report, expected):
    for doc in expected:
        assert doc["file"] in report
    assert "9 / 9 张" in report  # the final account has all nine standard tables
    assert "✗ 缺少 国有资本经营预算支出表" in report  # the budget sample prints no such table


def test_findings_grouped_with_recomputation_and_one_picture_each(report, samples_run):
    _, results = samples_run
    findings = [f for r in results for f in r.findings]
    articles = re.findall(r'<article class="finding(?: folded)?" id="([^"]+)" data-severity="(\w+)" data-rule="(\w+)"', report)
    assert sorted(a[0] for a in articles) == sorted(f["finding_id"] for f in findings)  # each once
    f3 = report[report.index('id="5d2a7a9f2965-f003"'):]
    f3 = f3[:f3.index("</article>")]
    assert "小计 263.88 ≠ 基本支出 253.53 + 项目支出 263.88 = 517.41" in f3
    cells = re.findall(r'<td class="num">([^<]*)</td>', f3)
    assert cells[:4] == ["263.88", "517.41", "-253.53", "0.015"]  # actual, expected, Δ, tolerance
    located = [f for f in findings if any(c.get("bbox") for c in json.loads(f["evidence"]))]
    assert len(re.findall(CROP, report)) == len(located)  # a sentence has no box


def test_picture_outlines_the_stated_total_in_red(report):
    f3 = report[report.index('id="5d2a7a9f2965-f003"'):]
    b64 = re.search(r'src="data:image/png;base64,([^"]+)"', f3).group(1)
    img = Image.open(io.BytesIO(base64.b64decode(b64))).convert("RGB")
    assert img.width > img.height * 3  # a band of the landscape page, not the whole page
    reds = sum(n for n, px in img.getcolors(1 << 16) if abs(px[0] - TOTAL[0]) < 40 and px[1] < 80 and px[2] < 80)
    assert reds > 200  # a 3-px outline around one cell


def test_pictures_are_limited_and_the_page_says_so(samples_run):
    out, results = samples_run
    page = html.render(load(out), crops_per_document=2, max_crops=300)
    located = [[f for f in r.findings if any(c.get("bbox") for c in json.loads(f["evidence"]))] for r in results]
    assert len(re.findall(CROP, page)) == sum(min(len(x), 2) for x in located)
    n = max(len(x) for x in located)
    assert f"本文件仅前 2 / {n} 项发现配图" in page
    assert len(re.findall(CROP, html.render(load(out), max_crops=1))) == 1
    assert len(re.findall(r'<figure id="pg-', html.render(load(out), max_pages=3))) == 3


def test_report_command_rebuilds_from_stored_output(samples_run, tmp_path):
    out, results = samples_run
    copy = tmp_path / "run"
    shutil.copytree(out, copy, ignore=shutil.ignore_patterns("report.html", "tables.xlsx"))
    result = CliRunner().invoke(app, ["report", str(copy), "--crops", "1"])
    assert result.exit_code == 0, result.output
    page = (copy / "report.html").read_text(encoding="utf-8")
    assert page.count('<article class="finding') == sum(len(r.findings) for r in results) and (copy / "tables.xlsx").stat().st_size > 0
    missing = CliRunner().invoke(app, ["report", str(tmp_path / "nothing")])
    assert missing.exit_code == 2 and "no budget.duckdb" in missing.output


def test_ingest_writes_report_unless_told_not_to(tmp_path):
    pdf = SAMPLES / "perf_target_2017_lusong_publicity.pdf"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(pdf), "--out", str(tmp_path / "a"), "--jobs", "1"]).exit_code == 0
    assert (tmp_path / "a" / "report.html").exists() and (tmp_path / "a" / "tables.xlsx").exists()
    assert runner.invoke(app, ["ingest", str(pdf), "--out", str(tmp_path / "b"), "--no-report"]).exit_code == 0
    assert (tmp_path / "b" / "budget.duckdb").exists() and not (tmp_path / "b" / "report.html").exists()
