"""Start the window: `budget-desk [FILE]` or `budget-desk --demo`."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop.errors import BudgetError
from desktop.resources import resource
from desktop.ui import appsettings

FONT_FILE = ("fonts", "wqy-microhei.ttc")


def register_font(app: QApplication) -> str:
    """Register the shipped CJK font and make it the application font; returns its family."""
    font_id = QFontDatabase.addApplicationFont(str(resource(*FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return ""  # the system's fonts are used; Chinese may still render if it has CJK faces
    font = QFont(families[0])
    font.setPointSize(10)
    app.setFont(font)
    return families[0]


def application() -> QApplication:
    """The QApplication, created once with our names and font."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(appsettings.ORGANIZATION)
    app.setApplicationName(appsettings.APPLICATION)
    app.setApplicationDisplayName("部门预算编制")
    register_font(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def create_window(file: str | None, demo: bool):  # noqa: ANN201 - MainWindow, imported lazily
    """The main window opened on `file`, the demo, the last file, or the welcome page."""
    from desktop.ui.main_window import MainWindow

    window = MainWindow()
    if demo:
        window.open_demo()
    elif file:
        window.open_path(file)
    else:
        last = appsettings.last_file(window.settings)
        if last:
            from pathlib import Path

            if Path(last).exists():
                window.open_path(last)
    return window


def run_app(file: str | None, demo: bool) -> int:
    """Run the application until the window closes; returns the exit code."""
    app = application()
    try:
        window = create_window(file, demo)
    except BudgetError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 3
    window.show()
    return app.exec()
