"""Rules over the performance targets (绩效目标): goals, the four 一级 dimensions, the form of
indicator values, cost indicators against the budget, schedules, cost breakdowns, the
department's overall target and special funds.

Indicator values are text as published; these rules judge their form. Every money figure is
compared with the ledger (a project's expenditure lines, the department's total), never with a
figure typed a second time.

Speed: the judgement of one indicator is a pure function of its fields (`_verdicts`, cached);
an `_Index` kept in the check context digests the indicators and, after an edit, re-reads only
those whose object changed, so a re-check costs a few set operations, not a pass over all.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from desktop.checks.context import CheckContext
from desktop.checks.finding import ERROR, WARNING, CellRef
from desktop.checks.rule import Hit, Keyed, Rule, diff_text, line_cell, wan, wan_yuan
from desktop.performance import COST, LEVEL1, LEVEL2, SATISFACTION, dimension_of, indicator_number
from desktop.records import (
    NUMERIC_COMPARATORS,
    SCHEDULE_MONTHS,
    CostItem,
    DepartmentTarget,
    ExpenditureLine,
    Indicator,
    Project,
    SpecialFund,
    SpendingSchedule,
)

DEPARTMENT = "department"  # subject of the department's overall target
MAX_CELLS = 20
# 三级 names (and values) that say "this 二级 does not apply" — seed 001 prints 无, or nothing.
PLACEHOLDERS = ("", "无", "/", "-", "—")
# Where the seeds use such rows (seed 001: 社会效益/生态效益 of its projects, 社会成本/生态环境成本
# everywhere); the framework makes these 二级 optional. Overridable in the rule configuration.
DEFAULT_PLACEHOLDER_LEVEL2 = ("社会效益指标", "生态效益指标", "社会成本指标", "生态环境成本指标")
_MONEY_FACTORS = {"万元": 1_000_000, "元": 100}  # 分 per unit
# A comparator or its words written into the value itself (seed 002: “≤19.54万元”).
_LEADING = re.compile(r"^\s*(?:>=|<=|[≥≤=<>＜＞]|不超过|不高于|不多于|控制在)?\s*")
_BASIS_TOTAL = re.compile(r"共\s*(\d+(?:\.\d+)?)\s*(万元|元)")
# The rules that judge one indicator at a time, in the order of `_Verdicts.reasons`.
_PER_INDICATOR = (
    "perf-level-names",
    "perf-quantitative",
    "perf-qualitative-number",
    "perf-placeholder",
)


# -- judging one indicator (pure, cached) --------------------------------------------------------
def _squash(text: str) -> str:
    return "".join((text or "").split())


def _short(name: str) -> str:
    return _squash(name).removesuffix("指标")


def is_placeholder(ind: Indicator) -> bool:
    """A row that only says the 二级 does not apply: no 三级 name and no value."""
    return _squash(ind.name) in PLACEHOLDERS and _squash(ind.value) in PLACEHOLDERS


def _known_level2(dimension: str, level2: str) -> bool:
    short = _short(level2)
    if dimension == SATISFACTION:
        return "满意" in short
    names = {_short(n) for n in LEVEL2[dimension]}
    # The older placement names the dimension itself as the 二级 (seed 000: 成本指标 under 产出).
    return short in names or short == _short(dimension)


def money_fen(ind: Indicator) -> tuple[Decimal, str, str] | None:
    """(amount in 分, the number as typed, unit) of a money value, e.g. “≤ 12 万元”, else None."""
    text = _LEADING.sub("", ind.value or "").strip()
    unit = _squash(ind.measure_unit)
    for suffix in _MONEY_FACTORS:  # 万元 before 元
        if text.endswith(suffix):
            text, unit = text[: -len(suffix)].strip(), suffix
            break
    if unit not in _MONEY_FACTORS or "%" in text or "％" in text:
        return None
    number = indicator_number(text)
    if number is None:
        return None
    return number * _MONEY_FACTORS[unit], text, unit


def _level_names(ind: Indicator, dimension: str | None) -> tuple[str, str] | None:
    if dimension is None:
        return (
            f"：一级指标“{ind.level1}”不在绩效指标框架中（应为{'、'.join(LEVEL1)}之一），请核对。",
            "level1",
        )
    if not _known_level2(dimension, ind.level2):
        return (
            f"：二级指标“{ind.level2}”不是{dimension}下的二级指标"
            f"（应为{'、'.join(LEVEL2[dimension])}之一），请核对。",
            "level2",
        )
    return None


def _quantitative(ind: Indicator) -> tuple[str, str] | None:
    if ind.comparator not in NUMERIC_COMPARATORS:
        return None
    problems = []
    if indicator_number(ind.value, ind.measure_unit) is None:
        problems.append(f"指标值“{ind.value}”不是数字")
    column = "value" if problems else "measure_unit"
    if not ind.measure_unit.strip() and not ind.value.strip().endswith(("%", "％")):
        problems.append("没有填写度量单位")
    if not problems:
        return None
    return (
        f"指标值类型为“{ind.comparator}”，但{'，'.join(problems)}；定量指标应填写数值和度量单位，"
        "否则请改为“定性”。",
        column,
    )


def _qualitative_number(ind: Indicator) -> tuple[str, str] | None:
    if ind.comparator != "定性" or _squash(ind.measure_unit) not in ("", "无"):
        return None
    value = ind.value.strip()
    if "%" in value or "％" in value or indicator_number(value) is None:
        return None
    return (
        f"为定性指标，指标值却是没有度量单位的数字“{value}”；请改为定量指标（≥、≤、= 等）并填写"
        "度量单位，或写明定性的指标值。",
        "value",
    )


def _placeholder(
    ind: Indicator, placeholder: bool, allowed: tuple[str, ...]
) -> tuple[str, str] | None:
    if _squash(ind.name) not in PLACEHOLDERS:
        return None
    if not placeholder:
        return f"：指标值“{ind.value}”没有三级指标名称，请填写三级指标。", "name"
    if _short(ind.level2) in {_short(n) for n in allowed}:
        return None
    return (
        f"：“{ind.level2}”下只有“无”或空行；只有{'、'.join(allowed)}可以这样表示不适用，"
        "请填写具体指标或删除这一行。",
        "name",
    )


class _Verdicts(NamedTuple):
    dimension: str | None
    placeholder: bool
    money: tuple[Decimal, str, str] | None  # 成本 indicators in 万元/元 only
    reasons: tuple[tuple[str, str] | None, ...]  # (message tail, column) per _PER_INDICATOR rule


@lru_cache(maxsize=1 << 14)
def _verdicts(ind: Indicator, allowed: tuple[str, ...]) -> _Verdicts:
    """Everything the rules conclude from one indicator's own fields (equal records share it)."""
    dimension = dimension_of(ind.level1, ind.level2)
    placeholder = is_placeholder(ind)
    reasons = (
        _level_names(ind, dimension),
        _quantitative(ind),
        _qualitative_number(ind),
        _placeholder(ind, placeholder, allowed),
    )
    money = money_fen(ind) if dimension == COST else None
    return _Verdicts(dimension, placeholder, money, reasons)


# -- the indicators of a ledger, digested --------------------------------------------------------
class _Index:
    """Per-owner dimensions, cost indicators and per-rule hits, kept current by identity diffs.

    Kept in the context's memo, which the checker clears when projects or units change: the
    hits quote project names.
    """

    def __init__(self, allowed: tuple[str, ...]) -> None:
        self.allowed = allowed
        self.objects: list[Indicator] = []
        self.by_identity: dict[int, Indicator] = {}
        self.count: Counter[str] = Counter()  # indicators per owner ("" = the department)
        self.dimensions: dict[str, Counter] = defaultdict(Counter)  # real indicators only
        self.real: dict[str, dict[int | None, Indicator]] = defaultdict(dict)
        self.money: dict[int | None, Indicator] = {}
        self.hits: dict[str, dict[int | None, Hit]] = {r: {} for r in _PER_INDICATOR}

    def sync(self, ctx: CheckContext) -> _Index:
        objects = list(ctx.ledger.indicators.values())
        if objects == self.objects:
            return self
        current = dict(zip(map(id, objects), objects, strict=True))
        for key in self.by_identity.keys() - current.keys():
            self._drop(self.by_identity[key])
        for key in current.keys() - self.by_identity.keys():
            self._add(ctx, current[key])
        self.objects, self.by_identity = objects, current
        return self

    def _add(self, ctx: CheckContext, ind: Indicator) -> None:
        verdicts = _verdicts(ind, self.allowed)
        owner = ind.project_code
        self.count[owner] += 1
        if not verdicts.placeholder:
            self.dimensions[owner][verdicts.dimension] += 1
            self.real[owner][ind.id] = ind
        if verdicts.money is not None:
            self.money[ind.id] = ind
        for rule_id, reason in zip(_PER_INDICATOR, verdicts.reasons, strict=True):
            if reason is not None:
                tail, column = reason
                self.hits[rule_id][ind.id] = Hit(
                    f"indicator:{ind.id}",
                    f"{owner_label(ctx, owner)}的{_indicator_label(ind)}{tail}",
                    (_cell(ind, column),),
                )

    def _drop(self, ind: Indicator) -> None:
        verdicts = _verdicts(ind, self.allowed)
        owner = ind.project_code
        self.count[owner] -= 1
        if not verdicts.placeholder:
            self.dimensions[owner][verdicts.dimension] -= 1
            self.real[owner].pop(ind.id, None)
        self.money.pop(ind.id, None)
        for found in self.hits.values():
            found.pop(ind.id, None)

    def first(self, owner: str) -> Indicator:
        """The owner's first real indicator in printed order (for the cell of a finding)."""
        return min(self.real[owner].values(), key=lambda i: (i.sort_order, i.id or 0))


def _index(ctx: CheckContext) -> _Index:
    index: _Index | None = ctx.memo.get("perf-index")
    if index is None:
        settings = ctx.config.rules.get("perf-placeholder", {})
        allowed = tuple(settings.get("allowed_level2", DEFAULT_PLACEHOLDER_LEVEL2))
        index = ctx.memo["perf-index"] = _Index(allowed)
    return index.sync(ctx)


# -- helpers -----------------------------------------------------------------------------------
def owner_label(ctx: CheckContext, code: str) -> str:
    """How a message names the owner of an indicator: a project or the department target."""
    if not code:
        return "部门整体支出绩效目标"
    project = ctx.ledger.projects.get(code)
    return f"项目“{project.name}”（{code}）" if project else f"项目“{code}”"


def _indicator_label(ind: Indicator) -> str:
    return f"指标“{ind.name.strip() or '（未填三级指标）'}”（{ind.level1}/{ind.level2}）"


def _cell(ind: Indicator, column: str = "") -> CellRef:
    return CellRef(record="indicator", record_key=ind.id, column=column)


def _once(ctx: CheckContext, rule_id: str, key: object, signature: tuple, build) -> Hit:  # noqa: ANN001
    """The hit `build()` makes, rebuilt only when its signature (what the message shows) changed."""
    memo = ctx.memo.setdefault(rule_id, {})
    found = memo.get(key)
    if found is None or found[0] != signature:
        found = memo[key] = (signature, build())
    return found[1]


def _funded(ctx: CheckContext) -> Iterator[Project]:
    """Projects with expenditure lines, in project order."""
    lines = ctx.totals.project_lines
    for project in sorted(ctx.ledger.projects.values(), key=lambda p: (p.sort_order, p.code)):
        if lines.get(project.code, 0) > 0:
            yield project


def _fen_text(fen: Decimal) -> str:
    return wan_yuan(int(fen)) if fen == fen.to_integral_value() else f"{fen / 1_000_000:f} 万元"


# -- projects ------------------------------------------------------------------------------------
def _project_order(ctx: CheckContext) -> list[str]:
    """Every project's code in project order: the keys of the per-project rules."""
    projects = sorted(ctx.ledger.projects.values(), key=lambda p: (p.sort_order, p.code))
    return [p.code for p in projects]


def _goal_empty(ctx: CheckContext, code: str) -> Iterator[Hit]:
    project = ctx.ledger.projects.get(code)
    if project is None or ctx.totals.project_lines.get(code, 0) <= 0 or project.goal.strip():
        return
    amount = ctx.totals.project_amount.get(project.code, 0)
    yield _once(
        ctx,
        "perf-goal-empty",
        project.code,
        (project, amount),
        lambda p=project, a=amount: Hit(
            p.code,
            f"项目“{p.name}”（{p.code}）安排了 {wan(a)}，但没有填写本年度绩效目标。",
            (CellRef(record="project", record_key=p.code, column="goal"),),
        ),
    )


def _line_project(line: ExpenditureLine) -> tuple[str, ...]:
    return (line.project_code,) if line.project_code else ()


# Per funded project: after an edit of an expenditure line only its project is judged again.
GOAL_EMPTY = Keyed(_project_order, _goal_empty, _line_project, (ExpenditureLine,))
goal_empty = GOAL_EMPTY.run


def _dimension_keys(ctx: CheckContext) -> list[str]:
    """Every owner the rule may judge: projects, codes with indicators, the department ("")."""
    index = _index(ctx)
    projects = _project_order(ctx)
    known = set(projects)
    return [*projects, *sorted(c for c in index.real if c and c not in known), ""]


def _dimension_order(ctx: CheckContext, code: str) -> tuple:
    """Funded projects in project order, then owners with indicators but no lines, then the
    department."""
    if not code:
        return (2,)
    project = ctx.ledger.projects.get(code)
    if project is not None and ctx.totals.project_lines.get(code, 0) > 0:
        return (0, project.sort_order, code)
    return (1, code)


def _dimensions(ctx: CheckContext, code: str) -> Iterator[Hit]:
    index = _index(ctx)
    lines, amounts = ctx.totals.project_lines, ctx.totals.project_amount
    if not code:
        judged = bool(index.real.get(""))
    elif lines.get(code, 0) > 0:
        judged = code in ctx.ledger.projects
    else:
        judged = bool(index.real.get(code))
    if not judged:
        return
    if not index.real.get(code):
        amount = amounts.get(code, 0)
        yield _once(
            ctx,
            "perf-dimensions",
            code,
            (amount,),
            lambda c=code, a=amount: Hit(
                c,
                f"{owner_label(ctx, c)}安排了 {wan(a)}，但没有填写绩效指标；"
                "产出、效益、满意度、成本四类一级指标都应填写。",
                (line_cell("project", c),),
            ),
        )
        return
    present = index.dimensions[code]
    missing = [d for d in LEVEL1 if present[d] <= 0]
    if missing:
        yield Hit(
            code or DEPARTMENT,
            f"{owner_label(ctx, code)}的绩效指标缺少一级指标：{'、'.join(missing)}；"
            "产出、效益、满意度、成本四类一级指标都应至少有一个具体指标。",
            (_cell(index.first(code), "level1"),),
        )


DIMENSIONS = Keyed(
    _dimension_keys, _dimensions, _line_project, (ExpenditureLine,), order=_dimension_order
)


def dimensions(ctx: CheckContext) -> Iterator[Hit]:
    keys = sorted(_dimension_keys(ctx), key=lambda k: _dimension_order(ctx, k))
    for code in keys:
        yield from _dimensions(ctx, code)


def _per_indicator(rule_id: str):  # noqa: ANN202 - a rule's check function
    def check(ctx: CheckContext) -> list[Hit]:
        found = _index(ctx).hits[rule_id]
        return [found[key] for key in sorted(found, key=lambda k: k or 0)]

    return check


def cost_budget(ctx: CheckContext) -> Iterator[Hit]:
    amounts = ctx.totals.project_amount
    department_total = sum(ctx.totals.expenditure_fund.values())
    index = _index(ctx)
    for key in sorted(index.money, key=lambda k: k or 0):
        ind = index.money[key]
        fen, number, unit = _verdicts(ind, index.allowed).money  # type: ignore[misc]
        if ind.project_code:
            budget, what = amounts.get(ind.project_code, 0), "项目年度预算"
        else:
            budget, what = department_total, "部门预算总额"
        if fen > budget:
            yield Hit(
                f"indicator:{ind.id}",
                f"{owner_label(ctx, ind.project_code)}的成本指标“{ind.name}”为 {number} {unit}，"
                f"超过{what} {wan(budget)}（超出 {_fen_text(fen - budget)}）；"
                "成本指标不能超过预算。",
                (_cell(ind, "value"),),
            )


def schedule(ctx: CheckContext) -> Iterator[Hit]:
    tol = ctx.config.tolerance("perf-schedule")
    months = list(SCHEDULE_MONTHS.items())
    for plan in sorted(ctx.ledger.spending_schedules.values(), key=lambda s: s.project_code):
        total = ctx.totals.project_amount.get(plan.project_code, 0)
        points = plan.points
        problems, column = [], ""
        for i in range(1, 4):
            if points[i] < points[i - 1]:
                problems.append(
                    f"{months[i][1]}累计 {wan(points[i])} 少于{months[i - 1][1]}的 "
                    f"{wan(points[i - 1])}（累计计划不能减少）"
                )
                column = column or months[i][0]
        if abs(points[3] - total) > tol:
            problems.append(
                f"12月底累计 {wan(points[3])} 应等于项目年度预算 {wan(total)}，"
                f"{diff_text(points[3], total)}"
            )
            column = column or "december"
        if problems:
            yield Hit(
                plan.project_code,
                f"{owner_label(ctx, plan.project_code)}的资金支出计划：{'；'.join(problems)}。",
                (CellRef(record="spending_schedule", record_key=plan.project_code, column=column),),
            )


def _schedule_missing(ctx: CheckContext, code: str) -> Iterator[Hit]:
    if ctx.totals.project_lines.get(code, 0) <= 0 or code not in ctx.ledger.projects:
        return
    if code not in ctx.ledger.spending_schedules:
        yield _once(
            ctx,
            "perf-schedule-missing",
            code,
            (),
            lambda code=code: Hit(
                code,
                f"{owner_label(ctx, code)}没有填写资金支出计划（3月底、6月底、10月底、"
                "12月底累计数）。",
                (line_cell("project", code),),
            ),
        )


SCHEDULE_MISSING = Keyed(_project_order, _schedule_missing, _line_project, (ExpenditureLine,))
schedule_missing = SCHEDULE_MISSING.run


def cost_breakdown(ctx: CheckContext) -> Iterator[Hit]:
    tol = ctx.config.tolerance("perf-cost-breakdown")
    items: dict[str, list[CostItem]] = defaultdict(list)
    for item in ctx.ledger.cost_items.values():
        items[item.project_code].append(item)
    for code in sorted(items):
        found = sorted(items[code], key=lambda c: (c.sort_order, c.id or 0))
        total, budget = sum(c.amount for c in found), ctx.totals.project_amount.get(code, 0)
        if abs(total - budget) > tol:
            yield Hit(
                code,
                f"{owner_label(ctx, code)}的支出明细及测算合计 {wan(total)}（{len(found)} 行），"
                f"项目年度预算 {wan(budget)}，{diff_text(total, budget)}；两者应相等。",
                tuple(
                    CellRef(record="cost_item", record_key=c.id, column="amount")
                    for c in found[:MAX_CELLS]
                ),
            )


def cost_basis(ctx: CheckContext) -> Iterator[Hit]:
    for item in sorted(ctx.ledger.cost_items.values(), key=lambda c: c.id or 0):
        matches = _BASIS_TOTAL.findall(item.basis or "")
        if not matches:
            continue
        number, unit = matches[-1]
        fen = Decimal(number) * _MONEY_FACTORS[unit]
        if fen != item.amount:
            yield Hit(
                f"cost_item:{item.id}",
                f"{owner_label(ctx, item.project_code)}的支出明细“{item.content or item.detail}”"
                f"金额 {wan(item.amount)}，测算依据却写“共{number}{unit}”；请核对金额或测算说明。",
                (CellRef(record="cost_item", record_key=item.id, column="amount"),),
            )


# -- the department ------------------------------------------------------------------------------
def _department_cell(column: str) -> CellRef:
    return CellRef(record="department_target", record_key=1, column=column)


def department_target(ctx: CheckContext) -> Iterator[Hit]:
    total = sum(ctx.totals.expenditure_fund.values())
    if total == 0:
        return
    target = ctx.ledger.department_target
    problems = []
    if not target.duty_goal.strip() and not target.duty_overview.strip():
        problems.append("没有填写年度履职目标（或部门职责概述）")
    if not _index(ctx).count[""]:
        problems.append("没有填写整体绩效指标")
    if problems:
        yield Hit(
            DEPARTMENT,
            f"部门预算总额 {wan(total)}，部门整体支出绩效目标{'，'.join(problems)}。",
            (_department_cell("duty_goal"),),
        )


# -- special funds -------------------------------------------------------------------------------
def fund_directions(ctx: CheckContext) -> Iterator[Hit]:
    used = {p.special_fund_code for p in ctx.ledger.projects.values()}
    for fund in sorted(ctx.ledger.special_funds.values(), key=lambda f: (f.sort_order, f.code)):
        if fund.code not in used:
            yield Hit(
                fund.code,
                f"专项资金“{fund.name}”（{fund.code}）没有支出方向：请在项目中指明所属专项，"
                "或删除该专项资金。",
                (CellRef(record="special_fund", record_key=fund.code),),
            )


def _direction_lines(ctx: CheckContext, code: str) -> Iterator[Hit]:
    project = ctx.ledger.projects.get(code)
    if project is None:
        return
    fund = ctx.ledger.special_funds.get(project.special_fund_code)
    if fund is not None and ctx.totals.project_lines.get(project.code, 0) == 0:
        yield Hit(
            project.code,
            f"专项资金“{fund.name}”的支出方向“{project.name}”（{project.code}）没有支出明细，"
            "汇总表中该方向金额为零。",
            (line_cell("project", project.code),),
        )


# A project's verdict depends on its own lines only; special funds and projects re-judge all.
DIRECTION_LINES = Keyed(_project_order, _direction_lines, _line_project, (ExpenditureLine,))
direction_lines = DIRECTION_LINES.run


def _rule(
    rule_id: str,
    severity: str,
    description: str,
    check,  # noqa: ANN001 - (ctx) -> hits, or a Keyed rule's parts
    inputs: Iterable[type],
    title: str = "",
) -> Rule:
    keyed = check if isinstance(check, Keyed) else None
    if keyed is not None:
        check = keyed.run
    return Rule(
        rule_id,
        severity,
        description,
        check,
        "ledger",
        inputs=tuple(inputs),
        title=title,
        keyed=keyed,
    )


_LINES = (Project, ExpenditureLine)
PERFORMANCE_RULES = (
    _rule(
        "perf-goal-empty",
        ERROR,
        "安排了资金的项目必须填写本年度绩效目标。",
        GOAL_EMPTY,
        _LINES,
        title="绩效目标未填",
    ),
    _rule(
        "perf-dimensions",
        ERROR,
        "项目（及部门整体）的绩效指标须有产出、效益、满意度、成本四类一级指标（按 dimension_of 归类）。",
        DIMENSIONS,
        (*_LINES, Indicator),
        title="绩效指标缺一级指标",
    ),
    _rule(
        "perf-level-names",
        WARNING,
        "一级、二级指标名称应属于绩效指标框架。",
        _per_indicator("perf-level-names"),
        (Indicator, Project),
        title="指标名称不在框架内",
    ),
    _rule(
        "perf-quantitative",
        ERROR,
        "指标值类型为 ≥ ≤ = > < 的定量指标须有数字指标值和度量单位。",
        _per_indicator("perf-quantitative"),
        (Indicator, Project),
        title="定量指标缺数值或单位",
    ),
    _rule(
        "perf-qualitative-number",
        WARNING,
        "定性指标的指标值不应是没有度量单位的数字。",
        _per_indicator("perf-qualitative-number"),
        (Indicator, Project),
        title="定性指标填了数字",
    ),
    _rule(
        "perf-placeholder",
        WARNING,
        "“无”或空白的三级指标只用于社会效益、生态效益、社会成本、生态环境成本等可不适用的二级指标。",
        _per_indicator("perf-placeholder"),
        (Indicator, Project),
        title="“无”指标用错位置",
    ),
    _rule(
        "perf-cost-budget",
        ERROR,
        "以万元/元计的成本指标不超过项目年度预算（部门整体：不超过部门预算总额）。",
        cost_budget,
        (*_LINES, Indicator),
        title="成本指标超预算",
    ),
    _rule(
        "perf-schedule",
        ERROR,
        "资金支出计划逐季不减少，12月底累计数等于项目年度预算。",
        schedule,
        (*_LINES, SpendingSchedule),
        title="资金支出计划",
    ),
    _rule(
        "perf-schedule-missing",
        WARNING,
        "安排了资金的项目应填写资金支出计划。",
        SCHEDULE_MISSING,
        (*_LINES, SpendingSchedule),
        title="缺资金支出计划",
    ),
    _rule(
        "perf-cost-breakdown",
        ERROR,
        "支出明细及测算的合计等于项目年度预算。",
        cost_breakdown,
        (*_LINES, CostItem),
        title="支出明细合计不符",
    ),
    _rule(
        "perf-cost-basis",
        WARNING,
        "支出明细金额与其测算依据中“共…万元”一致。",
        cost_basis,
        (Project, CostItem),
        title="支出明细与测算依据不符",
    ),
    _rule(
        "perf-department-target",
        ERROR,
        "有支出的部门须填写部门整体支出绩效目标（年度履职目标或职责概述，及整体绩效指标）。",
        department_target,
        (ExpenditureLine, DepartmentTarget, Indicator),
        title="部门整体绩效目标未填",
    ),
    _rule(
        "perf-fund-directions",
        WARNING,
        "专项资金至少有一个支出方向（项目）。",
        fund_directions,
        (SpecialFund, Project),
        title="专项资金无支出方向",
    ),
    _rule(
        "perf-direction-lines",
        WARNING,
        "专项资金的支出方向应有支出明细。",
        DIRECTION_LINES,
        (SpecialFund, *_LINES),
        title="支出方向无明细",
    ),
)
