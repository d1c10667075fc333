"""Table rules: footing inside every standard table and the equalities between tables.

Computed from the same lines the tables always agree, so each rule's failing case corrupts one
printed cell of a real computed table (the cell the rule reads) and expects the rule to name it;
the passing case runs the rule on the real tables. Coverage gaps of the printed layout (a fund or
kind without a column) are shown on real data.
"""

from __future__ import annotations

import dataclasses

import pytest

from desktop.checks.crosstables import Term
from desktop.checks.engine import Checker
from desktop.checks.finding import ERROR, WARNING
from desktop.checks.rules import ALL_RULES
from desktop.checks.tableview import TableView
from desktop.ledger import Ledger
from desktop.money import DisplayUnit, parse_amount
from desktop.records import ExpenditureLine, IncomeLine, Project, Unit
from desktop.tables.engine import Rollup
from desktop.tables.result import TableResult

TABLE_RULES = [r for r in ALL_RULES if r.scope == "tables"]
INSTITUTION = "030002"


def W(text: str) -> int:  # noqa: N802 - an amount as printed, in 万元
    return parse_amount(text, DisplayUnit.WAN_YUAN)


def balanced(unit, function, econ, fund, kind, amount, project=""):
    return (
        IncomeLine(None, unit, function, fund, amount),
        ExpenditureLine(None, unit, function, econ, fund, kind, project, amount),
    )


@pytest.fixture
def full_ledger(demo_ledger):
    """The demo plus an institution and lines for every fund table (16–20), all balanced."""
    ledger = demo_ledger
    ledger.add(Unit(INSTITUTION, "荷塘区科技服务中心", "institution", 1))
    ledger.add(Project("030002-X1", INSTITUTION, "园区基础设施", is_special_fund=True, goal="建设"))
    ledger.add(
        *balanced(INSTITUTION, "2060401", "30101", "gp_appropriation", "personnel", W("12.34")),
        *balanced(INSTITUTION, "2060401", "30201", "gp_nontax_fee", "operating", W("1.50")),
        *balanced(INSTITUTION, "2060401", "30302", "gp_appropriation", "personnel", W("3.00")),
        *balanced(INSTITUTION, "2120801", "30201", "gov_fund", "operating", W("2.00")),
        *balanced(INSTITUTION, "2120801", "31005", "gov_fund", "project", W("40.00"), "030002-X1"),
        *balanced(INSTITUTION, "2060401", "30101", "gov_fund", "personnel", W("1.00")),
        *balanced(INSTITUTION, "2060401", "30227", "soe", "project", W("6.00"), "030002-X1"),
        *balanced(INSTITUTION, "2060401", "30201", "special_account", "operating", W("0.80")),
        *balanced(INSTITUTION, "2060401", "30201", "business_income", "operating", W("0.70")),
    )
    return ledger


def run(ledger, rollup, rule) -> list:
    return Checker(ledger, rollup, rules=[rule]).findings


class Tampered:
    """A roll-up whose table `number` has `delta` 分 added to one printed cell."""

    def __init__(self, rollup: Rollup, number: int, row_key: tuple, col: int, delta: int = 1):
        self.rollup, self.number = rollup, number
        result = rollup.result(number)
        rows = []
        for row in result.rows:
            if row.key == row_key:
                values = list(row.values)
                values[col] = (values[col] or 0) + delta
                row = dataclasses.replace(row, values=tuple(values))
            rows.append(row)
        assert rows != list(result.rows), "nothing was tampered"
        self.result_ = TableResult(result.spec, tuple(rows), result.empty)

    def result(self, number: int) -> TableResult:
        return self.result_ if number == self.number else self.rollup.result(number)


def target(rule, rollup: Rollup) -> tuple[int, tuple, int]:
    """The cell whose corruption the rule must report: (table, row key, column)."""
    if rule.id.endswith("-rows"):
        number = rule.tables[0]
        view = TableView(rollup.result(number))
        row = [r for r in view.result.rows if r.level not in ("total", "department")][-1]
        return number, row.key, view.result.amount_columns()[0]
    if rule.id.endswith("-columns"):
        from desktop.checks.footing import column_equalities

        number = rule.tables[0]
        result = rollup.result(number)
        total_col = column_equalities(result.spec)[0][0]
        return number, next(r for r in result.rows if r.level == "total").key, total_col
    if rule.id == "t01-t03-class":
        view = TableView(rollup.result(3))
        row = next(r for r in view.result.rows if r.level == "类")
        return 3, row.key, view.col("合计")
    if rule.id == "t03-t07-gp":
        view = TableView(rollup.result(7))
        return 7, view.total.key, view.col("合计")
    term: Term = rule.check.keywords["equalities"][0].left
    view = TableView(rollup.result(term.table))
    if view.is_listing:
        _, ref = view.item(term.column, term.row, term.occurrence)
        return term.table, ref.row_key, ref.column_index
    row = view.row_by_code(term.row) if term.row else view.total
    return term.table, row.key, view.col(term.column)


@pytest.mark.parametrize("rule", TABLE_RULES, ids=[r.id for r in TABLE_RULES])
def test_table_rule_passes_on_real_tables_and_catches_a_corrupted_cell(
    full_ledger, demo_path, rule
):
    ledger = full_ledger
    if rule.id == "t03-t07-gp":
        # Only meaningful when all income is 一般公共预算: the demo itself.
        ledger = Ledger(ledger.file)
        for line in [x for x in ledger.expenditure_lines.values() if x.unit_code == INSTITUTION]:
            ledger.remove(line)
        ledger.remove(*[x for x in ledger.income_lines.values() if x.unit_code == INSTITUTION])
    rollup = Rollup(ledger)
    assert run(ledger, rollup, rule) == []
    number, row_key, col = target(rule, rollup)
    # A "not less than" rule is broken by lowering its left side, the others by raising it.
    relation = getattr(rule.check, "keywords", {}).get("equalities", [None])[0]
    delta = -1 if relation is not None and relation.relation == ">=" else 1
    found = run(ledger, Tampered(rollup, number, row_key, col, delta), rule)
    assert found, f"{rule.id} missed a 1 分 error in table {number}"
    assert all(f.rule_id == rule.id and f.severity in (ERROR, WARNING) for f in found)
    assert "0.00 万元（0.01 元）" in found[0].message  # the difference is quoted exactly
    pointed = {(c.table, c.row_key, c.column_index) for f in found for c in f.cells}
    assert (number, row_key, col) in pointed


def test_row_footing_message_names_row_column_and_figures(demo_ledger):
    rollup = Rollup(demo_ledger)
    rule = next(r for r in TABLE_RULES if r.id == "t07-rows")
    view = TableView(rollup.result(7))
    row = next(r for r in view.result.rows if r.code == "2060101")
    (f,) = run(demo_ledger, Tampered(rollup, 7, row.key, view.col("合计"), W("0.01")), rule)
    assert f.severity == ERROR
    assert f.message == (
        "表7“一般公共预算支出表”“20601 科学技术管理事务”行“合计”为 194.57 万元，下级项行之和为 "
        "194.58 万元，相差 0.01 万元（100.00 元）。"
    ) or f.message.startswith(
        "表7“一般公共预算支出表”“20601 科学技术管理事务”行“合计”为 194.58 万元"
    )
    assert f.cells[0].row_code == "20601" and f.cells[0].column == "合计"


def test_bonds_have_no_column_in_the_income_table(demo_ledger):
    """收入总表 prints 一般公共预算 as 小计 = 经费拨款 + 非税; 一般债券 has no column of its own."""
    demo_ledger.add(
        *balanced("030001", "2060102", "30227", "gp_bond", "project", W("5"), "030001-ZX01")
    )
    findings = Checker(demo_ledger, Rollup(demo_ledger)).findings
    (f,) = [f for f in findings if f.rule_id == "t02-columns"]
    assert f.severity == WARNING  # the Hunan profile makes this gap a warning
    assert f.message.startswith(
        "表2“收入总表”“合计”行：“一般公共预算拨款收入/小计”为 294.79 万元，"
        "“一般公共预算拨款收入/经费拨款”、“一般公共预算拨款收入/纳入一般公共预算管理的非税收入拨款”"
        "之和为 289.79 万元，相差 5.00 万元（50,000.00 元）；共有"
    )
    assert [f.rule_id for f in findings if f.rule_id.startswith("t01")] == []


def test_business_expenditure_has_no_column_in_table_5(full_ledger):
    full_ledger.add(
        *balanced(INSTITUTION, "2060401", "30201", "operating_income", "business", W("4"))
    )
    findings = Checker(full_ledger, Rollup(full_ledger)).findings
    found = [f for f in findings if f.rule_id == "t05-columns"]
    assert [f.severity for f in found] == [WARNING]
    assert "相差 4.00 万元" in found[0].message
    # 支出总表 has a column for it and still foots.
    assert not [f for f in findings if f.rule_id in ("t03-columns", "t01-t03", "t03-t05")]


def test_upper_subsidy_is_not_in_table_6(full_ledger):
    """上级财政补助（一般公共预算）is 一般公共预算 in table 7 but not 财政拨款 in table 6."""
    full_ledger.add(
        *balanced("030001", "2060102", "30227", "upper_gp", "project", W("2"), "030001-ZX01")
    )
    findings = Checker(full_ledger, Rollup(full_ledger)).findings
    (f,) = [f for f in findings if f.rule_id == "t06-fiscal-tables"]
    assert f.severity == WARNING and "相差 2.00 万元" in f.message
