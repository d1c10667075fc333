"""Printed form of a computed table: display strings per cell and rounding-tail detection.

The PDF and the workbook both print amounts rounded to 万元 with two decimals; totals are summed
from exact 分 and rounded afterwards, so a printed total can differ from the sum of its printed
parts (尾差). `has_rounding_tail` finds where that happens so the table can say so.
"""

from __future__ import annotations

import re
from decimal import Decimal

from desktop.money import DisplayUnit, format_amount, rounded
from desktop.tables.result import TableResult
from desktop.tables.spec import Col, Group, ListingSpec, Node

ROUNDING_NOTE = "注：本表金额按万元保留两位小数，部分合计与分项之和存在尾差。"
_TOTAL_LABELS = {"合计", "小计", "总计"}
# Rank of a row level in the row tree (smaller = higher); used to find a row's parts.
_RANK = {"total": 0, "department": 1, "unit": 2, "类": 3, "款": 4, "项": 5, "project": 3}
_TOP_ITEM = re.compile(r"^[一二三四五六七八九十]+、")
_SUB_ITEM = re.compile(r"^（[一二三四五六七八九十]+）")


def shows_zero(result: TableResult, row_index: int, col_index: int) -> bool:
    """The seed prints 0.00 only in the first amount column of the 合计 row of an empty table."""
    if not result.empty:
        return False
    row = result.rows[row_index]
    amount_cols = result.amount_columns()
    return row.level == "total" and bool(amount_cols) and col_index == amount_cols[0]


def cell_text(result: TableResult, row_index: int, col_index: int) -> str:
    """The printed text of one body cell (万元, 2 decimals, zero blank)."""
    value = result.rows[row_index].values[col_index]
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if value == 0:
        return "0.00" if shows_zero(result, row_index, col_index) else ""
    return format_amount(value, DisplayUnit.WAN_YUAN)


def printed_decimal(value: int | None) -> Decimal:
    """What a printed amount cell shows, as a number (blank counts as 0)."""
    return rounded(value or 0, DisplayUnit.WAN_YUAN, 2)


def is_total_label(label: str) -> bool:
    flat = label.replace(" ", "")
    return flat in _TOTAL_LABELS or flat.endswith("合计") or flat.endswith("小计")


def column_decompositions(result: TableResult) -> list[tuple[int, list[int]]]:
    """(total column, part columns) pairs implied by the header: a group whose first amount
    column is labelled 合计/小计/总计 is that column plus the rest of the group."""
    spec = result.spec
    if isinstance(spec, ListingSpec):
        return []
    index: dict[int, int] = {}
    for i, leaf in enumerate(spec.leaf_columns):
        index[id(leaf)] = i
    out: list[tuple[int, list[int]]] = []

    def is_amount(node: Node) -> bool:
        if isinstance(node, Group):
            return any(is_amount(c) for c in node.children)
        return node.select is not None

    def rep(node: Node) -> list[int]:
        if isinstance(node, Col):
            return [index[id(node)]]
        kids = [c for c in node.children if is_amount(c)]
        if kids and isinstance(kids[0], Col) and is_total_label(kids[0].label):
            return rep(kids[0])
        return [i for k in kids for i in rep(k)]

    def walk(children: tuple[Node, ...]) -> None:
        kids = [c for c in children if is_amount(c)]
        if len(kids) > 1 and isinstance(kids[0], Col) and is_total_label(kids[0].label):
            out.append((index[id(kids[0])], [i for k in kids[1:] for i in rep(k)]))
        for k in kids:
            if isinstance(k, Group):
                walk(k.children)

    walk(spec.columns)
    return out


def row_decompositions(result: TableResult) -> list[tuple[int, list[int]]]:
    """(total row, part rows) pairs from the row levels (合计 → department → units → 类 …)."""
    if isinstance(result.spec, ListingSpec):
        return []
    ranks = [_RANK.get(r.level, 9) for r in result.rows]
    out = []
    for i, rank in enumerate(ranks):
        below = []
        for j in range(i + 1, len(ranks)):
            if ranks[j] <= rank:
                break
            below.append(j)
        if not below and rank == 0:  # a 合计 printed last (table 8): its parts are the top rows
            below = [j for j, r in enumerate(ranks) if r > rank]
        if below:
            top = min(ranks[j] for j in below)
            out.append((i, [j for j in below if ranks[j] == top]))
    return out


def _listing_level(label: str) -> int:
    if _TOP_ITEM.match(label):
        return 0
    if _SUB_ITEM.match(label):
        return 1
    return 2


def listing_checks(result: TableResult) -> list[tuple[int, int, list[int]]]:
    """(amount column, total row, part rows) for each block of a listing table."""
    spec = result.spec
    assert isinstance(spec, ListingSpec)
    out = []
    body_rows = [i for i, r in enumerate(result.rows) if r.key[0] == "body"]
    foot_rows = [i for i, r in enumerate(result.rows) if r.key[0] == "footer"]
    for b, _block in enumerate(spec.blocks):
        label_col, amount_col = 2 * b, 2 * b + 1
        items = [(i, result.rows[i].values[label_col]) for i in body_rows]
        items = [(i, label) for i, label in items if label]
        levels = {i: _listing_level(label) for i, label in items}
        for pos, (i, _label) in enumerate(items):
            kids = []
            for j, _ in items[pos + 1 :]:
                if levels[j] <= levels[i]:
                    break
                kids.append(j)
            if kids:
                top = min(levels[j] for j in kids)
                out.append((amount_col, i, [j for j in kids if levels[j] == top]))
        if items:
            top = min(levels.values())
            top_items = [i for i, _ in items if levels[i] == top]
            feet = [i for i in foot_rows if result.rows[i].values[label_col]]
            if feet:
                out.append((amount_col, feet[0], top_items))
            if len(feet) > 2:
                out.append((amount_col, feet[-1], feet[:-1]))
    return out


def has_rounding_tail(result: TableResult) -> bool:
    """True when some printed total differs from the sum of its printed parts.

    Only decompositions that hold exactly in 分 are compared, so a header that merely looks like
    a total (or a 预算编制方式 split) never raises a false alarm.
    """
    rows = result.rows

    def value(r: int, c: int) -> int:
        v = rows[r].values[c]
        return v if isinstance(v, int) else 0

    def differs(total: tuple[int, int], parts: list[tuple[int, int]]) -> bool:
        exact = value(*total)
        if exact != sum(value(*p) for p in parts):
            return False
        printed = sum((printed_decimal(value(*p)) for p in parts), Decimal(0))
        return printed != printed_decimal(exact)

    if isinstance(result.spec, ListingSpec):
        for col, total, parts in listing_checks(result):
            if differs((total, col), [(p, col) for p in parts]):
                return True
        return False
    amount_cols = result.amount_columns()
    for total, parts in row_decompositions(result):
        for c in amount_cols:
            if differs((total, c), [(p, c) for p in parts]):
                return True
    for total, parts in column_decompositions(result):
        for r in range(len(rows)):
            if differs((r, total), [(r, p) for p in parts]):
                return True
    return False
