"""The seeded-slip benchmark: a figure edited into a real PDF is read back as the slip, and the
audit finds seeded slips (`python -m pipeline.recall --quick`). Skips without PyMuPDF ([bench])."""
from __future__ import annotations

import dataclasses
import json
import random
from decimal import Decimal

import pytest

from tests.conftest import SAMPLES

pymupdf = pytest.importorskip("pymupdf")

from pipeline import pdfedit, recall, slips  # noqa: E402 - after the skip: pdfedit needs PyMuPDF
from pipeline.extract import read_pdf  # noqa: E402

SAMPLE = SAMPLES / "final_account_2022_qiaokou_media.pdf"


@pytest.fixture(scope="module")
def sample_reading():
    document, info = recall.read(SAMPLE)
    return document, info, recall.parsed(document, info.kind)


def test_a_cell_edited_in_the_pdf_reads_back_as_the_slip(tmp_path, sample_reading):
    document, info, (tables, claims) = sample_reading
    cands = recall.table_candidates(tables, info.kind)
    t, row, col, amount, identities = cands["table_item"][0]
    slip = slips.typing_slip(amount.number.printed, random.Random(1))
    assert recall.detectable(identities, amount, slip.new) and not recall.detectable(identities, amount, slip.old)
    with pymupdf.open(SAMPLE) as pdf:
        hits = pdfedit.find(pdf[amount.cell.page - 1], slip.old, inside=amount.cell.bbox)
    assert len(hits) == 1
    out = tmp_path / "v.pdf"
    pdfedit.write_variant(SAMPLE, out, amount.cell.page, hits[0], slip.new)
    page, = read_pdf(out, pages=[amount.cell.page]).pages
    variant = recall.parsed(dataclasses.replace(document, path=str(out), pages=tuple(
        page if p.number == page.number else p for p in document.pages)), info.kind)
    target = recall.Target("table_item", amount.cell.page, slip.old, slip.new, slip.how, slip.old, amount.value,
                           slip.new, inside=amount.cell.bbox)
    assert recall.changed_as_intended(target, (tables, claims), variant) is None
    findings = recall.audit(document, info.kind, variant)
    assert any(recall.names_slip(f, target) for f in findings)
    assert not any(recall.names_slip(f, target) for f in recall.audit(document, info.kind, (tables, claims)))


def test_a_reading_with_two_changes_is_not_one_slip(sample_reading):
    document, info, (tables, claims) = sample_reading
    t, row, col, amount, _ = recall.table_candidates(tables, info.kind)["table_item"][0]
    target = recall.Target("table_item", amount.cell.page, amount.number.printed, "1.00", "change",
                           amount.number.printed, amount.value, "1.00", inside=amount.cell.bbox)
    # Nothing changed at all: the variant's reading lacks the slip.
    assert recall.changed_as_intended(target, (tables, claims), (tables, claims)) is not None


def test_cjk_font_is_found_when_installed():
    font = pdfedit.cjk_font()
    if font is None:
        pytest.skip("no CJK font installed (Debian's fonts-wqy-zenhei)")
    assert pymupdf.Font(fontfile=font).has_glyph(ord("减"))


@pytest.mark.slow
def test_quick_run_finds_seeded_table_slips(corpus, tmp_path, capsys):
    assert recall.main([str(corpus), "--quick", "--jobs", "1", "--out", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "recall.json").read_text())
    per = report["per_class"]
    table = [per[c] for c in ("table_total", "table_class", "table_item", "table_named", "cross_table")]
    variants = sum(s["variants"] for s in table)
    assert variants >= 4
    assert sum(s["found"] for s in table) >= 0.9 * variants
    assert all(s["candidates"] >= s["variants"] for s in per.values())
    assert "recall" in capsys.readouterr().out
    rows = [v for d in report["documents"] for v in d.get("variants", []) if v["status"] == "ok"]
    assert all(Decimal(0) <= v["original_kept"] <= v["original_findings"] for v in rows)


def test_a_unit_slip_moves_the_flat_change_after_it_and_is_still_one_slip():
    from parsers.text import claims_in
    ok = "（三）公务接待费8.12万元，与2025年预算持平。因公出国费5.00万元。"
    target = recall.Target("text_unit", 1, "万元", "元", "unit", "8.12", Decimal("8.12"), "8.12", prefix="8.12")
    original = ([], claims_in(1, ok))
    assert recall.changed_as_intended(target, original, ([], claims_in(1, ok.replace("8.12万元", "8.12元")))) is None
    # a second figure's unit changed as well: not one slip
    both = ok.replace("8.12万元", "8.12元").replace("5.00万元", "5.00元")
    assert recall.changed_as_intended(target, original, ([], claims_in(1, both))) is not None


def test_figures_nothing_else_determines_are_named_with_their_reason():
    from parsers.text import claims_in
    threshold = claims_in(21, "部门预算安排购置单价100万元（含）以上设备（不含车辆）1台（套）。")
    assert recall.undeterminable("text_unit", threshold[0], threshold, []).startswith("threshold")
    coverage = claims_in(16, "本单位编报绩效目标的项目共1个，涉及项目预算资金19,593.87万元。")
    amount = next(c for c in coverage if c.kind == "amount")
    assert recall.undeterminable("text_amount", amount, coverage, []).startswith("coverage")
    # a change with no prior amount, no rate and no table: its direction is stated by nothing
    alone = claims_in(2, "公务用车运行维护费13.55万元，比2025年减少0.45万元。")
    change = next(c for c in alone if c.kind == "difference")
    assert recall.undeterminable("text_direction", change, alone, []) != ""
    with_rate = claims_in(2, "公务用车运行维护费13.55万元，比2025年减少0.45万元，下降3.21%。")
    change = next(c for c in with_rate if c.kind == "difference")
    assert recall.undeterminable("text_direction", change, with_rate, []) == ""
    stated = claims_in(1, "2026年支出预算 50.00 万元，比2025年预算数 40.00 万元增加 10.00 万元。")
    ordinary = next(c for c in stated if c.kind == "amount")
    assert recall.undeterminable("text_amount", ordinary, stated, []) == ""
    assert recall.undeterminable("text_direction", next(c for c in stated if c.kind == "difference"), stated, []) == ""


def test_the_summary_gives_both_rates():
    rows = [{"file": "a.pdf", "class": "text_unit", "status": "ok", "found": found, "found_by": [], "extra": [],
             "original_kept": 0, "original_findings": 0, "undeterminable": why}
            for found, why in ((True, ""), (True, ""), (False, ""), (False, "threshold: …"))]
    s = recall.summarise([{"file": "a.pdf", "variants": rows}])["text_unit"]
    assert (s["recall"], s["recall_determinable"], s["undeterminable"]) == (0.5, 0.667, 1)
