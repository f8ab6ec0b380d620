"""The Python API: to_frame in the numeric kind asked for with every printed column and one kind
of missing value, doc.table(kind), run.findings(), short reprs."""
from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
import pytest

import pipeline
from pipeline.api import Document

KIND = "一般公共预算财政拨款支出决算表"


@pytest.fixture(scope="module")
def doc(samples_run):
    _, results = samples_run
    return Document.from_result(next(r for r in results if r.document["file"] == "final_account_2022_qiaokou_media.pdf"))


def test_decimal_float_and_printed_frames(doc):
    table = doc.table(KIND)
    exact = table.to_frame()
    assert exact.loc[1, "本年支出/小计"] == Decimal("263.88") and isinstance(exact.loc[1, "本年支出/小计"], Decimal)
    floats = table.to_frame(numeric=True)
    assert floats.select_dtypes("number").columns.tolist() == ["本年支出/小计", "本年支出/基本支出", "本年支出/项目支出"]
    assert floats.loc[1, "本年支出/小计"] == 263.88
    assert table.to_frame(numeric="float").equals(floats)
    printed = table.to_frame(numeric=False)
    assert printed.loc[7, "本年支出/项目支出"] == "0.00"  # as printed: the decimals survive
    with pytest.raises(ValueError):
        table.to_frame(numeric="int")


def test_every_printed_column_kept_and_missing_is_nan_everywhere(doc):
    table = doc.table(KIND)
    frame = table.to_frame()
    assert list(frame.columns) == ["code", "name", "level", *table.columns]
    assert len(frame) == len(table.grid["rows"])
    blank = frame.loc[3, "本年支出/基本支出"]  # 2013302 prints nothing under 基本支出
    assert isinstance(blank, float) and math.isnan(blank)
    for column in frame.columns:
        missing = [v for v in frame[column] if not isinstance(v, (str, Decimal))]
        assert all(isinstance(v, float) and math.isnan(v) for v in missing), column
    empty = doc.table("政府性基金预算财政拨款收入支出决算表")  # printed with no amount at all
    frame = empty.to_frame(numeric=True)
    assert set(empty.columns) <= set(frame.columns)
    assert all(frame[c].isna().all() for c in frame.select_dtypes("number").columns)


def test_table_lookup_findings_and_reprs(doc, samples_run):
    assert doc.table(KIND).kind == KIND
    with pytest.raises(KeyError, match="no '收支总表' table"):
        doc.table("收支总表")
    assert repr(doc).startswith("<Document final_account_2022_qiaokou_media.pdf · final_account 武汉市硚口区融媒体中心 2022 · ok")
    assert repr(doc.table(KIND)) == f"<Table {KIND} p11 · 18 rows × 5 columns · 万元>"
    out, results = samples_run
    run = pipeline.api.Run(out, [Document.from_result(r) for r in results])
    findings = run.findings()
    assert len(findings) == sum(len(r.findings) for r in results) and findings.columns[0] == "file"
    assert set(findings.file) == {r.document["file"] for r in results if r.findings}
    assert repr(run) == f"<Run {out} · {len(results)} documents · {len(findings)} findings>"
    assert isinstance(findings, pd.DataFrame)
