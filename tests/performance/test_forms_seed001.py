"""Acceptance: the seed-001 fixture prints 渌口区's 2026 performance tables as published.

Fixture tests/fixtures/seed001_lukou_2026.json holds the published targets (department target and
the three project targets) and a minimal ledger synthesized from the published totals (一般公共
预算 478.07 = 基本支出 456.07 + 项目支出 10 + 7 + 5). The department form and each project form
are compared cell by cell with the seed text (one tab-separated entry per grid column); every
difference is listed in KNOWN_DIFFERENCES with the reason.

Published mistakes reproduced as published (the rules report them, the forms print them):
the department's 时效指标 “及时支付相关资金 ≤ 当年10月前” (a comparison with a text that is no
number), its cut-off 指标值说明 “根据工作需要对相关资金进行拨”, 定性 indicators with numeric
values (“100%”, “28%”), and the second project's 生态效益 row with no indicator at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.money import DisplayUnit, parse_amount
from desktop.performance import COST, dimension_of
from desktop.tables.forms import form_results, performance_layout
from tests.performance.test_forms_common import SEEDS, Known, compare_rows, load_fixture, squash

SEED = SEEDS / "001_cc015541e5a0f6ec.txt"

DEPT_TITLE = "2026年部门整体支出绩效目标表"
PROJECT_TITLE = "2026年项目支出绩效目标表"
PERIOD = "公开文本把标签“项目支出实施期”印成“项目支出实施”（单元格过窄被截断；第二张表印全）"
MARKUP = "公开文本漏出了网页编辑器的段落标记 <p></p>；账中只存文字，段落之间换行"
SHIFTED = (
    "公开文本最后一行错位：“生态环境成本”落在第一列、“无”落在第三列；"
    "按表样它是成本指标下的二级指标，内容按顺序相同"
)
BLANK_BUDGET = (
    "公开表的年度本级预算留空，而成本指标写明“不高于预算成本 7 万元”；"
    "年度本级预算取自账中该项目的支出明细，为 7.00"
)
CATEGORY_ROW = (
    "第三张表把项目类别放在第 5、6 列（年度本级预算的数值格跨了三列），"
    "前两张表放在第 3、4 列；内容按顺序相同"
)


def _strip_markup(text: str) -> str:
    return re.sub(r"</?p>", "", text)


# (form index, row, column or None for the whole row): the difference and why.
KNOWN_DIFFERENCES: dict[tuple[int, int, int | None], Known] = {
    (1, 2, 0): Known("项目支出实施", "项目支出实施期", PERIOD),
    (1, 3, 1): Known("<p>", "在区委", MARKUP, _strip_markup),
    (1, 14, None): Known("生态环境成本", "生态环境成本", SHIFTED),
    (2, 1, 1): Known("", "7.00", BLANK_BUDGET),
    (2, 14, None): Known("生态环境成本", "生态环境成本", SHIFTED),
    (3, 1, None): Known("项目类别", "项目类别", CATEGORY_ROW),
    (3, 2, 0): Known("项目支出实施", "项目支出实施期", PERIOD),
    (3, 3, 1): Known("<p>", "1. 培塑", MARKUP, _strip_markup),
    (3, 14, None): Known("生态环境成本", "生态环境成本", SHIFTED),
}


def published_forms() -> list[tuple[str, list[list[str]]]]:
    """(title, tab-separated rows) of the department form and the three project forms."""
    lines = Path(SEED).read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if line in (DEPT_TITLE, PROJECT_TITLE)]
    out = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        rows = [line.split("\t") for line in lines[start + 1 : end] if "\t" in line]
        out.append((lines[start], rows))
    return out


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    ledger = load_fixture(tmp_path_factory.mktemp("seed001"), "seed001_lukou_2026.json")
    yield ledger
    ledger.file.close()


@pytest.fixture(scope="module")
def forms(ledger):
    return form_results(ledger, performance_layout(ledger.file))


def test_fixture_totals_are_the_published_ones(ledger):
    def wan(text: str) -> int:
        return parse_amount(text, DisplayUnit.WAN_YUAN)

    lines = ledger.expenditure_lines.values()
    assert sum(ln.amount for ln in lines) == wan("478.07")
    assert sum(ln.amount for ln in lines if ln.is_basic) == wan("456.07")
    assert [ledger.project_total(code) for code in sorted(ledger.projects)] == [
        wan("10"),
        wan("7"),
        wan("5"),
    ]
    assert ledger.income_total() == wan("478.07")
    assert performance_layout(ledger.file) == "lukou2026"


def test_titles_and_unit_lines(forms):
    published = published_forms()
    assert [f.title for f in forms] == [title for title, _ in published]
    assert [f.spec.key for f in forms] == ["lukou2026-dept-target"] + [
        "lukou2026-project-target"
    ] * 3
    text = SEED.read_text(encoding="utf-8").replace(": ", "：")
    assert forms[0].spec.unit_label in text and forms[1].spec.unit_label in text
    assert "填报单位(盖章)：株洲市渌口区科技和工业信息化局" in text


@pytest.mark.parametrize("index", [0, 1, 2, 3], ids=["部门整体", "培训会", "特困救助", "小微企业"])
def test_every_cell_as_published(forms, index):
    _, rows = published_forms()[index]
    known = {(r, c): k for (i, r, c), k in KNOWN_DIFFERENCES.items() if i == index}
    assert compare_rows(forms[index], rows, known) == []


def test_indicator_fields(forms, ledger):
    # Field by field for the records behind the cells, not only the printed text.
    dept = ledger.project_indicators("")
    assert [
        (i.level1, i.level2, i.name, i.comparator, i.value, i.measure_unit) for i in dept[:2]
    ] == [
        ("产出指标", "数量指标", "省级以上专精特新中小企业", "≥", "4", "个数"),
        ("产出指标", "数量指标", "入库科技型中小企业", "≥", "150", "个数"),
    ]
    timely = dept[4]
    assert (timely.comparator, timely.value, timely.description) == (
        "≤",
        "当年10月前",
        "根据工作需要对相关资金进行拨",
    )
    cost = [i for i in dept if dimension_of(i.level1, i.level2) == COST]
    assert [(i.name, i.value, i.measure_unit) for i in cost] == [
        ("年初预算", "478.07", "万元"),
        ("无", "", ""),
        ("无", "", ""),
    ]
    second = ledger.project_indicators("031001-XM02")
    assert [i.remark for i in second if i.remark] == ["根据工作需要及时拨付"]
    budget = forms[2].cell_at(1, 1)
    seven = parse_amount("7", DisplayUnit.WAN_YUAN)
    assert (budget.text, budget.amount, budget.source.code) == ("7.00", seven, "031001-XM02")


def test_zero_prints_as_a_slash(forms):
    row = [c.text for c in sorted(forms[0].cells, key=lambda c: c.col) if c.row == 8]
    assert row == ["478.07", "/", "/", "/", "456.07", "22.00"]
    assert squash(forms[0].cell_at(7, 1).text) == "478.07"  # 资金总额 spans two rows
    assert forms[0].cell_at(8, 1).rowspan == 2
