"""Series for analysts: one issuer's figures year by year.

`series` rows are the table cells of the standard tables with an issuer key (so a renamed or
differently written issuer is one series), keyed by (issuer_key, family, table_kind, code or row
name, measure, year). Where one year has several documents (parts of one disclosure, or a
revision), the current document's figure is kept, then the first by doc_id, so a key has one value.
"""
from __future__ import annotations

from parsers.issuers import issuer_key


def series_rows(facts: list[dict], documents: list[dict]) -> list[dict]:
    current = {d["doc_id"]: d.get("current", True) is not False for d in documents}
    chosen: dict[tuple, dict] = {}
    for f in facts:
        key_issuer = issuer_key(f.get("issuer"))
        if (f.get("source") != "table" or not key_issuer or not f.get("year") or f.get("value_yuan") is None
                or not f.get("table_kind") or f["table_kind"] == "other"):
            continue
        item = f.get("code") or f.get("name")
        if not item:
            continue
        key = (key_issuer, f["family"], f["table_kind"], item, f.get("measure"), f["year"])
        rank = (not current.get(f["doc_id"], True), f["doc_id"])
        if key not in chosen or rank < chosen[key]["_rank"]:
            chosen[key] = {"issuer_key": key_issuer, "issuer": f.get("issuer"), "family": f["family"],
                           "phase": f.get("phase"), "table_kind": f["table_kind"], "code": f.get("code"),
                           "name": f.get("name"), "measure": f.get("measure"), "year": f["year"],
                           "value_yuan": f["value_yuan"], "doc_id": f["doc_id"], "page": f.get("page"),
                           "_rank": rank}
    return [{k: v for k, v in row.items() if k != "_rank"} for _, row in sorted(chosen.items(), key=lambda kv: kv[0])]


def headline(series: list[dict]) -> dict[str, list[tuple[int, str, float]]]:
    """Per issuer with two years or more: (year, family, total in 万元) of its expenditure — the
    合计 row of the 支出总表 (or 一般公共预算支出表), first measure — for the report's small chart."""
    picks: dict[tuple[str, int, str], tuple[int, float]] = {}
    for s in series:
        if s["table_kind"] not in ("支出总表", "一般公共预算支出表", "支出决算表", "一般公共预算财政拨款支出决算表"):
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
