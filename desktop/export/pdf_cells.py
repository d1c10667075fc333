"""A reportlab table that draws its plain text cells straight into the page stream.

A large department prints some 190,000 cells; reportlab spends most of the PDF's time in the
machinery around each one (a style per cell, a text object per string, the width and the
font-subset split of every string, a span rectangle per cell). `FastTable` keeps reportlab's
layout and drawing of rules, fills and Paragraphs, and for a one-line string in a cell sharing a
`GridLook.cell_style()` writes the very operators `Canvas.drawString`/`drawCentredString`/
`drawRightString` would write, the font-subset part of each distinct text formatted once per
document (from the subset codes reportlab has already given its characters, reportlab's own
formatting only for a character the document has not used yet). Body rows (below the header,
where no cell is merged) are placed from the row and column positions directly. An empty cell
(an empty tuple) draws nothing, as in reportlab. `tests/export/test_pdf_cells.py` compares the
bytes with reportlab's own drawing, so a reportlab upgrade that changes them fails there.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Table

# Per-canvas caches (subset names and codes are per document): formatted texts per
# (font, size, leading), and a `_Subsets` per font.
_CACHE = "_budget_desk_text_ops"
_SUBSETS = "_budget_desk_subsets"
_NUMBERS = "_budget_desk_numbers"


class _Subsets:
    """The subset code (subset × 256 + byte) reportlab has given each character of one embedded
    TrueType font in one document, as far as this document's texts have met them."""

    def __init__(self, canv, font) -> None:  # noqa: ANN001 - a reportlab Canvas and TTFont
        self.font = font
        self.doc = canv._doc  # noqa: SLF001
        self.escape = canv._escape  # noqa: SLF001
        self.codes: dict[str, int] = {}
        self.names: dict[int, str] = {}

    def learn(self, text: str) -> None:
        """Remember the codes reportlab has just given the characters of `text`."""
        state = self.font.state.get(self.doc)
        if state is None:
            return
        assignments, codes = state.assignments, self.codes
        for char in text:
            code = ord(char)
            n = assignments.get(32 if code == 0xA0 else code)  # reportlab prints nbsp as a space
            if n is not None:
                codes[char] = n

    def name(self, subset: int) -> str:
        found = self.names.get(subset)
        if found is None:
            found = self.names[subset] = self.font.getSubsetInternalName(subset, self.doc)
        return found

    def ops(self, text: str, tmpl: str) -> str | None:
        """What `PDFTextObject._formatText` writes for `text` (a plain str, no shaping), from
        the codes of its characters; None when one of them has none yet. `tmpl` is the size
        and leading part of the font operator."""
        codes = self.codes
        try:
            ns = [codes[c] for c in text]
        except KeyError:
            return None
        if not ns:
            return None
        if max(ns) < 256:  # all in the first subset: amounts, codes, Latin text
            return f"{self.name(0)} {tmpl} ({self.escape(bytes(ns))}) Tj"
        out: list[str] = []
        run: list[int] = []
        current = -1
        for n in ns:
            subset = n >> 8
            if subset != current:
                if run:
                    out.append(f"({self.escape(bytes(run))}) Tj")
                    run = []
                out.append(f"{self.name(subset)} {tmpl}")
                current = subset
            run.append(n & 0xFF)
        out.append(f"({self.escape(bytes(run))}) Tj")
        return " ".join(out)


class _Texts(dict):
    """Formatted texts (operators, width) of one font, size and leading on one canvas."""

    def __init__(self, canv, name: str, size: float, leading: float) -> None:  # noqa: ANN001
        super().__init__()
        self.canv = canv
        self.size = size
        self.font = getFont(name)
        self.subsets = _subsets(canv, self.font)
        self.tmpl = f"{fp_str(size)} Tf {fp_str(leading)} TL"  # the font operator's tail

    def make(self, text: str) -> tuple[str, float]:
        """Format `text` (the canvas being in this font) and keep it."""
        subsets = self.subsets
        ops = None if subsets is None else subsets.ops(text, self.tmpl)
        if ops is None:
            # A fresh text object, as every drawString makes: it names the font subset first.
            # Its formatting gives new characters their subset codes, which are remembered.
            ops = self.canv.beginText(0, 0)._formatText(text)  # noqa: SLF001
            if subsets is not None:
                subsets.learn(text)
        found = self[text] = (ops, self.font.stringWidth(text, self.size))
        return found


def forget(canv) -> None:  # noqa: ANN001 - a reportlab Canvas
    """Drop what this module keeps on a canvas (it refers back to the canvas): call once the
    document is written, so the canvas and its pages are freed at once."""
    for key in (_CACHE, _SUBSETS, _NUMBERS):
        canv.__dict__.pop(key, None)


def _texts(canv) -> _Texts:  # noqa: ANN001 - a reportlab Canvas
    """The cache of formatted texts for the canvas's current font, size and leading."""
    key = (canv._fontname, canv._fontsize, canv._leading)  # noqa: SLF001
    cache = canv.__dict__.get(_CACHE)
    if cache is None:
        cache = canv.__dict__[_CACHE] = {}
    texts = cache.get(key)
    if texts is None:
        texts = cache[key] = _Texts(canv, *key)
    return texts


def _text_ops(canv, text: str) -> tuple[str, float]:  # noqa: ANN001 - a reportlab Canvas
    """The text-showing operators reportlab writes for `text` in the canvas's current font,
    and the text's width."""
    texts = _texts(canv)
    found = texts.get(text)
    if found is None:
        found = texts.make(text)
    return found


def _subsets(canv, font) -> _Subsets | None:  # noqa: ANN001 - a reportlab Canvas and font
    if not getattr(font, "_dynamicFont", False) or not hasattr(font, "splitString"):
        return None  # not an embedded TrueType font
    per_font = canv.__dict__.get(_SUBSETS)
    if per_font is None:
        per_font = canv.__dict__[_SUBSETS] = {}
    found = per_font.get(font.fontName)
    if found is None:
        found = per_font[font.fontName] = _Subsets(canv, font)
    return found


def _numbers(canv) -> dict[float, str]:  # noqa: ANN001 - a reportlab Canvas
    """fp_str of positions already written on this canvas: rows and columns repeat them."""
    found = canv.__dict__.get(_NUMBERS)
    if found is None:
        found = canv.__dict__[_NUMBERS] = {}
    return found


def _start(style, colpos: float, colwidth: float) -> tuple[str, float]:  # noqa: ANN001
    """A cell style's alignment and where its text starts before the text's own width counts:
    the left edge (LEFT), the right edge (RIGHT, less the width) or the middle (CENTER, less
    half the width), in reportlab's order of operations."""
    just = style.alignment
    if just == "LEFT":
        return just, colpos + style.leftPadding
    if just == "RIGHT":
        return just, colpos + colwidth - style.rightPadding
    return just, colpos + (colwidth + style.leftPadding - style.rightPadding) * 0.5


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

    def _head_rows(self) -> int | None:
        """The repeated header rows when every merged cell lies within them (then the body
        rows are plain cells placed from the row and column positions), else None."""
        head = self.repeatRows
        if not isinstance(head, int) or getattr(self, "_full_spans", False):
            return None
        ncols, nrows = self._ncols, self._nrows
        if not (ncols and nrows):
            return None
        for _, (x0, y0), (x1, y1) in self._spanCmds:
            if min(x0, x1) < 0 or max(x0, x1) >= ncols or min(y0, y1) < 0:
                return None
            if max(y0, y1) >= min(head, nrows):
                return None
        for _, (sc, sr), (ec, er), _ in self._bkgrndcmds:
            if not (isinstance(sr, int) and isinstance(er, int)):
                continue  # rows named for splits: not drawn by draw()
            # A fill of one cell is drawn over its span rectangle: keep them for the body too.
            if sc % ncols == ec % ncols and sr % nrows == er % nrows and sr % nrows >= head:
                return None
        return head

    def _calcSpanRanges(self) -> None:  # noqa: N802 - reportlab's name
        head = self._head_rows()
        self._spans_head = head  # the rows the span entries cover (None: all)
        if head is None:
            super()._calcSpanRanges()
            return
        # Reportlab's ranges, for the header rows only: the body has no merged cell, and its
        # cells are placed by draw() below (a long table saves one entry per body cell).
        ranges: dict[tuple[int, int], tuple[int, int, int, int] | None]
        self._spanRanges = ranges = {
            (x, y): (x, y, x, y) for y in range(head) for x in range(self._ncols)
        }
        self._colSpanCells, self._rowSpanCells = [], []
        for _, (x0, y0), (x1, y1) in self._spanCmds:
            x0, x1 = sorted((x0, x1))
            y0, y1 = sorted((y0, y1))
            if x0 == x1 and y0 == y1:
                continue
            cells = [(x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]
            if x0 != x1:
                self._colSpanCells += cells
            if y0 != y1:
                self._rowSpanCells += cells
            for cell in cells:
                ranges[cell] = None
            ranges[x0, y0] = (x0, y0, x1, y1)

    def _all_spans(self) -> None:
        """From now on, span entries for every cell, as reportlab computes them."""
        self._full_spans = True
        if getattr(self, "_spans_head", None) is not None:
            self.__dict__.pop("_spanRects", None)
            self._calcSpanRanges()
            self._calcSpanRects()

    def split(self, availWidth, availHeight):  # noqa: ANN001, ANN201, N803 - reportlab's
        # Splitting reads the span entries of every cell.
        self._all_spans()
        return super().split(availWidth, availHeight)

    def draw(self) -> None:
        head = self._head_rows()
        if head is None or not self._spanCmds or getattr(self, "_renderCB", None):
            self._all_spans()  # e.g. a style added after the table was measured
            super().draw()
            return
        # Table.draw's steps for a table with merged cells, in the same order.
        canv = self.canv
        canv.saveState()
        self._curweight = self._curcolor = self._curcellstyle = None
        self._makeShadow()
        self._makeRoundedCornersClip()
        self._drawBkgrnd()
        rects, values, styles = self._spanRects, self._cellvalues, self._cellStyles
        for row in range(head):
            for col in range(self._ncols):
                rect = rects[col, row]
                if rect is not None:
                    x, y, width, height = rect
                    self._drawCell(values[row][col], styles[row][col], (x, y), (width, height))
        self._draw_body(head)
        self._drawLines()
        canv.restoreState()
        if self._roundingRectDef:
            self._restoreRoundingObscuredLines()

    def _draw_body(self, head: int) -> None:
        """The body cells, row by row, placed as reportlab's span rectangles place them."""
        canv = self.canv
        code = canv._code  # noqa: SLF001
        positions = self._colpositions
        columns = [(x, positions[c + 1] - x) for c, x in enumerate(positions[:-1])]
        starts: list[dict] = [{} for _ in columns]  # per column and style: x before the width
        rows = self._rowpositions
        values, styles = self._cellvalues, self._cellStyles
        matrix = "1 0 0 1" if canv.bottomup else "1 0 0 -1"
        texts = None  # the formatted texts of the canvas's current font
        numbers = _numbers(canv)
        for r in range(head, self._nrows):
            rowpos = rows[r + 1]
            rowheight = rows[r] - rowpos
            row_y: dict = {}  # per style: the baseline, formatted
            for (colpos, colwidth), cellval, style, start in zip(
                columns, values[r], styles[r], starts, strict=True
            ):
                if cellval.__class__ is not str or not getattr(style, "fast", False):
                    if cellval == () and _same_font(self._curcellstyle, style):
                        continue  # an empty cell: reportlab would write nothing for it either
                    self._drawCell(cellval, style, (colpos, rowpos), (colwidth, rowheight))
                    texts = None
                    continue
                if self._curcellstyle is not style or texts is None:
                    if self._curcellstyle is not style:
                        self._use_style(style)
                    texts = _texts(canv)
                if "\n" in cellval:
                    self._drawCell(cellval, style, (colpos, rowpos), (colwidth, rowheight))
                    texts = None
                    continue
                sy = row_y.get(style)
                if sy is None:
                    # Reportlab's own arithmetic (valign MIDDLE, one line): the same positions.
                    y = (
                        rowpos
                        + (style.bottomPadding + rowheight - style.topPadding + style.leading) / 2.0
                    )
                    y -= style.fontsize
                    sy = numbers.get(y)
                    if sy is None:
                        sy = numbers[y] = fp_str(y)
                    row_y[style] = sy
                found = texts.get(cellval)
                if found is None:
                    found = texts.make(cellval)
                ops, width = found
                placed = start.get(style)
                if placed is None:
                    placed = start[style] = _start(style, colpos, colwidth)
                just, x = placed
                # Evaluated as reportlab does: from the cell's edge, then back by the width.
                if just == "RIGHT":
                    x = x - width
                elif just != "LEFT":
                    x = x - 0.5 * width
                sx = numbers.get(x)
                if sx is None:
                    sx = numbers[x] = fp_str(x)  # fp_str(x, y) is fp_str(x) + " " + fp_str(y)
                code.append(f"BT {matrix} {sx} {sy} Tm {ops} T* ET")

    def _use_style(self, cellstyle) -> None:  # noqa: ANN001 - a reportlab CellStyle
        """Switch colour and font as Table._drawCell does when the cell style changes."""
        cur = self._curcellstyle
        if cur is None or cellstyle.color != cur.color:
            self.canv.setFillColor(cellstyle.color)
        if (
            cur is None
            or cellstyle.leading != cur.leading
            or cellstyle.fontname != cur.fontname
            or cellstyle.fontsize != cur.fontsize
        ):
            self.canv.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
        self._curcellstyle = cellstyle

    def _drawCell(self, cellval, cellstyle, pos, size) -> None:  # noqa: ANN001, N802
        if not (type(cellval) is str and getattr(cellstyle, "fast", False)) or "\n" in cellval:
            if cellval == () and _same_font(self._curcellstyle, cellstyle):
                return  # an empty cell: reportlab would write nothing for it either
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        canv = self.canv
        if self._curcellstyle is not cellstyle:
            self._use_style(cellstyle)
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
