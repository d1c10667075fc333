"""Basic expenditure entered like tables 10, 12 and 14: rows unit × function 项, columns econ 款.

Each row is one (unit, function 项, fund source) of one kind (人员经费 or 公用经费); each amount cell
is the line item with that economic 款. Typing into an empty cell inserts a line, clearing it
deletes the line, and changing a row's codes moves all of its lines: those rules are the
domain's (`desktop/basic_pivot.py`); this model shows the rows and turns typed text into them.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop import basic_pivot, codes
from desktop.basic_pivot import BasicRow, RowEdit, RowKey
from desktop.record_fields import field_of
from desktop.records import Change, ExpenditureLine, Record
from desktop.ui.display import amount_edit_text, amount_text, amount_tooltip, parse_entry
from desktop.ui.document import Document
from desktop.ui.grid_model import COMPUTED_BRUSH, Edit, GridModel

AnyIndex = QModelIndex | QPersistentModelIndex
KIND_TITLES = {"personnel": "基本支出—人员经费", "operating": "基本支出—公用经费"}
COL_UNIT, COL_FUNCTION, COL_NAME, COL_FUND, COL_TOTAL = range(5)
_LABEL = {
    n: field_of(ExpenditureLine, n).label for n in ("unit_code", "function_code", "fund_source")
}
FIXED = (
    _LABEL["unit_code"],
    _LABEL["function_code"],
    "功能科目名称",
    _LABEL["fund_source"],
    "合计",
)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
# Roles the delegate asks for that this grid never sets (checked first: a paint asks them all).
_UNUSED_ROLES = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.CheckStateRole,
    )
)
_TEXT_ROWS = 2000  # formatted rows kept: a screenful many times over, bounded for large files
# Roles whose answer depends on the row (the rest depend on the column only and are kept).
_ROW_ROLES = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.ToolTipRole,
    )
)
_UNSET = object()


def _row_key(line: ExpenditureLine) -> RowKey:
    return RowKey(line.unit_code, line.function_code, line.fund_source)


class BasicGridModel(GridModel):
    """The pivot grid of one basic-expenditure kind ("personnel" or "operating")."""

    def __init__(self, document: Document, kind: str) -> None:
        super().__init__(document, KIND_TITLES[kind])
        self.kind = kind
        catalog = document.ledger.catalog
        self.econ_codes = basic_pivot.econ_columns(catalog, kind)
        self.econ_names = [catalog.dept_econ_name(c) for c in self.econ_codes]
        self.pending: list[RowKey] = []  # rows inserted by the user that have no lines yet
        self._texts: dict[int, list[str]] = {}  # row → shown texts, for rows painted so far
        self._flags: dict[int, Qt.ItemFlag] = {}
        # (role, column) -> answer, for the roles a paint asks of every cell that do not
        # depend on the row (background, alignment, font)
        self._by_column: dict[tuple[int, int], object] = {}
        # (rows, row key → index of the rows with lines): made once per list of rows, since an
        # edit that `apply_changes` takes moves no row
        self._where: tuple[list, dict[RowKey, int]] = ([], {})
        self.refresh()

    # -- rows ------------------------------------------------------------------------------
    def refresh(self) -> None:
        rows = basic_pivot.basic_rows(self.document.ledger, self.kind, self.pending)
        self.pending = [r.key for r in rows if not r.cells]
        self._texts.clear()
        self._set_rows(rows, [r.key for r in rows])

    def _unit_changed(self) -> None:
        self._texts.clear()
        super()._unit_changed()

    def apply_changes(self, changes: list[Change]) -> bool:
        """Update only the rows `changes` touch, as `refresh` would leave them, and repaint only
        those; False when the edit is not that simple (a row appears, empties or moves, or the
        change is not a line) and the caller must `refresh`. An edit of a large department then
        costs what it touches, not a regrouping of every line."""
        lines = [c for c in changes if isinstance(c.after or c.before, ExpenditureLine)]
        if not self.rows or len(lines) != len(changes):
            return False
        where = self._row_index()
        steps = []
        for change in lines:
            before, after = change.before, change.after
            mine = [ln for ln in (before, after) if ln is not None and ln.kind == self.kind]
            if not mine:
                continue
            if len(mine) == 1 and before is not None and after is not None:
                return False  # the line changed kind: into or out of this grid
            places = {(_row_key(ln), ln.econ_code) for ln in mine}
            if len(places) > 1:
                return False  # moved to another row or column: refresh keeps the ledger's order
            ((key, econ),) = places
            if key not in where:
                return False  # a new row
            steps.append((where[key], econ, before, after))
        for row, econ, before, after in steps:
            cells = self.rows[row].cells
            column = cells.setdefault(econ, [])
            at = next((i for i, ln in enumerate(column) if before and ln.id == before.id), None)
            if before is not None and at is None:
                return False  # not where refresh put it: let refresh decide
            if after is None:
                del column[at]
            elif at is None:
                column.append(after)  # a new line: the ledger's last, so its place here too
            else:
                column[at] = after
            if not column:
                del cells[econ]
        if any(not self.rows[row].cells for row, *_ in steps):
            return False  # a row lost its last line: refresh drops it
        for row, *_ in steps:
            self._texts.pop(row, None)
        if steps:
            first, last = min(s[0] for s in steps), max(s[0] for s in steps)
            right = self.columnCount() - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, right))
        return True

    def _row_index(self) -> dict[RowKey, int]:
        """Row key → index of the rows that have lines (pending rows have none)."""
        rows, where = self._where
        if rows is not self.rows:
            where = {row.key: n for n, row in enumerate(self.rows) if row.cells}
            self._where = (self.rows, where)
        return where

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED) + len(self.econ_codes)

    def econ_of(self, column: int) -> str | None:
        i = column - len(FIXED)
        return self.econ_codes[i] if 0 <= i < len(self.econ_codes) else None

    def column_of(self, econ: str) -> int:
        return len(FIXED) + self.econ_codes.index(econ)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        econ = self.econ_of(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if econ is None:
                return FIXED[section]
            return f"{econ}\n{self.econ_names[section - len(FIXED)]}"
        if role == Qt.ItemDataRole.ToolTipRole and econ:
            return f"{econ} {self.econ_names[section - len(FIXED)]}"
        return None

    # -- cells -----------------------------------------------------------------------------
    def _fen(self, row: BasicRow, column: int) -> int | None:
        if column == COL_TOTAL:
            return sum(ln.amount for lines in row.cells.values() for ln in lines)
        econ = self.econ_of(column)
        lines = row.cells.get(econ or "")
        return sum(ln.amount for ln in lines) if lines else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == _DISPLAY:  # asked for every cell of every paint: a row is formatted once
            r = index.row()
            texts = self._texts.get(r)
            if texts is None:
                if len(self._texts) >= _TEXT_ROWS:
                    self._texts.clear()  # rows scrolled past; the ones on screen come back
                texts = self._texts[r] = self._row_texts(self.rows[r])
            return texts[index.column()]
        if role in _UNUSED_ROLES:
            return None
        col = index.column()
        if role not in _ROW_ROLES:
            key = (role, col)
            found = self._by_column.get(key, _UNSET)
            if found is _UNSET:
                found = self._by_column[key] = self._column_data(col, role)
            return found
        row = self.rows[index.row()]
        catalog, unit = self.document.ledger.catalog, self.document.unit
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            edit = role == Qt.ItemDataRole.EditRole
            if col == COL_UNIT:
                return row.key.unit
            if col == COL_FUNCTION:
                return row.key.function
            if col == COL_NAME:
                return catalog.function_name(row.key.function)
            if col == COL_FUND:
                return codes.fund_name(catalog, row.key.fund) if row.key.fund else ""
            fen = self._fen(row, col)
            return amount_edit_text(fen, unit) if edit else amount_text(fen, unit)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col >= COL_TOTAL:
                lines = row.cells.get(self.econ_of(col) or "", [])
                notes = "；".join(ln.note for ln in lines if ln.note)
                tip = amount_tooltip(self._fen(row, col))
                return f"{tip}\n{notes}" if notes else tip
            if col == COL_UNIT:
                unit_rec = self.document.ledger.units.get(row.key.unit)
                return unit_rec.name if unit_rec else ""
        return None

    def _column_data(self, col: int, role: int) -> object:
        """What a cell of column `col` answers for `role`, whatever its row."""
        if role == Qt.ItemDataRole.BackgroundRole:
            return None if self.is_editable(col) else COMPUTED_BRUSH
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= COL_TOTAL:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and col == COL_TOTAL:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _row_texts(self, row: BasicRow) -> list[str]:
        """What every cell of `row` shows (DisplayRole), in column order."""
        catalog, unit = self.document.ledger.catalog, self.document.unit
        key = row.key
        fund = codes.fund_name(catalog, key.fund) if key.fund else ""
        texts = [key.unit, key.function, catalog.function_name(key.function), fund]
        texts += [
            amount_text(self._fen(row, c), unit) for c in range(COL_TOTAL, self.columnCount())
        ]
        return texts

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return super().flags(index)
        col = index.column()
        flags = self._flags.get(col)
        if flags is None:  # the same for every row of a column: asked per cell per paint
            flags = self._flags[col] = super().flags(index)
        return flags

    def is_editable(self, column: int) -> bool:
        return column in (COL_UNIT, COL_FUNCTION, COL_FUND) or column > COL_TOTAL

    def is_amount(self, column: int) -> bool:
        return column > COL_TOTAL

    def completions(self, column: int) -> list[str] | codes.CodePicker:
        ledger = self.document.ledger
        if column == COL_UNIT:
            return codes.completions(codes.unit_options(ledger))
        if column == COL_FUNCTION:
            return codes.function_picker(ledger)
        if column == COL_FUND:
            return codes.fund_picker(ledger)
        return []

    # -- edits -----------------------------------------------------------------------------
    def edits_to_changes(self, edits: list[Edit]) -> list[Change]:
        by_row: dict[int, RowEdit] = {}
        for row, col, text in edits:
            edit = by_row.setdefault(row, RowEdit())
            if col == COL_UNIT:
                edit.unit = text
            elif col == COL_FUNCTION:
                edit.function = text
            elif col == COL_FUND:
                edit.fund = text
            elif econ := self.econ_of(col):
                edit.amounts[econ] = parse_entry(text, self.document.unit)
        changes, renamed = basic_pivot.row_changes(
            self.document.ledger, self.kind, self.rows, by_row
        )
        # A pending row only lives in the grid: its codes change without touching the file.
        for r, key in renamed.items():
            self.pending = [key if k == self.rows[r].key else k for k in self.pending]
        return changes

    def insert_changes(self, row: int) -> list[Change]:
        key = basic_pivot.new_row_key(self.document.ledger, self.rows, row)
        if key not in self.pending:
            self.pending.append(key)
        return []

    def delete_changes(self, rows: list[int]) -> list[Change]:
        for r in sorted(set(rows)):
            row = self.rows[r]
            if not row.cells and row.key in self.pending:
                self.pending.remove(row.key)
        return basic_pivot.delete_changes(self.rows, rows)

    def locate(self, record: Record) -> tuple[int, int] | None:
        if not isinstance(record, ExpenditureLine) or record.kind != self.kind:
            return None
        key = RowKey(record.unit_code, record.function_code, record.fund_source)
        for r, row in enumerate(self.rows):
            if row.key == key and record.econ_code in self.econ_codes:
                return r, self.column_of(record.econ_code)
        return None
