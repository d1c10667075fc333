"""A 部门决算 file from the year's 部门预算 file (文件 → 由预算生成决算…, `budget-desk final-from-budget`).

The 决算 starts from what the budget planned: units and their staff, 部门职责, 内设机构, every
project with its special fund and performance indicators (the 绩效目标 the 自评 is scored against),
the department's target and tasks. The budget's expenditure lines become the 决算's
`BudgetBaselineLine`s — 年初预算数 and, until adjustments are typed, 全年预算数 — summed by unit,
功能 项, 经济 款, fund source, kind and project. Actual income, spending and balances are not
known to a budget: the 决算 starts without them. The budget file is opened read-only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from desktop.catalog import Catalog, load_catalog
from desktop.errors import BudgetError, CatalogError
from desktop.ledger import Ledger
from desktop.models.records_load import load_department
from desktop.models.store import DepartmentFile
from desktop.records import BudgetBaselineLine, Indicator, Record


@dataclass
class FinalFromBudgetReport:
    year: int
    baseline_lines: int = 0
    baseline_total: int = 0  # 分: the budget's expenditure total, now the 年初预算数
    projects: int = 0
    indicators: int = 0


def make_final_from_budget(
    source: str | Path, target: str | Path, catalog: Catalog | None = None
) -> FinalFromBudgetReport:
    """Write the 决算 file `target` of the budget file `source`; `source` is never written."""
    target = Path(target)
    if target.exists():
        raise BudgetError(f"文件“{target}”已存在，不会被覆盖。请换一个文件名。")
    src = DepartmentFile.open(source, readonly=True)
    try:
        with src.snapshot() as raw:
            dept = load_department(raw)
        if dept.is_final:
            raise BudgetError(
                f"“{Path(source).name}”已经是{dept.fiscal_year}年部门决算文件，"
                "请选择同一年度的部门预算文件。"
            )
        if catalog is None:
            try:
                catalog = load_catalog(dept.fiscal_year)
            except CatalogError as exc:
                raise BudgetError(f"不能生成 {dept.fiscal_year} 年部门决算：{exc}") from exc
        budget = Ledger(src, catalog)
        report = FinalFromBudgetReport(dept.fiscal_year)
        records = _carried(budget, report)
        baselines = _baselines(budget)
        report.baseline_lines = len(baselines)
        report.baseline_total = sum(b.initial for b in baselines)
        new_file = DepartmentFile.create(target, dept.code, dept.name, dept.fiscal_year, "final")
        try:
            Ledger(new_file, catalog).add(*records, *baselines)
        except Exception:
            new_file.close()
            target.unlink(missing_ok=True)
            raise
        new_file.close()
    finally:
        src.close()
    return report


def _carried(budget: Ledger, report: FinalFromBudgetReport) -> list[Record]:
    records: list[Record] = list(budget.units.values())
    records += list(budget.unit_staff.values())
    if budget.department_profile.duties:
        records.append(budget.department_profile)
    records += [replace(o, id=None) for o in budget.internal_offices.values()]
    records += list(budget.special_funds.values())
    projects = sorted(budget.projects.values(), key=lambda p: (p.sort_order, p.code))
    records += projects
    report.projects = len(projects)
    indicators: list[Indicator] = []
    for code in ["", *(p.code for p in projects)]:
        indicators += [replace(i, id=None) for i in budget.project_indicators(code)]
    records += indicators
    report.indicators = len(indicators)
    target = budget.department_target
    if target.duty_goal or target.duty_overview:
        records.append(target)
    records += [replace(t, id=None) for t in budget.ordered_tasks()]
    return records


def _baselines(budget: Ledger) -> list[BudgetBaselineLine]:
    """One 预算数 line per key of the budget's expenditure lines (lines differing only by note
    add up)."""
    sums: dict[tuple, int] = defaultdict(int)
    for ln in sorted(budget.expenditure_lines.values(), key=lambda ln: (ln.sort_order, ln.id)):
        key = (ln.unit_code, ln.function_code, ln.econ_code, ln.fund_source, ln.kind)
        sums[(*key, ln.project_code)] += ln.amount
    return [
        BudgetBaselineLine(None, unit, function, econ, fund, kind, project, amount, amount, n)
        for n, ((unit, function, econ, fund, kind, project), amount) in enumerate(sums.items())
    ]
