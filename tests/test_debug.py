"""`budgetpipe debug`: the page picture shows extraction's cells where the PDF prints them."""
from __future__ import annotations

import json

import duckdb
from PIL import Image
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.debug import CELL, draw_page
from tests.conftest import SAMPLES

QIAOKOU = SAMPLES / "final_account_2022_qiaokou_media.pdf"


def test_rotated_page_is_drawn_upright_with_cells_on_the_printed_grid(tmp_path, samples_run):
    out, _ = samples_run
    s = draw_page(QIAOKOU, 11, tmp_path / "p11.png", scale=2.0)
    assert (s.grids, s.text_layer) == (1, "ok") and s.cells > 50 and s.words > 50 and s.lines > 50
    img = Image.open(s.out).convert("RGB")
    assert img.width > img.height  # stored with /Rotate 90: drawn landscape, as a reader sees it
    con = duckdb.connect(str(out / "budget.duckdb"), read_only=True)
    [bbox] = con.execute("select bbox from records r join documents d using (doc_id) where d.file = ? and page = 11 "
                         "and code = '201' and \"column\" = '本年支出/小计'", [QIAOKOU.name]).fetchone()
    x0, top, x1, bottom = (v * 2.0 for v in json.loads(bbox))
    # The red cell outline runs 2-4 px inside the cell's box: on its left edge, half-way down.
    y = round((top + bottom) / 2)
    assert any(img.getpixel((round(x0) + dx, y)) == CELL for dx in range(1, 6))
    # ...and the cell's inside is paper, not ink.
    assert img.getpixel((round((x0 + x1) / 2) - 60, y)) == (255, 255, 255)


def test_debug_command_writes_png_and_rejects_missing_page(tmp_path):
    runner = CliRunner()
    target = tmp_path / "dbg.png"
    ok = runner.invoke(app, ["debug", str(QIAOKOU), "--page", "11", "--out", str(target)])
    assert ok.exit_code == 0, ok.output
    assert "1 grids" in ok.output and target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = runner.invoke(app, ["debug", str(QIAOKOU), "--page", "99", "--out", str(tmp_path / "x.png")])
    assert bad.exit_code == 2 and "out of range" in bad.output and not (tmp_path / "x.png").exists()
