"""The classification catalogues by year and the rules on codes and names, each with a slipped
table or sentence and its corrected twin."""
from __future__ import annotations

from parsers import catalogues
from parsers.text import document_claims
from pipeline.check import classification
from pipeline.model import Cell, Column, Row, Table


def test_official_names_change_with_the_year():
    assert catalogues.official_name("210", 2018) == "医疗卫生与计划生育支出"
    assert catalogues.official_name("210", 2019) == "卫生健康支出"
    assert catalogues.official_name("212", 2024) == "城乡社区支出"
    assert catalogues.official_name("213", 2017) == "农林水支出"
    assert catalogues.official_name("208", 2026) == "社会保障和就业支出"
    assert catalogues.official_name("2080505", 2022) == "机关事业单位基本养老保险缴费支出"
    assert catalogues.official_name("310", 2017) == "其他资本性支出" and catalogues.official_name("310", 2020) == "资本性支出"
    assert catalogues.official_name("9999999", 2020) is None


def test_printing_variants_are_tolerated():
    assert catalogues.matches("维修(护)费", "维修（护）费")
    assert catalogues.matches("其它一般公共服务支出", "其他一般公共服务支出")
    assert catalogues.matches("行政运行（项）", "行政运行")
    assert catalogues.matches("机关事业单位基本养老保险缴", "机关事业单位基本养老保险缴费支出")  # a cell cut where it wrapped
    assert not catalogues.matches("维护（护）费", "维修（护）费")


def coded(rows, title="一般公共预算支出表", split=False):
    """rows: (code or split parts, name)."""
    if split:
        columns = (Column(0, ("科目编码", "类")), Column(1, ("科目编码", "款")), Column(2, ("科目编码", "项")),
                   Column(3, ("科目名称",)), Column(4, ("合计",)))
    else:
        columns = (Column(0, ("科目编码",)), Column(1, ("科目名称",)), Column(2, ("合计",)))
    built = []
    for i, (code, name) in enumerate(rows):
        parts = code if split else (code,)
        cells = tuple(Cell(p, 1, (0, i * 20.0, 40, i * 20.0 + 20), i, k) for k, p in enumerate(parts))
        joined = "".join(parts) if len(parts[0]) >= 3 and all(p.isdigit() for p in parts if p) else None
        built.append(Row(i, 1, joined, name, None, (name,), {}, cells))
    return Table(table_id="t1", kind="一般公共预算支出表", title=title, page_first=1, page_last=1, unit="万元",
                 columns=columns, rows=tuple(built))


def rules(found):
    return [f.rule for f in found]


def test_a_name_that_is_not_its_codes_name_that_year():
    right = coded([("210", "卫生健康支出"), ("30208", "取暖费"), ("30209", "物业管理费")])
    assert classification.findings([right], [], 2026) == []
    stale = classification.findings([coded([("210", "医疗卫生与计划生育支出")])], [], 2020)
    assert rules(stale) == ["code_name_mismatch"] and "旧名称" in stale[0].message and "卫生健康支出" in stale[0].message
    slipped = classification.findings([coded([("30208", "物业管理费"), ("30213", "维护（护）费")])], [], 2026)
    assert rules(slipped) == ["code_name_mismatch"] * 2 and "30209" in slipped[0].message
    # the 2017 name of 210 is right in 2017
    assert classification.findings([coded([("210", "医疗卫生与计划生育支出")])], [], 2017) == []


def test_a_renumbered_list_is_one_finding_and_units_listed_by_number_are_not_items():
    shifted = coded([("30202", "咨询费"), ("30203", "水费"), ("30204", "电费"), ("30205", "邮电费")])
    found = classification.findings([shifted], [], 2024)
    assert rules(found) == ["code_name_mismatch"] and found[0].message.startswith("4 行")
    units = coded([("302", "无锡市发展和改革委员会")])
    assert classification.findings([units], [], 2025) == []
    # a row printing both economic classifications (部门 301 | 政府 501) carries both names
    both = coded([("501", "工资福利支出")])
    both = both.__class__(**{**both.__dict__, "rows": (both.rows[0].__class__(
        **{**both.rows[0].__dict__, "labels": ("工资福利支出", "机关工资福利支出")}),)})
    assert classification.findings([both], [], 2025) == []


def test_a_malformed_code_is_reported_with_the_code_its_neighbours_imply():
    rows = [(("210", "", ""), "卫生健康支出"), (("210", "11", ""), "行政事业单位医疗"),
            (("7", "11", "02"), "事业单位医疗"), (("221", "", ""), "住房保障支出")]
    found = classification.findings([coded(rows, split=True)], [], 2024)
    assert rules(found) == ["malformed_code"] and "2101102" in found[0].message
    rows[2] = (("210", "11", "02"), "事业单位医疗")
    assert classification.findings([coded(rows, split=True)], [], 2024) == []


def test_a_code_whose_parent_the_table_does_not_print():
    good = [("201", "一般公共服务支出"), ("20101", "人大事务"), ("2010101", "行政运行"), ("2010102", "一般行政管理事务"),
            ("20106", "财政事务"), ("2010601", "行政运行")]
    assert classification.findings([coded(good)], [], 2024) == []
    slipped = good[:5] + [("2010701", "行政运行")]
    found = classification.findings([coded(slipped)], [], 2024)
    assert rules(found) == ["malformed_code"] and "20107" in found[0].message and "2010601" in found[0].message


def test_a_narrative_naming_a_class_by_another_years_name():
    stale = document_claims([(3, ["医疗卫生与计划生育支出（类）支出50.00万元。"])])
    found = classification.findings([], stale, 2024)
    assert rules(found) == ["narrative_class_name"] and "卫生健康支出" in found[0].message
    right = document_claims([(3, ["卫生健康支出（类）支出50.00万元。"])])
    assert classification.findings([], right, 2024) == []
    assert classification.findings([], stale, 2018) == []
