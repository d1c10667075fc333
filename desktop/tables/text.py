"""Plain-text rendering of printed grids (standard tables and forms), for the terminal.

A table prints its leaf column labels and aligned columns (amounts right-aligned, blank for zero);
a form prints one line per grid row, cells separated by “ │ ”, a merged cell once on its first
row. Both come from the same `PrintedGrid`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from desktop.money import DisplayUnit, format_amount
from desktop.records import Department
from desktop.tables.forms_core import FormResult, FormSpec
from desktop.tables.printed import AMOUNT, FormGrid, PrintedGrid, TableGrid, lower
from desktop.tables.result import TableResult

SEPARATOR = " │ "


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def render_text(
    item: TableResult | FormResult | PrintedGrid,
    department: Department,
    unit: DisplayUnit = DisplayUnit.WAN_YUAN,
) -> str:
    """One table or form as text, with its title and the line naming the reporting unit."""
    grid = item if isinstance(item, PrintedGrid) else lower(item)
    if isinstance(grid, TableGrid):
        return _table_text(grid, department, unit)
    assert isinstance(grid, FormGrid)
    return _form_text(grid, department)


def _table_text(grid: TableGrid, department: Department, unit: DisplayUnit) -> str:
    """Aligned columns under the leaf labels (amounts in `unit`, blanks for zero)."""
    amount = [k == AMOUNT for k in grid.column_kinds]
    body = []
    for row in grid.result.rows:
        body.append(
            [
                format_amount(v, unit, blank_zero=True) if amount[i] else str(v)
                for i, v in enumerate(row.values)
            ]
        )
    labels = [c.label for c in grid.leaf]
    widths = [
        max(_width(x) for x in [labels[i]] + [r[i] for r in body]) for i in range(len(labels))
    ]
    lines = [
        grid.title,
        f"单位：{department.code}_{department.name}    {grid.unit_label}",
        _line(labels, widths, amount),
    ]
    lines += [_line(cells, widths, amount) for cells in body]
    if grid.empty and grid.note:
        lines.append(grid.note)
    return "\n".join(lines) + "\n"


def _line(cells: Sequence[str], widths: list[int], right: list[bool]) -> str:
    return "  ".join(_pad(cells[i], widths[i], right[i]) for i in range(len(cells)))


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
