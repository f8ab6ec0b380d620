"""Punctuation and text integrity: what breaks in copy-editing and in assembling pages.

- `punctuation` (info): a doubled mark (`。。`, `，，`, `、、`), or a sentence mark right after
  another (`，。`).
- `unbalanced_bracket` (info): a paragraph whose （ ）, “ ” or 《 》 do not pair up.
- `cut_sentence` (warning): a page of prose whose last line runs to the margin mid-sentence while
  the next page opens with a heading, so text was lost when pages were assembled (pages with a
  table, and OCR'd pages, are not judged).
- `repeated_paragraph` (warning): a block of paragraphs (three at least, 30 characters each) of one
  page printed again on the next page (a page pasted twice); one paragraph restated, or a later
  section restating an earlier one, is a template's habit.
- `blank_page` (info): a page with nothing on it (or only its page number) between the first and the
  last page.
"""
from __future__ import annotations

import regex

from parsers.sections import numbered
from parsers.kinds import looks_like_title
from parsers.tables import is_furniture, unit_in
from pipeline.check.editorial import Prose, at, finding
from pipeline.model import Document, Finding

_DOUBLED = regex.compile(r"([。，、；：！？])\1+|[，、；：][。]|。[，、；]")
_PAIRS = (("（", "）"), ("“", "”"), ("《", "》"))
_SENTENCE_END = regex.compile(r"[。！？；：:;）)”》】\]]$|[\d.%％]$|表$|\p{Han}{0,3}(说明|情况|目录|表|附件\d*|解释)$")
MIN_REPEAT = 30
MIN_BLOCK = 3  # paragraphs of one page printed again before it is a slip
REACH = 300  # characters a bracket or quote may stay open
FULL_LINE = 0.9  # a last line reaching this share of the text width runs on


def findings(pages: list[Prose], document: Document | None) -> list[Finding]:
    out = []
    for p in pages:
        for m in _DOUBLED.finditer(p.text):
            if p.text[m.start():m.end()] in ("……", "。。。"):
                continue
            out.append(at(p, "punctuation", m.start(), m.end(), "标点重复或连用", "doubled punctuation"))
    out += _unbalanced(pages, document)
    out += _cut(pages, document)
    out += _repeated(pages)
    out += _blank(document)
    return out


def _unbalanced(pages: list[Prose], document: Document | None) -> list[Finding]:
    """Brackets and quotes read in order over the narrative (they may open on one line or page
    and close on the next): a closing mark with nothing open, or an opening mark still open when
    the next one of its kind opens (quotes and 《》 do not nest) or `REACH` characters on. Pages
    with a table are skipped: text boxed by rulings is read as cells, not as prose lines."""
    boxed = {p.number for p in document.pages if p.grids} if document else set()
    out = []
    for opening, closing in _PAIRS:
        stack: list[tuple[Prose, int, int]] = []  # open marks: page, offset on it, offset in the run
        read = 0
        unknown = False  # after a skipped page: a mark may close one opened there
        for p in pages:
            if p.page in boxed:
                stack, unknown = [], True
                continue
            text = p.text.replace("(", "（").replace(")", "）")
            for i, ch in enumerate(text):
                if stack and read + i - stack[0][2] > REACH:
                    out.append(_bracket(stack[0][:2], opening, closing, "未闭合", "never closed"))
                    stack = []
                if ch == opening:
                    if stack and opening != "（":
                        out.append(_bracket(stack[0][:2], opening, closing, "未闭合", "never closed"))
                        stack = []
                    stack.append((p, i, read + i))
                    unknown = False
                elif ch == closing:
                    if stack:
                        stack.pop()
                    elif not unknown:
                        out.append(_bracket((p, i), opening, closing, "无对应的前括号", "closes nothing"))
            read += len(text)
        if stack:
            out.append(_bracket(stack[0][:2], opening, closing, "未闭合", "never closed"))
    return out


def _bracket(where: tuple[Prose, int], opening: str, closing: str, zh: str, en: str) -> Finding:
    p, i = where
    mark = opening if zh == "未闭合" else closing
    return at(p, "unbalanced_bracket", i, i + 1, f"“{mark}”{zh}", f"“{mark}” {en}")


def _cut(pages: list[Prose], document: Document | None) -> list[Finding]:
    """A page whose last line runs to the right margin mid-sentence while the next page opens
    with a heading: the rest of the sentence was not printed. The cover is not judged."""
    # OCR drops short lines (a sentence's last `用。` atop the next page), and a page with a table
    # ends in its cells' text (vertical header text read as a line): neither is judged.
    skip = {page.number for page in document.pages if page.ocr or page.grids} if document else set()
    out = []
    for p, nxt in zip(pages[1:], pages[2:]):
        if not p.lines or not nxt.text.strip() or {p.page, nxt.page} & skip:
            continue
        last_line = max(p.lines, key=lambda ln: ln.bbox[3])
        left = min(ln.bbox[0] for ln in p.lines)
        right = max(ln.bbox[2] for ln in p.lines)
        last = p.text.rstrip().rsplit("\n", 1)[-1]
        running = right > left and last_line.bbox[2] - left >= FULL_LINE * (right - left)
        if len(last) < 15 or not running or _SENTENCE_END.search(last) or unit_in(last) or looks_like_title(last) \
                or numbered(last_line.text):  # a list of headings ends with a heading, not a sentence
            continue
        first = nxt.text.lstrip().split("\n", 1)[0]
        if numbered(first) or regex.match(r"^(目\s*录|第[一二三四五六七八九十]+部分)", first):
            out.append(at(p, "cut_sentence", len(p.text.rstrip()) - min(len(last), 20),
                          len(p.text.rstrip()), "页末句子未完，下一页另起标题",
                          "a sentence cut off at the page end and not continued on the next page"))
    return out


def _repeated(pages: list[Prose]) -> list[Finding]:
    """Paragraphs printed again; one finding per page repeating an earlier one, naming how many."""
    seen: dict[str, int] = {}
    repeats: dict[tuple[int, int], list[tuple[Prose, int, int]]] = {}
    for p in pages:
        offset = 0
        for para in p.text.split("\n"):
            key = regex.sub(r"[\s\d]+", "", para)
            if len(key) >= MIN_REPEAT and regex.search(r"[。；]", para):
                if key in seen:
                    repeats.setdefault((p.page, seen[key]), []).append((p, offset, offset + len(para)))
                else:
                    seen[key] = p.page
            offset += len(para) + 1
    out = []
    for (page, earlier), spans in repeats.items():
        # One restated paragraph, or a section restating an earlier one (财政拨款支出 and 一般公共预算
        # 支出 explained alike), is a template's habit; a block printed again on the next page is a
        # page pasted twice.
        if len(spans) < MIN_BLOCK or page - earlier != 1:
            continue
        p, start, end = spans[0]
        out.append(at(p, "repeated_paragraph", start, end,
                      f"第{page}页重复第{earlier}页的 {len(spans)} 段文字",
                      f"{len(spans)} paragraph(s) of page {earlier} printed again on page {page}"))
    return out


def _blank(document: Document | None) -> list[Finding]:
    if document is None or document.n_pages < 3:
        return []
    out = []
    for page in document.pages[1:-1]:
        if page.text_layer == "blank" or (page.text_layer == "ok" and not page.grids
                                          and all(is_furniture(ln.text) for ln in page.lines)):
            out.append(finding("blank_page", page.number,
                               f"第{page.number}页为空白页 | page {page.number} is blank"))
    return out
