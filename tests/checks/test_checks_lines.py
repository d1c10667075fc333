"""Line rules: each rule fails on a line that breaks it and passes on one that keeps it."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import insert

from desktop.catalog import load_catalog
from desktop.checks.config import load_rule_config
from desktop.checks.engine import Checker
from desktop.checks.finding import ERROR, WARNING
from desktop.ledger import Ledger
from desktop.models import schema
from desktop.models.store import DepartmentFile
from desktop.records import ExpenditureLine, IncomeLine, Project, Unit
from desktop.tables.engine import Rollup

AGENCY, INSTITUTION = "001001", "001002"


@pytest.fixture
def book(tmp_path):
    """A department with an agency, an institution and one project of the agency."""
    dfile = DepartmentFile.create(tmp_path / "t.budget", "001", "测试部门", 2025)
    ledger = Ledger(dfile)
    ledger.add(
        Unit(AGENCY, "测试局本级", "agency", 0),
        Unit(INSTITUTION, "测试中心", "institution", 1),
        Project("P1", AGENCY, "信息化项目", goal="完成系统建设"),
    )
    yield dfile, ledger
    dfile.close()


def exp(function="2060101", econ="30201", kind="operating", amount=100_00, unit=AGENCY, **kw):
    fund = kw.pop("fund", "gp_appropriation")
    return ExpenditureLine(None, unit, function, econ, fund, kind, kw.pop("project", ""), amount)


def findings(ledger: Ledger, rule_id: str, config=None) -> list:
    checker = Checker(ledger, Rollup(ledger), config)
    return [f for f in checker.findings if f.rule_id == rule_id]


def raw_expenditure(dfile: DepartmentFile, **values) -> None:
    """Write a line straight into the file, as an older file or another tool may have."""
    row = dict(
        unit_code=AGENCY,
        function_code="2060101",
        econ_code="30201",
        fund_source="gp_appropriation",
        kind="operating",
        project_code=None,
        amount_fen=100_00,
        note="",
        sort_order=0,
    )
    row.update(values)
    with dfile.transaction() as conn:
        conn.execute(insert(schema.expenditure_line).values(**row))


def reload(dfile: DepartmentFile, catalog=None) -> Ledger:
    return Ledger(dfile, catalog)


def test_amount_negative(book):
    _, ledger = book
    (line,) = ledger.add(exp(amount=-12_345_67))
    (f,) = findings(ledger, "amount-negative")
    assert f.severity == ERROR
    assert f.subject == f"expenditure:{line.id}"
    assert f.cells[0].record == "expenditure" and f.cells[0].record_key == line.id
    assert f.message == (
        "公用经费明细（001001 测试局本级，2060101/30201，-1.23 万元）：金额为负数，预算金额不能为负。"
    )
    ledger.replace(line, amount=12_345_67)
    assert findings(ledger, "amount-negative") == []


def test_amount_zero(book):
    _, ledger = book
    (line,) = ledger.add(IncomeLine(None, AGENCY, "2060101", "gp_appropriation", 0))
    (f,) = findings(ledger, "amount-zero")
    assert f.severity == WARNING and f.subject == f"income:{line.id}"
    assert "收入明细（001001 测试局本级，2060101，0.00 万元）" in f.message
    ledger.replace(line, amount=1)
    assert findings(ledger, "amount-zero") == []


def test_function_code_invalid_for_the_year(book):
    dfile, ledger = book
    raw_expenditure(dfile, function_code="2999999")  # not in the 2025 catalog
    raw_expenditure(dfile, function_code="20601")  # a 款, not a 项
    ledger = reload(dfile)
    found = findings(ledger, "function-code-invalid")
    assert [f.severity for f in found] == [ERROR, ERROR]
    assert "功能科目“2999999”不在 2025 年支出功能分类科目中" in found[0].message
    assert "“20601 科学技术管理事务”是款级科目" in found[1].message
    ledger.add(exp())
    assert len(findings(ledger, "function-code-invalid")) == 2  # the valid line adds nothing


def test_econ_code_invalid(book):
    dfile, ledger = book
    raw_expenditure(dfile, econ_code="30230")
    raw_expenditure(dfile, econ_code="302")
    found = findings(reload(dfile), "econ-code-invalid")
    assert len(found) == 2
    assert "经济科目“30230”不在 2025 年部门预算支出经济分类科目中" in found[0].message
    assert "“302 商品和服务支出”是类级科目" in found[1].message
    ledger.add(exp())
    assert findings(ledger, "econ-code-invalid") == []


def test_fund_source_invalid(book):
    dfile, ledger = book
    raw_expenditure(dfile, fund_source="gp")
    raw_expenditure(dfile, fund_source="nope")
    found = findings(reload(dfile), "fund-source-invalid")
    assert ["汇总项" in found[0].message, "资金来源“nope”无效" in found[1].message] == [True, True]
    assert findings(ledger, "fund-source-invalid") == []


def test_unit_unknown(book):
    _, ledger = book
    (line,) = ledger.add(exp())
    assert findings(ledger, "unit-unknown") == []
    # The file's foreign keys prevent this; a damaged or foreign file could still hold it.
    stray = dataclasses.replace(line, id=999, unit_code="999999")
    ledger.expenditure_lines[999] = stray
    (f,) = findings(ledger, "unit-unknown")
    assert f.message.endswith("所属单位“999999”不存在。")


def test_kind_econ_mismatch(book):
    dfile, ledger = book
    raw_expenditure(dfile, kind="personnel", econ_code="30201")
    raw_expenditure(dfile, kind="salary")
    found = findings(reload(dfile), "kind-econ-mismatch")
    assert "经济科目“30201 办公费”不能列为人员经费" in found[0].message
    assert "支出类型“salary”无效" in found[1].message
    ledger.add(exp(kind="personnel", econ="30101"))
    assert findings(ledger, "kind-econ-mismatch") == []


def test_project_line_needs_project(book):
    dfile, ledger = book
    raw_expenditure(dfile, kind="project", project_code=None)
    ledger = reload(dfile)
    (f,) = findings(ledger, "project-line-project")
    assert f.message.endswith("项目支出没有指明所属项目。")
    line = next(iter(ledger.expenditure_lines.values()))
    ledger.expenditure_lines[line.id] = dataclasses.replace(line, project_code="GONE")
    (f,) = findings(ledger, "project-line-project")
    assert f.message.endswith("所属项目“GONE”不存在。")
    ledger.expenditure_lines[line.id] = dataclasses.replace(line, project_code="P1")
    assert findings(ledger, "project-line-project") == []


def test_non_project_line_with_project(book):
    dfile, ledger = book
    raw_expenditure(dfile, kind="operating", project_code="P1")
    (f,) = findings(reload(dfile), "non-project-line-with-project")
    assert f.message.endswith("公用经费不能挂在项目“P1”下。")
    ledger.add(exp(kind="project", project="P1", function="2060102"))
    assert findings(ledger, "non-project-line-with-project") == []


def test_project_unit_mismatch(book):
    _, ledger = book
    (line,) = ledger.add(exp(kind="project", project="P1", function="2060102", unit=INSTITUTION))
    (f,) = findings(ledger, "project-unit-mismatch")
    assert "所属项目“信息化项目”属于单位 001001 测试局本级，明细却列在 001002 测试中心" in f.message
    ledger.replace(line, unit_code=AGENCY)
    assert findings(ledger, "project-unit-mismatch") == []


def test_function_econ_correspondence(book):
    _, ledger = book
    (line,) = ledger.add(exp(function="2080505", econ="30109", kind="personnel", amount=9_17_00_00))
    (f,) = findings(ledger, "function-econ")
    assert f.severity == ERROR
    assert f.message == (
        "人员经费明细（001001 测试局本级，2080505/30109，9.17 万元）：功能科目“2080505 机关事业单位"
        "基本养老保险缴费支出”只能对应经济科目 30108 机关事业单位基本养老保险缴费，"
        "不能列“30109 职业年金缴费”。"
    )
    ledger.replace(line, econ_code="30108")
    assert findings(ledger, "function-econ") == []


def test_econ_function_correspondence(book):
    _, ledger = book
    (line,) = ledger.add(exp(function="2060101", econ="30113", kind="personnel"))
    (f,) = findings(ledger, "econ-function")
    assert "经济科目“30113 住房公积金”应列在功能科目 2210201 住房公积金" in f.message
    ledger.replace(line, function_code="2210201")
    assert findings(ledger, "econ-function") == []
    # 2101101 and 2101102 both take 30110; 2101103 takes only 30111.
    ledger.add(exp(function="2101102", econ="30110", kind="personnel"))
    assert findings(ledger, "econ-function") == []
    ledger.add(exp(function="2101103", econ="30110", kind="personnel"))
    assert len(findings(ledger, "econ-function")) == 1


def test_project_personnel_econ(book):
    _, ledger = book
    (line,) = ledger.add(exp(kind="project", project="P1", function="2060102", econ="30101"))
    (f,) = findings(ledger, "project-personnel-econ")
    assert f.severity == WARNING and "人员类经济科目“30101 基本工资”" in f.message
    ledger.replace(line, econ_code="30227")
    assert findings(ledger, "project-personnel-econ") == []


def test_project_admin_function(book):
    _, ledger = book
    (line,) = ledger.add(exp(kind="project", project="P1", function="2060101"))
    (f,) = findings(ledger, "project-admin-function")
    assert "项目支出列在“2060101 行政运行”" in f.message
    ledger.replace(line, function_code="2060102")
    assert findings(ledger, "project-admin-function") == []


def test_gov_econ_missing(book):
    dfile, ledger = book
    ledger.add(exp(econ="30201"))
    assert findings(ledger, "gov-econ-missing") == []
    full = load_catalog(2025)
    agency = {k: v for k, v in full.gov_for_agency.items() if k != "30201"}
    ledger = reload(dfile, dataclasses.replace(full, gov_for_agency=agency))
    (f,) = findings(ledger, "gov-econ-missing")
    assert "在 2025 年科目对照表中没有行政单位对应的政府预算经济分类" in f.message


def test_agency_unit_funds(book):
    _, ledger = book
    (line,) = ledger.add(IncomeLine(None, AGENCY, "2060101", "business_income", 50_00))
    (f,) = findings(ledger, "agency-unit-funds")
    assert "行政单位使用了资金来源“事业收入”" in f.message
    ledger.replace(line, unit_code=INSTITUTION)
    assert findings(ledger, "agency-unit-funds") == []


def test_agency_business_kind(book):
    _, ledger = book
    (line,) = ledger.add(exp(kind="business", fund="operating_income"))
    (f,) = findings(ledger, "agency-business-kind")
    assert f.message.endswith("行政单位没有事业单位经营支出。")
    ledger.replace(line, unit_code=INSTITUTION)
    assert findings(ledger, "agency-business-kind") == []


def test_basic_capital_econ_is_off_for_hunan_and_can_be_switched_on(book, tmp_path):
    _, ledger = book
    ledger.add(exp(econ="31002"))  # 公用经费 buying equipment, as the demo does
    assert findings(ledger, "basic-capital-econ") == []
    hunan = load_rule_config()
    rules = dict(hunan.rules)
    rules["basic-capital-econ"] = {"enabled": True}
    strict = dataclasses.replace(hunan, rules=rules)
    (f,) = findings(ledger, "basic-capital-econ", strict)
    assert "基本支出中列了“31002 办公设备购置”" in f.message
    ledger.add(exp(econ="30201"))
    assert len(findings(ledger, "basic-capital-econ", strict)) == 1
