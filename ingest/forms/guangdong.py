"""Older Guangdong forms: 资金安排情况 and 资金使用情况 split by source, with a 资金合计 column."""
from ingest.forms import base, national
from ingest.funds import extract_split_source_funds
from ingest.model import Report


def funds(reading: base.Reading, report: Report) -> None:
    """The 资金合计 of the evaluated year in each block, and 评价金额."""
    extract_split_source_funds(reading.cells, report)


FORM = base.derive(national.FORM, "guangdong_split_source", "广东分来源资金自评表",
                   markers=("资金安排情况", "资金使用情况"), funds=funds)
