"""The printed texts of a table's body, column by column, formatted in one pass for the PDF.

`TableGrid.body_texts()` formats every amount through `format_amount` (a `Decimal` division and
quantize per cell); a large department prints some 150,000 cells, so the PDF formats non-zero
amounts in 万元 with integer arithmetic instead: rounded half away from zero to 0.01 万元
(100 元), as `money.rounded` rounds, thousands separated; text and blanks print as they are,
zero and 增减率 are left to `printed.cell_text`. `tests/export/test_pdf_texts.py` holds both
to the same strings.
"""

from __future__ import annotations

from desktop.tables.printed import TableGrid, cell_text

_FEN_PER_CENT_OF_WAN = 10_000  # 0.01 万元 = 100 元 = 10,000 分


def wan_text(fen: int) -> str:
    """`format_amount(fen, DisplayUnit.WAN_YUAN)` for a non-zero amount: e.g. 1,234.57."""
    cents, rest = divmod(abs(fen), _FEN_PER_CENT_OF_WAN)
    if 2 * rest >= _FEN_PER_CENT_OF_WAN:
        cents += 1
    whole, frac = divmod(cents, 100)
    # A negative amount keeps its sign even when it rounds to 0.00, as Decimal prints it.
    return f"{'-' if fen < 0 else ''}{whole:,}.{frac:02d}"


def body_texts(grid: TableGrid) -> list[list[str]]:
    """What `grid.body_texts()` returns: the printed text of every body cell, per column."""
    result = grid.result
    values = [row.values for row in result.rows]
    out: list[list[str]] = []
    for c in range(grid.columns):
        texts = []
        for r, row in enumerate(values):
            value = row[c]
            kind = value.__class__
            if kind is int and value:
                texts.append(wan_text(value))
            elif kind is str:
                texts.append(value)
            elif value is None:
                texts.append("")
            else:  # zero (blank, or 0.00 in an empty table) and 增减率
                texts.append(cell_text(result, r, c))
        out.append(texts)
    return out
