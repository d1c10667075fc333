"""The toolbar and navigator icons shipped in resources/icons/ui (drawn by scripts/make_icons.py)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from desktop.resources import resource


@cache
def icon(name: str) -> QIcon:
    """The icon `name` (an empty icon when the file is missing: text still shows)."""
    path = resource("icons", "ui", f"{name}.png")
    return QIcon(str(path)) if path.exists() else QIcon()
