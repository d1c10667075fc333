"""Plain-text rendering of a table result, for the terminal."""

from __future__ import annotations

import unicodedata

from desktop.money import DisplayUnit, format_amount
from desktop.records import Department
from desktop.tables.result import TableResult


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def render_text(result: TableResult, department: Department, unit=DisplayUnit.WAN_YUAN) -> str:
    """The table as aligned text (amounts in 万元, blanks for zero), with title and unit line."""
    cols = result.spec.leaf_columns
    body = []
    for row in result.rows:
        cells = []
        for col, value in zip(cols, row.values, strict=True):
            if col.select is None:
                cells.append(str(value))
            else:
                cells.append(format_amount(value, unit, blank_zero=True))
        body.append(cells)
    labels = [c.label for c in cols]
    widths = [max(_width(x) for x in [labels[i]] + [r[i] for r in body]) for i in range(len(cols))]
    amount = [c.select is not None for c in cols]
    lines = [
        result.title,
        f"单位：{department.code}_{department.name}    {result.spec.unit_label}",
        "  ".join(_pad(labels[i], widths[i], amount[i]) for i in range(len(cols))),
    ]
    for cells in body:
        lines.append("  ".join(_pad(cells[i], widths[i], amount[i]) for i in range(len(cols))))
    if result.empty and result.spec.note:
        lines.append(result.spec.note)
    return "\n".join(lines) + "\n"
