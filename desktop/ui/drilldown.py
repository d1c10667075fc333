"""The line items behind a standard-table cell, found with the roll-up's own selectors and keys."""

from __future__ import annotations

import copy
import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ledger import Ledger
from desktop.money import DisplayUnit
from desktop.records import EXPENSE_KIND_NAMES, ExpenditureLine, IncomeLine
from desktop.tables.engine import GridComputation, ListingComputation, Rollup
from desktop.ui.codes import fund_name
from desktop.ui.display import amount_text

Line = IncomeLine | ExpenditureLine


def lines_behind(rollup: Rollup, number: int, row: int, column: int) -> list[Line]:
    """Lines whose amounts make up cell (row, column) of table `number` (leaf column index).

    Each line is run through a scratch copy of the table's own computation, so the answer uses
    exactly the selectors, row keys and ancestors that produced the figure.
    """
    comp = next(c for c in rollup.computations if c.spec.number == number)
    key = rollup.result(number).rows[row].key
    ledger = rollup.ledger
    lines: list[Line] = [*ledger.expenditure_lines.values(), *ledger.income_lines.values()]
    scratch = copy.copy(comp)
    if isinstance(comp, GridComputation):
        if column not in comp.amount_positions:
            return []
        slot = comp.amount_positions.index(column)

        def hits(item: tuple) -> bool:
            scratch.cells = {}
            return scratch.apply(item, 1) and bool(scratch.cells.get(key, [0] * (slot + 1))[slot])

    elif isinstance(comp, ListingComputation):
        block, k = comp.spec.column_slots[column]
        wanted = (block, *key, k)
        if k < 0 or wanted not in comp.slots:
            return []
        slot = comp.slots.index(wanted)

        def hits(item: tuple) -> bool:
            scratch.sums = [0] * len(comp.sums)
            return scratch.apply(item, 1) and bool(scratch.sums[slot])

    else:  # pragma: no cover - no other kind of table exists
        return []
    # A unit amount, so that lines of 0 still show where they would count.
    prepare = rollup.index.prepare
    return [ln for ln in lines if hits(prepare(dataclasses.replace(ln, amount=1)))]


class DrillDownDialog(QDialog):
    """Lists the lines behind a cell; double-click (or 转到) jumps to the line's input grid."""

    jump_requested = Signal(object)  # the line record

    def __init__(
        self, ledger: Ledger, title: str, lines: list[Line], unit: DisplayUnit, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"组成明细 — {title}")
        self.lines = lines
        catalog = ledger.catalog
        layout = QVBoxLayout(self)
        total = sum(ln.amount for ln in lines)
        self.heading = QLabel(
            f"{title}\n共 {len(lines)} 条明细，合计 {amount_text(total, unit, False)} {unit.label}"
        )
        layout.addWidget(self.heading)
        headers = [
            "来源",
            "单位",
            "功能科目",
            "经济科目",
            "资金来源",
            "类型",
            "项目",
            f"金额（{unit.label}）",
            "备注",
        ]
        table = QTableWidget(len(lines), len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for r, ln in enumerate(lines):
            is_exp = isinstance(ln, ExpenditureLine)
            project = ledger.projects.get(ln.project_code) if is_exp else None
            values = [
                "支出" if is_exp else "收入",
                ln.unit_code,
                f"{ln.function_code} {catalog.function_name(ln.function_code)}",
                f"{ln.econ_code} {catalog.dept_econ_name(ln.econ_code)}" if is_exp else "",
                fund_name(catalog, ln.fund_source),
                EXPENSE_KIND_NAMES.get(ln.kind, "") if is_exp else "",
                project.name if project else "",
                amount_text(ln.amount, unit, False),
                ln.note,
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 7:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        table.cellDoubleClicked.connect(lambda r, _c: self._jump(r))
        self.table = table
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        goto = buttons.addButton("转到明细", QDialogButtonBox.ButtonRole.ActionRole)
        goto.clicked.connect(lambda: self._jump(table.currentRow()))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 400)

    def _jump(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            self.jump_requested.emit(self.lines[row])
            self.accept()
