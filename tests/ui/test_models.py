"""The grid and table models on their own: Qt's model tester, codes typed by name, drill-down."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop import codes
from desktop.errors import LedgerError
from desktop.money import DisplayUnit
from desktop.ui.basic_grid_model import BasicGridModel
from desktop.ui.clipboard import format_block, parse_block
from desktop.ui.display import amount_edit_text
from desktop.ui.document import Document
from desktop.ui.drilldown import lines_behind
from desktop.ui.record_models import (
    expenditure_model,
    income_model,
    project_model,
    unit_model,
)
from desktop.ui.table_model import StandardTableModel


@pytest.fixture
def document(qapp, demo_path):
    from desktop.models.store import DepartmentFile

    doc = Document(DepartmentFile.open(demo_path))
    yield doc
    doc.close()


def test_models_pass_qt_model_tester(qtmodeltester, document):
    models = [
        BasicGridModel(document, "personnel"),
        BasicGridModel(document, "operating"),
        income_model(document),
        expenditure_model(document),
        expenditure_model(document, "030001-ZX01"),
        unit_model(document),
        project_model(document),
        StandardTableModel(document, 1),
        StandardTableModel(document, 7),
        StandardTableModel(document, 14),
    ]
    for model in models:
        qtmodeltester.check(model, force_py=True)
    # line grids: their records, the blank row to type into and the 合计 row
    assert [m.rowCount() for m in models[:7]] == [11, 2, 12 + 2, 33 + 2, 4 + 2, 1, 2]
    income = models[2]
    assert income.headerData(12, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole) == "*"
    assert income.index(13, 0).data() == "合计"
    assert income.index(13, 4).data() == f"{sum(r.amount for r in income.rows) / 1_000_000:,.2f}"
    assert models[0].columnCount() == 5 + 13 + 12  # 301 and 303 款 of 2025
    assert models[8].frozen_columns() == 5 and models[7].frozen_columns() == 0


def test_record_model_edit_and_undo_through_the_stack(document):
    model = income_model(document)
    assert model.index(0, 4).data() == "116.81"
    assert model.apply_edits([(0, 4, "120"), (0, 5, "追加")], "录入")
    model.refresh()
    assert (model.index(0, 4).data(), model.index(0, 5).data()) == ("120.00", "追加")
    assert document.undo_stack.count() == 1  # both cells: one command
    document.undo_stack.undo()
    model.refresh()
    assert (model.index(0, 4).data(), model.index(0, 5).data()) == ("116.81", "")


def test_insert_and_delete_rows_undo_with_the_same_ids(document):
    model = income_model(document)
    ledger = document.ledger
    assert model.insert_changes(0) == []  # 插入行 writes nothing; the blank row is typed into
    draft = model.draft_row
    assert draft == 12
    assert model.apply_edits([(draft, 4, "5")], "录入")  # an amount alone is not yet a line
    assert len(ledger.income_lines) == 12 and document.undo_stack.count() == 0
    assert model.index(draft, 4).data() == "5.00" and model.index(draft, 1).data() == ""
    assert model.apply_edits([(draft, 1, "2060101")], "录入")
    new_id = max(ledger.income_lines)
    assert len(ledger.income_lines) == 13 and ledger.income_lines[new_id].amount == 5 * 1_000_000
    model.refresh()
    assert model.draft_row == 13 and model.index(13, 4).data() == ""  # a fresh blank row
    document.undo_stack.undo()
    assert new_id not in ledger.income_lines
    document.undo_stack.redo()
    assert ledger.income_lines[new_id].function_code == "2060101"
    model.refresh()
    first = model.rows[0]
    document.execute(model.delete_changes([0]), "删除行")
    assert first.id not in ledger.income_lines
    document.undo_stack.undo()
    assert ledger.income_lines[first.id] == first


def test_refused_text_is_signalled_not_applied(qtbot, document):
    model = BasicGridModel(document, "personnel")
    index = model.index(0, model.column_of("30101"))
    with qtbot.waitSignal(model.refused) as blocker:
        assert not model.setData(index, "12,3x")
    assert "不是有效的金额" in blocker.args[0]
    assert index.data() == "42.75" and document.undo_stack.count() == 0


def test_basic_grid_row_codes_move_all_lines(document):
    model = BasicGridModel(document, "operating")
    row = next(r for r, row in enumerate(model.rows) if row.key.function == "2060103")
    assert model.apply_edits([(row, 1, "2060102 一般行政管理事务")], "录入")
    moved = [ln for ln in document.ledger.expenditure_lines.values() if ln.kind == "operating"]
    assert sorted({ln.function_code for ln in moved}) == ["2060101", "2060102"]
    assert sum(ln.amount for ln in moved if ln.function_code == "2060102") == 6_219_800


def test_codes_resolve_by_code_name_or_part_of_name(document):
    catalog = document.ledger.catalog
    assert codes.resolve_function(catalog, "2060101") == "2060101"
    assert codes.resolve_function(catalog, "2060101 行政运行") == "2060101"
    assert codes.resolve_function(catalog, "住房公积金") == "2210201"  # exact beats partial
    assert codes.resolve_function(catalog, "其他科学技术管理事务") == "2060199"
    assert codes.resolve_econ(catalog, "基本工资") == "30101"
    assert codes.resolve_fund(catalog, "经费拨款") == "gp_appropriation"
    with pytest.raises(LedgerError, match="对应多个功能科目"):
        codes.resolve_function(catalog, "行政运行")
    with pytest.raises(LedgerError, match="找不到经济科目"):
        codes.resolve_econ(catalog, "不存在的科目")


def test_drill_down_lists_the_lines_behind_a_cell(document):
    result = document.rollup.result(7)
    row = next(i for i, r in enumerate(result.rows) if r.code == "2060101")
    column = result.column_index("公用经费")
    lines = lines_behind(document.rollup, 7, row, column)
    assert sum(ln.amount for ln in lines) == result.rows[row].values[column] == 22_185_100
    assert sorted(ln.econ_code for ln in lines) == [
        "30201", "30228", "30229", "30239", "30299", "31002",
    ]  # fmt: skip
    summary = document.rollup.result(1)
    pos = next(i for i, r in enumerate(summary.rows) if r.values[4] == "二、项目支出")
    assert sum(ln.amount for ln in lines_behind(document.rollup, 1, pos, 5)) == 35_000_000
    assert len(lines_behind(document.rollup, 1, pos, 5)) == 7


def test_clipboard_blocks_and_exact_edit_text():
    text = 'a\t"b\tc"\n1\t2\n'
    assert parse_block(text) == [["a", "b\tc"], ["1", "2"]]
    assert format_block(parse_block(text)) == text
    assert parse_block("1\r\n2\r\n") == [["1"], ["2"]]
    assert amount_edit_text(4_275_001, DisplayUnit.WAN_YUAN) == "4.275001"
    assert amount_edit_text(10_000_000, DisplayUnit.WAN_YUAN) == "10"
    assert amount_edit_text(12_345, DisplayUnit.YUAN) == "123.45"


def test_findings_dock_lists_the_checkers_findings(qtmodeltester, document):
    from desktop.ui.findings_dock import NOT_LOADED, FindingsDock

    dock = FindingsDock()
    dock.set_document(document)
    if document.checker is None:
        assert dock.summary.text() == NOT_LOADED
        return
    qtmodeltester.check(dock.model, force_py=True)
    findings = document.checker.findings
    assert dock.model.rowCount() == len(findings)
    errors = [f for f in findings if f.is_error]
    assert dock.summary.text().startswith(f"错误 {len(errors)} 条")
