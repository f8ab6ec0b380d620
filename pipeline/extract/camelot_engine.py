"""camelot lattice as a second reading of a ruled table, in the reader's Grid shape.

pdfplumber stays the primary engine (faster, and more accurate on this corpus); camelot is asked
only about pages whose table did not reconcile (see `process.second_reading`). The pdfium backend
is used because camelot's poppler backend fails here and ghostscript is not needed with pdfium;
`split_text` keeps a right-aligned amount that touches the next cell's text out of that cell.
camelot's cells carry their ruled edges, so merged cells are rebuilt by `lattice` exactly as for
OCR. camelot measures from the bottom of the page; the model measures from the top.
"""
from __future__ import annotations

import warnings
from pathlib import Path

from pipeline.extract.lattice import Atom, to_grid
from pipeline.model import Grid

ENGINE = "camelot"


def read_page(path: str | Path, number: int, height: float) -> list[Grid]:
    """Ruled tables of page `number` (1-based) whose upright height is `height` points."""
    import camelot  # imported here: it costs a second and most documents never need it

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "no tables found on page" is an answer, not a problem
        tables = camelot.read_pdf(str(path), pages=str(number), flavor="lattice", backend="pdfium",
                                  split_text=True, suppress_stdout=True)
    grids = []
    for table in tables:
        atoms = [[Atom((c.x1, height - c.y2, c.x2, height - c.y1), c.text or "", bool(c.left), bool(c.top))
                  for c in row] for row in table.cells]
        grid = to_grid(atoms, number, ENGINE)
        if grid is not None:
            grids.append(grid)
    return sorted(grids, key=lambda g: g.bbox[1])
