"""The normalized report: scalar fields, fund rows, indicators, narratives, provenance, warnings."""
from dataclasses import asdict, dataclass, field
from typing import Any

SCALAR_FIELDS = [
    "kind", "project_name", "implementing_unit", "supervising_department", "province", "city",
    "county", "adcode", "year", "money_unit", "budget_initial", "budget_full_year", "executed",
    "execution_rate", "exec_weight", "exec_score", "self_score", "grade", "weight_total",
    "filed_date", "project_end_date", "claims_completion", "goal_target", "goal_actual", "form",
]


# The resolver's precedence: a value read from a table whose columns the file itself fixes
# beats one aligned from text, which beats a sentence of the narrative, which beats a
# value derived from others. Among equals the first one read wins.
PRECEDENCE = {"grid": 0, "table": 1, "narrative": 2, "derived": 3}


@dataclass
class Prov:
    """Where one value came from: the printed text and its line in the rendered document."""

    field: str
    value: Any
    raw: str
    line: int | None
    origin: str = "table"       # grid | table | narrative | derived
    loc: str | None = None      # location in the original file, filled from the reader's origins
    confidence: float = 1.0     # below 1 where the value was inferred (aligned, repaired, OCR)


@dataclass
class FundRow:
    row_label: str
    budget_initial: float | None = None
    budget_full_year: float | None = None
    executed: float | None = None
    execution_rate: float | None = None
    weight: float | None = None
    score: float | None = None
    raw: str = ""
    line: int | None = None
    kind: str = ""              # total | fiscal | carryover | other | …, from the row label


@dataclass
class Indicator:
    level1: str | None
    level2: str | None
    name: str | None
    target: str | None = None
    actual: str | None = None
    weight: float | None = None
    score: float | None = None
    deviation_reason: str | None = None
    target_cmp: str | None = None
    target_num: float | None = None
    target_unit: str | None = None
    actual_cmp: str | None = None
    actual_num: float | None = None
    actual_unit: str | None = None
    name_repaired: bool = False
    is_placeholder: bool = False
    line: int | None = None
    loc: str | None = None
    confidence: float = 1.0     # below 1 where its row was read by OCR with doubt, or aligned from text


@dataclass
class Report:
    file: str
    sha256: str
    format: str
    layout: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    funds: list[FundRow] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    narratives: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    provenance: list[Prov] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    part: int = 0               # index of this report among those read from one file
    completeness: dict[str, Any] = field(default_factory=dict)
    part_sums: list = field(default_factory=list)   # `total，其中 parts` lists of the prose (ingest.part_sums)
    _rank: dict[str, int] = field(default_factory=dict, repr=False)

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def set(self, name: str, value: Any, raw: str, line: int | None, origin: str = "table",
            confidence: float = 1.0) -> None:
        """Record a candidate value with its source; the resolver keeps the best by PRECEDENCE."""
        if value is None:
            return
        self.provenance.append(Prov(name, value, raw, line, origin, confidence=confidence))
        if self.values.get(name) is None or PRECEDENCE[origin] < self._rank.get(name, 99):
            self.values[name] = value
            self._rank[name] = PRECEDENCE[origin]

    def chosen(self, name: str) -> Prov | None:
        """The provenance of the value the resolver kept for a field."""
        return next((p for p in self.provenance if p.field == name and p.value == self.values.get(name)), None)

    def counted_indicators(self) -> list[Indicator]:
        """Indicators with a real name (placeholders and blank rows left out)."""
        return [ind for ind in self.indicators if not ind.is_placeholder]

    def to_json(self) -> dict[str, Any]:
        """The JSON Lines record printed by `extract`."""
        out: dict[str, Any] = {"file": self.file, "sha256": self.sha256, "format": self.format,
                               "layout": self.layout}
        out.update({name: self.values.get(name) for name in SCALAR_FIELDS})
        out["n_indicators"] = len(self.counted_indicators())
        out["all_indicators_full_marks"] = all_full_marks(self.counted_indicators())
        out["indicators"] = [asdict(ind) for ind in self.indicators]
        out["funds"] = [asdict(row) for row in self.funds]
        out["narratives"] = {k: v[0] for k, v in self.narratives.items()}
        out["provenance"] = [asdict(p) for p in self.provenance]
        out["warnings"] = list(self.warnings)
        out["part"] = self.part
        out["completeness"] = dict(self.completeness)
        return out


def all_full_marks(indicators: list[Indicator]) -> bool | None:
    """True when every indicator showing weight and score has score = weight; None if none shows both."""
    both = [i for i in indicators if i.weight is not None and i.score is not None]
    if not both:
        return None
    return all(abs(i.score - i.weight) < 1e-9 for i in both)
