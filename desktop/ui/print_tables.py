"""文件 → 打印… / 打印预览: the pages the PDF export lays out, on paper.

There is one page layout: the PDF export's (reportlab). Printing renders that PDF to a temporary
file and rasterises its pages (pypdfium2) onto the printer, each page in its own orientation, so
the printout and its preview have exactly the PDF's pages. The user picks the tables first (as
in the export dialog), then the printer and a page range.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import BudgetError
from desktop.export.service import SubmissionBlocked, prepare_export

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

MAX_DPI = 300  # enough for 6-point table text; more only makes the spool larger
PREVIEW_DPI = 110


class TableChoiceDialog(QDialog):
    """Which tables to print (all by default, or the one on screen)."""

    def __init__(self, window: MainWindow, preselect: int | None) -> None:
        super().__init__(window)
        self.setWindowTitle("选择要打印的表")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("打印这些表（版式与导出的 PDF 相同）："))
        self.tables = QListWidget(self)
        doc = window.document
        assert doc is not None
        for spec in doc.rollup.specs:
            item = QListWidgetItem(f"{spec.number:>2}  {spec.title}", self.tables)
            item.setData(Qt.ItemDataRole.UserRole, spec.number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            chosen = preselect is None or preselect == spec.number
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
        layout.addWidget(self.tables)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 480)

    def numbers(self) -> list[int]:
        items = (self.tables.item(i) for i in range(self.tables.count()))
        return [
            int(i.data(Qt.ItemDataRole.UserRole))
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        ]


class PrintedPdf:
    """The PDF of the chosen tables in a temporary folder, and its pages as images."""

    def __init__(self, window: MainWindow, tables: list[int]) -> None:
        doc = window.document
        assert doc is not None
        self.draft = False
        try:
            job = prepare_export(doc.dfile, doc.ledger, doc.rollup, tables, with_workbook=False)
        except SubmissionBlocked:
            # Printing is for reading and checking too: the pages then carry the 草稿 mark.
            self.draft = True
            job = prepare_export(
                doc.dfile, doc.ledger, doc.rollup, tables, draft=True, with_workbook=False
            )
        self._folder = tempfile.TemporaryDirectory(prefix="budget-desk-print-")
        self.path = Path(self._folder.name) / "print.pdf"
        job.run(pdf_path=self.path)
        self.pdf = pypdfium2.PdfDocument(str(self.path))

    @property
    def page_count(self) -> int:
        return len(self.pdf)

    def landscape(self, number: int) -> bool:
        width, height = self.pdf[number].get_size()
        return width > height

    def image(self, number: int, dpi: float) -> QImage:
        page = self.pdf[number]
        bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
        image = QImage(
            bytes(bitmap.buffer),
            bitmap.width,
            bitmap.height,
            bitmap.stride,
            QImage.Format.Format_RGB888,
        )
        return image.copy()  # own the pixels before pdfium frees its buffer

    def close(self) -> None:
        self.pdf.close()
        self._folder.cleanup()


def page_numbers(printer: QPrinter, count: int) -> Iterator[int]:
    """0-based pages the printer was asked for (its page range, or all)."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        first, last = 1, count
    yield from range(max(first, 1) - 1, min(last, count))


def paint(printer: QPrinter, printed: PrintedPdf, dpi: float | None = None) -> int:
    """Draw the chosen pages on `printer`; returns how many were drawn."""
    dpi = dpi or min(printer.resolution(), MAX_DPI)
    pages = list(page_numbers(printer, printed.page_count))
    if not pages:
        return 0
    _orient(printer, printed.landscape(pages[0]))
    painter = QPainter()
    if not painter.begin(printer):
        raise BudgetError("无法开始打印：打印机不可用。")
    try:
        for n, number in enumerate(pages):
            if n:
                _orient(printer, printed.landscape(number))
                printer.newPage()
            image = printed.image(number, dpi)
            target = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
            target.moveTo(0, 0)
            scale = min(target.width() / image.width(), target.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF(0, 0, width, height), image)
    finally:
        painter.end()
    return len(pages)


def _orient(printer: QPrinter, landscape: bool) -> None:
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    printer.setPageOrientation(orientation)
    printer.setFullPage(True)  # the PDF pages carry their own margins


def _current_table(window: MainWindow) -> int | None:
    key = window.navigator.current_key()
    return key[1] if key and key[0] == "table" else None


def _prepare(window: MainWindow) -> PrintedPdf | None:
    choice = TableChoiceDialog(window, _current_table(window))
    if choice.exec() != QDialog.DialogCode.Accepted:
        return None
    tables = choice.numbers()
    if not tables:
        window.show_problem("请至少选择一张要打印的表。")
        return None
    try:
        printed = PrintedPdf(window, tables)
    except BudgetError as exc:
        window.show_error("无法打印", str(exc))
        return None
    if printed.draft:
        window.show_info("审核尚未通过：打印的页面标有“草稿”。")
    return printed


def print_tables(window: MainWindow, printer: QPrinter | None = None) -> QPrintDialog | None:
    """Ctrl+P: tables, then the system print dialog with the page range; prints on OK."""
    printed = _prepare(window)
    if printed is None:
        return None
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    try:
        dialog = QPrintDialog(printer, window)
        dialog.setWindowTitle(f"打印（共 {printed.page_count} 页）")
        dialog.setMinMax(1, printed.page_count)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            count = paint(printer, printed)
            window.show_info(f"已送打印：{count} 页。")
        return dialog
    finally:
        printed.close()


def print_preview(window: MainWindow, parent: QWidget | None = None) -> QPrintPreviewDialog | None:
    """打印预览: the same pages in Qt's preview (which can print them too)."""
    printed = _prepare(window)
    if printed is None:
        return None
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    dialog = QPrintPreviewDialog(printer, parent or window)
    dialog.setWindowTitle(f"打印预览（共 {printed.page_count} 页）")
    dialog.paintRequested.connect(lambda p: paint(p, printed, PREVIEW_DPI))
    dialog.resize(1000, 760)
    dialog.printed = printed  # type: ignore[attr-defined]  # kept open while previewing
    try:
        dialog.exec()
    finally:
        printed.close()
    return dialog
