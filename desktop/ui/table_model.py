"""Read-only model of one computed standard table (a TableResult), in the chosen display unit."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop.tables.result import DEPARTMENT, TOTAL, UNIT, TableResult
from desktop.tables.spec import ListingSpec
from desktop.ui.display import amount_text, amount_tooltip
from desktop.ui.document import Document

AnyIndex = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
BOLD_LEVELS = (TOTAL, DEPARTMENT, UNIT)


class StandardTableModel(QAbstractTableModel):
    """Rows and leaf columns of a standard table; totals bold, amounts right-aligned."""

    def __init__(self, document: Document, number: int) -> None:
        super().__init__()
        self.document = document
        self.number = number
        self.result: TableResult = document.rollup.result(number)
        self.spec = self.result.spec
        self.amount_columns = set(self.result.amount_columns())
        self._bold = QFont()
        self._bold.setBold(True)
        document.unit_changed.connect(self._all_changed)

    def frozen_columns(self) -> int:
        """Leading text columns (codes and names) that stay in place when scrolling sideways."""
        if isinstance(self.spec, ListingSpec):
            return 0
        count = 0
        for col in self.spec.leaf_columns:
            if col.select is not None:
                break
            count += 1
        return count

    def refresh(self) -> None:
        """Take the roll-up's current result; rows that stayed the same are only repainted."""
        new = self.document.rollup.result(self.number)
        if new is self.result:
            return
        same_rows = [r.key for r in new.rows] == [r.key for r in self.result.rows]
        if same_rows:
            self.result = new
            self._all_changed()
        else:
            self.beginResetModel()
            self.result = new
            self.endResetModel()

    def _all_changed(self) -> None:
        if self.result.rows:
            last = self.index(len(self.result.rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.result.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.leaf_columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.spec.leaf_columns[section].label
        return str(section + 1)

    def is_amount(self, column: int) -> bool:
        return column in self.amount_columns

    def fen(self, row: int, column: int) -> int | None:
        value = self.result.rows[row].values[column]
        return value if isinstance(value, int) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.result.rows[index.row()]
        col = index.column()
        value = row.values[col]
        amount = col in self.amount_columns
        if role == Qt.ItemDataRole.DisplayRole:
            if amount:
                return amount_text(value, self.document.unit) if isinstance(value, int) else ""
            return value or ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if amount:
                return _RIGHT
            label = self.spec.leaf_columns[col].text
            return _CENTER if label in ("class", "section", "item") else _LEFT
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if row.level in BOLD_LEVELS else None
        if role == Qt.ItemDataRole.ToolTipRole and amount and isinstance(value, int):
            return amount_tooltip(value) + "\n双击查看组成这个数的明细"
        return None
