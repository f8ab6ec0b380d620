"""What was and was not checked in one document, so silence is never read as a clean bill.

Findings record only what failed. A scanned file whose pages gave no table has no findings
either, and must not look like a file whose every identity held: it is `unchecked` (未核对).
The state is derived from counts the run stored — identities evaluated per table (`checks`),
pages read from the text layer or by OCR — not from the findings alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Coverage:
    state: str  # failed / findings / clean / unchecked
    checks: int
    ocr_pages: int
    unread_pages: int  # pages from which no text was read (no text layer and no OCR, or blank)
    unchecked_tables: list[dict] = field(default_factory=list)
    claims: int = 0


def coverage(document: dict, tables: list[dict], findings: list[dict], claims: int = 0) -> Coverage:
    checks = sum(t.get("checks") or 0 for t in tables)
    pages = document.get("pages") or 0
    read = (document.get("text_pages") or 0) + (document.get("ocr_pages") or 0)
    if document.get("status") == "failed":
        state = "failed"
    elif findings:
        state = "findings"
    elif checks == 0:
        state = "unchecked"
    else:
        state = "clean"
    return Coverage(state=state, checks=checks, ocr_pages=document.get("ocr_pages") or 0,
                    unread_pages=max(0, pages - read),
                    unchecked_tables=[t for t in tables if not t.get("checks")], claims=claims)
