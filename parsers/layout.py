"""A page's grids as a reader sees them, before tables are built from them.

A ruling finder sees rectangles, a reader sees tables and text. Two things it gets wrong:
- a **ruled box of prose** (a 部门职责 paragraph framed, words of a sentence underlined one by
  one) is a grid, but it is narrative: its text becomes text lines of the page, where sections,
  claims and the narrative checks read it, and it is no table;
- a **grid that holds a second table's title** (one table ends, `收入预算总表` is printed in a
  full-width row of the same ruled frame, the next table's `部门：… 单位：万元` and header follow)
  is two tables: it is cut above the title row, so the title opens a table of its own.
"""
from __future__ import annotations

from dataclasses import replace

import regex

from parsers.kinds import classify_title, looks_like_title
from pipeline.model import Cell, Document, Grid, Page, TextLine

# Words of a sentence boxed one by one leave bare sentence punctuation in cells of their own; a
# bracket alone in a cell is text that overflowed a narrow cell of a real table (`（一` | `）`).
_PUNCT_CELL = regex.compile(r"^[、。，,；;]$")
_SENTENCE = regex.compile(r"[。；;，,]")


def as_read(doc: Document) -> Document:
    """The document with prose boxes turned into text lines and titled grids cut in two.
    Idempotent: a document already so read is returned unchanged."""
    pages = tuple(_page(p) for p in doc.pages)
    if all(a is b for a, b in zip(pages, doc.pages)):
        return doc
    return replace(doc, pages=pages)


def _page(page: Page) -> Page:
    prose = [g for g in page.grids if is_prose_grid(g)]
    grids = [part for g in page.grids if g not in prose for part in split_at_titles(g)]
    if not prose and len(grids) == len(page.grids):
        return page
    lines = list(page.lines) + [ln for g in prose for ln in grid_lines(g)]
    lines.sort(key=lambda ln: (ln.bbox[1], ln.bbox[0]))
    return replace(page, lines=tuple(lines), grids=tuple(grids))


def is_prose_grid(grid: Grid) -> bool:
    """A grid that is a paragraph, not a table: cells holding bare sentence punctuation (`、`, `。`
    — words of a sentence boxed one by one, as some exporters underline them), or a box of one or
    two columns whose text is mostly sentences. Its figures belong to the prose."""
    texts = [(c.text or "").strip() for r in grid.rows for c in r if (c.text or "").strip()]
    if not texts:
        return False
    if any(_PUNCT_CELL.match(t) for t in texts):
        return True
    # One boxed line of a paragraph: a figure cut at its decimal point (`1935.` | `36`), or a
    # cell ending a clause (`万元，`).
    if len(grid.rows) == 1 and any(regex.search(r"\d\.$|[，。；、]$", t) for t in texts):
        return True
    prose = sum(len(t) for t in texts if len(t) >= 40 and len(_SENTENCE.findall(t)) >= 2)
    return grid.n_cols <= 2 and prose >= 0.5 * sum(len(t) for t in texts)


def grid_lines(grid: Grid) -> list[TextLine]:
    """The text of a prose grid as lines, in reading order: each cell's lines (a cell's text keeps
    its line breaks) share its height evenly; cells of one row are read left to right, so words
    boxed one by one join into the sentence they were cut from."""
    out: list[TextLine] = []
    for row in grid.rows:
        cells = sorted((c for c in row if c.bbox is not None and (c.text or "").strip()), key=lambda c: c.bbox[0])
        if not cells:
            continue
        per_cell = [[s for s in (c.text or "").split("\n") if s.strip()] for c in cells]
        if all(len(p) == 1 for p in per_cell):  # one line across the row: the cells' words in order
            x0, y0 = cells[0].bbox[0], min(c.bbox[1] for c in cells)
            x1, y1 = cells[-1].bbox[2], max(c.bbox[3] for c in cells)
            out.append(TextLine("".join(p[0].strip() for p in per_cell), grid.page, (x0, y0, x1, y1)))
            continue
        for c, parts in zip(cells, per_cell):
            x0, y0, x1, y1 = c.bbox
            step = (y1 - y0) / len(parts)
            out += [TextLine(s.strip(), grid.page, (x0, y0 + k * step, x1, y0 + (k + 1) * step))
                    for k, s in enumerate(parts)]
    return out


def split_at_titles(grid: Grid) -> list[Grid]:
    """The grid cut above every row that prints a standard table's title alone across it (after
    rows of another table); the title row opens the lower part. A contents list (a title in
    every row) is never cut."""
    lone = [_lone_title(row) for row in grid.rows]
    cuts = [k for k in range(1, len(grid.rows))
            if lone[k] and classify_title(lone[k]) != "other"
            and not lone[k - 1] and not (k + 1 < len(lone) and lone[k + 1])
            and any(_filled(r) for r in grid.rows[:k])]
    if not cuts:
        return [grid]
    parts, start = [], 0
    for k in cuts + [len(grid.rows)]:
        if k > start:
            parts.append(_sub_grid(grid, start, k))
        start = k
    return parts


def _lone_title(row: tuple[Cell, ...]) -> str | None:
    texts = [(c.text or "").strip() for c in row if (c.text or "").strip()]
    if len(texts) != 1 or not looks_like_title(texts[0]):
        return None
    return texts[0]


def _filled(row: tuple[Cell, ...]) -> bool:
    return any((c.text or "").strip() for c in row)


def _sub_grid(grid: Grid, start: int, stop: int) -> Grid:
    rows = tuple(tuple(replace(c, row=c.row - start) for c in r) for r in grid.rows[start:stop])
    boxes = [c.bbox for r in rows for c in r if c.bbox is not None]
    bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)) \
        if boxes else grid.bbox
    return replace(grid, rows=rows, bbox=bbox)
