"""Where the keyboard goes: the first editable cell of a view, and F6 between the window's parts."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


def first_editable(model: QAbstractItemModel | None) -> QModelIndex:
    """The first cell (row by row) that accepts typing; the first cell when none does."""
    if model is None or model.rowCount() == 0 or model.columnCount() == 0:
        return QModelIndex()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            if model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                return index
    return model.index(0, 0)


def next_editable(model: QAbstractItemModel, current: QModelIndex, step: int) -> QModelIndex:
    """The next (step=1) or previous (step=-1) editable cell, row-wrapping as Excel's Tab does
    in a protected sheet; `current` itself when there is none."""
    rows, columns = model.rowCount(), model.columnCount()
    position = current.row() * columns + current.column()
    for offset in range(1, rows * columns):
        p = position + step * offset
        if not 0 <= p < rows * columns:
            break
        index = model.index(p // columns, p % columns)
        if model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return index
    return current


def view_grid(view: QWidget | None) -> QAbstractItemView | None:
    """The item view of `view` that the keyboard should work in (grid, table body, tab's grid)."""
    if view is None:
        return None
    if isinstance(view, QTableView):
        return view
    chooser = getattr(view, "active_grid", None)
    grid = chooser() if callable(chooser) else None
    if grid is not None:
        return grid
    body = getattr(view, "main", None)  # a standard table's amounts (beside its frozen codes)
    if isinstance(body, QAbstractItemView):
        return body
    return view.findChild(QAbstractItemView)


def focus_grid(view: QWidget | None) -> QAbstractItemView | None:
    """Put the keyboard in `view`'s grid, on its current cell or else the first editable one."""
    grid = view_grid(view)
    if grid is None:
        return None
    model = grid.model()
    current = grid.currentIndex()
    if model is not None and (
        not current.isValid() or not (model.flags(current) & Qt.ItemFlag.ItemIsEditable)
    ):
        start = first_editable(model)
        if start.isValid():
            grid.setCurrentIndex(start)
    grid.setFocus(Qt.FocusReason.OtherFocusReason)
    return grid
