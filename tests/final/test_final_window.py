"""A 决算 file in the window: the navigator lists the 决算 tables, the table views print them, and
文件 → 表套… offers only 决算 sets (a budget set is refused)."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QSettings

from desktop.packs.registry import get_pack
from tests.final.final_ledger import build_final_file

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))


def _table_leaves(window) -> list[str]:
    nav = window.navigator
    group = next(
        nav.topLevelItem(i)
        for i in range(nav.topLevelItemCount())
        if nav.topLevelItem(i).text(0) == "标准表"
    )
    return [
        group.child(i).text(0).replace("\n", "").replace("    ", "")
        for i in range(group.childCount())
    ]


def test_window_shows_the_final_tables(qtbot, tmp_path):
    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow
    from desktop.ui.pack_dialog import PackDialog

    path = tmp_path / "final.budget"
    build_final_file(path).close()
    application()
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    assert window.open_path(path)
    tables = [x for x in _table_leaves(window) if x.split()[0].isdigit() and int(x.split()[0]) < 22]
    assert [t.split(maxsplit=1)[1] for t in tables] == [
        "收入支出决算总表",
        "收入决算表",
        "支出决算表",
        "财政拨款收入支出决算总表",
        "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款基本支出决算明细表",
        "一般公共预算财政拨款“三公”经费支出决算表",
        "政府性基金预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款支出决算表",
    ]
    for number in (1, 4, 6, 7):
        window.show_view(("table", number))
        view = window.current_view()
        assert view is window.views[("table", number)]
        assert view.unit_label.text() == f"公开{number:02d}表    金额单位：万元"
        shots = os.environ.get("FINAL_SHOTS")  # a folder: save what the window shows
        if shots:
            qtbot.wait(50)
            window.grab().save(os.path.join(shots, f"table{number:02d}.png"))
    # 文件 → 表套… lists 决算 sets only; a budget set is refused with a message
    dialog = PackDialog(2021, "hunan-final-2021", kind="final")
    qtbot.addWidget(dialog)
    assert [p.kind for p in dialog.packs] == ["final"] * len(dialog.packs)
    assert "hunan-final-2021" in [p.id for p in dialog.packs]
    messages = []
    window.document.failed.connect(messages.append)
    window.document.set_pack(get_pack("hunan-2025"))
    assert messages and "是部门预算表套，不能用于部门决算文件" in messages[0]
    assert window.document.pack.id == "hunan-final-2021"
