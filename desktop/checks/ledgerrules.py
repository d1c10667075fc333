"""Rules over the whole ledger: income = expenditure and control figures. They read the running
totals, so they are cheap to re-run; `ledger_rule` declares a rule with the records it reads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import compress, islice
from operator import attrgetter
from typing import Any

from desktop.checks.context import CheckContext
from desktop.checks.finding import ERROR, WARNING, CellRef
from desktop.checks.rule import Hit, Keyed, Rule, diff_text, line_cell, wan, wan_yuan
from desktop.records import (
    CONTROL_SCOPES,
    ControlFigure,
    ExpenditureLine,
    IncomeLine,
    PriorYearLine,
    Project,
    Unit,
    UnitStaff,
)

MAX_CELLS = 20


def _scan(ctx: CheckContext, record: str, match, limit: int = MAX_CELLS) -> tuple[CellRef, ...]:  # noqa: ANN001
    """Up to `limit` lines `match` accepts; only called when there is a finding to show."""
    store = ctx.ledger.income_lines if record == "income" else ctx.ledger.expenditure_lines
    out = []
    for line in store.values():
        if match(line):
            out.append(line_cell(record, line.id))
            if len(out) >= limit:
                break
    return tuple(out)


_FUND = attrgetter("fund_source")


def _scan_fund(ctx: CheckContext, record: str, fund: str, limit: int) -> tuple[CellRef, ...]:
    """`_scan` for the lines of one fund source, at C speed, kept while the fund's first lines
    stay the same (a balance finding is written anew after every edit of an amount)."""
    memo = ctx.memo.setdefault("fund-lines", {})
    kept = memo.get((record, fund, limit))
    if kept is not None and ctx.fund_lines_kept(record, fund, kept[0], limit):
        return kept[1]
    ctx.fund_edits.pop((record, fund), None)
    store = ctx.ledger.income_lines if record == "income" else ctx.ledger.expenditure_lines
    lines = store.values()
    found: tuple[Any, ...] = tuple(
        islice(compress(lines, map(fund.__eq__, map(_FUND, lines))), limit)
    )
    ids = tuple(line.id for line in found)
    cells = tuple(line_cell(record, i) for i in ids)
    memo[(record, fund, limit)] = (ids, cells)
    return cells


def table_cells(ctx: CheckContext, pairs, level: str, limit: int = MAX_CELLS):  # noqa: ANN001
    """合计 cells of 收入总表 (表2) and 支出总表 (表3) on the rows of (unit, code) `pairs`."""
    out: list[CellRef] = []
    for number in (2, 3):
        try:
            view = ctx.table(number)
            col = view.col("合计")
        except (LookupError, StopIteration):
            continue  # the table set prints no such table (a 决算 set): the finding names no cell
        for unit, code in pairs:
            if len(out) >= limit:
                break
            row = view.unit(unit) if level == "unit" else view.unit_row(unit, code, level)
            if row is not None:
                out.append(view.cell(row, col))
    return tuple(out)


def _structure(ctx: CheckContext, number: int) -> object:
    """What identifies the rows (not the amounts) of a table; None without such a table."""
    try:
        return ctx.table(number).structure
    except (LookupError, StopIteration):
        return None


def _kept_cells(ctx: CheckContext, level: str, key: object, cells) -> tuple[CellRef, ...]:  # noqa: ANN001
    """`cells()`, the table cells of one key's rows, kept while the tables' rows stay (a cell
    names a row and a column, not an amount)."""
    version = (_structure(ctx, 2), _structure(ctx, 3))
    memo = ctx.memo.setdefault(("balance-cells", level), {})
    kept = memo.get(key)
    if kept is not None and kept[0] == version:  # tokens compare by identity
        return kept[1]
    found = cells()
    memo[key] = (version, found)
    return found


def _balance_hit(subject: str, what: str, income: int, expenditure: int, cells) -> Hit:  # noqa: ANN001
    return Hit(
        subject,
        f"{what}收入 {wan(income)}，支出 {wan(expenditure)}，收支不平，{diff_text(income, expenditure)}。",
        cells,
    )


def balance_fund_keys(ctx: CheckContext) -> list[str]:
    t = ctx.totals
    return sorted(set(t.income_fund) | set(t.expenditure_fund))


def balance_fund_check(ctx: CheckContext, fund: str) -> Iterator[Hit]:
    t, tol = ctx.totals, ctx.config.tolerance("balance-fund")
    inc, exp = t.income_fund.get(fund, 0), t.expenditure_fund.get(fund, 0)
    if abs(inc - exp) > tol:
        cells = _scan_fund(ctx, "income", fund, MAX_CELLS // 2)
        cells += _scan_fund(ctx, "expenditure", fund, MAX_CELLS // 2)
        yield _balance_hit(fund, f"资金来源“{ctx.fund_name(fund)}”", inc, exp, cells)


def balance_class_keys(ctx: CheckContext) -> list[str]:
    t = ctx.totals
    return sorted(set(t.income_class) | set(t.expenditure_class))


def balance_class_check(ctx: CheckContext, cls: str) -> Iterator[Hit]:
    t, tol = ctx.totals, ctx.config.tolerance("balance-class")
    inc, exp = t.income_class.get(cls, 0), t.expenditure_class.get(cls, 0)
    if abs(inc - exp) > tol:
        # The cells name rows, not amounts: kept while the tables' rows and the units stay.
        version = (
            _structure(ctx, 2),
            _structure(ctx, 3),
            len(t.income_unit),  # units are never removed from these totals
            len(t.expenditure_unit),
        )
        memo = ctx.memo.setdefault("balance-class-cells", {})
        kept = memo.get(cls)
        if kept is not None and kept[0] == version:  # tokens compare by identity
            cells = kept[1]
        else:
            units = sorted(set(t.income_unit) | set(t.expenditure_unit))
            cells = table_cells(ctx, [(u, cls) for u in units], "类")
            memo[cls] = (version, cells)
        yield _balance_hit(cls, f"功能分类“{ctx.function_label(cls)}”", inc, exp, cells)


def balance_unit_keys(ctx: CheckContext) -> list[str]:
    t = ctx.totals
    return sorted(set(t.income_unit) | set(t.expenditure_unit))


def balance_unit_check(ctx: CheckContext, unit: str) -> Iterator[Hit]:
    t, tol = ctx.totals, ctx.config.tolerance("balance-unit")
    inc, exp = t.income_unit.get(unit, 0), t.expenditure_unit.get(unit, 0)
    if abs(inc - exp) > tol:
        cells = _kept_cells(ctx, "unit", unit, lambda: table_cells(ctx, [(unit, "")], "unit"))
        yield _balance_hit(unit, f"单位 {ctx.unit_label(unit)} ", inc, exp, cells)


def balance_item_keys(ctx: CheckContext) -> list[tuple[str, str]]:
    t = ctx.totals
    return sorted(set(t.income_item) | set(t.expenditure_item))


def balance_item_check(ctx: CheckContext, key: tuple[str, str]) -> Iterator[Hit]:
    t, tol = ctx.totals, ctx.config.tolerance("balance-item")
    inc = t.income_item.get(key, (0,))[0]
    exp = t.expenditure_item.get(key, (0,))[0]
    if abs(inc - exp) > tol:
        unit, func = key
        yield _balance_hit(
            f"{unit}|{func}",
            f"单位 {ctx.unit_label(unit)} 功能科目“{ctx.function_label(func)}”",
            inc,
            exp,
            _kept_cells(ctx, "项", key, lambda: table_cells(ctx, [key], "项")),
        )


# Each balance verdict depends on the totals of one key; an edited line touches one key of each.
BALANCE_FUND = Keyed(
    balance_fund_keys,
    balance_fund_check,
    lambda ln: (ln.fund_source,),
    (IncomeLine, ExpenditureLine),
)
BALANCE_CLASS = Keyed(
    balance_class_keys,
    balance_class_check,
    lambda ln: (ln.function_code[:3],),
    (IncomeLine, ExpenditureLine),
)
BALANCE_UNIT = Keyed(
    balance_unit_keys, balance_unit_check, lambda ln: (ln.unit_code,), (IncomeLine, ExpenditureLine)
)
BALANCE_ITEM = Keyed(
    balance_item_keys,
    balance_item_check,
    lambda ln: ((ln.unit_code, ln.function_code),),
    (IncomeLine, ExpenditureLine),
)
balance_fund, balance_class = BALANCE_FUND.run, BALANCE_CLASS.run
balance_unit, balance_item = BALANCE_UNIT.run, BALANCE_ITEM.run


def _fund_chain(ctx: CheckContext, code: str) -> list[str]:
    chain, seen = [], set()
    while code and code not in seen:
        seen.add(code)
        chain.append(code)
        fund = ctx.catalog.fund_sources.get(code)
        code = fund.parent if fund else ""
    return chain


def _controlled(ctx: CheckContext) -> dict[tuple[str, str, str], int]:
    """Spending under control figures: (unit or "" for the department, fund or group, scope)."""
    out: dict[tuple[str, str, str], int] = defaultdict(int)
    for (unit, fund, scope), amount in ctx.totals.controlled.items():
        for code in _fund_chain(ctx, fund):
            out[(unit, code, scope)] += amount
            out[("", code, scope)] += amount
    return out


def _control_text(ctx: CheckContext, figure) -> str:  # noqa: ANN001
    who = ctx.unit_label(figure.unit_code) if figure.unit_code else "全部门"
    return f"{who}“{ctx.fund_name(figure.fund_source)}”{CONTROL_SCOPES.get(figure.scope, figure.scope)}"


def _control_compare(ctx: CheckContext, rule_id: str, above: bool) -> Iterator[Hit]:
    figures = ctx.ledger.control_figures
    if not figures:
        return
    spent = _controlled(ctx)
    tol = ctx.config.tolerance(rule_id)
    for figure in figures.values():
        amount = spent.get((figure.unit_code, figure.fund_source, figure.scope), 0)
        over = amount - figure.amount
        if (above and over > tol) or (not above and -over > tol):
            word = "超出控制数" if above else "低于控制数"
            tail = "，请压减支出或申请调整控制数" if above else "，控制数未用完请说明原因"
            yield Hit(
                f"{figure.unit_code}|{figure.fund_source}|{figure.scope}",
                f"{_control_text(ctx, figure)}安排 {wan(amount)}，控制数 {wan(figure.amount)}，"
                f"{word} {wan_yuan(abs(over))}{tail}。",
                (line_cell("control", figure.id),),
            )


def control_above(ctx: CheckContext) -> Iterator[Hit]:
    yield from _control_compare(ctx, "control-above", above=True)


def control_below(ctx: CheckContext) -> Iterator[Hit]:
    yield from _control_compare(ctx, "control-below", above=False)


def control_missing(ctx: CheckContext) -> Iterator[Hit]:
    figures = ctx.ledger.control_figures.values()
    if not figures:
        return
    covered = {(f.fund_source, f.scope) for f in figures}
    dept: dict[tuple[str, str], int] = defaultdict(int)
    for (_, fund, scope), amount in ctx.totals.controlled.items():
        dept[(fund, scope)] += amount
    for (fund, scope), amount in sorted(dept.items()):
        source = ctx.catalog.fund_sources.get(fund)
        if not amount or source is None or not source.fiscal:
            continue
        if not any((code, scope) in covered for code in _fund_chain(ctx, fund)):
            yield Hit(
                f"{fund}|{scope}",
                f"“{ctx.fund_name(fund)}”{CONTROL_SCOPES[scope]}安排了 {wan(amount)}，但没有这一资金来源"
                "和口径的控制数，请录入财政下达的控制数。",
                _scan(
                    ctx,
                    "expenditure",
                    lambda ln, f=fund, s=scope: (
                        ln.fund_source == f
                        and (ln.is_basic if s == "basic" else ln.kind == "project")
                    ),
                ),
            )


def control_duplicate(ctx: CheckContext) -> Iterator[Hit]:
    seen: dict[tuple[str, str, str], list] = defaultdict(list)
    for figure in ctx.ledger.control_figures.values():
        seen[(figure.unit_code, figure.fund_source, figure.scope)].append(figure)
    for key, found in seen.items():
        if len(found) > 1:
            amounts = "、".join(wan(f.amount) for f in found)
            yield Hit(
                "|".join(key),
                f"{_control_text(ctx, found[0])}录入了 {len(found)} 个控制数（{amounts}），只能保留一个。",
                tuple(line_cell("control", f.id) for f in found),
            )


def control_invalid(ctx: CheckContext) -> Iterator[Hit]:
    for figure in ctx.ledger.control_figures.values():
        problems = []
        if figure.unit_code and figure.unit_code not in ctx.ledger.units:
            problems.append(f"单位“{figure.unit_code}”不存在")
        if figure.fund_source not in ctx.catalog.fund_sources:
            problems.append(f"资金来源“{figure.fund_source}”无效")
        if figure.scope not in CONTROL_SCOPES:
            problems.append(f"口径“{figure.scope}”无效（应为基本支出或项目支出）")
        if figure.amount < 0:
            problems.append(f"金额为负数 {wan_yuan(figure.amount)}")
        if problems:
            yield Hit(
                f"control:{figure.id}",
                f"控制数第 {figure.id} 条：{'；'.join(problems)}。",
                (line_cell("control", figure.id),),
            )


_LINES = (IncomeLine, ExpenditureLine)
_CONTROL = (ControlFigure, Unit, *_LINES)
# What each rule reads: it is re-run only after an edit of one of these record types.
_INPUTS: dict[str, tuple[type, ...]] = {
    "balance-fund": (*_LINES, Unit),
    "balance-class": (*_LINES, Unit),
    "balance-unit": (*_LINES, Unit),
    "balance-item": (*_LINES, Unit),
    "control-above": _CONTROL,
    "control-below": _CONTROL,
    "control-missing": _CONTROL,
    "control-duplicate": (ControlFigure, Unit),
    "control-invalid": (ControlFigure, Unit),
    "project-without-lines": (Project, Unit, ExpenditureLine),
    "project-name-empty": (Project, Unit),
    "unit-name-empty": (Unit,),
    "department-name-empty": (Unit,),
    "unit-kind-invalid": (Unit,),
    "unit-without-lines": (Unit, *_LINES),
    "unit-kind-function": (Unit, *_LINES),
    "three-public-increase": (*_LINES, PriorYearLine),
    "meeting-training-increase": (*_LINES, PriorYearLine),
    "staff-annuity-ratio": (UnitStaff, Unit, *_LINES),
    "staff-housing-fund-rate": (UnitStaff, Unit, *_LINES),
    "staff-union-fee": (UnitStaff, Unit, *_LINES),
    "staff-public-per-head": (UnitStaff, Unit, *_LINES),
    "staff-personnel-per-head": (UnitStaff, Unit, *_LINES),
    "vehicle-purchase": (*_LINES, Unit, Project),
}


def ledger_rule(
    rule_id: str,
    severity: str,
    description: str,
    check,  # noqa: ANN001 - (ctx) -> hits, or a Keyed rule's parts
    title: str = "",
) -> Rule:
    keyed = check if isinstance(check, Keyed) else None
    return Rule(
        rule_id,
        severity,
        description,
        keyed.run if keyed is not None else check,
        "ledger",
        inputs=_INPUTS[rule_id],
        title=title,
        keyed=keyed,
    )


BALANCE_RULES = (
    ledger_rule(
        "balance-fund",
        ERROR,
        "按资金来源，全部门收入 = 支出。",
        BALANCE_FUND,
        title="按资金来源收支平衡",
    ),
    ledger_rule(
        "balance-class",
        ERROR,
        "按支出功能分类的类，全部门收入 = 支出。",
        BALANCE_CLASS,
        title="按功能分类类收支平衡",
    ),
    ledger_rule("balance-unit", ERROR, "每个单位收入 = 支出。", BALANCE_UNIT, title="单位收支平衡"),
    ledger_rule(
        "balance-item",
        WARNING,
        "每个单位每个功能科目（项）收入 = 支出。",
        BALANCE_ITEM,
        title="按功能科目收支平衡",
    ),
)
CONTROL_RULES = (
    ledger_rule(
        "control-above",
        ERROR,
        "按资金来源和基本/项目口径，支出超出控制数。",
        control_above,
        title="超出控制数",
    ),
    ledger_rule(
        "control-below",
        WARNING,
        "按资金来源和基本/项目口径，支出低于控制数。",
        control_below,
        title="低于控制数",
    ),
    ledger_rule(
        "control-missing",
        WARNING,
        "已录入控制数时，有财政拨款支出的资金来源和口径没有控制数。",
        control_missing,
        title="缺控制数",
    ),
    ledger_rule(
        "control-duplicate",
        ERROR,
        "同一单位、资金来源和口径只能有一个控制数。",
        control_duplicate,
        title="控制数重复",
    ),
    ledger_rule(
        "control-invalid",
        ERROR,
        "控制数的单位、资金来源、口径和金额必须有效。",
        control_invalid,
        title="控制数无效",
    ),
)
