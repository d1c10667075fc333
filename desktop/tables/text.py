"""Plain-text rendering of printed grids (standard tables and forms), for the terminal.

A table prints its leaf column labels and aligned columns (amounts right-aligned, blank for zero);
a form prints one line per grid row, cells separated by “ │ ”, a merged cell once on its first
row. Both come from the same `PrintedGrid`. Widths are display columns (a Chinese character takes
two, by its East Asian width). A table wider than the line is printed in parts: each part repeats
the leading text columns (code, name) and carries as many amount columns as fit; long column
labels wrap over several header lines.
"""

from __future__ import annotations

import unicodedata

from desktop.money import DisplayUnit, format_amount
from desktop.records import Department
from desktop.tables.forms_core import FormResult, FormSpec
from desktop.tables.printed import AMOUNT, NUMBER_KINDS, FormGrid, PrintedGrid, TableGrid, lower
from desktop.tables.result import TableResult
from desktop.tables.spec import Rate

SEPARATOR = " │ "
GAP = "  "
LABEL_WRAP = 12  # display columns a wrapped column label may take (six Chinese characters)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def render_text(
    item: TableResult | FormResult | PrintedGrid,
    department: Department,
    unit: DisplayUnit = DisplayUnit.WAN_YUAN,
    width: int | None = None,
) -> str:
    """One table or form as text, with its title and the line naming the reporting unit.

    `width` limits a table's line length (None: one line per row however long).
    """
    grid = item if isinstance(item, PrintedGrid) else lower(item)
    if isinstance(grid, TableGrid):
        return _table_text(grid, department, unit, width)
    assert isinstance(grid, FormGrid)
    return _form_text(grid, department)


def _wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` display columns (a character is never split)."""
    lines, line = [], ""
    for ch in text:
        if line and display_width(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line] if line or not lines else lines


def _table_text(
    grid: TableGrid, department: Department, unit: DisplayUnit, width: int | None
) -> str:
    """Aligned columns under the leaf labels (amounts in `unit`, blanks for zero)."""
    money = [k == AMOUNT for k in grid.column_kinds]
    amount = [k in NUMBER_KINDS for k in grid.column_kinds]  # right-aligned
    body = [
        [
            format_amount(v, unit, blank_zero=True)
            if money[i]
            else v.text()
            if isinstance(v, Rate)
            else str(v)
            for i, v in enumerate(row.values)
        ]
        for row in grid.result.rows
    ]
    labels = [c.label for c in grid.leaf]
    head = [grid.title, f"单位：{department.code}_{department.name}    {grid.unit_text}"]

    def widths(cap: int | None) -> list[int]:
        out = []
        for i, label in enumerate(labels):
            cells = max((display_width(r[i]) for r in body), default=0)
            lab = display_width(label) if cap is None else min(display_width(label), cap)
            out.append(max(cells, lab, 2))
        return out

    full = widths(None)
    if width is None or sum(full) + len(GAP) * (len(labels) - 1) <= width:
        parts, w = [list(range(len(labels)))], full
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
    lines.extend(grid.printed_notes())
    return "\n".join(lines) + "\n"


def _form_text(grid: FormGrid, department: Department) -> str:
    """One line per row; a merged cell prints once, the columns it covers below print blank."""
    lines = [grid.title, f"填报单位：{department.name}    {grid.unit_label}"]
    for row in range(grid.rows):
        parts = []
        col = 0
        while col < grid.columns:
            cell = grid.covering(row, col)
            if cell is None:
                parts.append("")
                col += 1
                continue
            parts.append(cell.text.replace("\n", " ") if cell.row == row else "")
            col = cell.col + cell.colspan
        lines.append(SEPARATOR.join(parts).rstrip())
    return "\n".join(lines) + "\n"


def render_section_text(spec: FormSpec, forms: list[FormResult], department: Department) -> str:
    """All forms of one spec; an empty spec prints its title and note as the seeds do."""
    if not forms:
        return f"{spec.title}\n填报单位：{department.name}    {spec.unit_label}\n{spec.note}\n"
    return "\n".join(render_text(form, department) for form in forms)


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
