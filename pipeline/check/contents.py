"""The 目录 against the document: what the contents promise is printed, where they say.

- `contents_missing` (warning): a standard table the 目录 lists that the document does not print.
- `contents_omits` (info): a standard table printed that a 目录 listing standard tables omits.
- `contents_page` (warning): a listed table or heading printed far from the page the 目录 gives.
  Printed page numbers rarely count the cover and the 目录 itself, so the offset between listed
  and physical pages is the one most entries agree on; an entry off it by more than one page
  (a table continued over pages may start one page early) is a slip.
Entries are matched to tables by their canonical kind (`parsers.kinds`), so regional wording of
one standard table (收支预算总表 / 部门收支总表) matches.
"""
from __future__ import annotations

from collections import Counter

import regex

from parsers.kinds import classify_title, normalise_title
from parsers.registry import REGISTRY, Template
from parsers.sections import Section
from pipeline.check.editorial import finding
from pipeline.model import Finding, Table

SLACK = 1  # pages an entry may be off the agreed offset
MIN_LISTED = 3  # standard tables the 目录 must list before omissions are judged
UNTITLED = 4  # a table title shorter than this (normalised) was not read whole


def findings(sections: list[Section], tables: list[Table], family: str | None,
             template: Template | None = None) -> list[Finding]:
    """`template` is the document's template in the registry (its family's base when None): its
    required kinds are the standard tables, and it classifies the 目录's titles as it does tables'."""
    entries = [s for s in sections if s.source == "contents"]
    if not entries or family not in ("budget", "final_account"):
        return []
    template = template if template is not None and template.family == family else REGISTRY.base(family)
    standard = set(template.required)
    # Entries naming a table (ending in 表, or 表（按功能分类）), not sections about one
    # (`关于财政拨款收支总表的说明`).
    listed = [(e, classify_title(e.title, family, template)) for e in entries
              if regex.search(r"表([（(][^（()）]*[）)])?$", normalise_title(e.title))]
    listed = [(e, k) for e, k in listed if k in standard]
    printed: dict[str, list[Table]] = {}
    for t in tables:
        if t.kind in standard:
            printed.setdefault(t.kind, []).append(t)
    out = []
    # A document printing no standard table has its tables in another file; an untitled table
    # may be the one listed (its title was not read).
    judge_missing = bool(printed) and not any(len(normalise_title(t.title)) < UNTITLED for t in tables)
    for e, kind in listed:
        if judge_missing and kind not in printed:
            out.append(finding("contents_missing", e.page_first,
                               f"目录列出“{e.title}”，正文未见此表 | the contents list “{e.title}”, the document does not print it",
                               snippet=e.title))
    kinds_listed = {k for _, k in listed}
    titles_listed = {_bare(e.title) for e in entries}
    if len(kinds_listed) >= MIN_LISTED:
        for kind, ts in printed.items():
            t = ts[0]
            if kind not in kinds_listed and _bare(t.title) not in titles_listed:
                out.append(finding("contents_omits", t.page_first,
                                   f"目录未列出第{t.page_first}页的“{t.title}” | the contents omit “{t.title}” (page {t.page_first})",
                                   snippet=t.title, table_id=t.table_id))
    out += _pages(entries, listed, tables, printed, sections)
    return out


def _bare(title: str) -> str:
    """A title without the words templates add or drop (`政府性基金财政拨款支出预算表` and
    `政府性基金预算财政拨款支出预算表` name one table)."""
    return regex.sub(r"预算|决算|财政拨款|部门|单位", "", normalise_title(title))


def _printed_as(e: Section, kind: str, tables: list[Table], kinds_listed: Counter) -> Table | None:
    """The table a 目录 entry lists: the one printed under the same title, else the one table of
    its kind when the 目录 lists that kind once (two entries may fall into one kind)."""
    same = [t for t in tables if normalise_title(t.title) == normalise_title(e.title)]
    if same:
        return same[0]
    of_kind = [t for t in tables if t.kind == kind]
    return of_kind[0] if kinds_listed[kind] == 1 and len(of_kind) == 1 else None


def _pages(entries, listed, tables, printed, sections) -> list[Finding]:
    """Listed page + offset against where each listed table or heading starts."""
    headings: dict[str, list[Section]] = {}
    for s in sections:
        if s.source == "heading":
            headings.setdefault(s.normalised, []).append(s)
    pairs: list[tuple[Section, int, str]] = []  # entry, physical page printed, what
    kinds_listed = Counter(k for _, k in listed)
    for e, kind in listed:
        t = _printed_as(e, kind, tables, kinds_listed) if e.listed_page is not None else None
        if t is not None:
            pairs.append((e, t.page_first, t.title))
    table_entries = {id(e) for e, _ in listed}
    for e in entries:
        if id(e) in table_entries or e.listed_page is None:
            continue
        found = headings.get(e.normalised)
        if found and len(found) == 1:
            pairs.append((e, found[0].page_first, found[0].title))
    offsets = Counter(page - e.listed_page for e, page, _ in pairs)
    if len(pairs) < 3:
        return []
    offset, n = offsets.most_common(1)[0]
    if n < len(pairs) / 2:
        return []
    out = []
    for e, page, what in pairs:
        expected = e.listed_page + offset
        if abs(page - expected) > SLACK:
            out.append(finding("contents_page", e.page_first,
                               f"目录“{e.title}”标第{e.listed_page}页（即第{expected}页），实际在第{page}页 | the contents "
                               f"put “{e.title}” at page {e.listed_page} (physical {expected}); it is printed on page {page}",
                               snippet=e.title))
    return out
