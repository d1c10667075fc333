"""The national reference set (national-2025): prints, foots, measures 上年 and 增减, rules follow it.

Demo figures are computed by hand from the demo's lines (resources/demo/hetang_2025.json) and
agree with the Hunan tables the seed tests verify (e.g. Hunan table 3's 合计 row).
"""

from __future__ import annotations

import pytest

from desktop.checks.engine import Checker
from desktop.checks.footing import check_columns, check_rows
from desktop.packs.registry import get_pack
from desktop.records import ExpenditureLine, PriorYearLine
from desktop.tables.engine import Rollup

UNIT = "030001"
GP = "gp_appropriation"


def yuan(text: str) -> int:
    """元 with two decimals as 分 (exact)."""
    whole, _, cents = text.partition(".")
    return int(whole.replace(",", "")) * 100 + int(cents or 0)


@pytest.fixture
def national():
    return get_pack("national-2025")


def _footing_findings(ledger, rollup):
    checker = Checker(ledger, rollup)
    try:
        return [f for f in checker.findings if f.rule_id.startswith("t0")]
    finally:
        checker.close()


def _listing_foots(result, side: int, items: range, total_label: str) -> None:
    """Σ of a listing side's items equals its total line (columns: label, amount per side)."""
    label, amount = 2 * side, 2 * side + 1
    rows = result.rows
    parts = sum(rows[i].values[amount] or 0 for i in items)
    total = next(r.values[amount] for r in rows if r.values[label] == total_label)
    assert parts == total


def test_demo_prints_the_nine_tables_with_hand_computed_figures(demo_ledger, national):
    rollup = Rollup(demo_ledger, pack=national)
    results = rollup.results()
    assert [r.title for r in results] == [
        "部门收支总表",
        "部门收入总表",
        "部门支出总表",
        "财政拨款收支总表",
        "一般公共预算支出表",
        "一般公共预算基本支出表",
        "一般公共预算“三公”经费支出表",
        "政府性基金预算支出表",
        "国有资本经营预算支出表",
    ]
    t1 = rollup.result(1)
    assert t1.find_row(name="一、一般公共预算拨款收入").values[1] == yuan("2897855.86")
    science = next(r for r in t1.rows if r.values[2] == "科学技术支出")
    assert science.values[3] == yuan("1945747.00")
    _listing_foots(t1, 0, range(9), "本年收入合计")
    _listing_foots(t1, 1, range(len(t1.rows) - 3), "本年支出合计")
    # 部门支出总表 合计 = 人员经费 + 公用经费 + 项目支出: 2,263,806.86 + 284,049.00 + 350,000.00 元.
    t3 = rollup.result(3)
    total = t3.find_row(level="total").values
    assert total[2:6] == (
        yuan("2897855.86"),
        yuan("2263806.86"),
        yuan("284049.00"),
        yuan("350000.00"),
    )
    # 一般公共预算基本支出表: 301 工资福利支出 is all personnel.
    t6 = rollup.result(6)
    assert t6.find_row(code="301").values[2:] == (yuan("1953049.00"), yuan("1953049.00"), 0)
    assert t6.rows[-1].name == "合计" and t6.rows[-1].values[2] == yuan("2547855.86")
    t4 = rollup.result(4)
    _listing_foots(t4, 0, range(1, 4), "收入总计")
    assert rollup.result(8).empty and rollup.result(9).empty
    assert _footing_findings(demo_ledger, rollup) == []


def test_prior_year_and_change_columns_follow_every_edit(demo_ledger, national):
    rollup = Rollup(demo_ledger, pack=national)
    science, _ = demo_ledger.add(
        PriorYearLine(None, UNIT, "2060101", "30101", GP, "personnel", yuan("1000000.00")),
        PriorYearLine(None, UNIT, "2210201", "30113", GP, "personnel", yuan("150000.00")),
    )
    # Another budget type: outside 一般公共预算支出表's filter.
    demo_ledger.add(
        PriorYearLine(None, UNIT, "2120101", "30101", "gov_fund", "personnel", yuan("80000.00"))
    )
    t5 = rollup.result(5)
    prior, change = t5.column_index("上年预算数"), t5.column_index("增减额")
    total = t5.find_row(level="total")
    assert (total.values[prior], total.values[change]) == (
        yuan("1150000.00"),
        yuan("2897855.86") - yuan("1150000.00"),
    )
    housing = t5.find_row(code="2210201")
    assert (housing.values[2], housing.values[prior], housing.values[change]) == (
        yuan("162900.00"),
        yuan("150000.00"),
        yuan("12900.00"),
    )
    assert t5.find_row(code="206").values[change] == yuan("945747.00")

    # 三公: 上年 公务接待费 20,000, 本年 15,000 → 增减 −5,000 元.
    demo_ledger.add(
        PriorYearLine(None, UNIT, "2060101", "30217", GP, "operating", yuan("20000.00")),
        ExpenditureLine(None, UNIT, "2060101", "30217", GP, "operating", amount=yuan("15000.00")),
    )
    t7 = rollup.result(7)
    row = t7.find_row(level="total").values
    hosting = [i for i, c in enumerate(t7.spec.leaf_columns) if c.label == "公务接待费"]
    totals = [i for i, c in enumerate(t7.spec.leaf_columns) if c.label == "合计"]
    assert [row[i] for i in hosting] == [yuan("20000.00"), yuan("15000.00"), -yuan("5000.00")]
    assert [row[i] for i in totals] == [yuan("20000.00"), yuan("15000.00"), -yuan("5000.00")]

    # One edit of a prior-year line updates the tables as a full roll-up would.
    demo_ledger.replace(science, amount=yuan("1200000.00"))
    fresh = Rollup(demo_ledger, pack=national)
    for number in national.table_numbers:
        assert rollup.result(number).rows == fresh.result(number).rows, number
    # 206: (1,945,747 + 15,000) − (1,200,000 + 20,000) = 740,747 元.
    assert rollup.result(5).find_row(code="206").values[change] == yuan("740747.00")
    fresh.close()
    assert _footing_findings(demo_ledger, rollup) == []
    rollup.close()


def test_large_department_foots(tmp_path, national):
    from benchmarks.generate import generate
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile

    dfile = DepartmentFile.open(generate(tmp_path / "large.budget"))
    try:
        ledger = Ledger(dfile)
        rollup = Rollup(ledger, pack=national)
        hunan = Rollup(ledger, pack=get_pack("hunan-2025"))
        # The same figures as the Hunan set: 部门支出总表 合计 = Hunan 支出总表 合计.
        assert rollup.result(3).rows[0].values[2] == hunan.result(3).rows[0].values[5]
        t1 = rollup.result(1)
        _listing_foots(t1, 0, range(9), "本年收入合计")
        _listing_foots(t1, 1, range(len(t1.rows) - 3), "本年支出合计")
        assert not rollup.result(8).empty
        for number in (2, 3, 5, 6, 7, 8, 9):
            from desktop.checks.context import CheckContext

            ctx = CheckContext(ledger, rollup, national.rules, None)
            assert list(check_rows(ctx, number)) == []
            assert list(check_columns(ctx, number)) == []
    finally:
        dfile.close()


def test_hunan_correspondences_are_hints_in_the_national_set(demo_ledger, national):
    # 30101 under 2080505 (养老保险缴费): Hunan practice allows only 30108 there.
    demo_ledger.add(
        ExpenditureLine(None, UNIT, "2080505", "30101", GP, "personnel", amount=yuan("100.00"))
    )
    hunan = Checker(demo_ledger, Rollup(demo_ledger, pack=get_pack("hunan-2025")))
    nat = Checker(demo_ledger, Rollup(demo_ledger, pack=national))
    severity = {f.rule_id: f.severity for f in hunan.findings}
    assert severity["function-econ"] == "错误"
    severity = {f.rule_id: f.severity for f in nat.findings}
    assert severity["function-econ"] == "提示"
    # The Hunan cross-table rules name Hunan's tables: they do not run on the national set.
    assert "t01-t03" not in {r.id for r in nat.rules}
    assert {"t05-rows", "t05-columns", "t07-columns"} <= {r.id for r in nat.rules}
    assert not any(f.rule_id == "internal" for f in nat.findings)
