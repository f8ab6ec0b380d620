"""The data every stage speaks, with page and bbox provenance on everything.

Extraction fills `Document` (pages, text lines, ruled grids of cells) without interpreting it;
parsing turns grids into `Table`s of `Amount`s; checking produces `Finding`s. Frozen dataclasses
keep stages pure: a stage returns new objects rather than mutating its input.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from parsers.numbers import PrintedNumber

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, page's upright frame


@dataclass(frozen=True)
class Cell:
    """One grid cell as extracted. `text` is None for a position covered by a merged cell;
    `ocr` marks text read from the page image, which checks report with less confidence;
    `ref` is a workbook cell's address (`收支总表!B7`), None for a PDF cell (its bbox locates it)."""

    text: str | None
    page: int
    bbox: BBox | None
    row: int
    col: int
    ocr: bool = False
    ref: str | None = None


@dataclass(frozen=True)
class TextLine:
    text: str
    page: int
    bbox: BBox


@dataclass(frozen=True)
class Grid:
    """A ruled table region on one page, rows × columns of cells, as one engine read it."""

    page: int
    bbox: BBox
    rows: tuple[tuple[Cell, ...], ...]
    engine: str = "pdfplumber"

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(frozen=True)
class Page:
    number: int  # 1-based physical page
    width: float
    height: float
    rotation: int
    lines: tuple[TextLine, ...]  # text outside grids, top to bottom
    grids: tuple[Grid, ...]
    text_layer: str = "ok"  # ok / none (scanned) / garbled (font without a Unicode map) / blank
    ocr: bool = False  # lines and grids were read from the page image
    error: str | None = None  # why a page that needed OCR could not be read


@dataclass(frozen=True)
class Document:
    doc_id: str
    path: str
    pages: tuple[Page, ...]
    repaired: str | None = None  # how a damaged file was repaired before it was read (extract.repair)

    @property
    def n_pages(self) -> int:
        return len(self.pages)


@dataclass(frozen=True)
class Column:
    index: int
    path: tuple[str, ...]  # header texts from the top header row down to the leaf

    @property
    def name(self) -> str:
        return "/".join(self.path) if self.path else f"col{self.index + 1}"

    @property
    def leaf(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass(frozen=True)
class Amount:
    """A numeric cell of a parsed table: its printed number plus where it sits."""

    number: PrintedNumber
    cell: Cell
    ocr: bool = False

    @property
    def value(self) -> Decimal:
        return self.number.value


@dataclass(frozen=True)
class Row:
    index: int  # 0-based data row within the logical table
    page: int
    code: str | None
    name: str | None
    level: str | None
    labels: tuple[str, ...]  # every non-numeric text cell of the row, left to right
    amounts: dict[int, Amount] = field(default_factory=dict)  # column index → amount
    cells: tuple[Cell, ...] = ()
    label_for: dict[int, str] = field(default_factory=dict)  # column → nearest label on its left


@dataclass(frozen=True)
class Table:
    table_id: str
    kind: str
    title: str
    page_first: int
    page_last: int
    unit: str | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()
    empty_statement: str | None = None
    engine: str = "pdfplumber"
    column_numbers: dict[int, int] = field(default_factory=dict)  # column index → printed 栏次
    amount_cols: tuple[int, ...] = ()  # columns that hold amounts (even where all are blank)
    doubt: str | None = None  # why this reading may be wrong: its identities report warnings
    unit_printed: bool = True  # False when no unit line stood with the table (unit = the document's default)
    # Cells the second engine (camelot) reads differently, where its reading was not preferred:
    # (row index, column) → camelot's printing. A finding resting on one says so and is a warning.
    disputed: dict[tuple[int, int], str] = field(default_factory=dict)
    # "table" for a financial table (structure and note rules apply), "form" for a 绩效 form read
    # block by block (its columns say what each value is: `资金/执行率`, `三级指标/分值`, …).
    layout: str = "table"

    def amount_columns(self) -> list[int]:
        """Columns whose role is amount (numbers inside label columns, as in forms, are not summed)."""
        return list(self.amount_cols)

    def row_amount_columns(self, row: "Row") -> list[int]:
        """The amount columns a row has a cell in (a side of a side-by-side table has only its own)."""
        used = {cell.col for cell in row.cells}
        return [c for c in self.amount_cols if c in used]


@dataclass(frozen=True)
class DocumentInfo:
    kind: str  # budget / final_account / performance_target / performance_selfeval / other
    issuer: str | None
    year: int | None
    scope: str | None  # 部门 (department, consolidated) / 单位 (one unit)
    template: str | None = None  # id of the registry template the document follows (parsers/templates/)


@dataclass(frozen=True)
class Claim:
    """A figure stated in the narrative, with what a rule needs to recompute it."""

    page: int
    text: str  # the sentence it was stated in
    subject: str  # the words before it in its clause, e.g. `工资福利支出`
    value: Decimal
    unit: str | None
    kind: str  # amount / percent / growth / difference / rate
    number: PrintedNumber | None = None  # as printed: decimals give the rounding interval
    lead: str = ""  # raw clause text before the figure's cue words (`…比年初预算数` before 减少 0.85 元)
    label: str = ""  # raw clause text right up to the figure (`…比年初预算数减少`): its name as a record
    role: str | None = None  # for amounts: budget / actual / prior
    topic: tuple[tuple[str, str], ...] = ()  # classification items named before it: (name, 类/款/项)
    base: str | None = None  # for shares: what it is a share of (`政府采购支出总额`), "" if unsaid
    direction: int = 0  # for growth and differences: +1 up, -1 down
    sentence: int = 0  # sentence number on the page: rates are checked within one sentence
    offset: int = 0
    ocr: bool = False  # read by OCR from the page image: a finding resting on it is at most a warning
    section_id: str | None = None  # the heading it is printed under (parsers.sections)
    section: str = ""  # that heading's normalised title, e.g. `“三公”经费支出情况`


@dataclass(frozen=True)
class Reason:
    """Why a finding may not be a slip in the document (`pipeline.check.policy` registers the
    codes and what severity each allows): `ocr`, `engines_disagree`, `scope`, … with a note."""

    code: str
    note: str = ""

    def as_dict(self) -> dict:
        return {"code": self.code, "note": self.note}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # error / warning / info: settled by pipeline.check.policy from rule and reasons
    table_id: str | None
    page: int | None
    message: str
    expected: Decimal | None
    actual: Decimal | None
    delta: Decimal | None
    tolerance: Decimal | None
    evidence: tuple[dict, ...] = ()
    reasons: tuple[Reason, ...] = ()
