"""What a forms file (forms.json) may bind a cell to: records, their fields, and collections.

A cell names a record ("project", "indicator", …) and a field of it; the registry here says
which fields exist, whether each is text or money (分), and which record field the printed cell
reports for jump-to-edit. Where the values come from is a `FormsData`: the ledger when printing,
a probe of invented records when a forms file is validated (so overlapping merges show before
any department file is opened).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from desktop.records import (
    CostItem,
    Department,
    DepartmentTarget,
    DepartmentTask,
    Indicator,
    IndicatorResult,
    Project,
    SelfEvaluation,
    SpecialFund,
)
from desktop.self_evaluation import (
    FUND_ROWS,
    FundFigures,
    SelfEvaluationSummary,
    format_points,
    format_rate,
    summary,
)
from desktop.tables.forms_data import (
    BudgetSituation,
    FormData,
    budget_situation,
    district_of,
    target_projects,
)

if TYPE_CHECKING:
    from desktop.ledger import Ledger

TEXT, AMOUNT = "text", "amount"


@dataclass(frozen=True)
class Field:
    """One bindable field: its kind, how to read it, and the `FormCell.field` it reports.

    `cell_field` None: the printed cell has no source record (the department's name, budget
    figures); "" : the record is the source but no single field is (a project's total).
    """

    kind: str
    get: Callable[[Any, FormsData], Any]
    cell_field: str | None


def _attr(name: str, kind: str = TEXT, source: bool = True) -> Field:
    return Field(kind, lambda rec, _data: getattr(rec, name), name if source else None)


def value_with_unit(ind: Indicator) -> str:
    """指标值及单位 for layouts without comparator and unit columns: “≤19.54万元”, “95%以上”."""
    unit = ind.measure_unit.strip()
    text = ind.value
    if unit and unit not in ("无", "/") and not text.endswith(unit):
        text += unit
    if ind.comparator in ("≥", "≤", "=", ">", "<") and not text.startswith(ind.comparator):
        text = ind.comparator + text
    return text


def kind_title(project: Project) -> str:
    """“支出方向” for a special fund or one of its directions, else “项目支出” (seed 000 titles)."""
    special = project.is_special_fund or bool(project.special_fund_code)
    return "支出方向" if special else "项目支出"


_TEXT_FIELDS = {
    "project": ("code", "name", "category", "period", "goal", "period_goal"),
    "fund": ("code", "name", "category", "period", "period_goal", "goal"),
    "task": ("name", "content", "responsible"),
    "department_target": ("duty_goal", "duty_overview"),
    "indicator": (
        "level1",
        "level2",
        "name",
        "comparator",
        "value",
        "measure_unit",
        "value_content",
        "description",
        "basis",
        "standard",
        "remark",
    ),
    "cost_item": ("content", "detail", "basis"),
}

# record name → field name → Field
RECORDS: dict[str, dict[str, Field]] = {name: {} for name in _TEXT_FIELDS}
for _record, _names in _TEXT_FIELDS.items():
    RECORDS[_record] = {n: _attr(n) for n in _names}
RECORDS["project"]["total"] = Field(AMOUNT, lambda p, d: d.total(p.code), "")
RECORDS["project"]["kind_title"] = Field(TEXT, lambda p, _d: kind_title(p), None)
# 项目资金 of the national reference form: 其中财政拨款 and 其他资金 (the rest), and 实施单位.
RECORDS["project"]["fiscal"] = Field(AMOUNT, lambda p, d: d.fiscal(p.code), "")
RECORDS["project"]["non_fiscal"] = Field(
    AMOUNT, lambda p, d: d.total(p.code) - d.fiscal(p.code), ""
)
RECORDS["project"]["unit_name"] = Field(TEXT, lambda p, d: d.unit_name(p.unit_code), None)
RECORDS["fund"]["total"] = Field(AMOUNT, lambda f, d: d.fund_total(f.code), "")
RECORDS["indicator"]["value_with_unit"] = Field(TEXT, lambda i, _d: value_with_unit(i), "value")
RECORDS["cost_item"]["amount"] = _attr("amount", AMOUNT)
RECORDS["department"] = {
    "name": _attr("name", source=False),
    "code": _attr("code", source=False),
    "fiscal_year": Field(TEXT, lambda dep, _d: str(dep.fiscal_year), None),
    "district": Field(TEXT, lambda dep, _d: district_of(dep.name), None),
}
RECORDS["budget"] = {
    n: _attr(n, AMOUNT, source=False)
    for n in ("total", "general", "gov_fund", "special_account", "other", "basic", "project")
}


# 绩效自评 (a 决算 file): the subject's computed figures, and each indicator's result.
def _fund_field(row: str, figure: str) -> Field:
    return Field(AMOUNT, lambda ev, _d: getattr(ev.funds[row], figure), None)


def _goal(ev: SelfEvaluationSummary, data: FormsData) -> str:
    """年度总体目标（预期）: the project's 年度绩效目标, or the department's 年度履职目标."""
    if ev.subject:
        project = next((p for p in data.projects() if p.code == ev.subject), None)
        return project.goal if project else ""
    return data.target().duty_goal


RECORDS["evaluation"] = {
    f"{row}_{figure}": _fund_field(row, figure)
    for row in FUND_ROWS
    for figure in ("initial", "full_year", "executed")
}
RECORDS["evaluation"].update(
    {
        "goal": Field(TEXT, _goal, None),
        "achieved": Field(TEXT, lambda ev, _d: ev.evaluation.achieved, None),
        "conclusion": Field(TEXT, lambda ev, _d: ev.evaluation.conclusion, None),
        "execution_points": Field(
            TEXT, lambda ev, _d: format_points(ev.evaluation.execution_points), None
        ),
        "execution_rate": Field(TEXT, lambda ev, _d: format_rate(ev.execution_rate), None),
        "execution_score": Field(TEXT, lambda ev, _d: format_points(ev.execution_score), None),
        "points_total": Field(TEXT, lambda ev, _d: format_points(ev.points_total), None),
        "score_total": Field(TEXT, lambda ev, _d: format_points(ev.score_total), None),
        "grade": Field(TEXT, lambda ev, _d: ev.grade, None),
        "grade_label": Field(TEXT, lambda ev, _d: f"等级：{ev.grade}" if ev.grade else "", None),
    }
)
RECORDS["indicator"].update(
    {
        "actual": Field(TEXT, lambda i, d: d.result(i).actual, None),
        "points": Field(TEXT, lambda i, d: format_points(d.result(i).points), None),
        "score": Field(TEXT, lambda i, d: format_points(d.result(i).score), None),
        "deviation": Field(TEXT, lambda i, d: d.result(i).deviation, None),
    }
)

# Records every form can read, whoever its subject.
GLOBAL_RECORDS = ("department", "department_target", "budget", "evaluation")
# What a form is printed for: "department" one form, "project" one per project with a target.
EACH = {"department": (), "project": ("project", "fund")}
# collection → (the record each item is, the records that must be in scope to list it)
COLLECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "tasks": ("task", ()),
    "special_funds": ("fund", ()),
    "indicators": ("indicator", ()),  # of the form's subject: a project's, or the department's
    "cost_items": ("cost_item", ("project",)),
    "directions": ("project", ("fund",)),  # a special fund's spending directions
}


class FormsData(Protocol):
    """Where a form's values come from (the ledger, or a validation probe)."""

    def department(self) -> Department: ...
    def target(self) -> DepartmentTarget: ...
    def budget(self) -> BudgetSituation: ...
    def projects(self) -> list[Project]: ...
    def fund_of(self, project: Project) -> SpecialFund | None: ...
    def total(self, project_code: str) -> int: ...
    def fiscal(self, project_code: str) -> int: ...
    def unit_name(self, unit_code: str) -> str: ...
    def fund_total(self, fund_code: str) -> int: ...
    def items(self, collection: str, scope: dict[str, Any], subject: str) -> list: ...
    def evaluation(self, subject: str) -> SelfEvaluationSummary: ...
    def result(self, indicator: Indicator) -> IndicatorResult: ...


class LedgerData:
    """A form's values from the ledger: totals, indicators and cost items gathered once."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.data = FormData(ledger)
        self._budget: BudgetSituation | None = None

    def department(self) -> Department:
        return self.ledger.department

    def target(self) -> DepartmentTarget:
        return self.ledger.department_target

    def budget(self) -> BudgetSituation:
        if self._budget is None:
            self._budget = budget_situation(self.ledger)
        return self._budget

    def projects(self) -> list[Project]:
        return target_projects(self.ledger)

    def fund_of(self, project: Project) -> SpecialFund | None:
        return self.ledger.special_funds.get(project.special_fund_code)

    def total(self, project_code: str) -> int:
        return self.data.total(project_code)

    def fiscal(self, project_code: str) -> int:
        return self.data.fiscal(project_code)

    def unit_name(self, unit_code: str) -> str:
        unit = self.ledger.units.get(unit_code)
        return unit.name if unit else unit_code

    def fund_total(self, fund_code: str) -> int:
        return self.data.fund_total(fund_code)

    def evaluation(self, subject: str) -> SelfEvaluationSummary:
        return summary(self.ledger, subject)

    def result(self, indicator: Indicator) -> IndicatorResult:
        found = self.ledger.indicator_results.get(indicator.id)  # type: ignore[arg-type]
        return found or IndicatorResult(indicator.id)  # type: ignore[arg-type]

    def items(self, collection: str, scope: dict[str, Any], subject: str) -> list:
        if collection == "tasks":
            return self.ledger.ordered_tasks()
        if collection == "special_funds":
            funds = self.ledger.special_funds.values()
            return sorted(funds, key=lambda f: (f.sort_order, f.code))
        if collection == "indicators":
            return self.data.indicators(subject)
        if collection == "cost_items":
            return self.data.cost_items(subject)
        fund = scope.get("fund")  # directions: of the special fund in scope, if there is one
        if fund is None:
            return []
        found = [p for p in self.ledger.projects.values() if p.special_fund_code == fund.code]
        return sorted(found, key=lambda p: (p.sort_order, p.code))


class ProbeData:
    """Invented records, `counts[collection]` of each, to lay a form out without a ledger.

    Every indicator differs in 一级 and 二级 names, so nothing merges and every cell is placed.
    """

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def department(self) -> Department:
        return Department("000", "示例市示例区示例部门", 2025)

    def target(self) -> DepartmentTarget:
        return DepartmentTarget()

    def budget(self) -> BudgetSituation:
        return BudgetSituation(0, 0, 0, 0, 0, 0, 0)

    def projects(self) -> list[Project]:
        return [Project("P1", "U1", "示例项目", special_fund_code="F1")]

    def fund_of(self, project: Project) -> SpecialFund | None:
        return SpecialFund("F1", "示例专项")

    def total(self, project_code: str) -> int:
        return 0

    def fiscal(self, project_code: str) -> int:
        return 0

    def unit_name(self, unit_code: str) -> str:
        return "示例单位"

    def fund_total(self, fund_code: str) -> int:
        return 0

    def evaluation(self, subject: str) -> SelfEvaluationSummary:
        funds = {row: FundFigures() for row in FUND_ROWS}
        return SelfEvaluationSummary(subject, SelfEvaluation(subject), funds, ())

    def result(self, indicator: Indicator) -> IndicatorResult:
        return IndicatorResult(indicator.id or 0)

    def items(self, collection: str, scope: dict[str, Any], subject: str) -> list:
        n = self.counts.get(collection, 0)
        make = {
            "tasks": lambda k: DepartmentTask(k, f"任务{k}"),
            "special_funds": lambda k: SpecialFund(f"F{k}", f"专项{k}"),
            "indicators": lambda k: Indicator(k, subject, f"一级{k}", f"二级{k}", f"三级{k}"),
            "cost_items": lambda k: CostItem(k, subject, f"支出{k}"),
            "directions": lambda k: Project(f"D{k}", "U1", f"方向{k}"),
        }[collection]
        return [make(k) for k in range(1, n + 1)]
