"""Printed amounts → exact values with their printed precision.

A disclosure prints amounts rounded; the checker needs both the value and how many decimals
were printed (the rounding interval), so a number is parsed into a `PrintedNumber` holding
a `Decimal`, never a float guess. Blanks and placeholders are kept distinct from zero: a blank
cell is *not* a number, and the caller decides what a blank means.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

# Placeholders printed instead of an amount: dashes, slashes, 无.
PLACEHOLDERS = {"-", "—", "–", "－", "--", "——", "/", "／", "…", "...", "无", "*", "x", "X"}

_UNIT_SUFFIX = regex.compile(r"(万元|亿元|千元|元|%|％)$")
_CURRENCY_PREFIX = regex.compile(r"^[¥￥$]")
_SPACE = regex.compile(r"\s+")
_DASHES = regex.compile(r"[-—–－_]+")
_NUMBER = regex.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


@dataclass(frozen=True)
class PrintedNumber:
    """An amount as printed: `value` exact, `decimals` printed after the point, `unit` if printed."""

    printed: str
    value: Decimal
    decimals: int
    unit: str | None = None

    @property
    def half_ulp(self) -> Decimal:
        """Half a unit in the last printed place: the rounding radius of this value."""
        return Decimal(5).scaleb(-(self.decimals + 1))


def normalise(text: str) -> str:
    """Full-width forms to ASCII (NFKC) and every kind of whitespace removed.

    Whitespace is dropped entirely because extractors break numbers across lines
    (`997\\n.4`) and insert spaces between glyphs.
    """
    text = unicodedata.normalize("NFKC", text or "")
    return _SPACE.sub("", text)


def is_blank(text: str | None) -> bool:
    return not normalise(text or "")


def is_placeholder(text: str | None) -> bool:
    """True for a dash, slash or 无 printed where an amount would be (meaning none)."""
    t = normalise(text or "")
    return bool(t) and (t in PLACEHOLDERS or _DASHES.fullmatch(t) is not None)


def parse_number(text: str | None) -> PrintedNumber | None:
    """Parse one printed amount or percentage; None when the text is not a number.

    Accepts thousands separators, full-width digits, a currency sign, a trailing unit
    (万元/元/%), a leading minus or surrounding parentheses for negatives. Rejects
    anything else (codes with letters, dates, text) rather than guessing.
    """
    t = normalise(text or "")
    if not t:
        return None
    t = t.replace("，", ",")
    negative = False
    if (t.startswith("(") and t.endswith(")")) or (t.startswith("（") and t.endswith("）")):
        negative, t = True, t[1:-1]
    unit = None
    m = _UNIT_SUFFIX.search(t)
    if m:
        unit = "%" if m.group(1) in ("%", "％") else m.group(1)
        t = t[: m.start()]
    t = _CURRENCY_PREFIX.sub("", t)
    if t.startswith("−"):
        t = "-" + t[1:]
    if not _NUMBER.match(t):
        return None
    try:
        value = Decimal(t.replace(",", ""))
    except InvalidOperation:
        return None
    if negative:
        value = -value
    decimals = len(t.split(".", 1)[1]) if "." in t else 0
    return PrintedNumber(printed=(text or "").strip(), value=value, decimals=decimals, unit=unit)


def to_yuan(value: Decimal, unit: str | None) -> Decimal | None:
    """An amount in 元, given the unit it was printed in; None for percentages or unknown units."""
    factor = {"元": 1, "千元": 1000, "万元": 10_000, "亿元": 100_000_000}.get(unit or "")
    return None if factor is None else value * factor
