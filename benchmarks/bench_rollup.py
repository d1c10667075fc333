"""Roll-up benchmark on the large generated department: open, full roll-up, one-line update.

python -m benchmarks.bench_rollup [--repeat 30]
"""

from __future__ import annotations

import argparse
import dataclasses
import platform
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.generate import generate
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.tables.engine import Rollup


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def run(repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = generate(Path(tmp) / "large.budget")
        t0 = time.perf_counter()
        dfile = DepartmentFile.open(path)
        ledger = Ledger(dfile)
        t_open = time.perf_counter() - t0

        full = []
        for _ in range(max(5, repeat // 3)):
            t0 = time.perf_counter()
            rollup = Rollup(ledger)
            results = rollup.results()
            full.append(time.perf_counter() - t0)
            rollup.close()
        rollup = Rollup(ledger)
        rollup.results()

        lines = list(ledger.expenditure_lines.values())
        update_tables, update_with_commit = [], []
        for i in range(repeat):
            old = ledger.expenditure_lines[lines[(i * 7919) % len(lines)].id]
            new = dataclasses.replace(old, amount=old.amount + 12_34)
            from desktop.records import Change

            t0 = time.perf_counter()
            ledger.apply([Change(old, new)])  # commit (fsync) + delta into every table
            time.perf_counter()
            results = rollup.results()  # re-materialize every table that changed
            t2 = time.perf_counter()
            update_with_commit.append(t2 - t0)
            # the tables' share alone: delta application + materialization
            rollup.apply_line_changes([Change(new, old), Change(old, new)])
            t3 = time.perf_counter()
            rollup.results()
            update_tables.append(time.perf_counter() - t3 + (t3 - t2))
        dfile.close()
    assert results
    return {
        "open": t_open,
        "full_rollup_median": statistics.median(full),
        "full_rollup_min": min(full),
        "update_tables_median": statistics.median(update_tables),
        "update_with_commit_median": statistics.median(update_with_commit),
        "lines": len(lines),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    r = run(args.repeat)
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}"
    )
    print(f"expenditure lines: {r['lines']}")
    print(f"open file + load ledger: {_ms(r['open'])}")
    print(
        f"full roll-up of 21 tables (median): {_ms(r['full_rollup_median'])}"
        f" (fastest {_ms(r['full_rollup_min'])})  goal < 200 ms"
    )
    print(f"one-line update, all tables (median): {_ms(r['update_tables_median'])}  goal < 20 ms")
    print(f"one-line edit incl. commit to disk (median): {_ms(r['update_with_commit_median'])}")


if __name__ == "__main__":
    main()
