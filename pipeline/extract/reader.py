"""PDF → Document: pages, text lines outside tables, ruled grids with cell bboxes.

Two readers share `read_page`: `pdfium` (the default: pypdfium2 parses each page once, a tenth of
pdfminer's time, see `pdfium_reader`) and `pdfplumber` (the reference, and the reader of pages
pdfium reads doubtfully). Either way coordinates and text are in the upright frame a reader sees
(/Rotate applied) and duplicate glyphs (fake bold) are removed before anything is read. Pages
without a usable text layer (scans, fonts without a Unicode map) are read again from their image
by `ocr`.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from pdfplumber import utils
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from pipeline.extract import ocr, repair, textlayer
from pipeline.extract.pdfium_objects import read_objects
from pipeline.extract.pdfium_reader import PdfiumPage
from pipeline.model import Cell, Document, Grid, Page, TextLine

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
READERS = ("pdfium", "pdfplumber")
READER_ENV = "BUDGETPIPE_READER"  # set by `budgetpipe ingest --reader`; worker processes inherit it


def default_reader() -> str:
    """The reader `read_pdf` uses when none is named: pdfium unless the environment says otherwise
    (an environment variable reaches every worker process, however the pool starts them)."""
    return os.environ.get(READER_ENV) or "pdfium"


class ExtractionError(Exception):
    """A file that cannot be read as a PDF at all; the message says why, for that file."""


def file_id(path: Path) -> str:
    """sha256 of the file bytes: the stable doc_id the output contract asks for."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_pdf(path: str | Path, pages: list[int] | None = None, use_ocr: bool = True,
             max_ocr_pages: int | None = None, reader: str | None = None) -> Document:
    """Read a PDF into a Document (only `pages`, 1-based, when given; numbers past the last page
    are ignored). Raises ExtractionError with a specific reason on failure.

    `reader` is `pdfium` or `pdfplumber` (see the module docstring; default `default_reader()`). With `use_ocr`, pages whose
    text layer is missing or garbled are read from their image (seconds per page, so only those
    pages; at most `max_ocr_pages` of them, the rest are left unread with that reason)."""
    reader = reader or default_reader()
    if reader not in READERS:
        raise ValueError(f"unknown reader {reader!r}: one of {', '.join(READERS)}")
    path = Path(path)
    doc_id = file_id(path)
    with open(path, "rb") as f:
        head = f.read(1024)
    if b"%PDF" not in head:
        raise ExtractionError(f"not a PDF file (starts with {head[:8]!r})")
    out = _read_pdfium(path, pages) if reader == "pdfium" else None
    repaired = None
    if out is None or None in out:  # pdfplumber reads what pdfium could not, or read doubtfully
        try:
            out = _read_pdfplumber(path, pages, out)
        except ExtractionError as first:
            # pdfminer gave up too: a broken xref, or an owner-password file. Read a repaired copy.
            with tempfile.TemporaryDirectory(prefix="budgetpipe-repair-") as tmp:
                copy = Path(tmp) / "repaired.pdf"
                try:
                    repaired = repair.readable_copy(path, copy)
                except repair.Unrepairable as e:
                    raise ExtractionError(str(e)) from first
                try:
                    out = _read_pdfplumber(copy, pages, None)
                except ExtractionError as e:
                    raise ExtractionError(f"{first} (a repaired copy failed too: {e})") from first
    if use_ocr:
        out = _read_images(path, out, max_ocr_pages)
    return Document(doc_id=doc_id, path=str(path), pages=tuple(out), repaired=repaired)


def _read_pdfium(path: Path, pages: list[int] | None) -> list[Page | None] | None:
    """Every selected page read from one pdfium parse; None in place of a page pdfium reads
    doubtfully (glyphs it cannot map to Unicode), or None for the whole file when pdfium cannot
    open it or its page tree (pdfplumber then gives the specific reason, or reads it)."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception:  # noqa: BLE001 - pdfium's errors are terse; pdfplumber's reason is reported
        return None
    try:
        numbers = list(range(1, len(pdf) + 1)) if pages is None else [n for n in pages if 1 <= n <= len(pdf)]
        out: list[Page | None] = []
        for n in numbers:
            page = pdf[n - 1]
            try:
                objs = read_objects(page.raw)
            except Exception:  # noqa: BLE001 - one page pdfium trips on is read by pdfplumber
                out.append(None)
                continue
            finally:
                page.close()
            out.append(None if objs.unmapped else read_page(PdfiumPage(n, objs)))
        return out
    finally:
        pdf.close()


def _read_pdfplumber(path: Path, pages: list[int] | None, done: list[Page | None] | None) -> list[Page]:
    """The selected pages read by pdfplumber, except those already in `done`."""
    try:
        pdf = pdfplumber.open(path)
    except Exception as e:  # pdfminer raises many kinds on damaged files; pdfplumber wraps them
        raise ExtractionError(_open_error(e)) from e
    with pdf:
        try:
            numbers = list(range(1, len(pdf.pages) + 1)) if pages is None else \
                [i for i in pages if 1 <= i <= len(pdf.pages)]
            selected = [pdf.pages[i - 1] for i in numbers]
        except Exception as e:
            raise ExtractionError(f"corrupt PDF page tree: {type(e).__name__}: {e}") from e
        if done is None:
            return [read_page(p) for p in selected]
        return [p if p is not None else read_page(plumber) for p, plumber in zip(done, selected)]


def _read_images(path: Path, pages: list[Page], limit: int | None) -> list[Page]:
    out, done = [], 0
    for p in pages:
        if p.text_layer in ("none", "garbled"):
            if limit is not None and done >= limit:
                p = replace(p, error=f"not OCR'd: the OCR limit is {limit} pages per document")
            else:
                p = _read_image(path, p)
                done += 1
        out.append(p)
    return out


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


def read_page(page: "pdfplumber.page.Page | PdfiumPage") -> Page:
    """One page's text-layer verdict, ruled grids and the text lines outside them."""
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


# Characters are placed on lines at 0.01 pt. pdfminer computes positions in doubles through its
# matrices (339.88 for one glyph, 339.8799999999999 for the glyph below it in the same column);
# pdfium keeps float32 (339.8800048828125 for both). pdfplumber sorts a line's characters by x0, so
# where chained line clustering puts stacked characters on one line (a column of vertical cell
# text), that noise alone ordered them differently in the two readers. Rounded, such ties keep
# the printing order in both; a line's box is unchanged (it is rounded to 0.01 pt anyway).
LINE_PLACES = 2


def _lines_outside(page, grids: list[Grid]) -> tuple[TextLine, ...]:
    chars = [{**c, "x0": round(c["x0"], LINE_PLACES), "x1": round(c["x1"], LINE_PLACES),
              "top": round(c["top"], LINE_PLACES), "bottom": round(c["bottom"], LINE_PLACES)} for c in page.chars]
    textmap = utils.chars_to_textmap(chars, layout_bbox=page.bbox, layout_width=page.width,
                                     layout_height=page.height, y_tolerance=LINE_Y_TOLERANCE)
    lines = []
    for ln in textmap.extract_text_lines(strip=True, return_chars=False):
        bbox = (round(ln["x0"], 2), round(ln["top"], 2), round(ln["x1"], 2), round(ln["bottom"], 2))
        if any(_within(bbox, g.bbox) for g in grids):
            continue
        lines.append(TextLine(text=ln["text"], page=page.page_number, bbox=bbox))
    return tuple(lines)


def _within(line, box) -> bool:
    """A text line belongs to a grid when its middle is inside it and the grid spans most of its
    width: a table row's line does, a line of prose whose words some exporters box one by one
    (`8.00` | `万元，其中，公务接待费3.00` inside a sentence) does not — it stays a text line, whole."""
    if not _inside(line, box):
        return False
    width = line[2] - line[0]
    covered = min(line[2], box[2] + 1) - max(line[0], box[0] - 1)
    return width <= 0 or covered >= WITHIN_SHARE * width


WITHIN_SHARE = 0.8  # share of a line's width a grid must span for the line to be the grid's
