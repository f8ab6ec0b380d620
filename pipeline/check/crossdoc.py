"""Rules between documents: a budget against last year's budget, a final account against its budget.

Most inconsistencies an auditor cares about live between documents: `与上年相比增加 1,003.69 万元`
that last year's own budget contradicts, a 上年预算数 column that is not last year's published
budget, a final account whose 年初预算数 is not the budget that was published. These rules read
the rows already in a store (documents linked by `pipeline.links`) and never a PDF; every finding
names cells of both documents.

A comparison is made only where both sides name the same item — the same classification code, or
the same subject once years, numbering, the issuer's name and filler words are removed — and a
mismatch is reported only when no figure of the other document for that item agrees (intervals by
printed decimals, as everywhere). What is compared and how often it fails is counted, so a reader
sees how much was checked, not only what failed.

Severity: `budget_of_final` is an error (年初预算 *is* the published budget); the others are
warnings, because a 上年 base may be the adjusted budget (调整预算) rather than the published one.
A renamed classification code is `info`: a catalogue change, not a slip.
"""
from __future__ import annotations

import json
import tomllib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import regex

from parsers.numbers import to_yuan
from pipeline.check import policy

DATA = Path(__file__).resolve().parents[2] / "parsers" / "data" / "crossdoc.toml"


@lru_cache(maxsize=1)
def _cues() -> dict:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


def _cue(name: str, year: int) -> regex.Pattern:
    return regex.compile(_cues()[name].replace("{prior}", str(year - 1)).replace("{year}", str(year)))


@dataclass(frozen=True)
class Figure:
    """One printed figure of one document, in 元 with its rounding radius."""

    doc_id: str
    value: Decimal
    radius: Decimal  # half a unit in the last printed place, in 元
    printed: str
    unit: str
    page: int | None
    label: str
    table_id: str | None = None
    row: int | None = None
    col: int | None = None
    bbox: str | None = None
    ocr: bool = False

    def agrees(self, other: "Figure") -> bool:
        return abs(self.value - other.value) <= self.radius + other.radius

    def cell(self, role: str) -> dict:
        return {"doc_id": self.doc_id, "role": role, "label": self.label, "printed": self.printed,
                "value": str(self.value), "unit": self.unit, "page": self.page,
                "bbox": json.loads(self.bbox) if self.bbox else None, "table_id": self.table_id,
                "row": self.row, "col": self.col, "ocr": self.ocr}


def _figure(doc_id: str, value, decimals, printed, unit, page, label, **where) -> Figure | None:
    if value is None or unit is None or to_yuan(Decimal(1), unit) is None:
        return None
    decimals = int(decimals) if decimals is not None else 2
    return Figure(doc_id, to_yuan(Decimal(value), unit), to_yuan(Decimal(5).scaleb(-(decimals + 1)), unit),
                  printed or str(value), unit, page, label, **where)


# ---------------------------------------------------------------------------------------------
# Items: what a figure is about, comparable between two documents of one issuer.

_NUMBERING = regex.compile(r"^(?:第[一二三四五六七八九十]+部分|[（(]?[一二三四五六七八九十\d]+[)）、.．]|[①-⑳])+")
_FILLER = regex.compile(r"\d{4}\s*年度?|本年度?|当年|年度|上年|年初|预算数?为?|安排|总计|合计|数为|共计|为|是|其中[:：]?|"
                        r"[“”\"'‘’《》\s:：]|（[类款项]）|\([类款项]\)")


def subject_item(subject: str | None, issuer: str | None) -> str | None:
    """`江苏省政协办公厅 2018 年度财政拨款预算支出` → `财政拨款支出`: the words that stay the same
    from one year's narrative to the next."""
    if not subject:
        return None
    text = regex.sub(r"\s+", "", subject)
    text = regex.split(r"情况说明|说明", text)[-1]
    if issuer:
        text = text.replace(regex.sub(r"\s+", "", issuer), "")
    text = _NUMBERING.sub("", text)
    text = _FILLER.sub("", text)
    text = _NUMBERING.sub("", text)
    return text if len(text) >= 2 and regex.search(r"\p{Han}", text) else None


def _name_item(name: str | None) -> str | None:
    """A table row's (or a label-less 三公 column's) name, as printed the same way each year."""
    if not name:
        return None
    leaf = unicodedata.normalize("NFKC", name.split("/")[-1])
    leaf = _NUMBERING.sub("", regex.sub(r"[\s“”\"'‘’]", "", leaf))
    return leaf if regex.search(r"\p{Han}", leaf) else None


# ---------------------------------------------------------------------------------------------
# The store's rows, grouped per document.

@dataclass
class DocRows:
    doc: dict
    tables: dict[str, dict]
    records: list[dict]
    claims: list[dict]

    @property
    def year(self) -> int | None:
        return self.doc.get("year")


def group_rows(documents, tables, records, claims) -> dict[str, DocRows]:
    out = {d["doc_id"]: DocRows(d, {}, [], []) for d in documents}
    for t in tables:
        if t["doc_id"] in out:
            out[t["doc_id"]].tables[t["table_id"]] = t
    for r in records:
        if r["doc_id"] in out:
            out[r["doc_id"]].records.append(r)
    for c in claims:
        if c["doc_id"] in out:
            out[c["doc_id"]].claims.append(c)
    for d in out.values():
        d.claims.sort(key=lambda c: (c.get("offset") is None, c.get("offset") or 0, c["page"] or 0))
    return out


def _record_figure(r: dict) -> Figure | None:
    where = {"table_id": r.get("table_id"), "row": r.get("row"), "col": r.get("col"), "bbox": r.get("bbox"),
             "ocr": bool(r.get("ocr"))}
    label = " ".join(x for x in (r.get("code"), r.get("name"), r.get("column")) if x)
    return _figure(r["doc_id"], r.get("value"), r.get("decimals"), r.get("printed"), r.get("unit"), r.get("page"),
                   label, **where)


def _claim_figure(c: dict) -> Figure | None:
    return _figure(c["doc_id"], c.get("value"), c.get("decimals"), c.get("printed"), c.get("unit"), c.get("page"),
                   (c.get("subject") or "")[-40:])


class Other:
    """The figures of one disclosure (a document and its companion parts), by item."""

    def __init__(self, parts: list[DocRows]):
        self.by_code: dict[str, list[Figure]] = defaultdict(list)
        self.by_item: dict[str, list[Figure]] = defaultdict(list)
        self.table_cells: dict[tuple[str, str], list[tuple[dict, Figure]]] = defaultdict(list)
        for part in parts:
            issuer = part.doc.get("issuer")
            for r in part.records:
                f = _record_figure(r)
                if f is None:
                    continue
                if r.get("code"):
                    self.by_code[r["code"]].append(f)
                kind = part.tables.get(r.get("table_id") or "", {}).get("kind")
                if r.get("source") == "table" and kind:
                    item = r.get("code") or _name_item(r.get("name"))
                    if item:
                        self.table_cells[(kind, item)].append((r, f))
            for c in part.claims:
                f = _claim_figure(c)
                item = subject_item(c.get("subject"), issuer)
                if f is not None and item and c.get("kind") == "amount":
                    self.by_item[item].append(f)

    def candidates(self, code: str | None, item: str | None) -> list[Figure]:
        if code and self.by_code.get(code):
            return self.by_code[code]
        return self.by_item.get(item or "", [])


# ---------------------------------------------------------------------------------------------
# Rules. Each returns (findings, comparisons made).

def prior_year_change(doc: DocRows, prior: Other, renamed: set[str] = frozenset()) -> tuple[list[dict], int]:
    """`…总计 10,150.48 万元，与上年相比…增加 1,003.69 万元`: this year's amount less the change is
    last year's figure for the same item, which last year's budget prints. An item whose code was
    renamed in between (`renamed`) may have changed its scope too, so it is not compared."""
    year = doc.year
    cue, not_budget = _cue("prior_budget_cue", year), regex.compile(_cues()["prior_not_budget_cue"])
    issuer = doc.doc.get("issuer")
    findings, compared = [], 0
    claims = doc.claims
    for i, c in enumerate(claims):
        if c.get("kind") != "difference":  # `与上年持平` is a difference of nothing (direction 0)
            continue
        text = c.get("text") or ""
        m = cue.search(text)
        if not m or not_budget.search(text[m.start(): m.end() + 12]):
            continue
        amount = _amount_before(claims, i)
        change = _claim_figure(c)
        sign = -1 if (c.get("direction") or 0) < 0 else (1 if c.get("direction") else 0)
        if amount is None or change is None:
            continue
        stated = _claim_figure(amount)
        if stated is None:
            continue
        item = subject_item(amount.get("subject"), issuer)
        if amount.get("code") in renamed:
            continue
        others = prior.candidates(amount.get("code"), item)
        if not others:
            continue
        compared += 1
        implied_value = stated.value - sign * change.value
        implied = Figure(stated.doc_id, implied_value, stated.radius + (change.radius if sign else 0),
                         stated.printed, stated.unit, stated.page, stated.label)
        other = _disagreeing(implied, others)
        if other is None:
            continue
        said = f"{stated.printed}{amount.get('unit')}" + (
            f" {'增加' if sign > 0 else '减少'} {change.printed}{c.get('unit')}" if sign else " 与上年持平")
        findings.append(_finding(
            "prior_year_change", doc, stated.page, implied, other,
            f"{item or amount.get('code')}: 上年数应为 {_wan(implied_value)} 万元（{said}），"
            f"上年预算（第 {other.page} 页）印 {other.printed}{other.unit} | last year's figure implied by this "
            f"year's text ({_wan(implied_value)} 万元) is not what last year's budget printed on its page "
            f"{other.page} ({other.printed} {other.unit})",
            [stated.cell("stated this year")] + ([change.cell("change stated")] if sign else [])
            + [other.cell("last year's document")]))
    return findings, compared


def _disagreeing(stated: Figure, others: list[Figure]) -> Figure | None:
    """None when some figure of the other document for the item agrees with the stated one (a
    comparison fails only when none does); else the closest, to show beside the stated figure."""
    if any(stated.agrees(o) for o in others):
        return None
    return min(others, key=lambda o: abs(o.value - stated.value))


def _amount_before(claims: list[dict], i: int) -> dict | None:
    """The amount a change is the change of: the nearest amount before it in its sentence, else the
    last amount of the previous sentence when the change opens its own (`与上年相比增加 …`)."""
    c = claims[i]
    for j in range(i - 1, -1, -1):
        a = claims[j]
        if a.get("kind") != "amount":
            continue
        if a.get("sentence") == c.get("sentence"):  # sentences are numbered across page breaks
            return a
        opens = regex.match(r"\s*(?:[，,]?\s*)?(?:与|比|较)", c.get("text") or "")
        if opens and (c.get("sentence") or 0) - (a.get("sentence") or 0) == 1:
            return a
        return None
    return None


def _cued_cells(doc: DocRows, cue: regex.Pattern, exclude: regex.Pattern):
    """The table cells of a document whose column header names the other document's figure
    (`上年预算数`, `年初预算数`): (record, column, table kind, item, figure), for cells whose table has a
    kind, whose row names an item (code or name) and whose value is money."""
    for r in doc.records:
        column = r.get("column") or ""
        if r.get("source") != "table" or not cue.search(column) or exclude.search(column):
            continue
        kind = doc.tables.get(r.get("table_id") or "", {}).get("kind")
        item = r.get("code") or _name_item(r.get("name"))
        stated = _record_figure(r)
        if kind and item and stated is not None:
            yield r, column, kind, item, stated


def prior_year_column(doc: DocRows, prior: Other, renamed: set[str] = frozenset()) -> tuple[list[dict], int]:
    """A 上年预算数 column of budget Y against the same row of the same table in budget Y−1."""
    year = doc.year
    cue, exclude = _cue("prior_column_cue", year), _cue("prior_column_exclude", year)
    findings, compared = [], 0
    for r, column, kind, item, stated in _cued_cells(doc, cue, exclude):
        if kind == "other" or item in renamed:
            continue
        leaf = regex.sub(cue.pattern, "", column.split("/")[-1])
        cells = [(o, f) for o, f in prior.table_cells.get((kind, item), [])
                 if not cue.search(o.get("column") or "")]
        if leaf.strip("数预算"):
            same_leaf = [(o, f) for o, f in cells if (o.get("column") or "").split("/")[-1].endswith(leaf)]
            cells = same_leaf or cells
        if not cells:
            continue
        compared += 1
        other = _disagreeing(stated, [f for _, f in cells])
        if other is None:
            continue
        findings.append(_finding(
            "prior_year_column", doc, stated.page, stated, other,
            f"{kind} {item} {column}: 本表印 {stated.printed}，上年预算公开为 {other.printed} | "
            f"last year's column prints {stated.printed}, last year's budget printed {other.printed}",
            [stated.cell("last-year column"), other.cell("last year's document")],
            table_id=r.get("table_id")))
    return findings, compared


def budget_of_final(doc: DocRows, budget: Other) -> tuple[list[dict], int]:
    """年初预算数 in final account Y (its tables and its narrative) against budget Y."""
    year = doc.year
    cue, exclude = _cue("final_budget_column_cue", year), _cue("final_budget_column_exclude", year)
    kinds = _cues()["final_to_budget_kinds"]
    findings, compared = [], 0
    for r, _, kind, item, stated in _cued_cells(doc, cue, exclude):
        if kind not in kinds:
            continue
        cells = [f for k in kinds[kind] for _, f in budget.table_cells.get((k, item), [])]
        if not cells:
            continue
        compared += 1
        other = _disagreeing(stated, cells)
        if other is None:
            continue
        findings.append(_finding(
            "budget_of_final", doc, stated.page, stated, other,
            f"{kind} {item}: 年初预算数 {stated.printed}，本年部门预算公开为 {other.printed} | "
            f"the final account's budget figure {stated.printed} is not the published budget's {other.printed}",
            [stated.cell("final account: budget column"), other.cell("published budget")],
            table_id=r.get("table_id")))
    issuer = doc.doc.get("issuer")
    for c in doc.claims:
        if c.get("kind") != "amount" or c.get("role") != "budget":
            continue
        text = c.get("text") or ""
        if not regex.search(r"年初预算", text):
            continue
        stated = _claim_figure(c)
        item = subject_item(c.get("subject"), issuer)
        others = budget.candidates(c.get("code"), item)
        if stated is None or not others:
            continue
        compared += 1
        other = _disagreeing(stated, others)
        if other is None:
            continue
        findings.append(_finding(
            "budget_of_final", doc, stated.page, stated, other,
            f"{item or c.get('code')}: 决算说明写年初预算 {stated.printed}{c.get('unit')}，本年部门预算公开为 "
            f"{other.printed}{other.unit} | the final account states a budget the published budget does not print",
            [stated.cell("final account: stated budget"), other.cell("published budget")]))
    return findings, compared


def classification_renamed(doc: DocRows, prior_rows: list[DocRows]) -> tuple[list[dict], int, set[str]]:
    """A code printed last year under one name and this year under another: the classification
    catalogue changed (or a name was mistyped) — told, not counted as an error."""
    def names(d: DocRows) -> dict[str, tuple[str, dict]]:
        out = {}
        for r in d.records:
            code, name = r.get("code"), (r.get("name") or "").strip()
            if r.get("source") == "table" and code and regex.fullmatch(r"\d{3}(?:\d{2}){0,2}", code) \
                    and regex.fullmatch(r"[\p{Han}（）()、]{2,30}", name):
                out.setdefault(code, (name, r))
        return out
    now = names(doc)
    before: dict[str, tuple[str, dict]] = {}
    for p in prior_rows:
        for code, v in names(p).items():
            before.setdefault(code, v)
    findings, compared, renamed = [], 0, set()
    for code in sorted(now.keys() & before.keys()):
        (new, r_new), (old, r_old) = now[code], before[code]
        compared += 1
        a, b = _plain(new), _plain(old)
        if a == b or a.startswith(b) or b.startswith(a):
            continue
        renamed.add(code)
        f_new, f_old = _record_figure(r_new), _record_figure(r_old)
        evidence = [f.cell(role) for f, role in ((f_new, "this year"), (f_old, "last year")) if f]
        findings.append(_row("classification_renamed", doc, r_new.get("page"), None, None, None,
                             f"科目 {code} 上年为“{old}”，本年为“{new}” | code {code} was “{old}” last year, "
                             f"“{new}” this year (catalogue change, not an error)", evidence,
                             table_id=r_new.get("table_id")))
    return findings, compared, renamed


_TOTAL_ROWS = ("收入总计", "支出总计", "本年收入合计", "本年支出合计")


def _totals(doc: DocRows) -> dict[str, tuple[dict, Figure]]:
    """The 收支总表's totals (收入总计, 支出总计, …), first amount column, by row name."""
    out: dict[str, tuple[dict, Figure]] = {}
    for r in sorted(doc.records, key=lambda r: (r.get("table_id") or "", r.get("row") or 0, r.get("col") or 0)):
        kind = doc.tables.get(r.get("table_id") or "", {}).get("kind")
        name = regex.sub(r"\s+", "", r.get("name") or "")
        if r.get("source") == "table" and kind == "收支总表" and name in _TOTAL_ROWS and name not in out:
            f = _record_figure(r)
            if f is not None:
                out[name] = (r, f)
    return out


def units_sum(dept: DocRows, units: list[DocRows]) -> tuple[list[dict], int]:
    """Σ the units' own budgets = the department's consolidated budget, where the department lists
    its units and every one of them is in the store; otherwise, when some are, which are missing."""
    from parsers.issuers import same_issuer  # noqa: PLC0415 - parsers never import the checks

    listed = json.loads(dept.doc.get("units") or "[]")
    if not listed:
        return [], 0
    found = {name: next((u for u in units if same_issuer(u.doc.get("issuer"), name) not in (None, "unsure")), None)
             for name in listed}
    missing = [name for name, u in found.items() if u is None]
    if missing:
        if len(missing) == len(listed):
            return [], 0
        return [_row("units_sum", dept, None, None, None, None,
                     f"部门列明 {len(listed)} 家预算单位，库中缺 {len(missing)} 家：{'、'.join(missing)}，未核对汇总 | "
                     f"the department lists {len(listed)} units; {len(missing)} are not in the store "
                     f"({', '.join(missing)}), so the consolidation was not checked", [],
                     severity="info")], 0
    dept_totals = _totals(dept)
    findings, compared = [], 0
    for name, (r, total) in dept_totals.items():
        parts = [(_totals(u).get(name), u) for u in found.values()]
        if any(p is None for p, _ in parts):
            continue
        compared += 1
        value = sum((f.value for (_, f), _ in parts), Decimal(0))
        radius = sum((f.radius for (_, f), _ in parts), Decimal(0))
        summed = Figure(dept.doc["doc_id"], value, radius, _wan(value), "万元", None, f"Σ {name}")
        if total.agrees(summed):
            continue
        findings.append(_finding(
            "units_sum", dept, total.page, total, summed,
            f"收支总表 {name} {total.printed}，所属 {len(parts)} 家单位预算之和 {_wan(value)} 万元 | the department's "
            f"{name} {total.printed} is not the sum of its {len(parts)} units' budgets ({_wan(value)} 万元)",
            [total.cell("department")] + [f.cell("unit") for (_, f), _ in parts], table_id=r.get("table_id")))
    return findings, compared


def _plain(name: str) -> str:
    return regex.sub(r"[（）()、\s]", "", name)


# ---------------------------------------------------------------------------------------------

def _wan(yuan: Decimal) -> str:
    return f"{(yuan / 10000):.2f}"


def _finding(rule, doc, page, stated: Figure, other: Figure, message, evidence, table_id=None):
    """Expected (the other document's), actual (this one's), Δ and tolerance in this document's
    printed unit, as every other finding states them."""
    per = to_yuan(Decimal(1), stated.unit)
    return _row(rule, doc, page, other.value / per, stated.value / per, (stated.value - other.value) / per, message,
                evidence, table_id=table_id, tolerance=(stated.radius + other.radius) / per)


def _row(rule, doc, page, expected, actual, delta, message, evidence, table_id=None, tolerance=None, reasons=(),
         severity=None):
    """A findings row; its severity is the catalogue's and the policy's (`severity` only where the rule
    reports a different outcome, such as units_sum's list of missing units)."""
    ocr = any(c.get("ocr") for c in evidence)
    reasons = ((policy.reason("ocr", "a value involved was read by OCR"),) if ocr else ()) + tuple(reasons)
    return {"doc_id": doc.doc["doc_id"], "finding_id": None, "rule": rule,
            "severity": severity or policy.severity(rule, reasons), "table_id": table_id, "page": page,
            "message": message, "expected": expected, "actual": actual, "delta": delta, "tolerance": tolerance,
            "evidence": json.dumps(list(evidence), ensure_ascii=False),
            "reasons": json.dumps([r.as_dict() for r in reasons], ensure_ascii=False)}


def findings(docs: dict[str, DocRows], links: list[dict]) -> tuple[list[dict], Counter]:
    """Every cross-document finding of a store, and how many comparisons each rule made for each
    document, keyed (doc_id, rule). Findings belong to the later document (the one whose figures
    are checked)."""
    parts: dict[str, set[str]] = defaultdict(set)
    for link in links:
        if link["relation"] == "companion":
            parts[link["doc_id"]].add(link["other_doc_id"])
    others: dict[str, Other] = {}

    def other(doc_id: str) -> Other:
        if doc_id not in others:
            others[doc_id] = Other([docs[x] for x in sorted({doc_id} | parts[doc_id]) if x in docs])
        return others[doc_id]

    out, counts = [], Counter()
    targets: dict[tuple[str, str], set[str]] = defaultdict(set)
    for link in links:
        if link["relation"] in ("prior_year", "budget_of_final"):
            targets[(link["doc_id"], link["relation"])].add(link["other_doc_id"])
    for (doc_id, relation), other_ids in sorted(targets.items()):
        doc = docs.get(doc_id)
        if doc is None or not doc.year:
            continue
        # one disclosure on the other side: the first of its parts stands for all of them
        group = sorted(other_ids)[0]
        if relation == "prior_year":
            found, n, renamed = classification_renamed(doc, [docs[x] for x in sorted(other_ids) if x in docs])
            out += found
            counts[(doc_id, "classification_renamed")] += n
            for rule in (prior_year_change, prior_year_column):
                found, n = rule(doc, other(group), renamed)
                out += found
                counts[(doc_id, rule.__name__)] += n
        else:
            found, n = budget_of_final(doc, other(group))
            out += found
            counts[(doc_id, "budget_of_final")] += n
    units_of: dict[str, list[str]] = defaultdict(list)
    for link in links:
        if link["relation"] == "unit_of_department":
            units_of[link["other_doc_id"]].append(link["doc_id"])
    for dept_id in sorted(units_of):
        if dept_id in docs:
            found, n = units_sum(docs[dept_id], [docs[u] for u in sorted(set(units_of[dept_id])) if u in docs])
            out += found
            counts[(dept_id, "units_sum")] += n
    by_doc = Counter()
    for f in out:
        by_doc[f["doc_id"]] += 1
        f["finding_id"] = f"{f['doc_id'][:12]}-x{by_doc[f['doc_id']]:03d}"
    return out, counts
