"""Reasonableness against staff numbers (编制数 / 实有人数): 职业年金 against 基本养老保险,
住房公积金 and 工会经费 against payroll, 公用经费 per head. All 提示, parameters in the rule
configuration of the table set.

Staff numbers come from the ledger's `staff_counts()`: unit code → (编制数, 实有人数) or an object
with `authorized` / `actual`. A ledger without them (or a unit without a record) is not judged,
so these rules are silent on files that carry no staff numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from desktop.checks.context import CheckContext
from desktop.checks.finding import WARNING
from desktop.checks.ledgerrules import ledger_rule
from desktop.checks.rule import Hit, line_cell, wan

# 工资总额 for these rules: 基本工资, 津贴补贴, 奖金, 绩效工资 (the base the rates apply to).
PAYROLL_CODES = ("30101", "30102", "30103", "30107")


@dataclass(frozen=True)
class Staff:
    authorized: int  # 编制数
    actual: int  # 实有人数


def staff_counts(ctx: CheckContext) -> dict[str, Staff]:
    """The ledger's staff numbers per unit, {} when the ledger has none."""
    raw = ctx.ledger.staff_counts()
    out = {}
    for unit, value in (raw or {}).items():
        if isinstance(value, tuple):
            authorized, actual = value
        else:
            authorized, actual = value.authorized, value.actual
        out[unit] = Staff(int(authorized or 0), int(actual or 0))
    return out


def _settings(ctx: CheckContext, rule_id: str) -> dict:
    return ctx.config.rules.get(rule_id, {})


def _dec(value: object) -> Decimal:
    return Decimal(str(value))


def _pct(ratio: Decimal) -> str:
    return f"{(ratio * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


def _amount(ctx: CheckContext, unit: str, codes) -> int:  # noqa: ANN001
    return sum(ctx.totals.unit_econ.get((unit, c), 0) for c in codes)


def _units(ctx: CheckContext) -> Iterator[tuple[str, Staff]]:
    for unit, staff in sorted(staff_counts(ctx).items()):
        if unit in ctx.ledger.units:
            yield unit, staff


def _cell(unit: str):  # noqa: ANN202
    return (line_cell("unit", unit),)


def _ratio_hit(ctx, unit, staff, what, value, base, base_what, low, high):  # noqa: ANN001, ANN202, PLR0913
    """A hit when value / base lies outside [low, high] (both Decimal ratios)."""
    if base <= 0:
        return None
    ratio = Decimal(value) / Decimal(base)
    if low <= ratio <= high:
        return None
    bounds = _pct(low) if low == high else f"{_pct(low)}～{_pct(high)}"
    return Hit(
        unit,
        f"单位 {ctx.unit_label(unit)}（实有 {staff.actual} 人）{what} {wan(value)}，为{base_what} "
        f"{wan(base)} 的 {_pct(ratio)}，合理范围 {bounds}；请核对缴费基数和比例。",
        _cell(unit),
    )


def staff_annuity_ratio(ctx: CheckContext) -> Iterator[Hit]:
    """30109 职业年金 ≈ `ratio` (50%) of 30108 基本养老保险 (8% against 16% of the same base)."""
    s = _settings(ctx, "staff-annuity-ratio")
    ratio, tol = _dec(s.get("ratio", "0.5")), _dec(s.get("tolerance", "0.1"))
    for unit, staff in _units(ctx):
        pension = _amount(ctx, unit, ("30108",))
        annuity = _amount(ctx, unit, ("30109",))
        hit = _ratio_hit(
            ctx,
            unit,
            staff,
            "职业年金缴费（30109）",
            annuity,
            pension,
            "机关事业单位基本养老保险缴费（30108）",
            ratio - tol,
            ratio + tol,
        )
        if hit:
            yield hit


def staff_housing_fund_rate(ctx: CheckContext) -> Iterator[Hit]:
    """30113 住房公积金 within the local rate range of payroll (`min_rate`…`max_rate`)."""
    s = _settings(ctx, "staff-housing-fund-rate")
    low, high = _dec(s.get("min_rate", "0.05")), _dec(s.get("max_rate", "0.12"))
    for unit, staff in _units(ctx):
        hit = _ratio_hit(
            ctx,
            unit,
            staff,
            "住房公积金（30113）",
            _amount(ctx, unit, ("30113",)),
            _amount(ctx, unit, PAYROLL_CODES),
            "工资总额（30101、30102、30103、30107）",
            low,
            high,
        )
        if hit:
            yield hit


def staff_union_fee(ctx: CheckContext) -> Iterator[Hit]:
    """30228 工会经费 ≈ `rate` (2%) of payroll, within `tolerance` (absolute rate)."""
    s = _settings(ctx, "staff-union-fee")
    rate, tol = _dec(s.get("rate", "0.02")), _dec(s.get("tolerance", "0.004"))
    for unit, staff in _units(ctx):
        hit = _ratio_hit(
            ctx,
            unit,
            staff,
            "工会经费（30228）",
            _amount(ctx, unit, ("30228",)),
            _amount(ctx, unit, PAYROLL_CODES),
            "工资总额（30101、30102、30103、30107）",
            rate - tol,
            rate + tol,
        )
        if hit:
            yield hit


def staff_public_per_head(ctx: CheckContext) -> Iterator[Hit]:
    """公用经费 per 实有人数 above the table set's standard (`per_head_fen`, 分 per head a year)."""
    standard = int(_settings(ctx, "staff-public-per-head").get("per_head_fen", 0))
    if standard <= 0:
        return  # no standard in this table set
    for unit, staff in _units(ctx):
        amount = ctx.totals.unit_operating.get(unit, 0)
        if staff.actual <= 0 or amount <= 0:
            continue
        allowed = standard * staff.actual
        if amount > allowed:
            per_head = (Decimal(amount) / staff.actual).to_integral_value(ROUND_HALF_UP)
            yield Hit(
                unit,
                f"单位 {ctx.unit_label(unit)} 公用经费 {wan(amount)}，实有 {staff.actual} 人，人均 "
                f"{wan(int(per_head))}，高于定额 {wan(standard)}/人（按定额应为 {wan(allowed)}）；"
                "请核对人数或说明原因。",
                _cell(unit),
            )


def staff_personnel_per_head(ctx: CheckContext) -> Iterator[Hit]:
    """人员经费 per 在职 person above the table set's ceiling (`max_per_head_fen`, 分 a year)."""
    ceiling = int(_settings(ctx, "staff-personnel-per-head").get("max_per_head_fen", 0))
    if ceiling <= 0:
        return  # no ceiling in this table set
    for unit, staff in _units(ctx):
        amount = ctx.totals.unit_personnel.get(unit, 0)
        if staff.actual <= 0 or amount <= 0:
            continue
        allowed = ceiling * staff.actual
        if amount > allowed:
            per_head = (Decimal(amount) / staff.actual).to_integral_value(ROUND_HALF_UP)
            yield Hit(
                unit,
                f"单位 {ctx.unit_label(unit)} 人员经费 {wan(amount)}，在职 {staff.actual} 人，人均 "
                f"{wan(int(per_head))}，高于上限 {wan(ceiling)}/人（按上限应不超过 {wan(allowed)}）；"
                "请核对在职人数或人员经费。",
                _cell(unit),
            )


STAFF_RULES = (
    ledger_rule(
        "staff-annuity-ratio",
        WARNING,
        "有人员编制数据的单位：职业年金缴费（30109）约为基本养老保险缴费（30108）的 50%。",
        staff_annuity_ratio,
        title="职业年金与养老保险缴费比例",
    ),
    ledger_rule(
        "staff-housing-fund-rate",
        WARNING,
        "有人员编制数据的单位：住房公积金（30113）占工资总额的比例在当地规定范围内。",
        staff_housing_fund_rate,
        title="住房公积金比例",
    ),
    ledger_rule(
        "staff-union-fee",
        WARNING,
        "有人员编制数据的单位：工会经费（30228）约为工资总额的 2%。",
        staff_union_fee,
        title="工会经费比例",
    ),
    ledger_rule(
        "staff-public-per-head",
        WARNING,
        "有人员编制数据的单位：人均公用经费不高于表套设定的定额。",
        staff_public_per_head,
        title="人均公用经费超定额",
    ),
    ledger_rule(
        "staff-personnel-per-head",
        WARNING,
        "有人员编制数据的单位：人均人员经费（按在职人数）不高于表套设定的上限。",
        staff_personnel_per_head,
        title="人均人员经费超上限",
    ),
)
