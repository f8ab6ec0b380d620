"""`year_mismatch` (warning): a year in the text or a title that is not the document's.

A disclosure is rewritten every year from last year's file, so stale years are the commonest
slip a reviewer marks. The document's year is the one its table titles agree on (three at least,
two thirds of them), else the cover's. Checked:
- `截至 X 年 12 月 31 日`: a final account of year Y states its balances at the end of Y; a budget
  for Y at the end of Y-1 (or Y-2, before the last final account is closed), never later;
- a comparison of a year with itself (`2020年预算…比2020年预算增加`);
- a table title naming another year than the document's;
- a column header naming a year that is neither the document's nor the one before it.
"""
from __future__ import annotations

from collections import Counter

import regex

from pipeline.check.editorial import Prose, at, finding
from pipeline.model import DocumentInfo, Finding, Table

RULE = "year_mismatch"
_YEAR = regex.compile(r"(20\d{2})\s*年")
_AS_OF = regex.compile(r"截[至止]\s*(20\d{2})\s*年\s*12\s*月\s*31\s*日")
_SELF_COMPARE = regex.compile(r"(20\d{2})\s*年[^。；，,]{0,40}?(?:比|较|与|同)\s*(20\d{2})\s*年")
MIN_TITLES = 3
TITLE_SHARE = 2 / 3


def document_year(tables: list[Table], info: DocumentInfo | None) -> int | None:
    years = Counter(int(m.group(1)) for t in tables if t.kind != "other" for m in [_YEAR.search(t.title or "")] if m)
    if years:
        year, n = years.most_common(1)[0]
        if n >= MIN_TITLES and n >= TITLE_SHARE * sum(years.values()):
            return year
    return info.year if info else None


def findings(pages: list[Prose], tables: list[Table], info: DocumentInfo | None) -> list[Finding]:
    year = document_year(tables, info)
    kind = info.kind if info else None
    if year is None or kind not in ("budget", "final_account"):
        return []
    out = []
    for p in pages:
        for m in _AS_OF.finditer(p.text):
            x = int(m.group(1))
            wrong = x != year if kind == "final_account" else not (year - 2 <= x <= year - 1)
            if wrong:
                should = f"{year}" if kind == "final_account" else f"{year - 1}"
                out.append(at(p, RULE, m.start(), m.end(),
                              f"{year}年{'决算' if kind == 'final_account' else '预算'}写“截至{x}年12月31日”，应为{should}年",
                              f"a {year} {'final account' if kind == 'final_account' else 'budget'} states balances "
                              f"at the end of {x}, expected {should}"))
        for m in _SELF_COMPARE.finditer(p.text):
            if m.group(1) == m.group(2):
                out.append(at(p, RULE, m.start(), m.end(), f"{m.group(1)}年与自身比较",
                              f"{m.group(1)} compared with itself"))
    for t in tables:
        m = _YEAR.search(t.title or "")
        if m and int(m.group(1)) != year:
            out.append(finding(RULE, t.page_first,
                               f"表题年份 {m.group(1)} 与文件年份 {year} 不符：「{t.title}」（第{t.page_first}页）| "
                               f"the table title names {m.group(1)}, the document is for {year}: “{t.title}”",
                               snippet=t.title, table_id=t.table_id))
        out += _column_years(t, year)
    return out


def _column_years(t: Table, year: int) -> list[Finding]:
    out, seen = [], set()
    for col in t.columns:
        for part in col.path:
            m = _YEAR.search(part)
            if m and int(m.group(1)) not in (year, year - 1) and part not in seen:
                seen.add(part)
                out.append(finding(RULE, t.page_first,
                                   f"表头年份 {m.group(1)} 既非本年 {year} 也非上年：「{col.name}」（{t.title}，第{t.page_first}页）| "
                                   f"a column header names {m.group(1)}, neither {year} nor {year - 1}: “{col.name}”",
                                   snippet=col.name, table_id=t.table_id))
                break
    return out
