"""Edit one printed figure or word inside a real PDF, for the seeded-slip benchmark.

The old glyphs leave the text layer (a redaction that keeps images and the table's rulings) and
the new text is drawn where they were, at the span's size and baseline, right-aligned to the old
text's right edge and squeezed horizontally when it is wider than the old one, so the next
reading puts it in the same cell or the same line of prose. Digits are drawn in Helvetica;
Chinese words need a CJK font file, looked up at run time (fontconfig, then known locations).

PyMuPDF is AGPL and lives in the optional `[bench]` extra: only the benchmark imports this module.
Only pages without /Rotate are edited (pdfplumber and PyMuPDF then share one frame: points from
the top-left corner of the media box).
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pymupdf

CJK_FONT_CANDIDATES = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                       "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


@dataclass(frozen=True)
class Glyphs:
    """A run of characters on a page: its text, the box of each character, baseline and size."""

    text: str
    boxes: tuple[tuple[float, float, float, float], ...]
    baseline: float
    size: float

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (min(b[0] for b in self.boxes), min(b[1] for b in self.boxes),
                max(b[2] for b in self.boxes), max(b[3] for b in self.boxes))


def cjk_font() -> str | None:
    """A font file with Chinese glyphs: fontconfig's answer, else a Debian package's file."""
    if shutil.which("fc-match"):
        for family in ("WenQuanYi Zen Hei", "Noto Sans CJK SC"):
            try:
                out = subprocess.run(["fc-match", "-f", "%{file}", f"{family}:lang=zh-cn"], capture_output=True,
                                     text=True, timeout=10).stdout.strip()
            except (OSError, subprocess.SubprocessError):
                continue
            if out and Path(out).suffix.lower() in (".ttc", ".ttf", ".otf") and _has_cjk(out):
                return out
    return next((p for p in CJK_FONT_CANDIDATES if Path(p).exists()), None)


def _has_cjk(path: str) -> bool:
    try:
        return pymupdf.Font(fontfile=path).has_glyph(ord("减")) != 0
    except Exception:  # noqa: BLE001 - an unreadable font is simply not used
        return False


def lines(page: pymupdf.Page) -> list[list[tuple[str, tuple, float, float]]]:
    """Each text line as (char, bbox, baseline, size) tuples, in reading order."""
    out = []
    raw = page.get_text("rawdict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE)
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            chars = [(ch["c"], tuple(ch["bbox"]), ch["origin"][1], span["size"])
                     for span in line["spans"] for ch in span["chars"]]
            if chars:
                out.append(chars)
    return out


def find(page: pymupdf.Page, text: str, inside: tuple | None = None, before: str = "") -> list[Glyphs]:
    """Occurrences of `text` on the page (spaces between its characters ignored), optionally only
    those whose centre lies inside `inside` (a box in points) or that follow `before` (the last
    characters printed before it on its line, spaces ignored)."""
    want = text.replace(" ", "")
    found = []
    for chars in lines(page):
        kept = [c for c in chars if not c[0].isspace()]
        s = "".join(c[0] for c in kept)
        start = s.find(want)
        while start >= 0:
            run = kept[start:start + len(want)]
            g = Glyphs(want, tuple(c[1] for c in run), run[-1][2], run[-1][3])
            if _fits(g, inside) and (not before or s[:start].endswith(before)) and _bounded(s, start, len(want)):
                found.append(g)
            start = s.find(want, start + 1)
    return found


def _bounded(s: str, start: int, n: int) -> bool:
    """A number found must be the whole number printed there, not part of a longer one."""
    digitish = lambda ch: ch.isdigit() or ch in ".,"  # noqa: E731
    left = s[start - 1] if start > 0 else ""
    right = s[start + n] if start + n < len(s) else ""
    if s[start].isdigit() and left and digitish(left):
        return False
    return not (s[start + n - 1].isdigit() and right and (right.isdigit() or (right in ".," and
                                                                              s[start + n + 1:start + n + 2].isdigit())))


def _fits(g: Glyphs, box) -> bool:
    if box is None:
        return True
    x0, top, x1, bottom = g.bbox
    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


def replace(page: pymupdf.Page, old: Glyphs, new: str, fontfile: str | None = None) -> None:
    """Remove `old`'s glyphs from the page and draw `new` in their place."""
    for x0, top, x1, bottom in old.boxes:
        # Inset so that a neighbouring glyph touching the box is not removed with it.
        w, h = x1 - x0, bottom - top
        page.add_redact_annot(pymupdf.Rect(x0 + 0.2 * w, top + 0.25 * h, x1 - 0.2 * w, bottom - 0.25 * h))
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE)
    x0, _, x1, _ = old.bbox
    if fontfile:
        fontname, font = "benchcjk", pymupdf.Font(fontfile=fontfile)
    else:
        fontname, font = "helv", pymupdf.Font("helv")
    width = font.text_length(new, fontsize=old.size)
    room = x1 - x0
    squeeze = min(1.0, room / width) if width else 1.0
    start = pymupdf.Point(x1 - width * squeeze, old.baseline)
    morph = (start, pymupdf.Matrix(squeeze, 1)) if squeeze < 1 else None
    page.insert_text(start, new, fontsize=old.size, fontname=fontname, fontfile=fontfile, morph=morph)


def write_variant(source: Path, target: Path, page_number: int, old: Glyphs, new: str,
                  fontfile: str | None = None) -> None:
    """A copy of `source` with one run of glyphs replaced on one page (1-based)."""
    doc = pymupdf.open(source)
    try:
        replace(doc[page_number - 1], old, new, fontfile)
        target.parent.mkdir(parents=True, exist_ok=True)
        doc.save(target, garbage=1, deflate=True)
    finally:
        doc.close()
