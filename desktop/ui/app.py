"""Start the window: `budget-desk [FILE]` or `budget-desk --demo`."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from desktop.errors import BudgetError
from desktop.resources import resource
from desktop.ui import appsettings

FONT_FILE = ("fonts", "wqy-microhei.ttc")
WINDOWS_UI_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei")  # 微软雅黑
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
QUIT_AFTER_LOAD_ENV = "BUDGET_DESK_QUIT_AFTER_LOAD"  # set by `budget-desk --quit-after-load`


def register_font(app: QApplication) -> str:
    """Register the shipped CJK font and make it the application font; returns its family."""
    if sys.platform == "win32":  # Windows has a Chinese UI font that matches its own dialogs
        for family in WINDOWS_UI_FONTS:
            if family in QFontDatabase.families():
                font = QFont(family)
                font.setPointSize(9)
                app.setFont(font)
                return family
    font_id = QFontDatabase.addApplicationFont(str(resource(*FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return ""  # the system's fonts are used; Chinese may still render if it has CJK faces
    font = QFont(families[0])
    font.setPointSize(10)
    app.setFont(font)
    return families[0]


def install_qt_translation(app: QApplication) -> bool:
    """Qt's own texts (file dialogs, 确定/取消 buttons) in Chinese, whatever the system locale."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    if not translator.load(locale, "qtbase", "_", folder):
        return False
    return app.installTranslator(translator)


def app_icon() -> QIcon:
    """The application icon from the PNG sizes in resources/icons (no SVG plugin needed)."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource("icons", f"budget-desk-{size}.png")
        if path.exists():
            icon.addFile(str(path))
    return icon


def application() -> QApplication:
    """The QApplication, created once with our names and font."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(appsettings.ORGANIZATION)
    app.setApplicationName(appsettings.APPLICATION)
    app.setApplicationDisplayName("部门预算编制")
    app.setDesktopFileName("budget-desk")  # matches the installed .desktop entry
    app.setWindowIcon(app_icon())  # type: ignore[union-attr]
    if not app.property("budget_desk_translated"):
        app.setProperty("budget_desk_translated", install_qt_translation(app))  # type: ignore[arg-type]
    register_font(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def create_window(  # noqa: ANN201 - MainWindow
    file: str | None, demo: bool, quiet: bool = False, force_unlock: bool = False
):
    """The main window opened on `file`, the demo, the last file, or the welcome page.

    `quiet` (the smoke run): problems go to stderr instead of message boxes that would wait.
    """
    from desktop.ui.main_window import MainWindow

    window = MainWindow()
    if quiet:
        window.show_error = lambda title, message: print(f"{title}：{message}", file=sys.stderr)
        window.ask_readonly = lambda message: False
        window.ask_locked = lambda exc: ""
    if demo:
        window.open_demo()
    elif file:
        window.open_path(file, force_unlock=force_unlock)
    else:
        last = appsettings.last_file(window.settings)
        if last:
            from pathlib import Path

            if Path(last).exists():
                window.open_path(last)
    return window


def run_app(file: str | None, demo: bool, force_unlock: bool = False) -> int:
    """Run the application until the window closes; returns the exit code."""
    started = time.perf_counter()
    app = application()
    smoke = bool(os.environ.get(QUIT_AFTER_LOAD_ENV))
    try:
        window = create_window(file, demo, quiet=smoke, force_unlock=force_unlock)
    except BudgetError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 3
    window.show()
    if smoke:
        return _quit_after_load(app, window, started, wanted=bool(file or demo))
    return app.exec()


def _quit_after_load(app: QApplication, window, started: float, wanted: bool) -> int:  # noqa: ANN001
    """Report how long the start took once the window is usable, then close it and quit.

    Usable: the window has been drawn with its first view and the event loop has answered an
    event posted right after that paint, as it would a key press. The roll-up of the standard
    tables and then the full check, which the first view does not show, follow in later turns
    of the event loop.
    """
    loaded = window.document is not None

    def finish() -> None:
        elapsed = (time.perf_counter() - started) * 1000
        what = window.windowTitle() if loaded else "欢迎页"
        print(f"窗口可用：{elapsed:.0f} ms（{what}）", file=sys.stderr)
        window.close()
        app.quit()

    window.after_next_paint(finish)
    app.exec()
    return 0 if loaded or not wanted else 3
