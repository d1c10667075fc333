"""The public document's facts (部门职责, 内设机构, 人员编制, 政府采购, 国有资产, 主要原因) survive a
workbook round trip; an older workbook without their sheets still imports; a purchase naming no
expenditure line is refused."""

from __future__ import annotations

from dataclasses import astuple, replace

import openpyxl
import pytest

from desktop.errors import BudgetError
from desktop.export.flat import flat_rows
from desktop.export.flat_facts import FACT_NAMES
from desktop.export.importer import import_workbook
from desktop.export.service import run_export
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import (
    AssetHolding,
    Change,
    DepartmentProfile,
    ExpenditureLine,
    InternalOffice,
    PurchaseLine,
    ReasonText,
    UnitStaff,
)
from desktop.tables.engine import Rollup


def _line_facts(line: ExpenditureLine) -> tuple:
    """An expenditure line without its id (ids are reassigned by import)."""
    return astuple(replace(line, id=None))


@pytest.fixture
def filled(demo_path):
    """The demo department with every kind of fact filled in."""
    dfile = DepartmentFile.open(demo_path)
    ledger = Ledger(dfile)
    unit = sorted(ledger.units)[0]
    lines = sorted(
        (ln for ln in ledger.expenditure_lines.values() if ln.amount >= 5_000_000),
        key=lambda ln: ln.id or 0,
    )
    first, second = lines[0], lines[-1]
    demo_duties = ledger.records(DepartmentProfile).get(1)  # the demo's (seed 000)
    ledger.apply(
        [
            Change(
                demo_duties, DepartmentProfile(1, "负责全区财政预算管理。\n组织实施政府采购监督。")
            )
        ]
    )
    ledger.add(
        InternalOffice(None, "办公室", 0),
        InternalOffice(None, "预算股", 1),
        UnitStaff(unit, "财政全额拨款", authorized=35, active=32, retired=14),
        PurchaseLine(None, first.id or 0, "办公电脑", "台式计算机", "goods", 1_234_567, "", 40, 0),
        PurchaseLine(None, second.id or 0, "物业管理", "物业服务", "services", 2_000_000, "", 0, 1),
        AssetHolding(None, unit, "vehicle", "一般公务用车", 2, 0, "2024-12-31", 0),
        AssetHolding(None, unit, "building", "办公用房", 0, 1860, "2024-12-31", 1),
        ReasonText("basic_change", "人员增加，基本支出相应增加。"),
    )
    yield dfile, ledger, first, second
    dfile.close()


def _export(tmp_path, dfile, ledger):
    out = tmp_path / "facts.xlsx"
    info = run_export(dfile, ledger, Rollup(ledger), xlsx_path=out, draft=True)
    assert info.workbook is not None
    return out, info.workbook.digest


def test_facts_round_trip(tmp_path, filled):
    dfile, ledger, first, second = filled
    out, digest = _export(tmp_path, dfile, ledger)
    wb = openpyxl.load_workbook(out, read_only=True)
    assert all(name in wb.sheetnames for name in FACT_NAMES.values())
    wb.close()
    target = tmp_path / "imported.budget"
    report = import_workbook(target, out)
    assert not report.modified and report.digest == digest
    assert report.counts["purchase_lines"] == 2 and report.counts["asset_holdings"] == 2
    new_file = DepartmentFile.open(target, readonly=True)
    try:
        new = Ledger(new_file)
        assert new.department_profile == ledger.department_profile
        assert new.department_profile.duties == "负责全区财政预算管理。\n组织实施政府采购监督。"
        assert [(o.name, o.sort_order) for o in new.internal_offices.values()] == [
            ("办公室", 0),
            ("预算股", 1),
        ]
        assert new.unit_staff == ledger.unit_staff
        staff = next(iter(new.unit_staff.values()))
        assert (staff.funding_form, staff.authorized, staff.active, staff.retired) == (
            "财政全额拨款",
            35,
            32,
            14,
        )
        assert sorted(astuple(replace(a, id=None)) for a in new.asset_holdings.values()) == sorted(
            astuple(replace(a, id=None)) for a in ledger.asset_holdings.values()
        )
        assert new.reason_texts == ledger.reason_texts
        # Each purchase is re-linked to the same expenditure line (by its content: ids change).
        got = sorted(new.purchase_lines.values(), key=lambda p: p.sort_order)
        want = sorted(ledger.purchase_lines.values(), key=lambda p: p.sort_order)
        assert len(got) == 2
        for g, w, line in zip(got, want, (first, second), strict=True):
            assert astuple(replace(g, id=None, expenditure_line_id=0)) == astuple(
                replace(w, id=None, expenditure_line_id=0)
            )
            assert _line_facts(new.expenditure_lines[g.expenditure_line_id]) == _line_facts(line)
        assert (got[0].item, got[0].amount, got[0].sme_percent) == ("办公电脑", 1_234_567, 40)
        # Same data, same digest: the purchase rows name the same 支出明细 row numbers.
        assert flat_rows(new, {})["purchase_lines"] == flat_rows(ledger, {})["purchase_lines"]
    finally:
        new_file.close()


def test_workbook_without_fact_sheets_imports(tmp_path, demo_path):
    dfile = DepartmentFile.open(demo_path)
    ledger = Ledger(dfile)
    # a file without facts (the demo's 部门职责 removed): its workbook, without the fact sheets,
    # is what an earlier version wrote
    ledger.apply([Change(ledger.records(DepartmentProfile)[1], None)])
    out, digest = _export(tmp_path, dfile, ledger)
    dfile.close()
    wb = openpyxl.load_workbook(out)
    for name in FACT_NAMES.values():
        del wb[name]
    wb.save(out)  # as written before these sheets existed: its digest still matches
    target = tmp_path / "old.budget"
    report = import_workbook(target, out)
    assert not report.modified and report.digest == digest
    new_file = DepartmentFile.open(target, readonly=True)
    try:
        new = Ledger(new_file)
        assert new.department_profile.duties == ""
        assert not new.internal_offices and not new.unit_staff and not new.purchase_lines
        assert not new.asset_holdings and not new.reason_texts
        assert len(new.expenditure_lines) == len(ledger.expenditure_lines)
    finally:
        new_file.close()


def test_purchase_naming_no_line_is_refused(tmp_path, filled):
    dfile, ledger, _first, _second = filled
    out, _digest = _export(tmp_path, dfile, ledger)
    count = len(ledger.expenditure_lines)
    wb = openpyxl.load_workbook(out)
    ws = wb["政府采购"]
    col = next(c.column for c in ws[1] if c.value == "支出明细序号")
    ws.cell(row=3, column=col, value=count + 5)
    wb.save(out)
    target = tmp_path / "bad.budget"
    with pytest.raises(BudgetError) as info:
        import_workbook(target, out, accept_modified=True)
    message = str(info.value)
    assert f"工作表“政府采购”第 3 行 A 列（支出明细序号）：值“{count + 5}”" in message, message
    assert f"没有第 {count + 5} 条支出明细（共 {count} 条）" in message
    assert not target.exists()
    assert not list(tmp_path.glob(".bad.budget*"))
