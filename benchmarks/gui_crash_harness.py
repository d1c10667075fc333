"""GUI crash harness: SIGKILL the real main window (offscreen) while it is being edited through its
grids, then check that the file is intact and holds every edit the window reported as committed.

    python -m benchmarks.gui_crash_harness [--kills 200] [--seed 1]

Most kills fall at a random moment 5–400 ms after the window is ready (while it types, pastes and
inserts rows); one in ten falls during start-up, while the window opens the file and takes its
lock. After each kill the file is opened with `DepartmentFile.open` + `Ledger` (which rolls back a
hot journal and must clear the dead window's lock), `PRAGMA integrity_check` must say ok, every
reported note tag must be present, a pasted pair must be present in both rows or in neither,
and the typed amount must be the last reported one or a later one.
"""

from __future__ import annotations

import argparse
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.gui_crash_child import AMOUNT_BASE
from desktop.demo import write_demo
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile

AMOUNT_LINE = 1  # the demo's line behind the typed cell (030001 / 2060101 / 30101)
READY_TIMEOUT = 60.0  # seconds; a loaded CI machine can be slow to start Qt


@dataclass
class GuiHarnessReport:
    kills: int = 0
    startup_kills: int = 0  # killed before the window was ready (opening, backing up, locking)
    hot_journals: int = 0  # killed inside a transaction: a rollback journal was left behind
    committed: int = 0
    lost: int = 0
    torn_pastes: int = 0  # a two-row paste found in one row only
    wrong_amounts: int = 0
    integrity_failures: int = 0
    reopen_failures: int = 0
    backups_checked: int = 0  # the window's rotating copies left at the end
    backup_failures: int = 0  # of those, copies that fail integrity_check
    child_errors: list[str] = field(default_factory=list)  # refused edits, failed starts

    @property
    def ok(self) -> bool:
        return not (
            self.lost
            or self.torn_pastes
            or self.wrong_amounts
            or self.integrity_failures
            or self.reopen_failures
            or self.backup_failures
            or self.child_errors
        )


def _tag_counts(conn: sqlite3.Connection) -> Counter[int]:
    """Edit number → how many lines carry its note tag."""
    counts: Counter[int] = Counter()
    for (note,) in conn.execute("select note from expenditure_line"):
        tags = {t for t in (note or "").split(",") if t.startswith("edit-")}
        counts.update(int(t[5:]) for t in tags)
    return counts


def _check(path: Path, committed: list[int], typed_floor: int, report: GuiHarnessReport) -> int:
    """Check the file after a kill; returns the highest typed-amount edit reported so far."""
    try:
        # Opening for writing clears the killed window's stale lock; the ledger loads every record.
        dfile = DepartmentFile.open(path)
        Ledger(dfile)
        dfile.close()
    except Exception:  # noqa: BLE001 - counted, the harness goes on
        report.reopen_failures += 1
    with sqlite3.connect(path) as conn:
        if conn.execute("pragma integrity_check").fetchone()[0] != "ok":
            report.integrity_failures += 1
        counts = _tag_counts(conn)
        amount = conn.execute(
            "select amount_fen from expenditure_line where id = ?", (AMOUNT_LINE,)
        ).fetchone()[0]
    report.torn_pastes += sum(1 for n, c in counts.items() if n % 4 == 3 and c != 2)
    report.lost += sum(1 for n in committed if n % 4 != 2 and counts[n] == 0)
    typed_floor = max([typed_floor, *(n for n in committed if n % 4 == 2)])
    # The amount is the last reported one, or a later one whose report the kill cut off.
    steps, rest = divmod(amount - AMOUNT_BASE, 100)
    if rest or steps < typed_floor or (steps and steps % 4 != 2):
        report.wrong_amounts += 1
    return typed_floor


def run(kills: int, seed: int = 1, workdir: Path | None = None) -> GuiHarnessReport:
    rng = random.Random(seed)
    report = GuiHarnessReport()
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        # The window backs the file up on every open: into tmp, never the user's data folder.
        env = {
            **os.environ,
            "PYTHONPATH": str(root),
            "QT_QPA_PLATFORM": "offscreen",
            "BUDGET_DESK_DATA": str(Path(tmp) / "data"),
        }
        path = Path(tmp) / "gui-crash.budget"
        write_demo(path).close()
        settings = Path(tmp) / "settings.ini"
        stderr_path = Path(tmp) / "child-stderr.txt"
        next_edit = 0
        typed_floor = 0  # edit numbers only grow, so typed amounts only grow
        for _ in range(kills):
            with stderr_path.open("wb") as stderr:
                child = subprocess.Popen(
                    [sys.executable, "-m", "benchmarks.gui_crash_child", str(path)]
                    + [str(next_edit), str(settings)],
                    stdout=subprocess.PIPE,
                    stderr=stderr,
                    text=True,
                    env=env,
                    cwd=root,
                )
            early = rng.random() < 0.1
            if early:
                # Somewhere in start-up: importing Qt, opening the file, taking the lock.
                time.sleep(rng.uniform(0.05, 1.0))
            else:
                ready = _wait_ready(child)
                if ready != "ready":
                    report.child_errors.append(
                        f"启动失败：{ready} {stderr_path.read_text()[-500:]}"
                    )
                    child.kill()
                    child.wait()
                    child.stdout.close()
                    break
                time.sleep(rng.uniform(0.005, 0.4))
            child.send_signal(signal.SIGKILL)
            child.wait()
            committed: list[int] = []
            output = child.stdout.read().splitlines()
            for text in output:
                if text.startswith("committed "):
                    committed.append(int(text.split()[1]))
                elif text.startswith(("refused", "failed")):
                    report.child_errors.append(text)
            child.stdout.close()
            report.kills += 1
            report.startup_kills += early and "ready" not in output  # before the window showed
            report.hot_journals += path.with_name(path.name + "-journal").exists()
            report.committed += len(committed)
            typed_floor = _check(path, committed, typed_floor, report)
            if report.child_errors:
                break
            next_edit = max([next_edit - 1, *committed]) + 2  # skip a possibly half-reported edit
        for backup in sorted((Path(tmp) / "data").rglob("*.budget")):
            report.backups_checked += 1
            with closing(sqlite3.connect(backup)) as conn:
                if conn.execute("pragma integrity_check").fetchone()[0] != "ok":
                    report.backup_failures += 1
    return report


def _wait_ready(child: subprocess.Popen) -> str:
    """The child's first line ("ready" once the window shows the file), or why there is none."""
    readable, _, _ = select.select([child.stdout], [], [], READY_TIMEOUT)
    if not readable:
        return f"{READY_TIMEOUT:.0f} 秒内没有就绪"
    line = child.stdout.readline().strip()
    return line or f"退出码 {child.wait()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    r = run(args.kills, args.seed)
    print(
        f"kills: {r.kills} ({r.startup_kills} during start-up, {r.hot_journals} inside a "
        f"transaction), edits reported committed: "
        f"{r.committed}, lost: {r.lost}, torn pastes: {r.torn_pastes}, wrong amounts: "
        f"{r.wrong_amounts}, integrity failures: {r.integrity_failures}, reopen failures: "
        f"{r.reopen_failures}, backups intact: {r.backups_checked - r.backup_failures}/"
        f"{r.backups_checked}, child errors: {len(r.child_errors)}, "
        f"time: {time.perf_counter() - started:.1f} s"
    )
    for error in r.child_errors:
        print(error)
    sys.exit(0 if r.ok else 1)


if __name__ == "__main__":
    main()
