"""Parquet beside the database, in parts, so adding documents never rewrites the whole store.

`parquet/<table>/part-NNNNNN.parquet` holds the rows of up to `PART_SIZE` documents; a sync
writes new parts only for documents not yet exported, and rewrites an old part only when one
of its documents was processed again. The small store-wide tables (paths, versions, revisions)
are rewritten whole as `parquet/<table>.parquet`.

Crash safety: the database first records which documents a part will hold and marks it dirty;
then each file is written beside its target and renamed into place; then the part is marked
clean. A sync killed anywhere leaves dirty parts that the next sync writes again from the
database, so a part never holds a document twice or half a document.
"""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import facts as facts_module
from pipeline.store import atomic
from pipeline.store.schema import PER_DOCUMENT, SCHEMAS, STORE_WIDE, conform, fetch_arrow

PART_SIZE = 1000


def sync(store) -> None:
    """Bring parquet/, documents/*.json and datapackage.json in line with the database."""
    con = store.con
    out = store.out
    _allocate(con)
    for (part,) in con.execute("select part from _parts where dirty order by part").fetchall():
        _write_part(store, part)
        con.execute("update _parts set dirty = false where part = ?", [part])
    for name in STORE_WIDE:
        table = fetch_arrow(con, f'select * from "{name}" order by all')
        with atomic.target(out / "parquet" / f"{name}.parquet") as tmp:
            pq.write_table(conform(name, table), tmp)
    _remove_orphan_json(store)
    _remove_temporaries(out)
    parts = [f"parquet/facts/{p}.parquet" for (p,) in con.execute("select part from _parts order by part").fetchall()]
    if parts:
        atomic.write_text(out / "datapackage.json", json.dumps(facts_module.datapackage(SCHEMAS["facts"], parts),
                                                                ensure_ascii=False, indent=1))


def _allocate(con) -> None:
    """Assign every document not yet exported to a new part (marked dirty), in one transaction."""
    pending = [d for (d,) in con.execute(
        "select doc_id from documents where doc_id not in (select doc_id from _exports) order by doc_id").fetchall()]
    if not pending:
        return
    last = con.execute("select coalesce(max(cast(substr(part, 6) as integer)), 0) from _parts").fetchall()[0][0]
    con.execute("begin")
    try:
        for i in range(0, len(pending), PART_SIZE):
            last += 1
            part = f"part-{last:06d}"
            con.execute("insert into _parts values (?, true)", [part])
            con.executemany("insert into _exports values (?, ?)", [[d, part] for d in pending[i:i + PART_SIZE]])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def _write_part(store, part: str) -> None:
    con = store.con
    n = con.execute("select count(*) from _exports where part = ?", [part]).fetchall()[0][0]
    for name in PER_DOCUMENT:
        target = store.out / "parquet" / name / f"{part}.parquet"
        if n == 0:
            target.unlink(missing_ok=True)
            continue
        table = fetch_arrow(con, f"""select t.* from "{name}" t join _exports e using (doc_id)
                                       where e.part = ? order by t.doc_id, t.seq""", [part])
        with atomic.target(target) as tmp:
            pq.write_table(conform(name, table), tmp)
    if n == 0:
        con.execute("delete from _parts where part = ?", [part])


def _remove_orphan_json(store) -> None:
    """A run killed between writing a document's JSON and committing it leaves a JSON the
    database does not know; the document is processed again on the next run."""
    folder = store.out / "documents"
    if not folder.is_dir():
        return
    known = {d for (d,) in store.con.execute("select doc_id from documents").fetchall()}
    for f in folder.glob("*.json"):
        if f.stem not in known:
            f.unlink(missing_ok=True)


def _remove_temporaries(out: Path) -> None:
    """Files a killed write left beside their target (`atomic.target`)."""
    for folder in [out, out / "documents", out / "parquet", *(out / "parquet").glob("*/")]:
        for f in folder.glob(".*.tmp"):
            f.unlink(missing_ok=True)


def read(out: str | Path, name: str):
    """One table of the store as a single Arrow table, read from its Parquet parts."""
    out = Path(out)
    single = out / "parquet" / f"{name}.parquet"
    if single.exists():
        return pq.read_table(single)
    files = sorted((out / "parquet" / name).glob("part-*.parquet"))
    if not files:
        return SCHEMAS[name].empty_table()
    return pa.concat_tables([conform(name, pq.read_table(f)) for f in files])
