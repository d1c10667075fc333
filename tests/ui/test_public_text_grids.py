"""The public-text grids as an accountant types into them: no editor is torn away under the
typing (pytest fails on Qt's "commitData called with an editor that does not belong to this
view" through qt_log_level_fail), and the count grids end in a computed 合计 row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop.records import AssetHolding, Change, Unit, UnitStaff
from desktop.ui.line_grid_model import TOTAL_LABEL
from tests.ui.test_public_text_pages import column_of, type_into

pytestmark = pytest.mark.gui


def test_typing_a_purchase_into_the_blank_row_keeps_the_editor_and_the_cursor(qtbot, qtlog, window):
    """Each cell of the blank row typed with the cell editor; the third one makes it a line."""
    ledger = window.document.ledger
    view = window.show_view(("purchases",))
    model = view.grid_model()
    line = max(ledger.expenditure_lines.values(), key=lambda ln: ln.amount)
    draft = model.draft_row
    assert draft == 0  # the demo has no purchases: the blank row, then 合计
    type_into(qtbot, view, draft, column_of(view, "采购项目"), "办公设备采购")
    type_into(qtbot, view, draft, column_of(view, "金额"), "0.5")
    assert not ledger.purchase_lines  # not a line yet: the line it is paid from is missing
    # the last cell (a completer's editor) makes it a line while its editor is open
    type_into(qtbot, view, draft, column_of(view, "支出明细"), str(line.id))
    assert not [r.message for r in qtlog.records if "commitData" in r.message]
    (purchase,) = ledger.purchase_lines.values()
    assert (purchase.item, purchase.expenditure_line_id, purchase.amount) == (
        "办公设备采购", line.id, 5_000_00
    )  # fmt: skip
    # the line stays where it was typed, a new blank row below it, 合计 last
    assert model.rows == [purchase]
    assert (model.draft_row, model.total_row) == (1, 2)
    assert model.index(2, column_of(view, "金额")).data() == "0.50"
    # Enter moved the cursor down from the written line to the new blank row
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 0)
    # and the next line is typed there the same way
    type_into(qtbot, view, 1, column_of(view, "支出明细"), str(line.id))
    type_into(qtbot, view, 1, column_of(view, "采购项目"), "打印纸")
    type_into(qtbot, view, 1, column_of(view, "金额"), "0.12")
    assert sorted(p.amount for p in ledger.purchase_lines.values()) == [1_200_00, 5_000_00]
    assert model.index(model.total_row, column_of(view, "金额")).data() == "0.62"
    window.document.undo_stack.undo()
    assert [p.item for p in ledger.purchase_lines.values()] == ["办公设备采购"]
    assert model.rowCount() == 3
    window.show_view(("staff",))  # focus leaves the grid: no editor is left behind either
    QApplication.processEvents()
    assert not [r.message for r in qtlog.records if "commitData" in r.message]


def test_typing_into_the_other_public_text_grids(qtbot, window):
    """内设机构, 国有资产 (rows inserted while the grid is shown), 人员编制 and 主要原因."""
    ledger = window.document.ledger
    for key, header, text in (
        ("offices", "内设机构名称", "办公室"),
        ("assets", "名称或用途", "机要通信用车"),
    ):
        view = window.show_view((key,))
        view.insert_row()
        type_into(qtbot, view, 0, column_of(view, header), text)
        view.insert_row()
        type_into(qtbot, view, 1, column_of(view, header), text + "二")
    assert sorted(o.name for o in ledger.internal_offices.values()) == ["办公室", "办公室二"]
    names = sorted(a.name for a in ledger.asset_holdings.values())
    assert names == ["机要通信用车", "机要通信用车二"]
    view = window.show_view(("staff",))
    type_into(qtbot, view, 0, column_of(view, "在职人数"), "14")
    assert ledger.unit_staff["030001"].active == 14
    view = window.show_view(("reasons",))
    type_into(qtbot, view, 0, 7, "收入增加")
    assert ledger.reason_texts["比较:收入总计"].text == "收入增加"


def _total_cells(model) -> list:
    row = model.rowCount() - 1
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_staff_grid_ends_in_a_read_only_total_row(qtbot, window):
    doc = window.document
    assert doc.execute(
        [
            Change(None, Unit("030002", "荷塘区科技服务中心", "institution", 1)),
            Change(None, UnitStaff("030001", "财政全额拨款", 16, 14, 5)),
            Change(None, UnitStaff("030002", "财政差额拨款", 8, 7, 2)),
        ],
        "录入",
    )
    view = window.show_view(("staff",))
    model = view.grid_model()
    assert model.rowCount() == 3  # two units, then 合计
    # by hand: 编制数 16 + 8, 在职 14 + 7, 离退休 5 + 2
    assert _total_cells(model) == [TOTAL_LABEL, "", "", "24", "21", "7"]
    total = model.index(2, column_of(view, "编制数"))
    assert not total.flags() & Qt.ItemFlag.ItemIsEditable
    assert isinstance(total.data(Qt.ItemDataRole.FontRole), QFont)
    assert total.data(Qt.ItemDataRole.FontRole).bold()
    assert total.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#eef2f7"
    assert model.headerData(2, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole) == ""
    # typing on 合计 changes nothing; typing a unit's count updates it at once
    assert model.setData(total, "99")
    assert doc.ledger.unit_staff["030001"].authorized == 16
    type_into(qtbot, view, 1, column_of(view, "编制数"), "10")
    assert _total_cells(model)[3:] == ["26", "21", "7"]
    # deleting rows never touches 合计: the selected unit's staff record goes
    assert doc.execute(model.delete_changes([1, 2]), "删除行")
    assert "030002" not in doc.ledger.unit_staff
    assert _total_cells(model)[3:] == ["16", "14", "5"]


def test_asset_grid_totals_quantity_and_area(qtbot, window):
    doc = window.document
    as_of = dict(unit_code="030001", as_of="2024-12-31")
    assert doc.execute(
        [
            Change(None, AssetHolding(None, kind="vehicle", name="机要通信用车", quantity=1, **as_of)),
            Change(None, AssetHolding(None, kind="equipment", name="服务器", quantity=2, **as_of)),
            Change(None, AssetHolding(None, kind="building", name="办公用房", area_m2=650, **as_of)),
        ],
        "录入",
    )  # fmt: skip
    view = window.show_view(("assets",))
    model = view.grid_model()
    assert model.rowCount() == 4
    quantity, area = column_of(view, "数量（辆/台套）"), column_of(view, "房屋面积（平方米）")
    assert (_total_cells(model)[quantity], _total_cells(model)[area]) == ("3", "650")
    assert _total_cells(model)[0] == TOTAL_LABEL
    type_into(qtbot, view, 2, area, "700")
    assert _total_cells(model)[area] == "700"
    assert not model.index(3, area).flags() & Qt.ItemFlag.ItemIsEditable
