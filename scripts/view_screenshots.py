"""Screenshots of every view of the main window at 1366×768 and 1920×1080 (docs/screenshots/).

python scripts/view_screenshots.py [OUT_DIR] [--only KEYWORD]

The demo department, offscreen, with private settings and data folder. Each view is shown as
the navigator opens it (keyboard in the grid); file names follow the navigator's order.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZES = ((1366, 768), (1920, 1080))


def _settle(app: QApplication) -> None:
    for _ in range(6):
        app.processEvents()


def _slug(key: tuple) -> str:
    return re.sub(r"[^0-9A-Za-z_-]+", "-", "-".join(str(k) for k in key)).strip("-")


def main(out: Path = OUT, only: str = "") -> list[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BUDGET_DESK_DATA"] = str(Path(tmp) / "data")
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        return _shoot(out, Path(tmp), only)


def _shoot(out: Path, tmp: Path, only: str) -> list[Path]:
    from desktop.demo import write_demo
    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow

    app = application()
    path = tmp / "demo.budget"
    write_demo(path).close()
    written: list[Path] = []
    for width, height in SIZES:
        folder = out / f"{width}x{height}"
        folder.mkdir(parents=True, exist_ok=True)
        window = MainWindow()
        window.resize(width, height)
        window.show()
        _settle(app)
        if not only:
            written.append(_save(window, folder / "00-welcome.png", app))
        window.open_path(path)
        for n, key in enumerate(window.navigator.view_keys(), start=1):
            name = f"{n:02d}-{_slug(key)}.png"
            if only and only not in name:
                continue
            window.show_view(key)
            written.append(_save(window, folder / name, app))
        window.close()
    return written


def _save(window: QApplication, path: Path, app: QApplication) -> Path:
    _settle(app)
    if not window.grab().save(str(path)):
        raise SystemExit(f"无法写入 {path}")
    return path


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    keyword = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""
    if keyword in args:
        args.remove(keyword)
    for p in main(Path(args[0]) if args else OUT, keyword):
        print(p)
