"""Full roll-up of a consolidation-sized ledger: 2,000,000 expenditure lines (issue 19).

    python -m benchmarks.bench_consolidation [--lines 2000000] [--repeat 3] [--json]

A consolidated (合并) ledger holds the lines of many departments. It is built in memory with the
generator's logic (`benchmarks.generate.records`, units and projects scaled as
`benchmarks.run.sizes` scales them: 5,000 units and 30,000 projects at 2,000,000 lines). The
records go straight into the ledger's stores of an otherwise empty department file, without
ids: writing two million rows to SQLite and reading them back is not what is measured, and the
roll-up never reads an id. Printed (medians of `--repeat` runs, CPU times alongside):

- `build_s`: making the records (not part of any roll-up);
- `rollup_cold_s`: `Rollup(ledger)` and every table materialized, nothing kept from an earlier
  roll-up (every line read and coded): what opening such a ledger costs;
- `rollup_s`: the same on the unchanged ledger, the coded items reused (as `benchmarks.run`'s
  `rollup_ms` measures on its department);
- `rollup_cells_s`: every cell computed, nothing materialized;
- `rows`: the rows of the 21 tables; `peak_rss_mib`: this process's peak memory.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import records
from benchmarks.run import print_result, sizes
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import ExpenditureLine, IncomeLine, Project, Unit
from desktop.tables import columnar
from desktop.tables.engine import Rollup

LINES = 2_000_000


def build(folder: Path, lines: int) -> tuple[DepartmentFile, Ledger]:
    """An empty department file whose ledger holds the generated records (in memory only)."""
    dfile = DepartmentFile.create(folder / "consolidation.budget", "900", "合并测试", 2025)
    ledger = Ledger(dfile)
    stores = ledger._stores  # noqa: SLF001 - filled directly: see the module docstring
    for record in records(seed=1, **sizes(lines)):
        store = stores[type(record)]
        if isinstance(record, (Unit, Project)):
            store[record.code] = record
        elif isinstance(record, (ExpenditureLine, IncomeLine)):
            store[len(store) + 1] = record
    return dfile, ledger


def _times(job, repeat: int, before=None) -> tuple[float, float]:  # noqa: ANN001
    """Median wall and CPU seconds of `job` (calling `before` first, untimed)."""
    wall, cpu = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        gc.collect()
        w, c = time.perf_counter(), time.process_time()
        job()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def run(lines: int = LINES, repeat: int = 3) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        dfile, ledger = build(Path(tmp), lines)
        out: dict[str, object] = {
            **sizes(lines),
            "expenditure_lines": len(ledger.expenditure_lines),
            "income_lines": len(ledger.income_lines),
            "build_s": time.perf_counter() - start,
        }
        counted: list[int] = []

        def full() -> None:
            rollup = Rollup(ledger)
            counted[:] = [sum(len(r.rows) for r in rollup.results())]
            assert rollup.columnar
            rollup.close()

        def cells() -> None:
            Rollup(ledger).close()

        try:
            forget = lambda: columnar.forget(ledger)  # noqa: E731
            out["rollup_cold_s"], out["rollup_cold_cpu_s"] = _times(full, repeat, forget)
            full()  # coded once more, then reused
            out["rollup_s"], out["rollup_cpu_s"] = _times(full, repeat)
            out["rollup_cells_s"], out["rollup_cells_cpu_s"] = _times(cells, repeat)
            out["rows"] = counted[0]
        finally:
            dfile.close()
        out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=LINES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args(argv)
    result = run(args.lines, args.repeat)
    print_result(
        {k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()}, args.json
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
