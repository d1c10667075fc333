"""Test helpers that make files read-only or disks full for real, or skip saying why they cannot.

Root ignores permission bits, so as root a file is made read-only with `chattr +i` (immutable:
even root cannot write it); as another user `chmod` does. A full disk is a small tmpfs mounted
for the test (root only); `PRAGMA max_page_count` gives SQLite's own "disk is full" everywhere.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _chattr(flag: str, path: Path) -> bool:
    if shutil.which("chattr") is None:
        return False
    done = subprocess.run(["chattr", flag, str(path)], capture_output=True)
    return done.returncode == 0


@contextmanager
def read_only(path: Path) -> Iterator[str]:
    """Make `path` (file or folder) unwritable for this process; yields how it was done."""
    if sys.platform == "win32":
        pytest.skip("read-only files are tested on Linux (chmod/chattr)")
    if IS_ROOT:
        if not _chattr("+i", path):
            pytest.skip("running as root and chattr +i is not permitted here: root would write")
        try:
            yield "chattr +i"
        finally:
            _chattr("-i", path)
        return
    mode = path.stat().st_mode
    path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        yield "chmod a-w"
    finally:
        path.chmod(mode)


@contextmanager
def tiny_disk(folder: Path, size_kb: int) -> Iterator[Path]:
    """A tmpfs of `size_kb` KiB mounted on `folder` for the duration; skips if mounting fails."""
    if not sys.platform.startswith("linux") or not IS_ROOT or shutil.which("mount") is None:
        pytest.skip("a real full disk needs root on Linux to mount a small tmpfs")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path, leave_kb: int = 0) -> Path:
    """Fill the file system of `folder` completely, then free `leave_kb` KiB again."""
    filler = folder / "filler.bin"
    block = b"\0" * 4096
    with filler.open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(block)
        except OSError:
            pass  # ENOSPC: the disk is full
    if leave_kb:
        os.truncate(filler, max(0, filler.stat().st_size - leave_kb * 1024))
    return filler
