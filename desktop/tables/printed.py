"""One printed grid for standard tables and forms: cells with spans, role, value and ledger reference.

A standard table (`TableResult`) and a performance form (`FormResult`) both lower into a
`PrintedGrid`; each medium (GUI view, PDF, workbook sheet, terminal text) renders that one
structure. Every cell knows the ledger behind it: a table cell its table, row key, leaf column
and the selector of the lines it sums; a form cell its record and field. A finding points at a
table cell by (table, row key, column index), so nothing is ever looked up by header text.

Tables are large (a big department prints tens of thousands of cells), so their cells are made on
demand from the result; forms are small and keep their cells.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple, cast

from desktop.money import DisplayUnit, format_amount, yuan_str
from desktop.tables.footing import (
    column_equalities,
    column_path_parts,
    column_paths,
    row_children,
)
from desktop.tables.forms_core import FormResult
from desktop.tables.result import DEPARTMENT, TOTAL, UNIT, TableResult
from desktop.tables.spec import HeaderCell, ListingSpec, Rate, Selector, TableSpec

if TYPE_CHECKING:
    from desktop.records import Record

# Cell roles.
HEADER = "header"  # a column header (of a table, or of a form's inner indicator grid)
LABEL = "label"  # a fixed caption of a form; a code or name of a table row
VALUE = "value"  # an amount or a typed value from the ledger
# Column kinds of a table: amounts, names (wrap when long), codes (short, never wrap) and
# 增减率 (a percentage printed right-aligned like an amount, but never summed or read back).
AMOUNT, NAME, CODE, RATE = "amount", "name", "code", "rate"
NUMBER_KINDS = (AMOUNT, RATE)
NAME_TEXTS = ("name", "label")
EMPHASIS_LEVELS = (TOTAL, DEPARTMENT, UNIT)


class TableCellRef(NamedTuple):
    """A cell of a standard table: the exact place in the ledger's roll-up it prints."""

    table: int
    row_key: tuple
    column: int  # leaf column index
    select: Selector | None = None  # the lines it sums (with the table's filter); None for text


class FormCellRef(NamedTuple):
    """A cell of a form showing a field of a ledger record (indicator, project, target …)."""

    record: object
    field: str


class PrintedCell(NamedTuple):
    """One printed cell (a tuple: a large table prints a couple of hundred thousand)."""

    row: int  # grid row: a table's header rows come first
    col: int
    text: str  # as printed on paper (amounts in 万元, two decimals)
    rowspan: int = 1
    colspan: int = 1
    role: str = VALUE
    amount: int | None = None  # 分, when the cell is a money figure
    align: str = "left"  # "left" | "center" | "right"
    ref: TableCellRef | FormCellRef | None = None


def shows_zero(result: TableResult, row_index: int, col_index: int) -> bool:
    """The seed prints 0.00 only in the first amount column of the 合计 row of an empty table."""
    if not result.empty or not getattr(result.spec, "zero_when_empty", True):
        return False
    row = result.rows[row_index]
    amount_cols = result.amount_columns()
    return row.level == TOTAL and bool(amount_cols) and col_index == amount_cols[0]


def cell_text(result: TableResult, row_index: int, col_index: int) -> str:
    """The printed text of one body cell of a table (万元, 2 decimals, zero blank)."""
    value = result.rows[row_index].values[col_index]
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, Rate):
        return value.text()
    if value == 0:
        return "0.00" if shows_zero(result, row_index, col_index) else ""
    return format_amount(value, DisplayUnit.WAN_YUAN)


class PrintedGrid:
    """What every medium prints for one table or form: heading data and the cell grid.

    Rows are counted over the whole grid: a table's `header_rows` merged header rows come first
    and repeat on every page; a form has none (its inner header rows are ordinary cells).
    """

    kind: str  # "table" | "form"
    number: int | None
    key: str
    title: str
    orientation: str
    unit_label: str
    note: str  # printed when the grid is empty
    number_label: str = ""  # printed with the unit line, e.g. 公开01表
    footnote: str = ""  # printed under the grid always (注：本表反映…), one paragraph a line
    empty: bool
    rows: int
    columns: int
    header_rows: int
    col_widths: tuple[float, ...]  # relative widths (sum 1) when the layout fixes them, else ()

    def cell(self, row: int, col: int) -> PrintedCell | None:
        """The cell starting at (row, col); None where a merge covers it or nothing is printed."""
        raise NotImplementedError

    def cells(self) -> Iterator[PrintedCell]:
        """Every printed cell (each merged cell once), row by row."""
        for row in range(self.rows):
            for col in range(self.columns):
                cell = self.cell(row, col)
                if cell is not None:
                    yield cell

    @property
    def unit_text(self) -> str:
        """The right end of the 单位 line: the table's number label (公开01表), then the unit."""
        return f"{self.number_label}    {self.unit_label}" if self.number_label else self.unit_label

    def printed_notes(self) -> list[str]:
        """The notes printed under the grid: the footnote's lines, then (empty) the empty note."""
        notes = [line for line in self.footnote.split("\n") if line.strip()]
        if self.empty and self.note:
            notes.append(self.note)
        return notes

    def header_cells(self) -> list[PrintedCell]:
        return [c for c in self.cells() if c.row < self.header_rows]

    def body_cells(self) -> Iterator[PrintedCell]:
        return (c for c in self.cells() if c.row >= self.header_rows)

    def merges(self) -> list[PrintedCell]:
        return [c for c in self.cells() if c.rowspan > 1 or c.colspan > 1]

    def text_rows(self) -> list[list[str]]:
        """The printed text per grid cell, merged cells on their first row and column only."""
        out = [[""] * self.columns for _ in range(self.rows)]
        for c in self.cells():
            out[c.row][c.col] = c.text
        return out


class TableGrid(PrintedGrid):
    """A standard table as printed: merged header rows, then one grid row per table row."""

    kind = "table"
    number: int  # a standard table always has its number

    def __init__(self, result: TableResult) -> None:
        spec = result.spec
        self.result = result
        self.spec = spec
        self.number = spec.number
        self.key = spec.key
        self.title = spec.title
        self.orientation = spec.orientation
        self.unit_label = spec.unit_label
        self.note = spec.note
        self.number_label = spec.number_label
        self.footnote = spec.footnote
        self.empty = result.empty
        self.leaf = spec.leaf_columns
        self.columns = len(self.leaf)
        self.header_rows, self._header = spec.header()
        self.rows = self.header_rows + len(result.rows)
        self.col_widths = ()
        self.listing = isinstance(spec, ListingSpec)
        self.column_kinds = [
            RATE if c.is_rate else AMOUNT if c.is_amount else NAME if c.text in NAME_TEXTS else CODE
            for c in self.leaf
        ]
        self._at = {(h.row, h.col): h for h in self._header}

    # -- structure computed once, in the domain -----------------------------------------------
    @cached_property
    def column_paths(self) -> list[str]:
        return column_paths(self.spec.columns)

    @cached_property
    def column_equalities(self) -> list[tuple[int, tuple[int, ...]]]:
        return column_equalities(self.spec)

    @cached_property
    def row_children(self) -> dict[int, list[int]]:
        """Parent → child rows, as indexes of the table's rows (not grid rows)."""
        return {} if self.listing else row_children(self.result.rows)

    def amount_columns(self) -> list[int]:
        return [i for i, k in enumerate(self.column_kinds) if k == AMOUNT]

    def header(self) -> tuple[int, list[HeaderCell]]:
        """The merged header as the spec lays it out: (row count, cells)."""
        return self.header_rows, self._header

    # -- rows ----------------------------------------------------------------------------------
    def body_row(self, row: int) -> int:
        """The table row printed on grid row `row`."""
        return row - self.header_rows

    def level(self, body_row: int) -> str:
        return self.result.rows[body_row].level

    def emphasised(self, body_row: int) -> bool:
        """Totals, the department and units print bold."""
        return self.result.rows[body_row].level in EMPHASIS_LEVELS

    def shaded(self, body_row: int) -> bool:
        """The 合计 row (and the department row of a grid table) prints on a grey ground."""
        level = self.result.rows[body_row].level
        return level == TOTAL or (level == DEPARTMENT and not self.listing)

    def body_texts(self) -> list[list[str]]:
        """Printed text of every body cell, column by column (the PDF measures columns)."""
        rows = range(len(self.result.rows))
        return [[cell_text(self.result, r, c) for r in rows] for c in range(self.columns)]

    # -- cells -----------------------------------------------------------------------------------
    def ref(self, body_row: int, col: int) -> TableCellRef:
        row = self.result.rows[body_row]
        return TableCellRef(self.number, row.key, col, self._selector(row.key, col))

    def _selector(self, row_key: tuple, col: int) -> Selector | None:
        """A grid column's selector (with the table filter); a listing item's own selector."""
        if self.column_kinds[col] not in NUMBER_KINDS:
            return None
        spec = self.spec
        if isinstance(spec, ListingSpec):  # i.e. self.listing
            b, k = self._listing_slots[col]
            block = spec.blocks[b]
            items = block.items if row_key[0] == "body" else block.footer
            pos = row_key[1]
            return block.cell_select(items[pos], k) if pos < len(items) else None
        return self._column_selectors[col]

    @cached_property
    def _listing_slots(self) -> list[tuple[int, int]]:
        assert isinstance(self.spec, ListingSpec)
        return self.spec.column_slots

    @cached_property
    def _column_selectors(self) -> list[Selector | None]:
        spec = self.spec
        assert isinstance(spec, TableSpec)  # only grids: a listing's selectors sit in its blocks
        return [None if c.select is None else c.select.narrowed(spec.filter) for c in self.leaf]

    def cell(self, row: int, col: int) -> PrintedCell | None:
        if row < self.header_rows:
            h = self._at.get((row, col))
            if h is None:
                return None
            return PrintedCell(h.row, h.col, h.text, h.rowspan, h.colspan, HEADER, align="center")
        r = row - self.header_rows
        value = self.result.rows[r].values[col]
        kind = self.column_kinds[col]
        ref = self.ref(r, col)
        if kind in NUMBER_KINDS:
            amount = value if isinstance(value, int) else None
            text = cell_text(self.result, r, col)
            return PrintedCell(row, col, text, 1, 1, VALUE, amount, "right", ref)
        align = "left" if kind == NAME else "center"
        return PrintedCell(row, col, value or "", 1, 1, LABEL, None, align, ref)

    def cells(self) -> Iterator[PrintedCell]:
        """Header cells, then every body cell row by row (made in one pass: tables are big)."""
        for h in self._header:
            yield PrintedCell(h.row, h.col, h.text, h.rowspan, h.colspan, HEADER, align="center")
        result, number, first = self.result, self.number, self.header_rows
        new = tuple.__new__  # skips NamedTuple's Python-level constructor: a third faster here
        columns = [
            (k == AMOUNT, "right" if k in NUMBER_KINDS else "left" if k == NAME else "center")
            for k in self.column_kinds
        ]
        rates = RATE in self.column_kinds
        selectors = None if self.listing else self._column_selectors
        wan, empty = DisplayUnit.WAN_YUAN, result.empty
        for r, row in enumerate(result.rows):
            key, grid_row = row.key, first + r
            for col, value in enumerate(row.values):
                select = self._selector(key, col) if selectors is None else selectors[col]
                ref = new(TableCellRef, (number, key, col, select))
                amount, align = columns[col]
                if rates and isinstance(value, Rate):  # 增减率: a percentage, no amount
                    text = value.text()
                    yield new(PrintedCell, (grid_row, col, text, 1, 1, VALUE, None, align, ref))
                    continue
                if not amount:
                    text = value or ""
                    yield new(PrintedCell, (grid_row, col, text, 1, 1, LABEL, None, align, ref))
                    continue
                if value:
                    text = format_amount(value, wan)
                elif value == 0 and empty and shows_zero(result, r, col):
                    text = "0.00"
                else:
                    text = ""
                yield new(PrintedCell, (grid_row, col, text, 1, 1, VALUE, value, align, ref))

    def to_json(self) -> dict:
        """The documented JSON form of a table (docs/JSON.md): amounts as exact 元 strings."""
        columns = [
            {"label": col.label, "path": path, "kind": kind if kind in NUMBER_KINDS else "text"}
            for col, path, kind in zip(
                self.leaf, column_path_parts(self.spec.columns), self.column_kinds, strict=True
            )
        ]
        rows = [
            {
                "code": row.code,
                "name": row.name,
                "level": row.level,
                "cells": [_json_value(v) for v in row.values],
            }
            for row in self.result.rows
        ]
        out = {
            "number": self.number,
            "key": self.key,
            "title": self.title,
            "kind": self.spec.kind,
            # The JSON's amounts are 元 (exact); the printed table's unit line says 万元.
            "unit_label": self.unit_label.replace("万元", "元"),
            "printed_unit_label": self.unit_label,
            "columns": columns,
            "rows": rows,
            "empty": self.empty,
            "note": self.note if self.empty else "",
        }
        # Printed extras of a set that has them (决算 tables: 公开01表, 注：本表反映…).
        if self.number_label:
            out["number_label"] = self.number_label
        if self.footnote:
            out["footnote"] = self.footnote
        return out

    def locate(self, row_key: tuple, column: int) -> tuple[int, int] | None:
        """(table row, column) of the cell a finding names by row key and column index."""
        for i, row in enumerate(self.result.rows):
            if row.key == row_key:
                return (i, column) if 0 <= column < self.columns else None
        return None


class FormGrid(PrintedGrid):
    """A performance form as printed: its cells and merges exactly as the layout built them."""

    kind = "form"
    header_rows = 0
    empty = False

    def __init__(self, form: FormResult) -> None:
        spec = form.spec
        self.form = form
        self.spec = spec
        self.number = spec.number
        self.key = spec.key
        self.title = form.title
        self.subject = form.subject
        self.orientation = spec.orientation
        self.unit_label = spec.unit_label
        self.note = spec.note
        self.rows = form.rows
        self.columns = form.columns
        self.col_widths = form.col_widths
        self._cells = [
            PrintedCell(
                c.row,
                c.col,
                c.text,
                c.rowspan,
                c.colspan,
                c.role,
                c.amount,
                c.align,
                None if c.source is None else FormCellRef(c.source, c.field),
            )
            for c in form.cells
        ]
        self._at = {(c.row, c.col): c for c in self._cells}

    def cell(self, row: int, col: int) -> PrintedCell | None:
        return self._at.get((row, col))

    def cells(self) -> Iterator[PrintedCell]:
        return iter(self._cells)

    def to_json(self) -> dict:
        """The documented JSON form of a form (docs/JSON.md): amounts as exact 元 strings."""
        return {
            "number": self.number,
            "key": self.key,
            "layout": self.spec.layout,
            "subject": self.subject,
            "title": self.title,
            "rows": self.rows,
            "columns": self.columns,
            "col_widths": list(self.col_widths),
            "cells": [_cell_json(c) for c in self._cells],
        }

    def covering(self, row: int, col: int) -> PrintedCell | None:
        """The cell covering (row, col), merged or not."""
        for cell in self._cells:
            if (
                cell.row <= row < cell.row + cell.rowspan
                and cell.col <= col < cell.col + cell.colspan
            ):
                return cell
        return None


def _json_value(value: object) -> object:
    """A table cell in JSON: 元 as an exact string, 增减率 as its percentage string, text as is."""
    if value is None:
        return None
    if isinstance(value, Rate):
        percent = value.percent
        return None if percent is None else f"{percent:.{value.decimals}f}"
    if isinstance(value, int):
        return yuan_str(value)
    return value


def _cell_json(cell: PrintedCell) -> dict:
    out: dict = {
        "row": cell.row,
        "col": cell.col,
        "rowspan": cell.rowspan,
        "colspan": cell.colspan,
        "role": cell.role,
        "text": cell.text,
        "align": cell.align,
        "amount": None if cell.amount is None else yuan_str(cell.amount),
    }
    if isinstance(cell.ref, FormCellRef):
        record = cast("Record", cell.ref.record)  # form cells point at ledger records
        out["source"] = {"type": type(record).__name__, "key": record.key}
        out["field"] = cell.ref.field
    return out


def lower(item: TableResult | FormResult) -> PrintedGrid:
    """The printed grid of a computed table or a built form."""
    return TableGrid(item) if isinstance(item, TableResult) else FormGrid(item)
