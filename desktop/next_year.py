"""Next year's department file from this year's (文件 → 新建下一年度, `budget-desk next-year`).

Carried over: units and their staff, 部门职责, 内设机构, special funds, projects that continue
(跨年: their 实施期 ends after this year) with their indicators, and the department's target and
indicators as a starting point. This year's expenditure lines become the new file's 上年数
(`PriorYearLine`, by function 项, economic 款, fund and kind — 三公 are economic 款 among them).
Function codes that changed between the two years' catalogs are mapped by the new catalog's
`function_changes.csv` (old_code,new_code,note); a code that disappeared without a mapping is
kept as it was and listed for the accountant, never dropped.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop.catalog import Catalog, catalog_search_path, load_catalog
from desktop.errors import BudgetError
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import PriorYearLine, Project

CHANGES_FILE = "function_changes.csv"


@dataclass
class NextYearReport:
    year: int
    prior_lines: int = 0
    projects: list[str] = field(default_factory=list)  # continuing projects carried over
    mapped: list[tuple[str, str, str]] = field(default_factory=list)  # old, new, note
    unmapped: list[str] = field(default_factory=list)  # messages for the accountant


def read_function_changes(year: int) -> dict[str, tuple[str, str]]:
    """old_code → (new_code, note) from the first catalog folder of `year` that has the file."""
    for base in catalog_search_path():
        path = base / str(year) / CHANGES_FILE
        if path.exists():
            return parse_function_changes(path)
    return {}  # no file: no codes changed


def parse_function_changes(path: Path) -> dict[str, tuple[str, str]]:
    changes = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            old, new = (row.get("old_code") or "").strip(), (row.get("new_code") or "").strip()
            if not old or not new:
                raise BudgetError(
                    f"科目变化对照表 {path.name} 第 {lineno} 行：旧编码和新编码必填。"
                )
            changes[old] = (new, (row.get("note") or "").strip())
    return changes


def continues(project: Project, year: int) -> bool:
    """A 跨年 project: its 实施期 (e.g. 2025.1.1-2027.12.31) ends after `year`."""
    years = [int(y) for y in re.findall(r"(20\d\d)", project.period)]
    return bool(years) and max(years) > year


def make_next_year(
    source: str | Path,
    target: str | Path,
    catalog: Catalog | None = None,
    changes: dict[str, tuple[str, str]] | None = None,
) -> NextYearReport:
    """Write next year's file `target` from `source`; returns what was carried and listed."""
    src = DepartmentFile.open(source, readonly=True)
    try:
        old = Ledger(src)
        year = old.department.fiscal_year + 1
        catalog = catalog or load_catalog(year)
        changes = read_function_changes(year) if changes is None else changes
        report = NextYearReport(year)
        priors = _prior_lines(old, catalog, changes, report)
        carried = _carried(old, year - 1, report)
        dept = old.department
        new_file = DepartmentFile.create(target, dept.code, dept.name, year)
        try:
            Ledger(new_file, catalog).add(*carried, *priors)
        except Exception:
            new_file.close()
            Path(target).unlink(missing_ok=True)
            raise
        new_file.close()
    finally:
        src.close()
    report.prior_lines = len(priors)
    return report


def _prior_lines(
    old: Ledger, catalog: Catalog, changes: dict, report: NextYearReport
) -> list[PriorYearLine]:
    sums: dict[tuple, int] = defaultdict(int)
    for ln in old.expenditure_lines.values():
        function = ln.function_code
        if function in changes:
            new, note = changes[function]
            if (function, new, note) not in report.mapped:
                report.mapped.append((function, new, note))
            function = new
        elif function not in catalog.function:
            message = (
                f"功能科目“{function} {old.catalog.function_name(function)}”在 {catalog.year} 年"
                "科目表中已不存在，且没有对照关系：上年数按原编码保留，请核对后改到新科目。"
            )
            if message not in report.unmapped:
                report.unmapped.append(message)
        if ln.econ_code not in catalog.dept_econ:
            message = (
                f"经济科目“{ln.econ_code} {old.catalog.dept_econ_name(ln.econ_code)}”在 "
                f"{catalog.year} 年科目表中已不存在：上年数按原编码保留，请核对。"
            )
            if message not in report.unmapped:
                report.unmapped.append(message)
        sums[(ln.unit_code, function, ln.econ_code, ln.fund_source, ln.kind)] += ln.amount
    return [
        PriorYearLine(None, unit, function, econ, fund, kind, amount)
        for (unit, function, econ, fund, kind), amount in sums.items()
    ]


def _carried(old: Ledger, year: int, report: NextYearReport) -> list:
    records: list = list(old.units.values())
    records += list(old.unit_staff.values())
    if old.department_profile.duties:
        records.append(old.department_profile)
    records += [replace(o, id=None) for o in old.internal_offices.values()]
    going = [p for p in old.projects.values() if continues(p, year)]
    funds = {p.special_fund_code for p in going if p.special_fund_code}
    records += [f for f in old.special_funds.values() if f.code in funds]
    records += going
    report.projects = [p.name for p in going]
    for code in ["", *(p.code for p in going)]:
        records += [replace(i, id=None) for i in old.project_indicators(code)]
    target = old.department_target
    if target.duty_goal or target.duty_overview:
        records.append(target)
    records += [replace(t, id=None) for t in old.ordered_tasks()]
    return records
