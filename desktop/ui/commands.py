"""Undo commands: one QUndoCommand per user action, replaying ledger changes exactly."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from desktop.errors import BudgetError
from desktop.ledger import Ledger
from desktop.records import Change, inverse_of


class ChangeCommand(QUndoCommand):
    """A batch already applied to the ledger; undo applies its inverse, redo applies it again.

    The batch is kept *as applied*, so an inserted line carries the id it was given and a redo
    re-inserts it with that same id: later commands that refer to the line still match.
    """

    def __init__(
        self, ledger: Ledger, applied: list[Change], text: str, on_error: Callable[[str], None]
    ) -> None:
        super().__init__(text)
        self._ledger = ledger
        self._changes = applied
        self._on_error = on_error
        self._first = True  # the batch was applied before the command was pushed

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self._changes, "重做")

    def undo(self) -> None:
        self._run(inverse_of(self._changes), "撤销")

    def _run(self, changes: list[Change], verb: str) -> None:
        try:
            self._ledger.apply(changes)
        except BudgetError as exc:
            # Nothing was changed; tell the user and let the window drop the now stale history.
            self._on_error(f"无法{verb}“{self.text()}”：{exc}")
