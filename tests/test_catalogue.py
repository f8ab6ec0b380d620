"""The rule catalogue and the severity policy: every rule a source yields is registered, the
README's tables are the catalogue's, and severity follows the structured reasons on a finding."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import regex

from parsers.text import claims_in
from pipeline.check import catalogue, narrative, policy
from pipeline.check.run import check_document
from pipeline.model import Finding
from tests.test_forms import HEADER, check, document
from tests.test_rule_sources import table

ROOT = Path(__file__).resolve().parents[1]


def test_readme_rule_tables_are_generated_from_the_catalogue():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert catalogue.readme_with_tables(readme) == readme, "README differs from the catalogue: run `make rules`"


def test_every_rule_a_source_yields_is_registered_with_a_bilingual_template():
    used = set()
    for path in (ROOT / "pipeline" / "check").glob("*.py"):
        used |= set(regex.findall(r'\brule="([a-z_]+)"', path.read_text(encoding="utf-8")))
        used |= set(regex.findall(r'_finding\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
        used |= set(regex.findall(r'rule: str = "([a-z_]+)"', path.read_text(encoding="utf-8")))
    used.discard("x")
    assert used and used <= set(catalogue.RULES), used - set(catalogue.RULES)
    for r in catalogue.RULES.values():
        zh, en = r.message.split(" | ", 1)
        assert regex.search(r"\p{Han}", zh) and regex.search(r"[a-z]{3}", en)


def test_a_rule_registered_twice_or_with_a_one_language_message_is_refused():
    with pytest.raises(ValueError):
        catalogue._rule(id="column_sum", source="structure", severity="error", checks="", message="a | b", example="")
    with pytest.raises(ValueError):
        catalogue.Rule(id="y", source="structure", severity="error", checks="", message="只有中文", example="")
    with pytest.raises(KeyError):
        policy.reason("because")


def test_the_policy_lowers_a_rule_default_to_the_mildest_cap_of_its_reasons():
    f = Finding(rule="column_sum", severity="info", table_id=None, page=1, message="m", expected=None,
                actual=None, delta=None, tolerance=None)
    assert policy.judge(f).severity == "error"  # whatever the source set, the catalogue's default
    ocr = policy.judge(policy.with_reason(f, policy.reason("ocr", "p. 3")))
    assert ocr.severity == "warning" and [r.code for r in ocr.reasons] == ["ocr"]
    twice = policy.judge(replace(f, reasons=(policy.reason("ocr"), policy.reason("ocr"), policy.reason("scope"))))
    assert [r.code for r in twice.reasons] == ["ocr", "scope"]
    assert policy.judge(replace(f, rule="percent_truncated")).severity == "info"  # never raised


def test_ocr_prose_downgrades_a_narrative_finding():
    text = "公务用车购置及运行维护费预算为3万元，支出决算为0.93万元，完成预算的26.6%。"
    [confident] = narrative.findings(claims_in(1, text), [], "final_account")
    assert confident.severity == "error" and confident.reasons == ()
    [read] = narrative.findings([replace(c, ocr=True) for c in claims_in(1, text)], [], "final_account")
    assert read.severity == "warning" and [r.code for r in read.reasons] == ["ocr"]
    assert "OCR" not in read.message  # the reason is structured, not appended


def test_ocr_form_cells_downgrade_a_performance_finding():
    rows = [HEADER, ["", "年度财政资金总额：", "31.7", "14.79", "47.66%", "9.33"]]
    [plain] = check(document(rows))
    assert (plain.rule, plain.severity) == ("execution_rate", "error")
    doc = document(rows)
    grid = doc.pages[0].grids[0]
    scanned = replace(grid, rows=tuple(tuple(replace(c, ocr=True) for c in r) for r in grid.rows))
    doc = replace(doc, pages=(replace(doc.pages[0], grids=(scanned,)),))
    [read] = check(doc)
    assert read.severity == "warning" and "ocr" in {r.code for r in read.reasons}


def test_score_findings_say_the_scoring_rule_was_assumed():
    [score] = check(document([HEADER, ["", "年度财政资金总额：", "31.7", "14.79", "46.66%", "15"]]))
    assert score.severity == "warning" and [r.code for r in score.reasons] == ["scoring_assumed"]


def test_a_document_that_is_not_a_disclosure_gets_a_reason_not_a_longer_message():
    t = table("支出总表", ["项目", "合计", "基本支出", "项目支出"], [("合计", ["10.00", "3.00", "6.00"])])
    [f] = check_document([t], family="other")
    assert f.severity == "warning" and [r.code for r in f.reasons] == ["not_disclosure"]
    assert "‖" not in f.message
    [g] = check_document([t], family="budget")
    assert g.severity == "error" and g.reasons == ()


# --- scope before severity --------------------------------------------------------------------

PROJECTS = table("一般公共预算财政拨款支出决算表", ["项目", "合计", "基本支出", "项目支出"],
                 [("合计", ["900.00", "500.00", "400.00"]), ("专用材料购置费", ["410.00", "", "410.00"])])


def _share(text):
    claims = claims_in(1, text)
    return narrative.TableLinks([PROJECTS], "final_account").share_findings(claims)


def test_a_coverage_sentence_in_a_performance_paragraph_is_at_most_a_warning():
    coverage = "2023年度开展绩效自评的项目共3个，共涉及资金337.02万元，占一般公共预算项目支出总额的100%。"
    [f] = _share(coverage)
    assert f.severity == "warning" and [r.code for r in f.reasons] == ["scope"]
    assert "覆盖范围" in f.reasons[0].note
    # the same arithmetic stated as a fact about the tables is an error
    [g] = _share("本年项目支出337.02万元，占一般公共预算项目支出总额的100%。")
    assert g.severity == "error" and g.reasons == ()
    for wording in ("本部门共 34 个项目纳入绩效目标管理，涉及财政性资金合计 337.02 万元，",
                    "拟对 1 个项目开展部门重点绩效评价，涉及预算资金 337.02 万元，"):
        [h] = _share(wording + "占一般公共预算项目支出总额的100%。")
        assert h.severity == "warning" and [r.code for r in h.reasons] == ["scope"], wording
    # and a coverage sentence that agrees with the table says nothing
    assert _share("共涉及资金400万元，占一般公共预算项目支出总额的100%。") == []


def test_a_coverage_amount_against_a_table_is_at_most_a_warning():
    links = narrative.TableLinks([PROJECTS], "final_account")
    bad = "纳入绩效评价范围的项目中，专用材料购置费411.00万元。"
    [f] = links.findings(claims_in(1, bad))
    assert f.rule == "text_table_mismatch" and f.severity == "warning" and "scope" in {r.code for r in f.reasons}
    [g] = links.findings(claims_in(1, "专用材料购置费411.00万元。"))
    assert g.severity == "error" and g.reasons == ()


def test_reasons_reach_the_store_and_explain_every_lowered_severity(samples_run):
    import json

    import duckdb
    con = duckdb.connect(str(samples_run[0] / "budget.duckdb"), read_only=True)
    rows = con.execute("select rule, severity, reasons from findings").fetchall()
    assert rows
    for rule, severity, reasons in rows:
        codes = [r["code"] for r in json.loads(reasons)]
        assert severity == policy.severity(rule, tuple(policy.reason(c) for c in codes))


def test_a_wan_yuan_figure_restating_a_table_printed_in_yuan():
    yuan = table("一般公共预算财政拨款支出决算表", ["项目", "合计"], [("专用材料购置费", ["171,915,169.00"])], unit="元")
    links = narrative.TableLinks([yuan], "final_account")
    assert links.findings(claims_in(1, "专用材料购置费17,191.52万元。")) == []  # the cell rounded
    [slip] = links.findings(claims_in(1, "专用材料购置费17,191.25万元。"))  # two digits swapped
    assert (slip.severity, slip.reasons) == ("error", ())
    [other] = links.findings(claims_in(1, "专用材料购置费17,500.00万元。"))
    assert other.severity == "warning" and [r.code for r in other.reasons] == ["other_scope"]
