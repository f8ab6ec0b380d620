"""绩效 forms read into form tables (`parsers.forms`) and checked (`pipeline.check.forms`): each
rule on a hand-built grid with its correct twin, which must pass, and a slipped twin."""
from __future__ import annotations

from decimal import Decimal

from parsers.forms import form_tables
from parsers.tables import build_tables
from pipeline.check import check_document
from pipeline.model import Cell, Document, Grid, Page, TextLine


def cell(text, row, col, page):
    return Cell(text=text, page=page, bbox=(col * 60.0, 60 + row * 20.0, col * 60.0 + 60, 80 + row * 20.0), row=row, col=col)


def document(*pages, title="2022年某项目绩效自评表"):
    """Each page: rows of printed texts; the title stands above the first page's grid only."""
    built = []
    for number, rows in enumerate(pages, start=1):
        grid = Grid(page=number, bbox=(0, 60, 600, 60 + 20 * len(rows)),
                    rows=tuple(tuple(cell(t, r, c, number) for c, t in enumerate(row)) for r, row in enumerate(rows)))
        lines = (TextLine(title, number, (100, 20, 400, 40)),) if number == 1 else ()
        built.append(Page(number, 600, 800, 0, lines, (grid,)))
    return Document(doc_id="f" * 64, path="x.pdf", pages=tuple(built))


def read(doc):
    return form_tables(doc, build_tables(doc, "performance_selfeval"))


def check(doc):
    return check_document(read(doc), family="performance_selfeval", document=doc)


def rules(doc):
    return sorted(f.rule for f in check(doc))


# -- project self-evaluation: 执行率 and the linear score ------------------------------------------

HEADER = ["预算执行情况（20分）", "", "预算数（A）", "执行数（B）", "执行率（B/A)", "得分"]


def test_execution_rate_and_linear_score_on_a_self_evaluation_form():
    assert check(document([HEADER, ["", "年度财政资金总额：", "31.7", "14.79", "46.66%", "9.33"]])) == []
    assert rules(document([HEADER, ["", "年度财政资金总额：", "31.7", "14.79", "47.66%", "9.33"]])) == ["execution_rate"]
    [score] = check(document([HEADER, ["", "年度财政资金总额：", "31.7", "14.79", "46.66%", "15"]]))
    assert (score.rule, score.severity, score.expected) == ("score_mismatch", "warning", Decimal("9.33"))
    assert "分值 × min(执行率, 100%)" in score.message  # the rule it assumed is stated


def test_score_is_capped_at_the_weight_when_spending_exceeds_the_budget():
    assert check(document([HEADER, ["", "年度资金总额", "10", "12", "120%", "20"]])) == []


def test_rate_one_unit_off_in_its_last_place_is_a_warning():
    [f] = check(document([HEADER, ["", "年度资金总额", "31.70", "14.79", "46.69%", "9.33"]]))
    assert (f.rule, f.severity, [r.code for r in f.reasons]) == ("execution_rate", "warning", ["last_place"])


# -- the central template: 资金 lines, 分值 / 得分 of the indicators, 总分 ------------------------------

FUND = ["项目资金（万元）", "", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"]
INDICATORS = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def central(spent_fiscal="229.19", second_weight="25", second_score="25", total=("100", "100")):
    return [
        ["项目名称", "病媒生物防制", "", "", "", "", "", ""],
        FUND,
        ["项目资金（万元）", "年度资金总额", "240", "229.19", "229.19", "10", "100.00%", "10.00"],
        ["项目资金（万元）", "其中：当年财政拨款", "240", "229.19", spent_fiscal, "—", "", "—"],
        ["项目资金（万元）", "上年结转资金", "", "", "", "—", "", "—"],
        ["项目资金（万元）", "其他资金", "", "", "", "—", "", "—"],
        ["年度总体目标", "将病媒生物密度控制在国家标准范围之内", "", "", "", "", "", ""],
        INDICATORS,
        ["绩效指标", "产出指标（50分）", "数量指标", "消杀覆盖区县数量", "16个", "16个", "25", "25"],
        ["绩效指标", "产出指标（50分）", "质量指标", "控制病媒生物密度", "达标", "达标", second_weight, second_score],
        ["绩效指标", "效益指标（40分）", "社会效益指标", "减少病媒生物传播疾病", "减少", "减少", "40", "40"],
        ["总分", "", "", "", "", "", total[0], total[1]],
    ]


def test_central_form_reads_into_records():
    [t] = read(document(central()))
    assert t.layout == "form" and t.kind == "绩效自评表"
    names = [c.name for c in t.columns]
    assert {"资金/年初预算", "资金/预算数", "资金/执行数", "资金/执行率", "三级指标/分值", "三级指标/得分",
            "一级指标/分值", "总分/分值", "总分/得分"} <= set(names)
    indicator = next(r for r in t.rows if r.name == "控制病媒生物密度")
    assert indicator.labels == ("产出指标（50分）", "质量指标", "控制病媒生物密度")
    group = next(r for r in t.rows if r.name == "产出指标（50分）")
    assert [a.value for a in group.amounts.values()] == [Decimal(50)]


def test_central_form_correct_twin_holds():
    assert check(document(central())) == []


def test_fund_lines_must_add_to_the_total():
    [f] = check(document(central(spent_fiscal="228.19")))
    assert f.rule == "form_sum" and "年度资金总额" in f.message and f.delta == Decimal("1.00")


def test_scores_must_add_to_the_stated_total_and_group_weight():
    found = check(document(central(second_weight="30")))
    assert sorted(f.rule for f in found) == ["score_total", "score_total"]  # 总分 分值 and 产出指标（50分）
    assert any("产出指标（50分）" in f.message for f in found)
    [f] = check(document(central(total=("100", "99"))))
    assert (f.rule, f.actual, f.expected) == ("score_total", Decimal(99), Decimal(100))


def test_indicator_scored_above_its_weight():
    found = check(document(central(second_score="30", total=("100", "105"))))
    assert "score_above_weight" in {f.rule for f in found}


def test_a_form_continued_on_the_next_page_is_one_table():
    rows = central()
    page1, page2 = rows[:10], [["绩效指标", "效益指标（40分）", "社会效益指标", "减少病媒生物传播疾病", "减少", "减少", "40", "40"],
                               ["总分", "", "", "", "", "", "100", "100"]]
    [t] = read(document(page1, page2))
    assert (t.page_first, t.page_last) == (1, 2)
    assert check(document(page1, page2)) == []
    page2[-1][-1] = "95"
    assert rules(document(page1, page2)) == ["score_total"]


# -- 部门整体绩效自评表: the ①–⑦ money columns over 资金来源 lines -------------------------------------

OVERALL = ["资金来源", "年初预算①", "调整②", "小计③=①+②", "拨付④", "实现率⑤=④/③", "结余⑥=③-④", "结余率⑦=⑥/③"]


def overall(slips=None):
    lines = {
        "合计": ["100.00", "10.00", "110.00", "99.00", "90.00%", "11.00", "10.00%"],
        "财政资金小计": ["90.00", "10.00", "100.00", "90.00", "90.00%", "10.00", "10.00%"],
        "其中：中央": ["20.00", "0.00", "20.00", "18.00", "90.00%", "2.00", "10.00%"],
        "省级": ["30.00", "5.00", "35.00", "32.00", "91.43%", "3.00", "8.57%"],
        "地方": ["40.00", "5.00", "45.00", "40.00", "88.89%", "5.00", "11.11%"],
        "其他资金": ["10.00", "0.00", "10.00", "9.00", "90.00%", "1.00", "10.00%"],
    }
    for (line, col), value in (slips or {}).items():
        lines[line][col] = value
    return document([OVERALL] + [[k] + v for k, v in lines.items()], title="某部门2023年度部门整体绩效自评表")


def test_overall_form_correct_twin_holds():
    [t] = read(overall())
    assert {"资金/年初预算", "资金/调整", "资金/小计", "资金/拨付", "资金/实现率", "资金/结余", "资金/结余率"} \
        == {c.name for c in t.columns}
    assert check(overall()) == []


def test_overall_subtotal_is_budget_plus_adjustment():
    found = check(overall({("省级", 2): "36.00"}))
    assert {f.rule for f in found} == {"form_sum", "execution_rate", "balance_rate"}
    assert any("省级 [③ = ① + ②]" in f.message for f in found)
    assert any("财政资金小计" in f.message for f in found)  # 中央 + 省级 + 地方 no longer gives it


def test_overall_balance_is_subtotal_minus_spending():
    found = check(overall({("地方", 5): "6.00"}))
    assert any(f.rule == "form_sum" and "⑥ = ③ − ④" in f.message for f in found)


def test_overall_rates():
    assert rules(overall({("合计", 4): "95.00%"})) == ["execution_rate"]
    assert rules(overall({("地方", 6): "12.11%"})) == ["balance_rate"]
    [f] = check(overall({("省级", 4): "91.39%"}))
    assert (f.rule, f.severity) == ("execution_rate", "warning")  # one unit off in the last place


def test_fund_sources_add_up():
    assert rules(overall({("地方", 0): "41.00"})) == ["form_sum", "form_sum"]  # ③ = ① + ② and 财政资金小计
    found = check(overall({("其他资金", 3): "8.00"}))
    assert any(f.rule == "form_sum" and f.message.startswith("绩效自评表 合计") for f in found)


def test_two_forms_under_one_repeated_title_are_checked_apart():
    first, second = central(), central(total=("100", "99"))
    page2 = [row for row in second if row[0] != "项目名称"]
    doc = document(first, page2)
    [t] = read(doc)  # the repeated title joined them into one table
    assert (t.page_first, t.page_last) == (1, 2)
    [f] = check(doc)
    assert (f.rule, f.page, f.actual, f.expected) == ("score_total", 2, Decimal(99), Decimal(100))
    assert check(document(first, [row for row in central() if row[0] != "项目名称"])) == []


def test_a_financial_table_with_budget_and_spending_columns_stays_a_table():
    rows = [["项目", "上年执行数", "本年预算数"], ["合计", "10.00", "12.00"], ["201 一般公共服务支出", "10.00", "12.00"]]
    [t] = read(document(rows, title="2024年支出总表"))
    assert t.layout == "table"


def test_the_untitled_half_of_a_form_on_the_next_page_is_that_form_in_another_grid_shape_too():
    rows = central()
    wider = [row + ["备注", "说明", "附注", "其他"] for row in rows[7:]]  # another grid shape, no title
    doc = document(rows[:7], wider)
    [t] = read(doc)
    assert (t.kind, t.layout, t.page_first, t.page_last) == ("绩效自评表", "form", 1, 2)
    assert check(doc) == []


def test_forms_without_a_total_line_are_cut_at_each_money_block():
    indicator = ["绩效指标（60分）", "产出指标", "数量指标", "法律顾问人数", "100%", "100%"]
    head = ["绩效指标（60分）", "一级指标", "二级指标", "指标内容", "年度目标值", "自评分"]
    ok = [HEADER, ["", "年度资金总额", "185", "185", "100.00%", "20"], head, indicator]
    slip = [HEADER, ["", "年度资金总额", "31.7", "14.79", "46.66%", "15"], head, indicator]
    [f] = check(document(ok, slip))  # joined into one table (same shape, no title on page 2)
    assert (f.rule, f.page) == ("score_mismatch", 2)


def test_a_blank_fund_line_does_not_cut_the_form():
    rows = central()
    rows[2] = ["项目资金（万元）", "年度资金总额", "340", "329.19", "329.19", "10", "100.00%", "10.00"]
    rows[5] = ["项目资金（万元）", "其他资金", "100", "100", "100", "—", "", "—"]  # after the blank 上年结转资金
    assert check(document(rows)) == []
    rows[5] = ["项目资金（万元）", "其他资金", "100", "90", "100", "—", "", "—"]
    assert rules(document(rows)) == ["form_sum"]
