"""Screenshots for the user manual (docs/MANUAL.md), taken from the real window offscreen.

python scripts/manual_screenshots.py [OUT_DIR]     (default docs/manual/)

Uses a private settings and data folder, the demo department and the dialogs exactly as the
program shows them; every picture is at most WIDTH pixels wide so the manual window shows it whole.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "manual"
WIDTH = 860


def _settle(app: QApplication) -> None:
    for _ in range(8):
        app.processEvents()


def _save(widget: QWidget, path: Path, app: QApplication) -> Path:
    _settle(app)
    pixmap = widget.grab()
    if pixmap.width() > WIDTH:
        pixmap = pixmap.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
    if not pixmap.save(str(path)):
        raise SystemExit(f"无法写入 {path}")
    return path


def main(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # Never touch the user's own settings, data folder or backups.
        os.environ["BUDGET_DESK_DATA"] = str(Path(tmp) / "data")
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        return _shoot(out, Path(tmp))


def _shoot(out: Path, tmp: Path) -> list[Path]:
    from desktop.demo import write_demo
    from desktop.ui import appsettings
    from desktop.ui.app import application
    from desktop.ui.backup_dialog import BackupDialog
    from desktop.ui.dialogs import NewDepartmentDialog
    from desktop.ui.export_dialog import ExportDialog
    from desktop.ui.main_window import MainWindow

    app = application()
    written: list[Path] = []
    path = tmp / "荷塘区科工信局-2025.budget"
    write_demo(path).close()

    window = MainWindow()
    window.resize(1180, 760)
    window.show()
    appsettings.remember_file(window.settings, path)
    window.welcome.set_recent(appsettings.recent_files(window.settings))
    written.append(_save(window, out / "welcome.png", app))

    dialog = NewDepartmentDialog(window, wanted_year=2026)
    dialog.code.setText("030")
    dialog.name.setText("株洲市荷塘区科技和工业信息化局")
    dialog.code.editingFinished.emit()
    dialog.name.editingFinished.emit()
    dialog._add_next_unit()  # noqa: SLF001 - the 添加单位 button
    dialog.units.item(1, 1).setText("株洲市荷塘区科技创新服务中心")
    dialog.show()
    written.append(_save(dialog, out / "new_department.png", app))
    dialog.close()

    window.open_path(path)
    window.show_view(("basic", "personnel"))
    written.append(_save(window, out / "input_personnel.png", app))
    project = next(iter(window.document.ledger.projects))
    view = window.show_view(("project_lines", project))
    written.append(_save(view, out / "input_project.png", app))
    view = window.show_view(("table", 1))
    written.append(_save(view, out / "table01.png", app))
    window.show_view(("table", 3))
    written.append(_save(window.findings, out / "findings.png", app))

    doc = window.document
    export = ExportDialog(window, doc.ledger, doc.rollup, doc.dfile)
    export.show()
    written.append(_save(export, out / "export.png", app))
    export.close()

    backup = BackupDialog(Path(path), None, window)
    backup.show()
    written.append(_save(backup, out / "backup.png", app))
    backup.close()
    window.close()
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    for p in main(target):
        print(p, p.stat().st_size)
