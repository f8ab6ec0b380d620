"""The store that accumulates: one DuckDB database that every ingest adds documents to.

Each finished document is committed in one transaction (its rows in every per-document table,
its paths, the versions of its disclosure and their revisions), so a run killed at any instant —
kill -9 included — leaves a database that opens and holds only whole documents; DuckDB's
write-ahead log replays committed transactions and drops the rest. Only this process writes;
workers send it their results.
"""
from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import duckdb
import pyarrow as pa

from parsers.issuers import issuer_key
from pipeline import facts
from pipeline.store import atomic, versions
from pipeline.store.schema import PER_DOCUMENT, SCHEMAS, STORE_WIDE, arrow, duck_type
from pipeline.store.version import pipeline_version

DB_NAME = "budget.duckdb"
# Bookkeeping beside the contract tables: when each document entered the store (orders versions)
# and which Parquet part holds it (see `parts`).
_BOOKKEEPING = {
    "_ingested": "doc_id VARCHAR PRIMARY KEY, run INTEGER, mtime_ns BIGINT",
    "_exports": "doc_id VARCHAR PRIMARY KEY, part VARCHAR",
    "_parts": "part VARCHAR PRIMARY KEY, dirty BOOLEAN",
}


# Series for analysts: one value per (issuer key, family, table kind, item, measure, year) — the
# current version's, then the first document by id, so a pivot never counts a disclosure twice
# when it was published in two parts or corrected.
SERIES_VIEW = """create or replace view series as
select issuer_key, issuer, family, phase, table_kind, code, name, measure, year, value_yuan, doc_id, page from (
    select d.issuer_key, f.issuer, f.family, f.phase, f.table_kind, f.code, f.name, f.measure, f.year,
           f.value_yuan, f.doc_id, f.page,
           row_number() over (partition by d.issuer_key, f.family, f.table_kind, coalesce(f.code, f.name),
                                           f.measure, f.year
                              order by coalesce(v.current, true) desc, f.doc_id, f.row, f.col) as n
    from facts f join documents d using (doc_id) left join versions v using (doc_id)
    where f.source = 'table' and d.issuer_key is not null and f.year is not null and f.value_yuan is not null
      and f.table_kind is not null and f.table_kind <> 'other' and coalesce(f.code, f.name) is not null)
where n = 1"""


class StoreError(Exception):
    """The store cannot be used (a file where a folder should be, another process writing it)."""


def result_rows(result) -> dict[str, list[dict]]:
    """Every per-document table's rows that a `process.Result` carries, by table name; the
    derived ones (facts) are computed here from the document's own rows."""
    rows = {"documents": [result.document]}
    rows |= {f.name: getattr(result, f.name) for f in fields(result) if f.name != "document"}
    rows["facts"] = facts.rows(rows["documents"], rows.get("tables", []), rows.get("records", []))
    unknown = set(rows) - set(PER_DOCUMENT)
    if unknown:
        raise KeyError(f"no schema declared for result table(s) {sorted(unknown)} in pipeline.store.schema")
    return rows


class Store:
    def __init__(self, out: str | Path):
        self.out = Path(out)
        check_out(self.out)
        self.out.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.out / DB_NAME))
        except duckdb.IOException as e:
            if "lock" in str(e).lower():
                raise StoreError(f"the store {self.out} is in use by another process (another ingest?)") from e
            raise StoreError(f"cannot open the store {self.out / DB_NAME}: {e}") from e
        self._ensure_schema()
        self.run = self.con.execute("select coalesce(max(run), 0) + 1 from _ingested").fetchall()[0][0]
        self.version = pipeline_version()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _ensure_schema(self) -> None:
        """Create missing tables, and add columns a newer pipeline declares to an older store."""
        for name, schema in SCHEMAS.items():
            extra = [("seq", "INTEGER")] if name in PER_DOCUMENT else []
            columns = [(f.name, duck_type(f.type)) for f in schema] + extra
            have = {r[0] for r in self.con.execute(
                "select column_name from information_schema.columns where table_name = ?", [name]).fetchall()}
            if not have:
                self.con.execute(f'create table "{name}" (' + ", ".join(f'"{c}" {t}' for c, t in columns) + ")")
            for c, t in columns:
                if have and c not in have:
                    self.con.execute(f'alter table "{name}" add column "{c}" {t}')
        for name, ddl in _BOOKKEEPING.items():
            self.con.execute(f"create table if not exists {name} ({ddl})")
        self.con.execute("""create or replace view current_documents as
            select d.* from documents d join versions v using (doc_id) where v.current""")
        self.con.execute("""create or replace view current_facts as
            select f.* from facts f join versions v using (doc_id) where v.current""")
        self.con.execute(SERIES_VIEW)

    # --- what is already there -------------------------------------------------------------
    def known_versions(self) -> dict[str, str]:
        """doc_id → pipeline version it was processed with."""
        return dict(self.con.execute("select doc_id, pipeline_version from documents").fetchall())

    def known_paths(self) -> dict[str, tuple[str, int, int]]:
        """path → (doc_id, size, mtime_ns) as last seen, so unchanged files need not be hashed again."""
        return {p: (d, s, m) for p, d, s, m in self.con.execute("select path, doc_id, size, mtime_ns from paths").fetchall()}

    # --- writes ------------------------------------------------------------------------------
    def add_paths(self, doc_id: str, paths: list[dict]) -> None:
        """Record more paths for a stored document (the same content found under another name)."""
        self.con.execute("begin")
        try:
            self._put_paths(doc_id, paths)
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise

    def forget(self, doc_id: str) -> None:
        """Remove a document entirely: the `failed` row of a file that could not be read (keyed by
        its path) once the file at that path can be read and has a document of its own."""
        self.con.execute("begin")
        try:
            for name in (*PER_DOCUMENT, "paths", "versions"):
                self.con.execute(f'delete from "{name}" where doc_id = ?', [doc_id])
            self.con.execute("""update _parts set dirty = true
                                where part in (select part from _exports where doc_id = ?)""", [doc_id])
            self.con.execute("delete from _exports where doc_id = ?", [doc_id])
            self.con.execute("delete from _ingested where doc_id = ?", [doc_id])
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise

    def commit(self, result, paths: list[dict]) -> None:
        """Replace everything stored about this document by `result`, in one transaction."""
        rows = result_rows(result)
        doc = rows["documents"][0]
        doc_id = doc["doc_id"]
        doc["pipeline_version"] = self.version
        doc["issuer_key"] = issuer_key(doc.get("issuer"))
        _write_json(self.out / "documents", rows)
        self.con.execute("begin")
        try:
            old = next(iter(self.con.execute("select issuer, year, kind, status from documents where doc_id = ?",
                                             [doc_id]).fetchall()), None)
            if old is not None:
                for name in PER_DOCUMENT:
                    self.con.execute(f'delete from "{name}" where doc_id = ?', [doc_id])
                self.con.execute("""update _parts set dirty = true
                                    where part in (select part from _exports where doc_id = ?)""", [doc_id])
                self.con.execute("delete from _exports where doc_id = ?", [doc_id])
            for name in PER_DOCUMENT:
                self._insert(name, rows.get(name, []), with_seq=True)
            self._put_paths(doc_id, paths)
            mtime = max((p["mtime_ns"] or 0 for p in paths), default=0)
            self.con.execute("insert into _ingested values (?, ?, ?) on conflict do nothing",
                             [doc_id, self.run, mtime])
            old_key = versions.group_key(dict(zip(("issuer", "year", "kind", "status"), old))) if old else None
            new_key = versions.group_key(doc)
            self._regroup(new_key, doc_id)
            if old_key and old_key != new_key:
                self._regroup(old_key, None)
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise

    def insert(self, name: str, rows: list[dict], seq: list[int] | None = None) -> None:
        """Rows into a table, inside the caller's transaction; `seq` orders a per-document table's
        rows (the cross-document findings a refresh adds after a document's own)."""
        self._insert(name, rows, with_seq=seq is not None, seq=seq)

    def _insert(self, name: str, rows: list[dict], with_seq: bool = False, seq: list[int] | None = None) -> None:
        if not rows:
            return
        table = arrow(name, rows)
        if with_seq:
            table = table.append_column("seq", pa.array(seq if seq is not None else range(len(rows)), pa.int32()))
        self.con.register("incoming", table)
        try:
            self.con.execute(f'insert into "{name}" by name select * from incoming')
        finally:
            self.con.unregister("incoming")

    def _put_paths(self, doc_id: str, paths: list[dict]) -> None:
        for p in paths:
            self.con.execute("delete from paths where path = ?", [p["path"]])
        self._insert("paths", [{**p, "doc_id": doc_id} for p in paths])

    def _regroup(self, key: tuple | None, doc_id: str | None) -> None:
        """Recompute `versions` (and `revisions`) for one disclosure; a document belonging to
        none gets a single-version row of its own."""
        if key is None:
            if doc_id is not None:
                self.con.execute("delete from versions where doc_id = ?", [doc_id])
                self._insert("versions", versions.version_rows(None, [doc_id]))
            return
        issuer, year, kind = key
        ordered = [d for (d,) in self.con.execute("""
            select d.doc_id from documents d join _ingested i using (doc_id)
            where d.issuer = ? and d.year = ? and d.kind = ? and d.status <> 'failed'
            order by i.run, i.mtime_ns, d.doc_id""", [issuer, year, kind]).fetchall()]
        self.con.execute("delete from versions where (issuer = ? and year = ? and kind = ?) or doc_id = ?",
                         [issuer, year, kind, doc_id])
        self.con.execute("delete from revisions where issuer = ? and year = ? and kind = ?", [issuer, year, kind])
        kinds: dict[str, set[str]] = {d: set() for d in ordered}
        for d, kind in self.con.execute("select doc_id, kind from tables where doc_id in (select unnest(?))",
                                        [ordered]).fetchall():
            kinds[d].add(kind)
        for chain in versions.chains(ordered, kinds):
            self._insert("versions", versions.version_rows(key, chain))
            for old, new in zip(chain, chain[1:]):
                self._insert("revisions", versions.changes(key, self._rows_of(old), self._rows_of(new)))

    def _rows_of(self, doc_id: str) -> tuple[str, list[dict], list[dict]]:
        return (doc_id, self.query("select * from tables where doc_id = ? order by seq", [doc_id]),
                self.query("select * from records where doc_id = ? and source = 'table' order by seq", [doc_id]))

    def query(self, sql: str, params: list | None = None) -> list[dict]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]


def check_out(out: Path) -> None:
    """`--out` must be a folder (new or existing), not a file, and not a non-store folder's file."""
    if out.exists() and not out.is_dir():
        raise StoreError(f"--out {out} is a file; it must be a folder (the store)")
    parent = next((p for p in [out, *out.parents] if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise StoreError(f"--out {out}: {parent} is a file")


def _write_json(folder: Path, rows: dict[str, list[dict]]) -> None:
    """documents/<sha256>.json: everything about one document. Written before the database
    commit; a file whose document never committed is removed by `parts.sync`."""
    doc = rows["documents"][0]
    payload = {"document": doc, **{k: v for k, v in rows.items() if k not in ("documents", "facts")}}
    if "findings" in payload:
        payload["findings"] = [{**f, "evidence": json.loads(f["evidence"] or "[]"),
                                "reasons": json.loads(f.get("reasons") or "[]")} for f in payload["findings"]]
    # The file name is the sha256 only: text from a PDF never becomes part of a path.
    atomic.write_text(folder / f"{doc['doc_id']}.json", json.dumps(payload, ensure_ascii=False, indent=1, default=str))


__all__ = ["Store", "StoreError", "STORE_WIDE", "result_rows", "check_out"]
