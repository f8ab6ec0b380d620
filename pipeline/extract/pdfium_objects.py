"""One parse of a page with pdfium: its characters, path edges and images as plain objects.

Why pdfium: pdfminer's parse is ~90 % of the pipeline's time on text-layer files, and pdfium reads
the same characters and paths in a tenth of it. The objects are dicts with pdfplumber's keys and
meaning (x0, x1, top, bottom in points from the top-left of the page as a reader sees it, /Rotate
applied; `upright`, `size`, `fontname`; edges with `orientation`), so pdfplumber's own table
finder, text-line and de-duplication functions run on them unchanged and give the same grids.

Coordinates follow pdfminer exactly: the page's /Rotate and MediaBox origin become the same
transformation pdfminer applies (its `ctm`), then pdfplumber's flip to top-down. A character's box
is pdfium's "loose" box (advance width × the font's ascent-to-descent), which is pdfminer's box.
Paths are split into subpaths as pdfminer splits them; each subpath's consecutive points become
edges as pdfplumber makes them from lines, rects and curves (a two-point subpath is a line, whose
edge pdfplumber calls vertical unless it is horizontal; other segments are h, v or neither).
"""
from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

_TEXT, _PATH, _IMAGE, _FORM = (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH,
                               pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM)
_MOVE, _BEZIER = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
_GENERATED = frozenset((0x20, 0x0A, 0x0D, 0x02))  # what pdfium inserts between words and lines


@dataclass
class PageObjects:
    """Everything the reader needs from one page, read once."""

    width: float
    height: float
    rotation: int
    chars: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)
    n_texts: int = 0
    paths: list = field(default_factory=list)  # (path object, its matrix to page space)
    unmapped: int = 0  # characters pdfium could not map to Unicode (pdfminer prints `(cid:N)`)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)


class Frame:
    """pdfminer's page transformation for a MediaBox and /Rotate, then pdfplumber's flip."""

    def __init__(self, mediabox: tuple[float, float, float, float], rotation: int):
        x0, x1 = sorted((mediabox[0], mediabox[2]))
        y0, y1 = sorted((mediabox[1], mediabox[3]))
        self.rotation = rotation % 360
        # (a, b, c, d, e, f) of pdfminer's PDFPageInterpreter for this rotation
        self.ctm = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
                    270: (0, 1, -1, 0, y1, -x0)}.get(self.rotation, (1, 0, 0, 1, -x0, -y0))
        norm = (y0, x0, y1, x1) if self.rotation in (90, 270) else (x0, y0, x1, y1)
        self.height = norm[3] - norm[1]
        self.width = norm[2] - norm[0]
        self.dx = norm[0]  # pdfplumber adds the MediaBox's left back to x
        self.dtop = self.height - norm[3]  # and its inverted top to top

    def point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e + self.dx, self.height - (b * x + d * y + f) + self.dtop

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        xa, ya = self.point(left, bottom)
        xb, yb = self.point(right, top)
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)

    def orientation(self, a: float, b: float, c: float, d: float) -> tuple[bool, bool]:
        """(upright, reads normally) for a character matrix after the page transformation:
        pdfminer's `upright` test, and whether the glyph stands on its baseline unturned."""
        ma, mb, mc, md = self.ctm[:4]
        a2, b2 = a * ma + b * mc, a * mb + b * md
        c2, d2 = c * ma + d * mc, c * mb + d * md
        upright = 0 < a2 * d2 and b2 * c2 <= 0
        return upright, upright and a2 > 0 and d2 > 0


def read_objects(page_handle) -> PageObjects:
    """The page's objects. A page without a text object (a scan, or blank) has its images
    listed and nothing else read: neither characters nor path geometry can matter to it."""
    mediabox = tuple(round(v, 4) for v in _mediabox(page_handle))  # pdfium keeps float32
    frame = Frame(mediabox, pdfium_c.FPDFPage_GetRotation(page_handle) * 90)
    objs = PageObjects(width=frame.width, height=frame.height, rotation=frame.rotation)
    _walk(page_handle, None, frame, objs)
    if objs.n_texts:
        _read_chars(page_handle, frame, objs)
        for obj, matrix in objs.paths:
            _path_edges(obj, matrix, frame, objs.edges)
    return objs


def _mediabox(page_handle) -> tuple[float, float, float, float]:
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPage_GetMediaBox(page_handle, l, b, r, t):
        return (0.0, 0.0, 612.0, 792.0)  # the PDF default, as pdfium itself assumes
    return (l.value, b.value, r.value, t.value)


def _matrix(obj) -> tuple[float, float, float, float, float, float]:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner, outer):
    """inner then outer (PDF row-vector convention)."""
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _walk(container, form_matrix, frame: Frame, objs: PageObjects) -> None:
    """Every text, path and image object of the page, forms entered with their matrix."""
    in_form = form_matrix is not None
    count = pdfium_c.FPDFFormObj_CountObjects(container) if in_form else pdfium_c.FPDFPage_CountObjects(container)
    get = pdfium_c.FPDFFormObj_GetObject if in_form else pdfium_c.FPDFPage_GetObject
    for i in range(count):
        obj = get(container, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == _TEXT:
            objs.n_texts += 1
        elif kind == _PATH:
            objs.paths.append((obj, _compose(_matrix(obj), form_matrix)))
        elif kind == _IMAGE:
            objs.images.append(_bounds(obj, form_matrix, frame))
        elif kind == _FORM:
            _walk(obj, _compose(_matrix(obj), form_matrix), frame, objs)


def _bounds(obj, form_matrix, frame: Frame) -> tuple[float, float, float, float]:
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(obj, l, b, r, t)
    corners = [(l.value, b.value), (r.value, t.value), (l.value, t.value), (r.value, b.value)]
    if form_matrix is not None:
        corners = [_apply(form_matrix, x, y) for x, y in corners]
    pts = [frame.point(x, y) for x, y in corners]
    return (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))


def _apply(m, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _path_edges(obj, matrix, frame: Frame, edges: list[dict]) -> None:
    """pdfminer's points for each subpath (a Bézier counts by its end point, a close adds the
    start point), then pdfplumber's edges between consecutive points."""
    n = pdfium_c.FPDFPath_CountSegments(obj)
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    bezier = 0
    for i in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        point = frame.point(*_apply(matrix, x.value, y.value))
        if kind == _MOVE or not subpaths:
            subpaths.append([point])
            bezier = 0
        elif kind == _BEZIER:
            bezier += 1
            if bezier % 3 == 0:  # pdfium stores a curve as its two control points and its end
                subpaths[-1].append(point)
        else:
            subpaths[-1].append(point)
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            subpaths[-1].append(subpaths[-1][0])
    for pts in subpaths:
        if len(pts) < 2:
            continue
        if len(pts) == 2 or (len(pts) == 3 and pts[2] == pts[0]):  # pdfminer's LTLine ("ml", "mlh")
            (xa, ta), (xb, tb) = pts[0], pts[1]
            edges.append(_edge(xa, ta, xb, tb, "h" if ta == tb else "v", "line"))
            continue
        for (xa, ta), (xb, tb) in zip(pts, pts[1:]):
            orientation = "v" if xa == xb else ("h" if ta == tb else None)
            if orientation is not None:
                edges.append(_edge(xa, ta, xb, tb, orientation, "curve_edge"))


def _edge(xa: float, ta: float, xb: float, tb: float, orientation: str, kind: str) -> dict:
    x0, x1 = (xa, xb) if xa <= xb else (xb, xa)
    top, bottom = (ta, tb) if ta <= tb else (tb, ta)
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}


def _read_chars(page_handle, frame: Frame, objs: PageObjects) -> None:
    textpage = pdfium_c.FPDFText_LoadPage(page_handle)
    if not textpage:
        return
    try:
        n = pdfium_c.FPDFText_CountChars(textpage)
        if n <= 0:
            return
        rect = pdfium_c.FS_RECTF()
        m = pdfium_c.FS_MATRIX()
        fonts: dict[bytes, tuple[str, float]] = {}  # font handle → (name, descent)
        styles: dict[bytes, tuple] = {}  # text object → (name, size, descent, upright, normal)
        name_buf = ctypes.create_string_buffer(256)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        for i in range(n):
            code = pdfium_c.FPDFText_GetUnicode(textpage, i)
            if code in _GENERATED and pdfium_c.FPDFText_IsGenerated(textpage, i):
                continue  # a space or line break pdfium inferred, not printed
            if pdfium_c.FPDFText_HasUnicodeMapError(textpage, i):
                objs.unmapped += 1
                text = f"(cid:{code})"
            elif 0xD800 <= code <= 0xDFFF or code == 0:
                continue  # no character (pdfium gives whole code points, never halves of a pair)
            else:
                text = chr(code)
            if not pdfium_c.FPDFText_GetLooseCharBox(textpage, i, rect):
                continue
            handle = pdfium_c.FPDFText_GetTextObject(textpage, i)
            key = bytes(handle)  # the handle's address: the cheapest hashable view of it
            style = styles.get(key)
            if style is None:  # every character of a text object shares its font and matrix
                pdfium_c.FPDFText_GetMatrix(textpage, i, m)
                name, font_size, descent = _font(handle, name_buf, fonts)
                size = font_size * math.hypot(m.c, m.d)
                style = styles[key] = (name, size, descent, *frame.orientation(m.a, m.b, m.c, m.d))
            name, size, descent, upright, normal = style
            x0, top, x1, bottom = frame.box(rect.left, rect.bottom, rect.right, rect.top)
            if normal and size > 0 and pdfium_c.FPDFText_GetCharOrigin(textpage, i, ox, oy):
                # pdfminer's box: from the font's /Descent below the baseline, one font size
                # tall. pdfium's loose box scales the descent by ascent - descent instead.
                bottom = frame.point(ox.value, oy.value)[1] - descent * size
                top = bottom - size
            objs.chars.append({"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                               "upright": upright, "size": round(size, 3), "fontname": name})
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)


def _font(text_object, name_buf, fonts: dict) -> tuple[str, float, float]:
    """(base font name, font size of the text object before its matrix, descent per unit of
    font size: negative, below the baseline). Fonts are looked up once each in `fonts`."""
    size = ctypes.c_float(0)
    if not text_object:
        return "", 0.0, 0.0
    pdfium_c.FPDFTextObj_GetFontSize(text_object, size)
    font = pdfium_c.FPDFTextObj_GetFont(text_object)
    key = bytes(font)
    if key not in fonts:
        name, descent = "", ctypes.c_float(0)
        if font:
            got = pdfium_c.FPDFFont_GetBaseFontName(font, name_buf, len(name_buf))
            name = name_buf.raw[: max(0, got - 1)].decode("utf-8", "replace")
            pdfium_c.FPDFFont_GetDescent(font, 1.0, descent)
        fonts[key] = (name, -abs(descent.value))
    name, descent = fonts[key]
    return name, size.value, descent
