"""The report's parts: cascades of findings one cell explains, what a document's coverage says,
the message table in both languages, crops under their column headers, and findings without
cells shown by their sentence or page."""
from __future__ import annotations

import base64
import io
import json
import re

from PIL import Image

from pipeline import store
from pipeline.extract.reader import file_id
from pipeline.process import Result
from pipeline.report import html
from pipeline.report.cascades import cascades
from pipeline.report.coverage import coverage
from pipeline.report.crops import Cropper
from pipeline.report.load import load
from pipeline.report.messages import MESSAGES, Messages
from tests.conftest import SAMPLES


def finding(fid, *cells, table="T"):
    return {"finding_id": fid, "table_id": table,
            "evidence": [{"role": role, "row": r, "col": c, "label": f"r{r}c{c}", "printed": "1.00"} for role, r, c in cells]}


def test_findings_sharing_a_cell_are_one_cascade_headed_by_the_one_holding_most_shared_cells():
    # f1 (a 款 sum) uses cells (4,3) and (5,3); f2 and f3 each use one of them: one slip, three findings.
    f1 = finding("f1", ("total", 2, 3), ("part", 4, 3), ("part", 5, 3))
    f2 = finding("f2", ("total", 4, 2), ("part", 4, 3))
    f3 = finding("f3", ("total", 5, 3), ("part", 5, 4))
    f4 = finding("f4", ("total", 9, 1), ("part", 9, 2))  # elsewhere: its own group
    groups = cascades([f2, f1, f3, f4])
    assert [[f["finding_id"] for f in g.findings] for g in groups] == [["f1", "f2", "f3"], ["f4"]]
    assert [(c["row"], c["col"]) for c in groups[0].cells] == [(4, 3), (5, 3)]
    assert groups[1].rest == [] and groups[1].cells == []


def test_the_same_cell_position_in_another_table_links_nothing():
    a = finding("a", ("total", 1, 1), ("part", 2, 1), table="T1")
    b = finding("b", ("total", 1, 1), ("part", 2, 1), table="T2")
    sentence = {"finding_id": "c", "table_id": None, "evidence": [{"role": "amount", "row": None, "col": None}]}
    assert [len(g.findings) for g in cascades([a, b, sentence])] == [1, 1, 1]


def test_coverage_tells_nothing_checked_from_no_findings():
    scanned = {"status": "ok", "pages": 1, "text_pages": 0, "ocr_pages": 1}
    assert coverage(scanned, [], []).state == "unchecked"
    table = {"kind": "收支总表", "checks": 5}
    clean = coverage({**scanned, "text_pages": 1, "ocr_pages": 0}, [table], [])
    assert clean.state == "clean" and clean.checks == 5 and clean.unchecked_tables == []
    partial = coverage({"status": "ok", "pages": 4, "text_pages": 2, "ocr_pages": 1}, [table, {"kind": "三公经费表", "checks": 0}],
                       [{"finding_id": "x"}])
    assert partial.state == "findings" and partial.unread_pages == 1 and [t["kind"] for t in partial.unchecked_tables] == ["三公经费表"]
    assert coverage({"status": "failed", "pages": None}, [], []).state == "failed"


def test_every_message_has_both_languages_and_finding_text_picks_the_readers_half():
    assert all(len(v) == 2 and all(v) for v in MESSAGES.values())
    zh, en = Messages("zh"), Messages("en")
    stored = "201 一般公共服务支出: 小计 1 ≠ 2 (容差 ±0.01) | stated 1, parts add to 2 ‖ 同行 [合计]: 3 ≠ 4 ‖ 读取存疑 | doubtful reading"
    assert zh.finding_text(stored) == "201 一般公共服务支出: 小计 1 ≠ 2 (容差 ±0.01) ‖ 同行 [合计]: 3 ≠ 4 ‖ 读取存疑"
    assert en.finding_text(stored) == stored
    assert zh("findings_n", n=3) == "3 项发现" and en("findings_n", n=3) == "3 findings"


def test_report_in_english_when_asked(samples_run):
    out, _ = samples_run
    page = html.render(load(out), lang="en")
    assert "<h1>Audit report</h1>" in page and 'lang="en"' in page and "审核报告" not in page
    assert "nothing checked" in page and "no findings does not mean clean" in page


def test_a_crop_reaches_up_to_the_column_headers(samples_run):
    out, results = samples_run
    run = load(out)
    f = next(f for f in run.findings if f["finding_id"] == "5d2a7a9f2965-f003")
    table = next(t for t in run.tables if t["table_id"] == f["table_id"])
    top, header_bottom = json.loads(table["grid"])["tops"][str(f["page"])]
    assert top < header_bottom <= min(c["bbox"][1] for c in f["evidence"])
    doc = next(d for d in run.documents if d["doc_id"] == f["doc_id"])
    with Cropper(doc["path"]) as cropper:
        bare = Image.open(io.BytesIO(cropper.crops(f["evidence"])[0].png))
        headed = Image.open(io.BytesIO(cropper.crops(f["evidence"], {(f["table_id"], f["page"]): (top, header_bottom)},
                                                     f["table_id"])[0].png))
    assert headed.width == bare.width and headed.height > bare.height + 20


def test_a_finding_without_cells_shows_its_sentence_or_its_page(tmp_path, samples_run):
    out, _ = samples_run
    page = (out / "report.html").read_text(encoding="utf-8")
    missing = re.search(r'<article class="finding[^"]*"[^>]*data-rule="missing_table".*?</article>', page, re.S).group(0)
    assert "本项发现不涉及单元格（整张表缺失或为空）" in missing and "个单元格</summary>" not in missing
    narrative = re.search(r'<article class="finding[^"]*"[^>]*data-rule="percent_mismatch".*?</article>', page, re.S).group(0)
    assert '<blockquote class="sentence"><b>原文：</b>' in narrative

    pdf = SAMPLES / "perf_target_2017_lusong_publicity.pdf"
    doc_id = file_id(pdf)
    document = {"doc_id": doc_id, "path": str(pdf), "file": pdf.name, "kind": "budget", "issuer": None, "year": 2017,
                "scope": None, "pages": 2, "status": "ok", "error": None, "text_pages": 2}
    empty = {"doc_id": doc_id, "finding_id": f"{doc_id[:12]}-f001", "rule": "empty_table", "severity": "warning",
             "table_id": None, "page": 2, "message": "某表（第2页）没有任何金额 | prints no amount", "expected": None,
             "actual": None, "delta": None, "tolerance": None, "evidence": "[]"}
    store.write(tmp_path, [Result(document, [], [], [], [empty])])
    article = re.search(r'<article .*?</article>', html.render(load(tmp_path)), re.S).group(0)
    assert "本项发现不涉及单元格；所在页面如下。" in article and "所述值" not in article
    png = re.search(r'<figure class="page"><img alt="第 2 页图片" src="data:image/png;base64,([^"]+)"', article).group(1)
    assert Image.open(io.BytesIO(base64.b64decode(png))).height > 300  # the whole page, not a band


def test_cc_petitions_page_8_one_slip_is_one_cascade_of_five(corpus):
    """长春市信访局 2026 支出总表 (p8): 2014002 and 2014099 print 0.00 under 当年预算/小计 — their 款's
    sum, their rows' 合计 and their own 小计 fail: five findings, one cascade."""
    from pipeline.process import process_file

    result = process_file(corpus / "cc_petitions_2026_budget.pdf", pages=[8])
    findings = [{**f, "evidence": json.loads(f["evidence"])} for f in result.findings]
    groups = [g for g in cascades(findings) if g.rest]
    assert len(groups) == 1 and len(groups[0].findings) == 5
    assert groups[0].head["rule"] == "hierarchy_sum"
    assert sorted(c["printed"] for c in groups[0].cells) == ["0.00", "0.00"]


def test_recomputed_values_keep_the_printed_decimals_without_dropping_digits():
    from decimal import Decimal

    from pipeline.report.html import number, printed_places

    assert printed_places([{"printed": "458.00"}, {"printed": ""}, {"printed": "1,234.5"}]) == 2
    assert printed_places([{"printed": ""}]) is None
    assert number(Decimal("458.000000"), 2) == "458.00" and number(Decimal("0E-6"), 2) == "0.00"
    assert number(Decimal("0.015000"), 2) == "0.015"  # a finer value is never rounded to the printing
    assert number(Decimal("263.880000")) == "263.88"
