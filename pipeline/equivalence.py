"""`python -m pipeline.equivalence CORPUS [--limit N]`: do the pdfium and pdfplumber readers give
the same records?

Each file is read by both readers without OCR (an OCR'd page is read from its image the same way
whichever reader judged its text layer, so only the verdict matters, and it is compared), then
parsed and checked the same way. A record is compared by what a user looks it up by: code, name,
column, printed value, page, source. Every difference is printed per file, with the pages whose
extracted text differs, so that each can be explained.
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.extract import read_pdf
from pipeline.model import Document
from pipeline.process import analyse


def record_key(r: dict) -> tuple:
    return (r["code"], r["name"], r["column"], r["printed"], r["page"], r["source"])


@dataclass
class Comparison:
    """Both readings of one file: seconds each, and what one has that the other has not."""

    file: str
    pages: int
    seconds: dict[str, float]
    only: dict[str, list[tuple]] = field(default_factory=dict)  # reader → records only it gives
    pages_differing: list[int] = field(default_factory=list)  # pages whose extraction differs
    layers: list[tuple[int, str, str]] = field(default_factory=list)  # (page, plumber, pdfium) verdicts
    error: str | None = None

    @property
    def same(self) -> bool:
        return not self.error and not any(self.only.values()) and not self.layers


def read_both(path: Path) -> tuple[dict[str, Document], dict[str, float]]:
    docs, secs = {}, {}
    for reader in ("pdfplumber", "pdfium"):
        started = time.perf_counter()
        docs[reader] = read_pdf(path, use_ocr=False, reader=reader)
        secs[reader] = time.perf_counter() - started
    return docs, secs


def records(document: Document) -> Counter:
    row = {"doc_id": document.doc_id, "path": document.path, "file": Path(document.path).name}
    return Counter(record_key(r) for r in analyse(document, row).records)


def page_signature(page) -> tuple:
    """What parsing sees of a page: verdict, line texts, grid cell texts."""
    return (page.text_layer, tuple(ln.text for ln in page.lines),
            tuple(tuple(tuple(c.text for c in row) for row in g.rows) for g in page.grids))


def compare(path: Path) -> Comparison:
    try:
        docs, secs = read_both(path)
    except Exception as e:  # noqa: BLE001 - a file neither reader opens is reported, not fatal
        return Comparison(path.name, 0, {}, error=f"{type(e).__name__}: {e}")
    a, b = docs["pdfplumber"], docs["pdfium"]
    out = Comparison(path.name, a.n_pages, secs)
    out.layers = [(p.number, p.text_layer, q.text_layer) for p, q in zip(a.pages, b.pages)
                  if p.text_layer != q.text_layer]
    out.pages_differing = [p.number for p, q in zip(a.pages, b.pages) if page_signature(p) != page_signature(q)]
    ra, rb = records(a), records(b)
    out.only = {"pdfplumber": sorted((ra - rb).elements(), key=str), "pdfium": sorted((rb - ra).elements(), key=str)}
    return out


def main(argv: list[str] | None = None) -> int:
    from pipeline.bench import pick
    from pipeline.runner import collect

    ap = argparse.ArgumentParser(prog="python -m pipeline.equivalence", description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, nargs="+")
    ap.add_argument("--limit", type=int, default=None, help="at most N files, spread over the corpus")
    args = ap.parse_args(argv)
    files = pick([f for f in collect(args.corpus) if f.suffix.lower() == ".pdf"], args.limit)
    total = Counter()
    for f in files:
        c = compare(f)
        if c.error:
            print(f"{c.file}: not read ({c.error})")
            total["unread"] += 1
            continue
        s = c.seconds
        print(f"{c.file}: {c.pages} pages, pdfplumber {s['pdfplumber']:.2f}s, pdfium {s['pdfium']:.2f}s, "
              f"{'same records' if c.same else 'DIFFERENT'}"
              + (f"; extraction differs on pages {c.pages_differing}" if c.pages_differing else ""), flush=True)
        for page, x, y in c.layers:
            print(f"  page {page}: text layer {x} (pdfplumber) / {y} (pdfium)")
        for reader, only in c.only.items():
            for rec in only:
                print(f"  only {reader}: {rec}")
        total.update(files=1, pages=c.pages, same=int(c.same), plumber=s["pdfplumber"], pdfium=s["pdfium"],
                     differing_pages=len(c.pages_differing),
                     only_plumber=len(c.only["pdfplumber"]), only_pdfium=len(c.only["pdfium"]))
    print(f"\n{total['files']} files ({total['pages']} pages): {total['same']} with the same records; "
          f"records only pdfplumber gives {total['only_plumber']}, only pdfium {total['only_pdfium']}; "
          f"pages whose extraction differs {total['differing_pages']}; reading time pdfplumber "
          f"{total['plumber']:.1f}s, pdfium {total['pdfium']:.1f}s; unread {total['unread']}")
    return 0 if total["same"] == total["files"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
