"""Narrative claims: amounts, shares, growth, differences and completion rates stated in prose.

Each claim keeps the clause it came from and a subject (the words before the figure, back to the
previous punctuation), so a later rule can link it to the table value it restates. Wrapped lines
are joined without a space first, because PDF text breaks lines between two Chinese characters.
"""
from __future__ import annotations

from decimal import Decimal

import regex

from parsers.numbers import parse_number

_NUM = r"(?P<num>[-+]?\d[\d,，]*(?:\.\d+)?)"
_PATTERNS = (
    ("rate", regex.compile(r"(?:完成|占)(?:年初|全年|调整)?预算(?:数)?的?\s*" + _NUM + r"\s*[%％]")),
    ("growth", regex.compile(r"(?:增长|下降|减少|增加|上升)(?:了)?\s*" + _NUM + r"\s*[%％]")),
    ("percent", regex.compile(r"占[^，。；%％]{0,30}?(?:的|比例为|比重为|比重)?\s*" + _NUM + r"\s*[%％]")),
    ("difference", regex.compile(r"(?:增加|减少|增长|下降|节约|超支)(?:了)?\s*" + _NUM + r"\s*(?P<unit>万元|亿元|元)")),
    ("amount", regex.compile(_NUM + r"\s*(?P<unit>万元|亿元|元)")),
)
_CLAUSE_BREAK = regex.compile(r"[，,。；;：:、\n]")


def page_text(lines: list[str]) -> str:
    """Join a page's narrative lines: no space between CJK characters split by a line break."""
    out = ""
    for ln in lines:
        ln = ln.strip()
        if not ln:
            continue
        if out and regex.match(r"[\p{Han}\d（(“，、]", ln[0]) and regex.search(r"[\p{Han}\d，、）)”]$", out):
            out += ln
        else:
            out += ("\n" if out else "") + ln
    return out


def claims_in(page: int, text: str) -> list[dict]:
    """Every figure stated in the text, once, with the most specific kind that matches it."""
    taken: list[tuple[int, int]] = []
    found = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            span = m.span("num")
            if any(a <= span[0] < b for a, b in taken):
                continue
            number = parse_number(m.group("num").replace("，", ","))
            if number is None:
                continue
            taken.append(span)
            unit = m.groupdict().get("unit") or "%"
            start = max((b.end() for b in _CLAUSE_BREAK.finditer(text, 0, m.start())), default=0)
            subject = text[start:m.start()].strip()
            sentence_start = max((b.end() for b in regex.finditer(r"[。；;\n]", text[:m.start()])), default=0)
            end = regex.search(r"[。；;\n]", text[m.end():])
            sentence = text[sentence_start: m.end() + (end.start() + 1 if end else 0)].strip()
            found.append({"page": page, "text": sentence[:300], "subject": _subject(subject),
                          "value": Decimal(number.value), "unit": unit, "kind": kind, "offset": span[0]})
    found.sort(key=lambda c: c["offset"])
    for before, claim in zip(found, found[1:]):
        if not claim["subject"]:  # `…预算为3万元，支出决算为0.93万元`: the subject carries over
            claim["subject"] = before["subject"]
    return found


def _subject(text: str) -> str:
    text = regex.sub(r"(为|是|达到?|共计|合计|总计|支出决算|决算数|预算数|安排|比上年|较上年|与上年相比|比年初预算)+$", "", text)
    return text.strip()[-40:]
