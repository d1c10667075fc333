"""Line grids that work like a sheet: a trailing blank row to type into and a 合计 row.

The blank row is a draft that lives only in the grid: typed cells fill it, and it is written to
the file once it is a whole line — the required codes typed and an amount other than zero — so
插入行 never writes a made-up 2010101 / 30201 / 0.00 line. Until then the status bar says what
is missing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.records import Change, Record
from desktop.ui.display import amount_text
from desktop.ui.document import Document
from desktop.ui.grid_model import Edit
from desktop.ui.record_models import Column, RecordModel

AnyIndex = QModelIndex | QPersistentModelIndex
TOTAL_LABEL = "合计"
DRAFT_MARK = "*"
_DRAFT_COLOR = QColor("#8a8a8a")
_TOTAL_BACKGROUND = QColor("#eef2f7")
DRAFT_KEY, TOTAL_KEY = ("draft",), ("total",)  # the row keys of the blank and the 合计 row


class LineGridModel(RecordModel):
    """A RecordModel of amount lines with the draft row and the 合计 row after its records."""

    info = Signal(str)  # what the draft row still needs (not an error)

    def __init__(
        self,
        document: Document,
        title: str,
        record_type: type,
        columns: list[Column],
        required: tuple[int, ...],
        accept: Callable[[Record], bool] = lambda r: True,
        template: Callable[[Record | None], Record | None] = lambda r: None,
    ) -> None:
        self.required = required  # columns the draft needs typed before it is written
        self.draft: Record | None = None
        self.typed: set[int] = set()
        self._written = False
        self._draftable = False  # whether a line can be made (units exist, file writable)
        self._next_draftable = False
        self._where: dict[object, int] | None = None  # record key → row, made when first asked
        self._totals: dict[int, int] = {}  # column → its 合计, summed when first painted
        super().__init__(document, title, record_type, columns, accept, template)

    # -- rows ------------------------------------------------------------------------------
    @property
    def draft_row(self) -> int:
        """Index of the blank row (-1 when the file is read-only or no line can be made)."""
        return len(self.rows) if self._draftable else -1

    @property
    def total_row(self) -> int:
        return len(self.rows) + (1 if self.draft_row >= 0 else 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.total_row + 1

    def refresh(self) -> None:
        if self._written:
            self.draft, self.typed, self._written = None, set(), False
        # Asked once per refresh: the views ask for the row count thousands of times per paint.
        # Taken over in _set_rows, where the view learns that the row count changed.
        self._next_draftable = not self.document.readonly and self.template(None) is not None
        super().refresh()
        extra = (
            self.index(len(self.rows), 0),
            self.index(self.rowCount() - 1, len(self.columns) - 1),
        )
        self.dataChanged.emit(*extra)

    def apply_changes(self, changes: list[Change]) -> bool:
        """Show changed lines in place when each keeps its row (the same line, still shown here,
        in the same order) and repaint only those rows and the 合计; False when the edit is not
        that simple and the caller must `refresh`. An amount typed into a grid of many
        thousands of lines then costs what it changed, not a sort of every line."""
        if self._written or not changes:
            return False
        kind, where = self.record_type, self._where
        if where is None:
            where = self._where = {r.key: n for n, r in enumerate(self.rows)}
        steps = []
        for change in changes:
            before, after = change.before, change.after
            if type(before) is not kind or type(after) is not kind or before.key != after.key:
                return False  # another kind of record, a new line or a deleted one
            row = where.get(before.key)
            if row is None or self.rows[row] != before or not self.accept(after):
                return False
            if self.order(after) != self.order(before):
                return False
            steps.append((row, before, after))
        for row, before, after in steps:
            self.rows[row] = after
            for col, total in self._totals.items():
                fen = self.columns[col].fen
                self._totals[col] = total - fen(before) + fen(after)  # type: ignore[misc]
        right = len(self.columns) - 1
        for row in sorted({row for row, *_ in steps}):
            self.dataChanged.emit(self.index(row, 0), self.index(row, right))
        self.dataChanged.emit(self.index(self.total_row, 0), self.index(self.total_row, right))
        return True

    def _set_rows(self, rows: list, keys: list) -> None:
        self._where, self._totals = None, {}
        draftable = self._next_draftable
        keys = [*keys, *([DRAFT_KEY] if draftable else []), TOTAL_KEY]
        if draftable == self._draftable:
            super()._set_rows(rows, keys)  # the draft's cells are repainted by refresh()
            return
        self.beginResetModel()  # the blank row comes or goes (read-only, no units): rare
        self.rows, self._keys, self._draftable = rows, keys, draftable
        self.endResetModel()

    def _insertion_row(self, row: int) -> int:
        """A line written from the blank row stays where it was typed (the editor, the current
        cell and Enter's next row with it); the new blank row is announced below it."""
        return row + 1 if row < len(self._keys) and self._keys[row] == DRAFT_KEY else row

    # -- display ---------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            if section == self.draft_row:
                return DRAFT_MARK
            if section == self.total_row:
                return ""
        return super().headerData(section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if row < len(self.rows):
            return super().data(index, role)
        column = self.columns[col]
        if row == self.total_row:
            return self._total_data(col, column, role)
        return self._draft_data(col, column, role)

    def _draft_data(self, col: int, column: Column, role: int) -> object:
        shown = self.draft is not None and (col in self.typed or col not in self.required)
        if column.fen and col not in self.typed:
            shown = False
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if not shown or self.draft is None:
                return ""
            show = column.edit if role == Qt.ItemDataRole.EditRole and column.edit else column.show
            return show(self.draft)
        if role == Qt.ItemDataRole.ForegroundRole and col not in self.typed:
            return QBrush(_DRAFT_COLOR)  # defaults taken from the line above, not yet typed
        if role == Qt.ItemDataRole.ToolTipRole:
            return "在这一行录入新明细：填写科目和金额后自动保存。"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return super().data(self.index(0, col), role) if self.rows else None
        return None

    def _total_data(self, col: int, column: Column, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if column.fen:
                total = self._totals.get(col)
                if total is None:
                    total = self._totals[col] = sum(column.fen(r) for r in self.rows)
                return amount_text(total, self.document.unit, blank_zero=False)
            return TOTAL_LABEL if col == 0 else ""
        return total_style(role, bool(column.fen))

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if index.isValid() and index.row() == self.total_row:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return super().flags(index)

    def record(self, row: int) -> Record:
        return self.rows[row]

    # -- edits -----------------------------------------------------------------------------
    def edits_to_changes(self, edits: list[Edit]) -> list[Change]:
        records = [e for e in edits if e[0] < len(self.rows)]
        changes = super().edits_to_changes(records)
        drafted = [e for e in edits if e[0] == self.draft_row]
        if drafted:
            changes += self._draft_changes(drafted)
        return changes

    def _draft_changes(self, edits: list[Edit]) -> list[Change]:
        base = self.draft
        if base is None:
            base = self.template(self.rows[-1] if self.rows else None)
        if base is None:
            return []
        draft, typed = base, set(self.typed)
        for _row, col, text in edits:
            parse = self.columns[col].parse
            if parse is None:
                continue
            draft = parse(draft, text)  # a bad code or amount is refused here, nothing kept
            typed.add(col)
        self.draft, self.typed = draft, typed
        missing = [self.columns[c].header for c in self.required if c not in typed]
        amounts = [c for c, column in enumerate(self.columns) if column.fen]
        if not any(self.columns[c].fen(draft) for c in amounts):  # type: ignore[misc]
            missing.append(self.columns[amounts[0]].header if amounts else "金额")
        if missing:
            self.info.emit(f"新行尚未保存：还需填写{'、'.join(missing)}。")
            return []
        self._written = True
        return [Change(None, draft)]

    def insert_changes(self, row: int) -> list[Change]:
        return []  # 插入行 goes to the blank row; nothing is written before it is a line

    def delete_changes(self, rows: list[int]) -> list[Change]:
        if self.draft_row in rows:
            self.draft, self.typed = None, set()
        return super().delete_changes([r for r in rows if r < len(self.rows)])


def total_style(role: int, numeric: bool) -> object:
    """How a computed 合计 row looks in every input grid: bold on a shaded background."""
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setBold(True)
        return font
    if role == Qt.ItemDataRole.BackgroundRole:
        return QBrush(_TOTAL_BACKGROUND)
    if role == Qt.ItemDataRole.TextAlignmentRole:
        right = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignCenter
        return int(right | Qt.AlignmentFlag.AlignVCenter)
    return None
