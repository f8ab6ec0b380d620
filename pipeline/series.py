"""One issuer's headline figure year by year, for the report's small chart.

The `series` view of the store (`pipeline.store.db.SERIES_VIEW`) holds every standard-table cell
by issuer key and year; this picks from it the one total a reader compares across years.
"""
from __future__ import annotations

HEADLINE_KINDS = ("支出总表", "一般公共预算支出表", "支出决算表", "一般公共预算财政拨款支出决算表")


def headline(series: list[dict]) -> dict[str, list[tuple[int, str, float]]]:
    """Per issuer with two years or more: (year, family, total in 万元) of its expenditure — the
    合计 row of the 支出总表 (else the 一般公共预算支出表), its largest cell (the total column) —
    for the report's small chart."""
    picks: dict[tuple[str, int, str], tuple[int, float]] = {}
    for s in series:
        if s["table_kind"] not in HEADLINE_KINDS:
            continue
        if s.get("code") or not (s.get("name") or "").replace(" ", "").startswith(("合计", "总计", "支出合计")):
            continue
        rank = 0 if s["table_kind"] in ("支出总表", "支出决算表") else 1
        key = (s["issuer_key"], s["year"], s["family"])
        value = float(s["value_yuan"]) / 10000
        if key not in picks or rank < picks[key][0] or (rank == picks[key][0] and value > picks[key][1]):
            picks[key] = (rank, value)
    out: dict[str, list[tuple[int, str, float]]] = {}
    for (issuer, year, family), (_, value) in sorted(picks.items()):
        out.setdefault(issuer, []).append((year, family, value))
    return {k: v for k, v in out.items() if len({y for y, _, _ in v}) >= 2}
