"""Render the main views of the window on the demo department to docs/screenshots/ (offscreen).

python scripts/screenshots.py [OUT_DIR] [--only KEYWORD]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def _settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def main(out: Path = OUT, only: str = "") -> list[Path]:
    from desktop.demo import write_demo
    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        # Never touch the user's own settings.
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        app = application()
        path = Path(tmp) / "荷塘区科工信局-2025.budget"
        write_demo(path).close()
        window = MainWindow()
        window.resize(1500, 900)
        window.show()
        window.open_path(path)
        shots = [
            ("main_window.png", ("basic", "personnel"), window),
            ("input_basic_operating.png", ("basic", "operating"), None),
            ("table01_summary.png", ("table", 1), None),
            ("table07_gp_expenditure.png", ("table", 7), None),
            ("table14_operating_dept.png", ("table", 14), None),
            ("public_reasons.png", ("reasons",), None),  # 主要原因: the document's comparisons
            ("public_staff.png", ("staff",), None),  # 人员编制 with its 合计 row
            ("public_assets.png", ("assets",), None),
        ]
        for name, key, widget in shots:
            if only not in name:
                continue
            view = window.show_view(key)
            _settle(app)
            target = widget or view
            target.grab().save(str(out / name))
            written.append(out / name)
        if only in "findings_dock.png":
            window.show_view(("table", 3))
            _settle(app)
            window.findings.grab().save(str(out / "findings_dock.png"))
            written.append(out / "findings_dock.png")
        window.close()
    return written


if __name__ == "__main__":
    args = sys.argv[1:]
    keyword = args[args.index("--only") + 1] if "--only" in args else ""
    args = [a for a in args if a not in ("--only", keyword)]
    for p in main(Path(args[0]) if args else OUT, keyword):
        print(p)
