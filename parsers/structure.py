"""Kinds by structure as well as by title, judged against the document's template.

A title is read first, against the document's own template (`kinds.classify_title`). Where it
says nothing — no title, a bare number (`公开05表`, `表五`), a heading cut off a wrapped line —
the table's codes and columns decide, the way a reader would: 功能 codes (2xx) make a function
table (支出总表, 一般公共预算支出表, …), 经济 codes 301/302/303 a 基本支出 table, a column set of
因公出国 / 公务用车 / 公务接待 a 三公 table, a 项目名称 column over named rows a project list. Which
kind of that shape it is follows from the template's 公开表 order: the first kind of the shape
not printed yet whose number comes after the tables before it. A table whose title names a
function table but whose rows are a project list is a 项目支出表 (the title was ambiguous).
Every inferred kind is said in `tables.notes`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import regex

from parsers.kinds import classify_title, normalise_title, title_number
from parsers.registry import Template
from pipeline.model import Table

MIN_CODED_ROWS = 2
_SANGONG_WORDS = ("因公出国", "公务用车", "公务接待")
_PROJECT_NAME = regex.compile(r"^(项目名称|项目)$|^项目名称")
_SHAPE_WORDS = {"function": "功能分类编码", "economic": "经济分类编码（301/302/303…）",
                "sangong": "三公经费的列（因公出国、公务用车、公务接待）", "projects": "项目名称列出的项目"}


def shape(table: Table) -> str | None:
    """What the table's columns and codes say it is: function / economic / sangong / projects."""
    names = " ".join(c.name for c in table.columns) + " " + " ".join(r.name or "" for r in table.rows[:12])
    if sum(w in names for w in _SANGONG_WORDS) >= 2:
        return "sangong"
    if any(_PROJECT_NAME.search(c.leaf) for c in table.columns):
        named = [r for r in table.rows if r.name and r.amounts and not regex.match(r"^(合计|总计|小计)", r.name)]
        if len(named) >= 1 and sum(1 for r in named if r.code is None) >= 0.5 * len(named):
            return "projects"
    heads = Counter(r.code[0] for r in table.rows if r.code)
    if heads["3"] + heads["5"] >= MIN_CODED_ROWS and heads["3"] + heads["5"] > heads["2"]:
        return "economic"
    if heads["2"] >= MIN_CODED_ROWS:
        return "function"
    return None


def title_says_nothing(title: str) -> bool:
    """No title, a bare 公开表 number, or a heading that names no table."""
    return "表" not in normalise_title(title or "")


def settle_kinds(tables: list[Table], family: str | None, template: Template | None) -> list[Table]:
    """Each table's kind read against the document's template; structure decides where the
    title says nothing (or names a function table over a project list)."""
    if template is None:
        return tables
    out: list[Table] = []
    for t in tables:
        kind = classify_title(t.title, family, template) if t.title else "other"
        note = None
        if kind == "other" and t.title and title_says_nothing(t.title):
            # The printed number names a kind, unless the table's codes and columns say otherwise
            # (numbering moves between years of one template).
            numbered = template.spec(_by_number(t, template))
            form = shape(t)
            if numbered is not None and (form is None or numbered.shape in (None, form)):
                kind, note = numbered.kind, "公开表编号"
        out.append(replace(t, kind=kind, notes=t.notes + ((_note(kind, note),) if kind != "other" and note else ())))
    for i, t in enumerate(out):
        form = shape(t) if t.layout == "table" else None  # a 绩效 form is read as a form, never re-kinded
        if form is None:
            continue
        title_kind = template.spec(t.kind) if t.kind != "other" else None
        ambiguous = title_kind is not None and form == "projects" and title_kind.shape == "function"
        if t.kind != "other" and not ambiguous:
            continue
        if t.kind == "other" and not title_says_nothing(t.title):
            continue  # a table the template does not know, named as such: not a standard one
        kind = _by_shape(form, out, i, template)
        if kind is not None:
            out[i] = replace(t, kind=kind, notes=t.notes + (_note(kind, _SHAPE_WORDS[form]),))
    return out


def _by_number(table: Table, template: Template) -> str:
    n = title_number(table.title)
    spec = next((s for s in template.kinds if n is not None and s.number == n), None)
    return spec.kind if spec else "other"


def _by_shape(form: str, tables: list[Table], i: int, template: Template) -> str | None:
    printed = {t.kind for t in tables}
    numbers = [template.spec(t.kind).number for t in tables[:i] if template.spec(t.kind)]
    floor = max((n for n in numbers if n is not None), default=0)
    candidates = [s for s in template.kinds if s.shape == form and s.kind not in printed
                  and (s.number is None or s.number > floor)]
    candidates.sort(key=lambda s: (s.number is None, s.number or 0))
    return candidates[0].kind if candidates else None


def _note(kind: str, by: str) -> str:
    return f"表种由{by}推断：{kind} | kind inferred from the table's {_english(by)}: {kind}"


def _english(by: str) -> str:
    return {"公开表编号": "printed table number"}.get(by, "columns and codes")
