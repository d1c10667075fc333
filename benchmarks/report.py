"""The scaling table of docs/PERFORMANCE.md, written from `benchmarks.run --json` outputs only.

    python -m benchmarks.report RUN.json [RUN.json …]   # one file per size, any order

Each column is one run (one department size); a measure a run skipped prints as —. The goals are
issue 19's; "ratio to the floor" divides a measure by the floor measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# (key, Chinese label, unit shown, goal text per size or for all)
MEASURES: tuple[tuple[str, str, str, str], ...] = (
    ("open_ms", "打开文件并读入全部明细", "ms", "—"),
    ("rollup_ms", "全量汇总全部标准表（含生成结果）", "ms", "20k < 30 ms，320k < 500 ms"),
    ("rollup_cpu_ms", "　同上，CPU 时间", "ms", ""),
    ("rollup_cold_ms", "　同上，不沿用上次读入的明细编码（打开文件后的第一次）", "ms", ""),
    ("rollup_cells_ms", "　只算出全部单元格（不生成结果）", "ms", ""),
    ("floor_rollup_ms", "　下限：numpy 按行键 × 列汇总同一批明细", "ms", ""),
    ("edit_all_ms", "改一条明细 → 全部表和全部审核更新", "ms", "20k < 2 ms，320k < 5 ms"),
    ("edit_all_cpu_ms", "　同上，CPU 时间", "ms", ""),
    ("floor_edit_ms", "　下限：在字典中更新受影响的 12 个汇总数", "ms", ""),
    ("edit_with_write_ms", "　含校验与写入磁盘的整次编辑", "ms", ""),
    ("check_ms", "全部审核（从头）", "ms", "20k < 30 ms"),
    ("check_cpu_ms", "　同上，CPU 时间", "ms", ""),
    ("gui_edit_ms", "界面：录入一格 → 该表格重绘完成", "ms", "20k < 16 ms，320k < 30 ms"),
    ("gui_edit_settled_ms", "　录入一格 → 审核结果也已更新、界面空闲", "ms", ""),
    ("gui_edit_cpu_ms", "　同上，CPU 时间", "ms", ""),
    ("start_s", "整个进程启动到窗口可用", "s", "20k < 1 s"),
    ("demo_start_s", "　同上，演示部门", "s", "< 0.6 s"),
    ("pdf_s", "21 张表的 PDF", "s", "20k < 1.5 s"),
    ("xlsx_export_s", "工作簿导出", "s", "20k < 1 s"),
    ("xlsx_import_s", "工作簿导入", "s", "20k < 1 s"),
    ("office_ratio", "LibreOffice 把同样 21 张表转成 PDF 的用时 ÷ 本软件", "倍", ""),
    ("peak_rss_mib", "界面进程峰值内存", "MiB", "320k < 400 MiB"),
)


def _size(run: dict) -> str:
    lines = run["lines"]
    return f"{lines // 1000}k" if lines % 1000 == 0 else str(lines)


def _cell(value: object, unit: str) -> str:
    if value is None:
        return "—"
    number = float(value)  # type: ignore[arg-type]
    if unit == "ms" and number < 1:
        return f"{number:.3f}"
    if unit == "s":
        return f"{number:.2f}"
    return f"{number:,.1f}" if number < 100 else f"{number:,.0f}"


def table(runs: list[dict]) -> str:
    runs = sorted(runs, key=lambda r: r["lines"])
    head = "| 项目 | 单位 | " + " | ".join(_size(r) for r in runs) + " | 目标 |"
    out = [head, "|" + "---|" * (len(runs) + 3)]
    for key, label, unit, goal in MEASURES:
        cells = [_cell(r.get(key), unit) for r in runs]
        out.append(f"| {label} | {unit} | " + " | ".join(cells) + f" | {goal} |")
    ratios = []
    for key, floor, label in (
        ("rollup_ms", "floor_rollup_ms", "全量汇总 ÷ 下限"),
        ("edit_all_ms", "floor_edit_ms", "一次编辑 ÷ 下限"),
    ):
        cells = [f"{r[key] / r[floor]:,.0f}×" if r.get(key) and r.get(floor) else "—" for r in runs]
        ratios.append(f"| {label} | 倍 | " + " | ".join(cells) + " | |")
    out += ratios
    facts = [
        ("units", "单位"),
        ("projects", "项目"),
        ("income_lines", "收入明细"),
        ("rules", "启用的审核规则"),
        ("findings", "审核结果"),
        ("load_before", "测量前的负载（1 分钟平均）"),
        ("load_after", "测量后的负载"),
    ]
    for key, label in facts:
        out.append(f"| {label} | | " + " | ".join(str(r.get(key, "—")) for r in runs) + " | |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path)
    args = parser.parse_args(argv)
    runs = [json.loads(p.read_text(encoding="utf-8")) for p in args.runs]
    print(table(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
