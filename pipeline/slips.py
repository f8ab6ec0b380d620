"""Typing slips and word slips for the seeded-slip benchmark (`pipeline.recall`).

A slip is what a person copying a figure by hand gets wrong: one digit changed, two adjacent
digits swapped, one digit dropped or added; a direction word flipped (增加 ↔ 减少); a unit
written wrong (万元 ↔ 元). These functions work on printed strings only, so they are tested
without any PDF. A slip must be detectable in principle: the new value differs from the old one
by at least ten units of the last printed place, so that no rounding of a sum can hide it.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from parsers.numbers import parse_number

KINDS = ("change", "swap", "drop", "add")
MIN_ULPS = 10  # the slip moves the value by ≥ 10 units of its last printed place
DIRECTION_WORDS = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长", "上升": "下降",
                   "降低": "增长"}


@dataclass(frozen=True)
class Slip:
    old: str  # the printed text replaced
    new: str  # what is printed instead
    how: str  # change / swap / drop / add / direction / unit


def value_of(printed: str) -> Decimal | None:
    n = parse_number(printed)
    return n.value if n is not None else None


def typing_slip(printed: str, rng: random.Random, kinds: tuple[str, ...] = KINDS) -> Slip | None:
    """A typing slip of a printed amount (`1,234.56`, `-12.5`, `（3.00）`), keeping its decimals
    and its thousands separators where they were; None when no slip is large enough (zero)."""
    old = value_of(printed)
    if old is None or old == 0:
        return None
    digits = [i for i, ch in enumerate(printed) if ch.isdigit()]
    point = printed.find(".")
    ulp = Decimal(1).scaleb(-(len(printed) - point - 1)) if point >= 0 else Decimal(1)
    integer = [i for i in digits if point < 0 or i < point]
    options = []
    for kind in kinds:
        for cand in _candidates(printed, kind, digits, integer):
            new = value_of(cand)
            if new is None or cand == printed or abs(new - old) < MIN_ULPS * ulp or new == 0:
                continue
            if _leading_zero(cand):
                continue
            options.append(Slip(printed, cand, kind))
    if not options:
        return None
    return rng.choice(sorted(set(options), key=lambda s: (s.how, s.new)))


def _candidates(s: str, kind: str, digits: list[int], integer: list[int]):
    if kind == "change":
        for i in digits:
            for d in "0123456789":
                if d != s[i]:
                    yield s[:i] + d + s[i + 1:]
    elif kind == "swap":
        for a, b in zip(digits, digits[1:]):
            if s[a] != s[b]:
                yield s[:a] + s[b] + s[a + 1:b] + s[a] + s[b + 1:]
    elif kind == "drop" and len(integer) > 1:  # in the integer part: the decimals stay as printed
        for i in integer:
            yield _regroup(s[:i] + s[i + 1:], s)
    elif kind == "add" and integer:
        for i in integer:
            for d in "0123456789":
                yield _regroup(s[:i] + d + s[i:], s)


def _regroup(s: str, original: str) -> str:
    """Thousands separators put back where a writer's software would, when the original had them."""
    if "," not in original:
        return s
    head, dot, tail = s.replace(",", "").partition(".")
    sign = ""
    while head and not head[0].isdigit():
        sign, head = sign + head[0], head[1:]
    grouped = f"{int(head):,}" if head.isdigit() else head
    return sign + grouped + dot + tail


def _leading_zero(s: str) -> bool:
    """`05.20` is not how anyone prints a figure."""
    body = s.lstrip("-（(−")
    return len(body) > 1 and body[0] == "0" and body[1].isdigit()


def direction_slip(word: str) -> Slip | None:
    new = DIRECTION_WORDS.get(word)
    return Slip(word, new, "direction") if new else None


def unit_slip(unit: str) -> Slip | None:
    """万元 ↔ 元: the amount is printed as is, in the other unit."""
    new = {"万元": "元", "元": "万元"}.get(unit)
    return Slip(unit, new, "unit") if new else None
