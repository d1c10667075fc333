"""The popup under a code cell's editor: search-as-you-type over a catalog (code_search), wide
enough for code, name and path; Enter or a click writes the highlighted entry and commits."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from desktop.ui.codes import CodePicker

PICK_ROLE = Qt.ItemDataRole.UserRole + 1
MIN_POPUP_WIDTH = 560


class CodeCompleter(QCompleter):
    """A completer whose entries come from `picker.search(text)` rather than prefix filtering."""

    def __init__(
        self, picker: CodePicker, editor: QLineEdit, on_pick: Callable[[], None] | None = None
    ) -> None:
        super().__init__(editor)
        self.picker = picker
        self.editor = editor
        self.on_pick = on_pick
        self.entries = QStandardItemModel(self)
        self.setModel(self.entries)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompletionRole(PICK_ROLE)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(14)
        self.setWidget(editor)
        editor.textEdited.connect(self.update_entries)
        self.activated[str].connect(self._picked)

    def update_entries(self, text: str) -> None:
        found = self.picker.search(text) if text.strip() else []
        self.entries.clear()
        for choice in found:
            item = QStandardItem(choice.label)
            item.setData(choice.text, PICK_ROLE)
            item.setToolTip(choice.path)
            self.entries.appendRow(item)
        popup = self.popup()
        if not found:
            popup.hide()
            return
        metrics = popup.fontMetrics()
        widest = max(metrics.horizontalAdvance(c.label) for c in found) + 48
        popup.setMinimumWidth(max(MIN_POPUP_WIDTH, min(widest, 1000)))
        self.complete()
        popup.setCurrentIndex(self.completionModel().index(0, 0))  # Enter takes the best

    def labels(self) -> list[str]:
        """The entries shown, best first (for tests and the status bar)."""
        return [self.entries.item(r).text() for r in range(self.entries.rowCount())]

    def _picked(self, text: str) -> None:
        if not shiboken6.isValid(self.editor):
            return
        self.editor.setText(text)
        if self.on_pick is not None:
            QTimer.singleShot(0, self._commit)

    def _commit(self) -> None:
        if shiboken6.isValid(self.editor) and self.on_pick is not None:
            self.on_pick()
