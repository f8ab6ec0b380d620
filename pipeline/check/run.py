"""Run every rule source over a document and collect the findings, in a stable order.

Identity sources (structure, the document's notes, the family's templates, 绩效 forms) all go
through the engine in `identity`; the narrative, completeness and two form rules produce findings
directly. Doubts only this stage can see (a table's reading in doubt, a column failing on nearly
every row, engines disagreeing, a document that is not a disclosure) are added as reasons, and
every finding is then judged once by `policy.judge`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import regex

from parsers.registry import REGISTRY, Template
from parsers.sections import Section
from pipeline.check import (classification, completeness, contents, editorial, forms, furniture, integrity, lostrows,
                            narrative, notes, placeholders, policy, scope, structure, templates, wording, years)
from pipeline.check.identity import Identity
from pipeline.model import Claim, Document, DocumentInfo, Finding, Table

SUPPORTED_FAMILIES = ("budget", "final_account", "performance_target", "performance_selfeval")
SYSTEMATIC_SHARE = 0.8  # a column identity failing on this share of its rows (3 at least) is a misread header
SYSTEMATIC_MIN = 3


def check_document(tables: list[Table], claims: list[Claim] = (), family: str | None = None,
                   document: Document | None = None, template: str | None = None,
                   info: DocumentInfo | None = None, sections: list[Section] = ()) -> list[Finding]:
    """Findings of every rule source; `template` is the id of the document's template in the
    registry (its family's base template when None); `info` and `sections` feed the editorial
    review."""
    spec = REGISTRY.get(template)
    identities = _identities(tables, family, spec)
    failed = _evaluate_once(identities)
    doubts = {t.table_id: t.doubt for t in tables if t.doubt}
    disputed = {t.table_id: t.disputed for t in tables if t.disputed}
    checked = Counter(_column(i) for i in identities)
    failing = Counter(_column(i) for i, _ in failed)
    findings = [_settle(identity, finding, checked, failing, doubts) for identity, finding in failed]
    findings = [_engines_disagree(f, disputed) for f in findings]
    findings = lostrows.findings(findings, tables, document)
    findings += narrative.findings(list(claims), tables, family, spec)
    findings += forms.findings(tables)
    findings += completeness.findings(tables, family, document, spec)
    if document is not None:
        findings += editorial_findings(document, [t for t in tables if t.layout == "table"], list(claims), info,
                                       list(sections))
    findings = _one_per_comparison(findings)
    if family is not None and family not in SUPPORTED_FAMILIES:
        why = policy.reason("not_disclosure", f"文件类型未识别 | not a recognised disclosure ({family})")
        findings = [policy.with_reason(f, why) for f in findings]
    return [policy.judge(f) for f in findings]


_RECOMPUTED = ("direction_mismatch", "unit_slip", "difference_mismatch")


def _one_per_comparison(findings: list[Finding]) -> list[Finding]:
    """A flipped 增加/减少 between two stated amounts, or one of them printed in the wrong unit, is
    found twice: by a narrative rule that recomputed the sentence (`direction_mismatch`,
    `unit_slip`, `difference_mismatch`) and by the editorial `comparison_word`. The second is
    dropped when the first is on the same page about a sentence stating the same two amounts."""
    sentences = [(g.page, regex.sub(r"\s", "", e.get("sentence") or "")) for g in findings
                 if g.rule in _RECOMPUTED for e in g.evidence]

    def said(f: Finding) -> bool:
        amounts = regex.findall(r"\d[\d,]*(?:\.\d+)?(?=万元|亿元|元)", f.message.split("：「")[0])
        return len(amounts) >= 2 and any(page == f.page and all(a in text for a in amounts) for page, text in sentences)

    return [f for f in findings if f.rule != "comparison_word" or not said(f)]


def _identities(tables: list[Table], family: str | None, template: Template | None = None) -> list[Identity]:
    identities: list[Identity] = []
    financial = [t for t in tables if t.layout == "table"]
    for table in financial:
        identities += structure.identities(table)
    for table in financial:
        identities += notes.identities(table)
    identities += templates.identities(financial, family, template)
    return identities + forms.identities(tables)


def checks_per_table(tables: list[Table], family: str | None = None, template: str | None = None) -> Counter:
    """table_id → identities evaluated on its cells (one with a printed term at least; a
    cross-table identity counts for every table it reads). The report tells "nothing checked"
    from "nothing wrong" by this count, since findings only record what failed."""
    counts: Counter = Counter()
    for identity in _identities(tables, family, REGISTRY.get(template)):
        terms = _terms(identity)
        if all(t.amount is None for t in terms):
            continue
        for table_id in {t.table_id or identity.table_id for t in terms} - {None}:
            counts[table_id] += 1
    return counts


def _terms(identity) -> list:
    """Every cell an identity reads: Σ (total, parts), Ratio (rate, numerator, denominator), or
    AnyOf (the terms of each of its readings)."""
    if hasattr(identity, "options"):
        return [t for option in identity.options for t in _terms(option)]
    if hasattr(identity, "rate"):
        return [identity.rate, identity.numerator, identity.denominator]
    return [identity.total, *identity.parts]


def editorial_findings(document: Document, tables: list[Table], claims: list[Claim],
                       info: DocumentInfo | None, sections: list[Section]) -> list[Finding]:
    """What a reviewer marks besides the arithmetic: placeholders, years, wording, scope,
    punctuation, table furniture and the 目录 (warnings and infos only)."""
    pages = editorial.prose(document)
    family = info.kind if info else None
    out = placeholders.findings(pages)
    out += years.findings(pages, tables, info)
    out += wording.findings(pages)
    out += scope.findings(document, info, tables, sections)
    out += integrity.findings(pages, document)
    out += furniture.findings(tables, claims, document)
    out += contents.findings(sections, tables, family, REGISTRY.get(info.template) if info else None)
    if family in ("budget", "final_account"):
        out += classification.findings(tables, claims, years.document_year(tables, info))
    ocr = {p.number for p in document.pages if p.ocr}
    why = policy.reason("ocr", "文字由 OCR 识别 | the text was read by OCR")
    return [policy.with_reason(f, why) if f.page in ocr else f for f in out]


def _evaluate_once(identities: list[Identity]) -> list[tuple[Identity, Finding]]:
    """Failed identities with their findings. One identity stated twice (a note formula restating
    a column sum the header tree already gave) is reported once, under the first source; a row
    whose children miss it in several columns (rows left out of a 合计) is one finding naming each."""
    seen = set()
    out: list[tuple[Identity, Finding]] = []
    by_group: dict[str, int] = {}
    for identity in identities:
        finding = identity.evaluate()
        if finding is None:
            continue
        key = tuple((e["page"], tuple(e["bbox"] or ()), e["role"]) for e in finding.evidence)
        key = (finding.table_id, key[0], frozenset(key[1:]))
        if key in seen:
            continue
        seen.add(key)
        if identity.group is not None and identity.group in by_group:
            i = by_group[identity.group]
            out[i] = (out[i][0], _merged(out[i][1], identity.subject, finding))
            continue
        if identity.group is not None:
            by_group[identity.group] = len(out)
        out.append((identity, finding))
    return out


def _merged(first: Finding, subject: str, other: Finding) -> Finding:
    column = subject[subject.rfind("[") + 1:].rstrip("]")
    also = f" ‖ 同行 [{column}]: {other.actual} ≠ {other.expected} (Δ = {other.delta})"
    evidence = first.evidence + tuple(e for e in other.evidence if e not in first.evidence)
    # A reason lowers the merged finding only when it holds for every column of the row.
    codes = {r.code for r in other.reasons}
    reasons = tuple(r for r in first.reasons if r.code in codes)
    return replace(first, message=first.message + also, evidence=evidence, reasons=reasons)


def _column(identity: Identity) -> tuple | None:
    subject = identity.subject
    return (identity.table_id, subject[subject.rfind("["):]) if identity.rule == "column_sum" else None


def _settle(identity: Identity, finding: Finding, checked: Counter, failing: Counter,
            doubts: dict[str, str]) -> Finding:
    """Reasons for doubtful readings: a table whose labels may be one row off, and a column sum
    failing on nearly every row of its table (the header tree was misread — text overflowing into
    the next header cell — rather than every row being wrong). `checked`/`failing` count the
    column-sum identities per (table, column)."""
    if finding.table_id in doubts:
        finding = policy.with_reason(finding, policy.reason("doubtful_reading", doubts[finding.table_id]))
    key = _column(identity)
    if key is not None:
        n, k = checked[key], failing[key]
        if k >= SYSTEMATIC_MIN and k >= SYSTEMATIC_SHARE * n:
            finding = policy.with_reason(finding, policy.reason(
                "misread_header", f"该列 {k}/{n} 行不成立 | fails on {k} of {n} rows"))
    return finding


def _engines_disagree(finding: Finding, disputed: dict[str, dict]) -> Finding:
    """A finding resting on a cell camelot reads differently names both readings in a reason."""
    notes = []
    for cell in finding.evidence:
        table_id = cell.get("table_id") or finding.table_id
        other = disputed.get(table_id, {}).get((cell.get("row"), cell.get("col")))
        if other is not None:
            notes.append(f"{cell.get('label')}: pdfplumber {cell.get('printed') or '空'} / camelot {other}")
    if not notes:
        return finding
    return policy.with_reason(finding, policy.reason("engines_disagree", "; ".join(notes)))
