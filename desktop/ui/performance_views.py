"""Wiring of the performance-target views into the main window: making them and jumping to them.

View keys: ("perf_department",), ("perf_project", code), ("special_funds",), ("form", spec key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop.checks.finding import CellRef
from desktop.ledger import Ledger
from desktop.records import (
    CostItem,
    DepartmentTarget,
    DepartmentTask,
    Indicator,
    Project,
    SpecialFund,
    SpendingSchedule,
)
from desktop.ui import indicator_model, special_fund_model
from desktop.ui.department_target_view import TAB_INDICATORS, TAB_TASKS, DepartmentTargetView
from desktop.ui.grid_view import GridView
from desktop.ui.performance_view import (
    TAB_COSTS,
    TAB_SCHEDULE,
    ProjectTargetView,
)
from desktop.ui.performance_view import TAB_INDICATORS as PROJECT_TAB_INDICATORS
from desktop.ui.special_fund_view import SpecialFundView

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

PERFORMANCE_KINDS = ("perf_department", "perf_project", "special_funds", "form")
PERFORMANCE_RECORDS = (
    Indicator,
    CostItem,
    SpendingSchedule,
    DepartmentTarget,
    DepartmentTask,
    SpecialFund,
)
# Project fields edited in the project's target view rather than the project grid.
PROJECT_TARGET_FIELDS = ("goal", "period_goal", "category", "period", "special_fund_code")
# Column names of findings (field names, or the printed headers) → record fields.
_HEADERS = {h: f for h, f, _w in indicator_model.FIELDS} | {
    "指标值及单位": "value",
    "本年度绩效目标": "goal",
    "年度绩效目标": "goal",
    "实施期绩效目标": "period_goal",
    "年度履职目标": "duty_goal",
    "年履职目标": "duty_goal",
    "部门职责概述": "duty_overview",
    "金额": "amount",
    "支出内容简介": "content",
    "支出明细": "detail",
    "支出测算依据及过程说明": "basis",
}
_RECORD_NAMES = {
    "indicator": "indicators",
    "cost_item": "cost_items",
    "spending_schedule": "spending_schedules",
    "schedule": "spending_schedules",
    "department_task": "department_tasks",
    "task": "department_tasks",
    "special_fund": "special_funds",
}


def make_performance_view(window: MainWindow, key: tuple) -> QWidget | None:
    """The view for a performance key, its signals connected to the window."""
    doc = window.document
    assert doc is not None
    kind = key[0]
    if kind == "perf_project":
        if key[1] not in doc.ledger.projects:
            return None
        view: QWidget = ProjectTargetView(doc, key[1])
    elif kind == "perf_department":
        view = DepartmentTargetView(doc)
    elif kind == "special_funds":
        view = SpecialFundView(doc)
    elif kind == "form":
        from desktop.ui.form_view import FormView

        view = FormView(doc, key[1])
        view.jump_requested.connect(window.jump_to_record)
        view.layout_changed.connect(lambda k: _layout_changed(window, k))
        view.problem.connect(window.show_problem)
        return view
    else:
        return None
    view.problem.connect(window.show_problem)
    view.message.connect(window.show_info)
    return view


def _layout_changed(window: MainWindow, first_key: str) -> None:
    """Another performance layout was chosen: the navigator lists its forms."""
    if window.document is None:
        return
    window.navigator.populate(window.document)
    if first_key:
        window.show_view(("form", first_key))


def wants_target_view(record: object, field: str = "") -> bool:
    """Whether `record` is edited in a performance view (rather than an input grid)."""
    if isinstance(record, PERFORMANCE_RECORDS):
        return True
    return isinstance(record, Project) and field in PROJECT_TARGET_FIELDS


def jump_to_performance(window: MainWindow, record: object, field: str = "") -> bool:
    """Show the view that edits `record` and put the cursor on `field` (False: not found)."""
    if isinstance(record, SpecialFund):
        view = window.show_view(("special_funds",))
        if not isinstance(view, SpecialFundView):
            return False
        grid = view.grid
        found = grid.grid_model().locate(record)
        if found is None:
            return False
        column = special_fund_model.FIELD_COLUMNS.get(field, found[1])
        grid.jump_to(found[0], column)
        return True
    if isinstance(record, (DepartmentTarget, DepartmentTask)) or (
        isinstance(record, Indicator) and not record.project_code
    ):
        view = window.show_view(("perf_department",))
        if not isinstance(view, DepartmentTargetView):
            return False
        if isinstance(record, DepartmentTarget):
            editor = view.duty_overview if field == "duty_overview" else view.duty_goal
            editor.setFocus()
            return True
        if isinstance(record, DepartmentTask):
            view.tabs.setCurrentIndex(TAB_TASKS)
            grid = view.task_grid
            found = grid.grid_model().locate(record)
        else:
            view.tabs.setCurrentIndex(TAB_INDICATORS)
            grid = view.indicators.grid
            found = view.indicators.model.locate_field(record, field)
        if found is None:
            return False
        grid.jump_to(*found)
        return True
    code = record.code if isinstance(record, Project) else getattr(record, "project_code", "")
    view = window.show_view(("perf_project", code))
    if not isinstance(view, ProjectTargetView):
        return False
    if isinstance(record, Project):
        editors = {
            "goal": view.goal,
            "period_goal": view.period_goal,
            "category": view.category,
            "period": view.period,
            "special_fund_code": view.fund,
        }
        editors.get(field, view.goal).setFocus()
        return True
    if isinstance(record, Indicator):
        tab, grid, model = PROJECT_TAB_INDICATORS, view.indicators.grid, view.indicators.model
    elif isinstance(record, CostItem):
        tab, grid, model = TAB_COSTS, view.cost_grid, view.cost_model
    else:
        tab, grid, model = TAB_SCHEDULE, view.schedule_grid, view.schedule_model
    view.tabs.setCurrentIndex(tab)
    found = model.locate_field(record, field)
    if found is None:
        return False
    grid.jump_to(*found)
    return True


def finding_target(ledger: Ledger, cell: CellRef, rule_id: str = "") -> tuple[object, str] | None:
    """(record, field) a finding's input cell points at, when a performance view edits it.

    A project cell of a performance rule (ids "perf-…") opens the project's target.
    """
    field = _HEADERS.get(cell.column, cell.column)
    if cell.record == "department_target":
        return ledger.department_target, field
    if cell.record == "project":
        project = ledger.projects.get(cell.record_key)  # type: ignore[arg-type]
        if project is None:
            return None
        if field in PROJECT_TARGET_FIELDS:
            return project, field
        return (project, "goal") if rule_id.startswith("perf") else None
    store = _RECORD_NAMES.get(cell.record)
    if store is None:
        return None
    record = getattr(ledger, store).get(cell.record_key)
    return (record, field) if record is not None else None


def active_grid(view: QWidget | None) -> GridView | None:
    """The grid that 插入行 / 删除行 act on in `view` (itself, or a composite view's tab)."""
    if isinstance(view, GridView):
        return view
    chooser = getattr(view, "active_grid", None)
    return chooser() if callable(chooser) else None
