"""A 决算 file from the year's budget file: what is carried, the 预算数 lines, refusals."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from desktop.catalog import load_catalog
from desktop.cli import main
from desktop.errors import BudgetError
from desktop.final_from_budget import make_final_from_budget
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import ExpenditureLine, InternalOffice, UnitStaff


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_final_carries_the_budget_and_its_lines_become_the_budget_figures(
    demo_path, tmp_path, capsys
):
    dfile = DepartmentFile.open(demo_path)
    ledger = Ledger(dfile)
    ledger.add(UnitStaff("030001", "财政全额拨款", 16, 14, 5), InternalOffice(None, "办公室"))
    # Two lines that differ only by their note add up to one 预算数 line.
    first = next(ln for ln in ledger.expenditure_lines.values() if ln.econ_code == "30201")
    ledger.add(ExpenditureLine(None, *_key(first), amount=12_345, note="另一笔"))
    budget = Counter()
    for ln in ledger.expenditure_lines.values():
        budget[(*_key(ln),)] += ln.amount
    indicators = [(i.project_code, i.name, i.value) for i in ledger.indicators.values()]
    projects = sorted(ledger.projects)
    dfile.close()
    before = _sha(demo_path)

    out = tmp_path / "决算2025.budget"
    assert main(["final-from-budget", str(demo_path), str(out)]) == 0
    printed = capsys.readouterr().out
    assert "已生成 2025 年部门决算文件" in printed
    # seed 000 spends 2,897,855.86 元; with the 123.45 元 added above 2,897,979.31 = 289.80 万元
    assert "合计 289.80 万元" in printed
    assert _sha(demo_path) == before  # the budget file is never written

    final = DepartmentFile.open(out, readonly=True)
    result = Ledger(final)
    assert result.is_final and result.department.fiscal_year == 2025
    assert result.department.name == "株洲市荷塘区科技和工业信息化局"
    assert list(result.units) == ["030001"]
    assert result.unit_staff["030001"].active == 14
    assert [o.name for o in result.internal_offices.values()] == ["办公室"]
    assert sorted(result.projects) == projects
    assert sorted((i.project_code, i.name, i.value) for i in result.indicators.values()) == sorted(
        indicators
    )
    # no actuals: income, spending and balances come from the accounts
    assert not result.income_lines and not result.expenditure_lines
    assert not result.balance_lines and not result.prior_year_lines
    baseline = Counter()
    for b in result.baseline_lines.values():
        assert b.initial == b.full_year
        baseline[(b.unit_code, b.function_code, b.econ_code, b.fund_source, b.kind,
                  b.project_code)] += b.initial  # fmt: skip
    assert baseline == budget
    assert sum(baseline.values()) == 289_785_586 + 12_345
    assert len(result.baseline_lines) == len(budget)  # one line per key
    final.close()


def _key(ln: ExpenditureLine) -> tuple:
    return (ln.unit_code, ln.function_code, ln.econ_code, ln.fund_source, ln.kind, ln.project_code)


def test_refusals_are_in_chinese_and_leave_nothing(demo_path, tmp_path, capsys):
    out = tmp_path / "决算.budget"
    out.write_bytes(b"keep")
    assert main(["final-from-budget", str(demo_path), str(out)]) == 3
    assert "已存在，不会被覆盖" in capsys.readouterr().err
    assert out.read_bytes() == b"keep"

    final = tmp_path / "a.budget"
    make_final_from_budget(demo_path, final)
    with pytest.raises(BudgetError, match="已经是2025年部门决算文件，请选择同一年度的部门预算文件"):
        make_final_from_budget(final, tmp_path / "b.budget")
    assert not (tmp_path / "b.budget").exists()

    # a budget of a year without a catalog
    old = DepartmentFile.create(tmp_path / "1999.budget", "001", "测试局", 1999)
    old.close()
    with pytest.raises(BudgetError, match="不能生成 1999 年部门决算：没有 1999 年的科目表"):
        make_final_from_budget(tmp_path / "1999.budget", tmp_path / "c.budget")
    assert not (tmp_path / "c.budget").exists()
    assert load_catalog(2025).year == 2025
