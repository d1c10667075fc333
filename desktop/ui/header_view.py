"""A horizontal header that paints the printed table's multi-row header with merged cells."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QHeaderView, QWidget

from desktop.tables.spec import HeaderCell

_PAD = 4


class MergedHeaderView(QHeaderView):
    """Paints `HeaderCell`s (row, col, rowspan, colspan) over the sections of a table view.

    Sections keep their normal behaviour (resizing by dragging their edges); only the painting
    and the height differ. Cells whose columns are all hidden are skipped, so two views sharing
    one model (frozen code columns and the rest) can each paint their part.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.cells: list[HeaderCell] = []
        self.row_heights: list[int] = []
        self.setSectionsClickable(False)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def set_cells(self, row_count: int, cells: list[HeaderCell]) -> None:
        self.cells = cells
        base = self.fontMetrics().height() + 2 * _PAD
        self.row_heights = [base] * row_count
        self.updateGeometry()
        self.viewport().update()

    def fit_rows(self, widths: list[int]) -> None:
        """Grow the rows so every label fits its cell when wrapped (`widths` per column)."""
        if not self.row_heights:
            return
        metrics = self.fontMetrics()
        heights = [metrics.height() + 2 * _PAD] * len(self.row_heights)
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)

        def needed(cell: HeaderCell) -> int:
            width = sum(widths[cell.col : cell.col + cell.colspan]) - 2 * _PAD
            box = metrics.boundingRect(QRect(0, 0, max(width, 10), 10_000), flags, cell.text)
            return box.height() + 2 * _PAD

        for cell in sorted(self.cells, key=lambda c: c.rowspan):
            span = range(cell.row, cell.row + cell.rowspan)
            short = needed(cell) - sum(heights[r] for r in span)
            if short > 0:
                heights[cell.row + cell.rowspan - 1] += short
        self.row_heights = heights
        self.updateGeometry()
        self.viewport().update()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.row_heights:
            hint.setHeight(sum(self.row_heights) + 1)
        return hint

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.cells:
            super().paintEvent(event)
            return
        painter = QPainter(self.viewport())
        palette = self.palette()
        painter.fillRect(self.viewport().rect(), palette.base())
        tops = [sum(self.row_heights[:r]) for r in range(len(self.row_heights))]
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        for cell in self.cells:
            cols = [
                c
                for c in range(cell.col, cell.col + cell.colspan)
                if c < self.count() and not self.isSectionHidden(c)
            ]
            if not cols:
                continue
            x = self.sectionViewportPosition(cols[0])
            width = sum(self.sectionSize(c) for c in cols)
            height = sum(self.row_heights[cell.row : cell.row + cell.rowspan])
            rect = QRect(x, tops[cell.row], width, height)
            if not rect.intersects(event.rect()):
                continue
            painter.fillRect(rect, palette.button())
            painter.setPen(palette.mid().color())
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
            painter.setPen(palette.buttonText().color())
            painter.drawText(rect.adjusted(_PAD, _PAD, -_PAD, -_PAD), flags, cell.text)
        painter.end()
