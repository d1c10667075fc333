"""文件 → 表套…: choose the table set (表套) the open department prints with."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.packs.pack import Pack
from desktop.packs.registry import available_packs


def pack_label(pack: Pack) -> str:
    """How a set is named in lists: its name, table count and id (as `budget-desk packs`)."""
    return f"{pack.name}（{pack.kind_name}，{len(pack.tables)} 张表） [{pack.id}]"


class PackDialog(QDialog):
    """The sets installed for the department's year and kind, the current one selected."""

    def __init__(
        self, year: int, current: str, parent: QWidget | None = None, kind: str = "budget"
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("表套")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "表套决定打印、导出哪些公开表以及审核规则的级别。更换表套不改变任何明细数据，"
            "各表按新表套立即重新生成。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        # Only sets of the file's kind (部门预算 / 部门决算): the other kind cannot print it.
        self.packs = available_packs(year, kind) or available_packs(kind=kind)
        for pack in self.packs:
            item = QListWidgetItem(pack_label(pack))
            item.setData(Qt.ItemDataRole.UserRole, pack.id)
            self.list.addItem(item)
            if pack.id == current:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.packs:
            self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        layout.addWidget(self.detail)
        self.list.currentRowChanged.connect(self._show_detail)
        self._show_detail(self.list.currentRow())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("使用此表套")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 360)

    def _show_detail(self, row: int) -> None:
        if not 0 <= row < len(self.packs):
            self.detail.setText("没有适用于本年度的表套。")
            return
        pack = self.packs[row]
        titles = "、".join(f"{t.number} {t.title}" for t in pack.tables[:6])
        more = f" 等 {len(pack.tables)} 张" if len(pack.tables) > 6 else ""
        self.detail.setText(f"适用年度：{'、'.join(map(str, pack.years))}\n表：{titles}{more}")

    def chosen(self) -> Pack | None:
        row = self.list.currentRow()
        return self.packs[row] if 0 <= row < len(self.packs) else None
