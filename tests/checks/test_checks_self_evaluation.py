"""绩效自评 rules on the 决算 demo (seed 003's 自评表): each has a failing and a passing case."""

from __future__ import annotations

import pytest

from desktop.checks.engine import Checker
from desktop.checks.finding import ERROR, WARNING
from desktop.demo_final import write_final_demo
from desktop.ledger import Ledger
from desktop.packs.choice import file_pack
from desktop.records import SelfEvaluation
from desktop.tables.engine import Rollup


@pytest.fixture
def book(tmp_path):
    dfile = write_final_demo(tmp_path / "gxj.budget")
    yield Ledger(dfile)
    dfile.close()


def found(ledger: Ledger, rule_id: str) -> list:
    pack = file_pack(ledger.file)
    checker = Checker(ledger, Rollup(ledger, pack=pack), pack.rules)
    return [f for f in checker.findings if f.rule_id == rule_id]


def result_of(ledger: Ledger, name: str):
    ind = next(i for i in ledger.project_indicators("") if i.name == name)
    return ledger.indicator_results[ind.id]


def test_the_published_self_evaluation_passes_every_rule(book):
    for rule_id in ("self-eval-score-range", "self-eval-deviation", "self-eval-points-total"):
        assert found(book, rule_id) == []


def test_score_above_points(book):
    book.replace(result_of(book, "工业投资增长率"), score=700)
    (f,) = found(book, "self-eval-score-range")
    assert f.severity == ERROR
    assert f.message == (
        "部门整体支出绩效自评：指标“工业投资增长率”的得分 7 超过分值 6；得分应在 0 到分值之间。"
    )
    assert (f.cells[0].record, f.cells[0].column) == ("indicator_result", "score")
    book.replace(result_of(book, "工业投资增长率"), score=600)  # full marks: fine again
    assert found(book, "self-eval-score-range") == []


def test_unachieved_indicator_needs_a_deviation(book):
    book.replace(result_of(book, "工业投资增长率"), deviation="  ")
    (f,) = found(book, "self-eval-deviation")
    assert f.severity == ERROR
    assert f.message == (
        "部门整体支出绩效自评：指标“工业投资增长率”得分 5，低于分值 6（未完全完成），"
        "请填写偏差原因分析及改进措施。"
    )
    book.replace(result_of(book, "工业投资增长率"), deviation="目标偏高，下年按实际设定。")
    assert found(book, "self-eval-deviation") == []
    # a full score needs no reason
    assert result_of(book, "规模工业增长率").deviation == ""


def test_points_add_up_to_one_hundred(book):
    book.replace(result_of(book, "规模工业增长率"), points=200, score=200)
    (f,) = found(book, "self-eval-points-total")
    assert f.severity == WARNING
    assert f.message == (
        "部门整体支出绩效自评的分值合计为 96 分（预算执行率 10 分，指标 86 分），总分应为 100 分。"
    )
    book.replace(book.self_evaluations[""], execution_points=1400)
    assert found(book, "self-eval-points-total") == []


def test_a_project_evaluation_without_indicators_is_judged_too(book):
    book.add(SelfEvaluation("001001-XM03", "完成监测任务"))
    (f,) = found(book, "self-eval-points-total")
    assert f.subject == "001001-XM03"
    assert "项目“无线电管理经费”（001001-XM03）的绩效自评的分值合计为 10 分" in f.message
