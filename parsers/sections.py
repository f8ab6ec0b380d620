"""The document's outline: numbered headings and 目录 entries, normalised into a tree.

A disclosure is written to one outline (`第一部分` › `一、` › `（一）` › `1.` › `（1）` › `①`), so
the numbering style of a heading says its rank; its parent is the nearest heading before it of a
smaller rank. A line is a heading when it starts with such a numbering and its title is short:
either the whole line is short (it does not run to the right margin and wrap), or a short title
ends at the first `。`/`：` and the paragraph goes on after it (`（三）“三公”经费支出情况。2019年…`).
PDF text carries no reliable bold flag, so only numbered lines are headings.

The 目录 is read separately: its entries (`一、收支预算总表……5`) keep the page number they
promise, so the contents check can compare what is promised with what is printed.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from parsers.tables import is_furniture
from pipeline.model import Claim, Document, TextLine

_WS = regex.compile(r"\s+")  # compiled once: asked of every text line and cell

_CN = "一二三四五六七八九十百零〇"
# numbering style → rank; first match wins.
_STYLES = (
    (regex.compile(rf"^第([{_CN}\d]+)(部分|章|篇)"), 1),
    (regex.compile(rf"^([{_CN}]+)[、.．]"), 2),
    (regex.compile(rf"^[（(]([{_CN}]+)[）)]"), 3),
    (regex.compile(r"^(\d{1,2})(?:[、．]|\.(?!\d))"), 4),
    (regex.compile(r"^[（(](\d{1,2})[）)]"), 5),
    (regex.compile(r"^([①-⑳])"), 6),
)
_CONTENTS = regex.compile(r"^目\s*录$")
_TITLE_END = regex.compile(r"[。：:；;]")
_FIGURE = regex.compile(r"\d\s*(万元|亿元|元|%|％)")  # a line stating a figure is a sentence, not a title
_LEADER_PAGE = regex.compile(r"^(?P<title>.*?)[\s.…·．—\-_]*(?P<page>\d{1,3})$")
_LEADERS = regex.compile(r"[\s.…·．—\-_]{2,}$")
_MAX_TITLE = 40
_MAX_CUT_TITLE = 30
RUNNING_SHARE = 0.4
FULL_WIDTH = 0.85
WRAP_TAIL = 10  # an unnumbered 目录 line this short finishes the entry above it  # a line reaching this share of the page's text width runs on: a paragraph


@dataclass(frozen=True)
class Section:
    """One heading (or 目录 entry). `listed_page` is the page number a 目录 entry promises."""

    section_id: str
    parent_id: str | None
    level: int  # depth in the tree, 1 for a top heading
    rank: int  # numbering style: 1 第一部分 … 6 ①; 0 for the 目录 itself
    numbering: str  # as printed: `第一部分`, `一、`, `（一）`
    title: str  # as printed, after the numbering
    normalised: str
    page_first: int
    page_last: int
    source: str  # heading / contents (a 目录 entry) / contents_root (the 目录 itself)
    listed_page: int | None = None
    line: int = 0  # index of the heading's line on its page (claims are placed after it)


def normalise(title: str) -> str:
    """A title without what varies between printings: spaces, quotes, leaders, years, 表N numbers."""
    t = regex.sub(r"[\s\u3000]+", "", title or "")
    t = regex.sub(r"[“”\"'‘’《》〈〉「」]", "", t)
    t = regex.sub(r"\d{4}年度?|\d{4}", "", t)
    t = regex.sub(r"^(表|附表)\s*[\d一二三四五六七八九十]+[-—]?\d*[、.．:：]?", "", t)
    return t.replace("(", "（").replace(")", "）")


def numbered(text: str) -> tuple[int, str, str] | None:
    """(rank, numbering as printed, rest of the line) when the line starts with a heading number."""
    t = text.strip().lstrip("\u3000")
    for pattern, rank in _STYLES:
        m = pattern.match(t)
        if m:
            rest = t[m.end():].lstrip(" \u3000、.．")
            return rank, t[:m.end()], rest
    return None


def heading_title(rest: str, full_width: bool) -> str | None:
    """The title of a numbered line, or None when the line is a paragraph that merely starts
    with a number (a list item running on, a sentence)."""
    rest = rest.strip()
    cut = _TITLE_END.search(rest)
    if cut and 2 <= cut.start() <= _MAX_CUT_TITLE and not _FIGURE.search(rest[:cut.start()]):
        return rest[:cut.start()].strip()
    if full_width or cut:
        return None
    if 2 <= len(_WS.sub("", rest)) <= _MAX_TITLE and not _FIGURE.search(rest) and not regex.search(r"[，,]", rest):
        return rest
    return None


def document_sections(document: Document) -> list[Section]:
    """The 目录 (with its entries) and every heading of the body, in reading order, as a tree."""
    doc_key = document.doc_id[:12]
    running = running_lines(document)
    contents_pages = _contents_pages(document, running)
    out, body_start = _contents(document, contents_pages, doc_key, running)
    if body_start is not None:
        contents_pages = {p for p in contents_pages if p < body_start[0]}
    stack: list[Section] = []
    raw: list[Section] = []
    for page in document.pages:
        if page.number in contents_pages:
            continue
        lines = body_lines(page.lines, running)
        skip = body_start[1] if body_start and page.number == body_start[0] else 0
        right = max((ln.bbox[2] for ln in lines), default=0)
        left = min((ln.bbox[0] for ln in lines), default=0)
        for i, ln in enumerate(lines):
            found = numbered(ln.text) if i >= skip else None
            if found is None:
                continue
            rank, numbering, rest = found
            full = right > left and (ln.bbox[2] - left) >= FULL_WIDTH * (right - left) and len(ln.text) > 20
            title = heading_title(rest, full)
            if not title:
                continue
            while stack and stack[-1].rank >= rank:
                stack.pop()
            parent = stack[-1] if stack else None
            section = Section(section_id=f"{doc_key}-s{len(out) + len(raw) + 1:03d}",
                              parent_id=parent.section_id if parent else None,
                              level=(parent.level + 1) if parent else 1, rank=rank, numbering=numbering,
                              title=title, normalised=normalise(title), page_first=page.number,
                              page_last=page.number, source="heading", line=i)
            stack.append(section)
            raw.append(section)
    return out + _close(raw, document)


def running_lines(document: Document) -> frozenset[str]:
    """Running headers and footers (`苏州市审计局2026年度部门预算公开` atop every page): a line
    printed on at least `RUNNING_SHARE` of the pages (three at least). They are not part of the
    prose, and a sentence continues across them."""
    counts: dict[str, int] = {}
    for page in document.pages:
        for text in {_WS.sub("", ln.text) for ln in page.lines}:
            counts[text] = counts.get(text, 0) + 1
    floor = max(3, RUNNING_SHARE * document.n_pages)
    return frozenset(t for t, n in counts.items() if n >= floor and t)


def body_lines(lines: tuple[TextLine, ...], running: frozenset[str] = frozenset()) -> list[TextLine]:
    """A page's lines without page furniture and running headers."""
    return [ln for ln in lines if ln.text.strip() and not is_furniture(ln.text)
            and _WS.sub("", ln.text) not in running]


def _close(sections: list[Section], document: Document) -> list[Section]:
    """Each heading runs until the next heading of the same or a higher rank begins (the page
    before it when that heading opens its page), the last ones to the end of the document."""
    last_page = document.n_pages
    out = []
    for i, s in enumerate(sections):
        end = last_page
        for nxt in sections[i + 1:]:
            if nxt.rank <= s.rank:
                end = nxt.page_first - 1 if nxt.line == 0 and nxt.page_first > s.page_first else nxt.page_first
                break
        out.append(replace(s, page_last=max(end, s.page_first)))
    return out


def _contents_pages(document: Document, running: frozenset[str]) -> set[int]:
    """The 目录 page (within the first pages) and the pages it runs on to: pages of short lines only."""
    start = next((p.number for p in document.pages[:6]
                  if any(_CONTENTS.match(_WS.sub(" ", ln.text.strip())) for ln in p.lines)), None)
    if start is None:
        return set()
    pages = {start}
    first_entry = _first_entry(document, start, running)
    for page in document.pages[start:start + 2]:
        lines = body_lines(page.lines, running)
        if page.grids or not lines or any(len(_WS.sub("", ln.text)) > 45 for ln in lines):
            break
        first_numbered = next((numbered(ln.text) for ln in lines if numbered(ln.text)), None)
        if first_numbered and normalise(_split_page(first_numbered[2])[0]) == first_entry:
            break  # the body starts with the 目录's first entry
        pages.add(page.number)
    return pages


def _first_entry(document: Document, page_no: int, running: frozenset[str]) -> str | None:
    for ln in body_lines(document.pages[page_no - 1].lines, running):
        found = numbered(ln.text)
        if found:
            return normalise(_split_page(found[2])[0])
    return None


def _split_page(rest: str) -> tuple[str, int | None]:
    """`收支预算总表……5` → (`收支预算总表`, 5); a title with no page number keeps None."""
    m = _LEADER_PAGE.match(rest.strip())
    if m and m.group("title").strip() and not regex.search(r"\d{4}\s*年?$", rest.strip()):
        return _LEADERS.sub("", m.group("title").strip()), int(m.group("page"))
    return _LEADERS.sub("", rest.strip()), None


def _contents(document: Document, pages: set[int], doc_key: str,
              running: frozenset[str]) -> tuple[list[Section], tuple[int, int] | None]:
    """The 目录's entries, and where the body starts when it starts on a 目录 page: at the first
    entry printed again (`第一部分 部门概况` as a heading). A short unnumbered line right after an
    entry without a page number finishes its title (`十一、…支` / `出预算表`)."""
    if not pages:
        return [], None
    first = min(pages)
    root = Section(section_id=f"{doc_key}-s001", parent_id=None, level=1, rank=0, numbering="", title="目录",
                   normalised="目录", page_first=first, page_last=first, source="contents_root")
    out = [root]
    stack: list[Section] = [root]
    for number in sorted(pages):
        for i, ln in enumerate(body_lines(document.pages[number - 1].lines, running)):
            text = ln.text.strip()
            if _CONTENTS.match(_WS.sub(" ", text)):
                continue
            found = numbered(text)
            if found is None and len(out) > 1 and out[-1].listed_page is None and len(text) <= WRAP_TAIL:
                title, listed = _split_page(out[-1].title + text)
                out[-1] = stack[-1] = replace(out[-1], title=title, normalised=normalise(title), listed_page=listed)
                continue
            rank, numbering, rest = found if found else (7, "", text)
            title, listed = _split_page(rest)
            if len(normalise(title)) < 2:
                continue
            entries = [e for e in out[1:] if e.numbering]
            if found and len(entries) >= 3 and normalise(title) == entries[0].normalised:
                out[0] = replace(root, page_last=number)
                return out, (number, i)
            while len(stack) > 1 and stack[-1].rank >= rank:
                stack.pop()
            parent = stack[-1]
            s = Section(section_id=f"{doc_key}-s{len(out) + 1:03d}", parent_id=parent.section_id,
                        level=parent.level + 1, rank=rank, numbering=numbering, title=title,
                        normalised=normalise(title), page_first=number, page_last=number, source="contents",
                        listed_page=listed, line=i)
            out.append(s)
            stack.append(s)
    out[0] = replace(root, page_last=max(pages))
    return out, None


def section_rows(doc_id: str, sections: list[Section]) -> list[dict]:
    """The `sections` contract rows."""
    return [{"doc_id": doc_id, "section_id": s.section_id, "parent_id": s.parent_id, "level": s.level,
             "numbering": s.numbering, "title": s.title, "normalised_title": s.normalised,
             "page_first": s.page_first, "page_last": s.page_last, "source": s.source,
             "listed_page": s.listed_page} for s in sections]


def section_at(sections: list[Section], page: int, line: int) -> Section | None:
    """The deepest body heading in force at a line of a page (the last one printed before it)."""
    best = None
    for s in sections:
        if s.source != "heading":
            continue
        if (s.page_first, s.line) <= (page, line):
            best = s
        else:
            break
    return best


def claim_lines(document: Document, claims: list[Claim]) -> list[tuple[int, int]]:
    """(page, line index) where each claim's figure is printed, found by the words right before
    it; a claim not found on its page is placed at the page's top (its heading came earlier)."""
    compact: dict[int, tuple[str, list[int]]] = {}
    running = running_lines(document)
    out = []
    for c in claims:
        if c.page not in compact:
            text, starts = "", []
            for ln in body_lines(document.pages[c.page - 1].lines, running):
                starts.append(len(text))
                text += _WS.sub("", ln.text)
            compact[c.page] = (text, starts)
        text, starts = compact[c.page]
        key = _WS.sub("", c.label)[-6:] + (c.number.printed if c.number else "")
        at = text.find(key) if key else -1
        line = max((i for i, s in enumerate(starts) if s <= at), default=0) if at >= 0 else 0
        out.append((c.page, line))
    return out
