"""How people name a standard-table cell: the row label beside the amount, without layout spaces."""

from __future__ import annotations

import re

from desktop.tables.result import TableResult

# Spaces between two CJK characters only spread a heading across the printed cell
# ("收    入    总    计"); spaces next to Latin letters or digits are kept.
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
_LAYOUT_SPACES = re.compile(rf"(?<={_CJK})[\s\u3000]+(?={_CJK})")


def plain_name(text: str) -> str:
    """`text` without the spaces that only lay it out: "收    入    总    计" → "收入总计"."""
    return _LAYOUT_SPACES.sub("", text.strip())


def row_label(result: TableResult, row: int, column: int) -> str:
    """The label of the row that amount `column` belongs to.

    Side-by-side tables (表1 收支总表: income | function | economic class) carry one label
    column per amount column, so the label is the nearest text cell to the left, not the
    row's first name.
    """
    values = result.rows[row].values
    for c in range(min(column, len(values) - 1), -1, -1):
        if isinstance(values[c], str) and values[c].strip():
            return plain_name(values[c])
    return plain_name(result.rows[row].name)
