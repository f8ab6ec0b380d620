"""OCR of pages without a text layer: rulings found in an image, merged cells rebuilt, and one
sample page turned into a scan read back with the amounts its text layer holds.

The end-to-end test OCRs a single page (seconds); deselect it with `-m "not ocr"` for a quick run.
"""
from __future__ import annotations

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from pipeline.extract.lattice import Atom, to_grid
from pipeline.extract.ocr import find_lattices
from pipeline.process import process_file
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "budget_2020_jianghan_media.pdf"
SAMPLE_PAGE = 8  # 收支预算总表: 3 side-by-side halves, merged header cells


def test_merged_cells_become_none_positions_and_the_span_keeps_the_text():
    # Row 0: one header spanning both columns; row 1: two ruled cells.
    atoms = [[Atom((0, 0, 50, 10), "", True, True), Atom((50, 0, 100, 10), "收入", False, True)],
             [Atom((0, 10, 50, 20), "项目", True, True), Atom((50, 10, 100, 20), "1.00", True, True)]]
    grid = to_grid(atoms, page=3, engine="test", ocr=True)
    top = grid.rows[0]
    assert top[0].text == "收入" and top[0].bbox == (0, 0, 100, 10)
    assert top[1].text is None and top[1].bbox is None
    assert [c.text for c in grid.rows[1]] == ["项目", "1.00"]
    assert all(c.ocr for row in grid.rows for c in row)


def test_rulings_in_an_image_give_cells_with_spans_and_open_sides():
    img = np.full((1200, 800), 255, np.uint8)  # a page at ~100 dpi
    for y in (100, 135, 170, 205):  # four rules; the table has no outer vertical sides
        cv2.line(img, (40, y), (760, y), 0, 2)
    for x in (300, 530):
        cv2.line(img, (x, 135), (x, 205), 0, 2)  # the header row above is one merged cell
    (table,) = find_lattices(img)
    assert len(table) == 3 and all(len(row) == 3 for row in table)
    assert [a.left for a in table[0]] == [False, False, False]  # the header spans all three
    assert [a.left for a in table[1]][1:] == [True, True]
    assert abs(table[0][0].bbox[0] - 40) <= 3 and abs(table[0][-1].bbox[2] - 760) <= 3


def scanned_copy(src, page: int, dst, dpi: int = 200):
    """An image-only PDF of one page, like a scan: PIL writes the bitmap and no text."""
    pdf = pdfium.PdfDocument(str(src))
    image = pdf[page - 1].render(scale=dpi / 72).to_pil().convert("L")
    pdf.close()
    image.save(dst, "PDF", resolution=dpi)
    return dst


@pytest.mark.ocr
def test_a_scanned_page_yields_the_amounts_of_its_text_layer(tmp_path):
    scan = process_file(scanned_copy(SAMPLE, SAMPLE_PAGE, tmp_path / "scan.pdf"))
    assert scan.document["status"] == "ok", scan.document["error"]
    assert scan.document["scanned_pages"] == 1 and scan.document["ocr_pages"] == 1
    assert scan.records and all(r["ocr"] for r in scan.records)
    assert {t["engine"] for t in scan.tables} == {"rapidocr"}
    # The same page read from its text layer gives the reference: every record, named alike.
    reference = [r for r in process_file(SAMPLE).records if r["page"] == SAMPLE_PAGE]

    def key(r):
        return str(r["code"]), r["name"], r["column"], r["value"]
    assert len(reference) == 15
    assert sorted(map(key, scan.records)) == sorted(map(key, reference))
