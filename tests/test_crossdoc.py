"""Cross-document checks: issuer keys, links, and one seeded inconsistency between two small real
PDFs found exactly (the consistent twin finds nothing, yet compares)."""
from __future__ import annotations

import json

import duckdb
import pytest

from parsers.issuers import issuer_key, same_issuer
from pipeline import links, runner

Y22 = {"合计": "100.00", "207": "100.00", "20701": "100.00", "2070101": "60.00", "2070102": "40.00"}
Y23 = {"合计": "120.00", "207": "120.00", "20701": "120.00", "2070101": "70.00", "2070102": "50.00"}
SANGONG23 = ("12.00", "2.00", "6.00", "4.00")
ACTUAL23 = ("11.00", "1.50", "5.50", "4.00")


@pytest.mark.parametrize("a, b, how", [
    ("中共上海市普陀区委社会工作部", "普陀区委社会工作部", "parent omitted"),
    ("中共江苏省委办公厅", "江苏省委办公厅", "same"),
    ("上海市普陀区万里街道办事处（本级）", "上海市普陀区人民政府万里街道办事处", "same"),
    ("西安市安全生产监督管理局", "西安市应急管理局", "unsure"),
    ("上海市财政局", "北京市财政局", None),
    ("财政局", "上海市财政局", None),  # a bare name says nowhere: never taken for a located one
])
def test_issuer_match(a, b, how):
    assert same_issuer(a, b) == how
    assert same_issuer(b, a) == how


def test_issuer_key_drops_what_does_not_identify():
    assert issuer_key("中共 江苏省委办公厅（本级）") == "江苏省委办公厅"


@pytest.fixture
def R():
    """The related-PDF builder; skips without reportlab or the CJK font it embeds."""
    pytest.importorskip("reportlab")
    from tests import related_pdfs
    try:
        related_pdfs.font()
    except SystemExit as e:  # the samples' renderer exits when fonts-wqy-zenhei is missing
        pytest.skip(str(e))
    return related_pdfs


def _doc(doc_id, kind, year, scope="部门", kinds=("一般公共预算支出表",), issuer="测试市文化旅游局"):
    return links.Doc(doc_id, doc_id, kind, issuer, year, scope, frozenset(kinds))


def test_links_relations():
    rows = links.link_rows([_doc("b23", "budget", 2023), _doc("b22", "budget", 2022),
                            _doc("f23", "final_account", 2023), _doc("t23", "budget", 2023, kinds=()),
                            _doc("u23", "budget", 2023, scope="单位"),
                            _doc("x", "budget", 2022, issuer="北京市财政局")])
    got = {(r["doc_id"], r["other_doc_id"], r["relation"]) for r in rows}
    assert ("b23", "b22", "prior_year") in got
    assert ("f23", "b23", "budget_of_final") in got
    assert ("b23", "t23", "companion") in got  # narrative-only part beside the tables
    assert ("u23", "b23", "unit_of_department") in got
    assert not any("x" in (a, b) for a, b, _ in got)
    assert ("b23", "b22", "revision_of") not in got


def _run(tmp_path, files):
    out = tmp_path / "out"
    runner.ingest(files, out, report=False)
    con = duckdb.connect(str(out / "budget.duckdb"), read_only=True)
    across = con.execute("select rule, severity, page, message, evidence, doc_id from findings "
                         "where rule in ('prior_year_change','prior_year_column','budget_of_final',"
                         "'classification_renamed','units_sum') order by finding_id").fetchall()
    others = con.execute("select count(*) from findings where severity = 'error' and rule not in "
                         "('budget_of_final')").fetchone()[0]
    counts = dict(con.execute("select rule, sum(comparisons) from comparisons group by rule").fetchall())
    docs = dict(con.execute("select file, doc_id from documents").fetchall())
    con.close()
    return across, others, counts, docs


def test_two_budgets_consistent_compare_and_find_nothing(tmp_path, R):
    files = [R.budget(tmp_path / "b2022.pdf", 2022, Y22, None, ("10.00", "2.00", "5.00", "3.00")),
             R.budget(tmp_path / "b2023.pdf", 2023, Y23, Y22, SANGONG23, total_change="20.00")]
    across, others, counts, _ = _run(tmp_path, files)
    assert across == [] and others == 0
    assert counts["prior_year_change"] >= 1 and counts["prior_year_column"] >= 5


def test_change_against_last_year_contradicted_by_last_years_budget(tmp_path, R):
    files = [R.budget(tmp_path / "b2022.pdf", 2022, Y22, None, ("10.00", "2.00", "5.00", "3.00")),
             R.budget(tmp_path / "b2023.pdf", 2023, Y23, Y22, SANGONG23, total_change="21.00")]
    across, others, _, docs = _run(tmp_path, files)
    assert others == 0
    assert [(r[0], r[1]) for r in across] == [("prior_year_change", "warning")]
    evidence = json.loads(across[0][4])
    cells = [c for c in evidence if "doc_id" in c]
    assert {c["doc_id"] for c in cells} == {docs["b2022.pdf"], docs["b2023.pdf"]}
    assert {c["printed"] for c in cells} == {"120.00", "21.00", "100.00"}
    assert across[0][5] == docs["b2023.pdf"]  # the finding belongs to the later document


def test_last_year_column_not_last_years_budget(tmp_path, R):
    swapped = {**Y22, "2070101": "40.00", "2070102": "60.00"}  # two rows' prior figures swapped
    files = [R.budget(tmp_path / "b2022.pdf", 2022, Y22, None, ("10.00", "2.00", "5.00", "3.00")),
             R.budget(tmp_path / "b2023.pdf", 2023, Y23, swapped, SANGONG23, total_change="20.00")]
    across, others, _, _ = _run(tmp_path, files)
    assert others == 0
    assert sorted((r[0], json.loads(r[4])[0]["printed"]) for r in across) == [
        ("prior_year_column", "40.00"), ("prior_year_column", "60.00")]


def test_final_accounts_budget_is_the_published_budget(tmp_path, R):
    budget = R.budget(tmp_path / "b2023.pdf", 2023, Y23, None, SANGONG23)
    same = R.final_account(tmp_path / "f_ok.pdf", 2023, ACTUAL23, budget_sangong=SANGONG23, stated_budget="12.00")
    across, others, counts, _ = _run(tmp_path, [budget, same])
    assert across == [] and others == 0 and counts["budget_of_final"] >= 5


def test_final_account_states_a_budget_that_was_not_published(tmp_path, R):
    budget = R.budget(tmp_path / "b2023.pdf", 2023, Y23, None, SANGONG23)
    final = R.final_account(tmp_path / "f2023.pdf", 2023, ACTUAL23, stated_budget="12.50")
    across, others, _, docs = _run(tmp_path, [budget, final])
    assert others == 0
    assert [(r[0], r[1]) for r in across] == [("budget_of_final", "error")]
    assert "12.50" in across[0][3] and "12.00" in across[0][3]
    assert across[0][5] == docs["f2023.pdf"]


DEPT, UNITS = "测试市发展和改革委员会", ["测试市发展和改革委员会（本级）", "测试市价格监测认定中心"]


def _department(tmp_path, R, dept_total, unit_totals):
    files = [R.summary_budget(tmp_path / "dept.pdf", DEPT, 2025, dept_total, units=UNITS)]
    for i, total in enumerate(unit_totals):
        files.append(R.summary_budget(tmp_path / f"unit{i}.pdf", UNITS[i], 2025, total))
    return _run(tmp_path, files)


def test_department_is_the_sum_of_its_units(tmp_path, R):
    across, others, counts, _ = _department(tmp_path, R, "300.00", ["100.00", "200.00"])
    assert across == [] and others == 0 and counts["units_sum"] >= 2


def test_department_total_not_the_sum_of_its_units(tmp_path, R):
    across, others, _, docs = _department(tmp_path, R, "310.00", ["100.00", "200.00"])
    assert others == 0
    assert {(r[0], r[1], r[5]) for r in across} == {("units_sum", "warning", docs["dept.pdf"])}
    assert all("310.00" in r[3] and "300.00" in r[3] for r in across)


def test_units_missing_from_the_store_are_named(tmp_path, R):
    across, _, _, _ = _department(tmp_path, R, "300.00", ["100.00"])
    assert [(r[0], r[1]) for r in across] == [("units_sum", "info")]
    assert "测试市价格监测认定中心" in across[0][3]


def test_series_headline_and_chart_escape_text():
    from pipeline.report.chart import bars
    from pipeline.series import headline
    rows = [{"issuer_key": "测试局", "table_kind": "支出总表", "code": None, "name": "合计", "year": y,
             "family": "budget", "value_yuan": v} for y, v in ((2022, 1_000_000), (2023, 1_200_000))]
    rows.append({**rows[0], "year": 2021, "code": "201"})  # a coded row is not the headline total
    points = headline(rows)
    assert points == {"测试局": [(2022, "budget", 100.0), (2023, "budget", 120.0)]}
    svg = bars(points["测试局"], "<script>x</script>")
    assert svg.count("<rect") == 2 and "<script>" not in svg and "&lt;script&gt;" in svg
    assert headline(rows[:1]) == {}  # one year is no series


def test_units_listed_by_a_department_not_its_internal_offices():
    from parsers.units import listed_units
    listed = ("纳入本部门 2025 年部门汇总预算编制范围的预算单位共计 3 家，具体包括：无锡市发展和改革委员会（本级），"
              "无锡市发展改革研究中心，无锡市价格监测认定中心。三、2025 年度部门主要工作任务")
    assert listed_units(listed) == ["无锡市发展和改革委员会（本级）", "无锡市发展改革研究中心", "无锡市价格监测认定中心"]
    numbered = "本部门中，行政单位1家，事业单位1家，具体包括：1.上海市普陀区人民政府办公室本部。2.上海市普陀区交流服务中心。"
    assert listed_units(numbered) == ["上海市普陀区人民政府办公室本部", "上海市普陀区交流服务中心"]
    offices = "机构设置包括 23 个内设机构、2 个下属事业单位，具体包括：（一）机关内设机构1.办公室2.法律政策研究室3.侦查监督处"
    assert listed_units(offices) == []


def test_report_shows_both_documents_cells_links_and_series(tmp_path, R):
    from pipeline.report import write as write_report
    swapped = {**Y22, "2070101": "40.00", "2070102": "60.00"}
    files = [R.budget(tmp_path / "b2022.pdf", 2022, Y22, None, ("10.00", "2.00", "5.00", "3.00")),
             R.budget(tmp_path / "b2023.pdf", 2023, Y23, swapped, SANGONG23, total_change="20.00")]
    out = tmp_path / "out"
    runner.ingest(files, out, report=False)
    write_report(out)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "上年数栏不符" in html and "prior_year_column" in html
    assert html.count("b2022.pdf 第 ") >= 2  # each finding's cell in last year's budget, cut from that PDF
    assert "上年预算 b2022.pdf" in html  # the related-documents line of the 2023 budget
    assert '<svg class="series"' in html and "测试市文化旅游局 历年支出合计" in html


def test_parts_of_one_disclosure_are_not_versions_of_each_other():
    from pipeline.store.versions import chains
    kinds = {"narrative": set(), "tables": {"收支总表", "三公经费表"}, "tables_fixed": {"收支总表", "other"},
             "narrative_fixed": {"other"}}
    assert chains(["narrative", "tables", "tables_fixed", "narrative_fixed"], kinds) == [
        ["narrative", "narrative_fixed"], ["tables", "tables_fixed"]]
