"""What the performance forms read from the ledger: the budget situation, per-project totals,
indicators and cost items gathered in one pass, and which projects get a form."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.records import CostItem, Indicator, Project

if TYPE_CHECKING:
    from desktop.ledger import Ledger


# -- budget figures derived from the ledger ---------------------------------------------------------


@dataclass(frozen=True)
class BudgetSituation:
    """The department's budget as the department target prints it (分), all from the ledger."""

    total: int
    general: int  # 一般公共预算
    gov_fund: int  # 政府性基金
    special_account: int  # 财政专户管理资金
    other: int  # 其他资金
    basic: int  # 基本支出
    project: int  # 项目支出


def budget_situation(ledger: Ledger) -> BudgetSituation:
    """Totals of the expenditure lines by the fund source's budget type and by basic/project."""
    funds = ledger.catalog.fund_sources
    by_type: dict[str, int] = {}
    basic = project = total = 0
    for line in ledger.expenditure_lines.values():
        fund = funds.get(line.fund_source)
        kind = fund.budget_type if fund else ""
        by_type[kind] = by_type.get(kind, 0) + line.amount
        total += line.amount
        if line.is_basic:
            basic += line.amount
        elif line.kind == "project":
            project += line.amount
    general = by_type.get("gp", 0)
    gov_fund = by_type.get("gov_fund", 0)
    special = by_type.get("special_account", 0)
    return BudgetSituation(
        total, general, gov_fund, special, total - general - gov_fund - special, basic, project
    )


def target_projects(ledger: Ledger) -> list[Project]:
    """Projects that get a form: those with a target or with expenditure lines, in project order.

    Department-mode and bureau-mode (财政代编) projects alike: every project that spends money
    needs a performance target, whoever compiles its budget.
    """
    spending = {ln.project_code for ln in ledger.expenditure_lines.values() if ln.project_code}
    targeted = {i.project_code for i in ledger.indicators.values() if i.project_code}
    targeted |= {c.project_code for c in ledger.cost_items.values()}
    targeted |= set(ledger.spending_schedules)
    chosen = [
        p
        for p in ledger.projects.values()
        if p.code in spending or p.code in targeted or p.goal.strip()
    ]
    return sorted(chosen, key=lambda p: (p.sort_order, p.code))


class FormData:
    """Per-project totals, indicators and cost items, gathered in one pass over the ledger.

    A build asks for these per project; asking the ledger each time would scan every line once
    per project (300 projects × 20,000 lines in a large department).
    """

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.totals: dict[str, int] = {}
        self.fiscal_totals: dict[str, int] = {}  # of 财政拨款 fund sources only
        funds = ledger.catalog.fund_sources
        for line in ledger.expenditure_lines.values():
            if line.project_code:
                self.totals[line.project_code] = self.totals.get(line.project_code, 0) + line.amount
                fund = funds.get(line.fund_source)
                if fund is not None and fund.fiscal:
                    code = line.project_code
                    self.fiscal_totals[code] = self.fiscal_totals.get(code, 0) + line.amount
        self._indicators = _grouped(ledger.indicators.values())
        self._cost_items = _grouped(ledger.cost_items.values())

    def total(self, project_code: str) -> int:
        """The project's budget: the sum of its expenditure lines (as `Ledger.project_total`)."""
        return self.totals.get(project_code, 0)

    def fiscal(self, project_code: str) -> int:
        """The part of the project's budget from 财政拨款 fund sources (其中：财政拨款)."""
        return self.fiscal_totals.get(project_code, 0)

    def indicators(self, project_code: str) -> list[Indicator]:
        """A project's indicators ("" the department's) in printed order."""
        return self._indicators.get(project_code, [])

    def cost_items(self, project_code: str) -> list[CostItem]:
        return self._cost_items.get(project_code, [])

    def fund_total(self, fund_code: str) -> int:
        """A special fund's amount: the sum of its spending directions' expenditure lines."""
        return sum(
            self.total(p.code)
            for p in self.ledger.projects.values()
            if p.special_fund_code == fund_code
        )


def _grouped(records: Iterable) -> dict[str, list]:
    out: dict[str, list] = {}
    for record in records:
        out.setdefault(record.project_code, []).append(record)
    for found in out.values():
        found.sort(key=lambda r: (r.sort_order, r.id or 0))
    return out


_DISTRICT = re.compile(r"^(?:.{1,8}?[省市州盟])?(.{1,6}?[区县旗])")


def district_of(department_name: str) -> str:
    """The district or county in a department's name: 株洲市荷塘区… → 荷塘区 ("" if none)."""
    match = _DISTRICT.match(department_name)
    return match.group(1) if match else ""
