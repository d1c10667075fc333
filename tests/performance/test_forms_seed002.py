"""Acceptance: the seed-002 fixture prints 石峰区's 2023 performance tables as published.

Fixture tests/fixtures/seed002_shifeng_2023.json holds the published department target, the two
special funds (提退人员经费, 业务性专项) with one spending direction each, their targets and cost
breakdowns, and a minimal ledger synthesized from the published totals (一般公共预算拨款 368.9 =
基本支出 346.36 + 项目支出 19.54 + 3). There is no 2023 catalog: the file is loaded with the 2025
catalog (`Ledger(dfile, catalog)`).

Seed 002's text is a Word table dump: one cell per line (a line without the leading tab continues
the cell above), rows separated by blank lines, a cell merged from above printed as an empty cell.
The forms are compared row by row in that shape; every difference is in KNOWN_DIFFERENCES.

Published mistakes reproduced as published (typed text, the rules judge the figures): the cost
item 工业投资 0.7 万元 whose basis says “每次0.2万元，共0.8万元”, 安全生产检查 0.5 万元 vs
“每次0.3万元，共0.6万元”; the first direction's 数量指标 whose 三级指标 is the amount “19.54” and
whose value is “不超年初预算”; the department's 经济效益指标 text cut off at “推动工业高质量发”.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.money import DisplayUnit, parse_amount
from desktop.tables.forms import form_results, performance_layout
from tests.performance.test_forms_common import (
    SEEDS,
    Known,
    compare_rows,
    load_fixture,
    squash,
    visual_row,
)

SEED = SEEDS / "002_6808878cfb96c349.txt"

TITLES = (
    "2023年部门整体支出绩效目标表",
    "2023年区级专项资金绩效目标汇总表",
    "2023年区级专项资金支出方向绩效目标表",
)
BOOKMARK = "公开文本漏出了 Word 书签标记“[bookmark: _GoBack]”；账中只存说明文字"

# (form index, row, column or None for the whole row): the difference and why.
KNOWN_DIFFERENCES: dict[tuple[int, int, int | None], Known] = {
    (3, 19, 4): Known(
        "[bookmark: _GoBack]",
        "高企及科技",
        BOOKMARK,
        lambda t: t.replace("[bookmark: _GoBack]", ""),
    ),
}


def published_forms() -> list[tuple[str, list[list[str]]]]:
    """(title, rows of cells) of the four forms: department, summary, two directions."""
    lines = Path(SEED).read_text(encoding="utf-8").splitlines()
    out = []
    for i, line in enumerate(lines):
        if line.strip() not in TITLES:
            continue
        start = next(j for j in range(i + 1, len(lines)) if "金额" in lines[j]) + 1
        end = next(j for j in range(start, len(lines)) if "单位负责人签字" in lines[j])
        out.append((line.strip(), _rows(lines[start:end])))
    return out


def _rows(lines: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    current: list[str] = []
    for line in lines + [""]:
        if not line.strip("\n") and not line.startswith("\t"):
            if current:
                rows.append(current)
            current = []
        elif line.startswith("\t"):
            current.append(line[1:])
        elif current:
            current[-1] += "\n" + line  # the cell goes on on the next line
    return rows


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    ledger = load_fixture(tmp_path_factory.mktemp("seed002"), "seed002_shifeng_2023.json", 2025)
    yield ledger
    ledger.file.close()


@pytest.fixture(scope="module")
def forms(ledger):
    return form_results(ledger, performance_layout(ledger.file))


def wan(*texts: str) -> list[int]:
    return [parse_amount(t, DisplayUnit.WAN_YUAN) for t in texts]


def test_fixture_totals_are_the_published_ones(ledger):
    lines = ledger.expenditure_lines.values()
    assert [sum(ln.amount for ln in lines)] == wan("368.9")
    assert [sum(ln.amount for ln in lines if ln.is_basic)] == wan("346.36")
    assert [ledger.project_total(c) for c in sorted(ledger.projects)] == wan("19.54", "3")
    assert ledger.catalog.year == 2025 and ledger.department.fiscal_year == 2023
    assert {p.special_fund_code for p in ledger.projects.values()} == {"SF01", "SF02"}


def test_titles_and_order(forms):
    published = published_forms()
    assert [f.title for f in forms] == [title for title, _ in published]
    assert [f.spec.key for f in forms] == [
        "shifeng2023-dept-target",
        "shifeng2023-fund-summary",
        "shifeng2023-direction-target",
        "shifeng2023-direction-target",
    ]
    assert forms[0].spec.unit_label == "金额：万元"  # as the seed prints it


@pytest.mark.parametrize(
    "index", [0, 1, 2, 3], ids=["部门整体", "汇总表", "提退人员经费", "业务性专项"]
)
def test_every_cell_as_published(forms, index):
    _, rows = published_forms()[index]
    known = {(r, c): k for (i, r, c), k in KNOWN_DIFFERENCES.items() if i == index}
    assert compare_rows(forms[index], rows, known, visual_row) == []


def test_fund_amounts_are_sums_of_directions(forms):
    summary = forms[1]
    amounts = [summary.cell_at(r, 2).amount for r in range(1, summary.rows)]
    assert amounts == wan("22.54", "19.54", "19.54", "3", "3")
    direction = forms[2]
    # 项目金额 (the direction's lines) and 所属专项 金额 (the fund: the sum of its directions).
    assert [direction.cell_at(1, 1).amount, direction.cell_at(1, 4).amount] == wan("19.54", "19.54")
    assert direction.cell_at(0, 4).source.name == "提退人员经费"
    total = forms[3].cell_at(20, 3)
    assert (total.text, total.amount) == ("3.00", wan("3")[0])  # 合计 of the cost breakdown


def test_value_and_unit_print_in_one_column(forms, ledger):
    cost = next(i for i in ledger.project_indicators("032001-ZX01") if i.level2 == "成本指标")
    assert (cost.comparator, cost.value, cost.measure_unit) == ("≤", "19.54", "万元")
    cell = next(c for c in forms[2].cells if c.source == cost and c.field == "value")
    assert cell.text == "≤19.54万元"
    dept_cost = next(i for i in ledger.project_indicators("") if i.level2 == "成本指标")
    assert (dept_cost.comparator, dept_cost.value, dept_cost.measure_unit) == ("", "368.9", "万元")
    standards = [c.text for c in forms[3].cells if c.field == "standard"]
    assert standards == ["计划标准"] * 4 + ["其他标准"] * 5
    assert squash(forms[0].cell_at(1, 1).text) == "资金总额：368.90"
