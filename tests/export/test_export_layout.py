"""Printed cells and rounding-tail detection of the table layout shared by PDF and workbook."""

from __future__ import annotations

from desktop.export.layout import (
    cell_text,
    column_decompositions,
    has_rounding_tail,
    row_decompositions,
)
from desktop.records import ExpenditureLine, IncomeLine
from desktop.tables.engine import Rollup


def test_amounts_print_in_wan_yuan_with_blank_zero(demo_ledger):
    result = Rollup(demo_ledger).result(7)
    total = 0
    assert result.rows[total].name == "合计"
    printed = [cell_text(result, total, i) for i in range(len(result.spec.leaf_columns))]
    # 合计 row of seed 000 table 7: 289.79 254.79 195.30 31.08 28.40 35.00
    assert printed[5:] == ["289.79", "254.79", "195.30", "31.08", "28.40", "35.00"]
    item = result.find_row("2060102", level="项")
    index = result.rows.index(item)
    assert cell_text(result, index, result.column_index("小计")) == ""  # 基本支出 blank
    assert cell_text(result, index, result.column_index("项目支出")) == "35.00"


def test_empty_table_prints_0_00_only_in_first_total_cell(demo_ledger):
    result = Rollup(demo_ledger).result(16)  # 政府性基金预算支出表: empty in the demo
    assert result.empty
    texts = [cell_text(result, 0, i) for i in range(len(result.spec.leaf_columns))]
    assert texts == ["", "合计", "0.00", "", "", "", "", ""]


def test_decompositions_follow_header_and_row_levels(demo_ledger):
    rollup = Rollup(demo_ledger)
    table7 = rollup.result(7)
    # 合计 = 基本支出小计 + 项目支出; 小计 = 工资福利 + 对个人和家庭 + 公用经费
    assert column_decompositions(table7) == [(5, [6, 10]), (6, [7, 8, 9])]
    pairs = dict(row_decompositions(table7))
    assert pairs[0] == [1]  # 合计 → department
    assert [table7.rows[i].code for i in pairs[3]] == ["20601"]  # 206 → its 款


def test_demo_has_the_publications_rounding_tails(demo_ledger):
    """The demo's lines carry 元 tails as the publication's did: totals such as 206 科学技术支出
    194.57 are not the sum of the printed parts (116.81 + 35.00 + 42.77 = 194.58)."""
    tails = [r.number for r in Rollup(demo_ledger).results() if has_rounding_tail(r)]
    assert tails == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14]


def test_rounding_tail_is_found(demo_ledger):
    # Two lines of 50 元 print as 0.01 万元 each, their exact total 100 元 as 0.01: 尾差.
    rollup = Rollup(demo_ledger)
    base = dict(unit_code="030001", function_code="2060101", fund_source="gp_appropriation")
    demo_ledger.add(
        ExpenditureLine(None, econ_code="30201", kind="operating", amount=5000, **base),
        ExpenditureLine(None, econ_code="30202", kind="operating", amount=5000, **base),
        IncomeLine(None, amount=10000, **base),
    )
    table14 = rollup.result(14)
    row = table14.find_row("030001", "行政运行", level="项")
    index = table14.rows.index(row)
    assert cell_text(table14, index, table14.column_index("办公费")) == "3.01"
    assert cell_text(table14, index, table14.column_index("印刷费")) == "0.01"
    assert has_rounding_tail(table14)
