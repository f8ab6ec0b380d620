"""One page drawn with what extraction saw on it, for diagnosing a bad extraction.

When a table comes out wrong, the question is almost always which stage lost it: were the words
there (text layer), were the ruling lines there (a table drawn without rules is not found), or
did the table finder cut the grid differently from the printed one? One picture answers all
three: words in blue, ruling lines in green, detected table cells in red and each detected grid's
outline in magenta, over the rendered page.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import ImageDraw, ImageFont

from pipeline.extract.reader import read_page
from pipeline.render import PdfPages

WORD = (40, 110, 230)
LINE = (20, 170, 60)
CELL = (220, 30, 30)
GRID = (200, 0, 200)
LEGEND = (("words", WORD), ("ruling lines", LINE), ("table cells", CELL), ("grids", GRID))


@dataclass(frozen=True)
class DebugSummary:
    page: int
    words: int
    lines: int
    grids: int
    cells: int
    text_layer: str
    out: Path


def draw_page(pdf: str | Path, page: int, out: str | Path, scale: float = 2.0) -> DebugSummary:
    """Write a PNG of `page` (1-based) of `pdf` with words, ruling lines and detected cells drawn."""
    out = Path(out)
    with PdfPages(pdf) as pages:
        if not 1 <= page <= len(pages):
            raise ValueError(f"page {page} is out of range: the PDF has {len(pages)} pages")
        rendered = pages.render(page, scale)
        plumber = pages.plumber_page(page)
        words = plumber.dedupe_chars().extract_words()
        rulings = plumber.edges  # lines and rectangle sides: what the lines strategy finds tables from
        extracted = read_page(plumber)
    draw = ImageDraw.Draw(rendered.image)
    for w in words:
        draw.rectangle(rendered.box((w["x0"], w["top"], w["x1"], w["bottom"])), outline=WORD, width=1)
    for e in rulings:
        x0, top, x1, bottom = rendered.box((e["x0"], e["top"], e["x1"], e["bottom"]))
        draw.line((x0, top, x1, bottom), fill=LINE, width=2)
    n_cells = 0
    for grid in extracted.grids:
        for row in grid.rows:
            for cell in row:
                if cell.bbox is not None:
                    n_cells += 1
                    draw.rectangle(_inset(rendered.box(cell.bbox), 2), outline=CELL, width=2)
        draw.rectangle(rendered.box(grid.bbox), outline=GRID, width=4)
    _legend(draw)
    out.parent.mkdir(parents=True, exist_ok=True)
    rendered.image.save(out)
    return DebugSummary(page=page, words=len(words), lines=len(rulings), grids=len(extracted.grids),
                        cells=n_cells, text_layer=extracted.text_layer, out=out)


def _inset(box: tuple[int, int, int, int], d: int) -> tuple[int, int, int, int]:
    """Shrink a cell box a little so neighbouring cells' outlines stay distinguishable."""
    x0, y0, x1, y1 = box
    if x1 - x0 <= 2 * d or y1 - y0 <= 2 * d:
        return box
    return (x0 + d, y0 + d, x1 - d, y1 - d)


def _legend(draw: ImageDraw.ImageDraw) -> None:
    font = ImageFont.load_default(size=18)
    x = 8
    for label, colour in LEGEND:
        draw.rectangle((x, 6, x + 18, 24), outline=colour, width=3)
        draw.text((x + 26, 5), label, fill=colour, font=font)
        x += 40 + round(draw.textlength(label, font=font))
