"""Where an export may write, and how its files reach their places.

An export never overwrites a department file (recognised by its content, not its name), never
writes two outputs to one path, and puts its files in place as a set: each is written into a
staging folder beside its target, flushed to disk, and only when every file is complete are they
moved over their targets. Before the first move a commit record is written into the staging folder:
a kill in the instant between two moves is completed (rolled forward) by the next export into that
folder, and a kill before it leaves the old outputs as they were. Staging folders of killed exports
are swept by the next export into that folder. Temporary files of the
writers (openpyxl's) go into the staging folder too, never into the system's temporary folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop.errors import BudgetError
from desktop.system_errors import reason

STAGING_PREFIX = ".budget-desk-export-"
COMMIT_RECORD = ".commit-record"
STALE_AFTER_SECONDS = 24 * 3600  # no export runs for a day: its folder is a leftover
SQLITE_MAGIC = b"SQLite format 3\x00"
_TEMPDIR_LOCK = threading.Lock()


def os_error_reason(exc: OSError) -> str:
    """A short Chinese reason for a failed write."""
    return reason(exc, writing=True)


class ExportTargetError(BudgetError):
    """An export target the program must not write."""


def is_database_file(path: Path) -> bool:
    """True if `path` holds an SQLite database (a department file or any other)."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def check_targets(
    targets: dict[str, str | os.PathLike | None], protected: tuple[Path, ...] = ()
) -> dict[str, Path]:
    """The targets that may be written, by label (e.g. "PDF"); raises ExportTargetError if not.

    `protected` are files the export must never replace (the department file being exported).
    """
    chosen = {label: Path(p) for label, p in targets.items() if p}
    if not chosen:
        raise ExportTargetError("请至少指定一个导出文件（PDF 或 Excel 工作簿）。")
    seen: dict[Path, str] = {}
    for label, path in chosen.items():
        resolved = path.resolve()
        if resolved in seen:
            raise ExportTargetError(
                f"{seen[resolved]}和{label}不能写到同一个文件“{path}”，请分别指定文件名。"
            )
        seen[resolved] = label
        folder = resolved.parent
        if not folder.is_dir():
            raise ExportTargetError(f"无法导出{label}：文件夹“{path.parent}”不存在。")
        if resolved.is_dir():
            raise ExportTargetError(f"无法导出{label}：“{path}”是一个文件夹，请指定文件名。")
        for other in protected:
            if _same_file(resolved, other):
                raise ExportTargetError(
                    f"无法导出{label}：“{path}”就是正在导出的部门文件，导出不会覆盖它。"
                )
        if resolved.exists() and is_database_file(resolved):
            raise ExportTargetError(
                f"无法导出{label}：“{path}”是一个部门文件（数据库），导出不会覆盖它；"
                "请换一个文件名。"
            )
        if not os.access(folder, os.W_OK):
            raise ExportTargetError(f"无法导出{label}：没有文件夹“{path.parent}”的写入权限。")
    return chosen


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


@dataclass
class StagedOutputs:
    """Staging paths for a set of outputs; `commit()` moves them over their targets."""

    targets: dict[str, Path]
    staged: dict[str, Path] = field(default_factory=dict)
    _folders: list[Path] = field(default_factory=list)

    def path(self, label: str) -> Path:
        return self.staged[label]

    def commit(self) -> None:
        """Flush every staged file, then move each over its target and flush the folders."""
        for label, staged in self.staged.items():
            try:
                _fsync_file(staged)
            except OSError as exc:
                raise BudgetError(
                    f"无法写入{label}“{self.targets[label]}”：{os_error_reason(exc)}。"
                ) from exc
        for folder in self._folders:
            _write_commit_record(folder, self._moves_in(folder))
        for label, staged in self.staged.items():
            target = self.targets[label]
            try:
                os.replace(staged, target)
            except OSError as exc:
                raise BudgetError(f"无法写入{label}“{target}”：{os_error_reason(exc)}。") from exc
        for folder in {t.resolve().parent for t in self.targets.values()}:
            _fsync_dir(folder)

    def _moves_in(self, folder: Path) -> list[tuple[str, str]]:
        return [
            (staged.name, self.targets[label].name)
            for label, staged in self.staged.items()
            if staged.parent == folder
        ]

    def cleanup(self) -> None:
        for folder in self._folders:
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def staged_outputs(targets: dict[str, Path]) -> Iterator[StagedOutputs]:
    """Staging folders beside each target for the duration of the export, removed afterwards.

    While the block runs, Python's temporary files are created in the first staging folder, so a
    killed export leaves nothing in the system's temporary folder.
    """
    staging = StagedOutputs(dict(targets))
    try:
        for label, target in targets.items():
            folder = target.resolve().parent
            sweep_stale_staging(folder)
            try:
                tmp = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=folder))
            except OSError as exc:
                raise BudgetError(
                    f"无法导出{label}到“{target.parent}”：{os_error_reason(exc)}。"
                ) from exc
            staging._folders.append(tmp)
            staging.staged[label] = tmp / target.name
        with _temporary_files_in(staging._folders[0]):
            yield staging
    finally:
        staging.cleanup()


@contextlib.contextmanager
def _temporary_files_in(folder: Path) -> Iterator[None]:
    with _TEMPDIR_LOCK:
        previous = tempfile.tempdir
        tempfile.tempdir = str(folder)
        try:
            yield
        finally:
            tempfile.tempdir = previous


def sweep_stale_staging(folder: Path) -> None:
    """Remove staging folders of exports whose process is gone (killed mid-export)."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(STAGING_PREFIX) or not entry.is_dir():
            continue
        pid_text = entry.name[len(STAGING_PREFIX) :].split("-", 1)[0]
        dead = pid_text.isdigit() and not _process_alive(int(pid_text))
        if dead or _age_seconds(entry) > STALE_AFTER_SECONDS:
            _roll_forward(entry)
            shutil.rmtree(entry, ignore_errors=True)


def _write_commit_record(folder: Path, moves: list[tuple[str, str]]) -> None:
    record = folder / COMMIT_RECORD
    record.write_text(json.dumps(moves, ensure_ascii=False), encoding="utf-8")
    _fsync_file(record)
    _fsync_dir(folder)


def _roll_forward(staging: Path) -> None:
    """Finish the moves of an export killed while putting its complete files in place."""
    try:
        moves = json.loads((staging / COMMIT_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # no record: the export never finished writing, the old outputs stand
    for staged_name, target_name in moves:
        staged = staging / staged_name
        if staged.exists():
            with contextlib.suppress(OSError):
                os.replace(staged, staging.parent / target_name)
    _fsync_dir(staging.parent)


def _age_seconds(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return True  # os.kill would terminate it there; such folders are swept by age instead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every system (Windows); the files themselves are synced
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
