"""The template registry: what each family and regional variant of the 公开表 prints, as data.

Every province (often every city) prints the same standard tables under its own titles and
numbers, requires its own set of them and adds tables of its own. That knowledge lives in one
TOML file per family or regional variant under `parsers/templates/`; this module loads and
validates them once, at import, so a bad file stops the program at start with the file and the
key named, never half-way through a batch.

A file holds:
- `[template]`: `id`, `family` (budget / final_account / performance), `name`, `region`, and
  `extends` (the id of the template a regional variant differs from);
- `[match]`: how a document is recognised as this variant (never inherited): `places` (words of
  its issuer or cover, e.g. 江苏 or 普陀区), `titles` (patterns of titles only this variant
  prints), `numbering` (the pattern of its printed 公开表 numbers, e.g. `公开\\d{2}表`);
- `[[kinds]]`: canonical kinds, in matching order (first match wins; a variant's own entries are
  tried before its parent's): `kind`, `patterns` (regexes on the normalised title), `printed`
  (the usual printed name), `number` (its 公开表 number), `required` (completeness judges the
  document against these), `shape` (function / economic / sangong / projects: how the table is
  recognised by its codes and columns when its title says nothing);
- `[links]`: `preferred` kinds for narrative links (in order), `totals` (named totals the prose
  restates: `words`, `kinds`, `rows`);
- `[[rules]]`: identities between named cells (`total_balance` / `cross_table`, and
  `hierarchy_sum` for sums of rows named without codes, as a 三公 table's): `subject`, `total` and
  `parts` as cell references (`kinds`, `row`, optional `column`), optional `alternatives`.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import regex

FOLDER = Path(__file__).parent / "templates"
FAMILIES = ("budget", "final_account", "performance")
_SECTIONS = {"template", "match", "kinds", "links", "rules"}
_TEMPLATE_KEYS = {"id", "family", "name", "region", "extends", "drop_rules"}
_MATCH_KEYS = {"places", "titles", "numbering"}
_KIND_KEYS = {"kind", "patterns", "printed", "number", "required", "shape"}
SHAPES = ("function", "economic", "sangong", "projects")
_LINK_KEYS = {"preferred", "totals"}
_RULE_KEYS = {"rule", "subject", "total", "parts", "alternatives"}
_REF_KEYS = {"kinds", "row", "column"}


class TemplateError(ValueError):
    """A template file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class KindSpec:
    kind: str
    patterns: tuple[regex.Pattern, ...]
    printed: str | None = None
    number: int | None = None
    required: bool = False
    shape: str | None = None  # what the table looks like when its title says nothing (SHAPES)


@dataclass(frozen=True)
class RefSpec:
    """A cell: the first row of a `kinds` table whose name matches `row`, in the first amount
    column whose header path matches `column` (the row's first amount column when None)."""

    kinds: tuple[str, ...]
    row: str
    column: str | None = None


@dataclass(frozen=True)
class RuleSpec:
    rule: str
    subject: str
    total: RefSpec
    parts: tuple[RefSpec, ...]
    alternatives: tuple[tuple[RefSpec, ...], ...] = ()


@dataclass(frozen=True)
class TotalLink:
    words: regex.Pattern
    kinds: tuple[str, ...]
    rows: regex.Pattern


@dataclass(frozen=True)
class Template:
    id: str
    family: str
    name: str
    region: str | None
    file: str
    parent: str | None = None
    places: tuple[str, ...] = ()
    titles: tuple[regex.Pattern, ...] = ()
    numbering: regex.Pattern | None = None
    kinds: tuple[KindSpec, ...] = ()  # matching order, own entries before the parent's
    rules: tuple[RuleSpec, ...] = ()
    preferred: tuple[str, ...] = ()
    totals: tuple[TotalLink, ...] = ()
    depth: int = 0  # 0 for a family's base template, 1 for a variant of it, …

    def classify(self, normalised_title: str) -> str | None:
        """The kind whose pattern the (normalised) title matches first, or None."""
        for spec in self.kinds:
            if any(p.search(normalised_title) for p in spec.patterns):
                return spec.kind
        return None

    def spec(self, kind: str) -> KindSpec | None:
        """The kind's entry (a variant's own entry before the inherited one)."""
        return next((s for s in self.kinds if s.kind == kind), None)

    @property
    def required(self) -> tuple[str, ...]:
        """The tables this template requires, in 公开表 order."""
        req = {s.kind: s for s in reversed(self.kinds) if s.required}  # the first entry of a kind rules
        return tuple(k for k, s in sorted(req.items(), key=lambda ks: (ks[1].number is None, ks[1].number or 0)))

    @property
    def standard(self) -> tuple[str, ...]:
        """Every canonical kind the template knows (required or not)."""
        return tuple(dict.fromkeys(s.kind for s in self.kinds))

    def printed_name(self, kind: str) -> str | None:
        spec = self.spec(kind)
        return spec.printed if spec else None


@dataclass
class Registry:
    templates: dict[str, Template] = field(default_factory=dict)

    def get(self, template_id: str | None) -> Template | None:
        return self.templates.get(template_id) if template_id else None

    def base(self, family: str | None) -> Template | None:
        """The family's base template (`budget`, `final_account`, `performance`)."""
        family = {"performance_target": "performance", "performance_selfeval": "performance"}.get(family or "", family)
        return self.templates.get(family or "")

    def variants(self, family: str | None) -> list[Template]:
        base = self.base(family)
        return [t for t in self.templates.values() if base and t.family == base.family]

    def standard_kinds(self) -> set[str]:
        """Every kind some budget or final-account template requires: the standard tables."""
        return {k for t in self.templates.values() if t.family in ("budget", "final_account") for k in t.required}


def load(folder: Path = FOLDER) -> Registry:
    """Read and validate every `*.toml` under `folder`; raises TemplateError naming file and key."""
    raw = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise TemplateError(f"{path.name}: not valid TOML: {e}") from e
        _keys(path.name, "", data, _SECTIONS)
        head = data.get("template")
        if not isinstance(head, dict):
            raise TemplateError(f"{path.name}: [template]: missing")
        _keys(path.name, "template", head, _TEMPLATE_KEYS)
        tid = _str(path.name, "template.id", head.get("id"))
        if tid in raw:
            raise TemplateError(f"{path.name}: template.id: {tid!r} is also the id of {raw[tid][0]}")
        raw[tid] = (path.name, data)
    registry = Registry()
    for tid in raw:
        _resolve(tid, raw, registry, ())
    for t in registry.templates.values():
        _check_references(t)
    return registry


def _resolve(tid: str, raw: dict, registry: Registry, chain: tuple[str, ...]) -> Template:
    if tid in registry.templates:
        return registry.templates[tid]
    file, data = raw[tid]
    if tid in chain:
        raise TemplateError(f"{file}: template.extends: cycle {' → '.join(chain + (tid,))}")
    head = data["template"]
    parent = None
    if head.get("extends") is not None:
        pid = _str(file, "template.extends", head["extends"])
        if pid not in raw:
            raise TemplateError(f"{file}: template.extends: no template has id {pid!r}")
        parent = _resolve(pid, raw, registry, chain + (tid,))
    family = _str(file, "template.family", head.get("family"))
    if family not in FAMILIES:
        raise TemplateError(f"{file}: template.family: {family!r} is not one of {', '.join(FAMILIES)}")
    if parent is not None and parent.family != family:
        raise TemplateError(f"{file}: template.family: {family!r} differs from its parent's {parent.family!r}")
    match = data.get("match", {})
    _keys(file, "match", match, _MATCH_KEYS)
    own = [_kind(file, i, k) for i, k in enumerate(_list(file, "kinds", data.get("kinds", [])))]
    kinds = _merge_kinds(own, parent.kinds if parent else ())
    links = data.get("links", {})
    _keys(file, "links", links, _LINK_KEYS)
    drop = set(_strs(file, "template.drop_rules", head.get("drop_rules", [])))
    inherited = tuple(r for r in (parent.rules if parent else ()) if r.subject not in drop)
    rules = inherited + tuple(_rule(file, i, r) for i, r in enumerate(_list(file, "rules", data.get("rules", []))))
    numbering = match.get("numbering")
    t = Template(
        id=tid, family=family, name=_str(file, "template.name", head.get("name")),
        region=head.get("region"), file=file, parent=parent.id if parent else None,
        places=tuple(_strs(file, "match.places", match.get("places", []))),
        titles=tuple(_pattern(file, f"match.titles[{i}]", p) for i, p in enumerate(_strs(file, "match.titles", match.get("titles", [])))),
        numbering=_pattern(file, "match.numbering", numbering) if numbering else None,
        kinds=kinds, rules=rules,
        preferred=tuple(_strs(file, "links.preferred", links["preferred"])) if "preferred" in links else (parent.preferred if parent else ()),
        totals=tuple(_total(file, i, x) for i, x in enumerate(_list(file, "links.totals", links["totals"])))
        if "totals" in links else (parent.totals if parent else ()),
        depth=parent.depth + 1 if parent else 0,
    )
    registry.templates[tid] = t
    return t


def _merge_kinds(own: list[dict], inherited: tuple[KindSpec, ...]) -> tuple[KindSpec, ...]:
    """A variant's entries with patterns first (its titles are the more specific), then the
    parent's; an entry naming an inherited kind also overrides that kind's printed name, number,
    required flag and shape wherever it is matched."""
    by_kind = {s.kind: s for s in inherited}

    def merged(k: dict, base: KindSpec | None, patterns) -> KindSpec:
        return KindSpec(kind=k["kind"], patterns=patterns,
                        printed=k.get("printed", base.printed if base else None),
                        number=k.get("number", base.number if base else None),
                        required=k.get("required", base.required if base else False),
                        shape=k.get("shape", base.shape if base else None))

    overrides = {k["kind"]: k for k in own}
    head = [merged(k, by_kind.get(k["kind"]), k["patterns"]) for k in own if k["patterns"]]
    tail = [merged(overrides[s.kind], s, s.patterns) if s.kind in overrides else s for s in inherited]
    new = [merged(k, None, ()) for k in own if not k["patterns"] and k["kind"] not in by_kind]
    return tuple(head + tail + new)


def _kind(file: str, i: int, k) -> dict:
    where = f"kinds[{i}]"
    if not isinstance(k, dict):
        raise TemplateError(f"{file}: {where}: expected a table")
    _keys(file, where, k, _KIND_KEYS)
    out = {"kind": _str(file, f"{where}.kind", k.get("kind"))}
    out["patterns"] = tuple(_pattern(file, f"{where}.patterns[{j}]", p)
                            for j, p in enumerate(_strs(file, f"{where}.patterns", k.get("patterns", []))))
    if "printed" in k:
        out["printed"] = _str(file, f"{where}.printed", k["printed"])
    if "number" in k:
        if not isinstance(k["number"], int) or isinstance(k["number"], bool):
            raise TemplateError(f"{file}: {where}.number: expected an integer, got {k['number']!r}")
        out["number"] = k["number"]
    if "shape" in k:
        if k["shape"] not in SHAPES:
            raise TemplateError(f"{file}: {where}.shape: {k['shape']!r} is not one of {', '.join(SHAPES)}")
        out["shape"] = k["shape"]
    if "required" in k:
        if not isinstance(k["required"], bool):
            raise TemplateError(f"{file}: {where}.required: expected true or false, got {k['required']!r}")
        out["required"] = k["required"]
    return out


def _rule(file: str, i: int, r) -> RuleSpec:
    where = f"rules[{i}]"
    if not isinstance(r, dict):
        raise TemplateError(f"{file}: {where}: expected a table")
    _keys(file, where, r, _RULE_KEYS)
    rule = _str(file, f"{where}.rule", r.get("rule"))
    if rule not in ("total_balance", "cross_table", "hierarchy_sum"):
        raise TemplateError(f"{file}: {where}.rule: {rule!r} is not total_balance, cross_table or hierarchy_sum")
    parts = tuple(_ref(file, f"{where}.parts[{j}]", p) for j, p in enumerate(_list(file, f"{where}.parts", r.get("parts"))))
    if not parts:
        raise TemplateError(f"{file}: {where}.parts: at least one part is needed")
    alts = tuple(tuple(_ref(file, f"{where}.alternatives[{j}][{m}]", p) for m, p in enumerate(_list(file, f"{where}.alternatives[{j}]", a)))
                 for j, a in enumerate(_list(file, f"{where}.alternatives", r.get("alternatives", []))))
    return RuleSpec(rule=rule, subject=_str(file, f"{where}.subject", r.get("subject")),
                    total=_ref(file, f"{where}.total", r.get("total")), parts=parts, alternatives=alts)


def _ref(file: str, where: str, ref) -> RefSpec:
    if not isinstance(ref, dict):
        raise TemplateError(f"{file}: {where}: expected a table with kinds, row (and column)")
    _keys(file, where, ref, _REF_KEYS)
    kinds = tuple(_strs(file, f"{where}.kinds", ref.get("kinds")))
    row = _str(file, f"{where}.row", ref.get("row"))
    _pattern(file, f"{where}.row", row)
    column = ref.get("column")
    if column is not None:
        _pattern(file, f"{where}.column", _str(file, f"{where}.column", column))
    return RefSpec(kinds=kinds, row=row, column=column)


def _total(file: str, i: int, x) -> TotalLink:
    where = f"links.totals[{i}]"
    if not isinstance(x, dict):
        raise TemplateError(f"{file}: {where}: expected a table")
    _keys(file, where, x, {"words", "kinds", "rows"})
    return TotalLink(words=_pattern(file, f"{where}.words", x.get("words")),
                     kinds=tuple(_strs(file, f"{where}.kinds", x.get("kinds"))),
                     rows=_pattern(file, f"{where}.rows", x.get("rows")))


def _check_references(t: Template) -> None:
    """Rules, preferred links and totals may only name kinds some template of the family knows."""
    known = set(t.standard)
    for i, r in enumerate(t.rules):
        for ref in (r.total, *r.parts, *(p for alt in r.alternatives for p in alt)):
            for k in ref.kinds:
                if k not in known:
                    raise TemplateError(f"{t.file}: rules ({r.subject}): kind {k!r} is not among the template's kinds")
    for k in t.preferred:
        if k not in known:
            raise TemplateError(f"{t.file}: links.preferred: kind {k!r} is not among the template's kinds")


def _keys(file: str, where: str, data: dict, allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        prefix = f"{where}." if where else ""
        raise TemplateError(f"{file}: {prefix}{unknown[0]}: unknown key (allowed: {', '.join(sorted(allowed))})")


def _str(file: str, where: str, value) -> str:
    if not isinstance(value, str) or not value:
        raise TemplateError(f"{file}: {where}: expected a non-empty string, got {value!r}")
    return value


def _list(file: str, where: str, value) -> list:
    if not isinstance(value, list):
        raise TemplateError(f"{file}: {where}: expected a list, got {value!r}")
    return value


def _strs(file: str, where: str, value) -> list[str]:
    return [_str(file, f"{where}[{i}]", v) for i, v in enumerate(_list(file, where, value))]


def _pattern(file: str, where: str, value) -> regex.Pattern:
    try:
        return regex.compile(_str(file, where, value))
    except regex.error as e:
        raise TemplateError(f"{file}: {where}: bad pattern {value!r}: {e}") from e


REGISTRY = load()
