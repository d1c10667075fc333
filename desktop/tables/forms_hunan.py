"""The Hunan set's performance tables (seed 000): 表22 项目支出绩效目标表, 表23 整体支出绩效目标表.

Seed 000 prints table 22 as one 支出方向绩效目标表 per project and table 23 as one department form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.tables.forms_core import (
    FormResult,
    FormSpec,
    Grid,
    indicator_rows,
    make_spec,
)
from desktop.tables.forms_data import (
    FormData,
    budget_situation,
    district_of,
    target_projects,
)

if TYPE_CHECKING:
    from desktop.ledger import Ledger
    from desktop.records import Project

LAYOUT = "hunan"
# 项目名称… | 一级 | 二级 | 三级 | 指标值 | 指标值内容 | 度量单位 | 指标值类型 | 备注
PROJECT_WIDTHS = (0.1, 0.09, 0.1, 0.19, 0.1, 0.13, 0.09, 0.09, 0.11)
INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "指标值", "指标值内容", "度量单位")
INDICATOR_HEADERS += ("指标值类型", "备注")
INDICATOR_COLUMNS = (
    ("name", None),
    ("value", None),
    ("value_content", None),
    ("measure_unit", None),
    ("comparator", None),
    ("remark", None),
)
DEPT_WIDTHS = (0.11, 0.1, 0.14, 0.13, 0.14, 0.12, 0.13, 0.13)


def project_title(project: Project) -> str:
    """Seed 000 titles a special fund's form 支出方向绩效目标表; other projects get 项目支出."""
    special = project.is_special_fund or bool(project.special_fund_code)
    return f"{project.name}{'支出方向' if special else '项目支出'}绩效目标表"


def build_projects(spec: FormSpec, ledger: Ledger) -> list[FormResult]:
    data = FormData(ledger)
    return [_project_form(spec, data, p) for p in target_projects(ledger)]


def _project_form(spec: FormSpec, data: FormData, project: Project) -> FormResult:
    g = Grid(PROJECT_WIDTHS)
    g.label(0, "项目名称")
    g.value(1, project.name, project, "name", colspan=8)
    g.next()
    g.label(0, "项目类别")
    g.value(1, project.category, project, "category", colspan=4)
    g.label(5, "年度本级预算金额")
    g.amount(6, data.total(project.code), source=project, colspan=3)
    g.next()
    g.label(0, "项目支出实施期")
    g.value(1, project.period, project, "period", colspan=8)
    g.next()
    g.label(0, "本年度绩效目标")
    g.value(1, project.goal, project, "goal", colspan=8)
    g.next()
    indicators = data.indicators(project.code)
    g.label(0, "本年度绩效指标", rowspan=1 + len(indicators))
    g.headers(1, INDICATOR_HEADERS)
    g.next()
    indicator_rows(g, indicators, 1, INDICATOR_COLUMNS)
    items = data.cost_items(project.code)
    g.label(0, "支出测算依据及说明", rowspan=1 + len(items))
    g.header(1, "支出内容简介")
    g.header(2, "支出明细")
    g.header(3, "金额", colspan=2)
    g.header(5, "支出测算依据及过程说明", colspan=4)
    g.next()
    for item in items:
        g.value(1, item.content, item, "content")
        g.value(2, item.detail, item, "detail")
        g.amount(3, item.amount, source=item, field_name="amount", colspan=2)
        g.value(5, item.basis, item, "basis", colspan=4)
        g.next()
    g.label(0, "财政部门审核意见")
    g.value(1, "", colspan=8)  # written by the finance bureau
    return g.result(spec, project.code, project_title(project))


def department_title(ledger: Ledger) -> str:
    dept = ledger.department
    return f"{dept.fiscal_year}年{district_of(dept.name)}部门整体支出绩效目标表"


def build_department(spec: FormSpec, ledger: Ledger) -> list[FormResult]:
    data = FormData(ledger)
    target = ledger.department_target
    g = Grid(DEPT_WIDTHS)
    g.label(0, "部门名称")
    g.value(1, ledger.department.name, colspan=7)
    g.next()
    g.label(0, "年履职目标")
    g.value(1, target.duty_goal, target, "duty_goal", colspan=7)
    g.next()
    tasks = ledger.ordered_tasks()
    g.label(0, "年度主要任务", rowspan=1 + len(tasks))
    g.header(1, "任务名称", colspan=3)
    g.header(4, "主要内容", colspan=4)
    g.next()
    for task in tasks:
        g.value(1, task.name, task, "name", colspan=3)
        g.value(4, task.content, task, "content", colspan=4)
        g.next()
    b = budget_situation(ledger)
    g.label(0, "预算情况（万元）", rowspan=3)
    g.header(1, "资金总额", rowspan=2)
    g.header(2, "按收入性质分", colspan=4)
    g.header(6, "按支出性质分", colspan=2)
    g.next()
    g.headers(2, ("一般公共预算", "政府性基金拨款", "财政专户管理资金", "其他资金"))
    g.headers(6, ("基本支出", "项目支出"))
    g.next()
    amounts = (b.total, b.general, b.gov_fund, b.special_account, b.other, b.basic, b.project)
    for i, fen in enumerate(amounts):
        g.amount(1 + i, fen)
    g.next()
    g.headers(0, INDICATOR_HEADERS)
    g.next()
    indicator_rows(g, data.indicators(""), 0, INDICATOR_COLUMNS)
    return [g.result(spec, "", department_title(ledger))]


PROJECT_TARGET = make_spec(22, "hunan-project-target", "项目支出绩效目标表", LAYOUT, build_projects)
DEPARTMENT_TARGET = make_spec(
    23, "hunan-dept-target", "整体支出绩效目标表", LAYOUT, build_department
)
SPECS = (PROJECT_TARGET, DEPARTMENT_TARGET)
