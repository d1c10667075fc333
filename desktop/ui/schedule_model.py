"""A project's spending schedule (资金支出计划): cumulative plan at the end of Mar/Jun/Oct/Dec.

One row. Typing a point inserts the schedule if there is none; a point above the project's
budget, or below an earlier point (or above a later one: the plan is cumulative), is refused.
A point left 0 counts as not yet planned.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop.errors import LedgerError
from desktop.records import SCHEDULE_MONTHS, Change, Record, SpendingSchedule
from desktop.ui.display import amount_edit_text, amount_text, amount_tooltip, parse_entry
from desktop.ui.document import Document
from desktop.ui.grid_model import Edit, GridModel

AnyIndex = QModelIndex | QPersistentModelIndex
MONTHS = tuple(SCHEDULE_MONTHS)  # march, june, october, december
HEADERS = (*(f"{label}累计" for label in SCHEDULE_MONTHS.values()), "年度本级预算")
COL_BUDGET = len(MONTHS)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def judge_schedule(
    points: tuple[int, ...], edited: set[int], budget: int, money: Callable[[int], str]
) -> None:
    """Refuse an edited point above the budget or out of the cumulative order.

    `money(fen)` formats an amount for the message (in the display unit).
    """
    names = list(SCHEDULE_MONTHS.values())
    for i in sorted(edited):
        point = points[i]
        if point <= 0:
            continue
        if point > budget:
            raise LedgerError(
                f"{names[i]}累计支出计划 {money(point)} 超过了项目的年度本级预算 {money(budget)}，"
                "已保留原值。"
            )
        for j in range(i):
            if 0 < point < points[j]:
                raise LedgerError(
                    f"资金支出计划是累计数，{names[i]}的 {money(point)} 不能低于"
                    f"{names[j]}的 {money(points[j])}，已保留原值。"
                )
        for j in range(i + 1, len(points)):
            if points[j] and point > points[j]:
                raise LedgerError(
                    f"资金支出计划是累计数，{names[i]}的 {money(point)} 不能高于"
                    f"{names[j]}的 {money(points[j])}，已保留原值。"
                )


class ScheduleModel(GridModel):
    """The four cumulative points and the project's budget (read-only) beside them."""

    def __init__(self, document: Document, project_code: str) -> None:
        super().__init__(document, "资金支出计划")
        self.project_code = project_code
        self.refresh()

    @property
    def schedule(self) -> SpendingSchedule | None:
        return self.document.ledger.spending_schedules.get(self.project_code)

    def budget(self) -> int:
        return self.document.ledger.project_total(self.project_code)

    def refresh(self) -> None:
        self._set_rows([self.schedule], [self.project_code])

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return HEADERS[section] if orientation == Qt.Orientation.Horizontal else "计划"

    def fen(self, column: int) -> int | None:
        if column == COL_BUDGET:
            return self.budget()
        schedule = self.schedule
        return schedule.points[column] if schedule else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        col, unit = index.column(), self.document.unit
        fen = self.fen(col)
        if role == Qt.ItemDataRole.DisplayRole:
            return amount_text(fen, unit, blank_zero=col != COL_BUDGET)
        if role == Qt.ItemDataRole.EditRole:
            return amount_edit_text(fen, unit)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = amount_tooltip(fen)
            return f"{tip}\n来自项目支出明细，不能在这里修改" if col == COL_BUDGET else tip
        if role == Qt.ItemDataRole.FontRole and col == COL_BUDGET:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def is_editable(self, column: int) -> bool:
        return column < COL_BUDGET

    def is_amount(self, column: int) -> bool:
        return True

    def clear_text(self, column: int) -> str | None:
        return "" if column < COL_BUDGET else None

    def edits_to_changes(self, edits: list[Edit]) -> list[Change]:
        unit = self.document.unit
        before = self.schedule
        points = list(before.points if before else (0, 0, 0, 0))
        edited = set()
        for _row, col, text in edits:
            if col >= COL_BUDGET:
                continue
            fen = parse_entry(text, unit) or 0
            if fen < 0:
                raise LedgerError("资金支出计划不能为负数，已保留原值。")
            points[col] = fen
            edited.add(col)
        judge_schedule(
            tuple(points), edited, self.budget(), lambda f: f"{amount_text(f, unit)} {unit.label}"
        )
        if not any(points):
            return [Change(before, None)] if before else []
        after = SpendingSchedule(self.project_code, *points)
        if before is None:
            return [Change(None, after)]
        return [] if after == before else [Change(before, after)]

    def locate(self, record: Record) -> tuple[int, int] | None:
        if isinstance(record, SpendingSchedule) and record.project_code == self.project_code:
            return 0, 0
        return None

    def locate_field(self, record: Record, field: str = "") -> tuple[int, int] | None:
        if self.locate(record) is None:
            return None
        return 0, MONTHS.index(field) if field in MONTHS else COL_BUDGET - 1
