"""The window driven like an accountant would: typing, pasting, undo, refusals, reopening."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.money import DisplayUnit
from desktop.tables.engine import Rollup

pytestmark = pytest.mark.gui
WAN = 1_000_000  # 分 per 万元


def personnel_grid(window):
    view = window.show_view(("basic", "personnel"))
    return view, view.model()


def cell(model, function: str, econ: str):
    row = next(r for r, row in enumerate(model.rows) if row.key.function == function)
    return model.index(row, model.column_of(econ))


def type_into(qtbot, view, index, text: str) -> None:
    """Select the cell, start typing (typing replaces), finish with Enter."""
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, text[0])
    editors = [e for e in view.findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    editor = editors[0]
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits Enter through a queued call


def listing_value(result, block: int, label: str) -> int:
    row = next(r for r in result.rows if r.values[2 * block] == label)
    return row.values[2 * block + 1]


def test_typed_amount_changes_summary_and_gp_expenditure(qtbot, window):
    view, model = personnel_grid(window)
    index = cell(model, "2060101", "30101")
    assert index.data() == "42.75"
    type_into(qtbot, view, index, "52.75")
    assert index.data() == "52.75"
    assert view.currentIndex().row() == index.row() + 1  # Enter moved down
    rollup = window.document.rollup
    summary = rollup.result(1)
    # 收支总表: 科学技术支出 194.57 → 204.57; 基本支出 254.79 → 264.79; 工资福利支出 195.30 → 205.30
    # (exact: 194.574700, 254.785586, 195.304900 万元 before the edit).
    assert listing_value(summary, 1, "（六）科学技术支出") == 204_574_700
    assert listing_value(summary, 2, "一、基本支出") == 264_785_586
    assert listing_value(summary, 2, "工资福利支出") == 205_304_900
    assert listing_value(summary, 1, "本 年 支 出 合 计") == 299_785_586
    assert listing_value(summary, 0, "本 年 收 入 合 计") == 289_785_586
    # 一般公共预算支出表, row 2060101 行政运行: 合计 126.81, 小计 126.81, 工资福利支出 104.62.
    table7 = window.show_view(("table", 7)).model
    row = next(r for r in range(table7.rowCount()) if table7.index(r, 3).data() == "2060101")
    shown = [table7.index(row, c).data() for c in range(5, 11)]
    assert shown == ["126.81", "126.81", "104.62", "", "22.19", ""]
    assert table7.index(0, 5).data() == "299.79"  # 合计 row
    assert window.balance_label.text() == "收支不平衡：差额 -10.00 万元"
    assert window.save_label.text().startswith("已保存")


def test_paste_block_fills_twelve_cells_and_undo_restores_them(qtbot, window):
    view, model = personnel_grid(window)
    top, left = 0, model.column_of("30101")
    before = [[model.index(top + r, left + c).data() for c in range(4)] for r in range(3)]
    lines_before = dict(window.document.ledger.expenditure_lines)
    QGuiApplication.clipboard().setText("1\t2\t3\t4\n5\t6\t7\t8\n9\t10\t11\t12\n")
    view.setCurrentIndex(model.index(top, left))
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    after = [[model.index(top + r, left + c).data() for c in range(4)] for r in range(3)]
    assert after == [
        ["1.00", "2.00", "3.00", "4.00"],
        ["5.00", "6.00", "7.00", "8.00"],
        ["9.00", "10.00", "11.00", "12.00"],
    ]
    assert window.document.undo_stack.count() == 1  # one paste, one command
    window.undo_action.trigger()
    restored = [[model.index(top + r, left + c).data() for c in range(4)] for r in range(3)]
    assert restored == before
    assert window.document.ledger.expenditure_lines == lines_before
    window.redo_action.trigger()  # inserted lines come back with the same ids
    again = [[model.index(top + r, left + c).data() for c in range(4)] for r in range(3)]
    assert again == after
    window.undo_action.trigger()
    assert window.document.ledger.expenditure_lines == lines_before


@pytest.mark.parametrize(
    ("unit", "text", "expected", "shown"),
    [
        (DisplayUnit.WAN_YUAN, "abc", "不是有效的金额", "42.75"),
        (DisplayUnit.YUAN, "abc", "不是有效的金额", "427,500.00"),
        (DisplayUnit.YUAN, "1.234", "精确到了分以下", "427,500.00"),
        (DisplayUnit.WAN_YUAN, "1.2345678", "精确到了分以下", "42.75"),
    ],
)
def test_bad_amount_refused_with_message_and_old_value_kept(
    qtbot, window, unit, text, expected, shown
):
    window.set_unit(unit)
    view, model = personnel_grid(window)
    index = cell(model, "2060101", "30101")
    assert index.data() == shown
    type_into(qtbot, view, index, text)
    assert expected in window.last_problem
    assert expected in window.statusBar().currentMessage()
    assert index.data() == shown
    assert window.document.undo_stack.count() == 0
    line = next(
        ln
        for ln in window.document.ledger.expenditure_lines.values()
        if (ln.function_code, ln.econ_code, ln.kind) == ("2060101", "30101", "personnel")
    )
    assert line.amount == 42_750_000


def test_reopening_shows_every_accepted_edit(qtbot, demo_path, window):
    from desktop.ui.main_window import MainWindow

    view, model = personnel_grid(window)
    type_into(qtbot, view, cell(model, "2060101", "30101"), "50")
    type_into(qtbot, view, cell(model, "2080505", "30108"), "abc")  # refused, not saved
    view.setCurrentIndex(cell(model, "2060103", "30106"))
    view.paste_text("1.5\t2.5\n")
    view.setCurrentIndex(cell(model, "2210201", "30113"))
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # clears 16.29 住房公积金
    window.set_unit(DisplayUnit.YUAN)
    view.setCurrentIndex(cell(model, "2101101", "30110"))
    view.paste_text("60000.01")
    income = window.show_view(("income",))
    income.setCurrentIndex(income.model().index(0, 4))
    income.insert_row()  # to the blank row: nothing is written yet
    assert income.currentIndex().row() == income.model().draft_row == 12
    model = income.model()
    income.setCurrentIndex(model.index(12, 4))
    income.paste_text("300")  # 300 元 …
    income.setCurrentIndex(model.index(12, 1))
    income.paste_text("2060101")  # … and the function code make it a line (fund from above)
    assert income.model().rowCount() == 12 + 1 + 2  # the new line, a fresh blank row, 合计
    window.close()  # as if the application ended here

    dfile = DepartmentFile.open(demo_path, readonly=True)
    ledger = Ledger(dfile)
    amounts = {
        (ln.function_code, ln.econ_code): ln.amount
        for ln in ledger.expenditure_lines.values()
        if ln.kind == "personnel"
    }
    assert amounts[("2060101", "30101")] == 50 * WAN
    assert amounts[("2080505", "30108")] == 18_344_900
    assert amounts[("2060103", "30106")] == 1_500_000
    assert amounts[("2060103", "30107")] == 2_500_000
    assert ("2210201", "30113") not in amounts
    assert amounts[("2101101", "30110")] == 6_000_001
    assert len(ledger.income_lines) == 13
    assert max(ledger.income_lines.values(), key=lambda ln: ln.id).amount == 30_000
    total = Rollup(ledger).result(7).rows[0].values[5]
    dfile.close()
    # 289.785586 万元 + 7.25 (typed) + 1.50 + (2.50 − 8.05) (paste) − 16.29 (cleared) + (6.0000 − 0.5920 万元)
    changes = 7_250_000 + 1_500_000 + (2_500_000 - 8_050_000) - 16_290_000 + (6_000_001 - 5_920_000)
    assert total == 289_785_586 + changes == 276_775_587

    reopened = MainWindow()
    qtbot.addWidget(reopened)
    assert reopened.open_path(demo_path)
    _, model2 = personnel_grid(reopened)
    assert cell(model2, "2060101", "30101").data() == "50.00"
    assert cell(model2, "2060103", "30107").data() == "2.50"  # pasted over 8.05
    reopened.close()


def test_control_figure_finding_jumps_to_its_cell(qtbot, window):
    from desktop.records import ControlFigure

    # 基本支出 of the demo is 254.79 万元; a control figure of 250 万元 is exceeded by 4.79.
    window.document.ledger.add(ControlFigure(None, "", "gp_appropriation", "basic", 250_000_000))
    window.document.checker.refresh()
    finding = next(f for f in window.document.checker.findings if f.rule_id == "control-above")
    assert "4.79" in finding.message
    assert window.jump_to_finding(finding)
    view = window.current_view()
    assert window.navigator.current_key() == ("control",)
    assert view.currentIndex().row() == 0 and view.currentIndex().column() == 3
    assert view.currentIndex().data() == "250.00"
