"""The performance forms (绩效目标表) in the workbook: one sheet per form spec, forms stacked.

Each form is laid out as printed: title, 填报单位 and 金额单位 line, the grid with its merged cells
(wrapped text, row heights estimated from the text), a signature line, and a page break before the
next form. Money figures are numbers (万元, two decimals, #,##0.00) rounded from exact 分.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from desktop.export.profile import Profile
from desktop.money import DisplayUnit, rounded
from desktop.records import Department
from desktop.tables.forms_core import HEADER, FormCell, FormResult, FormSpec, amount_text

Section = tuple[FormSpec, Sequence[FormResult]]
AMOUNT_FORMAT = "#,##0.00"
FORMULA_STARTS = ("=", "+", "-", "@")
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


class _Look:
    """Fonts, borders and alignments of the form sheets, from the profile's header style."""

    def __init__(self, profile: Profile) -> None:
        name = profile.style("font_name", "宋体")
        size = profile.style("font_size", 10)
        thin = Side(style="thin")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.title = Font(name=name, size=profile.style("title_size", 16), bold=True)
        self.plain = Font(name=name, size=size)
        self.bold = Font(name=name, size=size, bold=bool(profile.style("bold", True)))
        self.fill = PatternFill("solid", fgColor=profile.style("fill", "D9D9D9"))
        self.align = {
            a: Alignment(horizontal=a, vertical="center", wrap_text=True)
            for a in ("left", "center", "right")
        }
        self._arrays: dict[tuple, StyleArray] = {}

    def array(self, ws, header: bool, align: str, number: bool) -> StyleArray:  # noqa: ANN001
        """A resolved cell style, shared by every cell that looks the same (assigning font,
        border… objects per cell re-hashes them each time)."""
        key = (header, align, number)
        if key not in self._arrays:
            probe = WriteOnlyCell(ws)
            probe.font = self.bold if header else self.plain
            probe.border = self.border
            probe.alignment = self.align.get(align, self.align["left"])
            if header:
                probe.fill = self.fill
            if number:
                probe.number_format = AMOUNT_FORMAT
            self._arrays[key] = probe._style  # noqa: SLF001
        return self._arrays[key]


def write_form_sheets(
    wb,  # noqa: ANN001 - a write-only openpyxl Workbook
    sections: Sequence[Section],
    department: Department,
    profile: Profile,
    draft: bool,
    taken: set[str],
) -> list[str]:
    """Append one sheet per form spec to `wb`; returns the sheet names written."""
    look = _Look(profile)
    written = []
    for spec, forms in sections:
        name = sheet_name(spec, taken)
        taken.add(name)
        ws = wb.create_sheet(name)
        _write_sheet(ws, spec, list(forms), department, draft, look)
        written.append(name)
    return written


def _write_sheet(ws, spec: FormSpec, forms: list[FormResult], department, draft, look) -> None:  # noqa: ANN001
    columns = forms[0].columns if forms else 4
    widths = forms[0].col_widths if forms else (0.25,) * 4
    chars = [max(6.0, w * PAGE_CHARS.get(spec.orientation, 104)) for w in widths]
    for i, width in enumerate(chars, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(width, 1)
    _print_setup(ws, spec.orientation, draft)
    row = 1
    if not forms:
        row = _heading(ws, spec.title, spec, department, columns, row, look)
        note = WriteOnlyCell(ws, spec.note)
        note.font = look.plain
        ws.append([note])
        return
    for n, form in enumerate(forms):
        if n:
            ws.row_breaks.append(Break(id=row - 1))
        row = _heading(ws, form.title, spec, department, columns, row, look)
        row = _grid(ws, form, chars, row, look)
        ws.append([])
        signature = WriteOnlyCell(ws, SIGNATURE)
        signature.font = look.plain
        ws.append([signature])
        ws.append([])
        row += 3


def _merge(ws, cells: CellRange) -> None:  # noqa: ANN001
    """Record a merged range. The forms never overlap their merges, so the containment test of
    `MultiCellRange.add` (quadratic in the merges of a sheet: seconds for 300 forms) is skipped."""
    ws.merged_cells.ranges.add(cells)


def _print_setup(ws, orientation: str, draft: bool) -> None:  # noqa: ANN001
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    if draft:
        ws.oddHeader.center.text = "草稿"
        ws.oddHeader.center.size = 20


def _heading(ws, title, spec, department, columns, row, look) -> int:  # noqa: ANN001
    """Title row and 填报单位 / 金额单位 row; returns the next row number."""
    cell = WriteOnlyCell(ws, title)
    cell.font, cell.alignment = look.title, look.align["center"]
    ws.row_dimensions[row].height = 26
    ws.append([cell])
    _merge(ws, CellRange(min_col=1, min_row=row, max_col=columns, max_row=row))
    unit = WriteOnlyCell(ws, f"填报单位：{department.name}")
    unit.font = look.plain
    label = WriteOnlyCell(ws, spec.unit_label)
    label.font, label.alignment = look.plain, Alignment(horizontal="right", vertical="center")
    split = max(1, columns - 2)
    ws.append([unit] + [None] * (split - 1) + [label])
    _merge(ws, CellRange(min_col=1, min_row=row + 1, max_col=split, max_row=row + 1))
    if columns - split > 1:
        _merge(ws, CellRange(min_col=split + 1, min_row=row + 1, max_col=columns, max_row=row + 1))
    return row + 2


def _grid(ws, form: FormResult, chars: list[float], first: int, look) -> int:  # noqa: ANN001
    """The form's cells from sheet row `first`; returns the next free row number."""
    starts: dict[tuple[int, int], FormCell] = {(c.row, c.col): c for c in form.cells}
    heights = _row_heights(form, chars)
    for r in range(form.rows):
        ws.row_dimensions[first + r].height = heights[r]
        line = []
        for col in range(form.columns):
            cell = starts.get((r, col))
            line.append(_cell(ws, cell, look) if cell else _blank(ws, look))
        ws.append(line)
    for c in form.cells:
        if c.rowspan > 1 or c.colspan > 1:
            _merge(
                ws,
                CellRange(
                    min_col=c.col + 1,
                    min_row=first + c.row,
                    max_col=c.col + c.colspan,
                    max_row=first + c.row + c.rowspan - 1,
                ),
            )
    return first + form.rows


def _cell(ws, cell: FormCell, look) -> WriteOnlyCell:  # noqa: ANN001
    number = cell.amount is not None and cell.text == amount_text(cell.amount)
    if number:
        out = WriteOnlyCell(ws, rounded(cell.amount, DisplayUnit.WAN_YUAN, 2))
    else:
        out = WriteOnlyCell(ws, cell.text or None)
        if cell.text.startswith(FORMULA_STARTS):
            out.data_type = "s"  # user text, never a formula
    out._style = look.array(ws, cell.role == HEADER, cell.align, number)  # noqa: SLF001
    return out


def _blank(ws, look) -> WriteOnlyCell:  # noqa: ANN001
    """A cell covered by a merge: bordered so the merged area prints its frame."""
    out = WriteOnlyCell(ws, None)
    out._style = look.array(ws, False, "left", False)  # noqa: SLF001
    return out


def _text_width(text: str) -> float:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def _row_heights(form: FormResult, chars: list[float]) -> list[float]:
    """Excel does not grow rows for wrapped text in merged cells: estimate the lines needed."""
    heights = [LINE_HEIGHT + 4] * form.rows
    for cell in sorted(form.cells, key=lambda c: c.rowspan):
        width = max(2.0, sum(chars[cell.col : cell.col + cell.colspan]) - 1.5)
        lines = sum(max(1, math.ceil(_text_width(p) / width)) for p in cell.text.split("\n"))
        need = lines * LINE_HEIGHT + 4
        last = cell.row + cell.rowspan - 1
        have = sum(heights[cell.row : last + 1])
        if need > have:
            heights[last] += need - have
    return [min(409.0, h) for h in heights]  # Excel's largest row height
