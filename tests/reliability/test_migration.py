"""Schema migrations: a real file written by schema version 1 opens, upgraded, after a backup."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.errors import DepartmentFileError
from desktop.ledger import Ledger
from desktop.models import migrations, schema
from desktop.models.backup import list_backups
from desktop.models.store import DepartmentFile
from desktop.records import Indicator

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
V1_FILE = FIXTURES / "schema_v1_demo.budget"
# The tables of the v1 file, dumped by the version that wrote it (tables --json).
V1_TABLES = FIXTURES / "schema_v1_demo.tables.json"
V1_SHA256 = "173c5190c03a9b76688d97cf639e6c6e51aabac51f0461f2e4cc78aab806752d"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def v1_copy(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_DESK_DATA", str(tmp_path / "data"))
    target = tmp_path / "old.budget"
    shutil.copyfile(V1_FILE, target)
    return target


def _columns(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            t: sorted((c[1], c[2].upper(), c[3]) for c in conn.execute(f"PRAGMA table_info({t})"))
            for t in tables
        }


def test_fixture_is_the_untouched_version_1_file():
    assert _digest(V1_FILE) == V1_SHA256
    with sqlite3.connect(f"file:{V1_FILE}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID


def test_old_file_is_backed_up_then_upgraded(v1_copy):
    dfile = DepartmentFile.open(v1_copy)
    try:
        assert dfile.migrated_from == 1
        ledger = Ledger(dfile)
        assert len(ledger.expenditure_lines) == 33
        assert ledger.indicators == {} and ledger.special_funds == {}
        # The new tables take records at once.
        project = next(iter(ledger.projects))
        added = ledger.add(
            Indicator(None, project, "产出指标", "数量指标", "每月环保督查", "≥", "12")
        )
        assert added[0].id == 1
    finally:
        dfile.close()
    with sqlite3.connect(v1_copy) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # The backup taken before the upgrade is the old file, still version 1, with its 33 lines.
    backups = list_backups(v1_copy)
    assert len(backups) == 1
    with sqlite3.connect(f"file:{backups[0].path}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT COUNT(*) FROM expenditure_line").fetchone()[0] == 33
    # Opening again does not migrate (or back up) a second time.
    with DepartmentFile.open(v1_copy) as again:
        assert again.migrated_from is None
    assert len(list_backups(v1_copy)) == 1


def test_upgraded_file_gives_the_same_tables_as_before(v1_copy):
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "tables", str(v1_copy), "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    new = json.loads(out)
    old = json.loads(V1_TABLES.read_text(encoding="utf-8"))
    new_by_number = {t["number"]: t for t in new["tables"]}
    for table in old["tables"]:
        # Version 1 labelled the JSON's 元 amounts with the printed unit (万元); now unit_label
        # names the JSON's unit and printed_unit_label the printed one. The figures are unchanged.
        fixed = table | {
            "unit_label": table["unit_label"].replace("万元", "元"),
            "printed_unit_label": table["unit_label"],
        }
        assert new_by_number[table["number"]] == fixed, table["title"]


def test_upgraded_schema_equals_a_new_file(v1_copy, tmp_path):
    DepartmentFile.open(v1_copy).close()
    fresh = tmp_path / "fresh.budget"
    DepartmentFile.create(fresh, "001", "新部门", 2025).close()
    assert _columns(v1_copy) == _columns(fresh)


def test_readonly_open_upgrades_a_copy_in_memory_only(v1_copy):
    with DepartmentFile.open(v1_copy, readonly=True) as dfile:
        assert dfile.migrated_from == 1
        ledger = Ledger(dfile)
        assert len(ledger.expenditure_lines) == 33 and ledger.indicators == {}
    assert _digest(v1_copy) == V1_SHA256
    assert list_backups(v1_copy) == []


def test_failed_upgrade_leaves_the_file_as_it_was(v1_copy, monkeypatch):
    def half_way(conn):
        schema.special_fund.create(conn)
        raise RuntimeError("模拟中途失败")

    monkeypatch.setitem(migrations.STEPS, 1, half_way)
    with pytest.raises(DepartmentFileError, match="从版本 1 升级失败，文件保持原样"):
        DepartmentFile.open(v1_copy)
    assert _digest(v1_copy) == V1_SHA256


def test_no_upgrade_without_a_backup(v1_copy, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("BUDGET_DESK_DATA", str(blocker))
    with pytest.raises(DepartmentFileError, match="无法备份"):
        DepartmentFile.open(v1_copy)
    assert _digest(v1_copy) == V1_SHA256
