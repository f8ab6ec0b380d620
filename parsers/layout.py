"""A page's grids as a reader sees them, before tables are built from them.

A ruling finder sees rectangles, a reader sees tables and text. What it gets wrong:
- a **ruled box of prose** (a 部门职责 paragraph framed, words of a sentence underlined one by
  one) is a grid, but it is narrative: its text becomes text lines of the page, where sections,
  claims and the narrative checks read it, and it is no table; so are a **chart's gridlines**;
- a **grid that holds a second table's title** (one table ends, `收入预算总表` is printed in a
  full-width row of the same ruled frame, the next table's `部门：… 单位：万元` and header follow)
  is two tables: it is cut above the title row, so the title opens a table of its own;
- a **double ruling** (a frame drawn twice a few points apart, as spreadsheet exports do) makes
  sliver columns between its two lines, and the cells of every real column then start in a
  sliver or span into one: each sliver is merged into its neighbour, so the grid has the columns
  the reader sees (js_high_court_2017: 代码 | 名称 | 金额, not seven columns with every cell
  misplaced).
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
    """The document with prose boxes and charts turned into text lines, titled grids cut in two.
    Idempotent: a document already so read is returned unchanged."""
    pages = tuple(_page(p) for p in doc.pages)
    if all(a is b for a, b in zip(pages, doc.pages)):
        return doc
    return replace(doc, pages=pages)


def _page(page: Page) -> Page:
    unslivered = [without_slivers(g) for g in page.grids]
    if any(a is not b for a, b in zip(unslivered, page.grids)):
        page = replace(page, grids=tuple(unslivered))
    prose = [g for g in page.grids if is_prose_grid(g) or is_chart_grid(g)]
    if prose:  # words underlined one by one: the page's other one-line boxes without a figure are words too
        prose += [g for g in page.grids if g not in prose and _boxed_words(g)]
    grids = [part for g in page.grids if g not in prose for part in split_at_titles(g)]
    if not prose and len(grids) == len(page.grids):
        return page  # (with its slivers merged, when it had any)
    # A text line whose middle fell outside every box kept the boxed words it runs through: those
    # are not added twice.
    pieces = [f for g in prose for f in grid_lines(g) if not any(_covers(ln.bbox, f.bbox) for ln in page.lines)]
    return replace(page, lines=tuple(_join_rows(list(page.lines), pieces)), grids=tuple(grids))


def _texts(grid: Grid) -> list[str]:
    """The grid's non-empty cell texts, row by row."""
    return [t for r in grid.rows for c in r if (t := (c.text or "").strip())]


def is_prose_grid(grid: Grid) -> bool:
    """A grid that is a paragraph, not a table: cells holding bare sentence punctuation (`、`, `。`
    — words of a sentence boxed one by one, as some exporters underline them), or a box of one or
    two columns whose text is mostly sentences. Its figures belong to the prose."""
    texts = _texts(grid)
    if not texts:
        return False
    if any(_PUNCT_CELL.match(t) for t in texts):
        return True
    # One boxed line of a paragraph: a figure cut at its decimal point (`1935.` | `36`), a cell
    # ending a clause (`万元，`), or one the box cut mid-sentence (`1` | `、部门收支总表`, `〕`).
    if len(grid.rows) == 1 and any(regex.search(r"\d\.$|[，。；、（(〔《]$|^[、，。；：:．〕）)》]", t) for t in texts):
        return True
    prose = sum(len(t) for t in texts if len(t) >= 40 and len(_SENTENCE.findall(t)) >= 2)
    return grid.n_cols <= 2 and prose >= 0.5 * sum(len(t) for t in texts)


_FIGURE = regex.compile(r"\d[\d,]*\.\d+%?$|\d{1,3}(,\d{3})+$")


def _boxed_words(grid: Grid) -> bool:
    """A one-row box of words holding no amount and no table title: on a page whose prose is
    underlined word by word, a piece of a sentence (`2026` | `年本` | `单位` | `基本支出预算数`)."""
    if len(grid.rows) != 1:
        return False
    texts = _texts(grid)
    return bool(texts) and not any(_FIGURE.match(t) for t in texts) and not looks_like_title("".join(texts))


def is_chart_grid(grid: Grid) -> bool:
    """The gridlines of a chart (人员对比图's bars and axes): rows of empty cells, one or two
    scraps of text, no amount. A table, even an empty one, prints its header."""
    texts = _texts(grid)
    return len(grid.rows) >= 3 and len(texts) <= 2 and not any(_FIGURE.match(t) for t in texts)


def grid_lines(grid: Grid) -> list[TextLine]:
    """The text of a prose grid as pieces of lines: each cell's lines (a cell's text keeps its
    line breaks) share its height evenly."""
    out: list[TextLine] = []
    for row in grid.rows:
        for c in row:
            parts = [t.strip() for t in (c.text or "").split("\n") if t.strip()]
            if c.bbox is None or not parts:
                continue
            x0, y0, x1, y1 = c.bbox
            step = (y1 - y0) / len(parts)
            out += [TextLine(t, grid.page, (x0, y0 + k * step, x1, y0 + (k + 1) * step)) for k, t in enumerate(parts)]
    return out


def _covers(line: tuple, piece: tuple) -> bool:
    """The text line runs through the piece: they overlap across, on one row."""
    return min(line[2], piece[2]) > max(line[0], piece[0]) and _one_row(line, piece)


def _join_rows(lines: list[TextLine], pieces: list[TextLine]) -> list[TextLine]:
    """Lines top to bottom; pieces on one row with each other or with a line are joined into it
    left to right (words boxed one by one are one sentence again)."""
    rows: list[list[TextLine]] = []
    for item in sorted(lines + pieces, key=lambda ln: ((ln.bbox[1] + ln.bbox[3]) / 2, ln.bbox[0])):
        if rows and _one_row(rows[-1][0].bbox, item.bbox):
            rows[-1].append(item)
        else:
            rows.append([item])
    out: list[TextLine] = []
    for row in rows:
        if not any(item in pieces for item in row) or len(row) == 1:
            out += row
            continue
        row.sort(key=lambda ln: ln.bbox[0])
        bbox = (row[0].bbox[0], min(ln.bbox[1] for ln in row), max(ln.bbox[2] for ln in row), max(ln.bbox[3] for ln in row))
        out.append(TextLine("".join(ln.text.strip() for ln in row), row[0].page, bbox))
    return out


def _one_row(a: tuple, b: tuple) -> bool:
    """Two boxes on one row: they overlap down over half the lower one's height."""
    down = min(a[3], b[3]) - max(a[1], b[1])
    return down > 0.5 * min(a[3] - a[1], b[3] - b[1])


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


SLIVER = 8.0  # points: narrower than any printed figure, the gap between the two lines of a double ruling


def without_slivers(grid: Grid) -> Grid:
    """The grid with each sliver column merged into its neighbour (the right one; the left one for
    the last column). The merged position keeps the first cell, left to right, that has text,
    else the widest drawn one; cells keep their own boxes. The same grid when it has no sliver,
    when its cells span rows, or when merging would leave a sliver, so reading a grid twice
    changes nothing."""
    slivers = _sliver_columns(grid)
    if not slivers or len(slivers) >= grid.n_cols or _spans_rows(grid):
        return grid
    rows = [list(r) for r in grid.rows]
    for c in reversed(slivers):
        target = c + 1 if c + 1 < len(rows[0]) else c - 1
        for row in rows:
            if c >= len(row) or target >= len(row):
                continue
            pair = [row[c], row[target]] if c < target else [row[target], row[c]]
            drawn = [x for x in pair if x.bbox is not None]
            widest = max(drawn, key=lambda x: x.bbox[2] - x.bbox[0], default=row[target])
            kept = next((x for x in drawn if (x.text or "").strip()), widest)
            row[min(c, target)] = kept
            del row[max(c, target)]
    out = replace(grid, rows=tuple(tuple(replace(cell, col=k) for k, cell in enumerate(row)) for row in rows))
    return grid if _sliver_columns(out) else out


def _spans_rows(grid: Grid) -> bool:
    """Some position is covered from a row above (no drawn cell to its left in its own row reaches
    it): a frame whose rows are drawn twice as well (js_high_court_2018's 收支总表, two sides
    ruled apart). Only a plain double ruling, where cells span columns but not rows, is merged."""
    starts = [_start(grid, c) for c in range(grid.n_cols)]
    for row in grid.rows:
        reach = None
        for c, cell in enumerate(row):
            if cell.bbox is not None:
                reach = cell.bbox[2]
            elif reach is None or (starts[c] is not None and reach <= starts[c] + 0.5):
                return True
    return False


def _sliver_columns(grid: Grid) -> list[int]:
    """Columns every drawn cell of which is either an empty box narrower than `SLIVER` or a cell
    spanning on into the next column: nothing is printed in them alone."""
    starts = [_start(grid, c) for c in range(grid.n_cols)]
    out = []
    for c in range(grid.n_cols):
        cells = [r[c] for r in grid.rows if c < len(r) and r[c].bbox is not None]
        after = next((x for x in starts[c + 1:] if x is not None), None)
        if cells and all((cell.bbox[2] - cell.bbox[0] < SLIVER and not (cell.text or "").strip())
                         or (after is not None and cell.bbox[2] > after + 0.5) for cell in cells) \
                and any(cell.bbox[2] - cell.bbox[0] < SLIVER for cell in cells):
            out.append(c)
    return out


def _start(grid: Grid, c: int) -> float | None:
    xs = [r[c].bbox[0] for r in grid.rows if c < len(r) and r[c].bbox is not None]
    return min(xs) if xs else None
