"""camelot as the second engine: its grid in the reader's shape, and the decision that lets it
replace a table only when its reading reconciles better."""
from __future__ import annotations

from dataclasses import replace

from parsers.grid import resolve_spans
from parsers.tables import build_tables
from pipeline.check import check_document
from pipeline.extract import camelot_engine, read_pdf
from pipeline.process import second_reading
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "budget_2020_jianghan_media.pdf"
PAGE = 12  # 一般公共预算支出表: 类/款/项 codes whose hierarchy the checker recomputes


def test_camelot_grid_reads_the_cells_pdfplumber_reads():
    doc = read_pdf(SAMPLE, pages=[PAGE])
    (plumber,) = doc.pages[0].grids
    (camelot,) = camelot_engine.read_page(SAMPLE, PAGE, doc.pages[0].height)
    assert camelot.engine == "camelot"
    assert abs(camelot.bbox[1] - plumber.bbox[1]) < 2  # top-left origin, like the reader
    assert resolve_spans(camelot.rows) == resolve_spans(plumber.rows)


def test_vector_rulings_read_the_cells_the_rendered_page_gives():
    # The cheap reading (rulings from the PDF's line objects, nothing rendered) against camelot's
    # rendered one, which adds the rulings it finds in the page image.
    doc = read_pdf(SAMPLE, pages=[PAGE])
    height = doc.pages[0].height
    (vector,) = camelot_engine._read(SAMPLE, {PAGE: height}, "vector")[PAGE]
    (rendered,) = camelot_engine._read(SAMPLE, {PAGE: height}, "combined")[PAGE]
    assert resolve_spans(vector.rows) == resolve_spans(rendered.rows)


def test_every_page_asked_about_is_answered_once():
    # Page 1 (the cover) has no table: the vector rulings give none, the rendered page none either.
    doc = read_pdf(SAMPLE, pages=[1, PAGE])
    found = camelot_engine.read_pages(SAMPLE, {p.number: p.height for p in doc.pages})
    assert sorted(found) == [1, PAGE]
    assert found[1] == [] and len(found[PAGE]) == 1


def _blank_first_amount_of_a_kuan_row(doc):
    """The document with one 款 amount cell emptied, as a misread by the primary engine."""
    table = next(t for t in build_tables(doc, "budget") if t.page_first == PAGE)
    row = next(r for r in table.rows if r.code and len(r.code) == 5 and r.amounts)
    target = row.amounts[min(row.amounts)].cell
    pages = []
    for page in doc.pages:
        grids = tuple(replace(g, rows=tuple(tuple(replace(c, text="") if c == target else c for c in r) for r in g.rows))
                      for g in page.grids)
        pages.append(replace(page, grids=grids))
    return replace(doc, pages=tuple(pages))


def test_a_table_that_fails_its_identities_is_replaced_by_camelots_reconciling_reading():
    doc = _blank_first_amount_of_a_kuan_row(read_pdf(SAMPLE))
    tables = build_tables(doc, "budget")
    assert check_document(tables), "the damaged reading should fail an identity"
    chosen = second_reading(doc, tables, "budget")
    fixed = next(t for t in chosen if t.page_first == PAGE)
    assert fixed.engine == "camelot"
    assert not check_document([fixed])
    assert [t.table_id for t in chosen] == [t.table_id for t in tables]
    # Tables that reconciled are left as pdfplumber read them.
    assert {t.engine for t in chosen if t.page_first != PAGE} == {"pdfplumber"}


def test_a_slip_printed_in_the_document_is_not_read_away():
    # The seed's 项目支出 column repeats 小计 (a real slip): camelot reads the same numbers, so the
    # pdfplumber reading and its findings stay.
    doc = read_pdf(SAMPLES / "final_account_2022_qiaokou_media.pdf")
    tables = build_tables(doc, "final_account")
    before = check_document(tables)
    assert before
    chosen = second_reading(doc, tables, "final_account")
    assert len(check_document(chosen)) == len(before)


def test_when_the_one_call_fails_pages_are_read_one_by_one(monkeypatch):
    from pipeline.process import _camelot_pages
    doc = read_pdf(SAMPLE, pages=[1, PAGE])
    read = camelot_engine._read

    def one_page_at_a_time(path, heights, engine):
        if len(heights) > 1:
            raise RuntimeError("camelot tripped on one of the pages")
        if 1 in heights:
            raise RuntimeError("camelot cannot read page 1")
        return read(path, heights, engine)

    monkeypatch.setattr(camelot_engine, "_read", one_page_at_a_time)
    found = _camelot_pages(str(SAMPLE), {p.number: p.height for p in doc.pages})
    assert sorted(found) == [PAGE] and len(found[PAGE]) == 1  # page 1 is left out, page 12 still read
