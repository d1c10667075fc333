"""Help > 用户手册: the Chinese manual (docs/MANUAL.md) rendered with its screenshots."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.resources import manual_path

MISSING = "# 用户手册\n\n找不到用户手册文件：`{path}`。请重新安装本软件。\n"


class ManualDialog(QDialog):
    """A non-modal window showing the manual; images are resolved relative to docs/."""

    def __init__(self, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("用户手册 — 部门预算编制")
        path = path or manual_path()
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)  # links inside the manual scroll; others open outside
        self.browser.anchorClicked.connect(self._follow)
        # Relative image paths (manual/xxx.png) are looked up next to MANUAL.md.
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            text = MISSING.format(path=path)
        self.browser.setMarkdown(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(900, 760)

    def _follow(self, url: QUrl) -> None:
        if url.hasFragment() and (not url.path() or url.path().endswith("MANUAL.md")):
            self.browser.scrollToAnchor(url.fragment())
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        else:
            self.browser.setSource(url)

    def text(self) -> str:
        return self.browser.toPlainText()


def show_manual(parent: QWidget | None = None) -> ManualDialog:
    """Open the manual beside the main window and return the dialog."""
    dialog = ManualDialog(parent)
    dialog.show()
    return dialog
