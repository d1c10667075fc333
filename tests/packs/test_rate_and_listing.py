"""增减率 (rate), 财政拨款收支总表's four 支出 columns and the department-wide 类/款/项 rows of the
national set, printed the same in every medium.

Figures are the demo's (resources/demo/hetang_2025.json, as in test_national_set.py) plus the
prior-year and extra lines each test adds; every expected rate is worked out by hand below.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from desktop.checks.context import CheckContext
from desktop.checks.footing import check_columns, check_rows
from desktop.cli import main
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.packs.registry import get_pack
from desktop.records import ExpenditureLine, PriorYearLine
from desktop.tables.engine import Rollup
from desktop.tables.footing import column_equalities, listing_column_equalities
from desktop.tables.printed import RATE, TableGrid
from desktop.tables.spec import Rate
from desktop.tables.text import render_text

UNIT = "030001"
GP = "gp_appropriation"


def yuan(text: str) -> int:
    whole, _, cents = text.partition(".")
    return int(whole.replace(",", "")) * 100 + int(cents or 0)


@pytest.fixture
def national():
    return get_pack("national-2025")


# -- the value -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("budget", "prior", "decimals", "text", "percent"),
    [
        (112345, 100000, 2, "12.35%", "12.35"),  # 12.345 % rounds half up
        (4, 3, 2, "33.33%", "33.33"),  # 1/3: exact arithmetic, not a float
        (5, 3, 2, "66.67%", "66.67"),
        (9, 8, 0, "13%", "13"),  # 12.5 % half away from zero …
        (7, 8, 0, "-13%", "-13"),  # … both ways
        (0, 100, 2, "-100.00%", "-100.00"),  # dropped: −100 %
        (100, 100, 2, "0.00%", "0.00"),
        (100, 0, 2, "—", None),  # new this year: no rate
        (0, 0, 2, "", None),  # nothing either year: blank
        (1, -2, 1, "-150.0%", "-150.0"),  # a negative prior (a refund) divides by its size
    ],
)
def test_rate_is_exact_and_printed_with_the_sets_decimals(budget, prior, decimals, text, percent):
    rate = Rate(budget, prior, decimals)
    assert rate.text() == text
    assert rate.percent == (None if percent is None else Decimal(percent))


# -- table 5: 增减率 beside 上年预算数 and 增减额 -----------------------------------------------
def _with_prior(ledger) -> None:
    ledger.add(
        PriorYearLine(None, UNIT, "2060101", "30101", GP, "personnel", yuan("1000000.00")),
        PriorYearLine(None, UNIT, "2210201", "30113", GP, "personnel", yuan("150000.00")),
        # spent last year, nothing this year: −100 %
        PriorYearLine(None, UNIT, "2010101", "30101", GP, "personnel", yuan("5000.00")),
    )


def test_rate_column_of_table_5(demo_ledger, national):
    rollup = Rollup(demo_ledger, pack=national)
    _with_prior(demo_ledger)
    t5 = rollup.result(5)
    rate = t5.column_index("增减率")
    assert t5.rate_columns() == [rate] and rate not in t5.amount_columns()
    # 合计: 本年 2,897,855.86, 上年 1,155,000.00 → 1,742,855.86 / 1,155,000 = 150.8966…%
    total = t5.find_row(level="total").values[rate]
    assert total == Rate(yuan("2897855.86"), yuan("1155000.00"), 2)
    assert total.text() == "150.90%"
    # 2210201 住房公积金: 162,900 / 150,000 − 1 = 8.6 %
    assert t5.find_row(code="2210201").values[rate].text() == "8.60%"
    # 2060101 行政运行: 1,168,075.86 / 1,000,000 − 1 = 16.807586 %
    assert t5.find_row(code="2060101").values[rate].text() == "16.81%"
    # 2060102 一般行政管理事务: no prior figure → “—”
    assert t5.find_row(code="2060102").values[rate].text() == "—"
    # 2010101: only last year → −100 %, and the row is printed
    assert t5.find_row(code="2010101").values[rate].text() == "-100.00%"
    # One edit updates the rate as a full roll-up would.
    line = next(ln for ln in demo_ledger.prior_year_lines.values() if ln.function_code == "2210201")
    demo_ledger.replace(line, amount=yuan("181000.00"))
    assert rollup.result(5).find_row(code="2210201").values[rate].text() == "-10.00%"
    fresh = Rollup(demo_ledger, pack=national)
    assert rollup.result(5).rows == fresh.result(5).rows
    fresh.close()
    rollup.close()


def test_rate_columns_never_foot(demo_ledger, national):
    rollup = Rollup(demo_ledger, pack=national)
    _with_prior(demo_ledger)
    t5 = rollup.result(5)
    rate = t5.column_index("增减率")
    for total, parts in column_equalities(t5.spec):
        assert rate != total and rate not in parts
    ctx = CheckContext(demo_ledger, rollup, national.rules, None)
    assert list(check_rows(ctx, 5)) == [] and list(check_columns(ctx, 5)) == []
    rollup.close()


def test_rate_prints_the_same_in_text_grid_and_json(demo_ledger, national):
    rollup = Rollup(demo_ledger, pack=national)
    _with_prior(demo_ledger)
    result = rollup.result(5)
    grid = TableGrid(result)
    rate = result.column_index("增减率")
    assert grid.column_kinds[rate] == RATE
    total_row = grid.header_rows + next(i for i, r in enumerate(result.rows) if r.level == "total")
    cell = grid.cell(total_row, rate)
    assert (cell.text, cell.amount, cell.align, cell.role) == ("150.90%", None, "right", "value")
    assert cell.ref.select.measure == "rate"
    assert [c for c in grid.cells() if (c.row, c.col) == (total_row, rate)] == [cell]
    text = render_text(result, demo_ledger.department)
    assert "150.90%" in text and "-100.00%" in text and "8.60%" in text
    data = result.to_json()
    assert data["columns"][rate]["kind"] == "rate"
    rows = {r["code"] or r["name"]: r["cells"][rate] for r in data["rows"]}
    assert rows["合计"] == "150.90" and rows["2060102"] is None and rows["2010101"] == "-100.00"
    json.dumps(data)  # serialisable
    rollup.close()


def test_rate_in_pdf_workbook_and_the_workbook_imports_back(capsys, demo_path, tmp_path):
    dfile = DepartmentFile.open(demo_path)
    _with_prior(Ledger(dfile))
    dfile.close()
    pdf, xlsx = tmp_path / "n.pdf", tmp_path / "n.xlsx"
    argv = ["export", str(demo_path), "--pack", "national-2025", "--tables", "4,5", "--draft"]
    assert main([*argv, "--pdf", str(pdf), "--xlsx", str(xlsx)]) == 0
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    assert "150.90%" in text and "-100.00%" in text
    assert "国有资本经营预算" in text and "政府性基金预算" in text
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True)
    values = [c for row in wb["05一般公共预算支出表"].iter_rows(values_only=True) for c in row]
    wb.close()
    assert "150.90%" in values and "8.60%" in values and "—" in values
    # the amounts stay numbers (openpyxl reads them back as binary floats)
    assert Decimal("289.79") in {Decimal(str(v)) for v in values if isinstance(v, float)}
    # The workbook imports back: rates are computed cells, the prior-year lines are data.
    back = tmp_path / "back.budget"
    assert main(["import", str(back), str(xlsx)]) == 0
    capsys.readouterr()
    for path in (demo_path, back):
        assert (
            main(["tables", str(path), "--json", "--pack", "national-2025", "--tables", "5"]) == 0
        )
    out = capsys.readouterr().out
    first, second = out[: len(out) // 2], out[len(out) // 2 :]
    assert json.loads(first)["tables"] == json.loads(second)["tables"]


# -- table 4: 支出 side 合计 / 一般公共预算 / 政府性基金 / 国有资本经营 --------------------------
def test_fiscal_summary_has_four_amount_columns_on_the_expenditure_side(demo_ledger, national):
    demo_ledger.add(
        ExpenditureLine(
            None, UNIT, "2120801", "30201", "gov_fund", "operating", amount=yuan("30000.00")
        )
    )
    rollup = Rollup(demo_ledger, pack=national)
    t4 = rollup.result(4)
    labels = [c.label for c in t4.spec.leaf_columns]
    assert labels == [
        "项目",
        "预算数",
        "项目",
        "合计",
        "一般公共预算",
        "政府性基金预算",
        "国有资本经营预算",
    ]
    science = next(r for r in t4.rows if r.values[2] == "科学技术支出")
    assert science.values[3:] == (yuan("1945747.00"), yuan("1945747.00"), 0, 0)
    urban = next(r for r in t4.rows if r.values[2] == "城乡社区支出")
    assert urban.values[3:] == (yuan("30000.00"), 0, yuan("30000.00"), 0)
    total = next(r for r in t4.rows if r.values[2] == "支出总计")
    assert total.values[3:] == (yuan("2927855.86"), yuan("2897855.86"), yuan("30000.00"), 0)
    # 合计 = the three budgets, on every line; the column structure says so once.
    assert listing_column_equalities(t4.spec) == [(3, (4, 5, 6))]
    for row in t4.rows:
        if row.values[3] is not None:
            assert row.values[3] == sum(row.values[4:7])
    grid = TableGrid(t4)
    assert grid.header_rows == 2
    assert [(h.text, h.colspan) for h in grid.header()[1] if h.row == 0] == [
        ("收入", 2),
        ("支出", 5),
    ]
    # Each cell's reference is the item's lines narrowed to its column.
    ref = grid.ref(t4.rows.index(urban), 5)
    assert ref.select.function == ("212",) and ref.select.funds == (
        "gov_fund",
        "carryover_gov_fund",
    )
    rollup.close()


# -- rows: 合计 and the department's 类/款/项 (rows.by = function) ---------------------------
def test_function_rows_over_the_whole_department(tmp_path, national):
    from benchmarks.generate import generate

    dfile = DepartmentFile.open(generate(tmp_path / "large.budget"))
    try:
        ledger = Ledger(dfile)
        rollup = Rollup(ledger, pack=national)
        hunan = Rollup(ledger, pack=get_pack("hunan-2025"))
        t3 = rollup.result(3)
        assert {r.level for r in t3.rows} == {"total", "类", "款", "项"}
        codes = [r.code for r in t3.rows if r.level != "total"]
        assert len(codes) == len(set(codes))  # each 科目 once, whatever the units
        # A 项 sums every unit's lines: Hunan table 3 lists it per unit.
        h3 = hunan.result(3)
        units_of: dict[str, list[int]] = {}
        for r in h3.rows:
            if r.level == "项":
                units_of.setdefault(r.code, []).append(r.values[5])
        code, per_unit = max(units_of.items(), key=lambda kv: len(kv[1]))
        assert len(per_unit) > 1
        assert t3.find_row(code=code).values[2] == sum(per_unit)
        ctx = CheckContext(ledger, rollup, national.rules, None)
        for number in (2, 3, 5, 8, 9):
            assert list(check_rows(ctx, number)) == [], number
            assert list(check_columns(ctx, number)) == [], number
        # The department total equals the sum of its 类 rows.
        classes = [r.values[2] for r in t3.rows if r.level == "类"]
        assert t3.rows[0].values[2] == sum(classes) == hunan.result(3).rows[0].values[5]
    finally:
        dfile.close()
