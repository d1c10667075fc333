"""Where the window keeps its settings (QSettings), the recent files and the demo department."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings

ORGANIZATION = "BudgetDesk"
APPLICATION = "BudgetDesk"
MAX_RECENT = 8
# Budgets are prepared in the autumn for the next year ("二上二下" runs from about September to
# the people's congress in January), so from September on the new department is for next year.
NEXT_YEAR_FROM_MONTH = 9


def app_settings() -> QSettings:
    """The user's settings, always in INI format so tests can point them at a temporary folder."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


def default_fiscal_year(today: dt.date | None = None) -> int:
    """The fiscal year being prepared on `today`: next year from September on, else this year."""
    today = today or dt.date.today()
    return today.year + 1 if today.month >= NEXT_YEAR_FROM_MONTH else today.year


def recent_files(settings: QSettings) -> list[str]:
    value = settings.value("recent_files", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or []) if v]


def remember_file(settings: QSettings, path: str | Path) -> None:
    path = str(Path(path).resolve())
    files = [path] + [f for f in recent_files(settings) if f != path]
    settings.setValue("recent_files", files[:MAX_RECENT])
    settings.setValue("last_file", path)


def forget_file(settings: QSettings, path: str | Path) -> bool:
    """Drop a file from the recent files (and as the last file); True if it was listed."""
    path = str(Path(path).resolve())
    files = recent_files(settings)
    listed = path in files or last_file(settings) == path
    settings.setValue("recent_files", [f for f in files if f != path])
    if last_file(settings) == path:
        settings.setValue("last_file", "")
    return listed


def last_file(settings: QSettings) -> str | None:
    value = settings.value("last_file", "")
    return str(value) if value else None


def data_dir() -> Path:
    """The user's data folder (demo department, backups), created when missing.

    The same folder as the backups use (`desktop.models.backup.data_dir`, BUDGET_DESK_DATA
    overrides it), so 关于 can name one place for everything the program keeps.
    """
    from desktop.models.backup import data_dir as shared_data_dir

    folder = shared_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def demo_file() -> Path:
    """The demo department in the user's data folder, written fresh when it does not exist."""
    path = data_dir() / "demo-2025.budget"
    if not path.exists():
        from desktop.demo import write_demo  # the table sets' forms: only to write the file

        write_demo(path).close()
    return path
