"""Interval arithmetic for printed, rounded amounts (the XBRL Calculations 1.1 rule).

A value printed with d decimals stands for the interval v ± ½·10⁻ᵈ. A total is consistent with
its parts when the total's interval overlaps the interval of their sum, so the tolerance of each
comparison follows from what was printed — there is no fixed tolerance anywhere.
A blank cell counts as an exact zero: disclosures leave zero amounts blank.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from parsers.numbers import PrintedNumber

ZERO = Decimal(0)


@dataclass(frozen=True)
class Interval:
    value: Decimal  # the printed (midpoint) value
    radius: Decimal  # half a unit in the last printed place

    @classmethod
    def of(cls, number: PrintedNumber | None) -> "Interval":
        if number is None:
            return cls(ZERO, ZERO)
        return cls(number.value, number.half_ulp)

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.value + other.value, self.radius + other.radius)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(self.value - other.value, self.radius + other.radius)

    def consistent_with(self, other: "Interval") -> bool:
        """True when the two intervals overlap."""
        return abs(self.value - other.value) <= self.radius + other.radius

    def tolerance_with(self, other: "Interval") -> Decimal:
        return self.radius + other.radius


def total(intervals) -> Interval:
    out = Interval(ZERO, ZERO)
    for i in intervals:
        out = out + i
    return out
