"""Atomic ruled cells → the reader's Grid: merged cells rebuilt from missing rulings.

Both the OCR reader (rulings found in a page image) and the camelot engine see a table as a
lattice of atomic cells plus, for each, whether its left and top edges are ruled. A missing edge
means the cell is covered by its neighbour. The pdfplumber reader's Grid marks a covered position
with `text=None, bbox=None` and gives the spanning cell the merged bbox, so that
`parsers.grid.resolve_spans` can copy header text into the positions it covers; this module builds
exactly that shape, so parsing never needs to know which engine read a table.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Cell, Grid


@dataclass(frozen=True)
class Atom:
    """One atomic cell: bbox in PDF points (x0, top, x1, bottom), its text, and whether its left
    and top edges are ruled (an unruled edge joins it to the neighbour on that side)."""

    bbox: tuple[float, float, float, float]
    text: str
    left: bool
    top: bool


def to_grid(atoms: list[list[Atom]], page: int, engine: str, ocr: bool = False) -> Grid | None:
    """Rows of atoms → Grid. Each merged group's texts are joined (row-major, one line each)
    into its top-left position; the other positions it covers become `None` cells."""
    if not atoms or max(len(r) for r in atoms) < 2:
        return None
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(k):
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the top-left position is the group's root

    for r, row in enumerate(atoms):
        for c, atom in enumerate(row):
            parent.setdefault((r, c), (r, c))
            if c > 0 and not atom.left:
                union((r, c - 1), (r, c))
            if r > 0 and not atom.top and c < len(atoms[r - 1]):
                union((r - 1, c), (r, c))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for k in sorted(parent):
        groups.setdefault(find(k), []).append(k)
    rows: list[list[Cell]] = []
    for r, row in enumerate(atoms):
        cells = []
        for c in range(len(row)):
            members = groups.get((r, c))
            if members is None:  # covered by a group rooted elsewhere
                cells.append(Cell(text=None, page=page, bbox=None, row=r, col=c, ocr=ocr))
                continue
            boxes = [atoms[i][j].bbox for i, j in members]
            bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
            text = "\n".join(t for t in (atoms[i][j].text.strip() for i, j in members) if t)
            cells.append(Cell(text=text, page=page, bbox=tuple(round(float(v), 2) for v in bbox), row=r, col=c, ocr=ocr))
        rows.append(cells)
    x0 = min(a.bbox[0] for row in atoms for a in row)
    top = min(a.bbox[1] for row in atoms for a in row)
    x1 = max(a.bbox[2] for row in atoms for a in row)
    bottom = max(a.bbox[3] for row in atoms for a in row)
    return Grid(page=page, bbox=tuple(round(float(v), 2) for v in (x0, top, x1, bottom)),
                rows=tuple(tuple(r) for r in rows), engine=engine)
