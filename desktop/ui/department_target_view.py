"""The department's overall performance target (部门整体支出绩效目标).

年度履职目标 and 部门职责概述 are typed; the 年度主要任务 and the indicators (project code "")
are grids; the budget situation is derived from the ledger and shown read-only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.records import DepartmentTarget, DepartmentTask, Record
from desktop.tables.forms import budget_situation
from desktop.ui.display import amount_text, amount_tooltip
from desktop.ui.document import Document
from desktop.ui.grid_view import GridView
from desktop.ui.indicator_panel import IndicatorPanel, grid_buttons
from desktop.ui.record_models import RecordModel, text_column
from desktop.ui.target_fields import CommitTextEdit, bind_field

# (caption, BudgetSituation field) in the printed order of the department target.
BUDGET_COLUMNS = (
    ("资金总额", "total"),
    ("一般公共预算", "general"),
    ("政府性基金", "gov_fund"),
    ("财政专户管理资金", "special_account"),
    ("其他资金", "other"),
    ("基本支出", "basic"),
    ("项目支出", "project"),
)
TASK_FIELDS = {"name": 0, "content": 1, "responsible": 2}
TAB_TASKS, TAB_INDICATORS = range(2)


def task_model(document: Document) -> RecordModel:
    """年度主要任务: name, content and responsible office, in their order."""
    columns = [
        text_column("任务名称", "name", 220, required=True),
        text_column("主要内容 / 工作目标", "content", 520),
        text_column("责任单位/科室", "responsible", 140),
    ]

    def template(current: Record | None) -> DepartmentTask:
        tasks = document.ledger.department_tasks.values()
        order = max((t.sort_order for t in tasks), default=-1) + 1
        return DepartmentTask(None, "新任务", sort_order=order)

    return RecordModel(
        document,
        "年度主要任务",
        DepartmentTask,
        columns,
        template=template,
        order=lambda r: (r.sort_order, r.id or 0),
    )


class DepartmentTargetView(QWidget):
    """The editor of the department's overall target; edits are undoable document steps."""

    problem = Signal(str)
    message = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        ledger = document.ledger
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        title = QLabel(f"部门整体支出绩效目标：{ledger.department.name}")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)

        form = QFormLayout()
        self.duty_goal = CommitTextEdit(3)
        self.duty_goal.setPlaceholderText("年度履职目标（离开输入框或按 Ctrl+Enter 保存）")
        form.addRow("年度履职目标", self.duty_goal)
        self.duty_overview = CommitTextEdit(2)
        self.duty_overview.setPlaceholderText("部门职责概述")
        form.addRow("部门职责概述", self.duty_overview)
        self.budget = QTableWidget(1, len(BUDGET_COLUMNS))
        self.budget.setHorizontalHeaderLabels([c for c, _ in BUDGET_COLUMNS])
        self.budget.setVerticalHeaderLabels(["预算数"])
        self.budget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for c in range(len(BUDGET_COLUMNS)):
            self.budget.setColumnWidth(c, 120)
        height = self.budget.horizontalHeader().sizeHint().height()
        self.budget.setFixedHeight(height + self.budget.rowHeight(0) + 6)
        self.budget_caption = QLabel()
        box = QVBoxLayout()
        box.addWidget(self.budget)
        box.addWidget(self.budget_caption)
        form.addRow("预算情况", box)
        layout.addLayout(form)

        current = lambda: ledger.records(DepartmentTarget).get(1)  # noqa: E731
        self._reloads = [
            bind_field(
                document, self.duty_goal, current, "duty_goal", "修改年度履职目标", DepartmentTarget
            ),
            bind_field(
                document,
                self.duty_overview,
                current,
                "duty_overview",
                "修改部门职责概述",
                DepartmentTarget,
            ),
        ]
        for widget in (self.duty_goal, self.duty_overview):
            widget.setEnabled(not document.readonly)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._tasks_tab(), "年度主要任务")
        self.indicators = IndicatorPanel(document, "")
        self.indicators.problem.connect(self.problem)
        self.indicators.message.connect(self.message)
        self.tabs.addTab(self.indicators, "绩效指标")
        layout.addWidget(self.tabs, 1)
        document.unit_changed.connect(self._update_budget)
        self._update_budget()

    def _tasks_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 4, 0, 0)
        self.task_model = task_model(self.document)
        self.task_grid = GridView(tab)
        self.task_grid.setModel(self.task_model)
        self.task_model.setParent(self.task_grid)
        self.task_grid.setWordWrap(True)
        self.task_model.refused.connect(self.problem)
        self.task_grid.message.connect(self.message)
        buttons = QHBoxLayout()
        for button in grid_buttons(self.task_grid, tab):
            button.setEnabled(not self.document.readonly)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.task_grid, 1)
        return tab

    def grids(self) -> list[GridView]:
        return [self.task_grid, self.indicators.grid]

    def active_grid(self) -> GridView | None:
        return self.grids()[self.tabs.currentIndex()]

    def refresh(self) -> None:
        for reload in self._reloads:
            reload()
        self.task_model.refresh()
        self.indicators.refresh()
        self._update_budget()

    def budget_texts(self) -> list[str]:
        """The budget situation as shown, in BUDGET_COLUMNS order."""
        return [self.budget.item(0, c).text() for c in range(len(BUDGET_COLUMNS))]

    def _update_budget(self) -> None:
        unit = self.document.unit
        situation = budget_situation(self.document.ledger)
        for c, (_caption, name) in enumerate(BUDGET_COLUMNS):
            fen = getattr(situation, name)
            item = QTableWidgetItem(amount_text(fen, unit, blank_zero=False))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(amount_tooltip(fen))
            self.budget.setItem(0, c, item)
        self.budget_caption.setText(
            f"金额单位：{unit.label}。由收支数据自动汇总（按资金来源的收入性质、按基本支出/项目支出），"
            "不需录入。"
        )
