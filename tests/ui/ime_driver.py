"""Run by tests/ui/test_chinese_input.py under a real X server (Xvfb) with fcitx5 running.

Opens the department file in the window, starts editing the first project's 项目名称 cell, prints
READY, and prints COMMITTED <text> once the name in the grid has changed (or TIMEOUT).
"""

from __future__ import annotations

import os
import sys
import time

from desktop.input_method import choose_input_method

chosen = choose_input_method()  # what the launcher does before Qt starts
print(f"INPUT {os.environ.get('QT_IM_MODULE')} {chosen}", flush=True)

from PySide6.QtCore import Qt, QTimer  # noqa: E402

from desktop.ui.app import application  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402

app = application()
window = MainWindow()
window.show()
assert window.open_path(sys.argv[1])
view = window.show_view(("projects",))
model = view.model()
column = next(
    c
    for c in range(model.columnCount())
    if model.headerData(c, Qt.Orientation.Horizontal) == "项目名称"
)
index = model.index(0, column)
old = model.data(index)
window.activateWindow()
view.setFocus()
view.setCurrentIndex(index)
view.edit(index)
print(f"READY {old}", flush=True)
started = time.monotonic()


def poll() -> None:
    now = model.data(model.index(0, column))
    if now != old:
        print(f"COMMITTED {now}", flush=True)
        app.quit()
    elif time.monotonic() - started > 40:
        print("TIMEOUT", flush=True)
        app.quit()


timer = QTimer()
timer.timeout.connect(poll)
timer.start(100)
app.exec()
