"""PDF pages as pictures, with a map from extraction coordinates to pixels.

Every bbox the pipeline stores is in pdfplumber's frame: PDF points, origin at the top-left of
the page as a reader sees it — pdfminer has already applied /Rotate. pypdfium2 renders the page's
crop box in that same upright orientation, so a point maps to a pixel by subtracting the crop
box origin (in pdfplumber's frame) and scaling; no rotation maths is needed here. This is the
same mapping pdfplumber's own `to_image` uses; it is kept here so report crops and debug images
share one tested implementation.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image

BBox = tuple[float, float, float, float]


@dataclass
class PageImage:
    image: Image.Image
    scale: float  # pixels per PDF point
    origin: tuple[float, float]  # crop box top-left, in pdfplumber's frame

    def box(self, bbox: BBox) -> tuple[int, int, int, int]:
        """A bbox in PDF points (pdfplumber frame) → pixel box on `image`."""
        x0, top, x1, bottom = bbox
        ox, oy = self.origin
        return (round((x0 - ox) * self.scale), round((top - oy) * self.scale),
                round((x1 - ox) * self.scale), round((bottom - oy) * self.scale))


class PdfPages:
    """One PDF opened for rendering many of its pages (use as a context manager)."""

    def __init__(self, path: str | Path):
        self._pdfium = pdfium.PdfDocument(str(path))
        self._plumber = pdfplumber.open(path)

    def __enter__(self) -> "PdfPages":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._plumber.close()
        self._pdfium.close()

    def __len__(self) -> int:
        return len(self._pdfium)

    def plumber_page(self, number: int) -> pdfplumber.page.Page:
        return self._plumber.pages[number - 1]

    def render(self, number: int, scale: float = 2.0) -> PageImage:
        """Page `number` (1-based) at `scale` pixels per point, upright, white background."""
        bitmap = self._pdfium[number - 1].render(scale=scale)
        image = bitmap.to_pil().convert("RGB")
        cropbox = self.plumber_page(number).cropbox
        return PageImage(image=image, scale=scale, origin=(float(cropbox[0]), float(cropbox[1])))
