"""The checker on hand-built tables: interval arithmetic, hierarchy sums, column sums."""
from decimal import Decimal

from hypothesis import given, strategies as st

from parsers.numbers import parse_number
from pipeline.check import check_document
from pipeline.check.intervals import Interval
from pipeline.model import Amount, Cell, Column, Row, Table
from parsers import codes


def make_table(header, rows, kind="一般公共预算财政拨款支出决算表"):
    columns = tuple(Column(i, tuple(h.split("/"))) for i, h in enumerate(header))
    out = []
    for r, (code, name, *values) in enumerate(rows):
        amounts, cells = {}, []
        for i, text in enumerate(values, start=1):
            cell = Cell(text=text, page=3, bbox=(10.0 * i, 10.0 * r, 10.0 * i + 9, 10.0 * r + 9), row=r, col=i)
            cells.append(cell)
            if parse_number(text) is not None:
                amounts[i] = Amount(parse_number(text), cell)
        out.append(Row(index=r, page=3, code=code, name=name, level=codes.level(code), labels=(name,),
                       amounts=amounts, cells=(Cell(name, 3, (0, 0, 9, 9), r, 0), *cells)))
    return Table("t1", kind, "t", 3, 3, "万元", columns, tuple(out), amount_cols=tuple(range(1, len(header))))


HEADER = ["科目名称", "合计", "基本支出", "项目支出"]


def test_consistent_table_has_no_findings():
    t = make_table(HEADER, [
        (None, "合计", "337.02", "326.67", "10.35"),
        ("201", "一般公共服务支出", "263.88", "253.53", "10.35"),
        ("20133", "宣传事务", "263.88", "253.53", "10.35"),
        ("208", "社会保障和就业支出", "73.14", "73.14", ""),
    ])
    assert check_document([t]) == []


def test_seed_slip_in_project_column_is_an_error():
    # Seed 002 table 5 prints 项目支出 263.88 where 10.35 belongs.
    t = make_table(HEADER, [("201", "一般公共服务支出", "263.88", "253.53", "263.88")])
    [f] = check_document([t])
    assert f.rule == "column_sum" and f.severity == "error"
    assert f.actual == Decimal("263.88") and f.expected == Decimal("517.41")
    assert f.delta == Decimal("-253.53")
    assert "263.88" in f.message and f.page == 3
    assert {e["role"] for e in f.evidence} == {"total", "part"} and all(e["bbox"] for e in f.evidence)


def test_hierarchy_mismatch_found_and_rounding_tolerated():
    t = make_table(["科目名称", "合计"], [
        ("208", "社会保障和就业支出", "326.71"),   # parts add to 326.72: within 3 × 0.005
        ("20805", "行政事业单位养老支出", "326.72"),
        ("2080501", "行政单位离退休", "84.65"),
        ("2080505", "基本养老保险缴费", "160.75"),
        ("2080506", "职业年金缴费", "81.38"),    # 1.00 too much: a real slip
    ])
    findings = check_document([t])
    assert [f.rule for f in findings] == ["hierarchy_sum"]
    assert findings[0].actual == Decimal("326.72") and findings[0].expected == Decimal("326.78")


def test_blank_total_against_nonzero_parts_is_reported():
    t = make_table(HEADER, [("201", "一般公共服务支出", "", "5.00", ""),
                            ("205", "教育支出", "1.00", "1.00", "")])
    assert [(f.rule, f.actual, f.expected) for f in check_document([t])] == [("column_sum", 0, Decimal("5.00"))]


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=12))
def test_sum_of_rounded_parts_is_consistent_with_rounded_total(cents_milli):
    # Parts with 3 decimals rounded to 2; the rounded true total must always be accepted.
    parts = [Decimal(v).scaleb(-3) for v in cents_milli]
    rounded = [p.quantize(Decimal("0.01")) for p in parts]
    true_total = sum(parts).quantize(Decimal("0.01"))
    total_interval = Interval(true_total, Decimal("0.005"))
    computed = Interval(sum(rounded), Decimal("0.005") * len(rounded))
    assert total_interval.consistent_with(computed)


@given(st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=8), st.integers(min_value=1, max_value=10**6))
def test_an_error_larger_than_the_tolerance_is_never_accepted(parts, error_cents):
    values = [Decimal(v).scaleb(-2) for v in parts]
    radius = Decimal("0.005") * (len(values) + 1)
    wrong = sum(values) + Decimal(error_cents).scaleb(-2)
    consistent = Interval(wrong, Decimal("0.005")).consistent_with(Interval(sum(values), Decimal("0.005") * len(values)))
    assert consistent == (Decimal(error_cents).scaleb(-2) <= radius)
