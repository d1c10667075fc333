"""The footing structure of a standard table, computed once for every consumer.

Which cells sum to which: rows (合计 = Σ单位, 单位 = Σ类, 类 = Σ款 = Σ项), columns (a 合计/小计/总计
column = Σ its sibling columns, recursively, plus equalities the header tree does not show) and
the blocks of a listing table. The checks (`checks/footing.py`) prove the figures foot; the PDF
and the workbook use the same structure to say when printed 万元 leave a rounding tail (尾差).
Also the header path of every leaf column ("基本支出/人员经费/工资福利支出"), the name by which
findings and the workbook's one-row header print a column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.tables.spec import Col, Group, ListingSpec, Node, TableSpec

# Depth of a row in the printed hierarchy; a row's parent is the nearest row above it that is
# shallower (合计 of the economic-classification table comes last and takes the orphans).
RANK = {"total": 0, "department": 1, "unit": 2, "类": 3, "款": 4, "项": 5, "project": 3}
_TOP_ITEM = re.compile(r"^[一二三四五六七八九十]+、")
_SUB_ITEM = re.compile(r"^（[一二三四五六七八九十]+）")

# Equalities the header tree does not show (the group has no total column of its own), by spec
# key: in 专项资金预算汇总表 every project is budgeted either by the department or by the bureau.
EXTRA_COLUMN_EQUALITIES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "special_funds": (
        ("预算额度/总计", ("预算编制方式/编入部门预算金额", "预算编制方式/财政代编金额")),
    ),
}


def column_paths(nodes: Sequence[Node]) -> list[str]:
    """The header path of every leaf column, joined by "/", in leaf order."""
    return ["/".join(path) for path in column_path_parts(nodes)]


def column_path_parts(nodes: Sequence[Node]) -> list[list[str]]:
    """The header path of every leaf column as its labels, in leaf order."""
    paths: list[list[str]] = []

    def walk(items: Sequence[Node], prefix: list[str]) -> None:
        for node in items:
            if isinstance(node, Group):
                walk(node.children, [*prefix, node.label])
            else:
                paths.append([*prefix, node.label])

    walk(nodes, [])
    return paths


def total_label(col: Col) -> bool:
    """An amount column printed as a total of its siblings (合计, 小计, 总计 …)."""
    text = col.label.replace(" ", "")
    return col.is_amount and any(w in text for w in ("合计", "小计", "总计"))


def _amount_node(node: Node) -> bool:
    if isinstance(node, Col):
        return node.is_amount  # a 增减率 column never sums
    return any(_amount_node(c) for c in node.children)


def column_equalities(spec: TableSpec | ListingSpec) -> list[tuple[int, tuple[int, ...]]]:
    """(total column, summed columns) for every 合计/小计/总计 column of a grid table's header
    tree, then the spec's extra equalities; none for a listing table."""
    if isinstance(spec, ListingSpec):
        return []
    index = {id(c): i for i, c in enumerate(spec.leaf_columns)}
    out: list[tuple[int, tuple[int, ...]]] = []

    def value(node: Node) -> tuple[int, ...]:
        if isinstance(node, Col):
            return (index[id(node)],)
        amounts = [c for c in node.children if _amount_node(c)]
        if amounts and isinstance(amounts[0], Col) and total_label(amounts[0]):
            return (index[id(amounts[0])],)
        return tuple(i for c in amounts for i in value(c))

    def walk(siblings: Sequence[Node]) -> None:
        amounts = [n for n in siblings if _amount_node(n)]
        if len(amounts) > 1 and isinstance(amounts[0], Col) and total_label(amounts[0]):
            out.append((index[id(amounts[0])], tuple(i for n in amounts[1:] for i in value(n))))
        for node in siblings:
            if isinstance(node, Group):
                walk(node.children)

    walk(spec.columns)
    extra = EXTRA_COLUMN_EQUALITIES.get(spec.key, ())
    if extra:
        paths = column_paths(spec.columns)
        for total, parts in extra:
            out.append((paths.index(total), tuple(paths.index(p) for p in parts)))
    return out


def row_children(rows: Sequence) -> dict[int, list[int]]:  # Sequence[Row]
    """Parent row index → child row indexes, from the row levels."""
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


def _listing_level(label: str, code: str = "") -> int:
    if code:  # coded items (经济分类 类 301, 款 30101): the level is the code's
        return 0 if len(code) <= 3 else 1
    if _TOP_ITEM.match(label):
        return 0
    if _SUB_ITEM.match(label):
        return 1
    return 2


def listing_equalities(spec: ListingSpec, rows: Sequence) -> list[tuple[int, int, list[int]]]:
    """(amount column, total row, part rows) for each block of a listing table: an item
    “一、…” (or a 类 code) sums its “（一）…” (款) items, the first footer the top items, the last
    footer the others; a row followed by `detail` rows sums them, and details count nowhere else;
    a `sum_of` row sums the rows it names. A block `continued` by the next one (one list printed in
    two columns) is footed across both only in its own column parts, never its footer."""
    out: list[tuple[int, int, list[int]]] = []
    body_rows = [i for i, r in enumerate(rows) if r.key[0] == "body"]
    foot_rows = [i for i, r in enumerate(rows) if r.key[0] == "footer"]
    blocks = spec.blocks
    for b, block in enumerate(blocks):
        label_col, amount_cols = spec.block_columns(b)
        item_of = {("body", p): it for p, it in enumerate(block.items)}
        item_of.update({("footer", p): it for p, it in enumerate(block.footer)})
        spec_item = {i: item_of.get(rows[i].key) for i in range(len(rows))}
        items = [(i, rows[i].values[label_col]) for i in body_rows]
        items = [(i, label) for i, label in items if label]
        found: list[tuple[int, list[int]]] = _detail_sums([i for i, _ in items], spec_item)
        found += _detail_sums([i for i in foot_rows if rows[i].values[label_col]], spec_item)
        items = [(i, label) for i, label in items if not _is_detail(spec_item[i])]
        levels = {i: _listing_level(label, _code(spec_item[i])) for i, label in items}
        for pos, (i, _label) in enumerate(items):
            kids = []
            for j, _ in items[pos + 1 :]:
                if levels[j] <= levels[i]:
                    break
                kids.append(j)
            if kids:
                top = min(levels[j] for j in kids)
                found.append((i, [j for j in kids if levels[j] == top]))
        split = block.continued or (b + 1 < len(blocks) and blocks[b + 1].continued)
        feet = [i for i in foot_rows if rows[i].values[label_col]]
        sums = [i for i in feet if _sum_of(spec_item[i])]
        feet = [i for i in feet if not _is_detail(spec_item[i]) and i not in sums]
        by_label = {rows[i].values[label_col]: i for i in foot_rows + body_rows}
        for i in sums:
            found.append((i, [by_label[label] for label in _sum_of(spec_item[i])]))
        if items and not split:
            top = min(levels.values())
            top_items = [i for i, _ in items if levels[i] == top]
            if feet:
                found.append((feet[0], top_items))
            if len(feet) > 2 and not sums:
                found.append((feet[-1], feet[:-1]))
        out.extend((c, total, parts) for total, parts in found for c in amount_cols)
    return out


def _is_detail(item) -> bool:  # noqa: ANN001 - an Item or None
    return item is not None and item.detail


def _sum_of(item) -> tuple[str, ...]:  # noqa: ANN001 - an Item or None
    return item.sum_of if item is not None else ()


def _code(item) -> str:  # noqa: ANN001 - an Item or None
    return item.code if item is not None else ""


def _detail_sums(ordered: list[int], spec_item: dict) -> list[tuple[int, list[int]]]:
    """(row, its detail rows) for every row followed by `detail` rows (其中 lines)."""
    details: dict[int, list[int]] = {}
    head = None
    for i in ordered:
        if not _is_detail(spec_item[i]):
            head = i
        elif head is not None:
            details.setdefault(head, []).append(i)
    return list(details.items())


def listing_column_equalities(spec: ListingSpec) -> list[tuple[int, tuple[int, ...]]]:
    """(total column, summed columns) of listing blocks with several amount columns whose first
    is a 合计 (财政拨款收支总表's 支出 side: 合计 = 一般公共预算 + 政府性基金 + 国有资本经营)."""
    out = []
    for b, block in enumerate(spec.blocks):
        _label, cols = spec.block_columns(b)
        first = block.amount_columns[0].label.replace(" ", "")
        if len(cols) > 1 and any(w in first for w in ("合计", "小计", "总计")):
            out.append((cols[0], tuple(cols[1:])))
    return out
