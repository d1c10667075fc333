"""Connecting to department files by path: read-only URIs and copies that never write the file."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path


def ro_uri(path: Path) -> str:
    """A read-only SQLite URI for `path`; `#`, `?` and `%` in names are escaped (as_uri)."""
    return Path(path).absolute().as_uri() + "?mode=ro"


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def copy_into(path: Path, target: sqlite3.Connection) -> bool:
    """Copy the committed content of `path` into `target` without writing to `path`.

    A hot journal left by a killed writer cannot be rolled back through a read-only connection;
    then file and journal are copied to a temporary folder and SQLite recovers the copy there.
    Returns True if such a recovery was needed.
    """
    try:
        source = sqlite3.connect(ro_uri(path), uri=True)
    except sqlite3.Error:
        source = None
    if source is not None:
        try:
            source.backup(target)
            return False
        except sqlite3.OperationalError:
            if not journal_path(path).exists():
                raise
        finally:
            source.close()
    with tempfile.TemporaryDirectory(prefix="budget-desk-") as folder:
        copy = Path(folder) / "recovering.budget"
        shutil.copyfile(path, copy)
        if journal_path(path).exists():
            shutil.copyfile(journal_path(path), journal_path(copy))
        recovered = sqlite3.connect(copy)
        try:
            recovered.backup(target)
        finally:
            recovered.close()
    return True
