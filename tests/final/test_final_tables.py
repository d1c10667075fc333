"""The 9 部门决算 tables (set hunan-final-2021) of the hand-built 决算 file in final_ledger.py.

Every cell below is worked out by hand from the figures listed in final_ledger.py (元; the
tables print 万元 with two decimals). Blank means the table prints nothing there.
"""

from __future__ import annotations

import pytest

from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import BalanceLine, BudgetBaselineLine, ExpenditureLine
from desktop.tables.engine import Rollup
from desktop.tables.footing import listing_column_equalities, listing_equalities
from desktop.tables.printed import TableGrid
from desktop.tables.result import TableResult
from desktop.tables.spec import ListingSpec
from tests.final.final_ledger import GP, U1, U2, build_final_file, yuan


@pytest.fixture
def final_ledger(tmp_path):
    dfile = build_final_file(tmp_path / "final.budget")
    dfile.close()
    dfile = DepartmentFile.open(tmp_path / "final.budget")
    yield Ledger(dfile)
    dfile.close()


@pytest.fixture
def rollup(final_ledger):
    rollup = Rollup(final_ledger)
    yield rollup
    rollup.close()


def printed(result: TableResult) -> list[list[str]]:
    """The printed grid as text, header rows included."""
    return TableGrid(result).text_rows()


def listing(result: TableResult, block: int) -> dict[str, tuple[str, ...]]:
    """Label → (行次, printed amounts …) of one block of a listing table."""
    spec = result.spec
    assert isinstance(spec, ListingSpec)
    grid = TableGrid(result)
    label_col, amount_cols = spec.block_columns(block)
    out = {}
    for r, row in enumerate(grid.text_rows()[grid.header_rows :]):
        label = row[label_col]
        number = row[label_col + 1] if spec.row_numbers else ""
        out[label or f"#{number}"] = (number, *(row[c] for c in amount_cols))
        assert result.rows[r].values[label_col] == label
    return out


def grid_rows(result: TableResult) -> dict[str, list[str]]:
    """Code (or name of the 合计 row) → printed amounts of a grid table."""
    grid = TableGrid(result)
    texts = sum(1 for c in result.spec.leaf_columns if c.select is None)
    out = {}
    for row, cells in zip(result.rows, grid.text_rows()[grid.header_rows :], strict=True):
        out[row.code or row.name] = cells[texts:]
    return out


def test_the_file_prints_with_the_final_set(rollup):
    assert rollup.pack.id == "hunan-final-2021" and rollup.pack.kind == "final"
    assert [(t.number, t.number_label, t.title) for t in rollup.specs] == [
        (1, "公开01表", "收入支出决算总表"),
        (2, "公开02表", "收入决算表"),
        (3, "公开03表", "支出决算表"),
        (4, "公开04表", "财政拨款收入支出决算总表"),
        (5, "公开05表", "一般公共预算财政拨款支出决算表"),
        (6, "公开06表", "一般公共预算财政拨款基本支出决算明细表"),
        (7, "公开07表", "一般公共预算财政拨款“三公”经费支出决算表"),
        (8, "公开08表", "政府性基金预算财政拨款收入支出决算表"),
        (9, "公开09表", "国有资本经营预算财政拨款支出决算表"),
    ]


def test_table_01_income_and_expenditure_summary(rollup):
    t1 = rollup.result(1)
    head = printed(t1)[:3]
    assert head[0] == ["收入", "", "", "支出", "", ""]
    assert head[1] == ["项目", "行次", "金额", "项目", "行次", "金额"]
    assert head[2] == ["栏次", "", "1", "栏次", "", "2"]  # the 栏次 row
    income = listing(t1, 0)
    # gp income 1,000,000 + 120,000 + 300,000 = 1,420,000; gov_fund 100,000; 事业收入 50,000
    assert income["一、一般公共预算财政拨款收入"] == ("1", "142.00")
    assert income["二、政府性基金预算财政拨款收入"] == ("2", "10.00")
    assert income["三、国有资本经营预算财政拨款收入"] == ("3", "")
    assert income["四、上级补助收入"] == ("4", "")
    assert income["五、事业收入"] == ("5", "5.00")
    assert income["八、其他收入"] == ("8", "")
    assert income["#9"] == ("9", "") and income["#26"] == ("26", "")  # numbered blank lines
    assert income["本年收入合计"] == ("27", "157.00")
    assert income["使用非财政拨款结余"] == ("28", "0.50")
    # 年初: 100,000 + 20,000 + 10,000 (gov_fund 0)
    assert income["年初结转和结余"] == ("29", "13.00")
    assert income["#30"] == ("30", "")
    assert income["总计"] == ("31", "170.50")  # 157.00 + 0.50 + 13.00
    spending = listing(t1, 1)
    assert spending["一、一般公共服务支出"] == ("32", "")
    assert spending["八、社会保障和就业支出"] == ("39", "12.00")
    assert spending["十一、城乡社区支出"] == ("42", "8.00")
    # 215: 600,000 + 150,000 + 20,000 + 30,000 + 250,000 + 40,000 + 45,000 = 1,135,000
    assert spending["十四、资源勘探工业信息等支出"] == ("45", "113.50")
    assert spending["二十六、抗疫特别国债安排的支出"] == ("57", "")
    assert spending["本年支出合计"] == ("58", "133.50")
    assert spending["结余分配"] == ("59", "0.20")
    assert spending["年末结转和结余"] == ("60", "36.80")  # 300,000 + 30,000 + 18,000 + 20,000
    assert spending["总计"] == ("62", "170.50")  # 133.50 + 0.20 + 36.80: both sides balance
    assert len(spending) == 31  # 26 类 lines and 5 footer lines, numbered 32 … 62


def test_table_02_income_by_function(rollup):
    t2 = rollup.result(2)
    head = printed(t2)[:3]
    assert head[0][:4] == ["项目", "", "本年收入合计", "财政拨款收入"]
    assert head[1][:2] == ["功能分类科目编码", "科目名称"]
    assert head[2] == ["栏次", "", "1", "2", "3", "4", "5", "6", "7"]
    #           本年收入合计, 财政拨款收入, 上级补助, 事业收入, 经营收入, 附属单位上缴, 其他收入
    assert grid_rows(t2) == {
        "合计": ["157.00", "152.00", "", "5.00", "", "", ""],
        "208": ["12.00", "12.00", "", "", "", "", ""],
        "20805": ["12.00", "12.00", "", "", "", "", ""],
        "2080505": ["12.00", "12.00", "", "", "", "", ""],
        "212": ["10.00", "10.00", "", "", "", "", ""],
        "21208": ["10.00", "10.00", "", "", "", "", ""],
        "2120803": ["10.00", "10.00", "", "", "", "", ""],
        "215": ["135.00", "130.00", "", "5.00", "", "", ""],
        "21505": ["135.00", "130.00", "", "5.00", "", "", ""],
        "2150501": ["100.00", "100.00", "", "", "", "", ""],
        "2150599": ["35.00", "30.00", "", "5.00", "", "", ""],
    }
    assert [r.name for r in t2.rows[:2]] == ["合计", "社会保障和就业支出"]  # no unit rows


def test_table_03_expenditure_by_function(rollup):
    #           本年支出合计, 基本支出, 项目支出, 上缴上级, 经营支出, 对附属单位补助
    assert grid_rows(rollup.result(3)) == {
        "合计": ["133.50", "96.50", "37.00", "", "", ""],
        "208": ["12.00", "12.00", "", "", "", ""],
        "20805": ["12.00", "12.00", "", "", "", ""],
        "2080505": ["12.00", "12.00", "", "", "", ""],
        "212": ["8.00", "", "8.00", "", "", ""],
        "21208": ["8.00", "", "8.00", "", "", ""],
        "2120803": ["8.00", "", "8.00", "", "", ""],
        # basic 600,000 + 150,000 + 20,000 + 30,000 + 45,000; project 250,000 + 40,000
        "215": ["113.50", "84.50", "29.00", "", "", ""],
        "21505": ["113.50", "84.50", "29.00", "", "", ""],
        "2150501": ["80.00", "80.00", "", "", "", ""],
        "2150599": ["33.50", "4.50", "29.00", "", "", ""],
    }


def test_table_04_fiscal_summary_with_four_spending_columns(rollup):
    t4 = rollup.result(4)
    head = printed(t4)[:3]
    assert head[1] == [
        "项目",
        "行次",
        "金额",
        "项目",
        "行次",
        "合计",
        "一般公共预算财政拨款",
        "政府性基金预算财政拨款",
        "国有资本经营预算财政拨款",
    ]
    assert head[2] == ["栏次", "", "1", "栏次", "", "2", "3", "4", "5"]
    income = listing(t4, 0)
    assert income["一、一般公共预算财政拨款"] == ("1", "142.00")
    assert income["二、政府性基金预算财政拨款"] == ("2", "10.00")
    assert income["三、国有资本经营预算财政拨款"] == ("3", "")
    assert income["本年收入合计"] == ("27", "152.00")  # 事业收入 is not 财政拨款
    assert income["年初财政拨款结转和结余"] == ("28", "12.00")  # gp 100,000 + 20,000
    assert income["一般公共预算财政拨款"] == ("29", "12.00")
    assert income["政府性基金预算财政拨款"] == ("30", "")
    assert income["国有资本经营预算财政拨款"] == ("31", "")
    assert income["总计"] == ("32", "164.00")  # 152.00 + 12.00
    spending = listing(t4, 1)
    assert spending["一、一般公共服务支出"] == ("33", "", "", "", "")
    assert spending["八、社会保障和就业支出"] == ("40", "12.00", "12.00", "", "")
    assert spending["十一、城乡社区支出"] == ("43", "8.00", "", "8.00", "")
    # 215 fiscal: 1,135,000 − 45,000 事业收入
    assert spending["十四、资源勘探工业信息等支出"] == ("46", "109.00", "109.00", "", "")
    assert spending["本年支出合计"] == ("59", "129.00", "121.00", "8.00", "")
    # 年末: gp 300,000 + 30,000; gov_fund 20,000 (事业收入's 18,000 is not 财政拨款)
    assert spending["年末财政拨款结转和结余"] == ("60", "35.00", "33.00", "2.00", "")
    assert spending["#61"] == ("61", "", "", "", "") and spending["#63"] == ("63", "", "", "", "")
    assert spending["总计"] == ("64", "164.00", "154.00", "10.00", "")


def test_table_05_gp_spending(rollup):
    t5 = rollup.result(5)
    assert printed(t5)[0] == ["项目", "", "本年支出", "", ""]
    assert printed(t5)[1] == ["功能分类科目编码", "科目名称", "小计", "基本支出", "项目支出"]
    assert grid_rows(t5) == {
        "合计": ["121.00", "92.00", "29.00"],
        "208": ["12.00", "12.00", ""],
        "20805": ["12.00", "12.00", ""],
        "2080505": ["12.00", "12.00", ""],
        "215": ["109.00", "80.00", "29.00"],
        "21505": ["109.00", "80.00", "29.00"],
        "2150501": ["80.00", "80.00", ""],
        "2150599": ["29.00", "", "29.00"],
    }


def test_table_06_gp_basic_detail_in_three_column_groups(rollup):
    t6 = rollup.result(6)
    head = printed(t6)[:2]
    assert head[0] == ["人员经费", "", "", "公用经费", "", "", "", "", ""]
    assert head[1] == ["科目编码", "科目名称", "决算数"] * 3
    rows = printed(t6)[2:]
    assert rows[0] == ["301", "工资福利支出", "72.00", "302", "商品和服务支出", "20.00"] + [
        "307",
        "债务利息及费用支出",
        "",
    ]
    assert rows[1] == ["30101", "基本工资", "60.00", "30201", "办公费", "15.00"] + [
        "30701",
        "国内债务付息",
        "",
    ]
    figures = {}
    for row in rows:
        for g in range(3):
            code, amount = row[3 * g], row[3 * g + 2]
            if amount:
                figures[code or row[3 * g + 1]] = amount
    assert figures == {
        "301": "72.00",
        "30101": "60.00",
        "30108": "12.00",
        "302": "20.00",  # 150,000 + 20,000 + 30,000 (事业收入's 45,000 is not 财政拨款)
        "30201": "15.00",
        "30217": "2.00",
        "30231": "3.00",
        "人员经费合计": "72.00",
        "公用经费合计": "20.00",
    }
    # every 款 seed 003 prints is listed, with or without figures: 27 + 28 + 25 lines
    assert len(rows) == 29 and rows[-1][1] == "人员经费合计" and rows[-1][7] == "公用经费合计"
    assert sum(1 for row in rows for g in range(3) if row[3 * g]) == 27 + 28 + 25


def test_table_07_three_public_budget_and_final(rollup):
    t7 = rollup.result(7)
    rows = printed(t7)
    assert rows[0] == ["预算数"] + [""] * 5 + ["决算数"] + [""] * 5
    assert rows[1][:6] == [
        "合计",
        "因公出国（境）费",
        "公务用车购置及运行费",
        "",
        "",
        "公务接待费",
    ]
    assert rows[2][2:5] == ["小计", "公务用车购置费", "公务用车运行费"]
    assert rows[3] == [str(n) for n in range(1, 13)]
    # 预算数 = 全年预算数: 出国 10,000; 购置 150,000; 运行 40,000; 接待 30,000
    # 决算数: 出国 0; 购置 0; 运行 30,000; 接待 20,000
    assert rows[4:] == [
        ["23.00", "1.00", "19.00", "15.00", "4.00", "3.00"]
        + ["5.00", "", "3.00", "", "3.00", "2.00"]
    ]


def test_table_08_gov_fund_with_its_balances(rollup):
    t8 = rollup.result(8)
    assert printed(t8)[2] == ["栏次", "", "1", "2", "3", "4", "5", "6"]
    #           年初, 本年收入, 本年支出 小计, 基本, 项目, 年末
    assert grid_rows(t8) == {
        "合计": ["", "10.00", "8.00", "", "8.00", "2.00"],
        "212": ["", "10.00", "8.00", "", "8.00", "2.00"],
        "21208": ["", "10.00", "8.00", "", "8.00", "2.00"],
        "2120803": ["", "10.00", "8.00", "", "8.00", "2.00"],
    }


def test_table_09_empty_prints_its_notes_and_a_blank_total(rollup):
    t9 = rollup.result(9)
    grid = TableGrid(t9)
    assert t9.empty and grid_rows(t9) == {"合计": ["", "", ""]}  # seed 003: no 0.00
    assert grid.printed_notes() == [
        "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。",
        "因本单位没有使用国有资本经营预算安排的支出，故本表无数据。",
    ]
    assert TableGrid(rollup.result(1)).printed_notes() == [
        "注：1. 本表反映部门本年度的总收入和年末结转结余情况。",
        "2. 本套报表金额单位转换时可能存在尾数误差。",
    ]


def test_listing_footing_holds_and_skips_row_numbers(rollup):
    """Every equality of the footing structure holds in 分 on tables 01, 04 and 06; none reads a
    行次 column; the 年初 detail rows count only in their own row."""
    for number in (1, 4, 6):
        result = rollup.result(number)
        spec = result.spec
        amount_cols = {c for b in range(len(spec.blocks)) for c in spec.block_columns(b)[1]}
        equalities = listing_equalities(spec, result.rows)
        assert equalities
        for col, total, parts in equalities:
            assert col in amount_cols
            values = [result.rows[p].values[col] or 0 for p in parts]
            assert (result.rows[total].values[col] or 0) == sum(values), (number, total, parts)
        for total, parts in listing_column_equalities(spec):
            for row in result.rows:
                assert (row.values[total] or 0) == sum(row.values[p] or 0 for p in parts)
    t4 = rollup.result(4)
    label = {i: r.values[0] for i, r in enumerate(t4.rows)}
    found = {
        (label[t], tuple(label[p] for p in parts))
        for c, t, parts in listing_equalities(t4.spec, t4.rows)
        if c == 2
    }
    assert (
        "年初财政拨款结转和结余",
        ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"),
    ) in found
    assert ("总计", ("本年收入合计", "年初财政拨款结转和结余")) in found
    assert (
        "本年收入合计",
        ("一、一般公共预算财政拨款", "二、政府性基金预算财政拨款", "三、国有资本经营预算财政拨款"),
    ) in found
    # table 06: 人员经费合计 = 301 + 303; a 类 = its 款
    t6 = rollup.result(6)
    names = {i: r.values[1] for i, r in enumerate(t6.rows)}
    found6 = {
        (names[t], tuple(names[p] for p in parts))
        for c, t, parts in listing_equalities(t6.spec, t6.rows)
        if c == 2
    }
    assert ("人员经费合计", ("工资福利支出", "对个人和家庭的补助")) in found6


def test_no_findings_for_the_final_file(final_ledger, rollup):
    """The set's own footing rules (tNN-rows, tNN-columns of the grid tables) and the line rules
    pass; the budget's 收支平衡, 控制数 and 绩效目标 rules are off in a 决算 set."""
    from desktop.checks.engine import Checker

    checker = Checker(final_ledger, rollup)
    ids = {r.id for r in checker.rules}
    assert {"t02-rows", "t02-columns", "t07-columns", "t08-columns"} <= ids
    assert checker.findings == []


def test_edits_of_balance_and_baseline_lines_update_the_tables(final_ledger, rollup):
    """Incremental updates equal a full roll-up after each kind of edit."""
    balance = next(b for b in final_ledger.balance_lines.values() if b.unit_code == U1)
    final_ledger.replace(balance, opening=yuan(150_000), closing=yuan(350_000))
    assert listing(rollup.result(1), 0)["年初结转和结余"] == ("29", "18.00")
    baseline = next(b for b in final_ledger.baseline_lines.values() if b.econ_code == "30212")
    final_ledger.replace(baseline, full_year=yuan(12_000))
    assert printed(rollup.result(7))[4][:2] == ["23.20", "1.20"]
    final_ledger.add(
        ExpenditureLine(None, U1, "2150501", "30212", GP, "operating", "", yuan(8_000)),
        BalanceLine(None, U2, "2120803", "gov_fund", distribution=yuan(1_000)),
        BudgetBaselineLine(None, U1, "2150501", "30217", "gov_fund", "operating", "", 0, 500_00),
    )
    incremental = [r.rows for r in rollup.results()]
    fresh = Rollup(final_ledger)
    assert incremental == [r.rows for r in fresh.results()]
    fresh.close()
    assert printed(rollup.result(7))[4][6:8] == ["5.80", "0.80"]  # 三公 is 一般公共预算 only
    assert listing(rollup.result(1), 1)["结余分配"] == ("59", "0.30")
