"""Opening files (demo, last file, a file held by another instance), drill-down and jumps."""

from __future__ import annotations

import datetime as dt
import os
import socket
import sqlite3

import pytest

from desktop.checks.finding import WARNING, CellRef, Finding

pytestmark = pytest.mark.gui


def test_demo_then_last_file_reopens(qtbot, private_settings):
    from desktop.ui.app import application, create_window

    application()
    window = create_window(None, demo=True)
    qtbot.addWidget(window)
    assert window.document.path == private_settings / "demo-2025.budget"
    assert window.windowTitle().startswith("株洲市荷塘区科技和工业信息化局 2025 年")
    assert window.income_label.text() == "收入合计 289.79 万元"
    assert window.balance_label.text() == "收支平衡"
    window.close()
    again = create_window(None, demo=False)
    qtbot.addWidget(again)
    assert str(again.document.path) == again.settings.value("last_file")
    again.close()


def test_file_held_by_another_instance_opens_read_only(qtbot, demo_path, monkeypatch):
    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow

    con = sqlite3.connect(demo_path)  # another running instance's lock row (a live process)
    # Written after that process started (an older time would mean its PID was reused).
    opened = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    con.execute(
        "INSERT INTO app_lock (host, pid, user, opened_at) VALUES (?, ?, '王会计', ?)",
        (socket.gethostname(), os.getppid(), opened),
    )
    con.commit()
    con.close()
    application()
    window = MainWindow()
    qtbot.addWidget(window)
    asked = []
    monkeypatch.setattr(window, "ask_locked", lambda exc: asked.append(str(exc)) or "readonly")
    assert window.open_path(demo_path)
    assert "王会计" in asked[0]
    assert window.document.readonly and window.windowTitle().endswith("（只读）")
    grid = window.show_view(("basic", "personnel"))
    model = grid.model()
    index = model.index(0, model.column_of("30101"))
    assert not model.flags(index) & model.flags(index).ItemIsEditable
    assert not model.setData(index, "1")
    assert "只读" in window.last_problem and index.data() == "42.75"
    window.close()


def test_drill_down_dialog_jumps_to_the_line(qtbot, demo_path):
    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow

    application()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_path(demo_path)
    table = window.show_view(("table", 7))
    row = next(
        r for r in range(table.model.rowCount()) if table.model.index(r, 3).data() == "2060101"
    )
    dialog = window.drill_down(7, row, 9)  # 公用经费 of 行政运行: 22.19
    assert dialog.table.rowCount() == 6
    amounts = sorted(dialog.table.item(r, 7).text() for r in range(6))
    assert amounts == ["0.45", "1.33", "3.00", "4.03", "6.59", "6.79"]
    target = next(r for r in range(6) if dialog.table.item(r, 7).text() == "6.79")
    dialog.table.cellDoubleClicked.emit(target, 0)
    grid = window.current_view()
    model = grid.model()
    assert model.kind == "operating"
    current = grid.currentIndex()
    assert model.econ_of(current.column()) == "30229"
    assert model.rows[current.row()].key.function == "2060101" and current.data() == "6.79"
    window.close()


def test_finding_double_click_jumps_to_table_cell_and_record(qtbot, demo_path):
    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow

    application()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_path(demo_path)
    # A finding names its cell by row key and column index; the printed texts (here a column
    # label that does not exist) play no part in finding it.
    table7 = window.document.rollup.result(7)
    row = table7.find_row("2060101")
    cell = CellRef(table=7, row_code="?", column="不存在的列", row_key=row.key, column_index=9)
    assert window.jump_to_finding(Finding("T1", WARNING, "公用经费偏高", (cell,), "2060101"))
    view = window.current_view()
    index = view.frozen.currentIndex()
    assert (index.row(), index.column()) == (5, 9) and index.data() == "22.19"
    line = next(ln for ln in window.document.ledger.income_lines.values())
    ref = CellRef(record="income", record_key=line.id)
    assert window.jump_to_finding(Finding("T2", WARNING, "收入", (ref,), "x"))
    assert window.current_view().currentIndex().row() == 0
    window.close()
