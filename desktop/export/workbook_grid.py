"""One writer of printed grids into a streamed workbook sheet, for tables and forms alike.

A `PrintedGrid` (tables/printed.py) is written row by row from a given sheet row: each cell
styled by its role and alignment from the profile, money as numbers in 万元 (two decimals,
#,##0.00) rounded from exact 分, text as text (never a formula), merges recorded, and the cells a
merge covers bordered so the merged area prints its frame. The title and the 单位 line above a
grid are written here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.properties import PageSetupProperties

from desktop.export.profile import Profile
from desktop.export.sheetml import NumberText, grid_number, plain_texts, styled_rows
from desktop.money import DisplayUnit, format_amount, rounded
from desktop.tables.forms_core import amount_text
from desktop.tables.printed import (
    AMOUNT,
    HEADER,
    LABEL,
    NAME,
    NUMBER_KINDS,
    RATE,
    VALUE,
    PrintedGrid,
    TableCellRef,
    TableGrid,
    shows_zero,
)
from desktop.tables.spec import Rate

AMOUNT_FORMAT = "#,##0.00"
Look = tuple[str, str, bool]  # a grid cell's (role, align, is a figure)
FORMULA_STARTS = ("=", "+", "-", "@")


class SheetStyles:
    """The profile's fonts, fills and borders, each cell look resolved once to a style array
    that cells copy (assigning font, border… objects per cell re-hashes them every time, which
    dominated the export time of a large department)."""

    def __init__(self, profile: Profile) -> None:
        name = profile.style("font_name", "宋体")
        size = profile.style("font_size", 10)
        thin = Side(style="thin")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.title = Font(name=name, size=profile.style("title_size", 16), bold=True)
        self.plain = Font(name=name, size=size)
        self.head = Font(name=name, size=size, bold=bool(profile.style("bold", True)))
        self.fill = PatternFill("solid", fgColor=profile.style("fill", "D9D9D9"))
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.right = Alignment(horizontal="right", vertical="center")
        self._aligns: dict[tuple[str, bool], Alignment] = {}
        # a grid look's (header, align, wrap, number …) tuple, or a named look's name
        self._arrays: dict[tuple | str, StyleArray] = {}

    def alignment(self, horizontal: str, wrap: bool) -> Alignment:
        key = (horizontal, wrap)
        if key not in self._aligns:
            self._aligns[key] = Alignment(
                horizontal=horizontal, vertical="center", wrap_text=True if wrap else None
            )
        return self._aligns[key]

    def grid_array(self, ws, header: bool, align: str, number: bool, wrap: bool) -> StyleArray:  # noqa: ANN001
        """The look of a grid cell: a header (bold on the fill) or a bordered plain cell."""
        key = (header, align, number, wrap)
        array = self._arrays.get(key)
        if array is None:
            probe = WriteOnlyCell(ws)
            probe.font = self.head if header else self.plain
            probe.border = self.border
            probe.alignment = self.alignment(align, wrap)
            if header:
                probe.fill = self.fill
            if number:
                probe.number_format = AMOUNT_FORMAT
            array = self._arrays[key] = probe._style  # noqa: SLF001
        return array

    def array(self, ws, name: str) -> StyleArray:  # noqa: ANN001
        """Named looks outside the grids: head (a header cell), flat_amount (a flat sheet's 元),
        note (a table's note under the grid)."""
        if name == "head":
            return self.grid_array(ws, True, "center", False, True)
        if name not in self._arrays:
            probe = WriteOnlyCell(ws)
            if name == "note":
                probe.font = self.plain
            else:
                probe.number_format = AMOUNT_FORMAT
            self._arrays[name] = probe._style  # noqa: SLF001
        return self._arrays[name]

    def cell(self, ws, value, name: str) -> WriteOnlyCell:  # noqa: ANN001 - openpyxl objects
        """A cell with the named look (head or flat_amount)."""
        cell = WriteOnlyCell(ws, value)
        cell._style = self.array(ws, name)  # noqa: SLF001 - shared: streamed cells never restyle
        return cell

    def style_id(self, ws, name: str) -> int:  # noqa: ANN001 - openpyxl sheet
        """The workbook's index of the named look (the s attribute of a cell)."""
        return self.cell(ws, None, name).style_id


def text_cell(ws, value: str) -> WriteOnlyCell:  # noqa: ANN001 - openpyxl sheet
    """A cell holding user text as text, never as a formula (=, +, -, @ at the start)."""
    cell = WriteOnlyCell(ws, value)
    if value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    return cell


def merge(ws, first_row: int, first_col: int, rows: int, cols: int) -> None:  # noqa: ANN001
    """Record a merged range (1-based sheet row and column). The grids never overlap their
    merges, so the containment test of `MultiCellRange.add` (quadratic in the merges of a
    sheet: seconds for 300 forms) is skipped."""
    ws.merged_cells.ranges.add(
        CellRange(
            min_col=first_col,
            min_row=first_row,
            max_col=first_col + cols - 1,
            max_row=first_row + rows - 1,
        )
    )


def write_heading(
    ws,  # noqa: ANN001 - a write-only openpyxl sheet
    row: int,
    title: str,
    reporter: str,
    unit_label: str,
    columns: int,
    st: SheetStyles,
    merge_reporter: bool,
) -> int:
    """Title row (merged over the grid's width) and the 单位 line under it; returns the next
    row. `merge_reporter` merges the reporting unit over all but the last two columns and the
    amount unit over those (the forms); otherwise each is one cell at either end (the tables)."""
    cell = WriteOnlyCell(ws, title)
    cell.font, cell.alignment = st.title, st.center
    if merge_reporter:
        ws.row_dimensions[row].height = 26
    ws.append([cell])
    merge(ws, row, 1, 1, columns)
    left = WriteOnlyCell(ws, reporter)
    left.font = st.plain
    right = WriteOnlyCell(ws, unit_label)
    right.font, right.alignment = st.plain, st.right
    split = max(1, columns - 2) if merge_reporter else max(1, columns - 1)
    ws.append([left] + [None] * (split - 1) + [right])
    if merge_reporter:
        merge(ws, row + 1, 1, 1, split)
        if columns - split > 1:
            merge(ws, row + 1, split + 1, 1, columns - split)
    return row + 2


def print_setup(
    ws,  # noqa: ANN001 - openpyxl sheet
    orientation: str,
    draft: bool,
    title_rows: tuple[int, int] | None = None,
    centered: bool = False,
) -> None:
    """A4 in the grid's orientation, fitted to the page width, 第 X 页 共 Y 页 in the footer;
    `title_rows` (first, last) repeat on every page; a draft says so in the page header."""
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if centered:
        ws.print_options.horizontalCentered = True
    if title_rows and title_rows[1] >= title_rows[0]:
        ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    if draft:
        ws.oddHeader.center.text = "草稿"
        ws.oddHeader.center.size = 20


def write_grid(
    ws,  # noqa: ANN001 - a write-only openpyxl sheet
    grid: PrintedGrid,
    first: int,
    st: SheetStyles,
    wrap: bool,
    heights: Sequence[float] = (),
    skip_header: bool = False,
    spliced: list[str] | None = None,
) -> int:
    """Append the grid's rows from sheet row `first`; returns the next free sheet row.

    `wrap` wraps every cell's text (forms, whose row heights are estimated); otherwise only
    centred cells wrap. `skip_header` leaves out a table's header rows (written otherwise).
    With `spliced` (a table: no row heights) the body rows are rendered as SheetML text into
    that list instead, for `sheetml.splice_text`: the same cells, without openpyxl's ~6 µs each,
    and (a standard table) straight from its result rows (`_table_body`), without a
    `PrintedCell` each.
    """
    start = grid.header_rows if skip_header else 0
    body_direct = spliced is not None and isinstance(grid, TableGrid)
    covered: set[tuple[int, int]] = set()
    looks: dict[tuple[str, str, bool], StyleArray] = {}
    wan = DisplayUnit.WAN_YUAN
    # 增减率 columns print their percentage as text ("12.34%", "—"): never a figure to read back
    rates = {i for i, kind in enumerate(getattr(grid, "column_kinds", ())) if kind == RATE}
    line: list = []
    current = start
    out = _Rows(ws, grid, first - start, st, wrap, heights, spliced)
    for cell in grid.cells():
        row, col, text, rowspan, colspan, role, amount, align, ref = cell
        if row < start:
            continue
        if body_direct and row >= grid.header_rows:
            break  # the header is complete: the body follows from the result rows
        while current < row:
            current = out.flush(line, current, covered)
            line = []
        while len(line) < col:
            line.append(None)
        # A table's amount always holds its figure (and keeps the number format where it prints
        # blank); a form's only where it prints just the figure (not “其中：…”).
        table_amount = role == VALUE and type(ref) is TableCellRef and col not in rates
        if table_amount and text:  # printed as the figure rounded to 万元: read it back exactly
            value: object = Decimal(text.replace(",", ""))
            number = True
        elif amount is not None and text and text == amount_text(amount):
            value = rounded(amount, wan, 2)
            number = True
        else:
            value = text or None
            number = table_amount
        key = (role, align, number)
        look = looks.get(key)
        if look is None:
            look = looks[key] = st.grid_array(
                ws, role == HEADER, align, number, wrap or align == "center"
            )
        line.append((value, look))
        if rowspan > 1 or colspan > 1:
            merge(ws, first - start + row, col + 1, rowspan, colspan)
            covered.update(
                (r, c) for r in range(row, row + rowspan) for c in range(col, col + colspan)
            )
    if body_direct:
        while current < grid.header_rows:
            current = out.flush(line, current, covered)
            line = []
        assert spliced is not None and isinstance(grid, TableGrid)
        spliced += _table_body(ws, grid, first - start, st, wrap, out)
        return first + grid.rows - start
    while current < grid.rows:
        current = out.flush(line, current, covered)
        line = []
    return first + grid.rows - start


def _table_body(ws, grid: TableGrid, offset: int, st: SheetStyles, wrap: bool, out) -> list[str]:  # noqa: ANN001
    """The body rows of a standard table as SheetML text (sheet row = `offset` + grid row):
    the values and looks `write_grid` gives the cells `TableGrid.cells` yields for them, read
    from the result rows directly (a large department's tables print ~150,000 body cells).
    Looks are added to the workbook on first use, in cell order, as `write_grid` adds them, so
    the style indices are the same."""
    result = grid.result
    rates = RATE in grid.column_kinds
    wan = DisplayUnit.WAN_YUAN
    ids: dict[Look, int] = {}

    def style(key: Look) -> int:
        found = ids.get(key)
        if found is None:
            role, align, number = key
            look = st.grid_array(ws, role == HEADER, align, number, wrap or align == "center")
            found = ids[key] = out.style_id(look)
        return found

    # Per column: is it an amount, and the look of a figure, of a label, of an 增减率 there;
    # the workbook's style index of each look (-1 until first used).
    amounts: list[bool] = []
    keys: list[tuple[Look, Look, Look]] = []
    for kind in grid.column_kinds:
        align = "right" if kind in NUMBER_KINDS else "left" if kind == NAME else "center"
        amount = kind == AMOUNT
        amounts.append(amount)
        keys.append(((VALUE, align, True), (LABEL, align, False), (VALUE, align, amount)))
    figures, labels, rated = ([-1] * len(keys) for _ in range(3))
    render = out.render
    letters = [get_column_letter(c) for c in range(1, grid.columns + 1)]
    rows = []
    first = grid.header_rows
    empty = result.empty
    for r, row in enumerate(result.rows):
        if not rates and plain_texts([v for v in row.values if v.__class__ is str]):
            rows.append(
                _plain_row(
                    row.values,
                    str(offset + first + r),
                    r,
                    letters,
                    amounts,
                    keys,
                    figures,
                    labels,
                    style,
                    result,
                )
            )
            continue
        cells: list[tuple[object, int]] = []
        append = cells.append
        for col, value in enumerate(row.values):
            if rates and isinstance(value, Rate):  # 增减率: a percentage printed as text
                look = rated[col]
                if look < 0:
                    look = rated[col] = style(keys[col][2])
                append((value.text() or None, look))
                continue
            if not amounts[col]:
                look = labels[col]
                if look < 0:
                    look = labels[col] = style(keys[col][1])
                append((value or None, look))
                continue
            look = figures[col]
            if look < 0:
                look = figures[col] = style(keys[col][0])
            if value:
                if value.__class__ is int:
                    append((wan_number(value), look))
                else:
                    append((Decimal(format_amount(value, wan).replace(",", "")), look))
            elif value == 0 and empty and shows_zero(result, r, col):
                append((Decimal("0.00"), look))
            else:
                append((None, look))
        rows.append(render(offset + first + r, cells))
    return rows


def _plain_row(
    values, n: str, r: int, letters, amounts, keys, figures, labels, style, result
) -> str:  # noqa: ANN001, PLR0913
    """One body row of a table without 增减率 whose texts need no care, written straight into
    SheetML: the cells `sheetml.styled_row` writes for the values `_table_body` gives them."""
    parts: list[str] = []
    append = parts.append
    for col, value in enumerate(values):
        letter = letters[col]
        if not amounts[col]:
            look = labels[col]
            if look < 0:
                look = labels[col] = style(keys[col][1])
            if not value:
                append(f'<c r="{letter}{n}" s="{look}" t="n"></c>')
            elif value.__class__ is str:
                append(f'<c r="{letter}{n}" s="{look}" t="inlineStr"><is><t>{value}</t></is></c>')
            else:
                append(f'<c r="{letter}{n}" s="{look}" t="n"><v>{grid_number(value)}</v></c>')
            continue
        look = figures[col]
        if look < 0:
            look = figures[col] = style(keys[col][0])
        if value:
            text = (
                wan_number(value)
                if value.__class__ is int
                else grid_number(
                    Decimal(format_amount(value, DisplayUnit.WAN_YUAN).replace(",", ""))
                )
            )
            append(f'<c r="{letter}{n}" s="{look}" t="n"><v>{text}</v></c>')
        elif value == 0 and result.empty and shows_zero(result, r, col):
            append(f'<c r="{letter}{n}" s="{look}" t="n"><v>0</v></c>')
        else:
            append(f'<c r="{letter}{n}" s="{look}" t="n"></c>')
    return f'<row r="{n}">{"".join(parts)}</row>'


def wan_number(fen: int) -> NumberText:
    """The <v> text openpyxl writes for the printed 万元 figure of `fen` (two decimals, rounded
    half away from zero as `money.wan_text` prints it): "%.16g" of that figure as a float, which
    is hundredths / 100 (both are the double nearest to the same fraction), with a negative
    figure's sign kept where it rounds to zero (-0)."""
    hundredths, rest = divmod(-fen if fen < 0 else fen, 10_000)  # 0.01 万元 = 10,000 分
    if rest >= 5_000:
        hundredths += 1
    value = hundredths / 100
    return NumberText("%.16g" % (-value if fen < 0 else value))  # noqa: UP031


class _Rows:
    """Where a grid's finished rows go: openpyxl cells, or SheetML text for a table's body."""

    def __init__(self, ws, grid, offset, st, wrap, heights, spliced) -> None:  # noqa: ANN001
        self.ws, self.grid, self.offset, self.st = ws, grid, offset, st
        self.wrap, self.heights, self.spliced = wrap, heights, spliced
        self.render = styled_rows(ws.title, grid_titles(grid)) if spliced is not None else None
        self.ids: dict[int, int] = {}  # id(style array) -> the workbook's style index

    def flush(self, line: list, row: int, covered: set[tuple[int, int]]) -> int:
        """Write grid row `row`: the cells collected, covered places bordered; returns row + 1."""
        grid, st = self.grid, self.st
        if self.heights:
            self.ws.row_dimensions[self.offset + row].height = self.heights[row]
        while len(line) < grid.columns:
            line.append(None)
        header = row < grid.header_rows
        if None in line:
            for col, value in enumerate(line):
                if value is None and ((row, col) in covered or grid.kind == "form"):
                    align = "center" if header else "left"
                    blank = st.grid_array(self.ws, header, align, False, self.wrap or header)
                    line[col] = (None, blank)
        if self.render is not None and not header and self.spliced is not None:
            ids = self.ids
            cells = [
                None if c is None else (c[0], ids.get(id(c[1])) or self._style_id(c[1]))
                for c in line
            ]
            self.spliced.append(self.render(self.offset + row, cells))
            return row + 1
        self.ws.append([None if c is None else self._cell(*c) for c in line])
        return row + 1

    def _cell(self, value: object, look: StyleArray) -> WriteOnlyCell:
        out = WriteOnlyCell(self.ws, value)
        if type(value) is str and value.startswith(FORMULA_STARTS):
            out.data_type = "s"  # user text, never a formula
        out._style = look  # noqa: SLF001 - shared: streamed cells never restyle
        return out

    def style_id(self, look: StyleArray) -> int:
        """The workbook's index of the look (the s attribute of a cell)."""
        return self._style_id(look)

    def _style_id(self, look: StyleArray) -> int:
        found = self.ids.get(id(look))
        if found is None:
            found = self.ids[id(look)] = self.ws.parent._cell_styles.add(look)  # noqa: SLF001
        return found


def grid_titles(grid: PrintedGrid) -> list[str]:
    """A name per column of `grid`, for messages about a cell."""
    paths = getattr(grid, "column_paths", None)
    return list(paths) if paths else [f"第 {c + 1} 列" for c in range(grid.columns)]
