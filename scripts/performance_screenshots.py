"""Render the performance-target editors of the demo department to docs/screenshots/ (offscreen).

python scripts/performance_screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SEED002 = ROOT / "tests" / "fixtures" / "seed002_shifeng_2023.json"  # special funds, 2023
PROJECT = "030001-ZX02"  # 先进硬质材料产业链专项经费: the longest indicator list of the demo


def _settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def main(out: Path = OUT) -> list[Path]:
    from desktop.demo import load_department_json, write_demo
    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        # Never touch the user's own settings or data folder.
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        os.environ["BUDGET_DESK_DATA"] = tmp
        app = application()
        path = Path(tmp) / "荷塘区科工信局-2025.budget"
        write_demo(path).close()
        window = MainWindow()
        window.resize(1500, 940)
        window.show()
        window.open_path(path)

        def shot(name: str, key: tuple, tab: int | None = None, whole: bool = False) -> None:
            view = window.show_view(key)
            if tab is not None:
                view.tabs.setCurrentIndex(tab)
            _settle(app)
            (window if whole else view).grab().save(str(out / name))
            written.append(out / name)

        shot("perf-project-target.png", ("perf_project", PROJECT), 0, whole=True)
        shot("perf-project-costs.png", ("perf_project", "030001-ZX01"), 1)
        shot("perf-project-schedule.png", ("perf_project", "030001-ZX01"), 2)
        shot("perf-department-target.png", ("perf_department",), 1, whole=True)
        shot("perf-department-tasks.png", ("perf_department",), 0)
        shot("perf-form-table22.png", ("form", "hunan-project-target"))

        # Special funds: seed 002's district (there is no 2023 catalog: 2025's stands in).
        years = Path(tmp) / "catalogs"
        years.mkdir()
        shutil.copytree(ROOT / "resources" / "catalogs" / "2025", years / "2023")
        os.environ["BUDGET_DESK_CATALOGS"] = str(years)
        seed002 = Path(tmp) / "石峰区科工信局-2023.budget"
        load_department_json(SEED002, seed002).close()
        window.open_path(seed002)
        shot("perf-special-funds.png", ("special_funds",), whole=True)
        window.close()
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    for p in main(target):
        print(p)
