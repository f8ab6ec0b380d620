"""Seeded-slip benchmark: how many of the slips a careful reader would find does the audit find?

    python -m pipeline.recall CORPUS [--seed 1] [--files 24] [--per-class 2] [--jobs 2] [--quick]

From real text-layer 预算/决算 PDFs it writes variants with exactly one slip each, edited into the
PDF itself (`pdfedit`), runs the pipeline on the original and on every variant, and reports per
slip class: variants, seeded slips found (a finding on that page naming the changed figure),
findings the variant adds beyond the seeded one, and the original's findings left unchanged.

Targets come from the pipeline's own reading of the original, so they are real printed figures:
table cells that take part in an identity that holds in the original (a slip there breaks it),
and narrative figures that restate a table cell or can be recomputed from their sentence. Each
class says how many candidates it had. A variant re-reads only its edited page; the other pages
keep the original's reading (they are the same bytes), then parsing and every check run as in
`process.analyse`. A variant whose re-read page differs from the original in anything but the
one figure is discarded and counted (`edit_failed`).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import regex

from parsers.identify import identify
from parsers.layout import as_read
from parsers.numbers import parse_number
from parsers.tables import build_tables
from parsers.text import document_claims
from pipeline import slips
from pipeline.check import notes, structure, templates
from pipeline.check.narrative import _COVERAGE, _SANGONG, _prior_column, _restates  # one definition of each
from pipeline.check.structure import TOTAL_ROW, TOTAL_WORD
from pipeline.extract import read_pdf
from pipeline.model import Claim, Table
from pipeline.check import check_document
from pipeline.process import _finding_row, _page_text, second_reading

CLASSES = {
    "table_total": "表内合计/小计 | a table's 合计/小计 (row or column)",
    "table_class": "表内类/款行 | a 类 or 款 row",
    "table_item": "表内项行 | a 项 row",
    "table_named": "表内无编码行 | a named row without a code (收支总表 lines, 三公 items)",
    "cross_table": "跨表总数 | a total another table restates (表1/表2/表3, 表4/表5, 基本支出 split)",
    "text_amount": "说明金额 | a narrative amount restating a table cell",
    "text_sangong": "三公说明 | a 三公 amount in the narrative restating the 三公 table",
    "text_percent": "说明百分比 | a narrative share, growth or completion rate",
    "text_direction": "增减方向 | 增加↔减少 flipped before a change",
    "text_unit": "单位 | a narrative amount in the wrong unit (万元↔元)",
}
TABLE_CLASSES = ("table_total", "table_class", "table_item", "table_named")
FAMILIES = ("budget", "final_account")


@dataclass(frozen=True)
class Target:
    cls: str
    page: int
    old: str  # the printed text to replace (a figure, a direction word or a unit)
    new: str
    how: str
    printed: str  # the figure the slip changes or qualifies, as printed in the original
    value: Decimal
    new_printed: str  # the figure as printed in the variant (== printed for word slips)
    inside: tuple | None = None  # table cell box
    before: str = ""  # narrative: characters printed just before `old`
    prefix: str = ""  # narrative word slips: `old` is found as prefix+old+suffix, only `old` replaced
    suffix: str = ""
    where: str = ""  # what it is: table row and column, or the sentence
    nth: tuple[int, int] = (0, 1)  # narrative: the figure's place among the page's claims printing it, and their number
    undeterminable: str = ""  # why nothing else in the document determines the figure (then no reader can find it)


# --- reading the original -----------------------------------------------------------------

def read(path: Path, pages: list[int] | None = None):
    document = as_read(read_pdf(path, pages=pages))  # prose boxes are text, as `process.analyse` reads them
    info = identify([_page_text(p) for p in document.pages[:3]])
    return document, info


def parsed(document, family, camelot: dict | None = None):
    """Tables and claims exactly as `process.analyse` reads them (`camelot`: page → camelot's
    grids already read from the same bytes)."""
    tables = second_reading(document, build_tables(document, family), family, camelot)
    claims = document_claims([(p.number, [ln.text for ln in p.lines]) for p in document.pages])
    return tables, claims


def audit(document, family, reading) -> list[dict]:
    """The findings `process.analyse` would store for this reading."""
    tables, claims = reading
    return [_finding_row(document.doc_id, i, f)
            for i, f in enumerate(check_document(tables, claims, family, document), start=1)]


# --- choosing targets ---------------------------------------------------------------------

def table_candidates(tables: list[Table], family: str) -> dict[str, list[tuple]]:
    """Cells in an identity that holds: class → [(table, row, col, amount, identities)]. A cell
    in a cross-table identity is a cross_table target; the others are classed by their row."""
    by_id = {t.table_id: t for t in tables}
    cells: dict[tuple, tuple] = {}
    uses: dict[tuple, list] = defaultdict(list)
    cross: set = set()
    checked: set = set()

    def add(identity, options, is_cross: bool):
        for option in options:
            terms = (option.total, *option.parts)
            checked.update(_cell_key(t.amount) for t in terms if t.amount is not None)
        if identity.evaluate() is not None:
            return
        for option in options:
            for term in (option.total, *option.parts):
                a = term.amount
                if a is None or a.ocr or a.cell.bbox is None or a.value == 0:
                    continue
                t = by_id.get(term.table_id or option.table_id)
                if t is None or (term.row, term.col) in t.disputed:
                    continue
                key = _cell_key(a)
                cells[key] = (t, next(r for r in t.rows if r.index == term.row), term.col, a)
                if identity not in uses[key]:
                    uses[key].append(identity)
                if is_cross:
                    cross.add(key)

    for t in tables:
        for i in structure.identities(t) + notes.identities(t):
            add(i, (i,), False)
    for i in templates.identities(tables, family):
        add(i, getattr(i, "options", (i,)), i.rule == "cross_table")
    out: dict[str, list[tuple]] = defaultdict(list)
    # Cells of standard tables that no identity covers: a slip there cannot be found by arithmetic.
    for t in tables:
        if t.kind == "other":
            continue
        for r in t.rows:
            for a in r.amounts.values():
                if a.value != 0 and a.number.unit != "%" and a.cell.bbox and _cell_key(a) not in checked:
                    out["unchecked"].append((t, r, None, a, ()))
    for key in sorted(cells, key=lambda k: (k[0], k[1])):
        t, row, col, a = cells[key]
        out["cross_table" if key in cross else _row_class(t, row, col)].append((t, row, col, a, tuple(uses[key])))
    return out


def _cell_key(a) -> tuple:
    return (a.cell.page, a.cell.bbox)


def detectable(identities, amount, new_printed: str) -> bool:
    """Some identity the cell takes part in fails once the cell prints `new_printed`: a slip that
    stays within the rounding of every sum it is in (a 6-decimal cell restated by a 2-decimal
    total) could be found by no one."""
    number = parse_number(new_printed)
    key = _cell_key(amount)

    def swap(term):
        if term.amount is not None and _cell_key(term.amount) == key:
            return replace(term, amount=replace(term.amount, number=number))
        return term

    def slipped(identity):
        if hasattr(identity, "options"):
            return replace(identity, options=tuple(slipped(o) for o in identity.options))
        return replace(identity, total=swap(identity.total), parts=tuple(swap(p) for p in identity.parts))

    return number is not None and any(slipped(i).evaluate() is not None for i in identities)


def _row_class(t: Table, row, col: int) -> str:
    name = (row.name or "").replace(" ", "")
    if TOTAL_ROW.match(name) or TOTAL_WORD.match(name) or (not row.code and TOTAL_WORD.match(t.columns[col].leaf)):
        return "table_total"
    if row.level in ("类", "款"):
        return "table_class"
    if row.level == "项":
        return "table_item"
    return "table_total" if TOTAL_WORD.match(t.columns[col].leaf) else "table_named"


def restated_cell(c: Claim, tables: list[Table]):
    """A standard table's cell this narrative amount restates (same quantity, same printing), if any."""
    if c.kind != "amount" or c.number is None or c.unit not in ("万元", "元") or abs(c.value) < 1:
        return None
    for t in tables:
        if t.kind == "other":
            continue
        for r in t.rows:
            for a in r.amounts.values():
                if a.number.unit != "%" and a.value != 0 and _restates(c, t, a):
                    return t, r, a
    return None


def claim_candidates(claims: list[Claim], tables: list[Table]) -> dict[str, list[tuple]]:
    """Narrative figures: class → [(claim, the cell it restates or None)]. Percentages need an
    amount in their sentence to be recomputed from; a direction word needs the change's two
    amounts, or a rate (or change) beside it stating the same direction."""
    out: dict[str, list[tuple]] = defaultdict(list)
    by_sentence: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        by_sentence[(c.page, c.sentence)].append(c)
    sangong = [t for t in tables if "三公" in t.kind]
    for c in claims:
        mates = by_sentence[(c.page, c.sentence)]
        amounts = [m for m in mates if m.kind in ("amount", "difference") and m is not c]
        if c.number is None:
            continue
        if c.kind == "amount":
            cell = restated_cell(c, sangong if _SANGONG.search(c.subject) else tables)
            if cell is not None:
                out["text_sangong" if _SANGONG.search(c.subject) else "text_amount"].append((c, cell))
                out["text_unit"].append((c, cell))
            elif any(m.kind in ("growth", "rate") for m in mates):
                out["text_unit"].append((c, None))
        elif c.kind in ("percent", "growth", "rate") and c.value != 0 and amounts:
            out["text_percent"].append((c, None))
        if c.kind in ("difference", "growth") and c.direction and c.value != 0 and _direction_word(c):
            # Checkable: the change sits between this year's and a stated prior amount, or beside
            # the rate (or the change) that states the same direction.
            roles = {m.role for m in amounts if m.kind == "amount"}
            partner = "growth" if c.kind == "difference" else "difference"
            if ("prior" in roles and roles - {"prior"}) or any(m.kind == partner and m.direction for m in mates):
                out["text_direction"].append((c, None))
    return out


def _direction_word(c: Claim) -> str | None:
    tail = c.label.replace(" ", "")
    tail = tail[:-1] if tail.endswith("了") else tail
    return next((w for w in slips.DIRECTION_WORDS if tail.endswith(w)), None)


def targets(tables, claims, family, rng: random.Random, per_class: int) -> tuple[list[Target], dict[str, int]]:
    cands = table_candidates(tables, family)
    counts = {k: len(v) for k, v in cands.items()}
    counts["unchecked_by_kind"] = dict(Counter(c[0].kind for c in cands.get("unchecked", [])))
    out: list[Target] = []
    for cls in ("cross_table", *TABLE_CLASSES):
        pool = list(cands.get(cls, []))
        rng.shuffle(pool)
        for t, row, col, a, identities in pool[: per_class * 3]:
            slip = next((x for x in (slips.typing_slip(a.number.printed, rng) for _ in range(5))
                         if x is not None and detectable(identities, a, x.new)), None)
            if slip is None:
                continue
            out.append(Target(cls, a.cell.page, slip.old, slip.new, slip.how, slip.old, a.value, slip.new,
                              inside=a.cell.bbox, where=f"{t.kind} | {row.code or ''} {row.name or ''} | {t.columns[col].name}"))
            if sum(x.cls == cls for x in out) >= per_class:
                break
    ccands = claim_candidates(claims, tables)
    counts.update({k: len(v) for k, v in ccands.items()})
    for cls in ("text_amount", "text_sangong", "text_percent", "text_direction", "text_unit"):
        pool = list(ccands.get(cls, []))
        rng.shuffle(pool)
        made = 0
        for c, _ in pool:
            if made >= per_class:
                break
            target = _claim_target(cls, c, rng)
            if target is not None:
                same = [x for x in claims if x.page == c.page and x.number is not None
                        and _printed_as(x, target) == _printed_as(c, target)]
                target = replace(target, nth=(next(i for i, x in enumerate(same) if x is c), len(same)),
                                 undeterminable=undeterminable(cls, c, claims, tables))
                out.append(target)
                made += 1
    return out, counts


_THRESHOLD = regex.compile(r"^\s*(?:[（(]含[)）])?\s*(?:以上|以下|以内|及以上)")


def undeterminable(cls: str, c: Claim, claims: list[Claim], tables: list[Table]) -> str:
    """Why no reader could tell the seeded figure is a slip, or "" when something determines it.
    Only the benchmark's denominator is qualified by this: such variants are still run and
    reported, with and without them. Reasons: a threshold (`单价100万元（含）以上设备`: a table
    cell printing 100 only by chance); a coverage sentence (`涉及项目预算资金 X 万元`: the covered
    projects' budget, which no table states); a direction word that no stated prior amount, rate
    or table 上年 column decides."""
    if cls in ("text_amount", "text_unit", "text_sangong"):
        end = c.text.find(c.number.printed + (c.unit or ""))
        if end >= 0 and _THRESHOLD.match(c.text[end + len(c.number.printed + (c.unit or "")):]):
            return "threshold: the figure bounds a category (X万元以上), it is no amount a table states"
        m = _COVERAGE.search(c.text)
        if m:
            return f"coverage sentence (“{m.group(0)}”): its figure is what the evaluated projects cover, which no table states"
    if cls == "text_direction":
        mates = [m for m in claims if m.page == c.page and m.sentence == c.sentence and m is not c]
        partner = "growth" if c.kind == "difference" else "difference"
        if any(m.kind == partner and m.direction for m in mates):
            return ""
        before = [m for m in mates if m.kind == "amount" and m.offset < c.offset]
        if any(m.role == "prior" for m in before) and any(m.role != "prior" for m in before):
            return ""
        current = next((m for m in reversed(before) if m.role != "prior"), None)
        cell = restated_cell(current, tables) if current is not None else None
        if cell is not None and _prior_column(cell[0]) is not None:
            return ""
        return "no prior amount before the change, no rate beside it and no table 上年 column: nothing states the direction"
    return ""


def _claim_target(cls: str, c: Claim, rng: random.Random) -> Target | None:
    printed = c.number.printed
    before = c.label.replace(" ", "")[-4:]
    if cls == "text_direction":
        word = _direction_word(c)
        slip = slips.direction_slip(word) if word else None
        if slip is None:
            return None
        return Target(cls, c.page, word, slip.new, slip.how, printed, c.value, printed, suffix=_infix(c) + printed,
                      where=c.text)
    if cls == "text_unit":
        slip = slips.unit_slip(c.unit)
        if slip is None or c.value == 0:  # 0 万元 and 0 元 are the same figure: no slip to seed
            return None
        return Target(cls, c.page, c.unit, slip.new, slip.how, printed, c.value, printed, prefix=printed,
                      before=before, where=c.text)
    slip = slips.typing_slip(printed, rng)
    if slip is None:
        return None
    return Target(cls, c.page, printed, slip.new, slip.how, printed, c.value, slip.new, before=before, where=c.text)


def _printed_as(c: Claim, target: Target) -> str:
    """What `locate` searches for, as this claim prints it."""
    if target.how == "direction":
        return (_direction_word(c) or "") + _infix(c) + c.number.printed
    if target.how == "unit":
        return c.number.printed + (c.unit or "")
    return c.number.printed


def _infix(c: Claim) -> str:
    return "了" if c.label.replace(" ", "").endswith("了") else ""


# --- one variant ---------------------------------------------------------------------------

def locate(pdf_page, target: Target, pdfedit):
    """The glyphs to replace, or None when the target is not printed exactly once where expected."""
    whole = target.prefix + target.old + target.suffix
    hits = pdfedit.find(pdf_page, whole, inside=target.inside, before=target.before)
    if len(hits) != 1 and target.inside is None:
        # The figure is printed more than once on the page: take its place among the claims.
        hits = pdfedit.find(pdf_page, whole)
        k, n = target.nth
        hits = [hits[k]] if len(hits) == n else []
    if len(hits) != 1:
        return None
    g = hits[0]
    a, b = len(target.prefix), len(target.prefix) + len(target.old)
    return pdfedit.Glyphs(target.old, g.boxes[a:b], g.baseline, g.size)


def _table_prints(tables, page: int) -> Counter:
    return Counter((a.cell.page, a.number.printed) for t in tables for r in t.rows for a in r.amounts.values()
                   if a.cell.page == page)


def _claim_prints(claims, page: int) -> Counter:
    return Counter((c.kind, c.number.printed if c.number else "", c.unit, c.direction) for c in claims if c.page == page)


def changed_as_intended(target: Target, original, variant) -> str | None:
    """None when the variant's reading of the page differs from the original's by the one slip;
    else why not."""
    (t0, c0), (t1, c1) = original, variant
    p = target.page
    dt, dc = _table_prints(t1, p) - _table_prints(t0, p), _table_prints(t0, p) - _table_prints(t1, p)
    tc, cc = _claim_prints(c1, p) - _claim_prints(c0, p), _claim_prints(c0, p) - _claim_prints(c1, p)
    if target.how == "unit":
        # `8.12万元，与2025年预算持平`: a change of nothing is read in the unit of the amount before
        # it, so the one edited unit moves the 持平 too; that is the same edit, not a second figure.
        for (kind, pr, unit, d), n in list(cc.items()):
            flat = (kind, pr, target.new, d)
            if kind == "difference" and not any(ch.isdigit() for ch in pr) and unit == target.old and tc[flat] >= n:
                del cc[(kind, pr, unit, d)]
                tc[flat] -= n
        tc = +tc
    if target.cls.startswith("table") or target.cls == "cross_table":
        if list(dt) != [(p, target.new)] or list(dc) != [(p, target.old)] or tc or cc:
            return f"table reading changed by {dict(dc)} → {dict(dt)}; claims by {dict(cc)} → {dict(tc)}"
        return None
    if dt or dc or sum(tc.values()) != 1 or sum(cc.values()) != 1:
        return f"claims changed by {dict(cc)} → {dict(tc)}; table cells by {dict(dc)} → {dict(dt)}"
    (kind0, pr0, unit0, dir0), = cc
    (kind1, pr1, unit1, dir1), = tc
    if target.how == "direction":
        return None if (pr0, unit0, -dir0) == (pr1, unit1, dir1) else f"read as {tc}"
    if target.how == "unit":
        return None if (pr0, target.new) == (pr1, unit1) else f"read as {tc}"
    return None if (pr0, pr1) == (target.printed, target.new_printed) else f"read as {tc}"


def _key(f: dict) -> tuple:
    return (f["rule"], f["page"], str(f["actual"]), str(f["expected"]))


def names_slip(f: dict, target: Target) -> bool:
    """A finding on the slip's page that names the changed figure (evidence, actual or expected)."""
    ev = json.loads(f["evidence"]) if isinstance(f["evidence"], str) else f["evidence"]
    pages = {f["page"]} | {e.get("page") for e in ev}
    if target.page not in pages:
        return False
    new = slips.value_of(target.new_printed)
    printed = {e.get("printed") for e in ev if e.get("page") in (target.page, None)}
    values = {f["actual"], f["expected"]} | {Decimal(e["value"]) for e in ev if e.get("value") not in (None, "")}
    return target.new_printed in printed or (new is not None and new in values)


def run_variant(path: Path, out: Path, document, family, original, base_findings, target: Target, font,
                camelot: dict) -> dict:
    from pipeline import pdfedit
    import pymupdf
    row = {"file": path.name, "class": target.cls, "page": target.page, "old": target.old, "new": target.new,
           "how": target.how, "figure": target.printed, "where": target.where[:200],
           "undeterminable": target.undeterminable}
    with pymupdf.open(path) as pdf:
        glyphs = locate(pdf[target.page - 1], target, pdfedit)
    if glyphs is None:
        return {**row, "status": "not_located"}
    needs_cjk = any(ord(ch) > 0x2E80 for ch in target.new)
    if needs_cjk and font is None:
        return {**row, "status": "no_cjk_font"}
    tag = hashlib.sha256(repr((target.old, target.new, target.inside, target.before, target.where)).encode()).hexdigest()
    vpath = out / "variants" / f"{path.stem}-p{target.page}-{target.cls}-{tag[:10]}.pdf"
    pdfedit.write_variant(path, vpath, target.page, glyphs, target.new, font if needs_cjk else None)
    page, = read_pdf(vpath, pages=[target.page]).pages
    vdoc = as_read(replace(document, path=str(vpath),
                           pages=tuple(page if p.number == target.page else p for p in document.pages)))
    variant = parsed(vdoc, family, {k: v for k, v in camelot.items() if k != target.page})
    why = changed_as_intended(target, original, variant)
    if why:
        return {**row, "status": "edit_failed", "why": why[:300]}
    findings = audit(vdoc, family, variant)
    seeded = [f for f in findings if names_slip(f, target)]
    if target.how in ("direction", "unit"):  # the figure is unchanged: only a finding the original lacks counts
        seeded = [f for f in seeded if _key(f) not in base_findings]
    keys = {_key(f) for f in findings}
    extra = [f for f in findings if _key(f) not in base_findings and f not in seeded]
    return {**row, "status": "ok", "found": bool(seeded), "found_by": sorted({f["rule"] for f in seeded}),
            "severity": sorted({f["severity"] for f in seeded}),
            "extra": [f"{f['rule']} p{f['page']}: {f['message'][:160]}" for f in extra],
            "original_kept": sum(k in keys for k in base_findings), "original_findings": len(base_findings)}


def run_file(args: tuple) -> dict:
    path, out, seed, per_class = args
    from pipeline import pdfedit
    started = time.perf_counter()
    try:
        document, info = read(path)
    except Exception as e:  # noqa: BLE001 - a file the reader rejects is skipped, and said so
        return {"file": path.name, "skipped": f"{type(e).__name__}: {e}"}
    if info.kind not in FAMILIES:
        return {"file": path.name, "skipped": f"family {info.kind}"}
    camelot: dict[int, list] = {}
    original = parsed(document, info.kind, camelot)
    base = audit(document, info.kind, original)
    base_findings = {_key(f) for f in base}
    text_pages = {p.number for p in document.pages if p.text_layer == "ok" and not p.ocr and p.rotation == 0}
    rng = random.Random(f"{seed}/{path.name}")
    chosen, counts = targets(*original, info.kind, rng, per_class)
    font = pdfedit.cjk_font()
    rows = []
    for target in chosen:
        if target.page not in text_pages:
            rows.append({"file": path.name, "class": target.cls, "page": target.page, "status": "page_not_editable"})
            continue
        try:
            rows.append(run_variant(path, out, document, info.kind, original, base_findings, target, font, camelot))
        except Exception as e:  # noqa: BLE001 - one broken variant is reported, the benchmark goes on
            rows.append({"file": path.name, "class": target.cls, "page": target.page, "status": "crashed",
                         "why": f"{type(e).__name__}: {e}"})
    return {"file": path.name, "family": info.kind, "pages": document.n_pages, "candidates": counts,
            "original_findings": len(base), "variants": rows,
            "seconds": round(time.perf_counter() - started, 1)}


# --- choosing files, summarising -----------------------------------------------------------

def choose_files(corpus: Path, n: int, max_pages: int, tables_only: bool = False) -> list[Path]:
    """The smallest text-layer PDFs (no rotated page) that
    identify as a 预算 or 决算, by page count then name: deterministic, and quick to re-read.
    `tables_only` (the quick mode) also skips files whose tables are not in the text layer."""
    import pymupdf
    found = []
    for path in sorted(corpus.glob("*.pdf")):
        try:
            with pymupdf.open(path) as pdf:
                if pdf.page_count > max_pages or any(p.rotation for p in pdf):
                    continue
                texts = [p.get_text() for p in pdf]
        except Exception:  # noqa: BLE001 - an unreadable file is not a benchmark source
            continue
        if sum(len(t.strip()) > 50 for t in texts) < 0.9 * len(texts):
            continue
        if tables_only and sum("合计" in t for t in texts) < 3:
            continue  # tables printed as pictures: no cell to seed a slip in
        if identify(texts[:3]).kind in FAMILIES:
            found.append((len(texts), path.name, path))
    return [p for _, _, p in sorted(found)[:n]]


def summarise(files: list[dict]) -> dict:
    per: dict[str, dict] = {}
    for cls in CLASSES:
        rows = [v for f in files for v in f.get("variants", []) if v["class"] == cls]
        ok = [v for v in rows if v["status"] == "ok"]
        kept = sum(v["original_kept"] for v in ok)
        total_orig = sum(v["original_findings"] for v in ok)
        determined = [v for v in ok if not v.get("undeterminable")]
        per[cls] = {
            "candidates": sum(f.get("candidates", {}).get(cls, 0) for f in files),
            "files": len({v["file"] for v in ok}),
            "variants": len(ok), "not_written": len(rows) - len(ok),
            "found": sum(v["found"] for v in ok),
            "recall": round(sum(v["found"] for v in ok) / len(ok), 3) if ok else None,
            "extra_per_variant": round(sum(len(v["extra"]) for v in ok) / len(ok), 3) if ok else None,
            "original_kept": round(kept / total_orig, 3) if total_orig else None,
            "found_by": dict(Counter(r for v in ok for r in v["found_by"])),
            # Where the narrative states the figure and something else determines it (a table cell,
            # arithmetic): the variants `undeterminable` leaves, each listed with its reason.
            "undeterminable": len(ok) - len(determined),
            "found_undeterminable": sum(v["found"] for v in ok if v.get("undeterminable")),
            "recall_determinable": round(sum(v["found"] for v in determined) / len(determined), 3) if determined else None,
        }
    return per


def print_table(per: dict, out=sys.stdout) -> None:
    head = (f"{'class':15} {'cand':>6} {'files':>5} {'var':>4} {'found':>5} {'recall':>7} {'undet':>5} {'det.rec':>7} "
            f"{'extra/v':>7} {'kept':>6}  found by")
    print(head, file=out)
    for cls, s in per.items():
        rec = f"{s['recall']:.1%}" if s["recall"] is not None else "—"
        det = f"{s['recall_determinable']:.1%}" if s.get("recall_determinable") is not None else "—"
        extra = f"{s['extra_per_variant']:.3f}" if s["extra_per_variant"] is not None else "—"
        kept = f"{s['original_kept']:.0%}" if s["original_kept"] is not None else "—"
        by = ", ".join(f"{k} {v}" for k, v in sorted(s["found_by"].items(), key=lambda kv: -kv[1]))
        print(f"{cls:15} {s['candidates']:>6} {s['files']:>5} {s['variants']:>4} {s['found']:>5} {rec:>7} "
              f"{s.get('undeterminable', 0):>5} {det:>7} {extra:>7} {kept:>6}  {by}", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.recall", description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--files", type=int, default=24)
    ap.add_argument("--per-class", type=int, default=3, help="variants per slip class and file")
    ap.add_argument("--max-pages", type=int, default=45)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("output/recall"))
    ap.add_argument("--only", nargs="*", default=[], help="only the chosen files whose name contains one of these")
    ap.add_argument("--quick", action="store_true", help="2 small files with tables, 1 variant per class (for tests)")
    a = ap.parse_args(argv)
    if a.quick:
        a.files, a.per_class = 2, 1
    started = time.perf_counter()
    paths = choose_files(a.corpus, a.files, a.max_pages, tables_only=a.quick)
    if not paths:
        print(f"no text-layer 预算/决算 PDF found in {a.corpus}", file=sys.stderr)
        return 1
    a.out.mkdir(parents=True, exist_ok=True)
    if a.only:
        paths = [p for p in paths if any(o in p.name for o in a.only)]
    jobs = [(p, a.out, a.seed, a.per_class) for p in paths]
    files = []
    with open(a.out / "recall.jsonl", "w", encoding="utf-8") as progress:
        pool = ProcessPoolExecutor(a.jobs) if a.jobs > 1 else None
        try:
            for f in (pool.map(run_file, jobs) if pool else map(run_file, jobs)):
                files.append(f)
                progress.write(json.dumps(f, ensure_ascii=False, default=str) + "\n")
                progress.flush()
                ok = [v for v in f.get("variants", []) if v["status"] == "ok"]
                done = f.get("skipped") or f"{sum(v['found'] for v in ok)}/{len(ok)} found"
                print(f"  {f['file']}: {done} ({f.get('seconds', 0)} s)", file=sys.stderr, flush=True)
        finally:
            if pool:
                pool.shutdown()
    per = summarise(files)
    unchecked = Counter()
    for f in files:
        unchecked.update(f.get("candidates", {}).get("unchecked_by_kind", {}))
    report = {"seed": a.seed, "files": len([f for f in files if "variants" in f]), "per_class": per,
              "seconds": round(time.perf_counter() - started, 1), "documents": files,
              "classes": CLASSES,
              "unchecked_cells": dict(unchecked.most_common())}
    (a.out / "recall.json").write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    n = sum(s["variants"] for s in per.values())
    print(f"{n} variants over {report['files']} files, seed {a.seed}, {report['seconds']} s")
    print_table(per)
    undetermined = [v for f in files for v in f.get("variants", []) if v.get("status") == "ok" and v.get("undeterminable")]
    if undetermined:
        print(f"undeterminable (nothing else in the document determines the figure; in 'recall', not in 'det.rec'): "
              f"{len(undetermined)}")
        for v in undetermined:
            print(f"  {v['class']} {v['file']} p{v['page']} {v['figure']}: {v['undeterminable']}")
    print(f"standard-table cells in no identity (a slip there is out of reach): {sum(unchecked.values())}; "
          + ", ".join(f"{k} {v}" for k, v in unchecked.most_common(6)))
    print(f"details: {a.out / 'recall.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
