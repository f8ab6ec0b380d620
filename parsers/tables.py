"""Grids → logical tables: titles, units, stitching across pages, header paths, rows, amounts.

Reading order is walked once per document. A grid starts a new table when a title line stands
above it (or inside its first rows); a grid at the top of a page with no title and the same
number of columns continues the previous table, and its repeated header rows are dropped.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from statistics import median

import regex

from parsers import codes
from parsers.grid import column_centres, column_numbers, column_paths, header_depth, header_text, is_row_marker_column, resolve_spans
from parsers.kinds import PERFORMANCE_KINDS, classify_title, looks_like_title, normalise_title, title_number
from parsers.layout import as_read
from parsers.linetables import line_tables
from parsers.numbers import is_placeholder, normalise, parse_number
from pipeline.model import Amount, Cell, Column, Document, Grid, Row, Table, TextLine

_WS = regex.compile(r"\s+")  # compiled once: asked of every text line and cell

_UNIT = regex.compile(r"(?:金额)?单位[:：]?\s*(万元|千元|亿元|元)")
_FURNITURE = regex.compile(r"^[\s\-—–－~·]*(第?\s*\d+\s*页?(\s*/\s*共?\s*\d+\s*页?)?)[\s\-—–－~·]*$|^[\s\-—–－]*$")
_NOTE = regex.compile(r"^\s*(注|说明|备注)[\d１-９]?\s*[:：]")
_EMPTY = regex.compile(r"(本表无数据|本表为空|无此项|无相关数据|空表|无.{0,30}(收入|支出|经费|安排).{0,12}(故|因此|所以)?.{0,6}(本表|此表).{0,6}(无数据|为空|空表)|本(部门|单位).{0,20}没有.{0,30}(收入|支出|经费))")
_CODE_HEADER = regex.compile(r"(编码|代码|编号)$|^(类|款|项)$")
_LABEL_HEADER = regex.compile(r"^(项目|.*名称|.*科目|.*说明|.*指标.*|内容|用途|备注|摘要|.*形式|.*方式|.*类型|.*类别|.*依据)$")
_LABEL_CODE = regex.compile(r"^(\d{3}(?:\d{2}){0,2})\s*(\D.*)$")


def is_furniture(text: str) -> bool:
    """Page numbers and rules such as `— 8—` or `第3页`: never part of a table or a title."""
    return bool(_FURNITURE.match(text or ""))


def unit_in(text: str) -> str | None:
    m = _UNIT.search(_WS.sub("", text or ""))
    return m.group(1) if m else None


@dataclass
class _Group:
    title: str
    title_line: TextLine | None
    unit: str | None
    grids: list[Grid] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    empty_statement: str | None = None


def build_tables(doc: Document, family: str | None = None) -> list[Table]:
    """Every table of the document, in reading order, with stable ids (`<doc>-tNN`); the page's
    grids as a reader sees them (`layout.as_read`: no prose box, no grid holding two tables)."""
    doc = as_read(doc)
    groups = _group_grids(doc)
    default_unit = next((g.unit for g in groups if g.unit), None)
    tables = []
    for i, g in enumerate(groups, start=1):
        table = _table_from_group(g, f"{doc.doc_id[:12]}-t{i:02d}", family, default_unit)
        if table is not None:
            tables.append(table)
    return tables + line_tables(doc, len(groups) + 1)


def running_headers(doc: Document) -> set[str]:
    """Lines printed on many pages (`无锡市信访局2025年度部门预算公开` atop every page): page
    furniture, never a table's title. A line naming a 表 is left out: a continued table repeats
    its title, and that repetition is what joins its pages."""
    counts = Counter()
    for page in doc.pages:
        counts.update({_WS.sub("", ln.text) for ln in page.lines})
    least = max(RUNNING_MIN_PAGES, len(doc.pages) // 4)
    return {t for t, n in counts.items() if n >= least and t and "表" not in t and not unit_in(t) and len(t) >= 4}


RUNNING_MIN_PAGES = 3


def _blocks(doc: Document):
    running = running_headers(doc)
    for page in doc.pages:
        # Text drawn outside the page (a cell's overflow clipped away) is not seen by a reader.
        items = [(ln.bbox[1], 0, ln) for ln in page.lines
                 if not is_furniture(ln.text) and _WS.sub("", ln.text) not in running
                 and ln.bbox[3] > 0 and ln.bbox[1] < page.height]
        items += [(g.bbox[1], 1, g) for g in page.grids]
        for _, _, item in sorted(items, key=lambda t: (t[0], t[1])):
            yield page.number, item


def _title_rows(grid: Grid) -> tuple[str | None, str | None, int]:
    """Title and unit printed inside the grid's first rows (a single text across the row)."""
    title = unit = None
    skip = 0
    for row in grid.rows[:4]:
        texts = [header_text(c.text) for c in row if c.text and header_text(c.text)]
        if not texts:
            skip += 1
            continue
        joined = "".join(texts)
        u = unit_in(joined)
        wrapped = _wrapped_title(row) if len(texts) <= 2 and title is None else None
        if len(texts) <= 2 and looks_like_title(texts[0]) and title is None:
            title, unit = texts[0], u or unit
            skip += 1
        elif len(texts) <= 2 and title is not None and not normalise_title(title) and looks_like_title(texts[0]):
            title, unit = title + texts[0], u or unit  # `公开13表` in one row, `政府采购支出表` in the next
            skip += 1
        elif wrapped:  # `公开03表` / `支出预算总表` / `部门：… 单位：万元` in one cell
            title, unit = wrapped, u or unit
            skip += 1
        elif u and len(texts) <= 3 and all(unit_in(t) or len(t) < 40 and not parse_number(t) for t in texts) \
                and not any(t in ("合计", "项目") for t in texts):
            unit = u
            skip += 1
        else:
            break
    return title, unit, skip


def _wrapped_title(row) -> str | None:
    """A title printed over several lines of one cell, with the department and unit lines that
    follow it: the lines up to the first `部门：`/`单位：` line, joined, when they form a title."""
    for c in row:
        lines = [ln.strip() for ln in (c.text or "").split("\n") if ln.strip()]
        if len(lines) < 2:
            continue
        head = []
        for ln in lines:
            if regex.match(r"^(部门|单位|编制单位|预算单位|金额单位)\s*[:：]", ln) or unit_in(ln):
                break
            head.append(ln)
        title = "".join(head)
        if head and looks_like_title(title):
            return title
    return None


def _group_grids(doc: Document) -> list[_Group]:
    groups: list[_Group] = []
    lead: list[TextLine] = []  # lines since the last grid
    current: _Group | None = None
    last_page = None
    first_on_page = True
    for page, item in _blocks(doc):
        if page != last_page:
            first_on_page, last_page = True, page
        if isinstance(item, TextLine):
            text = item.text
            if current is not None and not _lead_has_title(lead) and (_NOTE.match(text) or lead and _NOTE.match(lead[0].text)):
                current.notes.append(text)
            if current is not None and _EMPTY.search(_WS.sub("", text)) and not _lead_has_title(lead):
                current.empty_statement = current.empty_statement or text.strip()
            lead.append(item)
            first_on_page = False if not _is_soft(text) else first_on_page
            continue
        grid = item
        inner_title, inner_unit, _ = _title_rows(grid)
        near = [ln for ln in lead if ln.page == grid.page][-4:]
        if not _lead_has_title(near):
            # A title printed at the foot of the page before, its grid opening this page
            # (`一般公共预算机关运行经费支出预算表` closes one page, its table starts the next).
            # A contents list ending a page names many tables: none of them is this grid's title.
            before = [ln for ln in lead if ln.page == grid.page - 1]
            named = [ln for ln in before if looks_like_title(ln.text)]
            if len(named) == 1 and named[0] in before[-3:]:
                near = before[-3:] + near
        # A bare number line (`公开04表`) sits between many titles and their grid: prefer a line
        # that still says something once numbering is stripped.
        titled = [ln for ln in reversed(near) if looks_like_title(ln.text)]
        title_line = next((ln for ln in titled if len(normalise_title(ln.text)) >= 4), titled[0] if titled else None)
        unit = inner_unit or next((unit_in(ln.text) for ln in reversed(lead) if unit_in(ln.text)), None)
        title = inner_title or (_joined_title(near, title_line) if title_line else None)
        if title is not None:
            title = _numbered(near[:near.index(title_line)] if title_line and not inner_title else near, title)
        # A page of a form may draw only some of the table's columns (a 绩效目标表 page holding
        # only indicators): its next page is compared with the table's first page too.
        lined = current is not None and any(same_geometry(grid, g) for g in {id(g): g for g in (current.grids[0], current.grids[-1])}.values())
        same_shape = current is not None and (abs(grid.n_cols - current.grids[-1].n_cols) <= 1
                                               or abs(_used_columns(grid) - _used_columns(current.grids[-1])) <= 1
                                               or lined)
        repeated_title = (title is not None and current is not None and grid.page > current.grids[-1].page
                          and len(normalise_title(title)) >= 2 and normalise_title(title) == normalise_title(current.title))
        # A repeated title at the top of the next page continues the table even after other
        # page-top lines (`表06`, the unit line); an untitled grid must open its page.
        # A grid drawing the previous table's exact columns, under no title-like line on its
        # page, continues it even after stray lines (rows that escaped the grid).
        lined_up = (current is not None and title is None and grid.page > current.grids[-1].page
                    and lined and not _lead_has_title([ln for ln in lead if ln.page == grid.page]))
        # A 绩效 form runs over pages whose grids differ (indicator rows only, a header line left
        # outside the rulings): an untitled grid on a later page goes on with it.
        form_goes_on = (current is not None and title is None and grid.page > current.grids[-1].page
                        and classify_title(current.title) in PERFORMANCE_KINDS
                        and not _lead_has_title([ln for ln in lead if ln.page == grid.page]))
        continues = form_goes_on or same_shape and (repeated_title or (first_on_page and title is None) or lined_up)
        if continues:
            current.grids.append(grid)
        else:
            if title is None:
                title = _fallback_title(near)
            current = _Group(title=_clean_title(title or ""), title_line=title_line, unit=unit, grids=[grid])
            groups.append(current)
        lead = []
        first_on_page = False
    return groups


def _numbered(above: list[TextLine], title: str) -> str:
    """The title with the bare 公开表 number printed on a line above it (`表一` / `收支预算总表`, or
    over a grid holding its title), so the number a template is recognised by stays with it."""
    if title_number(title) is not None:
        return title
    bare = [ln for ln in above if not normalise_title(ln.text) and title_number(ln.text) is not None]
    return f"{bare[-1].text.strip()} {title}" if bare else title


def _joined_title(near: list[TextLine], line: TextLine) -> str:
    """A title wrapped over two lines (`公开09表：一般公共预算“三公”经费、会议费、培训费` /
    `支出预算表`): the line just above is joined when it is close, is no sentence, note or unit
    line, and the joined title names a kind the last line alone does not (or names it better)."""
    i = near.index(line)
    if i == 0:
        return line.text
    above = near[i - 1]
    gap = line.bbox[1] - above.bbox[3]
    text = above.text.strip()
    if gap > max(12.0, 1.5 * (line.bbox[3] - line.bbox[1])) or not text or len(text) > 50 or unit_in(text) \
            or _NOTE.match(text) or regex.search(r"[。；;]", text) or is_furniture(text):
        return line.text
    joined = text + line.text.strip()
    alone, both = classify_title(line.text), classify_title(joined)
    if both != "other" and (alone == "other" or len(normalise_title(line.text)) <= 6 and both != alone):
        return joined
    return line.text


def same_geometry(grid: Grid, previous: Grid) -> bool:
    """The grid draws its filled columns where the previous grid drew its own: a continuation
    that lost the header (and the empty spacer columns) still lines up with the table above."""
    mine, theirs = _filled_columns(grid), _filled_columns(previous)
    if mine and len(mine) == len(theirs) and all(abs(a - b) <= 12 for a, b in zip(mine, theirs)):
        return True
    # Or the rulings: nearly every vertical ruling of the grid is one the previous grid drew (a
    # grid with more rulings than the table above is another table, however alike).
    mine, theirs = _edges(grid), _edges(previous)
    hits = sum(1 for x in mine if any(abs(x - y) <= 3 for y in theirs))
    return len(mine) >= 4 and hits >= 0.9 * len(mine)


def _edges(grid: Grid) -> list[float]:
    xs = sorted({round(v, 1) for r in grid.rows for c in r if c.bbox for v in (c.bbox[0], c.bbox[2])})
    out: list[float] = []
    for x in xs:
        if not out or x - out[-1] > 2:
            out.append(x)
    return out


def _filled_columns(grid: Grid) -> list[float]:
    """x-centres of the filled cells of the grid's usual amount row (the most common number of
    filled cells; the median centre of each), so a stray wide row does not change the answer."""
    filled = [sorted((c.bbox[0] + c.bbox[2]) / 2 for c in r if c.bbox and (c.text or "").strip()) for r in grid.rows]
    rows = [f for f, r in zip(filled, grid.rows) if any(_AMOUNT_IN_LINE.search(c.text or "") for c in r)]
    rows = rows or [f for f in filled if len(f) >= 2]  # forms (绩效目标表) print few amounts
    if not rows:
        return []
    n = Counter(len(r) for r in rows).most_common(1)[0][0]
    same = [r for r in rows if len(r) == n]
    return [median(r[k] for r in same) for k in range(n)]


TOTAL_LABEL = regex.compile(r"^(合计|总计|小计)")
_AMOUNT_IN_LINE = regex.compile(r"\d[\d,]*\.\d{2}")


def _used_columns(grid: Grid) -> int:
    """Columns holding text in the rows that carry an amount: a continued grid may lose the empty
    spacer columns (and the header furniture) its first page had."""
    rows = [r for r in grid.rows if any(_AMOUNT_IN_LINE.search(c.text or "") for c in r)] or list(grid.rows)
    return sum(1 for c in range(grid.n_cols) if any(c < len(r) and (r[c].text or "").strip() for r in rows))


def _is_soft(text: str) -> bool:
    """Lines that may sit above a continued table without breaking the continuation: units,
    page furniture, 续表, and table rows that escaped the grid (a line carrying an amount)."""
    t = _WS.sub("", text)
    return (bool(unit_in(t)) or is_furniture(t) or len(t) <= 2 or bool(regex.match(r"^(续表|接上表|续)", t))
            or bool(_AMOUNT_IN_LINE.search(t)))


def _lead_has_title(lead: list[TextLine]) -> bool:
    return any(looks_like_title(ln.text) for ln in lead)


def _fallback_title(lead: list[TextLine]) -> str | None:
    """A heading just above an untitled grid (e.g. `（三）项目支出情况`), if short."""
    for ln in reversed(lead[-3:]):
        t = ln.text.strip()
        if t and not unit_in(t) and len(t) <= 40 and not _NOTE.match(t) and not _AMOUNT_IN_LINE.search(t):
            return t
    return None


def _clean_title(title: str) -> str:
    return regex.sub(r"(?<=[\p{Han}\d])\s+(?=[\p{Han}\d（(])|(?<=[\p{Han}（(])\s+", "", title.strip())


def _table_from_group(g: _Group, table_id: str, family: str | None, default_unit: str | None) -> Table | None:
    first, rest = g.grids[0], g.grids[1:]
    _, _, skip = _title_rows(first)
    if not first.rows[skip:] and rest:
        # The title (and 部门/单位 line) closes one page, the header and rows open the next.
        first, rest = rest[0], rest[1:]
        _, _, skip = _title_rows(first)
    raw_rows = list(first.rows[skip:])
    resolved = resolve_spans(raw_rows) if raw_rows else []
    depth = header_depth(resolved)
    header = resolved[:depth]
    paths = column_paths(header)
    n_cols = len(resolved[0]) if resolved else 0
    paths += [()] * (n_cols - len(paths))
    data = [(row, texts) for row, texts in zip(raw_rows[depth:], resolved[depth:])]
    if data:
        data[0], paths = _header_words_on_first_row(data[0], paths)
    columns = tuple(Column(index=c, path=paths[c]) for c in range(n_cols))
    for grid in rest:
        cont_rows = align_columns(grid.rows, first.rows, n_cols)
        cont_resolved = resolve_spans(cont_rows)
        d = header_depth(cont_resolved)
        data += list(zip(cont_rows[d:], cont_resolved[d:]))
    roles = column_roles(columns, data)
    data = merge_split_columns(data, columns, roles)
    rows = _rows(data, columns, roles)
    kind = classify_title(g.title, family)
    pages = [grid.page for grid in g.grids]
    unit = g.unit or default_unit
    return Table(table_id=table_id, kind=kind, title=g.title, page_first=min(pages), page_last=max(pages),
                 unit=unit, columns=columns, rows=tuple(rows), notes=tuple(g.notes),
                 empty_statement=g.empty_statement, engine=first.engine,
                 column_numbers=column_numbers(header),
                 amount_cols=tuple(c for c, r in sorted(roles.items()) if r == "amount"),
                 doubt=labels_shifted(rows), unit_printed=g.unit is not None)


def labels_shifted(rows: list[Row]) -> str | None:
    """Why the row labels may sit one row off their codes and amounts, or None.

    When a PDF draws names a few points higher than codes and figures, the grid puts each name in
    the row above: a name alone in its row (no code, no amount) right before a coded row. A wrapped
    name continues *below* its row, so this order does not occur in a well-read table."""
    for above, below in zip(rows, rows[1:]):
        if above.code is None and above.name and not above.amounts and below.code and below.amounts \
                and not TOTAL_LABEL.match(_WS.sub("", above.name)):
            return f"row label {above.name!r} sits alone above code {below.code}: labels may be one row off"
    return None


def align_columns(rows, reference, n_cols: int):
    """Re-index a continued grid's cells onto the first grid's columns by x position.

    Continuation pages often draw one column more or less (an empty margin column), so column
    indices cannot be trusted across pages; the nearest column centre can.
    """
    ref = column_centres(reference)
    own = column_centres(rows)
    if len(own) == n_cols and all(a is None or b is None or abs(a - b) < 15 for a, b in zip(own, ref)):
        return rows
    targets = [k for k in range(min(n_cols, len(ref))) if ref[k] is not None]
    if not targets:
        return rows  # nothing to align to (the first grid held only its title)
    mapping = {c: min(targets, key=lambda k: abs(ref[k] - x)) for c, x in enumerate(own) if x is not None}
    out = []
    for row in rows:
        cells: list = [Cell(text=None, page=row[0].page, bbox=None, row=row[0].row, col=k) for k in range(n_cols)]
        for cell in row:
            k = mapping.get(cell.col)
            if k is not None and cell.bbox is not None and cells[k].bbox is None:
                cells[k] = replace(cell, col=k)
        out.append(tuple(cells))
    return out


def _header_words_on_first_row(first, paths):
    """Templates print `类 | 款 | 项` on the 合计 row itself: move those words into the header."""
    raw, texts = first
    found = {c for c, cell in enumerate(raw) if cell.text and header_text(cell.text) in ("类", "款", "项")}
    if not found:
        return first, paths
    paths = [p + (header_text(raw[c].text),) if c in found else p for c, p in enumerate(paths)]
    raw = tuple(replace(cell, text="") if c in found else cell for c, cell in enumerate(raw))
    return (raw, texts), paths


def column_roles(columns: tuple[Column, ...], data) -> dict[int, str]:
    """Role of each column: marker (行次), code, code_part (类/款/项), label, or amount."""
    roles: dict[int, str] = {}
    first_label = None
    for col in columns:
        c = col.index
        cells = [normalise(raw[c].text if c < len(raw) and raw[c].text else "") for raw, _ in data]
        cells = [t for t in cells if t]
        numeric = sum(1 for t in cells if parse_number(t) is not None or is_placeholder(t))
        codelike = sum(1 for t in cells if codes.clean_code(t) and len(t) in (3, 5, 7))
        leaf = col.leaf
        if is_row_marker_column(col.path):
            roles[c] = "marker"
        elif leaf in ("类", "款", "项"):
            roles[c] = "code_part"
        elif any(_CODE_HEADER.search(p) for p in col.path[-1:]) or (
                first_label is None and cells and codelike >= 0.8 * len(cells)):
            roles[c] = "code"
        elif cells and numeric >= max(1, len(cells) - numeric):
            roles[c] = "amount"
        elif not cells and not _LABEL_HEADER.search(leaf):
            roles[c] = "amount"  # a column blank in every row: amounts all blank
        else:
            roles[c] = "label"
            first_label = c if first_label is None else first_label
    return roles


def merge_split_columns(data, columns, roles: dict[int, str]):
    """Fold an amount column into its left neighbour when the two share a header and are never
    filled in the same row: a stray ruling (or nested cell boxes on bold rows) split one column."""
    def filled(raw, c):
        return c < len(raw) and raw[c].bbox is not None and bool(normalise(raw[c].text or ""))

    amount = [c for c in sorted(roles) if roles[c] == "amount"]
    for left, right in zip(amount, amount[1:]):
        if right != left + 1 or columns[left].path != columns[right].path:
            continue
        if any(filled(raw, left) and filled(raw, right) for raw, _ in data):
            continue
        if not any(filled(raw, right) for raw, _ in data):
            continue
        merged = []
        for raw, texts in data:
            if filled(raw, right) and not filled(raw, left):
                raw = list(raw)
                raw[left], raw[right] = replace(raw[right], col=left), replace(raw[left], text="", col=right) \
                    if raw[left].bbox is not None else Cell(text="", page=raw[right].page, bbox=None, row=raw[right].row, col=right)
                raw = tuple(raw)
            merged.append((raw, texts))
        data = merged
        roles[right] = "empty"
    return data


def table_sides(roles: dict[int, str]) -> list[list[int]]:
    """Side-by-side halves of a table (收入 | 支出; two economic-code lists): a label or code
    column after an amount column starts a new side."""
    sides: list[list[int]] = [[]]
    seen_amount = False
    for c in sorted(roles):
        if roles[c] in ("label", "code", "code_part") and seen_amount:
            sides.append([])
            seen_amount = False
        seen_amount = seen_amount or roles[c] == "amount"
        sides[-1].append(c)
    return [s for s in sides if s]


def _rows(data, columns: tuple[Column, ...], roles: dict[int, str]) -> list[Row]:
    """Data rows → Rows; each side of a side-by-side table gives rows of its own, side 1 first."""
    rows: list[Row] = []
    for side in table_sides(roles):
        rows += _side_rows(data, columns, {c: roles[c] for c in side}, start=len(rows))
    return rows


def _side_rows(data, columns, roles: dict[int, str], start: int) -> list[Row]:
    parts = {columns[c].leaf: c for c, r in roles.items() if r == "code_part"}
    carry_lei = carry_kuan = ""
    rows = []
    for raw, texts in data:
        cells = {c: normalise(raw[c].text if c < len(raw) and raw[c].text else "") for c in roles}
        if not any(cells.values()):
            continue
        code = None
        if parts:
            lei, kuan, xiang = (cells[parts[k]] if k in parts else "" for k in ("类", "款", "项"))
            if lei:
                carry_lei, carry_kuan = lei, (kuan or "")
            elif kuan and carry_lei and len(kuan) == 2:
                lei, carry_kuan = carry_lei, kuan
            elif xiang and carry_lei and carry_kuan and len(xiang) == 2:
                lei, kuan = carry_lei, carry_kuan
            code = codes.join_split(lei, kuan, xiang)
        else:
            code = next((codes.clean_code(cells[c]) for c, r in sorted(roles.items())
                         if r == "code" and codes.clean_code(cells[c])), None)
        labels = tuple(_label(raw[c].text) for c, r in sorted(roles.items()) if r == "label" and cells[c])
        if not labels:  # `合计` printed across merged code columns, or spanning in from another side
            labels = tuple(dict.fromkeys(
                _label(texts[c]) for c, r in sorted(roles.items())
                if r in ("code", "code_part", "label") and c < len(texts) and normalise(texts[c])
                and not normalise(texts[c]).isdigit()))
        name = labels[0] if labels else None
        if code is None and name:
            m = _LABEL_CODE.match(name)
            if m and codes.clean_code(m.group(1)):
                code, name = m.group(1), m.group(2).strip()
                labels = (name,) + labels[1:]
        amounts, label_for, last_label = {}, {}, None
        for c, r in sorted(roles.items()):
            if c >= len(raw) or raw[c].bbox is None or r not in ("amount", "label"):
                continue
            number = parse_number(cells[c])
            if r == "label" and not _form_amount(cells[c], number):
                last_label = _label(raw[c].text) if cells[c] else last_label
                continue
            if number is not None:
                amounts[c] = Amount(number=number, cell=raw[c], ocr=raw[c].ocr)
                if last_label:
                    label_for[c] = last_label
        if not amounts and not name and not code:
            continue
        page = next((raw[c].page for c in roles if c < len(raw) and raw[c].bbox is not None), raw[0].page)
        rows.append(Row(index=start + len(rows), page=page, code=code, name=name, level=codes.level(code),
                        labels=labels, amounts=amounts, label_for=label_for,
                        cells=tuple(raw[c] for c in sorted(roles) if c < len(raw))))
    return rows


def _form_amount(text: str, number) -> bool:
    """A number printed inside a label column (forms: `基本支出 | 58,118.59 | 财政拨款 | 92,008.68`)."""
    return number is not None and (number.decimals > 0 or "," in text or number.unit is not None)


_CJK_BREAK = regex.compile(r"(?<=\p{Han}|[，、（）()“”])\s+(?=\p{Han}|[，、（）()“”])")


def _label(text: str | None) -> str:
    """A row label as printed, with line breaks inside CJK text joined without a space."""
    t = (text or "").strip()
    t = _CJK_BREAK.sub("", t)
    return _WS.sub(" ", t)
