"""Tables and forms lower into one printed grid whose cells name the ledger behind them."""

from __future__ import annotations

from desktop.records import Project
from desktop.tables.engine import Rollup
from desktop.tables.forms import form_sections
from desktop.tables.printed import (
    HEADER,
    LABEL,
    VALUE,
    FormCellRef,
    FormGrid,
    TableCellRef,
    TableGrid,
    lower,
)


def test_table_lowers_to_header_then_body_cells(demo_ledger):
    result = Rollup(demo_ledger).result(7)
    grid = lower(result)
    assert isinstance(grid, TableGrid)
    # Seed 000 table 7: a three-row merged header over 11 leaf columns.
    assert (grid.header_rows, grid.columns, grid.rows) == (3, 11, 3 + len(result.rows))
    top = grid.cell(0, 6)
    assert (top.text, top.role, top.rowspan, top.colspan) == ("基本支出", HEADER, 1, 4)
    assert grid.cell(0, 7) is None  # covered by 基本支出
    row = result.find_row("2060102", level="项")
    r = grid.header_rows + result.rows.index(row)
    cell = grid.cell(r, 10)  # 项目支出 of 一般行政管理事务: 35.00 万元
    assert (cell.text, cell.amount, cell.role, cell.align) == ("35.00", 35_000_000, VALUE, "right")
    assert cell.ref.table == 7 and cell.ref.row_key == row.key and cell.ref.column == 10
    assert cell.ref.select.kinds == ("project",)
    name = grid.cell(r, 4)
    assert (name.text, name.role, name.align) == ("一般行政管理事务", LABEL, "left")
    assert name.ref == TableCellRef(7, row.key, 4, None)
    assert grid.locate(row.key, 10) == (result.rows.index(row), 10)


def test_listing_cell_refers_to_its_item_selector(demo_ledger):
    result = Rollup(demo_ledger).result(1)  # 收支总表: (项目, 预算数) blocks side by side
    grid = lower(result)
    first = grid.cell(grid.header_rows, 1)
    item = result.spec.blocks[0].items[0]
    assert first.text == "289.79"  # 一、一般公共预算拨款收入 of the demo (seed 000)
    assert first.ref.select is item.select
    assert grid.row_children == {}  # listings foot by blocks, not by row levels


def test_form_cells_keep_merges_and_records(demo_ledger):
    spec, forms = form_sections(demo_ledger, "hunan")[0]
    form = forms[0]
    grid = lower(form)
    assert isinstance(grid, FormGrid)
    assert (grid.title, grid.rows, grid.columns) == (form.title, form.rows, form.columns)
    assert len(list(grid.cells())) == len(form.cells)
    name = grid.cell(0, 1)
    assert name.text == "生态污染防治专项经费" and name.colspan == 8
    assert isinstance(name.ref, FormCellRef) and name.ref.field == "name"
    assert isinstance(name.ref.record, Project) and name.ref.record.code == "030001-ZX01"
    money = grid.cell(1, 6)  # the project's total, from the ledger: 25.00 万元
    assert (money.text, money.amount, money.colspan) == ("25.00", 25_000_000, 3)
    assert grid.covering(1, 8) is money
