"""`template_residue` (warning): what the template said to fill in, left unfilled.

Disclosures are written into a template (`XX局2020年部门预算`, `增加（减少）XX万元`, `主要原因是：`);
a reviewer marks every placeholder left in: `XX`/`××` standing for a name or a figure, an
either-or word pair the writer was to choose from, a bracketed hint (`（如有）`), and a reason
announced and then not given (`主要原因是。`, an empty `原因：`).
"""
from __future__ import annotations

import regex

from pipeline.check.editorial import Prose, at
from pipeline.model import Finding

RULE = "template_residue"
_PATTERNS = (
    (regex.compile(r"(?<![A-Za-z])(?:[XxＸｘ]{2,}|×{2,}|某某)(?![A-Za-z])"), "占位符未替换", "a placeholder left in"),
    (regex.compile(r"(增加|增长|上升)[（(/／](减少|下降|降低)[)）]?|(减少|下降)[（(/／](增加|增长)[)）]?"),
     "模板中的二选一用语未选定", "an either-or template wording left unresolved"),
    (regex.compile(r"[（(【\[](如有|如无|如适用|可选|选填|单位名称|部门名称|填写[^）)】\]\n]{0,12}|请填写[^）)】\]\n]{0,12})[）)】\]]"),
     "模板提示语未删除", "a template hint left in"),
    # A reason announced and not given: `原因是。`, or `原因：` right before the next heading (`…等原因。`
    # closes a reason given, it announces none). A list
    # of reasons on the next lines (`原因：\n1.…`) is a reason given, and so is one continued on
    # the next page (a page's end is not the end of the sentence).
    (regex.compile(r"(?:主要)?原因(?:是|为|主要是|如下|\s*[:：])\s*[:：]?\s*(?:[。；;]|\n(?=[（(]?[一二三四五六七八九十]+[)）、]|第[一二三四五六七八九十]+部分))"),
     "说明了“原因”却没有写原因", "a reason announced and not given"),
)


PER_PAGE = 3  # more slips than this on one page are one finding (a template left unfilled)


def findings(pages: list[Prose]) -> list[Finding]:
    out = []
    for p in pages:
        found = [(m, zh, en) for pattern, zh, en in _PATTERNS for m in pattern.finditer(p.text)]
        found.sort(key=lambda f: f[0].start())
        if len(found) > PER_PAGE:
            m = found[0][0]
            out.append(at(p, RULE, m.start(), m.end(), f"本页有 {len(found)} 处模板占位内容未替换，首处",
                          f"{len(found)} template placeholders left in on this page; the first"))
            continue
        out += [at(p, RULE, m.start(), m.end(), zh, en) for m, zh, en in found]
    return out
