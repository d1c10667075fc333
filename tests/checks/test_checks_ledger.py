"""Ledger-wide rules: balances, control figures, projects, units, names and 三公经费."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, update

from desktop.checks.engine import Checker
from desktop.checks.finding import ERROR, WARNING
from desktop.ledger import Ledger
from desktop.models import schema
from desktop.models.store import DepartmentFile
from desktop.money import DisplayUnit, parse_amount
from desktop.records import ControlFigure, ExpenditureLine, IncomeLine, PriorYearLine, Project, Unit
from desktop.tables.engine import Rollup

AGENCY, INSTITUTION = "001001", "001002"
GP = "gp_appropriation"


def W(text: str) -> int:  # noqa: N802 - an amount as printed, in 万元
    return parse_amount(text, DisplayUnit.WAN_YUAN)


@pytest.fixture
def book(tmp_path):
    dfile = DepartmentFile.create(tmp_path / "t.budget", "001", "测试部门", 2025)
    ledger = Ledger(dfile)
    ledger.add(
        Unit(AGENCY, "测试局本级", "agency", 0),
        Unit(INSTITUTION, "测试中心", "institution", 1),
    )
    yield dfile, ledger
    dfile.close()


def pair(unit, function, econ, amount, kind="operating", fund=GP, project=""):
    """An income line and the expenditure it pays for."""
    return (
        IncomeLine(None, unit, function, fund, amount),
        ExpenditureLine(None, unit, function, econ, fund, kind, project, amount),
    )


def findings(ledger: Ledger, rule_id: str) -> list:
    return [f for f in Checker(ledger, Rollup(ledger)).findings if f.rule_id == rule_id]


def test_balance_per_fund_source(book):
    _, ledger = book
    ledger.add(*pair(AGENCY, "2060101", "30201", W("289.78")))
    assert findings(ledger, "balance-fund") == []
    # The published tables print every line rounded: 289.79 of income against lines adding up
    # to 289.78 is the kind of difference this rule exists for.
    ledger.add(IncomeLine(None, AGENCY, "2060101", GP, 100_00))
    (f,) = findings(ledger, "balance-fund")
    assert f.severity == ERROR and f.subject == GP
    assert f.message == (
        "资金来源“经费拨款”收入 289.79 万元，支出 289.78 万元，收支不平，相差 0.01 万元（100.00 元）。"
    )
    assert [c.record for c in f.cells] == ["income", "income", "expenditure"]


def test_balance_per_function_class(book):
    _, ledger = book
    inc, exp = pair(AGENCY, "2060101", "30201", W("10"))
    ledger.add(inc, exp)
    assert findings(ledger, "balance-class") == []
    ledger.add(
        IncomeLine(None, AGENCY, "2080505", GP, W("5")),
        ExpenditureLine(None, AGENCY, "2060101", "30201", GP, "operating", "", W("5")),
    )
    found = findings(ledger, "balance-class")
    assert [f.subject for f in found] == ["206", "208"]
    assert found[0].message.startswith("功能分类“206 科学技术支出”收入 10.00 万元，支出 15.00 万元")
    assert found[0].cells[0].table == 2 and found[0].cells[0].row_code == "206"


def test_balance_per_unit(book):
    _, ledger = book
    ledger.add(*pair(AGENCY, "2060101", "30201", 10_00_00))
    assert findings(ledger, "balance-unit") == []
    ledger.add(IncomeLine(None, INSTITUTION, "2060101", GP, 3_00))
    (f,) = findings(ledger, "balance-unit")
    assert f.subject == INSTITUTION
    assert (
        "单位 001002 测试中心 收入 0.00 万元，支出 0.00 万元，收支不平，相差 0.00 万元（3.00 元）"
        in f.message
    )


def test_balance_per_item(book):
    _, ledger = book
    ledger.add(*pair(AGENCY, "2060101", "30201", 10_00_00))
    assert findings(ledger, "balance-item") == []
    ledger.add(
        IncomeLine(None, AGENCY, "2060102", GP, 2_00_00),
        ExpenditureLine(None, AGENCY, "2060101", "30201", GP, "operating", "", 2_00_00),
    )
    found = findings(ledger, "balance-item")
    assert [(f.severity, f.subject) for f in found] == [
        (WARNING, "001001|2060101"),
        (WARNING, "001001|2060102"),
    ]
    assert {c.table for c in found[0].cells} == {2, 3}


def test_control_above_and_below(book):
    _, ledger = book
    ledger.add(*pair(AGENCY, "2060101", "30201", W("120")))
    (figure,) = ledger.add(ControlFigure(None, "", GP, "basic", W("100")))
    (f,) = findings(ledger, "control-above")
    assert f.severity == ERROR and f.subject == "|gp_appropriation|basic"
    assert f.message == (
        "全部门“经费拨款”基本支出安排 120.00 万元，控制数 100.00 万元，超出控制数 20.00 万元"
        "（200,000.00 元），请压减支出或申请调整控制数。"
    )
    assert f.cells[0].record == "control" and f.cells[0].record_key == figure.id
    assert findings(ledger, "control-below") == []
    figure = ledger.replace(figure, amount=W("150"))
    assert findings(ledger, "control-above") == []
    (f,) = findings(ledger, "control-below")
    assert f.severity == WARNING and "低于控制数 30.00 万元" in f.message
    ledger.replace(figure, amount=W("120"))
    assert findings(ledger, "control-above") == findings(ledger, "control-below") == []


def test_control_figure_per_unit_and_fund_group(book):
    _, ledger = book
    ledger.add(Project("P1", AGENCY, "项目", goal="目标"))
    ledger.add(*pair(AGENCY, "2060102", "30227", W("20"), "project", project="P1"))
    ledger.add(*pair(AGENCY, "2060102", "30227", W("10"), "project", "gp_nontax_fee", "P1"))
    (figure,) = ledger.add(ControlFigure(None, AGENCY, GP, "project", W("15")))
    (f,) = findings(ledger, "control-above")
    assert f.subject == "001001|gp_appropriation|project"
    assert f.message.startswith(
        "001001 测试局本级“经费拨款”项目支出安排 20.00 万元，控制数 15.00 万元，超出控制数 5.00 万元"
    )
    ledger.replace(figure, amount=W("20"))
    assert findings(ledger, "control-above") == []


def test_control_figure_for_a_fund_group(book):
    dfile, ledger = book
    ledger.add(*pair(AGENCY, "2060101", "30201", W("20")))
    ledger.add(*pair(AGENCY, "2060101", "30201", W("10"), fund="gp_nontax_fee"))
    # A file from a bureau tool may hold one figure for the whole 一般公共预算 group: it covers
    # 经费拨款 and 非税收入 alike.
    with dfile.transaction() as conn:
        conn.execute(
            insert(schema.control_figure).values(
                unit_code=None, fund_source="gp", scope="basic", amount_fen=W("25")
            )
        )
    ledger = Ledger(dfile)
    (f,) = findings(ledger, "control-above")
    assert f.message.startswith(
        "全部门“一般公共预算拨款”基本支出安排 30.00 万元，控制数 25.00 万元"
    )


def test_control_missing(book):
    _, ledger = book
    ledger.add(*pair(AGENCY, "2060101", "30201", W("10")))
    ledger.add(*pair(INSTITUTION, "2010150", "30201", W("5"), fund="business_income"))
    assert findings(ledger, "control-missing") == []  # no control figures entered: nothing to say
    ledger.add(ControlFigure(None, "", GP, "project", 0))
    (f,) = findings(ledger, "control-missing")
    # 事业收入 is not appropriated by the bureau and needs no control figure.
    assert f.subject == "gp_appropriation|basic"
    assert "“经费拨款”基本支出安排了 10.00 万元，但没有这一资金来源和口径的控制数" in f.message
    ledger.add(ControlFigure(None, AGENCY, GP, "basic", W("10")))
    assert findings(ledger, "control-missing") == []


def test_control_duplicate(book):
    _, ledger = book
    ledger.add(ControlFigure(None, AGENCY, GP, "basic", 1_00))
    assert findings(ledger, "control-duplicate") == []
    ledger.add(ControlFigure(None, AGENCY, GP, "basic", 2_00))
    (f,) = findings(ledger, "control-duplicate")
    assert "录入了 2 个控制数（0.00 万元、0.00 万元），只能保留一个" in f.message
    assert len(f.cells) == 2


def test_control_invalid(book):
    dfile, ledger = book
    ledger.add(ControlFigure(None, AGENCY, GP, "basic", 1_00))
    assert findings(ledger, "control-invalid") == []
    with dfile.transaction() as conn:
        conn.execute(
            insert(schema.control_figure).values(
                unit_code="999", fund_source="xx", scope="all", amount_fen=-5_00
            )
        )
    (f,) = findings(Ledger(dfile), "control-invalid")
    assert "单位“999”不存在；资金来源“xx”无效；口径“all”无效" in f.message
    assert "金额为负数 -0.00 万元（-5.00 元）" in f.message


def test_project_without_lines(book):
    _, ledger = book
    ledger.add(Project("P1", AGENCY, "空项目", goal="目标"))
    (f,) = findings(ledger, "project-without-lines")
    assert (
        f.subject == "P1" and "项目“空项目”（P1，001001 测试局本级）没有任何支出明细" in f.message
    )
    (line,) = ledger.add(ExpenditureLine(None, AGENCY, "2060102", "30227", GP, "project", "P1", 0))
    (f,) = findings(ledger, "project-without-lines")
    assert "的支出明细合计为零" in f.message
    ledger.replace(line, amount=1_00)
    assert findings(ledger, "project-without-lines") == []


def test_names_and_unit_kind_from_a_damaged_file(book):
    dfile, ledger = book
    ledger.add(Project("P1", AGENCY, "项目", goal="目标"))
    for rule in (
        "project-name-empty",
        "unit-name-empty",
        "department-name-empty",
        "unit-kind-invalid",
    ):
        assert findings(ledger, rule) == []
    with dfile.transaction() as conn:
        conn.execute(
            insert(schema.unit).values(code="001009", name=" ", kind="company", sort_order=9)
        )
        conn.execute(update(schema.project).values(name=""))
        conn.execute(update(schema.department).values(name=""))
    ledger = Ledger(dfile)
    (f,) = findings(ledger, "project-name-empty")
    assert f.message == "项目“P1”（001001 测试局本级）的名称为空。"
    (f,) = findings(ledger, "unit-name-empty")
    assert f.message == "单位“001009”的名称为空。"
    (f,) = findings(ledger, "department-name-empty")
    assert f.severity == ERROR
    (f,) = findings(ledger, "unit-kind-invalid")
    assert "单位性质“company”无效" in f.message


def test_unit_without_lines(book):
    _, ledger = book
    ledger.add(*pair(AGENCY, "2060101", "30201", 1_00))
    (f,) = findings(ledger, "unit-without-lines")
    assert f.subject == INSTITUTION
    ledger.add(*pair(INSTITUTION, "2010150", "30201", 1_00))
    assert findings(ledger, "unit-without-lines") == []


def test_unit_kind_function(book):
    _, ledger = book
    ledger.add(*pair(AGENCY, "2101101", "30110", W("5.92"), "personnel"))
    ledger.add(*pair(INSTITUTION, "2010150", "30201", 1_00))  # 事业运行 for an institution
    assert findings(ledger, "unit-kind-function") == []
    ledger.add(*pair(AGENCY, "2010150", "30201", 1_00))  # 事业运行 for an agency
    ledger.add(*pair(INSTITUTION, "2101101", "30110", 1_00, "personnel"))
    found = findings(ledger, "unit-kind-function")
    assert [f.subject for f in found] == ["001001|2010150", "001002|2101101"]
    assert found[1].message.startswith(
        "事业单位 001002 测试中心 使用了功能科目“2101101 行政单位医疗”（收入 0.00 万元，支出 0.00 万元），"
        "该科目适用于行政单位、参公单位。"
    )


def test_three_public_costs_above_prior_year(book):
    _, ledger = book
    ledger.add(*pair(AGENCY, "2060101", "30217", W("3")))
    assert (
        findings(ledger, "three-public-increase") == []
    )  # no prior-year figures: nothing to compare
    (prior,) = ledger.add(PriorYearLine(None, AGENCY, "2060101", "30217", GP, "operating", W("2")))
    found = findings(ledger, "three-public-increase")
    assert [f.subject for f in found] == ["公务接待费", "合计"]
    assert found[0].message == (
        "“三公”经费中公务接待费（30217）3.00 万元，上年 2.00 万元，增加 1.00 万元（10,000.00 元）；"
        "“三公”经费原则上只减不增，请说明增加原因。"
    )
    assert found[0].cells[0].table == 15 and found[0].cells[0].column == "公务接待费"
    ledger.replace(prior, amount=W("3"))
    assert findings(ledger, "three-public-increase") == []


def test_vehicle_purchase(book):
    _, ledger = book
    ledger.add(Project("CAR", AGENCY, "公务用车更新", goal="更新车辆"))
    ledger.add(*pair(AGENCY, "2060101", "30231", W("1")))
    assert findings(ledger, "vehicle-purchase") == []
    ledger.add(IncomeLine(None, AGENCY, "2060102", GP, W("18")))
    ledger.add(ExpenditureLine(None, AGENCY, "2060102", "31013", GP, "project", "CAR", W("18")))
    (f,) = findings(ledger, "vehicle-purchase")
    assert f.message.startswith("安排了公务用车购置费 18.00 万元")
    assert f.cells[0].table == 15 and f.cells[0].column == "公务用车购置及运行费/公务用车购置费"
