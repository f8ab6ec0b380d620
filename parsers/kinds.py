"""Table title → canonical table kind, judged against the document's template.

Regional templates word titles differently (收支预算总表 / 财务收支预算总表 / 部门收支总表), so
a title is normalised (years, 表N numbering, quotes, spaces removed) and matched against the
title patterns of the template registry (`parsers/registry.py`, data under `parsers/templates/`):
performance forms first, then the document's own template (a regional variant tries its own
titles before the national ones). Anything else is `other` — still a table, just not a
standard one; `parsers/structure.py` may still recognise it by its columns and codes.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from parsers.registry import REGISTRY, Template

FINAL_ACCOUNT_KINDS = REGISTRY.base("final_account").required
BUDGET_KINDS = REGISTRY.base("budget").required
PERFORMANCE_KINDS = REGISTRY.base("performance").standard


@lru_cache(maxsize=8192)  # a pure function of the title, asked again for every title line
def normalise_title(title: str) -> str:
    """Strip what varies between printings: spaces, years, 表N / 公开N表 numbering, quotes, brackets."""
    t = regex.sub(r"\s+", "", title or "")
    t = regex.sub(r"(部门|单位|编制单位|预算单位|金额单位)[:：].*$", "", t)  # `部门：… 单位：万元` after the title
    t = regex.sub(r"(公开|预算|决算)表[\d一二三四五六七八九十]+(?=\P{Han}|$)|(公开|预算|决算)0?\d{1,2}表$", "", t)
    t = regex.sub(r"^[一二三四五六七八九十]+[、.．]", "", t)
    t = regex.sub(r"^(附件\d+[:：]?)", "", t)
    t = regex.sub(r"^(部门公开表|预算公开表|公开表|预算|表)\s*\d+[-—]?\d*表?", "", t)
    t = regex.sub(r"^表" + CN_NUMERAL + r"(?<=[一二三四五六七八九十])", "", t)  # 表十二2017年政府采购预算表
    t = regex.sub(r"^[\p{Han}]{0,8}?(\d{1,2})表", "", t)  # 预算05表, 公开01表
    t = regex.sub(r"[(（]?(预算|决算)?表\s*[\d一二三四五六七八九十]+[-—]?\d*[)）]?$", "", t)
    t = regex.sub(r"\d{4}年度?|\d{4}", "", t)
    t = regex.sub(r"[“”\"'‘’《》〈〉]|[(（][)）]", "", t)
    return t


_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# A numeral in Chinese, never eating the 一 of 一般 (`表十一般公共预算…` is 表十).
CN_NUMERAL = r"(?:[一二三四五六七八九](?!般))?十?(?:[一二三四五六七八九](?!般))?"
_NUMBER = regex.compile(r"(?:公开|预算|决算|部门)?表\s*(\d{1,3}(?!\d)|" + CN_NUMERAL + r")(?<=[\d一二三四五六七八九十])|"
                        r"(?:公开|预算|决算)\s*0?(\d{1,2})\s*表")


_ORDINAL = regex.compile(r"^([一二三四五六七八九十]{1,3})[、.．](?=.*表)")


def title_number(title: str) -> int | None:
    """The 公开表 number a title prints (`公开05表`, `预算表5`, `表十二`, `公开表五`), or the
    ordinal it opens with (`七、政府性基金支出预算表`), or None."""
    compact = regex.sub(r"\s+", "", title or "")
    m = _NUMBER.search(compact)
    text = (m.group(1) or m.group(2)) if m else None
    if text is None:
        o = _ORDINAL.match(compact)
        text = o.group(1) if o else None
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    if len(text) == 1:
        return _CN.get(text)
    tens, _, ones = text.partition("十")
    return (_CN.get(tens, 1) if tens else 1) * 10 + (_CN.get(ones, 0) if ones else 0) if "十" in text else None


_TITLE_YEAR = regex.compile(r"(20\d{2})\s*年")
_TITLE_ISSUER = regex.compile(r"(?:部门|单位|编制单位|预算单位)[:：]\s*([\p{Han}（）()]{2,40}?)(?=\s*(?:单位[:：]|金额单位|$))|"
                              r"^(?:20\d{2}\s*年度?)([\p{Han}（）()]{2,40}?)(?=(?:部门|单位)?(?:\d{4}年)?(?:收支|收入|支出|财政拨款|一般公共|政府性基金|国有资本|“?三公|政府采购|项目支出|机关运行))")


def title_year(title: str) -> int | None:
    """The year a title names (`2018年度…收支预算总表`)."""
    m = _TITLE_YEAR.search(title or "")
    return int(m.group(1)) if m else None


def title_issuer(title: str) -> str | None:
    """The issuer a title names: `部门：江苏省政协办公厅`, or between the year and the table's name
    (`2018年度江苏省高级人民法院收支预算总表`)."""
    m = _TITLE_ISSUER.search(regex.sub(r"\s+", "", title or ""))
    if not m:
        return None
    name = m.group(1) or m.group(2)
    return None if name in ("部门", "单位", "预算单位") or name.startswith(("部门", "预算单位")) else name


def classify_title(title: str, family: str | None = None, template: Template | None = None) -> str:
    """Canonical kind for a printed title. `template` is the document's (a regional variant);
    without it, the base template of `family` (final_account/budget) breaks ties."""
    t = normalise_title(title)
    if not t or "表" not in t and "情况" not in t:
        return "other"
    kind = REGISTRY.base("performance").classify(t)
    if kind:
        return kind
    final = template if template is not None and template.family == "final_account" else REGISTRY.base("final_account")
    budget = template if template is not None and template.family == "budget" else REGISTRY.base("budget")
    if "决算" in t or family == "final_account":
        kind = final.classify(t)
        if kind or "决算" in t:
            return kind or "other"
    return budget.classify(t) or "other"


# Compiled once: `looks_like_title` is asked about every text line of every page.
_SPACE = regex.compile(r"\s+")
_NOTE_START = regex.compile(r"^(注|说明|备注|单位|金额单位|编制单位|部门[:：]|填报)")
_CLAUSE_MARK = regex.compile(r"[，。；;]")
_TITLE_END = regex.compile(r"表[)）\d一二三四五六七八九十]*$|表[(（]")


def looks_like_title(text: str) -> bool:
    """A line that can be a table title: names a 表, short, not a sentence or a note."""
    t = _SPACE.sub("", text or "")
    if not t or len(t) > 60 or "表" not in t:
        return False
    if _NOTE_START.match(t):
        return False
    if _CLAUSE_MARK.search(t) or t.endswith(("表示", "表明")):
        return False
    return _TITLE_END.search(t) is not None or "表" in t[-8:]
