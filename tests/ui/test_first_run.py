"""First run: the welcome page, the new-department dialog and its defaults, a hidden smoke option."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from sqlalchemy import select

from desktop.ledger import Ledger
from desktop.models import schema
from desktop.models.store import DepartmentFile
from desktop.money import DisplayUnit
from desktop.records import Unit
from desktop.ui import appsettings
from desktop.ui.dialogs import PROFILE_SETTING, NewDepartmentDialog, initial_year

pytestmark = pytest.mark.gui


@pytest.fixture
def window(bare_window):
    """These tests start from the welcome page."""
    return bare_window


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (dt.date(2026, 11, 23), 2027),  # autumn: next year's budget is being prepared
        (dt.date(2026, 9, 1), 2027),
        (dt.date(2026, 8, 31), 2026),
        (dt.date(2027, 1, 15), 2027),  # 二下 in January still concerns the new year
        (dt.date(2026, 12, 31), 2027),
    ],
)
def test_default_fiscal_year_is_next_year_from_september(today, year):
    assert appsettings.default_fiscal_year(today) == year


def test_initial_year_without_catalog_takes_latest_earlier_and_says_so():
    assert initial_year([2025, 2026], 2026) == (2026, "")
    year, note = initial_year([2025, 2026], 2027)
    assert year == 2026
    assert "2027 年的科目表尚未导入" in note and "已先选 2026 年" in note
    assert initial_year([], 2027)[0] is None


def test_dialog_defaults_year_profile_and_first_unit(qtbot, monkeypatch):
    monkeypatch.setattr(appsettings, "default_fiscal_year", lambda today=None: 2026)
    dialog = NewDepartmentDialog()
    qtbot.addWidget(dialog)
    assert dialog.year.currentData() == 2026
    # the bundled 2026 list is a copy of 2025: the dialog says so, and not for 2025
    assert dialog.year_note.isVisibleTo(dialog)
    assert dialog.year_note.text() == (
        "2026 年科目表为暂用（沿用 2025 年科目），导入 2026 年正式科目表后更新。"
    )
    dialog.year.setCurrentIndex(dialog.year.findData(2025))
    assert not dialog.year_note.isVisibleTo(dialog)
    dialog.year.setCurrentIndex(dialog.year.findData(2026))
    assert dialog.profile.currentData() == "hunan-default"
    assert dialog.profile.currentText() == "湖南省部门预算公开表（默认格式）"
    dialog.code.setText("030")
    dialog.name.setText("株洲市荷塘区科技和工业信息化局")
    dialog.code.editingFinished.emit()
    dialog.name.editingFinished.emit()
    assert (dialog.units.item(0, 0).text(), dialog.units.item(0, 1).text()) == (
        "030001",
        "株洲市荷塘区科技和工业信息化局",
    )


def test_dialog_for_a_year_without_catalog_preselects_latest_and_shows_note(qtbot):
    dialog = NewDepartmentDialog(wanted_year=2027)
    qtbot.addWidget(dialog)
    assert dialog.year.currentData() == 2026
    assert dialog.year_note.isVisibleTo(dialog)
    assert "2027 年的科目表尚未导入" in dialog.year_note.text()


def test_dialog_refuses_duplicate_or_incomplete_units(qtbot):
    dialog = NewDepartmentDialog(wanted_year=2026)
    qtbot.addWidget(dialog)
    assert dialog.problem() == "请填写部门编码和部门名称。"
    dialog.code.setText("030")
    dialog.name.setText("测试局")
    assert dialog.problem() == "请至少添加一个预算单位。"
    dialog.add_unit("030001", "测试局")
    dialog.add_unit("030001", "测试中心", "institution")
    assert dialog.problem() == "单位编码不能重复。"
    dialog.units.item(2, 0).setText("030002")
    dialog.units.item(2, 1).setText("")
    assert dialog.problem() == "每个单位都要有编码和名称。"


def test_welcome_new_department_creates_the_file(qtbot, window, tmp_path, monkeypatch):
    """新建部门 from the welcome page: year, code, name, two units, default format, 万元."""
    monkeypatch.setattr(appsettings, "default_fiscal_year", lambda today=None: 2026)
    target = tmp_path / "新部门.budget"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    assert window.pages.currentWidget() is window.welcome
    seen = {}

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NewDepartmentDialog)
        seen["year"] = dialog.year.currentText()
        dialog.code.setText("030")
        dialog.name.setText("株洲市荷塘区科技和工业信息化局")
        dialog.code.editingFinished.emit()
        dialog.name.editingFinished.emit()
        dialog._add_next_unit()  # the 添加单位 button: code follows 030001
        dialog.units.item(1, 1).setText("株洲市荷塘区科技创新服务中心")
        dialog._accept()  # the 创建… button

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(window.welcome.buttons["new"], Qt.MouseButton.LeftButton)

    assert seen["year"] == "2026 年"
    assert target.exists()
    assert window.document is not None
    assert window.pages.currentWidget() is not window.welcome
    assert window.windowTitle().startswith("株洲市荷塘区科技和工业信息化局 2026 年")
    assert window.document.unit is DisplayUnit.WAN_YUAN
    assert window.unit_actions[DisplayUnit.WAN_YUAN].isChecked()
    assert appsettings.recent_files(window.settings) == [str(target.resolve())]
    window.close_document()

    dfile = DepartmentFile.open(target, readonly=True)
    try:
        ledger = Ledger(dfile)
        dept = ledger.department
        assert (dept.code, dept.name, dept.fiscal_year) == (
            "030",
            "株洲市荷塘区科技和工业信息化局",
            2026,
        )
        assert sorted(ledger.units.values(), key=lambda u: u.code) == [
            Unit("030001", "株洲市荷塘区科技和工业信息化局", "agency", 0),
            Unit("030002", "株洲市荷塘区科技创新服务中心", "institution", 1),
        ]
        assert ledger.expenditure_lines == {} and ledger.income_lines == {}
        with dfile.reading() as conn:
            rows = conn.execute(select(schema.setting.c.key, schema.setting.c.value)).all()
        settings = {key: value for key, value in rows}
        from desktop.packs.registry import get_pack

        assert settings == {
            PROFILE_SETTING: "hunan-default",
            "table_set": "hunan-2025",  # the set chosen in the dialog (its default)
            "table_set_hash": get_pack("hunan-2025").content_hash,
            "performance_layout": "hunan",
        }
    finally:
        dfile.close()


def test_welcome_lists_recent_files_and_greys_missing_ones(window, demo_path, tmp_path):
    gone = tmp_path / "已删除.budget"
    window.welcome.set_recent([str(demo_path), str(gone)])
    items = [window.welcome.recent.item(i) for i in range(window.welcome.recent.count())]
    assert [i.toolTip() for i in items] == [str(demo_path), str(gone)]
    assert items[0].flags() & Qt.ItemFlag.ItemIsEnabled
    assert not items[1].flags() & Qt.ItemFlag.ItemIsEnabled
    assert items[1].text().endswith("（文件不存在）")
    window.welcome.set_recent([])
    assert window.welcome.recent.item(0).text() == "（还没有打开过部门文件）"


def test_welcome_recent_file_opens_it(qtbot, window, demo_path):
    window.welcome.set_recent([str(demo_path)])
    window.welcome.recent.itemActivated.emit(window.welcome.recent.item(0))
    assert window.document is not None
    assert window.document.ledger.department.fiscal_year == 2025


def test_quit_after_load_reports_start_and_exits(demo_path, tmp_path):
    """The hidden smoke option used to time the installed copy: opens the file, draws, quits."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "cfg"),
    )
    run = subprocess.run(
        [sys.executable, "-m", "desktop", str(demo_path), "--quit-after-load"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "窗口可用：" in run.stderr
    assert "株洲市荷塘区科技和工业信息化局 2025 年" in run.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "desktop", str(tmp_path / "无.budget"), "--quit-after-load"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert missing.returncode == 3


def test_qt_dialog_buttons_are_chinese(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop.ui.app import application

    application()
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(buttons)
    assert sorted(b.text() for b in buttons.buttons()) == sorted(["确定", "取消"])


def test_window_status_bar_says_when_the_catalog_is_provisional(window, tmp_path):
    from desktop.models.store import DepartmentFile

    for year, shown in ((2026, True), (2025, False)):
        path = tmp_path / f"d{year}.budget"
        DepartmentFile.create(path, "001", "测试部门", year).close()
        assert window.open_path(path)
        assert window.catalog_label.isVisibleTo(window) is shown
        if shown:
            assert window.catalog_label.text() == "2026 年科目表暂用"
            assert "导入 2026 年正式科目表后更新" in window.catalog_label.toolTip()
        window.close_document()
