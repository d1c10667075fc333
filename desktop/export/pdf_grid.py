"""What every printed grid shares in the PDF: heading, ruled cells, page cuts and the closing block.

Tables (`pdf.py`) and forms (`pdf_forms.py`) both print a `PrintedGrid`: a title with “（续）” on
later pages, the line naming the reporting unit and the amount unit, the grid ruled at 0.5 pt and
cut into pages where the measured rows stop fitting (rows that head a page again are repeated),
then notes and the signature block kept together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from desktop.export.pdf_repeat import RepeatedParagraph

FONT = "WQYMicroHei"
HEADER_FILL = colors.Color(0.88, 0.88, 0.88)


@dataclass(frozen=True)
class GridLook:
    """Font size and cell paddings of a printed grid."""

    font_size: float
    top_pad: float
    bottom_pad: float
    h_pad: float

    def commands(self) -> list[tuple]:
        """The style every grid starts from: font, 0.5 pt rules, middle alignment, paddings."""
        return [
            ("FONT", (0, 0), (-1, -1), FONT, self.font_size),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), self.top_pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.bottom_pad),
            ("LEFTPADDING", (0, 0), (-1, -1), self.h_pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), self.h_pad),
        ]

    def cell_style(self, alignment: str = "LEFT") -> CellStyle:
        """The cell style `commands()` gives every cell (FONT, VALIGN, paddings) with
        `alignment`: one object a table can share among all its cells of that alignment, so
        reportlab neither creates nor restyles a style per cell."""
        style = CellStyle(f"{self.font_size}-{alignment}")
        style.fontname = FONT
        style.fontsize = self.font_size
        style.leading = self.font_size * 1.2  # what a FONT command without leading sets
        style.valign = "MIDDLE"
        style.topPadding, style.bottomPadding = self.top_pad, self.bottom_pad
        style.leftPadding = style.rightPadding = self.h_pad
        style.alignment = alignment
        style.fast = True  # its one-line strings may be drawn by pdf_cells.FastTable directly
        return style

    def rules(self) -> list[tuple]:
        """The drawing commands of `commands()` (the 0.5 pt grid), for a table whose cells
        share `cell_style()` objects instead of being styled one by one."""
        return [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]


def text_style(size: float, align: int = TA_CENTER, leading: float | None = None) -> ParagraphStyle:
    return ParagraphStyle(
        f"s{size}{align}",
        fontName=FONT,
        fontSize=size,
        leading=leading or size * 1.25,
        alignment=align,
        wordWrap="CJK",
    )


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


def heading(title: str, reporter: str, unit_label: str, width: float, note: str = "") -> list:
    """Title, an optional small note under it, and the 单位 line: on every page of a grid."""
    out: list = [RepeatedParagraph(escape(title), text_style(15, leading=20)), Spacer(1, 2 * mm)]
    if note:
        out.append(RepeatedParagraph(escape(note), text_style(8, leading=11)))
    return out + [unit_line(reporter, unit_label, width), Spacer(1, 1.5 * mm)]


def continued(title: str) -> str:
    """The title on the later pages of a grid."""
    return f"{title}（续）"


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


def closing(width: float, notes: Sequence[str] | None, gap: float) -> KeepTogether:
    """The signature block `gap` below the grid, never parted from the notes printed between
    (a table's notes area, `notes` a list even when empty; None for a form, which has none)."""
    tail: list = [Spacer(1, gap)]
    if notes is not None:
        # Notes set tight (leading 10) so a full page (收支总表) keeps its notes and signature.
        tail += [Paragraph(n, text_style(8.5, TA_LEFT, leading=10)) for n in notes]
        tail.append(Spacer(1, 1 * mm if notes else 2 * mm))
    return KeepTogether([*tail, signature_block(width)])


def paginate(
    heights: Sequence[float],
    first_room: float,
    room: float,
    repeat_of: Callable[[int], int | None] | None = None,
    keep_with_next: Callable[[int], bool] | None = None,
) -> list[tuple[int | None, int, int]]:
    """Cut measured rows into pages: (row repeated on top or None, first row, end row) each.

    Every page takes the rows that fit (at least one); `repeat_of(start)` names a row printed
    again above a later page (a form's inner header); `keep_with_next(row)` keeps a row off the
    foot of a page (a header left alone). Measuring once and cutting here keeps a large
    department's PDF fast: letting reportlab split a long table re-measures the remaining rows
    on every page.
    """
    pieces: list[tuple[int | None, int, int]] = []
    start, rows = 0, len(heights)
    while start < rows:
        repeat = repeat_of(start) if pieces and repeat_of else None
        if repeat == start:
            repeat = None
        limit = room if pieces else first_room
        used = heights[repeat] if repeat is not None else 0.0
        end = start
        while end < rows and used + heights[end] <= limit:
            used += heights[end]
            end += 1
        end = max(end, start + 1)
        if keep_with_next and end < rows and end - 1 > start and keep_with_next(end - 1):
            end -= 1
        pieces.append((repeat, start, end))
        start = end
    return pieces or [(None, 0, 0)]
