"""Rules of the second review (issue 17): money under codes of its own budget type, 上年结转,
economic classes basic spending excludes, 三公 in projects, 会议费/培训费 against the prior year,
and reasonableness against staff numbers. Each has a failing and a passing case."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.checks.config import load_rule_config
from desktop.checks.finding import ERROR, WARNING
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import IncomeLine, PriorYearLine, Project, Unit
from tests.checks.test_checks_lines import AGENCY, exp, findings, raw_expenditure


@pytest.fixture
def book(tmp_path):
    """A department with one agency and one project of it."""
    dfile = DepartmentFile.create(tmp_path / "t.budget", "001", "测试部门", 2025)
    ledger = Ledger(dfile)
    ledger.add(Unit(AGENCY, "测试局本级", "agency", 0), Project("P1", AGENCY, "信息化项目"))
    yield dfile, ledger
    dfile.close()


def _with(config, rule_id: str, **settings):
    rules = {**config.rules, rule_id: {**config.rules.get(rule_id, {}), **settings}}
    return dataclasses.replace(config, rules=rules)


# -- (1) money under codes of its own budget type --------------------------------------------------
def test_fund_money_under_a_general_budget_code_is_an_error(book):
    _, ledger = book
    ledger.add(exp("2060101", "30201", fund="gov_fund", amount=42_000_00))
    (f,) = findings(ledger, "budget-type-function")
    assert f.severity == ERROR
    assert f.message == (
        "公用经费明细（001001 测试局本级，2060101/30201，4.20 万元）：资金来源“政府性基金预算拨款”"
        "是政府性基金预算资金，功能科目“2060101 行政运行”是一般公共预算支出科目；政府性基金预算资金"
        "只能列在政府性基金预算支出功能分类科目（如 21208、22960）。"
    )


def test_general_money_under_fund_soe_or_social_codes_is_an_error(book):
    _, ledger = book
    ledger.add(
        exp("2120801", "30201", kind="project", project="P1"),  # 国有土地使用权出让收入
        exp("2230101", "30201", kind="project", project="P1"),  # 国有资本经营预算支出
        IncomeLine(None, AGENCY, "2090101", "gp_appropriation", 100_00),  # 社会保险基金支出
    )
    found = sorted(f.message.split("：", 1)[1] for f in findings(ledger, "budget-type-function"))
    assert len(found) == 3
    assert all("一般公共预算资金只能列在一般公共预算支出功能分类科目" in m for m in found)
    assert any("“2230101" in m and "国有资本经营预算支出科目" in m for m in found)


def test_each_budget_type_under_its_own_codes_passes(book):
    _, ledger = book
    ledger.add(
        exp("2120801", "30201", kind="project", project="P1", fund="gov_fund"),
        exp("2296002", "30201", kind="project", project="P1", fund="upper_gov_fund"),
        exp("2230101", "30201", kind="project", project="P1", fund="soe"),
        IncomeLine(None, AGENCY, "2090101", "social", 100_00),
        exp("2060101", "30201", fund="gp_appropriation"),
        exp("2060101", "30201", fund="business_income"),  # non-fiscal money is not judged
    )
    assert findings(ledger, "budget-type-function") == []


# -- (2) 上年结转 ----------------------------------------------------------------------------------
def test_carryover_of_fund_money_under_a_general_code_is_an_error(book):
    _, ledger = book
    ledger.add(exp("2060102", "30201", kind="project", project="P1", fund="carryover_gov_fund"))
    (f,) = findings(ledger, "carryover-budget-type")
    assert f.severity == ERROR
    assert "资金来源“上年结转（政府性基金预算拨款）”是政府性基金预算资金" in f.message
    assert f.message.endswith("结转资金应按原预算类型、一般按原项目安排。")
    assert findings(ledger, "budget-type-function") == []  # reported once


def test_carryover_under_codes_of_its_type_passes(book):
    _, ledger = book
    ledger.add(
        exp("2060102", "30201", kind="project", project="P1", fund="carryover_gp"),
        exp("2120801", "30201", kind="project", project="P1", fund="carryover_gov_fund"),
        exp("2120801", "30201", kind="project", project="P1", fund="carryover_other"),
    )
    assert findings(ledger, "carryover-budget-type") == []
    assert findings(ledger, "carryover-basic") == []


def test_carryover_in_basic_spending_is_a_warning(book):
    _, ledger = book
    ledger.add(exp("2060101", "30201", fund="carryover_gp"), exp("2060101", "30101", "personnel"))
    (f,) = findings(ledger, "carryover-basic")
    assert f.severity == WARNING
    assert f.message == (
        "公用经费明细（001001 测试局本级，2060101/30201，0.01 万元）：公用经费使用了“上年结转（一般公共预算拨款）”；"
        "上年结转资金一般按原项目继续使用，安排在基本支出请说明原因。"
    )


# -- (3) classes basic spending excludes -----------------------------------------------------------
def test_basic_spending_with_excluded_classes_is_reported_once(book):
    dfile, ledger = book
    raw_expenditure(dfile, econ_code="39999", kind="operating")
    raw_expenditure(dfile, econ_code="30701", kind="personnel")
    ledger = Ledger(dfile)  # the lines written straight into the file, as an older file has them
    found = findings(ledger, "basic-excluded-econ")
    reasons = sorted(f.message.split("：", 1)[1].split("；")[0] for f in found)
    assert reasons == [
        "基本支出中列了“30701 国内债务付息”（307 债务利息及费用支出）",
        "基本支出中列了“39999 其他支出”（399 其他支出）",
    ]
    assert all(f.severity == ERROR for f in found)
    assert "307、309、311、312、313、399 类经济科目不能列入基本支出" in found[0].message
    assert findings(ledger, "kind-econ-mismatch") == []  # not twice

    # a table set that lists fewer classes leaves the rest to kind-econ-mismatch
    config = _with(load_rule_config(), "basic-excluded-econ", classes=["399"])
    assert len(findings(ledger, "basic-excluded-econ", config)) == 1
    assert len(findings(ledger, "kind-econ-mismatch", config)) == 1


def test_excluded_classes_in_projects_pass(book):
    _, ledger = book
    ledger.add(exp("2060102", "39999", kind="project", project="P1"))
    assert findings(ledger, "basic-excluded-econ") == []


# -- (4) 三公 ---------------------------------------------------------------------------------------
def test_three_public_code_in_a_project_needs_an_explanation(book):
    _, ledger = book
    ledger.add(exp("2060102", "30217", kind="project", project="P1", amount=5_000_00))
    (f,) = findings(ledger, "three-public-project")
    assert f.severity == WARNING
    assert f.message.endswith(
        "项目支出中列了“三公”经费科目“30217 公务接待费”（公务接待费），没有填写说明；"
        "项目中安排“三公”经费须在明细的说明中写明用途和依据。"
    )


def test_three_public_code_with_an_explanation_or_in_basic_spending_passes(book):
    _, ledger = book
    line = exp("2060102", "30217", kind="project", project="P1")
    ledger.add(dataclasses.replace(line, note="接待上级检查组 3 批次"))
    ledger.add(exp("2060101", "30217"))
    assert findings(ledger, "three-public-project") == []


def _prior(econ: str, amount: int, fund: str = "gp_appropriation") -> PriorYearLine:
    return PriorYearLine(None, AGENCY, "2060101", econ, fund, "operating", amount)


def test_meeting_and_training_above_the_prior_year(book):
    _, ledger = book
    ledger.add(
        _prior("30215", 1_000_000),
        _prior("30216", 2_000_000),
        exp("2060101", "30215", amount=1_500_000),
        exp("2060101", "30216", amount=2_000_000),
    )
    found = {f.subject: f for f in findings(ledger, "meeting-training-increase")}
    assert set(found) == {"会议费", "合计"}  # 培训费 stayed at 2.00 万元
    assert found["会议费"].severity == WARNING
    assert found["会议费"].message == (
        "会议费（30215）1.50 万元，上年 1.00 万元，增加 0.50 万元（5,000.00 元）；"
        "会议费、培训费从严控制，原则上不高于上年，请说明增加原因。"
    )
    assert found["合计"].message.startswith("会议费、培训费合计 3.50 万元，上年 3.00 万元")


def test_meeting_and_training_at_or_below_the_prior_year_pass(book):
    _, ledger = book
    ledger.add(
        _prior("30215", 1_000_000),
        _prior("30216", 2_000_000),
        exp("2060101", "30215", amount=1_000_000),
        exp("2060101", "30216", amount=1_000_000),
    )
    assert findings(ledger, "meeting-training-increase") == []


def test_three_public_counts_fund_money_where_the_table_set_asks(book):
    _, ledger = book
    ledger.add(
        _prior("30217", 1_000_000),
        exp("2060101", "30217", amount=1_000_000),
        # 政府性基金 money on 公务接待费: not in the Hunan 一般公共预算 三公 table
        exp("2120801", "30217", kind="project", project="P1", fund="gov_fund", amount=300_000),
    )
    assert findings(ledger, "three-public-increase") == []
    config = _with(load_rule_config(), "three-public-increase", budget_types=["gp", "gov_fund"])
    subjects = {f.subject: f for f in findings(ledger, "three-public-increase", config)}
    assert set(subjects) == {"公务接待费", "合计"}
    assert (
        "公务接待费（30217）1.30 万元，上年 1.00 万元，增加 0.30 万元"
        in subjects["公务接待费"].message
    )


# -- (5) staff numbers -------------------------------------------------------------------------------
def _staffed(ledger, authorized=10, actual=8):
    """The ledger with the unit's staff record (编制数, 实有在职人数), as the accountant enters it."""
    from desktop.records import UnitStaff

    ledger.add(UnitStaff(AGENCY, "财政全额拨款", authorized, actual, 2))
    assert ledger.staff_counts() == {AGENCY: (authorized, actual)}
    return ledger


def _payroll(ledger, *, pension=160_000_00, annuity=80_000_00, housing=120_000_00, union=20_000_00):
    """基本工资 100 万元 (the payroll base) and the contributions computed on it."""
    ledger.add(
        exp("2060101", "30101", "personnel", amount=1_000_000_00),
        exp("2080505", "30108", "personnel", amount=pension),
        exp("2080506", "30109", "personnel", amount=annuity),
        exp("2210201", "30113", "personnel", amount=housing),
        exp("2060101", "30228", amount=union),
    )


STAFF_RULES = ("staff-annuity-ratio", "staff-housing-fund-rate", "staff-union-fee")


def test_staff_rules_are_silent_without_staff_numbers(book):
    _, ledger = book
    _payroll(ledger, annuity=10_000_00, housing=300_000_00, union=90_000_00)
    for rule_id in STAFF_RULES:
        assert findings(ledger, rule_id) == [], rule_id


def test_staff_rules_pass_on_contributions_at_the_rates(book):
    _, ledger = book
    _payroll(_staffed(ledger))
    for rule_id in STAFF_RULES:
        assert findings(ledger, rule_id) == [], rule_id


def test_staff_rules_flag_contributions_off_the_rates(book):
    _, ledger = book
    _payroll(_staffed(ledger), annuity=40_000_00, housing=150_000_00, union=50_000_00)
    (annuity,) = findings(ledger, "staff-annuity-ratio")
    assert annuity.severity == WARNING
    assert annuity.message == (
        "单位 001001 测试局本级（实有 8 人）职业年金缴费（30109） 4.00 万元，为机关事业单位基本养老保险缴费"
        "（30108） 16.00 万元 的 25.0%，合理范围 40.0%～60.0%；请核对缴费基数和比例。"
    )
    (housing,) = findings(ledger, "staff-housing-fund-rate")
    assert (
        "住房公积金（30113） 15.00 万元" in housing.message
        and "的 15.0%，合理范围 5.0%～12.0%" in housing.message
    )
    (union,) = findings(ledger, "staff-union-fee")
    assert (
        "工会经费（30228） 5.00 万元" in union.message
        and "的 5.0%，合理范围 1.6%～2.4%" in union.message
    )


def test_public_spending_per_head_against_the_table_set_standard(book):
    _, ledger = book
    _staffed(ledger, actual=8)
    ledger.add(exp("2060101", "30201", amount=300_000_00))  # 30 万元 for 8 people
    assert findings(ledger, "staff-public-per-head") == []  # no standard configured
    config = _with(load_rule_config(), "staff-public-per-head", per_head_fen=3_000_000)
    (f,) = findings(ledger, "staff-public-per-head", config)
    assert f.severity == WARNING
    assert f.message == (
        "单位 001001 测试局本级 公用经费 30.00 万元，实有 8 人，人均 3.75 万元，高于定额 3.00 万元/人"
        "（按定额应为 24.00 万元）；请核对人数或说明原因。"
    )
    generous = _with(load_rule_config(), "staff-public-per-head", per_head_fen=4_000_000)
    assert findings(ledger, "staff-public-per-head", generous) == []


def test_personnel_spending_per_head_against_the_table_set_ceiling(book):
    _, ledger = book
    _staffed(ledger, actual=8)
    ledger.add(exp("2060101", "30101", "personnel", amount=1_200_000_00))  # 120 万元 for 8
    assert findings(ledger, "staff-personnel-per-head") == []  # no ceiling configured
    config = _with(load_rule_config(), "staff-personnel-per-head", max_per_head_fen=12_000_000)
    (f,) = findings(ledger, "staff-personnel-per-head", config)
    assert f.severity == WARNING
    assert f.message == (
        "单位 001001 测试局本级 人员经费 120.00 万元，在职 8 人，人均 15.00 万元，高于上限 "
        "12.00 万元/人（按上限应不超过 96.00 万元）；请核对在职人数或人员经费。"
    )
    generous = _with(load_rule_config(), "staff-personnel-per-head", max_per_head_fen=15_000_000)
    assert findings(ledger, "staff-personnel-per-head", generous) == []


def test_personnel_per_head_is_silent_without_staff_numbers(book):
    _, ledger = book
    ledger.add(exp("2060101", "30101", "personnel", amount=1_200_000_00))
    config = _with(load_rule_config(), "staff-personnel-per-head", max_per_head_fen=1)
    assert findings(ledger, "staff-personnel-per-head", config) == []
