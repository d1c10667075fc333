"""The facts of the public document (schema version 3): stored, reopened, validated in Chinese."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.errors import LedgerError
from desktop.ledger import Ledger
from desktop.models import schema
from desktop.models.store import DepartmentFile
from desktop.records import (
    AssetHolding,
    Change,
    DepartmentProfile,
    InternalOffice,
    PurchaseLine,
    ReasonText,
    UnitStaff,
)


@pytest.fixture
def ledger(tmp_path):
    from desktop.demo import write_demo

    dfile = write_demo(tmp_path / "demo.budget")
    yield Ledger(dfile)
    dfile.close()


def _line(ledger, econ: str):
    """The demo's 2060101 line of economic 款 `econ` (30201 办公费: 3.00 万元)."""
    return next(
        ln
        for ln in ledger.expenditure_lines.values()
        if ln.function_code == "2060101" and ln.econ_code == econ and not ln.project_code
    )


def test_facts_are_stored_and_reopen(tmp_path, ledger):
    office = _line(ledger, "30201")
    demo_duties = ledger.records(DepartmentProfile).get(1)  # the demo's (seed 000)
    ledger.apply([Change(demo_duties, DepartmentProfile(1, "负责全区科技和工业信息化工作。"))])
    ledger.add(
        InternalOffice(None, "办公室", 0),
        InternalOffice(None, "工业发展股", 1),
        UnitStaff("030001", "财政全额拨款", authorized=17, active=15, retired=6),
        PurchaseLine(
            None, office.id, "复印纸", "A4 纸", "goods", 1_000_000, "gp_appropriation", 40
        ),
        AssetHolding(None, "030001", "vehicle", "一般公务用车", quantity=1, as_of="2024-12-31"),
        AssetHolding(None, "030001", "building", "办公用房", area_m2=820, as_of="2024-12-31"),
        ReasonText("income_total", "人员调整，基本支出减少。"),
    )
    path = ledger.file.path
    ledger.file.close()
    dfile = DepartmentFile.open(path, readonly=True)
    back = Ledger(dfile)
    assert back.department_profile.duties == "负责全区科技和工业信息化工作。"
    assert [o.name for o in back.internal_offices.values()] == ["办公室", "工业发展股"]
    staff = back.unit_staff["030001"]
    assert (staff.authorized, staff.active, staff.retired) == (17, 15, 6)
    (purchase,) = back.purchase_lines.values()
    assert purchase.amount == 1_000_000 and purchase.sme_percent == 40
    assert sorted(a.kind for a in back.asset_holdings.values()) == ["building", "vehicle"]
    assert back.reason_texts["income_total"].text == "人员调整，基本支出减少。"
    dfile.close()


def test_purchase_above_its_line_is_refused(ledger):
    office = _line(ledger, "30201")  # 3.00 万元
    with pytest.raises(LedgerError) as err:
        ledger.add(PurchaseLine(None, office.id, "复印机", "复印机", "goods", 3_000_001))
    assert "超出了它所列支的支出明细" in str(err.value) and "3.00 万元" in str(err.value)
    assert not ledger.purchase_lines  # nothing written
    (first,) = ledger.add(PurchaseLine(None, office.id, "复印纸", "纸张", "goods", 2_000_000))
    with pytest.raises(LedgerError, match="其下政府采购合计将为 3.50 万元"):
        ledger.add(PurchaseLine(None, office.id, "硒鼓", "耗材", "goods", 1_500_000))
    # the line cannot shrink below what is bought from it, nor be deleted under it
    with pytest.raises(LedgerError, match="政府采购预算合计 2.00 万元"):
        ledger.replace(office, amount=1_000_000)
    with pytest.raises(LedgerError, match="还有 1 条政府采购预算"):
        ledger.remove(office)
    assert ledger.expenditure_lines[office.id] == office
    assert list(ledger.purchase_lines.values()) == [first]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("authorized", -1, "编制数不能为负数（收到 -1）"),
        ("active", 2.5, "在职实有人数必须是不小于 0 的整数，收到的是“2.5”"),
        ("retired", "3", "离退休人数必须是不小于 0 的整数，收到的是“3”"),
    ],
)
def test_bad_staff_counts_are_refused(ledger, field, value, message):
    with pytest.raises(LedgerError, match=message):
        ledger.add(UnitStaff("030001", **{field: value}))
    assert not ledger.unit_staff


def test_staff_of_an_unknown_unit_is_refused(ledger):
    with pytest.raises(LedgerError, match="单位“999”不存在"):
        ledger.add(UnitStaff("999", authorized=1))


def test_database_refuses_negative_staff_written_around_the_ledger(ledger):
    """The schema's own CHECK holds even for a file edited by another tool."""
    with pytest.raises(sqlite3.IntegrityError):
        with sqlite3.connect(ledger.file.path) as conn:
            conn.execute("INSERT INTO unit_staff VALUES ('030001', '', -1, 0, 0)")


def test_version_2_file_gains_the_fact_tables(tmp_path):
    """A file of version 2 (written before the document facts) opens and is migrated."""
    path = tmp_path / "v2.budget"
    dfile = DepartmentFile.create(path, "001", "测试部门", 2025)
    dfile.close()
    with sqlite3.connect(path) as conn:
        for table in (*schema.ADDED_TABLES[3], *schema.ADDED_TABLES[4]):
            conn.execute(f"DROP TABLE {table.name}")
        for index in schema.ADDED_INDEXES[3]:
            conn.execute(f"DROP INDEX {index.name}")
        conn.execute("ALTER TABLE department DROP COLUMN kind")  # added by version 4
        conn.execute("PRAGMA user_version=2")
    dfile = DepartmentFile.open(path)
    assert dfile.migrated_from == 2
    ledger = Ledger(dfile)
    assert ledger.department_profile.duties == "" and not ledger.unit_staff
    dfile.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
