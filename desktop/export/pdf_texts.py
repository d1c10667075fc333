"""The printed texts of a table's body, column by column, formatted in one pass for the PDF.

A large department prints some 150,000 cells: non-zero amounts go straight to `money.wan_text`
(万元 in integer arithmetic), text and blanks print as they are, zero and 增减率 are left to
`printed.cell_text`, without the per-cell dispatch of `TableGrid.body_texts()`.
`tests/export/test_pdf_texts.py` holds both to the same strings.
"""

from __future__ import annotations

from desktop.money import wan_text
from desktop.tables.printed import TableGrid, cell_text


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
