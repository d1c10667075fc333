"""Rotating backups: consistent copies, the newest N kept, restore puts the old content back."""

from __future__ import annotations

import pytest

from desktop.ledger import Ledger
from desktop.models.backup import list_backups, make_backup, restore_backup
from desktop.models.store import DepartmentFile
from desktop.records import Unit


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_DESK_DATA", str(tmp_path / "data"))


def test_backup_while_open_and_restore(tmp_path):
    path = tmp_path / "d.budget"
    dfile = DepartmentFile.create(path, "030", "测试局", 2025)
    ledger = Ledger(dfile)
    ledger.add(Unit("030001", "甲", "agency"))
    backup = make_backup(path)  # taken while the file is open for writing
    ledger.add(Unit("030002", "乙", "institution"))
    dfile.close()

    restore_backup(backup, path)
    dfile = DepartmentFile.open(path)
    assert sorted(Ledger(dfile).units) == ["030001"]
    dfile.close()
    # restoring backed up the replaced content first
    assert len(list_backups(path)) == 2


def test_only_the_newest_copies_are_kept(tmp_path):
    path = tmp_path / "d.budget"
    DepartmentFile.create(path, "030", "测试局", 2025).close()
    made = [make_backup(path, keep=3) for _ in range(5)]
    kept = list_backups(path)
    assert [b.path for b in kept] == [b.path for b in reversed(made[-3:])]
