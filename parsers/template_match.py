"""Which template a document follows: its family's base template or a regional variant.

A person tells a Jiangsu budget from a Beijing one by the place it names and by the titles and
numbers of its tables (`公开05表 财政拨款支出预算表` is Jiangsu's, `预算05表` Beijing's). Each
variant of the registry says the same in data (`[match]`): a place named by the issuer or the
cover counts 2, each of its characteristic titles printed 1, its numbering printed 1. The best
variant scoring at least 2 wins (a variant's score includes its parent variant's titles, so a
refinement — Shanghai's 单位预算 of Shanghai's 部门预算 — wins when its own titles are printed; the
deeper variant on a tie); otherwise the family's base template is used. A variant with no
`[match]` of its own that renumbers its parent's tables (Jiangsu's 2017 表一…表十二 order) prints the same titles: it is
chosen only when the printed numbers (`表七`, `七、…表`) agree with it more often than with its
parent's.
"""
from __future__ import annotations

import regex

from parsers.kinds import classify_title, normalise_title, title_number
from parsers.registry import REGISTRY, Registry, Template

MIN_SCORE = 2


def match_template(family: str | None, issuer: str | None, head_text: str, titles: list[str],
                   registry: Registry = REGISTRY) -> Template | None:
    """The document's template; None for a family without templates (other documents)."""
    base = registry.base(family)
    if base is None:
        return None
    # Without an issuer the place may go unseen (a tables-only attachment): titles and
    # numbering may then decide alone, with one point more.
    need = MIN_SCORE if issuer else MIN_SCORE + 1
    scored = [(score(t, issuer, head_text, titles, registry), t.depth, t.id, t)
              for t in registry.variants(family) if t.depth > 0]
    scored = [s for s in scored if s[0] >= need]
    if not scored:
        return base
    return max(scored, key=lambda s: (s[0], s[1], s[2]))[3]


def score(t: Template, issuer: str | None, head_text: str, titles: list[str], registry: Registry = REGISTRY) -> int:
    """Points for `t`: its place (or an ancestor variant's), and the characteristic titles and
    numbering of it and its ancestor variants (a district's variant refines its city's)."""
    chain = [t]
    while chain[-1].parent and registry.get(chain[-1].parent).depth > 0:
        chain.append(registry.get(chain[-1].parent))
    where = (issuer or "") + "\n" + regex.sub(r"\s+", "", head_text or "")
    places = next((v.places for v in chain if v.places), ())
    s = 2 if any(p in where for p in places) else 0
    if places and not s and issuer:
        return 0  # a variant tied to a place never applies to an issuer elsewhere
    normalised = [normalise_title(x) for x in titles]
    compact = [regex.sub(r"\s+", "", x) for x in titles]
    own = sum(1 for p in t.titles if any(p.search(n) for n in normalised))
    if t.titles and not own and not (t.places and s):
        return 0  # a refinement known by its titles, none of them printed
    s += own + sum(1 for v in chain[1:] for p in v.titles if any(p.search(n) for n in normalised))
    s += 1 if any(v.numbering is not None and any(v.numbering.search(x) for x in compact) for v in chain) else 0
    parent = registry.get(t.parent)
    only_renumbers = parent is not None and not (t.places or t.titles or t.numbering) and renumbers(t, parent)
    if only_renumbers and numbers_agreeing(t, titles) <= numbers_agreeing(parent, titles):
        return 0
    return s


def renumbers(t: Template, parent: Template) -> bool:
    """Some kind `t` numbers otherwise than its parent does."""
    return any(s.number is not None and parent.spec(s.kind) is not None and parent.spec(s.kind).number != s.number
               for s in t.kinds)


def numbers_agreeing(t: Template, titles: list[str]) -> int:
    """Printed titles whose 公开表 number is the one `t` gives the kind the title names."""
    n = 0
    for title in titles:
        number = title_number(title)
        spec = t.spec(classify_title(title, t.family, t)) if number is not None else None
        n += spec is not None and spec.number == number
    return n
