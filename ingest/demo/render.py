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


def money(r: dict, key: str) -> str:
    """An amount as the table prints it (in 元 when A8 was planted)."""
    return fmt(r["funds"][key] * r["funds"].get("table_factor", 1))


def fund_rows(r: dict) -> list[list]:
    """The 项目资金 block: header, 年度资金总额, 其中 rows."""
    f = r["funds"]
    amounts = [money(r, k) for k in ("budget_initial", "budget_full_year", "executed")]
    return [row("项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
            row("", "年度资金总额", *amounts, fmt(f["exec_weight"]), fmt(f["execution_rate"]) + "%", fmt(f["exec_score"])),
            row("", "其中：当年财政拨款", *amounts, "—", "", "—"),
            row("", "上年结转资金", "", "", "", "—", "", "—"),
            row("", "其他资金", "", "", "", "—", "", "—")]


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


def narrative_blocks(r: dict) -> list[str]:
    """The 自评报告 before the form: figures, score, problems and measures."""
    u, n, fig, d = r["unit"], r["narrative"], r["figures"], r["dates"]
    score = f"经自评，项目自评得分{fig['score']}分，自评等级为“{r['grade']}”。" + (n["survey"] or "")
    return [f"{r['year']}年度{r['project_name']}绩效自评报告", "一、项目基本情况",
            f"{u['name']}隶属于{u['department']}。{r['project_name']}于{cn_date(d['project_start'])}启动实施。",
            "二、项目资金使用情况",
            f"项目总预算{fig['budget']}万元，实际支出{fig['executed']}万元，完成年度预算的{fig['rate']}%。",
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
