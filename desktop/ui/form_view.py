"""The printed performance forms (绩效目标表), read-only, with their merged cells.

One view per form spec of the department's layout; a spec with several forms (one per project)
has a chooser. Double-clicking a value cell asks to edit the record behind it.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import BudgetError
from desktop.tables.forms import (
    FINAL_LAYOUT,
    FormResult,
    FormSpec,
    form_specs,
    layout_choices,
    performance_layout,
    set_performance_layout,
)
from desktop.tables.printed import FormCellRef, lower
from desktop.ui.document import Document
from desktop.ui.table_model import PrintedGridModel

MIN_WIDTH = 900  # pixels the relative column widths are spread over, at least


def spec_by_key(document: Document, key: str) -> FormSpec | None:
    """The spec `key` of the department's current layout (None if the layout has no such form)."""
    return next((s for s in form_specs(performance_layout(document.dfile)) if s.key == key), None)


class FormModel(PrintedGridModel):
    """The cells of one `FormResult` as its printed grid; the view spans the merged ones."""

    def __init__(self, form: FormResult | None = None) -> None:
        super().__init__()
        self.form: FormResult | None = None
        self.set_form(form)

    def set_form(self, form: FormResult | None) -> None:
        self.form = form
        self.set_grid(None if form is None else lower(form))


class FormView(QWidget):
    """One form spec as printed: title, chooser of the form (project), the merged grid."""

    jump_requested = Signal(object, str)  # record, field
    layout_changed = Signal(str)  # the first form key of the newly chosen layout
    problem = Signal(str)

    def __init__(self, document: Document, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.key = key
        self.forms: list[FormResult] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        top = QHBoxLayout()
        self.chooser = QComboBox()
        self.chooser.setMinimumWidth(320)
        self.chooser.currentIndexChanged.connect(self._show_form)
        self.chooser_label = QLabel("选择：")
        top.addWidget(self.chooser_label)
        top.addWidget(self.chooser)
        top.addStretch(1)
        self.layouts = layout_choices(document.dfile)  # 决算: the 绩效自评表式
        final = FINAL_LAYOUT in self.layouts
        top.addWidget(QLabel("绩效自评表式：" if final else "绩效目标表式："))
        self.layout_chooser = QComboBox()
        for layout_id, name in self.layouts.items():
            self.layout_chooser.addItem(name, layout_id)
        self._show_layout()
        self.layout_chooser.setEnabled(not document.readonly)
        self.layout_chooser.activated.connect(self._choose_layout)
        top.addWidget(self.layout_chooser)
        layout.addLayout(top)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        info = QHBoxLayout()
        self.unit_from = QLabel(f"填报单位：{document.ledger.department.name}")
        info.addWidget(self.unit_from)
        info.addStretch(1)
        self.unit_label = QLabel()
        info.addWidget(self.unit_label)
        layout.addLayout(info)
        self.model = FormModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.model.setParent(self.table)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().hide()
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.viewport().installEventFilter(self)
        layout.addWidget(self.table, 1)
        self.note = QLabel()
        layout.addWidget(self.note)
        self.refresh()

    @property
    def spec(self) -> FormSpec | None:
        return spec_by_key(self.document, self.key)

    def refresh(self) -> None:
        self._show_layout()
        spec = self.spec
        self.forms = spec.build(self.document.ledger) if spec else []
        current = self.chooser.currentIndex()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems([f.title for f in self.forms])
        self.chooser.blockSignals(False)
        several = len(self.forms) > 1
        self.chooser.setVisible(several)
        self.chooser_label.setVisible(several)
        self.unit_label.setText(spec.unit_label if spec else "")
        empty = not self.forms
        self.note.setText(spec.note if spec and empty else "")
        self.note.setVisible(empty)
        if empty:
            self.title.setText(spec.title if spec else "（当前表式没有这张表）")
        index = min(max(current, 0), len(self.forms) - 1)
        self.chooser.setCurrentIndex(index)
        self._show_form(index)

    def show_subject(self, subject: str) -> bool:
        """Show the form of a project / fund code ("" = the department); False if none."""
        for i, form in enumerate(self.forms):
            if form.subject == subject:
                self.chooser.setCurrentIndex(i)
                self._show_form(i)
                return True
        return False

    def current_form(self) -> FormResult | None:
        return self.model.form

    def _show_form(self, index: int) -> None:
        form = self.forms[index] if 0 <= index < len(self.forms) else None
        self.table.clearSpans()
        self.model.set_form(form)
        if form is None:
            return
        self.title.setText(form.title)
        for cell in self.model.spans():
            self.table.setSpan(cell.row, cell.col, cell.rowspan, cell.colspan)
        self._apply_widths()

    def _apply_widths(self) -> None:
        form = self.model.form
        if form is None:
            return
        total = max(MIN_WIDTH, self.table.viewport().width() - 2)
        widths = [max(40, round(share * total)) for share in form.col_widths]
        for c, width in enumerate(widths):
            self.table.setColumnWidth(c, width)
        self._fit_rows(form, widths)

    def _fit_rows(self, form: FormResult, widths: list[int]) -> None:
        """Row heights that fit every wrapped text in its merged width (Qt's own sizing
        measures a spanned cell in its first column only)."""
        metrics = self.table.fontMetrics()
        base = metrics.height() + 8
        heights = [base] * form.rows
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        for cell in sorted(form.cells, key=lambda c: c.rowspan):
            if not cell.text:
                continue
            width = sum(widths[cell.col : cell.col + cell.colspan]) - 10
            box = metrics.boundingRect(QRect(0, 0, max(width, 20), 100_000), flags, cell.text)
            span = range(cell.row, cell.row + cell.rowspan)
            short = box.height() + 8 - sum(heights[r] for r in span)
            if short > 0:
                heights[cell.row + cell.rowspan - 1] += short
        for r, height in enumerate(heights):
            self.table.setRowHeight(r, height)

    def _show_layout(self) -> None:
        """Point the chooser at the layout the file prints (-1: none the list knows)."""
        found = self.layout_chooser.findData(performance_layout(self.document.dfile))
        self.layout_chooser.setCurrentIndex(found)

    def _choose_layout(self, index: int) -> None:
        layout = self.layout_chooser.itemData(index)
        if layout == performance_layout(self.document.dfile):
            return
        try:
            set_performance_layout(self.document.dfile, layout)
        except BudgetError as exc:
            self.problem.emit(str(exc))
            self._show_layout()
            return
        specs = form_specs(layout)
        self.layout_changed.emit(specs[0].key if specs else "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._apply_widths()  # the form fills the width it is given, as on paper
        return super().eventFilter(watched, event)

    def _double_clicked(self, index: QModelIndex) -> None:
        cell = self.model.cell(index.row(), index.column())
        if cell is not None and isinstance(cell.ref, FormCellRef):
            self.jump_requested.emit(cell.ref.record, cell.ref.field)
