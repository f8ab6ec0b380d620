"""What every editorial rule needs: the document's prose page by page, and one finding builder.

Editorial rules (placeholders, years, wording, scope, punctuation, table furniture, contents,
classification names) read what a reviewer reads before publication. Their findings are
`warning` or `info` (the defaults registered in `pipeline.check.catalogue`): a wrong word or a
leftover placeholder is a slip of the text, not of the numbers. Each finding quotes the slip with its page and, where found, the line's bbox.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from parsers.sections import body_lines, running_lines
from parsers.text import page_text
from pipeline.check import catalogue
from pipeline.model import Document, Finding, TextLine

CONTEXT = 16  # characters quoted on either side of a slip


@dataclass(frozen=True)
class Prose:
    """One page's narrative: lines outside tables without furniture and running headers, wrapped
    lines joined (`parsers.text.page_text`)."""

    page: int
    text: str
    lines: tuple[TextLine, ...]

    def bbox_of(self, snippet: str):
        """The bbox of the first line holding the start of `snippet`, when one does."""
        key = regex.sub(r"\s+", "", snippet)[:6]
        for ln in self.lines:
            if key and key in regex.sub(r"\s+", "", ln.text):
                return list(ln.bbox)
        return None


def prose(document: Document | None) -> list[Prose]:
    if document is None:
        return []
    out = []
    running = running_lines(document)
    for p in document.pages:
        lines = tuple(body_lines(p.lines, running))
        out.append(Prose(p.number, page_text([ln.text for ln in lines]), lines))
    return out


def quote(text: str, start: int, end: int) -> str:
    """The slip with a little context, on one line."""
    a, b = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    return ("…" if a else "") + text[a:b].replace("\n", " ") + ("…" if b < len(text) else "")


def finding(rule: str, page: int | None, message: str, snippet: str = "",
            bbox=None, table_id: str | None = None, evidence: tuple[dict, ...] | None = None) -> Finding:
    """An editorial finding: no recomputation, the quoted text as its evidence; its severity is the
    rule's default in the catalogue (`pipeline.check.policy` settles it)."""
    if evidence is None:
        evidence = ({"role": "text", "label": rule, "printed": snippet, "page": page, "bbox": bbox},) \
            if snippet else ()
    return Finding(rule=rule, severity=catalogue.get(rule).severity, table_id=table_id, page=page, message=message,
                   expected=None, actual=None, delta=None, tolerance=None, evidence=evidence)


def at(p: Prose, rule: str, start: int, end: int, zh: str, en: str) -> Finding:
    """A finding on a span of a page's prose, quoting it in both halves of the message."""
    snippet = quote(p.text, start, end)
    return finding(rule, p.page, f"{zh}：「{snippet}」（第{p.page}页）| {en}: “{snippet}” (page {p.page})",
                   snippet=snippet, bbox=p.bbox_of(p.text[start:end]))
