"""Scope words and the issuer's name, as the cover states them against titles and headings.

- `scope_word` (warning): a document whose cover says 单位预算/单位决算 (one unit) titled 部门预算/
  部门决算 (the department with its units) in a heading or table title, or the reverse. The two
  are different disclosures; a title of the other scope is a template copied unchanged.
- `issuer_name` (warning): a heading or table title naming an organisation as the discloser that
  is not the cover's issuer (a title copied from another department's file).
Only titles and headings are read: prose explains the two scopes (名词解释) and names other
organisations freely.
"""
from __future__ import annotations

import regex

from parsers.identify import ORG_SUFFIX
from parsers.sections import Section
from pipeline.check.editorial import finding
from pipeline.model import Document, DocumentInfo, Finding, Table

# `部门预算经济分类` is the economic classification's own name, not the document's scope.
_SCOPE = regex.compile(r"(?P<scope>部门|单位)(?:财务)?(?:收支|收入|支出|财政拨款收支)?(?P<phase>预算|决算)(?!(支出)?经济分类)")
# `XX局2020年部门预算`, `2020年度XX局收支预算总表`: an organisation right before or after the year.
_DISCLOSER = regex.compile(r"(?:^|(?<=20\d{2}年度?))([\p{Han}（）()]{3,30}?" + ORG_SUFFIX + r")(?=20\d{2}年|(?:部门|单位)?(?:预算|决算|收支|收入|支出|财政拨款|一般公共|政府性|国有资本|“?三公))")


def cover_scope(document: Document | None) -> str | None:
    if document is None or not document.pages:
        return None
    text = regex.sub(r"\s+", "", "".join(ln.text for ln in document.pages[0].lines))
    found = {m.group("scope") for m in _SCOPE.finditer(text)}
    return found.pop() if len(found) == 1 else None


def _titles(tables: list[Table], sections: list[Section]) -> list[tuple[int, str, str | None]]:
    """(page, text, table_id) of every heading and table title."""
    out = [(s.page_first, s.title, None) for s in sections if s.source == "heading"]
    return out + [(t.page_first, t.title, t.table_id) for t in tables if t.title]


def findings(document: Document | None, info: DocumentInfo | None, tables: list[Table],
             sections: list[Section]) -> list[Finding]:
    if info is None or info.kind not in ("budget", "final_account"):
        return []
    out = []
    scope = cover_scope(document)
    titles = _titles(tables, sections)
    if scope:
        other = "部门" if scope == "单位" else "单位"
        for page, text, table_id in titles:
            m = _SCOPE.search(regex.sub(r"\s+", "", text))
            if m and m.group("scope") == other:
                out.append(finding("scope_word", page,
                                   f"封面为{scope}{m.group('phase')}，标题却写“{m.group(0)}”：「{text}」（第{page}页）| the cover "
                                   f"says {scope}{m.group('phase')}, this title says {m.group(0)}: “{text}”",
                                   snippet=text, table_id=table_id))
    issuer = _plain(info.issuer)
    if len(issuer) >= 4:
        for page, text, table_id in titles:
            if not regex.search(r"预算|决算|表", text):
                continue  # a heading about a classification item (`法院（款）`), not the discloser
            m = _DISCLOSER.search(regex.sub(r"\s+", "", text))
            name = _plain(m.group(1)) if m else ""
            if len(name) >= 4 and name not in issuer and issuer not in name and not _same_org(name, issuer):
                out.append(finding("issuer_name", page,
                                   f"标题中的单位“{m.group(1)}”与封面“{info.issuer}”不一致：「{text}」（第{page}页）| the title "
                                   f"names {m.group(1)}, the cover {info.issuer}: “{text}”",
                                   snippet=text, table_id=table_id))
    return out


def _plain(name: str | None) -> str:
    return regex.sub(r"[\s（）()“”]|本级|机关", "", name or "")


def _same_org(a: str, b: str) -> bool:
    """Short and long forms of one name (`上海市普陀区财政局` / `普陀区财政局`): one ends the other."""
    return a.endswith(b[-4:]) and (a.endswith(b) or b.endswith(a))
