"""Split target columns: 指标性质 / 指标方向, 指标值 and 度量单位 / 计量单位 printed apart.

The comparator is then a word (正向, 大于等于 …) in its own column; this family turns it into
the symbol before the target, so targets read as on every other form, and gives a bare
actual (`12350`) the target's unit (`宗`).
"""
from ingest.forms import base, national
from ingest.indicators import parse_measures
from ingest.labels import DIRECTION_SYMBOLS
from ingest.model import Indicator, Report

WORDS = sorted(DIRECTION_SYMBOLS, key=len, reverse=True)


def indicators(reading: base.Reading, report: Report) -> None:
    """Indicators as the national form reads them, with direction words made comparators."""
    base.indicators(reading, report)
    for ind in report.indicators:
        normalise_direction(ind)


def normalise_direction(ind: Indicator) -> None:
    """`正向100%` → `≥100%`; a bare actual beside a target with a unit takes that unit."""
    word = next((w for w in WORDS if (ind.target or "").startswith(w)), None)
    if word is not None:
        ind.target = DIRECTION_SYMBOLS[word] + ind.target[len(word):]
    parse_measures(ind)
    if ind.actual_num is not None and not ind.actual_unit and ind.target_unit:
        ind.actual = f"{ind.actual}{ind.target_unit}"
        parse_measures(ind)


FORM = base.derive(national.FORM, "split_target", "指标性质、指标值、度量单位分列的自评表",
                   markers=("指标性质", "指标方向", "度量单位", "计量单位"), indicators=indicators)
