"""Rows printed outside a table's grid (pipeline/check/lostrows.py): a warning on the table,
and the sums they explain are warnings, not errors; a real slip stays an error."""
from __future__ import annotations

from pipeline.check import check_document
from parsers.tables import build_tables
from tests.test_templates_registry import _doc, _grid, _line

XS = (50, 120, 330, 430)
HEAD = [["科目编码", "科目名称", "金额"], ["", "合计", "20.00"], ["301", "工资福利支出", "15.00"]]


def _checked(doc):
    tables = build_tables(doc, "budget")
    return tables, check_document(tables, [], "budget", doc)


def _by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_a_last_row_left_below_the_grid_is_a_warning_on_the_table_not_a_failed_sum():
    grid = _grid(1, 50, HEAD, xs=XS)  # rows end at 110
    doc = _doc(([_line(1, 30, "一般公共预算基本支出表"), _line(1, 112, "302 商品和服务支出 5.00")], [grid]))
    _, findings = _checked(doc)
    [lost] = _by_rule(findings, "row_outside_grid")
    assert lost.severity == "warning" and "302 商品和服务支出 5.00" in lost.message and lost.page == 1
    sums = _by_rule(findings, "hierarchy_sum")
    assert sums and all(f.severity == "warning" and "lost_row" in {r.code for r in f.reasons} for f in sums)


def test_a_slip_with_nothing_printed_outside_the_grid_stays_an_error():
    slipped = _grid(1, 50, HEAD + [["302", "商品和服务支出", "4.00"]], xs=XS)
    _, findings = _checked(_doc(([_line(1, 30, "一般公共预算基本支出表")], [slipped])))
    assert _by_rule(findings, "row_outside_grid") == []
    [f] = _by_rule(findings, "hierarchy_sum")
    assert f.severity == "error" and not f.reasons


def test_a_line_outside_the_grid_that_does_not_make_up_the_difference_leaves_the_error():
    grid = _grid(1, 50, HEAD, xs=XS)
    doc = _doc(([_line(1, 30, "一般公共预算基本支出表"), _line(1, 112, "302 商品和服务支出 3.00")], [grid]))
    _, findings = _checked(doc)
    assert len(_by_rule(findings, "row_outside_grid")) == 1
    assert [f.severity for f in _by_rule(findings, "hierarchy_sum")] == ["error"]


def test_a_continuation_page_whose_rows_were_all_lost():
    grid = _grid(1, 600, [["科目编码", "科目名称", "金额"], ["", "合计", "30.00"], ["301", "工资福利支出", "15.00"],
                          ["30101", "基本工资", "15.00"]], xs=XS)
    page2 = [_line(2, 40, "302 商品和服务支出 15.00"), _line(2, 60, "30201 办公费 10.00"), _line(2, 80, "30202 印刷费 5.00"),
             _line(2, 300, "一般公共预算机关运行经费支出预算表")]
    _, findings = _checked(_doc(([_line(1, 580, "一般公共预算基本支出表")], [grid]), (page2, [])))
    [lost] = _by_rule(findings, "row_outside_grid")
    assert lost.page == 2 and "30201 办公费 10.00" in lost.message and "机关运行" not in lost.message
    sums = _by_rule(findings, "hierarchy_sum")
    assert sums and all(f.severity == "warning" for f in sums)


def test_a_sentence_or_a_row_the_table_holds_is_not_a_lost_row():
    grid = _grid(1, 50, HEAD + [["302", "商品和服务支出", "5.00"]], xs=XS)
    doc = _doc(([_line(1, 30, "一般公共预算基本支出表"), _line(1, 135, "302 商品和服务支出 5.00"),
                 _line(1, 150, "其中：工资福利支出 15.00 万元，主要用于人员。")], [grid]))
    _, findings = _checked(doc)
    assert _by_rule(findings, "row_outside_grid") == [] and _by_rule(findings, "hierarchy_sum") == []


def test_narrative_after_the_last_table_and_text_drawn_off_the_page_are_no_lost_rows():
    # js_npc_office_2017 p24 opens the 说明 with `…本年收入预算合计 13649.07`; its p11 draws rows below
    # the page's bottom edge (y > height), which no reader sees
    grid = _grid(1, 600, HEAD, xs=XS)
    prose = [_line(2, 40, "某某办公厅本年收入预算合计 13649.07"), _line(2, 60, "其中：财政拨款收入13649.07万元。")]
    _, findings = _checked(_doc(([_line(1, 580, "一般公共预算基本支出表")], [grid]), (prose, [])))
    assert _by_rule(findings, "row_outside_grid") == []
    off_page = _doc(([_line(1, 30, "一般公共预算基本支出表"), _line(1, 900, "302 商品和服务支出 5.00")],
                     [_grid(1, 50, HEAD, xs=XS)]))
    _, findings = _checked(off_page)
    assert _by_rule(findings, "row_outside_grid") == []
    assert [f.severity for f in _by_rule(findings, "hierarchy_sum")] == ["error"]
