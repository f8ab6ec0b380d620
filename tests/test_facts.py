"""The analysts' fact table and its Fiscal Data Package description, on the samples run."""
from __future__ import annotations

import json
from decimal import Decimal

import pyarrow.parquet as pq




def test_one_fact_per_record_with_document_and_table_context(db):
    assert db.execute("select count(*) from facts").fetchone() == db.execute("select count(*) from records").fetchone()
    missing = db.execute("""
        select count(*) from records r left join facts f using (doc_id, table_id, row, col)
        where r.source = 'table' and (f.doc_id is null or f.printed <> r.printed or f.measure <> r."column"
           or f.table_kind <> (select kind from tables t where t.doc_id = r.doc_id and t.table_id = r.table_id))
    """).fetchone()[0]
    assert missing == 0
    text = "select count(*) from {} where source = 'text' and table_id is null"
    assert db.execute(text.format("facts")).fetchone() == db.execute(text.format("records")).fetchone() > (0,)


def test_facts_are_exact_decimals_and_yuan_is_ten_thousand_times_wanyuan(db):
    types = dict(db.execute("select column_name, data_type from information_schema.columns "
                            "where table_name = 'facts'").fetchall())
    assert types["value"].startswith("DECIMAL") and types["value_yuan"].startswith("DECIMAL")
    row = db.execute("""select issuer, year, family, phase, value, value_yuan, unit from facts
                        where document = 'final_account_2022_qiaokou_media.pdf' and code = '201'
                          and table_kind = '一般公共预算财政拨款支出决算表' and measure = '本年支出/基本支出'""").fetchone()
    assert row == ("武汉市硚口区融媒体中心", 2022, "final_account", "决算", Decimal("253.53"), Decimal("2535300"), "万元")
    bad = db.execute("select count(*) from facts where unit = '万元' and value_yuan <> value * 10000").fetchone()[0]
    assert bad == 0
    assert db.execute("select count(*) from facts where unit = '%' and value_yuan is not null").fetchone()[0] == 0
    assert {p for (p,) in db.execute("select distinct phase from facts where family = 'budget'").fetchall()} == {"预算"}


def test_datapackage_describes_the_parquet_facts(samples_run):
    out, _ = samples_run
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    [res] = pkg["resources"]
    table = pq.read_table(out / res["path"])
    fields = {f["name"]: f for f in res["schema"]["fields"]}
    assert list(fields) == table.column_names
    assert fields["value_yuan"]["type"] == "number" and fields["year"]["type"] == "integer"
    assert set(res["schema"]["primaryKey"]) <= set(fields)
    model = pkg["model"]
    assert model["measures"]["amount"] == {**model["measures"]["amount"], "source": "value_yuan", "currency": "CNY"}
    sources = [a["source"] for d in model["dimensions"].values() for a in d["attributes"].values()]
    assert set(sources) <= set(fields) and {"year", "issuer", "code", "measure"} <= set(sources)
    for d in model["dimensions"].values():
        assert set(d["primaryKey"]) <= set(d["attributes"])
    # Parquet keeps the amounts exact too.
    assert str(table.schema.field("value").type).startswith("decimal")
