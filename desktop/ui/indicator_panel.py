"""The indicator grid with its buttons: insert/delete rows, insert from templates, copy."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.errors import BudgetError
from desktop.performance_templates import (
    IndicatorTemplate,
    copy_indicators,
    insert_templates,
    load_templates,
)
from desktop.records import Change
from desktop.ui.document import Document
from desktop.ui.grid_view import GridView
from desktop.ui.indicator_model import IndicatorModel
from desktop.ui.template_dialog import CopyIndicatorsDialog, TemplateDialog


def grid_buttons(grid: GridView, parent: QWidget) -> list[QPushButton]:
    """插入行 / 删除行 buttons acting on `grid` (the same as Ctrl+I / Ctrl+-)."""
    insert = QPushButton("插入行", parent)
    insert.clicked.connect(grid.insert_row)
    delete = QPushButton("删除行", parent)
    delete.clicked.connect(grid.delete_rows)
    return [insert, delete]


class IndicatorPanel(QWidget):
    """Indicators of one project ("" = department): a grid and the library and copy actions."""

    problem = Signal(str)  # refused input, for the status bar
    message = Signal(str)  # information, for the status bar

    def __init__(
        self, document: Document, project_code: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.project_code = project_code
        self.model = IndicatorModel(document, project_code)
        self.grid = GridView(self)
        self.grid.setModel(self.model)
        self.model.setParent(self.grid)
        self.model.refused.connect(self.problem)
        self.grid.message.connect(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        buttons = QHBoxLayout()
        self.buttons = grid_buttons(self.grid, self)
        self.template_button = QPushButton("从模板插入指标…", self)
        self.template_button.clicked.connect(self.open_template_dialog)
        self.copy_button = QPushButton("复制其他项目的指标…", self)
        self.copy_button.clicked.connect(self.open_copy_dialog)
        for button in (*self.buttons, self.template_button, self.copy_button):
            button.setEnabled(not document.readonly)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.grid, 1)

    def refresh(self) -> None:
        self.model.refresh()

    def _execute(self, changes: list[Change], text: str) -> list[Change] | None:
        applied = self.document.execute(changes, text)
        self.model.refresh()
        if applied:
            found = self.model.locate(applied[0].after)
            if found:
                self.grid.jump_to(*found)
            self.message.emit(f"{text}。")
        return applied

    def insert_from_templates(self, templates: list[IndicatorTemplate]) -> list[Change] | None:
        """Insert `templates` after the existing indicators as one undoable step."""
        if not templates:
            return []
        try:
            changes = insert_templates(self.document.ledger, templates, self.project_code)
        except BudgetError as exc:
            self.problem.emit(str(exc))
            return None
        return self._execute(changes, f"从模板插入 {len(changes)} 个指标")

    def copy_from(self, source_code: str) -> list[Change] | None:
        """Append a copy of `source_code`'s indicators as one undoable step."""
        try:
            changes = copy_indicators(self.document.ledger, source_code, self.project_code)
        except BudgetError as exc:
            self.problem.emit(str(exc))
            return None
        return self._execute(changes, f"复制 {len(changes)} 个指标")

    def open_template_dialog(self) -> None:
        dialog = TemplateDialog(load_templates(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.insert_from_templates(dialog.selected())

    def open_copy_dialog(self) -> None:
        dialog = CopyIndicatorsDialog(self.document.ledger, self.project_code, self)
        if dialog.list.count() == 0:
            self.problem.emit("其他项目都还没有绩效指标，没有可复制的内容。")
            return
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.source_code() is not None:
            self.copy_from(dialog.source_code())
