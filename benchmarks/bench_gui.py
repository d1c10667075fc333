"""GUI benchmark on the large generated department: start-up to a usable window, and the time from
an edit being committed to the visible standard table being updated.

    python -m benchmarks.bench_gui [--repeat 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def run(repeat: int) -> dict[str, float]:
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

        grid = window.show_view(("basic", "personnel"))
        model = grid.model()
        table = window.show_view(("table", 7))  # the visible standard table
        app.processEvents()
        ledger = window.document.ledger
        marks: dict[str, float] = {}
        # First listener: the moment the transaction has committed.
        ledger._listeners.insert(0, lambda _c: marks.__setitem__("commit", time.perf_counter()))  # noqa: SLF001
        for signal in (table.model.dataChanged, table.model.modelReset):
            signal.connect(lambda *_: marks.__setitem__("shown", time.perf_counter()))
        column = model.column_of("30101")
        to_table, typed, painted = [], [], []
        for i in range(repeat):
            marks.clear()
            start = time.perf_counter()
            assert model.apply_edits([(i % model.rowCount(), column, str(10 + i))], "录入")
            done = time.perf_counter()
            table.main.viewport().repaint()
            to_table.append(marks["shown"] - marks["commit"])
            typed.append(done - start)
            painted.append(time.perf_counter() - marks["commit"])
        app.processEvents()
        checker = window.document.checker
        findings = len(checker.findings) if checker is not None else -1
        window.close()
        app.processEvents()
    results = {
        "findings": float(findings),
        "startup_s": startup,
        "commit_to_table_median_s": statistics.median(to_table),
        "commit_to_painted_median_s": statistics.median(painted),
        "edit_total_median_s": statistics.median(typed),
        "lines": float(len(ledger.expenditure_lines)),
    }
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    results = run(args.repeat)
    if not results:
        return 0
    print(f"大型部门：{int(results['lines'])} 条支出明细（Python {sys.version.split()[0]}）")
    findings = int(results["findings"])
    print("审核模块未加载" if findings < 0 else f"审核结果 {findings} 条（每次编辑后重新审核）")
    print(f"启动到窗口可用（含打开文件、计算全部标准表）：{results['startup_s']:.2f} s")
    print(f"编辑提交 → 可见标准表模型更新（中位数）：{_ms(results['commit_to_table_median_s'])}")
    print(f"编辑提交 → 可见标准表重绘完成（中位数）：{_ms(results['commit_to_painted_median_s'])}")
    print(f"整次录入（解析、写入文件、汇总、刷新，中位数）：{_ms(results['edit_total_median_s'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
