"""Corrections are versions: documents with the same issuer, year and kind but different content
are versions of one disclosure. The newest is current; what it changed is listed cell by cell.

Order of versions: the ingest run a document first entered the store in, then its file's
modification time, then its hash — so a correction published (and ingested) later is newer,
and two versions arriving in one run are ordered the same way whatever order workers finish in.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

GROUP_KINDS = ("budget", "final_account", "performance_target", "performance_selfeval")


def group_key(document: dict) -> tuple | None:
    """(issuer, year, kind) when the document is a readable, identified disclosure; else None."""
    if document.get("status") == "failed" or document.get("kind") not in GROUP_KINDS:
        return None
    if not document.get("issuer") or not document.get("year"):
        return None
    return document["issuer"], int(document["year"]), document["kind"]


def chains(ordered: list[str], kinds: dict[str, set[str]]) -> list[list[str]]:
    """The documents of one (issuer, year, kind), oldest first, cut into chains of versions. A
    disclosure is often published in parts — a narrative file beside its tables file (Jiangsu,
    Beijing's 附件1/附件2) — which share issuer, year and kind but are not corrections of each
    other: a document continues the chain whose newest member shares a standard table kind with
    it (or, like it, prints none); otherwise it starts a chain of its own, and stays current."""
    out: list[list[str]] = []
    for d in ordered:
        mine = kinds.get(d, set()) - {"other"}
        for chain in out:
            last = kinds.get(chain[-1], set()) - {"other"}
            if mine & last or not (mine or last):
                chain.append(d)
                break
        else:
            out.append([d])
    return out


def version_rows(key: tuple | None, ordered: list[str]) -> list[dict]:
    """`versions` rows for the documents of one disclosure, oldest first."""
    issuer, year, kind = key if key else (None, None, None)
    n = len(ordered)
    return [{"doc_id": d, "issuer": issuer, "year": year, "kind": kind, "version": i + 1, "versions": n,
             "current": i == n - 1, "superseded_by": ordered[i + 1] if i < n - 1 else None}
            for i, d in enumerate(ordered)]


def changes(key: tuple, old: tuple[str, list[dict], list[dict]], new: tuple[str, list[dict], list[dict]]) -> list[dict]:
    """Values that differ between two versions: (doc_id, tables, records) each. Table cells are
    matched by table (kind, or title for unrecognised tables, and its position among tables so
    named), row (code and name, and its position among rows so labelled) and column header."""
    issuer, year, kind = key
    before, after = _cells(*old[1:]), _cells(*new[1:])
    out = []
    for k in list(after) + [k for k in before if k not in after]:
        a, b = before.get(k), after.get(k)
        if a and b and a["printed"] == b["printed"]:
            continue
        ref = b or a
        out.append({"issuer": issuer, "year": year, "kind": kind, "old_doc_id": old[0], "new_doc_id": new[0],
                    "table_kind": ref["_kind"], "table_title": ref["_title"], "code": ref["code"],
                    "name": ref["name"], "column": ref["column"],
                    "old_printed": a["printed"] if a else None, "new_printed": b["printed"] if b else None,
                    "old_value": a["value"] if a else None, "new_value": b["value"] if b else None,
                    "change": "changed" if a and b else ("added" if b else "removed")})
    return out


def _cells(tables: list[dict], records: Iterable[dict]) -> dict[tuple, dict]:
    seen_tables: Counter = Counter()
    table_key = {}
    for t in sorted(tables, key=lambda t: t["table_id"]):
        name = t["kind"] if t["kind"] != "other" else (t["title"] or "other")
        table_key[t["table_id"]] = (name, seen_tables[name], t["kind"], t["title"])
        seen_tables[name] += 1
    cells: dict[tuple, dict] = {}
    seen_rows: Counter = Counter()
    row_seq: dict[tuple, int] = {}
    for r in sorted((r for r in records if r.get("table_id") in table_key),
                    key=lambda r: (r["table_id"], r["row"], r["col"])):
        name, nth, kind, title = table_key[r["table_id"]]
        label = (r["code"], (r["name"] or "").replace(" ", ""))
        row_id = (r["table_id"], r["row"])
        if row_id not in row_seq:
            row_seq[row_id] = seen_rows[(name, nth, label)]
            seen_rows[(name, nth, label)] += 1
        k = (name, nth, label, row_seq[row_id], r["column"])
        cells[k] = {**r, "_kind": kind, "_title": title}
    return cells
