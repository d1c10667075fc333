"""从备份恢复: the backups of the open file with their counts and totals; restoring one replaces the
file after a confirmation, and the replaced content is itself backed up first (so it is undoable).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import BudgetError, DepartmentFileError
from desktop.models.backup import (
    Backup,
    backup_folder,
    list_backups,
    make_backup,
    restore_backup,
    summarize_backup,
)
from desktop.models.store import FILE_SUFFIX, DepartmentFile, FileLockedError
from desktop.money import DisplayUnit, format_amount
from desktop.ui import appsettings

HEADERS = (
    "备份时间",
    "大小",
    "单位",
    "项目",
    "收入明细",
    "支出明细",
    "收入合计(万元)",
    "支出合计(万元)",
)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def size_text(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


class BackupDialog(QDialog):
    """Lists the backups of `path`; `restore_selected` replaces the file by the chosen one.

    `release` is called right before the file is replaced: the window closes its document there,
    because a file open for editing must not be replaced underneath it.
    """

    def __init__(
        self,
        path: Path,
        release: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.release = release
        self.released = False
        self.restored: Backup | None = None
        self.backups: list[Backup] = []
        self.setWindowTitle("从备份恢复")
        self.resize(860, 380)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for col, width in enumerate((160, 80, 60, 60, 80, 80, 110, 110)):
            self.table.setColumnWidth(col, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton("立即备份")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton("恢复所选备份…")
        self.restore_button.clicked.connect(self.restore_selected)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        buttons.addWidget(self.backup_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.reload()

    # -- the list ----------------------------------------------------------------------------
    def reload(self) -> None:
        self.backups = list_backups(self.path)
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            summary = summarize_backup(backup)
            if summary is None:
                cells = [backup.label, "无法读取"] + [""] * (len(HEADERS) - 2)
            else:
                cells = [
                    backup.label,
                    size_text(summary.size),
                    str(summary.units),
                    str(summary.projects),
                    str(summary.income_lines),
                    str(summary.expenditure_lines),
                    format_amount(summary.income_fen, DisplayUnit.WAN_YUAN),
                    format_amount(summary.expenditure_fen, DisplayUnit.WAN_YUAN),
                ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(_RIGHT)
                self.table.setItem(row, col, item)
        where = backup_folder(self.path)
        if self.backups:
            self.intro.setText(
                f"“{self.path.name}”共有 {len(self.backups)} 份备份（最新的在最上面），保存在 {where}。"
                "恢复时，当前内容会先另存为一份新的备份，恢复后仍可再恢复回来。"
            )
            self.table.selectRow(0)
        else:
            self.intro.setText(f"“{self.path.name}”还没有备份（备份保存在 {where}）。")
        self._selection_changed()

    def selected(self) -> Backup | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.backups[rows.pop()] if len(rows) == 1 else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None and not self.released)

    # -- actions -----------------------------------------------------------------------------
    def backup_now(self) -> Backup | None:
        try:
            backup = make_backup(self.path)
        except BudgetError as exc:
            self.tell("无法备份", str(exc), error=True)
            return None
        self.reload()
        return backup

    def restore_selected(self) -> bool:
        """Ask, then replace the file by the selected backup; True once it was restored."""
        backup = self.selected()
        if backup is None or self.released:
            return False
        question = (
            f"用 {backup.label} 的备份替换“{self.path.name}”的全部内容？\n\n"
            "当前内容会先另存为一份新的备份；如果恢复错了，可以再从那份备份恢复回来。"
        )
        if not self.ask("从备份恢复", question):
            return False
        try:
            self._restore(backup)
        except BudgetError as exc:
            self.tell("无法恢复", f"{exc}\n\n文件保持原样。", error=True)
            self.reload()
            return False
        self.restored = backup
        self.tell("已恢复", f"已用 {backup.label} 的备份恢复“{self.path.name}”。")
        self.accept()
        return True

    def _restore(self, backup: Backup) -> None:
        if self.release is not None:
            self.release()
            self.released = True
        # Nobody else may have the file open for editing: opening it for writing checks the lock.
        try:
            DepartmentFile.open(self.path).close()
        except FileLockedError:
            raise
        except DepartmentFileError:
            pass  # a damaged or missing file is what the backups are for
        restore_backup(backup, self.path)

    # -- telling the user (replaced in tests) --------------------------------------------------
    def ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def tell(self, title: str, text: str, error: bool = False) -> None:
        if error:
            QMessageBox.warning(self, title, text)
        else:
            QMessageBox.information(self, title, text)


def open_backup_dialog(
    parent: QWidget | None, path: str | Path, release: Callable[[], None] | None = None
) -> Path | None:
    """Show the backups of `path` (modal); returns `path` if a backup was restored, else None."""
    dialog = BackupDialog(Path(path), release, parent)
    dialog.exec()
    return dialog.path if dialog.restored is not None else None


def restore_in_window(window) -> bool:  # noqa: ANN001 - the MainWindow (imported lazily there)
    """The File menu's 从备份恢复…: close the document while restoring, then open it again.

    With no file open (e.g. it was too damaged to open) the user picks the file first.
    """
    document = window.document
    if document is not None and document.readonly:
        window.show_problem("文件以只读方式打开，不能从备份恢复。")
        return False
    if document is not None:
        path = document.path
    else:
        start = str(appsettings.last_file(window.settings) or Path.home())
        chosen, _ = QFileDialog.getOpenFileName(
            window, "恢复哪个部门文件", start, f"部门预算文件 (*{FILE_SUFFIX});;所有文件 (*)"
        )
        if not chosen:
            return False
        path = Path(chosen)
    restored = open_backup_dialog(window, path, release=window.close_document) is not None
    if window.document is None and (restored or document is not None):
        window.open_path(path)  # restored, or the restore failed and the file is as it was
    return restored
