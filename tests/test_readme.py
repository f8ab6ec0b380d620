"""The README's Python API example runs as written, against the samples."""
from __future__ import annotations

import re
from decimal import Decimal

from tests.conftest import ROOT, SAMPLES


def readme_block(heading: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(heading):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_python_api_example_runs(tmp_path, monkeypatch, capsys):
    (tmp_path / "samples").symlink_to(SAMPLES)
    monkeypatch.chdir(tmp_path)  # the example writes to output/api: keep that out of the project
    ns: dict = {}
    exec(compile(readme_block("## Python API"), "README.md", "exec"), ns)
    doc, df, run, facts = ns["doc"], ns["df"], ns["run"], ns["facts"]
    printed = capsys.readouterr().out
    assert "final_account 武汉市硚口区融媒体中心 2022 ok" in printed
    assert df.loc[df.code == "201", "本年支出/基本支出"].item() == Decimal("253.53")
    table_slips = doc.findings[doc.findings.rule.isin(["column_sum", "hierarchy_sum"])]
    assert len(table_slips) == 7 and "percent_mismatch" in set(doc.findings.rule)
    assert (tmp_path / "output" / "api" / "report.html").exists()
    assert len(run.documents) == 1 and run.documents[0].status == "ok"
    assert isinstance(facts.value_yuan.dropna().iloc[0], Decimal)  # exact through Parquet, not float
    assert len(facts[facts.source == "table"]) == sum(len(t.records) for t in run.documents[0].tables)
