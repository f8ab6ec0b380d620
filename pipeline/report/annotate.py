"""The original PDF with every finding marked on it, for an auditor working in a PDF viewer.

Each cell a finding rests on gets a Square annotation (stated total red, parts blue, blank parts
orange) and each finding one Text note (its rule, the message, stated value, the parts' sum,
Δ and tolerance) at its total. These are standard PDF annotations with appearance streams, so
any viewer shows them and lists them in its comments panel; the page content is untouched.

Stored bboxes are in pdfplumber's frame: points from the top-left of the page as displayed,
i.e. after /Rotate. Annotations live in the page's unrotated user space (origin bottom-left of
the MediaBox), so each box is mapped back through the page's rotation here.
"""
from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, BooleanObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject,
                           NumberObject, TextStringObject)

from pipeline.report.messages import Messages

COLOURS = {"total": (0.86, 0.08, 0.08), "part": (0.08, 0.35, 0.9), "blank": (0.94, 0.55, 0.0)}
AUTHOR = "budget-pipeline"
NOTE_SIZE = 16  # points: the side of a Text note's icon


def to_user_space(bbox, mediabox, rotation: int) -> tuple[float, float, float, float]:
    """A pdfplumber bbox (x0, top, x1, bottom; displayed frame) → (llx, lly, urx, ury) in user space."""
    llx, lly, urx, ury = (float(v) for v in mediabox)
    rotation %= 360

    def point(x: float, top: float) -> tuple[float, float]:
        if rotation == 90:
            return llx + top, lly + x
        if rotation == 180:
            return urx - x, lly + top
        if rotation == 270:
            return urx - top, ury - x
        return llx + x, ury - top

    (ax, ay), (bx, by) = point(bbox[0], bbox[1]), point(bbox[2], bbox[3])
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def note(finding: dict, m: Messages) -> str:
    """What the auditor reads in the viewer: rule, message, and the recomputation."""
    lines = [f"{m.get('rule_' + finding['rule'], finding['rule'])} ({finding['rule']}, "
             f"{m.get('sev_' + finding['severity'], finding['severity'])}) {finding['finding_id']}",
             m.finding_text(finding["message"])]
    if finding.get("actual") is not None or finding.get("expected") is not None:
        lines.append(f"{m('stated')} {_plain(finding.get('actual'))} · {m('expected')} {_plain(finding.get('expected'))}"
                     f" · Δ {_plain(finding.get('delta'))} · {m('tolerance')}{_plain(finding.get('tolerance'))}")
    return "\n".join(lines)


def _plain(value) -> str:
    return "" if value is None else f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)


def annotate(pdf: str | Path, findings: list[dict], out: str | Path, lang: str = "zh") -> int:
    """Write `out`: `pdf` with the findings' cells boxed and one note per finding with cells.
    Returns the number of findings marked."""
    m = Messages(lang)
    writer = PdfWriter(clone_from=PdfReader(str(pdf)))
    marked = 0
    for f in findings:
        cells = [c for c in f["evidence"] if c.get("bbox") and c.get("page") and 1 <= c["page"] <= len(writer.pages)]
        if not cells:
            continue
        text = note(f, m)
        for k, cell in enumerate(cells, start=1):
            page = writer.pages[cell["page"] - 1]
            rect = to_user_space(cell["bbox"], page.mediabox, page.get("/Rotate", 0) or 0)
            role = cell["role"] if cell["role"] == "total" else ("part" if cell.get("printed") else "blank")
            _add(writer, page, _square(writer, rect, COLOURS[role], text, f"{f['finding_id']}-c{k}"))
        anchor = next((c for c in cells if c["role"] == "total"), cells[0])
        page = writer.pages[anchor["page"] - 1]
        x0, y0, x1, y1 = to_user_space(anchor["bbox"], page.mediabox, page.get("/Rotate", 0) or 0)
        _add(writer, page, _text_note((x1, y1, x1 + NOTE_SIZE, y1 + NOTE_SIZE), text, f["finding_id"]))
        marked += 1
    with open(out, "wb") as fh:
        writer.write(fh)
    return marked


def file_name(document: dict) -> str:
    """`<sha prefix>_<file stem>.pdf`, the stem reduced to letters, digits, CJK, `-` and `_`."""
    stem = re.sub(r"[^\w\-]+", "_", Path(document["file"]).stem).strip("_")[:80]
    return f"{document['doc_id'][:12]}_{stem or 'document'}.pdf"


def _add(writer: PdfWriter, page, annotation: DictionaryObject) -> None:
    ref = writer._add_object(annotation)  # noqa: SLF001 - pypdf's way to make an indirect object
    annotation[NameObject("/P")] = page.indirect_reference
    if "/Annots" not in page:
        page[NameObject("/Annots")] = ArrayObject()
    page["/Annots"].append(ref)


def _common(subtype: str, rect, colour, contents: str, name: str) -> DictionaryObject:
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject(subtype),
        NameObject("/Rect"): ArrayObject([FloatObject(round(v, 2)) for v in rect]),
        NameObject("/C"): ArrayObject([FloatObject(v) for v in colour]),
        NameObject("/Contents"): TextStringObject(contents), NameObject("/NM"): TextStringObject(name),
        NameObject("/T"): TextStringObject(AUTHOR), NameObject("/F"): NumberObject(4)})  # 4 = print


def _square(writer: PdfWriter, rect, colour, contents: str, name: str) -> DictionaryObject:
    annotation = _common("/Square", rect, colour, contents, name)
    annotation[NameObject("/BS")] = DictionaryObject({NameObject("/W"): FloatObject(1.5)})
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    stream = DecodedStreamObject()
    stream.set_data(f"{colour[0]} {colour[1]} {colour[2]} RG 1.5 w 0.75 0.75 {max(w - 1.5, 0):.2f} "
                    f"{max(h - 1.5, 0):.2f} re S".encode("ascii"))
    stream.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                   NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(w), FloatObject(h)])})
    annotation[NameObject("/AP")] = DictionaryObject({NameObject("/N"): writer._add_object(stream)})  # noqa: SLF001
    return annotation


def _text_note(rect, contents: str, name: str) -> DictionaryObject:
    annotation = _common("/Text", rect, COLOURS["total"], contents, name)
    annotation[NameObject("/Name")] = NameObject("/Comment")
    annotation[NameObject("/Open")] = BooleanObject(False)
    return annotation
