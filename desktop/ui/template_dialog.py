"""Dialogs of the indicator grid: insert from the template library, copy another's indicators."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ledger import Ledger
from desktop.performance_templates import IndicatorTemplate, target_name, themes

ROLE = Qt.ItemDataRole.UserRole
HEADERS = ("三级指标", "一级指标", "二级指标", "类型", "指标值", "度量单位", "来源")


class TemplateDialog(QDialog):
    """The library by theme; tick any number of templates, they are inserted in one step."""

    def __init__(self, templates: list[IndicatorTemplate], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("从模板插入指标")
        self.resize(980, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("勾选要插入的指标（可多选），插入后可在表格中修改指标值；一次插入可整体撤销。")
        )
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("筛选：输入指标名称或主题中的文字")
        self.filter.textChanged.connect(self._apply_filter)
        layout.addWidget(self.filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.items: list[QTreeWidgetItem] = []
        for theme in themes(templates):
            group = QTreeWidgetItem([theme])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(group)
            for template in (t for t in templates if t.theme == theme):
                value = "（本项目预算）" if template.value_from_budget else template.value
                item = QTreeWidgetItem(
                    [
                        template.name,
                        template.level1,
                        template.level2,
                        template.comparator,
                        value,
                        template.measure_unit,
                        template.source,
                    ]
                )
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, Qt.CheckState.Unchecked)
                item.setData(0, ROLE, template)
                tip = template.indicator + (f"\n{template.note}" if template.note else "")
                item.setToolTip(0, tip)
                item.setToolTip(6, template.source)
                group.addChild(item)
                self.items.append(item)
        self.tree.expandAll()
        for column, width in enumerate((330, 80, 130, 50, 110, 70, 320)):
            self.tree.setColumnWidth(column, width)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("插入")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def check(self, names: list[str]) -> None:
        """Tick the templates with these names (the way tests and scripts choose)."""
        for item in self.items:
            if item.data(0, ROLE).name in names:
                item.setCheckState(0, Qt.CheckState.Checked)

    def selected(self) -> list[IndicatorTemplate]:
        return [
            item.data(0, ROLE) for item in self.items if item.checkState(0) == Qt.CheckState.Checked
        ]

    def _apply_filter(self, text: str) -> None:
        typed = text.strip()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            shown = 0
            for j in range(group.childCount()):
                item = group.child(j)
                template: IndicatorTemplate = item.data(0, ROLE)
                hit = not typed or typed in template.name or typed in template.theme
                item.setHidden(not hit)
                shown += hit
            group.setHidden(shown == 0)


class CopyIndicatorsDialog(QDialog):
    """Choose the project (or the department target) whose indicators are copied."""

    def __init__(self, ledger: Ledger, target_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("复制其他项目的指标")
        self.resize(520, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(f"把所选目标的全部指标复制到{target_name(ledger, target_code)}（追加在后面）：")
        )
        self.list = QListWidget()
        sources = [""] + [
            p.code for p in sorted(ledger.projects.values(), key=lambda p: (p.sort_order, p.code))
        ]
        for code in sources:
            count = len(ledger.project_indicators(code))
            if code == target_code or not count:
                continue
            item = QListWidgetItem(f"{target_name(ledger, code)}（{count} 个指标）")
            item.setData(ROLE, code)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("复制")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def source_code(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ROLE) if item is not None else None
