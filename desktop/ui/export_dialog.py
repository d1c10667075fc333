"""The export dialog: PDF and/or workbook, which tables, draft or for submission, with progress.

The submission gate and the data snapshot are taken in the GUI thread (fast); rendering runs in
a worker thread that reports progress, and the PDF is opened in the system viewer afterwards.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import BudgetError
from desktop.export.profile import (
    DEFAULT_PROFILE,
    available_profiles,
    department_profile,
    load_profile_file,
)
from desktop.export.service import ExportJob, ExportResult, SubmissionBlocked, prepare_export
from desktop.tables.forms import form_specs, performance_layout


class ExportWorker(QObject):
    """Runs one export job; emits progress, then finished(result) or failed(message)."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, job: ExportJob, pdf_path: str | None, xlsx_path: str | None) -> None:
        super().__init__()
        self.job, self.pdf_path, self.xlsx_path = job, pdf_path, xlsx_path

    @Slot()
    def run(self) -> None:
        try:
            result = self.job.run(self.pdf_path, self.xlsx_path, self.progress.emit)
        except BudgetError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - a failed export must not take the window down
            self.failed.emit(f"导出失败：{exc}")
        else:
            self.finished.emit(result)


class _PathRow(QWidget):
    def __init__(self, placeholder: str, file_filter: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = file_filter
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        browse = QPushButton("浏览…", self)
        browse.clicked.connect(self._browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(browse)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "保存为", self.edit.text(), self.filter)
        if path:
            self.edit.setText(path)

    def path(self) -> str:
        return self.edit.text().strip()


class ExportDialog(QDialog):
    """Choose what to export and run it with a progress bar."""

    def __init__(self, parent: QWidget | None, ledger, rollup, dfile) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger, self.rollup, self.dfile = ledger, rollup, dfile
        self.result: ExportResult | None = None
        self._thread: QThread | None = None
        self._worker: ExportWorker | None = None
        self.setWindowTitle("导出")
        self.setModal(True)
        dept = ledger.department
        stem = Path(str(dfile.path)).with_suffix("")
        base = f"{stem}_{dept.fiscal_year}"

        self.pdf_check = QCheckBox("导出 PDF（打印、签字盖章用）", self)
        self.pdf_check.setChecked(True)
        self.pdf_path = _PathRow("PDF 文件", "PDF 文件 (*.pdf)", self)
        self.pdf_path.edit.setText(f"{base}.pdf")
        self.xlsx_check = QCheckBox("导出 Excel 工作簿（报送财政局）", self)
        self.xlsx_check.setChecked(True)
        self.xlsx_path = _PathRow("Excel 工作簿", "Excel 工作簿 (*.xlsx)", self)
        self.xlsx_path.edit.setText(f"{base}.xlsx")
        self.profile = QComboBox(self)
        for pid, file in available_profiles().items():
            self.profile.addItem(load_profile_file(file).name, pid)
        chosen = department_profile(dfile)
        self.profile.setCurrentIndex(max(0, self.profile.findData(chosen)))

        self.tables = QListWidget(self)
        for spec in rollup.specs:
            item = QListWidgetItem(f"{spec.number}  {spec.title}", self.tables)
            item.setData(Qt.ItemDataRole.UserRole, spec.number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        # The performance forms of the file's layout, selected as 22 (projects) and 23 (department).
        titles: dict[int, list[str]] = {}
        for spec in form_specs(performance_layout(dfile)):
            titles.setdefault(spec.selection_number, []).append(spec.title)
        for number, names in sorted(titles.items()):
            item = QListWidgetItem(f"{number}  {'、'.join(names)}", self.tables)
            item.setData(Qt.ItemDataRole.UserRole, number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        all_button = QPushButton("全选", self)
        all_button.clicked.connect(lambda: self._check_all(True))
        none_button = QPushButton("全不选", self)
        none_button.clicked.connect(lambda: self._check_all(False))
        self.draft = QCheckBox("草稿（不检查审核结果，每页标“草稿”）", self)
        self.open_pdf = QCheckBox("完成后打开 PDF", self)
        self.open_pdf.setChecked(True)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("导出", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.pdf_check, self.pdf_path)
        form.addRow(self.xlsx_check, self.xlsx_path)
        form.addRow("工作簿格式", self.profile)
        picks = QHBoxLayout()
        picks.addWidget(all_button)
        picks.addWidget(none_button)
        picks.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{dept.code} {dept.name}（{dept.fiscal_year} 年）", self))
        layout.addLayout(form)
        layout.addWidget(QLabel("导出的表：", self))
        layout.addWidget(self.tables, 1)
        layout.addLayout(picks)
        layout.addWidget(self.draft)
        layout.addWidget(self.open_pdf)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(620, 640)

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.tables.count()):
            self.tables.item(i).setCheckState(state)

    def chosen_tables(self) -> list[int]:
        out = []
        for i in range(self.tables.count()):
            item = self.tables.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _fail(self, message: str) -> None:
        self.status.setText(message)
        QMessageBox.warning(self, "导出", message)

    @Slot()
    def start(self) -> None:
        """Check the choices, take the snapshot here, render in a worker thread."""
        pdf = self.pdf_path.path() if self.pdf_check.isChecked() else None
        xlsx = self.xlsx_path.path() if self.xlsx_check.isChecked() else None
        tables = self.chosen_tables()
        if not pdf and not xlsx:
            return self._fail("请至少选择一种导出文件（PDF 或 Excel 工作簿）并填写文件名。")
        if not tables:
            return self._fail("请至少选择一张要导出的表。")
        try:
            job = prepare_export(
                self.dfile,
                self.ledger,
                self.rollup,
                tables,
                self.draft.isChecked(),
                self.profile.currentData() or DEFAULT_PROFILE,
                with_workbook=bool(xlsx),
            )
        except SubmissionBlocked as exc:
            return self._fail(f"{exc}\n（勾选“草稿”可导出草稿。）")
        except BudgetError as exc:
            return self._fail(str(exc))
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the first report
        self.status.setText("正在导出…")
        self._thread = QThread(self)
        self._worker = ExportWorker(job, pdf, xlsx)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.finished.connect(self._thread.quit)
        self._worker.failed.connect(self._thread.quit)
        self._thread.start()
        return None

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status.setText(text)

    @Slot(object)
    def _on_finished(self, result: ExportResult) -> None:
        self.result = result
        self.export_button.setEnabled(True)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        lines = []
        if result.pdf_pages:
            lines.append(f"PDF 已保存：{self.pdf_path.path()}（{result.pdf_pages} 页）")
        if result.workbook:
            lines.append(f"工作簿已保存：{self.xlsx_path.path()}")
        self.status.setText("\n".join(lines) or "导出完成。")
        if result.pdf_pages and self.open_pdf.isChecked():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.pdf_path.path()).resolve())))

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self._fail(message)

    def wait_for_worker(self) -> None:
        """Block until a running export has ended (closing the dialog, tests)."""
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()

    def done(self, code: int) -> None:  # noqa: D401 - Qt override
        self.wait_for_worker()
        super().done(code)


def open_export_dialog(parent: QWidget | None, ledger, rollup, dfile) -> ExportDialog:  # noqa: ANN001
    """Show the modal export dialog for the open department (the File menu's 导出…)."""
    dialog = ExportDialog(parent, ledger, rollup, dfile)
    dialog.exec()
    return dialog
