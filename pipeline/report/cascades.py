"""Findings one printed cell explains together, so a reader sees one slip once.

A single misprinted cell breaks every identity it takes part in: a 项 printed 0.00 instead of
458.00 fails its 款's hierarchy sum, its own row's column sum (as a part) and the 小计 it is the
total of. Reported one by one that reads as several slips. Findings are grouped when they share
a table cell (connected through shared cells); the cells shared are named as the likely cause,
the finding holding most of them is shown first and the others are folded under it.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field


@dataclass
class Cascade:
    head: dict
    rest: list[dict] = field(default_factory=list)
    cells: list[dict] = field(default_factory=list)  # evidence cells shared by ≥ 2 findings, most shared first

    @property
    def findings(self) -> list[dict]:
        return [self.head, *self.rest]


def cell_key(finding: dict, cell: dict) -> tuple | None:
    """(table, row, col) of an evidence cell, or None for one outside a table (a sentence)."""
    if cell.get("row") is None or cell.get("col") is None:
        return None
    table_id = cell.get("table_id") or finding.get("table_id")
    return (table_id, cell["row"], cell["col"]) if table_id else None


def cascades(findings: list[dict]) -> list[Cascade]:
    """Every finding exactly once: groups of ≥ 2 sharing cells, and the rest as groups of one,
    in the order of each group's first finding."""
    keys = [{k for c in f["evidence"] if (k := cell_key(f, c))} for f in findings]
    count = Counter(k for ks in keys for k in ks)
    parent = list(range(len(findings)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    holder: dict[tuple, int] = {}
    for i, ks in enumerate(keys):
        for k in ks:
            if count[k] < 2:
                continue
            if k in holder:
                parent[root(i)] = root(holder[k])
            else:
                holder[k] = i
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(findings)):
        members[root(i)].append(i)
    out = []
    for group in sorted(members.values(), key=min):
        shared = Counter(k for i in group for k in keys[i] if count[k] >= 2)
        head = max(group, key=lambda i: (sum(k in shared for k in keys[i]), -i))
        cells = []
        for k, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][2])):
            f = findings[next(i for i in group if k in keys[i])]
            cells.append(next(c for c in f["evidence"] if cell_key(f, c) == k))
        out.append(Cascade(findings[head], [findings[i] for i in group if i != head], cells))
    return out
