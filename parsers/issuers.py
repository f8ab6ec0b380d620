"""Who published a document, as a key that is the same for every way the name is written.

Cross-document rules compare a budget with last year's budget or with its final account, so they
need to know that `中共上海市普陀区委社会工作部`, `普陀区委社会工作部` and `上海市普陀区委社会工作部（本级）`
are one issuer, while `上海市财政局` and `北京市财政局` are not. The rules are data
(`parsers/data/issuers.toml`): prefixes and annotations that do not change the issuer, the
administrative divisions a name may omit, and known renames (sure ones are followed, unsure ones
only listed).
"""
from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

RULES_FILE = Path(__file__).with_name("data") / "issuers.toml"


@dataclass(frozen=True)
class Rules:
    party_prefixes: tuple[str, ...]
    optional_words: tuple[str, ...]
    scope_suffixes: tuple[str, ...]
    division: regex.Pattern
    renames: tuple[tuple[str, str, str], ...]  # (old, new, sure/unsure)


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    try:
        suffixes = sorted(data["division_suffixes"], key=len, reverse=True)
        renames = tuple((r["old"], r["new"], r["confidence"]) for r in data.get("renames", []))
        bad = [r for r in renames if r[2] not in ("sure", "unsure")]
        if bad:
            raise ValueError(f"confidence must be sure or unsure: {bad}")
        return Rules(party_prefixes=tuple(sorted(data["party_prefixes"], key=len, reverse=True)),
                     optional_words=tuple(data.get("optional_words", [])),
                     scope_suffixes=tuple(sorted(data["scope_suffixes"], key=len, reverse=True)),
                     division=regex.compile(r"\p{Han}{1,12}?(?:" + "|".join(map(regex.escape, suffixes)) + r")"),
                     renames=renames)
    except (KeyError, TypeError) as e:
        raise ValueError(f"{RULES_FILE.name}: missing or malformed key {e}") from e


def issuer_key(name: str | None) -> str | None:
    """The issuer's name without what does not identify it: width variants, spaces, the party
    prefix (`中共江苏省委办公厅` = `江苏省委办公厅`), scope annotations (`（本级）`), sure renames."""
    if not name:
        return None
    r = rules()
    text = unicodedata.normalize("NFKC", name)
    text = regex.sub(r"\s+", "", text)
    for prefix in r.party_prefixes:
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    for word in r.optional_words:
        text = regex.sub(regex.escape(word) + r"(?=\p{Han})", "", text)
    changed = True
    while changed:
        changed = False
        for suffix in r.scope_suffixes:
            suffix = unicodedata.normalize("NFKC", suffix)
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)], True
    for old, new, confidence in r.renames:
        if confidence == "sure" and text.endswith(old):
            text = text[: -len(old)] + new
    return text or None


def same_issuer(a: str | None, b: str | None) -> str | None:
    """How sure it is that two issuer names are one issuer: `same` (equal keys), `parent omitted`
    (one key is the other with administrative divisions in front), `unsure` (an unsure rename),
    or None."""
    ka, kb = issuer_key(a), issuer_key(b)
    if not ka or not kb:
        return None
    if ka == kb:
        return "same"
    short, long = sorted((ka, kb), key=len)
    if long.endswith(short) and _divisions_only(long[: -len(short)]) and _has_division_head(short):
        return "parent omitted"
    for old, new, confidence in rules().renames:
        if confidence == "unsure":
            for x, y in ((ka, kb), (kb, ka)):
                if x.endswith(old) and x[: -len(old)] + new == y:
                    return "unsure"
    return None


def issuer_tail(key: str) -> str:
    """The key without its leading administrative divisions: names that may be one issuer share it,
    so a store of any size compares only names in the same bucket."""
    pattern, pos = rules().division, 0
    while (m := pattern.match(key, pos)) and m.end() < len(key):
        pos = m.end()
    return key[pos:]


def _divisions_only(prefix: str) -> bool:
    """`上海市`, `江苏省南京市`: the extra words of the longer name are divisions and nothing else."""
    pattern = rules().division
    pos = 0
    while pos < len(prefix):
        m = pattern.match(prefix, pos)
        if not m:
            return False
        pos = m.end()
    return pos > 0


def _has_division_head(short: str) -> bool:
    """The shorter name still says where it is (`普陀区委社会工作部`, not a bare `财政局`), so that
    `财政局` is never taken for `上海市财政局`."""
    m = rules().division.match(short)
    return m is not None and m.end() < len(short)
