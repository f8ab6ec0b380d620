"""The document's own formulas, printed in a table's 注: `27 行＝（1＋2＋…＋8）行`,
`1 栏各行＝（2＋3）栏各行`, `6 栏各行＝（1＋2－3）栏各行`.

行 numbers are read from the table's 行次 column (per side of a side-by-side table), 栏 numbers
from its 栏次 row or from numeric header leaves. A formula naming a row or column the table does
not have is skipped: templates misnumber their own notes (`29 栏各行＝（2＋3）栏各行` under a
five-column table), and so is a 行 formula whose total row is not a 合计/总计 row: the note was
copied from a template whose rows are numbered differently.
"""
from __future__ import annotations

import unicodedata

import regex

from pipeline.check.identity import Identity, Term
from pipeline.model import Table

_FORMULA = regex.compile(r"(?P<total>\d+)\s*(?P<kind>行|栏)(?:各行)?\s*=\s*\((?P<expr>[\d\s+\-−.…]+)\)\s*(?:行|栏)")
_TERM = regex.compile(r"(?P<sign>[+\-−]?)\s*(?P<n>\d+)|(?P<ellipsis>\.{2,}|…)")


def formulas(notes: tuple[str, ...]) -> list[tuple[str, int, list[tuple[int, int]]]]:
    """(行/栏, total number, [(sign, number), …]) for every formula in the notes; `…` expands to the
    numbers between its neighbours."""
    text = unicodedata.normalize("NFKC", "\n".join(notes))
    out = []
    for m in _FORMULA.finditer(text):
        terms: list[tuple[int, int]] = []
        pending_range = False
        for t in _TERM.finditer(m.group("expr")):
            if t.group("ellipsis"):
                pending_range = True
                continue
            sign = -1 if t.group("sign") in ("-", "−") else 1
            n = int(t.group("n"))
            if pending_range and terms:
                terms += [(terms[-1][0], k) for k in range(terms[-1][1] + 1, n)]
                pending_range = False
            terms.append((sign, n))
        out.append((m.group("kind"), int(m.group("total")), terms))
    return out


def identities(table: Table) -> list[Identity]:
    out: list[Identity] = []
    for kind, total, terms in formulas(table.notes):
        if kind == "栏":
            out += _column_formula(table, total, terms)
        else:
            out += _row_formula(table, total, terms)
    return out


def _column_numbers(table: Table) -> dict[int, int]:
    """栏 number → column index."""
    if table.column_numbers:
        return {n: c for c, n in table.column_numbers.items()}
    return {int(col.leaf): col.index for col in table.columns if col.leaf.isdigit()}


def _column_formula(table: Table, total: int, terms) -> list[Identity]:
    cols = _column_numbers(table)
    if total not in cols or any(n not in cols for _, n in terms):
        return []
    out = []
    for row in table.rows:
        used = {cell.col for cell in row.cells}
        if cols[total] not in used:
            continue
        label = " ".join(x for x in (row.code, row.name) if x) or f"第{row.index + 1}行"
        out.append(Identity("note_formula", table.table_id, f"{label}: {total} 栏 = 注中公式",
                            Term.at(row, cols[total], f"{total}栏"),
                            tuple(Term.at(row, cols[n], f"{n}栏", sign) for sign, n in terms)))
    return out


def _row_formula(table: Table, total: int, terms) -> list[Identity]:
    out = []
    for rows_by_number, amount_cols in _sides_by_row_number(table):
        if total not in rows_by_number or any(n not in rows_by_number for _, n in terms):
            continue
        t = rows_by_number[total]
        if not regex.search(r"合计|总计|小计", t.name or ""):
            continue  # the note's numbering is another template's: its "total" row is not a total
        for col in amount_cols:
            out.append(Identity("note_formula", table.table_id, f"{t.name}: {total} 行 = 注中公式 [{table.columns[col].name}]",
                                Term.at(t, col, f"{total}行 {t.name}"),
                                tuple(Term.at(rows_by_number[n], col, f"{n}行", sign) for sign, n in terms)))
    return out


def _sides_by_row_number(table: Table):
    """For each 行次 column: its rows by printed row number, and the amount columns on its side."""
    marker_cols = [c.index for c in table.columns if c.leaf == "行次"]
    amount_cols = table.amount_columns()
    for k, mc in enumerate(marker_cols):
        right = marker_cols[k + 1] if k + 1 < len(marker_cols) else len(table.columns)
        rows = {}
        for row in table.rows:
            cell = next((c for c in row.cells if c.col == mc), None)
            if cell is not None and cell.text and cell.text.strip().isdigit():
                rows[int(cell.text.strip())] = row
        yield rows, [c for c in amount_cols if mc < c < right]

