"""219 援助其他地区支出 and 227 预备费 have no 项: money is entered on the lowest level that exists
(a 款 of 219, the 类 227), printed in the tables and carried through the workbook."""

from __future__ import annotations

import json

import pytest

from desktop import codes
from desktop.catalog import load_catalog
from desktop.checks.engine import Checker
from desktop.errors import LedgerError
from desktop.export.flat import flat_rows
from desktop.export.importer import import_workbook
from desktop.export.service import run_export
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import ExpenditureLine, IncomeLine, Project, Unit
from desktop.tables.engine import Rollup

UNIT = "001001"


@pytest.fixture
def ledger(tmp_path):
    dfile = DepartmentFile.create(tmp_path / "t.budget", "001", "测试部门", 2025)
    ledger = Ledger(dfile)
    ledger.add(
        Unit(UNIT, "测试局本级", "agency", 0),
        Project("P1", UNIT, "对口支援项目", goal="完成对口支援"),
        # 对口支援 3.00 万元 under 21901, 预备费 1.50 万元 under 227, 行政运行 2.00 万元
        IncomeLine(None, UNIT, "21901", "gp_appropriation", 3_000_000),
        ExpenditureLine(
            None, UNIT, "21901", "39999", "gp_appropriation", "project", "P1", 3_000_000
        ),
        IncomeLine(None, UNIT, "227", "gp_appropriation", 1_500_000),
        ExpenditureLine(None, UNIT, "227", "39999", "gp_appropriation", "project", "P1", 1_500_000),
        IncomeLine(None, UNIT, "2060101", "gp_appropriation", 2_000_000),
        ExpenditureLine(
            None, UNIT, "2060101", "30201", "gp_appropriation", "operating", "", 2_000_000
        ),
    )
    yield ledger
    dfile.close()


def test_catalog_leaves_are_the_lowest_level_that_exists():
    cat = load_catalog(2025)
    leaves = {e.code for e in cat.function_leaves()}
    assert {"21901", "21999", "227", "2060101"} <= leaves
    assert not {"219", "206", "20601"} & leaves
    assert cat.is_function_leaf("227") and not cat.is_function_leaf("219")


def test_entry_refuses_a_level_that_has_lower_codes(ledger):
    with pytest.raises(LedgerError) as err:
        ledger.add(
            ExpenditureLine(None, UNIT, "219", "39999", "gp_appropriation", "project", "P1", 1)
        )
    assert "功能科目“219 援助其他地区支出”是类级科目，其下还有款级或项级科目" in str(err.value)
    with pytest.raises(LedgerError) as err:
        ledger.add(IncomeLine(None, UNIT, "20601", "gp_appropriation", 1))
    assert "功能科目“20601 科学技术管理事务”是款级科目，其下还有项级科目" in str(err.value)


def test_code_entry_offers_and_resolves_219_and_227():
    cat = load_catalog(2025)
    offered = dict(codes.function_options(cat))
    assert offered["21901"] == "一般公共服务" and offered["227"] == "预备费"
    assert "219" not in offered and "2060101" in offered
    assert codes.resolve_function(cat, "预备费") == "227"
    assert codes.resolve_function(cat, "21901 一般公共服务") == "21901"


def test_tables_print_the_219_and_227_rows_and_foot(ledger):
    rollup = Rollup(ledger)
    table3 = rollup.result(3)  # 支出总表
    amounts = {(r.code, r.level): r.values[-len(table3.amount_columns()) :] for r in table3.rows}
    total_col = 0  # 合计 is the first amount column
    assert amounts[("219", "类")][total_col] == 3_000_000
    assert amounts[("21901", "款")][total_col] == 3_000_000
    assert amounts[("227", "类")][total_col] == 1_500_000
    assert amounts[("206", "类")][total_col] == 2_000_000
    assert table3.rows[0].values[-len(table3.amount_columns())] == 6_500_000  # 合计, not doubled
    printed = [(r.code, r.name) for r in table3.rows if r.code in ("219", "21901", "227")]
    assert printed == [("219", "援助其他地区支出"), ("21901", "一般公共服务"), ("227", "预备费")]
    checker = Checker(ledger, rollup)
    ids = {f.rule_id for f in checker.findings}
    assert not ids & {"function-code-invalid", "t03-rows", "t02-rows", "t07-rows", "internal"}


def test_219_and_227_lines_survive_export_and_import(ledger, tmp_path):
    rollup = Rollup(ledger)
    xlsx, pdf = tmp_path / "b.xlsx", tmp_path / "b.pdf"
    run_export(ledger.file, ledger, rollup, pdf_path=pdf, xlsx_path=xlsx, draft=True)
    assert pdf.stat().st_size > 0
    before_tables = [r.to_json() for r in rollup.results()]
    before_rows = flat_rows(ledger, {})
    target = tmp_path / "imported.budget"
    report = import_workbook(target, xlsx)
    assert not report.modified
    dfile = DepartmentFile.open(target, readonly=True)
    try:
        copy = Ledger(dfile)
        functions = sorted(line.function_code for line in copy.expenditure_lines.values())
        assert functions == ["2060101", "21901", "227"]
        after_tables = [r.to_json() for r in Rollup(copy).results()]
        assert flat_rows(copy, {}) == before_rows
        dump = lambda t: json.dumps(t, ensure_ascii=False)  # noqa: E731
        assert dump(after_tables) == dump(before_tables)
    finally:
        dfile.close()
