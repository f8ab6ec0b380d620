"""Narrative claims: amounts, shares, growth, differences and completion rates stated in prose.

A 情况说明 restates table figures and derives rates from them. To recompute a claim the checker
needs more than the number: which sentence it sits in (a rate is checked against the amounts of
its own sentence), what role the amount plays there (预算 / 决算 / 上年), which classification item
the paragraph is talking about (`事业运行(项)。年初预算 185.17 万元，支出决算为 253.54 万元`), and
for a share what it is a share of (`占政府采购支出总额的 93.3%`). `claims_in` extracts all that
with regular expressions. jieba is not used: the cues are fixed words, and the subjects that
matter are classification names, which jieba's dictionary cuts apart (`职业/年/金`, `2026/年本/部门`)
and which a user dictionary would only give back as the same vocabulary the document's own tables
print — the checker matches them against those row names directly (`narrative.TableLinks`).

Wrapped lines are joined without a space first (`page_text`), because PDF text breaks lines
between two Chinese characters.
"""
from __future__ import annotations

from decimal import Decimal

import regex

from parsers.numbers import PrintedNumber, parse_number
from parsers.tables import is_furniture
from pipeline.model import Claim

# A number; `2.` directly before a unit is kept (a list-number artefact printed in place of an amount).
_NUM = r"(?P<num>[-+]?\d[\d,，]*(?:\.\d+|\.(?=\s*(?:万元|亿元|元)))?)"
_UP = r"(?P<dir>增长率|下降率|增长|下降|减少|增加|上升|上涨|提高|降低|节约|超支|增幅|减幅|降幅)"
# Words between a cue and its figure: `增长了`, `增幅为`, `下降（增长）27.78%` (a template's
# leftover alternative), `增长率达`.
_FILLER = r"(?:[（(]\p{Han}{1,3}[)）])?(?:了|为|达到?|是)?\s*"
_CHANGE = _UP + r"(?:了)?\s*[-+]?\d[\d,，]*(?:\.\d+)?\s*(?:万元|亿元|元)"
_PATTERNS = (
    ("rate", regex.compile(r"(?:(?:完成|占|为)(?:了)?(?:年初|全年|调整后?)?预算(?:数)?的?|预算(?:执行|完成)率(?:为|达到?)?)\s*"
                           + _NUM + r"\s*[%％]")),
    # A rate in brackets right after a change, its cue word or its % sign left out:
    # `减少 5.20 万元（12.35%）`, `降低 5.20 万元（12.35）`, `增加 8.6 万元（增长 12.4%）`.
    ("growth", regex.compile(_CHANGE + r"\s*[（(]\s*(?:同比)?(?:增长|下降|增幅|降幅|减幅|减少|增加|上升|降低|提高)?"
                             r"(?:了|为)?\s*" + _NUM + r"\s*[%％]?\s*[)）]")),
    # `增加 1193.20 万元，增长 13.95。`: the % sign dropped after a growth cue that follows a change.
    ("growth", regex.compile(r"(?<=" + _CHANGE.replace("(?P<dir>", "(?:") + r"\s*[，,]\s*)" + _UP + _FILLER + _NUM
                             + r"(?![\d.%％])(?![,，]\d)(?!\s*(?:万|亿|元|个|人|辆|台|次|项|年|倍|[%％]))(?=\s*(?:[。；;，,]|$))")),
    ("growth", regex.compile(_UP + _FILLER + _NUM + r"\s*[%％]")),
    ("percent", regex.compile(r"(?:所?占比(?:重)?(?:为|是)?|占)(?P<base>[^，。；%％\d]{0,30}?)(?:的|比例为|比重为|比重)?\s*"
                              + _NUM + r"\s*[%％]")),
    ("difference", regex.compile(_UP + r"(?:了)?\s*" + _NUM + r"\s*(?P<unit>万元|亿元|元)")),
    # `与上年持平`, `与上年预算数相同`: a change of exactly nothing (not `基本持平`, roughly flat).
    ("difference", regex.compile(r"(?:与|和|同|较|比)\s*(?:上年|上一年度?|去年|\d{4}\s*年度?)(?:年初)?(?:预算数?|执行数|决算数)?"
                                 r"(?:相比)?(?<!基本)(?P<flat>持平|相同|一致|相等)")),
    ("amount", regex.compile(_NUM + r"\s*(?P<unit>万元|亿元|元)")),
)
_CLAUSE_BREAK = regex.compile(r"[，,。；;：:、\n]")
_SENTENCE_BREAK = regex.compile(r"[。；;\n]")
_DOWN = {"下降", "减少", "降低", "节约", "减幅", "降幅", "下降率"}
# A classification item named in prose: `事业运行(项)`, `一般公共服务支出（类）`.
_ITEM = regex.compile(r"(?P<name>\p{Han}[\p{Han}“”]*?)\s*[（(](?P<level>类|款|项)[)）]")
# A classification path quoted as one name, Shanghai's wording: `“一般公共服务支出-政府办公厅（室）
# 及相关机构事务-行政运行”科目`, `“住房保障支出”科目`. Its parts are the 类, 款 and 项 in order; a
# single quoted name is one only when 科目 follows it.
_PATH = regex.compile(r"“(?P<path>[^“”\d%％，,。；;]{2,90}?)”\s*(?P<subject>科目)?")
_PATH_SEPARATOR = regex.compile(r"\s*[-－—–]+\s*")
_LEVELS = ("类", "款", "项")
_ITEM_PREFIX = regex.compile(r"^(?:\d{4}年度?|年度|其中|主要|用于|包括|以及|及|和|是|为|在|对|\p{Han}?[、.．])+")
_PRIOR = regex.compile(r"(?:比|较|与)\s*(?:上年|上一年|去年|同期|\d{4}\s*年)|上年(?:度)?(?:预算|决算|同期)?(?:数|执行数)?(?:为|是)?\s*$")
# `…43.83万元，上年:25.77万元`: last year's amount labelled before a colon.
_PRIOR_LABEL = regex.compile(r"上年(?:度)?(?:预算|决算|执行)?(?:数)?\s*[:：]\s*$")
_ROLE_WORDS = regex.compile(r"(?P<budget>预算数?|年初数?)|(?P<actual>决算数?|执行数?|实际|支出(?!预算))")


def page_text(lines: list[str]) -> str:
    """Join a page's narrative lines: no space between CJK characters split by a line break.
    Page furniture (`— 18 —`) is dropped so a sentence running over a page break stays whole."""
    out = ""
    for ln in lines:
        ln = ln.strip()
        if not ln or is_furniture(ln):
            continue
        out = _join(out, ln)
    return out


_JOINS_ON = regex.compile(r"[\p{Han}\d（(“，、]")
_JOINS_AFTER = regex.compile(r"[\p{Han}\d，、,）)”]$")


def _join(out: str, ln: str) -> str:
    if out and _JOINS_ON.match(ln[0]) and _JOINS_AFTER.search(out):
        return out + ln
    return out + ("\n" if out else "") + ln


def document_claims(pages: list[tuple[int, list[str]]]) -> list[Claim]:
    """Claims of a whole narrative: pages are joined like lines, so a sentence that starts on one
    page and ends on the next is read whole; each claim gets the page its figure is printed on."""
    text, starts = "", []
    for number, lines in pages:
        body = page_text(lines)
        if not body:
            continue
        joined = _join(text, body)
        starts.append((len(joined) - len(body), number))
        text = joined
    if not starts:
        return []
    return _claims(text, lambda offset: max((s for s in starts if s[0] <= offset), default=starts[0])[1])


def claims_in(page: int, text: str) -> list[Claim]:
    """Every figure stated in one page's text, once, with the most specific kind that matches it."""
    return _claims(text, lambda offset: page)


def _claims(text: str, page_at) -> list[Claim]:
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, regex.Match, str, PrintedNumber]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            flat = m.groupdict().get("flat")
            span = m.span("flat") if flat else m.span("num")
            if any(a <= span[0] < b for a, b in taken):
                continue
            number = PrintedNumber(flat, Decimal(0), 2) if flat else parse_number(m.group("num").replace("，", ",").rstrip("."))
            if number is None:
                continue
            taken.append(span)
            found.append((span[0], m, kind, number))
    found.sort(key=lambda f: f[0])
    sentences = [0] + [b.end() for b in _SENTENCE_BREAK.finditer(text)]
    claims: list[Claim] = []
    for offset, m, kind, number in found:
        sentence_no = _index_at(sentences, offset)
        sentence_start = sentences[sentence_no]
        end = _SENTENCE_BREAK.search(text, m.end())
        sentence = text[sentence_start: end.end() if end else len(text)].strip()
        clause_start = max((b.end() for b in _CLAUSE_BREAK.finditer(text, 0, m.start())), default=0)
        lead = text[clause_start:m.start()].strip()
        groups = m.groupdict()
        unit = groups.get("unit") or "%"
        if groups.get("flat"):  # 持平 is in the unit of the amount it follows
            unit = next((c.unit for c in reversed(claims) if c.sentence == sentence_no and c.kind == "amount"), "万元")
        subject = _subject(lead)
        if not subject and claims and claims[-1].sentence == sentence_no:
            subject = claims[-1].subject  # `…预算为3万元，支出决算为0.93万元`: the subject carries over
        claims.append(Claim(
            page=page_at(offset), text=sentence[:300], subject=subject,
            label=text[clause_start:offset].strip()[-40:], value=number.value,
            unit=unit, kind=kind, number=number, lead=lead[-40:],
            role=("prior" if _PRIOR_LABEL.search(text, max(0, clause_start - 12), clause_start) and not lead
                  else _role(lead)) if kind == "amount" else None,
            topic=_topic(text, sentences, sentence_no, offset),
            base=_clean_base(groups.get("base")) if kind == "percent" else None,
            direction=(-1 if groups.get("dir") in _DOWN else 1) if groups.get("dir") else 0,
            sentence=sentence_no, offset=offset))
    return claims


def _index_at(starts: list[int], offset: int) -> int:
    return max(i for i, s in enumerate(starts) if s <= offset)


def _subject(lead: str) -> str:
    text = regex.sub(r"(为|是|达到?|共计|合计|总计|支出决算|决算数|预算数|安排|比上年|较上年|与上年相比|比年初预算)+$", "", lead)
    return text.strip()[-40:]


def _role(lead: str) -> str | None:
    """What an amount is in its sentence: budget (预算/年初), actual (决算/执行/支出) or prior (上年)."""
    if _PRIOR.search(lead):
        return "prior"
    last = None
    for m in _ROLE_WORDS.finditer(lead[-12:]):
        last = "budget" if m.group("budget") else "actual"
    return last


def _topic(text: str, sentences: list[int], sentence_no: int, offset: int) -> tuple[tuple[str, str], ...]:
    """Classification items named before the figure in its sentence, else in a heading-like sentence
    just before it (one that states no figure: `2.…事业运行(项)。年初预算 …`)."""
    start = sentences[sentence_no]
    items = _items(text[start:offset])
    if not items and sentence_no > 0:
        previous = text[sentences[sentence_no - 1]:start]
        if not regex.search(r"\d\s*(?:万元|元|%|％)", previous):
            items = _items(previous)
    return items


def _items(text: str) -> tuple[tuple[str, str], ...]:
    """Items named as `name（类）` and quoted classification paths, in the order printed."""
    out = []
    for m in _ITEM.finditer(text):
        name = _ITEM_PREFIX.sub("", m.group("name"))
        if len(name) >= 2:
            out.append((m.start(), name, m.group("level")))
    for m in _PATH.finditer(text):
        parts = _PATH_SEPARATOR.split(m.group("path").strip())
        if len(parts) > len(_LEVELS) or (len(parts) == 1 and not m.group("subject")):
            continue
        if _ITEM.search(m.group("path")) or not all(regex.fullmatch(r"\p{Han}[\p{Han}（）()、]+", p) for p in parts):
            continue  # `“…（类）…（项）”` is read by _ITEM
        out += [(m.start(), p, level) for p, level in zip(parts, _LEVELS)]
    return tuple((name, level) for _, name, level in sorted(out, key=lambda x: x[0]))


def _clean_base(base: str | None) -> str:
    return regex.sub(r"(的|比例为|比重为|比重)$", "", (base or "").strip())
