"""Plain-text rendering of a table result, for the terminal.

Widths are display columns (a Chinese character takes two, by its East Asian width). A table
wider than the line is printed in parts: each part repeats the leading text columns (code, name)
and carries as many amount columns as fit; long column labels wrap over several header lines.
"""

from __future__ import annotations

import unicodedata

from desktop.money import DisplayUnit, format_amount
from desktop.records import Department
from desktop.tables.result import TableResult

GAP = "  "
LABEL_WRAP = 12  # display columns a wrapped column label may take (six Chinese characters)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def _wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` display columns (a character is never split)."""
    lines, line = [], ""
    for ch in text:
        if line and display_width(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line] if line or not lines else lines


def render_text(
    result: TableResult,
    department: Department,
    unit: DisplayUnit = DisplayUnit.WAN_YUAN,
    width: int | None = None,
) -> str:
    """The table as aligned text (amounts in 万元, blanks for zero), with title and unit line.

    `width` limits the line length (None: one line per row however long).
    """
    cols = result.spec.leaf_columns
    amount = [c.select is not None for c in cols]
    body = [
        [
            str(value) if col.select is None else format_amount(value, unit, blank_zero=True)
            for col, value in zip(cols, row.values, strict=True)
        ]
        for row in result.rows
    ]
    labels = [c.label for c in cols]
    head = [
        result.title,
        f"单位：{department.code}_{department.name}    {result.spec.unit_label}",
    ]

    def widths(cap: int | None) -> list[int]:
        out = []
        for i, label in enumerate(labels):
            cells = max((display_width(r[i]) for r in body), default=0)
            lab = display_width(label) if cap is None else min(display_width(label), cap)
            out.append(max(cells, lab, 2))
        return out

    full = widths(None)
    if width is None or sum(full) + len(GAP) * (len(cols) - 1) <= width:
        parts, w = [list(range(len(cols)))], full
    else:
        w = widths(LABEL_WRAP)
        parts = _split(w, amount, width)
    lines = list(head)
    for k, part in enumerate(parts):
        if len(parts) > 1:
            lines.append(
                f"（第 {k + 1}/{len(parts)} 部分）" if k else f"（分 {len(parts)} 部分显示）"
            )
        wrapped = [_wrap(labels[i], w[i]) for i in part]
        for line_no in range(max(len(x) for x in wrapped)):
            cells = [
                _pad(x[line_no] if line_no < len(x) else "", w[i], amount[i])
                for i, x in zip(part, wrapped, strict=True)
            ]
            lines.append(GAP.join(cells).rstrip())
        lines.append(
            "-" * min(sum(w[i] for i in part) + len(GAP) * (len(part) - 1), width or 10**6)
        )
        for cells in body:
            lines.append(GAP.join(_pad(cells[i], w[i], amount[i]) for i in part).rstrip())
        if k + 1 < len(parts):
            lines.append("")
    if result.empty and result.spec.note:
        lines.append(result.spec.note)
    return "\n".join(lines) + "\n"


def _split(w: list[int], amount: list[bool], width: int) -> list[list[int]]:
    """Column indexes per part: the leading text columns in each, then amounts as they fit."""
    keys = []
    for i, is_amount in enumerate(amount):
        if is_amount:
            break
        keys.append(i)
    rest = [i for i in range(len(w)) if i not in keys]
    base = sum(w[i] for i in keys) + len(GAP) * len(keys)
    parts: list[list[int]] = []
    current: list[int] = []
    used = base
    for i in rest:
        need = w[i] + len(GAP)
        if current and used + need - len(GAP) > width:
            parts.append(keys + current)
            current, used = [], base
        current.append(i)
        used += need
    if current or not parts:
        parts.append(keys + current)
    return parts
