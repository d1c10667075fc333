"""The 渌口区 2026 layout (seed 001): 部门整体支出绩效目标表 and one 项目支出绩效目标表 per project.

Differs from the Hunan set in column order (指标值类型 before 指标值 in the department form), in
the 指标值说明 column, in “/” for a zero amount, and in having no 支出测算 block.
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
    target_projects,
)

if TYPE_CHECKING:
    from desktop.ledger import Ledger
    from desktop.records import Project

LAYOUT = "lukou2026"
ZERO = "/"
DEPT_WIDTHS = (0.11, 0.11, 0.2, 0.09, 0.11, 0.09, 0.18, 0.11)
DEPT_INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "度量单位")
DEPT_INDICATOR_HEADERS += ("指标值说明(指标解释)", "备注")
DEPT_INDICATOR_COLUMNS = (
    ("name", None),
    ("comparator", None),
    ("value", None),
    ("measure_unit", None),
    ("description", None),
    ("remark", None),
)
PROJECT_WIDTHS = (0.12, 0.1, 0.12, 0.3, 0.1, 0.09, 0.08, 0.09)
PROJECT_INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "指标值", "度量单位")
PROJECT_INDICATOR_HEADERS += ("指标值类型", "备注")
PROJECT_INDICATOR_COLUMNS = (
    ("name", None),
    ("value", None),
    ("measure_unit", None),
    ("comparator", None),
    ("remark", None),
)


def build_department(spec: FormSpec, ledger: Ledger) -> list[FormResult]:
    data = FormData(ledger)
    target = ledger.department_target
    g = Grid(DEPT_WIDTHS)
    g.label(0, "部门(单位名称)")
    g.value(1, ledger.department.name, colspan=7)
    g.next()
    g.label(0, "年度履职目标")
    g.value(1, target.duty_goal, target, "duty_goal", colspan=7)
    g.next()
    tasks = ledger.ordered_tasks()
    g.label(0, "年度主要任务", rowspan=1 + len(tasks))
    g.header(1, "任务名称")
    g.header(2, "主要内容", colspan=6)
    g.next()
    for task in tasks:
        g.value(1, task.name, task, "name")
        g.value(2, task.content, task, "content", colspan=6)
        g.next()
    b = budget_situation(ledger)
    g.label(0, "预算情况", rowspan=3)
    g.header(1, "资金总额")
    g.header(2, "按收入性质分", colspan=4)
    g.header(6, "按支出性质分", colspan=2)
    g.next()
    g.amount(1, b.total, ZERO, rowspan=2)
    g.headers(2, ("一般公共预算", "政府性基金拨款", "财政专户管理资金", "其他资金"))
    g.headers(6, ("基本支出", "项目支出"))
    g.next()
    for i, fen in enumerate((b.general, b.gov_fund, b.special_account, b.other, b.basic)):
        g.amount(2 + i, fen, ZERO)
    g.amount(7, b.project, ZERO)
    g.next()
    g.headers(0, DEPT_INDICATOR_HEADERS)
    g.next()
    indicator_rows(g, data.indicators(""), 0, DEPT_INDICATOR_COLUMNS)
    year = ledger.department.fiscal_year
    return [g.result(spec, "", f"{year}年部门整体支出绩效目标表")]


def build_projects(spec: FormSpec, ledger: Ledger) -> list[FormResult]:
    data = FormData(ledger)
    return [_project_form(spec, data, p) for p in target_projects(ledger)]


def _project_form(spec: FormSpec, data: FormData, project: Project) -> FormResult:
    g = Grid(PROJECT_WIDTHS)
    g.label(0, "项目名称")
    g.value(1, project.name, project, "name", colspan=7)
    g.next()
    g.label(0, "年度本级预算")
    g.amount(1, data.total(project.code), ZERO, source=project)
    g.label(2, "项目类别")
    g.value(3, project.category, project, "category", colspan=5)
    g.next()
    g.label(0, "项目支出实施期")
    g.value(1, project.period, project, "period", colspan=7)
    g.next()
    g.label(0, "本年度绩效目标")
    g.value(1, project.goal, project, "goal", colspan=7)
    g.next()
    indicators = data.indicators(project.code)
    g.label(0, "本年度绩效指标", rowspan=1 + len(indicators))
    g.headers(1, PROJECT_INDICATOR_HEADERS)
    g.next()
    indicator_rows(g, indicators, 1, PROJECT_INDICATOR_COLUMNS)
    year = data.ledger.department.fiscal_year
    return g.result(spec, project.code, f"{year}年项目支出绩效目标表")


DEPARTMENT_TARGET = make_spec(
    None, "lukou2026-dept-target", "部门整体支出绩效目标表", LAYOUT, build_department, "单位：万元"
)
PROJECT_TARGET = make_spec(
    None, "lukou2026-project-target", "项目支出绩效目标表", LAYOUT, build_projects
)
SPECS = (DEPARTMENT_TARGET, PROJECT_TARGET)
