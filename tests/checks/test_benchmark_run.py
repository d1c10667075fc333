"""`benchmarks.run` measures what it says on the department it says (a small one here), and
`benchmarks.report` writes its table from those outputs only."""

from __future__ import annotations

from benchmarks import report
from benchmarks.run import SLOW, run, sizes


def test_sizes_scale_units_and_projects_with_the_lines():
    assert sizes(20_000) == {"lines": 20_000, "units": 50, "projects": 300}
    assert sizes(5_000) == {"lines": 5_000, "units": 12, "projects": 75}
    assert sizes(320_000) == {"lines": 320_000, "units": 800, "projects": 4_800}


def test_engine_measures_of_a_small_department(tmp_path):
    out = run(400, repeat=1, skip=SLOW, keep=tmp_path)
    assert (out["lines"], out["units"], out["projects"]) == (400, 1, 6)
    assert out["expenditure_lines"] == 400  # the generated department, all of it
    for key in ("open_ms", "rollup_ms", "edit_all_ms", "check_ms", "floor_rollup_ms"):
        assert out[key] > 0, key
    # The floors are measured on the same lines: a dict update is cheaper than the whole edit.
    assert out["floor_edit_ms"] < out["edit_all_ms"] <= out["edit_with_write_ms"]
    assert out["rules"] > 100 and out["findings"] > 0
    assert not set(out) & {"gui_edit_ms", "start_s", "pdf_s"}  # skipped, so absent
    assert (tmp_path / "generated-1-400.budget").exists()  # kept for the next run


def test_report_prints_one_column_per_run():
    small = {"lines": 5000, "edit_all_ms": 4.0, "floor_edit_ms": 0.002, "rules": 127}
    large = {"lines": 20000, "edit_all_ms": 6.0, "floor_edit_ms": 0.003, "rules": 127}
    text = report.table([large, small])
    assert "| 项目 | 单位 | 5k | 20k | 目标 |" in text
    assert "| 改一条明细 → 全部表和全部审核更新 | ms | 4.0 | 6.0 |" in text
    assert "| 一次编辑 ÷ 下限 | 倍 | 2,000× | 2,000× | |" in text
    assert "| 全量汇总全部标准表（含生成结果） | ms | — | — |" in text  # not measured
