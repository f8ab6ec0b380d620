"""Table title → canonical table kind, for the standard 部门决算 and 部门预算 tables.

Regional templates word titles differently (收支预算总表 / 财务收支预算总表 / 部门收支总表), so
a title is normalised (years, 表N numbering, quotes, spaces removed) and matched against ordered
rules, most specific first. Anything else is `other` — still a table, just not a standard one.
"""
from __future__ import annotations

import regex

FINAL_ACCOUNT_KINDS = (
    "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表",
    "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表",
    "财政拨款三公经费支出决算表",
)
BUDGET_KINDS = (
    "收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算支出表",
    "一般公共预算基本支出表", "政府性基金预算支出表", "国有资本经营预算支出表", "三公经费表",
)
PERFORMANCE_KINDS = ("绩效目标表", "绩效自评表")

# (pattern on the normalised title, kind); first match wins.
# Titles often carry the issuer between the year and the kind (`2018年度江苏省高级人民法院收支预算总表`),
# so the general patterns are anchored at the end of the title, not its start.
_NOT_FISCAL = r"(?<!财政拨款)(?<!财政拨款预算)"
_FINAL_RULES = (
    (r"三公", "财政拨款三公经费支出决算表"),
    (r"政府性基金.*决算", "政府性基金预算财政拨款收入支出决算表"),
    (r"国有资本经营.*决算", "国有资本经营预算财政拨款支出决算表"),
    (r"一般公共预算.*基本支出.*决算", "一般公共预算财政拨款基本支出决算表"),
    (r"一般公共预算.*支出决算", "一般公共预算财政拨款支出决算表"),
    (r"财政拨款收入支出决算总表|财政拨款收支决算总表", "财政拨款收入支出决算总表"),
    (_NOT_FISCAL + r"(收入支出|收支)决算总表$", "收入支出决算总表"),
    (_NOT_FISCAL + r"收入决算表$", "收入决算表"),
    (_NOT_FISCAL + r"支出决算表$", "支出决算表"),
)
_PERF_RULES = (
    (r"绩效自评|自评表|绩效评价表", "绩效自评表"),
    (r"绩效目标", "绩效目标表"),
)
_BUDGET_RULES = (
    (r"三公", "三公经费表"),
    (r"政府采购", "政府采购预算表"),
    (r"财政拨款(收支|收入支出)(预算)?总(体情况)?表", "财政拨款收支总表"),
    (_NOT_FISCAL + r"(收支|收入支出)(预算)?总(体情况)?表$", "收支总表"),
    (_NOT_FISCAL + r"收入(预算)?总?(体情况)?表$", "收入总表"),
    (r"一般公共预算.*基本支出", "一般公共预算基本支出表"),
    (r"一般公共预算(财政拨款)?支出(预算)?(情况)?表([(（]?(按)?功能.*)?$|一般公共预算支出功能分类(预算)?表$", "一般公共预算支出表"),
    (r"政府性基金.*支出", "政府性基金预算支出表"),
    (r"国有资本经营.*支出", "国有资本经营预算支出表"),
    (r"项目支出(预算)?(情况)?表$", "项目支出表"),
    (r"(?<!一般公共预算)(?<!基本)(?<!项目)(?<!财政拨款)支出(预算)?总?(体情况)?表$", "支出总表"),
)


def normalise_title(title: str) -> str:
    """Strip what varies between printings: spaces, years, 表N / 公开N表 numbering, quotes, brackets."""
    t = regex.sub(r"\s+", "", title or "")
    t = regex.sub(r"^[一二三四五六七八九十]+[、.．]", "", t)
    t = regex.sub(r"^(附件\d+[:：]?)", "", t)
    t = regex.sub(r"^(部门公开表|预算公开表|公开表|预算|表)\s*\d+[-—]?\d*表?", "", t)
    t = regex.sub(r"^[\p{Han}]{0,8}?(\d{1,2})表", "", t)  # 预算05表, 公开01表
    t = regex.sub(r"[(（]?(预算|决算)?表\s*[\d一二三四五六七八九十]+[-—]?\d*[)）]?$", "", t)
    t = regex.sub(r"\d{4}年度?|\d{4}", "", t)
    t = regex.sub(r"[“”\"'‘’《》〈〉]", "", t)
    return t


def classify_title(title: str, family: str | None = None) -> str:
    """Canonical kind for a printed title; `family` (final_account/budget) breaks ties."""
    t = normalise_title(title)
    if not t or "表" not in t and "情况" not in t:
        return "other"
    for pattern, kind in _PERF_RULES:
        if regex.search(pattern, t):
            return kind
    if "决算" in t or family == "final_account":
        for pattern, kind in _FINAL_RULES:
            if regex.search(pattern, t):
                return kind
        if "决算" in t:
            return "other"
    for pattern, kind in _BUDGET_RULES:
        if regex.search(pattern, t):
            return kind
    return "other"


def looks_like_title(text: str) -> bool:
    """A line that can be a table title: names a 表, short, not a sentence or a note."""
    t = regex.sub(r"\s+", "", text or "")
    if not t or len(t) > 60 or "表" not in t:
        return False
    if regex.match(r"^(注|说明|备注|单位|金额单位|编制单位|部门[:：]|填报)", t):
        return False
    if regex.search(r"[，。；;]", t) or t.endswith(("表示", "表明")):
        return False
    return regex.search(r"表[)）\d一二三四五六七八九十]*$|表[(（]", t) is not None or "表" in t[-8:]
