"""Editorial rules and the section tree on hand-built pages: each rule gets a page with the slip
it must report and the corrected twin it must pass."""
from __future__ import annotations

from dataclasses import replace

from parsers.numbers import parse_number
from parsers.sections import document_sections, section_at
from parsers.text import document_claims
from pipeline.check import contents, furniture, integrity, placeholders, scope, wording, years
from pipeline.check.editorial import prose
from pipeline.check.run import editorial_findings
from pipeline.model import Amount, Cell, Column, Document, DocumentInfo, Page, Row, Table, TextLine
from pipeline.process import place_claims


def page(number, lines, width=400.0, grids=(), layer="ok"):
    """A page of text lines, one per 20 points; a line of 28+ characters runs to the margin."""
    out = []
    for i, text in enumerate(lines):
        right = 40 + min(len(text), 28) * 12.0
        out.append(TextLine(text, number, (40.0, 60.0 + 20 * i, right, 72.0 + 20 * i)))
    return Page(number, width, 800.0, 0, tuple(out), tuple(grids), layer)


def doc(*pages):
    return Document(doc_id="d" * 64, path="x.pdf", pages=tuple(pages))


def rules(findings):
    return [f.rule for f in findings]


BUDGET = DocumentInfo(kind="budget", issuer="上海市普陀区财政局", year=2025, scope="部门")
FINAL = DocumentInfo(kind="final_account", issuer="上海市普陀区财政局", year=2024, scope="部门")


def table(kind, title, page_no=5, unit_printed=True, columns=("项目", "金额"), rows=(), column_numbers=None,
          unit="万元"):
    cols = tuple(Column(i, tuple(c.split("/"))) for i, c in enumerate(columns))
    built = []
    for i, values in enumerate(rows):
        cells = tuple(Cell(v, page_no, (50.0 * k, 20.0 * i, 50.0 * k + 50, 20.0 * i + 20), i, k) for k, v in enumerate(values))
        amounts = {k: Amount(parse_number(v), cells[k]) for k, v in enumerate(values)
                   if k and parse_number(v) is not None and not cols[k].leaf.startswith(("行次", "栏次"))}
        built.append(Row(i, page_no, None, values[0], None, (values[0],), amounts, cells))
    return Table(table_id=f"t-{title}", kind=kind, title=title, page_first=page_no, page_last=page_no, unit=unit,
                 columns=cols, rows=tuple(built), amount_cols=tuple(range(1, len(cols))),
                 column_numbers=column_numbers or {}, unit_printed=unit_printed)


# --- section tree --------------------------------------------------------------------------

def test_headings_form_a_tree_with_page_ranges_and_the_contents_keep_their_page_numbers():
    d = doc(page(1, ["上海市普陀区财政局", "2025年部门预算"]),
            page(2, ["目 录", "第一部分 部门概况……………3", "一、主要职能……………3", "第二部分 部门预算表……………4",
                     "一、收支预算总表……………4"]),
            page(3, ["第一部分 部门概况", "一、主要职能", "本局负责全区财政工作，依法管理财政收支并组织执行预算，",
                     "负责编制年度预算。", "（一）“三公”经费支出情况。2025年“三公”经费预算为12.00万元。"]),
            page(4, ["第二部分 部门预算表", "1. 收支预算总表"]))
    sections = document_sections(d)
    by_title = {s.title: s for s in sections}
    root = by_title["目录"]
    entries = [s for s in sections if s.source == "contents"]
    assert [(e.numbering, e.title, e.listed_page) for e in entries][:2] == [("第一部分", "部门概况", 3), ("一、", "主要职能", 3)]
    assert entries[1].parent_id == entries[0].section_id and entries[0].parent_id == root.section_id
    part1, duty, sangong = by_title["部门概况"], [s for s in sections if s.title == "主要职能" and s.source == "heading"][0], \
        by_title["“三公”经费支出情况"]
    assert (part1.level, duty.level, sangong.level) == (1, 2, 3)
    assert duty.parent_id == part1.section_id and sangong.parent_id == duty.section_id
    assert (part1.page_first, part1.page_last) == (3, 3)  # part two opens page 4
    assert sangong.normalised == "三公经费支出情况"
    # the paragraph line that runs to the margin is not a heading, the number list item is
    assert not any(s.title.startswith("本局") for s in sections)
    assert section_at(sections, 3, 4).title == "“三公”经费支出情况"


def test_claims_know_their_section():
    d = doc(page(1, ["一、机关运行经费", "机关运行经费预算为20.00万元。", "二、项目支出", "项目支出预算为30.00万元。",
                     "2、法院支出910万元。"]))
    assert [s.title for s in document_sections(d)] == ["机关运行经费", "项目支出"]  # a line stating a figure is no heading
    claims = place_claims(d, document_sections(d), document_claims([(1, [ln.text for ln in d.pages[0].lines])]))
    assert [(c.value, c.section) for c in claims if c.kind == "amount"][:2] == [
        (parse_number("20.00").value, "机关运行经费"), (parse_number("30.00").value, "项目支出")]


# --- placeholders -------------------------------------------------------------------------

def test_template_residue_is_quoted_with_its_page():
    slipped = prose(doc(page(1, ["XX局2025年部门预算。"]), page(2, ["支出比上年增加（减少）5万元，主要原因是。"]),
                        page(3, ["本部门无政府性基金（如有）。"])))
    found = placeholders.findings(slipped)
    assert [(f.page, f.rule) for f in found] == [(1, "template_residue"), (2, "template_residue"),
                                                (2, "template_residue"), (3, "template_residue")]
    assert "XX局" in found[0].message and "主要原因是。" in found[2].message
    fixed = prose(doc(page(1, ["财政局2025年部门预算。"]), page(2, ["支出比上年增加5万元，主要原因是人员增加。"]),
                      page(3, ["主要原因是：", "1.人员增加；"])))
    assert placeholders.findings(fixed) == []


# --- years --------------------------------------------------------------------------------

def test_a_final_account_states_balances_at_the_end_of_its_own_year():
    tables = [table("收支总表", "2024年收入支出决算总表")]
    slipped = prose(doc(page(1, ["截至2023年12月31日，本部门共有车辆3辆。"])))
    fixed = prose(doc(page(1, ["截至2024年12月31日，本部门共有车辆3辆。"])))
    assert rules(years.findings(slipped, tables, FINAL)) == ["year_mismatch"]
    assert years.findings(fixed, tables, FINAL) == []


def test_a_year_compared_with_itself_and_titles_and_headers_of_another_year():
    tables = [table("收支总表", "2025年收支预算总表", columns=("项目", "2025年预算数", "2024年预算数"))]
    assert years.findings(prose(doc(page(1, ["2025年预算比2024年预算增加5万元。"]))), tables, BUDGET) == []
    slipped = prose(doc(page(1, ["2025年预算比2025年预算增加5万元。"])))
    assert rules(years.findings(slipped, tables, BUDGET)) == ["year_mismatch"]
    stale = [table("收支总表", "2024年收支预算总表", columns=("项目", "2025年预算数", "2023年预算数"))]
    found = years.findings([], stale, BUDGET)
    assert len(found) == 2 and "2024" in found[0].message and "2023" in found[1].message


# --- comparison words ---------------------------------------------------------------------

def test_comparison_words_against_the_sentence_figures():
    slipped = prose(doc(page(1, ["支出决算为95.00万元，与年初预算100.00万元持平。",
                                 "决算数90.00万元大于预算数100.00万元。",
                                 "预算数100.00万元，决算数105.00万元，节约5.00万元。",
                                 "支出决算为95.00万元，比年初预算100.00万元增加。"])))
    assert rules(wording.findings(slipped)) == ["comparison_word"] * 4
    fixed = prose(doc(page(1, ["支出决算为100.00万元，与年初预算100.00万元持平。",
                               "决算数110.00万元大于预算数100.00万元。",
                               "预算数100.00万元，决算数95.00万元，节约5.00万元。",
                               "支出决算为95.00万元，比年初预算100.00万元减少5万元，主要是人员增加。"])))
    assert wording.findings(fixed) == []


def test_a_final_accounts_comparison_after_its_figures():
    slipped = prose(doc(page(1, ["全年预算为 2.23 万元，支出决算为 2.22 万元，完成全年预算数的 99.55%。决算数与全年预算数持平。",
                                 "全年预算为 9.00 万元，支出决算为 6.18 万元。决算数大于全年预算数的主要原因：人员变动。"])))
    assert rules(wording.findings(slipped)) == ["comparison_word"] * 2
    fixed = prose(doc(page(1, ["年初预算为 0 万元，全年预算为 2.23 万元，支出决算为 2.22 万元。决算数小于预算数的主要原因：结余。",
                               "全年预算为 9.00 万元，支出决算为 9.00 万元。决算数与全年预算数持平。"])))
    assert wording.findings(fixed) == []


# --- scope and issuer ---------------------------------------------------------------------

def test_a_unit_budget_titled_as_a_department_budget_and_another_issuer_in_a_title():
    cover = page(1, ["上海市普陀区社会福利院", "2025年单位预算"])
    info = replace(BUDGET, issuer="上海市普陀区社会福利院", scope="单位")
    ok = [table("收支总表", "2025年单位收支预算总表"),
          table("一般公共预算基本支出表", "2025年一般公共预算基本支出部门预算经济分类预算表")]
    assert scope.findings(doc(cover), info, ok, []) == []
    slipped = [table("收支总表", "2025年部门收支预算总表"), table("收入总表", "上海市普陀区民政局2025年收入预算总表")]
    assert sorted(rules(scope.findings(doc(cover), info, slipped, []))) == ["issuer_name", "scope_word"]


# --- punctuation and integrity ------------------------------------------------------------

def test_doubled_marks_unpaired_brackets_and_repeated_pages():
    slipped = prose(doc(page(1, ["本部门负责全区工作。。主要职能包括（一制定规划“年度计划。"])))
    assert sorted(rules(integrity.findings(slipped, None))) == ["punctuation", "unbalanced_bracket", "unbalanced_bracket"]
    # a bracket open at a page's end and closed on the next page is balanced
    fixed = prose(doc(page(1, ["本部门负责全区工作。主要职能包括（一"]), page(2, ["）制定规划。"])))
    assert integrity.findings(fixed, None) == []
    paras = [f"第{i}项职责是负责全区财政工作的统筹与协调，依法管理各项财政收支并组织执行预算。" for i in range(3)]
    twice = prose(doc(page(1, paras), page(2, paras)))
    assert rules(integrity.findings(twice, None)) == ["repeated_paragraph"]
    once = prose(doc(page(1, paras), page(2, paras[:1])))
    assert integrity.findings(once, None) == []


def test_a_sentence_cut_at_a_page_end_and_a_blank_page():
    long = "本部门二〇二五年度一般公共预算财政拨款支出主要用于保障机构正常运转和履行职能"
    cut = doc(page(1, ["封面"]), page(2, ["说明", long]), page(3, ["二、收入预算情况说明", "收入合计5万元。"]),
              page(4, ["完。"]))
    assert rules(integrity.findings(prose(cut), cut)) == ["cut_sentence"]
    whole = doc(page(1, ["封面"]), page(2, ["说明", long + "。"]), page(3, ["二、收入预算情况说明", "收入合计5万元。"]),
                page(4, ["完。"]))
    assert integrity.findings(prose(whole), whole) == []
    blank = doc(page(1, ["封面"]), page(2, ["- 2 -"]), page(3, ["完。"]))
    assert rules(integrity.findings(prose(blank), blank)) == ["blank_page"]


# --- table furniture ----------------------------------------------------------------------

def test_row_and_column_numbers_without_gaps_and_a_unit_line():
    rows = [("收入", str(i), "1.00") for i in (1, 2, 3, 4)]
    ok = table("一般公共预算支出表", "一般公共预算支出表", columns=("项目", "行次", "金额"), rows=rows,
               column_numbers={1: 1, 2: 2, 3: 3, 4: 4})
    assert furniture.findings([ok], []) == []
    gap = replace(ok, rows=tuple(replace(r, cells=r.cells[:1] + (replace(r.cells[1], text="5"),) + r.cells[2:])
                                 if r.index == 3 else r for r in ok.rows), column_numbers={1: 1, 2: 2, 3: 2, 4: 3})
    found = furniture.findings([gap], [])
    assert rules(found) == ["row_numbers", "row_numbers"] and "3 后为 5" in found[0].message and "2 重复" in found[1].message
    assert rules(furniture.findings([replace(ok, unit_printed=False)], [])) == ["missing_unit"]
    # a 总表 numbers its two sides in one run, and templates skip numbers on purpose (8 → 27)
    summary = replace(gap, kind="收支总表", column_numbers={})
    assert furniture.findings([summary], []) == []
    assert furniture.sequence_slips([1, 2, 3, 4, 5, 27, 28]) == []


def test_a_table_in_yuan_restated_digit_for_digit_in_wan_yuan():
    t = table("收支总表", "收支总表", rows=[("收入合计", "1234.56"), ("支出合计", "987.65")], unit="元")
    claims = document_claims([(1, ["收入合计1234.56万元，支出合计987.65万元。"])])
    assert rules(furniture.findings([t], claims)) == ["unit_contradiction"]
    assert furniture.findings([replace(t, unit="万元")], claims) == []


# --- contents -----------------------------------------------------------------------------

def contents_doc(entries):
    return doc(page(1, ["财政局", "2025年部门预算"]), page(2, ["目录"] + entries), page(3, ["第一部分 概况", "正文。"]))


def test_contents_against_the_tables_printed():
    tables = [table("收支总表", "收支预算总表", page_no=5), table("收入总表", "收入预算总表", page_no=6),
              table("支出总表", "支出预算总表", page_no=7), table("三公经费表", "“三公”经费支出预算表", page_no=9)]
    entries = ["一、收支预算总表……3", "二、收入预算总表……4", "三、支出预算总表……5", "四、“三公”经费支出预算表……7"]
    good = document_sections(contents_doc(entries))
    assert contents.findings(good, tables, "budget") == []
    slipped = document_sections(contents_doc(entries[:2] + ["三、支出预算总表……8", "四、政府性基金预算支出表……7"]))
    found = contents.findings(slipped, tables, "budget")
    assert sorted(rules(found)) == ["contents_missing", "contents_omits", "contents_page"]


def test_editorial_rules_run_together_as_warnings_and_infos():
    d = doc(page(1, ["XX局", "2025年部门预算"]), page(2, ["说明。。"]))
    found = editorial_findings(d, [], [], BUDGET, document_sections(d))
    assert {f.severity for f in found} <= {"warning", "info"} and {"template_residue", "punctuation"} <= set(rules(found))


def test_a_flipped_direction_word_between_two_amounts_is_one_finding():
    from pipeline.check import check_document
    line = "2026 年度收入预算 44169.36 万元，比 2025 年年初预算数 44021.20 万元{}148.16 万元，增长 0.34%。"
    document = doc(page(1, [line.format("减少")]))
    claims = document_claims([(1, [line.format("减少")])])
    found = rules(check_document([], claims, "budget", document))
    assert "direction_mismatch" in found and "comparison_word" not in found
    # the editorial rule alone still says it where the narrative rules do not
    assert rules(wording.findings(prose(document))) == ["comparison_word"]
    ok = doc(page(1, [line.format("增加")]))
    assert check_document([], document_claims([(1, [line.format("增加")])]), "budget", ok) == []


def test_a_unit_slip_between_two_compared_amounts_is_one_finding():
    from pipeline.check import check_document
    line = "2026 年支出预算 44169.36 元，比 2025 年年初预算数44021.20 万元增加 148.16 万元，增长 0.34%。"
    found = rules(check_document([], document_claims([(1, [line])]), "budget", doc(page(1, [line]))))
    assert "unit_slip" in found and "comparison_word" not in found
