"""Does a page have a usable text layer? Scanned pages have none; fonts without a Unicode map
give `(cid:N)` runs or private-use/control characters. Either way the text cannot be trusted
and the page needs OCR."""
from __future__ import annotations

import regex

_CID = regex.compile(r"\(cid:\d+\)")
_BAD = regex.compile(r"[\p{Co}\p{Cc}--[\n\t\r]]", regex.V1)
_CJK = regex.compile(r"\p{Han}")


def classify(text: str, n_chars: int) -> str:
    """`none` for no text, `garbled` for unmapped glyphs, else `ok`."""
    if n_chars == 0 or not text.strip():
        return "none"
    cid = len(_CID.findall(text))
    bad = len(_BAD.findall(text))
    visible = max(1, len(regex.sub(r"\s", "", text)))
    if cid * 6 / visible > 0.2 or bad / visible > 0.2:
        return "garbled"
    return "ok"
