"""Slip generators of the seeded-slip benchmark: each slip is one typing slip of the printed
figure (or one flipped word / unit), differs from the original, and keeps the printing's form."""
from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from pipeline import slips
from pipeline.check.narrative import _typing_slip


def _digits(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


@pytest.mark.parametrize("kind", slips.KINDS)
@pytest.mark.parametrize("printed", ["1378.41", "253.54", "1,234,567.89", "125", "20.93", "-45.60", "32,000"])
def test_each_kind_is_one_typing_slip(kind, printed):
    slip = slips.typing_slip(printed, random.Random(3), kinds=(kind,))
    assert slip.how == kind and slip.old == printed and slip.new != printed
    assert _typing_slip(_digits(printed), _digits(slip.new)), (printed, slip.new)
    old, new = slips.value_of(printed), slips.value_of(slip.new)
    assert new is not None and new != old
    # The decimals stay as printed, so the change is never inside the rounding interval.
    assert printed.partition(".")[2].__len__() == slip.new.partition(".")[2].__len__()
    ulp = Decimal(1).scaleb(-len(printed.partition(".")[2]))
    assert abs(new - old) >= slips.MIN_ULPS * ulp
    if "," in printed:
        assert f"{int(new):,}" in slip.new.replace("-", "")  # separators where software puts them


def test_swap_swaps_two_adjacent_digits():
    slip = slips.typing_slip("1378.41", random.Random(0), kinds=("swap",))
    a, b = _digits("1378.41"), _digits(slip.new)
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    assert len(diff) == 2 and diff[1] == diff[0] + 1


def test_no_slip_when_none_is_large_enough_or_well_formed():
    assert slips.typing_slip("12", random.Random(0), kinds=("swap",)) is None  # 21 - 12 < 10 units
    assert slips.typing_slip("30,000", random.Random(0), kinds=("swap",)) is None  # only 03,000
    assert slips.typing_slip("0.93", random.Random(0), kinds=("drop",)) is None  # one integer digit


def test_zero_and_non_numbers_get_no_slip():
    assert slips.typing_slip("0.00", random.Random(0)) is None
    assert slips.typing_slip("—", random.Random(0)) is None


def test_no_leading_zero_is_invented():
    for seed in range(30):
        slip = slips.typing_slip("5.20", random.Random(seed))
        assert not slip.new.startswith("0")


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999"), places=2), st.integers(0, 10**6))
def test_any_amount_gets_a_detectable_slip(value, seed):
    printed = f"{value:.2f}"
    slip = slips.typing_slip(printed, random.Random(seed))
    assert slip is not None
    new = slips.value_of(slip.new)
    assert abs(new - value) >= Decimal("0.10") and _typing_slip(_digits(printed), _digits(slip.new))


def test_same_seed_same_slip():
    a = [slips.typing_slip("8461.27", random.Random(7)) for _ in range(3)]
    assert a[0] == a[1] == a[2]


def test_word_slips_flip_direction_and_unit():
    assert slips.direction_slip("增加").new == "减少" and slips.direction_slip("减少").new == "增加"
    assert slips.direction_slip("增长").new == "下降"
    assert slips.direction_slip("持平") is None
    assert slips.unit_slip("万元").new == "元" and slips.unit_slip("元").new == "万元"
    assert slips.unit_slip("%") is None
