"""Anything else, mostly narrative reports: header, amounts beside their labels, sentences, place.

With no form printed there is no fund or indicator table to align; reading one out of prose
would only invent rows, so those steps are left out.
"""
from ingest.forms import base, national
from ingest.funds import labelled_amounts
from ingest.model import Report


def funds(reading: base.Reading, report: Report) -> None:
    """Only amounts printed beside their own label (`计划安排资金（万元）| 700`)."""
    labelled_amounts(reading.cells, report)


FORM = base.derive(national.FORM, "generic", "叙述式报告或未识别格式", markers=(), funds=funds,
                   indicators=None, goals=None)
