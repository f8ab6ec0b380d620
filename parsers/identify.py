"""What a document is: family (budget / final account / performance form), issuer, year, scope.

Read from the cover and the first titles, the way a person would: the first page that names a
部门预算/部门决算/绩效 document decides the family; the issuer is the organisation named before the
year on that line.
"""
from __future__ import annotations

import regex

from pipeline.model import DocumentInfo

_YEAR = regex.compile(r"(20\d{2})\s*年")
_ORG = (r"(?:局|委员会|委|办公室|办公厅|院|部|厅|中心|政府|街道办事处|办事处|法院|检察院|政协|人大常委会|常委会|"
        r"协会|学校|大学|医院|站|所|支队|大队|队|馆|会|处|社)")
_ISSUER = regex.compile(r"([\p{Han}（）()“”]{2,40}?" + _ORG + r")(?:（[\p{Han}]{1,6}）)?\s*(?:20\d{2}\s*年)")
# A title that opens with the year (`2023年度长沙市公安局交通警察支队` / `专项资金绩效评价结果`).
_ISSUER_AFTER_YEAR = regex.compile(r"^20\d{2}\s*年度?([\p{Han}]{2,40}" + _ORG + r")\s*$", regex.M)
# The family named first in the document wins (a budget's cover names 部门预算 before any 决算
# figure it compares with).
_FAMILY_MARKS = (
    ("performance_selfeval", r"绩效自评|自评表|绩效评价(报告|表|结果)|自评报告"),
    ("final_account", r"部门决算|单位决算|决算公开|年度决算|决算报表|收入支出决算总表"),
    ("performance_target", r"绩效目标(申报)?表|整体绩效目标|项目绩效目标"),
    ("budget", r"部门预算|单位预算|预算公开|预算信息公开|预算报表|综合预算|收支预算总表|部门收支总表|收支总表|预算\d+表"),
)


def identify(first_pages_text: list[str]) -> DocumentInfo:
    """Document info from the text of the first few pages (cover, contents, first titles)."""
    text = "\n".join(first_pages_text)
    compact = regex.sub(r"[ \t\u3000]+", "", text)
    head = compact[:3000]
    first = [(m.start(), family) for family, pattern in _FAMILY_MARKS if (m := regex.search(pattern, head))]
    kind = min(first)[1] if first else "other"
    m = _ISSUER.search(head) or _ISSUER_AFTER_YEAR.search(text[:400])
    issuer = _clean_issuer(m.group(1)) if m else None
    years = [int(y) for y in _YEAR.findall(head[:1500])]
    year = years[0] if years else None
    scope = "单位" if regex.search(r"单位预算|单位决算|（本级）|\(本级\)", head[:800]) else ("部门" if kind in ("budget", "final_account") else None)
    return DocumentInfo(kind=kind, issuer=issuer, year=year, scope=scope)


def _clean_issuer(name: str) -> str:
    name = regex.sub(r"^(第[一二三四五六七八九十]+部分|附件\d*[:：]?|目录|关于|公开|[一二三四五六七八九十]+、)", "", name)
    return regex.sub(r"^(部门|单位)", "", name).strip("：:，,。 ")
