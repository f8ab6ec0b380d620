"""Pictures of the printed cells behind a finding, for a reader to check it by eye.

A finding is only convincing when an auditor can see the printed numbers it is about. For each
page a finding's evidence touches, the page band holding those cells is cut out (full page
width, so the row labels are in view) with the stated total outlined in red, the parts in blue
and blank parts in orange, and returned as PNG bytes for embedding in the HTML report. A number
means nothing without its column, so the band reaches up to the table's header on that page;
when the header is far above the cells, the header strip is set above the band instead, with
a grey bar marking the rows left out.
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
GAP = 8  # pixels of the grey bar between a header strip and a band of rows further down
MAX_JOINED = 160  # points: a header closer than this above the cells is shown with the rows between
PAGE_SCALE = 0.8  # whole-page pictures (findings without cells, table pages) are for orientation


@dataclass(frozen=True)
class Crop:
    page: int
    png: bytes
    source: str | None = None  # another document's file name, for a cross-document finding's cells

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

    def crops(self, evidence: list[dict], headers: dict[tuple[str, int], tuple[float, float]] | None = None,
              table_id: str | None = None) -> list[Crop]:
        """One crop per page the cells are on. `headers` maps (table_id, page) → (top of the
        table's grid, top of its first data row): the column header band of that page."""
        by_page: dict[int, list[dict]] = {}
        for cell in evidence:
            if cell.get("bbox") and cell.get("page"):
                by_page.setdefault(cell["page"], []).append(cell)
        out = []
        for page, cells in sorted(by_page.items())[:MAX_PAGES]:
            if 1 <= page <= len(self._pages):
                bands = [(headers or {}).get((c.get("table_id") or table_id, page)) for c in cells]
                out.append(self._crop(page, cells, min((b for b in bands if b), default=None)))
        return out

    def page(self, number: int) -> Crop | None:
        """The whole page, small: for a finding about a page rather than cells."""
        if not 1 <= number <= len(self._pages):
            return None
        return Crop(page=number, png=_png(self._pages.render(number, PAGE_SCALE).image))

    def _page(self, number: int) -> PageImage:
        if number not in self._rendered:
            self._rendered[number] = self._pages.render(number, SCALE)
        return self._rendered[number]

    def _crop(self, number: int, cells: list[dict], header: tuple[float, float] | None = None) -> Crop:
        page = self._page(number)
        image = page.image.copy()
        draw = ImageDraw.Draw(image)
        for cell in cells:
            colour = TOTAL if cell["role"] == "total" else (PART if cell.get("printed") else BLANK_PART)
            draw.rectangle(page.box(cell["bbox"]), outline=colour, width=3)
        top = min(c["bbox"][1] for c in cells) - MARGIN
        bottom = max(c["bbox"][3] for c in cells) + MARGIN
        strip = None
        if header is not None and header[0] < top:
            if top - header[1] <= MAX_JOINED:
                top = header[0] - 4
            else:
                strip = _band(page, image, header[0] - 4, header[1] + 2)
        band = _band(page, image, top, bottom)
        if strip is not None:
            joined = Image.new("RGB", (band.width, strip.height + GAP + band.height), (190, 194, 200))
            joined.paste(strip, (0, 0))
            joined.paste(band, (0, strip.height + GAP))
            band = joined
        return Crop(page=number, png=_png(band))


def _band(page: PageImage, image: Image.Image, top: float, bottom: float) -> Image.Image:
    _, y0, _, y1 = page.box((0, top, 0, bottom))
    return image.crop((0, max(0, y0), image.width, min(image.height, y1)))


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    # A palette image: a page band of text and rules needs few colours and compresses ~4× better.
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def source_pdf(document: dict) -> tuple[Path | None, str | None]:
    """The PDF a document row came from, if it is still where the run found it and unchanged.

    Returns (path, None) or (None, reason key of `messages`). The hash check keeps a report from outlining cells on
    a different file that now sits at the same path.
    """
    path = Path(document["path"])
    if path.suffix.lower() != ".pdf":
        return None, "reason_not_pdf"
    if not path.is_file():
        return None, "reason_moved"
    if file_id(path) != document["doc_id"]:
        return None, "reason_changed"
    return path, None
