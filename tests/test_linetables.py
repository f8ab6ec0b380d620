"""Tables without rulings read from text lines (a scanned 资金安排表 whose rulings OCR cannot find)."""
from __future__ import annotations

from decimal import Decimal

from parsers.linetables import line_tables
from pipeline.check import check_document
from pipeline.model import Document, Page, TextLine


def page(lines, ocr=True):
    return Page(2, 600, 800, 0, tuple(TextLine(t, 2, (10, 20 * i, 500, 20 * i + 12)) for i, t in enumerate(lines)),
                (), "none", ocr)


LINES = ["附件：", "2025年文化和旅游项目资金安排表", "金额单位：万元",
         "项目内容 支出功能科目 政府预算经济科目 部门预算支出经济科目 金额",
         "市文旅广电局 2070113旅游宣传 50205委托业务费 30227委托业务费 10.2714",
         "市文旅广电局 境外媒体宣传项目 2070113旅游宣传 50205委托业务费 30227委托业务费 7.9",
         "市文旅广电局 专家评审费 2070113旅游宣传 50205委托业务费 30226劳务费 0.09",
         "合计 18.2614", "第1页"]


def test_rows_ending_in_an_amount_under_a_header_line_become_a_checked_table():
    [t] = line_tables(Document("d" * 64, "x.pdf", (page(LINES),)), 5)
    assert (t.table_id, t.title, t.unit, t.engine) == ("dddddddddddd-t05", "2025年文化和旅游项目资金安排表", "万元", "rapidocr")
    assert [(r.code, r.amounts[1].value) for r in t.rows] == [
        ("2070113", Decimal("10.2714")), ("2070113", Decimal("7.9")), ("2070113", Decimal("0.09")), (None, Decimal("18.2614"))]
    assert all(r.amounts[1].ocr for r in t.rows)
    assert check_document([t]) == []  # 合计 = Σ rows
    slip = LINES[:7] + ["合计 18.3614", "第1页"]
    [f] = check_document(line_tables(Document("d" * 64, "x.pdf", (page(slip),)), 1))
    assert f.rule == "hierarchy_sum" and f.severity == "warning"  # read by OCR: a warning


def test_prose_is_not_a_table():
    prose = ["一、项目资金安排情况，单位预算金额为：", "本年度安排资金 100", "其中项目资金 60", "其他资金 40"]
    assert line_tables(Document("d" * 64, "x.pdf", (page(prose, ocr=False),)), 1) == []
