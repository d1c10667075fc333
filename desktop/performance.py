"""Performance targets (绩效目标): the indicator framework and validation of its records.

The framework is the Ministry of Finance's 共性指标框架: four 一级 indicators, each with its 二级
indicators. Published tables also use older or shortened names (满意度 for 满意度指标, 经济效益 for
经济效益指标, 成本指标 as a 二级 under 产出指标); `dimension_of` maps every spelling the seeds use
onto the four dimensions, so the rules judge content, not spelling.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from desktop.errors import LedgerError
from desktop.money import amount_range_error
from desktop.records import (
    INDICATOR_COMPARATORS,
    NUMERIC_COMPARATORS,
    CostItem,
    DepartmentTarget,
    DepartmentTask,
    Indicator,
    Project,
    SpecialFund,
    SpendingSchedule,
)

OUTPUT, BENEFIT, SATISFACTION, COST = "产出指标", "效益指标", "满意度指标", "成本指标"
LEVEL1 = (OUTPUT, BENEFIT, SATISFACTION, COST)
LEVEL2 = {
    OUTPUT: ("数量指标", "质量指标", "时效指标"),
    BENEFIT: ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    SATISFACTION: ("服务对象满意度指标",),
    COST: ("经济成本指标", "社会成本指标", "生态环境成本指标"),
}
# Longest text an indicator field may hold; longer text is a paste gone wrong.
MAX_TEXT = 4000
_NUMBER = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(%|％)?\s*$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def dimension_of(level1: str, level2: str = "") -> str | None:
    """Which of the four 一级 dimensions an indicator belongs to, whatever the spelling.

    A 二级 name that is itself a dimension wins (seed 000 lists 成本指标 under 产出指标 and
    满意度指标 under 效益指标, following the framework before 2021).
    """
    l2 = _squash(level2)
    if "满意度" in l2:
        return SATISFACTION
    if l2.startswith("成本") or l2.endswith("成本指标") or l2.endswith("成本"):
        return COST
    l1 = _squash(level1)
    for dim in LEVEL1:
        if l1 == dim or l1 == dim.removesuffix("指标"):
            return dim
    if "满意" in l1:
        return SATISFACTION
    return None


def indicator_number(value: str, measure_unit: str = "") -> Decimal | None:
    """The number in an indicator value ("129", "100%", "12次" with unit 次), else None."""
    text = (value or "").strip()
    unit = (measure_unit or "").strip()
    if unit and unit not in ("无", "%", "％") and text.endswith(unit):
        text = text[: -len(unit)]
    match = _NUMBER.match(text)
    if not match:
        return None
    try:
        return Decimal(match.group(1))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None


def needs_number(comparator: str) -> bool:
    return comparator in NUMERIC_COMPARATORS


# What people type for a comparator, besides the symbols themselves.
COMPARATOR_ALIASES = {
    ">=": "≥", "＞=": "≥", "大于等于": "≥", "不低于": "≥",
    "<=": "≤", "＜=": "≤", "小于等于": "≤", "不高于": "≤",
    "＝": "=", "等于": "=", "＞": ">", "大于": ">", "＜": "<", "小于": "<",
}  # fmt: skip
# A change to one of these fields re-judges the value against the comparator.
JUDGED_FIELDS = ("comparator", "value", "measure_unit")


def parse_comparator(text: str) -> str:
    """The comparator for typed text ("" allowed: the layout prints none).

    The grid, paste and workbook import all read a typed comparator through this rule.
    """
    typed = (text or "").strip()
    typed = COMPARATOR_ALIASES.get(typed, typed)
    if typed and typed not in INDICATOR_COMPARATORS:
        allowed = " ".join(INDICATOR_COMPARATORS)
        raise LedgerError(f"指标值类型“{text.strip()}”无效，请填写 {allowed} 之一。")
    return typed


def judge_value(
    ind: Indicator, changed: set[str] | frozenset[str] = frozenset(JUDGED_FIELDS)
) -> None:
    """Refuse a value that is not a number under ≥ ≤ = > < (the message says why).

    `changed` names the fields just typed: only they are judged, so an old value does not block
    editing the indicator's other fields (the checks report such values).
    """
    if (
        not changed & set(JUDGED_FIELDS)
        or not needs_number(ind.comparator)
        or not ind.value.strip()
    ):
        return
    if indicator_number(ind.value, ind.measure_unit) is not None:
        return
    if "value" in changed or "measure_unit" in changed:
        unit = ind.measure_unit if ind.measure_unit not in ("", "无", "%") else "次"
        raise LedgerError(
            f"指标值类型为“{ind.comparator}”时，指标值必须是数字（如 12、100%、12{unit}）："
            f"“{ind.value}”不是数字，已保留原值。文字目标请把指标值类型改为“定性”。"
        )
    raise LedgerError(
        f"指标值“{ind.value}”不是数字，指标值类型不能改为“{ind.comparator}”，已保留原值。"
        "请先把指标值改成数字，或使用“定性”。"
    )


class PerformanceState(Protocol):
    @property
    def projects(self) -> dict[str, Project]: ...

    @property
    def special_funds(self) -> dict[str, SpecialFund]: ...


def _check_text(label: str, *texts: str) -> None:
    for text in texts:
        if len(text or "") > MAX_TEXT:
            raise LedgerError(f"{label}的文字超过 {MAX_TEXT} 字，请精简后再录入。")


def _check_project(state: PerformanceState, code: str, what: str) -> None:
    if not code:
        raise LedgerError(f"{what}必须指明所属项目。")
    if code not in state.projects:
        raise LedgerError(f"项目“{code}”不存在，{what}无法保存。")


def _check_fen(amount: object, label: str) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise LedgerError(f"{label}必须是以分为单位的整数，收到的是“{amount!r}”。")
    if amount < 0:
        raise LedgerError(f"{label}不能为负数。")
    error = amount_range_error(amount)
    if error is not None:
        raise LedgerError(f"{label}：{error}")


def validate_special_fund(state: PerformanceState, fund: SpecialFund) -> None:
    if not fund.code.strip():
        raise LedgerError("专项资金编码不能为空。")
    if not fund.name.strip():
        raise LedgerError(f"专项资金“{fund.code}”的名称不能为空。")
    _check_text(f"专项资金“{fund.name}”", fund.goal, fund.period_goal)


def validate_indicator(state: PerformanceState, ind: Indicator) -> None:
    if ind.project_code and ind.project_code not in state.projects:
        raise LedgerError(f"项目“{ind.project_code}”不存在，绩效指标无法保存。")
    if not ind.level1.strip():
        raise LedgerError("请填写一级指标（产出指标、效益指标、满意度指标或成本指标）。")
    if not ind.level2.strip():
        raise LedgerError(f"一级指标“{ind.level1}”下请填写二级指标。")
    if ind.comparator not in INDICATOR_COMPARATORS and ind.comparator != "":
        allowed = "、".join(INDICATOR_COMPARATORS)
        raise LedgerError(f"指标值类型“{ind.comparator}”无效，应为 {allowed} 之一。")
    _check_text(
        f"指标“{ind.name}”",
        ind.name,
        ind.value,
        ind.value_content,
        ind.description,
        ind.basis,
        ind.remark,
    )


def validate_cost_item(state: PerformanceState, item: CostItem) -> None:
    _check_project(state, item.project_code, "支出明细")
    if not item.content.strip() and not item.detail.strip():
        raise LedgerError("支出明细请填写支出内容或支出明细。")
    _check_fen(item.amount, "支出明细金额")
    _check_text("支出明细", item.content, item.detail, item.basis)


def validate_schedule(state: PerformanceState, schedule: SpendingSchedule) -> None:
    _check_project(state, schedule.project_code, "支出计划")
    for amount in schedule.points:
        _check_fen(amount, "累计支出计划")


def validate_department_target(state: PerformanceState, target: DepartmentTarget) -> None:
    if target.id != 1:
        raise LedgerError("每个部门只有一份部门整体支出绩效目标。")
    _check_text("部门整体绩效目标", target.duty_goal, target.duty_overview)


def validate_department_task(state: PerformanceState, task: DepartmentTask) -> None:
    if not task.name.strip():
        raise LedgerError("年度主要任务的任务名称不能为空。")
    _check_text(f"任务“{task.name}”", task.content, task.responsible)


# Record type → its validator (called with the ledger state and a record of that type).
PERFORMANCE_VALIDATORS: dict[type, Callable[[Any, Any], None]] = {
    SpecialFund: validate_special_fund,
    Indicator: validate_indicator,
    CostItem: validate_cost_item,
    SpendingSchedule: validate_schedule,
    DepartmentTarget: validate_department_target,
    DepartmentTask: validate_department_task,
}
