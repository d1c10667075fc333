"""Rules over the 绩效自评 of a 决算 file: each indicator's 得分 within its 分值, a 偏差原因 for
every indicator not fully achieved, and 分值 adding up to 100 for each evaluated subject.

Only subjects with entered results are judged: a budget file (no results) finds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from desktop.checks.context import CheckContext
from desktop.checks.finding import ERROR, WARNING, CellRef
from desktop.checks.rule import Hit, Rule
from desktop.records import Indicator, IndicatorResult, SelfEvaluation
from desktop.self_evaluation import FULL_MARKS, format_points, summary

_INPUTS = (Indicator, IndicatorResult, SelfEvaluation)


def _owner(ctx: CheckContext, code: str) -> str:
    if not code:
        return "部门整体支出绩效自评"
    project = ctx.ledger.projects.get(code)
    return f"项目“{project.name}”（{code}）的绩效自评" if project else f"项目 {code} 的绩效自评"


def _cell(result: IndicatorResult, column: str) -> CellRef:
    return CellRef(record="indicator_result", record_key=result.indicator_id, column=column)


def _scored(ctx: CheckContext) -> Iterator[tuple[Indicator, IndicatorResult]]:
    indicators = ctx.ledger.indicators
    for result in ctx.ledger.indicator_results.values():
        indicator = indicators.get(result.indicator_id)
        if indicator is not None:
            yield indicator, result


def score_range(ctx: CheckContext) -> Iterator[Hit]:
    for ind, result in _scored(ctx):
        if result.score > result.points:
            yield Hit(
                str(result.indicator_id),
                f"{_owner(ctx, ind.project_code)}：指标“{ind.name}”的得分 "
                f"{format_points(result.score)} 超过分值 {format_points(result.points)}；"
                "得分应在 0 到分值之间。",
                (_cell(result, "score"),),
            )


def deviation_missing(ctx: CheckContext) -> Iterator[Hit]:
    for ind, result in _scored(ctx):
        if result.score < result.points and not result.deviation.strip():
            yield Hit(
                str(result.indicator_id),
                f"{_owner(ctx, ind.project_code)}：指标“{ind.name}”得分 "
                f"{format_points(result.score)}，低于分值 {format_points(result.points)}（未完全完成），"
                "请填写偏差原因分析及改进措施。",
                (_cell(result, "deviation"),),
            )


def points_total(ctx: CheckContext) -> Iterator[Hit]:
    subjects = set(ctx.ledger.self_evaluations)
    subjects |= {ind.project_code for ind, _ in _scored(ctx)}
    for code in sorted(subjects):
        s = summary(ctx.ledger, code)
        if s.points_total != FULL_MARKS:
            yield Hit(
                code or "department",
                f"{_owner(ctx, code)}的分值合计为 {format_points(s.points_total)} 分"
                f"（预算执行率 {format_points(s.evaluation.execution_points)} 分，"
                f"指标 {format_points(s.points_total - s.evaluation.execution_points)} 分），"
                "总分应为 100 分。",
                (CellRef(record="self_evaluation", record_key=code, column="points"),),
            )


def _rule(rule_id: str, severity: str, description: str, check, title: str) -> Rule:  # noqa: ANN001
    return Rule(rule_id, severity, description, check, "ledger", inputs=_INPUTS, title=title)


SELF_EVALUATION_RULES = (
    _rule(
        "self-eval-score-range",
        ERROR,
        "绩效自评中每个指标的得分应在 0 到分值之间。",
        score_range,
        "自评得分超出分值",
    ),
    _rule(
        "self-eval-deviation",
        ERROR,
        "得分低于分值（未完成）的指标应填写偏差原因分析及改进措施。",
        deviation_missing,
        "未完成指标缺偏差原因",
    ),
    _rule(
        "self-eval-points-total",
        WARNING,
        "绩效自评的分值（预算执行率加各指标）合计应为 100 分。",
        points_total,
        "自评分值合计不是100分",
    ),
)
