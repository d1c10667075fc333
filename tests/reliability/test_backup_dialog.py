"""从备份恢复 in the window: two typed edits, the backup taken on opening restored, the figures back;
the restore is itself undoable, and a file another instance holds is never replaced."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import socket
import sqlite3

import pytest
from PySide6.QtCore import Qt

from desktop.models.backup import KEEP, list_backups, make_backup, summarize_backup
from desktop.ui.backup_dialog import BackupDialog

pytestmark = pytest.mark.gui
DEMO_TOTAL = 289_785_586  # 分: the demo's income and expenditure totals (289.79 万元 printed)
EDITED_TOTAL = DEMO_TOTAL + 10_000_000 + 1_000_000  # after +10 万元 personnel, +1 万元 operating


@pytest.fixture
def told(monkeypatch):
    """Confirmations answered yes; what the dialog tells the user is collected."""
    messages: list[str] = []
    monkeypatch.setattr(BackupDialog, "ask", lambda self, title, text: True)
    monkeypatch.setattr(
        BackupDialog, "tell", lambda self, title, text, error=False: messages.append(text)
    )
    return messages


def choose(row_of):  # noqa: ANN001, ANN201
    """A stand-in for the modal exec(): select the backup `row_of(dialog)` and restore it."""

    def exec_(dialog: BackupDialog) -> int:
        dialog.table.selectRow(row_of(dialog))
        dialog.restore_selected()
        return dialog.result()

    return exec_


def type_two_edits(window) -> None:  # noqa: ANN001
    for kind, function, econ, text in (
        ("personnel", "2060101", "30101", "52.75"),  # 42.75 → 52.75 万元
        ("operating", "2060101", "30201", "4"),  # 3.00 → 4.00 万元
    ):
        model = window.show_view(("basic", kind)).model()
        row = next(r for r, row in enumerate(model.rows) if row.key.function == function)
        assert model.setData(
            model.index(row, model.column_of(econ)), text, Qt.ItemDataRole.EditRole
        )


def personnel_cell(window) -> str:  # noqa: ANN001
    model = window.show_view(("basic", "personnel")).model()
    row = next(r for r, row in enumerate(model.rows) if row.key.function == "2060101")
    return model.index(row, model.column_of("30101")).data()


def test_restore_the_backup_taken_before_two_edits(qtbot, window, demo_path, monkeypatch, told):
    # taken once the window opened the file and is usable (or before the first edit, if sooner)
    qtbot.waitUntil(lambda: list_backups(demo_path) != [], timeout=10_000)
    [opened] = list_backups(demo_path)
    type_two_edits(window)
    ledger = window.document.ledger
    assert ledger.expenditure_total() == EDITED_TOTAL
    assert personnel_cell(window) == "52.75"

    monkeypatch.setattr(BackupDialog, "exec", choose(lambda d: d.backups.index(opened)))
    window.restore_action.trigger()

    assert told == [f"已用 {opened.label} 的备份恢复“demo.budget”。"]
    ledger = window.document.ledger  # the file was closed and opened again
    assert ledger.expenditure_total() == DEMO_TOTAL
    assert ledger.income_total() == DEMO_TOTAL
    assert personnel_cell(window) == "42.75"
    assert window.balance_label.text() == "收支平衡"
    summary = window.document.rollup.result(1)
    total_row = next(r for r in summary.rows if r.values[2] == "本 年 支 出 合 计")
    assert total_row.values[3] == DEMO_TOTAL

    # The edited content was backed up before it was replaced: restoring that undoes the restore.
    edited = [
        b for b in list_backups(demo_path) if summarize_backup(b).expenditure_fen == EDITED_TOTAL
    ]
    assert len(edited) == 1
    monkeypatch.setattr(BackupDialog, "exec", choose(lambda d: d.backups.index(edited[0])))
    window.restore_action.trigger()
    assert window.document.ledger.expenditure_total() == EDITED_TOTAL
    assert personnel_cell(window) == "52.75"


def test_dialog_lists_counts_and_totals(qtbot, demo_path):
    make_backup(demo_path)
    dialog = BackupDialog(demo_path)
    qtbot.addWidget(dialog)
    row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert row[2:] == ["1", "2", "12", "33", "289.79", "289.79"]
    assert row[1].endswith("KB")
    assert "共有 1 份备份" in dialog.intro.text()
    assert dialog.restore_button.isEnabled()


def test_oldest_backup_can_be_restored_when_the_folder_is_full(qtbot, demo_path, told):
    """Backing up the current file first rotates the oldest copy out; restoring it still works."""
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile

    oldest = make_backup(demo_path)
    dfile = DepartmentFile.open(demo_path)
    ledger = Ledger(dfile)
    for _ in range(KEEP - 1):
        ledger.replace(ledger.expenditure_lines[1], amount=ledger.expenditure_lines[1].amount + 100)
        make_backup(demo_path)
    dfile.close()
    assert len(list_backups(demo_path)) == KEEP
    dialog = BackupDialog(demo_path)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(dialog.backups.index(oldest))
    assert dialog.restore_selected(), told
    dfile = DepartmentFile.open(demo_path, readonly=True)
    assert Ledger(dfile).expenditure_total() == DEMO_TOTAL
    dfile.close()


def test_file_held_by_another_instance_is_not_replaced(qtbot, demo_path, told):
    make_backup(demo_path)
    with sqlite3.connect(demo_path) as con:  # the lock row of a live process on this computer
        con.execute(
            "INSERT INTO app_lock (host, pid, user, opened_at) VALUES (?, ?, '王会计', ?)",
            (socket.gethostname(), os.getppid(), dt.datetime.now().strftime("%Y-%m-%d %H:%M")),
        )
    data = demo_path.read_bytes()
    dialog = BackupDialog(demo_path)
    qtbot.addWidget(dialog)
    assert not dialog.restore_selected()
    assert "王会计" in told[0] and told[0].endswith("文件保持原样。")
    assert demo_path.read_bytes() == data


def test_restore_backup_of_the_oldest_copy_in_a_full_folder(demo_path):
    from desktop.models.backup import restore_backup

    made = [make_backup(demo_path) for _ in range(KEEP)]
    restore_backup(made[0], demo_path)


def test_the_backup_of_the_opened_file_comes_before_the_first_write(qtbot, demo_path):
    """Opening defers the copy until the window is usable; a write that comes first takes it."""
    from desktop.models.store import DepartmentFile
    from desktop.records import Change
    from desktop.ui.document import Document

    document = Document(DepartmentFile.open(demo_path))
    try:
        assert list_backups(demo_path) == []  # not yet: the window takes it after its first paint
        line = next(
            ln for ln in document.ledger.expenditure_lines.values() if ln.kind == "personnel"
        )
        new = dataclasses.replace(line, amount=line.amount + 10_000_000)
        assert document.execute([Change(line, new)], "改金额")
        [backup] = list_backups(demo_path)
        assert summarize_backup(backup).expenditure_fen == DEMO_TOTAL  # the file as opened
        assert document.ledger.expenditure_total() == DEMO_TOTAL + 10_000_000
        document.take_backup()  # the window's turn: already taken, not taken twice
        assert len(list_backups(demo_path)) == 1
    finally:
        document.close()
