"""Across documents, after an ingest: links, cross-document findings, comparisons and the series.

A budget added today is the prior year of one added last week, so this runs over the whole store,
not the batch: every document's relations are recomputed from `documents` and its table kinds
(cheap), and the cross-document rules read the rows of linked documents only. It replaces, in one
transaction, every cross-document finding (they live in `findings` beside each document's own,
belonging to the later document), the `links` and the `comparisons`, and marks the Parquet parts
of the documents whose findings changed for rewriting. A document committed again loses its
cross-document findings with its other rows until the next refresh recomputes them.

The per-document JSON holds what one document says about itself; cross-document findings are in
the database, its Parquet parts and the report.
"""
from __future__ import annotations

import json
from collections import defaultdict

import pyarrow.parquet as pq

from pipeline import links as linking
from pipeline.check import catalogue, crossdoc
from pipeline.store import atomic
from pipeline.store.schema import fetch_arrow

RULES = tuple(r.id for r in catalogue.RULES.values() if r.source == "cross-document")
SEQ_FROM = 1_000_000  # cross-document findings sort after a document's own



def refresh(store) -> None:
    con = store.con
    documents = store.query("select * from documents")
    current = dict(con.execute("select doc_id, current from versions").fetchall())
    kinds: dict[str, set[str]] = defaultdict(set)
    for doc_id, kind in con.execute("select doc_id, kind from tables").fetchall():
        kinds[doc_id].add(kind)
    docs = [linking.Doc(d["doc_id"], d["path"], d.get("kind") or "other", d.get("issuer"), d.get("year"),
                        d.get("scope"), frozenset(kinds.get(d["doc_id"], ())), current.get(d["doc_id"], True) is not False,
                        tuple(json.loads(d.get("units") or "[]")))
            for d in documents if d.get("status") != "failed"]
    links = linking.link_rows(docs)
    involved = sorted({x for r in links for x in (r["doc_id"], r["other_doc_id"])})
    rows = {name: store.query(f'select * from "{name}" where doc_id in (select unnest(?)) order by doc_id, seq',
                              [involved]) if involved else []
            for name in ("tables", "records", "claims")}
    grouped = crossdoc.group_rows([d for d in documents if d["doc_id"] in set(involved)],
                                  rows["tables"], rows["records"], rows["claims"])
    found, counts = crossdoc.findings(grouped, links)
    failed = defaultdict(int)
    for f in found:
        failed[(f["doc_id"], f["rule"])] += 1
    comparisons = [{"doc_id": d, "rule": r, "comparisons": n, "failed": failed[(d, r)]}
                   for (d, r), n in sorted(counts.items())]
    seq: dict[str, int] = defaultdict(lambda: SEQ_FROM)
    for f in found:
        f["seq"] = seq[f["doc_id"]]
        seq[f["doc_id"]] += 1
    placeholders = ", ".join("?" for _ in RULES)
    touched = {d for (d,) in con.execute(f"select distinct doc_id from findings where rule in ({placeholders})",
                                         list(RULES)).fetchall()} | {f["doc_id"] for f in found}
    con.execute("begin")
    try:
        con.execute(f"delete from findings where rule in ({placeholders})", list(RULES))
        store.insert("findings", found, seq=[f["seq"] for f in found])
        con.execute("delete from links")
        store.insert("links", links)
        con.execute("delete from comparisons")
        store.insert("comparisons", comparisons)
        if touched:
            con.execute("""update _parts set dirty = true
                           where part in (select part from _exports where doc_id in (select unnest(?)))""",
                        [sorted(touched)])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    with atomic.target(store.out / "parquet" / "series.parquet") as tmp:
        pq.write_table(fetch_arrow(con, "select * from series order by all"), tmp)

