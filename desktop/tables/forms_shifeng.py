"""The 石峰区 2023 layout (seed 002): 部门整体支出绩效目标表, 区级专项资金绩效目标汇总表 and one
区级专项资金支出方向绩效目标表 per spending direction.

Indicators print 指标值及单位 in one column (value, unit and comparator joined) and the direction
form adds 绩效标准. A special fund's amount is the sum of its directions' expenditure lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.tables.forms_core import (
    FormResult,
    FormSpec,
    Grid,
    indicator_rows,
    make_spec,
    value_with_unit,
)
from desktop.tables.forms_data import (
    FormData,
    budget_situation,
    target_projects,
)

if TYPE_CHECKING:
    from desktop.ledger import Ledger
    from desktop.records import Project

LAYOUT = "shifeng2023"
ZERO = ""
DEPT_WIDTHS = (0.14, 0.17, 0.17, 0.32, 0.2)
SUMMARY_WIDTHS = (0.07, 0.15, 0.1, 0.34, 0.34)
DIRECTION_WIDTHS = (0.13, 0.13, 0.15, 0.3, 0.17, 0.12)
_ORDINALS = "一二三四五六七八九十"


def _ordinal(n: int) -> str:
    """一, 二, … 十, 十一 … 九十九 (funds are numbered in Chinese, directions in digits)."""
    if n <= 10:
        return _ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _ORDINALS[tens - 1] + "十"
    return head + (_ORDINALS[ones - 1] if ones else "")


def build_department(spec: FormSpec, ledger: Ledger) -> list[FormResult]:
    data = FormData(ledger)
    target = ledger.department_target
    g = Grid(DEPT_WIDTHS)
    g.label(0, "部门名称")
    g.value(1, ledger.department.name, colspan=4)
    g.next()
    b = budget_situation(ledger)
    g.label(0, "年度预算申请（万元）", rowspan=5)
    g.amount(1, b.total, "0.00", colspan=4, prefix="资金总额：")
    g.next()
    g.header(1, "按收入性质分", colspan=2)
    g.header(3, "按支出性质分", colspan=2)
    g.next()
    g.label(1, "其中：一般公共预算拨款")
    g.amount(2, b.general, ZERO)
    g.label(3, "其中：基本支出")
    g.amount(4, b.basic, ZERO)
    g.next()
    g.label(1, "政府性基金拨款")
    g.amount(2, b.gov_fund, ZERO)
    g.label(3, "项目支出")
    g.amount(4, b.project, ZERO)
    g.next()
    g.label(1, "其他资金")  # this form has no 财政专户 row: everything else is 其他资金
    g.amount(2, b.special_account + b.other, ZERO)
    g.value(3, "")
    g.value(4, "")
    g.next()
    g.label(0, "部门职责概述")
    g.value(1, target.duty_overview, target, "duty_overview", colspan=4)
    g.next()
    tasks = ledger.ordered_tasks()
    g.label(0, "年度重点工作计划", rowspan=1 + len(tasks))
    g.headers(1, ("事项", "责任单位/科室"))
    g.header(3, "工作目标", colspan=2)
    g.next()
    for task in tasks:
        g.value(1, task.name, task, "name")
        g.value(2, task.responsible, task, "responsible")
        g.value(3, task.content, task, "content", colspan=2)
        g.next()
    indicators = data.indicators("")
    g.label(0, "年度绩效指标", rowspan=1 + len(indicators))
    g.headers(1, ("一级指标", "二级指标", "三级指标", "指标值及单位"))
    g.next()
    indicator_rows(g, indicators, 1, (("name", None), ("value", value_with_unit)))
    year = ledger.department.fiscal_year
    return [g.result(spec, "", f"{year}年部门整体支出绩效目标表")]


def build_summary(spec: FormSpec, ledger: Ledger) -> list[FormResult]:
    funds = sorted(ledger.special_funds.values(), key=lambda f: (f.sort_order, f.code))
    if not funds:
        return []
    data = FormData(ledger)
    g = Grid(SUMMARY_WIDTHS)
    g.headers(0, ("序号", "名  称", "金  额", "实施期绩效目标", "年度绩效目标"))
    g.next()
    totals = {f.code: data.fund_total(f.code) for f in funds}
    g.value(0, "")
    g.label(1, "合  计")
    g.amount(2, sum(totals.values()), ZERO)
    g.value(3, "")
    g.value(4, "")
    g.next()
    for n, fund in enumerate(funds, start=1):
        g.value(0, _ordinal(n), align="center")
        g.value(1, fund.name, fund, "name")
        g.amount(2, totals[fund.code], ZERO, source=fund)
        g.value(3, fund.period_goal, fund, "period_goal")
        g.value(4, fund.goal, fund, "goal")
        g.next()
        for m, project in enumerate(_directions(ledger, fund.code), start=1):
            g.value(0, str(m), align="center")
            g.value(1, project.name, project, "name")
            g.amount(2, data.total(project.code), ZERO, source=project)
            g.value(3, project.period_goal, project, "period_goal")
            g.value(4, project.goal, project, "goal")
            g.next()
    year = ledger.department.fiscal_year
    return [g.result(spec, "", f"{year}年区级专项资金绩效目标汇总表")]


def _directions(ledger: Ledger, fund_code: str) -> list[Project]:
    found = [p for p in ledger.projects.values() if p.special_fund_code == fund_code]
    return sorted(found, key=lambda p: (p.sort_order, p.code))


def build_directions(spec: FormSpec, ledger: Ledger) -> list[FormResult]:
    data = FormData(ledger)
    return [_direction_form(spec, data, p) for p in target_projects(ledger)]


def _direction_form(spec: FormSpec, data: FormData, project: Project) -> FormResult:
    fund = data.ledger.special_funds.get(project.special_fund_code)
    g = Grid(DIRECTION_WIDTHS)
    g.label(0, "支出方向（子项）")
    g.value(1, project.name, project, "name")
    g.label(2, "所属专项", rowspan=2)
    g.label(3, "名称")
    g.value(4, fund.name if fund else "", fund, "name" if fund else "", colspan=2)
    g.next()
    g.label(0, "项目金额")
    g.amount(1, data.total(project.code), ZERO, source=project)
    g.label(3, "金额")
    if fund:
        g.amount(4, data.fund_total(fund.code), ZERO, source=fund, colspan=2)
    else:
        g.value(4, "", colspan=2)
    g.next()
    for label, name in (
        ("项目实施期", "period"),
        ("实施期绩效目标", "period_goal"),
        ("年度绩效目标", "goal"),
    ):
        g.label(0, label)
        g.value(1, getattr(project, name), project, name, colspan=5)
        g.next()
    indicators = data.indicators(project.code)
    g.label(0, "年度绩效指标", rowspan=1 + len(indicators))
    g.headers(1, ("一级指标", "二级指标", "三级指标", "指标值及单位", "绩效标准"))
    g.next()
    columns = (("name", None), ("value", value_with_unit), ("standard", None))
    indicator_rows(g, indicators, 1, columns)
    items = data.cost_items(project.code)
    g.label(0, "支出明细及测算说明", rowspan=2 + len(items))
    g.headers(1, ("支出内容简介", "支出明细", "金额"))
    g.header(4, "支出测算依据及过程说明", colspan=2)
    g.next()
    for item in items:
        g.value(1, item.content, item, "content")
        g.value(2, item.detail, item, "detail")
        g.amount(3, item.amount, "0.00", source=item, field_name="amount")
        g.value(4, item.basis, item, "basis", colspan=2)
        g.next()
    g.label(1, "合  计", colspan=2)
    g.amount(3, sum(i.amount for i in items), "0.00")
    g.value(4, "", colspan=2)
    year = data.ledger.department.fiscal_year
    return g.result(spec, project.code, f"{year}年区级专项资金支出方向绩效目标表")


DEPARTMENT_TARGET = make_spec(
    None,
    "shifeng2023-dept-target",
    "部门整体支出绩效目标表",
    LAYOUT,
    build_department,
    "金额：万元",
)
FUND_SUMMARY = make_spec(
    None, "shifeng2023-fund-summary", "区级专项资金绩效目标汇总表", LAYOUT, build_summary
)
DIRECTION_TARGET = make_spec(
    None,
    "shifeng2023-direction-target",
    "区级专项资金支出方向绩效目标表",
    LAYOUT,
    build_directions,
)
SPECS = (DEPARTMENT_TARGET, FUND_SUMMARY, DIRECTION_TARGET)
