"""What a document is: family (budget / final account / performance form), issuer, year, scope.

Read from the cover and the first titles, the way a person would: the first page that names a
部门预算/部门决算/绩效 document decides the family; the issuer is the organisation named before the
year on that line.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import regex

from pipeline.model import DocumentInfo

_WS = regex.compile(r"\s+")  # compiled once: asked of every text line and cell

_YEAR = regex.compile(r"(20\d{2})\s*年")
ORG_SUFFIX = (r"(?:局|委员会|委|办公室|办公厅|院|部|厅|中心|政府|街道办事处|办事处|法院|检察院|政协|人大常委会|常委会|"
        r"协会|学校|大学|医院|站|所|支队|大队|队|馆|会|处|社)")
_ISSUER = regex.compile(r"([\p{Han}（）()“”]{2,40}?" + ORG_SUFFIX + r")(?:（[\p{Han}]{1,6}）)?\s*(?:20\d{2}\s*年)")
# A title that opens with the year (`2023年度长沙市公安局交通警察支队` / `专项资金绩效评价结果`).
_ISSUER_AFTER_YEAR = regex.compile(r"^20\d{2}\s*年度?([\p{Han}]{2,40}" + ORG_SUFFIX + r")\s*$", regex.M)
# The family named first in the document wins (a budget's cover names 部门预算 before any 决算
# figure it compares with).
_FAMILY_MARKS = (
    ("performance_selfeval", r"绩效自评|自评表|绩效评价(报告|表|结果)|自评报告"),
    ("final_account", r"部门决算|单位决算|决算公开|年度决算|决算报表|收入支出决算总表"),
    ("performance_target", r"绩效目标(申报)?表|整体绩效目标|项目绩效目标"),
    ("budget", r"部门预算|单位预算|预算公开|预算信息公开|预算报表|综合预算|收支预算总表|部门收支总表|收支总表|预算\d+表"),
)


_FURNITURE_HEAD = regex.compile(r"^(?:附件\d*[:：]?|[-—－]\d+[-—－])")
# The organisation as a cover prints it, lines joined: `中共上海市普陀区委` / `社会工作部 2024 年度` /
# `部门决算`, `2026 年度` / `福州经济技术开发区生态` / `环境局` / `单位预算`, `杭州市交通运输局` / `年度部门预算`.
_COVER = regex.compile(r"^(?:(20\d{2})年度?)?([\p{Han}（）()]{2,40}?" + ORG_SUFFIX + r")(?:[(（][\p{Han}]{1,6}[)）])?"
                       r"(?:(20\d{2}))?(?:年度?)?(?:市级|本级)?(?:部门|单位|预算单位)?(?:综合)?(?:预算|决算|整体|专项|项目|绩效)")
# A label naming the issuer (`预算单位：上海市审计局`, `部门名称：西安市安全生产监督管理局`, `部门：江苏省政协办公厅`).
_LABEL = regex.compile(r"(?:部门名称|单位名称|预算单位|编制单位|填报单位|部门|单位)\s*(?:[(（]盖章[)）])?\s*[:：]\s*([\p{Han}（）()]{2,40}?" + ORG_SUFFIX + r")"
                       r"\s*(?:$|单位\s*[:：]|金额单位|[，,。；\s])", regex.M)
# A part heading naming it (`第一部分 中共上海市普陀区委社会工作部概况`, `第二部分 X 2024 年度部门决算表`).
_PART = regex.compile(r"第[一二三]部分\s*([\p{Han}（）()]{2,40}?" + ORG_SUFFIX + r")\s*(?:20\d{2}\s*年度?\s*)?(?:概况|部门|单位|基本情况)")


def identify(first_pages_text: list[str]) -> DocumentInfo:
    """Document info from the text of the first few pages (cover, contents, first titles): the
    issuer from a label, the cover (its lines joined), a part heading, or the organisation named
    before the year; the year from the cover, else the first `20xx年` named."""
    text = "\n".join(first_pages_text)
    compact = regex.sub(r"[ \t\u3000]+", "", text)
    head = compact[:3000]
    first = [(m.start(), family) for family, pattern in _FAMILY_MARKS if (m := regex.search(pattern, head))]
    kind = min(first)[1] if first else "other"
    cover = _FURNITURE_HEAD.sub("", _WS.sub("", first_pages_text[0] if first_pages_text else ""))[:200]
    by_cover = _COVER.match(cover)
    issuer = _found_issuer(text, head, by_cover)
    years = [int(y) for y in _YEAR.findall(head[:1500])]
    m = regex.search(r"(?<!\d)(20\d{2})(?!\d)", cover) if by_cover else None
    cover_year = int(m.group(1)) if m else None
    year = cover_year or (years[0] if years else None)
    scope = "单位" if regex.search(r"单位预算|单位决算|（本级）|\(本级\)", head[:800]) else ("部门" if kind in ("budget", "final_account") else None)
    return DocumentInfo(kind=kind, issuer=issuer, year=year, scope=scope)


def _found_issuer(text: str, head: str, by_cover) -> str | None:
    for m in (_LABEL.search(text[:3000]), by_cover, _PART.search(text[:3000])):
        if m:
            return _clean_issuer(m.group(1) if m.re is not _COVER else m.group(2))
    m = _ISSUER.search(head) or _ISSUER_AFTER_YEAR.search(text[:400])
    return _clean_issuer(m.group(1)) if m else None


def issuer_from_lines(lines: list[str]) -> str | None:
    """The issuer named by a table title or a running header (`2018年度江苏省高级人民法院收支预算总表`,
    `部门：江苏省政协办公厅`, `无锡市信访局2025年度部门预算公开`): for documents whose cover names none."""
    for line in lines:
        t = _WS.sub("", line or "")
        m = _LABEL.search(t) or _COVER.match(t)
        if m:
            return _clean_issuer(m.group(1) if m.re is not _COVER else m.group(2))
        m = _ISSUER_TITLE.match(t)
        if m:
            return _clean_issuer(m.group(1))
    return None


# In prose, an organisation named after its province or city (`江苏省政协办公厅本年收入预算合计…`).
_PROSE_ORG = regex.compile(r"((?:中共)?[\p{Han}]{2,3}(?:省|自治区|市)[\p{Han}]{1,16}?" + ORG_SUFFIX + r")(?=本年|年度|20\d{2}|[的是为在，。、（(]|部门|收入|支出)")
PROSE_MIN_MENTIONS = 3


def issuer_from_prose(text: str) -> str | None:
    """The organisation the prose names most often, after its province or city, when named at
    least three times: the last resort for a document whose cover and titles name no issuer."""
    counts = Counter(_clean_issuer(m) for m in _PROSE_ORG.findall(_WS.sub("", text)))
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] >= PROSE_MIN_MENTIONS else None


_ISSUER_TITLE = regex.compile(r"^(?:[一二三四五六七八九十]+、)?20\d{2}年度?([\p{Han}（）()]{2,40}?" + ORG_SUFFIX + r")(?:部门|单位)?"
                              r"(?:收支|收入|支出|财政拨款|一般公共|政府性基金|国有资本|“?三公|政府采购|项目支出|机关运行)")


def complete(info: DocumentInfo, titles: list[str], running: list[str], text: str,
             labels: list[str] = ()) -> DocumentInfo:
    """Fill an issuer or year the first pages did not give from the labels of forms (`部门名称`
    beside its value, `（2026年度）` under a form's title: a tables-only attachment names its
    department nowhere else), the tables' titles, the running headers and, for the issuer, the
    prose (in that order)."""
    lines = list(labels) + running + titles
    issuer = info.issuer or issuer_from_lines(lines) or issuer_from_prose(text)
    year = info.year or next((y for y in map(_line_year, lines) if y), None)
    return replace(info, issuer=issuer, year=year)


_LABEL_CELL = regex.compile(r"^(部门名称|单位名称|预算单位|部门（单位）名称|单位（部门）名称)$")
_YEAR_LINE = regex.compile(r"^[（(]?20\d{2}\s*年度?[)）]?$")


def form_labels(document) -> list[str]:
    """`部门名称：北京市公安局` for a grid cell naming the label beside the cell holding its value,
    and year lines printed alone (`（2026年度）`), in reading order."""
    out = []
    for page in document.pages:
        out += [ln.text.strip() for ln in page.lines if _YEAR_LINE.match(_WS.sub("", ln.text))]
        for grid in page.grids:
            for row in grid.rows:
                texts = [_WS.sub("", c.text or "") for c in row]
                texts = [t for t in texts if t]
                out += [f"{a}：{b}" for a, b in zip(texts, texts[1:]) if _LABEL_CELL.match(a)]
                out += [t for t in texts if _YEAR_LINE.match(t)]
    return out


def _line_year(line: str) -> int | None:
    m = _YEAR.search(line or "")
    return int(m.group(1)) if m else None


def _clean_issuer(name: str) -> str:
    name = regex.sub(r"^(第[一二三四五六七八九十]+部分|附件\d*[:：]?|目录|关于|公开|[一二三四五六七八九十]+、)", "", name)
    return regex.sub(r"^(部门|单位)", "", name).strip("：:，,。 ")
