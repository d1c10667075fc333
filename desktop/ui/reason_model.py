"""主要原因: one row per comparison the public document makes with last year.

The rows are the slots of the file's document template (`desktop/document/slots.py`) with the
figures as the text prints them; only the 主要原因 cell takes typing, stored as a ReasonText
through the ledger (one undoable edit). A reason the text requires but nobody wrote is marked.
Reasons whose slot the template no longer has are listed after the slots, to be deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.document.slots import ComparisonSlot, comparison_slots
from desktop.errors import BudgetError
from desktop.records import Change, ReasonText, Record
from desktop.ui.document import Document
from desktop.ui.grid_model import COMPUTED_BRUSH, Edit, GridModel

AnyIndex = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
MISSING_BRUSH = QBrush(QColor("#fbe3e1"))  # required and empty: cannot be submitted
MISSING_COLOR = QColor("#b00020")
MISSING_MARK = "！"


@dataclass(frozen=True)
class ReasonColumn:
    header: str
    width: int
    amount: bool = False


COLUMNS = (  # 1034 pixels in all: the whole page in sight beside the navigator at 1366×768
    ReasonColumn("槽位", 120),
    ReasonColumn("比较项", 150),
    ReasonColumn("本年（万元）", 90, True),
    ReasonColumn("上年（万元）", 90, True),
    ReasonColumn("增减额（万元）", 100, True),
    ReasonColumn("增减率", 72, True),
    ReasonColumn("须填写原因", 92),
    ReasonColumn("主要原因", 320),
)
REASON_COLUMN = len(COLUMNS) - 1


@dataclass(frozen=True)
class Orphan:
    """A stored reason for a comparison the template does not make (any more)."""

    slot: str
    reason: str


class ReasonSlotModel(GridModel):
    """The comparison slots of the document and their 主要原因."""

    def __init__(self, document: Document) -> None:
        super().__init__(document, "主要原因")
        self.columns = COLUMNS
        self.problem = ""  # why no slots could be listed (a template that does not fit)
        self.refresh()

    # -- rows ------------------------------------------------------------------------------
    def refresh(self) -> None:
        ledger = self.document.ledger
        try:
            slots: list[ComparisonSlot | Orphan] = list(
                comparison_slots(ledger, self.document.rollup)
            )
            self.problem = ""
        except BudgetError as exc:
            slots, self.problem = [], str(exc)
        known = {s.slot for s in slots}
        slots += [
            Orphan(r.slot, r.text) for r in ledger.reason_texts.values() if r.slot not in known
        ]
        self._set_rows(slots, [s.slot for s in slots])

    @property
    def empty_hint(self) -> str:
        """Shown on the empty page instead of how to insert rows (rows come from the template)."""
        if self.problem:
            return f"无法列出公开文本的比较：{self.problem}（本表套的公开文本模板与它的表格不符。）"
        return "本表套的公开文本模板没有与上年比较的句子，无需填写主要原因。"

    def missing_rows(self) -> list[int]:
        return [i for i, s in enumerate(self.rows) if isinstance(s, ComparisonSlot) and s.missing]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section].header
        row = self.rows[section] if 0 <= section < len(self.rows) else None
        missing = isinstance(row, ComparisonSlot) and row.missing
        return f"{section + 1}{MISSING_MARK}" if missing else str(section + 1)

    # -- cells -----------------------------------------------------------------------------
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return _text(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if COLUMNS[col].amount else _LEFT)
        missing = isinstance(row, ComparisonSlot) and row.missing
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == REASON_COLUMN:
                return MISSING_BRUSH if missing else None
            return COMPUTED_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole and missing and col in (6, REASON_COLUMN):
            return QBrush(MISSING_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row)
        return None

    def is_editable(self, column: int) -> bool:
        return column == REASON_COLUMN

    def clear_text(self, column: int) -> str | None:
        return "" if column == REASON_COLUMN else None

    # -- edits -----------------------------------------------------------------------------
    def edits_to_changes(self, edits: list[Edit]) -> list[Change]:
        stored = self.document.ledger.reason_texts
        typed: dict[str, str] = {}
        for row, col, text in edits:
            if col == REASON_COLUMN and 0 <= row < len(self.rows):
                typed[self.rows[row].slot] = text.strip()
        changes = []
        for slot, text in typed.items():
            before = stored.get(slot)
            if text:
                after = ReasonText(slot, text)
                if before != after:
                    changes.append(Change(before, after))
            elif before is not None:  # an emptied reason is no reason: the record goes
                changes.append(Change(before, None))
        return changes

    def delete_changes(self, rows: list[int]) -> list[Change]:
        """删除行 clears the reasons of the rows (the slots themselves are the template's)."""
        stored = self.document.ledger.reason_texts
        slots = [self.rows[r].slot for r in sorted(set(rows)) if 0 <= r < len(self.rows)]
        return [Change(stored[s], None) for s in slots if s in stored]

    def locate(self, record: Record) -> tuple[int, int] | None:
        if not isinstance(record, ReasonText):
            return None
        for r, row in enumerate(self.rows):
            if row.slot == record.slot:
                return r, REASON_COLUMN
        return None


def _text(row: ComparisonSlot | Orphan, col: int) -> str:
    if isinstance(row, Orphan):
        return {0: row.slot, 1: "（模板中已没有这一比较）", REASON_COLUMN: row.reason}.get(col, "")
    c = row.comparison
    if col == 0:
        return row.slot
    if col == 1:
        return row.label
    if col == 2:
        return str(c.current)
    if col == 3:
        return str(c.prior)
    if col == 4:
        return str(c.change)
    if col == 5:
        return row.rate_text()
    if col == 6:
        if not row.required:
            return "否"
        return "是（未填写）" if row.missing else "是"
    return row.reason


def _tooltip(row: ComparisonSlot | Orphan) -> str:
    if isinstance(row, Orphan):
        return "公开文本模板中已没有这一比较，这条主要原因不会印出；可删除。"
    text = f"文中：{row.comparison.sentence()}"
    if row.required:
        text += (
            f"\n变化超过 {row.threshold}%（或上年无此项），须填写主要原因；"
            "未填写时公开文本只能导出草稿。"
        )
    return text
