"""The indicator template library (gathered from the seeds), inserting templates, copying."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import LedgerError
from desktop.performance import LEVEL1, LEVEL2, indicator_number, needs_number
from desktop.performance_templates import (
    budget_value,
    copy_indicators,
    insert_templates,
    load_templates,
    template_indicator,
    themes,
)
from desktop.records import Indicator

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"  # provenance there
ZX01, ZX02 = "030001-ZX01", "030001-ZX02"  # demo: 生态污染防治 25 万元, 先进硬质材料 10 万元
STOP = ("支出测算", "项目名称", "部门名称", "部门(单位名称)", "财政部门审核意见")
# Library names that tidy a published 三级 name (year dropped, truncation or typo repaired).
RENAMED = {
    "推动荷塘区生态环保工作有序发": "推动荷塘区生态环保工作有序发展",
    "2025年下半年规模工业企业联网直报填报率": "规模工业企业联网直报填报率",
    "组织企业申报2026年专精特新中小企业": "组织企业申报专精特新中小企业",
    "组织企业2026年专精特新中小企业复审": "组织企业专精特新中小企业复审",
    "2026年完成企业办事不求人台账": "完成企业办事不求人台账",
    "构建更优产业生态，减少资源于能源消耗、降低有害物质排放": (
        "构建更优产业生态，减少资源与能源消耗、降低有害物质排放"
    ),
    "规模工业企业": "规模工业企业满意度",
}
# Seed 002 is not tab-separated: its 三级 names, transcribed (department, then both directions).
SEED002 = [
    "力争全区规模工业增加值同比增长8.5%左右，研发经费投入强度达到9.30%以上",
    "大力开展“三高两年”活动，全力打好“发展六仗”，推动工业高质量发展",
    "完成时间",
    "控制总成本不超预算",
    "聚焦、裂变、创新、升级、品牌，推动工业高质量发展",
    "加强工业运行监测，实施“纾困增效”行动，为企业排忧解难，促进工业经济良性运行",
    "支持推动企业加快绿色低碳转型，形成竞争新优势",
    "建立健全长效机制，提升工作水平",
    "服务对象满意度",
    "推动工业高质量发展",
    "为企业排忧解难，促进工业经济良性运行",
    "坚持稳中求进，深入实施“三高四新”战略，围绕“聚焦、裂变、创新、升级、品牌”十字方针抓落实，"
    "推动工业经济高质量发展",
]


def _tidy(name: str) -> str:
    return name.replace(" ", "").replace(",", "，")


def published_names(seed: str) -> list[str]:
    """The 三级 indicator names of a tab-separated seed's performance tables ("无" rows left out)."""
    text = next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    names, column = [], None
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) < 2:
            continue
        if "三级指标" in cells:
            column = cells.index("三级指标")
            continue
        first = next((c for c in cells if c.strip()), "").replace(" ", "")
        if first.startswith(STOP):
            column = None
        if column is not None and len(cells) > column:
            name = _tidy(cells[column])
            if name and name != "无":
                names.append(name)
    return names


@pytest.fixture(scope="module")
def templates():
    return load_templates()


def test_library_is_grouped_by_theme_and_follows_the_framework(templates):
    assert themes(templates) == [
        "通用", "工业和信息化", "科技", "生态环保", "人员经费/提退", "维稳救助", "培训",
    ]  # fmt: skip
    assert len(templates) == 76
    keys = [(t.level1, t.level2, t.indicator) for t in templates]
    assert len(set(keys)) == len(keys)
    for t in templates:
        assert t.level1 in LEVEL1 and t.level2 in LEVEL2[t.level1], t
        assert t.seed in ("000", "001", "002") and "绩效目标表" in t.source, t
        if needs_number(t.comparator) and not t.value_from_budget:
            assert indicator_number(t.value, t.measure_unit) is not None, t
    first = next(t for t in templates if t.indicator == "每月环保督查")
    assert (first.theme, first.comparator, first.value, first.measure_unit) == (
        "生态环保", "≥", "12次", "次",
    )  # fmt: skip
    assert indicator_number(first.value, first.measure_unit) == 12


@pytest.mark.parametrize("seed", ["000", "001"])
def test_every_published_indicator_of_a_seed_is_in_the_library(templates, seed):
    names = published_names(seed)
    assert len(names) == {"000": 43, "001": 31}[seed]
    library = {_tidy(t.indicator) for t in templates}
    missing = [n for n in names if RENAMED.get(n, n) not in library]
    assert missing == []


def test_seed002_indicators_are_in_the_library(templates):
    library = {t.indicator for t in templates}
    assert [n for n in SEED002 if n not in library] == []


def test_template_indicator_takes_the_budget_for_cost_templates(templates, demo_ledger):
    cost = next(t for t in templates if t.indicator == "不高于预算成本")
    assert (cost.level1, cost.level2, cost.comparator, cost.measure_unit) == (
        "成本指标", "经济成本指标", "≤", "万元",
    )  # fmt: skip
    budget = demo_ledger.project_total(ZX01)
    assert budget == 25_000_000  # 25.00 万元 = 250000 元
    ind = template_indicator(cost, ZX01, 7, budget)
    assert ind == Indicator(
        None, ZX01, "成本指标", "经济成本指标", "不高于预算成本", "≤", "25", "万元", sort_order=7
    )
    assert budget_value(2_897_900_00) == "289.79" and budget_value(0) == ""
    plain = next(t for t in templates if t.indicator == "智能企业")
    assert template_indicator(plain, "", 0, budget).value == "9"  # not a budget template


def test_inserted_templates_follow_the_existing_indicators(templates, demo_ledger):
    ledger = demo_ledger
    before = ledger.project_indicators(ZX02)
    picked = [t for t in templates if t.indicator in ("智能企业", "不高于预算成本")]
    applied = ledger.apply(insert_templates(ledger, picked, ZX02))
    after = ledger.project_indicators(ZX02)
    assert after[: len(before)] == before
    # In library order: the theme 通用 comes before 工业和信息化.
    assert [(i.name, i.value) for i in after[len(before) :]] == [
        ("不高于预算成本", "10"), ("智能企业", "9"),
    ]  # fmt: skip
    assert [c.after.id for c in applied] == [i.id for i in after[len(before) :]]
    department = ledger.apply(insert_templates(ledger, picked[:1], ""))
    assert department[0].after.value == "289.785586"  # the department's budget: the ledger total


def test_copy_indicators_appends_a_copy_in_order(demo_ledger):
    ledger = demo_ledger
    a = Indicator(
        None, ZX01, "产出指标", "数量指标", "每月环保督查", "≥", "12次", "次", sort_order=50
    )
    b = Indicator(
        None, ZX01, "满意度指标", "服务对象满意度指标", "群众满意度", "≥", "100%", sort_order=51
    )
    ledger.add(a, b)
    source = ledger.project_indicators(ZX01)
    target_before = ledger.project_indicators(ZX02)
    changes = copy_indicators(ledger, ZX01, ZX02)
    assert len(changes) == len(source)
    assert all(c.before is None and c.after.id is None for c in changes)
    ledger.apply(changes)
    target = ledger.project_indicators(ZX02)
    copied = target[len(target_before) :]
    assert [(i.name, i.value, i.measure_unit) for i in copied] == [
        (i.name, i.value, i.measure_unit) for i in source
    ]
    assert copied[-2].name == "每月环保督查" and copied[-1].value == "100%"
    assert min(i.sort_order for i in copied) > max(
        (i.sort_order for i in target_before), default=-1
    )


def test_copy_indicators_refuses_itself_and_an_empty_source(demo_ledger):
    ledger = demo_ledger
    with pytest.raises(LedgerError, match="不能把项目“生态污染防治专项经费”的指标复制到它自己"):
        copy_indicators(ledger, ZX01, ZX01)
    for ind in ledger.project_indicators(ZX02):
        ledger.remove(ind)
    with pytest.raises(LedgerError, match="还没有绩效指标"):
        copy_indicators(ledger, ZX02, ZX01)
    with pytest.raises(LedgerError, match="不存在"):
        copy_indicators(ledger, ZX01, "没有的项目")
