"""Sichuan-style blocks: 预算执行情况（10分） and 绩效指标（90分）, 调整后预算数, 权重.

The execution weight is printed in the block title; where the budget row leaves its 权重
cell empty, the title's figure is the weight (never an assumed 10).
"""
import re

from ingest.forms import base, national
from ingest.model import Report

BLOCK_TITLE = re.compile(r"^预算执行情况\((\d{1,2})分\)$")


def funds(reading: base.Reading, report: Report) -> None:
    """Fund rows as on the national form, then the execution weight from the block title."""
    base.funds(reading, report)
    if report.get("exec_weight") is not None:
        return
    for cell in reading.cells:
        match = BLOCK_TITLE.match(cell.key)
        if match:
            report.set("exec_weight", float(match.group(1)), cell.text, cell.line)
            return


FORM = base.derive(national.FORM, "sichuan", "四川式分块自评表（预算执行情况／绩效指标）",
                   markers=("预算执行情况(10分)", "预算执行情况(20分)", "调整后预算数", "财政专户管理资金"),
                   funds=funds)
