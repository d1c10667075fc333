"""Column widths for a printed table and the split of too-wide tables into column parts.

A table is printed at the largest font size (8 pt down to 6.5 pt) at which its columns fit the
page. When even 6.5 pt does not fit, the amount columns are split into parts and the leading text
columns (codes and names) are repeated in every part, so no figure is printed smaller than 6.5 pt.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from desktop.tables.spec import HeaderCell

FONT_SIZES = (8.0, 7.5, 7.0, 6.5)
MIN_FONT_SIZE = FONT_SIZES[-1]
PAD = 2.5  # left + right cell padding, each side
NAME_CHARS = 18  # a name column wraps beyond this many characters
HEADER_CHARS = 4  # a header may wrap down to this many characters per line


@dataclass(frozen=True)
class ColumnPart:
    """One printed part of a table: which leaf columns, their widths, the header for them."""

    columns: list[int]
    widths: list[float]
    header: list[HeaderCell]
    font_size: float
    index: int  # 0-based part number
    count: int  # parts in all


def _widest(font: str, texts: list[list[str]]) -> list[list[str]]:
    """Per column, the texts of the greatest printed width.

    A string's width is its glyph widths summed, times the size: the same texts are the widest
    at every font size, so each column is measured in full once and then only these few.
    """
    out = []
    measure, size = getFont(font).stringWidth, FONT_SIZES[0]  # what stringWidth() calls
    for column in texts:
        width = {t: measure(t, size) for t in set(column) if t}
        top = max(width.values(), default=0.0)
        out.append([t for t, w in width.items() if w == top])
    return out


def _natural_widths(
    font: str, size: float, labels: list[str], widest: list[list[str]], wrap: set[int]
) -> list[float]:
    widths = []
    for i, label in enumerate(labels):
        body = max((stringWidth(t, font, size) for t in widest[i]), default=0.0)
        head = min(stringWidth(label.replace(" ", ""), font, size), HEADER_CHARS * size)
        if i in wrap:
            body = min(body, NAME_CHARS * size)
        widths.append(max(body, head, 1.6 * size) + 2 * PAD)
    return widths


def plan_columns(
    font: str,
    labels: list[str],
    texts: list[list[str]],
    fixed: list[int],
    wrap: set[int],
    header: list[HeaderCell],
    available: float,
) -> list[ColumnPart]:
    """Choose a font size and split the columns into parts that fit `available` points.

    `texts[i]` are the printed texts of column i, `fixed` the text columns repeated in every
    part, `wrap` the columns whose text may wrap onto several lines (names).
    """
    all_cols = list(range(len(labels)))
    texts = _widest(font, texts)
    for size in FONT_SIZES:
        widths = _natural_widths(font, size, labels, texts, wrap)
        if sum(widths) <= available:
            return [
                ColumnPart(all_cols, _fill(widths, all_cols, wrap, available), header, size, 0, 1)
            ]
    # Too wide even at the smallest size: find how many parts are needed at 6.5 pt, then the
    # largest font at which that many balanced parts still fit.
    rest = [i for i in all_cols if i not in fixed]
    count = len(
        _split(_natural_widths(font, MIN_FONT_SIZE, labels, texts, wrap), fixed, rest, available, 1)
    )
    for size in FONT_SIZES:
        widths = _natural_widths(font, size, labels, texts, wrap)
        groups = _split(widths, fixed, rest, available, count)
        if len(groups) == count or size == MIN_FONT_SIZE:
            break
    parts = []
    for n, group in enumerate(groups):
        cols = list(fixed) + group
        part_widths = _fill([widths[i] for i in all_cols], cols, wrap, available)
        parts.append(
            ColumnPart(cols, part_widths, _clip_header(header, cols), size, n, len(groups))
        )
    return parts


def _split(
    widths: list[float], fixed: list[int], rest: list[int], available: float, count: int
) -> list[list[int]]:
    """Split `rest` into runs that fit beside the fixed columns, aiming at `count` even parts."""
    room = available - sum(widths[i] for i in fixed)
    target = min(room, sum(widths[i] for i in rest) / count * 1.04)
    groups: list[list[int]] = [[]]
    used = 0.0
    for i in rest:
        limit = target if len(groups) < count else room
        if groups[-1] and used + widths[i] > limit:
            groups.append([])
            used = 0.0
        groups[-1].append(i)
        used += widths[i]
    return groups


def _fill(widths: list[float], cols: list[int], wrap: set[int], available: float) -> list[float]:
    """Widths of `cols`, widened proportionally so the table uses the whole line."""
    chosen = [widths[i] for i in cols]
    total = sum(chosen)
    if total <= 0 or total >= available:
        return chosen
    factor = available / total
    return [w * factor for w in chosen]


def _clip_header(header: list[HeaderCell], cols: list[int]) -> list[HeaderCell]:
    """The header cells as seen through `cols` (spans cut at the part's edges, renumbered)."""
    position = {c: n for n, c in enumerate(cols)}
    out = []
    for cell in header:
        inside = [position[c] for c in range(cell.col, cell.col + cell.colspan) if c in position]
        if not inside:
            continue
        out.append(HeaderCell(cell.text, cell.row, min(inside), cell.rowspan, len(inside)))
    return out
