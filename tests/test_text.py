from decimal import Decimal

from parsers.text import claims_in, page_text


def test_claims_from_seed_sentences():
    text = ("公务用车购置及运行维护费预算为3万元，支出决算为0.93万元，完成预算的26.6%。"
            "机关运行经费支出比年初预算数减少0.85元。一般公共服务支出（类）2106.66万元，占71.73%。")
    got = [(c.kind, c.value, c.unit, c.subject) for c in claims_in(20, text)]
    assert got == [
        ("amount", Decimal("3"), "万元", "公务用车购置及运行维护费预算"),
        ("amount", Decimal("0.93"), "万元", "公务用车购置及运行维护费预算"),
        ("rate", Decimal("26.6"), "%", "公务用车购置及运行维护费预算"),
        ("difference", Decimal("0.85"), "元", "机关运行经费支出比年初"),
        ("amount", Decimal("2106.66"), "万元", "一般公共服务支出（类）"),
        ("percent", Decimal("71.73"), "%", "一般公共服务支出（类）"),
    ]
    assert all(c.page == 20 for c in claims_in(20, text))


def test_wrapped_lines_join_without_space():
    assert page_text(["2022年度收入总计337.02万", "元，比上年增加", "12.5万元。"]) == "2022年度收入总计337.02万元，比上年增加12.5万元。"
