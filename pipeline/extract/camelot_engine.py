"""camelot lattice as a second reading of a ruled table, in the reader's Grid shape.

pdfplumber's table finder stays the primary engine (faster, and more accurate on this corpus);
camelot is asked only about pages whose table did not reconcile (see `process.second_reading`),
all such pages of a file in one call. The pdfium backend is used because camelot's poppler
backend fails here and ghostscript is not needed with pdfium; `split_text` keeps a right-aligned
amount that touches the next cell's text out of that cell. camelot's cells carry their ruled
edges, so merged cells are rebuilt by `lattice` exactly as for OCR. camelot measures from the
bottom of the page; the model measures from the top.

Rulings come from the PDF's own line and rectangle objects first (camelot's `vector` engine):
the page is not rendered, which was four fifths of camelot's time per page, and on the corpus's
59 doubtful tables the second reading reached the same outcome (kept with the same disputed
cells, or replaced by the same rows) as with the rendered page (`combined`: image rulings with
the vector ones added). A page where the vector rulings give camelot no table — rulings printed
in an image — is rendered and read that way as well.
"""
from __future__ import annotations

import warnings
from pathlib import Path

from pipeline.extract.lattice import Atom, to_grid
from pipeline.model import Grid

ENGINE = "camelot"
# camelot puts text lines into cells; pdfminer's ordering of text boxes (`boxes_flow`) is never
# looked at, and skipping it halves camelot's layout time on a page full of figures.
_LAYOUT = {"boxes_flow": None}


def read_pages(path: str | Path, heights: dict[int, float]) -> dict[int, list[Grid]]:
    """Ruled tables of each page in `heights` (1-based page number → its upright height in points),
    top to bottom; every page of `heights` is a key of the answer."""
    found = _read(path, heights, "vector")
    rendered = {n: h for n, h in heights.items() if not found[n]}
    if rendered:
        found.update(_read(path, rendered, "combined"))
    return found


def read_page(path: str | Path, number: int, height: float) -> list[Grid]:
    """Ruled tables of page `number` (1-based) whose upright height is `height` points."""
    return read_pages(path, {number: height})[number]


def _read(path: str | Path, heights: dict[int, float], engine: str) -> dict[int, list[Grid]]:
    import camelot  # imported here: it costs a second and most documents never need it

    out: dict[int, list[Grid]] = {n: [] for n in heights}
    if not heights:
        return out
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "no tables found on page" is an answer, not a problem
        tables = camelot.read_pdf(str(path), pages=",".join(str(n) for n in sorted(heights)), flavor="lattice",
                                  backend="pdfium", engine=engine, split_text=True, suppress_stdout=True,
                                  layout_kwargs=_LAYOUT)
    for table in tables:
        number = int(table.page)
        height = heights[number]
        atoms = [[Atom((c.x1, height - c.y2, c.x2, height - c.y1), c.text or "", bool(c.left), bool(c.top))
                  for c in row] for row in table.cells]
        grid = to_grid(atoms, number, ENGINE)
        if grid is not None:
            out[number].append(grid)
    return {n: sorted(grids, key=lambda g: g.bbox[1]) for n, grids in out.items()}
