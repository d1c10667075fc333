"""Base of the editable input grids: typed text becomes ledger changes, refusals are signalled."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from desktop.errors import BudgetError
from desktop.records import Change, Record
from desktop.ui.codes import CodePicker
from desktop.ui.document import Document

Edit = tuple[int, int, str]  # (row, column, typed text)
# Cells the grid computes (names, totals) are shaded: only the white ones take typing.
COMPUTED_BRUSH = QBrush(QColor("#f1f3f6"))
AnyIndex = QModelIndex | QPersistentModelIndex


class GridModel(QAbstractTableModel):
    """An input grid. Subclasses turn edits into changes; this class runs them as commands."""

    refused = Signal(str)  # typed text that cannot be taken; the view decides how to show it

    def __init__(self, document: Document, title: str) -> None:
        super().__init__()
        self.document = document
        self.title = title
        self.rows: list = []
        self._keys: list = []
        document.unit_changed.connect(self._unit_changed)

    # -- to implement ----------------------------------------------------------------------
    def edits_to_changes(self, edits: list[Edit]) -> list[Change]:
        """The changes that make the grid show `edits`; raises BudgetError (nothing applied)."""
        raise NotImplementedError

    def is_editable(self, column: int) -> bool:
        raise NotImplementedError

    def is_amount(self, column: int) -> bool:
        return False

    def clear_text(self, column: int) -> str | None:
        """What Delete writes into a cell of `column` (None: the cell cannot be cleared)."""
        return "" if self.is_amount(column) else None

    def completions(self, column: int) -> list[str] | CodePicker:
        """Completer entries for a code column: a catalog picker, fixed choices, or none."""
        return []

    def insert_changes(self, row: int) -> list[Change]:
        return []

    def delete_changes(self, rows: list[int]) -> list[Change]:
        return []

    def refresh(self) -> None:
        """Reload from the ledger after a change."""
        raise NotImplementedError

    def locate(self, record: Record) -> tuple[int, int] | None:
        """(row, column) showing `record`, for jumps from checks and drill-downs."""
        return None

    # -- shared behaviour --------------------------------------------------------------------
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.is_editable(index.column()) and not self.document.readonly:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        return self.apply_edits([(index.row(), index.column(), str(value or ""))], "录入")

    def apply_edits(self, edits: list[Edit], text: str) -> bool:
        """Turn edits into one undoable command; a refusal is reported and changes nothing."""
        editable = [e for e in edits if self.is_editable(e[1])]
        try:
            changes = self.edits_to_changes(editable)
        except BudgetError as exc:
            self.refused.emit(str(exc))
            return False
        if not changes:
            self.refresh()  # e.g. a pending row's key was typed: only the grid changes
            return True
        return self.document.execute(changes, text) is not None

    def _unit_changed(self) -> None:
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def _set_rows(self, rows: list, keys: list) -> None:
        """Swap in new rows, one key per row as the view counts them.

        Rows that came or went as one block are inserted or removed, and rows whose keys stayed
        (or were replaced one for one) are only repainted: the view keeps its current cell and
        an editor open on the grid — typing into the blank row that just became a line — stays
        the view's until it closes. Only other reshuffles reset the model.
        """
        old = self._keys
        start, end = _changed_block(old, keys)
        removed, added = end - start, end - start + len(keys) - len(old)
        if len(keys) == len(old):
            self.rows, self._keys = rows, keys
        elif removed == 0:
            first = self._insertion_row(start)
            self.beginInsertRows(QModelIndex(), first, first + added - 1)
            self.rows, self._keys = rows, keys
            self.endInsertRows()
        elif added == 0:
            self.beginRemoveRows(QModelIndex(), start, start + removed - 1)
            self.rows, self._keys = rows, keys
            self.endRemoveRows()
        else:
            self.beginResetModel()
            self.rows, self._keys = rows, keys
            self.endResetModel()
            return
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _insertion_row(self, row: int) -> int:
        """Where rows that came in before old row `row` are announced (a subclass whose blank
        row turns into the new line announces the new blank row after it instead)."""
        return row


def _changed_block(old: list, new: list) -> tuple[int, int]:
    """(start, end) of the part of `old` that differs from `new`: both share old[:start] and
    old[end:]."""
    start, limit = 0, min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end, tail = len(old), len(new)
    while end > start and tail > start and old[end - 1] == new[tail - 1]:
        end, tail = end - 1, tail - 1
    return start, end
