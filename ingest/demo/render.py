"""One report → blocks (paragraphs and tables) → the real layouts: Word, Excel, PDF, tab cells, pipe tables."""
import datetime as dt

from ingest.demo.numbers import fmt

WIDTH = 9
BROKEN_LABELS = {"年初预算数": "年初\n预算数", "全年预算数": "全年\n预算数", "全年执行数": "全年\n执行数",
                 "年度指标值": "年度\n指标值", "实际完成值": "实际\n完成值", "项目资金（万元）": "项目资金\n（万元）",
                 "偏差原因分析及改进措施": "偏差原因\n分析及\n改进措施"}
LEVEL1_WEIGHT = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}


def cn_date(iso: str) -> str:
    """2022-03-01 → 2022年3月1日."""
    d = dt.date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def row(*cells) -> list:
    """A table row padded to WIDTH with cells merged into the last given one."""
    return list(cells) + [None] * (WIDTH - len(cells))


MONEY_KEYS = ("budget_initial", "budget_full_year", "executed")
SUB_ROWS = ("其中：当年财政拨款", "上年结转资金", "其他资金")


def split_amount(total: float, shares: tuple) -> list:
    """A column total split by source (财政拨款 takes the rounding rest); a zero part prints blank."""
    rest = [round(total * s, 2) for s in shares[1:]]
    parts = [round(total - sum(rest), 2), *rest]
    return [p if p else None for p in parts]


def fund_amounts(r: dict) -> list[list]:
    """The amounts of the 年度资金总额 row and its three 其中 rows per column, as printed (None = blank).
    A planted A10 slip shifts one sub-row cell; a planted blank total empties total cells [(column, shown)]."""
    f, factor = r["funds"], r["funds"].get("table_factor", 1)
    totals = [round(f[k] * factor, 2) for k in MONEY_KEYS]
    columns = [split_amount(t, f.get("shares", (1.0, 0.0, 0.0))) for t in totals]
    rows = [totals] + [[columns[c][i] for c in range(3)] for i in range(3)]
    if f.get("slip"):
        row, col, share = f["slip"]
        rows[row][col] = round((rows[row][col] or 0) + totals[col] * share, 2)
    for col, shown in f.get("blank_total") or ():
        rows[0][col] = shown
    return rows


def headline_amounts(r: dict) -> list:
    """年初, 全年 and 执行 as a reader takes them: the total row, or the 财政拨款 row when the total row
    shows no money at all."""
    total, fiscal, *_ = fund_amounts(r)
    return fiscal if not any(total) else total


def printed(amount) -> str:
    """An amount cell: blank for None."""
    return "" if amount is None else fmt(amount)


def fund_rows(r: dict) -> list[list]:
    """The 项目资金 block: header, 年度资金总额, 其中 rows."""
    f = r["funds"]
    total, *subs = [[printed(a) for a in amounts] for amounts in fund_amounts(r)]
    return [row("项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
            row("", "年度资金总额", *total, fmt(f["exec_weight"]), fmt(f["execution_rate"]) + "%", fmt(f["exec_score"])),
            *(row("", label, *amounts, "—", "", "—") for label, amounts in zip(SUB_ROWS, subs))]


def indicator_rows(r: dict) -> list[list]:
    """Header and one row per indicator; level cells printed on the first row of their group."""
    rows = [["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
             "偏差原因分析及改进措施"]]
    last1 = last2 = None
    for ind in r["indicators"]:
        l1 = ind["level1"] if ind["level1"] != last1 else ""
        if l1 and r["style"]["level_weights"]:
            l1 += f"（{sum(i['weight'] for i in r['indicators'] if i['level1'] == ind['level1'])}分）"
        l2 = ind["level2"] if (ind["level1"], ind["level2"]) != last2 else ""
        last1, last2 = ind["level1"], (ind["level1"], ind["level2"])
        rows.append(["", l1, l2, ind["name"], ind["target"], ind["actual"], fmt(ind["weight"]), fmt(ind["score"]),
                     ind["deviation_reason"] or ""])
    return rows


def form_tables(r: dict) -> list[list[list]]:
    """The 项目支出绩效自评表: header and funds, goals, then the indicators in page-sized tables."""
    u, n, d = r["unit"], r["narrative"], r["dates"]
    head = [row("项目名称", r["project_name"]),
            row("主管部门", u["department"], None, None, "实施单位", u["name"]),
            row("项目开始时间", d["project_start"], None, None, "项目完成时间", d["project_end"])]
    goals = [row("年度总体目标", "预期目标", None, None, None, "实际完成情况"),
             row("", n["goal_target"], None, None, None, n["goal_actual"])]
    totals = [row("总分", None, None, None, None, None, "100", fmt(r["self_score"]), ""), row("自评等级", r["grade"])]
    return [head + fund_rows(r), goals, *page_split(indicator_rows(r) + totals)]


def page_split(rows: list[list]) -> list[list[list]]:
    """The indicator table broken where a new 一级指标 starts, as long tables break across pages."""
    tables = [[rows[0]]]
    for cells in rows[1:]:
        if cells[1] and len(tables[-1]) > 1:
            tables.append([])
        tables[-1].append(cells)
    return tables


def listed_parts(parts) -> str:
    """`，其中省级补助资金60万元、市级配套资金30万元` for A11's components, or nothing."""
    if not parts:
        return ""
    return "，其中" + "、".join(f"{label}{fmt(value)}{unit}" for label, value, unit in parts)


def money_paragraph(r: dict) -> str:
    """Section 二: budget (with its components), spending, and the reasons a clean report gives."""
    n, fig = r["narrative"], r["figures"]
    return (f"项目总预算{fig['budget']}万元{listed_parts(n.get('budget_parts'))}。实际支出{fig['executed']}万元，"
            f"完成年度预算的{fig['rate']}%。" + (n.get("adjust_reason") or "") + (n.get("exec_reason") or ""))


def narrative_blocks(r: dict) -> list[str]:
    """The 自评报告 before the form: figures, score, problems and measures."""
    u, n, fig, d = r["unit"], r["narrative"], r["figures"], r["dates"]
    score = (f"经自评，项目自评得分{fig['score']}分{listed_parts(n.get('score_parts'))}，自评等级为“{r['grade']}”。"
             + (n["survey"] or ""))
    return [f"{r['year']}年度{r['project_name']}绩效自评报告", "一、项目基本情况",
            f"{u['name']}隶属于{u['department']}。{r['project_name']}于{cn_date(d['project_start'])}启动实施。",
            "二、项目资金使用情况", money_paragraph(r),
            "三、绩效目标完成情况", score, "四、存在的问题",
            n["problems_text"] if n["problems_admitted"] else "无。", "五、改进措施", n["measures"],
            "六、其他需要说明的情况", "无。", f"填报人：{r['filer']}    填报日期：{cn_date(d['filed'])}"]


def report_blocks(r: dict) -> list:
    """Narrative, then the form's title and table."""
    return narrative_blocks(r) + ["项目支出绩效自评表", f"（{r['year']}年度）", *form_tables(r)]


def tab_text(blocks: list) -> str:
    """Word tables flattened to one cell per line starting with a tab, rows split by blank lines."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out.append(block)
            continue
        for cells in block:
            out.append("")
            out += ["\t" + BROKEN_LABELS.get(c, c) for c in cells if c is not None]
        out.append("")
    return "\n".join(out) + "\n"


def pipe_text(blocks: list) -> str:
    """Tables as pipe rows with merged cells as empty columns, as converters print them."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out += [block, ""]
            continue
        out += ["| " + " | ".join([""] * WIDTH) + " |", "|" + "|".join(["---"] * WIDTH) + "|"]
        out += ["| " + " | ".join(c or "" for c in cells) + " |" for cells in block]
        out.append("")
    return "\n".join(out) + "\n"
