"""Broken or edited workbooks: each gives a clear Chinese error and creates no file."""

from __future__ import annotations

import openpyxl
import pytest

from desktop.errors import BudgetError
from desktop.export.importer import WorkbookImportError, import_workbook
from desktop.export.service import run_export
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.tables.engine import Rollup


@pytest.fixture
def workbook(tmp_path, demo_path):
    dfile = DepartmentFile.open(demo_path, readonly=True)
    ledger = Ledger(dfile)
    out = tmp_path / "demo.xlsx"
    run_export(dfile, ledger, Rollup(ledger), xlsx_path=out, draft=True)
    dfile.close()
    return out


def _edit(path, change) -> None:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)


def _refused(tmp_path, workbook, match: str, **kw) -> str:
    target = tmp_path / "new.budget"
    with pytest.raises(BudgetError) as info:
        import_workbook(target, workbook, **kw)
    message = str(info.value)
    assert match in message, message
    assert not target.exists()
    assert not list(tmp_path.glob(".new.budget*"))  # no temporary file left behind
    return message


def _column(ws, title: str) -> int:
    return next(c.column for c in ws[1] if c.value == title)


def test_truncated_file(tmp_path, workbook):
    data = workbook.read_bytes()
    workbook.write_bytes(data[: len(data) // 2])
    _refused(tmp_path, workbook, "不是有效的 Excel 工作簿（.xlsx），或文件已损坏、不完整")


def test_not_a_workbook(tmp_path, workbook, demo_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("单位编码,金额\n030001,1\n", encoding="utf-8")
    _refused(tmp_path, text, "不是有效的 Excel 工作簿")
    _refused(tmp_path, demo_path, "不是")  # a department file given by mistake


def test_missing_sheet(tmp_path, workbook):
    _edit(workbook, lambda wb: wb.remove(wb["支出明细"]))
    _refused(tmp_path, workbook, "工作簿中缺少工作表“支出明细”")


def test_renamed_column(tmp_path, workbook):
    def rename(wb):
        ws = wb["支出明细"]
        ws.cell(1, _column(ws, "金额（元）")).value = "金额"

    _edit(workbook, rename)
    message = _refused(tmp_path, workbook, "工作表“支出明细”第 1 行：缺少列标题“金额（元）”")
    assert "“金额”" in message  # the titles found are listed


def test_text_in_amount(tmp_path, workbook):
    def spoil(wb):
        ws = wb["支出明细"]
        ws.cell(5, _column(ws, "金额（元）")).value = "十万元"

    _edit(workbook, spoil)
    _refused(
        tmp_path,
        workbook,
        "工作表“支出明细”第 5 行 J 列（金额（元））：值“十万元”，应为以元为单位、最多两位小数的金额数字",
    )


def test_amount_finer_than_a_cent(tmp_path, workbook):
    def spoil(wb):
        ws = wb["收入明细"]
        ws.cell(2, _column(ws, "金额（元）")).value = 12.345

    _edit(workbook, spoil)
    _refused(tmp_path, workbook, "工作表“收入明细”第 2 行 F 列（金额（元））：值“12.345”")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1 2 3", "应为以元为单位、最多两位小数的金额数字"),  # blanks are not dropped
        ("42,76", "应为以元为单位、最多两位小数的金额数字"),  # nor a misplaced comma
        (
            "1000000000000000.00",
            "金额超出了可以记录的范围：绝对值不能超过 999,999,999,999,999.99 元",
        ),
    ],
)
def test_amount_text_the_ledger_would_refuse(tmp_path, workbook, value, expected):
    def spoil(wb):
        ws = wb["支出明细"]
        ws.cell(5, _column(ws, "金额（元）")).value = value

    _edit(workbook, spoil)
    _refused(
        tmp_path, workbook, f"工作表“支出明细”第 5 行 J 列（金额（元））：值“{value}”，{expected}"
    )


def test_unknown_code(tmp_path, workbook):
    def spoil(wb):
        ws = wb["支出明细"]
        ws.cell(3, _column(ws, "功能科目编码")).value = "1234567"
        ws.cell(4, _column(ws, "单位编码")).value = "999999"

    _edit(workbook, spoil)
    message = _refused(
        tmp_path,
        workbook,
        "工作表“支出明细”第 3 行 B 列（功能科目编码）：功能科目“1234567”不在 2025 年支出功能分类科目中。",
    )
    assert "第 4 行 A 列（单位编码）：单位“999999”不存在" in message
    assert "数据摘要与封面记录的不一致" in message  # and the edit itself is reported


def test_duplicate_line(tmp_path, workbook):
    def duplicate(wb):
        ws = wb["支出明细"]
        ws.append([c.value for c in ws[7]])

    _edit(workbook, duplicate)
    _refused(
        tmp_path, workbook, "工作表“支出明细”第 35 行：与前面的行完全相同（重复行），与第 7 行重复"
    )


def test_duplicate_unit_code(tmp_path, workbook):
    _edit(workbook, lambda wb: wb["单位"].append(["030001", "另一个单位", "行政单位"]))
    _refused(tmp_path, workbook, "工作表“单位”第 3 行：编码重复，与第 2 行重复")


def test_edited_workbook_is_reported(tmp_path, workbook):
    def edit(wb):
        ws = wb["支出明细"]
        ws.cell(2, _column(ws, "金额（元）")).value = 427600  # +100 元

    _edit(workbook, edit)
    message = _refused(tmp_path, workbook, "数据摘要与封面记录的不一致")
    assert "--accept-modified" in message
    target = tmp_path / "accepted.budget"
    report = import_workbook(target, workbook, accept_modified=True)
    assert report.modified and report.warnings and target.exists()
    dfile = DepartmentFile.open(target, readonly=True)
    assert Ledger(dfile).expenditure_total() == 289_785_586 + 100_00  # 分
    dfile.close()


def test_existing_target_is_not_touched(tmp_path, workbook, demo_path):
    before = demo_path.read_bytes()
    with pytest.raises(BudgetError, match="已存在，导入不会覆盖"):
        import_workbook(demo_path, workbook)
    assert demo_path.read_bytes() == before


def test_problems_are_collected_not_just_the_first(tmp_path, workbook):
    def spoil(wb):
        ws = wb["收入明细"]
        for row in range(2, 6):
            ws.cell(row, _column(ws, "金额（元）")).value = "abc"

    _edit(workbook, spoil)
    with pytest.raises(WorkbookImportError) as info:
        import_workbook(tmp_path / "x.budget", workbook)
    assert len(info.value.problems) == 4


def test_amount_floats_beyond_fifteen_digits_are_refused_not_guessed():
    from desktop.export.importer import _Reader

    reader = _Reader()
    assert reader._amount(1234.56, "支出明细第 3 行") == "1234.56"
    assert reader._amount(12345678901234.56, "支出明细第 4 行") is None
    assert "有效数字超过 15 位" in reader.problems[0] and "第 4 行" in reader.problems[0]
