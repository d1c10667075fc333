"""Text fields of a performance target (goal texts, category, period) bound to a record field.

A field commits when the user leaves it (or presses Ctrl+Enter in a multi-line field): the edit
becomes one undoable `Document.execute`. A refused edit puts the stored text back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from desktop.errors import BudgetError
from desktop.records import Change, Record
from desktop.ui.document import Document


class CommitTextEdit(QPlainTextEdit):
    """A multi-line text that reports `committed(text)` when left or on Ctrl+Enter."""

    committed = Signal(str)

    def __init__(self, lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setFixedHeight(height)
        self.loaded = ""

    def load(self, text: str) -> None:
        """Show the stored text (no commit)."""
        self.loaded = text
        if self.toPlainText() != text:
            self.setPlainText(text)

    def commit(self) -> None:
        text = self.toPlainText().strip()
        if text != self.loaded:
            self.committed.emit(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        self.commit()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.commit()
            return
        super().keyPressEvent(event)


class CommitLineEdit(QLineEdit):
    """A one-line text that reports `committed(text)` when Enter is pressed or it is left."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loaded = ""
        self.editingFinished.connect(self.commit)

    def load(self, text: str) -> None:
        self.loaded = text
        if self.text() != text:
            self.setText(text)

    def commit(self) -> None:
        text = self.text().strip()
        if text != self.loaded:
            self.committed.emit(text)


class CommitComboBox(QComboBox):
    """An editable choice (free text allowed) that reports `committed(text)`."""

    committed = Signal(str)

    def __init__(self, choices: list[str], editable: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(editable)
        self.addItems(choices)
        self.loaded = ""
        self.activated.connect(lambda _i: self.commit())
        if editable:
            self.lineEdit().editingFinished.connect(self.commit)

    def set_choices(self, choices: list[str]) -> None:
        if [self.itemText(i) for i in range(self.count())] != choices:
            self.blockSignals(True)
            self.clear()
            self.addItems(choices)
            self.blockSignals(False)
            self.setCurrentText(self.loaded)

    def load(self, text: str) -> None:
        self.loaded = text
        self.blockSignals(True)
        if self.isEditable():
            self.setCurrentText(text)
        else:
            self.setCurrentIndex(max(self.findText(text), 0))
        self.blockSignals(False)

    def commit(self) -> None:
        text = self.currentText().strip()
        if text != self.loaded:
            self.committed.emit(text)


def bind_field(
    document: Document,
    widget: CommitTextEdit | CommitLineEdit | CommitComboBox,
    current: Callable[[], Record | None],
    field: str,
    label: str,
    make: Callable[[], Record] | None = None,
    parse: Callable[[str], object] | None = None,
    show: Callable[[object], str] | None = None,
) -> Callable[[], None]:
    """Commit `widget`'s text into `field` of the record `current()` returns.

    `make()` gives a new record when there is none yet (the department target); `parse` turns
    the text into the stored value (may raise BudgetError), `show` a stored value into text.
    Returns the function that (re)loads the widget from the ledger.
    """
    show = show or str

    def reload() -> None:
        record = current()
        widget.load(show(getattr(record, field)) if record is not None else "")

    def committed(text: str) -> None:
        before = current()
        base = before if before is not None else (make() if make else None)
        if base is None:
            reload()
            return
        try:
            value = parse(text) if parse else text
        except BudgetError as exc:
            document.failed.emit(str(exc))
            reload()
            return
        after = dataclasses.replace(base, **{field: value})
        if after == before:
            reload()
            return
        applied = document.execute([Change(before, after)], label)
        if applied is None:
            reload()  # refused: the message went to the status bar; show the stored text
        else:
            widget.loaded = show(value)

    widget.committed.connect(committed)
    reload()
    return reload
