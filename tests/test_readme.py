"""The README's Python API example runs as written, against the samples."""
from __future__ import annotations

import re
import shlex
from decimal import Decimal

from tests.conftest import ROOT, SAMPLES


def readme_block(heading: str, lang: str = "python") -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(heading):]
    return re.search(rf"```{lang}\n(.*?)```", section, re.S).group(1)


def test_python_api_example_runs(tmp_path, monkeypatch, capsys):
    (tmp_path / "samples").symlink_to(SAMPLES)
    monkeypatch.chdir(tmp_path)  # the example writes to output/api: keep that out of the project
    ns: dict = {}
    exec(compile(readme_block("## Python API"), "README.md", "exec"), ns)
    doc, df, run, facts = ns["doc"], ns["df"], ns["run"], ns["facts"]
    printed = capsys.readouterr().out
    assert "final_account 武汉市硚口区融媒体中心 2022 ok" in printed
    assert "<Table 一般公共预算财政拨款支出决算表 p11 · 18 rows × 5 columns · 万元>" in printed
    assert "<Document final_account_2022_qiaokou_media.pdf · final_account 武汉市硚口区融媒体中心 2022 · ok · 9 tables" in printed
    floats = ns["floats"]
    assert floats.select_dtypes("number").columns.tolist() == ["本年支出/小计", "本年支出/基本支出", "本年支出/项目支出"]
    assert list(df.columns[3:]) == ns["table"].columns
    assert df.loc[df.code == "201", "本年支出/基本支出"].item() == Decimal("253.53")
    table_slips = doc.findings[doc.findings.rule.isin(["column_sum", "hierarchy_sum"])]
    assert len(table_slips) == 7 and "percent_mismatch" in set(doc.findings.rule)
    assert (tmp_path / "output" / "api" / "report.html").exists()
    assert len(run.documents) == 1 and run.documents[0].status == "ok"
    assert isinstance(facts.value_yuan.dropna().iloc[0], Decimal)  # exact through Parquet, not float
    assert len(facts[facts.source == "table"]) == sum(len(t.records) for t in run.documents[0].tables)


def test_looking_at_a_result_examples_run(samples_run, tmp_path):
    """The `show` / `export` / `annotate` lines, run on the samples' run in place of output/."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    out, _ = samples_run
    lines = [ln for ln in readme_block("## Looking at a result", "sh").splitlines() if ln.strip()]
    assert [ln.split()[1] for ln in lines] == ["show", "export", "annotate"]
    outputs = []
    for line in lines:
        args = [str(out) if a == "output/" else str(tmp_path / "csv") if a == "output/csv" else a
                for a in shlex.split(line)[1:]]
        result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
        assert result.exit_code == 0, (line, result.output)
        outputs.append(result.output)
    assert "宣传事务" in outputs[0] and "263.88" in outputs[0]
    assert (tmp_path / "csv" / "facts.csv").stat().st_size > 0 and list((tmp_path / "csv" / "tables").glob("*.csv"))
    assert (out / "annotated" / "5d2a7a9f2965_final_account_2022_qiaokou_media.pdf").exists()
