"""Fixtures of the GUI tests (also imported by tests/reliability and tests/export)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def private_settings(tmp_path, monkeypatch):
    """Settings, the data folder and backups in tmp_path: tests never touch the user's own."""
    from desktop.ui import appsettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    monkeypatch.setattr(appsettings, "data_dir", lambda: data)
    monkeypatch.setenv("BUDGET_DESK_DATA", str(data))
    return data


@pytest.fixture
def bare_window(qtbot):
    """The main window on its welcome page, nothing open."""
    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow

    application()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


@pytest.fixture
def window(bare_window, demo_path):
    """The main window with a fresh demo department open."""
    assert bare_window.open_path(demo_path)
    return bare_window
