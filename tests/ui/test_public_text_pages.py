"""The 公开文本资料 pages: each is in the navigator, a typed cell reaches the ledger through the
same undoable edit as the other grids, and the ledger's refusals show in Chinese."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from desktop.records import UnitStaff
from desktop.ui.duties_view import DutiesView
from desktop.ui.grid_view import GridView

pytestmark = pytest.mark.gui


def type_into(qtbot, view: GridView, row: int, column: int, text: str) -> None:
    """F2 on the cell, the text typed, Enter: as the accountant does it."""
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editors = [*view.findChildren(QLineEdit), *view.findChildren(QPlainTextEdit)]
    editor = next(e for e in editors if e.isVisible())
    editor.selectAll()
    if isinstance(editor, QPlainTextEdit):  # a sentence column's multi-line cell editor
        editor.setPlainText(text)
    elif text.isascii():
        qtbot.keyClicks(editor, text)
    else:  # QTest cannot type Chinese: what an input method delivers
        editor.setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()


def column_of(view: GridView, header: str) -> int:
    return next(i for i, c in enumerate(view.grid_model().columns) if c.header == header)


def test_the_pages_are_listed_under_their_own_group(window):
    keys = window.navigator.view_keys()
    pages = [("duties",), ("offices",), ("staff",), ("purchases",), ("assets",), ("reasons",)]
    assert all(k in keys for k in pages)
    group = window.navigator._items[("staff",)].parent()
    assert group.text(0) == "公开文本资料"


def test_staff_typed_in_reaches_the_ledger_and_undoes(qtbot, window):
    ledger = window.document.ledger
    view = window.show_view(("staff",))
    model = view.grid_model()
    units = sorted(ledger.units.values(), key=lambda u: (u.sort_order, u.code))
    assert [r.unit_code for r in model.rows] == [u.code for u in units]  # one row per unit
    first = units[0].code
    before = ledger.unit_staff.get(first)
    type_into(qtbot, view, 0, column_of(view, "编制数"), "37")
    assert ledger.unit_staff[first].authorized == 37
    assert model.index(0, column_of(view, "编制数")).data() == "37"
    type_into(qtbot, view, 0, column_of(view, "经费形式"), "财政全额拨款")
    assert ledger.unit_staff[first].funding_form == "财政全额拨款"
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert ledger.unit_staff.get(first) == before


def test_a_negative_authorized_count_is_refused_in_chinese(qtbot, window):
    ledger = window.document.ledger
    view = window.show_view(("staff",))
    unit = view.grid_model().rows[0].unit_code
    type_into(qtbot, view, 0, column_of(view, "编制数"), "12")
    type_into(qtbot, view, 0, column_of(view, "编制数"), "-3")
    assert ledger.unit_staff[unit].authorized == 12  # nothing changed
    name = ledger.units[unit].name
    assert f"单位“{name}”的编制数" in window.last_problem
    assert window.statusBar().currentMessage() == window.last_problem
    type_into(qtbot, view, 0, column_of(view, "在职人数"), "abc")
    assert window.last_problem == "在职人数应填写整数，“abc”不是整数。"
    assert ledger.unit_staff[unit] == UnitStaff(unit, ledger.unit_staff[unit].funding_form, 12)


def test_an_internal_office_is_inserted_and_renamed(qtbot, window):
    ledger = window.document.ledger
    view = window.show_view(("offices",))
    count = len(ledger.internal_offices)
    view.setFocus()
    assert window.document.execute(view.grid_model().insert_changes(0), "插入行")
    QApplication.processEvents()
    assert len(ledger.internal_offices) == count + 1
    row = next(i for i, r in enumerate(view.grid_model().rows) if r.name == "新内设机构")
    type_into(qtbot, view, row, 0, "办公室")
    assert "办公室" in [o.name for o in ledger.internal_offices.values()]


def test_a_purchase_line_is_written_once_whole_and_refused_above_its_line(qtbot, window):
    ledger = window.document.ledger
    view = window.show_view(("purchases",))
    model = view.grid_model()
    line = max(ledger.expenditure_lines.values(), key=lambda ln: ln.amount)
    draft = model.draft_row
    # the draft row's cells as the grid's edits take them (the line's number, as its completer
    # entry puts it); the written line is then typed into below
    assert model.setData(model.index(draft, column_of(view, "支出明细")), str(line.id))
    assert model.setData(model.index(draft, column_of(view, "采购项目")), "办公设备采购")
    assert model.setData(model.index(draft, column_of(view, "金额")), "0.5")  # 万元 shown
    (purchase,) = ledger.purchase_lines.values()
    assert (purchase.item, purchase.expenditure_line_id) == ("办公设备采购", line.id)
    assert purchase.amount == 5_000_00
    too_much = (line.amount + 1_000_000) / 1_000_000  # 万元 above the line
    type_into(qtbot, view, 0, column_of(view, "金额"), f"{too_much:.2f}")
    assert ledger.purchase_lines[purchase.id].amount == 5_000_00
    assert "超出了它所列支的支出明细" in window.last_problem


def test_an_asset_holding_is_entered(qtbot, window):
    ledger = window.document.ledger
    view = window.show_view(("assets",))
    assert window.document.execute(view.grid_model().insert_changes(0), "插入行")
    QApplication.processEvents()
    (asset,) = ledger.asset_holdings.values()
    assert asset.as_of == f"{ledger.department.fiscal_year - 1}-12-31"
    type_into(qtbot, view, 0, column_of(view, "数量（辆/台套）"), "3")
    assert ledger.asset_holdings[asset.id].quantity == 3
    type_into(qtbot, view, 0, column_of(view, "截至日期"), "2024-13-40")
    assert "截至日期" in window.last_problem
    assert ledger.asset_holdings[asset.id].as_of == asset.as_of


def test_duties_are_committed_on_leaving_the_field_and_undo(qtbot, window):
    ledger = window.document.ledger
    view = window.show_view(("duties",))
    assert isinstance(view, DutiesView)
    demo = ledger.department_profile.duties  # seed 000's 年履职目标 (tests/document)
    assert view.text.toPlainText() == demo
    view.text.setFocus()
    view.text.setPlainText("负责全省科技发展规划。\n组织重大科技项目。")
    view.text.commit()
    assert ledger.department_profile.duties == "负责全省科技发展规划。\n组织重大科技项目。"
    window.document.undo_stack.undo()
    QApplication.processEvents()
    assert ledger.department_profile.duties == demo
    assert view.text.toPlainText() == demo
