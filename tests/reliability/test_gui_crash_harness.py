"""Short form of the GUI crash harness: 12 SIGKILLs of the real main window while it is being
edited through its grids; nothing it reported as committed is lost, no paste is torn."""

from __future__ import annotations

import sqlite3
import sys

import pytest

from benchmarks.gui_crash_harness import GuiHarnessReport, _check, run
from desktop.demo import write_demo

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
    pytest.mark.gui,
]


def test_twelve_kills_of_the_window_lose_no_committed_edit(tmp_path):
    report = run(kills=12, seed=11, workdir=tmp_path)
    assert report.child_errors == []
    assert report.kills == 12
    # The window really was being edited when killed. How many edits fit between "ready" and a
    # kill 5–400 ms later depends on the machine's speed and load (on a loaded 2-core machine
    # about one per kill, on a quiet one two or more), so this asks for one per two kills.
    assert report.committed >= report.kills // 2
    assert report.lost == 0
    assert report.torn_pastes == 0
    assert report.wrong_amounts == 0
    assert report.integrity_failures == 0
    assert report.reopen_failures == 0
    assert report.backups_checked > 0 and report.backup_failures == 0  # copies made on opening


def test_the_check_notices_lost_and_torn_edits(tmp_path):
    """The harness can fail: a reported edit missing from the file, half a paste, a lost amount."""
    path = tmp_path / "d.budget"
    write_demo(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("update expenditure_line set note = note || ',edit-3' where id = 5")
        conn.execute("update expenditure_line set note = note || ',edit-1' where id = 6")
    report = GuiHarnessReport()
    floor = _check(path, [1, 2, 3, 4], 0, report)
    assert report.lost == 1  # edit 4 (a note) is not in the file
    assert report.torn_pastes == 1  # edit 3 (a paste) is in one row of two
    assert report.wrong_amounts == 1  # edit 2 typed an amount the file does not hold
    assert floor == 2
    assert report.integrity_failures == 0 and report.reopen_failures == 0
