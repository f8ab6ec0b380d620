"""Official classification names by year: 支出功能分类科目 and 支出经济分类科目, as data.

The catalogues change between years (210 was 医疗卫生与计划生育支出 until 2018, then 卫生健康支出),
so each name is valid over a range of budget years (`valid_from`/`valid_to`, inclusive, open
when blank). `functional.tsv` holds the functional classification (2xx), `economic.tsv` the
economic one (部门预算 3xx, 政府预算 5xx); codes do not overlap, so one lookup serves both.
`observed.tsv` holds 项 names harvested from the corpus tables. A row whose status is `observed`
records a name as the corpus prints it, not verified against the published catalogue: rules do
not report against it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import regex

FILES = ("functional.tsv", "economic.tsv", "observed.tsv")


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    valid_from: int | None
    valid_to: int | None
    status: str  # official / observed
    note: str = ""

    def valid_in(self, year: int | None) -> bool:
        if year is None:
            return self.valid_from is None and self.valid_to is None
        return (self.valid_from is None or self.valid_from <= year) and (self.valid_to is None or year <= self.valid_to)


@cache
def entries() -> dict[str, tuple[Entry, ...]]:
    """Every catalogue entry by code, in file order."""
    out: dict[str, list[Entry]] = {}
    for name in FILES:
        for line in (Path(__file__).parent / name).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            code, title, start, end, status, *note = line.split("\t")
            out.setdefault(code, []).append(Entry(code, title, int(start) if start else None,
                                                  int(end) if end else None, status, note[0] if note else ""))
    return {code: tuple(es) for code, es in out.items()}


def official_name(code: str, year: int | None) -> str | None:
    """The official name of a code in a budget year, or None when the catalogue does not know it."""
    for e in entries().get(code, ()):
        if e.status == "official" and e.valid_in(year):
            return e.name
    return None


def known(code: str) -> bool:
    return code in entries()


_BLANKS = regex.compile(r"[\s\u3000“”\"]")
_LEAD = regex.compile(r"^([-－—·•]+|其中[:：]?|[一二三四五六七八九十\d]+[、.．]|[（(][一二三四五六七八九十\d]+[)）])")
_LEVEL_TAG = regex.compile(r"（[类款项]）$")


@lru_cache(maxsize=16384)  # asked of every catalogue name for every row compared: cached by text
def normalise(name: str | None) -> str:
    """A name as compared: no spaces, quotes, ordinals or level tags; brackets full-width; 其它 → 其他."""
    t = _BLANKS.sub("", name or "")
    t = _LEAD.sub("", t)
    t = t.replace("(", "（").replace(")", "）").replace("其它", "其他")
    return _LEVEL_TAG.sub("", t)


def matches(printed: str | None, official: str) -> bool:
    """A printed name is the official one, allowing what printing does to it: brackets and
    spaces, 其它 for 其他, a level tag, a name cut where its cell wrapped (four characters at least)."""
    a, b = normalise(printed), normalise(official)
    if a == b:
        return True
    return len(a) >= 4 and (b.startswith(a) or a.startswith(b))


def years_of(code: str, printed: str) -> list[Entry]:
    """Official entries of a code whose name the printed one matches (in any year)."""
    return [e for e in entries().get(code, ()) if e.status == "official" and matches(printed, e.name)]


def names_at_level(length: int) -> dict[str, list[Entry]]:
    """Normalised official name → entries, for the codes of one length (3 类, 5 款, 7 项)."""
    out: dict[str, list[Entry]] = {}
    for code, es in entries().items():
        if len(code) == length:
            for e in es:
                if e.status == "official":
                    out.setdefault(normalise(e.name), []).append(e)
    return out
