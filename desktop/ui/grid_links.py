"""From a cell of an input grid to what stands behind it (查看明细) and to the standard table
that prints it (跳转到标准表)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel

from desktop.ledger import Ledger
from desktop.records import ExpenditureLine, IncomeLine, Project, Unit

Line = IncomeLine | ExpenditureLine
INCOME_TABLE = 2  # 收入总表: income by unit and function
EXPENDITURE_TABLE = 3  # 支出总表: expenditure by unit and function


def lines_at(ledger: Ledger, model: QAbstractItemModel, row: int, column: int) -> list[Line]:
    """The income or expenditure lines a grid cell shows or sums (empty: none)."""
    rows = getattr(model, "rows", [])
    if not 0 <= row < len(rows):
        return []
    item = rows[row]
    cells = getattr(item, "cells", None)
    if isinstance(cells, dict):  # a basic-expenditure row: one cell per economic 款
        econ_of = getattr(model, "econ_of", lambda c: None)
        econ = econ_of(column)
        if econ:
            return list(cells.get(econ, []))
        return [ln for lines in cells.values() for ln in lines]
    if isinstance(item, (IncomeLine, ExpenditureLine)):
        return [item]
    if isinstance(item, Project):
        return [ln for ln in ledger.expenditure_lines.values() if ln.project_code == item.code]
    if isinstance(item, Unit):
        lines: list[Line] = [*ledger.income_lines.values(), *ledger.expenditure_lines.values()]
        return [ln for ln in lines if ln.unit_code == item.code]
    return []


def table_for(lines: list[Line]) -> tuple[int, str, str] | None:
    """(table number, unit code, function code) of the standard-table row printing `lines`."""
    if not lines:
        return None
    first = lines[0]
    table = INCOME_TABLE if isinstance(first, IncomeLine) else EXPENDITURE_TABLE
    return table, first.unit_code, first.function_code
