"""Grids as a reader sees them (parsers/layout.py) and titles a reader finds where the ruling
finder does not put them: a second table's title inside the same ruled frame, a title at the
foot of the page before its grid, a real table with a bracket spilled into a cell of its own,
prose in a ruled box read as text."""
from __future__ import annotations

from parsers.layout import as_read, is_prose_grid, split_at_titles
from parsers.tables import build_tables
from tests.test_templates_registry import ECONOMIC_ROWS, _doc, _grid, _line


def test_a_second_title_inside_one_ruled_frame_starts_its_own_table():
    # js_npc_office_2017 p9: the end of 收支预算总表, then 收入预算总表 in a full-width row of the same frame
    rows = [["收入合计", "13.00", "支出合计", "13.00"], ["收入预算总表", "", "", ""],
            ["部门：", "某某办公厅", "单位：万元", ""], ["项目名称", "", "金额", ""], ["收入总计", "", "13.00", ""]]
    doc = _doc(([_line(1, 20, "收支预算总表")], [_grid(1, 50, [["收入", "金额", "支出", "金额"],
                                                               ["一、财政拨款", "13.00", "一、基本支出", "13.00"]])]),
               ([], [_grid(2, 40, rows)]))
    tables = build_tables(doc, "budget")
    assert [(t.kind, t.page_first, t.page_last) for t in tables] == [("收支总表", 1, 2), ("收入总表", 2, 2)]
    assert tables[1].unit == "万元" and [r.name for r in tables[1].rows] == ["收入总计"]


def test_a_contents_list_of_titles_and_a_row_naming_no_table_are_not_cut():
    contents = _grid(1, 50, [["目录"], ["收支预算总表"], ["收入预算总表"], ["支出预算总表"]], xs=(50, 400))
    assert split_at_titles(contents) == [contents]
    row = _grid(1, 50, [["合计", "13.00", "", ""], ["其中：专项说明", "", "", ""], ["项目", "13.00", "", ""]])
    assert split_at_titles(row) == [row]


def test_a_title_at_the_foot_of_a_page_titles_the_grid_opening_the_next():
    # js_npc_office_2017 pp.18–19: 一般公共预算机关运行经费支出预算表 closes p18, its grid opens p19
    basic = _grid(1, 50, ECONOMIC_ROWS, xs=(50, 120, 330, 430))
    running = _grid(2, 40, [["科目编码", "科目名称", "机关运行经费支出"], ["", "合计", "5.00"],
                            ["302", "商品和服务支出", "5.00"]], xs=(50, 120, 330, 430))
    doc = _doc(([_line(1, 20, "一般公共预算基本支出预算表"), _line(1, 700, "一般公共预算机关运行经费支出预算表")], [basic]),
               ([_line(2, 20, "部门：某某办公厅 单位：万元")], [running]))
    assert [(t.kind, t.page_first) for t in build_tables(doc, "budget")] == [("一般公共预算基本支出表", 1),
                                                                             ("机关运行经费表", 2)]
    # its twin: without the title at the foot, the grid continues the table above
    untitled = _doc(([_line(1, 20, "一般公共预算基本支出预算表")], [basic]),
                    ([_line(2, 20, "部门：某某办公厅 单位：万元")], [running]))
    assert [(t.kind, t.page_last) for t in build_tables(untitled, "budget")] == [("一般公共预算基本支出表", 2)]


def test_a_bracket_spilled_into_its_own_cell_leaves_a_table_a_table():
    # xa_work_safety_2019 p3: `3、机关资本性支出（一` | `） 104.31`, and a `）` alone in a cell
    grid = _grid(1, 60, [["项目", "预算数", "支出经济分类", "预算数"],
                         ["1、财政拨款", "3,643.37", "3、机关资本性支出（一", "）"],
                         ["本年收入合计", "3,643.37", "本年支出合计", "3,643.37"]])
    assert not is_prose_grid(grid)
    [t] = build_tables(_doc(([_line(1, 30, "2019年部门综合预算收支总表")], [grid])), "budget")
    assert t.kind == "收支总表"
    boxed = _grid(1, 100, [["局机关设办公室", "、", "机关党总支", "。"]])
    assert is_prose_grid(boxed)


def test_prose_in_a_ruled_box_becomes_text_lines_and_no_table():
    prose = "本部门主要职责是贯彻落实国家有关方针政策，负责本市信访工作的综合协调；指导各区县的信访工作。"
    box = _grid(1, 200, [[prose + "\n" + prose]], xs=(50, 500))
    boxed = _grid(1, 100, [["局机关设办公室", "、", "机关党总支", "。"]])
    doc = as_read(_doc(([_line(1, 80, "一、部门职责")], [boxed, box])))
    [page] = doc.pages
    assert page.grids == ()
    assert [ln.text for ln in page.lines] == ["一、部门职责", "局机关设办公室、机关党总支。", prose, prose]
    assert page.lines[2].bbox[1] < page.lines[3].bbox[1]
    assert as_read(doc) is doc
    assert build_tables(doc, "budget") == []


def test_a_title_grid_closing_a_page_takes_its_header_and_rows_from_the_next_page():
    # js_npc_office_2017 pp.12–13: 财政拨款基本支出预算表 and its 部门 line ruled at the foot of p12
    title = _grid(1, 600, [["一般公共预算基本支出预算表", "", ""], ["部门：某某办公厅", "", "单位：万元"]], xs=(50, 120, 330, 430))
    body = _grid(2, 40, ECONOMIC_ROWS, xs=(50, 120, 330, 430))
    [t] = build_tables(_doc(([], [title]), ([], [body])), "budget")
    assert (t.kind, t.page_first, t.page_last, t.unit) == ("一般公共预算基本支出表", 1, 2, "万元")
    assert [c.leaf for c in t.columns] == ["科目编码", "科目名称", "金额"]
    assert [r.code for r in t.rows] == [None, "301", "302"] and sum(len(r.amounts) for r in t.rows) == 3


def test_a_tables_only_attachment_takes_its_issuer_and_year_from_the_form_that_names_them():
    # bj_police_2026 附件2: no cover; 预算12表 部门整体支出绩效目标表 prints （2026年度） and 部门名称 | 北京市公安局
    from parsers.identify import complete, form_labels, identify
    form = _grid(2, 80, [["部门名称", "北京市公安局", ""], ["预算支出总额", "合计", "1.00"]], xs=(50, 150, 350, 450))
    doc = _doc(([_line(1, 20, "预算01表 收支总表")], [_grid(1, 50, [["项目", "预算数"], ["合计", "1.00"]])]),
               ([_line(2, 20, "预算12表 部门整体支出绩效目标表"), _line(2, 40, "（2026年度）")], [form]))
    bare = identify(["预算01表 收支总表\n金额单位：万元"])
    labels = form_labels(doc)
    assert labels == ["（2026年度）", "部门名称：北京市公安局"]
    info = complete(bare, ["预算01表 收支总表", "预算12表 部门整体支出绩效目标表"], [], "", labels)
    assert (info.issuer, info.year) == ("北京市公安局", 2026)
    # its twin: a form naming no department leaves the issuer to be found elsewhere (or warned of)
    unnamed = _doc(([], [_grid(1, 80, [["项目名称", "某项目", ""], ["合计", "", "1.00"]], xs=(50, 150, 350, 450))]))
    assert form_labels(unnamed) == []
    assert complete(bare, ["预算01表 收支总表"], [], "", form_labels(unnamed)).issuer is None


def _box(page, top, x0, words):
    """One underlined run of words, each in a cell of its own, 20 pt per character."""
    xs = [x0]
    for w in words:
        xs.append(xs[-1] + 20 * len(w))
    return _grid(page, top, [words], xs=tuple(xs))


def test_words_underlined_box_by_box_are_one_line_of_prose_again():
    # cs_petitions_2026 p7: `2026` | `年本` | `单位` | `一般公共预算拨款支出` then `1935.` | `36` then `万元` | `，` …
    boxes = [_box(1, 100, 50, ["2026", "年本", "单位", "基本支出"]), _box(1, 100, 350, ["1935.", "36"]),
             _box(1, 100, 490, ["万元", "，"])]
    page_line = _line(1, 60, "四、一般公共预算拨款支出")
    [page] = as_read(_doc(([page_line], boxes))).pages
    assert page.grids == ()
    assert [ln.text for ln in page.lines] == ["四、一般公共预算拨款支出", "2026年本单位基本支出1935.36万元，"]
    # its twin: the same one-row box of words on a page of tables (no prose box) stays a grid
    [kept] = as_read(_doc(([page_line], boxes[:1]))).pages
    assert len(kept.grids) == 1


def test_a_piece_of_a_line_already_read_as_text_is_not_added_twice():
    covered = _line(1, 100, "（四）政府采购情况：2026年本单位政府采购预算总额")
    boxes = [_box(1, 100, 200, ["年本", "单位", "政府采购预算总额"]), _box(1, 140, 50, ["43.", "9"])]
    [page] = as_read(_doc(([covered], boxes))).pages
    assert [ln.text for ln in page.lines] == [covered.text, "43.9"]


def test_a_contents_list_ending_a_page_titles_no_grid_on_the_next():
    entries = [_line(1, 600 + 20 * i, t) for i, t in enumerate(["1、部门收支总表", "2、部门收入总表", "3、部门支出总表"])]
    grid = _grid(2, 40, [["项目", "金额"], ["合计", "1.00"]], xs=(50, 250, 350))
    [t] = build_tables(_doc((entries, []), ([], [grid])), "budget")
    assert t.kind == "other"


def test_a_table_continued_over_pages_that_draw_only_some_of_its_columns_stays_one_table():
    # bj_culture_tourism 预算表12: p35 draws every column, p36 only the right-hand ones, p37 every
    # column again under lines of a project's overflowing text (here under a financial title,
    # so that only the columns decide)
    wide = (50, 150, 250, 350, 450, 550, 650)
    narrow = (350, 450, 550, 650)
    full = [["项目名称", "金额", "用途", "基本支出", "项目支出", "其他"],
            ["展览项目", "75.70", "通过开展展览", "10.00", "60.70", "5.00"]]
    tail = [["20.00", "10.00", "10.00"]]
    again = [["出版项目", "63.00", "出版画册", "3.00", "50.00", "10.00"]]
    title = ([_line(1, 20, "预算09表 项目支出表")], [_grid(1, 50, full, xs=wide)])
    doc = _doc(title, ([], [_grid(2, 50, tail, xs=narrow)]),
               ([_line(3, 20, "通过开展展览，提升首都文化影响力")], [_grid(3, 50, again, xs=wide)]))
    [t] = build_tables(doc, "budget")
    assert (t.kind, t.page_first, t.page_last) == ("项目支出表", 1, 3)
    # its twin: a grid of other columns on the third page is a table of its own
    other = _grid(3, 50, [["单位名称", "金额"], ["甲单位", "1.00"]], xs=(60, 300, 500))
    doc2 = _doc(title, ([], [_grid(2, 50, tail, xs=narrow)]), ([_line(3, 20, "通过开展展览，提升首都文化影响力")], [other]))
    assert len(build_tables(doc2, "budget")) == 2


def test_an_untitled_grid_goes_on_with_a_performance_form_whatever_its_columns():
    # xa_work_safety_2019 pp.39–45: 专项资金整体支出绩效目标表, then pages of indicators under a
    # header line printed outside the rulings
    head = _grid(1, 50, [["专项（项目）名称", "", "某专项", ""], ["资金金额", "1620.98", "实施期资金总额", "1620.98"]],
                 xs=(50, 150, 330, 550, 800))
    indicators = _grid(2, 40, [["数量指标", "指标1：开展检查", "≥80%"], ["", "指标2：救援", "2项"]], xs=(330, 400, 550, 800))
    doc = _doc(([_line(1, 20, "2019年专项资金整体支出绩效目标表")], [head]),
               ([_line(2, 20, "一级指标 二级指标 指标内容 指标值")], [indicators]))
    [t] = build_tables(doc, "budget")
    assert (t.kind, t.page_first, t.page_last) == ("绩效目标表", 1, 2)
    # its twin: after a financial table, the same grid under the same line is a table of its own
    money = _grid(1, 50, [["项目", "金额", "", ""], ["合计", "1620.98", "", ""]], xs=(50, 150, 330, 550, 800))
    doc2 = _doc(([_line(1, 20, "2019年部门收支总表")], [money]), ([_line(2, 20, "一级指标 二级指标 指标内容 指标值")], [indicators]))
    assert len(build_tables(doc2, "budget")) == 2


def test_a_bare_number_on_the_line_above_stays_with_the_title():
    # js_cppcc_office_2017 tables: `表七` on one line, `财政拨款政府性基金支出预算表` on the next
    grid = _grid(1, 60, [["项目", "金额"], ["合计", "1.00"]], xs=(50, 250, 350))
    [t] = build_tables(_doc(([_line(1, 20, "表七"), _line(1, 40, "财政拨款政府性基金支出预算表")], [grid])), "budget")
    assert t.title == "表七财政拨款政府性基金支出预算表" and t.kind == "政府性基金预算支出表"
    [plain] = build_tables(_doc(([_line(1, 40, "财政拨款政府性基金支出预算表")], [grid])), "budget")
    assert plain.title == "财政拨款政府性基金支出预算表"


def test_a_chinese_table_number_never_eats_the_yi_of_yiban():
    from parsers.kinds import normalise_title, title_number
    assert title_number("表十一般公共预算机关运行经费支出预算表") == 10
    assert title_number("表十一“三公”经费、会议费、培训费支出预算表") == 11
    assert title_number("收支预算总表") is None
    assert normalise_title("表十二2017年政府采购预算表") == normalise_title("2017年政府采购预算表")


def test_a_charts_gridlines_are_no_table_but_an_empty_table_with_its_header_is():
    # xa_health_commission_2022 p8: 人员对比图, bars drawn as cells, one scrap of text
    chart = _grid(1, 80, [["1V04Y", ""], ["", ""], ["", ""], ["", ""]], xs=(180, 250, 320))
    empty = _grid(1, 300, [["功能科目代码", "功能科目名称", "金额"], ["", "合计", ""], ["", "", ""]], xs=(50, 150, 350, 450))
    [page] = as_read(_doc(([_line(1, 40, "人员对比图")], [chart, empty]))).pages
    assert page.grids == (empty,)
    assert "1V04Y" in [ln.text for ln in page.lines]


def test_a_sentence_whose_words_are_boxed_one_by_one_is_read_whole(tmp_path):
    # cs_petitions_2026 p8: an exporter boxes runs of words inside each line of a paragraph; the
    # line through the boxes is prose, whole, not the boxed pieces alone
    import pytest
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from pipeline.extract.reader import read_pdf
    from tests.related_pdfs import _kit
    kit = _kit()
    kit.register_font()
    path = tmp_path / "boxed.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(kit.FONT, 16)
    sentence, y = "经费预算数为 8.00 万元，其中，公务接待费 3.00 万元，公务", 700
    c.drawString(80, y, sentence)
    start = 80 + kit.sw("经费预算数为 ", 16)
    c.rect(start, y - 5, kit.sw("8.00 万元，其中，公务接待费", 16), 21)  # one boxed run, two cells
    middle = start + kit.sw("8.00 ", 16)
    c.line(middle, y - 5, middle, y + 16)
    # a real table row: its line is the grid's and stays out of the text
    c.drawString(80, 500, "合计 12.00 5.00 7.00")
    c.rect(75, 495, kit.sw("合计 12.00 5.00 7.00", 16) + 10, 21)
    c.line(75 + kit.sw("合计 ", 16), 495, 75 + kit.sw("合计 ", 16), 516)
    c.save()
    page = as_read(read_pdf(path)).pages[0]
    texts = [ln.text for ln in page.lines]
    assert any(t.replace(" ", "") == sentence.replace(" ", "") for t in texts), texts
    assert not any("合计" in t for t in texts)


def _double_ruled(rows, page=1, top=100):
    """A grid as a double-ruled frame reads: slivers 5 pt wide at 62, 206, 211 and 532; the header
    cells sit between them, each body cell spans its slivers (None marks a covered position)."""
    from pipeline.model import Cell, Grid
    edges = (62, 67, 206, 211, 217, 388, 532, 537)
    header = [("", 0, 1), ("科目编码", 1, 2), ("", 2, 3), ("", 3, 4), ("科目名称", 4, 5), ("金额", 5, 6), ("", 6, 7)]
    out = [tuple(Cell(text=t, page=page, bbox=(edges[a], top, edges[b], top + 20), row=0, col=a) for t, a, b in header)]
    for r, (code, name, amount) in enumerate(rows, start=1):
        y = top + 20 * r
        spans = {0: (code, 0, 3), 3: (name, 3, 5), 5: (amount, 5, 7)}
        out.append(tuple(Cell(text=spans[c][0], page=page, bbox=(edges[spans[c][1]], y, edges[spans[c][2]], y + 20),
                              row=r, col=c) if c in spans else Cell(text=None, page=page, bbox=None, row=r, col=c)
                         for c in range(7)))
    return Grid(page=page, bbox=(62, top, 537, top + 20 * len(out)), rows=tuple(out))


def test_a_double_ruled_frame_has_the_columns_a_reader_sees():
    # js_high_court_2017 p15: seven columns from a frame drawn twice, every figure misplaced
    from parsers.layout import without_slivers
    grid = _double_ruled([("", "合计", "30.00"), ("201", "一般公共服务支出", "30.00"), ("20101", "人大事务", "30.00")])
    read = without_slivers(grid)
    assert [[c.text for c in r] for r in read.rows] == [["科目编码", "科目名称", "金额"], ["", "合计", "30.00"],
                                                         ["201", "一般公共服务支出", "30.00"], ["20101", "人大事务", "30.00"]]
    assert without_slivers(read) is read  # reading twice changes nothing
    [t] = build_tables(_doc(([_line(1, 80, "一般公共预算支出表")], [grid])), "budget")
    assert [(r.code, r.name, r.amounts[2].number.printed) for r in t.rows[1:]] == [("201", "一般公共服务支出", "30.00"),
                                                                                 ("20101", "人大事务", "30.00")]


def test_a_double_ruled_frame_whose_cells_span_rows_is_left_as_read():
    # js_high_court_2018 p9: two sides ruled apart, cells covered from the row above
    from dataclasses import replace as swap

    from parsers.layout import without_slivers
    from pipeline.model import Cell
    grid = _double_ruled([("201", "一般公共服务支出", "30.00"), ("20101", "人大事务", "30.00")])
    rows = list(grid.rows)
    rows[2] = (Cell(text=None, page=1, bbox=None, row=2, col=0),) + rows[2][1:]  # 20101 covered from above
    spanned = swap(grid, rows=tuple(rows))
    assert without_slivers(spanned) is spanned
    assert without_slivers(grid) is not grid


def test_a_narrow_column_that_prints_something_is_a_column():
    from parsers.layout import without_slivers
    grid = _grid(1, 50, [["行次", "项目", "金额"], ["1", "合计", "30.00"]], xs=(50, 54, 250, 350))
    assert without_slivers(grid) is grid
    plain = _grid(1, 50, ECONOMIC_ROWS, xs=(50, 120, 330, 430))
    assert without_slivers(plain) is plain
