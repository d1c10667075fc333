"""Footing inside each grid table, derived from its spec: rows (合计 = Σ单位, 单位 = Σ类, 类 = Σ款
= Σ项) and columns (a 合计/小计/总计 column = Σ its sibling columns, recursively).

Computed from the same lines, rows always foot; the rule guards the roll-up. Columns foot only
where the spec's columns cover every code the total column sums, which is what the rule is for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from itertools import compress
from operator import attrgetter, eq, itemgetter, ne

from desktop.checks.context import CheckContext
from desktop.checks.finding import ERROR
from desktop.checks.rule import Hit, Rule, diff_text, wan
from desktop.checks.tableview import column_paths, total_label
from desktop.tables.hunan import HUNAN_TABLES
from desktop.tables.labels import plain_name
from desktop.tables.spec import Col, Group, Node, TableSpec

# Depth of a row in the printed hierarchy; a row's parent is the nearest row above it that is
# shallower (合计 of the economic-classification table comes last and takes the orphans).
RANK = {"total": 0, "department": 1, "unit": 2, "类": 3, "款": 4, "项": 5, "project": 3}
MAX_CELLS = 20  # cells listed per finding: enough to mark the offending rows


# -- rows -------------------------------------------------------------------------------------
def row_children(rows) -> dict[int, list[int]]:
    """Parent row index → child row indexes."""
    children: dict[int, list[int]] = {}
    stack: list[tuple[int, int]] = []  # (rank, index)
    orphans: list[int] = []
    total_index = None
    for i, row in enumerate(rows):
        rank = RANK.get(row.level, 6)
        if rank == 0:
            total_index = i
            stack = [(0, i)]
            continue
        while stack and stack[-1][0] >= rank:
            stack.pop()
        if stack:
            children.setdefault(stack[-1][1], []).append(i)
        else:
            orphans.append(i)
        stack.append((rank, i))
    if orphans and total_index is not None:
        children.setdefault(total_index, []).extend(orphans)
    return children


class _RowState:
    """What check_rows remembers of a table: its rows, their parents and the hits per parent."""

    def __init__(self, rows, children: dict[int, list[int]]) -> None:  # noqa: ANN001
        self.rows = rows
        self.children = children
        self.parent = {k: p for p, kids in children.items() for k in kids}
        self.hits: dict[int, list[Hit]] = {}


def _same_keys(old, new) -> bool:  # noqa: ANN001
    """Whether two materializations of a table have the same rows in the same order."""
    key = attrgetter("key")
    return len(old) == len(new) and all(map(eq, map(key, old), map(key, new)))


def _changed_rows(old, new) -> list[int]:  # noqa: ANN001
    """Indexes of rows whose amounts differ (rows in the same order)."""
    values = attrgetter("values")
    return list(compress(range(len(new)), map(ne, map(values, old), map(values, new))))


def check_rows(ctx: CheckContext, number: int) -> Iterator[Hit]:
    view = ctx.table(number)
    rows = view.result.rows
    amount_cols = view.result.amount_columns()
    if not amount_cols:
        return
    state = ctx.memo.get(("rows", number))
    if isinstance(state, _RowState) and state.rows is rows:
        parents: Iterable[int] = ()
    elif isinstance(state, _RowState) and _same_keys(state.rows, rows):
        # Same rows, new amounts: only parents of changed rows (or changed parents) can change.
        changed = _changed_rows(state.rows, rows)
        parents = {state.parent[i] for i in changed if i in state.parent}
        parents.update(i for i in changed if i in state.children)
        state.rows = rows
    else:
        state = _RowState(rows, row_children(rows))
        ctx.memo[("rows", number)] = state
        parents = state.children
    for parent in parents:
        found = list(_foot_parent(view, rows, parent, state.children[parent], amount_cols))
        if found:
            state.hits[parent] = found
        else:
            state.hits.pop(parent, None)
    for parent in sorted(state.hits):
        yield from state.hits[parent]


def _foot_parent(view, rows, parent: int, kids: list[int], amount_cols: list[int]) -> Iterator[Hit]:  # noqa: ANN001
    prow = rows[parent]
    get = itemgetter(*amount_cols)
    if len(amount_cols) == 1:
        col = amount_cols[0]
        sums: tuple = (sum(rows[k].values[col] for k in kids),)
        own: tuple = (prow.values[col],)
    else:
        sums = tuple(map(sum, zip(*(get(rows[k].values) for k in kids), strict=True)))
        own = get(prow.values)
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
def _amount_node(node: Node) -> bool:
    if isinstance(node, Col):
        return node.select is not None
    return any(_amount_node(c) for c in node.children)


def column_equalities(spec: TableSpec) -> list[tuple[int, tuple[int, ...]]]:
    """(total column, summed columns) for every 合计/小计/总计 column in the spec's header tree."""
    index = {id(c): i for i, c in enumerate(spec.leaf_columns)}
    out: list[tuple[int, tuple[int, ...]]] = []

    def value(node: Node) -> tuple[int, ...]:
        if isinstance(node, Col):
            return (index[id(node)],)
        amounts = [c for c in node.children if _amount_node(c)]
        if amounts and isinstance(amounts[0], Col) and total_label(amounts[0]):
            return (index[id(amounts[0])],)
        return tuple(i for c in amounts for i in value(c))

    def walk(siblings: tuple[Node, ...]) -> None:
        amounts = [n for n in siblings if _amount_node(n)]
        if len(amounts) > 1 and isinstance(amounts[0], Col) and total_label(amounts[0]):
            out.append((index[id(amounts[0])], tuple(i for n in amounts[1:] for i in value(n))))
        for node in siblings:
            if isinstance(node, Group):
                walk(node.children)

    walk(spec.columns)
    for total, parts in EXTRA_COLUMN_EQUALITIES.get(spec.number, ()):
        paths = column_paths(spec.columns)
        out.append((paths.index(total), tuple(paths.index(p) for p in parts)))
    return out


# Equalities the header tree does not show (the group has no total column of its own).
EXTRA_COLUMN_EQUALITIES: dict[int, tuple[tuple[str, tuple[str, ...]], ...]] = {
    21: (("预算额度/总计", ("预算编制方式/编入部门预算金额", "预算编制方式/财政代编金额")),),
}


def check_columns(ctx: CheckContext, number: int) -> Iterator[Hit]:
    view = ctx.table(number)
    rows = view.result.rows
    equalities = ctx.memo.get(("column-equalities", number))
    if equalities is None:
        equalities = ctx.memo[("column-equalities", number)] = column_equalities(view.result.spec)
    # The rows that do not foot, per equality; after an edit only changed rows are re-examined.
    state = ctx.memo.get(("columns", number))
    if state is not None and state[0] is rows:
        check = None
    elif state is not None and _same_keys(state[0], rows):
        check = _changed_rows(state[0], rows)
    else:
        state = (rows, [set() for _ in equalities])
        check = range(len(rows))
    bad_sets = state[1]
    if check is not None:
        ctx.memo[("columns", number)] = (rows, bad_sets)
        for (total, parts), bad in zip(equalities, bad_sets, strict=True):
            get = itemgetter(*parts)
            for i in check:
                v = rows[i].values
                s = get(v)
                if (s if len(parts) == 1 else sum(s)) != v[total]:
                    bad.add(i)
                else:
                    bad.discard(i)
    for (total, parts), bad in zip(equalities, bad_sets, strict=True):
        if not bad:
            continue
        order = sorted(bad)
        top = rows[order[0]]
        have = top.values[total]
        want = sum(top.values[p] for p in parts)
        names = [f"“{view.paths[p]}”" for p in parts]
        names = (
            "、".join(names) if len(names) <= 4 else f"{names[0]}至{names[-1]}等 {len(names)} 列"
        )
        more = f"；共有 {len(order)} 行不平" if len(order) > 1 else ""
        yield Hit(
            f"t{number}|{view.paths[total]}",
            f"表{number}“{view.result.title}”“{_row_text(top)}”行：“{view.paths[total]}”为 "
            f"{wan(have)}，{names}之和为 {wan(want)}，{diff_text(have, want)}{more}。"
            "请检查是否有科目或资金来源没有对应的列。",
            tuple(view.cell(rows[i], total) for i in order[:MAX_CELLS]),
        )


def _row_id(row) -> str:
    return "/".join(str(k) for k in row.key)


def _row_text(row) -> str:
    return f"{row.code} {plain_name(row.name)}".strip()


def _grid_rules() -> tuple[Rule, ...]:
    rules = []
    for spec in HUNAN_TABLES:
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


GRID_FOOTING_RULES = _grid_rules()
