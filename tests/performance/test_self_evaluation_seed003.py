"""The 绩效自评表 of the 决算 demo, printed through forms.json (layout final2021), against seed 003's
部门整体支出绩效自评表 cell by cell (label-based: a row is found by its 三级指标 or its caption).

Differences (the seed's own, see tests/core/test_seed003_final.py KNOWN_DIFFERENCES): the 一级指标
captions carry “(50分)” etc. that the form does not print (it prints the names; their 分值 sums are
66 / 18 / 6), the duplicated “44.9% 44.9%”, and the 当年财政拨款 row's 全年执行数 the seed leaves blank.
"""

from __future__ import annotations

import re

import pytest

from desktop.demo_final import write_final_demo
from desktop.ledger import Ledger
from desktop.records import IndicatorResult, SelfEvaluation
from desktop.self_evaluation import summary
from desktop.tables.forms import FINAL_LAYOUT, form_sections, performance_layout
from tests.core.seed003 import self_evaluation_rows


@pytest.fixture
def ledger(tmp_path):
    dfile = write_final_demo(tmp_path / "gxj.budget")
    yield Ledger(dfile)
    dfile.close()


def _forms(ledger):
    sections = form_sections(ledger)
    return {spec.number: forms for spec, forms in sections}


def _rows(form) -> list[list[str]]:
    return [form.row_texts(r) for r in range(form.rows)]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_final_file_prints_self_evaluation_forms(ledger):
    assert performance_layout(ledger.file) == FINAL_LAYOUT
    forms = _forms(ledger)
    assert sorted(forms) == [22, 23]  # as the budget sets number their performance forms
    assert [f.title for f in forms[23]] == ["2021年度部门整体支出绩效自评表"]
    assert [f.title for f in forms[22]] == [
        "2021年度项目支出绩效自评表（新冠病毒疫情防控专项资金）",
        "2021年度项目支出绩效自评表（应急物资保障体系建设补助资金）",
        "2021年度项目支出绩效自评表（无线电管理经费）",
        "2021年度项目支出绩效自评表（其他业务性工作经费）",
    ]


def test_department_form_matches_the_seed(ledger):
    form = _forms(ledger)[23][0]
    rows = _rows(form)
    seed = self_evaluation_rows()
    assert rows[0] == ["部门名称", "株洲市工业和信息化局"] == [c for c in seed[0] if c]
    assert rows[1][1:7] == [
        "年度资金总额",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
    ]
    assert rows[2] == ["合计", "2361.83", "5107.53", "5107.53", "10", "100%", "10"]
    assert rows[2] == [c for c in seed[2] if c]
    # 其中：当年财政拨款: the seed leaves 全年执行数 blank; the form computes it.
    assert rows[3][:3] == [c for c in seed[3] if c] and rows[3][3] == "5107.53"
    assert rows[4][:4] == ["上年结转资金", "", "", ""] and rows[5][:4] == ["其他资金", "", "", ""]
    assert rows[6] == ["年度总体目标", "预期目标", "实际完成情况"]
    assert rows[7] == [seed[7][1], seed[7][4]]
    header = [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
    ]
    assert rows[8][:8] == header and _squeeze(rows[8][8]) == "偏差原因分析及改进措施"
    compared = 0
    names = {i.name for i in ledger.project_indicators("")}
    for printed in rows[9:24]:
        name = next(c for c in printed if c in names)
        published = next(r for r in seed if name in r)
        at, mine = published.index(name), printed.index(name)
        expected = published[at + 1 : at + 6]
        expected += [""] * (5 - len(expected))
        if expected[1] == "44.9% 44.9%":  # printed twice in the seed
            expected[1] = "44.9%"
        assert printed[mine + 1 : mine + 6] == expected, name
        compared += 1
    assert compared == 15
    assert rows[9][:2] == ["产出指标", "数量指标"] and rows[20][:2] == ["效益指标", "经济效益指标"]
    assert rows[24] == ["总分", "100", "98", "等级：优"]
    assert [c for c in seed[-1] if c] == rows[24]


def test_execution_score_and_grade_are_computed(ledger):
    """执行率 = 全年执行数 / 全年预算数 from the lines; 得分 = 分值 × 执行率; 等级 from the total."""
    base = next(b for b in ledger.baseline_lines.values() if b.project_code == "001001-XM03")
    # 无线电管理经费: raise one baseline line's 全年预算数 so that 执行率 falls below 100 %.
    full = sum(
        b.full_year for b in ledger.baseline_lines.values() if b.project_code == base.project_code
    )
    ledger.replace(base, full_year=base.full_year + full)  # 全年预算数 doubles → 执行率 50 %
    ledger.add(SelfEvaluation("001001-XM03", "完成监测任务", 1000))
    s = summary(ledger, "001001-XM03")
    assert (s.funds["total"].executed, s.funds["total"].full_year) == (full, 2 * full)
    assert s.execution_score == 500 and s.grade == "差"  # 5 of 10 points, no indicators
    form = next(f for f in _forms(ledger)[22] if f.subject == "001001-XM03")
    assert _rows(form)[2] == ["合计", "", "152.18", "76.09", "10", "50%", "5"]
    assert _rows(form)[-2] == ["总分", "10", "5", "等级：差"]


def test_indicator_results_feed_the_total(ledger):
    dept = summary(ledger, "")
    first = dept.indicators[0]
    ledger.replace(ledger.indicator_results[first.indicator.id], score=100)  # 6 → 1
    after = summary(ledger, "")
    assert after.score_total == 9300 and after.grade == "优"
    second = dept.indicators[1]
    ledger.replace(ledger.indicator_results[second.indicator.id], score=0)  # 6 → 0
    assert summary(ledger, "").score_total == 8700 and summary(ledger, "").grade == "良"
    assert isinstance(ledger.indicator_results[second.indicator.id], IndicatorResult)
