"""Completeness: the standard tables a 预算/决算 must publish, and empty tables left unexplained.

- `missing_table` (warning): a table the document's own template requires (its regional variant
  in the registry, else the family's national template) that the document does not print.
  Numbering and merging vary by region, so this is a warning, and it is only raised for
  documents that print at least three standard tables (an attachment of one table is not a
  full disclosure).
- `empty_table` (warning): a standard table with no amount at all and no statement, in the
  table or anywhere in the text, that the unit has no such funds (本单位无政府性基金…，本表无数据).
"""
from __future__ import annotations

import regex

from parsers.registry import REGISTRY, Template
from pipeline.check import policy
from pipeline.model import Document, DocumentInfo, Finding, Table

_TOPICS = ("政府性基金", "国有资本经营", "三公", "项目支出", "基本支出", "一般公共预算")
MIN_STANDARD_PRINTED = 3


def findings(tables: list[Table], family: str | None, document: Document | None,
             template: Template | None = None) -> list[Finding]:
    if family not in ("budget", "final_account"):
        return []
    template = template if template is not None and template.family == family else REGISTRY.base(family)
    standard = template.required
    printed = {t.kind for t in tables}
    out = []
    if len(printed & set(standard)) >= MIN_STANDARD_PRINTED:
        for kind in standard:
            if kind not in printed:
                # Named as usually printed too, so a reader (or a search) finds the missing one.
                printed_as = template.printed_name(kind)
                name = f"{kind}（{printed_as}）" if printed_as and printed_as != kind else kind
                out.append(Finding(rule="missing_table", severity=policy.severity("missing_table", ()), table_id=None, page=None,
                                   message=f"缺少标准表：{name}（模板：{template.name}） | standard table of template "
                                           f"{template.id} not found in the document: {kind}",
                                   expected=None, actual=None, delta=None, tolerance=None))
    text = "\n".join(ln.text for p in document.pages for ln in p.lines) if document else ""
    for t in tables:
        if t.kind not in standard or any(r.amounts for r in t.rows) or t.empty_statement:
            continue
        if _explained(t, text):
            continue
        out.append(Finding(rule="empty_table", severity=policy.severity("empty_table", ()), table_id=t.table_id, page=t.page_first,
                           message=(f"{t.kind}（第{t.page_first}页）没有任何金额，也没有“本表无数据”之类的说明 | "
                                    f"{t.kind} prints no amount and no statement that the unit has no such funds"),
                           expected=None, actual=None, delta=None, tolerance=None))
    return out


def _explained(table: Table, text: str) -> bool:
    topic = next((w for w in _TOPICS if w in table.kind), None)
    notes = "\n".join(table.notes)
    if regex.search(r"无数据|为空|空表|无此项|没有", notes):
        return True
    if topic is None:
        return False
    return bool(regex.search(rf"(无|没有|未安排|未发生)[^。；]{{0,20}}{topic}|{topic}[^。；]{{0,30}}(为零|为0|无数据|空表|没有|无)", text))


DISCLOSURES = ("budget", "final_account", "performance_target", "performance_selfeval")


def identity_findings(info: DocumentInfo, text_pages: int) -> list[Finding]:
    """`issuer_missing` (warning): a disclosure with a text layer whose issuer or year was found
    neither on its cover, nor in a label, a part heading, a running header, a table title or the
    prose; the message says which is missing and where it was looked for."""
    if info.kind not in DISCLOSURES or not text_pages or (info.issuer and info.year):
        return []
    what = [w for w, v in (("发文单位", info.issuer), ("年度", info.year)) if not v]
    english = [w for w, v in (("issuer", info.issuer), ("year", info.year)) if not v]
    return [Finding(rule="issuer_missing", severity=policy.severity("issuer_missing", ()), table_id=None, page=None,
                    message=(f"未能识别{'和'.join(what)}：封面、页眉、部分标题、表格标题和正文均未写明 | "
                             f"no {' or '.join(english)} found on the cover, in a label, part heading, running "
                             f"header, table title or the prose"),
                    expected=None, actual=None, delta=None, tolerance=None)]

