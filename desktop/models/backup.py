"""Rotating backups of department files, made with SQLite's online backup API.

A copy is taken when a file is opened for editing (and before an import), kept in the user's data
folder under a folder per department file, and the last `KEEP` copies are retained.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import sys
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from desktop.errors import DepartmentFileError
from desktop.models.connect import copy_into, ro_uri
from desktop.system_errors import reason

KEEP = 10


def data_dir() -> Path:
    """The user's data folder for Budget Desk (BUDGET_DESK_DATA overrides it)."""
    override = os.environ.get("BUDGET_DESK_DATA")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "BudgetDesk"


def backup_folder(path: Path) -> Path:
    """Folder holding the backups of one department file (named by file name and full path)."""
    path = Path(path).resolve()
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:8]
    return data_dir() / "backups" / f"{path.stem}-{digest}"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: dt.datetime

    @property
    def label(self) -> str:
        return self.taken_at.strftime("%Y-%m-%d %H:%M:%S")


def make_backup(path: str | os.PathLike, keep: int = KEEP) -> Backup:
    """Copy `path` consistently (even while open) and drop all but the newest `keep` copies."""
    source = Path(path)
    folder = backup_folder(source)
    now = dt.datetime.now()
    target = folder / f"{now:%Y%m%d-%H%M%S-%f}.budget"
    partial = target.with_suffix(".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _copy(source, partial)
        with closing(sqlite3.connect(partial)) as dst:
            if dst.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise DepartmentFileError(f"“{source.name}”的备份未通过完整性检查，备份未保存。")
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        _discard(partial)
        raise DepartmentFileError(
            f"无法备份“{source.name}”：{reason(exc, writing=True)}。"
        ) from exc
    for old in list_backups(source)[keep:]:
        old.path.unlink(missing_ok=True)
    return Backup(target, now)


def list_backups(path: str | os.PathLike) -> list[Backup]:
    """Backups of `path`, newest first."""
    folder = backup_folder(Path(path))
    if not folder.is_dir():
        return []
    found = []
    for item in folder.glob("*.budget"):
        try:
            taken = dt.datetime.strptime(item.stem, "%Y%m%d-%H%M%S-%f")
        except ValueError:
            continue
        found.append(Backup(item, taken))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def restore_backup(backup: Backup, target: str | os.PathLike) -> None:
    """Replace `target` by the backup's content; the current file is backed up first.

    The target must not be open for editing (close it first).
    """
    target = Path(target)
    partial = target.with_name(target.name + ".restoring")
    try:
        # Copy first: backing the target up may rotate the chosen (oldest) backup away.
        _copy(backup.path, partial)
        if target.exists():
            make_backup(target)
        os.replace(partial, target)
    except (OSError, sqlite3.Error, DepartmentFileError) as exc:
        _discard(partial)
        if isinstance(exc, DepartmentFileError):
            raise
        raise DepartmentFileError(
            f"无法从备份恢复“{target.name}”：{reason(exc, writing=True)}。"
        ) from exc


def _copy(source: Path, target: Path) -> None:
    """A consistent copy with SQLite's backup API; both connections closed (Windows needs it).

    The copy is a new file that only becomes a backup once complete: it is written without a
    journal and without syncing each page, then flushed to disk once, before it is renamed.
    """
    with closing(sqlite3.connect(target)) as dst:
        dst.execute("PRAGMA journal_mode=OFF")
        dst.execute("PRAGMA synchronous=OFF")
        copy_into(source, dst)
    with target.open("rb+") as written:
        os.fsync(written.fileno())


def _discard(path: Path) -> None:
    """Remove a partial copy if there is one; the folder itself may be unusable."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


@dataclass(frozen=True)
class BackupSummary:
    """What one backup holds, for choosing among them: counts of records and the two totals."""

    size: int  # bytes
    version: int  # user_version of the copy
    department: str  # "code name"
    fiscal_year: int
    units: int
    projects: int
    income_lines: int
    expenditure_lines: int
    income_fen: int
    expenditure_fen: int


def summarize_backup(backup: Backup) -> BackupSummary | None:
    """Read a backup's counts and totals straight from the copy; None if it cannot be read."""
    try:
        # closing(): a connection left open would keep the copy locked on Windows.
        with closing(sqlite3.connect(ro_uri(backup.path), uri=True)) as conn:
            code, name, year = conn.execute(
                "select code, name, fiscal_year from department"
            ).fetchone()
            count = {
                table: conn.execute(f"select count(*) from {table}").fetchone()[0]
                for table in ("unit", "project")
            }
            # Summed in Python: SQLite's sum() overflows past 2**63 分, Python's int does not.
            lines = {
                table: _count_and_sum(conn.execute(f"select amount_fen from {table}"))
                for table in ("income_line", "expenditure_line")
            }
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        size = backup.path.stat().st_size
    except (OSError, sqlite3.Error, TypeError, ValueError):
        return None
    return BackupSummary(
        size,
        version,
        f"{code} {name}",
        year,
        count["unit"],
        count["project"],
        lines["income_line"][0],
        lines["expenditure_line"][0],
        lines["income_line"][1],
        lines["expenditure_line"][1],
    )


def _count_and_sum(rows: Iterable[tuple[object, ...]]) -> tuple[int, int]:
    count = total = 0
    for (amount,) in rows:
        if type(amount) is not int:
            raise TypeError("amount_fen")  # a damaged copy: summarized as unreadable
        count += 1
        total += amount
    return count, total
