"""Performance-target rules (绩效目标): goals, dimensions, indicator values, cost indicators,
schedules, cost breakdowns, the department target and special funds."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from desktop.catalog import load_catalog
from desktop.checks.engine import Checker
from desktop.checks.finding import ERROR, WARNING
from desktop.checks.rules import RULES_BY_ID
from desktop.demo import load_department_json
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.money import DisplayUnit, parse_amount
from desktop.records import (
    CostItem,
    DepartmentTarget,
    ExpenditureLine,
    IncomeLine,
    Indicator,
    Project,
    SpecialFund,
    SpendingSchedule,
    Unit,
)
from desktop.tables.engine import Rollup

UNIT, GP = "001001", "gp_appropriation"


def W(text: str) -> int:  # noqa: N802 - an amount as printed, in 万元
    return parse_amount(text, DisplayUnit.WAN_YUAN)


def funded(code: str, amount: str, function: str = "2060102") -> tuple:
    """An income line and the project expenditure it pays for."""
    return (
        IncomeLine(None, UNIT, function, GP, W(amount)),
        ExpenditureLine(None, UNIT, function, "30201", GP, "project", code, W(amount)),
    )


def ind(owner: str, level1: str, level2: str, name: str, comparator: str, value: str, unit: str):
    return Indicator(None, owner, level1, level2, name, comparator, value, unit)


def four(owner: str) -> list[Indicator]:
    """One indicator of each 一级 dimension (seed 001's first project, shortened)."""
    return [
        ind(owner, "产出指标", "数量指标", "规工企业统计员人数", "≥", "129", "人次"),
        ind(owner, "效益指标", "经济效益指标", "规模工业增加值增速", "定性", "28%", ""),
        ind(owner, "满意度指标", "服务对象满意度指标", "统计员满意度", "≥", "100%", ""),
        ind(owner, "成本指标", "经济成本指标", "不高于预算成本", "≤", "10", "万元"),
    ]


@pytest.fixture
def book(tmp_path):
    """A clean department: one 10 万元 project with a complete target, and the department's."""
    dfile = DepartmentFile.create(tmp_path / "t.budget", "001", "测试部门", 2025)
    ledger = Ledger(dfile)
    ledger.add(Unit(UNIT, "测试局本级", "agency"))
    ledger.add(Project("P1", UNIT, "培训会资金", "特定类", goal="完成联网直报培训。"))
    ledger.add(*funded("P1", "10"))
    ledger.add(*four("P1"), *four(""))
    ledger.add(
        SpendingSchedule("P1", W("2"), W("5"), W("8"), W("10")),
        CostItem(None, "P1", "培训会", "会务费", W("6"), "一年两次，每次3万元，共6万元"),
        CostItem(None, "P1", "补助", "统计员补助", W("4"), "129人次"),
        DepartmentTarget(duty_goal="规模工业增加值增长10%左右。"),
    )
    yield ledger
    dfile.close()


def found(ledger: Ledger, rule_id: str | None = None) -> list:
    out = [f for f in Checker(ledger, Rollup(ledger)).findings if f.rule_id.startswith("perf-")]
    return [f for f in out if rule_id is None or f.rule_id == rule_id]


def owned(ledger: Ledger, owner: str, name: str) -> Indicator:
    return next(i for i in ledger.indicators.values() if i.project_code == owner and i.name == name)


def test_a_complete_target_is_clean(book):
    assert found(book) == []
    assert all(RULES_BY_ID[r].scope == "ledger" for r in RULES_BY_ID if r.startswith("perf-"))


# -- goal and dimensions -------------------------------------------------------------------------
def test_goal_empty(book):
    book.replace(book.projects["P1"], goal="  ")
    (f,) = found(book, "perf-goal-empty")
    assert f.severity == ERROR and f.subject == "P1"
    assert f.message == "项目“培训会资金”（P1）安排了 10.00 万元，但没有填写本年度绩效目标。"
    assert (f.cells[0].record, f.cells[0].record_key, f.cells[0].column) == (
        "project",
        "P1",
        "goal",
    )


def test_a_project_without_lines_needs_no_goal(book):
    book.add(Project("P2", UNIT, "待定项目"))
    assert found(book) == []


def test_missing_dimensions(book):
    book.remove(owned(book, "P1", "统计员满意度"), owned(book, "P1", "不高于预算成本"))
    (f,) = found(book, "perf-dimensions")
    assert f.severity == ERROR and f.subject == "P1"
    assert f.message == (
        "项目“培训会资金”（P1）的绩效指标缺少一级指标：满意度指标、成本指标；"
        "产出、效益、满意度、成本四类一级指标都应至少有一个具体指标。"
    )
    assert f.cells[0].record == "indicator"


def test_no_indicators_at_all(book):
    book.remove(*book.project_indicators("P1"))
    (f,) = found(book, "perf-dimensions")
    assert f.message == (
        "项目“培训会资金”（P1）安排了 10.00 万元，但没有填写绩效指标；"
        "产出、效益、满意度、成本四类一级指标都应填写。"
    )


def test_older_placement_counts_all_four(book):
    """Seed 000: 成本指标 as a 二级 under 产出指标, 满意度指标 under 效益指标."""
    book.remove(*book.project_indicators("P1"))
    book.add(
        ind("P1", "产出指标", "数量指标", "每月环保督查", "≥", "12次", "次"),
        ind("P1", "产出指标", "成本指标", "专项经费缩减率", "≥", "20%", "无"),
        ind("P1", "效益指标", "社会效益", "推动生态环保工作有序发展", "定性", "量质齐升", "无"),
        ind("P1", "效益指标", "满意度指 标", "群众满意度", "≥", "100%", "无"),
    )
    assert found(book) == []


def test_placeholders_do_not_count_as_a_dimension(book):
    book.remove(owned(book, "P1", "不高于预算成本"))
    book.add(ind("P1", "成本指标", "社会成本指标", "无", "", "", ""))
    (f,) = found(book)
    assert f.rule_id == "perf-dimensions" and "缺少一级指标：成本指标" in f.message


def test_department_dimensions(book):
    book.remove(owned(book, "", "规模工业增加值增速"))
    (f,) = found(book, "perf-dimensions")
    assert f.subject == "department"
    assert f.message.startswith("部门整体支出绩效目标的绩效指标缺少一级指标：效益指标；")


def test_unknown_level_names(book):
    book.add(
        ind("P1", "投入指标", "资金指标", "资金到位率", "≥", "100%", ""),
        ind("P1", "效益指标", "数量指标", "培训人次", "≥", "129", "人次"),
        ind("P1", "满意度", "服务对象满意", "企业满意度", "≥", "90%", ""),  # seed 001 spelling
    )
    first, second = found(book, "perf-level-names")
    assert first.severity == WARNING
    assert first.message == (
        "项目“培训会资金”（P1）的指标“资金到位率”（投入指标/资金指标）：一级指标“投入指标”不在"
        "绩效指标框架中（应为产出指标、效益指标、满意度指标、成本指标之一），请核对。"
    )
    assert second.message == (
        "项目“培训会资金”（P1）的指标“培训人次”（效益指标/数量指标）：二级指标“数量指标”不是"
        "效益指标下的二级指标（应为经济效益指标、社会效益指标、生态效益指标、可持续影响指标之一），"
        "请核对。"
    )
    assert (first.cells[0].column, second.cells[0].column) == ("level1", "level2")


# -- the form of values ----------------------------------------------------------------------------
def test_quantitative_needs_a_number_and_a_unit(book):
    """Seed 001's department indicator “及时支付相关资金 ≤ 当年10月前”, as published."""
    bad = ind("", "产出指标", "时效指标", "及时支付相关资金", "≤", "当年10月前", "")
    book.add(
        bad,
        ind("P1", "产出指标", "数量指标", "宣传、印刷资料", "≥", "4次", "次"),  # 4 with unit 次
        ind("P1", "产出指标", "质量指标", "达标率", "≥", "100%", ""),  # % is its own unit
        ind("P1", "产出指标", "数量指标", "培训场次", "=", "2", ""),
    )
    first, second = found(book, "perf-quantitative")
    assert first.severity == ERROR
    assert first.message == (
        "部门整体支出绩效目标的指标“及时支付相关资金”（产出指标/时效指标）指标值类型为“≤”，"
        "但指标值“当年10月前”不是数字，没有填写度量单位；定量指标应填写数值和度量单位，"
        "否则请改为“定性”。"
    )
    assert first.cells[0].column == "value"
    assert "指标值类型为“=”，但没有填写度量单位；" in second.message
    assert second.cells[0].column == "measure_unit"


def test_qualitative_with_a_bare_number(book):
    """Seed 001's 维稳救助人均增加收入 “0.2”, 定性, no unit."""
    book.add(
        ind("P1", "效益指标", "经济效益指标", "维稳救助人均增加收入", "定性", "0.2", ""),
        ind("P1", "效益指标", "社会效益指标", "维稳事项完成率", "定性", "100%", ""),
        ind("P1", "效益指标", "社会效益指标", "处理时限", "定性", "当年10月前", ""),
        ind("P1", "效益指标", "社会效益指标", "救助人数", "定性", "125", "人次"),
    )
    (f,) = found(book, "perf-qualitative-number")
    assert f.severity == WARNING
    assert f.message == (
        "项目“培训会资金”（P1）的指标“维稳救助人均增加收入”（效益指标/经济效益指标）为定性指标，"
        "指标值却是没有度量单位的数字“0.2”；请改为定量指标（≥、≤、= 等）并填写度量单位，"
        "或写明定性的指标值。"
    )


def test_placeholder_rows(book):
    book.add(
        ind("P1", "效益指标", "生态效益指标", "无", "", "", ""),  # seed 001: allowed
        ind("P1", "成本指标", "生态环境成本", "", "", "", ""),  # allowed, shortened name
        ind("P1", "产出指标", "时效指标", "无", "", "", ""),  # not allowed
        ind("P1", "产出指标", "数量指标", "", "≥", "19.54", "万元"),  # a value without a name
    )
    first, second = found(book, "perf-placeholder")
    assert first.message == (
        "项目“培训会资金”（P1）的指标“无”（产出指标/时效指标）：“时效指标”下只有“无”或空行；"
        "只有社会效益指标、生态效益指标、社会成本指标、生态环境成本指标可以这样表示不适用，"
        "请填写具体指标或删除这一行。"
    )
    assert second.message == (
        "项目“培训会资金”（P1）的指标“（未填三级指标）”（产出指标/数量指标）："
        "指标值“19.54”没有三级指标名称，请填写三级指标。"
    )


def test_placeholder_levels_come_from_the_configuration(book):
    book.add(ind("P1", "产出指标", "时效指标", "无", "", "", ""))
    assert [f.rule_id for f in found(book)] == ["perf-placeholder"]
    hunan = Checker(book, Rollup(book)).config
    config = dataclasses.replace(
        hunan, rules={**hunan.rules, "perf-placeholder": {"allowed_level2": ["时效指标"]}}
    )
    assert Checker(book, Rollup(book), config).findings == []


# -- money -----------------------------------------------------------------------------------------
def test_cost_indicator_above_the_budget(book):
    book.replace(owned(book, "P1", "不高于预算成本"), value="12")
    (f,) = found(book, "perf-cost-budget")
    assert f.severity == ERROR
    assert f.message == (
        "项目“培训会资金”（P1）的成本指标“不高于预算成本”为 12 万元，超过项目年度预算 10.00 万元"
        "（超出 2.00 万元（20,000.00 元））；成本指标不能超过预算。"
    )
    assert (f.cells[0].record, f.cells[0].column) == ("indicator", "value")


def test_cost_indicator_forms(book):
    cost = owned(book, "P1", "不高于预算成本")
    for value, unit in (("≤10万元", ""), ("100000", "元"), ("20%", "万元"), ("持续督查", "无")):
        book.replace(book.indicators[cost.id], value=value, measure_unit=unit)
        assert found(book, "perf-cost-budget") == [], value
    # seed 002 writes the comparator and the unit into the value
    book.replace(book.indicators[cost.id], comparator="", value="≤19.54万元", measure_unit="")
    (f,) = found(book, "perf-cost-budget")
    assert (
        "为 19.54 万元，超过项目年度预算 10.00 万元（超出 9.54 万元（95,400.00 元））" in f.message
    )
    book.replace(book.indicators[cost.id], value="100000.01", measure_unit="元")
    (f,) = found(book, "perf-cost-budget")
    assert "（超出 0.00 万元（0.01 元））" in f.message
    book.replace(book.indicators[cost.id], value="10.0000001", measure_unit="万元")
    (f,) = found(book, "perf-cost-budget")
    assert "（超出 0.0000001 万元）" in f.message


def test_department_cost_indicator_against_the_ledger_total(book):
    """Seed 000 prints 经费控制数 324.785586 万元 while the department spends 289.79."""
    cost = owned(book, "", "不高于预算成本")
    book.replace(cost, name="经费控制数", comparator="定量", value="324.785586")
    (f,) = found(book, "perf-cost-budget")
    assert f.message == (
        "部门整体支出绩效目标的成本指标“经费控制数”为 324.785586 万元，超过部门预算总额 "
        "10.00 万元（超出 314.79 万元（3,147,855.86 元））；成本指标不能超过预算。"
    )
    book.replace(book.indicators[cost.id], value="10.00")
    assert found(book) == []


def test_schedule(book):
    book.replace(book.spending_schedules["P1"], june=W("1"), december=W("12"))
    (f,) = found(book, "perf-schedule")
    assert f.severity == ERROR and f.subject == "P1"
    assert f.message == (
        "项目“培训会资金”（P1）的资金支出计划：6月底累计 1.00 万元 少于3月底的 2.00 万元"
        "（累计计划不能减少）；12月底累计 12.00 万元 应等于项目年度预算 10.00 万元，"
        "相差 2.00 万元（20,000.00 元）。"
    )
    cell = f.cells[0]
    assert (cell.record, cell.record_key, cell.column) == ("spending_schedule", "P1", "june")


def test_schedule_follows_the_ledger(book):
    """The plan is typed, the budget derived: a new line makes the plan short."""
    book.add(*funded("P1", "0.01"))
    (f,) = found(book, "perf-schedule")
    assert "应等于项目年度预算 10.01 万元，相差 0.01 万元（100.00 元）" in f.message
    (f,) = found(book, "perf-cost-breakdown")
    assert f.message == (
        "项目“培训会资金”（P1）的支出明细及测算合计 10.00 万元（2 行），项目年度预算 10.01 万元，"
        "相差 0.01 万元（100.00 元）；两者应相等。"
    )
    assert [c.record for c in f.cells] == ["cost_item", "cost_item"]


def test_schedule_missing(book):
    book.remove(book.spending_schedules["P1"])
    (f,) = found(book, "perf-schedule-missing")
    assert f.severity == WARNING
    assert f.message == (
        "项目“培训会资金”（P1）没有填写资金支出计划（3月底、6月底、10月底、12月底累计数）。"
    )


def test_cost_basis_text(book):
    """Seed 002: 工业投资 0.7万元 although its basis says 共0.8万元."""
    book.add(*funded("P1", "0.7"))
    book.replace(book.spending_schedules["P1"], december=W("10.7"))
    book.add(
        CostItem(
            None,
            "P1",
            "工业投资",
            "工业投资协调工作专项",
            W("0.7"),
            "一年四次，每次0.2万元，共0.8万元",
        )
    )
    (f,) = found(book)
    assert (f.rule_id, f.severity) == ("perf-cost-basis", WARNING)
    assert f.message == (
        "项目“培训会资金”（P1）的支出明细“工业投资”金额 0.70 万元，测算依据却写“共0.8万元”；"
        "请核对金额或测算说明。"
    )


# -- the department and special funds ---------------------------------------------------------------
def test_department_target_missing(book):
    book.remove(book.department_target)
    book.remove(*book.project_indicators(""))
    (f,) = found(book, "perf-department-target")
    assert f.severity == ERROR and f.subject == "department"
    assert f.message == (
        "部门预算总额 10.00 万元，部门整体支出绩效目标没有填写年度履职目标（或部门职责概述），"
        "没有填写整体绩效指标。"
    )
    # seed 002's layout has a 部门职责概述 and no 年度履职目标: that is enough
    book.add(DepartmentTarget(duty_overview="组织拟订科技、工业和信息化领域发展规划。"))
    (f,) = found(book, "perf-department-target")
    assert f.message == "部门预算总额 10.00 万元，部门整体支出绩效目标没有填写整体绩效指标。"


def test_special_funds(book):
    book.add(
        SpecialFund("一", "提退人员经费"),
        SpecialFund("二", "业务性专项"),
        Project("D1", UNIT, "提退人员经费", goal="提前退休人员工资及人员经费19.54万元"),
    )
    book.replace(book.projects["D1"], special_fund_code="一")
    empty, no_lines = found(book, "perf-fund-directions"), found(book, "perf-direction-lines")
    assert [(f.severity, f.subject, f.message) for f in empty] == [
        (
            WARNING,
            "二",
            "专项资金“业务性专项”（二）没有支出方向：请在项目中指明所属专项，或删除该专项资金。",
        )
    ]
    assert [(f.severity, f.subject, f.message) for f in no_lines] == [
        (
            WARNING,
            "D1",
            "专项资金“提退人员经费”的支出方向“提退人员经费”（D1）没有支出明细，汇总表中该方向金额为零。",
        )
    ]


# -- live re-checking ----------------------------------------------------------------------------------
def test_recheck_after_performance_edits_equals_a_full_check(book):
    checker = Checker(book, Rollup(book))

    def same() -> None:
        fresh = Checker(book, Rollup(book)).findings
        assert [(f.rule_id, f.message) for f in checker.findings] == [
            (f.rule_id, f.message) for f in fresh
        ]

    cost = owned(book, "P1", "不高于预算成本")
    book.replace(cost, value="11")
    same()
    assert {f.rule_id for f in checker.findings} == {"perf-cost-budget"}
    book.replace(book.indicators[cost.id], value="10")
    book.replace(book.spending_schedules["P1"], october=W("1"))
    same()
    book.add(*funded("P1", "1"))
    same()
    (item,) = [c for c in book.cost_items.values() if c.content == "补助"]
    book.replace(item, amount=W("5"))
    same()
    book.replace(book.department_target, duty_goal="")
    book.add(SpecialFund("F", "空专项"))
    same()
    assert {f.rule_id for f in checker.findings} == {
        "perf-schedule",
        "perf-department-target",
        "perf-fund-directions",
    }
    # an indicator deleted and restored with its id (undo), a project renamed (in messages)
    bad = owned(book, "P1", "规工企业统计员人数")
    book.replace(bad, value="许多")
    same()
    gone = book.indicators[bad.id]
    book.remove(gone)
    same()
    book.add(gone)  # as undo does: the same id again
    same()
    book.replace(book.projects["P1"], name="统计培训会资金")
    same()
    assert any("统计培训会资金" in f.message for f in checker.findings)


# -- the published seeds, loaded as published -----------------------------------------------------------
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _seed_findings(tmp_path, name: str, catalog=None) -> list[tuple[str, str, str]]:  # noqa: ANN001
    """(rule id, severity, what it names) of every performance finding of a seed fixture."""
    path = FIXTURES / name
    if not path.exists():
        pytest.skip(f"fixture {name} not present")
    dfile = load_department_json(path, tmp_path / "seed.budget", catalog)
    try:
        ledger = Ledger(dfile, catalog)
        out = []
        for f in found(ledger):
            cell = f.cells[0]
            if cell.record == "indicator":
                ind = ledger.indicators[cell.record_key]
                what = f"{ind.project_code or '部门'}:{ind.name}={ind.value}"
            elif cell.record == "cost_item":
                item = ledger.cost_items[cell.record_key]
                what = f"{item.project_code}:{item.content}"
            else:
                what = f.subject
            out.append((f.rule_id, f.severity, what))
        return out
    finally:
        dfile.close()


def test_seed_000_findings_as_published(demo_ledger):
    """The demo carries seed 000's targets with one correction; restoring the published value
    brings the finding back: 经费控制数 324.785586 万元 above the 289.785586 the department spends."""
    assert found(demo_ledger) == []
    cost = next(i for i in demo_ledger.project_indicators("") if i.name == "经费控制数")
    assert cost.value == "289.785586"
    demo_ledger.replace(cost, value="324.785586")
    (f,) = found(demo_ledger)
    assert f.message == (
        "部门整体支出绩效目标的成本指标“经费控制数”为 324.785586 万元，超过部门预算总额 "
        "289.79 万元（超出 35.00 万元（350,000.00 元））；成本指标不能超过预算。"
    )


def test_seed_001_findings(tmp_path):
    """Seed 001 (渌口区 2026) as published. Not findings: the second project's blank 年度本级预算
    (the form prints the ledger's 7.00, which its 成本指标 “≤ 7 万元” confirms) and the first
    project's 社会效益/生态效益 rows “无” (optional 二级). Besides these, the synthesized lines
    of the second project (30305 生活补助 as 项目支出) give one project-personnel-econ 提示."""
    assert _seed_findings(tmp_path, "seed001_lukou_2026.json") == [
        # The department's 时效指标 “≤ 当年10月前”: a date under a quantitative comparator, and
        # no unit — the published mistake.
        ("perf-quantitative", ERROR, "部门:及时支付相关资金=当年10月前"),
        # 定性 indicators whose value is a bare number: 0.2 of what (人均增加收入: 万元?); 100 and
        # 20 without the % or 个 the publication dropped.
        ("perf-qualitative-number", WARNING, "031001-XM02:维稳救助人均增加收入=0.2"),
        (
            "perf-qualitative-number",
            WARNING,
            "031001-XM03:营造更优营商环境使企业专注创新创业, 促进地方经济发展=100",
        ),
        (
            "perf-qualitative-number",
            WARNING,
            "031001-XM03:构建更优产业生态, 减少资源于能源消耗、降低有害物质排放=20",
        ),
        ("perf-qualitative-number", WARNING, "031001-XM03:规模工业企业=100"),
        # The publication has no spending schedules (the bureau asks for them).
        ("perf-schedule-missing", WARNING, "031001-XM01"),
        ("perf-schedule-missing", WARNING, "031001-XM02"),
        ("perf-schedule-missing", WARNING, "031001-XM03"),
    ]


def test_seed_002_findings(tmp_path):
    """Seed 002 (石峰区 2023) as published, with the 2025 catalog (no 2023 catalog ships).
    Not findings: the cost breakdowns add up (17.84 + 1.70 = 19.54; 0.8 + 0.7 + 0.5 + 1 = 3),
    both cost indicators equal their direction's budget (≤19.54, ≤3 万元), the department's
    368.9 万元 equals the ledger, and the old framework's names (成本指标 under 产出指标,
    社会公众及服务对象满意度指标 under 效益指标) count. The synthesized lines of 提退人员经费
    (30302 退休费, 30399) give two project-personnel-econ 提示 besides these."""
    found_ = _seed_findings(tmp_path, "seed002_shifeng_2023.json", load_catalog(2025))
    assert found_ == [
        ("perf-schedule-missing", WARNING, "032001-ZX01"),
        ("perf-schedule-missing", WARNING, "032001-ZX02"),
        # The basis text of two cost items disagrees with their amount (the amounts add up to
        # the direction's 3 万元, so the text is what is wrong).
        ("perf-cost-basis", WARNING, "032001-ZX02:工业投资"),
        ("perf-cost-basis", WARNING, "032001-ZX02:安全生产检查"),
    ]
