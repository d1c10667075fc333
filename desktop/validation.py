"""Validation of records before they enter the ledger; every problem is a Chinese sentence.

Each record type has its validator here (rules involving the catalog or other records, with
their specific messages), followed by the basic checks derived from the record's declared fields
(`check_fields`: kind, required, choices, range; `desktop/record_fields.py`). The ledger and the
workbook import both call `VALIDATORS`, so typing, pasting and importing apply the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from desktop import record_fields as rf
from desktop.catalog import Catalog
from desktop.errors import LedgerError
from desktop.money import DisplayUnit, amount_range_error, format_amount
from desktop.performance import PERFORMANCE_VALIDATORS
from desktop.records import (
    ACTIVITY_ITEMS,
    ASSET_KINDS,
    BUDGET_MODES,
    CONTROL_SCOPES,
    EXPENSE_KIND_NAMES,
    PURCHASE_KINDS,
    UNIT_KINDS,
    ActivityCount,
    AssetHolding,
    BalanceLine,
    BudgetBaselineLine,
    ControlFigure,
    DepartmentProfile,
    ExpenditureLine,
    IncomeLine,
    IndicatorResult,
    InternalOffice,
    PriorYearLine,
    Project,
    PurchaseLine,
    ReasonText,
    SelfEvaluation,
    SpecialFund,
    Unit,
    UnitStaff,
)

# Which department economic 类 each expense kind may use.
_KIND_ECON_CLASSES = {
    "personnel": ("301", "303"),
    "operating": ("302", "310"),
}
_KIND_ECON_HINT = {
    "personnel": "人员经费只含 301 工资福利支出、303 对个人和家庭的补助",
    "operating": "公用经费只含 302 商品和服务支出、310 资本性支出",
}


class LedgerState(Protocol):
    catalog: Catalog

    @property
    def units(self) -> dict[str, Unit]: ...

    @property
    def projects(self) -> dict[str, Project]: ...

    @property
    def special_funds(self) -> dict[str, SpecialFund]: ...


def _check_amount(amount: object) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise LedgerError(f"金额必须是以分为单位的整数，收到的是“{amount!r}”。")
    error = amount_range_error(amount)
    if error is not None:
        raise LedgerError(str(error))


def _check_unit(state: LedgerState, code: str) -> None:
    if not code:
        raise LedgerError("请填写单位编码。")
    if code not in state.units:
        raise LedgerError(f"单位“{code}”不存在，请先在“单位”表中添加该单位。")


def function_level_problem(catalog: Catalog, code: str) -> str:
    """Why money cannot sit on this catalog code ("" if it can): it has lower levels.

    Money goes to the lowest level that exists: a 项, or a 款/类 that has none (219 援助其他地区
    支出, 227 预备费)."""
    entry = catalog.function.get(code)
    if entry is None or catalog.is_function_leaf(code):
        return ""
    below = "项级" if entry.level == "款" else "款级或项级"
    return f"功能科目“{code} {entry.name}”是{entry.level}级科目，其下还有{below}科目，金额必须列到最低一级科目。"


def check_function_item(catalog: Catalog, code: str) -> None:
    """A function code must be a lowest-level code of the fiscal year's catalog."""
    if not code:
        raise LedgerError("请填写支出功能分类科目。")
    if code not in catalog.function:
        raise LedgerError(f"功能科目“{code}”不在 {catalog.year} 年支出功能分类科目中。")
    problem = function_level_problem(catalog, code)
    if problem:
        raise LedgerError(problem)


def check_econ_section(catalog: Catalog, code: str) -> None:
    """A department economic code must be a 款 (5 digits) of the year's catalog."""
    if not code:
        raise LedgerError("请填写部门预算支出经济分类科目。")
    entry = catalog.dept_econ.get(code)
    if entry is None:
        raise LedgerError(f"经济科目“{code}”不在 {catalog.year} 年部门预算支出经济分类科目中。")
    if entry.level != "款":
        raise LedgerError(
            f"经济科目“{code} {entry.name}”是类级科目，金额必须列到款级科目（5 位编码）。"
        )


def check_fund_source(catalog: Catalog, code: str) -> None:
    fund = catalog.fund_sources.get(code)
    if fund is None:
        raise LedgerError(f"资金来源“{code}”无效。")
    if not fund.leaf:
        raise LedgerError(f"资金来源“{fund.name}”是汇总项，请选择其下的具体来源。")


def validate_unit(state: LedgerState, unit: Unit) -> None:
    if not unit.code.strip():
        raise LedgerError("单位编码不能为空。")
    if not unit.name.strip():
        raise LedgerError(f"单位“{unit.code}”的名称不能为空。")
    if unit.kind not in UNIT_KINDS:
        raise LedgerError(f"单位性质“{unit.kind}”无效，应为行政单位、参公单位或事业单位。")


def validate_project(state: LedgerState, project: Project) -> None:
    if not project.code.strip():
        raise LedgerError("项目编码不能为空。")
    if not project.name.strip():
        raise LedgerError(f"项目“{project.code}”的名称不能为空。")
    _check_unit(state, project.unit_code)
    if project.budget_mode not in BUDGET_MODES:
        raise LedgerError(f"预算编制方式“{project.budget_mode}”无效，应为编入部门预算或财政代编。")
    if project.special_fund_code and project.special_fund_code not in state.special_funds:
        raise LedgerError(f"专项资金“{project.special_fund_code}”不存在，请先在“专项资金”中添加。")


def validate_income(state: LedgerState, line: IncomeLine) -> None:
    _check_amount(line.amount)
    _check_unit(state, line.unit_code)
    check_function_item(state.catalog, line.function_code)
    check_fund_source(state.catalog, line.fund_source)


def validate_expenditure(state: LedgerState, line: ExpenditureLine) -> None:
    _check_amount(line.amount)
    _check_unit(state, line.unit_code)
    check_function_item(state.catalog, line.function_code)
    check_econ_section(state.catalog, line.econ_code)
    check_fund_source(state.catalog, line.fund_source)
    if line.kind not in EXPENSE_KIND_NAMES:
        raise LedgerError(f"支出类型“{line.kind}”无效。")
    allowed = _KIND_ECON_CLASSES.get(line.kind)
    if allowed and line.econ_code[:3] not in allowed:
        name = state.catalog.dept_econ_name(line.econ_code)
        cls = line.econ_code[:3]
        raise LedgerError(
            f"经济科目“{line.econ_code} {name}”属于“{cls} {state.catalog.dept_econ_name(cls)}”，"
            f"不能列为{EXPENSE_KIND_NAMES[line.kind]}（{_KIND_ECON_HINT[line.kind]}）。"
        )
    if line.kind == "project":
        if not line.project_code:
            raise LedgerError("项目支出必须指明所属项目。")
        if line.project_code not in state.projects:
            raise LedgerError(f"项目“{line.project_code}”不存在，请先在“项目”表中添加。")
    elif line.project_code:
        raise LedgerError(f"{EXPENSE_KIND_NAMES[line.kind]}不能挂在项目“{line.project_code}”下。")
    if line.id is not None:
        bought = _purchased(state, line.id)
        if bought > line.amount:
            raise LedgerError(
                f"这条支出明细下的政府采购预算合计 {_wan(bought)} 万元，支出金额不能少于它"
                f"（录入的是 {_wan(line.amount)} 万元）。请先调整政府采购预算。"
            )


def validate_control(state: LedgerState, figure: ControlFigure) -> None:
    _check_amount(figure.amount)
    if figure.unit_code:
        _check_unit(state, figure.unit_code)
    check_fund_source(state.catalog, figure.fund_source)
    if figure.scope not in CONTROL_SCOPES:
        raise LedgerError(f"控制数口径“{figure.scope}”无效，应为基本支出或项目支出。")


def validate_prior_year(state: LedgerState, line: PriorYearLine) -> None:
    _check_amount(line.amount)
    if not line.unit_code:
        raise LedgerError("上年数必须指明单位。")


# -- facts of the public document (schema version 3) -------------------------------------------

MAX_FACT_TEXT = 4000  # longer text in one field is a paste gone wrong


def _wan(fen: int) -> str:
    return format_amount(fen, DisplayUnit.WAN_YUAN)


def _purchased(state: LedgerState, line_id: int, except_id: int | None = None) -> int:
    purchases = getattr(state, "purchase_lines", {})
    return sum(
        p.amount
        for p in purchases.values()
        if p.expenditure_line_id == line_id and p.id != except_id
    )


def _check_text(label: str, text: str) -> None:
    if len(text) > MAX_FACT_TEXT:
        raise LedgerError(f"{label}太长（{len(text)} 字），最多 {MAX_FACT_TEXT} 字。")


def _check_count(label: str, value: object) -> None:
    """Staff and asset counts are whole numbers ≥ 0."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise LedgerError(f"{label}必须是不小于 0 的整数，收到的是“{value}”。")
    if value < 0:
        raise LedgerError(f"{label}不能为负数（收到 {value}）。")


def validate_department_profile(state: LedgerState, profile: DepartmentProfile) -> None:
    if profile.id != 1:
        raise LedgerError("部门职责每个文件只有一份。")
    _check_text("部门职责", profile.duties)


def validate_internal_office(state: LedgerState, office: InternalOffice) -> None:
    if not office.name.strip():
        raise LedgerError("内设机构名称不能为空。")
    _check_text("内设机构名称", office.name)


def validate_unit_staff(state: LedgerState, staff: UnitStaff) -> None:
    _check_unit(state, staff.unit_code)
    name = state.units[staff.unit_code].name
    _check_count(f"单位“{name}”的编制数", staff.authorized)
    _check_count(f"单位“{name}”的在职实有人数", staff.active)
    _check_count(f"单位“{name}”的离退休人数", staff.retired)
    _check_text("经费形式", staff.funding_form)


def validate_purchase(state: LedgerState, purchase: PurchaseLine) -> None:
    if not purchase.item.strip():
        raise LedgerError("请填写采购项目名称。")
    if purchase.kind not in PURCHASE_KINDS:
        raise LedgerError(f"采购类别“{purchase.kind}”无效，应为货物、工程或服务。")
    _check_amount(purchase.amount)
    if purchase.amount <= 0:
        raise LedgerError(f"采购项目“{purchase.item}”的金额必须大于 0。")
    if isinstance(purchase.sme_percent, bool) or not isinstance(purchase.sme_percent, int):
        raise LedgerError("面向中小企业预留份额必须是 0–100 的整数百分比。")
    if not 0 <= purchase.sme_percent <= 100:
        raise LedgerError(f"面向中小企业预留份额为 {purchase.sme_percent}%，应在 0% 到 100% 之间。")
    if purchase.fund_source:
        check_fund_source(state.catalog, purchase.fund_source)
    lines = getattr(state, "expenditure_lines", {})
    line = lines.get(purchase.expenditure_line_id)
    if line is None:
        raise LedgerError(
            f"采购项目“{purchase.item}”挂靠的支出明细（编号 {purchase.expenditure_line_id}）不存在。"
        )
    total = _purchased(state, line.id, except_id=purchase.id) + purchase.amount
    if total > line.amount:
        raise LedgerError(
            f"采购项目“{purchase.item}”{_wan(purchase.amount)} 万元超出了它所列支的支出明细："
            f"该明细（{line.function_code} / {line.econ_code}）只有 {_wan(line.amount)} 万元，"
            f"其下政府采购合计将为 {_wan(total)} 万元。"
        )


def validate_asset(state: LedgerState, asset: AssetHolding) -> None:
    _check_unit(state, asset.unit_code)
    if asset.kind not in ASSET_KINDS:
        raise LedgerError(f"资产类别“{asset.kind}”无效，应为车辆、单价50万元以上设备或房屋。")
    _check_count(f"{ASSET_KINDS[asset.kind]}数量", asset.quantity)
    _check_count("房屋面积（平方米）", asset.area_m2)
    try:
        dt.date.fromisoformat(asset.as_of)
    except ValueError:
        raise LedgerError(
            f"国有资产的截至日期“{asset.as_of}”无效，请按 2024-12-31 的格式填写。"
        ) from None


def validate_reason(state: LedgerState, reason: ReasonText) -> None:
    if not reason.slot.strip():
        raise LedgerError("主要原因必须对应文本中的一处比较。")
    if len(reason.text) > 500:
        raise LedgerError(f"主要原因太长（{len(reason.text)} 字），请控制在 500 字以内。")


# -- 部门决算 and 绩效自评 (schema version 4) -------------------------------------------------


def validate_balance(state: LedgerState, line: BalanceLine) -> None:
    _check_unit(state, line.unit_code)
    if not line.function_code:
        raise LedgerError("结转和结余必须指明功能分类科目。")
    check_fund_source(state.catalog, line.fund_source)


def validate_baseline(state: LedgerState, line: BudgetBaselineLine) -> None:
    _check_unit(state, line.unit_code)
    if line.project_code and line.project_code not in state.projects:
        raise LedgerError(f"预算数所属项目“{line.project_code}”不存在。")
    check_fund_source(state.catalog, line.fund_source)


def validate_activity(state: LedgerState, activity: ActivityCount) -> None:
    if activity.item not in ACTIVITY_ITEMS:
        raise LedgerError(f"“{activity.item}”不是三公经费决算表所列的数量项目。")
    _check_count(ACTIVITY_ITEMS[activity.item], activity.count)


def _check_points(label: str, points: object) -> None:
    if isinstance(points, bool) or not isinstance(points, int) or points < 0:
        raise LedgerError(f"{label}必须是不小于 0 的分数（最多两位小数）。")


def validate_self_evaluation(state: LedgerState, evaluation: SelfEvaluation) -> None:
    if evaluation.project_code and evaluation.project_code not in state.projects:
        raise LedgerError(f"绩效自评所属项目“{evaluation.project_code}”不存在。")
    _check_points("预算执行率的分值", evaluation.execution_points)
    _check_text("实际完成情况", evaluation.achieved)
    _check_text("自评结论", evaluation.conclusion)


def validate_indicator_result(state: LedgerState, result: IndicatorResult) -> None:
    indicators = getattr(state, "indicators", {})
    indicator = indicators.get(result.indicator_id)
    if indicator is None:
        raise LedgerError(f"绩效自评对应的指标（编号 {result.indicator_id}）不存在。")
    _check_points(f"指标“{indicator.name}”的分值", result.points)
    _check_points(f"指标“{indicator.name}”的得分", result.score)
    _check_text("偏差原因分析及改进措施", result.deviation)


# -- basic checks derived from the declarations ------------------------------------------------


def _text_check(f: rf.FieldDecl) -> Callable[[object], None]:
    def check(value: object) -> None:
        if not isinstance(value, str):
            raise LedgerError(f"{f.label}必须是文字，收到的是“{value!r}”。")
        if f.required and not value.strip():
            raise LedgerError(f"{f.label}不能为空。")
        # One line of text: longer is a paste gone wrong. Long texts (目标, 说明) keep the limits
        # their own validators set, where the printed forms need one.
        if f.kind == rf.TEXT and len(value) > rf.MAX_TEXT:
            raise LedgerError(f"{f.label}太长（{len(value)} 字），最多 {rf.MAX_TEXT} 字。")
        if f.kind == rf.CHOICE and value and value not in (f.choices or {}):
            names = "、".join((f.choices or {}).values())
            raise LedgerError(f"{f.label}“{value}”无效，应为以下之一：{names}。")

    return check


def _number_check(f: rf.FieldDecl) -> Callable[[object], None]:
    def check(value: object) -> None:
        if f.kind == rf.AMOUNT:
            _check_amount(value)
            return
        what = "分数（最多两位小数）" if f.kind == rf.POINTS else "整数"
        if isinstance(value, bool) or not isinstance(value, int):
            raise LedgerError(f"{f.label}必须是不小于 0 的{what}，收到的是“{value!r}”。")
        if f.kind != rf.REF and value < 0:
            raise LedgerError(f"{f.label}不能为负数。")
        if f.maximum is not None and value > f.maximum:
            shown = f"{value / 100:g}" if f.kind == rf.POINTS else str(value)
            raise LedgerError(f"{f.label}为 {shown}，超过了上限 {f.maximum}。")

    return check


def _bool_check(f: rf.FieldDecl) -> Callable[[object], None]:
    def check(value: object) -> None:
        if not isinstance(value, bool):
            raise LedgerError(f"{f.label}必须是“是”或“否”，收到的是“{value!r}”。")

    return check


_CHECKS = {
    rf.TEXT: _text_check,
    rf.LONG_TEXT: _text_check,
    rf.CODE: _text_check,
    rf.CHOICE: _text_check,
    rf.AMOUNT: _number_check,
    rf.COUNT: _number_check,
    rf.POINTS: _number_check,
    rf.REF: _number_check,
    rf.BOOL: _bool_check,
}
# Per record type: (field name, check) of every data field, built once.
_FIELD_CHECKS = {
    d.record: [(f.name, _CHECKS[f.kind](f)) for f in d.data_fields] for d in rf.DECLARATIONS
}


def check_fields(record: object) -> None:
    """The basic checks of a record's declared fields: kind, required, choices and range."""
    for name, check in _FIELD_CHECKS[type(record)]:
        check(getattr(record, name))


def _with_fields(
    validate: Callable[[LedgerState, Any], None],
) -> Callable[[LedgerState, Any], None]:
    """The record's own validator (its specific messages first), then the declared checks."""

    def run(state: LedgerState, record: Any) -> None:
        validate(state, record)
        check_fields(record)

    return run


# Record type → its validator (called with the ledger and a record of that type).
_VALIDATORS: dict[type, Callable[[LedgerState, Any], None]] = {
    Unit: validate_unit,
    Project: validate_project,
    IncomeLine: validate_income,
    ExpenditureLine: validate_expenditure,
    ControlFigure: validate_control,
    PriorYearLine: validate_prior_year,
    **PERFORMANCE_VALIDATORS,
    DepartmentProfile: validate_department_profile,
    InternalOffice: validate_internal_office,
    UnitStaff: validate_unit_staff,
    PurchaseLine: validate_purchase,
    AssetHolding: validate_asset,
    ReasonText: validate_reason,
    BalanceLine: validate_balance,
    BudgetBaselineLine: validate_baseline,
    ActivityCount: validate_activity,
    SelfEvaluation: validate_self_evaluation,
    IndicatorResult: validate_indicator_result,
}
VALIDATORS: dict[type, Callable[[LedgerState, Any], None]] = {
    cls: _with_fields(validate) for cls, validate in _VALIDATORS.items()
}
