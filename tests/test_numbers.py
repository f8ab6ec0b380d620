from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from parsers.numbers import is_placeholder, parse_number, to_yuan


@pytest.mark.parametrize("text, value, decimals, unit", [
    ("253.53", "253.53", 2, None),
    ("2,106.66", "2106.66", 2, None),
    ("841,579.924856", "841579.924856", 6, None),
    ("１２３．４５", "123.45", 2, None),          # full-width digits and point
    ("997\n.4", "997.4", 1, None),               # split across lines by the extractor
    ("(12.30)", "-12.30", 2, None),
    ("（12.30）", "-12.30", 2, None),
    ("-20,442.30", "-20442.30", 2, None),
    ("¥156,200", "156200", 0, None),
    ("14,348,853.34元", "14348853.34", 2, "元"),
    ("0.93万元", "0.93", 2, "万元"),
    ("30.86%", "30.86", 2, "%"),
    ("0.00", "0.00", 2, None),
])
def test_parses_printed_amounts(text, value, decimals, unit):
    n = parse_number(text)
    assert n is not None
    assert n.value == Decimal(value)
    assert n.decimals == decimals
    assert n.unit == unit


@pytest.mark.parametrize("text", ["", "  ", "合计", "2019年", "201a", "1,23.4", "12.3.4", None])
def test_rejects_what_is_not_a_number(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["-", "—", "——", "/", "－", "无"])
def test_placeholders_are_not_numbers(text):
    assert is_placeholder(text)
    assert parse_number(text) is None


def test_half_ulp_follows_printed_decimals():
    assert parse_number("1.00").half_ulp == Decimal("0.005")
    assert parse_number("1").half_ulp == Decimal("0.5")
    assert parse_number("1.000000").half_ulp == Decimal("0.0000005")


def test_to_yuan():
    assert to_yuan(Decimal("1.5"), "万元") == Decimal("15000.0")
    assert to_yuan(Decimal("30"), "%") is None


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_round_trip_with_thousands_separators(d):
    printed = f"{d:,.2f}"
    n = parse_number(printed)
    assert n is not None and n.value == d and n.decimals == 2


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=6))
def test_decimals_counted_exactly(i, places):
    text = str(i) if places == 0 else f"{i}.{'0' * (places - 1)}1"
    n = parse_number(text)
    assert n.decimals == places
    assert n.value == Decimal(text)
