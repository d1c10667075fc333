"""One project's performance target: goal texts, indicators, cost breakdown, spending schedule.

The 年度本级预算 is shown from the ledger (the project's expenditure lines) and never typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.records import Project
from desktop.ui.cost_model import CostItemModel
from desktop.ui.display import amount_text
from desktop.ui.document import Document
from desktop.ui.fund_choice import NO_FUND, fund_choices, resolve_fund_code
from desktop.ui.grid_view import GridView
from desktop.ui.indicator_panel import IndicatorPanel, grid_buttons
from desktop.ui.schedule_model import ScheduleModel
from desktop.ui.target_fields import (
    CommitComboBox,
    CommitLineEdit,
    CommitTextEdit,
    bind_field,
)

CATEGORIES = ("特定类", "大事要事", "其他运转类")
TAB_INDICATORS, TAB_COSTS, TAB_SCHEDULE = range(3)
_OK, _BAD = "color: #1b7f3b;", "color: #b00020;"


def _grid(model, parent: QWidget) -> GridView:  # noqa: ANN001 - any GridModel
    grid = GridView(parent)
    grid.setModel(model)
    model.setParent(grid)
    grid.setWordWrap(True)
    return grid


class ProjectTargetView(QWidget):
    """The editor of one project's 绩效目标; every edit is one undoable step of the document."""

    problem = Signal(str)
    message = Signal(str)

    def __init__(self, document: Document, project_code: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.project_code = project_code
        ledger = document.ledger
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.info = QLabel()
        layout.addWidget(self.info)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        row = QHBoxLayout()
        self.category = CommitComboBox(self._categories())
        self.category.setMinimumWidth(140)
        self.period = CommitLineEdit()
        self.period.setPlaceholderText("如 2025.1.1-2025.12.31")
        self.fund = CommitComboBox(fund_choices(ledger), editable=False)
        self.fund.setMinimumWidth(220)
        for label, widget in (("项目类别", self.category), ("实施期", self.period)):
            row.addWidget(QLabel(label))
            row.addWidget(widget, 1)
        row.addWidget(QLabel("所属专项资金（支出方向）"))
        row.addWidget(self.fund, 1)
        form.addRow("项目信息", row)
        self.goal = CommitTextEdit(3)
        self.goal.setPlaceholderText("本年度绩效目标（离开输入框或按 Ctrl+Enter 保存）")
        form.addRow("本年度绩效目标", self.goal)
        self.period_goal = CommitTextEdit(2)
        self.period_goal.setPlaceholderText("实施期绩效目标（跨年项目填写）")
        form.addRow("实施期绩效目标", self.period_goal)
        layout.addLayout(form)

        current = lambda: ledger.projects.get(project_code)  # noqa: E731
        name = lambda: self._name()  # noqa: E731
        self._reloads = [
            bind_field(document, self.category, current, "category", "修改项目类别"),
            bind_field(document, self.period, current, "period", "修改实施期"),
            bind_field(
                document,
                self.fund,
                current,
                "special_fund_code",
                "修改所属专项",
                parse=lambda text: resolve_fund_code(ledger, text),
                show=lambda code: self._fund_text(code),
            ),
            bind_field(document, self.goal, current, "goal", f"修改{name()}的本年度绩效目标"),
            bind_field(document, self.period_goal, current, "period_goal", "修改实施期绩效目标"),
        ]

        self.tabs = QTabWidget()
        self.indicators = IndicatorPanel(document, project_code)
        self.indicators.problem.connect(self.problem)
        self.indicators.message.connect(self.message)
        self.tabs.addTab(self.indicators, "绩效指标")
        self.tabs.addTab(self._costs_tab(), "支出明细及测算")
        self.tabs.addTab(self._schedule_tab(), "资金支出计划")
        layout.addWidget(self.tabs, 1)
        for widget in (self.category, self.period, self.fund, self.goal, self.period_goal):
            widget.setEnabled(not document.readonly)
        document.unit_changed.connect(self._update_labels)
        self._update_labels()

    # -- construction -------------------------------------------------------------------------
    def _costs_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 4, 0, 0)
        self.cost_model = CostItemModel(self.document, self.project_code)
        self.cost_grid = _grid(self.cost_model, tab)
        self._connect_grid(self.cost_model, self.cost_grid)
        self.cost_grid.horizontalHeader().setStretchLastSection(True)
        buttons = QHBoxLayout()
        for button in grid_buttons(self.cost_grid, tab):
            button.setEnabled(not self.document.readonly)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.cost_grid, 1)
        self.cost_total = QLabel()
        self.cost_total.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.cost_total)
        return tab

    def _schedule_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 4, 0, 0)
        self.schedule_model = ScheduleModel(self.document, self.project_code)
        self.schedule_grid = _grid(self.schedule_model, tab)
        self._connect_grid(self.schedule_model, self.schedule_grid)
        for c in range(self.schedule_model.columnCount()):
            self.schedule_grid.setColumnWidth(c, 130)
        rows = self.schedule_grid.verticalHeader().defaultSectionSize()
        self.schedule_grid.setFixedHeight(rows * 2 + 8)
        layout.addWidget(self.schedule_grid)
        note = QLabel(
            "按累计数填写各时点计划支出的金额；12月底应等于年度本级预算。"
            "超过预算或低于前一时点的金额不会被接受。"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        return tab

    def _connect_grid(self, model, grid: GridView) -> None:  # noqa: ANN001
        model.refused.connect(self.problem)
        grid.message.connect(self.message)

    def _categories(self) -> list[str]:
        used = (p.category for p in self.document.ledger.projects.values() if p.category)
        return list(dict.fromkeys((*CATEGORIES, *used)))

    def _fund_text(self, code: str) -> str:
        fund = self.document.ledger.special_funds.get(code)
        return f"{fund.code} {fund.name}" if fund else NO_FUND

    def _name(self) -> str:
        project = self.project
        return f"项目“{project.name}”" if project else "项目"

    # -- state ----------------------------------------------------------------------------------
    @property
    def project(self) -> Project | None:
        return self.document.ledger.projects.get(self.project_code)

    def budget(self) -> int:
        """年度本级预算: the sum of the project's expenditure lines, in 分."""
        return self.document.ledger.project_total(self.project_code)

    def grids(self) -> list[GridView]:
        return [self.indicators.grid, self.cost_grid, self.schedule_grid]

    def active_grid(self) -> GridView | None:
        """The grid of the visible tab (for the window's 插入行 / 删除行)."""
        return self.grids()[self.tabs.currentIndex()]

    def refresh(self) -> None:
        if self.project is None:
            return
        self.fund.set_choices(fund_choices(self.document.ledger))
        for reload in self._reloads:
            reload()
        self.indicators.refresh()
        self.cost_model.refresh()
        self.schedule_model.refresh()
        self._update_labels()

    def _update_labels(self) -> None:
        project = self.project
        if project is None:
            return
        unit = self.document.unit
        ledger = self.document.ledger
        budget = self.budget()
        self.title.setText(f"项目支出绩效目标：{project.name}")
        unit_name = (
            ledger.units[project.unit_code].name if project.unit_code in ledger.units else ""
        )
        self.info.setText(
            f"项目编码 {project.code}　所属单位 {project.unit_code} {unit_name}　"
            f"年度本级预算 {amount_text(budget, unit, False)} {unit.label}（来自项目支出明细，不需录入）"
        )
        total = self.cost_model.total()
        diff = total - budget
        text = (
            f"合计 {amount_text(total, unit, False)} {unit.label}　　"
            f"年度本级预算 {amount_text(budget, unit, False)} {unit.label}"
        )
        if diff:
            text += (
                f"　　差额 {amount_text(diff, unit, False)} {unit.label}（合计应等于年度本级预算）"
            )
        self.cost_total.setText(text)
        self.cost_total.setStyleSheet(_BAD if diff else _OK)
