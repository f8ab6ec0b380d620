"""The standard tables' own identities, declared as data per family (部门决算 / 部门预算).

Each rule names cells by (table kind, row name, column name) patterns; a rule runs only when
every cell it names is found exactly where the template puts it, so a region that words a row
differently is skipped rather than guessed at. Rule ids: `total_balance` (收入总计 = 支出总计
inside one summary table) and `cross_table` (one table's total restated by another).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.check.identity import Identity, Term
from pipeline.model import Row, Table


@dataclass(frozen=True)
class Ref:
    """A cell: the first row of a `kinds` table whose name matches `row`, in the first amount
    column whose header path matches `column` (the row's first amount column when None).
    Only the first table of a kind is searched: it is the standard one."""

    kinds: tuple[str, ...]
    row: str
    column: str | None = None

    def find(self, tables: list[Table]) -> tuple[Table, Row, int] | None:
        for t in tables:
            if t.kind not in self.kinds:
                continue
            found = []
            for r in t.rows:
                if not r.name or not regex.fullmatch(self.row, regex.sub(r"\s", "", r.name)):
                    continue
                cols = t.row_amount_columns(r)
                if self.column is not None:
                    cols = [c for c in cols if regex.search(self.column, t.columns[c].name)]
                found += [(t, r, c) for c in cols[:1]]
            # A side-by-side table repeats a footer row on each side: the printed one is meant.
            return next((f for f in found if f[2] in f[1].amounts), found[0] if found else None)
        return None


@dataclass(frozen=True)
class Rule:
    rule: str
    family: str
    subject: str
    total: Ref
    parts: tuple[Ref, ...]
    # Other readings of the same total: budget templates differ on whether 收入总表 合计 includes
    # 上年结转 (= 收入总计) or not (= 本年收入合计); the rule holds if any reading does.
    alternatives: tuple[tuple[Ref, ...], ...] = ()


@dataclass(frozen=True)
class AnyOf:
    """Identities of which one must hold; reported (as the first) when none does."""

    rule: str
    table_id: str | None
    subject: str
    options: tuple[Identity, ...]
    group: str | None = None

    def evaluate(self):
        findings = [i.evaluate() for i in self.options]
        return None if any(f is None for f in findings) else findings[0]


_F1, _F2, _F3 = ("收入支出决算总表",), ("收入决算表",), ("支出决算表",)
_F4, _F5, _F6 = ("财政拨款收入支出决算总表",), ("一般公共预算财政拨款支出决算表",), ("一般公共预算财政拨款基本支出决算表",)
_B1, _B2, _B3 = ("收支总表",), ("收入总表",), ("支出总表",)
_B4, _B5, _B6 = ("财政拨款收支总表",), ("一般公共预算支出表",), ("一般公共预算基本支出表",)
_TOTAL_IN = r"(收入)?总计"
_TOTAL_OUT = r"支出总计"
_TOTAL = r"(合计|总计)"

RULES: tuple[Rule, ...] = (
    Rule("total_balance", "final_account", "表1 收入总计 = 支出总计", Ref(_F1, _TOTAL_IN), (Ref(_F1, _TOTAL_OUT),)),
    Rule("total_balance", "final_account", "表4 收入总计 = 支出总计", Ref(_F4, _TOTAL_IN), (Ref(_F4, _TOTAL_OUT),)),
    Rule("cross_table", "final_account", "表2 合计 = 表1 本年收入合计", Ref(_F2, _TOTAL), (Ref(_F1, r"本年收入合计"),)),
    Rule("cross_table", "final_account", "表3 合计 = 表1 本年支出合计", Ref(_F3, _TOTAL), (Ref(_F1, r"本年支出合计"),)),
    Rule("cross_table", "final_account", "表5 合计 = 表4 本年支出合计的一般公共预算列",
         Ref(_F5, _TOTAL), (Ref(_F4, r"本年支出合计", r"一般公共预算"),)),
    Rule("cross_table", "final_account", "表5 基本支出 = 表6 人员经费合计 + 公用经费合计",
         Ref(_F5, _TOTAL, r"基本支出"), (Ref(_F6, r"人员经费合计"), Ref(_F6, r"公用经费合计"))),
    Rule("total_balance", "budget", "收支总表 收入总计 = 支出总计", Ref(_B1, _TOTAL_IN), (Ref(_B1, _TOTAL_OUT),)),
    Rule("total_balance", "budget", "财政拨款收支总表 收入总计 = 支出总计", Ref(_B4, _TOTAL_IN), (Ref(_B4, _TOTAL_OUT),)),
    Rule("cross_table", "budget", "收入总表 合计 = 收支总表 本年收入合计（或收入总计）", Ref(_B2, _TOTAL),
         (Ref(_B1, r"本年收入合计"),), ((Ref(_B1, _TOTAL_IN),),)),
    Rule("cross_table", "budget", "支出总表 合计 = 收支总表 本年支出合计（或支出总计）", Ref(_B3, _TOTAL),
         (Ref(_B1, r"本年支出合计"),), ((Ref(_B1, _TOTAL_OUT),),)),
    Rule("cross_table", "budget", "一般公共预算支出表 基本支出 = 一般公共预算基本支出表 合计",
         Ref(_B5, _TOTAL, r"基本支出"), (Ref(_B6, _TOTAL),)),
)


def identities(tables: list[Table], family: str | None) -> list[Identity | AnyOf]:
    out = []
    for rule in RULES:
        if rule.family != family:
            continue
        options = [o for o in (_identity(rule, tables, parts) for parts in (rule.parts, *rule.alternatives)) if o]
        if len(options) == 1:
            out.append(options[0])
        elif options:
            out.append(AnyOf(rule.rule, options[0].table_id, rule.subject, tuple(options)))
    return out


def _identity(rule: Rule, tables: list[Table], part_refs: tuple[Ref, ...]) -> Identity | None:
    total = rule.total.find(tables)
    parts = [p.find(tables) for p in part_refs]
    if total is None or any(p is None for p in parts):
        return None
    if len({t.unit for t, _, _ in (total, *parts)}) > 1:
        return None  # one table in 元, another in 万元: their roundings differ, compare nothing
    return Identity(rule.rule, total[0].table_id, rule.subject, _term(*total), tuple(_term(*p) for p in parts))


def _term(table: Table, row: Row, col: int) -> Term:
    return Term.at(row, col, f"{table.kind} {row.name} [{table.columns[col].name}]", table_id=table.table_id)
