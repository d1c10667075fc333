"""Printed form of a computed table: display strings per cell and rounding-tail detection.

The PDF and the workbook both print amounts rounded to 万元 with two decimals; totals are summed
from exact 分 and rounded afterwards, so a printed total can differ from the sum of its printed
parts (尾差). `has_rounding_tail` finds where that happens so the table can say so.
"""

from __future__ import annotations

from decimal import Decimal

from desktop.money import DisplayUnit, rounded
from desktop.tables.footing import (
    column_equalities,
    listing_column_equalities,
    listing_equalities,
    row_children,
)
from desktop.tables.printed import cell_text, shows_zero
from desktop.tables.result import TableResult
from desktop.tables.spec import ListingSpec

__all__ = [
    "ROUNDING_NOTE",
    "cell_text",
    "column_decompositions",
    "has_rounding_tail",
    "row_decompositions",
    "shows_zero",
]

ROUNDING_NOTE = "注：本表金额按万元保留两位小数，部分合计与分项之和存在尾差。"


def printed_decimal(value: int | None) -> Decimal:
    """What a printed amount cell shows, as a number (blank counts as 0)."""
    return rounded(value or 0, DisplayUnit.WAN_YUAN, 2)


def row_decompositions(result: TableResult) -> list[tuple[int, list[int]]]:
    """(total row, part rows) pairs of a grid table: the domain's row tree (tables/footing.py)."""
    if isinstance(result.spec, ListingSpec):
        return []
    return sorted(row_children(result.rows).items())


def column_decompositions(result: TableResult) -> list[tuple[int, list[int]]]:
    """(total column, part columns) pairs: the domain's column equalities (tables/footing.py)."""
    return [(total, list(parts)) for total, parts in column_equalities(result.spec)]


def has_rounding_tail(result: TableResult) -> bool:
    """True when some printed total differs from the sum of its printed parts.

    The decompositions are the domain's footing structure; only those that hold exactly in 分 are
    compared, so a header that merely looks like a total never raises a false alarm.
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
        for col, total, parts in listing_equalities(result.spec, rows):
            if differs((total, col), [(p, col) for p in parts]):
                return True
        for total_col, part_cols in listing_column_equalities(result.spec):
            for r in range(len(rows)):
                if differs((r, total_col), [(r, p) for p in part_cols]):
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
