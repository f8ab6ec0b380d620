"""The pdfium reading path: each page parsed once by pdfium, then read by the same code as the
pdfplumber reader (`reader.read_page`) through a page object that offers what it asks for.

Why a stand-in page rather than a second reader: the grids, text lines and text-layer verdict then
come from one implementation — pdfplumber's table finder (edges → intersections → cells →
tables), its text-line clustering and its de-duplication rule — fed with pdfium's objects, so the
two readers can only differ where pdfium and pdfminer see different characters or paths.

Triage before work: a page with no text object is a scan (images) or blank, and neither its
characters nor its paths are read; a page whose paths cannot close a cell (fewer than two
horizontal and two vertical edges) skips table finding. A page where pdfium could not map some
glyphs to Unicode is doubtful — pdfminer may map them from the font — and is left to pdfplumber.
"""
from __future__ import annotations

from pdfplumber import utils
from pdfplumber.table import TableFinder, TableSettings

from pipeline.extract.pdfium_objects import PageObjects

_TABLES = None  # resolved once: TableSettings.resolve is not free


def _settings(table_settings: dict) -> TableSettings:
    global _TABLES
    if _TABLES is None:
        _TABLES = TableSettings.resolve(dict(table_settings))
    return _TABLES


class PdfiumPage:
    """The part of pdfplumber's Page that `reader.read_page` and pdfplumber's TableFinder use,
    over one pdfium parse of the page."""

    def __init__(self, number: int, objs: PageObjects, chars: list[dict] | None = None):
        self.page_number = number
        self.objs = objs
        self.width, self.height, self.rotation = objs.width, objs.height, objs.rotation
        self.bbox = objs.bbox
        self.chars = objs.chars if chars is None else chars
        self.edges = objs.edges
        self.images = objs.images

    def dedupe_chars(self) -> "PdfiumPage":
        return PdfiumPage(self.page_number, self.objs, dedupe(self.chars))

    def extract_text(self) -> str:
        """The characters' text: all the text-layer verdict (`textlayer.classify`) looks at —
        it counts `(cid:N)` runs, bad and visible characters, never the spaces between words."""
        return "".join(c["text"] for c in self.chars)

    def find_tables(self, table_settings: dict):
        if not could_hold_table(self.edges):
            return []
        tables = TableFinder(self, _settings(table_settings)).tables
        for table in tables:  # each table reads only its own characters (same cells, less scanning)
            x0, top, x1, bottom = table.bbox
            table.page = _Chars([c for c in self.chars
                                 if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom])
        return tables

    def extract_text_lines(self, return_chars: bool = False, **kwargs):
        textmap = utils.chars_to_textmap(self.chars, layout_bbox=self.bbox, layout_width=self.width,
                                         layout_height=self.height, **kwargs)
        return textmap.extract_text_lines(strip=True, return_chars=return_chars)


class _Chars:
    """What a pdfplumber Table reads from its page when extracting cell text."""

    def __init__(self, chars: list[dict]):
        self.chars = chars


def could_hold_table(edges: list[dict], min_length: float = 1) -> bool:
    """A cell needs two horizontal and two vertical edges (pdfplumber's prefilter length)."""
    h = sum(1 for e in edges if e["orientation"] == "h" and e["width"] >= min_length)
    v = sum(1 for e in edges if e["orientation"] == "v" and e["height"] >= min_length)
    return h >= 2 and v >= 2


def dedupe(chars: list[dict], tolerance: float = 1) -> list[dict]:
    """pdfplumber's `dedupe_chars` with its defaults: among characters of the same text, upright,
    font and size, those within `tolerance` points (chained, first by top, then by x0) are one
    glyph printed twice for fake bold, and the topmost-leftmost (then first printed) is kept, in
    the original order. Same result in n log n: pdfplumber orders its survivors with `list.index`
    (n²) and clusters every one-character group."""
    groups: dict[tuple, list[int]] = {}
    for i, c in enumerate(chars):
        groups.setdefault((c["upright"], c["text"], c["fontname"], c["size"]), []).append(i)
    keep = []
    for members in groups.values():
        if len(members) == 1:
            keep.append(members[0])
            continue
        for y_cluster in _chain(members, lambda i: chars[i]["doctop"], tolerance):
            for x_cluster in _chain(y_cluster, lambda i: chars[i]["x0"], tolerance):
                keep.append(min(x_cluster, key=lambda i: (chars[i]["doctop"], chars[i]["x0"], i)))
    return [chars[i] for i in sorted(keep)]


def _chain(items: list[int], value, tolerance: float) -> list[list[int]]:
    """pdfplumber's `cluster_objects`: sorted by value, a new cluster wherever the gap to the
    previous value exceeds `tolerance`."""
    ordered = sorted(items, key=lambda i: (value(i), i))
    clusters: list[list[int]] = []
    last = None
    for i in ordered:
        v = value(i)
        if last is None or v > last + tolerance:
            clusters.append([])
        clusters[-1].append(i)
        last = v
    return clusters
