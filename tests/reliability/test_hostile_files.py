"""Hostile and damaged department files (issue 13): each is refused with a Chinese message, or
opened safely, and not one byte of the file is lost. Files built by tests/fixtures/make_hostile.py.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.errors import DepartmentFileError
from desktop.ledger import Ledger
from desktop.models.backup import list_backups, make_backup, restore_backup, summarize_backup
from desktop.models.store import DepartmentFile, FileLockedError
from tests.fixtures import make_hostile

DEMO_SPENT = 289_785_586  # the demo's expenditure total: printed 289.79 万元
DEMO_LINES = 33


@pytest.fixture(scope="session")
def good_file(tmp_path_factory) -> Path:
    from desktop.demo import write_demo

    path = tmp_path_factory.mktemp("good") / "good.budget"
    write_demo(path).close()
    return path


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("BUDGET_DESK_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _no_english_words(message: str, allowed: tuple[str, ...] = ()) -> None:
    """The user-facing sentence is Chinese: apart from names of tables/objects, no English."""
    message = re.sub(r"“[^”]*\.budget”", "", message)  # the file's own name
    for name in sorted(allowed, key=len, reverse=True):
        message = message.replace(name, "")
    words = re.findall(r"[A-Za-z]{3,}", message)
    assert not words, (words, message)


# case → (what the message must say, identifiers the message may name)
REFUSED = {
    "trigger_on_lock": ("多出了触发器“wipe_lines”", ("wipe_lines",)),
    "cascade": ("表“expenditure_line”（支出明细）的外键与本软件建立的不同", ("expenditure_line",)),
    "view_for_table": (
        "多出了视图“income_line”",
        ("income_line", "income_data", "uq_income_line_content"),
    ),
    "trigger_adds_one_fen": ("多出了触发器“add_one_fen”", ("add_one_fen",)),
    "duplicate_ids": (
        "表“expenditure_line”（支出明细）的列、主键或唯一约束与本软件建立的不同（没有主键，编号 33 出现了 2 次）",
        ("expenditure_line", "uq_expenditure_line_content"),
    ),
    "text_amount": (
        "“支出明细”表（expenditure_line）中编号为 3 的行，列“amount_fen”不是整数（'四十二万'）",
        ("expenditure_line", "amount_fen"),
    ),
    "real_amount": (
        "“支出明细”表（expenditure_line）中编号为 3 的行，列“amount_fen”不是整数（4275.5）",
        ("expenditure_line", "amount_fen"),
    ),
    "null_amount": (
        "“支出明细”表（expenditure_line）中编号为 3 的行，列“amount_fen”为空",
        ("expenditure_line", "amount_fen"),
    ),
    "missing_column": ("表“project”（项目）的列与本软件建立的不同", ("project",)),
    "missing_table": ("缺少表“control_figure”（控制数）", ("control_figure",)),
    "missing_department": ("没有部门信息（“部门”表为空）", ()),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_hostile_or_damaged_file_is_refused_and_untouched(case, good_file, tmp_path, data_dir):
    path = make_hostile.build(case, good_file, tmp_path)
    before = _hash(path)
    expected, names = REFUSED[case]
    for readonly in (False, True):
        with pytest.raises(DepartmentFileError) as info:
            DepartmentFile.open(path, readonly=readonly)
        assert expected in str(info.value)
        _no_english_words(str(info.value), names)
    assert _hash(path) == before
    assert list_backups(path) == []  # refused before the backup taken on open
    # no journal, no stray file ("data" is the test's private data folder)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == [path.name]


@pytest.mark.parametrize("case", ["trigger_on_lock", "text_amount", "missing_department"])
def test_cli_reports_a_refused_file_in_chinese(case, good_file, tmp_path, data_dir, capsys):
    path = make_hostile.build(case, good_file, tmp_path)
    before = _hash(path)
    for command in (["tables", str(path)], ["check", str(path)]):
        assert cli_main(command) == 3
        err = capsys.readouterr().err
        assert err.startswith("错误：") and REFUSED[case][0] in err and "Traceback" not in err
    assert _hash(path) == before


def test_trigger_cannot_wipe_the_lines_through_the_window(
    qtbot, good_file, tmp_path, data_dir, monkeypatch
):
    """The window refuses the file before the lock row (which fired the trigger) and the backup."""
    from PySide6.QtCore import QSettings

    from desktop.ui import appsettings
    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    path = make_hostile.build("trigger_on_lock", good_file, tmp_path)
    before = _hash(path)
    application()
    window = MainWindow()
    qtbot.addWidget(window)
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", lambda title, message: errors.append(message))
    appsettings.remember_file(window.settings, path)  # the last file, reopened at start-up
    assert not window.open_path(path)
    assert "多出了触发器“wipe_lines”" in errors[0]
    assert "已从“最近打开的文件”中移除" in errors[0]
    assert appsettings.last_file(window.settings) is None
    assert str(path.resolve()) not in appsettings.recent_files(window.settings)
    assert window.document is None and list_backups(path) == []
    assert _hash(path) == before
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:  # plain name: no '#' here
        assert conn.execute("SELECT count(*) FROM expenditure_line").fetchone()[0] == DEMO_LINES
    window.close()


def test_window_survives_an_unexpected_error_on_open(qtbot, demo_path, tmp_path, monkeypatch):
    """Not only BudgetError: any failure while opening is a message, never a crash."""
    from PySide6.QtCore import QSettings

    from desktop.ui import main_window as main_window_module
    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    application()
    window = MainWindow()
    qtbot.addWidget(window)
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", lambda title, message: errors.append(message))

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise KeyError("unit")

    monkeypatch.setattr(main_window_module, "Document", broken)
    assert not window.open_path(demo_path)
    assert errors == ["打开“demo.budget”时出现意外错误（KeyError），文件没有被修改。"]
    window.close()


# -- case 1: '#', '?' and '%41' in file names ---------------------------------------------------


@pytest.mark.parametrize("name", make_hostile.AWKWARD_NAMES)
def test_awkward_names_open_back_up_and_restore_the_real_file(name, good_file, tmp_path, data_dir):
    path = tmp_path / name
    shutil.copyfile(good_file, path)
    before = _hash(path)
    with DepartmentFile.open(path, readonly=True) as dfile:
        ledger = Ledger(dfile)
        assert len(ledger.expenditure_lines) == DEMO_LINES
        assert ledger.expenditure_total() == DEMO_SPENT
    assert _hash(path) == before
    backup = make_backup(path)
    summary = summarize_backup(backup)
    assert summary is not None
    assert (summary.expenditure_lines, summary.expenditure_fen) == (DEMO_LINES, DEMO_SPENT)
    # Restoring gives the department back, not an empty database; no stray file appears.
    restore_backup(backup, path)
    with DepartmentFile.open(path, readonly=True) as dfile:
        assert Ledger(dfile).expenditure_total() == DEMO_SPENT
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["data", name])
    # Opened for editing, too.
    with DepartmentFile.open(path) as dfile:
        assert len(Ledger(dfile).expenditure_lines) == DEMO_LINES


# -- case 5: a hot journal left by a killed writer ----------------------------------------------


def test_hot_journal_does_not_break_read_only_opens(good_file, tmp_path, data_dir, capsys):
    path = make_hostile.build("hot_journal", good_file, tmp_path)
    journal = path.with_name(path.name + "-journal")
    before, journal_before = _hash(path), _hash(journal)
    with DepartmentFile.open(path, readonly=True) as dfile:
        assert "留有一次未完成的修改" in dfile.notice
        _no_english_words(dfile.notice)
        ledger = Ledger(dfile)
        # The committed content: the killed transaction's notes and +1 分 are not there.
        assert ledger.expenditure_total() == DEMO_SPENT
        assert not any("未提交" in ln.note for ln in ledger.expenditure_lines.values())
    assert (_hash(path), _hash(journal)) == (before, journal_before)
    assert cli_main(["tables", str(path), "--tables", "1"]) == 0
    assert "289.79" in capsys.readouterr().out
    assert (_hash(path), _hash(journal)) == (before, journal_before)
    # Opened for editing, SQLite rolls the journal back: the same committed content.
    with DepartmentFile.open(path) as dfile:
        assert Ledger(dfile).expenditure_total() == DEMO_SPENT
    assert not journal.exists()


# -- case 7: stale locks -------------------------------------------------------------------------


def test_lock_from_another_computer_names_its_holder_and_can_be_forced(
    good_file, tmp_path, data_dir
):
    path = make_hostile.build("stale_lock_other_host", good_file, tmp_path)
    before = _hash(path)
    with pytest.raises(FileLockedError) as info:
        DepartmentFile.open(path)
    holder = info.value.holder
    assert (holder.host, holder.user, holder.opened_at) == (
        make_hostile.STALE_HOST,
        "李会计",
        "2026-11-30 17:05",
    )
    message = str(info.value)
    assert "李会计（计算机 财务科-PC2，进程 4242）于 2026-11-30 17:05 打开" in message
    assert "可以强制解除" in message
    assert _hash(path) == before
    with DepartmentFile.open(path, force_unlock=True) as dfile:
        assert len(Ledger(dfile).expenditure_lines) == DEMO_LINES
        with dfile.reading() as conn:
            hosts = [r[0] for r in conn.exec_driver_sql("SELECT host FROM app_lock")]
        assert make_hostile.STALE_HOST not in hosts and len(hosts) == 1
    # After closing no lock is left: the next open needs no force.
    DepartmentFile.open(path).close()


def test_lock_whose_pid_was_reused_is_stale(good_file, tmp_path, data_dir):
    """Same computer, the PID alive — but that process started after the lock was written."""
    path = make_hostile.build("stale_lock_reused_pid", good_file, tmp_path)
    with DepartmentFile.open(path) as dfile:
        assert len(Ledger(dfile).expenditure_lines) == DEMO_LINES


def test_window_offers_force_unlock_after_confirmation(
    qtbot, good_file, tmp_path, data_dir, monkeypatch
):
    from PySide6.QtCore import QSettings

    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    path = make_hostile.build("stale_lock_other_host", good_file, tmp_path)
    application()
    window = MainWindow()
    qtbot.addWidget(window)
    try:
        DepartmentFile.open(path)
    except FileLockedError as exc:
        locked = exc
    box, buttons = window.lock_box(locked)
    assert "李会计（计算机 财务科-PC2" in box.text()
    assert sorted(b.text() for b in box.buttons()) == sorted(
        ["以只读方式打开", "强制解除…", "取消"]
    )
    box.deleteLater()
    # 强制解除 is asked twice: refusing the confirmation opens nothing.
    monkeypatch.setattr(window, "confirm_force_unlock", lambda exc: False)
    monkeypatch.setattr(window, "ask_locked", lambda exc: "")
    assert not window.open_path(path)
    monkeypatch.setattr(window, "ask_locked", lambda exc: "force")
    assert window.open_path(path)
    assert not window.document.readonly
    assert window.document.ledger.expenditure_total() == DEMO_SPENT
    window.close()


def test_cli_force_unlock_opens_the_window_for_editing(good_file, tmp_path, data_dir, monkeypatch):
    import desktop.ui.app as app_module

    path = make_hostile.build("stale_lock_other_host", good_file, tmp_path)
    opened = {}

    def fake_run_app(file, demo, force_unlock=False):  # noqa: ANN001, ANN202
        opened.update(file=file, force_unlock=force_unlock)
        return 0

    monkeypatch.setattr(app_module, "run_app", fake_run_app)
    assert cli_main([str(path), "--force-unlock"]) == 0
    assert opened == {"file": str(path), "force_unlock": True}


# -- case 10 (the backup summary) and case 12 ----------------------------------------------------


def test_backup_summary_sums_beyond_sqlite_integers(demo_path, data_dir):
    backup = make_backup(demo_path)
    with sqlite3.connect(backup.path) as conn:
        conn.execute("UPDATE expenditure_line SET amount_fen = 5000000000000000000 WHERE id <= 2")
    summary = summarize_backup(backup)  # SQLite's sum() overflows here (> 2**63 - 1)
    assert summary is not None
    with sqlite3.connect(backup.path) as conn:
        rest = conn.execute("SELECT amount_fen FROM expenditure_line WHERE id > 2").fetchall()
    assert summary.expenditure_fen == 2 * 5_000_000_000_000_000_000 + sum(a for (a,) in rest)


def test_lone_surrogate_is_refused_in_chinese(demo_ledger):
    path = demo_ledger.file.path
    line = next(iter(demo_ledger.expenditure_lines.values()))
    before = _hash(path)
    with pytest.raises(DepartmentFileError) as info:
        demo_ledger.replace(line, note="坏\ud800")
    assert "文本中有无法保存的字符（U+D800" in str(info.value)
    _no_english_words(str(info.value))
    assert demo_ledger.expenditure_lines[line.id] == line
    assert _hash(path) == before


def test_file_moved_away_while_open_is_reported_as_moved(demo_ledger, tmp_path):
    path = demo_ledger.file.path
    line = next(iter(demo_ledger.expenditure_lines.values()))
    moved = tmp_path / "elsewhere.budget"
    path.rename(moved)
    before = _hash(moved)
    with pytest.raises(DepartmentFileError) as info:
        demo_ledger.replace(line, note="移走之后")
    assert "在打开期间被移动、改名或删除，修改未写入" in str(info.value)
    assert "不可写" not in str(info.value)
    assert demo_ledger.expenditure_lines[line.id] == line
    assert _hash(moved) == before


@pytest.mark.parametrize(
    "statements, expected",
    [
        (
            [
                "CREATE TABLE parent (code TEXT)",
                "CREATE TABLE child (code TEXT REFERENCES parent (code))",
                "PRAGMA foreign_keys=ON",
                "INSERT INTO child VALUES ('x')",
            ],
            "数据库结构不是本软件建立的",
        ),
        (
            [
                "CREATE TABLE t (a INTEGER)",
                "CREATE VIEW v AS SELECT * FROM t",
                "INSERT INTO v VALUES (1)",
            ],
            "数据库结构不是本软件建立的",
        ),
    ],
    ids=["foreign key mismatch", "cannot modify a view"],
)
def test_english_sqlite_errors_are_translated(statements, expected, tmp_path):
    from desktop.models.store import _translate

    conn = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.Error) as info:
        for statement in statements:
            conn.execute(statement)
    assert re.search("foreign key mismatch|because it is a view", str(info.value))
    message = str(_translate(info.value, tmp_path / "demo.budget"))
    assert expected in message
    _no_english_words(message)


def test_window_opens_a_file_with_a_hot_journal_read_only(
    qtbot, good_file, tmp_path, data_dir, monkeypatch
):
    from PySide6.QtCore import QSettings

    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    path = make_hostile.build("hot_journal", good_file, tmp_path)
    journal = path.with_name(path.name + "-journal")
    before = (_hash(path), _hash(journal))
    application()
    window = MainWindow()
    qtbot.addWidget(window)
    told: list[str] = []
    monkeypatch.setattr(window, "show_info", told.append)
    assert window.open_path(path, readonly=True)
    assert window.document.readonly
    assert window.document.ledger.expenditure_total() == DEMO_SPENT
    assert "留有一次未完成的修改" in told[0]
    window.close()
    assert (_hash(path), _hash(journal)) == before
