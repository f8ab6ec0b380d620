"""The annotated PDF: the 部门决算 sample with each finding's cells boxed and one note per
finding, as standard annotations read back with pypdf and drawn by pdfium where the cells are
(page 11 carries /Rotate 90, so the mapping back to user space is exercised)."""
from __future__ import annotations

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.render import PdfPages
from pipeline.report.annotate import COLOURS, file_name, to_user_space
from pipeline.report.load import load
from tests.conftest import SAMPLES

SAMPLE = "final_account_2022_qiaokou_media.pdf"


@pytest.mark.parametrize("rotation, expected", [
    (0, (110, 700, 150, 720)),    # x from the left, y up from the bottom
    (90, (80, 110, 100, 150)),    # displayed top is user x, displayed x is user y
    (180, (450, 80, 490, 100)),
    (270, (500, 650, 520, 690)),
])
def test_a_displayed_box_maps_back_to_user_space(rotation, expected):
    mediabox = (0, 0, 600, 800)
    assert to_user_space((110, 80, 150, 100), mediabox, rotation) == pytest.approx(expected)
    # an offset MediaBox moves the box by its origin
    shifted = to_user_space((110, 80, 150, 100), (10, 20, 610, 820), rotation)
    assert shifted == pytest.approx((expected[0] + 10, expected[1] + 20, expected[2] + 10, expected[3] + 20))


@pytest.fixture(scope="module")
def annotated(samples_run):
    out, _ = samples_run
    result = CliRunner().invoke(app, ["annotate", str(out), SAMPLE])
    assert result.exit_code == 0, result.output
    run = load(out)
    doc = next(d for d in run.documents if d["file"] == SAMPLE)
    return out / "annotated" / file_name(doc), [f for f in run.findings if f["doc_id"] == doc["doc_id"]], result.output


def test_one_note_per_finding_with_cells_and_a_box_per_cell(annotated):
    path, findings, output = annotated
    located = [f for f in findings if any(c.get("bbox") for c in f["evidence"])]
    assert f"{len(located)} findings marked" in output and len(located) >= 7
    notes, squares = {}, {}
    for number, page in enumerate(PdfReader(path).pages, start=1):
        for ref in page.get("/Annots", []):
            a = ref.get_object()
            bucket = notes if a["/Subtype"] == "/Text" else squares
            bucket.setdefault(str(a["/NM"]), []).append((number, a))
    assert sorted(notes) == sorted(f["finding_id"] for f in located)
    assert all(len(v) == 1 for v in notes.values())
    for f in located:
        (page, note), = notes[f["finding_id"]]
        cells = [c for c in f["evidence"] if c.get("bbox")]
        anchor = next((c for c in cells if c["role"] == "total"), cells[0])  # the note sits at the stated total
        assert f["rule"] in note["/Contents"] and page == anchor["page"]
        boxes = [k for k in squares if k.startswith(f["finding_id"] + "-c")]
        assert len(boxes) == len(cells)


def test_boxes_are_drawn_on_the_cells_of_a_rotated_page(annotated, samples_run):
    path, findings, _ = annotated
    f3 = next(f for f in findings if f["finding_id"].endswith("-f003"))  # 表5 (p11, /Rotate 90): 201 小计 263.88
    assert PdfReader(path).pages[10]["/Rotate"] == 90
    total = next(c for c in f3["evidence"] if c["role"] == "total")
    with PdfPages(path) as pages:
        picture = pages.render(total["page"], 2.0)
    x0, y0, x1, y1 = picture.box(total["bbox"])
    red = tuple(round(v * 255) for v in COLOURS["total"])
    edge = [picture.image.getpixel((x, y)) for x in range(x0, x1) for y in range(y0 - 2, y0 + 3)]
    assert sum(1 for px in edge if all(abs(a - b) < 60 for a, b in zip(px, red))) > (x1 - x0)  # its top edge is red
    inside = picture.image.crop((x0 + 6, y0 + 6, x1 - 6, y1 - 6))
    assert not any(all(abs(a - b) < 60 for a, b in zip(px, red)) for _, px in inside.getcolors(1 << 16))
    assert not any("/Annots" in p for p in PdfReader(SAMPLES / SAMPLE).pages)  # the original is untouched
