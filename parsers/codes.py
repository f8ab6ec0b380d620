"""Classification codes (功能分类 / 经济分类): level, parent, and joining split code columns.

Functional codes are 3/5/7 digits (类/款/项); economic codes 3/5 digits (类/款). A code's parent is
its prefix, which is what makes the hierarchy sums checkable.
"""
from __future__ import annotations

import regex

LEVEL_BY_LENGTH = {3: "类", 5: "款", 7: "项"}
LENGTH_BY_LEVEL = {level: n for n, level in LEVEL_BY_LENGTH.items()}
# A code's 类 is one the classifications have: revenue 101–110, functional 201–299, economic
# (部门) 301–399 and (政府) 501–599. Other digits in a code column — a unit's or a project's
# number (`12320`, `123001`) — are not codes, and must not become rows of a hierarchy sum.
_SPACE = regex.compile(r"\s+")
_DIGITS = regex.compile(r"^(\d{3}(?:\d{2}){0,2})(?:$|[-－—–.、])")
_CODE = regex.compile(r"^(?:10\d|110|2\d\d|3\d\d|5\d\d)(?:\d{2}){0,2}$")


def clean_code(text: str | None) -> str | None:
    """The digits of a printed code (`201 06 01`, `2010601`, `2019999-…`) or None if not a code."""
    if not text:
        return None
    t = _SPACE.sub("", text)
    m = _DIGITS.match(t)
    return m.group(1) if m and _CODE.match(m.group(1)) else None


def level(code: str | None) -> str | None:
    return LEVEL_BY_LENGTH.get(len(code)) if code else None


def parent(code: str) -> str | None:
    """The code one level up: 2010601 → 20106 → 201 → None."""
    return code[:-2] if len(code) > 3 else None


def join_split(lei: str | None, kuan: str | None, xiang: str | None) -> str | None:
    """Join a code printed over 类 | 款 | 项 columns (`201 | 06 | 01`) into `2010601`.

    Real tables also print the full code in the 款/项 column (`20106`), which is accepted as is,
    and some drop the leading zero of a 款/项 (`301 | 2` for 30102): one digit is padded to two.
    """
    parts = [regex.sub(r"\s+", "", p or "") for p in (lei, kuan, xiang)]
    parts = [parts[0]] + [p.zfill(2) if len(p) == 1 and p.isdigit() else p for p in parts[1:]]
    lei_, kuan_, xiang_ = parts
    for full in (xiang_, kuan_):
        if len(full) in (5, 7) and full.isdigit() and (not lei_ or full.startswith(lei_)):
            return full
    if not (lei_.isdigit() and len(lei_) == 3):
        return None
    code = lei_
    if kuan_:
        if not (kuan_.isdigit() and len(kuan_) == 2):
            return None
        code += kuan_
        if xiang_:
            if not (xiang_.isdigit() and len(xiang_) == 2):
                return None
            code += xiang_
    return code
