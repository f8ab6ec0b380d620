"""The pdfium reading path reads what the pdfplumber reader (the reference) reads.

On the samples (always present) every page must give the same text-layer verdict, text lines
and grid cells; a sample turned by /Rotate must still read the same; pdfium's de-duplication
must keep exactly the characters pdfplumber's keeps. On a handful of diverse corpus files (skipped
without ../shared) both paths must give the same records; `make equivalence` runs every file.
"""
from __future__ import annotations

import random

import pytest
from pdfplumber.utils import dedupe_chars

from pipeline.equivalence import compare, page_signature
from pipeline.extract import read_pdf
from pipeline.extract.pdfium_objects import Frame
from pipeline.extract.pdfium_reader import could_hold_table, dedupe
from tests.conftest import SAMPLES

SAMPLE_FILES = sorted(SAMPLES.glob("*.pdf"))


def _signatures(path, reader, pages=None):
    return [page_signature(p) + ((round(p.width, 2), round(p.height, 2), p.rotation),)
            for p in read_pdf(path, pages=pages, use_ocr=False, reader=reader).pages]


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_pdfium_reads_every_sample_page_as_pdfplumber_does(path):
    assert _signatures(path, "pdfium") == _signatures(path, "pdfplumber")


def test_grid_cells_keep_their_boxes():
    path = SAMPLES / "budget_2020_jianghan_media.pdf"
    a = read_pdf(path, use_ocr=False, reader="pdfplumber")
    b = read_pdf(path, use_ocr=False, reader="pdfium")
    boxes = lambda d: [(g.bbox, [c.bbox for r in g.rows for c in r]) for p in d.pages for g in p.grids]  # noqa: E731
    assert boxes(a) and len(boxes(a)) == len(boxes(b))
    for (ga, ca), (gb, cb) in zip(boxes(a), boxes(b)):
        assert ga == pytest.approx(gb, abs=0.02)
        assert [c is None for c in ca] == [c is None for c in cb]
        assert [v for c in ca if c for v in c] == pytest.approx([v for c in cb if c for v in c], abs=0.02)


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_a_turned_page_with_an_offset_mediabox_reads_the_same_in_both_readers(tmp_path, rotate):
    pypdf = pytest.importorskip("pypdf")
    source = SAMPLES / "budget_2020_jianghan_media.pdf"
    reader = pypdf.PdfReader(source)
    writer = pypdf.PdfWriter()
    writer.add_page(reader.pages[2])
    page = writer.pages[0]
    box = [float(v) for v in page.mediabox]  # a MediaBox not at the origin shifts pdfminer's frame
    page.mediabox = pypdf.generic.RectangleObject([box[0] - 15, box[1] + 12, box[2] + 5, box[3] + 30])
    if rotate:
        page.rotate(rotate)
    turned = tmp_path / "turned.pdf"
    with open(turned, "wb") as f:
        writer.write(f)
    plumber = _signatures(turned, "pdfplumber")
    assert plumber[0][-1][2] == rotate
    assert _signatures(turned, "pdfium") == plumber


def test_frame_maps_points_as_pdfminer_does():
    # A 600 × 800 page: pdfminer's upright frame for each /Rotate, top-down as pdfplumber flips it.
    box = (0, 0, 600, 800)
    assert Frame(box, 0).point(100, 700) == pytest.approx((100, 100))
    assert Frame(box, 90).point(100, 700) == pytest.approx((700, 100))
    assert Frame(box, 180).point(100, 700) == pytest.approx((500, 700))
    assert Frame(box, 270).point(100, 700) == pytest.approx((100, 500))
    assert (Frame(box, 90).width, Frame(box, 90).height) == (800, 600)
    # text drawn up the sheet on a page turned by 90° reads upright; on an unturned page it does not
    assert Frame(box, 90).orientation(0, 1, -1, 0)[0] is True
    assert Frame(box, 0).orientation(0, 1, -1, 0)[0] is False


def test_dedupe_keeps_what_pdfplumber_keeps():
    rng = random.Random(7)
    chars = []
    for _ in range(400):
        x, top = rng.choice([10, 10.4, 11.2, 30, 50.5]), rng.choice([100, 100.6, 101.8, 140])
        chars.append({"text": rng.choice("一二3"), "x0": x, "x1": x + 10, "top": top, "doctop": top,
                      "bottom": top + 10, "upright": rng.random() < 0.9, "fontname": rng.choice("AB"),
                      "size": rng.choice([10.0, 12.0])})
    assert dedupe(chars) == dedupe_chars(chars)
    assert len(dedupe(chars)) < len(chars)


def test_only_pages_whose_edges_can_close_a_cell_look_for_tables():
    h = {"orientation": "h", "width": 100, "height": 0}
    v = {"orientation": "v", "width": 0, "height": 50}
    assert could_hold_table([h, h, v, v])
    assert not could_hold_table([h, h, h, v])  # a rule under a heading and one stroke
    assert not could_hold_table([h, h, v, dict(v, height=0.5)])


def test_unknown_reader_is_refused():
    with pytest.raises(ValueError, match="unknown reader"):
        read_pdf(SAMPLE_FILES[0], reader="pdfbox")


# Diverse corpus files: plain tables, pages turned by /Rotate, fonts without ascent/descent
# metrics (pdfium's loose box differs from pdfminer's there), a scan (only the verdict counts).
CORPUS_FILES = ["bj_justice_2026_budget.pdf", "js_npc_office_2019_budget_tables.pdf",
                "sh_putuo_finance_2024_final.pdf", "cs_traffic_police_2023_perf_evaluation_SCANNED.pdf"]


@pytest.mark.slow
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_both_readers_give_the_same_records_on_corpus_files(corpus, name):
    c = compare(corpus / name)
    assert c.error is None and c.layers == []
    assert c.only == {"pdfplumber": [], "pdfium": []}


def test_cells_and_cell_texts_are_pdfplumbers_own():
    """The indexed `intersections_to_cells` and `FastTable.extract` give pdfplumber's results."""
    import pdfplumber
    from pdfplumber.table import Table, TableFinder
    from pdfplumber.table import intersections_to_cells as plumber_cells

    from pipeline.extract.pdfium_reader import FastTable, intersections_to_cells
    from pipeline.extract.reader import TABLE_SETTINGS

    checked = 0
    for path in SAMPLE_FILES:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                finder = TableFinder(page, TABLE_SETTINGS)
                assert intersections_to_cells(finder.intersections) == plumber_cells(finder.intersections)
                for table in finder.tables:
                    assert FastTable(page, table.cells).extract() == Table(page, table.cells).extract()
                    checked += 1
    assert checked >= 5


class _Page:
    """What `reader._lines_outside` reads of a page: its characters and its frame."""

    def __init__(self, chars):
        self.chars, self.page_number = chars, 1
        self.width, self.height = 600.0, 800.0
        self.bbox = (0.0, 0.0, 600.0, 800.0)


def _char(text, x0, top):
    return {"text": text, "x0": x0, "x1": x0 + 6.84, "top": top, "bottom": top + 6.84, "doctop": top,
            "upright": True, "size": 6.84, "fontname": "F"}


@pytest.mark.parametrize("below_x0", [339.8799999999999, 339.8800048828125])  # pdfminer's double, pdfium's float32
def test_stacked_characters_keep_their_printing_order_whatever_the_float_noise(below_x0):
    # Two glyphs of a vertical cell text, one below the other (4 pt apart: one line for the
    # 5-pt line tolerance), at the same x as printed: the one printed first comes first.
    from pipeline.extract.reader import _lines_outside
    (line,) = _lines_outside(_Page([_char("运", 339.88, 100.0), _char("维", below_x0, 104.0)]), [])
    assert line.text == "运维"
