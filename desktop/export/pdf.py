"""Print-ready PDF of the standard tables: cover with 目录, one section per table, signatures.

Rendered from `TableResult`s through the table specs (header merges, leaf columns, row levels);
the CJK TrueType font shipped in resources/ is embedded so the file prints the same anywhere.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFBase85Encode,
    PDFName,
    PDFPage,
    PDFStream,
    PDFZCompress,
)
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tables import CellStyle

from desktop.errors import BudgetError
from desktop.export.layout import ROUNDING_NOTE, has_rounding_tail
from desktop.export.pdf_cells import FastTable, forget
from desktop.export.pdf_columns import ColumnPart, plan_columns
from desktop.export.pdf_grid import (
    FONT,
    HEADER_FILL,
    GridLook,
    closing,
    continued,
    heading,
    paginate,
    signature_block,
    text_style,
    unit_line,
)
from desktop.export.pdf_repeat import RepeatedParagraph, WrappedParagraph
from desktop.export.pdf_texts import body_texts
from desktop.records import Department
from desktop.resources import resource
from desktop.system_errors import reason
from desktop.tables.printed import NAME, NUMBER_KINDS, TableGrid
from desktop.tables.result import TableResult

FONT_PATH = resource("fonts", "wqy-microhei.ttc")
MARGIN = 14 * mm
V_MARGIN = 11 * mm  # top and bottom: the page number sits in the bottom margin
DRAFT_MARK = "草稿"
Progress = Callable[[int, int], None]

_EMPTY: tuple = ()
_TOP_PAD, _BOTTOM_PAD, _H_PAD = 1.2, 1.7, 2.5
_TOTAL_FILL = colors.Color(0.93, 0.93, 0.93)


def _look(size: float) -> GridLook:
    return GridLook(size, _TOP_PAD, _BOTTOM_PAD, _H_PAD)


__all__ = ["export_pdf", "register_font", "signature_block", "table_flowables", "unit_line"]


def register_font() -> str:
    """Register the shipped TrueType font once; returns its reportlab name."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        if not FONT_PATH.exists():
            raise BudgetError(f"找不到打印用字体文件“{FONT_PATH}”，请重新安装本软件。")
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH), subfontIndex=0))
    return FONT


_style = text_style


class _NumberedCanvas(Canvas):
    """Defers pages until save() so each can print 第 X 页 共 Y 页 (and the draft mark)."""

    draft = False

    def __init__(self, *args, **kwargs) -> None:
        # Start every page in the embedded CJK font: otherwise each page names Helvetica, a font
        # the file does not carry.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        state = dict(self.__dict__)
        code = state["_code"]
        if code:
            # Held until save(): as one compressed text, not thousands of small strings. The
            # page stream joins the parts with newlines, so one joined part writes the same bytes.
            state["_code"] = zlib.compress("\n".join(code).encode("utf-8"), 1)
        self._pages.append(state)
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number in range(1, total + 1):
            state = self._pages[number - 1]
            self._pages[number - 1] = {}  # written: no longer held
            if isinstance(state["_code"], bytes):
                state["_code"] = [zlib.decompress(state["_code"]).decode("utf-8")]
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
            _compress_now(self._doc.Pages.pages[-1])
        super().save()
        forget(self)

    def _decorate(self, number: int, total: int) -> None:
        width, height = self._pagesize
        self.saveState()
        self.setFont(FONT, 9)
        self.drawCentredString(width / 2, V_MARGIN / 2 - 2, f"第 {number} 页 共 {total} 页")
        if self.draft:
            self.setFillColor(colors.Color(0.55, 0.55, 0.55, alpha=0.28))
            self.setFont(FONT, 120)
            self.translate(width / 2, height / 2)
            self.rotate(35)
            self.drawCentredString(0, -40, DRAFT_MARK)
        self.restoreState()


def _compress_now(page: PDFPage) -> None:
    """Encode a finished page's stream now, exactly as reportlab does when it writes the file
    (its page filters: zlib, then base-85 when `rl_config.useA85`), so the document holds every
    page encoded instead of every page's full text until the end."""
    if not page.compression or page.Contents or not page.stream:
        return  # left to reportlab
    filters = [PDFBase85Encode, PDFZCompress] if rl_config.useA85 else [PDFZCompress]
    content = page.stream
    names: list = []  # PDF names of the filters
    for f in reversed(filters):  # PDFStream.format's order
        content = f.encode(content)
        names.insert(0, PDFName(f.pdfname))
    stream = PDFStream(content=content)
    stream.dictionary["Filter"] = PDFArray(names)  # marks the filters as applied already
    stream.__Comment__ = "page stream"
    page.Contents = stream
    page.stream = None


def _page_templates() -> list[PageTemplate]:
    out = []
    for name, size in (("portrait", A4), ("landscape", landscape(A4))):
        frame = Frame(
            MARGIN, V_MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * V_MARGIN, 0, 0, 0, 0, id=name
        )
        out.append(PageTemplate(id=name, frames=[frame], pagesize=size))
    return out


def _page_height(orientation: str) -> float:
    return (landscape(A4) if orientation == "landscape" else A4)[1]


def _content_width(orientation: str) -> float:
    size = landscape(A4) if orientation == "landscape" else A4
    return size[0] - 2 * MARGIN


def cover_flowables(
    department: Department,
    results: Sequence[TableResult],
    draft: bool,
    forms_toc: Sequence[tuple[str, str]] = (),
) -> list:
    """Cover page: year, department code and name, and the 目录 as seed 000 lists it."""
    title = _style(22, leading=30)
    big = _style(13, TA_LEFT, 20)
    out: list = [
        Spacer(1, 30 * mm),
        Paragraph(f"{department.fiscal_year}年{_kind_word(department)}公开表", title),
        Spacer(1, 14 * mm),
        Paragraph(f"单位编码：{department.code}", big),
        Paragraph(f"单位名称：{department.name}", big),
    ]
    if draft:
        out.append(Paragraph("（草稿，不作报送）", big))
    out += [Spacer(1, 12 * mm), Paragraph("目  录", _style(15, leading=22)), Spacer(1, 4 * mm)]
    out.append(Paragraph(f"一、{_kind_word(department)}报表", big))
    rows = [[str(r.number), r.title] for r in results] + [list(t) for t in forms_toc]
    toc = Table(rows, colWidths=[14 * mm, 150 * mm], hAlign="LEFT")
    toc.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 10.5),
                ("ALIGN", (0, 0), (0, -1), "RIGHT"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    out.append(toc)
    return out


def _kind_word(department: Department) -> str:
    """部门预算, or 部门决算 for a final-accounts file."""
    return "部门决算" if department.is_final else "部门预算"


def table_flowables(result: TableResult, department: Department) -> list:
    """Everything printed for one table: per column part title, unit line, grid, notes."""
    grid = TableGrid(result)
    width = _content_width(grid.orientation)
    labels = [c.label for c in grid.leaf]
    texts = body_texts(grid)
    fixed = _leading([i for i, k in enumerate(grid.column_kinds) if k not in NUMBER_KINDS])
    wrap = {i for i, k in enumerate(grid.column_kinds) if k == NAME}
    header_rows, header = grid.header()
    parts = plan_columns(FONT, labels, texts, fixed, wrap, header, width)
    notes = grid.printed_notes()
    if has_rounding_tail(result):
        notes.append(ROUNDING_NOTE)
    reporter = f"单位：{department.code}_{department.name}"
    out: list = [NextPageTemplate(grid.orientation), PageBreak()]
    frame_height = _page_height(grid.orientation) - 2 * V_MARGIN
    for part in parts:
        if part.index:
            out.append(PageBreak())

        def head(again: bool, part: ColumnPart = part) -> list:
            title = continued_title(result) if again else grid.title
            note = ""
            if part.count > 1:
                note = (
                    f"本表较宽，分 {part.count} 部分打印，此为第 {part.index + 1} 部分；"
                    "编码和名称列在各部分重复。"
                )
            return heading(title, reporter, grid.unit_text, width, note)

        first = head(part.index > 0)
        again = head(True)  # the same flowables head every later page of the part
        out += first
        out += _pages(
            grid,
            _cells(grid, texts, part, wrap),
            part,
            frame_height - _height(first, width, frame_height),
            frame_height - _height(again, width, frame_height),
            again,
        )
    # Notes tight under the grid: a full page (收支总表) keeps its note and signature block.
    out.append(closing(width, notes, 1 * mm if notes else 2 * mm))
    return out


def _leading(text_cols: list[int]) -> list[int]:
    out = []
    for n, c in enumerate(text_cols):
        if c != n:
            break
        out.append(c)
    return out


def continued_title(result: TableResult) -> str:
    """The title printed on the later pages of a table, e.g. 表7 一般公共预算支出表（续）."""
    return continued(f"表{result.number} {result.title}")


def _height(flowables: list, width: float, frame_height: float) -> float:
    return sum(f.wrap(width, frame_height)[1] for f in flowables)


@dataclass(frozen=True)
class _GridCells:
    """A table part ready to print: its cells (header rows first), the styles shared by every
    cell of a row kind, and the drawing commands (rules, header fill, header spans)."""

    data: list[list]
    head_styles: list[CellStyle]  # one row: the same object for every header cell
    body_styles: list[CellStyle]  # one row: per column, the object of its alignment
    commands: list[tuple]

    def styles(self, header_rows: int, body_rows: int) -> list[list[CellStyle]]:
        """The table's style matrix: row lists shared, never restyled (no style commands)."""
        return [self.head_styles] * header_rows + [self.body_styles] * body_rows


def _cells(grid: TableGrid, texts: list[list[str]], part: ColumnPart, wrap: set[int]) -> _GridCells:
    """Cells of the part's columns (header rows first), their shared styles and the commands
    valid for any run of body rows."""
    size = part.font_size
    head_style = _style(size, leading=size * 1.2)
    name_style = _style(size, TA_LEFT, size * 1.2)
    cols = part.columns
    header_rows = grid.header_rows
    data: list[list] = [[""] * len(cols) for _ in range(header_rows)]
    look = _look(size)
    commands = look.rules()
    commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL))
    for cell in part.header:
        data[cell.row][cell.col] = RepeatedParagraph(cell.text, head_style)
        if cell.rowspan > 1 or cell.colspan > 1:
            end = (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1)
            commands.append(("SPAN", (cell.col, cell.row), end))
    kinds = grid.column_kinds
    aligns = [
        "RIGHT" if kinds[c] in NUMBER_KINDS else "LEFT" if c in wrap else "CENTER" for c in cols
    ]
    shared = {a: look.cell_style(a) for a in set(aligns) | {"LEFT"}}
    width_of = pdfmetrics.getFont(FONT).stringWidth
    columns: list[
        list[object]
    ] = []  # str, Paragraph or _EMPTY (an empty tuple is skipped when drawing: faster)
    for n, c in enumerate(cols):
        if c not in wrap:
            columns.append([text or _EMPTY for text in texts[c]])
            continue
        limit = part.widths[n] - 5
        made: list[object] = []
        for text in texts[c]:
            if not text:
                made.append(_EMPTY)
            elif width_of(text, size) > limit:
                made.append(WrappedParagraph(text, name_style))
            else:
                made.append(text)
        columns.append(made)
    data += [list(line) for line in zip(*columns, strict=True)]
    head = [shared["LEFT"]] * len(cols)
    return _GridCells(data, head, [shared[a] for a in aligns], commands)


def _row_height(row: list, widths: list[float], font_size: float, wrapping: list[int]) -> float:
    """Height reportlab gives a body row: the tallest cell plus the cell paddings (only the
    cells at `wrapping`, the name columns, can hold a Paragraph)."""
    tallest = font_size * 1.2
    for n in wrapping:
        cell = row[n]
        if isinstance(cell, Paragraph):
            tallest = max(tallest, cell.wrap(widths[n] - 2 * _H_PAD, 1e9)[1])
    return tallest + _TOP_PAD + _BOTTOM_PAD


def _pages(
    grid: TableGrid,
    cells: _GridCells,
    part: ColumnPart,
    first_room: float,
    page_room: float,
    heading_again: list,
) -> list:
    """One table per page, each with the header rows, cut where the rows stop fitting; every
    later page starts with the flowables `heading_again` (title with （续） and the 单位 line)."""
    header_rows, widths, data = grid.header_rows, part.widths, cells.data
    head_table = Table(
        data[:header_rows], colWidths=widths, cellStyles=cells.styles(header_rows, 0)
    )
    head_table.setStyle(TableStyle(cells.commands))
    head_table.wrap(sum(widths), 1e9)
    head = list(head_table._rowHeights)  # noqa: SLF001 - measured once, reused on every page
    wrapping = [n for n, c in enumerate(part.columns) if grid.column_kinds[c] == NAME]
    body = [_row_height(row, widths, part.font_size, wrapping) for row in data[header_rows:]]
    repeated = sum(head) + 1
    out: list = []
    pieces = paginate(body, first_room - repeated, page_room - repeated)
    for n, (_, a, b) in enumerate(pieces):
        rows = data[:header_rows] + data[header_rows + a : header_rows + b]
        table = FastTable(
            rows,
            colWidths=widths,
            rowHeights=head + body[a:b],
            repeatRows=header_rows,
            cellStyles=cells.styles(header_rows, b - a),
            normalizedData=1,  # only str, Paragraph and () cells: nothing to normalise
        )
        cmds = list(cells.commands)
        for r in range(a, b):
            if grid.shaded(r):
                y = header_rows + r - a
                cmds.append(("BACKGROUND", (0, y), (-1, y), _TOTAL_FILL))
        table.setStyle(TableStyle(cmds))
        if n:
            out.append(PageBreak())
            out += heading_again
        out.append(table)
    return out


class _Story(list):
    """The story given to reportlab, filled a table at a time as reportlab consumes it (it
    asks for the length before every flowable): the flowables of the table being laid out are
    in memory, not those of the whole document."""

    def __init__(self, chunks: Iterator[list]) -> None:
        super().__init__()
        self._chunks: Iterator[list] | None = chunks
        self._fill()

    def _fill(self) -> None:
        while self._chunks is not None and list.__len__(self) < 2:
            chunk = next(self._chunks, None)
            if chunk is None:
                self._chunks = None
            else:
                self.extend(chunk)

    def __len__(self) -> int:
        self._fill()
        return list.__len__(self)


def export_pdf(
    path: str | os.PathLike,
    department: Department,
    results: Sequence[TableResult],
    draft: bool = False,
    progress: Progress | None = None,
    forms: Sequence = (),  # (FormSpec, [FormResult]) pairs: the 绩效目标表, after the tables
) -> int:
    """Write the tables to `path` (complete or not at all); returns the number of pages."""
    register_font()
    path = Path(path)
    from desktop.export.pdf_forms import form_flowables, form_toc  # it imports this module

    def chunks() -> Iterator[list]:
        yield cover_flowables(department, results, draft, form_toc(forms))
        for n, result in enumerate(results, start=1):
            yield table_flowables(result, department)
            if progress:
                progress(n, len(results) + 1)
        yield form_flowables(forms, department)

    story = _Story(chunks())
    tmp = path.with_name(f".{path.name}.part")
    doc = BaseDocTemplate(
        str(tmp),
        pagesize=A4,
        pageTemplates=_page_templates(),
        title=f"{department.fiscal_year}年{_kind_word(department)}公开表 {department.name}",
        author=department.name,
        subject=f"{_kind_word(department)}公开表",
        creator="部门预算编制",
    )
    canvas_class = type("_Canvas", (_NumberedCanvas,), {"draft": draft})
    try:
        doc.build(story, canvasmaker=canvas_class)
        pages = doc.page
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BudgetError(f"无法写入 PDF 文件“{path}”：{reason(exc, writing=True)}。") from exc
    except Exception:
        tmp.unlink(missing_ok=True)
        raise
    if progress:
        progress(len(results) + 1, len(results) + 1)
    return pages
