"""Read-only department files: refused for editing with a Chinese message, readable read-only,
every attempted write refused, and the file's bytes never change.

What is proven where: `read_only()` makes the file really unwritable for this process (chmod for a
normal user, `chattr +i` for root, which ignores permission bits), so the first and the last two
tests exercise the operating system's refusal; without either they are skipped with the reason.
The read-only *opening* test needs no privilege: SQLite's `mode=ro` connection refuses writes.
"""

from __future__ import annotations

import pytest

from desktop.errors import DepartmentFileError
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import Unit
from tests.reliability.fsutil import IS_ROOT, read_only

DEMO_EXPENDITURE = 289_785_586  # 分: the demo's 支出合计 (289.79 万元 printed, seed 000 table 1)


def test_read_only_file_is_refused_for_editing_and_opens_read_only(demo_path):
    data = demo_path.read_bytes()
    with read_only(demo_path):
        with pytest.raises(DepartmentFileError) as info:
            DepartmentFile.open(demo_path)
        assert str(info.value) == "文件“demo.budget”是只读的，无法保存修改。可以用只读方式打开。"
        dfile = DepartmentFile.open(demo_path, readonly=True)
        ledger = Ledger(dfile)
        assert ledger.expenditure_total() == DEMO_EXPENDITURE
        with pytest.raises(DepartmentFileError, match="文件以只读方式打开，不能修改。"):
            ledger.replace(ledger.expenditure_lines[1], amount=1)
        dfile.close()
    assert demo_path.read_bytes() == data


def test_read_only_opening_refuses_every_write_and_leaves_no_trace(demo_path):
    data = demo_path.read_bytes()
    dfile = DepartmentFile.open(demo_path, readonly=True)
    ledger = Ledger(dfile)
    line = ledger.expenditure_lines[1]
    for attempt in (
        lambda: ledger.replace(line, amount=line.amount + 100),
        lambda: ledger.remove(line),
        lambda: ledger.add(Unit("030099", "新单位", "agency")),
    ):
        with pytest.raises(DepartmentFileError, match="文件以只读方式打开，不能修改。"):
            attempt()
    assert ledger.expenditure_lines[1] == line and "030099" not in ledger.units
    # Even a raw statement on the read-only connection is refused by SQLite itself.
    with pytest.raises(Exception, match="readonly"):
        with dfile.reading() as conn:
            conn.exec_driver_sql("update expenditure_line set amount_fen = 0")
    dfile.close()
    assert demo_path.read_bytes() == data  # not even a lock row was written


def test_folder_turning_read_only_while_open_refuses_the_edit(demo_path):
    """A write-protected USB stick: the rollback journal cannot be created next to the file."""
    dfile = DepartmentFile.open(demo_path)
    ledger = Ledger(dfile)
    line = ledger.expenditure_lines[1]
    data = demo_path.read_bytes()
    with read_only(demo_path.parent):
        with pytest.raises(DepartmentFileError) as info:
            ledger.replace(line, amount=1)
        assert "demo.budget" in str(info.value) and "修改未写入" in str(info.value)
        assert ledger.expenditure_lines[1] == line
        assert demo_path.read_bytes() == data
    ledger.replace(line, amount=1)  # writable again: the same edit now goes through
    dfile.close()
    reopened = DepartmentFile.open(demo_path, readonly=True)
    assert Ledger(reopened).expenditure_lines[1].amount == 1
    reopened.close()


def test_file_turning_read_only_while_open_refuses_the_edit(demo_path):
    if not IS_ROOT:
        pytest.skip("an open descriptor stays writable after chmod; only chattr +i (root) blocks")
    dfile = DepartmentFile.open(demo_path)
    ledger = Ledger(dfile)
    line = ledger.expenditure_lines[1]
    data = demo_path.read_bytes()
    with read_only(demo_path):
        with pytest.raises(DepartmentFileError) as info:
            ledger.replace(line, amount=1)
        assert "demo.budget" in str(info.value) and "修改未写入" in str(info.value)
        assert ledger.expenditure_lines[1] == line
    assert demo_path.read_bytes() == data
    dfile.close()


def test_read_only_messages_are_all_chinese(demo_path):
    dfile = DepartmentFile.open(demo_path)
    ledger = Ledger(dfile)
    try:
        with read_only(demo_path.parent):
            with pytest.raises(DepartmentFileError) as info:
                ledger.replace(ledger.expenditure_lines[1], amount=1)
    finally:
        dfile.close()
    assert "unable to open" not in str(info.value), str(info.value)
