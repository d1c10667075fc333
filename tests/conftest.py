"""Shared fixtures: a fresh demo department file per test; Qt runs offscreen."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
