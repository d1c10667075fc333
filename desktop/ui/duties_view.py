"""部门职责: the department's duties as the public document prints them, one multi-line text."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.records import Change, DepartmentProfile
from desktop.ui.document import Document
from desktop.ui.target_fields import CommitTextEdit


class DutiesView(QWidget):
    """The text is written to the file when the field is left or on Ctrl+Enter (undoable)."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        layout = QVBoxLayout(self)
        title = QLabel("部门职责")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(
            QLabel("按公开文本的写法录入本部门的主要职责；离开输入框或按 Ctrl+Enter 保存。")
        )
        self.text = CommitTextEdit(lines=18)
        self.text.setReadOnly(document.readonly)
        self.text.committed.connect(self._commit)
        layout.addWidget(self.text)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        self.text.load(self.document.ledger.department_profile.duties)

    def _commit(self, text: str) -> None:
        ledger = self.document.ledger
        before = ledger.records(DepartmentProfile).get(1)
        after = DepartmentProfile(1, text)
        if self.document.execute([Change(before, after)], "修改部门职责") is None:
            self.refresh()  # refused: the stored text stays and is shown again
        else:
            self.text.loaded = text
