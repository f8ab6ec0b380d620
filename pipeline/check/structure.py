"""Identities implied by a table's own structure, whatever its template:

- hierarchy: each 类 = Σ its 款, each 款 = Σ its 项, and a 合计 row = Σ top-level codes, per column;
- column sums: a 合计/小计 column = Σ its sibling columns under the same header (read from the
  header tree, so `基本支出/小计 = 人员经费 + 公用经费` and `合计 = 基本支出 + 项目支出` both come out).
"""
from __future__ import annotations

from collections import defaultdict

import regex

from parsers import codes
from pipeline.check.identity import Identity, Term
from pipeline.model import Row, Table

_WS = regex.compile(r"\s+")  # compiled once: asked of every text line and cell

TOTAL_WORD = regex.compile(r"^(合计|小计|总计|本年收入合计|本年支出合计|收入合计|支出合计|金额合计|总额)$")
REPRESENTATIVE = regex.compile(r"(合计|小计|总计|总数|总额)$")
NOT_SUMMABLE = regex.compile(r"(扣除|增减|增长|比上年|较上年|%|％|率|上年(预算|执行|决算)|调整|变动|^其中|占)")
TOTAL_ROW = regex.compile(r"^(合计|总计|支出合计|收入合计|本年支出合计|本年收入合计)$")


def identities(table: Table) -> list[Identity]:
    return hierarchy(table) + column_sums(table)


def _label(row: Row) -> str:
    return " ".join(x for x in (row.code, row.name) if x) or f"第{row.index + 1}行"


def _sides(table: Table) -> list[list[Row]]:
    """Rows grouped by the amount columns they use, so side-by-side halves are checked apart."""
    groups: dict[frozenset, list[Row]] = defaultdict(list)
    order = []
    for row in table.rows:
        cols = frozenset(c.col for c in row.cells)
        if cols not in groups:
            order.append(cols)
        groups[cols].append(row)
    return [groups[k] for k in order]


def hierarchy(table: Table) -> list[Identity]:
    out: list[Identity] = []
    for rows in _sides(table):
        coded = [r for r in rows if r.code]
        by_code: dict[str, list[Row]] = defaultdict(list)
        for r in coded:
            by_code[r.code].append(r)
        repeated = any(len(v) > 1 for v in by_code.values())
        children: dict[str, list[Row]] = defaultdict(list)
        roots = []
        for r in coded:
            p = codes.parent(r.code)
            if p and p in by_code:
                children[p].append(r)
            else:
                roots.append(r)
        cols = sorted({c for r in rows for c in r.amounts} & set(_summable_columns(table)))
        if repeated and children:
            continue  # a code printed twice under a parent (repeated blocks): no unique parent
        for parent_code, kids in children.items():
            parent = by_code[parent_code][0]
            for c in cols:
                name = table.columns[c].name
                out.append(Identity("hierarchy_sum", table.table_id, f"{_label(parent)} [{name}]",
                                    Term.at(parent, c, _label(parent)),
                                    tuple(Term.at(k, c, k.code) for k in kids), group=f"{table.table_id}/{parent.index}"))
        # The 合计 row = Σ top-level codes. A flat list (function × economic rows, one code on
        # several rows, no parents printed) still adds up to its 合计: every row is a top row.
        total_rows = [r for r in rows if not r.code and r.name and TOTAL_ROW.match(_WS.sub("", r.name))]
        if len(total_rows) == 1 and roots:
            t = total_rows[0]
            top = min(len(r.code) for r in roots)
            tops = [r for r in roots if len(r.code) == top]
            for c in cols:
                out.append(Identity("hierarchy_sum", table.table_id, f"{t.name} [{table.columns[c].name}]",
                                    Term.at(t, c, t.name), tuple(Term.at(r, c, r.code) for r in tops),
                                    group=f"{table.table_id}/{t.index}"))
    return out


def _summable_columns(table: Table) -> list[int]:
    return [c for c in table.amount_columns()
            if not any(NOT_SUMMABLE.search(p) for p in table.columns[c].path)
            and not any(a.number.unit == "%" for r in table.rows for cc, a in r.amounts.items() if cc == c)]


def column_sums(table: Table) -> list[Identity]:
    """合计/小计 column = Σ sibling groups under the same header prefix, same measure suffix."""
    summable = _summable_columns(table)
    paths = {c: table.columns[c].path for c in summable}
    out: list[Identity] = []
    for c, path in paths.items():
        for k, word in enumerate(path):
            if not TOTAL_WORD.match(word):
                continue
            prefix, suffix = path[:k], path[k + 1:]
            parts = _part_columns(paths, prefix, suffix, exclude=c)
            if parts is None or len(parts) < 2:
                continue
            for row in table.rows:
                if c not in row.amounts and not any(p in row.amounts for p in parts):
                    continue
                if not any(cell.col == c for cell in row.cells):
                    continue
                label = _label(row)
                out.append(Identity("column_sum", table.table_id, f"{label} [{table.columns[c].name}]",
                                    Term.at(row, c, table.columns[c].leaf if not suffix else "/".join(path[k:])),
                                    tuple(Term.at(row, p, "/".join(paths[p][k:])) for p in parts)))
            break
    return out


def _part_columns(paths: dict[int, tuple[str, ...]], prefix, suffix, exclude: int) -> list[int] | None:
    """One representative column per sibling group; None when a group has no clear representative."""
    k = len(prefix)
    groups: dict[str, list[int]] = defaultdict(list)
    for c, p in paths.items():
        if c == exclude or len(p) <= k or p[:k] != prefix or (suffix and p[-len(suffix):] != suffix):
            continue
        if TOTAL_WORD.match(p[k]):
            continue
        groups[p[k]].append(c)
    parts = []
    for key, cols in groups.items():
        if len(cols) == 1:
            parts.append(cols[0])
            continue
        reps = [c for c in cols if len(paths[c]) > k + 1 and REPRESENTATIVE.search(paths[c][k + 1])]
        if len(reps) != 1:
            return None
        parts.append(reps[0])
    return sorted(parts)
