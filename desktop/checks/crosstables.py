"""Equalities between standard tables (and the footing of the listing tables 1 and 6), declared
as data: each compares a printed cell with the sum of other printed cells.

Cells are named the way they are printed: a grid column by its header path ("基本支出/小计") on
the 合计 row (or, per unit, on each unit's row, or on a row with a given code), a listing amount by
its block's label column ("支出/项目（按功能分类）") and the line's label.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, partial

from desktop.checks.context import CheckContext
from desktop.checks.finding import CellRef
from desktop.checks.rule import Hit, diff_text, wan
from desktop.checks.tableview import changed_rows
from desktop.tables.labels import plain_name

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


_ALL = object()  # a listing cell in a per-unit comparison: the same on every unit's row


class _Equalities:
    """What one rule remembers of its equalities between runs: the rows it read, the printed cell
    (row index, column) of each term on each row it compares, which comparisons read each row
    (`watch`), and the hits of the comparisons that do not hold.

    A comparison is (k, unit): equality k on the 合计 or fixed rows (unit None) or, per unit, on
    that unit's rows. After an edit only the comparisons one of whose cells changed are judged
    again; the rows an edit changed are the tables' `RowDelta`."""

    def __init__(self, ctx: CheckContext, equalities: tuple[Equality, ...], per_unit: bool):
        tables = sorted({n for e in equalities for n in e.tables})
        views = {n: ctx.table(n) for n in tables}
        self.rows = {n: v.result.rows for n, v in views.items()}
        # (k, unit) -> per term (table, row index or None, column); and where its hit is listed
        self.cells: dict[tuple[int, str | None], list[tuple[int, int | None, int]]] = {}
        self.position: dict[tuple[int, str | None], tuple[int, int]] = {}
        # (table, row index) -> (column, the comparison reading it, or (k, _ALL))
        self.watch: dict[tuple[int, int], list[tuple[int, tuple]]] = {}
        self.hits: dict[tuple[int, str | None], Hit] = {}
        self.described: dict[tuple[int, str | None], tuple] = {}  # see `_texts`
        self.out: list[Hit] | None = None
        for k, equality in enumerate(equalities):
            units: dict[str | None, None] = {None: None}
            if per_unit:  # the units of the equality's own tables, in the order they print
                for n in equality.ordered_tables:
                    units.update(dict.fromkeys(views[n].unit_index()))
            terms = (equality.left, *equality.right)
            resolved = [_resolve(views[t.table], t) for t in terms]
            for place, unit in enumerate(units):
                cells = []
                for table, fixed, col, listing in resolved:
                    row = fixed if unit is None or listing else views[table].unit_index().get(unit)
                    cells.append((table, row, col))
                    if row is not None:
                        watched = (k, _ALL) if listing and per_unit else (k, unit)
                        self.watch.setdefault((table, row), []).append((col, watched))
                self.cells[(k, unit)] = cells
                self.position[(k, unit)] = (k, place)

    def changed(self, views: dict) -> set | None:  # noqa: ANN001
        """The comparisons whose cells an edit changed (and take the new rows); None when a
        table's rows changed more than in amounts."""
        dirty: set = set()
        watch = self.watch
        for n, view in views.items():
            old, new = self.rows[n], view.result.rows
            if old is new:
                continue
            changed = changed_rows(old, view.result)
            if changed is None:
                return None
            for i in changed:
                watched = watch.get((n, i))
                if watched:
                    before, after = old[i].values, new[i].values
                    for col, comparison in watched:
                        if before[col] != after[col]:
                            dirty.add(comparison)
            self.rows[n] = new
        if any(c[1] is _ALL for c in dirty):
            for c in [c for c in dirty if c[1] is _ALL]:
                dirty.discard(c)
                dirty.update(key for key in self.cells if key[0] == c[0])
        return dirty

    def value(self, comparison: tuple[int, str | None]) -> list[int]:
        rows = self.rows
        return [
            (rows[n][i].values[col] or 0) if i is not None else 0
            for n, i, col in self.cells[comparison]
        ]


def _resolve(view, term: Term) -> tuple[int, int | None, int, bool]:  # noqa: ANN001
    """(table, row index or None, column, is a listing) of a term's printed cell on the 合计 (or
    fixed) row; raises as `TableView.item` does when a listing has no such label."""
    if view.is_listing:
        row, col = view.item_index(term.column, term.row, term.occurrence)
        return term.table, row, col, True
    col = view.col(term.column)
    row = view.code_index(term.row) if term.row else view.total_index()
    return term.table, row, col, False


def check_equalities(
    ctx: CheckContext, rule_id: str, equalities: tuple[Equality, ...], per_unit: bool = False
) -> Iterator[Hit]:
    """Each equality on the 合计 (or fixed) rows and, `per_unit`, on every unit's row. After an
    edit only the comparisons whose cells changed are judged again."""
    tolerance = ctx.config.tolerance(rule_id)
    key = ("equalities", rule_id)
    state: _Equalities | None = ctx.memo.get(key)
    if state is not None:
        views = {n: ctx.table(n) for n in state.rows}
        dirty = state.changed(views)
    if state is None or dirty is None:
        state = ctx.memo[key] = _Equalities(ctx, equalities, per_unit)
        dirty = set(state.cells)
    if dirty:
        finders: dict[int, list] = {}
        for comparison in dirty:
            k, unit = comparison
            equality = equalities[k]
            values = state.value(comparison)
            left, right = values[0], sum(values[1:])
            if _holds(equality.relation, left, right, tolerance):
                if state.hits.pop(comparison, None) is not None:
                    state.out = None
                continue
            # What the message says of the cells names rows and columns, not amounts: kept
            # with the state (a table whose rows change more than in amounts makes a new one).
            texts = state.described.get(comparison)
            if texts is None:
                found = finders.get(k)
                if found is None:
                    found = finders[k] = [_locate(ctx, term) for term in equality_terms(equality)]
                texts = state.described[comparison] = _texts(ctx, equality, found, unit)
            state.hits[comparison] = _hit(equality, texts, left, right)
            state.out = None
    if state.out is None:
        position = state.position
        state.out = [state.hits[c] for c in sorted(state.hits, key=position.__getitem__)]
    return iter(state.out)


def equality_terms(equality: Equality) -> tuple[Term, ...]:
    return (equality.left, *equality.right)


def _texts(ctx: CheckContext, equality: Equality, finders, unit) -> tuple:  # noqa: ANN001
    """(subject, the left cell's text, the right side's text, several terms, cells) of the
    comparison of `equality` on `unit`'s rows (None: the 合计 or fixed rows)."""
    terms = equality_terms(equality)
    located = [find(unit) for find in finders]
    described = [_describe(ctx, t, unit, x[1]) for t, x in zip(terms, located, strict=True)]
    texts = [d[0] for d in described[1:]]
    rhs = " + ".join(texts) if len(texts) <= 4 else f"{texts[0]}至{texts[-1]}等 {len(texts)} 项"
    subject = "|".join([_term_id(t) for t in terms] + [unit or ""])
    cells = tuple(d[1] for d in described if d[1] is not None)
    return subject, described[0][0], rhs, len(texts) > 1, cells


def _hit(equality: Equality, texts: tuple, left: int, right: int) -> Hit:
    subject, left_text, rhs, several, cells = texts
    rhs_value = f"之和 {wan(right)}" if several else f"{wan(right)}"
    return Hit(
        subject,
        f"{left_text}为 {wan(left)}，应{RELATIONS[equality.relation]}{rhs}"
        f"{rhs_value}，{diff_text(left, right)}。",
        cells,
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
