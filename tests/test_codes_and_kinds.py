import pytest

from parsers import codes
from parsers.kinds import classify_title, looks_like_title


@pytest.mark.parametrize("lei, kuan, xiang, code", [
    ("201", "06", "01", "2010601"), ("201", "06", "", "20106"), ("201", "", "", "201"),
    ("201", "20106", "", "20106"), ("", "", "2010601", "2010601"), ("2O1", "", "", None), ("201", "6", "", "20106"), ("201", "123", "", None),
])
def test_join_split_codes(lei, kuan, xiang, code):
    assert codes.join_split(lei, kuan, xiang) == code


def test_levels_and_parents():
    assert codes.level("201") == "类" and codes.level("20106") == "款" and codes.level("2010601") == "项"
    assert codes.parent("2010601") == "20106" and codes.parent("20106") == "201" and codes.parent("201") is None
    assert codes.clean_code("2019999-其他") == "2019999"
    assert codes.clean_code("合计") is None and codes.clean_code("2019") is None


@pytest.mark.parametrize("title, kind", [
    ("2022 年度收入支出决算总表（表 1）", "收入支出决算总表"),
    ("2022 年度财政拨款收入支出决算总表（表 4）", "财政拨款收入支出决算总表"),
    ("2022 年度一般公共预算财政拨款支出决算表（表 5）", "一般公共预算财政拨款支出决算表"),
    ("一般公共预算财政拨款基本支出决算明细表", "一般公共预算财政拨款基本支出决算表"),
    ("2022 年度财政拨款“三公”经费支出决算表（表 9）", "财政拨款三公经费支出决算表"),
    ("预算05表 一般公共预算支出表", "一般公共预算支出表"),
    ("部门收支总表", "收支总表"),
    ("2026年财政拨款收支总表", "财政拨款收支总表"),
    ("财政拨款预算“三公”经费支出表", "三公经费表"),
    ("项目支出绩效目标表", "绩效目标表"),
    ("部门公开表5", "other"),
])
def test_title_kinds(title, kind):
    assert classify_title(title) == kind


def test_title_lines():
    assert looks_like_title("2022 年度收入决算表（表 2）")
    assert not looks_like_title("注：本表反映部门本年度取得的各项收入情况。")
    assert not looks_like_title("单位：万元")


def test_an_ocr_title_with_the_year_first_names_its_issuer_and_family():
    from parsers.identify import identify
    info = identify(["2023年度长沙市公安局交通警察支队\n专项资金绩效评价结果\n为加强财政支出管理，提高财政资金使用效益"])
    assert (info.kind, info.issuer, info.year) == ("performance_selfeval", "长沙市公安局交通警察支队", 2023)


def test_a_unit_or_project_number_is_not_a_classification_code():
    from parsers.codes import clean_code
    assert [clean_code(t) for t in ("2010601", "301 02", "50502", "103")] == ["2010601", "30102", "50502", "103"]
    assert [clean_code(t) for t in ("12320", "123001", "999")] == [None, None, None]
