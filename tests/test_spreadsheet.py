"""Workbook disclosures (.xlsx/.xls): read into the table model, checked like a PDF table, with
each cell's sheet and address as provenance."""
from __future__ import annotations

import json
from decimal import Decimal

import duckdb
import pytest
from openpyxl import Workbook

from pipeline.extract.spreadsheet import column_letter, display, read_workbook
from pipeline.process import process_file

SHEET = "一般公共预算支出表"


def write_budget(path, project_201="10.35"):
    """A filled 一般公共预算支出表 as a department would publish it: title and unit rows, a header
    merged over two rows and two columns, codes, 合计 row; amounts formatted to two decimals."""
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["A1"] = "武汉市某区某中心2024年部门预算"
    ws = wb.create_sheet(SHEET)
    ws["A1"] = "2024年一般公共预算支出表"
    ws.merge_cells("A1:E1")
    ws["E2"] = "单位：万元"
    ws["A3"], ws["C3"] = "功能分类科目", "一般公共预算支出"
    ws.merge_cells("A3:B3")
    ws.merge_cells("C3:E3")
    ws["A4"], ws["B4"], ws["C4"], ws["D4"], ws["E4"] = "科目编码", "科目名称", "合计", "基本支出", "项目支出"
    rows = [
        (None, "合计", 337.02, 326.67, 10.35),
        ("201", "一般公共服务支出", 263.88, 253.53, float(project_201)),
        ("20133", "宣传事务", 263.88, 253.53, 10.35),
        ("2013350", "事业运行", 263.88, 253.53, 10.35),
        ("208", "社会保障和就业支出", 73.14, 73.14, None),
    ]
    for r, (code, name, *values) in enumerate(rows, start=5):
        ws.cell(r, 1, code)
        ws.cell(r, 2, name)
        for k, v in enumerate(values, start=3):
            cell = ws.cell(r, k, v)
            cell.number_format = "#,##0.00"
    wb.save(path)
    return path


def test_display_follows_the_number_format():
    assert display(10.35, "#,##0.00") == "10.35"
    assert display(1234567.5, "#,##0.00") == "1,234,567.50"
    assert display(0.4666, "0.00%") == "46.66%"
    assert display(205.0, "General") == "205"
    assert display(0.1 + 0.2, "General") == "0.3"  # float noise is not a printed digit
    assert display(12.5, "0") == "13"  # as Excel shows it: half away from zero
    assert display("宣传事务", "General") == "宣传事务"
    assert [column_letter(c) for c in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]


def test_sheets_become_pages_with_merged_cells(tmp_path):
    doc = read_workbook(write_budget(tmp_path / "b.xlsx"))
    assert [p.number for p in doc.pages] == [1, 2]
    grid = doc.pages[1].grids[0]
    title = grid.rows[0]
    assert title[0].text == "2024年一般公共预算支出表" and title[0].ref == f"{SHEET}!A1"
    assert all(c.text is None and c.bbox is None for c in title[1:])  # covered by the merge
    assert title[0].bbox[2] == pytest.approx(5 * 80.0)  # the merged box spans five columns


def test_correct_workbook_reads_as_tables_and_holds(tmp_path):
    result = process_file(write_budget(tmp_path / "ok.xlsx"))
    assert result.document["status"] == "ok", result.document["error"]
    table = next(t for t in result.tables if t["kind"] == "一般公共预算支出表")
    assert table["unit"] == "万元" and table["n_amounts"] == 14
    assert "一般公共预算支出/基本支出" in json.loads(table["columns"])
    cell = next(r for r in result.records if r["code"] == "201" and r["column"].endswith("项目支出"))
    assert cell["cell"] == f"{SHEET}!E6" and cell["page"] == 2 and cell["value"] == Decimal("10.35")
    assert cell["bbox"] is None and cell["decimals"] == 2
    assert [f for f in result.findings if f["severity"] == "error"] == []


def test_slipped_workbook_names_the_cell(tmp_path):
    result = process_file(write_budget(tmp_path / "slip.xlsx", project_201="263.88"))
    errors = [f for f in result.findings if f["severity"] == "error"]
    assert errors, "the slipped 项目支出 cell must be found"
    refs = {e["cell"] for f in errors for e in json.loads(f["evidence"])}
    assert f"{SHEET}!E6" in refs
    assert any(f"{SHEET}!C6" in f["message"] or f"{SHEET}!E6" in f["message"] for f in errors)


def test_workbook_run_keeps_the_contract(tmp_path):
    from pipeline import runner
    (tmp_path / "in").mkdir()
    write_budget(tmp_path / "in" / "b.xlsx")
    out = tmp_path / "out"
    runner.ingest([tmp_path / "in"], out, jobs=1)
    con = duckdb.connect(str(out / "budget.duckdb"), read_only=True)
    assert con.execute("select count(*) from records where cell like '一般公共预算支出表!%'").fetchone()[0] == 14
    assert con.execute("select status from documents").fetchone()[0] == "ok"


def test_not_a_workbook_fails_with_a_reason(tmp_path):
    bad = tmp_path / "bad.xls"
    bad.write_bytes(b"<html>not a workbook</html>")
    result = process_file(bad)
    assert result.document["status"] == "failed" and "not an .xls" in result.document["error"]


@pytest.mark.parametrize("name", ["sh_dept_budget_template_2026_blank.xlsx", "sh_unit_budget_template_2026_blank.xls"])
def test_blank_templates_read_as_tables_without_amounts(corpus, name):
    result = process_file(corpus / name)
    assert result.document["status"] == "ok", result.document["error"]
    kinds = {t["kind"] for t in result.tables}
    assert {"收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算支出表",
            "一般公共预算基本支出表", "三公经费表"} <= kinds
    assert sum(t["n_amounts"] for t in result.tables) == 0
    assert not [f for f in result.findings if f["severity"] == "error"]
