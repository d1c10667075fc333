"""The special funds (区级专项资金) page: what a fund is, and the grid of funds."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.ui.document import Document
from desktop.ui.grid_view import GridView
from desktop.ui.indicator_panel import grid_buttons
from desktop.ui.special_fund_model import special_fund_model


class SpecialFundView(QWidget):
    """Funds with their texts; amount and directions are shown from the projects that name them."""

    problem = Signal(str)
    message = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        title = QLabel("专项资金（区级专项资金）")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        note = QLabel(
            "每个专项资金的支出方向（子项）是一个项目：在“项目”表或项目的绩效目标页选择“所属专项”。"
            "专项资金的金额是其支出方向的项目支出明细合计，不需录入。"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.model = special_fund_model(document)
        self.grid = GridView(self)
        self.grid.setModel(self.model)
        self.model.setParent(self.grid)
        self.model.refused.connect(self.problem)
        self.grid.message.connect(self.message)
        buttons = QHBoxLayout()
        for button in grid_buttons(self.grid, self):
            button.setEnabled(not document.readonly)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.grid, 1)

    def active_grid(self) -> GridView:
        return self.grid

    def refresh(self) -> None:
        self.model.refresh()
