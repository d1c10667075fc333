"""One benchmark run over the generated department, printed as one JSON object.

    python -m benchmarks.run --lines 20000 --json [--repeat 15] [--skip gui,start,export]
    python -m benchmarks.run --lines 2000000 --consolidation --repeat 1   # roll-up only, in memory

The department is `benchmarks/generate.py`'s, scaled with `--lines` (20,000 lines go with 50 units
and 300 projects; other sizes scale units and projects alike). Every figure is the median of
`--repeat` runs (the slow export measures: of `--export-repeat` runs), measured on the same file in
the same process, so that the floors compare like with like. The machine's load average before
and after is recorded, since other processes sharing the CPUs stretch every wall time:

- `open_ms`: open the file and load the ledger;
- `rollup_ms`: full roll-up of every standard table, results materialized (`rollup_cpu_ms`: CPU
  time; likewise `check_cpu_ms`). A large department's roll-up is columnar and reuses the items it
  coded from the ledger's records while those records are unchanged, so on the same ledger every
  roll-up after the first skips reading them: `rollup_cold_ms` is the same full roll-up with
  nothing reused (the first one after opening a file);
- `rollup_cells_ms`: full roll-up with every cell computed and nothing materialized (no `Row`
  made): the part of `rollup_ms` that sums;
- `edit_all_ms`: one edit of an expenditure line's amount, from the moment the write has
  committed until every table is materialized again and every check has been re-run
  (`edit_all_cpu_ms`: the same in CPU time; `edit_with_write_ms`: including validation and the
  write to disk);
- `check_ms`: every enabled rule from scratch (`Checker.refresh`);
- `floor_rollup_ms`: numpy sums of the same lines by the keys the tables group them by;
- `floor_edit_ms`: the aggregates one edit touches, updated in a dict;
- with `--office`, `office_ratio`: LibreOffice's time converting our workbook cut down to the 21
  table sheets to PDF, divided by ours for the same tables, from one run (`office_ours_s`,
  `office_libreoffice_s` and both page counts alongside);
- `gui_edit_ms`, `gui_edit_settled_ms`, `gui_edit_cpu_ms` and `peak_rss_mib` (`bench_gui`, in a
  child process: a cell typed → its grid repainted; → also the findings list updated and the
  window idle, in wall and CPU time; that process's peak memory), `start_s` (a whole `python -m desktop FILE --quit-after-load`; `demo_start_s` the same on the
  demo department),
  `pdf_s`, `xlsx_export_s`, `xlsx_import_s` (the exports `bench_export` times).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.generate import LINES, PROJECTS, UNITS, generate

ROOT = Path(__file__).resolve().parent.parent
SLOW = ("gui", "start", "export")


def sizes(lines: int) -> dict[str, int]:
    """Units and projects scaled with the lines, as 50 / 300 go with 20,000."""
    return {
        "lines": lines,
        "units": max(1, round(UNITS * lines / LINES)),
        "projects": max(1, round(PROJECTS * lines / LINES)),
    }


def median_ms(fn: Callable[[], object], repeat: int, clock=time.perf_counter) -> float:  # noqa: ANN001
    """Median time of `fn` in milliseconds, by wall clock (or by `clock`, e.g. CPU time)."""
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append(clock() - start)
    return statistics.median(times) * 1000


# -- the engine, in this process --------------------------------------------------------------
def measure_open(path: Path, repeat: int) -> float:
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile

    def job() -> None:
        dfile = DepartmentFile.open(path, readonly=True)
        Ledger(dfile)
        dfile.close()

    return median_ms(job, repeat)


def measure_rollup(
    ledger,  # noqa: ANN001
    repeat: int,
    clock=time.perf_counter,  # noqa: ANN001
    materialize: bool = True,
    cold: bool = False,
) -> float:
    """Full roll-up: every table materialized (or, with `materialize` False, only its cells
    computed); `cold`: with nothing kept from an earlier roll-up of the same ledger."""
    from desktop.tables import columnar
    from desktop.tables.engine import Rollup

    def job() -> None:
        rollup = Rollup(ledger)
        if materialize:
            rollup.results()
        rollup.close()

    def forget() -> None:
        columnar.forget(ledger)

    if not cold:
        return median_ms(job, repeat, clock)
    times = []
    for _ in range(repeat):
        forget()
        times.append(median_ms(job, 1, clock))
    return statistics.median(times)


def measure_check(checker, repeat: int, clock=time.perf_counter) -> float:  # noqa: ANN001
    return median_ms(checker.refresh, repeat, clock)


def measure_edit_all(ledger, rollup, checker, repeat: int) -> dict[str, float]:  # noqa: ANN001
    """One edit of a line's amount: from the commit until every table is materialized and every
    check re-run (`edit_all_ms`; also in CPU time), and the whole edit including validation and
    the write to disk (`edit_with_write_ms`).

    The roll-up and the checker listen to the ledger; a first listener marks the commit. After
    `apply` returns every table is materialized, as a view showing it would do."""
    from desktop.records import Change

    marks: dict[str, float] = {}

    def mark(_changes: object) -> None:
        marks["wall"], marks["cpu"] = time.perf_counter(), time.process_time()

    ledger._listeners.insert(0, mark)  # noqa: SLF001
    lines = list(ledger.expenditure_lines.values())
    after_commit, cpu, whole = [], [], []
    try:
        for i in range(repeat):
            old = ledger.expenditure_lines[lines[(i * 7919) % len(lines)].id]
            new = dataclasses.replace(old, amount=old.amount + 12_34)
            start = time.perf_counter()
            ledger.apply([Change(old, new)])
            rollup.results()
            checker.findings  # noqa: B018 - what a findings list would read
            end, end_cpu = time.perf_counter(), time.process_time()
            after_commit.append(end - marks["wall"])
            cpu.append(end_cpu - marks["cpu"])
            whole.append(end - start)
    finally:
        ledger._listeners.remove(mark)  # noqa: SLF001
    return {
        "edit_all_ms": statistics.median(after_commit) * 1000,
        "edit_all_cpu_ms": statistics.median(cpu) * 1000,
        "edit_with_write_ms": statistics.median(whole) * 1000,
    }


def _columns(ledger):  # noqa: ANN001, ANN202
    """The lines as integer-coded numpy columns (codes numbered in order of appearance)."""
    import numpy as np

    def coded(values: list[str]) -> np.ndarray:
        numbers: dict[str, int] = {}
        return np.fromiter((numbers.setdefault(v, len(numbers)) for v in values), np.int64)

    lines = list(ledger.expenditure_lines.values())
    unit_function = coded([ln.unit_code + ln.function_code for ln in lines])
    econ = coded([ln.econ_code for ln in lines])
    unit = coded([ln.unit_code for ln in lines])
    project = coded([ln.project_code for ln in lines])
    column = coded([ln.kind + ln.fund_source for ln in lines])  # a table's amount column
    amount = np.fromiter((ln.amount for ln in lines), np.int64)
    return unit_function, econ, unit, project, column, amount


def measure_floor_rollup(ledger, repeat: int) -> float:  # noqa: ANN001
    """numpy over the same lines: sums by (row key × amount column) for the four row axes
    the tables use (unit × function, economic code, unit, project). Exact: the sums stay far
    below 2**53 分, where float64 weights are exact."""
    import numpy as np

    unit_function, econ, unit, project, column, amount = _columns(ledger)
    width = int(column.max()) + 1
    weights = amount.astype(np.float64)

    def job() -> None:
        for rows in (unit_function, econ, unit, project):
            sums = np.bincount(rows * width + column, weights=weights)
            sums.astype(np.int64)

    return median_ms(job, repeat)


def measure_floor_edit(ledger, repeat: int) -> float:  # noqa: ANN001
    """One edit's aggregates updated in a dict: the line's (row, column) in each of 12 tables."""
    line = next(iter(ledger.expenditure_lines.values()))
    keys = [(t, line.unit_code, line.function_code, line.kind, line.fund_source) for t in range(12)]
    cells = dict.fromkeys(keys, 0)
    inner = 1000

    def job() -> None:
        for _ in range(inner):
            for key in keys:
                cells[key] += 12_34

    return median_ms(job, repeat) / inner


def engine_measures(path: Path, repeat: int, work: Path) -> dict[str, float]:
    from desktop.checks.engine import Checker
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile
    from desktop.tables.engine import Rollup

    out: dict[str, float] = {"open_ms": measure_open(path, repeat)}
    edited = work / "edited.budget"  # edits go to a copy in this run's own folder
    shutil.copyfile(path, edited)
    dfile = DepartmentFile.open(edited)
    try:
        ledger = Ledger(dfile)
        out["rollup_ms"] = measure_rollup(ledger, repeat)
        out["rollup_cpu_ms"] = measure_rollup(ledger, repeat, time.process_time)
        out["rollup_cold_ms"] = measure_rollup(ledger, repeat, cold=True)
        out["rollup_cells_ms"] = measure_rollup(ledger, repeat, materialize=False)
        rollup = Rollup(ledger)
        rollup.results()
        checker = Checker(ledger, rollup)
        out["check_ms"] = measure_check(checker, repeat)
        out["check_cpu_ms"] = measure_check(checker, repeat, time.process_time)
        out["rules"] = len(checker.rules)
        out["findings"] = len(checker.findings)
        out.update(measure_edit_all(ledger, rollup, checker, repeat * 4))
        out["floor_rollup_ms"] = measure_floor_rollup(ledger, repeat)
        out["floor_edit_ms"] = measure_floor_edit(ledger, repeat)
        out["expenditure_lines"] = len(ledger.expenditure_lines)
        out["income_lines"] = len(ledger.income_lines)
        checker.close()
        rollup.close()
    finally:
        dfile.close()
    return out


# -- the application and the exports (issue 19 part 2's measures) -----------------------------
_GUI_CHILD = """
import json, resource, shutil, sys
import benchmarks.generate as generate_module
source = sys.argv[1]
generate_module.generate = lambda path, *a, **k: shutil.copyfile(source, path)
from benchmarks import bench_gui
result = bench_gui.run(int(sys.argv[2]))
result["peak_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(result))
"""


def _child_env(work: Path) -> dict[str, str]:
    """An offscreen Qt and private settings, so a run never touches the user's."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["XDG_CONFIG_HOME"] = str(work / "config")
    env["XDG_DATA_HOME"] = str(work / "data")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def measure_gui(path: Path, repeat: int, work: Path) -> dict[str, float]:
    """`bench_gui` in a child process on this department: a cell typed in the grid on screen →
    that grid repainted (`gui_edit_ms`), → the findings list updated too and the window idle
    (`gui_edit_settled_ms`, and its CPU time `gui_edit_cpu_ms`), and the peak memory of that GUI
    process."""
    done = subprocess.run(
        [sys.executable, "-c", _GUI_CHILD, str(path), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=_child_env(work),
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "gui_edit_ms": result["edit_to_painted_median_s"] * 1000,
        "gui_edit_settled_ms": result["edit_settled_median_s"] * 1000,
        "gui_edit_cpu_ms": result["edit_cpu_median_s"] * 1000,
        "peak_rss_mib": result["peak_rss_kib"] / 1024,
    }


def measure_start(path: Path, repeat: int, work: Path) -> float:
    """Whole process: interpreter start, imports, open the file, first paint, quit (seconds)."""
    from benchmarks.bench_start import with_bytecode

    cmd = [sys.executable, "-m", "desktop", str(path), "--quit-after-load"]
    env = with_bytecode(_child_env(work))
    subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT, env=env)  # warm-up, not counted
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure_exports(path: Path, repeat: int, work: Path) -> dict[str, float]:
    """PDF and workbook of the 21 standard tables and the import of that workbook (seconds),
    through the functions `bench_export` times."""
    from benchmarks import bench_export
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile
    from desktop.tables.engine import Rollup

    pdf, xlsx, target = work / "out.pdf", work / "out.xlsx", work / "imported.budget"
    times: dict[str, list[float]] = {}
    dfile = DepartmentFile.open(path, readonly=True)
    try:
        ledger = Ledger(dfile)
        rollup = Rollup(ledger)
        rollup.results()  # the tables are computed already in the running application
        for _ in range(repeat):
            for name, paths in (
                ("pdf_s", {"pdf_path": pdf}),
                ("xlsx_export_s", {"xlsx_path": xlsx}),
            ):
                start = time.perf_counter()
                bench_export.run_export(
                    dfile, ledger, rollup, tables=bench_export.TABLES, draft=True, **paths
                )
                times.setdefault(name, []).append(time.perf_counter() - start)
            target.unlink(missing_ok=True)
            start = time.perf_counter()
            bench_export.import_workbook(target, xlsx)
            times.setdefault("xlsx_import_s", []).append(time.perf_counter() - start)
        rollup.close()
    finally:
        dfile.close()
    return {name: statistics.median(values) for name, values in times.items()}


def demo_file(work: Path) -> Path:
    """The bundled demo department, written afresh (what `./dev.sh demo` opens)."""
    from desktop.demo import write_demo

    path = work / "demo.budget"
    write_demo(path).close()
    return path


def measure_office(path: Path) -> dict[str, float]:
    """One run, the same pages on both sides: our PDF of tables 1–21 against LibreOffice
    converting our workbook cut down to those 21 table sheets (`bench_export.libreoffice_ratio`);
    nothing when LibreOffice is not installed."""
    from benchmarks.bench_export import libreoffice_ratio

    found = libreoffice_ratio(path)
    return {
        f"office_{key}" if key != "ratio" else "office_ratio": value for key, value in found.items()
    }


def run(
    lines: int,
    repeat: int = 15,
    export_repeat: int = 3,
    skip: tuple[str, ...] = (),
    keep: Path | None = None,
    seed: int = 1,
    office: bool = False,
) -> dict[str, object]:
    """Generate the department of `lines` lines (or reuse it from `keep`) and measure it."""
    work = Path(tempfile.mkdtemp(prefix="bench-run-"))
    try:
        size = sizes(lines)
        path = (keep or work) / f"generated-{seed}-{lines}.budget"
        if not path.exists():
            if keep:
                keep.mkdir(parents=True, exist_ok=True)
            generate(path, seed=seed, **size)
        out: dict[str, object] = {
            **size,
            "machine": f"{os.cpu_count()} CPUs, {platform.machine()}",
            "python": platform.python_version(),
            "date": time.strftime("%Y-%m-%d %H:%M"),
            # Other processes share the CPUs: wall times stretch with the load, CPU times less.
            "load_before": round(os.getloadavg()[0], 2),
        }
        gc.collect()
        out.update(engine_measures(path, repeat, work))
        if "gui" not in skip:
            out.update(measure_gui(path, repeat, work))
        if "start" not in skip:
            out["start_s"] = measure_start(path, max(3, export_repeat), work)
            out["demo_start_s"] = measure_start(demo_file(work), max(3, export_repeat), work)
        if "export" not in skip:
            out.update(measure_exports(path, export_repeat, work))
        if office:
            out.update(measure_office(path))
        out["peak_rss_benchmark_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out["load_after"] = round(os.getloadavg()[0], 2)
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _rounded(value: object) -> object:
    if isinstance(value, float):
        return float(f"{value:.4g}") if value < 10 else round(value, 1)
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=LINES)
    parser.add_argument("--scale", type=float, help="lines as a multiple of 20,000 (e.g. 0.25, 16)")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--export-repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip", default="", help=f"comma-separated, of {', '.join(SLOW)}")
    parser.add_argument("--keep", type=Path, help="folder to keep (and reuse) generated files")
    parser.add_argument("--json", action="store_true", help="one JSON object (the default form)")
    parser.add_argument(
        "--office", action="store_true", help="also LibreOffice converting the same 21 tables"
    )
    parser.add_argument(
        "--consolidation",
        action="store_true",
        help="only the full roll-up of a ledger of --lines lines built in memory (bench_consolidation)",
    )
    args = parser.parse_args(argv)
    lines = round(LINES * args.scale) if args.scale else args.lines
    if args.consolidation:  # a consolidation-sized ledger: no file, no checks, no window
        from benchmarks import bench_consolidation

        result = bench_consolidation.run(lines, args.repeat)
        print_result({k: _rounded(v) for k, v in result.items()}, as_json=True)
        return 0
    skip = tuple(s for s in args.skip.split(",") if s)
    unknown = set(skip) - set(SLOW)
    if unknown:
        parser.error(f"unknown --skip: {', '.join(sorted(unknown))}")
    result = run(lines, args.repeat, args.export_repeat, skip, args.keep, args.seed, args.office)
    print_result({k: _rounded(v) for k, v in result.items()}, args.json)
    return 0


def print_result(result: dict, as_json: bool) -> None:
    """One JSON object, or a key and value per line."""
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:<24} {value}")


if __name__ == "__main__":
    sys.exit(main())
