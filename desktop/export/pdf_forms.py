"""The performance forms (绩效目标表) in the PDF: after tables 1–21, one form per page start.

Each form prints its title, the 填报单位 and 金额单位 line, the form grid with its merges and the
signature block. Rows are measured once and cut into pages here: a cut through a merged cell
repeats its text on the next page, the inner grid's column header is repeated, the title gets
“（续）”, and a text too tall for one page is split over several rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Table,
    TableStyle,
)

from desktop.export.pdf import MARGIN, V_MARGIN
from desktop.export.pdf_grid import (
    FONT,
    HEADER_FILL,
    GridLook,
    closing,
    continued,
    heading,
    paginate,
)
from desktop.records import Department
from desktop.tables.forms_core import FormResult, FormSpec
from desktop.tables.printed import HEADER, LABEL, FormGrid, PrintedCell

Section = tuple[FormSpec, Sequence[FormResult]]
SIZE, LEADING = 9.0, 11.5
PAD_V, PAD_H = 2.0, 3.0
# Room kept free on every page: a merged cell cut at a page break may need a little more height
# on the new page than the rows it keeps there.
SAFETY = 18.0
LOOK = GridLook(SIZE, PAD_V, PAD_V, PAD_H)
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
# How each layout prints the reporting unit, as its seed does.
REPORTER = {
    "hunan": "填报单位：",
    "lukou2026": "填报单位(盖章)：",
    "shifeng2023": "填报单位（盖章）：",
}


def _style(size: float, align: int, leading: float | None = None) -> ParagraphStyle:
    return ParagraphStyle(
        f"form{size}{align}",
        fontName=FONT,
        fontSize=size,
        leading=leading or size * 1.28,
        alignment=align,
        wordWrap="CJK",
    )


_CELL_STYLES = {name: _style(SIZE, align, LEADING) for name, align in _ALIGN.items()}


def _page(orientation: str) -> tuple[float, float]:
    """Content width and frame height of a page."""
    size = landscape(A4) if orientation == "landscape" else A4
    return size[0] - 2 * MARGIN, size[1] - 2 * V_MARGIN


def form_toc(sections: Sequence[Section]) -> list[tuple[str, str]]:
    """目录 lines for the cover: (number or "", title) per form spec."""
    return [("" if spec.number is None else str(spec.number), spec.title) for spec, _ in sections]


def form_flowables(sections: Sequence[Section], department: Department) -> list:
    """Every form of every spec; an empty spec prints its title and note."""
    out: list = []
    for spec, forms in sections:
        if not forms:
            width, _ = _page(spec.orientation)
            out += [NextPageTemplate(spec.orientation), PageBreak()]
            out += _heading(spec.title, spec, department, width)
            out += [Paragraph(escape(spec.note), _style(9, TA_LEFT))]
            out.append(closing(width, None, 3 * mm))
            continue
        for form in forms:
            out += _form(form, department)
    return out


def _heading(title: str, spec: FormSpec, department: Department, width: float) -> list:
    reporter = f"{REPORTER.get(spec.layout, '填报单位：')}{department.name}"
    return heading(title, reporter, spec.unit_label, width)


def _form(form: FormResult, department: Department) -> list:
    spec = form.spec
    grid = FormGrid(form)
    width, frame = _page(grid.orientation)
    widths = [w * width for w in grid.col_widths]
    heading_height = sum(
        f.wrap(width, frame)[1] for f in _heading(grid.title, spec, department, width)
    )
    room = frame - heading_height - SAFETY
    cells, rows = _split_tall_rows(list(grid.cells()), grid.rows, widths, room * 0.8)
    paragraphs = {id(c): _paragraph(c) for c in cells}
    heights = _row_heights(cells, rows, widths, paragraphs)
    sections = _section_headers(cells, rows)
    out: list = [NextPageTemplate(grid.orientation), PageBreak()]
    pieces = paginate(heights, room, room, sections.__getitem__, lambda row: sections[row] == row)
    for n, (repeat, start, end) in enumerate(pieces):
        if n:
            out.append(PageBreak())
        title = grid.title if n == 0 else continued(grid.title)
        out += _heading(title, spec, department, width)
        order = ([repeat] if repeat is not None else []) + list(range(start, end))
        out.append(_piece(cells, order, widths, heights, paragraphs, grid.columns))
    out.append(closing(width, None, 3 * mm))
    return out


def _paragraph(cell: PrintedCell) -> Paragraph | str:
    if not cell.text:
        return ""
    markup = escape(cell.text).replace("\n", "<br/>")
    return Paragraph(markup, _CELL_STYLES.get(cell.align, _CELL_STYLES["left"]))


def _span_width(cell: PrintedCell, widths: list[float]) -> float:
    return sum(widths[cell.col : cell.col + cell.colspan]) - 2 * PAD_H


def _needed(paragraph: Paragraph | str, width: float) -> float:
    if isinstance(paragraph, str):
        return LEADING + 2 * PAD_V
    return paragraph.wrap(width, 1e9)[1] + 2 * PAD_V


def _row_heights(
    cells: list[PrintedCell], rows: int, widths: list[float], paragraphs: dict
) -> list[float]:
    """Heights that fit every cell: single-row cells first, then merged cells top up their
    last row."""
    heights = [LEADING + 2 * PAD_V] * rows
    for cell in sorted(cells, key=lambda c: c.rowspan):
        need = _needed(paragraphs[id(cell)], _span_width(cell, widths))
        last = cell.row + cell.rowspan - 1
        have = sum(heights[cell.row : last + 1])
        if need > have:
            heights[last] += need - have
    return heights


def _split_tall_rows(
    cells: list[PrintedCell], rows: int, widths: list[float], limit: float
) -> tuple[list[PrintedCell], int]:
    """Split a single-row text taller than `limit` into several rows (merged cells beside it
    grow to cover them), so that no row is taller than a page."""
    tall = [
        c
        for c in cells
        if c.rowspan == 1 and c.text and _needed(_paragraph(c), _span_width(c, widths)) > limit
    ]
    done: set[int] = set()
    # Bottom-up, so splitting a row never moves a row still to be split.
    for cell in sorted(tall, key=lambda c: -c.row):
        if cell.row in done:
            continue  # a second tall text in the row: it grows with the split rows
        done.add(cell.row)
        r = cell.row
        chunks = _chunks(cell, _span_width(cell, widths), limit)
        extra = len(chunks) - 1
        out = []
        for c in cells:
            if c is cell:
                out += [c._replace(row=r + i, text=t) for i, t in enumerate(chunks)]
            elif c.row > r:
                out.append(c._replace(row=c.row + extra))
            elif c.row + c.rowspan - 1 >= r:
                out.append(c._replace(rowspan=c.rowspan + extra))
            else:
                out.append(c)
        cells, rows = out, rows + extra
    return cells, rows


def _chunks(cell: PrintedCell, width: float, limit: float) -> list[str]:
    """The cell's text cut into the longest pieces that each fit `limit`."""
    text, out = cell.text, []
    while text:
        lo, hi = 1, len(text)
        while lo < hi:  # the longest prefix that fits
            mid = (lo + hi + 1) // 2
            if _needed(_paragraph(cell._replace(text=text[:mid])), width) <= limit:
                lo = mid
            else:
                hi = mid - 1
        out.append(text[:lo])
        text = text[lo:]
    return out


def _section_headers(cells: list[PrintedCell], rows: int) -> list[int | None]:
    """Per row, the inner-grid header row it belongs to (repeated after a page break)."""
    starts: dict[int, list[PrintedCell]] = {}
    for c in cells:
        starts.setdefault(c.row, []).append(c)
    out: list[int | None] = []
    current = None
    for r in range(rows):
        here = starts.get(r, [])
        if any(c.role == HEADER for c in here):
            current = r
        elif any(c.role == LABEL and c.col == 0 for c in here):
            current = None
        out.append(current)
    return out


def _piece(
    cells: list[PrintedCell],
    order: list[int],
    widths: list[float],
    heights: list[float],
    paragraphs: dict,
    columns: int,
) -> Table:
    """The rows `order` (original row numbers) as one table, merges clipped to them."""
    index = {row: i for i, row in enumerate(order)}
    data: list[list] = [[""] * columns for _ in order]
    commands = LOOK.commands()
    row_heights = [heights[r] for r in order]
    for cell in cells:
        covered = [i for r, i in index.items() if cell.row <= r < cell.row + cell.rowspan]
        if not covered:
            continue
        top, bottom = min(covered), max(covered)
        right = cell.col + cell.colspan - 1
        data[top][cell.col] = paragraphs[id(cell)]
        if bottom > top or right > cell.col:
            commands.append(("SPAN", (cell.col, top), (right, bottom)))
        if cell.role == HEADER:
            commands.append(("BACKGROUND", (cell.col, top), (right, bottom), HEADER_FILL))
        # A merged cell cut by the page break may need more than the rows it keeps here.
        need = _needed(paragraphs[id(cell)], _span_width(cell, widths))
        have = sum(row_heights[top : bottom + 1])
        if need > have:
            row_heights[bottom] += need - have
    table = Table(data, colWidths=widths, rowHeights=row_heights)
    table.setStyle(TableStyle(commands))
    return table
