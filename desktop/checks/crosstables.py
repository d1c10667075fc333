"""Equalities between standard tables (and the footing of the listing tables 1 and 6), declared
as data: each compares a printed cell with the sum of other printed cells.

Cells are named the way they are printed: a grid column by its header path ("基本支出/小计") on
the 合计 row (or, per unit, on each unit's row, or on a row with a given code), a listing amount by
its block's label column ("支出/项目（按功能分类）") and the line's label.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, partial

from desktop.checks.context import CheckContext
from desktop.checks.finding import CellRef
from desktop.checks.rule import Hit, diff_text, wan
from desktop.checks.tableview import changed_rows
from desktop.tables.labels import plain_name
from desktop.tables.result import UNIT

RELATIONS = {"==": "等于", ">=": "不小于", "<=": "不大于"}


@dataclass(frozen=True)
class Term:
    """One printed cell. Grid: `column` is the header path and `row` "" means the 合计 row (or the
    unit's row in a per-unit comparison) else a row code. Listing: `column` is the block's label
    column and `row` the printed label (`occurrence` tells repeated labels apart)."""

    table: int
    column: str
    row: str = ""
    occurrence: int = 0


@dataclass(frozen=True)
class Equality:
    left: Term
    right: tuple[Term, ...]
    relation: str = "=="

    @cached_property
    def tables(self) -> frozenset[int]:
        return frozenset({self.left.table} | {t.table for t in self.right})

    @cached_property
    def ordered_tables(self) -> tuple[int, ...]:
        return tuple(sorted(self.tables))


def L(table: int, block: str, label: str, occurrence: int = 0) -> Term:  # noqa: N802
    return Term(table, block, label, occurrence)


def G(table: int, column: str, row: str = "") -> Term:  # noqa: N802
    return Term(table, column, row)


def eq(left: Term, *right: Term, relation: str = "==") -> Equality:
    return Equality(left, tuple(right), relation)


def _locate(ctx: CheckContext, term: Term):  # noqa: ANN202
    """Resolve a term once per run: a function unit → (value, row) of the printed cell."""
    view = ctx.table(term.table)
    if view.is_listing:
        value = view.amount(term.column, term.row, term.occurrence)
        return lambda unit: (value, term)
    col = view.col(term.column)
    if term.row:
        fixed = view.row_by_code(term.row)
    else:
        fixed = view.total
    unit_row = view.unit

    def at(unit: str | None):  # noqa: ANN202
        row = fixed if unit is None else unit_row(unit)
        return ((row.values[col] or 0) if row is not None else 0), row

    return at


def _value(view, term: Term) -> int:  # noqa: ANN001
    """The amount of a term on the 合计 (or fixed) row, as `_locate(...)(None)` finds it."""
    if view.is_listing:
        return view.amount(term.column, term.row, term.occurrence)
    row = view.row_by_code(term.row) if term.row else view.total
    return (row.values[view.col(term.column)] or 0) if row is not None else 0


def _describe(ctx: CheckContext, term: Term, unit: str | None, row) -> tuple[str, CellRef | None]:  # noqa: ANN001
    view = ctx.table(term.table)
    if view.is_listing:
        return f"表{term.table}“{plain_name(term.row)}”", view.item(
            term.column, term.row, term.occurrence
        )[1]
    if unit is not None:
        where = f"单位 {ctx.unit_label(unit)} 行"
    elif term.row:
        name = plain_name(row.name) if row is not None else ""
        where = f"“{term.row} {name}”行"
    else:
        where = "合计行"
    ref = view.cell(row, view.col(term.column)) if row is not None else None
    return f"表{term.table}{where}“{term.column}”", ref


def _holds(relation: str, left: int, right: int, tolerance: int) -> bool:
    if relation == ">=":
        return left + tolerance >= right
    if relation == "<=":
        return left <= right + tolerance
    return abs(left - right) <= tolerance


class _EqualityState:
    """What a per-unit equality remembers between runs: the rows it compared, the units in
    order and the hit per unit (None: the 合计 or fixed row) that does not hold."""

    def __init__(self, rows: dict[int, tuple], units: list[str | None]) -> None:
        self.rows = rows
        self.units = units
        self.position = {u: i for i, u in enumerate(units)}
        self.hits: dict[str | None, Hit] = {}


def _dirty_units(state: _EqualityState, views: dict) -> set[str | None] | None:  # noqa: ANN001
    """Units whose comparison an edit can have changed: those whose unit row changed in one of the
    tables, and the 合计 (None). None when a table's rows changed more than in amounts."""
    dirty: set[str | None] = {None}
    for number, view in views.items():
        old = state.rows[number]
        if old is view.result.rows:
            continue
        changed = changed_rows(old, view.result)
        if changed is None or view.is_listing:
            return None
        rows = view.result.rows
        for i in changed:
            row = rows[i]
            if row.level == UNIT:
                if row.code not in state.position:
                    return None
                dirty.add(row.code)
    return dirty


def check_equalities(
    ctx: CheckContext, rule_id: str, equalities: tuple[Equality, ...], per_unit: bool = False
) -> Iterator[Hit]:
    """Each equality on the 合计 (or fixed) rows and, `per_unit`, on every unit's row. Per unit,
    after an edit only the units whose rows changed are compared again."""
    tolerance = ctx.config.tolerance(rule_id)
    memo = ctx.memo.setdefault(("equalities", rule_id), {})
    for k, equality in enumerate(equalities):
        views = {n: ctx.table(n) for n in equality.ordered_tables}
        if not per_unit:
            # Judged again only when one of its tables changed since the last run.
            results = tuple(v.result for v in views.values())
            last = memo.get(k)
            if last is None or not all(map(operator.is_, last[0], results)):
                values = [_value(views[t.table], t) for t in (equality.left, *equality.right)]
                hit = None
                if not _holds(equality.relation, values[0], sum(values[1:]), tolerance):
                    terms = (equality.left, *equality.right)
                    finders = [_locate(ctx, term) for term in terms]
                    hit = _compare(ctx, equality, terms, finders, None, tolerance)
                last = memo[k] = (results, hit)
            if last[1] is not None:
                yield last[1]
            continue
        state = memo.get(k)
        if state is not None and all(state.rows[n] is v.result.rows for n, v in views.items()):
            dirty: set[str | None] | None = set()  # none of its tables changed
        else:
            dirty = _dirty_units(state, views) if state is not None else None
        terms = (equality.left, *equality.right)
        finders = [_locate(ctx, term) for term in terms] if dirty != set() else []
        if state is None or dirty is None:
            codes: dict[str, None] = {}
            for view in views.values():
                codes.update(dict.fromkeys(view.unit_index()))
            state = memo[k] = _EqualityState(
                {n: v.result.rows for n, v in views.items()}, [None, *codes]
            )
            dirty = set(state.units)
        else:
            state.rows = {n: v.result.rows for n, v in views.items()}
        for unit in dirty:
            hit = _compare(ctx, equality, terms, finders, unit, tolerance)
            if hit is None:
                state.hits.pop(unit, None)
            else:
                state.hits[unit] = hit
        for unit in sorted(state.hits, key=state.position.__getitem__):
            yield state.hits[unit]


def _compare(
    ctx: CheckContext, equality: Equality, terms, finders, unit, tolerance: int
) -> Hit | None:  # noqa: ANN001
    """The hit when `equality` does not hold on `unit`'s rows (None: the 合计 or fixed rows)."""
    located = [find(unit) for find in finders]
    left = located[0][0]
    right = sum(x[0] for x in located[1:])
    if _holds(equality.relation, left, right, tolerance):
        return None
    described = [_describe(ctx, t, unit, x[1]) for t, x in zip(terms, located, strict=True)]
    texts = [d[0] for d in described[1:]]
    rhs = " + ".join(texts) if len(texts) <= 4 else f"{texts[0]}至{texts[-1]}等 {len(texts)} 项"
    rhs_value = f"之和 {wan(right)}" if len(texts) > 1 else f"{wan(right)}"
    subject = "|".join([_term_id(t) for t in terms] + [unit or ""])
    return Hit(
        subject,
        f"{described[0][0]}为 {wan(left)}，应{RELATIONS[equality.relation]}{rhs}"
        f"{rhs_value}，{diff_text(left, right)}。",
        tuple(d[1] for d in described if d[1] is not None),
    )


def _term_id(term: Term) -> str:
    return f"t{term.table}:{term.column}:{term.row}:{term.occurrence}"


def equality_check(rule_id: str, equalities: tuple[Equality, ...], per_unit: bool = False):
    return partial(check_equalities, rule_id=rule_id, equalities=equalities, per_unit=per_unit)


def tables_of(equalities: tuple[Equality, ...]) -> tuple[int, ...]:
    found: set[int] = set()
    for e in equalities:
        found |= e.tables
    return tuple(sorted(found))
