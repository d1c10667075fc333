"""The pinned Qt binding must not leak references to None (PySide6 6.12.0 on Python 3.11 did:
every void call such as QLabel.setText lowered None's count until Python aborted)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem


def test_void_calls_keep_none_alive(qtbot):
    label, table = QLabel(), QTableWidget(2, 2)
    qtbot.addWidget(label)
    qtbot.addWidget(table)
    before = sys.getrefcount(None)
    for _ in range(5000):
        label.setText("x")
        table.setItem(0, 0, QTableWidgetItem("a"))
    assert abs(sys.getrefcount(None) - before) < 100
