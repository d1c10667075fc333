"""The record declarations (desktop/record_fields.py) and what is derived from them."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from desktop import record_fields as rf
from desktop.models import schema
from desktop.models.records_store import MAPPINGS
from desktop.models.store import DepartmentFile
from desktop.records import Record

SNAPSHOT = Path(__file__).resolve().parents[1] / "fixtures" / "schema_v4_ddl.sql"


def _ddl(path: Path) -> str:
    """sqlite_master SQL of a file, in the snapshot's format (by type and name)."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
        ).fetchall()
    return "".join(f"-- {kind} {name}\n{sql};\n" for kind, name, sql in rows)


@pytest.mark.parametrize("kind", ["budget", "final"])
def test_fresh_file_ddl_is_the_snapshot_taken_before_the_declarations(tmp_path, kind):
    path = tmp_path / "new.budget"
    DepartmentFile.create(path, "001", "测试部门", 2025, kind=kind).close()
    text = SNAPSHOT.read_text(encoding="utf-8")
    expected = text[text.index("-- index ") :]  # after the provenance comment
    assert _ddl(path) == expected


def test_every_record_field_is_declared_in_order():
    record_types = set(Record.__args__)  # type: ignore[attr-defined]
    assert set(rf.BY_RECORD) == record_types
    for decl in rf.DECLARATIONS:
        names = [f.name for f in dataclasses.fields(decl.record)]
        assert [f.name for f in decl.fields] == names, decl.record.__name__
        assert decl.table in schema.metadata.tables
        assert sum(f.primary_key for f in decl.fields) == 1
        for f in decl.fields:
            assert f.kind in rf.KINDS and f.label
            assert (f.kind == rf.CHOICE) == bool(f.choices), f.name


def test_mappings_are_derived_from_the_declarations():
    balance = MAPPINGS[rf.BalanceLine]
    assert balance.table is schema.balance_line
    assert balance.key_column == "id" and balance.autoincrement
    assert balance.fields["opening"] == "opening_fen"
    assert balance.fields["closing"] == "closing_fen"
    schedule = MAPPINGS[rf.SpendingSchedule]
    assert schedule.key_column == "project_code" and not schedule.autoincrement
    assert schedule.fields == {
        "project_code": "project_code",
        "march": "march_fen",
        "june": "june_fen",
        "october": "october_fen",
        "december": "december_fen",
    }
    assert MAPPINGS[rf.DepartmentTarget].autoincrement is False
    assert MAPPINGS[rf.IndicatorResult].key_column == "indicator_id"


@pytest.fixture
def ledger(tmp_path):
    from desktop.ledger import Ledger
    from desktop.records import Project, Unit

    dfile = DepartmentFile.create(tmp_path / "f.budget", "601", "测试部门", 2025, kind="final")
    ledger = Ledger(dfile)
    ledger.add(Unit("601001", "机关"), Project("601001-XM01", "601001", "产业发展专项"))
    yield ledger
    dfile.close()


def test_basic_checks_come_from_the_declarations(ledger):
    from desktop.errors import LedgerError
    from desktop.records import BalanceLine, BudgetBaselineLine, Project

    line = BudgetBaselineLine(None, "601001", "2150101", "30201", "gp_appropriation", "other")
    with pytest.raises(LedgerError) as info:
        ledger.add(line)
    assert str(info.value) == (
        "支出类型“other”无效，应为以下之一：人员经费、公用经费、项目支出、事业单位经营支出、"
        "上缴上级支出、对附属单位补助支出。"
    )
    with pytest.raises(LedgerError, match="金额必须是以分为单位的整数，收到的是“1.5”"):
        ledger.add(BalanceLine(None, "601001", "2150101", "gp_appropriation", closing=1.5))
    pasted = "类" * (rf.MAX_TEXT + 1)
    with pytest.raises(LedgerError, match=f"项目类别太长（{rf.MAX_TEXT + 1} 字），最多 4000 字。"):
        ledger.add(Project("601001-XM02", "601001", "新项目", category=pasted))
    assert not ledger.baseline_lines and not ledger.balance_lines  # nothing was written
    assert list(ledger.projects) == ["601001-XM01"]
    # A record the declarations accept is stored.
    ledger.add(BalanceLine(None, "601001", "2150101", "gp_appropriation", 100, 0, 0, 100))
    assert [b.closing for b in ledger.balance_lines.values()] == [100]
