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


BUILDERS = [build_002]


def main():
    out = []
    for b in BUILDERS:
        _doc, rec = b()
        out.append(rec.d)
        print("wrote %s (%d pages)" % (rec.d["file"], rec.d["pages"]))
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote expected.json")


if __name__ == "__main__":
    main()
