"""A small 部门决算 ledger survives a workbook round trip: its kind, its 结转和结余, 决算对照预算数,
三公经费数量, 绩效自评 and 指标自评 (sheets derived from the record declarations); a budget
workbook has none of those sheets; scores and indicator row numbers are checked on import."""

from __future__ import annotations

from dataclasses import astuple, replace

import openpyxl
import pytest

from desktop.errors import BudgetError, LedgerError
from desktop.export.flat_final import FINAL_NAMES
from desktop.export.importer import import_workbook
from desktop.export.service import run_export
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.performance import parse_comparator
from desktop.records import (
    ActivityCount,
    BalanceLine,
    BudgetBaselineLine,
    ExpenditureLine,
    IncomeLine,
    Indicator,
    IndicatorResult,
    Project,
    SelfEvaluation,
    Unit,
)
from desktop.tables.engine import Rollup


@pytest.fixture
def final_file(tmp_path):
    """A 决算 file: one unit, one project, actual income and spending, and the 决算 records."""
    dfile = DepartmentFile.create(
        tmp_path / "final.budget", "601", "市工业和信息化局", 2025, "final"
    )
    ledger = Ledger(dfile)
    ledger.add(
        Unit("601001", "市工业和信息化局机关"),
        Project("601001-XM01", "601001", "产业发展专项"),
        IncomeLine(None, "601001", "2150101", "gp_appropriation", 1_000_000_00),
        ExpenditureLine(
            None, "601001", "2150101", "30101", "gp_appropriation", "personnel", "", 600_000_00
        ),
        ExpenditureLine(
            None,
            "601001",
            "2150101",
            "30201",
            "gp_appropriation",
            "project",
            "601001-XM01",
            350_000_00,
        ),
        BalanceLine(None, "601001", "2150101", "gp_appropriation", 120_000_00, 0, 0, 170_000_00),
        BalanceLine(
            None, "601001", "2150101", "business_income", 5_000_12, 1_000_00, 0, 4_000_12, 1
        ),
        BudgetBaselineLine(
            None,
            "601001",
            "2150101",
            "30101",
            "gp_appropriation",
            "personnel",
            "",
            580_000_00,
            610_000_00,
        ),
        BudgetBaselineLine(
            None,
            "601001",
            "2150101",
            "30201",
            "gp_appropriation",
            "project",
            "601001-XM01",
            300_000_00,
            360_000_00,
            1,
        ),
        ActivityCount("reception_batches", 12),
        ActivityCount("vehicles_held", 3),
        Indicator(None, "", "产出指标", "数量指标", "政策文件出台数", "≥", "5", "个"),
        Indicator(None, "601001-XM01", "产出指标", "数量指标", "扶持企业数", "≥", "30", "家"),
        Indicator(
            None,
            "601001-XM01",
            "效益指标",
            "社会效益指标",
            "企业满意度",
            "≥",
            "90%",
            "%",
            sort_order=1,
        ),
        SelfEvaluation("", "全面完成年度工作任务。", 1000, "总体良好。"),
        SelfEvaluation("601001-XM01", "扶持企业 32 家。", 950, "资金拨付略晚。"),
    )
    ids = {ind.name: ind.id for ind in ledger.indicators.values()}
    ledger.add(
        IndicatorResult(ids["扶持企业数"], "32家", 1000, 1000, ""),
        IndicatorResult(ids["企业满意度"], "88%", 1050, 975, "宣传不足，下年加强走访。"),
        IndicatorResult(ids["政策文件出台数"], "6个", 2000, 2000, ""),
    )
    yield dfile, ledger
    dfile.close()


def _export(tmp_path, dfile, ledger):
    out = tmp_path / "final.xlsx"
    info = run_export(dfile, ledger, Rollup(ledger), xlsx_path=out, draft=True)
    assert info.workbook is not None
    return out, info.workbook.digest


def _content(record) -> tuple:
    """A record without its id and order (import numbers both afresh, in the sheet's order)."""
    return astuple(replace(record, id=None, sort_order=0))


def _results(ledger: Ledger) -> set[tuple]:
    """Indicator results by the indicator they belong to (its name), not by its id."""
    names = {ind.id: ind.name for ind in ledger.indicators.values()}
    return {(names[r.indicator_id], *astuple(r)[1:]) for r in ledger.indicator_results.values()}


def test_final_round_trip(tmp_path, final_file):
    dfile, ledger = final_file
    out, digest = _export(tmp_path, dfile, ledger)
    wb = openpyxl.load_workbook(out, read_only=True)
    cover = {r[0]: r[1] for r in wb["封面"].iter_rows(values_only=True) if r and r[0]}
    assert cover["文件类别"] == "部门决算"
    assert all(name in wb.sheetnames for name in FINAL_NAMES.values())
    header = next(wb["结转和结余"].iter_rows(max_row=1, values_only=True))
    assert header[:6] == (
        "单位编码",
        "功能科目编码",
        "功能科目名称",
        "资金来源编码",
        "资金来源名称",
        "年初结转和结余（元）",
    )
    rows = list(wb["指标自评"].iter_rows(values_only=True))
    # Results name their indicator by its row in 绩效指标 (department first, then the project's).
    assert rows[0] == ("绩效指标序号", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    assert sorted(r[:4] for r in rows[1:]) == [
        ("1", "6个", 20, 20),
        ("2", "32家", 10, 10),
        ("3", "88%", 10.5, 9.75),
    ]
    wb.close()

    target = tmp_path / "imported.budget"
    report = import_workbook(target, out)
    assert not report.modified and report.digest == digest
    assert report.department.kind == "final"
    assert report.counts["balance_lines"] == 2 and report.counts["indicator_results"] == 3
    new_file = DepartmentFile.open(target, readonly=True)
    try:
        again = Ledger(new_file)
        assert again.is_final
        for prop in ("balance_lines", "baseline_lines", "indicators"):
            old = sorted(map(_content, getattr(ledger, prop).values()))
            assert sorted(map(_content, getattr(again, prop).values())) == old, prop
        assert again.activity_counts == ledger.activity_counts
        assert again.self_evaluations == ledger.self_evaluations
        assert _results(again) == _results(ledger)
        closing = sorted(b.closing for b in again.balance_lines.values())
        assert closing == [4_000_12, 170_000_00]
        assert again.self_evaluations["601001-XM01"].execution_points == 950
    finally:
        new_file.close()


def test_budget_workbook_has_no_final_sheets(tmp_path, demo_path):
    dfile = DepartmentFile.open(demo_path, readonly=True)
    try:
        out, _digest = _export(tmp_path, dfile, Ledger(dfile))
    finally:
        dfile.close()
    wb = openpyxl.load_workbook(out, read_only=True)
    assert not set(FINAL_NAMES.values()) & set(wb.sheetnames)
    cover = {r[0]: r[1] for r in wb["封面"].iter_rows(values_only=True) if r and r[0]}
    assert "文件类别" not in cover and "行数：结转和结余" not in cover
    wb.close()


def _spoil(path, sheet: str, change) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    change(ws, {c.value: c.column for c in ws[1]})
    wb.save(path)


def test_bad_score_and_indicator_number_are_refused(tmp_path, final_file):
    dfile, ledger = final_file
    out, _digest = _export(tmp_path, dfile, ledger)

    def spoil(ws, header):
        ws.cell(2, header["分值"]).value = 10.555  # a third decimal
        ws.cell(3, header["得分"]).value = -1
        ws.cell(4, header["绩效指标序号"]).value = "9"

    _spoil(out, "指标自评", spoil)
    target = tmp_path / "bad.budget"
    with pytest.raises(BudgetError) as info:
        import_workbook(target, out, accept_modified=True)
    message = str(info.value)
    assert (
        "工作表“指标自评”第 2 行 C 列（分值）：值“10.555”，应为不小于 0、最多两位小数的分数。"
        in message
    )
    assert (
        "工作表“指标自评”第 3 行 D 列（得分）：值“-1”，应为不小于 0、最多两位小数的分数。"
        in message
    )
    assert not target.exists()

    out, _digest = _export(tmp_path, dfile, ledger)
    _spoil(out, "指标自评", lambda ws, header: ws.cell(4, header["绩效指标序号"], "9"))
    with pytest.raises(BudgetError) as info:
        import_workbook(target, out, accept_modified=True)
    assert (
        "工作表“指标自评”第 4 行 A 列（绩效指标序号）：值“9”，工作表“绩效指标”中没有第 9 条绩效指标"
        "（共 3 条），应为 1 到 3 之间的序号。"
    ) in str(info.value)


def test_import_reads_the_comparator_through_the_grids_rule(tmp_path, final_file):
    """The rule is the domain's (desktop.performance.parse_comparator): the grid's message for a
    bad comparator is the import's, at the cell; what the grid accepts (">=") imports as "≥"."""
    dfile, ledger = final_file
    with pytest.raises(LedgerError) as grid:
        parse_comparator("约等于")
    out, _digest = _export(tmp_path, dfile, ledger)
    _spoil(out, "绩效指标", lambda ws, header: ws.cell(2, header["指标值类型"], "约等于"))
    target = tmp_path / "bad.budget"
    with pytest.raises(BudgetError) as info:
        import_workbook(target, out, accept_modified=True)
    assert f"工作表“绩效指标”第 2 行 E 列（指标值类型）：{grid.value}" in str(info.value)
    assert str(grid.value) == "指标值类型“约等于”无效，请填写 ≥ ≤ = > < 定性 定量 之一。"

    out, _digest = _export(tmp_path, dfile, ledger)
    _spoil(out, "绩效指标", lambda ws, header: ws.cell(2, header["指标值类型"], "大于等于"))
    import_workbook(target, out, accept_modified=True)
    new_file = DepartmentFile.open(target, readonly=True)
    try:
        comparators = {i.name: i.comparator for i in Ledger(new_file).indicators.values()}
    finally:
        new_file.close()
    assert comparators == {"政策文件出台数": "≥", "扶持企业数": "≥", "企业满意度": "≥"}
