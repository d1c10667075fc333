"""An open department in the window: file, ledger, roll-up, checks and the undo history."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from desktop.checks.engine import Checker
from desktop.errors import BudgetError
from desktop.ledger import Ledger
from desktop.models.backup import make_backup
from desktop.models.store import DepartmentFile
from desktop.money import DisplayUnit
from desktop.records import Change
from desktop.tables.engine import Rollup
from desktop.ui.commands import ChangeCommand


class Document(QObject):
    """Everything the window shows about one department file; all edits pass through here."""

    tables_changed = Signal(list)  # the applied changes, once the roll-up caught up
    changed = Signal(list)  # the applied changes, after the checks caught up too
    failed = Signal(str)  # an edit the ledger refused (Chinese message)
    unit_changed = Signal()
    pack_changed = Signal()  # the table set (表套) changed: other tables, other rules

    def __init__(self, dfile: DepartmentFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dfile = dfile
        # A rotating copy on every open for editing (an upgraded file was copied already).
        self.backup_error = ""
        if not dfile.readonly and dfile.migrated_from is None:
            try:
                make_backup(dfile.path)
            except BudgetError as exc:
                self.backup_error = str(exc)
        self.ledger = Ledger(dfile)
        self.pack_problem = ""
        self._start_tables(self._file_pack())
        self.pack_notice = self._pack_notice()
        self.undo_stack = QUndoStack(self)
        self.unit = DisplayUnit.WAN_YUAN

    def _file_pack(self) -> object:
        """The file's table set; one that is not installed here opens with the default set."""
        from desktop.packs.choice import file_pack
        from desktop.packs.registry import default_pack_id, get_pack

        try:
            return file_pack(self.dfile)
        except BudgetError as exc:
            department = self.ledger.department
            fallback = get_pack(default_pack_id(department.kind, department.fiscal_year))
            self.pack_problem = (
                f"{exc} 现暂按“{fallback.name}”显示各表；安装该表套（budget-desk pack-import）"
                "或在“文件 → 表套…”中另选。"
            )
            return fallback

    def _pack_notice(self) -> str:
        """Non-empty when the file's set changed since the file chose it (see packs/choice.py)."""
        from desktop.packs.choice import pack_changed_notice

        pack = self.rollup.pack
        return pack_changed_notice(self.dfile, pack) if pack is not None else ""

    def _start_tables(self, pack: object) -> None:
        """Roll-up and checks of the file's table set (or `pack`), listening in this order."""
        self.rollup = Rollup(self.ledger, pack=pack)
        # Between the roll-up and the checks: the visible table need not wait for the rules.
        self.ledger.add_listener(self.tables_changed.emit)
        self.checker = None
        self.check_error = ""
        try:
            self.checker = Checker(self.ledger, self.rollup)
        except Exception as exc:  # noqa: BLE001 - a broken rule must not stop the window
            self.check_error = f"审核模块出错：{exc}"
        # Registered last, so listeners of the roll-up and checks have run when we are told.
        self.ledger.add_listener(self._on_ledger_change)

    def _stop_tables(self) -> None:
        self.ledger.remove_listener(self._on_ledger_change)
        self.ledger.remove_listener(self.tables_changed.emit)
        closer = getattr(self.checker, "close", None)
        if callable(closer):
            closer()
        self.rollup.close()

    @property
    def pack(self):  # noqa: ANN201 - a desktop.packs.pack.Pack
        return self.rollup.pack

    def set_pack(self, pack: object) -> None:
        """Print with another table set from now on: recorded in the file, tables rebuilt."""
        if self.readonly:
            self.failed.emit("文件以只读方式打开，不能更换表套。")
            return
        from desktop.packs.choice import set_file_pack

        try:
            set_file_pack(self.dfile, pack)  # type: ignore[arg-type]
        except BudgetError as exc:  # a budget set for a 决算 file, or the reverse
            self.failed.emit(str(exc))
            return
        self._stop_tables()
        self._start_tables(pack)
        self.pack_notice = self._pack_notice()
        self.pack_changed.emit()

    @property
    def path(self) -> Path:
        return self.dfile.path

    @property
    def readonly(self) -> bool:
        return self.dfile.readonly

    def set_unit(self, unit: DisplayUnit) -> None:
        if unit is not self.unit:
            self.unit = unit
            self.unit_changed.emit()

    def execute(self, changes: list[Change], text: str) -> list[Change] | None:
        """Apply one user action as one transaction and put it on the undo stack.

        Returns the changes as applied (inserted lines carry their ids), None if refused.
        """
        if not changes:
            return []
        if self.readonly:
            self.failed.emit("文件以只读方式打开，不能修改。")
            return None
        try:
            applied = self.ledger.apply(changes)
        except BudgetError as exc:
            self.failed.emit(str(exc))
            return None
        self.undo_stack.push(ChangeCommand(self.ledger, applied, text, self._history_failed))
        return applied

    def _history_failed(self, message: str) -> None:
        self.failed.emit(message)
        # The stack no longer matches the file; clearing it must wait until the command returns.
        QTimer.singleShot(0, self.undo_stack.clear)

    def _on_ledger_change(self, changes: list[Change]) -> None:
        self.changed.emit(changes)

    def close(self) -> None:
        self._stop_tables()
        self.dfile.close()
