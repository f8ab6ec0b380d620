"""pdfplumber-based reader: pages, text lines outside tables, ruled grids with cell bboxes.

pdfminer already applies a page's /Rotate, so coordinates and text are in the upright frame a
reader sees. Duplicate glyphs (fake bold) are removed before anything is read. Pages without a
usable text layer (scans, fonts without a Unicode map) are read again from their image by `ocr`.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from pipeline.extract import ocr, textlayer
from pipeline.model import Cell, Document, Grid, Page, TextLine

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


class ExtractionError(Exception):
    """A file that cannot be read as a PDF at all; the message says why, for that file."""


def file_id(path: Path) -> str:
    """sha256 of the file bytes: the stable doc_id the output contract asks for."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_pdf(path: str | Path, pages: list[int] | None = None, use_ocr: bool = True) -> Document:
    """Read a PDF into a Document (only `pages`, 1-based, when given; numbers past the last page
    are ignored). Raises ExtractionError with a specific reason on failure.

    With `use_ocr`, pages whose text layer is missing or garbled are read from their image
    (seconds per page, so only those pages)."""
    path = Path(path)
    doc_id = file_id(path)
    with open(path, "rb") as f:
        head = f.read(1024)
    if b"%PDF" not in head:
        raise ExtractionError(f"not a PDF file (starts with {head[:8]!r})")
    try:
        pdf = pdfplumber.open(path)
    except Exception as e:  # pdfminer raises many kinds on damaged files; pdfplumber wraps them
        raise ExtractionError(_open_error(e)) from e
    with pdf:
        try:
            selected = pdf.pages if pages is None else [pdf.pages[i - 1] for i in pages if 1 <= i <= len(pdf.pages)]
        except Exception as e:
            raise ExtractionError(f"corrupt PDF page tree: {type(e).__name__}: {e}") from e
        out = [read_page(p) for p in selected]
    if use_ocr:
        out = [_read_image(path, p) if p.text_layer in ("none", "garbled") else p for p in out]
    return Document(doc_id=doc_id, path=str(path), pages=tuple(out))


def _read_image(path: Path, page: Page) -> Page:
    try:
        return ocr.read_page(path, page)
    except Exception as e:  # noqa: BLE001 - an image OCR cannot read loses this page only
        return replace(page, error=f"OCR failed: {type(e).__name__}: {e}")


def _open_error(e: Exception) -> str:
    """A specific reason for a PDF that will not open, looking through pdfplumber's wrapper."""
    inner = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
        return f"encrypted PDF, cannot be read without a password ({type(inner).__name__})"
    if isinstance(inner, PDFSyntaxError):
        return f"corrupt PDF: {inner}"
    return f"unreadable PDF: {type(inner).__name__}: {inner}"


def read_page(page: pdfplumber.page.Page) -> Page:
    number = page.page_number
    try:
        page = page.dedupe_chars()
        text = page.extract_text() or ""
        n_chars = len(page.chars)
    except Exception:  # a damaged content stream loses this page only
        return Page(number, float(page.width), float(page.height), int(page.rotation or 0), (), (), "none")
    layer = textlayer.classify(text, n_chars)
    if layer == "none" and not page.images:
        layer = "blank"  # an empty page, not a scan
    grids: list[Grid] = []
    if layer in ("ok", "garbled"):
        for table in page.find_tables(TABLE_SETTINGS):
            grid = _grid(table, number)
            if grid is not None:
                grids.append(grid)
    lines = _lines_outside(page, grids) if layer in ("ok", "garbled") else ()
    return Page(number, float(page.width), float(page.height), int(page.rotation or 0),
                lines, tuple(grids), layer)


def _grid(table, number: int) -> Grid | None:
    texts = table.extract()
    rows = []
    for r, (row, row_texts) in enumerate(zip(table.rows, texts)):
        cells = []
        for c, (bbox, text) in enumerate(zip(row.cells, row_texts)):
            cells.append(Cell(text=text if bbox is not None else None, page=number,
                              bbox=tuple(round(v, 2) for v in bbox) if bbox else None, row=r, col=c))
        rows.append(tuple(cells))
    if not rows or max(len(r) for r in rows) < 2:
        return None
    return Grid(page=number, bbox=tuple(round(v, 2) for v in table.bbox), rows=tuple(rows))


def _inside(bbox, box) -> bool:
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


# Some typesetters print the figures of a sentence ~5 pt below its words (a different font with
# another baseline); pdfplumber's default 3 pt would put `2995.39` on a line of its own, away
# from `收入支出总计 万元`. Body text lines are ≥ 10 pt apart, so 5 pt joins only such offsets.
LINE_Y_TOLERANCE = 5


def _lines_outside(page, grids: list[Grid]) -> tuple[TextLine, ...]:
    lines = []
    for ln in page.extract_text_lines(return_chars=False, y_tolerance=LINE_Y_TOLERANCE):
        bbox = (round(ln["x0"], 2), round(ln["top"], 2), round(ln["x1"], 2), round(ln["bottom"], 2))
        if any(_inside(bbox, g.bbox) for g in grids):
            continue
        lines.append(TextLine(text=ln["text"], page=page.page_number, bbox=bbox))
    return tuple(lines)
