"""The performance-target editors in the window: typing, refusals, undo, jumps, the forms."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.checks.finding import ERROR, CellRef, Finding
from desktop.performance_templates import load_templates
from desktop.tables.forms import performance_layout
from desktop.ui.department_target_view import DepartmentTargetView
from desktop.ui.form_view import FormView
from desktop.ui.indicator_model import FIELD_COLUMNS
from desktop.ui.performance_view import TAB_COSTS, TAB_INDICATORS, TAB_SCHEDULE, ProjectTargetView

pytestmark = pytest.mark.gui
ZX01, ZX02 = "030001-ZX01", "030001-ZX02"
WAN = 1_000_000


def type_into(qtbot, view, index, text: str) -> None:
    """Select the cell, open its editor with F2, put the text (Chinese too), finish with Enter."""
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = next(e for e in view.findChildren(QLineEdit) if e.isVisible())
    editor.setText(text)  # QTest cannot send non-Latin-1 key presses
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits Enter through a queued call


def project_view(window, code: str = ZX01) -> ProjectTargetView:
    view = window.show_view(("perf_project", code))
    assert isinstance(view, ProjectTargetView)
    return view


def test_navigator_has_the_performance_branch_and_the_forms(window):
    nav = window.navigator
    labels = {key: item.text(0) for key, item in nav._items.items()}
    assert labels[("perf_department",)] == "部门整体绩效目标"
    assert labels[("special_funds",)] == "专项资金"
    assert labels[("perf_project", ZX01)] == "生态污染防治专项经费"
    assert labels[("perf_project", ZX02)] == "先进硬质材料产业链专项经费"
    assert labels[("form", "hunan-project-target")] == "22  项目支出绩效目标表"
    assert labels[("form", "hunan-dept-target")] == "23  整体支出绩效目标表"
    top = [nav.topLevelItem(i).text(0) for i in range(nav.topLevelItemCount())]
    assert top[1:] == ["录入表", "公开文本资料", "绩效目标", "标准表"]
    tables = nav.topLevelItem(4)
    assert tables.child(tables.childCount() - 1).text(0) == "23  整体支出绩效目标表"


def test_budget_is_shown_from_the_ledger(window):
    view = project_view(window)
    assert "年度本级预算 25.00 万元（来自项目支出明细，不需录入）" in view.info.text()
    window.set_unit(window.document.unit.YUAN)
    assert "年度本级预算 250,000.00 元" in view.info.text()
    dept = window.show_view(("perf_department",))
    assert isinstance(dept, DepartmentTargetView)
    # 资金总额, 一般公共预算, 政府性基金, 财政专户, 其他, 基本支出, 项目支出 of the demo (元).
    assert dept.budget_texts() == [
        "2,897,855.86", "2,897,855.86", "0.00", "0.00", "0.00", "2,547,855.86", "350,000.00",
    ]  # fmt: skip


def test_typed_indicator_value_undo_and_refusal(qtbot, window):
    view = project_view(window, ZX02)
    grid, model = view.indicators.grid, view.indicators.model
    row = next(r for r, ind in enumerate(model.rows) if ind.name == "智能车间")
    index = model.index(row, FIELD_COLUMNS["value"])
    type_into(qtbot, grid, index, "40")
    assert model.index(row, FIELD_COLUMNS["value"]).data() == "40"
    type_into(qtbot, grid, model.index(row, FIELD_COLUMNS["value"]), "很多")
    assert window.last_problem.startswith("指标值类型为“≥”时，指标值必须是数字")
    assert model.index(row, FIELD_COLUMNS["value"]).data() == "40"
    window.undo_action.trigger()
    assert model.index(row, FIELD_COLUMNS["value"]).data() == "35"  # seed 000: 智能车间 35


def test_insert_from_template_in_the_window_and_undo(window):
    view = project_view(window)
    before = view.indicators.model.rowCount()
    template = next(t for t in load_templates() if t.name == "资金按时到位率")
    view.indicators.insert_from_templates([template])
    assert view.indicators.model.rowCount() == before + 1
    assert view.indicators.model.rows[-1].name == "资金按时到位率"
    assert window.undo_action.text() == "撤销 从模板插入 1 个指标"
    window.undo_action.trigger()
    assert view.indicators.model.rowCount() == before


def test_cost_total_follows_typing_and_schedule_refusal_keeps_the_value(qtbot, window):
    view = project_view(window)
    view.tabs.setCurrentIndex(TAB_COSTS)
    assert view.cost_total.text() == "合计 25.00 万元　　年度本级预算 25.00 万元"
    type_into(qtbot, view.cost_grid, view.cost_model.index(3, 2), "7")  # 加班餐 5 → 7
    assert view.cost_total.text() == (
        "合计 27.00 万元　　年度本级预算 25.00 万元　　差额 2.00 万元（合计应等于年度本级预算）"
    )
    window.undo_action.trigger()
    assert view.cost_total.text() == "合计 25.00 万元　　年度本级预算 25.00 万元"

    view.tabs.setCurrentIndex(TAB_SCHEDULE)
    type_into(qtbot, view.schedule_grid, view.schedule_model.index(0, 2), "30")
    assert window.last_problem == (
        "10月底累计支出计划 30.00 万元 超过了项目的年度本级预算 25.00 万元，已保留原值。"
    )
    assert view.schedule_model.index(0, 2).data() == "20.00"
    assert window.document.ledger.spending_schedules[ZX01].october == 20 * WAN


def test_goal_text_commits_as_one_undoable_step(window):
    view = project_view(window)
    ledger = window.document.ledger
    old = ledger.projects[ZX01].goal
    view.goal.setPlainText("全面贯彻落实习近平生态文明思想。")
    view.goal.commit()
    assert ledger.projects[ZX01].goal == "全面贯彻落实习近平生态文明思想。"
    assert window.undo_action.text() == "撤销 修改项目“生态污染防治专项经费”的本年度绩效目标"
    window.undo_action.trigger()
    assert ledger.projects[ZX01].goal == old and view.goal.toPlainText() == old
    view.category.setCurrentText("特定类")
    view.category.commit()
    assert ledger.projects[ZX01].category == "特定类"


def test_department_target_texts_and_tasks(qtbot, window):
    view = window.show_view(("perf_department",))
    ledger = window.document.ledger
    view.duty_overview.setPlainText("负责全区科技和工业信息化工作。")
    view.duty_overview.commit()
    assert ledger.department_target.duty_overview == "负责全区科技和工业信息化工作。"
    assert ledger.department_target.duty_goal.startswith("把发展经济的着力点放在实体经济上")
    view.tabs.setCurrentIndex(0)
    window.insert_row_action.trigger()  # Ctrl+I acts on the visible grid: a new task
    assert view.task_model.rowCount() == 2 and view.task_model.rows[1].name == "新任务"
    type_into(qtbot, view.task_grid, view.task_model.index(1, 2), "综合业务股")
    assert view.task_model.rows[1].responsible == "综合业务股"
    window.undo_action.trigger()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert len(ledger.department_tasks) == 1 and ledger.department_target.duty_overview == ""


def test_findings_of_performance_rules_jump_to_the_cell(window):
    ledger = window.document.ledger
    ind = next(i for i in ledger.project_indicators(ZX02) if i.name == "智能工位")
    cell = CellRef(record="indicator", record_key=ind.id, column="value")
    assert window.jump_to_finding(Finding("perf-x", ERROR, "指标值", (cell,), "s"))
    view = window.current_view()
    assert view.project_code == ZX02 and view.tabs.currentIndex() == TAB_INDICATORS
    current = view.indicators.grid.currentIndex()
    assert current.data() == "134" and current.column() == FIELD_COLUMNS["value"]

    item = ledger.project_cost_items(ZX01)[2]
    cell = CellRef(record="cost_item", record_key=item.id, column="amount")
    assert window.jump_to_finding(Finding("perf-cost", ERROR, "测算", (cell,), "s"))
    view = window.current_view()
    assert view.project_code == ZX01 and view.tabs.currentIndex() == TAB_COSTS
    assert view.cost_grid.currentIndex().data() == "4.00"

    cell = CellRef(record="spending_schedule", record_key=ZX01, column="december")
    assert window.jump_to_finding(Finding("perf-plan", ERROR, "计划", (cell,), "s"))
    assert window.current_view().tabs.currentIndex() == TAB_SCHEDULE
    assert window.current_view().schedule_grid.currentIndex().column() == 3

    cell = CellRef(record="project", record_key=ZX02)
    assert window.jump_to_finding(Finding("perf-four-levels", ERROR, "一级指标", (cell,), "s"))
    assert window.current_view().project_code == ZX02
    assert window.jump_to_finding(Finding("project-x", ERROR, "项目", (cell,), "s"))
    assert window.navigator.current_key() == ("projects",)  # other rules: the project grid

    dept = ledger.project_indicators("")[0]
    cell = CellRef(record="indicator", record_key=dept.id, column="指标值")
    assert window.jump_to_finding(Finding("perf-dept", ERROR, "部门", (cell,), "s"))
    assert window.navigator.current_key() == ("perf_department",)
    assert window.current_view().indicators.grid.currentIndex().data() == "8"  # 智能企业 8
    cell = CellRef(record="department_target", record_key=1, column="duty_goal")
    assert window.jump_to_finding(Finding("perf-goal", ERROR, "目标", (cell,), "s"))


def test_form_view_shows_merged_cells_and_jumps_to_the_record(window):
    view = window.show_view(("form", "hunan-project-target"))
    assert isinstance(view, FormView)
    assert [view.chooser.itemText(i) for i in range(view.chooser.count())] == [
        "生态污染防治专项经费支出方向绩效目标表",
        "先进硬质材料产业链专项经费支出方向绩效目标表",
    ]
    form = view.current_form()
    name = next(c for c in form.cells if c.text == "项目名称")
    value = form.cell_at(name.row, name.col + 1)
    assert view.table.columnSpan(value.row, value.col) == value.colspan == 8
    budget = next(c for c in form.cells if c.amount is not None)
    assert (budget.text, budget.amount) == ("25.00", 25 * WAN)
    assert view.show_subject(ZX02) and view.title.text().startswith("先进硬质材料")
    cell = next(c for c in view.current_form().cells if c.field == "value" and c.text == "134")
    view.table.doubleClicked.emit(view.model.index(cell.row, cell.col))
    grid = window.current_view().indicators.grid
    assert grid.currentIndex().data() == "134"


def test_choosing_another_layout_lists_its_forms(window):
    view = window.show_view(("form", "hunan-dept-target"))
    lukou = view.layout_chooser.findData("lukou2026")
    view.layout_chooser.setCurrentIndex(lukou)
    view.layout_chooser.activated.emit(lukou)
    assert performance_layout(window.document.dfile) == "lukou2026"
    forms = [k for k in window.navigator._items if k[0] == "form"]
    assert forms == [("form", "lukou2026-dept-target"), ("form", "lukou2026-project-target")]
    assert window.navigator.current_key() == ("form", "lukou2026-dept-target")


def test_read_only_file_shows_targets_but_refuses_edits(qtbot, demo_path):
    from desktop.models.store import DepartmentFile
    from desktop.ui.document import Document

    document = Document(DepartmentFile.open(demo_path, readonly=True))
    try:
        view = ProjectTargetView(document, ZX01)
        qtbot.addWidget(view)
        assert not view.goal.isEnabled() and not view.indicators.template_button.isEnabled()
        model = view.indicators.model
        assert not model.flags(model.index(0, FIELD_COLUMNS["value"])) & Qt.ItemFlag.ItemIsEditable
        failed = []
        document.failed.connect(failed.append)
        assert view.indicators.insert_from_templates(load_templates()[:1]) is None
        assert failed == ["文件以只读方式打开，不能修改。"]
        assert len(document.ledger.project_indicators(ZX01)) == 12
    finally:
        document.close()


def test_goal_being_typed_when_the_window_closes_is_saved(qtbot, window, demo_path):
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile

    view = project_view(window)
    window.activateWindow()
    view.goal.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.goal)
    view.goal.setPlainText("关闭窗口前输入的目标")
    window.close()
    dfile = DepartmentFile.open(demo_path)
    try:
        assert Ledger(dfile).projects[ZX01].goal == "关闭窗口前输入的目标"
    finally:
        dfile.close()
