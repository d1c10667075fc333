"""Schema version 2 → 3: a real version-2 file opens upgraded; identical lines are merged.

`tests/fixtures/schema_v2_demo.budget` is the demo department written by the version-2 program
(`python -m desktop demo`, main at c4b2ed7); `schema_v2_demo.tables.json` is that program's
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
V2_FILE = FIXTURES / "schema_v2_demo.budget"
V2_TABLES = FIXTURES / "schema_v2_demo.tables.json"
V2_SHA256 = "d253845e4d6ea23f9c3c9cebbc96014d34c83b2d9259b5939a08826757eff85c"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def v2_copy(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_DESK_DATA", str(tmp_path / "data"))
    target = tmp_path / "old.budget"
    shutil.copyfile(V2_FILE, target)
    return target


def test_fixture_is_the_untouched_version_2_file():
    assert _digest(V2_FILE) == V2_SHA256
    with sqlite3.connect(f"file:{V2_FILE}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2


def test_version_2_file_is_backed_up_upgraded_and_prints_the_same_tables(v2_copy):
    with DepartmentFile.open(v2_copy) as dfile:
        assert dfile.migrated_from == 2
        ledger = Ledger(dfile)
        assert len(ledger.expenditure_lines) == 33
        assert ledger.expenditure_total() == 289_790_000  # 289.79 万元, the demo's total
    with sqlite3.connect(v2_copy) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"uq_income_line_content", "uq_expenditure_line_content"} <= indexes
    (backup,) = list_backups(v2_copy)
    with sqlite3.connect(f"file:{backup.path}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "tables", str(v2_copy), "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    new = {t["number"]: t for t in json.loads(out)["tables"]}
    old = json.loads(V2_TABLES.read_text(encoding="utf-8"))["tables"]
    assert len(old) == 21
    for table in old:
        now = dict(new[table["number"]])
        # Since version 3 the JSON's unit label names its own unit (元) beside the printed one.
        assert now.pop("printed_unit_label") == table["unit_label"]
        now["unit_label"] = table["unit_label"]
        assert now == table, table["title"]


def test_identical_lines_of_an_old_file_are_merged_after_a_backup(v2_copy):
    """Version 2 accepted two identical lines; version 3 merges them (amounts summed)."""
    with sqlite3.connect(v2_copy) as conn:
        (line_id, amount) = conn.execute(
            "SELECT id, amount_fen FROM expenditure_line ORDER BY id LIMIT 1"
        ).fetchone()
        columns = (
            "unit_code, function_code, econ_code, fund_source, kind, project_code, amount_fen, "
            "note, sort_order"
        )
        for _ in range(2):  # three identical lines in all
            conn.execute(
                f"INSERT INTO expenditure_line ({columns}) SELECT {columns} "
                f"FROM expenditure_line WHERE id = {line_id}"
            )
        conn.execute(
            "INSERT INTO income_line (unit_code, function_code, fund_source, amount_fen, note, "
            "sort_order) SELECT unit_code, function_code, fund_source, amount_fen, note, 99 "
            "FROM income_line ORDER BY id LIMIT 1"
        )
    with sqlite3.connect(v2_copy) as conn:
        income_before = conn.execute("SELECT sum(amount_fen) FROM income_line").fetchone()[0]
        spent_before = conn.execute("SELECT sum(amount_fen) FROM expenditure_line").fetchone()[0]
    assert spent_before == 289_790_000 + 2 * amount
    with DepartmentFile.open(v2_copy) as dfile:
        ledger = Ledger(dfile)
        assert len(ledger.expenditure_lines) == 33
        assert ledger.expenditure_lines[line_id].amount == 3 * amount
        assert ledger.expenditure_total() == spent_before
        assert ledger.income_total() == income_before
    # The backup taken first still holds the three separate lines.
    (backup,) = list_backups(v2_copy)
    with sqlite3.connect(f"file:{backup.path}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT count(*) FROM expenditure_line").fetchone()[0] == 35


def test_merged_file_exports_and_imports_back(v2_copy, tmp_path):
    """Case 9: the workbook of a file that held identical lines imports back (no 重复行)."""
    from desktop.export.importer import import_workbook
    from desktop.export.service import run_export
    from desktop.tables.engine import Rollup

    with sqlite3.connect(v2_copy) as conn:
        conn.execute(
            "INSERT INTO expenditure_line (unit_code, function_code, econ_code, fund_source, kind, "
            "project_code, amount_fen, note, sort_order) SELECT unit_code, function_code, "
            "econ_code, fund_source, kind, project_code, amount_fen, note, sort_order "
            "FROM expenditure_line WHERE id = 1"
        )
    DepartmentFile.open(v2_copy).close()  # upgraded: the two lines merged
    with DepartmentFile.open(v2_copy, readonly=True) as dfile:
        ledger = Ledger(dfile)
        spent = ledger.expenditure_total()
        out = tmp_path / "merged.xlsx"
        run_export(dfile, ledger, Rollup(ledger), xlsx_path=out, draft=True)
    target = tmp_path / "imported.budget"
    import_workbook(target, out)
    with DepartmentFile.open(target, readonly=True) as dfile:
        imported = Ledger(dfile)
        assert len(imported.expenditure_lines) == 33
        assert imported.expenditure_total() == spent
