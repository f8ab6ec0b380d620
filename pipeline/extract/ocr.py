"""OCR for pages whose text layer is missing (scans, image pages) or garbled (fonts without a
Unicode map): the page image is read into the same Page / Grid / Cell / TextLine objects the
pdfplumber reader makes, every cell and the page marked `ocr`.

Why cells one by one: on scanned tables whole-page OCR lets text boxes run across cell borders
(0.93 of cells right, EXTRACTION-NOTES), while finding the ruled grid in the image first and
reading each cell alone got 0.996 with every amount right. So the page is rendered, rulings are
found with OpenCV morphology, merged cells are rebuilt through `lattice`, each inked cell is read,
and the page with its grids painted out is read once more for the text around them.

rapidocr loads its models (shipped in the wheel, no download) on first use, once per process.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium

from pipeline.extract.lattice import Atom, to_grid
from pipeline.model import Grid, Page, TextLine

SCALE = 3.0  # 216 dpi: small table digits of a 96-dpi scan still get ~30 px of height
# Text detection only has to find where lines are, not read them: it runs on the page shrunk to
# this fraction (108 dpi), its boxes scaled back, and recognition reads from the full image.
DETECT_SCALE = 0.5
ENGINE = "rapidocr"
_engine = None


def engine():
    """The process's one RapidOCR instance (loading its models takes seconds; reuse it)."""
    global _engine
    if _engine is None:
        from rapidocr import RapidOCR
        # The angle classifier is for text turned upside down, which these documents never have.
        # One onnxruntime thread: parallelism comes from worker processes (`--jobs`), and idle
        # intra-op threads spin on cores the other workers need — measured on the scanned truth
        # file, a page cost 2.0 CPU-seconds with one thread and 2.8–3.0 with two (wall-clock, at a load
        # of ~9 on 2 cores, was within the noise either way).
        _engine = RapidOCR(params={"Global.log_level": "warning", "Global.use_cls": False,
                                   "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                                   "EngineConfig.onnxruntime.inter_op_num_threads": 1})
    return _engine


def render(path: str | Path, number: int, scale: float = SCALE) -> np.ndarray:
    """Page `number` (1-based) as a grayscale image, upright as a reader sees it (/Rotate applied)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[number - 1].render(scale=scale, grayscale=True).to_numpy()
    finally:
        pdf.close()
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def read_page(path: str | Path, page: Page) -> Page:
    """OCR one page of `path`; `page` gives its number and size in points (upright frame)."""
    image = render(path, page.number)
    boxes = _detect(image)
    image, boxes, turned = _upright(image, boxes)
    if turned:  # the reader turns the sheet: width and height swap, as for a page with /Rotate
        page = replace(page, width=page.height, height=page.width, rotation=(page.rotation + 90 * turned) % 360)
    k = image.shape[1] / page.width  # pixels per point
    grids = []
    for atoms_px in find_lattices(image):
        atoms = [[Atom(tuple(v / k for v in a.bbox), "", a.left, a.top) for a in row] for row in atoms_px]
        grid = to_grid(atoms, page.number, ENGINE, ocr=True)
        if grid is not None and _mostly_ruled(grid):
            grids.append(grid)
    # Text is found once on the whole page, then each box is cut at the cell borders it crosses
    # and every piece read on its own: a box running from a label into the next cell's amount
    # (pitfall 2 of the notes) becomes two texts in two cells.
    pieces: list[tuple[object, tuple[float, float, float, float]]] = []
    for box in boxes:
        cuts = [((i, cell.row, cell.col), piece) for i, g in enumerate(grids) for row in g.rows for cell in row
                if cell.bbox for piece in [_overlap(box, _inset(cell.bbox, k))] if piece is not None]
        if not cuts:
            pieces.append((None, box))
        pieces += [(key, piece) for key, piece in cuts
                   if piece[2] - piece[0] >= 4 and piece[3] - piece[1] >= 0.5 * (box[3] - box[1])]
    texts = _recognise(image, [p for _, p in pieces])
    by_cell: dict = {}
    outside = []
    for (key, box), text in zip(pieces, texts):
        if not text:
            continue
        (outside if key is None else by_cell.setdefault(key, [])).append((box, text))
    grids = [replace(g, rows=tuple(tuple(
        replace(c, text="\n".join(t for t, _ in _group_lines(by_cell.get((i, c.row, c.col), []))))
        if c.bbox else c for c in row) for row in g.rows)) for i, g in enumerate(grids)]
    lines = [TextLine(text=text, page=page.number, bbox=tuple(round(float(v) / k, 2) for v in box))
             for text, box in _group_lines(outside)]
    return replace(page, lines=tuple(lines), grids=tuple(grids), ocr=True, error=None)


def _mostly_ruled(grid: Grid) -> bool:
    """False when most positions are covered by merged cells: the rulings were too faint or broken
    to be found, and reading such a grid would pour many cells into one. Its text is then read as
    page lines instead."""
    cells = [c for row in grid.rows for c in row]
    return sum(c.bbox is None for c in cells) <= 0.5 * len(cells)


def _upright(image: np.ndarray, boxes):
    """Turn a page whose text runs up or down the sheet (a landscape table scanned on a portrait
    page, with no /Rotate to say so) until its lines run left to right. Returns the image, its
    text boxes and the clockwise quarter turns applied. Which of the two turns is right is decided
    by the recogniser's confidence on the longest lines."""
    tall = sum(1 for b in boxes if b[3] - b[1] > 1.5 * (b[2] - b[0]))
    if tall <= len(boxes) / 2:
        return image, boxes, 0
    best = None
    for turns in (1, 3):
        turned = np.ascontiguousarray(np.rot90(image, -turns))
        found = _detect(turned)
        sample = sorted(found, key=lambda b: b[0] - b[2])[:8]
        confidence = float(np.mean(_recognise(turned, sample, scores=True))) if sample else 0.0
        if best is None or confidence > best[0]:
            best = (confidence, turned, found, turns)
    return best[1], best[2], best[3]


def _inset(bbox, k: float) -> tuple[float, float, float, float]:
    """A cell's interior in pixels, its rulings left out."""
    x0, y0, x1, y1 = (v * k for v in bbox)
    return (x0 + 3, y0 + 3, x1 - 3, y1 - 3)


def _overlap(a, b):
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[0] < box[2] and box[1] < box[3] else None


def find_lattices(gray: np.ndarray) -> list[list[list[Atom]]]:
    """Ruled tables in a page image, each as rows of atomic cells in pixels with their ruled edges."""
    ink = cv2.adaptiveThreshold(255 - gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -10)
    h, w = gray.shape
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, w // 40), 1)))
    # Vertical rulings must be longer than a character is tall (~12 pt), or strokes become columns.
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, h // 40))))
    # Close one-pixel gaps so a scanned ruling stays one segment.
    horiz = cv2.dilate(horiz, np.ones((3, 3), np.uint8))
    vert = cv2.dilate(vert, np.ones((3, 3), np.uint8))
    # A header row without inner rulings, between open sides, is not connected to the rest of its
    # table: bridge vertical gaps up to a row's height (~20 pt) when finding table regions.
    regions = cv2.dilate(horiz | vert, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, h // 30))))
    n, _, stats, _ = cv2.connectedComponentsWithStats(regions)
    tables = []
    for x, y, bw, bh, _ in stats[1:n]:
        if bw < w * 0.15 or bh < 20:
            continue
        lattice = _lattice(horiz[y:y + bh, x:x + bw], vert[y:y + bh, x:x + bw], x, y)
        if lattice:
            tables.append(lattice)
    return sorted(tables, key=lambda t: t[0][0].bbox[1])


def _positions(mask: np.ndarray, axis: int, min_len: int) -> list[int]:
    """Centres of ruling segments at least `min_len` long, clustered within 6 px."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    centres = sorted(int(s[1] + s[3] / 2) if axis == 0 else int(s[0] + s[2] / 2)
                     for s in stats[1:n] if (s[2] if axis == 0 else s[3]) >= min_len)
    out: list[int] = []
    for c in centres:
        if out and c - out[-1] <= 6:
            continue
        out.append(c)
    return out


def _lattice(horiz, vert, ox: int, oy: int) -> list[list[Atom]] | None:
    ys = _positions(horiz, 0, 20)
    xs = _positions(vert, 1, 12)
    if len(ys) < 3:
        return None  # fewer than two rows: a rule, a letterhead's double line or a stamp, not a table
    # Tables often leave their outer sides open: the ends of the horizontal rulings close them.
    cols = np.where(horiz.any(axis=0))[0]
    if cols.size and (not xs or xs[0] - cols[0] > 10):
        xs.insert(0, int(cols[0]))
    if cols.size and xs[-1] < cols[-1] - 10:
        xs.append(int(cols[-1]))
    if len(xs) < 3:
        return None  # fewer than two columns: a box or a rule, not a table

    def ruled(mask, x0, x1, y0, y1) -> bool:
        band = mask[max(0, y0):y1 + 1, max(0, x0):x1 + 1]
        along = band.any(axis=1) if band.shape[0] > band.shape[1] else band.any(axis=0)
        return band.size > 0 and along.mean() > 0.6

    rows = []
    for r in range(len(ys) - 1):
        row = []
        for c in range(len(xs) - 1):
            left = ruled(vert, xs[c] - 3, xs[c] + 3, ys[r] + 3, ys[r + 1] - 3)
            top = ruled(horiz, xs[c] + 3, xs[c + 1] - 3, ys[r] - 3, ys[r] + 3)
            row.append(Atom((xs[c] + ox, ys[r] + oy, xs[c + 1] + ox, ys[r + 1] + oy), "", left, top))
        rows.append(row)
    return rows


def _detect(image: np.ndarray, scale: float | None = None) -> list[tuple[float, float, float, float]]:
    """Axis-aligned pixel boxes (of `image`) of every text line rapidocr's detector finds on the
    image shrunk by `scale` (default DETECT_SCALE)."""
    scale = DETECT_SCALE if scale is None else scale
    small = image if scale == 1 else cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    result = engine()(small, use_det=True, use_cls=False, use_rec=False)
    if result.boxes is None:
        return []
    h, w = image.shape[:2]
    return [(max(0.0, float(b[:, 0].min()) / scale), max(0.0, float(b[:, 1].min()) / scale),
             min(float(w), float(b[:, 0].max()) / scale), min(float(h), float(b[:, 1].max()) / scale))
            for b in result.boxes]


def _recognise(image: np.ndarray, boxes, scores: bool = False) -> list:
    """Text of each box, read in one batch; a reading below rapidocr's score threshold is dropped.
    With `scores`, the recogniser's confidence in each reading instead."""
    if not boxes:
        return []
    crops = []
    for x0, y0, x1, y1 in boxes:
        crop = image[int(y0):int(np.ceil(y1)), int(x0):int(np.ceil(x1))]
        crop = cv2.copyMakeBorder(crop, 4, 4, 4, 4, cv2.BORDER_CONSTANT, value=255)
        crops.append(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR))
    eng = engine()
    result = eng.recognize_txt(crops)
    if scores:
        return list(result.scores)
    floor = eng.text_score
    return [t.strip() if s >= floor else "" for t, s in zip(result.txts, result.scores)]


def _group_lines(boxes):
    """Boxes whose vertical centres lie within half a box height form one line, left to right."""
    lines: list[list] = []
    for bbox, text in sorted(boxes, key=lambda b: (b[0][1] + b[0][3]) / 2):
        centre, height = (bbox[1] + bbox[3]) / 2, bbox[3] - bbox[1]
        if lines:
            last = lines[-1][-1][0]
            if abs((last[1] + last[3]) / 2 - centre) <= max(height, last[3] - last[1]) / 2:
                lines[-1].append((bbox, text))
                continue
        lines.append([(bbox, text)])
    out = []
    for line in lines:
        line.sort(key=lambda b: b[0][0])
        box = (min(b[0][0] for b in line), min(b[0][1] for b in line),
               max(b[0][2] for b in line), max(b[0][3] for b in line))
        out.append((" ".join(t for _, t in line), box))
    return out
