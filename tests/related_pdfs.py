"""Small related disclosures for the cross-document tests: two years of one issuer's budget and
that issuer's final account, rendered with the samples' reportlab layer (real text and rulings).

Every figure is a parameter, so a test seeds exactly one inconsistency between two documents and
keeps everything inside each document consistent (no other rule fires).
"""
from __future__ import annotations

import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ISSUER = "测试市文化旅游局"


def _kit():
    sys.path.insert(0, str(SAMPLES))
    import pdfkit  # noqa: PLC0415 - the samples' renderer, importable only from samples/
    return pdfkit


def _document(kit, path: Path, title: str, issuer: str):
    """A PDF with a cover page naming `title` (what identification reads) and its first body page open."""
    doc = kit.Doc(str(path), title, issuer)
    doc.new_page("portrait", footer=False)
    doc.y -= 200
    doc.text(title, fs=22, al="c", dy=50)
    doc.new_page("portrait")
    return doc


def font() -> str:
    """The CJK font the renderer embeds (exits with a clear message when it is not installed)."""
    return _kit().find_font()


def _coded_table(doc, kit, title, columns, rows):
    """功能分类 table: 科目编码 | 科目名称 | one column per measure; rows are (code, name, values)."""
    doc.new_page("portrait")
    doc.text(title, fs=15, al="c", dy=30)
    doc.lr("部门：" + ISSUER, "单位：万元")
    header = [kit.Cell(0, 0, "科目编码"), kit.Cell(0, 1, "科目名称")] + [
        kit.Cell(0, 2 + i, c) for i, c in enumerate(columns)]
    body = [[code, name, *values] for code, name, values in rows]
    doc.table(header, 1, body, doc.colx([2, 5] + [2] * len(columns)), aligns=["l", "l"] + ["r"] * len(columns))


def _sangong_budget(doc, kit, values):
    doc.new_page("portrait")
    doc.text("“三公”经费支出表", fs=15, al="c", dy=30)
    doc.lr("部门：" + ISSUER, "单位：万元")
    names = ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"]
    header = [kit.Cell(0, i, n) for i, n in enumerate(names)]
    doc.table(header, 1, [list(values)], doc.colx([1] * 4), aligns=["r"] * 4)


def budget(path: Path, year: int, lines: dict, prior: dict | None, sangong: tuple[str, ...],
           total_change: str | None = None) -> Path:
    """A budget of `year`: an 一般公共预算支出表 with 本年预算数 (and 上年预算数 when `prior` is given)
    per code, a 三公 table, and a narrative stating the total and its change against last year."""
    kit = _kit()
    doc = _document(kit, path, f"{ISSUER}{year}年部门预算", ISSUER)
    doc.text(f"第一部分 {ISSUER}{year}年部门预算情况说明", fs=15, al="c", dy=30)
    total = lines["合计"]
    sentence = f"{ISSUER}{year}年一般公共预算支出预算总计{total}万元"
    if total_change:
        sentence += f"，与上年相比增加{total_change}万元"
    doc.text(sentence + "。", fs=11, indent=22, dy=20)
    doc.text(f"“三公”经费预算数为{sangong[0]}万元。", fs=11, indent=22, dy=20)
    columns = ["本年预算数"] + (["上年预算数"] if prior else [])
    rows = [("", "合计", [lines["合计"]] + ([prior["合计"]] if prior else []))]
    for code, name in (("207", "文化旅游体育与传媒支出"), ("20701", "文化和旅游"), ("2070101", "行政运行"),
                       ("2070102", "一般行政管理事务")):
        rows.append((code, name, [lines[code]] + ([prior[code]] if prior else [])))
    _coded_table(doc, kit, "一般公共预算支出表", columns, rows)
    _sangong_budget(doc, kit, sangong)
    doc.save()
    return path


def final_account(path: Path, year: int, actual_sangong: tuple[str, ...], budget_sangong: tuple[str, ...] | None = None,
                  stated_budget: str | None = None) -> Path:
    """A final account of `year` with its 三公 table (决算数, and 预算数 — the year's published budget —
    when `budget_sangong` is given) and a narrative stating the 三公 年初预算 when `stated_budget` is."""
    kit = _kit()
    doc = _document(kit, path, f"{ISSUER}{year}年度部门决算", ISSUER)
    if stated_budget:
        doc.text(f"第一部分 {ISSUER}{year}年度部门决算情况说明", fs=15, al="c", dy=30)
        doc.text(f"“三公”经费年初预算为{stated_budget}万元，支出决算为{actual_sangong[0]}万元。", fs=11, indent=22, dy=20)
    doc.text("财政拨款“三公”经费支出决算表", fs=15, al="c", dy=30)
    doc.lr("部门：" + ISSUER, "单位：万元")
    names = ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"]
    if budget_sangong:
        header = [kit.Cell(0, 0, "预算数", cs=4), kit.Cell(0, 4, "决算数", cs=4)] + [
            kit.Cell(1, i, n) for i, n in enumerate(names * 2)]
        doc.table(header, 2, [list(budget_sangong) + list(actual_sangong)], doc.colx([1] * 8), aligns=["r"] * 8)
    else:
        header = [kit.Cell(0, 0, "决算数", cs=4)] + [kit.Cell(1, i, n) for i, n in enumerate(names)]
        doc.table(header, 2, [list(actual_sangong)], doc.colx([1] * 4), aligns=["r"] * 4)
    doc.save()
    return path


def summary_budget(path: Path, issuer: str, year: int, total: str, units: list[str] | None = None) -> Path:
    """A department budget (when `units` lists its units) or a unit budget, with a 收支总表 whose
    收入总计 and 支出总计 are `total`."""
    kit = _kit()
    scope = "部门预算" if units else "单位预算"
    doc = _document(kit, path, f"{issuer}{year}年{scope}", issuer)
    if units:
        listed = "，".join(units)
        doc.text(f"纳入本部门{year}年部门预算编制范围的预算单位共计{len(units)}家，具体包括：{listed}。",
                 fs=11, indent=22, dy=20)
    doc.text("收支总表", fs=15, al="c", dy=30)
    doc.lr("部门：" + issuer, "单位：万元")
    header = [kit.Cell(0, 0, "项目"), kit.Cell(0, 1, "金额")]
    body = [["一般公共预算拨款收入", total], ["收入总计", total], ["一般公共服务支出", total], ["支出总计", total]]
    doc.table(header, 1, body, doc.colx([3, 2]), aligns=["l", "r"])
    doc.save()
    return path
