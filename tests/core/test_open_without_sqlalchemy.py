"""Opening a department file without SQLAlchemy: the schema it is verified against is the one
SQLAlchemy creates, and opening, locking and loading run on the driver alone (start-up time)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Integer

from desktop.models import schema, schema_ddl, verify

ROOT = Path(__file__).resolve().parents[2]


def test_schema_ddl_is_what_sqlalchemy_creates():
    statements, tables = schema.fresh_file_schema()
    assert schema_ddl.STATEMENTS == statements  # else: python -m desktop.models.schema
    assert schema_ddl.TABLES == tables
    assert (schema_ddl.APPLICATION_ID, schema_ddl.SCHEMA_VERSION) == (
        schema.APPLICATION_ID,
        schema.SCHEMA_VERSION,
    )
    assert len(tables) == len(schema.metadata.tables) == 27


def test_the_value_checks_are_the_sqlalchemy_column_types():
    for table in schema.metadata.sorted_tables:
        expected = [
            (c.name, "integer" if isinstance(c.type, Integer) else "text", c.nullable)
            for c in table.columns
        ]
        assert verify.value_columns(table.name) == expected, table.name
        assert verify._key_columns(table.name) == [c.name for c in table.primary_key.columns]
    assert ("project_code", "text", True) in verify.value_columns("expenditure_line")
    assert ("amount_fen", "integer", False) in verify.value_columns("expenditure_line")
    assert verify._key_columns("explanation") == ["rule_id", "subject"]


_CHILD = """
import sys
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.packs.choice import file_pack
dfile = DepartmentFile.open(sys.argv[1])
ledger = Ledger(dfile)
pack = file_pack(dfile)
print(ledger.department.name, len(ledger.expenditure_lines), pack.id, dfile.settings.get("x"))
print("sqlalchemy" in sys.modules)
line = next(iter(ledger.expenditure_lines.values()))
from desktop.records import Change
import dataclasses
ledger.apply([Change(line, dataclasses.replace(line, amount=line.amount + 1))])
print("sqlalchemy" in sys.modules, line.id, line.amount + 1)
dfile.close()
"""


def test_open_lock_and_load_do_not_import_sqlalchemy_and_the_first_write_does(demo_path):
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(demo_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=True,
    )
    name, lines, pack, setting, before, after, line_id, amount = done.stdout.split()
    assert name == "株洲市荷塘区科技和工业信息化局" and int(lines) > 0 and setting == "None"
    assert pack.startswith("hunan")
    assert (before, after) == ("False", "True")
    # the lock row written without SQLAlchemy was removed on close; the edit is in the file
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile

    with DepartmentFile.open(demo_path, readonly=True) as dfile:
        with dfile.snapshot() as raw:
            assert raw.execute("SELECT count(*) FROM app_lock").fetchone()[0] == 0
        ledger = Ledger(dfile)
        assert len(ledger.expenditure_lines) == int(lines)
        assert ledger.expenditure_lines[int(line_id)].amount == int(amount)
