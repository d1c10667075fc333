"""Ctrl+F: find a code, a name or an amount in the input grids and the standard tables, and jump
to the cell. The search runs through the views in navigator order, starting after the current
cell; amounts match with or without thousands separators ("599800" finds "599,800.00")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.focus import view_grid

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

Cell = tuple[int, int]


def _normal(text: str) -> str:
    return text.replace(",", "").replace(" ", "").replace("\u3000", "").lower()


def _cell_text(model: QAbstractItemModel, row: int, column: int) -> str:
    value = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
    return "" if value is None else str(value)


def find_in_model(
    model: QAbstractItemModel, text: str, after: Cell | None = None, headers: bool = True
) -> Cell | None:
    """The first cell after `after` (row by row) whose text contains `text`.

    A column whose header matches (the economic codes of the basic-expenditure grids are
    columns) counts as its first row's cell.
    """
    wanted = _normal(text)
    if not wanted:
        return None
    rows, columns = model.rowCount(), model.columnCount()
    header_hits = set()
    if headers:
        for c in range(columns):
            head = model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
            if head is not None and wanted in _normal(str(head)):
                header_hits.add(c)
    start = after[0] * columns + after[1] + 1 if after else 0
    for p in range(start, rows * columns):
        r, c = divmod(p, columns)
        if (r == 0 and c in header_hits) or wanted in _normal(_cell_text(model, r, c)):
            return r, c
    return None


def _search_model(view: QWidget) -> tuple[QAbstractItemModel | None, QAbstractItemView | None]:
    table_model = getattr(view, "model", None)
    if table_model is not None and not callable(table_model):  # a standard table
        return table_model, None
    grid = view_grid(view)
    return (grid.model() if grid is not None else None), grid


def find_next(window: MainWindow, text: str) -> bool:
    """Jump to the next match of `text` after the current cell; False when there is none."""
    keys = window.navigator.view_keys()
    current = window.navigator.current_key()
    if not keys or window.document is None:
        return False
    first = keys.index(current) if current in keys else 0
    for step in range(len(keys) + 1):
        key = keys[(first + step) % len(keys)]
        view = window.views.get(key) or window.show_view(key, focus=False)
        if view is None:
            continue
        model, grid = _search_model(view)
        if model is None:
            continue
        after = None
        if step == 0:
            index = _current_cell(view, grid)
            after = index
        found = find_in_model(model, text, after)
        if found is None:
            continue
        view = window.show_view(key, focus=False)
        _select(view, grid, found)
        return True
    return False


def _current_cell(view: QWidget, grid: QAbstractItemView | None) -> Cell | None:
    if grid is not None:
        index = grid.currentIndex()
        return (index.row(), index.column()) if index.isValid() else None
    return getattr(view, "found_cell", None)


def _select(view: QWidget, grid: QAbstractItemView | None, cell: Cell) -> None:
    if grid is not None:
        index = grid.model().index(*cell)
        grid.setCurrentIndex(index)
        grid.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        grid.setFocus()
    else:
        view.select_cell(*cell)  # type: ignore[attr-defined]
        view.found_cell = cell  # type: ignore[attr-defined]


class FindDialog(QDialog):
    """A small non-modal box: type, Enter finds the next match, Esc closes."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("查找")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("查找编码、名称或金额（在录入表和标准表中）："))
        row = QHBoxLayout()
        self.text = QLineEdit()
        self.text.setPlaceholderText("例如 30239、办公费、599800")
        self.text.returnPressed.connect(self.find_next)
        row.addWidget(self.text, 1)
        self.next_button = QPushButton("查找下一个")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.find_next)
        row.addWidget(self.next_button)
        layout.addLayout(row)
        self.status = QLabel("")
        layout.addWidget(self.status)

    def find_next(self) -> bool:
        text = self.text.text().strip()
        if not text:
            return False
        found = find_next(self.window_, text)
        self.status.setText("" if found else f"找不到“{text}”。")
        self.activateWindow()
        self.text.setFocus()
        return found
