"""An open department in the window: file, ledger, roll-up, checks and the undo history.

The roll-up and the checker are made when first needed: the window shows the first view from the
ledger alone and asks for them right after its first paint (`finish_loading`), so a large
department is on screen before every table and every rule has been computed. Either is made at
once, from the ledger as it is then, when something asks for it earlier.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from desktop.errors import BudgetError
from desktop.ledger import Ledger
from desktop.models.backup import make_backup
from desktop.models.store import DepartmentFile
from desktop.money import DisplayUnit
from desktop.records import Change
from desktop.ui.commands import ChangeCommand

if TYPE_CHECKING:
    from desktop.checks.engine import Checker
    from desktop.tables.engine import Rollup


class Document(QObject):
    """Everything the window shows about one department file; all edits pass through here."""

    tables_changed = Signal(list)  # the applied changes, once the roll-up caught up
    changed = Signal(list)  # the applied changes, after the checks caught up too
    failed = Signal(str)  # an edit the ledger refused (Chinese message)
    unit_changed = Signal()
    pack_changed = Signal()  # the table set (表套) changed: other tables, other rules
    checks_ready = Signal()  # the first full check of the file (or of a new set) has run

    def __init__(self, dfile: DepartmentFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dfile = dfile
        # A rotating copy on every open for editing (an upgraded file was copied already): taken
        # once the window is usable (`take_backup`), or before the first write if that is sooner.
        self.backup_error = ""
        self._backup_pending = not dfile.readonly and dfile.migrated_from is None
        if self._backup_pending:
            dfile.before_first_write(self.take_backup)
        self.ledger = Ledger(dfile)
        self.pack_problem = ""
        self._start_tables(self._file_pack())
        self.pack_notice = self._pack_notice()
        self.undo_stack = QUndoStack(self)
        self.unit = DisplayUnit.WAN_YUAN

    def take_backup(self) -> None:
        """The rotating copy of the file as it was opened, once; a failure is told (`failed`)
        and stops nothing."""
        if not self._backup_pending:
            return
        self._backup_pending = False
        try:
            make_backup(self.dfile.path)
        except BudgetError as exc:
            self.backup_error = str(exc)
            self.failed.emit(self.backup_error)

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

        pack = self._pack
        return pack_changed_notice(self.dfile, pack) if pack is not None else ""

    def _start_tables(self, pack: object) -> None:
        """Print with `pack`; its roll-up and checks are made when first needed."""
        self._pack = pack
        self._rollup: Rollup | None = None
        self._checker: Checker | None = None
        self._checker_made = False
        self.check_error = ""
        # The ledger tells, in this order: the roll-up, tables_changed (the visible table need
        # not wait for the rules), the checks, changed. The roll-up and the checker register
        # themselves when made; ours are then registered again behind them.
        self.ledger.add_listener(self.tables_changed.emit)
        self.ledger.add_listener(self._on_ledger_change)

    def _listen_after(self, *listeners: Callable[[list[Change]], None]) -> None:
        """Move `listeners` (ours) to the end of the ledger's listeners, in this order."""
        for listener in listeners:
            self.ledger.remove_listener(listener)
            self.ledger.add_listener(listener)

    @property
    def rollup(self) -> Rollup:
        """The standard tables, kept current (made from the ledger on first use)."""
        if self._rollup is None:
            from desktop.tables.engine import Rollup

            self._rollup = Rollup(self.ledger, pack=self._pack)
            self._listen_after(self.tables_changed.emit, self._on_ledger_change)
        return self._rollup

    @property
    def checker(self) -> Checker | None:
        """The checks, kept current (made on first use); None if the rules could not load."""
        if not self._checker_made:
            rollup = self.rollup
            from desktop.checks.engine import Checker

            self._checker_made = True
            try:
                self._checker = Checker(self.ledger, rollup)
            except Exception as exc:  # noqa: BLE001 - a broken rule must not stop the window
                self.check_error = f"审核模块出错：{exc}"
            self._listen_after(self._on_ledger_change)
            self.checks_ready.emit()
        return self._checker

    @property
    def checks_pending(self) -> bool:
        """True until the first full check has run (the findings show 审核中… meanwhile)."""
        return not self._checker_made

    def finish_loading(self) -> None:
        """Make the roll-up, then run the full check, if not done yet."""
        self.rollup  # noqa: B018 - made now if not yet
        self.checker  # noqa: B018

    @property
    def specs(self) -> list:
        """The standard tables of the set, without computing them."""
        if self._rollup is not None:
            return self._rollup.specs
        return list(self._pack.tables)  # type: ignore[attr-defined]

    def _stop_tables(self) -> None:
        self.ledger.remove_listener(self._on_ledger_change)
        self.ledger.remove_listener(self.tables_changed.emit)
        closer = getattr(self._checker, "close", None)
        if callable(closer):
            closer()
        if self._rollup is not None:
            self._rollup.close()
        self._rollup, self._checker, self._checker_made = None, None, False

    @property
    def pack(self):  # noqa: ANN201 - a desktop.packs.pack.Pack
        return self._pack

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
        self.finish_loading()
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
