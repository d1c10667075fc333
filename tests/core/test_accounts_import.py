"""The accounting system's 科目余额表 into a 决算 file: mapped columns, subtotals dropped with a
note, every bad row named, nothing applied unless everything is right."""

from __future__ import annotations

import json

import openpyxl
import pytest

from desktop.accounts_import import (
    SETTING_KEY,
    AccountsImportError,
    AccountsMapping,
    find_header,
    guess_mapping,
    import_accounts,
    parse_pasted,
    read_table,
)
from desktop.cli import main
from desktop.errors import BudgetError
from desktop.final_from_budget import make_final_from_budget
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile

HEADER = "科目编码\t科目名称\t功能科目\t经济科目\t资金来源\t基本或项目\t项目\t借方发生额\t贷方发生额\t期初余额\t期末余额"
ROWS = [
    "科目余额表（2025 年 1—12 月）",  # row 1: a title above the header
    HEADER,  # row 2
    "7101\t行政支出\t2060101 行政运行\t30101 基本工资\t一般公共预算拨款\t基本支出\t\t427,500.00\t427,500.00\t\t",
    "7101\t行政支出\t2060101 行政运行\t30201 办公费\t经费拨款\t基本支出\t\t30,000.00\t30,000.00\t\t",
    # row 5: the 款 20601 subtotal of the 30101 row above: same amount, dropped with a note
    "7101\t行政支出\t20601 科学技术管理事务\t30101 基本工资\t经费拨款\t基本支出\t\t427,500.00\t\t\t",
    "7101\t行政支出\t2060102 一般行政管理事务\t30227 委托业务费\t经费拨款\t项目支出\t生态污染防治专项经费\t80,000.00\t80,000.00\t\t",
    "6001\t财政拨款预算收入\t2060101 行政运行\t\t经费拨款\t\t\t—\t457,500.00\t\t",
    "6001\t财政拨款预算收入\t2060102 一般行政管理事务\t\t经费拨款\t\t\t-\t100,000.00\t\t",
    "8101\t财政拨款结转\t2060102 一般行政管理事务\t\t经费拨款\t\t\t\t\t0\t20,000.00",
    "1001\t库存现金\t\t\t\t\t\t5,000.00\t5,000.00\t\t",  # not a budget account: skipped
    "\t合计\t\t\t\t\t\t970,000.00\t\t\t",  # row 11: the total line
]


@pytest.fixture
def final_path(demo_path, tmp_path):
    path = tmp_path / "决算.budget"
    make_final_from_budget(demo_path, path)
    return path


def _state(path) -> tuple:
    dfile = DepartmentFile.open(path, readonly=True)
    ledger = Ledger(dfile)
    state = (
        sorted(
            (ln.function_code, ln.econ_code, ln.kind, ln.project_code, ln.amount)
            for ln in ledger.expenditure_lines.values()
        ),
        sorted(
            (ln.function_code, ln.fund_source, ln.amount) for ln in ledger.income_lines.values()
        ),
        sorted((b.function_code, b.opening, b.closing) for b in ledger.balance_lines.values()),
        ledger.settings.get(SETTING_KEY),
    )
    dfile.close()
    return state


def test_pasted_rows_become_actual_lines(final_path, tmp_path, capsys):
    source = tmp_path / "余额表.txt"
    source.write_text("\n".join(ROWS), encoding="utf-8")
    assert main(["import-accounts", str(final_path), str(source)]) == 0
    out = capsys.readouterr().out
    assert "本年支出 3 行、本年收入 2 行、结转结余 1 行" in out
    assert "本年支出合计 53.75 万元" in out  # 427,500 + 30,000 + 80,000 元
    assert "本年收入合计 55.75 万元" in out
    assert "第 5 行“20601/30101”是其下明细的小计（427,500.00 元），未重复导入。" in out
    assert "第 11 行是合计行，未导入。" in out
    expenditure, income, balance, mapping = _state(final_path)
    assert expenditure == [
        ("2060101", "30101", "personnel", "", 42_750_000),
        ("2060101", "30201", "operating", "", 3_000_000),
        ("2060102", "30227", "project", "030001-ZX01", 8_000_000),
    ]
    assert income == [
        ("2060101", "gp_appropriation", 45_750_000),
        ("2060102", "gp_appropriation", 10_000_000),
    ]
    assert balance == [("2060102", 0, 2_000_000)]
    stored = json.loads(mapping)
    assert (
        stored["columns"]["function"] == "功能科目" and stored["columns"]["debit"] == "借方发生额"
    )
    # importing again replaces, never doubles
    assert main(["import-accounts", str(final_path), str(source)]) == 0
    assert _state(final_path)[0] == expenditure


def test_bad_rows_are_all_named_and_nothing_is_applied(final_path, tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("\n".join(ROWS), encoding="utf-8")
    assert main(["import-accounts", str(final_path), str(good)]) == 0
    before = _state(final_path)
    bad = list(ROWS)
    bad[3] = bad[3].replace("30,000.00\t30,000.00", "三万元\t30,000.00")  # text in an amount
    bad[5] = bad[5].replace("2060102 一般行政管理事务", "2999999 不存在")  # unknown code
    bad.append(bad[2])  # row 12: the 30101 row again
    # row 13: a 类 206 row whose amount is not the sum of the rows under it
    bad.append("7101\t行政支出\t206 科学技术支出\t30101\t经费拨款\t基本支出\t\t999.00\t\t\t")
    bad.append("9901\t备查\t2060101\t30101\t经费拨款\t\t\t1.00\t\t\t")  # row 14: unmapped
    bad.append("7101\t行政支出\t2060101\t30905 基础设施建设\t经费拨款\t基本支出\t\t1.00\t\t\t")
    source = tmp_path / "bad.txt"
    source.write_text("\n".join(bad), encoding="utf-8")
    assert main(["import-accounts", str(final_path), str(source)]) == 3
    err = capsys.readouterr().err
    assert "科目余额表未导入（没有做任何修改）" in err
    assert "第 4 行“借方发生额”列：“三万元”不是有效的金额" in err
    assert "第 6 行：功能科目“2999999 不存在”不在 2025 年支出功能分类科目中" in err
    assert "第 12 行与第 3 行的单位、科目、资金来源和支出类型完全相同（2060101/30101）" in err
    assert (
        "第 13 行：“206/30101”是汇总科目，与其下明细（第 3、5、12 行）同时出现，"
        "但金额 999.00 元不等于明细之和 855,000.00 元" in err
    )
    assert "第 14 行：会计科目“9901 备查”没有对应到" in err
    assert (
        "第 15 行：基本支出只列 301、302、303、310 类经济科目，“30905 基础设施建设”应列为项目支出"
        in err
    )
    assert _state(final_path) == before  # one batch, all or nothing


def test_a_budget_file_is_refused(demo_path, tmp_path):
    dfile = DepartmentFile.open(demo_path)
    ledger = Ledger(dfile)
    with pytest.raises(BudgetError, match="只有部门决算文件可以导入会计科目余额表"):
        import_accounts(ledger, parse_pasted("\n".join(ROWS)), guess_mapping(HEADER.split("\t")))
    dfile.close()


def test_mapping_file_and_remembered_mapping_and_xlsx(final_path, tmp_path, capsys):
    # An export with its own header names, read from .xlsx with numbers as numbers.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["功能分类代码", "经济分类代码", "发生额", "说明"])
    sheet.append(["2060101", "30101", 427500.5, "工资"])
    sheet.append(["2060101", "30201", 30000, "办公"])
    xlsx = tmp_path / "导出.xlsx"
    book.save(xlsx)
    rows = read_table(xlsx)
    assert rows[1] == ["2060101", "30101", "427500.5", "工资"]
    with pytest.raises(BudgetError, match="找不到科目余额表的表头行"):
        find_header(rows)  # none of these names is known: the mapping must say
    mapping = {"columns": {"function": "功能分类代码", "econ": "经济分类代码", "debit": "发生额"}}
    mapping_file = tmp_path / "mapping.json"
    mapping_file.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    assert (
        main(["import-accounts", str(final_path), str(xlsx), "--mapping", str(mapping_file)]) == 0
    )
    assert "本年支出合计 45.75 万元" in capsys.readouterr().out
    assert _state(final_path)[0] == [
        ("2060101", "30101", "personnel", "", 42_750_050),
        ("2060101", "30201", "operating", "", 3_000_000),
    ]


def test_mapping_is_remembered_in_the_file(final_path):
    dfile = DepartmentFile.open(final_path)
    ledger = Ledger(dfile)
    headers = ["功能分类代码", "经济分类代码", "借方发生额", "资金来源"]
    rows = [headers, ["2060101", "30101", "100.00", "经费拨款"]]
    mapping = guess_mapping(headers)
    assert "function" not in mapping.columns  # not a name it knows
    mapping.columns.update(function="功能分类代码", econ="经济分类代码")
    plan = import_accounts(ledger, rows, mapping)
    assert plan.counts["expenditure"] == 1
    remembered = guess_mapping(headers, AccountsMapping.from_json(ledger.settings.get(SETTING_KEY)))
    assert remembered.columns == mapping.columns
    with pytest.raises(AccountsImportError) as caught:
        import_accounts(ledger, [headers, ["2060101", "30101", "-5.00", "经费拨款"]], mapping)
    assert caught.value.messages == [
        "第 2 行：借方发生额为负数（2060101/30101）；决算的收入、支出和结转结余不能为负，"
        "请核对红字冲销后再导入。"
    ]
    income_rows = [["科目编码", *headers], ["6001", "2060101", "", "100.00", "经费拨款"]]
    income = AccountsMapping(dict(mapping.columns, account="科目编码"))  # 6… = 本年收入
    with pytest.raises(AccountsImportError, match="有本年收入的行，但没有指定“贷方发生额”所在的列"):
        import_accounts(ledger, income_rows, income)
    with pytest.raises(AccountsImportError) as caught:
        import_accounts(ledger, [headers, ["2060101", "301", "5.00", "经费拨款"]], mapping)
    assert caught.value.messages == [
        "第 2 行：科目“2060101/301”不是最末级科目（功能科目应到项，经济科目应到款），"
        "请按明细科目导出。"
    ]
    dfile.close()
