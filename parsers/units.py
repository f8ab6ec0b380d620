"""The units a department says its budget consolidates (`部门预算单位构成`).

A department budget covers its own office and its subordinate units, and usually lists them:
`纳入本部门 2025 年部门汇总预算编制范围的预算单位共计 4 家，具体包括：无锡市发展和改革委员会（本级），
无锡市发展改革研究中心，…` or a numbered list `1.上海市普陀区人民政府办公室本部。2.…`. Cross-document
rules add up the units' own budgets against the department's when every listed unit is in the store.
"""
from __future__ import annotations

import regex

_LIST_START = regex.compile(r"(?:预算单位|编制范围|单位构成|事业单位|下属单位|所属单位)(?:(?!内设)[^。]){0,60}?具体包括(?:[（(][^）)]{0,20}[）)])?[:：]"
                            r"|预算单位包括[:：]?")
_ORG_END = regex.compile(r"(?:局|委员会|委|办公室|办公厅|院|部|厅|中心|政府|办事处|法院|检察院|站|所|支队|大队|"
                         r"队|馆|会|社|学校|医院|本部|本级)(?:[（(](?:本级|本部)[）)])?$")
_ITEM_SPLIT = regex.compile(r"[，,、；;。]|\s*\d{1,2}\s*[.．、]\s*")


def listed_units(text: str) -> list[str]:
    """Names of the units listed after `具体包括：`, in order; [] when the document lists none."""
    compact = regex.sub(r"\s+", "", text)
    m = _LIST_START.search(compact)
    if not m:
        return []
    tail = compact[m.end(): m.end() + 600]
    if "内设" in tail[:40]:  # `具体包括：（一）机关内设机构 1.办公室…`: the offices inside, not budget units
        return []
    tail = regex.split(r"[。](?!\d)|三、|（二）|二、", tail, maxsplit=1)[0] if "1." not in tail[:4] else \
        regex.split(r"[一二三四五六七八九十]、|（[一二三四五六七八九十]）", tail, maxsplit=1)[0]
    names = []
    for part in _ITEM_SPLIT.split(tail):
        part = regex.sub(r"^(?:下属(?:事业)?单位|其中|以及)", "", part.strip())
        if 5 <= len(part) <= 40 and _ORG_END.search(part) and part not in names:
            names.append(part)
    return names
