"""Narrative rules on sentences taken from (or shaped like) real disclosures: each test states a
sentence, what the checker must say about it, and a correct twin it must leave alone."""
from __future__ import annotations

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
