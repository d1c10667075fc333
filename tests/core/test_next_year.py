"""Next year's file from this year's: 上年数 equal this year's figures exactly; codes mapped or
listed, never dropped; continuing projects, staff and facts carried over."""

from __future__ import annotations

import dataclasses
from collections import Counter
from decimal import Decimal

import pytest

from desktop.catalog import load_catalog
from desktop.cli import main
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.next_year import make_next_year
from desktop.records import InternalOffice, UnitStaff


@pytest.fixture
def demo(tmp_path):
    from desktop.demo import write_demo

    path = tmp_path / "demo2025.budget"
    write_demo(path).close()
    return path


def _lines(path, prior: bool) -> tuple[Counter, int]:
    dfile = DepartmentFile.open(path, readonly=True)
    ledger = Ledger(dfile)
    lines = ledger.prior_year_lines if prior else ledger.expenditure_lines
    sums: Counter = Counter()
    for ln in lines.values():
        sums[(ln.unit_code, ln.function_code, ln.econ_code, ln.fund_source, ln.kind)] += ln.amount
    year = ledger.department.fiscal_year
    dfile.close()
    return sums, year


def test_prior_year_figures_equal_this_years_exactly(demo, tmp_path, capsys):
    out = tmp_path / "demo2026.budget"
    assert main(["next-year", str(demo), str(out)]) == 0
    assert "已生成 2026 年部门文件" in capsys.readouterr().out
    this_year, year = _lines(demo, prior=False)
    prior, new_year = _lines(out, prior=True)
    assert (year, new_year) == (2025, 2026)
    assert prior == this_year  # by function 项, economic 款, fund and kind, to the 分
    assert sum(prior.values()) == 289_785_586  # 289.79 万元 as seed 000 prints it
    dfile = DepartmentFile.open(out, readonly=True)
    ledger = Ledger(dfile)
    assert not ledger.expenditure_lines and not ledger.income_lines  # a new year starts empty
    assert list(ledger.units) == ["030001"]
    assert not ledger.projects  # both demo projects end in 2025
    source = DepartmentFile.open(demo, readonly=True)
    department_indicators = [
        (i.level2, i.name, i.value) for i in Ledger(source).project_indicators("")
    ]
    source.close()
    carried = [(i.level2, i.name, i.value) for i in ledger.project_indicators("")]
    assert carried == department_indicators and len(carried) > 10  # a starting point
    # the document of the new file compares with the 2025 figures
    from desktop.document.build import DocumentBuilder, load_template
    from desktop.tables.engine import Rollup

    builder = DocumentBuilder(ledger, Rollup(ledger), load_template(), "预算")
    assert builder.prior("收入总计") == Decimal("289.79")
    assert builder.prior("基本支出") == Decimal("254.79")
    assert builder.prior("项目支出") == Decimal("35.00")
    assert builder.prior("机关运行经费") == Decimal("28.40")  # 27.95 + 0.45, seed tables 13 and 7
    dfile.close()


def test_continuing_projects_staff_and_facts_are_carried(demo, tmp_path):
    dfile = DepartmentFile.open(demo)
    ledger = Ledger(dfile)
    project = ledger.projects["030001-ZX02"]
    ledger.replace(project, period="2025.1.1-2027.12.31", period_goal="三年建成产业链集群")
    ledger.add(UnitStaff("030001", "财政全额拨款", 16, 14, 5), InternalOffice(None, "办公室"))
    indicators = len(ledger.project_indicators("030001-ZX02"))
    dfile.close()
    out = tmp_path / "next.budget"
    report = make_next_year(demo, out)
    assert report.projects == ["先进硬质材料产业链专项经费"]
    dfile = DepartmentFile.open(out, readonly=True)
    ledger = Ledger(dfile)
    assert list(ledger.projects) == ["030001-ZX02"]
    assert ledger.projects["030001-ZX02"].period_goal == "三年建成产业链集群"
    assert len(ledger.project_indicators("030001-ZX02")) == indicators > 0
    assert ledger.unit_staff["030001"].active == 14
    assert [o.name for o in ledger.internal_offices.values()] == ["办公室"]
    dfile.close()


def test_changed_codes_are_mapped_and_vanished_codes_listed(demo, tmp_path):
    catalog = load_catalog(2026)
    # a catalog in which 2089999 disappeared and 2060103 was renumbered
    function = {k: v for k, v in catalog.function.items() if k not in ("2089999", "2060103")}
    catalog = dataclasses.replace(catalog, function=function)
    changes = {"2060103": ("2060199", "机关服务并入其他科学技术管理事务")}
    out = tmp_path / "next.budget"
    report = make_next_year(demo, out, catalog=catalog, changes=changes)
    assert report.mapped == [("2060103", "2060199", "机关服务并入其他科学技术管理事务")]
    assert report.unmapped == [
        "功能科目“2089999 其他社会保障和就业支出”在 2026 年科目表中已不存在，且没有对照关系："
        "上年数按原编码保留，请核对后改到新科目。"
    ]
    this_year, _ = _lines(demo, prior=False)
    prior, _ = _lines(out, prior=True)
    assert sum(prior.values()) == sum(this_year.values())  # nothing dropped
    moved = sum(v for k, v in this_year.items() if k[1] == "2060103")
    assert sum(v for k, v in prior.items() if k[1] == "2060199") == moved
    assert not any(k[1] == "2060103" for k in prior)
    assert sum(v for k, v in prior.items() if k[1] == "2089999") == 570_000  # 0.57 万元 kept


def test_target_must_not_exist(demo, tmp_path, capsys):
    out = tmp_path / "exists.budget"
    out.write_bytes(b"")
    assert main(["next-year", str(demo), str(out)]) == 3
    assert "已存在，不会被覆盖" in capsys.readouterr().err
