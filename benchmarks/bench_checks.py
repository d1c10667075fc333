"""Checks benchmark on the large generated department: full check, and re-check after one edit.

    python -m benchmarks.bench_checks [--repeat 30]

The re-check is timed twice: the checker's own work after the roll-up has already materialized
the changed tables (as the grids do when they repaint), and including that materialization.
"""

from __future__ import annotations

import argparse
import dataclasses
import platform
import statistics
import tempfile
import time
from pathlib import Path

from desktop.checks.engine import Checker
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import Change
from desktop.tables.engine import Rollup

try:
    from benchmarks.generate import generate
except ImportError:  # pragma: no cover - the shared generator is missing
    generate = None

FULL_GOAL_MS = 100
RECHECK_GOAL_MS = 20


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _department(folder: Path) -> Path:
    path = folder / "large.budget"
    if generate is None:
        raise SystemExit("benchmarks/generate.py is missing")
    return generate(path)


def run(repeat: int, path: Path | None = None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = path or _department(Path(tmp))
        dfile = DepartmentFile.open(path)
        try:
            ledger = Ledger(dfile)
            rollup = Rollup(ledger)
            rollup.results()
            checker = Checker(ledger, rollup)
            full = []
            for _ in range(max(3, repeat // 3)):
                t0 = time.perf_counter()
                checker.refresh()
                full.append(time.perf_counter() - t0)
            findings = len(checker.findings)

            # Re-check: time the materialization and the checker's listener separately.
            checker.close()
            timings: dict[str, float] = {}

            def materialize(_changes: list[Change]) -> None:
                t0 = time.perf_counter()
                rollup.results()
                timings["tables"] = time.perf_counter() - t0

            def recheck(changes: list[Change]) -> None:
                t0 = time.perf_counter()
                checker._on_change(changes)  # noqa: SLF001 - the listener is what is timed
                timings["check"] = time.perf_counter() - t0

            ledger.add_listener(materialize)
            ledger.add_listener(recheck)
            lines = list(ledger.expenditure_lines.values())
            check_only, with_tables = [], []
            for i in range(repeat):
                old = ledger.expenditure_lines[lines[(i * 7919) % len(lines)].id]
                ledger.apply([Change(old, dataclasses.replace(old, amount=old.amount + 12_34))])
                check_only.append(timings["check"])
                with_tables.append(timings["check"] + timings["tables"])
            ledger.remove_listener(materialize)
            ledger.remove_listener(recheck)
        finally:
            dfile.close()
    return {
        "lines": len(lines),
        "findings": findings,
        "rules": len(checker.rules),
        "full_median": statistics.median(full),
        "recheck_median": statistics.median(check_only),
        "recheck_with_tables_median": statistics.median(with_tables),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--file", type=Path, help="an existing department file instead")
    args = parser.parse_args()
    r = run(args.repeat, args.file)
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}"
    )
    print(f"expenditure lines: {r['lines']}, rules: {r['rules']}, findings: {r['findings']}")
    print(f"full check (median): {_ms(r['full_median'])}  goal < {FULL_GOAL_MS} ms")
    print(
        f"re-check after one edit (median): {_ms(r['recheck_median'])}  goal < {RECHECK_GOAL_MS} ms"
    )
    print(
        "re-check incl. materializing the changed tables (median): "
        f"{_ms(r['recheck_with_tables_median'])}"
    )


if __name__ == "__main__":
    main()
