"""Which template a document follows: its family's base template or a regional variant.

A person tells a Jiangsu budget from a Beijing one by the place it names and by the titles and
numbers of its tables (`公开05表 财政拨款支出预算表` is Jiangsu's, `预算05表` Beijing's). Each
variant of the registry says the same in data (`[match]`): a place named by the issuer or the
cover counts 2, each of its characteristic titles printed 1, its numbering printed 1. The best
variant scoring at least 2 wins (the deeper variant on a tie: a district's over its city's);
otherwise the family's base template is used.
"""
from __future__ import annotations

import regex

from parsers.kinds import normalise_title
from parsers.registry import REGISTRY, Registry, Template

MIN_SCORE = 2


def match_template(family: str | None, issuer: str | None, head_text: str, titles: list[str],
                   registry: Registry = REGISTRY) -> Template | None:
    """The document's template; None for a family without templates (other documents)."""
    base = registry.base(family)
    if base is None:
        return None
    scored = [(score(t, issuer, head_text, titles), t.depth, t.id, t) for t in registry.variants(family) if t.depth > 0]
    scored = [s for s in scored if s[0] >= MIN_SCORE]
    if not scored:
        return base
    return max(scored, key=lambda s: (s[0], s[1], s[2]))[3]


def score(t: Template, issuer: str | None, head_text: str, titles: list[str]) -> int:
    compact = regex.sub(r"\s+", "", head_text or "")
    where = (issuer or "") + "\n" + compact
    s = 2 if any(p in where for p in t.places) else 0
    if t.places and not s:
        return 0  # a variant tied to a place never applies elsewhere, however alike its titles
    normalised = [normalise_title(x) for x in titles]
    s += sum(1 for p in t.titles if any(p.search(n) for n in normalised))
    if t.numbering is not None and any(t.numbering.search(regex.sub(r"\s+", "", x)) for x in titles):
        s += 1
    return s
