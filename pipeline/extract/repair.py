"""Files pdfminer will not open, repaired where that is possible, named in a user's words where not.

pdfium (already here for rendering) rebuilds a lost or broken cross-reference table by scanning
the file's objects, and opens a file encrypted with an owner password only (permissions, no
password to open). Such a file is saved again by pdfium — decrypted, with a fresh xref — and
that copy is what pdfplumber reads; page pictures and camelot read the original through pdfium.
A file that needs a password to open, or that ends before the PDF does, is not guessed at.
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

TAIL = 2048  # %%EOF must sit within the last bytes of a complete file


class Unrepairable(Exception):
    """The reason, in a user's words, that no readable copy could be made."""


def encrypted(path: Path) -> bool:
    with open(path, "rb") as f:
        return b"/Encrypt" in f.read()


def truncated(path: Path) -> bool:
    size = path.stat().st_size
    with open(path, "rb") as f:
        f.seek(max(0, size - TAIL))
        return b"%%EOF" not in f.read()


def readable_copy(path: Path, target: Path) -> str | None:
    """Write a copy of `path` pdfminer can read to `target`. Returns what was repaired (None for
    an owner-password file, which is not damaged) or raises Unrepairable saying why not."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise Unrepairable("encrypted: the file needs a password to open (a user password), "
                               "so it cannot be read") from e
        if truncated(path):
            raise Unrepairable("truncated: the file ends before the PDF does (an incomplete download "
                               "or copy?); no page could be recovered") from e
        raise Unrepairable(f"damaged beyond repair: not even pdfium can open it ({e})") from e
    try:
        if len(pdf) == 0:
            raise Unrepairable("damaged: no page could be recovered from the file")
        pdf.save(str(target), flags=pdfium_c.FPDF_REMOVE_SECURITY)
    finally:
        pdf.close()
    if encrypted(path) and not truncated(path):
        return None
    what = "truncated" if truncated(path) else "damaged (cross-reference table or trailer broken)"
    return f"the file was {what}; it was read from a copy pdfium repaired"
