"""The standard tables' own identities, declared as data per template (部门决算 / 部门预算 and
their regional variants, `parsers/templates/*.toml`, `[[rules]]`).

Each rule names cells by (table kind, row name, column name) patterns; a rule runs only when
every cell it names is found exactly where the template puts it, so a region that words a row
differently is skipped rather than guessed at. Rule ids: `total_balance` (收入总计 = 支出总计
inside one summary table) and `cross_table` (one table's total restated by another).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from parsers.registry import REGISTRY, RefSpec, Template
from pipeline.check.identity import Identity, Term
from pipeline.model import Row, Table

_WS = regex.compile(r"\s+")  # compiled once: asked of every text line and cell


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
                if not r.name or not regex.fullmatch(self.row, _WS.sub("", r.name)):
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


def rules(template: Template | None) -> tuple[Rule, ...]:
    """The template's cross-table rules (read from its registry file) as cell references."""
    if template is None:
        return ()
    return tuple(Rule(r.rule, template.family, r.subject, _ref(r.total), tuple(_ref(p) for p in r.parts),
                      tuple(tuple(_ref(p) for p in alt) for alt in r.alternatives)) for r in template.rules)



def _ref(spec: RefSpec) -> Ref:
    return Ref(spec.kinds, spec.row, spec.column)


def identities(tables: list[Table], family: str | None, template: Template | None = None) -> list[Identity | AnyOf]:
    """Identities of the document's template (its family's base template when none is named)."""
    if template is None and family in ("budget", "final_account"):
        template = REGISTRY.base(family)
    out = []
    for rule in rules(template):
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
