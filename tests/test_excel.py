"""tables.xlsx: a sheet per table with failing cells marked, documents and findings sheets, and
names and text from PDFs that cannot break the workbook."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from pipeline.report import excel
from pipeline.report.load import load
from tests.test_report import HOSTILE, hostile_run


@pytest.fixture(scope="module")
def wb(samples_run):
    out, _ = samples_run
    return load_workbook(out / "tables.xlsx")


def test_a_sheet_per_table_after_documents_and_findings(wb, samples_run):
    _, results = samples_run
    n_tables = sum(len(r.tables) for r in results)
    assert wb.sheetnames[:2] == ["documents", "findings"] and len(wb.sheetnames) == 2 + n_tables
    assert all(len(n) <= 31 for n in wb.sheetnames)
    assert wb["documents"].max_row == 1 + len(results)


def test_a_table_sheet_is_laid_out_as_printed_with_failing_cells_marked(wb):
    ws = wb["D2T5 一般公共预算财政拨款支出决算表"]
    assert [c.value for c in ws[4]] == ["项目", None, "本年支出", None, None]  # the top header row, spans merged
    assert "C4:E4" in {str(r) for r in ws.merged_cells.ranges}
    header = [c.value for c in ws[5]]
    assert header == ["功能分类科目编码", "科目名称", "小计", "基本支出", "项目支出"]
    lines = {r[0].value: r for r in ws.iter_rows(min_row=7)}
    total, basic, project = lines["201"][2], lines["201"][3], lines["201"][4]
    assert total.value == 263.88 and total.data_type == "n" and total.number_format == "#,##0.00"
    assert total.fill.fgColor.rgb.endswith(excel.TOTAL_FILL.fgColor.rgb[-6:])
    assert basic.fill.fgColor.rgb.endswith(excel.PART_FILL.fgColor.rgb[-6:])
    assert project.fill.fgColor.rgb.endswith(excel.PART_FILL.fgColor.rgb[-6:])
    assert "5d2a7a9f2965-f003 column_sum (total)" in total.comment.text
    assert lines["2013302"][3].value is None  # a blank printed cell stays blank, its column kept
    blank_part = lines["210"][4]
    assert blank_part.value is None and "f002 hierarchy_sum (part)" in blank_part.comment.text  # 210 空 counted as 0
    unmarked = lines["2101102"]
    assert all(c.fill.fgColor.rgb in (None, "00000000") and c.comment is None for c in unmarked[3:])


def test_findings_link_to_their_failing_cell(wb, samples_run):
    ws = wb["findings"]
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == sum(len(r.findings) for r in samples_run[1])
    linked = 0
    for r in rows:
        if r[4].hyperlink is None:
            assert r[4].value in (None, "")  # a narrative or form finding belongs to no table
            continue
        sheet, cell = r[4].hyperlink.location.rsplit("!", 1)
        assert sheet.strip("'") in wb.sheetnames
        if r[2].value in ("column_sum", "hierarchy_sum"):
            target = wb[sheet.strip("'")][cell]
            assert cell != "A1" and r[1].value in target.comment.text and f"{r[1].value} {r[2].value} (total)" in target.comment.text
            linked += 1
    assert linked == 7  # the samples' seven table slips (README)


def test_sheet_names_are_valid_and_unique():
    used = {"documents"}
    names = [excel.sheet_name(base, used) for base in
             ("Documents", "a[b]:c*?/\\d" * 5, "a[b]:c*?/\\d" * 5, "'quoted'", "", "表" * 40)]
    assert names[0] == "Documents~2"  # sheet names compare case-insensitively
    assert all(0 < len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len({n.lower() for n in names}) == len(names) and not names[3].startswith("'")


def test_text_from_pdfs_stays_text(tmp_path):
    out = hostile_run(tmp_path / "out")
    path = excel.write(load(out), out / "tables.xlsx")
    wb = load_workbook(path)
    name = wb["documents"]["A2"]
    assert name.data_type == "s" and name.value.startswith("=cmd|")  # not a formula
    assert wb.sheetnames[2] == "D1T1 other"  # sheet names never carry PDF text
    message = wb["findings"]["G2"].value
    assert HOSTILE in message and "\x07" not in message
