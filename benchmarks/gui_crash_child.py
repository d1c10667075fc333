"""Child process of the GUI crash harness: the real main window, offscreen, on a department file,
edited through the grids as a user types, pastes and inserts rows; each edit is reported on
stdout only after the grid call returned True (the transaction has committed).

    python -m benchmarks.gui_crash_child FILE START SETTINGS_FILE

Edit `n` is chosen by `n % 4` so the parent knows what to look for:
0: insert a row in 全部支出明细 (Ctrl+I goes to the blank row) and type a whole line into it
   (the codes of the last line, 0.01 万元, note "edit-n"): written once it is a whole line;
1: type ",edit-n" after the note of an existing row;
2: type an amount into the 人员经费 grid (line AMOUNT_LINE becomes amount_of(n));
3: paste ",edit-n" notes into two rows at once (one transaction: both or neither).
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The basic-grid cell typed into: unit 030001, function 2060101, econ 30101 of the demo (line 1).
AMOUNT_CELL = ("2060101", "30101")
AMOUNT_BASE = 42_750_000  # 分: the demo's figure of that cell


def amount_of(n: int) -> int:
    """Amount (分) typed by edit n: grows with n, so a later edit never looks like an earlier one."""
    return AMOUNT_BASE + n * 100


def main() -> None:
    from PySide6.QtCore import QSettings, Qt

    from desktop.ui.app import application
    from desktop.ui.clipboard import format_block
    from desktop.ui.main_window import MainWindow

    path, start, settings_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    app = application()
    window = MainWindow(QSettings(settings_file, QSettings.Format.IniFormat))
    window.show()
    if not window.open_path(path):
        print(f"failed to open: {window.last_problem}", flush=True)
        sys.exit(2)
    refusals: list[str] = []
    window.document.failed.connect(refusals.append)
    app.processEvents()
    # What the window loads in the event loop right after its first paint, before a user's
    # first edit could arrive: the writer (SQLAlchemy), which opening the file does without.
    window.document.ledger.prepare_writes()
    print("ready", flush=True)

    edit = Qt.ItemDataRole.EditRole
    n = start
    while True:
        kind = n % 4
        if kind == 2:
            view = window.show_view(("basic", "personnel"))
            model = view.model()
            function, econ = AMOUNT_CELL
            row = next(r for r, row in enumerate(model.rows) if row.key.function == function)
            text = format(Decimal(amount_of(n)) / Decimal(1_000_000), "f")  # typed in 万元
            ok = model.setData(model.index(row, model.column_of(econ)), text, edit)
        else:
            view = window.show_view(("expenditure",))
            model = view.model()
            note = [c.header for c in model.columns].index("备注")
            if kind == 0:
                view.setCurrentIndex(model.index(len(model.rows) - 1, note))
                view.insert_row()  # to the blank row; nothing is written yet
                row = view.currentIndex().row()
                last, headers = model.rows[-1], [c.header for c in model.columns]
                typed = [
                    (headers.index("功能科目编码"), last.function_code),
                    (headers.index("经济科目编码"), last.econ_code),
                    (headers.index("金额"), "0.01"),
                    (note, f"edit-{n}"),
                ]
                ok = model.apply_edits([(row, c, t) for c, t in typed], "录入")
            elif kind == 1:
                row = n % len(model.rows)
                old = model.rows[row].note
                ok = model.setData(model.index(row, note), f"{old},edit-{n}", edit)
            else:
                row = (n // 4) % (len(model.rows) - 1)
                block = [[f"{model.rows[r].note},edit-{n}"] for r in (row, row + 1)]
                view.setCurrentIndex(model.index(row, note))
                ok = view.paste_text(format_block(block))
        if not ok:
            print(f"refused {n}: {refusals[-1:] or window.last_problem}", flush=True)
            sys.exit(3)
        print(f"committed {n}", flush=True)
        app.processEvents()  # the findings dock and repaints run as in the real window
        n += 1


if __name__ == "__main__":
    main()
