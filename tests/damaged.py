"""Damaged and hostile files, built from a sample at test time (nothing damaged is checked in)."""
from __future__ import annotations

import zlib
from pathlib import Path

from tests.conftest import SAMPLES

SMALL = SAMPLES / "perf_target_2017_lusong_publicity.pdf"  # 2 pages: the cheapest real document


def variant(target: Path, n: int, source: Path = SMALL) -> Path:
    """The same document with other bytes (a comment after %%EOF): another content hash."""
    target.write_bytes(source.read_bytes() + f"\n% copy {n}\n".encode())
    return target


def truncated(target: Path) -> Path:
    data = SMALL.read_bytes()
    target.write_bytes(data[: len(data) * 2 // 3])
    return target


def broken_xref(target: Path) -> Path:
    """Cross-reference table and trailer lost (pdfminer gives up; pdfium rebuilds them)."""
    data = SMALL.read_bytes()
    target.write_bytes(data[: data.rfind(b"xref")] + b"startxref\n0\n%%EOF\n")
    return target


def encrypted(target: Path, user: str, owner: str = "owner", permissions: int = 0) -> Path:
    import pypdf
    reader = pypdf.PdfReader(str(SMALL))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password=user, owner_password=owner, permissions_flag=permissions)
    with open(target, "wb") as f:
        writer.write(f)
    return target


def bomb(target: Path, megabytes: int) -> Path:
    """A one-page PDF whose content stream inflates from ~1 kB per MB to `megabytes` MB of blanks."""
    z = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    packed = b"".join(z.compress(chunk) for _ in range(megabytes)) + z.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    target.write_bytes(bytes(out))
    return target

