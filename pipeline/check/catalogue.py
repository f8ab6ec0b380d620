"""The rule catalogue: every rule the checker knows, as one typed object, registered in one place.

A finding names its rule by id; its severity is the rule's default, lowered by the structured
reasons it carries (`pipeline.check.policy`). The README's rule table is generated from
`RULES` (`make rules`, which calls `main(["--write", "README.md"])`), and a test
fails when the two disagree, so the catalogue is the one description of what is checked.

To add a rule:
1. register it below with `_rule(...)`: a unique id, the source that yields it (structure,
   template, note, narrative, form, editorial, completeness), its default severity (the
   severity a finding gets when nothing lowers it), what it checks (one sentence, markdown), the
   message template (`中文 | English`, `{placeholders}` filled by the source) and an example
   message as printed for a real or sample document;
2. have the rule source build its findings with `rule="<id>"` and put any doubt about them in
   `reasons=(policy.reason("ocr", ...), ...)`, never in the message (a new kind of doubt is
   registered in `policy.REASONS`);
3. run `make rules` to regenerate the README table, and give the rule a correct and a slipped
   twin in the tests.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

SEVERITIES = ("error", "warning", "info")  # from most to least severe
SOURCES = ("structure", "template", "note", "narrative", "form", "editorial", "completeness", "cross-document")


@dataclass(frozen=True)
class Rule:
    id: str
    source: str  # which rule source yields it
    severity: str  # default severity, before the policy weighs the finding's reasons
    checks: str  # what it checks, one markdown sentence
    message: str  # bilingual template `中文 | English`
    example: str  # a message as the checker printed it

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: unknown severity {self.severity}")
        if self.source not in SOURCES:
            raise ValueError(f"rule {self.id}: unknown source {self.source}")
        if " | " not in self.message:
            raise ValueError(f"rule {self.id}: the message template must be `中文 | English`")


RULES: dict[str, Rule] = {}


def _rule(**fields) -> Rule:
    rule = Rule(**fields)
    if rule.id in RULES:
        raise ValueError(f"rule {rule.id} registered twice")
    RULES[rule.id] = rule
    return rule


def get(rule_id: str) -> Rule:
    """The registered rule; an unregistered id is a programming error, raised at once."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"rule {rule_id!r} is not in the catalogue (pipeline/check/catalogue.py)") from None


_rule(id="hierarchy_sum", source="structure", severity="error",
      checks="in every amount column, each 类 = Σ its 款, each 款 = Σ its 项; the 合计 row = Σ top-level codes "
             "(or Σ every row of a flat function × economic list); a 三公 table printed as rows, by item name "
             "(declared with the templates): 合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费, "
             "购置及运行费 = 购置费 + 运行费",
      message="{subject}: {total} ≠ {parts} = {computed} (Δ, 容差) | stated {stated}, parts add to {computed}",
      example="20805 行政事业单位养老支出 16.27 ≠ 2080502 0.00 + 2080505 空 = 0.00")
_rule(id="row_outside_grid", source="structure", severity="warning",
      checks="text lines shaped like the table's rows (a code or name, then amounts) printed just below its last "
             "row, atop a page it continues onto, or filling the next page when no grid was found there, with "
             "amounts the table lacks: rows the reading lost; a failed sum of the table whose difference they "
             "print gets the reason `lost_row` (a warning)",
      message="{kind}：表格线外印有未读入表格的行「{line}」（第{page}页） | {n} row(s) printed outside the table's grid "
              "were not read into it",
      example="一般公共预算基本支出表：表格线外印有未读入表格的行「30312 提租补贴 1,018.01」（第18页）")
_rule(id="column_sum", source="structure", severity="error",
      checks="a 合计/小计 column = Σ its sibling columns under the same header (`合计 = 基本支出 + 项目支出`, "
             "`基本支出/小计 = 人员经费 + 公用经费`, `三公 合计 = 因公出国 + 公务用车 + 公务接待`)",
      message="{subject}: {total} ≠ {parts} = {computed} (Δ, 容差) | stated {stated}, parts add to {computed}",
      example="201 一般公共服务支出: 小计 263.88 ≠ 基本支出 253.53 + 项目支出 263.88 = 517.41")
_rule(id="total_balance", source="template", severity="error",
      checks="收入总计 = 支出总计 in the 收支总表 and the 财政拨款收支总表",
      message="{table} 收入总计 {income} ≠ 支出总计 {spending} | income total {income} ≠ spending total {spending}",
      example="收支总表 收入总计 521.05 ≠ 支出总计 521.50")
_rule(id="cross_table", source="template", severity="error",
      checks="表2 合计 = 表1 本年收入合计; 表3 合计 = 表1 本年支出合计; 表5 合计 = 表4 本年支出合计's 一般公共预算 "
             "column; 表5 基本支出 = 表6 人员经费合计 + 公用经费合计; budget: 收入总表/支出总表 totals = 收支总表's, "
             "一般公共预算支出表 基本支出 = 基本支出表 合计 — declared per template (`[[rules]]` of "
             "`parsers/templates/*.toml`)",
      message="{subject}: {total} ≠ {parts}（两表不一致） | one table's total differs from the other's",
      example="表5 基本支出 326.67 ≠ 表6 人员经费合计 299.99 + 公用经费合计 25.68")
_rule(id="note_formula", source="note", severity="error",
      checks="the document's 注 (`27 行＝（1＋2＋…＋8）行`, `6 栏各行＝（1＋2－3）栏各行`), evaluated on the "
             "table's 行次/栏次",
      message="{subject}: {total} ≠ {parts}（表注公式不成立） | the table's own note formula fails",
      example="4栏 3.00 ≠ 1栏 1.00 + 2栏 5.00 − 3栏 4.00 = 2.00")
_rule(id="text_table_mismatch", source="narrative", severity="error",
      checks="an amount the text states for a classification item (`事业运行(项)`, a quoted path "
             "`“住房保障支出-住房改革支出-购房补贴”科目`), a named category (`工资福利支出`, `人员经费`, the prose's "
             "short names such as 物业费, a column of a one-row table such as 机关运行经费预算数) or a named total "
             "(`财政拨款收支总计`, the unit's whole `收入预算`/`支出预算`) that no cell of that item holds "
             "(a 万元 figure restating a table printed in 元 must be that cell rounded); a 三公 item "
             "(`公务接待费 2.00 万元`) that the 三公 table's cell of that item, in the same phase (预算/决算), does not "
             "hold; a share of a total the tables print (`占项目支出总额的 100%`, `占本年支出合计的 100%`)",
      message="{item}: 说明写 {stated}，{table} 为 {cell} | the text states {stated} for {item}; the table prints {cell}",
      example="事业运行(项): 说明写 253.54万元，一般公共预算财政拨款支出决算表为 253.53万元")
_rule(id="text_class_mismatch", source="narrative", severity="error",
      checks="an amount the text files under a classification (`一般公共服务支出 396.84 万元`) that no table prints, "
             "while the tables print that amount for one other classification of that level",
      message="说明把 {stated} 列在“{name}”下，表中没有该科目，该数属于 {code} | the text files {stated} under {name}; "
              "the tables print it for {code}",
      example="说明把 396.84万元 列在“一般公共服务支出（类）”下，表中没有该科目，该数属于 207 文化旅游体育与传媒支出")
_rule(id="text_repeated_mismatch", source="narrative", severity="error",
      checks="in a 预算/决算 narrative, one item stated twice within two sentences with amounts printed alike that "
             "differ by a typing slip (the same subject words, classification item and role: an opening sentence and "
             "its breakdown)",
      message="{item}: 同段先写 {first}，后写 {second} | {item} is stated as {first} and later as {second}",
      example="基本支出: 同段先写 253.54万元，后写 235.54万元")
_rule(id="percent_mismatch", source="narrative", severity="error",
      checks="完成预算的 R% against the sentence's 决算 ÷ 预算; 增长/下降/增幅/降幅/提高 G% (also bracketed after its "
             "change, `减少 5.20 万元（12.35%）`, or with its % sign dropped, `（12.35）`) against the change ÷ "
             "(amount ∓ change) or a stated prior amount (上年预算数/上年执行数/上年决算数), naming a rate computed on "
             "this year's amount instead of last year's; 占 S% against the base the other shares of its run agree on "
             "(two shares suffice after a stated total), or against a base the paragraph states by the same name "
             "(`占本年支出预算 36.01%` after `2026 年支出预算 29956.27 万元`); a share of a whole over 100 %",
      message="{subject}: 比率 {stated}% ≠ {formula} = {computed}% | stated {stated}%, the amounts give {computed}%",
      example="完成预算的 26.6% ≠ 决算 0.93万元 ÷ 预算 3万元 = 31.00%")
_rule(id="unit_slip", source="narrative", severity="error",
      checks="a change and its amount printed in different units (元 beside 万元) where the rate only holds in "
             "one unit; one of a change, its amount and the prior amount in another unit than the other two, where "
             "the difference holds only in one unit",
      message="{subject}: 变动 {change} … {rate}% 只在单位为{unit}时成立 | the rate only holds if the change is in {unit}",
      example="减少 0.85元 … 3.09% 只在单位为万元时成立")
_rule(id="direction_mismatch", source="narrative", severity="error",
      checks="a change worded 增加/增长 where the two amounts it compares fell (or 减少/下降 where they rose); a "
             "change and its rate worded in opposite directions (`增加 8 万元，下降 5%`); a rate that holds only for "
             "the opposite direction of its change",
      message="{subject}: 写{word}，但 {current} 与上年 {prior} 相比为{actual} | stated {word}, the amounts {actual}",
      example="办公费: 写增加，但 12.30万元 与上年 15.00万元 相比为减少")
_rule(id="difference_mismatch", source="narrative", severity="error",
      checks="a stated 增加/减少 X 万元 against the two amounts it is the difference of (the prior one stated, or "
             "printed in the table's 上年 / earlier-year column of the row the text restates)",
      message="{subject}: 变动 {change} ≠ {current} − {prior} = {computed} | change stated {change}, the amounts differ by {computed}",
      example="变动 1476.73万元 ≠ 29956.27万元 − 28479.84万元 = 1476.43万元")
_rule(id="percent_truncated", source="narrative", severity="info",
      checks="a rate that holds only if the writer cut digits instead of rounding",
      message="{subject}: {stated}% … = {computed}%（截断而非四舍五入） | {stated}% is {computed}% truncated, not rounded",
      example="完成预算的 95.45% … = 95.46%")
_rule(id="form_sum", source="form", severity="error",
      checks="in a 绩效 form's money block: 小计 ③ = 年初预算 ① + 调整 ②, 结余 ⑥ = ③ − 拨付 ④, a 总额 sub-column "
             "= 财政拨款 + 其他资金; down the block 财政资金小计 = 中央 + 省级 + 地方, and the total line "
             "(合计 / 年度资金总额 / 金额合计) = Σ the lines under it (财政资金小计 + 其他资金 where printed)",
      message="{subject}: {total} ≠ {parts} = {computed} (Δ, 容差) | stated {stated}, parts add to {computed}",
      example="绩效自评表 财政资金小计 [资金/小计]: 财政资金小计 100.00 ≠ 其中：中央 20.00 + 省级 36.00 + 地方 45.00 = 101.00")
_rule(id="execution_rate", source="form", severity="error",
      checks="执行率 = 执行数(B) ÷ 预算数(A) (全年预算数 where the form has both), 实现率 ⑤ = 拨付 ④ ÷ 小计 ③, "
             "each rate to its printed precision",
      message="{subject}: 执行率 {rate} ≠ {b} ÷ {a} = {computed}% | execution rate printed {rate}%, B/A = {computed}%",
      example="执行率 47.66% ≠ 执行数 14.79 ÷ 预算数 31.7 = 46.66%")
_rule(id="balance_rate", source="form", severity="error",
      checks="结余率 ⑦ = 结余 ⑥ ÷ 小计 ③ in a 部门整体绩效自评表",
      message="{subject}: 结余率 {rate} ≠ {balance} ÷ {subtotal} = {computed}% | balance rate printed {rate}%, ⑥/③ = {computed}%",
      example="绩效自评表 地方 [⑦ = ⑥ ÷ ③]: 结余率 12.11% ≠ 结余 5.00 ÷ 小计 45.00 = 11.11%")
_rule(id="score_total", source="form", severity="error",
      checks="总分 = Σ 三级指标 分值 + the money block's 分值 (or Σ 三级指标 alone, as some forms print it), the same "
             "for 得分 (a 分值 or 得分 printed with "
             "fewer than two decimals is exact); a 一级指标's stated weight (`产出指标（50分）`) = Σ its indicators' 分值",
      message="{subject}: {total} ≠ {parts} = {computed}（分数合计不符） | stated total {stated}, the scores add to {computed}",
      example="绩效自评表 产出指标（50分） [分值]: 一级指标分值 （50分） ≠ 消杀覆盖区县数量 分值 25 + 控制病媒生物密度 分值 30 = 55")
_rule(id="score_above_weight", source="form", severity="error",
      checks="an indicator's 得分 above its 分值",
      message="{indicator}: 得分 {score} > 分值 {weight} | indicator scored {score} above its weight {weight}",
      example="控制病媒生物密度: 得分 30 > 分值 25")
_rule(id="score_mismatch", source="form", severity="error",
      checks="the money block's 得分 = 分值 × min(执行率, 100 %), the linear rule, stated in the message; some "
             "regions score in steps, so every such finding carries the reason `scoring_assumed` (a warning)",
      message="得分 {score} ≠ 分值 {weight} × 执行率 {rate}% = {computed} | score printed {score}; the linear rule gives {computed}",
      example="得分 15 ≠ 分值 20 × 执行率 46.66% = 9.33")
_rule(id="missing_table", source="completeness", severity="warning",
      checks="a table the document's own template requires (its regional variant, else the national one) "
             "not printed (only for documents printing ≥ 3 of them), named as usually printed",
      message="缺少标准表：{kind}（{printed}）（模板：{template}） | standard table of template {template_id} not found "
              "in the document: {kind}",
      example="缺少标准表：国有资本经营预算支出表（模板：部门预算公开表（全国通用））")
_rule(id="issuer_missing", source="completeness", severity="warning",
      checks="a disclosure with a text layer whose issuer or year is named neither on its cover (lines joined), "
             "in a label (`预算单位：…`), a part heading, a form's label cell (`部门名称` | value, `（2026年度）`), "
             "a running header, a table title nor the prose",
      message="未能识别{what}：封面、页眉、部分标题、表格标题和正文均未写明 | no {what_en} found on the cover, in a "
              "label, part heading, running header, table title or the prose",
      example="未能识别发文单位：封面、页眉、部分标题、表格标题和正文均未写明")
_rule(id="empty_table", source="completeness", severity="warning",
      checks="a standard table with no amount and no statement that the unit has no such funds",
      message="{kind} 没有任何金额，也没有说明 | {kind} prints no amount and no statement that the unit has no such funds",
      example="政府性基金预算财政拨款收入支出决算表没有任何金额，也没有说明")

_rule(id="prior_year_change", source="cross-document", severity="warning",
      checks="this year's amount less its stated change against last year (`与上年相比增加 X`, `比 Y−1 年预算持平`) "
             "= last year's budget's figure for the same item (code, or subject); a warning, because a 上年 base "
             "may be the adjusted budget rather than the published one",
      message="{item}: 上年数应为 {implied} 万元（{said}），上年预算（第 {page} 页）印 {printed} | last year's figure "
              "implied by this year's text ({implied} 万元) is not what last year's budget printed on its page {page}",
      example="法院一般行政事务管理支出: 上年数应为 6442.89 万元（6049.97万元 减少 392.92万元），上年预算（第 13 页）印 6432.89万元")
_rule(id="prior_year_column", source="cross-document", severity="warning",
      checks="a budget's 上年预算数 column = last year's budget, same table kind and row (a warning: the column may "
             "print the adjusted budget)",
      message="{kind} {item} {column}: 本表印 {stated}，上年预算公开为 {printed} | last year's column prints {stated}, "
              "last year's budget printed {printed}",
      example="一般公共预算支出表 2070101 上年预算数: 本表印 40.00，上年预算公开为 60.00")
_rule(id="budget_of_final", source="cross-document", severity="error",
      checks="a final account's 年初预算 / 预算数 (its tables and its narrative) = the budget published for that year",
      message="{item}: 决算说明写年初预算 {stated}，本年部门预算公开为 {printed} | the final account states a budget the "
              "published budget does not print",
      example="三公经费: 决算说明写年初预算 12.50万元，本年部门预算公开为 12.00万元")
_rule(id="units_sum", source="cross-document", severity="warning",
      checks="a department's 收支总表 totals = Σ the budgets of the units it lists (`具体包括：…`) when all are in the "
             "store (a warning: internal transfers may be eliminated on consolidation); otherwise (info) which are missing",
      message="收支总表 {name} {stated}，所属 {n} 家单位预算之和 {computed} 万元 | the department's {name} is not the "
              "sum of its units' budgets",
      example="收支总表 收入总计 310.00，所属 2 家单位预算之和 300.00 万元")
_rule(id="classification_renamed", source="cross-document", severity="info",
      checks="a code printed under another name than in last year's budget: a catalogue change (or a mistyped name), "
             "told, and the code is not compared across the years",
      message="科目 {code} 上年为“{old}”，本年为“{new}” | code {code} was “{old}” last year, “{new}” this year",
      example="科目 2040405 上年为“公诉和审判监督”，本年为“公诉、审判、侦查、执行等检察监督支出”")
# --- editorial: what a reviewer marks besides the arithmetic (words, not numbers) -------------
_rule(id="template_residue", source="editorial", severity="warning",
      checks="template text left in: `XX局`, `××`, `XXX万元`, `增加（减少）`, `（如有）`, a reason announced and not "
             "given (`主要原因是。`, `原因：` before the next heading); more than three on a page are one finding",
      message="{what}：「{quote}」（第{page}页） | {what_en}: “{quote}” (page {page})",
      example="说明了“原因”却没有写原因：「…与2023年预算持平，主要原因是。其中：公务用车购置费0.00万元…」（第16页）")
_rule(id="year_mismatch", source="editorial", severity="warning",
      checks="a year that is not the document's (the year its table titles agree on): `截至 X 年 12 月 31 日` (a final "
             "account of Y: X = Y; a budget for Y: Y-2 ≤ X ≤ Y-1), a year compared with itself, a table title of "
             "another year, a column header neither this year nor last",
      message="{year}年预算写“截至{x}年12月31日”，应为{should}年 | a {year} budget states balances at the end of {x}",
      example="2026年预算写“截至2026年12月31日”，应为2025年：「…六、国有资产占有使用情况截至2026年12月31日，本单位共有车辆0辆…」")
_rule(id="comparison_word", source="editorial", severity="warning",
      checks="等于/持平/大于/小于/节约/超支/比…增加 in a sentence whose own two amounts say otherwise (compared to "
             "their printed precision); changes stated with one amount and the change are the narrative rules', and "
             "a sentence a narrative rule already recomputed (direction_mismatch, unit_slip, difference_mismatch) is "
             "not reported again",
      message="写“{word}”，但句中数字 {a} 与 {b} 表明前者{relation} | the sentence says “{word}” but its own amounts are {relation}",
      example="写“持平”，但句中数字 95.00万元 与 100.00万元 表明前者更小")
_rule(id="scope_word", source="editorial", severity="warning",
      checks="a document whose cover says 单位预算/单位决算 with a heading or table title saying 部门预算/部门收支预算…, "
             "or the reverse (`部门预算经济分类` is the classification's name, not a scope)",
      message="封面为{scope}，标题却写“{word}”：「{title}」 | the cover says {scope}, this title says {word}",
      example="封面为单位预算，标题却写“部门收支预算”：「2025年部门收支预算总表」")
_rule(id="issuer_name", source="editorial", severity="warning",
      checks="a heading or table title naming another organisation as the discloser than the cover's issuer",
      message="标题中的单位“{name}”与封面“{issuer}”不一致 | the title names {name}, the cover {issuer}",
      example="标题中的单位“上海市普陀区民政局”与封面“上海市普陀区社会福利院”不一致")
_rule(id="punctuation", source="editorial", severity="info",
      checks="a doubled mark (`。。`, `，，`, `、、`) or two sentence marks in a row (`，。`)",
      message="标点重复或连用：「{quote}」 | doubled punctuation: “{quote}”",
      example="标点重复或连用：「本部门负责全区工作。。主要职能包括…」")
_rule(id="unbalanced_bracket", source="editorial", severity="info",
      checks="（ ）, “ ” or 《 》 read in order over the narrative, across lines and pages (pages with tables skipped): "
             "a mark closing nothing, or one still open at the next of its kind or 300 characters on",
      message="“{mark}”未闭合 / 无对应的前括号：「{quote}」 | “{mark}” never closed / closes nothing",
      example="“（”未闭合：「…办公室（组织人事处、审计监督处）(机关党委(与办公室(组织人事处、…」")
_rule(id="cut_sentence", source="editorial", severity="warning",
      checks="a page of prose whose last line runs to the margin mid-sentence while the next page opens with a "
             "heading (pages with a table, and OCR'd pages, are not judged)",
      message="页末句子未完，下一页另起标题：「{quote}」 | a sentence cut off at the page end and not continued",
      example="页末句子未完，下一页另起标题：「…资金支付时严格执行相关制度，严格规范资金的使」（第5页）")
_rule(id="repeated_paragraph", source="editorial", severity="warning",
      checks="three or more paragraphs (30 characters each) of one page printed again on the next page (a page "
             "pasted twice); one restated paragraph, or a later section restating an earlier one, is a template habit",
      message="第{page}页重复第{earlier}页的 {n} 段文字 | {n} paragraph(s) of page {earlier} printed again on page {page}",
      example="第8页重复第7页的 12 段文字：「…支出预算3,121.42万元，其中：财政拨款支出预算3,121.42万元…」")
_rule(id="blank_page", source="editorial", severity="info",
      checks="a page with nothing on it, or only its page number, between the first and the last page",
      message="第{page}页为空白页 | page {page} is blank",
      example="第12页为空白页")
_rule(id="row_numbers", source="editorial", severity="warning",
      checks="a 行次 column or the 栏次 row that skips one number or repeats one (each run from 1 on its own; larger "
             "gaps are the template's, and a 总表's 行次 run across its two sides, so they are not judged)",
      message="{what}编号不连续：{slip} | {what} numbering: {slip_en}",
      example="栏次编号不连续：2 重复（收支总表，第5页）")
_rule(id="missing_unit", source="editorial", severity="warning",
      checks="a standard table with amounts, no unit line of its own and no unit word anywhere on its page or in "
             "its header",
      message="表格缺少单位行：「{title}」 | the table prints no unit line: “{title}”",
      example="表格缺少单位行：「收支总表」（第5页）")
_rule(id="unit_contradiction", source="editorial", severity="warning",
      checks="a table in 元 whose figures the narrative restates digit for digit in 万元 (two at least), or the reverse",
      message="表格单位为{unit}，说明却以{other}复述同样的数字 | the table is in {unit}, the text restates its figures in {other}",
      example="表格单位为元，说明却以万元复述同样的数字（如 1234.56）")
_rule(id="contents_missing", source="editorial", severity="warning",
      checks="a standard table the 目录 lists (an entry ending in 表, not `关于…表的说明`) that the document does not "
             "print (not judged when a table's title was not read whole, or when no standard table is printed: the "
             "tables are in another file)",
      message="目录列出“{title}”，正文未见此表 | the contents list “{title}”, the document does not print it",
      example="目录列出“政府性基金预算支出表”，正文未见此表")
_rule(id="contents_omits", source="editorial", severity="info",
      checks="a standard table printed that a 目录 listing at least three standard tables omits",
      message="目录未列出第{page}页的“{title}” | the contents omit “{title}” (page {page})",
      example="目录未列出第9页的“2025年部门财务收支预算总表”")
_rule(id="contents_page", source="editorial", severity="warning",
      checks="a listed table or heading printed more than one page away from its 目录 page, after the offset between "
             "listed and physical pages that most entries agree on",
      message="目录“{title}”标第{listed}页（即第{expected}页），实际在第{page}页 | the contents put “{title}” at page {listed}",
      example="目录“支出预算总表”标第8页（即第10页），实际在第7页")
_rule(id="code_name_mismatch", source="editorial", severity="warning",
      checks="a table row whose name is not its code's official name that year (`parsers/catalogues/`: functional and "
             "economic classification by year); a name the code had in another year is named as stale; brackets, "
             "spaces, 其它, level tags and names cut where a cell wrapped are tolerated; a renumbered list is one finding",
      message="{code} 的名称“{name}”与{year}年科目名称“{official}”不符 | {code} is printed as “{name}”; its {year} name is “{official}”",
      example="30208 的名称“物业管理费”与2026年科目名称“取暖费”不符（“物业管理费”是 30209 的名称）")
_rule(id="malformed_code", source="editorial", severity="warning",
      checks="a row of a table printing 类 | 款 | 项 whose code cells are not a code (a 类 printed as one digit), or a "
             "款/项 whose parent the table leaves out while it prints the others' parents — with the code its "
             "neighbours imply",
      message="编码“{printed}”不是有效科目编码，按上下行应为 {implied} | code “{printed}” is not a code; its neighbours imply {implied}",
      example="编码“7 | 11 | 02”不是有效科目编码，按上下行应为 2101102（事业单位医疗，2024年预算单位支出预算总表，第9页）")
_rule(id="narrative_class_name", source="editorial", severity="warning",
      checks="the text names a classification (`医疗卫生与计划生育支出（类）`) by a name its code does not have that year",
      message="说明写“{name}”，{code} 在{year}年的名称为“{official}” | the text names {code} “{name}”; in {year} it is “{official}”",
      example="说明写“医疗卫生与计划生育支出（类）”，210 在2024年的名称为“卫生健康支出”（“医疗卫生与计划生育支出”为2014–2018年名称）")


def markdown_table() -> str:
    """The README's rule table, one row per registered rule, in registration order."""
    lines = ["| rule | source | default severity | what it checks | example (from the samples and the corpus) |",
             "|---|---|---|---|---|"]
    for r in RULES.values():
        lines.append(f"| `{r.id}` | {r.source} | {r.severity} | {r.checks} | `{r.example}` |")
    return "\n".join(lines)


BEGIN, END = "<!-- rules:begin (generated by `make rules`; edit pipeline/check/catalogue.py) -->", "<!-- rules:end -->"


def generated_block() -> str:
    from pipeline.check import policy  # the reasons table sits beside the rules; policy imports this module
    return f"{BEGIN}\n{markdown_table()}\n\n{policy.markdown_table()}\n{END}"


def readme_with_tables(readme: str) -> str:
    """The README text with its generated block replaced by the catalogue's current one."""
    start, end = readme.index(BEGIN), readme.index(END) + len(END)
    return readme[:start] + generated_block() + readme[end:]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="print the rule tables, or rewrite them in a README")
    parser.add_argument("--write", type=Path, help="README to rewrite between the rules markers")
    args = parser.parse_args(argv)
    if args.write:
        args.write.write_text(readme_with_tables(args.write.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(generated_block())

