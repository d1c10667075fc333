"""The spreadsheet-like view of input grids: Excel keys, block copy/paste, code completion."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCompleter,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.ui.clipboard import format_block, parse_block
from desktop.ui.code_picker import CodeCompleter
from desktop.ui.codes import CodePicker
from desktop.ui.focus import first_editable, next_editable
from desktop.ui.frozen_columns import FrozenColumns, WrapHeaderView
from desktop.ui.grid_model import GridModel

EndEditHint = QAbstractItemDelegate.EndEditHint
EMPTY_HINT = "还没有数据：按 Ctrl+I 或右键选“插入行”开始录入，也可以从 Excel 复制后按 Ctrl+V 粘贴。"
LONG_TEXT_WIDTH = 200  # text columns this wide hold sentences: edited in a multi-line box


class LongTextEditor(QPlainTextEdit):
    """A multi-line cell editor: Enter or Tab commits as in a single-line cell; Alt+Enter (or
    Shift+Enter) starts a new line, as in Excel."""

    commit = Signal(object)  # the hint: SubmitModelCache (Enter) or EditNextItem (Tab)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        newline = event.modifiers() & (
            Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
        )
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if newline:
                self.insertPlainText("\n")
            else:
                self.commit.emit(EndEditHint.SubmitModelCache)
            return
        if event.key() == Qt.Key.Key_Tab:
            self.commit.emit(EndEditHint.EditNextItem)
            return
        super().keyPressEvent(event)


class GridDelegate(QStyledItemDelegate):
    """A line editor; code columns complete from the catalog on code or any part of the name."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex
    ) -> QWidget:
        model = index.model()
        if isinstance(model, GridModel) and _long_text(model, index.column()):
            long = LongTextEditor(parent)
            long.commit.connect(lambda hint, e=long: self._finish(e, hint))
            return long
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if isinstance(model, GridModel):
            if model.is_amount(index.column()):
                editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            entries = model.completions(index.column())
            if isinstance(entries, CodePicker):
                editor.code_completer = CodeCompleter(  # type: ignore[attr-defined]
                    entries, editor, lambda e=editor: self._commit_pick(e)
                )
            elif entries:
                completer = QCompleter(entries, editor)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                completer.setMaxVisibleItems(12)
                editor.setCompleter(completer)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        super().setEditorData(editor, index)
        if isinstance(editor, LongTextEditor):
            editor.selectAll()  # as a line editor opens: typing replaces, an arrow key keeps

    def updateEditorGeometry(  # noqa: N802 - Qt override
        self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex
    ) -> None:
        super().updateEditorGeometry(editor, option, index)
        if isinstance(editor, LongTextEditor):  # room for a few lines over the rows below
            rect = option.rect
            editor.setGeometry(rect.x(), rect.y(), max(rect.width(), 320), rect.height() * 5)

    def _finish(self, editor: QWidget, hint: EndEditHint) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, hint)

    def _commit_pick(self, editor: QLineEdit) -> None:
        """A picked code is written at once and the cursor moves on, as Enter does."""
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, EndEditHint.SubmitModelCache)


FROZEN_HEADERS = ("单位", "编码", "名称", "代码", "资金来源", "合计")


def frozen_count(model: QAbstractItemModel) -> int:
    """How many leading columns identify a row (codes, names, fund): they stay in place.

    Only grids wider than their identifying columns by several amounts freeze anything.
    """
    columns = model.columnCount()
    count = 0
    for c in range(min(columns, 6)):
        header = str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
        if isinstance(model, GridModel) and model.is_amount(c):
            break
        if not any(word in header for word in FROZEN_HEADERS):
            break
        count = c + 1
    return count if columns - count >= 4 else 0


def _long_text(model: GridModel, column: int) -> bool:
    """A free-text column wide enough for sentences (项目目标, 备注, 主要内容…)."""
    columns = getattr(model, "columns", None)
    if not columns or model.is_amount(column) or model.completions(column):
        return False
    return columns[column].width >= LONG_TEXT_WIDTH


class GridView(QTableView):
    """Enter moves down, Tab right, F2 or typing edits, Delete clears, Ctrl+C/V copy blocks."""

    message = Signal(str)  # information for the status bar
    detail_requested = Signal(int, int)  # 查看明细 of (row, column)
    table_requested = Signal(int, int)  # 跳转到标准表 from (row, column)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(GridDelegate(self))
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setHorizontalHeader(WrapHeaderView(self))
        self.frozen: FrozenColumns | None = None

    def grid_model(self) -> GridModel:
        return self.model()  # type: ignore[return-value]

    def setModel(self, model: QAbstractItemModel) -> None:  # noqa: N802 - Qt override
        super().setModel(model)
        if isinstance(model, GridModel):
            widths = getattr(model, "columns", None)
            for c in range(model.columnCount()):
                width = widths[c].width if widths else (110 if model.is_amount(c) else 100)
                self.setColumnWidth(c, width)
            self.freeze(frozen_count(model))

    def freeze(self, count: int) -> None:
        """Keep the first `count` columns (codes and names) in place while scrolling right."""
        if self.frozen is not None:
            self.frozen.view.deleteLater()
            self.frozen = None
        if count > 0:
            self.frozen = FrozenColumns(self, count, GridDelegate())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:  # an empty grid says where to start
            painter = QPainter(self.viewport())
            painter.setPen(QColor("#6b7280"))
            painter.drawText(
                self.viewport().rect().adjusted(12, 12, -12, -12),
                int(
                    Qt.AlignmentFlag.AlignLeft
                    | Qt.AlignmentFlag.AlignTop
                    | Qt.TextFlag.TextWordWrap
                ),
                getattr(model, "empty_hint", "") or EMPTY_HINT,  # a grid may say why it is empty
            )
            painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.frozen is not None:
            self.frozen.place()

    def edit(self, index, trigger=None, event=None):  # noqa: ANN001, ANN201 - Qt overload
        if trigger is None:
            return super().edit(index)
        started = super().edit(index, trigger, event)
        if started and self.frozen is not None:
            self.frozen.editing(index, True)
        return started

    def scrollTo(self, index: QModelIndex, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: ANN001, N802
        if self.frozen is not None and index.column() < self.frozen.count:
            # a frozen column is always in sight: only scroll vertically
            index = self.model().index(index.row(), self.columnAt(self.frozen.width() + 1))
            if not index.isValid():
                return
        super().scrollTo(index, hint)

    def updateGeometries(self) -> None:  # noqa: N802 - Qt override
        super().updateGeometries()
        if getattr(self, "frozen", None) is not None:
            self.frozen.place()

    # -- right-click -------------------------------------------------------------------------
    def context_menu(self) -> QMenu:
        """The right-click menu: the row and clipboard commands, and where a figure goes."""
        menu = QMenu(self)
        model = self.model()
        writable = isinstance(model, GridModel) and not model.document.readonly
        index = self.currentIndex()
        entries = [
            ("插入行", "Ctrl+I", self.insert_row, writable),
            ("删除行", "Ctrl+-", self.delete_rows, writable and index.isValid()),
            None,
            ("复制", "Ctrl+C", self.copy, True),
            ("粘贴", "Ctrl+V", self.paste, writable),
            None,
            ("查看明细", "", lambda: self._ask(self.detail_requested), index.isValid()),
            ("跳转到标准表", "", lambda: self._ask(self.table_requested), index.isValid()),
        ]
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            text, keys, slot, enabled = entry
            action = menu.addAction(text)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            action.setEnabled(enabled)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        index = self.indexAt(event.pos())
        if index.isValid() and not self.selectionModel().isSelected(index):
            self.setCurrentIndex(index)
        self.context_menu().exec(event.globalPos())

    def _ask(self, signal: Signal) -> None:  # type: ignore[valid-type]
        index = self.currentIndex()
        if index.isValid():
            signal.emit(index.row(), index.column())  # type: ignore[attr-defined]

    # -- keys ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
                self.clear_cells()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                up = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self._move(-1 if up else 1, 0)
                return
            if event.key() == Qt.Key.Key_Tab and not event.modifiers():
                self._tab(1)
                return
            if event.key() == Qt.Key.Key_Backtab:
                self._tab(-1)
                return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        # Arriving by Tab, F6 or a click on the navigator: start at the first cell to type in.
        if not self.currentIndex().isValid() and self.model() is not None:
            start = first_editable(self.model())
            if start.isValid():
                self.setCurrentIndex(start)
        super().focusInEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 - Qt override
        return False  # Tab moves between cells, never out of the grid (F6 does that)

    def _tab(self, step: int) -> None:
        model, current = self.model(), self.currentIndex()
        if model is None or not current.isValid():
            return
        target = next_editable(model, current, step)
        self.setCurrentIndex(target)

    def closeEditor(self, editor: QWidget, hint: EndEditHint) -> None:  # noqa: N802
        if self.frozen is not None:
            self.frozen.view.setVisible(True)
        # Enter commits and moves down, Tab commits and moves right, as in Excel.
        if hint == EndEditHint.SubmitModelCache:
            super().closeEditor(editor, EndEditHint.NoHint)
            self._move(1, 0)
        elif hint == EndEditHint.EditNextItem:
            super().closeEditor(editor, EndEditHint.NoHint)
            self._tab(1)
        elif hint == EndEditHint.EditPreviousItem:
            super().closeEditor(editor, EndEditHint.NoHint)
            self._tab(-1)
        else:
            super().closeEditor(editor, hint)

    def _move(self, drow: int, dcol: int) -> None:
        current = self.currentIndex()
        model = self.model()
        if not current.isValid() or model is None:
            return
        row = min(max(current.row() + drow, 0), model.rowCount() - 1)
        col = min(max(current.column() + dcol, 0), model.columnCount() - 1)
        self.setCurrentIndex(model.index(row, col))

    # -- block operations ------------------------------------------------------------------
    def _selected_box(self) -> tuple[int, int, int, int] | None:
        """(top, left, bottom, right) around the selection, or the current cell."""
        indexes = self.selectionModel().selectedIndexes() if self.selectionModel() else []
        if not indexes:
            current = self.currentIndex()
            if not current.isValid():
                return None
            indexes = [current]
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        return min(rows), min(cols), max(rows), max(cols)

    def copy(self) -> None:
        box = self._selected_box()
        if box is None:
            return
        top, left, bottom, right = box
        model = self.model()
        block = [
            [
                str(model.index(r, c).data(Qt.ItemDataRole.EditRole) or "")
                for c in range(left, right + 1)
            ]
            for r in range(top, bottom + 1)
        ]
        QGuiApplication.clipboard().setText(format_block(block))
        self.message.emit(f"已复制 {len(block)} 行 × {right - left + 1} 列。")

    def paste(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        """Paste a tab-separated block at the selection as one undoable action."""
        model = self.grid_model()
        box = self._selected_box()
        block = parse_block(text)
        if box is None or not block:
            return False
        top, left, bottom, right = box
        if len(block) == 1 and len(block[0]) == 1 and (bottom > top or right > left):
            block = [[block[0][0]] * (right - left + 1) for _ in range(bottom - top + 1)]
        edits, clipped = [], 0
        for dr, values in enumerate(block):
            for dc, value in enumerate(values):
                r, c = top + dr, left + dc
                if r >= model.rowCount() or c >= model.columnCount():
                    clipped += 1
                elif model.is_editable(c):
                    edits.append((r, c, value))
        if not model.apply_edits(edits, "粘贴"):
            return False
        last_row = min(top + len(block), model.rowCount()) - 1
        last_col = min(left + max(len(v) for v in block), model.columnCount()) - 1
        self.setCurrentIndex(model.index(top, left))
        self.selectionModel().select(
            QItemSelection(model.index(top, left), model.index(last_row, last_col)),
            QItemSelectionModel.SelectionFlag.ClearAndSelect,
        )
        note = f"，超出表格的 {clipped} 个单元格未粘贴" if clipped else ""
        self.message.emit(f"已粘贴 {len(edits)} 个单元格{note}。")
        return True

    def clear_cells(self) -> None:
        model = self.grid_model()
        indexes = self.selectionModel().selectedIndexes() or [self.currentIndex()]
        edits = []
        for index in indexes:
            if index.isValid() and model.is_editable(index.column()):
                text = model.clear_text(index.column())
                if text is not None:
                    edits.append((index.row(), index.column(), text))
        if edits:
            model.apply_edits(edits, "清除")

    def insert_row(self) -> None:
        model = self.grid_model()
        current = self.currentIndex()
        row = current.row() if current.isValid() else model.rowCount() - 1
        changes = model.insert_changes(row)
        if changes:
            applied = model.document.execute(changes, "插入行")
            model.refresh()
            found = model.locate(applied[0].after) if applied else None
        else:
            model.refresh()  # a row that lives only in the grid until amounts are typed
            draft = getattr(model, "draft_row", None)
            if draft is not None and draft >= 0:  # the blank row of a line grid
                start = first_editable(model)
                found = (draft, start.column() if start.isValid() else 0)
            else:
                found = (model.rowCount() - 1, 1) if model.rowCount() else None
        if found:
            self.jump_to(*found)

    def delete_rows(self) -> None:
        model = self.grid_model()
        rows = sorted({i.row() for i in self.selectionModel().selectedIndexes()})
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        if not rows:
            return
        changes = model.delete_changes(rows)
        if changes:
            model.document.execute(changes, f"删除 {len(rows)} 行")
        else:
            model.refresh()

    def jump_to(self, row: int, column: int) -> None:
        index = self.model().index(row, column)
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.setFocus()
