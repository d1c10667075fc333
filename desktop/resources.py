"""Where the bundled data files live (works from a source tree and from a frozen bundle)."""

from __future__ import annotations

import sys
from pathlib import Path


def _base() -> Path:
    """The folder holding resources/ and docs/: the PyInstaller bundle or the source tree."""
    frozen = getattr(sys, "_MEIPASS", None)  # set by the PyInstaller bootloader
    if frozen and getattr(sys, "frozen", False):
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """The `resources/` folder shipped with the application."""
    return _base() / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def docs_dir() -> Path:
    """The `docs/` folder with the user manual (MANUAL.md and its screenshots in manual/)."""
    return _base() / "docs"


def manual_path() -> Path:
    return docs_dir() / "MANUAL.md"
