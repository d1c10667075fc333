"""Footing inside each grid table: rows (合计 = Σ单位, 单位 = Σ类, 类 = Σ款 = Σ项) and columns (a
合计/小计/总计 column = Σ its sibling columns, recursively). Which cells sum to which is the
domain's footing structure (`tables/footing.py`), the same the printed rounding note uses.

Computed from the same lines, rows always foot; the rule guards the roll-up. Columns foot only
where the spec's columns cover every code the total column sums, which is what the rule is for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from itertools import compress
from operator import add, attrgetter, itemgetter, ne, sub

from desktop.checks.context import CheckContext
from desktop.checks.finding import ERROR
from desktop.checks.rule import Hit, Rule, diff_text, wan
from desktop.checks.tableview import changed_rows
from desktop.tables.footing import (
    column_equalities,
    listing_column_equalities,
    listing_equalities,
    row_children,
)
from desktop.tables.hunan import HUNAN_TABLES
from desktop.tables.labels import plain_name
from desktop.tables.spec import AnySpec, ListingSpec, TableSpec

__all__ = ["GRID_FOOTING_RULES", "column_equalities", "row_children"]

MAX_CELLS = 20  # cells listed per finding: enough to mark the offending rows
_VALUES = attrgetter("values")


# -- rows -------------------------------------------------------------------------------------
class _RowState:
    """What check_rows remembers of a table: its rows, their parents, the sums of each parent's
    child rows (per amount column) and the hits per parent."""

    def __init__(self, rows, children: dict[int, list[int]], amount_cols: list[int]) -> None:  # noqa: ANN001
        self.rows = rows
        self.children = children
        self.parent = {k: p for p, kids in children.items() for k in kids}
        self.hits: dict[int, list[Hit]] = {}
        self.out: list[Hit] | None = None  # the hits in row order, kept until one changes
        self.cols = amount_cols
        get = _getter(amount_cols)
        self.get = get
        width = len(amount_cols)
        amounts = list(map(get, map(_VALUES, rows)))  # each row's amount columns, once
        # Tuples, not lists: the garbage collector stops tracking tuples of ints, and a large
        # table has thousands of parents (an edit replaces the few it changes).
        self.sums: dict[int, tuple[int, ...]] = {}
        # The parents whose own amounts differ from their child rows' sums (most parents of a
        # large table have a single child: its amounts are the sums).
        self.unbalanced: list[int] = []
        for p, kids in children.items():
            if len(kids) == 1:
                sums = amounts[kids[0]]
            elif kids:  # column sums of the child rows, summed column by column at C speed
                sums = tuple(map(sum, zip(*map(amounts.__getitem__, kids), strict=True)))
            else:
                sums = (0,) * width
            self.sums[p] = sums
            if sums != amounts[p]:
                self.unbalanced.append(p)

    def follow(self, rows, changed: list[int]) -> set[int]:  # noqa: ANN001
        """Take the new rows (same keys, amounts changed in `changed`); return the parents whose
        footing must be judged again: those of changed rows, and changed parents."""
        old, get, parents = self.rows, self.get, set()
        parent_of, children, sums = self.parent, self.children, self.sums
        for i in changed:
            p = parent_of.get(i)
            if p is not None:
                before, after = get(old[i].values), get(rows[i].values)
                if before != after:
                    sums[p] = tuple(map(add, sums[p], map(sub, after, before)))
                parents.add(p)
            if i in children:
                parents.add(i)
        self.rows = rows
        return parents


def _getter(cols: list[int]):  # noqa: ANN202
    """values -> the tuple of the amounts in `cols`."""
    if len(cols) == 1:
        col = cols[0]
        return lambda values: (values[col],)
    return itemgetter(*cols)


def check_rows(ctx: CheckContext, number: int) -> Iterator[Hit]:
    view = ctx.table(number)
    result = view.result
    rows = result.rows
    state = ctx.memo.get(("rows", number))
    if isinstance(state, _RowState):
        if state.rows is rows:
            return iter(state.out or ())  # the table did not change
        changed = changed_rows(state.rows, result)
        if changed is not None:
            # Same rows, new amounts: only parents of changed rows (or changed parents) can change.
            parents: Iterable[int] = state.follow(rows, changed)
        else:
            state = None
    if state is None:
        amount_cols = result.amount_columns()
        if not amount_cols:
            return iter(())
        state = _RowState(rows, row_children(rows), amount_cols)
        ctx.memo[("rows", number)] = state
        parents = state.unbalanced  # a new state has no hits: only these can make one
    hits, sums, get, children = state.hits, state.sums, state.get, state.children
    for parent in parents:
        total = sums[parent]
        if tuple(total) == get(rows[parent].values):
            if hits.pop(parent, None) is not None:
                state.out = None
            continue
        hits[parent] = list(
            _foot_parent(view, rows, parent, children[parent], state.cols, tuple(total))
        )
        state.out = None
    if state.out is None:
        state.out = [hit for parent in sorted(hits) for hit in hits[parent]]
    return iter(state.out)


def _foot_parent(
    view, rows, parent: int, kids: list[int], amount_cols: list[int], sums: tuple
) -> Iterator[Hit]:  # noqa: ANN001
    """The hits of a parent row whose amounts differ from `sums`, the sums of its child rows."""
    prow = rows[parent]
    own = _getter(amount_cols)(prow.values)
    if sums == own:
        return
    number = view.number
    for col, have, want in zip(amount_cols, own, sums, strict=True):
        if have != want:
            what = "、".join(dict.fromkeys(rows[k].level for k in kids))
            yield Hit(
                f"t{number}|{_row_id(prow)}|{view.paths[col]}",
                f"表{number}“{view.result.title}”“{_row_text(prow)}”行“{view.paths[col]}”"
                f"为 {wan(have)}，下级{what}行之和为 {wan(want)}，{diff_text(have, want)}。",
                (view.cell(prow, col),) + tuple(view.cell(rows[k], col) for k in kids[:MAX_CELLS]),
            )


# -- columns ----------------------------------------------------------------------------------
def check_columns(ctx: CheckContext, number: int) -> Iterator[Hit]:
    view = ctx.table(number)
    rows = view.result.rows
    equalities = ctx.memo.get(("column-equalities", number))
    if equalities is None:
        equalities = ctx.memo[("column-equalities", number)] = [
            (total, parts, itemgetter(*parts))
            for total, parts in column_equalities(view.result.spec)
        ]
    # The rows that do not foot and the hit, per equality; after an edit only changed rows are
    # examined again, and a hit is written again only when its rows or its first row changed.
    state: _ColumnState | None = ctx.memo.get(("columns", number))
    if state is not None and state.rows is rows:
        return iter(state.out or ())
    changed = changed_rows(state.rows, view.result) if state is not None else None
    if state is None or changed is None:
        state = ctx.memo[("columns", number)] = _ColumnState(rows, len(equalities))
        values = list(map(_VALUES, rows))
        # every row at once, column by column at C speed: the rows that do not foot
        for k, ((total, parts, get), bad) in enumerate(zip(equalities, state.bad, strict=True)):
            sums = map(get, values) if len(parts) == 1 else map(sum, map(get, values))
            bad.update(compress(range(len(rows)), map(ne, sums, map(itemgetter(total), values))))
            if bad:
                state.hits[k] = _column_hit(view, rows, total, parts, bad)
        state.out = [h for h in state.hits if h is not None]
        return iter(state.out)
    check: Sequence[int] = changed
    state.rows = rows
    for k, ((total, parts, get), bad) in enumerate(zip(equalities, state.bad, strict=True)):
        single, before = len(parts) == 1, len(bad)
        moved = False
        for i in check:
            v = rows[i].values
            s = get(v)
            if (s if single else sum(s)) != v[total]:
                if i not in bad:
                    bad.add(i)
                    moved = True
            elif i in bad:
                bad.discard(i)
                moved = True
        if moved or (before and min(bad) in check):
            state.hits[k] = _column_hit(view, rows, total, parts, bad) if bad else None
            state.out = None
    if state.out is None:
        state.out = [h for h in state.hits if h is not None]
    return iter(state.out)


class _ColumnState:
    def __init__(self, rows, size: int) -> None:  # noqa: ANN001
        self.rows = rows
        self.bad: list[set[int]] = [set() for _ in range(size)]
        self.hits: list[Hit | None] = [None] * size
        self.out: list[Hit] | None = None


def _column_hit(view, rows, total: int, parts: tuple, bad: set[int]) -> Hit:  # noqa: ANN001
    number = view.number
    order = sorted(bad)
    top = rows[order[0]]
    have = top.values[total]
    want = sum(top.values[p] for p in parts)
    labels = [f"“{view.paths[p]}”" for p in parts]
    names = (
        "、".join(labels) if len(labels) <= 4 else f"{labels[0]}至{labels[-1]}等 {len(labels)} 列"
    )
    more = f"；共有 {len(order)} 行不平" if len(order) > 1 else ""
    return Hit(
        f"t{number}|{view.paths[total]}",
        f"表{number}“{view.result.title}”“{_row_text(top)}”行：“{view.paths[total]}”为 "
        f"{wan(have)}，{names}之和为 {wan(want)}，{diff_text(have, want)}{more}。"
        "请检查是否有科目或资金来源没有对应的列。",
        tuple(view.cell(rows[i], total) for i in order[:MAX_CELLS]),
    )


# -- listing tables ---------------------------------------------------------------------------
def check_listing(ctx: CheckContext, number: int) -> Iterator[Hit]:
    """A listing table of a set other than Hunan's (Hunan's tables 1 and 6 have their own rules):
    an “一、…” line = Σ its “（一）…” lines, the first footer line = Σ the top lines, the last
    footer = Σ the other footers, and a block's 合计 column = Σ its other amount columns."""
    view = ctx.table(number)
    spec, rows = view.result.spec, view.result.rows
    assert isinstance(spec, ListingSpec)
    title = view.result.title

    def amount(r: int, c: int) -> int:
        value = rows[r].values[c]
        return value if isinstance(value, int) else 0

    for col, total, parts in listing_equalities(spec, rows):
        have, want = amount(total, col), sum(amount(p, col) for p in parts)
        if have != want:
            label = rows[total].values[spec.column_slots.index((spec.column_slots[col][0], -1))]
            yield Hit(
                f"t{number}|{label}|{view.paths[col]}",
                f"表{number}“{title}”“{label}”（{view.paths[col]}）为 {wan(have)}，"
                f"其下各行之和为 {wan(want)}，{diff_text(have, want)}。"
                "请检查表套中是否有收支没有对应的行。",
                (view.cell(rows[total], col),)
                + tuple(view.cell(rows[p], col) for p in parts[:MAX_CELLS]),
            )
    for total, summed in listing_column_equalities(spec):
        for r, row in enumerate(rows):
            have, want = amount(r, total), sum(amount(r, p) for p in summed)
            if have != want:
                label = plain_name(row.name)
                yield Hit(
                    f"t{number}|{label}|{view.paths[total]}",
                    f"表{number}“{title}”“{label}”行：“{view.paths[total]}”为 {wan(have)}，"
                    f"其余金额列之和为 {wan(want)}，{diff_text(have, want)}。",
                    (view.cell(row, total),) + tuple(view.cell(row, p) for p in summed),
                )


def listing_rules(specs: Sequence[AnySpec]) -> tuple[Rule, ...]:
    """A footing rule for every listing table of a set (not used for the Hunan set)."""
    return tuple(
        Rule(
            f"t{spec.number:02d}-listing",
            ERROR,
            f"表{spec.number}“{spec.title}”平衡：合计、总计行 = 其下各行之和，合计列 = 其余各列之和。",
            partial(check_listing, number=spec.number),
            "tables",
            (spec.number,),
            title=f"表{spec.number} 平衡",
        )
        for spec in specs
        if isinstance(spec, ListingSpec)
    )


def _row_id(row) -> str:
    return "/".join(str(k) for k in row.key)


def _row_text(row) -> str:
    return f"{row.code} {plain_name(row.name)}".strip()


def grid_rules(specs: Sequence[AnySpec]) -> tuple[Rule, ...]:
    """Row and column footing rules for every grid table of a table set."""
    rules = []
    for spec in specs:
        if not isinstance(spec, TableSpec):
            continue
        n = spec.number
        rules.append(
            Rule(
                f"t{n:02d}-rows",
                ERROR,
                f"表{n}“{spec.title}”行方向平衡：合计 = 各单位之和，单位 = Σ类，类 = Σ款 = Σ项。",
                partial(check_rows, number=n),
                "tables",
                (n,),
                title=f"表{n} 行方向平衡",
            )
        )
        rules.append(
            Rule(
                f"t{n:02d}-columns",
                ERROR,
                f"表{n}“{spec.title}”列方向平衡：合计/小计/总计列 = 其下各列之和。",
                partial(check_columns, number=n),
                "tables",
                (n,),
                title=f"表{n} 列方向平衡",
            )
        )
    return tuple(rules)


GRID_FOOTING_RULES = grid_rules(HUNAN_TABLES)
