"""The template, note-formula and completeness rule sources on small hand-built tables and
grids, each with a slip the rule must report and the corrected twin it must pass."""
from __future__ import annotations

from decimal import Decimal

from parsers.numbers import parse_number
from pipeline.check import completeness, notes, templates
from pipeline.model import Amount, Cell, Column, Document, Page, Row, Table, TextLine


def cell(text, row, col, page=1):
    return Cell(text=text, page=page, bbox=(col * 50.0, row * 20.0, col * 50.0 + 50, row * 20.0 + 20), row=row, col=col)


def table(kind, header, rows, notes_=(), unit="万元", table_id=None):
    """rows: (label, [printed amounts or None]) with the label in column 0."""
    columns = tuple(Column(i, tuple(h.split("/"))) for i, h in enumerate(header))
    built = []
    for i, (label, values) in enumerate(rows):
        cells = (cell(label, i, 0),) + tuple(cell(v or "", i, k + 1) for k, v in enumerate(values))
        amounts = {k + 1: Amount(parse_number(v), cells[k + 1]) for k, v in enumerate(values) if v}
        built.append(Row(index=i, page=1, code=None, name=label, level=None, labels=(label,), amounts=amounts,
                         cells=cells))
    return Table(table_id=table_id or kind, kind=kind, title=kind, page_first=1, page_last=1, unit=unit,
                 columns=columns, rows=tuple(built), notes=tuple(notes_),
                 amount_cols=tuple(range(1, len(header))))


def evaluate(identities):
    return [f for f in (i.evaluate() for i in identities) if f is not None]


def test_note_formulas_are_parsed_with_ranges_and_minus():
    [(kind, total, terms), (kind2, total2, terms2)] = notes.formulas(
        ("58 行＝（32＋33＋…＋35）行；", "6 栏各行＝（1＋2－3）栏各行。"))
    assert (kind, total, terms) == ("行", 58, [(1, 32), (1, 33), (1, 34), (1, 35)])
    assert (kind2, total2, terms2) == ("栏", 6, [(1, 1), (1, 2), (-1, 3)])


def test_a_column_formula_from_the_note_is_evaluated_on_every_row():
    header = ["项目", "年初结转/1", "本年收入/2", "本年支出/3", "年末结转/4"]
    note = ("注：4 栏各行＝（1＋2－3）栏各行。",)
    good = table("政府性基金预算财政拨款收入支出决算表", header, [("合计", ["1.00", "5.00", "4.00", "2.00"])], note)
    assert evaluate(notes.identities(good)) == []
    bad = table("政府性基金预算财政拨款收入支出决算表", header, [("合计", ["1.00", "5.00", "4.00", "3.00"])], note)
    [f] = evaluate(notes.identities(bad))
    assert (f.rule, f.expected, f.actual) == ("note_formula", Decimal("2.00"), Decimal("3.00"))
    misnumbered = table("x", header, [("合计", ["1.00", "5.00", "4.00", "3.00"])], ("29 栏各行＝（2＋3）栏各行",))
    assert notes.identities(misnumbered) == []  # no 栏 29: the template's note, not this table's


def test_cross_table_rule_table5_basic_equals_table6_parts():
    t5 = table("一般公共预算财政拨款支出决算表", ["项目", "合计", "基本支出", "项目支出"], [("合计", ["337.02", "326.67", "10.35"])])
    t6 = table("一般公共预算财政拨款基本支出决算表", ["项目", "决算数"],
               [("人员经费合计", ["299.99"]), ("公用经费合计", ["26.68"])])
    ids = templates.identities([t5, t6], "final_account")
    assert [i.subject for i in ids] == ["表5 基本支出 = 表6 人员经费合计 + 公用经费合计"]
    assert evaluate(ids) == []
    t6_slip = table("一般公共预算财政拨款基本支出决算表", ["项目", "决算数"],
                    [("人员经费合计", ["299.99"]), ("公用经费合计", ["25.68"])])
    [f] = evaluate(templates.identities([t5, t6_slip], "final_account"))
    assert (f.rule, f.delta) == ("cross_table", Decimal("1.00"))
    assert {e["table_id"] for e in f.evidence} == {t5.table_id, t6.table_id}


def test_cross_table_rules_skip_tables_in_different_units():
    t5 = table("一般公共预算财政拨款支出决算表", ["项目", "合计", "基本支出"], [("合计", ["337.02", "326.67"])])
    t6 = table("一般公共预算财政拨款基本支出决算表", ["项目", "决算数"],
               [("人员经费合计", ["2999900.00"]), ("公用经费合计", ["266800.00"])], unit="元")
    assert templates.identities([t5, t6], "final_account") == []


def test_summary_tables_must_balance():
    t = table("收支总表", ["项目", "预算数"], [("收入总计", ["521.05"]), ("支出总计", ["521.50"])])
    [f] = evaluate(templates.identities([t], "budget"))
    assert f.rule == "total_balance" and "521.50" in f.message and f.severity == "error"


def test_a_total_printed_blank_is_an_omission_not_an_arithmetic_slip():
    blank = table("收支总表", ["项目", "预算数"], [("收入总计", [None]), ("支出总计", ["521.50"])])
    [f] = evaluate(templates.identities([blank], "budget"))
    assert (f.rule, f.severity, [r.code for r in f.reasons]) == ("total_balance", "warning", ["blank_total"])
    # the same blank total compared from another table is the same omission
    t1 = table("收支总表", ["项目", "预算数"], [("收入总计", [None]), ("支出总计", ["521.50"])], table_id="t1")
    t2 = table("收入总表", ["项目", "合计"], [("合计", ["521.50"])], table_id="t2")
    found = evaluate(templates.identities([t1, t2], "budget"))
    assert found and all(f.severity == "warning" and f.reasons[0].code == "blank_total" for f in found)
    # a blank part of a sum of several is still an exact zero: that slip stays an error
    from pipeline.check.identity import Identity, Term
    t = table("支出总表", ["项目", "合计"], [("合计", ["521.50"]), ("基本支出", ["421.50"]), ("项目支出", [None])])
    total, *parts = (Term.at(r, 1, r.name) for r in t.rows)
    g = Identity("column_sum", t.table_id, "合计", total, tuple(parts)).evaluate()
    assert (g.severity, g.reasons, g.delta) == ("error", (), Decimal("100.00"))


def test_missing_standard_tables_are_named():
    from parsers.kinds import BUDGET_KINDS
    printed = [table(k, ["项目", "预算数"], [("合计", ["1.00"])]) for k in BUDGET_KINDS[:4]]
    found = completeness.findings(printed, "budget", None)
    assert {f.message.split(": ")[-1] for f in found} == set(BUDGET_KINDS[4:])
    assert any("一般公共预算支出表（一般公共预算支出功能分类表）" in f.message for f in found)  # as usually printed
    assert all(f.rule == "missing_table" and f.severity == "warning" for f in found)
    assert completeness.findings(printed[:2], "budget", None) == []  # two tables: an attachment, not a disclosure


def test_an_empty_table_needs_its_statement():
    from parsers.kinds import FINAL_ACCOUNT_KINDS
    full = [table(k, ["项目", "决算数"], [("合计", ["1.00"])]) for k in FINAL_ACCOUNT_KINDS if "政府性基金" not in k]
    empty = table("政府性基金预算财政拨款收入支出决算表", ["项目", "决算数"], [("合计", [None])])
    [f] = completeness.findings(full + [empty], "final_account", None)
    assert f.rule == "empty_table" and f.table_id == empty.table_id
    said = Document(doc_id="x", path="x.pdf", pages=(Page(1, 500, 200, 0, (TextLine(
        "本单位当年无政府性基金预算财政拨款收入支出。", 1, (0, 0, 10, 10)),), ()),))
    assert completeness.findings(full + [empty], "final_account", said) == []


def test_a_finding_on_a_cell_the_engines_read_differently_says_so():
    from dataclasses import replace

    from pipeline.check import check_document
    from pipeline.process import disagreements
    header = ["项目", "合计", "基本支出", "项目支出"]
    plumber = table("支出总表", header, [("合计", ["10.00", "3.00", "6.00"])])
    camelot = table("支出总表", header, [("合计", ["10.00", "3.00", "7.00"])])
    assert disagreements(plumber, camelot) == {(0, 3): "7.00"}
    [plain] = check_document([plumber])
    assert plain.severity == "error"
    [doubted] = check_document([replace(plumber, disputed=disagreements(plumber, camelot))])
    [why] = doubted.reasons
    assert doubted.severity == "warning" and why.code == "engines_disagree"
    assert "camelot 7.00" in why.note and "pdfplumber 6.00" in why.note and "camelot" not in doubted.message


def test_rows_repeating_a_code_are_not_paired_across_engines():
    from pipeline.process import disagreements
    header = ["项目", "合计"]
    plumber = table("支出总表", header, [("行政运行", ["1.00"]), ("行政运行", ["2.00"])])
    camelot = table("支出总表", header, [("行政运行", ["2.00"]), ("行政运行", ["1.00"])])
    assert disagreements(plumber, camelot) == {}


def _sangong(values):
    names = ["合计", "1、因公出国（境）费用", "2、公务接待费", "3、公务用车购置及运行费", "其中：（1）公务用车购置费",
             "（2）公务用车运行费"]
    return table("三公经费表", ["项目", "预算数"], [(n, [v]) for n, v in zip(names, values)])


def test_a_sangong_table_printed_as_rows_adds_up_by_item_name():
    good = _sangong(["19.50", "0.00", "2.00", "17.50", "0.00", "17.50"])
    ids = [i for i in templates.identities([good], "budget") if "三公" in i.subject]
    assert len(ids) == 2 and evaluate(ids) == []
    [f] = evaluate(templates.identities([_sangong(["19.50", "0.00", "2.00", "17.50", "0.00", "71.50"])], "budget"))
    assert (f.rule, f.actual, f.expected) == ("hierarchy_sum", Decimal("17.50"), Decimal("71.50"))
    [f] = evaluate(templates.identities([_sangong(["19.05", "0.00", "2.00", "17.50", "0.00", "17.50"])], "budget"))
    assert f.actual == Decimal("19.05") and "合计" in f.message
