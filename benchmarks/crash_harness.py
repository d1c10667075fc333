"""Crash harness: kill a process that is writing a department file with SIGKILL at random moments
and check, after every kill, that the file is intact and holds every edit reported as committed.

    python -m benchmarks.crash_harness [--kills 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import Unit


@dataclass
class HarnessReport:
    kills: int = 0
    committed: int = 0
    lost: int = 0
    integrity_failures: int = 0
    reopen_failures: int = 0


def _prepare(path: Path) -> None:
    dfile = DepartmentFile.create(path, "030", "崩溃测试部门", 2025)
    Ledger(dfile).add(Unit("030001", "崩溃测试单位", "agency"))
    dfile.close()


def _edits_present(path: Path) -> set[int]:
    with sqlite3.connect(path) as conn:
        notes = [r[0] for r in conn.execute("select note from expenditure_line")]
    return {int(tag[5:]) for note in notes for tag in note.split(",") if tag.startswith("edit-")}


def run(kills: int, seed: int = 1, workdir: Path | None = None) -> HarnessReport:
    rng = random.Random(seed)
    report = HarnessReport()
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        path = Path(tmp) / "crash.budget"
        _prepare(path)
        next_edit = 0
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        for _ in range(kills):
            child = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.crash_child", str(path), str(next_edit)],
                stdout=subprocess.PIPE,
                text=True,
                env=env,
            )
            assert child.stdout.readline().strip() == "ready"
            deadline = time.monotonic() + rng.uniform(0.005, 0.25)
            committed: list[int] = []
            os.set_blocking(child.stdout.fileno(), False)
            while time.monotonic() < deadline:
                time.sleep(0.001)
            child.send_signal(signal.SIGKILL)
            child.wait()
            os.set_blocking(child.stdout.fileno(), True)
            for text in child.stdout.read().splitlines():
                if text.startswith("committed "):
                    committed.append(int(text.split()[1]))
            child.stdout.close()
            report.kills += 1
            report.committed += len(committed)
            try:
                # Opening rolls back a hot journal and clears the dead process's lock.
                DepartmentFile.open(path).close()
            except Exception:  # noqa: BLE001 - counted, the harness goes on
                report.reopen_failures += 1
            with sqlite3.connect(path) as conn:
                if conn.execute("pragma integrity_check").fetchone()[0] != "ok":
                    report.integrity_failures += 1
            present = _edits_present(path)
            report.lost += sum(1 for n in committed if n not in present)
            next_edit = max([next_edit - 1, *committed]) + 2  # skip a possibly half-reported edit
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    r = run(args.kills, args.seed)
    print(
        f"kills: {r.kills}, edits reported committed: {r.committed}, lost: {r.lost}, "
        f"integrity failures: {r.integrity_failures}, reopen failures: {r.reopen_failures}, "
        f"time: {time.perf_counter() - started:.1f} s"
    )
    sys.exit(1 if (r.lost or r.integrity_failures or r.reopen_failures) else 0)


if __name__ == "__main__":
    main()
