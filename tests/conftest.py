"""Shared fixtures: a fresh demo department file per test; Qt runs offscreen."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Backups taken by the code under test go to a throw-away folder, not the user's data folder;
# it is removed when the session ends.
if "BUDGET_DESK_DATA" not in os.environ:
    _TEST_DATA = tempfile.mkdtemp(prefix="budget-desk-test-data-")
    os.environ["BUDGET_DESK_DATA"] = _TEST_DATA
    atexit.register(shutil.rmtree, _TEST_DATA, ignore_errors=True)


@pytest.fixture
def demo_path(tmp_path):
    from desktop.demo import write_demo

    path = tmp_path / "demo.budget"
    write_demo(path).close()
    return path


@pytest.fixture
def demo_ledger(demo_path):
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile

    dfile = DepartmentFile.open(demo_path)
    yield Ledger(dfile)
    dfile.close()
