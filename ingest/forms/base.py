"""What a form family is: the labels that name it and the extraction steps it runs."""
from dataclasses import dataclass, field, replace
from typing import Callable

from ingest.cells import label_key
from ingest.funds import exec_weight_from_title, extract_funds
from ingest.goals import extract_goals
from ingest.header import extract_header, extract_place
from ingest.indicators import extract_indicators
from ingest.layout import Cell
from ingest.model import Report
from ingest.narrative import extract_narrative
from ingest.title import summary_reason
from ingest.totals import extract_totals


@dataclass
class Reading:
    """What every step reads: the cells, the text lines, and whether cell positions can be trusted."""

    cells: list[Cell]
    lines: list[str]
    keeps_empty: bool
    flat: bool

    def has_label(self, labels: tuple[str, ...]) -> bool:
        """True when a cell is one of the labels (or starts with one, for tagged block titles)."""
        return any(label_key(c).startswith(labels) for c in self.cells if len(c.key) <= 30)


Step = Callable[[Reading, Report], None]


def header(r: Reading, report: Report) -> None:
    extract_header(r.cells, r.lines, report)


def funds(r: Reading, report: Report) -> None:
    extract_funds(r.cells, report, r.keeps_empty)
    exec_weight_from_title(r.lines, report)


def goals(r: Reading, report: Report) -> None:
    extract_goals(r.cells, report)


def indicators(r: Reading, report: Report) -> None:
    extract_indicators(r.cells, report, r.keeps_empty, flat=r.flat)


def totals(r: Reading, report: Report) -> None:
    extract_totals(r.cells, report)


def narrative(r: Reading, report: Report) -> None:
    extract_narrative(r.cells, r.lines, report)


def place(r: Reading, report: Report) -> None:
    extract_place(r.cells, report)


def summary(r: Reading, report: Report) -> None:
    """Mark a text that covers several projects or funds as a summary, saying why."""
    reason = summary_reason(r.lines)
    if not reason:
        return
    report.completeness["summary"] = reason
    report.warnings.append(f"本报告是多个项目或资金的汇总叙述（{reason}），其数字不对应单一项目")


# The national form's chain; every family starts from it and replaces only what differs.
STEPS: dict[str, Step] = {"header": header, "funds": funds, "goals": goals, "indicators": indicators,
                          "totals": totals, "narrative": narrative, "place": place, "summary": summary}


@dataclass(frozen=True)
class Form:
    """A form family: its name, the labels any of which names it, and its steps in order."""

    name: str
    title: str                                   # the family's name as users know it
    markers: tuple[str, ...] = ()                # labels any of which names the family
    detect: Callable[[Reading], bool] | None = None   # a test of its own, where labels do not suffice
    steps: dict[str, Step] = field(default_factory=lambda: dict(STEPS))

    def matches(self, reading: Reading) -> bool:
        """True when the document prints one of the markers (or passes the family's own test)."""
        if self.detect is not None:
            return self.detect(reading)
        return not self.markers or reading.has_label(self.markers)

    def overriding(self, **steps: Step | None) -> dict[str, Step]:
        """This family's steps with some replaced (a None drops the step), order kept."""
        merged = {**self.steps, **steps}
        return {name: step for name, step in merged.items() if step is not None}

    def run(self, reading: Reading, report: Report) -> None:
        """Run every step and record the family on the report."""
        report.set("form", self.name, self.title, None, "derived")
        for step in self.steps.values():
            step(reading, report)


def derive(base: Form, name: str, title: str, markers: tuple[str, ...] = (),
           detect: Callable[[Reading], bool] | None = None, **steps: Step | None) -> Form:
    """A family that differs from base only in how it is recognised and the steps given."""
    return replace(base, name=name, title=title, markers=markers, detect=detect, steps=base.overriding(**steps))
