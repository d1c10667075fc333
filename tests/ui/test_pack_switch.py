"""文件 → 表套…: switching the file's table set; the navigator and the tables follow at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from desktop.packs.choice import file_pack_id
from desktop.packs.registry import get_pack

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def private_settings(tmp_path, monkeypatch):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))


def _table_leaves(window) -> list[str]:
    nav = window.navigator
    group = next(
        nav.topLevelItem(i)
        for i in range(nav.topLevelItemCount())
        if nav.topLevelItem(i).text(0) == "标准表"
    )
    assert group.toolTip(0).startswith(f"表套：{window.document.pack.name}")
    return [group.text(0)] + [group.child(i).text(0).strip() for i in range(group.childCount())]


def test_dialog_lists_the_sets_of_the_year(qtbot):
    from desktop.ui.app import application
    from desktop.ui.pack_dialog import PackDialog

    application()
    dialog = PackDialog(2025, "hunan-2025")
    qtbot.addWidget(dialog)
    ids = [p.id for p in dialog.packs]
    assert {"hunan-2025", "hunan-lukou-2026", "hunan-shifeng-2023", "national-2025"} <= set(ids)
    assert dialog.chosen().id == "hunan-2025"
    assert "1 收支总表" in dialog.detail.text()
    dialog.list.setCurrentRow(ids.index("national-2025"))
    assert dialog.chosen().id == "national-2025"
    assert "9 国有资本经营预算支出表" not in dialog.detail.text()  # six titles, then 等 9 张
    assert "等 9 张" in dialog.detail.text()


def test_switching_the_set_rebuilds_navigator_tables_and_checks(qtbot, demo_path, tmp_path):
    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow

    application()
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    assert window.open_path(demo_path)
    leaves = _table_leaves(window)
    assert leaves[0] == "标准表"
    assert leaves[1:3] == ["1  收支总表", "2  收入总表"]
    window.show_view(("table", 7))

    window.document.set_pack(get_pack("national-2025"))

    leaves = _table_leaves(window)
    assert leaves[0] == "标准表"
    numbered = [x for x in leaves[1:] if x.split()[0].isdigit()]
    # The performance forms follow the set: the national 10 and 11, not Hunan's 22 and 23.
    assert numbered[-2:] == ["10  项目支出绩效目标表", "11  部门整体支出绩效目标表"]
    tables = numbered[:-2]
    assert tables == [
        "1  部门收支总表",
        "2  部门收入总表",
        "3  部门支出总表",
        "4  财政拨款收支总表",
        "5  一般公共预算支出表",
        "6  一般公共预算基本支出表",
        "7  一般公共预算“三公”经费支出表",
        "8  政府性基金预算支出表",
        "9  国有资本经营预算支出表",
    ]
    # The table on screen is now the national table 7, and the checks follow the set.
    view = window.current_view()
    assert view is window.views[("table", 7)]
    assert window.document.rollup.result(7).title == "一般公共预算“三公”经费支出表"
    assert "t01-t03" not in {r.id for r in window.document.checker.rules}
    assert file_pack_id(window.document.dfile) == "national-2025"
    window.show_view(("table", 5))
    window.grab().save(str(tmp_path / "national.png"))
    assert (tmp_path / "national.png").stat().st_size > 10_000
    # An edit after the switch reaches the new tables.
    before = window.document.rollup.result(5).rows[0].values[2]
    line = next(
        x for x in window.document.ledger.expenditure_lines.values() if x.econ_code == "30101"
    )
    window.document.ledger.replace(line, amount=line.amount + 100)
    assert window.document.rollup.result(5).rows[0].values[2] == before + 100
    window.close()


def test_file_with_a_set_not_installed_here_still_opens(qtbot, demo_path):
    from sqlalchemy import insert

    from desktop.models import schema
    from desktop.models.store import DepartmentFile
    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow

    dfile = DepartmentFile.open(demo_path)
    with dfile.transaction() as conn:
        conn.execute(insert(schema.setting).values(key="table_set", value="other-county-2025"))
    dfile.close()
    application()
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(demo_path)
    assert window.document.pack.id == "hunan-2025"
    assert "表套“other-county-2025”未安装" in window.last_problem
    assert "现暂按“湖南省部门预算公开表”显示各表" in window.last_problem
    window.close()
