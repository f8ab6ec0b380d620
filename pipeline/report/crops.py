"""Pictures of the printed cells behind a finding, for a reader to check it by eye.

A finding is only convincing when an auditor can see the printed numbers it is about. For each
page a finding's evidence touches, the page band holding those cells is cut out (full page
width, so the row labels are in view) with the stated total outlined in red, the parts in blue
and blank parts in orange, and returned as PNG bytes for embedding in the HTML report.
"""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from pipeline.extract.reader import file_id
from pipeline.render import PageImage, PdfPages

TOTAL = (220, 20, 20)
PART = (20, 90, 230)
BLANK_PART = (240, 140, 0)
SCALE = 1.5  # pixels per point: numbers stay legible, a landscape page band stays ~1260 px wide
MARGIN = 24  # points of context above and below the cells
MAX_PAGES = 2  # a finding spanning more pages (a table continued) shows its first two


@dataclass(frozen=True)
class Crop:
    page: int
    png: bytes

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


class Cropper:
    """Crops for one document's findings; each page is rendered once however many findings it has."""

    def __init__(self, path: str | Path):
        self._pages = PdfPages(path)
        self._rendered: dict[int, PageImage] = {}

    def __enter__(self) -> "Cropper":
        return self

    def __exit__(self, *exc) -> None:
        self._pages.close()

    def crops(self, evidence: list[dict]) -> list[Crop]:
        by_page: dict[int, list[dict]] = {}
        for cell in evidence:
            if cell.get("bbox") and cell.get("page"):
                by_page.setdefault(cell["page"], []).append(cell)
        return [self._crop(page, cells) for page, cells in sorted(by_page.items())[:MAX_PAGES]
                if 1 <= page <= len(self._pages)]

    def _page(self, number: int) -> PageImage:
        if number not in self._rendered:
            self._rendered[number] = self._pages.render(number, SCALE)
        return self._rendered[number]

    def _crop(self, number: int, cells: list[dict]) -> Crop:
        page = self._page(number)
        image = page.image.copy()
        draw = ImageDraw.Draw(image)
        for cell in cells:
            colour = TOTAL if cell["role"] == "total" else (PART if cell.get("printed") else BLANK_PART)
            draw.rectangle(page.box(cell["bbox"]), outline=colour, width=3)
        top = min(c["bbox"][1] for c in cells) - MARGIN
        bottom = max(c["bbox"][3] for c in cells) + MARGIN
        _, y0, _, y1 = page.box((0, top, 0, bottom))
        band = image.crop((0, max(0, y0), image.width, min(image.height, y1)))
        buf = io.BytesIO()
        # A palette image: a page band of text and rules needs few colours and compresses ~4× better.
        band.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(buf, format="PNG", optimize=True)
        return Crop(page=number, png=buf.getvalue())


def source_pdf(document: dict) -> tuple[Path | None, str | None]:
    """The PDF a document row came from, if it is still where the run found it and unchanged.

    Returns (path, None) or (None, reason). The hash check keeps a report from outlining cells on
    a different file that now sits at the same path.
    """
    path = Path(document["path"])
    if path.suffix.lower() != ".pdf":
        return None, "not a PDF"
    if not path.is_file():
        return None, "the PDF is no longer at the path it was read from"
    if file_id(path) != document["doc_id"]:
        return None, "the file at that path has changed since the run"
    return path, None
