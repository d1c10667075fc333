"""Broken performance sheets: each problem names sheet, row, column, value and expectation, and
no department file is created."""

from __future__ import annotations

import openpyxl
import pytest

from desktop.errors import BudgetError
from desktop.export.importer import import_workbook
from desktop.export.service import run_export
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.tables.engine import Rollup


@pytest.fixture
def workbook(tmp_path, demo_path):
    """The demo (with seed 000's performance targets) exported in the default format."""
    dfile = DepartmentFile.open(demo_path, readonly=True)
    ledger = Ledger(dfile)
    out = tmp_path / "demo.xlsx"
    run_export(dfile, ledger, Rollup(ledger), xlsx_path=out, draft=True)
    dfile.close()
    return out


def _edit(path, sheet: str, change) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = {c.value: c.column for c in ws[1]}
    change(ws, header)
    wb.save(path)


def _refused(tmp_path, workbook) -> str:
    target = tmp_path / "new.budget"
    with pytest.raises(BudgetError) as info:
        import_workbook(target, workbook, accept_modified=True)
    assert not target.exists()
    assert not list(tmp_path.glob(".new.budget*"))  # no temporary file left behind
    return str(info.value)


def _row(ws, header, title: str, value: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, header[title]).value == value)


def test_comparator_not_allowed(tmp_path, workbook):
    def spoil(ws, header):
        row = _row(ws, header, "三级指标", "智能企业")
        ws.cell(row, header["指标值类型"]).value = "≈"

    _edit(workbook, "绩效指标", spoil)
    message = _refused(tmp_path, workbook)
    # The grid's own message (desktop.performance.parse_comparator), at the cell.
    grid = "指标值类型“≈”无效，请填写 ≥ ≤ = > < 定性 定量 之一。"
    assert f"工作表“绩效指标”第 2 行 E 列（指标值类型）：{grid}" in message


def test_indicator_of_an_unknown_project(tmp_path, workbook):
    def spoil(ws, header):
        row = _row(ws, header, "三级指标", "每月环保督查")
        ws.cell(row, header["项目编码"]).value = "030001-ZX99"

    _edit(workbook, "绩效指标", spoil)
    message = _refused(tmp_path, workbook)
    # the department's 16 indicators come first, then 030001-ZX01's
    assert (
        "工作表“绩效指标”第 18 行 A 列（项目编码）：项目“030001-ZX99”不存在，绩效指标无法保存。"
        in message
    )


def test_cost_item_amount_with_three_decimals(tmp_path, workbook):
    def spoil(ws, header):
        row = _row(ws, header, "支出内容简介", "委托外包")
        ws.cell(row, header["金额（元）"]).value = 80000.005

    _edit(workbook, "支出测算", spoil)
    message = _refused(tmp_path, workbook)
    assert (
        "工作表“支出测算”第 2 行 D 列（金额（元））：值“80000.005”，"
        "应为以元为单位、最多两位小数的金额数字。"
    ) in message


def test_schedule_twice_for_one_project(tmp_path, workbook):
    def spoil(ws, header):
        ws.append([c.value for c in ws[2]])

    _edit(workbook, "支出计划", spoil)
    message = _refused(tmp_path, workbook)
    assert (
        "工作表“支出计划”第 4 行：同一项目的资金支出计划只能有一行，与第 2 行重复；"
        "请删除重复的行或修改其内容。"
    ) in message


def test_direction_of_an_unknown_fund(tmp_path, workbook):
    def spoil(ws, header):
        ws.cell(2, header["所属专项资金编码"]).value = "ZX-404"

    _edit(workbook, "项目", spoil)
    message = _refused(tmp_path, workbook)
    assert (
        "工作表“项目”第 2 行 I 列（所属专项资金编码）：专项资金“ZX-404”不存在，"
        "请先在“专项资金”中添加。"
    ) in message


def test_unknown_layout(tmp_path, workbook):
    def spoil(ws, header):
        assert ws.cell(2, header["设置值"]).value == "hunan"  # the demo prints the Hunan set
        ws.cell(2, header["设置值"]).value = "beijing2024"

    _edit(workbook, "表式设置", spoil)
    message = _refused(tmp_path, workbook)
    assert (
        "工作表“表式设置”第 2 行 B 列（设置值）：值“beijing2024”，应为以下绩效目标表式之一：hunan（"
        in message
    )


def test_several_problems_are_reported_together(tmp_path, workbook):
    def spoil(ws, header):
        ws.cell(2, header["一级指标"]).value = None
        ws.cell(3, header["指标值类型"]).value = "约等于"

    _edit(workbook, "绩效指标", spoil)
    message = _refused(tmp_path, workbook)
    assert "工作表“绩效指标”第 2 行 B 列（一级指标）：值“”，此处不能为空。" in message
    assert "工作表“绩效指标”第 3 行 E 列（指标值类型）：指标值类型“约等于”无效" in message
