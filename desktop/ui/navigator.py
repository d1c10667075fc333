"""The navigator: department and units, input tables, performance targets, and the standard
tables in printed order (tables 1–21, then the performance forms of the file's layout)."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from desktop.ui.document import Document
from desktop.ui.icons import icon

ROLE = Qt.ItemDataRole.UserRole


def form_entries(document: Document) -> list[tuple[int | None, str, str]]:
    """(number, title, key) of the performance forms of the file's layout, in printing order."""
    from desktop.tables.forms import form_specs, performance_layout

    return [(s.number, s.title, s.key) for s in form_specs(performance_layout(document.dfile))]


# The public document's facts beyond the tables (view keys made in desktop/ui/public_text_views).
PUBLIC_TEXT_PAGES = (
    ("部门职责", "duties"),
    ("内设机构", "offices"),
    ("人员编制", "staff"),
    ("政府采购", "purchases"),
    ("国有资产占用", "assets"),
    ("主要原因", "reasons"),
)

LEAF_ICONS = {
    "units": "nav-department",
    "projects": "nav-project",
    "project_lines": "nav-project",
    "perf_department": "nav-performance",
    "perf_project": "nav-performance",
    "special_funds": "nav-performance",
    "self_evaluation": "nav-performance",
    "table": "nav-table",
    "form": "nav-form",
}


def title_lines(title: str) -> str:
    """A long table title on several lines, so tables 9–14 read apart in a narrow navigator:
    "一般公共预算基本支出表\n    —人员经费(工资福利支出)\n    (按政府预算经济分类)"."""
    if len(title) <= 14:
        return title
    parts = re.split(r"(?=—)|(?=[（(]按)", title)
    return "\n    ".join(p for p in parts if p)


class Navigator(QTreeWidget):
    """Each leaf carries a view key such as ("table", 7) or ("basic", "personnel")."""

    view_selected = Signal(tuple)
    enter_view = Signal()  # Enter, Tab or a click: the keyboard goes into the view

    _STEPS = {
        QAbstractItemView.CursorAction.MoveDown: 1,
        QAbstractItemView.CursorAction.MoveNext: 1,
        QAbstractItemView.CursorAction.MoveUp: -1,
        QAbstractItemView.CursorAction.MovePrevious: -1,
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setMinimumWidth(220)
        self.setIndentation(14)  # room for the table titles (split by title_lines, tooltips whole)
        self.currentItemChanged.connect(self._current_changed)
        self.itemClicked.connect(lambda item, _col: self._clicked(item))
        self._items: dict[tuple, QTreeWidgetItem] = {}

    def moveCursor(  # noqa: N802 - Qt override
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Arrow keys step over group headings onto the next view."""
        index = super().moveCursor(action, modifiers)
        step = self._STEPS.get(action)
        while index.isValid() and not index.data(ROLE):
            if step is None:  # Home/End/PageUp/PageDown: the nearest view below, else above
                step = 1
            nxt = self.indexBelow(index) if step > 0 else self.indexAbove(index)
            if not nxt.isValid():
                return self.currentIndex()
            index = nxt
        return index

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (not event.modifiers()):
            self.enter_view.emit()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 - Qt override
        if next and self.current_key():
            self.enter_view.emit()  # Tab goes into the open view, not to the 审核结果 buttons
            return True
        return super().focusNextPrevChild(next)

    def view_keys(self) -> list[tuple]:
        """The views in navigator order (for Ctrl+PgUp / Ctrl+PgDn)."""
        return list(self._items)

    def _clicked(self, item: QTreeWidgetItem) -> None:
        if item.data(0, ROLE):
            self.enter_view.emit()

    def populate(self, document: Document) -> None:
        current = self.current_key()
        self.blockSignals(True)
        self.clear()
        self._items.clear()
        ledger = document.ledger
        dept = self._group(None, f"{ledger.department.name}（{ledger.department.fiscal_year}）")
        self._leaf(dept, "单位", ("units",))
        self._leaf(dept, "项目", ("projects",))
        inputs = self._group(None, "录入表")
        self._leaf(inputs, "收入", ("income",))
        self._leaf(inputs, "基本支出—人员经费", ("basic", "personnel"))
        self._leaf(inputs, "基本支出—公用经费", ("basic", "operating"))
        projects = self._group(inputs, "项目支出")
        for project in sorted(ledger.projects.values(), key=lambda p: (p.sort_order, p.code)):
            self._leaf(projects, project.name, ("project_lines", project.code))
        self._leaf(inputs, "全部支出明细", ("expenditure",))
        if ledger.is_final:  # a 决算 has no control figures; its own pages instead
            from desktop.ui.final_models import FINAL_PAGES

            for label, key in FINAL_PAGES:
                self._leaf(inputs, label, (key,))
            self._leaf(inputs, "上年决算数", ("prior_year",))
        else:
            self._leaf(inputs, "控制数", ("control",))
            self._leaf(inputs, "上年数", ("prior_year",))
        public = self._group(None, "公开文本资料")
        for label, key in PUBLIC_TEXT_PAGES:
            self._leaf(public, label, (key,))
        performance = self._group(None, "绩效目标")
        self._leaf(performance, "部门整体绩效目标", ("perf_department",))
        targets = self._group(performance, "项目绩效目标")
        for project in sorted(ledger.projects.values(), key=lambda p: (p.sort_order, p.code)):
            self._leaf(targets, project.name, ("perf_project", project.code))
        self._leaf(performance, "专项资金", ("special_funds",))
        if ledger.is_final:  # a 决算 file: 绩效自评 of the department and each project
            self._leaf(performance, "绩效自评", ("self_evaluation",))
        tables = self._group(None, "标准表")
        pack = document.pack
        if pack is not None:
            tables.setToolTip(0, f"表套：{pack.name}（文件 → 表套… 可更换）")
        for spec in document.specs:
            self._leaf(
                tables, f"{spec.number:>2}  {title_lines(spec.title)}", ("table", spec.number)
            )
        for number, title, key in form_entries(document):
            label = f"{number:>2}  {title}" if number is not None else f"      {title}"
            self._leaf(tables, label, ("form", key))
        self.expandAll()
        self.blockSignals(False)
        if current in self._items:
            self.select(current)

    def _group(self, parent: QTreeWidgetItem | None, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        if parent is None:
            self.addTopLevelItem(item)
        else:
            parent.addChild(item)
        return item

    def _leaf(self, parent: QTreeWidgetItem, text: str, key: tuple) -> None:
        item = QTreeWidgetItem([text])
        item.setIcon(0, icon(LEAF_ICONS.get(key[0], "nav-input")))
        item.setData(0, ROLE, key)
        item.setToolTip(0, text.replace("\n    ", ""))  # the title on one line
        parent.addChild(item)
        self._items[key] = item

    def current_key(self) -> tuple | None:
        item = self.currentItem()
        data = item.data(0, ROLE) if item else None
        return tuple(data) if data else None

    def select(self, key: tuple) -> None:
        item = self._items.get(key)
        if item is not None:
            self.setCurrentItem(item)

    def _current_changed(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        key = item.data(0, ROLE) if item else None
        if key:
            self.view_selected.emit(tuple(key))
