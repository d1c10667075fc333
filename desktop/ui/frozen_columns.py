"""Frozen code/name columns for an input grid, and a header whose labels wrap.

The frozen part is a second view over the same model and selection laid over the grid's left
edge (Qt's "frozen column" pattern): it shows the first columns while the rest scroll beneath.
It never takes the keyboard: clicks select in the grid, and while a frozen cell is being edited
the overlay steps aside so the editor is visible.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QWidget,
)

_PAD = 4


class WrapHeaderView(QHeaderView):
    """A horizontal header whose labels wrap onto several lines instead of being clipped."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
        self.sectionResized.connect(lambda *_: self.updateGeometry())
        self._heights: dict[tuple[str, int], int] = {}  # (label, width) → wrapped height
        self._heights: dict[tuple[str, int], int] = {}  # (label, width) → wrapped height

    def _label(self, section: int) -> str:
        model = self.model()
        text = model.headerData(section, self.orientation(), Qt.ItemDataRole.DisplayRole)
        return "" if text is None else str(text)

    def sectionSizeFromContents(self, section: int) -> QSize:  # noqa: N802 - Qt override
        size = super().sectionSizeFromContents(section)
        width = max(self.sectionSize(section) - 2 * _PAD, 20)
        label = self._label(section)
        height = self._heights.get((label, width))
        if height is None:  # asked on every layout pass: measured once per label and width
            flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
            rect = self.fontMetrics().boundingRect(QRect(0, 0, width, 2000), flags, label)
            height = self._heights[(label, width)] = rect.height() + 2 * _PAD
        return QSize(size.width(), max(size.height(), height))

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:  # noqa: N802
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = section
        option.text = ""  # the style draws frame and background; the label is wrapped below
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
        flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
        painter.drawText(rect.adjusted(_PAD, _PAD, -_PAD, -_PAD), flags, self._label(section))


class FrozenColumns:
    """Keeps the first `count` columns of `grid` in place while the others scroll."""

    def __init__(
        self, grid: QTableView, count: int, delegate: QAbstractItemDelegate | None = None
    ) -> None:
        self.grid = grid
        self.count = count
        view = QTableView(grid)
        self.view = view
        view.setModel(grid.model())
        view.setSelectionModel(grid.selectionModel())
        if delegate is not None:  # its own: a shared delegate would commit into both views
            delegate.setParent(view)
            view.setItemDelegate(delegate)
        view.setHorizontalHeader(WrapHeaderView(view))
        view.verticalHeader().hide()
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionMode(grid.selectionMode())
        view.setAlternatingRowColors(grid.alternatingRowColors())
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollMode(grid.verticalScrollMode())
        view.setWordWrap(grid.wordWrap())
        view.setStyleSheet("QTableView { border: none; border-right: 1px solid #9aa4b2; }")
        view.verticalHeader().setDefaultSectionSize(grid.verticalHeader().defaultSectionSize())
        view.doubleClicked.connect(self._edit)
        view.clicked.connect(lambda _index: grid.setFocus())
        view.customContextMenuRequested.connect(lambda _pos: None)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.sync_columns()
        grid.horizontalHeader().sectionResized.connect(self._resized)
        # Rows keep the default height unless one is resized: that one row follows (a pass over
        # every row on each layout would cost as much as the department has rows).
        grid.verticalHeader().sectionResized.connect(self._row_resized)
        grid.verticalScrollBar().valueChanged.connect(view.verticalScrollBar().setValue)
        view.verticalScrollBar().valueChanged.connect(grid.verticalScrollBar().setValue)
        grid.model().modelReset.connect(self.sync_columns)
        grid.model().layoutChanged.connect(self.sync_columns)
        view.show()

    def sync_columns(self) -> None:
        for c in range(self.grid.model().columnCount()):
            self.view.setColumnHidden(c, c >= self.count)
            if c < self.count:
                self.view.setColumnWidth(c, self.grid.columnWidth(c))
        self.place()

    def _resized(self, column: int, _old: int, new: int) -> None:
        if column < self.count:
            self.view.setColumnWidth(column, new)
            self.place()

    def _row_resized(self, row: int, _old: int, new: int) -> None:
        if self.view.rowHeight(row) != new:
            self.view.setRowHeight(row, new)

    def width(self) -> int:
        return sum(self.grid.columnWidth(c) for c in range(self.count))

    def place(self) -> None:
        grid = self.grid
        frame = grid.frameWidth()
        header = grid.horizontalHeader()
        self.view.horizontalHeader().setFixedHeight(header.height())
        self.view.setGeometry(
            grid.verticalHeader().width() + frame,
            frame,
            self.width(),
            grid.viewport().height() + header.height(),
        )
        rows = grid.model().rowCount()
        self.view.setVisible(rows > 0)  # an empty grid shows its hint where the codes would be
        default = grid.verticalHeader().defaultSectionSize()
        if self.view.verticalHeader().defaultSectionSize() != default:
            self.view.verticalHeader().setDefaultSectionSize(default)

    def editing(self, index: QModelIndex, on: bool) -> None:
        """While a frozen cell is edited in the grid, show the grid's own cell instead."""
        if index.column() < self.count:
            if on:
                self.grid.horizontalScrollBar().setValue(0)
            self.view.setVisible(not on)

    def _edit(self, index: QModelIndex) -> None:
        self.grid.setFocus()
        self.grid.setCurrentIndex(index)
        self.grid.edit(index)
