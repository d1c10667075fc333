"""The performance forms (绩效目标表) in the workbook: one sheet per form spec, forms stacked.

Each form is laid out as printed: title, 填报单位 and 金额单位 line, the form's printed grid written
by the grid writer shared with the tables (`workbook_grid.py`; wrapped text, row heights estimated
from the text here), a signature line, and a page break before the next form.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from desktop.export.profile import Profile
from desktop.export.workbook_grid import SheetStyles, print_setup, write_grid, write_heading
from desktop.records import Department
from desktop.tables.forms_core import FormResult, FormSpec
from desktop.tables.printed import FormGrid

Section = tuple[FormSpec, Sequence[FormResult]]
# Total width of a form in Excel's character units: about one A4 page at the profile's font.
PAGE_CHARS = {"portrait": 104, "landscape": 150}
LINE_HEIGHT = 13.5  # points per wrapped line at 10 pt
_MAX_SHEET_NAME = 31
SIGNATURE = (
    "单位负责人签字：            填表人：            联系电话：            填报日期：    年  月  日"
)


def sheet_name(spec: FormSpec, taken: set[str]) -> str:
    """“22项目支出绩效目标表” for numbered specs, else the title; unique and at most 31 chars."""
    base = f"{spec.number}{spec.title}" if spec.number is not None else spec.title
    base = base[:_MAX_SHEET_NAME]
    name, n = base, 2
    while name in taken:
        suffix = f"({n})"
        name = base[: _MAX_SHEET_NAME - len(suffix)] + suffix
        n += 1
    return name


def write_form_sheets(
    wb,  # noqa: ANN001 - a write-only openpyxl Workbook
    sections: Sequence[Section],
    department: Department,
    profile: Profile,
    draft: bool,
    taken: set[str],
) -> list[str]:
    """Append one sheet per form spec to `wb`; returns the sheet names written."""
    st = SheetStyles(profile)
    written = []
    for spec, forms in sections:
        name = sheet_name(spec, taken)
        taken.add(name)
        ws = wb.create_sheet(name)
        _write_sheet(ws, spec, list(forms), department, draft, st)
        written.append(name)
    return written


def _write_sheet(ws, spec: FormSpec, forms: list[FormResult], department, draft, st) -> None:  # noqa: ANN001
    columns = forms[0].columns if forms else 4
    widths = forms[0].col_widths if forms else (0.25,) * 4
    chars = [max(6.0, w * PAGE_CHARS.get(spec.orientation, 104)) for w in widths]
    for i, width in enumerate(chars, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(width, 1)
    print_setup(ws, spec.orientation, draft, centered=True)
    row = 1
    reporter = f"填报单位：{department.name}"
    if not forms:
        write_heading(ws, row, spec.title, reporter, spec.unit_label, columns, st, True)
        note = WriteOnlyCell(ws, spec.note)
        note.font = st.plain
        ws.append([note])
        return
    for n, form in enumerate(forms):
        if n:
            ws.row_breaks.append(Break(id=row - 1))
        grid = FormGrid(form)
        row = write_heading(ws, row, grid.title, reporter, grid.unit_label, columns, st, True)
        row = write_grid(ws, grid, row, st, wrap=True, heights=_row_heights(grid, chars))
        ws.append([])
        signature = WriteOnlyCell(ws, SIGNATURE)
        signature.font = st.plain
        ws.append([signature])
        ws.append([])
        row += 3


def _text_width(text: str) -> float:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def _row_heights(grid: FormGrid, chars: list[float]) -> list[float]:
    """Excel does not grow rows for wrapped text in merged cells: estimate the lines needed."""
    heights = [LINE_HEIGHT + 4] * grid.rows
    for cell in sorted(grid.cells(), key=lambda c: c.rowspan):
        width = max(2.0, sum(chars[cell.col : cell.col + cell.colspan]) - 1.5)
        lines = sum(max(1, math.ceil(_text_width(p) / width)) for p in cell.text.split("\n"))
        need = lines * LINE_HEIGHT + 4
        last = cell.row + cell.rowspan - 1
        have = sum(heights[cell.row : last + 1])
        if need > have:
            heights[last] += need - have
    return [min(409.0, h) for h in heights]  # Excel's largest row height
