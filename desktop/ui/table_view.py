"""A standard table as printed: title, merged multi-row header, frozen code columns, live figures."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.tables.printed import TableGrid
from desktop.ui.clipboard import format_block
from desktop.ui.document import Document
from desktop.ui.header_view import MergedHeaderView
from desktop.ui.table_model import StandardTableModel

_NARROW_TEXT = {"class": 40, "section": 34, "item": 34, "code": 90, "row_number": 44}


class _Part(QTableView):
    """One side of the split view (frozen codes or amounts); copies its selection with Ctrl+C."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(MergedHeaderView(self))
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.parent().copy()  # type: ignore[attr-defined]
            return
        super().keyPressEvent(event)


class StandardTableView(QWidget):
    """Read-only standard table. Double-clicking an amount asks for the lines behind it."""

    drill_requested = Signal(int, int)  # row, leaf column

    def __init__(self, document: Document, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = StandardTableModel(document, number)
        spec = self.model.spec
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel(spec.title)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        info = QHBoxLayout()
        dept = document.ledger.department
        info.addWidget(QLabel(f"单位：{dept.code}_{dept.name}"))
        info.addStretch(1)
        self.unit_label = QLabel()
        info.addWidget(self.unit_label)
        layout.addLayout(info)

        body = QFrame(self)
        body.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.frozen = _Part(self)
        self.main = _Part(self)
        for part in (self.frozen, self.main):
            part.setModel(self.model)
        self.main.setSelectionModel(self.frozen.selectionModel())
        self.frozen_count = self.model.frozen_columns()
        count = self.model.columnCount()
        for c in range(count):
            self.frozen.setColumnHidden(c, c >= self.frozen_count)
            self.main.setColumnHidden(c, c < self.frozen_count)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Both parts keep a horizontal bar so their rows stay level at the bottom.
        for part in (self.frozen, self.main):
            part.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.main.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.verticalScrollBar().valueChanged.connect(self.main.verticalScrollBar().setValue)
        row.addWidget(self.frozen)
        row.addWidget(self.main, 1)
        if self.frozen_count == 0:
            self.frozen.hide()
        layout.addWidget(body, 1)
        self.note = QLabel(spec.note)
        layout.addWidget(self.note)

        self._layout_columns()
        for part in (self.frozen, self.main):
            part.doubleClicked.connect(self._double_clicked)
            part.horizontalHeader().sectionResized.connect(self._header_resized)
        document.unit_changed.connect(self._unit_changed)
        self._unit_changed()
        self.note.setVisible(self.model.result.empty)

    # -- layout ------------------------------------------------------------------------------
    def _layout_columns(self) -> None:
        metrics = self.fontMetrics()
        amount_width = metrics.horizontalAdvance("99,999,999.99") + 14
        row_height = metrics.height() + 8
        widths = []
        for c, col in enumerate(self.model.table.leaf):
            if self.model.is_amount(c):
                width = amount_width
            elif col.text in _NARROW_TEXT:
                width = _NARROW_TEXT[col.text]
            elif col.text == "label":
                width = 260
            else:
                width = 250
            widths.append(width)
        self.widths = widths
        for part in (self.frozen, self.main):
            part.verticalHeader().setDefaultSectionSize(row_height)
            for c, width in enumerate(widths):
                part.setColumnWidth(c, width)
        rows, cells = self.model.table.header()
        for part in (self.frozen, self.main):
            header: MergedHeaderView = part.horizontalHeader()  # type: ignore[assignment]
            header.set_cells(rows, cells)
            header.fit_rows(widths)
        self.frozen.setFixedWidth(sum(widths[: self.frozen_count]) + 2)

    def _header_resized(self, column: int, _old: int, new: int) -> None:
        if self.widths[column] == new:
            return
        self.widths[column] = new
        for part in (self.frozen, self.main):
            header: MergedHeaderView = part.horizontalHeader()  # type: ignore[assignment]
            header.fit_rows(self.widths)
            part.updateGeometries()
        self.frozen.setFixedWidth(sum(self.widths[: self.frozen_count]) + 2)

    def _unit_changed(self) -> None:
        number = self.model.table.number_label  # 公开01表 (决算 tables), "" for most sets
        prefix = f"{number}    " if number else ""
        self.unit_label.setText(f"{prefix}金额单位：{self.document.unit.label}")

    # -- behaviour -----------------------------------------------------------------------------
    @property
    def grid(self) -> TableGrid:
        """The table as printed, current: cells, their ledger references, lookups by row key."""
        return self.model.table

    def refresh(self) -> None:
        self.model.refresh()
        self.note.setVisible(self.model.result.empty)

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.model.is_amount(index.column()):
            self.drill_requested.emit(index.row(), index.column())

    def select_cell(self, row: int, column: int) -> None:
        part = self.frozen if column < self.frozen_count else self.main
        index = self.model.index(row, column)
        part.setCurrentIndex(index)
        self.main.scrollTo(self.model.index(row, max(column, self.frozen_count)))
        part.setFocus()

    def copy(self) -> None:
        indexes = self.frozen.selectionModel().selectedIndexes()
        if not indexes:
            return
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        block = [[str(self.model.index(r, c).data() or "") for c in cols] for r in rows]
        QGuiApplication.clipboard().setText(format_block(block))
