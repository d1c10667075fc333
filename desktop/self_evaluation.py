"""绩效自评 figures of a 决算 file: the 资金情况 block, 执行率 and its 得分, totals and 等级.

Computed, never typed: 全年执行数 is the sum of the subject's expenditure lines, 年初预算数 and
全年预算数 the sums of its BudgetBaselineLines; 执行率 = 全年执行数 / 全年预算数, and its 得分 is
分值 × 执行率, capped at 分值. Points are hundredths of a point (分值 6 → 600). The subject is the
department ("", all lines) or a project (its lines). Grades follow the 自评表's note: 90 (inclusive)
to 100 优, 80–90 良, 60–80 中, below 60 差.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from desktop.errors import LedgerError
from desktop.records import Indicator, IndicatorResult, SelfEvaluation

if TYPE_CHECKING:
    from desktop.catalog import Catalog
    from desktop.ledger import Ledger

FULL_MARKS = 10000  # 总分 100
GRADES = ((9000, "优"), (8000, "良"), (6000, "中"), (0, "差"))
# Rows of the 资金情况 block: 合计 and its three parts.
FUND_ROWS = ("total", "fiscal", "carryover", "other")
FUND_ROW_NAMES = {
    "total": "合计",
    "fiscal": "其中：当年财政拨款",
    "carryover": "上年结转资金",
    "other": "其他资金",
}


def parse_points(text: str | int) -> int:
    """“6” → 600, “5.5” → 550 (hundredths of a point); a clear message for anything else."""
    raw = str(text).strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise LedgerError(f"分值或得分“{raw}”不是数字。") from None
    if value < 0 or value != value.quantize(Decimal("0.01")):
        raise LedgerError(f"分值或得分“{raw}”应为不小于 0、最多两位小数的数。")
    return int(value * 100)


def format_points(points: int | None) -> str:
    """600 → “6”, 550 → “5.5”, 525 → “5.25”; None → “”."""
    if points is None:
        return ""
    text = f"{Decimal(points) / 100:.2f}"
    return text.rstrip("0").rstrip(".")


def grade(total: int) -> str:
    """等级 of a total score (hundredths of a point)."""
    return next(name for floor, name in GRADES if total >= floor)


def fund_row(catalog: Catalog, fund_source: str) -> str:
    """Which 资金情况 row a fund source counts in: fiscal, carryover or other."""
    fund = catalog.fund_sources.get(fund_source)
    if fund_source.startswith("carryover") or (fund and fund.parent == "carryover"):
        return "carryover"
    return "fiscal" if fund is not None and fund.fiscal else "other"


@dataclass(frozen=True)
class FundFigures:
    """年初预算数, 全年预算数 and 全年执行数 of one 资金情况 row (分)."""

    initial: int = 0
    full_year: int = 0
    executed: int = 0


@dataclass(frozen=True)
class IndicatorScore:
    indicator: Indicator
    result: IndicatorResult  # an empty result (0 / 0) until one is entered


@dataclass(frozen=True)
class SelfEvaluationSummary:
    """Everything the 自评表 computes for one subject."""

    subject: str  # "" the department, else a project code
    evaluation: SelfEvaluation
    funds: dict[str, FundFigures]
    indicators: tuple[IndicatorScore, ...]
    entered: bool = False  # a SelfEvaluation record exists (else 等级 is not shown)

    @property
    def execution_rate(self) -> Decimal | None:
        """全年执行数 / 全年预算数 (None while there is no 全年预算数)."""
        total = self.funds["total"]
        if total.full_year <= 0:
            return None
        return Decimal(total.executed) / Decimal(total.full_year)

    @property
    def execution_score(self) -> int:
        """得分 of 预算执行率: 分值 × 执行率, capped at 分值 (hundredths, rounded half up)."""
        rate = self.execution_rate
        points = self.evaluation.execution_points
        if rate is None:
            return 0
        score = (Decimal(points) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return min(points, int(score))

    @property
    def points_total(self) -> int:
        return self.evaluation.execution_points + sum(s.result.points for s in self.indicators)

    @property
    def score_total(self) -> int:
        return self.execution_score + sum(s.result.score for s in self.indicators)

    @property
    def grade(self) -> str:
        """等级, or "" while the subject's 自评 has not been entered."""
        return grade(self.score_total) if self.entered else ""

    def level1_points(self) -> dict[str, int]:
        """分值 of each 一级指标 (the sum of its indicators'), in printed order."""
        found: dict[str, int] = {}
        for s in self.indicators:
            found[s.indicator.level1] = found.get(s.indicator.level1, 0) + s.result.points
        return found


def format_rate(rate: Decimal | None) -> str:
    """执行率 as the 自评表 prints it: “100%”, “86.1%” (one decimal, trailing zero dropped)."""
    if rate is None:
        return ""
    pct = (rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{pct:.1f}".removesuffix(".0")
    return f"{text}%"


def subjects(ledger: Ledger) -> list[tuple[str, str]]:
    """(code, name) of what can be evaluated: the department, then each project in order."""
    projects = sorted(ledger.projects.values(), key=lambda p: (p.sort_order, p.code))
    return [("", ledger.department.name)] + [(p.code, p.name) for p in projects]


def summary(ledger: Ledger, subject: str) -> SelfEvaluationSummary:
    """The 自评 of the department ("") or a project, computed from the ledger."""
    figures = {row: [0, 0, 0] for row in FUND_ROWS}

    def add(fund_source: str, slot: int, amount: int) -> None:
        for row in ("total", fund_row(ledger.catalog, fund_source)):
            figures[row][slot] += amount

    for b in ledger.baseline_lines.values():
        if not subject or b.project_code == subject:
            add(b.fund_source, 0, b.initial)
            add(b.fund_source, 1, b.full_year)
    for e in ledger.expenditure_lines.values():
        if not subject or e.project_code == subject:
            add(e.fund_source, 2, e.amount)
    evaluation = ledger.self_evaluations.get(subject) or SelfEvaluation(subject)
    results = ledger.indicator_results
    scores = tuple(
        IndicatorScore(ind, results.get(ind.id) or IndicatorResult(ind.id))  # type: ignore[arg-type]
        for ind in ledger.project_indicators(subject)
    )
    funds = {row: FundFigures(*v) for row, v in figures.items()}
    entered = subject in ledger.self_evaluations
    return SelfEvaluationSummary(subject, evaluation, funds, scores, entered)
