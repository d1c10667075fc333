"""Print-ready PDF of the standard tables: cover with 目录, one section per table, signatures.

Rendered from `TableResult`s through the table specs (header merges, leaf columns, row levels);
the CJK TrueType font shipped in resources/ is embedded so the file prints the same anywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.errors import BudgetError
from desktop.export.layout import ROUNDING_NOTE, cell_text, has_rounding_tail
from desktop.export.pdf_columns import ColumnPart, plan_columns
from desktop.records import Department
from desktop.resources import resource
from desktop.tables.result import TableResult
from desktop.tables.spec import ListingSpec

FONT = "WQYMicroHei"
FONT_PATH = resource("fonts", "wqy-microhei.ttc")
MARGIN = 14 * mm
V_MARGIN = 11 * mm  # top and bottom: the page number sits in the bottom margin
DRAFT_MARK = "草稿"
Progress = Callable[[int, int], None]

_EMPTY: tuple = ()
_TOP_PAD, _BOTTOM_PAD, _H_PAD = 1.2, 1.7, 2.5
_TOTAL_FILL = colors.Color(0.93, 0.93, 0.93)
_HEADER_FILL = colors.Color(0.88, 0.88, 0.88)


def register_font() -> str:
    """Register the shipped TrueType font once; returns its reportlab name."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        if not FONT_PATH.exists():
            raise BudgetError(f"找不到打印用字体文件“{FONT_PATH}”，请重新安装本软件。")
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH), subfontIndex=0))
    return FONT


def _style(size: float, align: int = TA_CENTER, leading: float | None = None) -> ParagraphStyle:
    return ParagraphStyle(
        f"s{size}{align}",
        fontName=FONT,
        fontSize=size,
        leading=leading or size * 1.25,
        alignment=align,
        wordWrap="CJK",
    )


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
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        super().save()

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
        Paragraph(f"{department.fiscal_year}年部门预算公开表", title),
        Spacer(1, 14 * mm),
        Paragraph(f"单位编码：{department.code}", big),
        Paragraph(f"单位名称：{department.name}", big),
    ]
    if draft:
        out.append(Paragraph("（草稿，不作报送）", big))
    out += [Spacer(1, 12 * mm), Paragraph("目  录", _style(15, leading=22)), Spacer(1, 4 * mm)]
    out.append(Paragraph("一、部门预算报表", big))
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


def signature_block(width: float) -> Table:
    """单位负责人签字 / 填表人 / 联系电话 / 填报日期 and a box for the stamp, as the seeds print."""
    line = "_____________"
    rows = [
        [f"单位负责人签字：{line}", f"填表人：{line}", f"联系电话：{line}", "单位（盖章）"],
        ["", "", "填报日期：      年    月    日", ""],
    ]
    table = Table(rows, colWidths=[width * 0.27] * 3 + [width * 0.19], rowHeights=[16, 16])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9.5),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("SPAN", (3, 0), (3, 1)),
                ("VALIGN", (3, 0), (3, 1), "TOP"),
                ("ALIGN", (3, 0), (3, 1), "CENTER"),
                ("TEXTCOLOR", (3, 0), (3, 1), colors.grey),
            ]
        )
    )
    return table


def table_flowables(result: TableResult, department: Department) -> list:
    """Everything printed for one table: per column part title, unit line, grid, notes."""
    spec = result.spec
    width = _content_width(spec.orientation)
    leaf = spec.leaf_columns
    labels = [c.label for c in leaf]
    texts = [[cell_text(result, r, c) for r in range(len(result.rows))] for c in range(len(leaf))]
    text_cols = [i for i, c in enumerate(leaf) if c.select is None]
    fixed = _leading(text_cols)
    wrap = {i for i, c in enumerate(leaf) if c.select is None and c.text in ("name", "label")}
    header_rows, header = spec.header()
    parts = plan_columns(FONT, labels, texts, fixed, wrap, header, width)
    notes = []
    if result.empty and spec.note:
        notes.append(spec.note)
    if has_rounding_tail(result):
        notes.append(ROUNDING_NOTE)
    out: list = [NextPageTemplate(spec.orientation), PageBreak()]
    frame_height = _page_height(spec.orientation) - 2 * V_MARGIN
    for part in parts:
        if part.index:
            out.append(PageBreak())
        heading = _heading(result, department, part, width, part.index > 0)

        def again(part: ColumnPart = part) -> list:
            return _heading(result, department, part, width, continued=True)

        out += heading
        data, commands, shaded = _grid(result, texts, part, header_rows, wrap)
        out += _paginate(
            data,
            commands,
            shaded,
            part.widths,
            header_rows,
            part.font_size,
            frame_height - _height(heading, width, frame_height),
            frame_height - _height(again(), width, frame_height),
            again,
        )
    # Notes tight under the grid: a full page (收支总表) keeps its note and signature block.
    tail: list = [Spacer(1, 1 * mm)] if notes else [Spacer(1, 2 * mm)]
    tail += [Paragraph(n, _style(8.5, TA_LEFT, leading=10)) for n in notes]
    tail += [Spacer(1, 1 * mm if notes else 2 * mm), signature_block(width)]
    out.append(KeepTogether(tail))
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
    return f"表{result.number} {result.title}（续）"


def _height(flowables: list, width: float, frame_height: float) -> float:
    return sum(f.wrap(width, frame_height)[1] for f in flowables)


def _heading(
    result: TableResult, department: Department, part: ColumnPart, width: float, continued: bool
) -> list:
    """Title, wide-table note and 单位 line: on a table's first page and on each later page."""
    title = continued_title(result) if continued else result.title
    out: list = [Paragraph(title, _style(15, leading=20)), Spacer(1, 2 * mm)]
    if part.count > 1:
        out.append(
            Paragraph(
                f"本表较宽，分 {part.count} 部分打印，此为第 {part.index + 1} 部分；"
                "编码和名称列在各部分重复。",
                _style(8, leading=11),
            )
        )
    line = unit_line(f"单位：{department.code}_{department.name}", result.spec.unit_label, width)
    return out + [line, Spacer(1, 1.5 * mm)]


def unit_line(left: str, right: str, width: float) -> Table:
    """The line under a title: who reports on the left, 金额单位 on the right."""
    line = Table([[left, right]], colWidths=[width * 0.75, width * 0.25])
    line.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return line


def _grid(
    result: TableResult, texts: list[list[str]], part: ColumnPart, header_rows: int, wrap: set[int]
) -> tuple[list[list], list[tuple], set[int]]:
    """Cells (header rows first), style commands valid for any run of body rows, shaded rows."""
    size = part.font_size
    head_style = _style(size, leading=size * 1.2)
    name_style = _style(size, TA_LEFT, size * 1.2)
    cols = part.columns
    data: list[list] = [[""] * len(cols) for _ in range(header_rows)]
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), FONT, size),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), _TOP_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), _BOTTOM_PAD),
        ("LEFTPADDING", (0, 0), (-1, -1), _H_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _H_PAD),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), _HEADER_FILL),
    ]
    for cell in part.header:
        data[cell.row][cell.col] = Paragraph(cell.text, head_style)
        if cell.rowspan > 1 or cell.colspan > 1:
            end = (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1)
            commands.append(("SPAN", (cell.col, cell.row), end))
    leaf = result.spec.leaf_columns
    aligns = [
        "RIGHT" if leaf[c].select is not None else "LEFT" if c in wrap else "CENTER" for c in cols
    ]
    start = 0
    for n in range(1, len(cols) + 1):  # one command per run of equally aligned columns
        if n == len(cols) or aligns[n] != aligns[start]:
            commands.append(("ALIGN", (start, header_rows), (n - 1, -1), aligns[start]))
            start = n
    listing = isinstance(result.spec, ListingSpec)
    shaded = set()
    for r, row in enumerate(result.rows):
        line = []
        for n, c in enumerate(cols):
            text = texts[c][r]
            if not text:
                line.append(_EMPTY)  # an empty tuple is skipped when drawing: much faster
            elif c in wrap and pdfmetrics.stringWidth(text, FONT, size) > part.widths[n] - 5:
                line.append(Paragraph(text, name_style))
            else:
                line.append(text)
        data.append(line)
        if row.level == "total" or (row.level == "department" and not listing):
            shaded.add(r)
    return data, commands, shaded


def _row_height(row: list, widths: list[float], font_size: float) -> float:
    """Height reportlab gives a body row: the tallest cell plus the cell paddings."""
    tallest = font_size * 1.2
    for cell, width in zip(row, widths, strict=True):
        if isinstance(cell, Paragraph):
            tallest = max(tallest, cell.wrap(width - 2 * _H_PAD, 1e9)[1])
    return tallest + _TOP_PAD + _BOTTOM_PAD


def _paginate(
    data: list[list],
    commands: list[tuple],
    shaded: set[int],
    widths: list[float],
    header_rows: int,
    font_size: float,
    first_room: float,
    page_room: float,
    heading_again: Callable[[], list],
) -> list:
    """One table per page, each with the header rows, cut where the rows stop fitting.

    Letting reportlab split one long table re-measures the remaining rows on every page
    (quadratic in the length of the table); measuring once and cutting here keeps a large
    department's PDF fast. Every later page starts with `heading_again()` (title with （续）
    and the 单位 line), which `page_room` leaves space for.
    """
    head_table = Table(data[:header_rows], colWidths=widths)
    head_table.setStyle(TableStyle(commands))
    head_table.wrap(sum(widths), 1e9)
    head = list(head_table._rowHeights)  # noqa: SLF001 - measured once, reused on every page
    body = [_row_height(row, widths, font_size) for row in data[header_rows:]]
    pieces: list[tuple[int, int]] = []
    start, room = 0, first_room - sum(head) - 1
    used = 0.0
    for i, h in enumerate(body):
        if used + h > room and i > start:
            pieces.append((start, i))
            start, used, room = i, 0.0, page_room - sum(head) - 1
        used += h
    pieces.append((start, len(body)))
    out: list = []
    for n, (a, b) in enumerate(pieces):
        rows = data[:header_rows] + data[header_rows + a : header_rows + b]
        table = Table(rows, colWidths=widths, rowHeights=head + body[a:b], repeatRows=header_rows)
        cmds = list(commands)
        for r in range(a, b):
            if r in shaded:
                y = header_rows + r - a
                cmds.append(("BACKGROUND", (0, y), (-1, y), _TOTAL_FILL))
        table.setStyle(TableStyle(cmds))
        if n:
            out.append(PageBreak())
            out += heading_again()
        out.append(table)
    return out


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

    story = cover_flowables(department, results, draft, form_toc(forms))
    for n, result in enumerate(results, start=1):
        story += table_flowables(result, department)
        if progress:
            progress(n, len(results) + 1)
    story += form_flowables(forms, department)
    tmp = path.with_name(f".{path.name}.part")
    doc = BaseDocTemplate(
        str(tmp),
        pagesize=A4,
        pageTemplates=_page_templates(),
        title=f"{department.fiscal_year}年部门预算公开表 {department.name}",
        author=department.name,
        subject="部门预算公开表",
        creator="部门预算编制",
    )
    canvas_class = type("_Canvas", (_NumberedCanvas,), {"draft": draft})
    try:
        doc.build(story, canvasmaker=canvas_class)
        pages = doc.page
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BudgetError(f"无法写入 PDF 文件“{path}”：{exc.strerror or exc}") from exc
    except Exception:
        tmp.unlink(missing_ok=True)
        raise
    if progress:
        progress(len(results) + 1, len(results) + 1)
    return pages
