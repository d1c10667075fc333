"""GUI benchmark on the large generated department: start-up to a usable window, and the time from
an edit being committed to the visible standard table being updated.

    python -m benchmarks.bench_gui [--repeat 30] [--lines 20000] [--rss-lines 320000]

`edit_repaint_ms` is the figure a user feels: a value set in the grid on screen (as its editor
commits it) until that grid has painted again, checks and tables updated on the way.
`gui_peak_rss_mib` is the peak resident memory of the whole program opening a department.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def run(repeat: int) -> dict[str, float]:
    """Start-up, then `repeat` edits typed into the window's first view (the 人员经费 grid), each
    timed from the cell's `setData` — what the grid's editor calls when the user presses Enter —
    until that grid has painted again (`commit_to_painted_median_s`, the figure `benchmarks.run`
    reports as `gui_edit_ms`) and until the event loop is idle again, the findings list updated
    and painted too (`edit_settled_median_s`); `edit_cpu_median_s` is the CPU time of the
    latter, steadier than wall time on a shared machine."""
    try:
        from benchmarks.generate import generate
    except ImportError:
        print("benchmarks/generate.py 不存在，跳过 GUI 基准测试。")
        return {}
    from PySide6.QtCore import QSettings

    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        path = generate(Path(tmp) / "large.budget")

        t0 = time.perf_counter()
        from desktop.ui.app import application
        from desktop.ui.main_window import MainWindow

        app = application()
        window = MainWindow()
        window.resize(1400, 900)
        window.show()
        assert window.open_path(path)
        app.processEvents()
        startup = time.perf_counter() - t0
        times = _edit_times(app, window, ("basic", "personnel"), repeat)
        ledger = window.document.ledger
        checker = window.document.checker
        findings = len(checker.findings) if checker is not None else -1
        window.document.undo_stack.clear()
        window.close()
        app.processEvents()
    painted = statistics.median(times["painted"])
    return {
        "findings": float(findings),
        "startup_s": startup,
        "commit_to_painted_median_s": painted,  # from the edit, not the commit (name kept)
        "edit_to_painted_median_s": painted,
        "edit_settled_median_s": statistics.median(times["settled"]),
        "edit_cpu_median_s": statistics.median(times["cpu"]),
        "lines": float(len(ledger.expenditure_lines)),
    }


def _edit_times(app, window, view: tuple, repeat: int) -> dict[str, list[float]]:  # noqa: ANN001
    """Seconds per edit of the amount cells (30101) of the grid of `view`, shown in `window`:
    from `setData` to the end of the event pass that painted the grid ("painted"), and to the
    end of the pass after which nothing is left to do ("settled", the findings list included;
    "cpu": its CPU time). The rows edited are the ones on screen, so every edit is seen."""
    from PySide6.QtCore import QEvent, QObject

    from desktop.ui.main_window import WARM_UP_DELAY_MS

    grid = window.show_view(view)
    model = grid.model()
    deadline = time.perf_counter() + WARM_UP_DELAY_MS / 1000 + 0.5
    while time.perf_counter() < deadline:  # start-up work (warm-up timer) out of the way
        app.processEvents()
        time.sleep(0.01)
    painted: list[float] = []

    class _Paints(QObject):
        def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                painted.append(time.perf_counter())
            return False

    spy = _Paints()
    grid.viewport().installEventFilter(spy)
    column = model.column_of("30101")
    # Rows wholly on screen: an edit of a row scrolled away paints nothing.
    shown = max(1, grid.rowAt(grid.viewport().height() - 1) - 1)
    rows = min(model.rowCount(), shown if shown > 0 else model.rowCount())
    times: dict[str, list[float]] = {"painted": [], "settled": [], "cpu": []}
    for i in range(repeat):
        _drain(app)
        painted.clear()
        index = model.index(i % rows, column)
        start, cpu = time.perf_counter(), time.process_time()
        assert model.setData(index, str(10 + i))
        while not painted:  # the paint is done when the event pass delivering it returns
            app.processEvents()
        times["painted"].append(time.perf_counter() - start)
        _drain(app)
        times["settled"].append(time.perf_counter() - start)
        times["cpu"].append(time.process_time() - cpu)
    grid.viewport().removeEventFilter(spy)
    return times


def _drain(app) -> None:  # noqa: ANN001
    """Let the event loop finish what an edit queued: the findings list follows on the next turn
    (a zero timer), and its repaint on the turn after that."""
    for _ in range(4):
        app.processEvents()


def _department(tmp: str, lines: int) -> Path:
    from benchmarks.generate import generate

    return generate(Path(tmp) / f"large-{lines}.budget", lines=lines)


def edit_repaint_ms(
    path: Path | None = None,
    lines: int = 20_000,
    repeat: int = 30,
    view: tuple = ("basic", "personnel"),
) -> float:
    """Median milliseconds from `setData` on a cell of the grid on screen to the end of that
    grid's next paint (the department at `path`, or a generated one of `lines` lines)."""
    from PySide6.QtCore import QSettings

    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        if path is None:
            path = _department(tmp, lines)
        else:  # the edits are saved: never into the caller's file
            path = Path(shutil.copy(path, Path(tmp) / "edited.budget"))
        from desktop.ui.app import application
        from desktop.ui.main_window import MainWindow

        app = application()
        window = MainWindow()
        window.resize(1400, 900)
        window.show()
        assert window.open_path(path)
        times = _edit_times(app, window, view, repeat)
        window.document.undo_stack.clear()
        window.close()
        app.processEvents()
    return statistics.median(times["painted"]) * 1000


def gui_peak_rss_mib(path: Path | None = None, lines: int = 320_000) -> float:
    """Peak resident memory (MiB) of the whole program opening `path` (or a generated department
    of `lines` lines) and drawing its window once, offscreen."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        path = path or _department(tmp, lines)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=tmp, XDG_CONFIG_HOME=tmp)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
        command = [sys.executable, "-m", "desktop", str(path), "--quit-after-load"]
        proc = subprocess.Popen(
            command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        error = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
        if proc.returncode != 0:
            raise RuntimeError(f"the program failed (exit {proc.returncode}): {error[-2000:]}")
    return usage.ru_maxrss / 1024  # KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--rss-lines", type=int, default=0, help="also the peak memory at N lines")
    args = parser.parse_args()
    repaint = edit_repaint_ms(lines=args.lines, repeat=args.repeat)
    print(f"{args.lines} 条明细：编辑 → 表格重绘完成（中位数）：{repaint:.1f} ms")
    if args.rss_lines:
        peak = gui_peak_rss_mib(lines=args.rss_lines)
        print(f"{args.rss_lines} 条明细：打开并显示窗口的内存峰值：{peak:.0f} MiB")
    results = run(args.repeat)
    if not results:
        return 0
    print(f"大型部门：{int(results['lines'])} 条支出明细（Python {sys.version.split()[0]}）")
    findings = int(results["findings"])
    print("审核模块未加载" if findings < 0 else f"审核结果 {findings} 条（每次编辑后重新审核）")
    print(f"启动到窗口可用（含打开文件、计算全部标准表）：{results['startup_s']:.2f} s")
    print(f"录入一格 → 表格重绘完成（中位数）：{_ms(results['edit_to_painted_median_s'])}")
    print(
        f"录入一格 → 审核结果也已更新、界面空闲（中位数）：{_ms(results['edit_settled_median_s'])}"
    )
    print(f"　同上，CPU 时间（中位数）：{_ms(results['edit_cpu_median_s'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
