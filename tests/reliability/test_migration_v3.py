"""Schema version 3 → 4: a real version-3 file opens upgraded (kind 部门预算, 决算 tables added).

`tests/fixtures/schema_v3_demo.budget` is the demo department written by the version-3 program
(`python -m desktop demo`, main at 7a7053a); `schema_v3_demo.tables.json` is that program's
`tables --json` output for it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.ledger import Ledger
from desktop.models import schema
from desktop.models.backup import list_backups
from desktop.models.store import DepartmentFile

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
V3_FILE = FIXTURES / "schema_v3_demo.budget"
V3_TABLES = FIXTURES / "schema_v3_demo.tables.json"
V3_SHA256 = "76112dcd9a25abaadef022f59389cce12282be554810d869ce7a20e8be8ec66b"


@pytest.fixture
def v3_copy(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_DESK_DATA", str(tmp_path / "data"))
    target = tmp_path / "old.budget"
    shutil.copyfile(V3_FILE, target)
    return target


def test_fixture_is_the_untouched_version_3_file():
    assert hashlib.sha256(V3_FILE.read_bytes()).hexdigest() == V3_SHA256
    with sqlite3.connect(f"file:{V3_FILE}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3


def test_version_3_file_is_a_budget_backed_up_and_prints_the_same_tables(v3_copy):
    with DepartmentFile.open(v3_copy) as dfile:
        assert dfile.migrated_from == 3
        ledger = Ledger(dfile)
        assert ledger.department.kind == "budget" and not ledger.is_final
        assert ledger.expenditure_total() == 289_785_586  # 2,897,855.86 元, seed 000's total
        assert not ledger.balance_lines and not ledger.baseline_lines
        assert not ledger.self_evaluations and not ledger.indicator_results
    with sqlite3.connect(v3_copy) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 4
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {t.name for t in schema.ADDED_TABLES[4]} <= tables
    (backup,) = list_backups(v3_copy)
    with sqlite3.connect(f"file:{backup.path}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "tables", str(v3_copy), "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out) == json.loads(V3_TABLES.read_text(encoding="utf-8"))


def test_a_final_accounts_file_keeps_its_kind(tmp_path):
    path = tmp_path / "final.budget"
    DepartmentFile.create(path, "001", "测试部门", 2025, kind="final").close()
    with DepartmentFile.open(path) as dfile:
        assert Ledger(dfile).is_final


def test_an_unknown_kind_is_refused_with_a_message(tmp_path):
    from desktop.errors import DepartmentFileError

    with pytest.raises(DepartmentFileError, match="文件类别“draft”无效"):
        DepartmentFile.create(tmp_path / "x.budget", "001", "测试部门", 2021, kind="draft")
    path = tmp_path / "odd.budget"
    DepartmentFile.create(path, "001", "测试部门", 2021).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE department SET kind = 'draft'")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DepartmentFileError, match="类别“draft”无法识别"):
        DepartmentFile.open(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
