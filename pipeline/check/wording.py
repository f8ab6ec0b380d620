"""`comparison_word` (warning): a comparison word its own sentence's figures contradict.

`决算数等于预算数`, `与预算持平`, `大于`, `节约`, `超支`, `比预算增加` are words about two amounts the
sentence itself states (or, in a final account, the sentence right before: `全年预算为 A 万元，支出决算为
B 万元。决算数小于预算数的主要原因…`); when the two say otherwise the word is the slip (a template sentence
kept after the figures changed). Only sentences that state both amounts are judged, and the
amounts are compared to their printed precision, so `持平` over 10.00 and 10.004 is not a slip.
Changes against last year stated with one amount and the change (`比上年增加 5 万元`) are the
narrative rules' (`direction_mismatch`, `difference_mismatch`).
"""
from __future__ import annotations

from decimal import Decimal

import regex

from parsers.numbers import parse_number, to_yuan
from pipeline.check.editorial import Prose, at
from pipeline.model import Finding

RULE = "comparison_word"
_AMOUNT = r"(?P<{0}>\d[\d,]*(?:\.\d+)?)\s*(?P<{0}u>万元|亿元|元)"
_A = _AMOUNT.format("a")
_B = _AMOUNT.format("b")
_GAP = r"[^。；;！？\n\d]{0,40}?"  # no other amount between: A is the one set against B
_TO_BASE = r"[^。；;！？\n，,增减降升多少节超]{0,24}?"  # `比年初预算` up to the base amount, no direction word
_TO_WORD = r"\s*[，,]?\s*(?:相比|相比较|有所|略有)?\s*"  # the base amount, then at once the word
_EQUAL = "等于|持平|相等|一致|相同|无变化|没有变化"
_MORE = "大于|高于|多于|超过|超出|增加|增长|上升|超支"
_LESS = "小于|低于|少于|减少|下降|降低|节约|节省|结余"
# `A … 比/较/与 … B … W`: A set against B, the word about A. `A W B`: the word between them.
_AGAINST = regex.compile(_A + _GAP + r"(?:比|较|与|同|对比)" + _TO_BASE + _B + _TO_WORD
                         + rf"(?P<w>{_EQUAL}|{_MORE}|{_LESS})")
# Same clause only: `1305.25万元，本年数小于上年预算数 403.75万元` states a difference, not a base.
_BETWEEN = regex.compile(_A + r"[^。；;！？\n\d，,]{0,6}?" + rf"(?P<w>等于|大于|小于|高于|低于|多于|少于)" + _TO_BASE + _B)
# `预算 A，决算 B，节约/超支`: budget and actual stated, then the word, with no 比.
_SAVED = regex.compile(r"预算(?:数|为|是|安排)*\s*" + _A + _GAP + r"(?:决算|执行|实际支出|支出)(?:数|为|是)*\s*" + _B
                       + r"[^。；;！？\n\d]{0,12}?(?P<w>节约|节省|结余|超支|超出预算)")

# A final account's item: `全年预算为 A 万元，支出决算为 B 万元…。决算数小于预算数的主要原因…` — the
# budget nearest the actual (no other figure between), then the next sentence's comparison.
_RESTATED = regex.compile(r"预算(?:数)?为\s*" + _A + r"[^。；;\d]{0,16}?决算(?:数)?为\s*" + _B
                          + r"[^。；;]{0,30}?。\s*[^。；;\d]{0,12}?决算数?(?:(?P<w>大于|小于|等于|高于|低于|超过)"
                          + r"(?:年初|全年|调整后)?预算|与(?:年初|全年|调整后)?预算数?(?P<w2>持平|一致|相同))")


def findings(pages: list[Prose]) -> list[Finding]:
    out = []
    for p in pages:
        taken: list[tuple[int, int]] = []
        for pattern in (_RESTATED, _SAVED, _AGAINST, _BETWEEN):
            for m in pattern.finditer(p.text):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                verdict = _contradicts(m, actual_first=pattern not in (_SAVED, _RESTATED))
                if verdict:
                    taken.append(m.span())
                    out.append(at(p, RULE, m.start(), m.end(), *verdict))
    return out


def _contradicts(m: regex.Match, actual_first: bool) -> tuple[str, str] | None:
    """(中文, English) when the word contradicts the two amounts; None when it agrees or they cannot
    be compared. For `_SAVED` the word is about the actual amount (b) against the budget (a)."""
    a, b = _yuan(m.group("a"), m.group("au")), _yuan(m.group("b"), m.group("bu"))
    if a is None or b is None:
        return None
    (va, ra), (vb, rb) = a, b
    if not actual_first:
        (va, ra), (vb, rb) = (vb, rb), (va, ra)
    # Two printings to the same decimals are equal only when they are the same figure; to different
    # decimals, when their rounding intervals overlap.
    same_places = ra == rb
    word = m.group("w") or (m.group("w2") if "w2" in m.re.groupindex else None)
    if (va == vb) if same_places else abs(va - vb) < ra + rb:
        relation = "equal"
    else:
        relation = "more" if va > vb else "less"
    said = "equal" if regex.fullmatch(_EQUAL, word) else ("more" if regex.fullmatch(_MORE, word) else "less")
    if said == relation:
        return None
    actual = {"equal": "相等", "more": "更大", "less": "更小"}[relation]
    return (f"写“{word}”，但句中数字 {m.group('a')}{m.group('au')} 与 {m.group('b')}{m.group('bu')} 表明前者{actual}"
            if actual_first else f"写“{word}”，但决算 {m.group('b')}{m.group('bu')} 比预算 {m.group('a')}{m.group('au')} {actual}",
            f"the sentence says “{word}” but its own amounts are {relation}")


def _yuan(printed: str, unit: str) -> tuple[Decimal, Decimal] | None:
    n = parse_number(printed)
    factor = to_yuan(Decimal(1), unit)
    if n is None or factor is None:
        return None
    decimals = max(n.decimals, 2) if unit == "万元" and n.decimals < 2 and abs(n.value) < 100 else n.decimals
    return n.value * factor, Decimal(5).scaleb(-(decimals + 1)) * factor
