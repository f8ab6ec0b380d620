"""Narrative rules on sentences taken from (or shaped like) real disclosures: each test states a
sentence, what the checker must say about it, and a correct twin it must leave alone."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from parsers.text import claims_in, document_claims
from pipeline.check import narrative


def check(text: str, page: int = 1):
    return narrative.findings(claims_in(page, text), [], "final_account")


def rules(text: str):
    return [(f.rule, f.severity) for f in check(text)]


def test_completion_rate_against_its_own_sentence():
    bad = "公务用车购置及运行维护费预算为3万元，支出决算为0.93万元，完成预算的26.6%。"
    [f] = check(bad)
    assert (f.rule, f.severity, f.expected, f.actual) == ("percent_mismatch", "error", Decimal("31.00"), Decimal("26.6"))
    assert "0.93" in f.message and "26.6" in f.message
    assert check("“三公”经费财政拨款支出预算为3.5万元，支出决算为0.93万元，完成预算的26.6%。") == []


def test_growth_rate_against_the_change_and_the_amount():
    bad = "委托业务费预算1,391.68万元，比2025年预算增加333.83万元，增长31.35%。"
    [f] = check(bad)
    assert f.rule == "percent_mismatch" and f.expected == Decimal("31.56")
    assert check("委托业务费预算1,391.68万元，比2025年预算增加333.83万元，增长31.56%。") == []
    down = "一般行政管理事务（项）支出6049.97万元，与上年相比减少392.92万元，减少5.95%。"
    assert [x.expected for x in check(down)] == [Decimal("6.10")]


def test_growth_continues_the_previous_sentence_subject():
    text = "2022年度“三公”经费支出预算为3.5万元，支出决算为0.93万元，完成预算的26.6%；较上年减少0.44万元，下降32.1%。"
    assert check(text) == []
    assert rules(text.replace("32.1%", "35.1%")) == [("percent_mismatch", "error")]


def test_a_change_in_yuan_beside_wan_yuan_amounts_is_a_unit_slip():
    text = "机关运行经费支出26.68万元，比年初预算数减少0.85元，降低3.09%。"
    [f] = check(text)
    assert f.rule == "unit_slip" and "0.85" in f.message and "万元" in f.message
    assert check(text.replace("0.85元", "0.85万元")) == []


def test_stated_difference_against_the_two_amounts():
    text = "2026年预算29956.27万元，比2025年年初预算数28479.84万元增加1476.73万元，增长5.18%。"
    found = {f.rule for f in check(text)}
    assert "difference_mismatch" in found
    assert check(text.replace("1476.73", "1476.43")) == []


def test_shares_are_checked_against_the_base_the_others_agree_on():
    text = ("一般公共服务支出（类）2106.66万元，占71.73%；公共安全支出（类）326.64万元，占11.11%；"
            "社会保障和就业支出（类）60.86万元，占2.07%；住房保障支出（类）445.89万元，占15.16%。")
    [f] = check(text)
    assert f.rule == "percent_mismatch" and f.expected == Decimal("71.65") and "71.73" in f.message
    assert check(text.replace("71.73", "71.65")) == []


def test_one_unit_off_in_the_last_place_is_a_warning_and_truncation_is_info():
    assert rules("机关运行经费预算为1115.85万元，比上年减少2233.13万元，下降66.69%。") == [("percent_mismatch", "warning")]
    assert rules("支出年初预算为10210.34万元，支出决算为9746.50万元，完成年初预算的95.45%。") == [("percent_truncated", "info")]


def test_a_sentence_over_a_page_break_is_read_whole():
    claims = document_claims([(5, ["2026年预算数29956.27万元，比2025年年初预算"]),
                              (6, ["— 6 —", "数28479.84万元增加1476.43万元，增长5.18%。"])])
    prior = next(c for c in claims if c.value == Decimal("28479.84"))
    assert (prior.page, prior.role) == (6, "prior")
    assert narrative.findings(claims, [], "budget") == []


def test_typing_slips():
    assert narrative._typing_slip("1872891", "1872894")  # one digit changed
    assert narrative._typing_slip("25742", "25724")  # two adjacent digits swapped
    assert narrative._typing_slip("88736", "8736")  # one digit added
    assert not narrative._typing_slip("25724", "29713")


@given(st.integers(min_value=1, max_value=10**7), st.integers(min_value=1, max_value=10**7))
def test_a_rate_computed_and_rounded_from_printed_amounts_is_never_flagged(actual_cents, budget_cents):
    actual, budget = Decimal(actual_cents) / 100, Decimal(budget_cents) / 100
    rate = (actual / budget * 100).quantize(Decimal("0.01"))
    text = f"项目年初预算为{budget}万元，支出决算为{actual}万元，完成年初预算的{rate}%。"
    assert check(text) == []


def test_other_wordings_of_rates_and_shares():
    assert rules("公务接待费年初预算为2万元，支出决算为1.5万元，预算执行率为80%。") == [("percent_mismatch", "error")]
    assert check("公务接待费年初预算为2万元，支出决算为1.5万元，预算执行率为75%。") == []
    shares = "基本支出300万元，占比为30%；项目支出600万元，占比为60%；事业支出100万元，占比为20%。"
    [f] = check(shares)
    assert f.rule == "percent_mismatch" and f.expected == Decimal("10.00")


# --- grammar across regions: each wording with a correct twin and a slipped twin ---------------

def test_a_rate_in_brackets_after_its_change_with_or_without_cue_and_percent_sign():
    for ok, slipped in (("较上年增加 8.6 万元（增长 9.41%）", "较上年增加 8.6 万元（增长 9.14%）"),
                        ("较上年减少 8.6 万元（7.92%）", "较上年减少 8.6 万元（7.29%）"),
                        ("较上年降低 8.6 万元（7.92）", "较上年降低 8.6 万元（7.29）")):
        base = "行政运行（项）支出 {} 万元，{}。".format("100" if "增加" in ok else "100", "{}")
        assert check(base.format(ok)) == [], ok
        assert rules(base.format(slipped)) == [("percent_mismatch", "error")], slipped


def test_a_growth_rate_with_its_percent_sign_dropped_after_a_change():
    ok = "一般公共预算财政拨款支出 9746.50 万元，比上年增加 1193.20 万元，增长 13.95。"
    assert check(ok) == []
    assert rules(ok.replace("13.95。", "13.59。")) == [("percent_mismatch", "error")]
    # a count after a growth cue is not a rate
    assert check("一般公共预算财政拨款支出 9746.50 万元，比上年增加 1193.20 万元，增加 3 辆。") == []


def test_other_cue_words_for_a_rate():
    ok = "2026年本部门机关运行经费安排102.18万元，较2025年预算增加7.594万元，提高8.03%。"
    assert check(ok) == []
    assert rules(ok.replace("8.03%", "8.30%")) == [("percent_mismatch", "error")]
    ok = "公务接待费预算 27.10 万元，比上年预算数减少 5.00 万元，降幅为 15.6%。"
    assert check(ok) == []
    assert rules(ok.replace("15.6%", "15.9%")) == [("percent_mismatch", "error")]


def test_last_years_budget_or_execution_figure_as_the_base():
    for base in ("上年预算数", "上年执行数", "上年决算数"):
        ok = f"公务接待费 5.80 万元，{base} 6.00 万元，下降 3.3%。"
        assert check(ok) == [], base
        assert rules(ok.replace("3.3%", "3.8%")) == [("percent_mismatch", "error")], base


def test_flat_against_two_amounts():
    assert check("公务接待费 6.00 万元，上年预算数 6.00 万元，与上年预算数持平。") == []
    [f] = check("公务接待费 5.80 万元，上年预算数 6.00 万元，与上年预算数持平。")
    assert (f.rule, f.severity) == ("direction_mismatch", "error") and "持平" in f.message
    # 基本持平 (roughly flat) is not a claim of equality
    assert check("公务接待费 5.80 万元，上年预算数 6.00 万元，与上年基本持平。") == []


def test_a_flipped_direction_word():
    ok = "行政运行（项）支出 100 万元，较上年增加 8.6 万元，增长 9.41%。"
    assert check(ok) == []
    # the change and its rate flipped together: the rate only holds for an increase
    [f] = check(ok.replace("增加", "减少").replace("增长", "下降"))
    assert (f.rule, f.severity) == ("direction_mismatch", "error") and "只在增加时成立" in f.message
    # one word flipped against the other
    assert rules(ok.replace("增长", "下降")) == [("direction_mismatch", "error")]
    assert rules(ok.replace("增加", "减少")) == [("direction_mismatch", "error")]
    # against a stated prior amount
    assert check("公务接待费 5.80 万元，上年预算数 6.00 万元，比上年减少 0.20 万元。") == []
    assert rules("公务接待费 5.80 万元，上年预算数 6.00 万元，比上年增加 0.20 万元。") == [("direction_mismatch", "error")]
    assert rules("公务接待费 5.80 万元，上年预算数 6.00 万元，增长 3.3%。") == [("direction_mismatch", "error")]


def test_a_rate_computed_on_this_years_amount_is_named_as_such():
    [f] = check("行政运行（项）支出 110 万元，较上年增加 10 万元，增长 9.09%。")  # 10 ÷ 110, not 10 ÷ 100
    assert (f.rule, f.expected) == ("percent_mismatch", Decimal("10.00")) and "以本年数 110万元 为基数" in f.message
    [g] = check("行政运行（项）支出 110 万元，较上年增加 10 万元，增长 9.8%。")  # no base gives 9.8 %
    assert g.rule == "percent_mismatch" and "本年数" not in g.message
    [h] = check("公务接待费 6.60 万元，上年预算数 6.00 万元，增长 9.09%。")
    assert "以本年数 6.60万元 为基数" in h.message


def test_one_item_stated_twice_in_a_paragraph_with_two_amounts():
    ok = "本部门2026年基本支出预算253.54万元。其中：人员经费200万元，公用经费53.54万元。基本支出预算253.54万元主要用于保障运转。"
    assert check(ok) == []
    [f] = check(ok.replace("基本支出预算253.54万元主要", "基本支出预算235.54万元主要"))
    assert (f.rule, f.severity, f.actual, f.expected) == ("text_repeated_mismatch", "error", Decimal("235.54"),
                                                          Decimal("253.54"))
    # far apart, or different by more than a typing slip: another scope, not a slip
    far = ok.replace("基本支出预算253.54万元主要", "。。。基本支出预算235.54万元主要")
    assert check(far) == []
    assert check(ok.replace("基本支出预算253.54万元主要", "基本支出预算300.00万元主要")) == []
    # whole figures of an evaluation report name many projects' funds alike
    report = "项目一市国资委审核资金7万元。项目二市国资委审核资金57万元。"
    assert check(report) == [] and narrative.findings(claims_in(1, report), [], "performance_selfeval") == []


def test_the_prior_amount_given_only_by_the_tables_prior_year_column():
    from tests.test_rule_sources import table
    t = table("一般公共预算支出表", ["项目", "2025年执行数", "2026年预算数", "增减额"],
              [("一般公共服务支出", ["1,057.85", "1,391.68", "333.83"])])
    links = narrative.TableLinks([t], "budget")
    ok = "一般公共服务支出（类）1,391.68 万元，比 2025 年执行数增加 333.83 万元。"
    assert links.prior_findings(claims_in(1, ok)) == []
    [f] = links.prior_findings(claims_in(1, ok.replace("333.83", "338.83")))
    assert (f.rule, f.severity, f.expected) == ("difference_mismatch", "error", Decimal("333.83"))
    [g] = links.prior_findings(claims_in(1, ok.replace("增加", "减少")))
    assert g.rule == "direction_mismatch" and "一般公共预算支出表" in g.evidence[-1]["sentence"]
    # a 上年结转 column is not last year's figure
    carry = table("收入总表", ["项目", "上年结转", "本年收入"], [("一般公共服务支出", ["10.00", "1,391.68"])])
    assert narrative.TableLinks([carry], "budget").prior_findings(claims_in(1, ok.replace("333.83", "338.83"))) == []


def test_a_change_whose_verb_was_left_out_is_not_read_as_last_years_amount():
    ok = "2026年本单位机关运行经费安排210.32万元，比上年1.43万元，增加0.68%。"  # 1.43 ÷ 208.89
    assert check(ok) == []
    assert rules(ok.replace("0.68%", "0.86%")) == [("percent_mismatch", "error")]


def test_two_amounts_told_apart_by_their_years():
    ok = "2023年当年预算执行数为54.60万元，2024年预算安排53.84万元，比2023年预算执行数减少1.39%。"
    assert check(ok) == []
    assert rules(ok.replace("1.39%", "3.19%")) == [("percent_mismatch", "error")]
    assert rules(ok.replace("减少", "增加")) == [("direction_mismatch", "error")]


def test_a_change_continuing_the_previous_sentences_budget_amount():
    ok = "2019年一般公共预算支出预算 9961.21 万元。与上年相比增加 941.62 万元，增长 10.44%。"
    assert narrative.findings(claims_in(1, ok), [], "budget") == []
    [f] = narrative.findings(claims_in(1, ok.replace("10.44%", "190.44%")), [], "budget")
    assert (f.rule, f.expected) == ("percent_mismatch", Decimal("10.44"))


def test_a_rate_with_a_thousands_separator_is_read_whole():
    ok = "城市建设支出（项）预算为 211,000.00 万元。比上年执行数增加 205,287.63 万元，增长 3,593.7%，主要原因是项目增加。"
    assert narrative.findings(claims_in(1, ok), [], "budget") == []
    assert [c.value for c in claims_in(1, ok) if c.kind == "growth"] == [Decimal("3593.7")]


def test_a_sangong_amount_in_the_text_is_checked_against_the_sangong_table():
    from tests.test_rule_sources import _sangong
    t = _sangong(["19.50", "0.00", "2.00", "17.50", "0.00", "17.50"])

    def mismatches(text):
        return [f for f in narrative.findings(claims_in(3, text), [t], "budget") if f.rule == "text_table_mismatch"]

    assert mismatches("（二）公务接待费2026年预算安排2.00万元，与上年持平。") == []
    assert mismatches("公务用车购置及运行费2026年预算17.50万元，其中：公务用车运行费17.50万元。") == []
    [f] = mismatches("（二）公务接待费2026年预算安排2.10万元，与上年持平。")
    assert (f.severity, f.actual, f.expected) == ("error", Decimal("2.10"), Decimal("2.00"))
    [f] = mismatches("“三公”经费预算19.05万元。")
    assert f.expected == Decimal("19.50")


def test_a_sangong_table_with_last_years_columns_is_read_in_this_years_columns():
    from tests.test_rule_sources import table
    items = ["合计", "因公出国（境）经费", "公务接待费"]
    header = ["项目"] + [f"{y}年预算数/{i}" for y in (2025, 2026) for i in items]
    t = table("三公经费表", header, [("", ["11.90", "8.50", "3.40", "3.40", None, "3.40"])])

    def mismatches(text):
        return [f for f in narrative.findings(claims_in(3, text), [t], "budget") if f.rule == "text_table_mismatch"]

    # this year's 因公出国 column is blank (nothing budgeted): last year's 8.50 is not meant
    assert mismatches("1.因公出国（境）费0万元，比上年减少8.5万元，下降100％。") == []
    assert mismatches("2.公务接待费3.40万元，与上年持平。") == []
    [f] = mismatches("2.公务接待费3.04万元，与上年持平。")
    assert (f.severity, f.expected) == ("error", Decimal("3.40"))
    [f] = mismatches("“三公”经费预算共3.04万元。")
    assert f.expected == Decimal("3.40")


def test_a_text_amount_in_whole_wan_yuan_restates_a_table_printed_in_yuan():
    from tests.test_rule_sources import table
    t = table("收支总表", ["项目", "预算数"], [("财政拨款收入", ["195,774,300"])], unit="元")
    ok = "其中：财政拨款收入19,577万元，比上年增加120万元。"
    assert [f for f in narrative.findings(claims_in(6, ok), [t], "budget") if f.rule == "text_table_mismatch"] == []
    [f] = [f for f in narrative.findings(claims_in(6, ok.replace("19,577", "19,677")), [t], "budget")
           if f.rule == "text_table_mismatch"]
    assert (f.actual, f.expected) == (Decimal("19677"), Decimal("19577.43"))
    # a figure cut off from the finer cell, as some exporters print every figure, restates it too
    yuan = table("一般公共预算支出表", ["项目", "合计"], [("行政单位医疗", ["782,164.00"])], unit="元")
    yuan = replace(yuan, rows=tuple(replace(r, code="2101101", level="项") for r in yuan.rows))
    cut = "“卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）”78.21万元，主要用于医疗保险费。"
    assert [f for f in narrative.findings(claims_in(7, cut), [yuan], "budget") if f.rule == "text_table_mismatch"] == []
    [h] = [f for f in narrative.findings(claims_in(7, cut.replace("78.21", "78.12")), [yuan], "budget")
           if f.rule == "text_table_mismatch"]
    assert h.expected == Decimal("78.2164")
    # beside a table in 万元 the prose's dropped decimals are zeros: 19,577 is not 19,577.43
    wan = table("收支总表", ["项目", "预算数"], [("财政拨款收入", ["19,577.43"])])
    [g] = [f for f in narrative.findings(claims_in(6, ok), [wan], "budget") if f.rule == "text_table_mismatch"]
    assert g.expected == Decimal("19577.43")


def test_an_amount_filed_under_a_class_the_tables_do_not_print():
    from tests.test_rule_sources import table
    t = table("一般公共预算支出表", ["项目", "合计"], [("合计", ["521.05"]), ("文化旅游体育与传媒支出", ["396.84"]),
                                                 ("社会保障和就业支出", ["50.34"]), ("住房保障支出", ["37.96"])])
    t = replace(t, rows=tuple(replace(r, code=code) for r, code in zip(t.rows, (None, "207", "208", "221"))))

    def misfiled(text):
        return [f for f in narrative.findings(claims_in(5, text), [t], "budget") if f.rule == "text_class_mismatch"]

    assert misfiled("1、文化旅游体育与传媒支出 396.84 万元；2、社会保障和就业支出 50.34 万元。") == []
    [f] = misfiled("1、一般公共服务支出 396.84 万元；2、社会保障和就业支出 50.34 万元。")
    assert f.severity == "error" and "207" in f.message and f.actual == Decimal("396.84")
    # a 收支总表 listing every class, this one blank, is the same misfiling
    listing = table("收支总表", ["项目", "预算数"], [("一般公共服务支出", [None]), ("文化旅游体育与传媒支出", ["396.84"])])
    found = narrative.findings(claims_in(5, "1、一般公共服务支出 396.84 万元。"), [t, listing], "budget")
    assert [f.rule for f in found] == ["text_class_mismatch"]
    # a class the tables print with another amount is a text_table_mismatch, not a misfiling
    assert misfiled("住房保障支出（类）396.84 万元。") == []
    # a figure no class of that level prints is not attributed to any
    assert misfiled("1、一般公共服务支出 396.48 万元。") == []


def test_an_amount_printed_in_the_wrong_unit_beside_its_change_and_rate():
    good = "（一）行政运行（项）支出1100.00万元，与上年相比增加100.00万元，增长10.00%。"
    assert rules(good) == []
    [f] = check(good.replace("1100.00万元", "1100.00元"))
    assert f.rule == "unit_slip" and f.severity == "error"
    both = "2026年度收入预算29956.27万元，比2025年年初预算数28479.84万元增加1476.43万元，增长5.18%。"
    assert rules(both) == []
    [f] = check(both.replace("29956.27万元", "29956.27元"))
    assert (f.rule, f.actual) == ("unit_slip", Decimal("29956.27"))


def _coded(kind, header, rows, unit="万元"):
    """A table whose rows carry (code, level, name): rows are (code, level, name, [amounts])."""
    import dataclasses
    from tests.test_rule_sources import table
    t = table(kind, header, [(name, values) for _, _, name, values in rows], unit=unit)
    return dataclasses.replace(t, rows=tuple(dataclasses.replace(r, code=code, level=level)
                                             for r, (code, level, _, _) in zip(t.rows, rows)))


def _linked(text, tables, family="budget"):
    return [f for f in narrative.findings(claims_in(6, text), tables, family) if f.rule == "text_table_mismatch"]


def test_a_quoted_classification_path_names_its_item():
    t = _coded("一般公共预算支出表", ["科目名称", "合计"], [
        ("201", "类", "一般公共服务支出", ["15,616.63"]), ("20103", "款", "政府办公厅（室）及相关机构事务", ["15,616.63"]),
        ("2010301", "项", "行政运行", ["1,202.95"]), ("221", "类", "住房保障支出", ["3,130.00"]),
        ("2210201", "项", "住房公积金", ["33.58"])])
    for ok in ("1. “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元，主要用于行政单位的基本支出。",
               "4.“住房保障支出”科目3,130万元，主要用于缴纳机关单位住房公积金等住房改革支出。",
               "6. “住房保障支出（类）住房改革支出（款）住房公积金（项）”33.58万元，主要用于在职人员公积金缴费。"):
        assert _linked(ok, [t]) == [], ok
    for bad, expected in (("1. “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目12,042.95万元，主要用于。", "1202.95"),
                          ("4.“住房保障支出”科目3,100万元，主要用于缴纳。", "3130.00"),
                          ("6. “住房保障支出（类）住房改革支出（款）住房公积金（项）”39.58万元，主要用于。", "33.58")):
        [f] = _linked(bad, [t])
        assert (f.severity, f.expected) == ("error", Decimal(expected)), bad
    # a quoted name without 科目 is no classification item
    assert [c.topic for c in claims_in(1, "“三公”经费预算 5 万元。")] == [()]


def test_the_units_whole_income_and_spending_restate_the_totals():
    income = _coded("收入总表", ["项目", "合计", "财政拨款收入"], [(None, None, "合计", ["21,680.16", "21,502.00"])])
    spending = _coded("支出总表", ["项目", "合计", "基本支出", "项目支出"],
                      [(None, None, "合计", ["29,956.27", "19,170.50", "10,785.77"])])
    ok = "2026年，上海市福利彩票发行中心收入预算21,680.16万元，其中：财政拨款收入21,502万元，比2025年预算增加481万元；"
    assert _linked(ok, [income]) == []
    [f] = _linked(ok.replace("21,680.16", "21,690.16"), [income])
    assert (f.severity, f.expected) == ("error", Decimal("21680.16"))
    assert _linked("2026 年支出预算 29956.27 万元，比 2025 年年初预算数增加 1476.73 万元。", [spending]) == []
    [f] = _linked("2026 年支出预算 29956.27 元，比 2025 年年初预算数增加 1476.73 万元。", [spending])
    assert f.severity == "error"
    # a part of the spending is not its whole
    assert _linked("住房保障支出预算 3,130 万元。", [spending]) == []
    assert _linked("基本支出预算 19170.50 万元。", [spending]) == []


def test_a_share_of_the_whole_spending_is_recomputed_from_the_table():
    spending = _coded("支出总表", ["项目", "合计", "基本支出", "项目支出"],
                      [(None, None, "合计", ["29,956.27", "19,170.50", "10,785.77"])])
    ok = "项目支出预算 10785.77 万元，占本年支出预算 36.01%。"
    links = narrative.TableLinks([spending], "budget")
    assert links.share_findings(claims_in(7, ok)) == []
    [f] = links.share_findings(claims_in(7, ok.replace("36.01", "46.01")))
    assert (f.rule, f.severity, f.expected) == ("text_table_mismatch", "error", Decimal("29956.27"))


def test_a_share_of_a_row_named_as_its_base():
    total = _coded("收支总表", ["项目", "预算数"], [(None, None, "本年收入合计", ["27,664.22"]),
                                                  (None, None, "本年支出合计", ["27,664.22"])])
    links = narrative.TableLinks([total], "budget")
    ok = "江苏省委办公厅2019年财政拨款预算支出27664.22万元，占本年支出合计的100%。"
    assert links.share_findings(claims_in(9, ok)) == []
    [f] = links.share_findings(claims_in(9, ok.replace("100%", "1000%")))
    assert f.severity == "error"


def test_a_share_of_a_base_the_paragraph_states():
    ok = "本单位固定资产总量为4295.98万元，房屋和构筑物3773.63万元，占固定资产总额的87.84%；"
    assert narrative.findings(claims_in(19, ok), [], "budget") == []
    [f] = narrative.findings(claims_in(19, ok.replace("87.84", "87.94")), [], "budget")
    assert (f.rule, f.severity, f.expected) == ("percent_mismatch", "error", Decimal("87.84"))
    # a base of another name is not this one
    assert narrative.findings(claims_in(19, ok.replace("固定资产总量", "无形资产总量").replace("87.84", "87.94")), [],
                              "budget") == []


def test_a_column_of_a_one_row_table_and_the_name_after_de():
    sangong = _coded("三公经费表", ["合计", "因公出国(境)费", "机关运行经费预算数"], [(None, None, None, ["237.92", "201.80", "2,180.26"])])
    import dataclasses
    sangong = dataclasses.replace(sangong, amount_cols=(0, 1, 2), rows=tuple(
        dataclasses.replace(r, amounts={k - 1: a for k, a in r.amounts.items()}) for r in sangong.rows))
    ok = "二、机关运行经费预算2026年上海市审计局财政拨款的机关运行经费预算为2,180.26万元。"
    assert _linked(ok, [sangong]) == []
    [f] = _linked(ok.replace("2,180.26", "2,180.06"), [sangong])
    assert (f.severity, f.expected) == ("error", Decimal("2180.26"))
    basic = _coded("一般公共预算基本支出表", ["科目名称", "合计"], [("30201", "项", "办公费", ["34.82"])])
    text = "机关运行经费预算总计211万元，其中主要支出为办公费34.82万元，差旅费10万元。"
    assert _linked(text, [basic]) == []
    [f] = _linked(text.replace("34.82", "634.82"), [basic])
    assert f.severity == "error"


def test_a_share_of_the_total_stated_sentences_before():
    text = ("三、支出预算情况说明2026 年支出预算 29956.27 万元，比 2025 年年初预算数28479.84 万元增加 1476.43 万元，"
            "增长 5.18%。\n其中：\n基本支出预算 19170.50 万元，占本年支出预算 63.99%。\n项目支出预算 10785.77 万元，占本年支出预算 36.01%。")
    assert narrative.findings(claims_in(7, text), [], "budget") == []
    [f] = narrative.findings(claims_in(7, text.replace("36.01", "46.01")), [], "budget")
    assert (f.rule, f.expected) == ("percent_mismatch", Decimal("36.01"))


def test_a_unit_slip_beside_a_change_that_is_itself_off():
    # 29956.27 − 28479.84 = 1476.43: the printed 1476.73 is a slip of its own (difference_mismatch)
    text = "2026 年支出预算 29956.27 万元，比 2025 年年初预算数28479.84 万元增加 1476.73 万元，增长 5.18%。"
    assert ("difference_mismatch", "error") in rules(text) and ("unit_slip", "error") not in rules(text)
    found = [(f.rule, f.actual) for f in check(text.replace("29956.27 万元", "29956.27 元"))]
    assert ("unit_slip", Decimal("29956.27")) in found


def test_a_share_of_the_whole_named_with_the_units_name():
    text = "省委办公厅本年支出预算合计 20849.45 万元。省委办公厅 2017 年财政拨款预算支出 20702.25 万元，占本年支出合计 99.29%。"
    assert narrative.findings(claims_in(8, text), [], "budget") == []
    [f] = narrative.findings(claims_in(8, text.replace("99.29", "39.29")), [], "budget")
    assert (f.rule, f.expected) == ("percent_mismatch", Decimal("99.29"))


def test_a_change_continuing_the_sentence_that_ends_the_page_before():
    pages = [(6, ["2017年一般公共预算支出预算 9961.21 万元。"]), (7, ["与上年相比增加 941.62 万元，增长 10.44%。"])]
    assert narrative.findings(document_claims(pages), [], "budget") == []
    pages[1] = (7, ["与上年相比增加 941.62 万元，增长 190.44%。"])
    [f] = narrative.findings(document_claims(pages), [], "budget")
    assert (f.rule, f.page, f.expected) == ("percent_mismatch", 7, Decimal("10.44"))


def test_a_unit_slip_beside_a_truncated_rate():
    ok = "（一）一般公共服务（类）1．党委办公厅（室）及相关机构事务（款）行政运行（项）支出9370.12万元，与上年相比增加1297.83万元，增长16.07%。"
    assert [r for r in rules(ok) if r[1] == "error"] == []  # 16.078 % printed truncated: info only
    [f] = [f for f in check(ok.replace("9370.12万元", "9370.12元")) if f.severity == "error"]
    assert f.rule == "unit_slip"


def test_a_sangong_vehicle_column_split_under_its_header():
    import dataclasses
    header = ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费/小计", "公务用车购置及运行费/购置费",
              "公务用车购置及运行费/运行费"]
    t = _coded("三公经费表", ["项目"] + header, [(None, None, None, ["237.92", "201.80", "8.12", "28.00", "", "28.00"])])
    t = dataclasses.replace(t, rows=tuple(dataclasses.replace(r, name=None) for r in t.rows))
    ok = "公务用车运行费28.00万元，与2025年预算持平。"
    assert _linked(ok, [t]) == []
    [f] = _linked(ok.replace("28.00", "258.00"), [t])
    assert (f.severity, f.expected) == ("error", Decimal("28.00"))


def test_two_bare_shares_after_the_total_they_share():
    text = ("2017 年度部门政府采购预算总金额为 1,271.22 万元，其中，货物类政府采购支出预算 259.32 万元,占 20.40%；"
            "服务类政府采购支出预算 1,011.90 万元，占 79.60%；工程类政府采购支出预算 0 万元。")
    assert narrative.findings(claims_in(19, text), [], "budget") == []
    [f] = narrative.findings(claims_in(19, text.replace("20.40", "60.40")), [], "budget")
    assert (f.rule, f.severity, f.expected) == ("percent_mismatch", "error", Decimal("20.40"))
    # without a total stated before them two shares prove nothing
    alone = "货物类政府采购支出预算 259.32 万元,占 60.40%；服务类政府采购支出预算 1,011.90 万元，占 79.60%。"
    assert narrative.findings(claims_in(19, alone), [], "budget") == []


def test_a_run_of_shares_over_a_page_break():
    pages = [(8, ["本年支出预算合计 10,000.00 万元。其中：基本支出 6,469.00 万元，占 64.69%；"]),
             (9, ["项目支出 3,414.00 万元，占 34.14%；", "单位预留机动经费 117.00 万元，占 1.17%。"])]
    assert narrative.findings(document_claims(pages), [], "budget") == []
    pages[1] = (9, ["项目支出 3,414.00 万元，占 34.14%；", "单位预留机动经费 117.00 万元，占 1.37%。"])
    [f] = narrative.findings(document_claims(pages), [], "budget")
    assert (f.rule, f.page, f.expected) == ("percent_mismatch", 9, Decimal("1.17"))


def test_a_part_stated_as_more_than_its_whole():
    ok = "五、财政拨款支出预算情况说明江苏省委办公厅2019年财政拨款预算支出27664.22万元，占本年支出合计的100%。"
    assert narrative.findings(claims_in(9, ok), [], "budget") == []
    [f] = narrative.findings(claims_in(9, ok.replace("100%", "1000%")), [], "budget")
    assert (f.rule, f.severity, f.expected) == ("percent_mismatch", "error", Decimal(100))
    # a rate of last year's figure may pass 100 %; it is no share of a whole
    assert narrative.findings(claims_in(9, "支出27664.22万元，占上年预算的120%。"), [], "budget") == []


def test_the_prose_short_names_of_economic_rows():
    basic = _coded("一般公共预算基本支出表", ["科目名称", "合计"], [
        ("30209", "项", "物业管理费", ["36.18"]), ("30239", "项", "其他交通费用", ["54.08"]),
        ("303", "类", "对个人和家庭的补助", ["85.98"])])
    text = "其中主要支出为办公费34.82万元，其他交通费 54.08万元，物业费36.18万元。（三）对个人和家庭补助支出85.98万元。"
    assert _linked(text, [basic]) == []
    for slipped, expected in (("54.08万元", "54.08"), ("物业费36.18", "36.18"), ("85.98", "85.98")):
        bad = text.replace(slipped, slipped.replace(expected, expected[:-1] + "6"))
        [f] = _linked(bad, [basic])
        assert f.expected == Decimal(expected), bad
    # a name of its own is no abbreviation: 交通费 is not 其他交通费用
    assert _linked("交通费 50.48万元。", [basic]) == []


def test_a_share_of_a_columns_total_printed_as_zongji_with_a_colon():
    t = _coded("支出总表", ["项目", "当年预算/基本支出", "当年预算/项目支出"], [(None, None, "总计：", ["1208.20", "474.56"])])
    links = narrative.TableLinks([t], "budget")
    ok = "机关运行经费预算总计211万元， 占基本支出经费的17.46%，其中主要支出为办公费34.82万元。"
    assert links.share_findings(claims_in(18, ok)) == []
    [f] = links.share_findings(claims_in(18, ok.replace("17.46", "97.46")))
    assert (f.severity, f.expected) == ("error", Decimal("1208.20"))


def test_a_share_of_a_whole_stated_a_section_before():
    pages = [(7, ["一、收支预算总体情况", "省委办公厅本年支出预算合计 20849.45 万元。"] + [f"第{i}项说明。" for i in range(20)]),
             (8, ["五、财政拨款支出预算情况说明", "省委办公厅 2017 年财政拨款预算支出 20702.25 万元，占本年支出合计 99.29%。"])]
    assert narrative.findings(document_claims(pages), [], "budget") == []
    pages[1] = (8, ["省委办公厅 2017 年财政拨款预算支出 20702.25 万元，占本年支出合计 39.29%。"])
    [f] = narrative.findings(document_claims(pages), [], "budget")
    assert (f.rule, f.page, f.expected) == ("percent_mismatch", 8, Decimal("99.29"))


def test_a_change_does_not_continue_a_sentence_far_back_on_the_page_before():
    pages = [(18, ["2026年，上级补助收入1,111.44万元。"]),
             (19, ["按照支出功能分类，2026 年预算数比2025 年执行数减少较为明显的项级支出科目为2014099 其他信访事务支出，"
                   "2026年预算数3,623.98为万元，比2025年执行减少21,519.26万元，减少85.59%，主要原因是追加。"])]
    assert narrative.findings(document_claims(pages), [], "budget") == []


def test_a_yuan_cell_cut_not_rounded_to_wan_yuan_in_the_text():
    t = _coded("一般公共预算支出表", ["科目名称", "合计"], [("2210201", "项", "住房公积金", ["2,049,197.00"])], unit="元")
    ok = "3. “住房保障支出（类）住房改革支出（款）住房公积金（项）”204.91万元，主要用于缴纳。"
    assert _linked(ok, [t]) == []  # 204.9197 cut to 204.91
    assert _linked(ok.replace("204.91", "204.92"), [t]) == []  # and rounded
    [f] = _linked(ok.replace("204.91", "204.97"), [t])
    assert f.severity == "error"


def test_shares_of_their_own_sum_beside_a_stated_total():
    text = ("2026年支出预算101,673.03万元。基本支出预算38,197.01万元，占本年支出预算37.59%；"
            "项目支出预算63,408.16万元，占本年支出预算62.41%。")
    assert narrative.findings(claims_in(6, text), [], "budget") == []
    [f] = narrative.findings(claims_in(6, text.replace("62.41", "62.14")), [], "budget")
    assert f.rule == "percent_mismatch"


def test_last_years_amount_labelled_before_a_colon_is_the_prior():
    [current, prior] = [c for c in claims_in(7, "1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”43.83万元，上年:25.77万元，主要用于。")]
    assert (current.role, prior.role) == (None, "prior")


def test_a_unit_slip_between_last_years_amount_and_the_change():
    ok = "比 2025 年年初预算数 28479.84 万元增加 1476.43 万元，增长 5.18%。"
    assert rules(ok) == []
    [f] = check(ok.replace("28479.84 万元", "28479.84 元"))
    assert (f.rule, f.severity, f.actual) == ("unit_slip", "error", Decimal("28479.84"))
