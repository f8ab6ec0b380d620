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

import bisect

from pdfplumber import utils
from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections

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

    def find_tables(self, table_settings: dict) -> list["FastTable"]:
        """pdfplumber's TableFinder, step by step: its edges (snapped, joined, filtered), its
        intersections, `intersections_to_cells` (here with each point's edge sets built once,
        not at every comparison) and its `cells_to_tables`."""
        if not could_hold_table(self.edges):
            return []
        settings = _settings(table_settings)
        finder = TableFinder.__new__(TableFinder)  # only its edge preparation is wanted
        finder.page, finder.settings = self, settings
        points = edges_to_intersections(finder.get_edges(), settings.intersection_x_tolerance,
                                        settings.intersection_y_tolerance)
        return [FastTable(self, group) for group in cells_to_tables(intersections_to_cells(points))]


class FastTable(Table):
    """A pdfplumber Table whose `extract` finds each row's characters by binary search on their
    vertical midpoints instead of scanning the page's characters for every row: the same
    characters (midpoint inside the row, then inside the cell, half-open), in the same order."""

    def extract(self, **kwargs) -> list[list[str | None]]:
        chars = self.page.chars
        mids = sorted(((c["top"] + c["bottom"]) / 2, i) for i, c in enumerate(chars))
        keys = [m for m, _ in mids]
        out = []
        for row in self.rows:
            x0, top, x1, bottom = row.bbox
            span = mids[bisect.bisect_left(keys, top):bisect.bisect_left(keys, bottom)]
            row_chars = [chars[i] for i in sorted(i for _, i in span)
                         if x0 <= (chars[i]["x0"] + chars[i]["x1"]) / 2 < x1]
            cells = []
            for cell in row.cells:
                if cell is None:
                    cells.append(None)
                    continue
                inside = [c for c in row_chars if _in_bbox(c, cell)]
                cells.append(utils.extract_text(inside, **kwargs) if inside else "")
            out.append(cells)
        return out


def _in_bbox(char: dict, bbox) -> bool:
    """pdfplumber's `char_in_bbox`: the character's midpoint, half-open on the right and bottom."""
    v_mid = (char["top"] + char["bottom"]) / 2
    h_mid = (char["x0"] + char["x1"]) / 2
    return bbox[0] <= h_mid < bbox[2] and bbox[1] <= v_mid < bbox[3]


def intersections_to_cells(intersections: dict) -> list[tuple]:
    """pdfplumber's `intersections_to_cells`, point for point: for each intersection (sorted),
    the first point below and the first point to its right, in sorted order, that close a cell
    with a fourth intersection along shared edges. pdfplumber rebuilds both points' edge sets at
    every comparison and scans every later point for `below` and `right`; here both are indexed."""
    v_sets = {p: {utils.obj_to_bbox(e) for e in d["v"]} for p, d in intersections.items()}
    h_sets = {p: {utils.obj_to_bbox(e) for e in d["h"]} for p, d in intersections.items()}

    def connects(p1, p2) -> bool:
        return ((p1[0] == p2[0] and not v_sets[p1].isdisjoint(v_sets[p2]))
                or (p1[1] == p2[1] and not h_sets[p1].isdisjoint(h_sets[p2])))

    points = sorted(intersections)
    by_x: dict = {}
    by_y: dict = {}
    for p in points:
        by_x.setdefault(p[0], []).append(p)
        by_y.setdefault(p[1], []).append(p)
    cells = []
    for pt in points:
        below = [p for p in by_x[pt[0]] if p > pt]
        right = [p for p in by_y[pt[1]] if p > pt]
        cell = _smallest_cell(pt, below, right, intersections, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(pt, below, right, intersections, connects):
    for below_pt in below:
        if not connects(pt, below_pt):
            continue
        for right_pt in right:
            if not connects(pt, right_pt):
                continue
            corner = (right_pt[0], below_pt[1])
            if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                return (pt[0], pt[1], corner[0], corner[1])
    return None


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
