"""A full disk: the edit is refused with “磁盘已满…”, the ledger in memory and the file's bytes stay
as they were, and once space is free again the same edit goes through.

Two ways to fill the disk: SQLite's `PRAGMA max_page_count` (the database may not grow; runs
everywhere) and a real tmpfs of 512 KiB (root on Linux only), filled completely or up to a few
KiB so that the rollback journal fits but the database's growth does not.
"""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from desktop.errors import DepartmentFileError
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from tests.reliability.fsutil import fill, tiny_disk

FULL = "磁盘已满，文件“{}”未能保存本次修改（文件保持原样）。"


def _big_batch(ledger: Ledger, count: int = 2000) -> list:
    """New lines copied from line 1 with long notes: several hundred KiB in one transaction."""
    base = ledger.expenditure_lines[1]
    return [
        dataclasses.replace(base, id=None, amount=100, note=f"第{i}行" + "说明" * 40)
        for i in range(count)
    ]


def _snapshot(ledger: Ledger) -> tuple:
    return dict(ledger.expenditure_lines), ledger.expenditure_total(), ledger.income_total()


def test_database_that_may_not_grow_refuses_the_batch(demo_path):
    dfile = DepartmentFile.open(demo_path)
    ledger = Ledger(dfile)
    with dfile.reading() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        conn.exec_driver_sql(f"PRAGMA max_page_count={pages}")
    data, before = demo_path.read_bytes(), _snapshot(ledger)
    lines = _big_batch(ledger)
    with pytest.raises(DepartmentFileError) as info:
        ledger.add(*lines)
    assert str(info.value) == FULL.format("demo.budget")
    assert _snapshot(ledger) == before
    assert demo_path.read_bytes() == data
    with dfile.reading() as conn:
        conn.exec_driver_sql(f"PRAGMA max_page_count={pages * 100}")
    ledger.add(*lines)  # room again: the same batch is written
    dfile.close()
    reopened = DepartmentFile.open(demo_path, readonly=True)
    assert Ledger(reopened).expenditure_total() == before[1] + 2000 * 100
    reopened.close()


@pytest.mark.parametrize("leave_kb", [0, 16, 64])
def test_real_full_disk_refuses_the_edit(tmp_path, demo_path, leave_kb):
    with tiny_disk(tmp_path / "stick", 512) as stick:
        path = stick / "demo.budget"
        shutil.copyfile(demo_path, path)
        dfile = DepartmentFile.open(path)
        try:
            ledger = Ledger(dfile)
            filler = fill(stick, leave_kb)
            data, before = path.read_bytes(), _snapshot(ledger)
            lines = _big_batch(ledger)
            with pytest.raises(DepartmentFileError) as info:
                ledger.add(*lines)
            assert str(info.value) == FULL.format("demo.budget")
            assert _snapshot(ledger) == before
            assert path.read_bytes() == data
            assert sorted(p.name for p in stick.iterdir()) == ["demo.budget", "filler.bin"]
            filler.unlink()
            ledger.add(*lines[:200])  # space freed: editing goes on
            assert ledger.expenditure_total() == before[1] + 200 * 100
        finally:
            dfile.close()
