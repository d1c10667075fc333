"""The welcome page shown when no department file is open (also on the very first start)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__

NO_RECENT = "（还没有打开过部门文件）"


class WelcomePage(QWidget):
    """Buttons for 新建 / 打开 / 演示 / 用户手册 and the recent files."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    manual_requested = Signal()
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
        version = QLabel(f"版本 {__version__}")
        version.setAlignment(Qt.AlignmentFlag.AlignCenter)
        version.setStyleSheet("color: #555;")
        layout.addWidget(version)
        hint = QLabel("每个部门一个文件（.budget），每次修改都会立即保存，无需“保存”。")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip, signal in (
            ("new", "新建部门…", "填写预算年度、部门编码和名称、预算单位", self.new_requested),
            ("open", "打开部门文件…", "打开已有的 .budget 文件", self.open_requested),
            (
                "demo",
                "打开演示部门",
                "株洲市荷塘区科技和工业信息化局 2025 年部门预算",
                self.demo_requested,
            ),
            (
                "manual",
                "用户手册",
                "新建、录入、粘贴、撤销、标准表、审核、导出、备份",
                self.manual_requested,
            ),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setMinimumWidth(260)
            button.clicked.connect(signal.emit)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            self.buttons[key] = button
        layout.addWidget(QLabel("最近打开的文件（双击打开）："), 0, Qt.AlignmentFlag.AlignHCenter)
        self.recent = QListWidget()
        self.recent.setMaximumWidth(640)
        self.recent.setMinimumWidth(460)
        self.recent.itemActivated.connect(self._activated)
        layout.addWidget(self.recent, 0, Qt.AlignmentFlag.AlignHCenter)

    def set_recent(self, files: list[str]) -> None:
        """List the recent files; a file that no longer exists is shown greyed and cannot open."""
        self.recent.clear()
        for path in files:
            exists = Path(path).exists()
            label = f"{Path(path).name}    {Path(path).parent}"
            item = QListWidgetItem(label if exists else f"{label}（文件不存在）")
            item.setToolTip(path)
            item.setData(Qt.ItemDataRole.UserRole, path)
            if not exists:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)
        if not files:
            item = QListWidgetItem(NO_RECENT)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.recent_requested.emit(str(path))
