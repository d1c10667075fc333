"""Round trip of the performance targets: department → workbook → import → the same records,
tables, forms and digest; user text beginning with = + - @ stays text."""

from __future__ import annotations

import json

import openpyxl
import pytest

from desktop.export.digest import flat_digest
from desktop.export.explanations_io import read_explanations
from desktop.export.flat import DATASET_ORDER, flat_rows
from desktop.export.importer import import_workbook
from desktop.export.service import run_export
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import (
    CostItem,
    DepartmentTask,
    ExpenditureLine,
    IncomeLine,
    Indicator,
    Project,
    SpecialFund,
    SpendingSchedule,
)
from desktop.tables.engine import Rollup
from desktop.tables.forms import form_sections, performance_layout, sections_to_json
from desktop.tables.forms import set_performance_layout as set_layout

UNIT, GP = "030001", "gp_appropriation"


def _without_ids(value):
    """Forms name the record behind each cell; ids of indicators, cost items and tasks are
    assigned anew by import (they are not data), so only the record type is compared."""
    if isinstance(value, dict):
        return {
            k: (v and {"type": v["type"]}) if k == "source" else _without_ids(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def _snapshot(path):
    dfile = DepartmentFile.open(path, readonly=True)
    try:
        ledger = Ledger(dfile)
        tables = [r.to_json() for r in Rollup(ledger).results()]
        layout = performance_layout(dfile)
        forms = _without_ids(sections_to_json(layout, form_sections(ledger)))
        rows = flat_rows(ledger, read_explanations(dfile))
        records = {
            "indicators": [
                (i.project_code, i.name, i.comparator, i.value, i.measure_unit)
                for code in ("", *sorted(ledger.projects))
                for i in ledger.project_indicators(code)
            ],
            "cost_items": sorted(
                (c.project_code, c.content, c.amount) for c in ledger.cost_items.values()
            ),
            "schedules": sorted(s.points for s in ledger.spending_schedules.values()),
            "target": ledger.department_target,
            "funds": ledger.special_funds,
            "directions": {
                p.code: (p.special_fund_code, p.period_goal) for p in ledger.projects.values()
            },
        }
        return (
            json.dumps([tables, forms], ensure_ascii=False),
            rows,
            records,
            flat_digest(ledger.department, rows),
        )
    finally:
        dfile.close()


def _export(path, out, profile):
    dfile = DepartmentFile.open(path, readonly=True)
    try:
        ledger = Ledger(dfile)
        return run_export(
            dfile, ledger, Rollup(ledger), xlsx_path=out, draft=True, profile_id=profile
        )
    finally:
        dfile.close()


@pytest.fixture
def richer(demo_path):
    """The demo (seed 000 with its performance targets) plus a special fund with a direction,
    awkward texts, a repeated template indicator and the seed-002 layout."""
    dfile = DepartmentFile.open(demo_path)
    ledger = Ledger(dfile)
    ledger.add(
        SpecialFund("ZX-1", "业务性专项", "专项", "2023年1-12月", "=实施期目标", "+年度目标")
    )
    ledger.add(
        Project(
            "030001-ZX03",
            UNIT,
            "业务性专项",
            "特定类",
            special_fund_code="ZX-1",
            period_goal="-实施期",
        )
    )
    ledger.add(
        IncomeLine(None, UNIT, "2060199", GP, 3_000_001),
        ExpenditureLine(None, UNIT, "2060199", "30299", GP, "project", "030001-ZX03", 3_000_001),
    )
    repeated = Indicator(
        None, "030001-ZX03", "满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "95", "%"
    )
    ledger.add(
        Indicator(
            None,
            "030001-ZX03",
            "产出指标",
            "数量指标",
            "=100",
            "=",
            "=100",
            "@个",
            "+说明",
            "-依据",
        ),
        Indicator(None, "030001-ZX03", "效益指标", "社会效益指标", "无"),
        Indicator(None, "030001-ZX03", "成本指标", "经济成本指标", "控制总成本", "", "≤3万元"),
        repeated,
        repeated,  # the same template inserted twice: both rows survive
        CostItem(None, "030001-ZX03", "工业投资", "工业投资协调工作专项", 3_000_001, "共0.8万元"),
        SpendingSchedule("030001-ZX03", 1, 2, 3_000_000, 3_000_001),
        DepartmentTask(None, "=科技创新", "-研发投入", "@科技创新服务中心"),
    )
    set_layout(dfile, "shifeng2023")
    dfile.close()
    return demo_path


@pytest.mark.parametrize("profile", ["hunan-default", "bureau-flat-first"])
def test_performance_round_trip(tmp_path, richer, profile):
    out = tmp_path / "perf.xlsx"
    info = _export(richer, out, profile)
    target = tmp_path / "imported.budget"
    report = import_workbook(target, out)
    assert not report.modified and report.digest == info.workbook.digest
    before, after = _snapshot(richer), _snapshot(target)
    assert after[0] == before[0]  # tables 1–21 and every form of the seed-002 layout
    assert after[1] == before[1] and after[3] == before[3] == info.workbook.digest
    assert after[2] == before[2]
    records = after[2]
    # seed 000: 12 + 15 project indicators and 16 department ones; 5 added here
    assert len(records["indicators"]) == 43 + 5
    assert records["indicators"][:2] == [
        ("", "智能企业", "≥", "8", "个"),
        ("", "智能车间", "≥", "25", "个"),
    ]
    assert ("030001-ZX03", "=100", "=", "=100", "@个") in records["indicators"]
    assert records["indicators"].count(("030001-ZX03", "服务对象满意度", "≥", "95", "%")) == 2
    assert ("030001-ZX03", "工业投资", 3_000_001) in records["cost_items"]
    assert ("030001-ZX01", "委托外包", 80_000_00) in records["cost_items"]
    assert (1, 2, 3_000_000, 3_000_001) in records["schedules"]
    assert records["directions"]["030001-ZX03"] == ("ZX-1", "-实施期")
    assert records["funds"]["ZX-1"].period_goal == "=实施期目标"
    assert report.counts["indicators"] == 48 and report.counts["settings"] == 1
    dfile = DepartmentFile.open(target, readonly=True)
    assert performance_layout(dfile) == "shifeng2023"
    dfile.close()


def test_performance_datasets_are_in_the_digest_order():
    assert DATASET_ORDER[-19:-5] == (
        "special_funds",
        "indicators",
        "cost_items",
        "spending_schedules",
        "department_target",
        "department_tasks",
        "settings",
        "explanations",
        "department_profile",
        "internal_offices",
        "unit_staff",
        "purchase_lines",
        "asset_holdings",
        "reason_texts",
    )


def test_digest_covers_an_indicator_value(tmp_path, richer):
    dfile = DepartmentFile.open(richer)
    ledger = Ledger(dfile)
    digest = flat_digest(ledger.department, flat_rows(ledger, {}))
    ind = next(i for i in ledger.indicators.values() if i.value == "≤3万元")
    ledger.replace(ind, value="≤3.0万元")
    assert flat_digest(ledger.department, flat_rows(ledger, {})) != digest
    dfile.close()


def test_user_text_stays_text(tmp_path, richer):
    out = tmp_path / "perf.xlsx"
    _export(richer, out, "hunan-default")
    wb = openpyxl.load_workbook(out)
    ws = wb["绩效指标"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[header.index("三级指标")].value == "=100")
    cells = {title: row[i] for i, title in enumerate(header)}
    for title, text in (
        ("三级指标", "=100"),
        ("指标值类型", "="),
        ("指标值", "=100"),
        ("度量单位", "@个"),
        ("指标值内容", "+说明"),
        ("指标值说明", "-依据"),
    ):
        assert cells[title].value == text and cells[title].data_type == "s", title
    task = list(wb["部门年度任务"].iter_rows(min_row=2))[-1]  # after the demo's one task
    assert [(c.value, c.data_type) for c in task] == [
        ("=科技创新", "s"),
        ("-研发投入", "s"),
        ("@科技创新服务中心", "s"),
    ]
    plan = wb["支出计划"]
    assert [c.value for c in plan[1]] == [
        "项目编码",
        "3月底累计（元）",
        "6月底累计（元）",
        "10月底累计（元）",
        "12月底累计（元）",
    ]
    rows = {r[0]: r[1:] for r in plan.iter_rows(min_row=2, values_only=True)}
    assert rows["030001-ZX01"] == (60000, 120000, 200000, 250000)  # demo plan, 元
    assert rows["030001-ZX03"] == (0.01, 0.02, 30000, 30000.01)
    settings = wb["表式设置"]
    assert [c.value for c in settings[2]] == [
        "绩效目标表式",
        "shifeng2023",
        "石峰区 2023 年表式（部门整体、专项资金汇总、支出方向绩效目标表）",
    ]
