"""A reportlab table that draws its plain text cells straight into the page stream.

A large department prints some 190,000 cells; reportlab spends most of the PDF's time in the
machinery around each one (a style per cell, a text object per string, the width and the
font-subset split of every string). `FastTable` keeps reportlab's layout and drawing of rules,
fills and Paragraphs, and for a one-line string in a cell sharing a `GridLook.cell_style()` writes
the very operators `Canvas.drawString`/`drawCentredString`/`drawRightString` would write, the
font-subset part of each distinct text formatted once per document. An empty cell (an empty
tuple) draws nothing, as in reportlab. `tests/export/test_pdf_cells.py` compares the bytes with
reportlab's own drawing, so a reportlab upgrade that changes them fails there.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table

# The cache of formatted texts lives on the canvas: subset names are per document.
_CACHE = "_budget_desk_text_ops"


def _text_ops(canv, text: str) -> tuple[str, float]:  # noqa: ANN001 - a reportlab Canvas
    """The text-showing operators reportlab writes for `text` in the canvas's current font,
    and the text's width."""
    key = (canv._fontname, canv._fontsize, canv._leading, text)  # noqa: SLF001
    cache = canv.__dict__.get(_CACHE)
    if cache is None:
        cache = canv.__dict__[_CACHE] = {}
    found = cache.get(key)
    if found is None:
        # A fresh text object, as every drawString makes: it names the font subset first.
        ops = canv.beginText(0, 0)._formatText(text)  # noqa: SLF001
        found = cache[key] = (ops, stringWidth(text, key[0], key[1]))
    return found


def _same_font(cur, style) -> bool:  # noqa: ANN001 - reportlab CellStyles
    """True when drawing in `style` after `cur` changes neither colour nor font."""
    return cur is not None and (
        cur is style
        or (
            style.color == cur.color
            and style.leading == cur.leading
            and style.fontname == cur.fontname
            and style.fontsize == cur.fontsize
        )
    )


class FastTable(Table):
    """`Table` with a fast path for one-line strings in cells of a shared fast style."""

    _curcellstyle: Any  # set by Table.draw before the cells are drawn

    def _drawCell(self, cellval, cellstyle, pos, size) -> None:  # noqa: ANN001, N802
        if not (type(cellval) is str and getattr(cellstyle, "fast", False)) or "\n" in cellval:
            if cellval == () and _same_font(self._curcellstyle, cellstyle):
                return  # an empty cell: reportlab would write nothing for it either
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        canv = self.canv
        if self._curcellstyle is not cellstyle:
            cur = self._curcellstyle
            if cur is None or cellstyle.color != cur.color:
                canv.setFillColor(cellstyle.color)
            if (
                cur is None
                or cellstyle.leading != cur.leading
                or cellstyle.fontname != cur.fontname
                or cellstyle.fontsize != cur.fontsize
            ):
                canv.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
            self._curcellstyle = cellstyle
        colpos, rowpos = pos
        colwidth, rowheight = size
        # Reportlab's own arithmetic (valign MIDDLE, one line), so the positions are the same.
        leading, fontsize = cellstyle.leading, cellstyle.fontsize
        y = (
            rowpos
            + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding + 1 * leading) / 2.0
        )
        y -= fontsize
        just = cellstyle.alignment
        ops, width = _text_ops(canv, cellval)
        if just == "LEFT":
            x = colpos + cellstyle.leftPadding
        elif just == "RIGHT":
            x = colpos + colwidth - cellstyle.rightPadding - width
        else:  # CENTER
            x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding) * 0.5
            x = x - 0.5 * width
        if canv.bottomup:
            origin = f"1 0 0 1 {fp_str(x, y)} Tm"
        else:
            origin = f"1 0 0 -1 {fp_str(x, y)} Tm"
        canv._code.append(f"BT {origin} {ops} T* ET")  # noqa: SLF001
