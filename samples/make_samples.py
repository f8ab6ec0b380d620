#!/usr/bin/env python3
"""Render realistic sample disclosure PDFs from the REAL figures of the seed texts
(shared/seeds/001-004), plus samples/expected.json with the expected extraction answers.

    python samples/make_samples.py        # writes next to this file; deterministic bytes

Figures are transcribed by hand into the data structures below (tables) and into
qiaokou_2022_text.py / jianghan_2020_text.py (narratives).  Slips are kept as printed;
expected.json lists them (recomputed here with exact decimals, see check_* functions)."""
import json
import os
import re
import sys
from decimal import Decimal as D

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep samples/ free of __pycache__
sys.path.insert(0, HERE)

from pdfkit import Cell as C, Doc  # noqa: E402
import qiaokou_2022_text as T002  # noqa: E402
import jianghan_2020_text as T003  # noqa: E402

NUM = re.compile(r"^-?\d[\d,]*(\.\d+)?$")


def dec(s):
    return D(str(s).replace(",", "").replace("¥", "").replace("%", ""))


def half_ulp(s):
    s = str(s)
    d = len(s.split(".")[1]) if "." in s else 0
    return D(1).scaleb(-d) / 2


# ----------------------------------------------------------------------------------------
# expected.json recorder
# ----------------------------------------------------------------------------------------
class Rec:
    def __init__(self, file, kind, issuer, year, unit):
        self.d = {"file": file, "kind": kind, "issuer": issuer, "year": year, "unit": unit,
                  "pages": None, "rotated_pages": [], "tables": [], "amounts": [], "errors": []}
        self.cells = []      # every printed amount cell: dicts like amounts entries + 'prio'
        self.tables = {}     # kind -> table data (for checks)

    def table(self, kind, title, pages, empty=False, **extra):
        t = {"kind": kind, "title": title, "pages": pages, "empty": empty}
        t.update(extra)
        self.d["tables"].append(t)

    def pick_amounts(self, per_table):
        """Choose a spread of amounts: per table the highest-priority cells first
        (totals, then 类/款/项 rows), then evenly spaced others."""
        out = []
        by = {}
        for cl in self.cells:
            by.setdefault(cl["table_kind"], []).append(cl)
        for tk, cells in by.items():
            n = per_table.get(tk, 4)
            pri = [c for c in cells if c.get("prio")]
            rest = [c for c in cells if not c.get("prio")]
            chosen = pri[:n]
            k = n - len(chosen)
            if k > 0 and rest:
                step = max(1, len(rest) // k)
                chosen += rest[::step][:k]
            out += chosen
        out.sort(key=lambda c: (c["page"], self.cells.index(c)))
        for c in out:
            c.pop("prio", None)
        self.d["amounts"] = out

    def err(self, **e):
        self.d["errors"].append(e)


def level_of(code):
    return {3: "类", 5: "款", 7: "项"}.get(len(code or ""), None)


def draw_data_table(doc, rec, *, kind, title, suffix, section, unit_left, unit_right, header, nh,
                    rows, weights, aligns, value_cols, notes=(), after=(), orient="landscape",
                    fs=8, minh=15, hfixed=None, prio_rows=(), codes_col=None, label_col=None,
                    empty=False, new_page=True, rec_title=None):
    """value_cols: {col: (leaf header, label col, code col or None, group or None)}"""
    if new_page:
        doc.new_page(orient)
    if section:
        doc.text(section, fs=12.5, dy=22)
    doc.text(title + suffix, fs=15, al="c", dy=28)
    doc.lr(unit_left, unit_right)
    doc.y -= 4
    colx = doc.colx(weights)
    placed = {}
    pages = doc.table(header, nh, rows, colx, fs=fs, minh=minh, hfixed=hfixed, aligns=aligns,
                      on_row=lambda i, p: placed.__setitem__(i, p))
    doc.y -= 4
    for n in notes:
        doc.text(n, fs=8.5, dy=13)
    for a in after:
        doc.y -= 4
        doc.text(a, fs=10.5, dy=18, indent=0)
    # record printed amount cells
    for i, row in enumerate(rows):
        for col, (leaf, lab, codec, group) in value_cols.items():
            v = row[col]
            if v in ("", "<<") or not NUM.match(v.replace("¥", "")):
                continue
            label = row[lab]
            code = row[codec] if codec is not None and row[codec] and row[codec] != "<<" else None
            if code == "合计" or label == "<<":
                code, label = None, "合计"
            m = re.match(r"^(\d{3,7}) (.+)$", label)
            if m and code is None:
                code, label = m.group(1), m.group(2)
            cell = {"page": placed[i], "table_kind": kind, "code": code, "row": label,
                    "column": leaf, "value": float(dec(v)), "printed": v, "unit": "万元"}
            if group:
                cell["column_group"] = group
            if i in prio_rows or (code and len(code) in (3, 5, 7) and i in prio_rows):
                cell["prio"] = True
            rec.cells.append(cell)
    rec.table(kind, rec_title or title, pages, empty=empty)
    rec.tables[kind] = {"rows": rows, "placed": placed, "value_cols": value_cols}
    return pages


# ----------------------------------------------------------------------------------------
# generic arithmetic checks (exact decimals, XBRL-style rounding intervals)
# ----------------------------------------------------------------------------------------
def consistent(total, parts):
    """total/parts are printed strings ('' = blank = exact 0)."""
    if total == "" and all(p == "" for p in parts):
        return True, D(0)
    t = dec(total) if total else D(0)
    s = sum((dec(p) for p in parts if p), D(0))
    tol = (half_ulp(total) if total else 0) + sum((half_ulp(p) for p in parts if p), D(0))
    return abs(t - s) <= tol, s


def check_columns(rec, kind, code_col, name_col, total_col, part_cols, tot_name, part_name,
                  fix_col, fix_name):
    t = rec.tables[kind]
    for i, row in enumerate(t["rows"]):
        ok, s = consistent(row[total_col], [row[c] for c in part_cols])
        if ok:
            continue
        code = row[code_col] or None
        others = [c for c in part_cols if c != fix_col]
        expect = (dec(row[total_col]) if row[total_col] else D(0)) - \
            sum((dec(row[c]) for c in others if row[c]), D(0))
        rec.err(page=t["placed"][i], table_kind=kind, rule="column_sum", code=code,
                row=row[name_col] if code else row[code_col],
                column=fix_name, printed=float(dec(row[fix_col])) if row[fix_col] else None,
                printed_text=row[fix_col], expected=float(expect),
                description="%s %s: %s %s ≠ %s %s + %s %s (sum %s); %s should be %s" % (
                    code or row[code_col], row[name_col], tot_name, row[total_col] or "(blank)",
                    part_name[0], row[part_cols[0]] or "(blank)", part_name[1],
                    row[part_cols[1]] or "(blank)", s, fix_name, expect))


def check_hierarchy(rec, kind, code_col, name_col, cols):
    """cols: {col: leaf name}.  Parent of 7-digit = first 5, of 5-digit = first 3, of
    3-digit = the 合计 row (code cell '合计')."""
    t = rec.tables[kind]
    rows = t["rows"]
    idx = {}
    total_i = None
    for i, r in enumerate(rows):
        if r[code_col] == "合计":
            total_i = i
        elif re.match(r"^\d{3,7}$", r[code_col] or ""):
            idx[r[code_col]] = i
    children = {}
    for code, i in idx.items():
        parent = code[:5] if len(code) == 7 else code[:3] if len(code) == 5 else "合计"
        children.setdefault(parent, []).append(i)
    for parent, kids in children.items():
        pi = total_i if parent == "合计" else idx.get(parent)
        if pi is None:
            continue
        for col, leaf in cols.items():
            ok, s = consistent(rows[pi][col], [rows[k][col] for k in kids])
            if ok:
                continue
            kid_codes = [rows[k][code_col] for k in kids]
            rec.err(page=t["placed"][pi], table_kind=kind, rule="hierarchy_sum",
                    code=None if parent == "合计" else parent,
                    row=rows[pi][name_col] if parent != "合计" else "合计", column=leaf,
                    printed=float(dec(rows[pi][col])) if rows[pi][col] else 0.0,
                    printed_text=rows[pi][col], expected=float(s),
                    description="%s %s printed %s but the sum of its children %s is %s" % (
                        parent, leaf, rows[pi][col] or "(blank)", "+".join(kid_codes), s))


def find_page(doc, phrase):
    for p in sorted(doc.page_text):
        if phrase in doc.page_text[p].replace(" ", "") or phrase in doc.page_text[p]:
            return p
    raise SystemExit("phrase not found in rendered text: %r" % phrase)


# ----------------------------------------------------------------------------------------
# Seed 002: 武汉市硚口区融媒体中心 2022 年度部门决算
# ----------------------------------------------------------------------------------------
CN = "一二三四五六七八九十"


def cn_num(n):
    if n <= 10:
        return CN[n - 1]
    if n < 20:
        return "十" + (CN[n - 11] if n > 10 else "")
    return CN[n // 10 - 1] + "十" + (CN[n % 10 - 1] if n % 10 else "")


FUNC26 = ["一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
          "文化旅游体育与传媒支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出",
          "城乡社区支出", "农林水支出", "交通运输支出", "资源勘探工业信息等支出",
          "商业服务业等支出", "金融支出", "援助其他地区支出", "自然资源海洋气象等支出",
          "住房保障支出", "粮油物资储备支出", "国有资本经营预算支出", "灾害防治及应急管理支出",
          "其他支出", "债务还本支出", "债务付息支出", "抗疫特别国债安排的支出"]

# code, name, [本年收入合计 / 财政拨款收入] (表2), 表3 [合计, 基本, 项目], 表5 as printed [小计, 基本, 项目]
F002 = [
    ("201", "一般公共服务支出", "263.88", ("263.88", "253.53", "10.35"), ("263.88", "253.53", "263.88")),
    ("20133", "宣传事务", "263.88", ("263.88", "253.53", "10.35"), ("263.88", "253.53", "263.88")),
    ("2013302", "一般行政管理事务", "10.35", ("10.35", "", "10.35"), ("10.35", "", "10.35")),
    ("2013350", "事业运行", "253.53", ("253.53", "253.53", ""), ("253.53", "253.53", "253.53")),
    ("208", "社会保障和就业支出", "16.27", ("16.27", "16.27", ""), ("16.27", "16.27", "16.27")),
    ("20805", "行政事业单位养老支出", "16.27", ("16.27", "16.27", ""), ("16.27", "16.27", "16.27")),
    ("2080502", "事业单位离退休", "0.01", ("0.01", "0.01", ""), ("0.01", "0.01", "0.00")),
    ("2080505", "机关事业单位基本养老保险缴费支出", "16.26", ("16.26", "16.26", ""), ("16.26", "16.26", "")),
    ("210", "卫生健康支出", "30.34", ("30.34", "30.34", ""), ("30.34", "30.34", "")),
    ("21011", "行政事业单位医疗", "30.34", ("30.34", "30.34", ""), ("30.34", "30.34", "")),
    ("2101102", "事业单位医疗", "9.05", ("9.05", "9.05", ""), ("9.05", "9.05", "")),
    ("2101103", "公务员医疗补助", "20.56", ("20.56", "20.56", ""), ("20.56", "20.56", "")),
    ("2101199", "其他行政事业单位医疗支出", "0.73", ("0.73", "0.73", ""), ("0.73", "0.73", "")),
    ("221", "住房保障支出", "26.53", ("26.53", "26.53", ""), ("26.53", "26.53", "")),
    ("22102", "住房改革支出", "26.53", ("26.53", "26.53", ""), ("26.53", "26.53", "")),
    ("2210201", "住房公积金", "21.96", ("21.96", "21.96", ""), ("21.96", "21.96", "")),
    ("2210202", "提租补贴", "4.57", ("4.57", "4.57", ""), ("4.57", "4.57", "")),
]

# 表6: (人员 code, name, amt, 公用 code, name, amt, 资本 code, name, amt)
T6 = [
    ("301", "工资福利支出", "263.34", "302", "商品和服务支出", "26.68", "310", "资本性支出", ""),
    ("30101", "基本工资", "42.54", "30201", "办公费", "1.99", "31002", "办公设备购置", ""),
    ("30102", "津贴补贴", "9.46", "30202", "印刷费", "0.20", "31003", "专用设备购置", ""),
    ("30103", "奖金", "", "30203", "咨询费", "5.00", "31007", "信息网络及软件购置更新", ""),
    ("30106", "伙食补助费", "", "30204", "手续费", "", "31013", "公务用车购置", ""),
    ("30107", "绩效工资", "145.46", "30205", "水费", "", "31019", "其他交通工具购置", ""),
    ("30108", "机关事业单位基本养老保险缴费", "16.26", "30206", "电费", "1.61", "31021", "文物和陈列品购置", "0.00"),
    ("30109", "职业年金缴费", "2.23", "30207", "邮电费", "1.19", "31022", "无形资产购置", "0.00"),
    ("30110", "职工基本医疗保险缴费", "9.05", "30208", "取暖费", "", "31099", "其他资本性支出", "0.00"),
    ("30111", "公务员医疗补助缴费", "14.64", "30209", "物业管理费", "", "", "", ""),
    ("30112", "其他社会保障缴费", "1.63", "30211", "差旅费", "0.05", "", "", ""),
    ("30113", "住房公积金", "21.96", "30212", "因公出国（境）费用", "", "", "", ""),
    ("30114", "医疗费", "", "30213", "维修（护）费", "0.29", "", "", ""),
    ("30199", "其他工资福利支出", "0.11", "30214", "租赁费", "", "", "", ""),
    ("303", "对个人和家庭的补助", "36.65", "30215", "会议费", "", "", "", ""),
    ("30301", "离休费", "", "30216", "培训费", "", "", "", ""),
    ("30302", "退休费", "30.72", "30217", "公务接待费", "", "", "", ""),
    ("30303", "退职（役）费", "", "30218", "专用材料费", "", "", "", ""),
    ("30304", "抚恤金", "", "30224", "被装购置费", "", "", "", ""),
    ("30305", "生活补助", "", "30225", "专用燃料费", "", "", "", ""),
    ("30306", "救济费", "", "30226", "劳务费", "3.35", "", "", ""),
    ("30307", "医疗费补助", "5.92", "30227", "委托业务费", "0.27", "", "", ""),
    ("30308", "助学金", "", "30228", "工会经费", "0.87", "", "", ""),
    ("30309", "奖励金", "", "30229", "福利费", "3.56", "", "", ""),
    ("30310", "个人农业生产补贴", "", "30231", "公务用车运行维护费", "0.93", "", "", ""),
    ("30311", "代缴社会保险费", "", "30239", "其他交通费用", "", "", "", ""),
    ("30399", "其他对个人和家庭的补助", "0.01", "30240", "税金及附加费用", "", "", "", ""),
    ("", "", "", "30299", "其他商品和服务支出", "7.37", "", "", ""),
]

ISSUER002 = "武汉市硚口区融媒体中心"


def build_002():
    fn = "final_account_2022_qiaokou_media.pdf"
    doc = Doc(os.path.join(HERE, fn), "武汉市硚口区融媒体中心2022年度部门决算", ISSUER002)
    rec = Rec(fn, "final_account", ISSUER002, 2022, "万元")
    dept = "部门：" + ISSUER002
    unit = "单位：万元"

    # cover (no folio) --------------------------------------------------------------
    doc.new_page("portrait", footer=False)
    doc.y -= 180
    doc.text("武汉市硚口区融媒体中心", fs=24, al="c", dy=50)
    doc.text("2022 年度部门决算", fs=24, al="c", dy=50)
    doc.y -= 260
    doc.text("武汉市硚口区融媒体中心", fs=14, al="c", dy=26)
    doc.text("二〇二三年九月", fs=14, al="c", dy=26)

    # 目录 -----------------------------------------------------------------------------
    doc.new_page("portrait")
    doc.text("目  录", fs=18, al="c", dy=40)
    for t in ["第一部分 武汉市硚口区融媒体中心概况", "一、部门主要职责", "二、机构设置情况",
              "第二部分 武汉市硚口区融媒体中心 2022 年度部门决算表",
              "一、收入支出决算总表", "二、收入决算表", "三、支出决算表", "四、财政拨款收入支出决算总表",
              "五、一般公共预算财政拨款支出决算表", "六、一般公共预算财政拨款基本支出决算明细表",
              "七、政府性基金预算财政拨款收入支出决算表", "八、国有资本经营预算财政拨款支出决算表",
              "九、财政拨款“三公”经费支出决算表",
              "第三部分 武汉市硚口区融媒体中心 2022 年度部门决算情况说明",
              "第四部分 2022 年重点工作完成情况", "第五部分 名词解释"]:
        doc.text(t, fs=12 if t.startswith("第") else 11, dy=22, indent=0 if t.startswith("第") else 24)

    # Part 1 ----------------------------------------------------------------------------
    doc.new_page("portrait")
    doc.flow(T002.PART1)

    # Part 2: tables --------------------------------------------------------------------
    doc.new_page("portrait")
    doc.y -= 200
    doc.text("第二部分 武汉市硚口区融媒体中心", fs=20, al="c", dy=40)
    doc.text("2022 年度部门决算表", fs=20, al="c", dy=40)

    # 表1 收入支出决算总表
    left = ["一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入", "三、国有资本经营预算财政拨款收入",
            "四、上级补助收入", "五、事业收入", "六、经营收入", "七、附属单位上缴收入", "八、其他收入"]
    lv = {1: "337.02", 2: "0.00", 3: "0.00"}
    rv = {32: "263.88", 39: "16.27", 40: "30.34", 50: "26.53"}
    rows = []
    for i in range(26):
        n = i + 1
        rows.append([left[i] if i < 8 else "", str(n), lv.get(n, ""),
                     "%s、%s" % (cn_num(i + 1), FUNC26[i]), str(32 + i), rv.get(32 + i, "")])
    rows += [["本年收入合计", "27", "337.02", "本年支出合计", "58", "337.02"],
             ["使用非财政拨款结余", "28", "", "结余分配", "59", ""],
             ["年初结转和结余", "29", "", "年末结转和结余", "60", ""],
             ["", "30", "", "", "61", ""],
             ["总计", "31", "337.02", "总计", "62", "337.02"]]
    hdr = [C(0, 0, "收入", cs=3), C(0, 3, "支出", cs=3),
           C(1, 0, "项目"), C(1, 1, "行\n次", rs=2), C(1, 2, "决算数"),
           C(1, 3, "项目"), C(1, 4, "行\n次", rs=2), C(1, 5, "决算数"),
           C(2, 0, "栏次"), C(2, 2, "1"), C(2, 3, "栏次"), C(2, 5, "2")]
    draw_data_table(doc, rec, kind="收入支出决算总表", title="2022 年度收入支出决算总表", suffix="（表 1）",
                    section="一、收入支出决算总表", unit_left=dept, unit_right=unit, header=hdr, nh=3,
                    rows=rows, weights=[3.2, 0.55, 1.3, 3.2, 0.55, 1.3],
                    aligns=["l", "c", "r", "l", "c", "r"], fs=7.2, minh=11.2,
                    value_cols={2: ("决算数", 0, None, "收入"), 5: ("决算数", 3, None, "支出")},
                    prio_rows={0, 26, 30},
                    notes=["注：1.本表反映部门本年度的总收支和年末结转结余情况。",
                           "2.本套报表金额单位转换时可能存在尾数误差。",
                           "27 行＝（1＋2＋3＋4＋5＋6+7+8）行；31 行＝（27＋28＋29）行；"
                           "58 行＝（32＋33＋…＋57）行； 62 行＝（58＋59＋60）行。"])

    # 表2 收入决算表
    hdr2 = [C(0, 0, "项目", cs=2),
            C(0, 2, "本年收入\n合计", rs=3), C(0, 3, "财政拨款\n收入", rs=3), C(0, 4, "上级补助\n收入", rs=3),
            C(0, 5, "事业收入", rs=3), C(0, 6, "经营收入", rs=3), C(0, 7, "附属单位\n上缴收入", rs=3),
            C(0, 8, "其他收入", rs=3),
            C(1, 0, "功能分类\n科目编码"), C(1, 1, "科目名称", rs=2), C(2, 0, "类  款  项"),
            C(3, 0, "栏次", cs=2)] + [C(3, 2 + k, str(k + 1)) for k in range(7)]
    rows2 = [["合计", "<<", "337.02", "337.02", "", "", "", "", ""]]
    for code, name, inc, _t3, _t5 in F002:
        rows2.append([code, name, inc, inc, "", "", "", "", ""])
    draw_data_table(doc, rec, kind="收入决算表", title="2022 年度收入决算表", suffix="（表 2）",
                    section="二、收入决算表", unit_left=dept, unit_right=unit, header=hdr2, nh=4,
                    rows=rows2, weights=[1.1, 3.4, 1.1, 1.1, 1.0, 1.0, 1.0, 1.0, 1.0],
                    aligns=["l", "l"] + ["r"] * 7, hfixed=[16, 26, 16, 15],
                    value_cols={2: ("本年收入合计", 1, 0, None), 3: ("财政拨款收入", 1, 0, None)},
                    prio_rows={0, 1, 2, 4, 12},
                    notes=["注：本表反映部门本年度取得的各项收入情况。", "1 栏各行＝（2＋3＋4＋5＋6＋7）栏各行。"])

    # 表3 支出决算表
    hdr3 = [C(0, 0, "项目", cs=2),
            C(0, 2, "本年支出\n合计", rs=3), C(0, 3, "基本支出", rs=3), C(0, 4, "项目支出", rs=3),
            C(0, 5, "上缴上级\n支出", rs=3), C(0, 6, "经营支出", rs=3), C(0, 7, "对附属单位\n补助支出", rs=3),
            C(1, 0, "功能分类\n科目编码"), C(1, 1, "科目名称", rs=2), C(2, 0, "类  款  项"),
            C(3, 0, "栏次", cs=2)] + [C(3, 2 + k, str(k + 1)) for k in range(6)]
    rows3 = [["合计", "<<", "337.02", "326.67", "10.35", "", "", ""]]
    for code, name, _inc, t3, _t5 in F002:
        rows3.append([code, name, t3[0], t3[1], t3[2], "", "", ""])
    draw_data_table(doc, rec, kind="支出决算表", title="2022 年度支出决算表", suffix="（表 3）",
                    section="三、支出决算表", unit_left=dept, unit_right=unit, header=hdr3, nh=4,
                    rows=rows3, weights=[1.1, 3.4, 1.1, 1.1, 1.1, 1.0, 1.0, 1.1],
                    aligns=["l", "l"] + ["r"] * 6, hfixed=[16, 26, 16, 15],
                    value_cols={2: ("本年支出合计", 1, 0, None), 3: ("基本支出", 1, 0, None),
                                4: ("项目支出", 1, 0, None)},
                    prio_rows={0, 3, 6},
                    notes=["注：本表反映部门本年度各项支出情况。", "1 栏各行＝（2＋3＋4＋5＋6）栏各行。"])

    # 表4 财政拨款收入支出决算总表
    l4 = {1: "一、一般公共预算财政拨款", 2: "二、政府性基金预算财政拨款", 3: "三、国有资本经营预算财政拨款",
          27: "本年收入合计", 28: "年初财政拨款结转和结余", 29: "一般公共预算财政拨款",
          30: "政府性基金预算财政拨款", 31: "国有资本经营预算财政拨款", 32: "总计"}
    lv4 = {1: "337.02", 2: "0.00", 3: "0.00", 27: "337.02", 32: "337.02"}
    r4lab = {59: "本年支出合计", 60: "年末财政拨款结转和结余", 64: "总计"}
    rv4 = {33: "263.88", 40: "16.27", 41: "30.34", 51: "26.53", 59: "337.02", 64: "337.02"}
    rows4 = []
    for i in range(32):
        n, m = i + 1, 33 + i
        rl = "%s、%s" % (cn_num(i + 1), FUNC26[i]) if i < 26 else r4lab.get(m, "")
        v = rv4.get(m, "")
        rows4.append([l4.get(n, ""), str(n), lv4.get(n, ""), rl, str(m), v, v, "", ""])
    hdr4 = [C(0, 0, "收  入", cs=3), C(0, 3, "支  出", cs=6),
            C(1, 0, "项目", rs=2), C(1, 1, "行\n次", rs=2), C(1, 2, "决算数", rs=2),
            C(1, 3, "项目", rs=2), C(1, 4, "行\n次", rs=2), C(1, 5, "决算数", cs=4),
            C(2, 5, "小计"), C(2, 6, "一般公共预算\n财政拨款"), C(2, 7, "政府性基金预算\n财政拨款"),
            C(2, 8, "国有资本经营\n预算财政拨款"),
            C(3, 0, "栏次"), C(3, 2, "1"), C(3, 3, "栏次"), C(3, 5, "2"), C(3, 6, "3"), C(3, 7, "4"),
            C(3, 8, "5")]
    draw_data_table(doc, rec, kind="财政拨款收入支出决算总表", title="2022 年度财政拨款收入支出决算总表",
                    suffix="（表 4）", section="四、财政拨款收入支出决算总表", unit_left=dept,
                    unit_right=unit, header=hdr4, nh=4, rows=rows4,
                    weights=[2.5, 0.45, 1.0, 2.9, 0.45, 1.0, 1.15, 1.15, 1.15],
                    aligns=["l", "c", "r", "l", "c", "r", "r", "r", "r"], fs=7, minh=10.6,
                    hfixed=[12, 12, 20, 11],
                    value_cols={2: ("决算数", 0, None, "收入"), 5: ("小计", 3, None, "支出/决算数"),
                                6: ("一般公共预算财政拨款", 3, None, "支出/决算数")},
                    prio_rows={0, 26, 31},
                    notes=["注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款"
                           "的总收支和年末结转结余情况。",
                           "28 行＝（1＋2+3）行；28 行＝（29＋30+31）行；32 行＝（27＋28）行；"
                           "59 行＝（33＋34＋…＋58）行；64 行＝（59＋60）行。"])

    # 表5 一般公共预算财政拨款支出决算表 -- on a portrait page with /Rotate 90
    hdr5 = [C(0, 0, "项目", cs=2), C(0, 2, "本年支出", cs=3),
            C(1, 0, "功能分类\n科目编码"), C(1, 1, "科目名称", rs=2), C(1, 2, "小计", rs=2),
            C(1, 3, "基本支出", rs=2), C(1, 4, "项目支出", rs=2), C(2, 0, "类  款  项"),
            C(3, 0, "栏次", cs=2), C(3, 2, "1"), C(3, 3, "2"), C(3, 4, "3")]
    rows5 = [["合计", "<<", "337.02", "326.67", "10.35"]]
    for code, name, _inc, _t3, t5 in F002:
        rows5.append([code, name, t5[0], t5[1], t5[2]])
    p5 = draw_data_table(doc, rec, kind="一般公共预算财政拨款支出决算表",
                         title="2022 年度一般公共预算财政拨款支出决算表", suffix="（表 5）",
                         section="五、一般公共预算财政拨款支出决算表", unit_left=dept, unit_right=unit,
                         header=hdr5, nh=4, rows=rows5, weights=[1.2, 3.6, 1.3, 1.3, 1.3],
                         aligns=["l", "l", "r", "r", "r"], orient="rotated", minh=16,
                         value_cols={2: ("小计", 1, 0, "本年支出"), 3: ("基本支出", 1, 0, "本年支出"),
                                     4: ("项目支出", 1, 0, "本年支出")},
                         prio_rows={0, 1, 2, 4, 7},
                         notes=["注：本表反映部门本年度一般公共预算财政拨款支出情况。", "1 栏各行＝（2＋3）栏各行。"])

    # 表6 基本支出决算明细表: three column groups, continues over two pages (header repeated)
    hdr6 = [C(0, 0, "人员经费", cs=3), C(0, 3, "公用经费", cs=6)]
    for g in range(3):
        hdr6 += [C(1, 3 * g, "经济分类\n科目编码"), C(1, 3 * g + 1, "科目名称"), C(1, 3 * g + 2, "决算数")]
    rows6 = [list(r) for r in T6] + [["人员经费合计", "<<", "299.99", "公用经费合计", "<<", "<<", "<<", "<<", "26.68"]]
    draw_data_table(doc, rec, kind="一般公共预算财政拨款基本支出决算表",
                    title="2022 年度一般公共预算财政拨款基本支出决算明细表", suffix="（表 6）",
                    section="六、一般公共预算财政拨款基本支出决算明细表", unit_left=dept, unit_right=unit,
                    header=hdr6, nh=2, rows=rows6, weights=[0.95, 2.1, 0.95, 0.95, 2.1, 0.95, 0.95, 2.1, 0.95],
                    aligns=["c", "l", "r"] * 3, fs=9, minh=19, hfixed=[18, 30],
                    value_cols={2: ("决算数", 1, 0, "人员经费"), 5: ("决算数", 4, 3, "公用经费"),
                                8: ("决算数", 7, 6, "公用经费")},
                    prio_rows={0, 1, 14, 28},
                    notes=["注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"])
    # the 人员经费合计/公用经费合计 labels sit in merged cells: fix their labels for amounts
    for cl in rec.cells:
        if cl["table_kind"] == "一般公共预算财政拨款基本支出决算表" and cl["printed"] in ("299.99", "26.68") \
                and cl["row"] in ("", "公用经费合计", "人员经费合计", "<<"):
            cl["row"] = "人员经费合计" if cl["printed"] == "299.99" else "公用经费合计"
            cl["code"] = None

    # 表7 / 表8: empty tables
    hdr7 = [C(0, 0, "项目", cs=2), C(0, 2, "年初结转\n和结余", rs=2), C(0, 3, "本年收入", rs=2),
            C(0, 4, "本年支出", cs=3), C(0, 7, "年末结转\n和结余", rs=2),
            C(1, 0, "功能分类\n科目编码"), C(1, 1, "科目名称"), C(1, 4, "小计"), C(1, 5, "基本支出"),
            C(1, 6, "项目支出"), C(2, 0, "类  款  项"), C(2, 1, "栏次")] + \
        [C(2, 2 + k, str(k + 1)) for k in range(6)]
    rows7 = [["合计", "<<", "", "", "", "", "", ""]] + [[""] * 8 for _ in range(3)]
    draw_data_table(doc, rec, kind="政府性基金预算财政拨款收入支出决算表",
                    title="2022 年度政府性基金预算财政拨款收入支出决算表", suffix="（表 7）",
                    section="七、政府性基金预算财政拨款收入支出决算表", unit_left=dept, unit_right=unit,
                    header=hdr7, nh=3, rows=rows7, weights=[1.2, 3.0, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1],
                    aligns=["l", "l"] + ["r"] * 6, minh=18, value_cols={}, empty=True,
                    notes=["注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
                           "6 栏各行＝（1＋2－3）栏各行；3 栏各行＝（4＋5）栏各行。"],
                    after=["本单位当年无政府性基金预算财政拨款收入支出，本表无数据。"])
    hdr8 = [C(0, 0, "项目", cs=2), C(0, 2, "本年支出", cs=3),
            C(1, 0, "功能分类\n科目编码"), C(1, 1, "科目名称", rs=2), C(1, 2, "合计", rs=2),
            C(1, 3, "基本支出", rs=2), C(1, 4, "项目支出", rs=2), C(2, 0, "类  款  项"),
            C(3, 0, "栏次", cs=2), C(3, 2, "1"), C(3, 3, "2"), C(3, 4, "3")]
    rows8 = [["合计", "<<", "", "", ""]] + [[""] * 5 for _ in range(3)]
    draw_data_table(doc, rec, kind="国有资本经营预算财政拨款支出决算表",
                    title="2022 年度国有资本经营预算财政拨款支出决算表", suffix="（表 8）",
                    section="八、国有资本经营预算财政拨款支出决算表", unit_left=dept, unit_right=unit,
                    header=hdr8, nh=4, rows=rows8, weights=[1.2, 3.6, 1.3, 1.3, 1.3],
                    aligns=["l", "l", "r", "r", "r"], minh=18, value_cols={}, empty=True,
                    notes=["注：本表反映部门本年度国有资本经营预算财政拨款支出情况。", "29 栏各行＝（2＋3）栏各行。"],
                    after=["本单位当年无国有资本经营预算财政拨款支出，本表无数据。"])

    # 表9 三公
    hdr9 = [C(0, 0, "预算数", cs=6), C(0, 6, "决算数", cs=6)]
    for g in (0, 6):
        hdr9 += [C(1, g, "合计", rs=2), C(1, g + 1, "因公出国\n（境）费", rs=2),
                 C(1, g + 2, "公务用车购置及运行维护费", cs=3), C(1, g + 5, "公\n务\n接\n待\n费", rs=2),
                 C(2, g + 2, "小计"), C(2, g + 3, "公务用车\n购置费"), C(2, g + 4, "公务用车\n运行维护费")]
    hdr9 += [C(3, k, str(k + 1)) for k in range(12)]
    rows9 = [["3.5", "", "3", "", "3", "0.5", "0.93", "", "0.93", "", "0.93", ""]]
    leaf9 = ["合计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行维护费", "公务接待费"]
    vc9 = {}
    for k in range(12):
        vc9[k] = (leaf9[k % 6], k, None, "预算数" if k < 6 else "决算数")
    pages9 = draw_data_table(doc, rec, kind="财政拨款三公经费支出决算表", title="2022 年度财政拨款“三公”经费支出决算表",
                             suffix="（表 9）", section="九、财政拨款“三公”经费支出决算表", unit_left=dept,
                             unit_right=unit, header=hdr9, nh=4, rows=rows9, weights=[1] * 12,
                             aligns=["r"] * 12, minh=22, hfixed=[18, 30, 34, 15], value_cols=vc9,
                             prio_rows={0},
                             notes=["注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，"
                                    "反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。",
                                    "60 栏＝（2＋3＋6）栏；3 栏＝（4＋5）栏；7 栏＝（8＋9＋12）栏；9 栏=（10+11）栏。"])
    for cl in rec.cells:  # row label of the single data row of 表9
        if cl["table_kind"] == "财政拨款三公经费支出决算表":
            cl["row"] = ""

    # Part 3-5 narrative ------------------------------------------------------------------
    doc.new_page("portrait")
    doc.flow(T002.PART3)
    doc.new_page("portrait")
    doc.flow(T002.PART4)
    doc.new_page("portrait")
    doc.flow(T002.PART5)
    doc.save()
    rec.d["pages"] = doc.page
    rec.d["rotated_pages"] = doc.rotated_pages

    # ---- expected errors ---------------------------------------------------------------
    k5 = "一般公共预算财政拨款支出决算表"
    check_columns(rec, k5, 0, 1, 2, [3, 4], "小计", ("基本支出", "项目支出"), 4, "项目支出")
    for kind, cols in (("收入决算表", {2: "本年收入合计", 3: "财政拨款收入"}),
                       ("支出决算表", {2: "本年支出合计", 3: "基本支出", 4: "项目支出"}),
                       (k5, {2: "小计", 3: "基本支出", 4: "项目支出"})):
        check_hierarchy(rec, kind, 0, 1, cols)
    check_columns(rec, "支出决算表", 0, 1, 2, [3, 4], "本年支出合计", ("基本支出", "项目支出"), 4, "项目支出")
    check_t6(rec)
    narrative_errors_002(doc, rec)
    rec.pick_amounts({"收入支出决算总表": 4, "收入决算表": 5, "支出决算表": 5, "财政拨款收入支出决算总表": 4,
                      "一般公共预算财政拨款支出决算表": 8, "一般公共预算财政拨款基本支出决算表": 7,
                      "财政拨款三公经费支出决算表": 4})
    return doc, rec


def check_t6(rec):
    """表6: 301 = Σ 301xx, 303 = Σ 303xx, 302 = Σ 302xx, 人员经费合计 = 301 + 303."""
    rows = rec.tables["一般公共预算财政拨款基本支出决算表"]["rows"]
    placed = rec.tables["一般公共预算财政拨款基本支出决算表"]["placed"]
    groups = {}
    for i, r in enumerate(rows):
        for cc, vc in ((0, 2), (3, 5), (6, 8)):
            code = r[cc]
            if re.match(r"^\d{3,5}$", code or ""):
                groups.setdefault(code[:3], []).append((code, r[vc], i))
    for head, items in groups.items():
        parent = [x for x in items if x[0] == head]
        kids = [x[1] for x in items if x[0] != head]
        if not parent:
            continue
        ok, s = consistent(parent[0][1], kids)
        if not ok:
            rec.err(page=placed[parent[0][2]], table_kind="一般公共预算财政拨款基本支出决算表",
                    rule="hierarchy_sum", code=head, column="决算数", printed=float(dec(parent[0][1])),
                    expected=float(s), description="%s printed %s, sum of 款 %s" % (head, parent[0][1], s))
    tot = rows[-1]
    for ok_s in (consistent(tot[2], [groups["301"][0][1], groups["303"][0][1]]),
                 consistent(tot[8], [groups["302"][0][1], groups["310"][0][1]])):
        if not ok_s[0]:
            raise SystemExit("unexpected 表6 total inconsistency")


def narrative_errors_002(doc, rec):
    k = "narrative"
    rec.err(page=find_page(doc, "公务用车购置及运行维护费预算为3万元"), table_kind=k, rule="percent_mismatch",
            code=None, column="完成预算的%", printed=26.6, expected=31.0,
            description="公务用车购置及运行维护费预算为 3 万元，支出决算为 0.93 万元，完成预算的 26.6%：0.93/3 = 31.0%. "
                        "26.6% is the rate of the whole 三公 total (0.93/3.5 = 26.57%), copied into the 公务用车 sentence.")
    rec.err(page=find_page(doc, "比年初预算数减少0.85元"), table_kind=k, rule="unit_slip", code=None,
            column="机关运行经费", printed=0.85, expected=0.85, printed_unit="元", expected_unit="万元",
            description="机关运行经费 26.68 万元，比年初预算数减少 0.85 元，降低 3.09%: the unit must be 万元 "
                        "(0.85/(26.68+0.85) = 3.09%; 0.85 元 would be 0.00003%).")
    rec.err(page=find_page(doc, "支出决算为253.54万元"), table_kind=k, rule="text_table_mismatch",
            code="2013350", column="支出决算", printed=253.54, expected=253.53,
            description="Text: 事业运行(项) 支出决算为 253.54 万元; 表2/表3/表5 print 2013350 事业运行 253.53.")
    rec.err(page=find_page(doc, "事业单位医疗(项)。年初预算9.06万元，支出决算为9.06"), table_kind=k,
            rule="text_table_mismatch", code="2101102", column="支出决算", printed=9.06, expected=9.05,
            description="Text: 事业单位医疗(项) 支出决算为 9.06 万元 (完成年初预算的 100%); the tables print "
                        "2101102 事业单位医疗 9.05 (9.05/9.06 = 99.9%).")
    rec.err(page=find_page(doc, "实际执行数337.03万元"), table_kind=k, rule="text_table_mismatch", code=None,
            column="执行数", printed=337.03, expected=337.02,
            description="整体绩效自评: 实际执行数 337.03 万元，预算数 337.03 万元; the final-account tables give total "
                        "expenditure 337.02 万元 (表1/表3/表5 合计).")
    rec.err(page=find_page(doc, "占一般公共预算项目支出总额的100%"), table_kind=k, rule="text_table_mismatch",
            code=None, column="项目支出", printed=337.02, expected=10.35,
            description="绩效自评 covers 资金 337.02 万元，“占一般公共预算项目支出总额的 100%”, but 项目支出 is "
                        "10.35 万元 (表3/表5); 337.02 is total expenditure (基本 326.67 + 项目 10.35).")
    rec.err(page=find_page(doc, "项目全年预算数为2.万元"), table_kind=k, rule="percent_mismatch", code=None,
            column="完成预算的%", printed=97.0, expected=242.5,
            description="新闻宣传等业务项目：项目全年预算数为 “2.” 万元，执行数为 4.85 万元，完成预算的 97%: "
                        "4.85/2 = 242.5%. The budget is 5 万元 in the project self-evaluation (4.85/5 = 97%); "
                        "the '2.' is a list-numbering artefact printed in place of 5.")



# ----------------------------------------------------------------------------------------
# Seed 003: 江汉区融媒体中心 2020 年部门预算
# ----------------------------------------------------------------------------------------
ISSUER003 = "江汉区融媒体中心"
F003 = [  # code, name, 总计, 基本支出, 项目支出
    ("207", "文化旅游体育与传媒支出", "396.84", "219.43", "177.41"),
    ("20708", "广播电视", "396.84", "219.43", "177.41"),
    ("2070805", "电视", "396.84", "219.43", "177.41"),
    ("208", "社会保障和就业支出", "50.34", "50.34", ""),
    ("20805", "行政事业单位养老支出", "50.34", "50.34", ""),
    ("2080502", "事业单位离退休", "31.03", "31.03", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "16.12", "16.12", ""),
    ("2080599", "其他行政事业单位养老支出", "3.19", "3.19", ""),
    ("210", "卫生健康支出", "35.91", "35.91", ""),
    ("21011", "行政事业单位医疗", "35.05", "35.05", ""),
    ("2101102", "事业单位医疗", "9.88", "9.88", ""),
    ("2101199", "其他行政事业单位医疗支出", "25.17", "25.17", ""),
    ("21099", "其他卫生健康支出", "0.86", "0.86", ""),
    ("2109901", "其他卫生健康支出", "0.86", "0.86", ""),
    ("221", "住房保障支出", "37.96", "37.96", ""),
    ("22102", "住房改革支出", "37.96", "37.96", ""),
    ("2210201", "住房公积金", "27.70", "27.70", ""),
    ("2210202", "提租补贴", "5.77", "5.77", ""),
    ("2210203", "购房补贴", "4.49", "4.49", ""),
]
E003 = [  # 表6 经济分类: code, name, 小计, 人员经费, 公用经费
    ("301", "工资福利支出", "257.24", "257.24", ""), ("30101", "基本工资", "51.92", "51.92", ""),
    ("30102", "津贴补贴", "16.76", "16.76", ""), ("30103", "奖金", "77.00", "77.00", ""),
    ("30107", "绩效工资", "39.46", "39.46", ""),
    ("30108", "机关事业单位基本养老保险缴费", "16.12", "16.12", ""),
    ("30110", "职工基本医疗保险缴费", "9.88", "9.88", ""), ("30111", "公务员医疗补助缴费", "16.31", "16.31", ""),
    ("30112", "其他社会保障缴费", "2.09", "2.09", ""), ("30113", "住房公积金", "27.70", "27.70", ""),
    ("302", "商品和服务支出", "46.51", "", "46.51"), ("30201", "办公费", "8.00", "", "8.00"),
    ("30202", "印刷费", "2.00", "", "2.00"), ("30205", "水费", "1.00", "", "1.00"),
    ("30206", "电费", "2.00", "", "2.00"), ("30207", "邮电费", "1.00", "", "1.00"),
    ("30213", "维修(护)费", "1.00", "", "1.00"), ("30216", "培训费", "1.55", "", "1.55"),
    ("30228", "工会经费", "1.00", "", "1.00"), ("30229", "福利费", "5.77", "", "5.77"),
    ("30231", "公务用车运行维护费", "3.00", "", "3.00"), ("30299", "其他商品和服务支出", "20.19", "", "20.19"),
    ("303", "对个人和家庭的补助", "39.89", "39.89", ""), ("30302", "退休费", "31.03", "31.03", ""),
    ("30307", "医疗费补助", "8.86", "8.86", ""),
]
FUNC_B = ["201 一般公共服务支出", "203 国防支出", "204 公共安全支出", "205 教育支出", "206 科学技术支出",
          "207 文化旅游体育与传媒支出", "208 社会保障和就业支出", "210 卫生健康支出", "211 节能环保支出",
          "212 城乡社区支出", "213 农林水支出", "214 交通运输支出", "215 资源勘探工业信息等支出",
          "216 商业服务业等支出", "217 金融支出", "219 援助其他地区支出", "220 自然资源海洋气象等支出",
          "221 住房保障支出", "222 粮油物资储备支出", "224 灾害防治及应急管理支出", "227 预备费", "229 其他支出",
          "230 转移性支出", "231 债务还本支出", "232 债务付息支出", "233 债务发行费用支出"]
FUNC_BV = {"207": "396.84", "208": "50.34", "210": "35.91", "221": "37.96"}
ECON_B = [("支出（部门预算经济分类）", ""), ("301 工资福利支出", "257.24"), ("302 商品和服务支出", "174.92"),
          ("303 对个人和家庭的补助", "39.89"), ("307 债务利息及费用支出", ""), ("309 资本性支出（基本建设）", ""),
          ("310 资本性支出", ""), ("311 对企业补助（基本建设）", ""), ("312 对企业补助", ""),
          ("313 对社会保障基金补助", ""), ("399 其他支出", "49.00")]


def build_003():
    fn = "budget_2020_jianghan_media.pdf"
    doc = Doc(os.path.join(HERE, fn), "江汉区融媒体中心2020年部门预算", ISSUER003)
    rec = Rec(fn, "budget", ISSUER003, 2020, "万元")
    org = "单位名称：区融媒体中心（一类）"
    unit = "单位：万元"
    doc.new_page("portrait", footer=False)
    doc.y -= 220
    doc.text("江汉区融媒体中心 2020 年部门预算", fs=24, al="c", dy=50)
    doc.new_page("portrait")
    doc.text("目  录", fs=18, al="c", dy=40)
    for t in T003.TOC[1:]:
        top = t.startswith("第")
        doc.text(t, fs=12 if top else 11, dy=20, indent=0 if top else 24)
    doc.new_page("portrait")
    body = T003.BODY
    cut = [i for i, (k, t) in enumerate(body) if t.startswith("第四部分")][0]
    doc.flow(body[:cut])
    doc.new_page("portrait")
    doc.y -= 200
    doc.text(body[cut][1], fs=20, al="c", dy=40)

    # 表1 收支总表 (on a /Rotate 90 page)
    rows = []
    left = ["一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入", "三、事业收入", "四、上级补助收入",
            "五、附属单位上缴收入", "六、事业单位经营收入", "七、其他收入"]
    for i in range(26):
        code = FUNC_B[i].split()[0]
        rows.append([left[i] if i < 7 else "", "521.05" if i == 0 else "", FUNC_B[i], FUNC_BV.get(code, ""),
                     ECON_B[i][0] if i < len(ECON_B) else "", ECON_B[i][1] if i < len(ECON_B) else ""])
    rows += [["本年收入合计", "521.05", "本年支出合计", "521.05", "本年支出合计", "521.05"],
             ["八、用事业基金弥补收支差额", "", "", "", "", ""],
             ["九、上年结转", "", "结转下年", "", "结转下年", ""],
             ["收入总计", "521.05", "支出总计", "521.05", "支出总计", "521.05"]]
    hdr = [C(0, 0, "收入", cs=2), C(0, 2, "支出（功能）", cs=2), C(0, 4, "支出（经济分类）", cs=2),
           C(1, 0, "项目"), C(1, 1, "预算数"), C(1, 2, "项目"), C(1, 3, "预算数"), C(1, 4, "项目"), C(1, 5, "预算数")]
    draw_data_table(doc, rec, kind="收支总表", title="2020 年部门收支预算总表", suffix="", section=None,
                    unit_left=org, unit_right=unit, header=hdr, nh=2, rows=rows,
                    weights=[2.6, 1.0, 2.6, 1.0, 2.6, 1.0], aligns=["l", "r", "l", "r", "l", "r"],
                    orient="rotated", fs=7, minh=11.2, prio_rows={0, 5, 26, 29},
                    value_cols={1: ("预算数", 0, None, "收入"), 3: ("预算数", 2, None, "支出（功能）"),
                                5: ("预算数", 4, None, "支出（经济分类）")})

    # 表2 收入总表
    cols2 = ["总计", "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "事业收入", "上年补助收入",
             "事业单位经营收入", "其他收入", "用事业基金弥补收支差额", "上年结转、结余"]
    hdr2 = [C(0, 0, "功能科目\n编码"), C(0, 1, "功能科目名称")] + [C(0, 2 + k, t) for k, t in enumerate(cols2)]
    rows2 = [["合计", "", "521.05", "521.05"] + [""] * 7] + \
        [[c, n, t, t] + [""] * 7 for c, n, t, _b, _p in F003]
    draw_data_table(doc, rec, kind="收入总表", title="2020 年部门收入预算总表", suffix="", section=None,
                    unit_left=org, unit_right=unit, header=hdr2, nh=1, rows=rows2,
                    weights=[1.0, 3.0] + [1.05] * 9, aligns=["l", "l"] + ["r"] * 9, hfixed=[44],
                    value_cols={2: ("总计", 1, 0, None), 3: ("一般公共预算财政拨款收入", 1, 0, None)},
                    prio_rows={0, 1, 5, 11})

    # 表3 支出总表
    cols3 = ["总计", "基本支出", "项目支出", "上缴上级支出", "对附属单位补助支出", "事业单位经营支出", "结转下年"]
    hdr3 = [C(0, 0, "功能科目\n编码"), C(0, 1, "功能科目名称")] + [C(0, 2 + k, t) for k, t in enumerate(cols3)]
    rows3 = [["合计", "", "521.05", "343.64", "177.41"] + [""] * 4] + \
        [[c, n, t, b, p] + [""] * 4 for c, n, t, b, p in F003]
    draw_data_table(doc, rec, kind="支出总表", title="2020 年部门支出预算总表", suffix="", section=None,
                    unit_left="", unit_right=unit, header=hdr3, nh=1, rows=rows3,
                    weights=[1.0, 3.0] + [1.1] * 7, aligns=["l", "l"] + ["r"] * 7, hfixed=[34],
                    value_cols={2: ("总计", 1, 0, None), 3: ("基本支出", 1, 0, None), 4: ("项目支出", 1, 0, None)},
                    prio_rows={0, 3, 13})

    # 表4 财政拨款收支总表
    rows4 = []
    inc4 = ["一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入"]
    econ4 = [("支出", "")] + ECON_B[1:]
    for i in range(26):
        code = FUNC_B[i].split()[0]
        fname = FUNC_B[i].replace("222 粮油物资储备支出", "222 粮油物资管理支出")
        rows4.append([inc4[i] if i < 2 else "", "521.05" if i == 0 else "", fname, FUNC_BV.get(code, ""), "",
                      econ4[i][0] if i < len(econ4) else "", econ4[i][1] if i < len(econ4) else "", ""])
    rows4 += [["本年收入合计", "521.05", "本年支出合计", "521.05", "", "本年支出合计", "521.05", ""],
              ["上年结转", "", "结转下年", "", "", "结转下年", "", ""],
              ["收入总计", "521.05", "支出总计", "521.05", "", "支出总计", "521.05", ""]]
    hdr4 = [C(0, 0, "收入", cs=2), C(0, 2, "支出（功能分类）", cs=3), C(0, 5, "支出（部门预算经济分类）", cs=3),
            C(1, 0, "项目"), C(1, 1, "预算数"), C(1, 2, "项目"), C(1, 3, "一般公共预算"), C(1, 4, "政府性基金预算"),
            C(1, 5, "项目"), C(1, 6, "一般公共预算"), C(1, 7, "政府性基金预算")]
    draw_data_table(doc, rec, kind="财政拨款收支总表", title="2020 年财政拨款收支预算总表", suffix="", section=None,
                    unit_left="", unit_right=unit, header=hdr4, nh=2, rows=rows4,
                    weights=[2.4, 0.9, 2.5, 1.0, 1.0, 2.3, 1.0, 1.0], aligns=["l", "r", "l", "r", "r", "l", "r", "r"],
                    fs=6.6, minh=10.6, prio_rows={0, 5, 26},
                    value_cols={1: ("预算数", 0, None, "收入"), 3: ("一般公共预算", 2, None, "支出（功能分类）"),
                                6: ("一般公共预算", 5, None, "支出（部门预算经济分类）")},
                    notes=["注：部门预算和年度决算收支口径一致，不包含特设专户可用资金编制计划。"])

    # 表5 一般公共预算支出表
    hdr5 = [C(0, 0, "功能科目编码"), C(0, 1, "功能科目名称"), C(0, 2, "总计"), C(0, 3, "基本支出"), C(0, 4, "项目支出")]
    rows5 = [["合计", "", "521.05", "343.64", "177.41"]] + [[c, n, t, b, p] for c, n, t, b, p in F003]
    draw_data_table(doc, rec, kind="一般公共预算支出表", title="2020 年一般公共预算支出表", suffix="", section=None,
                    unit_left="", unit_right=unit, header=hdr5, nh=1, rows=rows5,
                    weights=[1.3, 3.6, 1.3, 1.3, 1.3], aligns=["l", "l", "r", "r", "r"], minh=16,
                    value_cols={2: ("总计", 1, 0, None), 3: ("基本支出", 1, 0, None), 4: ("项目支出", 1, 0, None)},
                    prio_rows={0, 1, 3, 10})

    # 表6 一般公共预算基本支出表
    hdr6 = [C(0, 0, "经济科目编码", rs=2), C(0, 1, "经济科目名称", rs=2), C(0, 2, "基本支出", cs=3),
            C(1, 2, "小计"), C(1, 3, "人员经费"), C(1, 4, "公用经费")]
    rows6 = [["合计", "", "343.64", "297.13", "46.51"]] + [list(r) for r in E003]
    draw_data_table(doc, rec, kind="一般公共预算基本支出表", title="2020 年一般公共预算基本支出表", suffix="",
                    section=None, unit_left="", unit_right=unit, header=hdr6, nh=2, rows=rows6,
                    weights=[1.3, 3.6, 1.3, 1.3, 1.3], aligns=["l", "l", "r", "r", "r"], minh=14.5,
                    value_cols={2: ("小计", 1, 0, "基本支出"), 3: ("人员经费", 1, 0, "基本支出"),
                                4: ("公用经费", 1, 0, "基本支出")},
                    prio_rows={0, 1, 2, 11, 23})

    # 表7 三公
    hdr7 = [C(0, 0, "项 目"), C(0, 1, "本年预算数"), C(0, 2, "情况说明")]
    rows7 = [["合 计", "3.00", ""], ["1. 因公出国（境）费用", "", ""], ["2. 公务用车购置及运行维护费", "3.00", ""],
             ["其中：（1）公务用车购置", "", ""], ["（2）公务用车运行维护费", "3.00", ""], ["3. 公务接待费", "", ""]]
    doc.new_page("portrait")
    draw_data_table(doc, rec, kind="三公经费表", title="2020 年财政拨款“三公”经费支出表", suffix="", section=None,
                    unit_left="", unit_right=unit, header=hdr7, nh=1, rows=rows7, weights=[3.2, 1.4, 2.4],
                    aligns=["l", "r", "l"], minh=22, new_page=False, prio_rows={0, 2, 4},
                    value_cols={1: ("本年预算数", 0, None, None)},
                    notes=["注：按照中央和省、市有关文件及部门预算管理有关规定，“三公”经费包括因公出国（境）费用、公务用车购置及"
                           "运行维护费和公务接待费。（1）因公出国（境）费用，指单位工作人员公务出国（境）的住宿费、旅费、伙食补助费、"
                           "杂费、培训费等支出。",
                           "（2）公务用车购置及运行维护费，指单位公务用车购置费（含车辆购置税）及租用费、燃料费、维修费、过桥过路费、"
                           "保险费、安全奖励费用等支出，公务用车指用于履行公务的机动车辆，包括省部级干部专车、一般公务用车和执法执勤"
                           "用车。（3）公务接待费，指单位按规定开支的各类公务接待（含外宾接待）费用。"])
    # 表8 政府性基金 (empty)
    doc.y -= 30
    hdr8 = [C(0, 0, "功能科目编码", rs=2), C(0, 1, "功能科目名称", rs=2), C(0, 2, "单位代码", rs=2),
            C(0, 3, "单位名称", rs=2), C(0, 4, "本年政府性基金预算支出", cs=3),
            C(1, 4, "总计"), C(1, 5, "基本支出"), C(1, 6, "项目支出")]
    draw_data_table(doc, rec, kind="政府性基金预算支出表", title="2020 年政府性基金预算支出表", suffix="",
                    section=None, unit_left="", unit_right=unit, header=hdr8, nh=2, rows=[[""] * 7],
                    weights=[1.1, 1.8, 0.9, 1.4, 0.9, 0.9, 0.9], aligns=["l"] * 4 + ["r"] * 3, minh=18,
                    new_page=False, value_cols={}, empty=True, after=["注：本部门无政府性基金财政拨款支出。"])
    doc.save()
    rec.d["pages"] = doc.page
    rec.d["rotated_pages"] = doc.rotated_pages
    rec.tables["一般公共预算基本支出表"]["rows"][0][0] = "合计"
    for kind, cols in (("收入总表", {2: "总计", 3: "一般公共预算财政拨款收入"}),
                       ("支出总表", {2: "总计", 3: "基本支出", 4: "项目支出"}),
                       ("一般公共预算支出表", {2: "总计", 3: "基本支出", 4: "项目支出"}),
                       ("一般公共预算基本支出表", {2: "小计", 3: "人员经费", 4: "公用经费"})):
        check_hierarchy(rec, kind, 0, 1, cols)
    for kind in ("支出总表", "一般公共预算支出表", "一般公共预算基本支出表"):
        check_columns(rec, kind, 0, 1, 2, [3, 4], "总计", ("基本支出", "项目支出"), 4, "项目支出")
    if len(rec.d["errors"]):
        raise SystemExit("unexpected table errors in seed 003: %r" % rec.d["errors"])
    k = "narrative"
    rec.err(page=find_page(doc, "（一）人员经费257.24万元"), table_kind=k, rule="text_table_mismatch", code=None,
            column="人员经费", printed=257.24, expected=297.13,
            description="Text: 人员经费 257.24 万元; 表6 (一般公共预算基本支出表) 合计 人员经费 = 297.13 = 工资福利支出 "
                        "257.24 + 对个人和家庭的补助 39.89. The text gives only the 301 figure.")
    rec.err(page=find_page(doc, "工资福利支出257.42万元"), table_kind=k, rule="text_table_mismatch", code="301",
            column="人员经费", printed=257.42, expected=257.24,
            description="Text: 工资福利支出 257.42 万元; tables (收支总表, 财政拨款收支总表, 表6) print 301 工资福利支出 "
                        "257.24 (transposed digits).")
    rec.err(page=find_page(doc, "一般公共服务支出396.84万元"), table_kind=k, rule="text_table_mismatch", code="201",
            column="预算数", printed=396.84, expected=0.0,
            description="Text lists 一般公共服务支出 396.84 万元; every table puts 396.84 under 207 文化旅游体育与传媒支出 "
                        "(20708 广播电视 / 2070805 电视) and leaves 201 blank.")
    rec.err(page=find_page(doc, "一般行政管理事务177.41万元"), table_kind=k, rule="text_table_mismatch", code="2070805",
            column="项目支出", printed=177.41, expected=177.41,
            description="Text: 项目支出按功能科目 “一般行政管理事务 177.41 万元” (a 201xx02 item); the tables carry the "
                        "177.41 项目支出 under 2070805 电视 (类 207).")
    rec.pick_amounts({"收支总表": 5, "收入总表": 4, "支出总表": 5, "财政拨款收支总表": 4, "一般公共预算支出表": 6,
                      "一般公共预算基本支出表": 7, "三公经费表": 3})
    return doc, rec

# ----------------------------------------------------------------------------------------
# Seed 001: 武汉市洪山区融媒体中心 2020 年度 绩效自评表 (three project forms)
# ----------------------------------------------------------------------------------------
SELFEVAL = [
    dict(score="95", name="机构运行经费", A="31.7", B="14.79", rate="46.66%", pts="15",
         goal="保证项目资金使用中合法性和绩效的合理性；购置日常办公设备等为新闻中心工作的开展提供物质基础；提升了党建工作水平，提高了党员政治境界。",
         done="保障融媒体中心工作的顺利开展；加强党建纪检工作常态化管理，深入有效的开展法治宣传教育和依法治理工作。",
         out={"数量指标": [("法律顾问人数", "100%", "100%", "", "10")],
              "质量指标": [("法律顾问质量", "100%", "100%", "", "10"), ("单位职工创建活动参加率", "100%", "100%", "", "10"),
                       ("普法考试合格率", "100%", "100%", "", "10")]},
         eff={"社会效益指标": [("法律指导减少纠纷", "98%", "98%", "", "10")],
              "可持续影响指标": [("塑造良好工作环境", "100%", "98%", "", "5")],
              "满意度指标": [("服务达标率", "≥95%", "≥95%", "", "5")]},
         why="预设15万元用于采购AK替代系统，后由区里统一集中采购，导致项目资金结余。",
         fix="做好工作计划，合理规划项目使用资金。"),
    dict(score="100", name="融媒体（平台及内容）建设", A="185", B="185", rate="100.00%", pts="20",
         goal="通过融媒体业务平台的建设，区融媒体中心业务部门逐渐改变传统的节目制作模式，建立新的融媒体业务流程。围绕全区各项中心工作，"
              "通过运营政务网（内容）与微博媒体，增强“互联网+大学”、“媒体+政务+服务”等相关业务平台，为我区争创武汉创新驱动的核心动力区营造良好的社会舆论氛围。",
         done="在政务微博上发布信息80余条。全面启动区级融媒体中心核心指挥区、采编工作区空间改造工程，完成演播厅大屏建设和“长江融媒”一体化平台接入部署，"
              "完成“洪山大学之城”APP基础功能软件开发和栏目内容搭建，启动APP上线试运行，大力提升了中心洪山城市形象传播枢纽作用。",
         out={"数量指标": [("发布新闻稿件", "300条", "338条", "完成", "10"), ("视频新闻", "50条", "61条", "完成", "10")],
              "时效指标": [("运行时效", "≥80%", "≥80%", "完成", "10")],
              "成本指标": [("在计划额度内完成既定指标", "100%", "100.00%", "精简开支", "10")]},
         eff={"可持续影响指标": [("新媒体综合运营能力强", "≥95%", "≥93%", "", "10")],
              "满意度指标": [("群众满意度", "≥98%", "≥95%", "", "10")]},
         why="在区级融媒体中心建设过程中，新闻信息内容、技术应用、平台终端、管理手段的共融互通还需进一步巩固深化",
         fix="做好工作计划，合理规划项目使用资金。"),
    dict(score="100", name="新闻宣传及舆情监控专项资金", A="174", B="174", rate="100.00%", pts="20",
         goal="紧紧围绕区委、区政府中心工作、重点工作开展宣传报道，深化洪山形象宣传，传播洪山正能量，为推进我区国内一流的大学之城和武汉创新驱动核心动力区建设营造了良好的舆论氛围。",
         done="高质量编印《洪山宣传》38期。监测发现涉及洪山区信息19万余条，筛选负面舆情信息450余条，进行网络正面跟评、转发近2200条，协助区委宣传部（区委网信办）"
              "制发互联网舆情督办单590余份，制发《新闻与舆情专报》140余期。实际效益：进一步唱响洪山主旋律，传播洪山好声音，为我区拼搏赶超，创新发展营造了良好的社会舆论环境。",
         out={"数量指标": [("《洪山宣传》报纸期数", "32期", "38期", "已完成", "10"), ("全天24小时监控网络平台", "100%", "100%", "已完成", "10")],
              "质量指标": [("稿件质量、板式编排、印刷标准达标率", "98%", "98%", "稿件发表有差异", "5")],
              "时效指标": [("重大舆情应急反应时间", "≤24小时", "≤24小时", "", "5")],
              "成本指标": [("运用新媒体技术增加一定成本", "98%", "98.00%", "新媒体硬件费用不确定", "5")]},
         eff={"经济效益指标": [("员工工资人均增长（元）", "100", "100", "人员费用增加", "5")],
              "社会效益指标": [("营造良好的社会舆论氛围", "95%", "95%", "不确定因素的事件", "5"), ("洪山形象", "95%", "95%", "整体效果提升", "5")],
              "可持续影响指标": [("新媒体综合运营能力显著增强", "97%", "97%", "", "5")],
              "满意度指标": [("群众对工作的满意度", "90%", "90%", "", "5")]},
         why="本项目完成率100%，疫情防控及年度新闻宣传及策划社会效益高，为我区各项事业的发展营造了和谐稳定的网络舆论环境。",
         fix="做好工作计划，科学安排项目进度及资金使用。"),
]
OUT2 = ["数量指标", "质量指标", "时效指标", "成本指标", "……"]
EFF2 = ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "满意度指标", "……"]


def build_001():
    fn = "perf_selfeval_2020_hongshan_media.pdf"
    issuer = "武汉市洪山区融媒体中心"
    doc = Doc(os.path.join(HERE, fn), "武汉市洪山区融媒体中心2020年度项目绩效自评表", issuer)
    rec = Rec(fn, "performance_selfeval", issuer, 2020, "万元")
    for f in SELFEVAL:
        doc.new_page("portrait")
        page = doc.page
        doc.text("附件1", fs=11, dy=16)
        doc.text("绩效自评表", fs=18, al="c", dy=28)
        doc.text("（2020年度）", fs=12, al="c", dy=20)
        doc.lr("单位名称：%s    填报日期：2021年2月" % issuer, "自评得分： %s" % f["score"])
        doc.y -= 4
        colx = doc.colx([0.55, 0.75, 1.25, 2.3, 1.05, 1.05, 1.4, 0.75])
        cells = [C(0, 0, "项目名称", cs=3), C(0, 3, f["name"], cs=5),
                 C(1, 0, "主管部门", cs=3), C(1, 3, issuer, cs=2), C(1, 5, "项目实施单位"), C(1, 6, issuer, cs=2),
                 C(2, 0, "预算执行情况\n（20分）", cs=3, rs=2), C(2, 3, ""), C(2, 4, "预算数（A）"), C(2, 5, "执行数（B）"),
                 C(2, 6, "执行率（B/A)"), C(2, 7, "得分"),
                 C(3, 3, "年度财政资金总额：", al="l"), C(3, 4, f["A"], al="r"), C(3, 5, f["B"], al="r"),
                 C(3, 6, f["rate"], al="r"), C(3, 7, f["pts"], al="r"),
                 C(4, 0, "项\n目\n绩\n效\n总\n目\n标\n（20\n分）", rs=2), C(4, 1, "年初设定目标", cs=3),
                 C(4, 4, "全年实际完成情况", cs=3), C(4, 7, "得分"),
                 C(5, 1, f["goal"], cs=3, al="l"), C(5, 4, f["done"], cs=3, al="l"), C(5, 7, "20")]
        r = 6
        cells += [C(r, 1, "一级\n指标"), C(r, 2, "二级指标"), C(r, 3, "指标内容"), C(r, 4, "年度目标值"),
                  C(r, 5, "全年完成值"), C(r, 6, "未完成原因和改进措施"), C(r, 7, "自评分\n60")]
        r += 1
        start = r
        for top, subs, table in (("产\n出\n指\n标", OUT2, f["out"]), ("效\n益\n指\n标", EFF2, f["eff"])):
            t0 = r
            for sub in subs:
                items = table.get(sub, [])
                n = max(1, len(items))
                cells.append(C(r, 2, sub, rs=n))
                for j in range(n):
                    it = items[j] if j < len(items) else ("", "", "", "", "")
                    cells += [C(r + j, 3, it[0], al="l"), C(r + j, 4, it[1]), C(r + j, 5, it[2]),
                              C(r + j, 6, it[3]), C(r + j, 7, it[4])]
                r += n
            cells.append(C(t0, 1, top, rs=r - t0))
        cells.append(C(6, 0, "绩\n效\n指\n标\n（\n60\n分\n）", rs=r - 6))
        cells += [C(r, 0, "偏差大或目标未完成原因分析", cs=3), C(r, 3, f["why"], cs=5, al="l"),
                  C(r + 1, 0, "改进措施及结果应用方案", cs=3), C(r + 1, 3, f["fix"], cs=5, al="l")]
        doc.block(cells, r + 2, colx, fs=8, minh=17)
        assert doc.page == page
        rec.table("绩效自评表", "绩效自评表", [page], project=f["name"])
        for col, v in (("预算数（A）", f["A"]), ("执行数（B）", f["B"])):
            rec.d["amounts"].append({"page": page, "table_kind": "绩效自评表", "code": None, "row": "年度财政资金总额",
                                     "column": col, "value": float(dec(v)), "printed": v, "unit": "万元",
                                     "project": f["name"], "unit_note": "unit not printed on the form; 万元 as in the seed's text"})
        if f["name"] == "新闻宣传及舆情监控专项资金":
            rec.d["amounts"].append({"page": page, "table_kind": "绩效自评表", "code": None,
                                     "row": "员工工资人均增长（元）", "column": "年度目标值", "value": 100.0,
                                     "printed": "100", "unit": "元", "project": f["name"]})
        # score = 20 × 执行率 (the rule printed on the 2022 Wuhan forms: 得分（20 分*执行率）)
        rate = dec(f["B"]) / dec(f["A"])
        exp = min(D(20), D(20) * rate)
        if abs(exp - dec(f["pts"])) > D("0.05"):
            rec.err(page=page, table_kind="绩效自评表", rule="score_mismatch", code=None, column="得分",
                    project=f["name"], printed=float(dec(f["pts"])), expected=float(exp.quantize(D("0.01"))),
                    description="%s: 执行率 %s (= %s/%s) but 预算执行 得分 %s of 20; with the linear rule "
                                "得分 = 20 × 执行率 it would be %s. Either a non-linear scoring rule or an error."
                                % (f["name"], f["rate"], f["B"], f["A"], f["pts"], exp.quantize(D("0.01"))))
        # printed rate and totals
        if abs(rate * 100 - dec(f["rate"])) > D("0.005") + D("0.0001"):
            raise SystemExit("unexpected rate mismatch")
        tot = sum((dec(it[4]) for tb in (f["out"], f["eff"]) for v in tb.values() for it in v), D(0))
        if tot != 60 or dec(f["pts"]) + 20 + tot != dec(f["score"]):
            raise SystemExit("unexpected score total mismatch in %s" % f["name"])
    doc.save()
    rec.d["pages"] = doc.page
    return doc, rec


# ----------------------------------------------------------------------------------------
# Seed 004: 芦淞区委宣传部 2017 年度 项目绩效目标申报表 (amounts in 元)
# ----------------------------------------------------------------------------------------
def build_004():
    fn = "perf_target_2017_lusong_publicity.pdf"
    issuer = "芦淞区委宣传部"
    doc = Doc(os.path.join(HERE, fn), "芦淞区委宣传部2017年度项目绩效目标申报表", issuer)
    rec = Rec(fn, "performance_target", issuer, 2017, "元")
    doc.new_page("portrait")
    doc.text("项目绩效目标申报表", fs=18, al="c", dy=28)
    doc.text("（2017年度）", fs=12, al="c", dy=20)
    doc.lr("填报单位（盖章）：芦淞区委宣传部", "单位：元")
    doc.y -= 4
    colx = doc.colx([1.1, 1.15, 1.3, 2.4, 2.2, 0.85])
    p1 = doc.page
    cells = [C(0, 0, "项目名称"), C(0, 1, "新媒体建设经费", cs=2, al="l"), C(0, 3, "项目属性"),
             C(0, 4, "新增项目 □        延续项目√", cs=2, al="l"),
             C(1, 0, "项目单位"), C(1, 1, "芦淞区网宣办", cs=2, al="l"), C(1, 3, "项目负责人"), C(1, 4, "王娅薇", al="l"),
             C(1, 5, "联系电话\n0731-28580770", fs=6.5),
             C(2, 0, "项目起止时间"), C(2, 1, "2017.1-2017.12", cs=2, al="l"), C(2, 3, "项目总投资"),
             C(2, 4, "¥156,200", cs=2, al="r"),
             C(3, 0, "项目概况"), C(3, 1, "当前，从意识形态领域看，大量社会热点在网上迅速生成、发酵、扩散，新兴媒体话题设置、影响舆论的能力日益增强。"
                                        "根据中央、省委、市委关于推进“两微一端”和网站等新媒体建设的要求，我区于2012年创办芦淞新闻网（红网·芦淞站），"
                                        "2016年创办“芦淞宣传”微信公众号，传递区委区政府权威声音，推进政务公开，服务民生发展。", cs=5, al="l"),
             C(4, 0, "项目立项情况"), C(4, 1, "1.2016年2月4日，我区率先在城市五区推出“芦淞宣传”微信公众号，已请求区财政拨付专项经费130,000元整，纳入年初预算；\n"
                                          "2.目前，芦淞新闻网（红网·芦淞站）没有专项经费，没有技术支持，没有安全保障，一旦被黑客攻击，将会出现以区委区政府名义散播反对言论、"
                                          "制造恐慌谣言等恶劣事件。为解决这一问题，区委宣传部进一步强化互联网思维，实现新兴媒体在内容、渠道、平台、经营、管理等方面的深度融合，"
                                          "致力于推动芦淞新闻网站和“芦淞宣传”微信平台捆绑运营，与株洲日报社新媒体中心签订代运营合作协议1年， 156,200元/年，"
                                          "不断弘扬网络主旋律，激发网络正能量。", cs=5, al="l"),
             C(5, 0, "项目资金申请", rs=4), C(5, 1, "资金性质", cs=2), C(5, 3, "以前年度已安排"), C(5, 4, "2017年度申报资金", cs=2),
             C(6, 1, "1、财政拨款", cs=2, al="l"), C(6, 3, "¥130,000（2016年初）", al="r"), C(6, 4, "¥156,200", cs=2, al="r"),
             C(7, 1, "2、自有资金", cs=2, al="l"), C(7, 3, ""), C(7, 4, "", cs=2),
             C(8, 1, "3、其他", cs=2, al="l"), C(8, 3, ""), C(8, 4, "", cs=2),
             C(9, 0, "项目支出预算明细", rs=3), C(9, 1, "支出明细项目", cs=2), C(9, 3, "数量"), C(9, 4, "支出标准"), C(9, 5, "金额"),
             C(10, 1, "1、芦淞新闻网和“芦淞宣传”微信公众平台代运营合作服务费", cs=2, al="l"), C(10, 3, "1"),
             C(10, 4, "¥156,200/年", al="r"), C(10, 5, "¥156,200", al="r", fs=7.5),
             C(11, 1, "……", cs=2, al="l"), C(11, 3, ""), C(11, 4, ""), C(11, 5, ""),
             C(12, 0, "项目绩效目标", rs=2), C(12, 1, "长期目标", cs=2), C(12, 3, "年度目标", cs=3),
             C(13, 1, "互联网已经成为舆论斗争的主战场，从长远来看，中央到地方对网信工作的要求会越来越高。因此，我们将不断适应新形势新要求，"
                      "利用新媒体，在网络空间弘扬主旋律、传播正能量、服务大发展。", cs=2, al="l"),
             C(13, 3, "1.充分利用好“芦淞宣传”微信公众号的新媒体特点，大胆创新，积极策划，不断扩大影响力。\n2.规范芦淞新闻网（红网·芦淞站）的管理。"
                      "对网站页面进行改版和升级；定期更新和维护，确保数据安全，避免出现以区委区政府名义散播反对言论、制造恐慌谣言等恶劣事件。", cs=3, al="l")]
    doc.block(cells, 14, colx, fs=8, minh=18)
    ind = [("产出指标", [("数量指标", "实现上班日每日更新", "微信实现每年发布信息220期以上；网站实现每年发布信息440条以上。"),
                     ("质量指标", "不断扩大微信公众号和网站的影响力", "确保粉丝既能引得来、又能留得住"),
                     ("时效指标", "全年", ""), ("成本指标", "¥156,200", ""), ("…", "", "")]),
           ("效益指标", [("经济效益指标", "", ""), ("社会效益指标", "第一时间传递区委区政府权威声音，及时矫正不良舆论导向", "99%"),
                     ("生态效益指标", "", ""), ("可持续影响指标", "第一时间传递区委区政府权威声音，及时矫正不良舆论导向", "99%"),
                     ("社会公众或服务对象满意度指标", "提供网络政务服务，便民利民惠民", "99%"), ("……", "", "")])]
    pages = {}
    for label in ("长期绩效指标", "年度绩效指标"):
        n = 1 + sum(len(x[1]) for x in ind)
        cells = [C(0, 0, "\n".join(label), rs=n), C(0, 1, "一级指标"), C(0, 2, "二级指标"), C(0, 3, "指标内容"),
                 C(0, 4, "指标值"), C(0, 5, "备注")]
        r = 1
        for top, subs in ind:
            cells.append(C(r, 1, top, rs=len(subs)))
            for sub, content, val in subs:
                cells += [C(r, 2, sub), C(r, 3, content, al="r" if content.startswith("¥") else "l"),
                          C(r, 4, val, al="l"), C(r, 5, "")]
                r += 1
        doc.block(cells, r, colx, fs=8, minh=17)
        pages[label] = doc.page
    cells = [C(0, 0, "其他需说明的问题"), C(0, 1, "", cs=5),
             C(1, 0, "业务股室\n审核意见"), C(1, 1, "（盖章）", cs=2, al="r"), C(1, 3, "绩效管理股\n审核意见"),
             C(1, 4, "（盖章）", cs=2, al="r")]
    doc.block(cells, 2, colx, fs=8, minh=40)
    doc.text("填报人：王娅薇        联系电话：28580770        填报日期：2016年12月29日", fs=10, dy=22)
    doc.save()
    rec.d["pages"] = doc.page
    allp = sorted(set([p1] + list(pages.values()) + [doc.page]))
    rec.table("绩效目标表", "项目绩效目标申报表", allp)
    for row, col, pr, pg, sec in (("项目总投资", "项目总投资", "¥156,200", p1, None),
                                  ("1、财政拨款", "以前年度已安排", "¥130,000", p1, "项目资金申请"),
                                  ("1、财政拨款", "2017年度申报资金", "¥156,200", p1, "项目资金申请"),
                                  ("1、芦淞新闻网和“芦淞宣传”微信公众平台代运营合作服务费", "支出标准", "¥156,200/年", p1,
                                   "项目支出预算明细"),
                                  ("1、芦淞新闻网和“芦淞宣传”微信公众平台代运营合作服务费", "金额", "¥156,200", p1,
                                   "项目支出预算明细"),
                                  ("成本指标", "指标内容", "¥156,200", pages["长期绩效指标"], "长期绩效指标"),
                                  ("成本指标", "指标内容", "¥156,200", pages["年度绩效指标"], "年度绩效指标")):
        a = {"page": pg, "table_kind": "绩效目标表", "code": None, "row": row, "column": col,
             "value": float(dec(pr.replace("/年", ""))), "printed": pr, "unit": "元"}
        if sec:
            a["section"] = sec
        rec.d["amounts"].append(a)
    return doc, rec


BUILDERS = [build_002, build_003, build_001, build_004]
SCANNED = "scanned_cover_2022_qiaokou_media.pdf"


def build_scanned():
    """An image-only PDF (no text layer): 002's cover page rendered at 100 dpi in grey, as a
    scanner would deliver it. OCR reads its words but finds no table and no figure, so a report
    must say that nothing in it was checked, not that it is clean."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(os.path.join(HERE, "final_account_2022_qiaokou_media.pdf"))
    image = pdf[0].render(scale=100 / 72).to_pil().convert("L")
    pdf.close()
    # Fixed dates keep the file's bytes (and so its doc_id) the same on every run.
    image.save(os.path.join(HERE, SCANNED), "PDF", resolution=100, quality=60,
               creationDate="2023-09-01T00:00:00", modDate="2023-09-01T00:00:00")
    print("wrote %s (1 page, image only)" % SCANNED)


def main():
    out = []
    for b in BUILDERS:
        _doc, rec = b()
        out.append(rec.d)
        print("wrote %s (%d pages)" % (rec.d["file"], rec.d["pages"]))
    build_scanned()
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote expected.json")


if __name__ == "__main__":
    main()
