"""Read-only models of printed grids: one for standard tables and performance forms alike.

`PrintedGridModel` shows the body of a `PrintedGrid` (tables/printed.py): each cell's text,
alignment, look by role and merges. Table amounts follow the chosen display unit; everything else
shows as printed. `StandardTableModel` keeps one table current as the ledger changes.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.money import DisplayUnit
from desktop.tables.printed import (
    AMOUNT,
    VALUE,
    FormCellRef,
    PrintedCell,
    PrintedGrid,
    TableCellRef,
    TableGrid,
    lower,
)
from desktop.tables.result import TableResult
from desktop.ui.display import amount_text, amount_tooltip
from desktop.ui.document import Document

AnyIndex = QModelIndex | QPersistentModelIndex
_ALIGN = {
    "left": int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
    "center": int(Qt.AlignmentFlag.AlignCenter),
    "right": int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
}
_CAPTION = QBrush(QColor("#eef1f5"))


class PrintedGridModel(QAbstractTableModel):
    """The body cells of a printed grid (a table's header rows are painted by the header view)."""

    def __init__(self, grid: PrintedGrid | None = None, unit: DisplayUnit | None = None) -> None:
        super().__init__()
        self.grid = grid
        self.unit = unit or DisplayUnit.WAN_YUAN
        self._last: tuple | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_grid(self, grid: PrintedGrid | None) -> None:
        self.beginResetModel()
        self.grid = grid
        self._last = None
        self.endResetModel()

    def cell(self, row: int, col: int) -> PrintedCell | None:
        """The printed cell starting at body row `row`, column `col`."""
        if self.grid is None:
            return None
        # Qt asks for every role of a cell in turn: make the cell once for all of them.
        last = self._last
        if last is not None and last[0] is self.grid and last[1] == row and last[2] == col:
            return last[3]
        cell = self.grid.cell(row + self.grid.header_rows, col)
        self._last = (self.grid, row, col, cell)
        return cell

    def spans(self) -> list[PrintedCell]:
        """Merged body cells, in body rows."""
        if self.grid is None:
            return []
        first = self.grid.header_rows
        return [c for c in self.grid.merges() if c.row >= first]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.grid is None:
            return 0
        return self.grid.rows - self.grid.header_rows

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.grid is None else self.grid.columns

    def _all_changed(self) -> None:
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        cell = self.cell(index.row(), index.column())
        if cell is None:
            return None
        live = isinstance(cell.ref, TableCellRef) and cell.role == VALUE
        if role == Qt.ItemDataRole.DisplayRole:
            if live:  # a table amount in the unit the user chose; a 增减率 as printed
                return amount_text(cell.amount, self.unit) if cell.amount is not None else cell.text
            return cell.text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN.get(cell.align, _ALIGN["left"])
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if self._bold_cell(cell) else None
        if role == Qt.ItemDataRole.BackgroundRole and not isinstance(self.grid, TableGrid):
            return _CAPTION if cell.role != VALUE else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(cell, live)
        return None

    def _bold_cell(self, cell: PrintedCell) -> bool:
        grid = self.grid
        if isinstance(grid, TableGrid):
            return grid.emphasised(grid.body_row(cell.row))
        return cell.role != VALUE

    @staticmethod
    def _tooltip(cell: PrintedCell, live: bool) -> str | None:
        if live and cell.amount is not None:
            return amount_tooltip(cell.amount) + "\n双击查看组成这个数的明细"
        if isinstance(cell.ref, FormCellRef):
            if cell.amount is not None:
                return "来自预算数据（项目支出明细），双击转到录入处"
            return "双击转到录入处修改"
        return None


class StandardTableModel(PrintedGridModel):
    """One standard table of the document's roll-up, kept current; totals bold."""

    def __init__(self, document: Document, number: int) -> None:
        self.document = document
        self.number = number
        self.result: TableResult = document.rollup.result(number)
        super().__init__(lower(self.result), document.unit)
        self.spec = self.result.spec
        document.unit_changed.connect(self._unit_changed)

    @property
    def table(self) -> TableGrid:
        assert isinstance(self.grid, TableGrid)
        return self.grid

    def frozen_columns(self) -> int:
        """Leading text columns (codes and names) that stay in place when scrolling sideways."""
        if self.table.listing:
            return 0
        count = 0
        for kind in self.table.column_kinds:
            if kind == AMOUNT:
                break
            count += 1
        return count

    def refresh(self) -> None:
        """Take the roll-up's current result; rows that stayed the same are only repainted."""
        new = self.document.rollup.result(self.number)
        if new is self.result:
            return
        changed = _changed_rows(self.result, new)
        if changed is not None:
            self.result, self.grid, self._last = new, lower(new), None
            # Only the rows whose figures changed are repainted (an edit touches a handful).
            for first, last in _runs(changed):
                right = self.index(last, self.columnCount() - 1)
                self.dataChanged.emit(self.index(first, 0), right)
        else:
            self.beginResetModel()
            self.result, self.grid = new, lower(new)
            self.endResetModel()

    def _unit_changed(self) -> None:
        self.unit = self.document.unit
        self._all_changed()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.table.leaf[section].label
        return str(section + 1)

    def is_amount(self, column: int) -> bool:
        return self.table.column_kinds[column] == AMOUNT

    def fen(self, row: int, column: int) -> int | None:
        value = self.result.rows[row].values[column]
        return value if isinstance(value, int) else None


def _changed_rows(old: TableResult, new: TableResult) -> list[int] | None:
    """The rows of `new` whose values differ from `old`'s, or None when the rows themselves
    differ (a row came, went or moved). The roll-up says which rows it replaced after an edit
    (`RowDelta`); otherwise the rows are compared (unchanged rows are usually the same objects).
    """
    if old.empty != new.empty:
        return None  # an empty table prints its 合计 row differently (0.00)
    delta = new.delta
    if delta is not None and delta.previous is old.rows:
        return list(delta.changed)
    if len(old.rows) != len(new.rows):
        return None
    changed = []
    for n, (a, b) in enumerate(zip(old.rows, new.rows, strict=True)):
        if a is b:
            continue
        if a.key != b.key:
            return None
        if a != b:
            changed.append(n)
    return changed


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in sorted(rows):
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
