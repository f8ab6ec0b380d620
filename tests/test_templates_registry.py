"""The template registry (parsers/templates/*.toml): loading and validation, one fixture per
template file (a document of that variant is matched to it and its titles get their kinds),
kinds by structure, wrapped titles and short continuations."""
from __future__ import annotations

import pytest

from parsers.kinds import classify_title, title_issuer, title_number, title_year
from parsers.registry import REGISTRY, TemplateError, load
from parsers.structure import settle_kinds
from parsers.tables import build_tables
from parsers.template_match import match_template
from pipeline.check import completeness
from pipeline.model import Cell, Document, Grid, Page, TextLine

# One fixture per template file: (issuer, cover text, printed titles → expected kinds).
# Adding a province = its TOML file + an entry here (test_every_template_has_a_fixture).
FIXTURES = {
    "budget": ("某某市某某局", "2026年部门预算", {
        "收支预算总表": "收支总表", "收入预算总表": "收入总表", "支出预算总表": "支出总表",
        "财政拨款收支总表": "财政拨款收支总表", "一般公共预算支出表": "一般公共预算支出表",
        "一般公共预算基本支出表": "一般公共预算基本支出表", "政府性基金预算支出表": "政府性基金预算支出表",
        "国有资本经营预算支出表": "国有资本经营预算支出表", "财政拨款“三公”经费支出表": "三公经费表",
        "一般公共预算拨款支出预算表": "一般公共预算支出表", "项目支出预算表": "项目支出表",
        "政府性基金收支总表": "政府性基金预算支出表", "专项业务经费支出表": "项目支出表"}),
    "final_account": ("某某区某某局", "2024年度部门决算", {
        "收入支出决算总表": "收入支出决算总表", "收入决算表": "收入决算表", "支出决算表": "支出决算表",
        "财政拨款收入支出决算总表": "财政拨款收入支出决算总表",
        "一般公共预算财政拨款支出决算表": "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款基本支出决算表": "一般公共预算财政拨款基本支出决算表",
        "财政拨款“三公”经费支出决算表": "财政拨款三公经费支出决算表",
        "政府性基金预算财政拨款收入支出决算表": "政府性基金预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款支出决算表": "国有资本经营预算财政拨款支出决算表"}),
    "performance": ("某某局", "项目支出绩效自评表", {"项目支出绩效自评表": "绩效自评表", "部门整体支出绩效目标表": "绩效目标表"}),
    "budget.jiangsu": ("江苏省高级人民法院", "2018年度江苏省高级人民法院部门预算", {
        "一、2018年度江苏省高级人民法院收支预算总表": "收支总表",
        "五、2018年度江苏省高级人民法院财政拨款支出预算表": "财政拨款支出表",
        "公开06表：财政拨款基本支出预算表": "财政拨款基本支出表",
        "一般公共预算支出预算表(功能科目)公开表七部门:江苏省人大常委会办公厅单位:万元": "一般公共预算支出表",
        "一般公共预算机关运行经费支出预算表": "机关运行经费表",
        "“三公”经费、会议费、培训费支出预算表": "三公经费表", "2018年政府采购预算表": "政府采购预算表"}),
    "performance.guangzhou": ("广州市生态环境局", "", {
        "广州市生态环境局2026年部门整体预算绩效目标申报表": "绩效目标表",
        "广州市生态环境局2026年项目支出绩效目标表（含转移支付项目）": "绩效目标表"}),
    "budget.jiangsu.2017": ("江苏省高级人民法院", "江苏省高级人民法院2017年度部门预算", {
        "一、2017年度江苏省高级人民法院部门收支预算总表": "收支总表",
        "七、2017年度江苏省高级人民法院部门政府性基金支出预算表": "政府性基金预算支出表",
        "表十一“三公”经费、会议费、培训费支出预算表": "三公经费表",
        "表十一般公共预算机关运行经费支出预算表": "机关运行经费表"}),
    "budget.jiangsu.city": ("苏州市审计局", "苏州市审计局2026年度部门预算公开", {
        "收支总表": "收支总表", "财政拨款支出表（功能科目）": "财政拨款支出表",
        "财政拨款基本支出表（经济科目）": "财政拨款基本支出表", "国有资本经营预算支出预算表": "国有资本经营预算支出表",
        "公开13表政府采购支出表": "政府采购预算表"}),
    "budget.beijing": (None, "", {
        "预算01表 收支总表": "收支总表", "预算05表 一般公共预算支出表": "一般公共预算支出表",
        "预算10表 政府采购预算明细表": "政府采购预算表", "预算11表 财政拨款政府购买服务明细表": "政府购买服务表"}),
    "budget.central": ("国家信访局", "2026年部门预算", {
        "部门收支总表": "收支总表", "部门收入总表": "收入总表", "部门支出总表": "支出总表",
        "财政拨款预算“三公”经费支出表": "三公经费表"}),
    "budget.chongqing": ("重庆市气象局", "重庆市气象局2026年部门预算", {
        "2026年部门收支总体情况表": "收支总表", "2026年一般公共预算支出情况表": "一般公共预算支出表",
        "2026年政府采购预算明细表": "政府采购预算表", "2026年市级重点专项资金绩效目标表（一级项目）": "绩效目标表"}),
    "budget.fujian.fuzhou": ("福州经济技术开发区生态环境局", "", {
        "2026年度一般公共预算拨款支出预算表": "一般公共预算支出表",
        "2026年度一般公共预算支出经济分类情况表": "一般公共预算支出经济分类表",
        "2026年度一般公共预算基本支出经济分类情况表": "一般公共预算基本支出表",
        "2026年度政府性基金预算拨款支出预算表": "政府性基金预算支出表"}),
    "budget.guangdong.shenzhen": ("深圳市人力资源和社会保障局", "", {
        "基本支出总表": "基本支出表", "项目支出总表": "项目支出表", "一般公共预算支出表（按功能分类）": "一般公共预算支出表",
        "一般公共预算支出表（按经济分类）": "一般公共预算支出经济分类表"}),
    "budget.guangdong.zhuhai": ("珠海市商务局", "", {
        "财政拨款安排的行政经费及“三公”经费预算表": "三公经费表", "部门预算基本支出预算表": "基本支出表",
        "部门预算项目支出及其他支出预算表": "项目支出表", "本年支出总体情况表": "支出总表",
        "一般公共预算项目支出情况表（按经济分类科目）": "一般公共预算支出经济分类表"}),
    "budget.hunan.changsha": ("长沙市信访局", "", {
        "2026年部门收支总体情况表": "收支总表", "2026年一般公共预算“三公”经费支出情况表": "三公经费表"}),
    "budget.jilin.changchun": ("长春市信访局", "", {
        "收支总表(预算表1)": "收支总表", "项目支出表(预算表9)": "项目支出表",
        "国有资本经营预算支出明细表(预算表10)": "国有资本经营预算支出表"}),
    "budget.shaanxi.xian": ("西安市财政局", "", {
        "部门综合预算一般公共预算支出明细表（按支出功能分类科目）": "一般公共预算支出表",
        "部门综合预算一般公共预算支出明细表（按支出经济分类科目）": "一般公共预算支出经济分类表",
        "部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）": "一般公共预算基本支出功能分类表",
        "部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）": "一般公共预算基本支出表",
        "部门综合预算政府性基金收支表": "政府性基金预算支出表", "部门综合预算专项业务经费支出表": "项目支出表",
        "部门综合预算财政拨款上年结转资金支出表": "结转资金表"}),
    "budget.shandong.yantai": ("烟台市交通运输局", "", {
        "收支总体情况表": "收支总表", "基本支出预算情况表": "基本支出表", "项目支出预算情况表": "项目支出表"}),
    "budget.shanghai": ("上海市普陀区人民政府办公室", "", {
        "2025年部门财务收支预算总表": "收支总表", "2025年部门一般公共预算支出功能分类预算表": "一般公共预算支出表",
        "2025年部门一般公共预算基本支出部门预算经济分类预算表": "一般公共预算基本支出表",
        "2025年部门“三公”经费和机关运行经费预算表": "三公经费表"}),
    "budget.shanghai.unit": ("上海市审计局", "", {
        "2026年预算单位财务收支预算总表": "收支总表", "2026年预算单位一般公共预算支出功能分类预算表": "一般公共预算支出表",
        "2026年单位“三公”经费和机关运行经费预算表": "三公经费表"}),
    "budget.zhejiang": ("杭州市公安局", "", {
        "表1：2026年市级部门收支预算总表": "收支总表", "表10：2026年市级部门项目支出预算表": "项目支出表",
        "表11：2026年市级部门项目支出绩效表": "绩效目标表"}),
}


def test_every_template_has_a_fixture():
    assert set(REGISTRY.templates) == set(FIXTURES)


@pytest.mark.parametrize("template_id", sorted(FIXTURES))
def test_a_document_of_the_template_is_matched_and_its_titles_get_their_kinds(template_id):
    issuer, cover, titles = FIXTURES[template_id]
    template = REGISTRY.get(template_id)
    family = {"performance": "performance_target"}.get(template.family, template.family)
    matched = match_template(family, issuer, cover, list(titles))
    assert matched.id == template_id
    assert {t: classify_title(t, family, matched) for t in titles} == titles


def test_a_variant_is_not_matched_outside_its_place():
    titles = ["财政拨款支出预算表", "财政拨款基本支出预算表", "一般公共预算机关运行经费支出预算表"]
    assert match_template("budget", "某省法院", "2018年度部门预算", titles).id == "budget"
    assert match_template("budget", "江苏省法院", "2018年度部门预算", titles).id == "budget.jiangsu"


def test_guangzhou_prints_the_zhuhai_tables_and_its_performance_forms_have_their_own_template():
    titles = ["一、收支总体情况表", "十一、部门预算基本支出预算表", "十二、部门预算项目支出及其他支出预算表"]
    assert match_template("budget", "广州市卫生健康委员会", "2026年广州市卫生健康委员会部门预算", titles).id \
        == "budget.guangdong.zhuhai"
    assert match_template("budget", "佛山市某局", "", titles).id == "budget"
    forms = ["广州市生态环境局2026年项目支出绩效目标表（含转移支付项目）"]
    assert match_template("performance_target", "广州市生态环境局", "", forms).id == "performance.guangzhou"
    assert match_template("performance_target", "长沙市某局", "", ["项目支出绩效目标表"]).id == "performance"


def test_a_renumbering_variant_is_chosen_by_its_printed_numbers_and_then_names_a_bare_number():
    # Jiangsu 2017 prints 表七 over 政府性基金, 表十一 over 三公 (2018 on: 公开10表, 公开09表)
    y2017 = ["表一收支预算总表", "表七财政拨款政府性基金支出预算表", "表十一"]
    y2018 = ["公开01表收支预算总表", "公开10表财政拨款政府性基金支出预算表", "公开11表"]
    unnumbered = ["收支预算总表", "财政拨款政府性基金支出预算表", "财政拨款支出预算表"]
    assert match_template("budget", "江苏省政协办公厅", "", y2017).id == "budget.jiangsu.2017"
    assert match_template("budget", "江苏省政协办公厅", "", y2018).id == "budget.jiangsu"
    assert match_template("budget", "江苏省政协办公厅", "", unnumbered).id == "budget.jiangsu"
    plain = _grid(1, 50, [["项目", "金额"], ["合计", "3.00"]], xs=(50, 250, 350))  # neither codes nor 三公 columns
    for titles, template, kind in ((y2017, "budget.jiangsu.2017", "三公经费表"), (y2018, "budget.jiangsu", "机关运行经费表")):
        doc = _doc(([_line(1, 30, titles[-1])], [plain]))
        [t] = settle_kinds(build_tables(doc, "budget"), "budget", REGISTRY.get(template))
        assert t.kind == kind


def test_completeness_judges_against_the_documents_own_template():
    from tests.test_rule_sources import table
    printed = [table(k, ["项目", "预算数"], [("合计", ["1.00"])]) for k in
               ("收支总表", "收入总表", "支出总表", "财政拨款收支总表", "财政拨款支出表", "财政拨款基本支出表",
                "一般公共预算支出表", "一般公共预算基本支出表", "三公经费表", "政府性基金预算支出表",
                "机关运行经费表", "政府采购预算表")]
    national = completeness.findings(printed, "budget", None)
    jiangsu = completeness.findings(printed, "budget", None, REGISTRY.get("budget.jiangsu"))
    assert [f.message.split(": ")[-1] for f in national] == ["国有资本经营预算支出表"]
    assert jiangsu == []  # the province's template prints no 国有资本经营预算 table
    city = completeness.findings(printed, "budget", None, REGISTRY.get("budget.jiangsu.city"))
    assert [f.message.split(": ")[-1] for f in city] == ["国有资本经营预算支出表"]


@pytest.mark.parametrize("body, key", [
    ('[template]\nid = "x"\nfamily = "budget"\nname = "x"\n[[kinds]]\nkind = "a"\npatterns = ["("]\n', "kinds[0].patterns[0]"),
    ('[template]\nid = "x"\nfamily = "budget"\nname = "x"\ncolour = "red"\n', "template.colour"),
    ('[template]\nid = "x"\nfamily = "budget"\nname = "x"\nextends = "nowhere"\n', "template.extends"),
    ('[template]\nid = "x"\nfamily = "tax"\nname = "x"\n', "template.family"),
    ('[template]\nid = "x"\nfamily = "budget"\nname = "x"\n[[kinds]]\nkind = "a"\nshape = "round"\n', "kinds[0].shape"),
    ('[template]\nid = "x"\nfamily = "budget"\nname = "x"\n[[rules]]\nrule = "cross_table"\nsubject = "s"\n'
     'total = { kinds = ["nope"], row = "合计" }\nparts = [{ kinds = ["nope"], row = "合计" }]\n', "rules"),
    ('[template\n', "not valid TOML"),
])
def test_a_bad_template_file_is_refused_naming_the_file_and_key(tmp_path, body, key):
    (tmp_path / "bad_variant.toml").write_text(body, encoding="utf-8")
    with pytest.raises(TemplateError) as e:
        load(tmp_path)
    assert str(e.value).startswith("bad_variant.toml: ") and key in str(e.value)


def test_title_number_year_and_issuer():
    assert [title_number(t) for t in ("公开05表", "预算表5", "表十二", "公开表五", "收支总表(预算表1)", "收支总表")] == \
        [5, 5, 12, 5, 1, None]
    assert title_year("2018年度江苏省高级人民法院收支预算总表") == 2018
    assert title_issuer("2018年度江苏省高级人民法院收支预算总表") == "江苏省高级人民法院"
    assert title_issuer("财政拨款支出预算表(功能科目)部门:江苏省政协办公厅单位:万元") == "江苏省政协办公厅"
    assert title_issuer("2026年预算单位财务收支预算总表") is None


# --- tables built from grids ------------------------------------------------------------------

def _grid(page, top, rows, xs=(50, 120, 330, 430, 530)):
    cells = tuple(tuple(Cell(text=t, page=page, bbox=(xs[c], top + 20 * r, xs[c + 1], top + 20 * r + 20), row=r, col=c)
                        for c, t in enumerate(row)) for r, row in enumerate(rows))
    return Grid(page=page, bbox=(xs[0], top, xs[len(rows[0])], top + 20 * len(rows)), rows=cells)


def _line(page, top, text):
    return TextLine(text=text, page=page, bbox=(50, top, 400, top + 12))


def _doc(*pages):
    return Document(doc_id="0" * 64, path="x.pdf", pages=tuple(
        Page(number=i, width=600, height=800, rotation=0, lines=tuple(lines), grids=tuple(grids))
        for i, (lines, grids) in enumerate(pages, start=1)))


FUNCTION_ROWS = [["科目编码", "科目名称", "合计", "基本支出"], ["", "合计", "30.00", "20.00"],
                 ["201", "一般公共服务支出", "30.00", "20.00"], ["20101", "人大事务", "30.00", "20.00"]]
ECONOMIC_ROWS = [["科目编码", "科目名称", "金额"], ["", "合计", "20.00"], ["301", "工资福利支出", "15.00"],
                 ["302", "商品和服务支出", "5.00"]]
PROJECT_ROWS = [["项目名称", "功能科目", "金额"], ["合计", "", "12.00"], ["信访业务培训", "行政运行", "5.00"],
                ["信息化运行维护", "行政运行", "7.00"]]


def _settled(doc, family="budget", template=None):
    tables = build_tables(doc, family)
    return settle_kinds(tables, family, template or REGISTRY.base(family))


def test_a_bare_number_names_the_kind_unless_the_codes_say_otherwise():
    doc = _doc(([_line(1, 30, "预算01表 部门收支总表")], [_grid(1, 50, [["项目", "金额"], ["收入总计", "30.00"]])]),
               ([_line(2, 30, "预算03表 支出总表")], [_grid(2, 50, FUNCTION_ROWS)]),
               ([_line(3, 30, "预算05表")], [_grid(3, 50, FUNCTION_ROWS)]),
               ([_line(4, 30, "表七")], [_grid(4, 50, ECONOMIC_ROWS, xs=(50, 120, 330, 430))]))
    tables = _settled(doc)
    # 表七 is the 三公 table's number, but 301/302 rows make it the 基本支出 table
    assert [t.kind for t in tables] == ["收支总表", "支出总表", "一般公共预算支出表", "一般公共预算基本支出表"]
    assert all(not t.notes for t in tables[:2])
    assert "printed table number" in tables[2].notes[0]
    assert "kind inferred" in tables[3].notes[0] and "经济分类" in tables[3].notes[0]


def test_a_misleading_title_over_a_project_list_is_a_project_table_and_its_twin_keeps_its_title():
    misleading = _doc(([_line(1, 30, "部门支出总表")], [_grid(1, 50, PROJECT_ROWS, xs=(50, 200, 330, 430))]))
    correct = _doc(([_line(1, 30, "部门支出总表")], [_grid(1, 50, FUNCTION_ROWS)]))
    [slipped] = _settled(misleading)
    [kept] = _settled(correct)
    assert slipped.kind == "项目支出表" and "项目名称" in " ".join(slipped.notes)
    assert kept.kind == "支出总表" and not kept.notes


def test_a_known_but_unstandard_title_is_not_overridden_by_structure():
    doc = _doc(([_line(1, 30, "国有资产占用情况表")], [_grid(1, 50, FUNCTION_ROWS)]))
    assert [t.kind for t in _settled(doc)] == ["other"]


def test_a_title_wrapped_over_two_lines_is_joined():
    doc = _doc(([_line(1, 20, "公开09表：一般公共预算“三公”经费、会议费、培训费"), _line(1, 36, "支出预算表")],
                [_grid(1, 60, [["合计", "因公出国（境）费", "公务接待费"], ["3.00", "1.00", "2.00"]])]))
    [t] = build_tables(doc, "budget")
    assert t.title == "公开09表：一般公共预算“三公”经费、会议费、培训费支出预算表" and t.kind == "三公经费表"


def test_a_title_in_the_grid_over_several_lines_with_the_department_line():
    grid = _grid(1, 50, [["公开03表\n支出预算总表\n部门：江苏省政协办公厅 单位：万元", None, None],
                         ["合计", "基本支出", "项目支出"], ["30.00", "20.00", "10.00"]], xs=(50, 150, 250, 350))
    [t] = build_tables(_doc(([], [grid])), "budget")
    assert t.title == "公开03表支出预算总表" and t.kind == "支出总表" and t.unit == "万元"


def test_a_one_row_continuation_without_header_joins_the_table_above():
    first = _grid(1, 600, FUNCTION_ROWS)
    tail = _grid(2, 40, [["20102", "政协事务", "0.00", "0.00"]])
    doc = _doc(([_line(1, 570, "预算05表 一般公共预算支出表")], [first]),
               ([_line(2, 10, "服务对象满意度")], [tail]))
    [t] = build_tables(doc, "budget")
    assert (t.page_first, t.page_last) == (1, 2) and [r.code for r in t.rows][-1] == "20102"


def test_a_grid_of_other_columns_after_stray_lines_starts_a_new_table():
    first = _grid(1, 600, FUNCTION_ROWS)
    other = _grid(2, 40, [["名称", "金额"], ["甲", "1.00"]], xs=(60, 260, 460))
    doc = _doc(([_line(1, 570, "预算05表 一般公共预算支出表")], [first]), ([_line(2, 10, "服务对象满意度")], [other]))
    assert len(build_tables(doc, "budget")) == 2


# --- issuer and year --------------------------------------------------------------------------

@pytest.mark.parametrize("cover, issuer, year", [
    ("中共上海市普陀区委\n社会工作部 2024 年度\n部门决算", "中共上海市普陀区委社会工作部", 2024),
    ("2026 年度\n福州经济技术开发区生态\n环境局\n单位预算", "福州经济技术开发区生态环境局", 2026),
    ("杭州市交通运输局\n年度部门预算\n2026", "杭州市交通运输局", 2026),
    ("上海市2026年市级单位预算\n预算单位：上海市审计局", "上海市审计局", 2026),
    ("附件2\n2019年部门综合预算公开报表\n部门名称：西安市安全生产监督管理局\n保密审查情况：不设密", "西安市安全生产监督管理局", 2019),
])
def test_issuer_and_year_from_a_cover_wrapped_over_lines_or_a_label(cover, issuer, year):
    from parsers.identify import identify
    info = identify([cover, "目 录\n第一部分 部门概况"])
    assert (info.issuer, info.year) == (issuer, year)


def test_issuer_from_titles_running_headers_or_prose_else_a_warning():
    from parsers.identify import complete, identify
    from pipeline.model import DocumentInfo
    bare = identify(["预算01表 收支总表\n金额单位：万元"])
    assert bare.issuer is None
    titled = complete(bare, ["2018年度江苏省高级人民法院收支预算总表"], [], "")
    assert (titled.issuer, titled.year) == ("江苏省高级人民法院", 2018)
    headed = complete(bare, ["收支总表"], ["无锡市信访局2025年度部门预算公开"], "")
    assert (headed.issuer, headed.year) == ("无锡市信访局", 2025)
    prose = "江苏省政协办公厅2019年度收入预算。江苏省政协办公厅本年支出。江苏省政协办公厅的职能。"
    assert complete(bare, [], [], prose).issuer == "江苏省政协办公厅"
    assert complete(bare, [], [], prose[:40]).issuer is None  # named once is not enough
    nothing = complete(bare, ["收支总表"], [], "")
    [f] = completeness.identity_findings(nothing, text_pages=10)
    assert f.rule == "issuer_missing" and f.severity == "warning" and "发文单位和年度" in f.message
    assert completeness.identity_findings(titled, text_pages=10) == []
    assert completeness.identity_findings(DocumentInfo("other", None, None, None), text_pages=10) == []


# --- narrative pages are not tables -------------------------------------------------------------

def test_boxed_words_of_a_paragraph_and_a_ruled_box_of_prose_are_not_tables():
    boxed = _grid(1, 100, [["局机关设办公室", "、", "机关党总支", "、"]])
    split_figure = _grid(1, 140, [["1935.", "36"]], xs=(300, 330, 360))
    prose = "本部门主要职责是贯彻落实国家有关方针政策，负责本市信访工作的综合协调；指导各区县的信访工作，督促检查重要信访事项的处理和落实。"
    box = _grid(1, 200, [[prose], [prose]], xs=(50, 500))
    table = _grid(1, 400, [["项目", "金额"], ["合计", "1,935.36"]], xs=(50, 300, 500))
    doc = _doc(([_line(1, 380, "部门收支总表")], [boxed, split_figure, box, table]))
    tables = build_tables(doc, "budget")
    assert [(t.kind, t.title) for t in tables] == [("收支总表", "部门收支总表")]


def test_a_one_row_table_row_is_still_a_table():
    row = _grid(2, 40, [["20102", "政协事务", "10.00", "0.00"]])
    doc = _doc(([_line(1, 570, "预算05表 一般公共预算支出表")], [_grid(1, 600, FUNCTION_ROWS)]), ([], [row]))
    [t] = build_tables(doc, "budget")
    assert [r.code for r in t.rows][-1] == "20102"
