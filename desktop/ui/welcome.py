"""The welcome page shown when no department file is open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    """Buttons for 新建 / 打开 / 演示 and the recent files."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("部门预算编制")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        hint = QLabel("每个部门一个文件（.budget），每次修改都会立即保存。")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint)
        for text, signal in (
            ("新建部门…", self.new_requested),
            ("打开部门文件…", self.open_requested),
            ("打开演示部门", self.demo_requested),
        ):
            button = QPushButton(text)
            button.setMinimumWidth(260)
            button.clicked.connect(signal.emit)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(QLabel("最近打开的文件："), 0, Qt.AlignmentFlag.AlignHCenter)
        self.recent = QListWidget()
        self.recent.setMaximumWidth(600)
        self.recent.setMinimumWidth(420)
        self.recent.itemActivated.connect(lambda item: self.recent_requested.emit(item.toolTip()))
        layout.addWidget(self.recent, 0, Qt.AlignmentFlag.AlignHCenter)

    def set_recent(self, files: list[str]) -> None:
        self.recent.clear()
        for path in files:
            self.recent.addItem(Path(path).name)
            self.recent.item(self.recent.count() - 1).setToolTip(path)
