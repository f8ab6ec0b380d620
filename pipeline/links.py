"""Which documents of a store are about one another: the `links` table.

A disclosure is a (issuer, year, family, scope): its documents may be one PDF or several parts (a
Beijing 附件1 情况说明 beside its 附件2 报表, a Jiangsu narrative beside its 公开表). Between
disclosures the relations an auditor follows are:

- `prior_year`: budget Y → budget Y−1 of the same issuer and scope;
- `budget_of_final`: final account Y → budget Y;
- `unit_of_department`: a unit's document → its department's, same year and family;
- `companion`: another part of the same disclosure (no table kind in common);
- `revision_of`: a re-published version of the same disclosure (table kinds in common);
- `maybe_same_issuer`: names an unsure rule relates (a rename that merged duties) — listed for a
  person to judge, never followed by a rule.

Issuer names are compared through `parsers.issuers` (data-driven keys); only names in the same
bucket (the key without its leading divisions) are compared, so linking stays linear in the store.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from parsers.issuers import issuer_key, issuer_tail, same_issuer

FAMILIES = ("budget", "final_account")


@dataclass(frozen=True)
class Doc:
    doc_id: str
    path: str
    kind: str
    issuer: str | None
    year: int | None
    scope: str | None
    table_kinds: frozenset[str]
    current: bool = True
    units: tuple[str, ...] = ()  # units a department says its budget consolidates

    @property
    def key(self) -> str | None:
        return issuer_key(self.issuer)


def link_rows(docs: list[Doc]) -> list[dict]:
    """Every relation between documents of the store, one row per ordered pair, in a fixed order."""
    rows: list[dict] = []
    buckets: dict[str, list[Doc]] = defaultdict(list)
    for d in docs:
        if d.key and d.year and d.kind in FAMILIES:
            buckets[issuer_tail(d.key)].append(d)
    for bucket in buckets.values():
        for a in bucket:
            for b in bucket:
                if a.doc_id != b.doc_id:
                    rows += _relations(a, b)
    rows += _listed_units(docs, buckets)
    unique = {(r["doc_id"], r["relation"], r["other_doc_id"]): r for r in rows}
    return [unique[k] for k in sorted(unique)]


def _listed_units(docs: list[Doc], buckets: dict[str, list[Doc]]) -> list[dict]:
    """unit_of_department for the units a department lists by name (`具体包括：…研究中心，…`)."""
    out = []
    for dept in docs:
        if dept.scope != "部门" or not dept.units or not dept.year:
            continue
        for name in dept.units:
            key = issuer_key(name)
            for unit in buckets.get(issuer_tail(key) if key else "", []):
                if (unit.doc_id != dept.doc_id and unit.year == dept.year and unit.kind == dept.kind
                        and unit.scope == "单位" and (how := same_issuer(unit.issuer, name)) not in (None, "unsure")):
                    out.append(_row(unit, dept, "unit_of_department", how))
    return out


def _relations(a: Doc, b: Doc) -> list[dict]:
    how = same_issuer(a.issuer, b.issuer)
    if how is None:
        return []
    if how == "unsure":
        return [_row(a, b, "maybe_same_issuer", how)] if (a.year, a.doc_id) < (b.year, b.doc_id) else []
    out = []
    if a.kind == b.kind and a.scope == b.scope and a.year == b.year:
        shared = (a.table_kinds & b.table_kinds) - {"other"}
        if not shared:
            out.append(_row(a, b, "companion", how))
        elif a.current and not b.current:
            out.append(_row(a, b, "revision_of", how))
    if a.kind == b.kind == "budget" and a.scope == b.scope and a.year == b.year + 1:
        out.append(_row(a, b, "prior_year", how))
    if a.kind == "final_account" and b.kind == "budget" and a.scope == b.scope and a.year == b.year:
        out.append(_row(a, b, "budget_of_final", how))
    if a.scope == "单位" and b.scope == "部门" and a.kind == b.kind and a.year == b.year:
        out.append(_row(a, b, "unit_of_department", how))
    return out


def _row(a: Doc, b: Doc, relation: str, how: str) -> dict:
    return {"doc_id": a.doc_id, "other_doc_id": b.doc_id, "relation": relation, "issuer_key": a.key,
            "other_issuer_key": b.key, "year": a.year, "other_year": b.year, "match": how}

