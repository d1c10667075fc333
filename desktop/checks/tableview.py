"""Reading computed tables the way a reviewer does: cells by printed header path and row.

Column positions are derived from the table spec (header paths such as "基本支出/人员经费/工资福利
支出"), never hard-coded, so a changed spec moves the checks with it.
"""

from __future__ import annotations

from itertools import compress
from operator import attrgetter, eq, ne

from desktop.checks.finding import CellRef
from desktop.tables.footing import column_paths, total_label
from desktop.tables.result import TOTAL, UNIT, Row, TableResult
from desktop.tables.spec import ListingSpec

__all__ = ["TableView", "changed_rows", "column_paths", "total_label"]


def changed_rows(old: tuple[Row, ...], result: TableResult) -> list[int] | None:
    """Indexes of the rows of `result` whose amounts differ from the rows `old`, or None when
    they are not the same row keys in the same order. The roll-up says which rows an edit changed
    (`RowDelta`) when `result` follows `old` directly; otherwise the rows are compared."""
    delta = result.delta
    if delta is not None and delta.previous is old:
        return list(delta.changed)
    new = result.rows
    key, values = attrgetter("key"), attrgetter("values")
    if len(old) != len(new) or not all(map(eq, map(key, old), map(key, new))):
        return None
    return list(compress(range(len(new)), map(ne, map(values, old), map(values, new))))


class TableView:
    """Lookups on one TableResult: columns by path, the 合计 row, unit rows, listing items."""

    def __init__(self, result: TableResult) -> None:
        self.result = result
        self.number = result.number
        self.paths = column_paths(result.spec.columns)
        self._by_path = {p: i for i, p in enumerate(self.paths)}
        self.is_listing = isinstance(result.spec, ListingSpec)
        # The same object for every view `follow` derives from this one (rows with the same keys
        # in the same order): what depends only on the rows' keys may be kept while it stays.
        self.structure = object()
        # Row indexes, not rows: they stay valid for a result derived from this one after an
        # edit (same rows in the same order, see `RowDelta`), so `follow` need not rebuild them.
        self._total: int | None = None
        self._unit_index: dict[str, int] | None = None
        self._units: dict[str, Row] | None = None
        self._codes: dict[str, int] | None = None
        self._unit_rows: dict[tuple[str, str, str], int] | None = None
        self._labels: dict[int, dict[tuple[str, int], int]] | None = None

    def follow(self, result: TableResult) -> TableView:
        """The view of `result`: this one's lookups reused when `result` was derived from this
        view's result by changing amounts only, else a new view."""
        delta = result.delta
        if delta is None or delta.previous is not self.result.rows:
            return TableView(result)
        view = object.__new__(TableView)
        view.__dict__.update(self.__dict__)
        view.result = result
        view._units = None
        return view

    # -- columns ---------------------------------------------------------------------------
    def col(self, path: str) -> int:
        """Index of the leaf column printed under `path` ("基本支出/小计")."""
        try:
            return self._by_path[path]
        except KeyError:
            raise KeyError(f"表{self.number} 没有“{path}”列") from None

    # -- rows ------------------------------------------------------------------------------
    @property
    def total(self) -> Row:
        return self.result.rows[self.total_index()]

    def total_index(self) -> int:
        if self._total is None:
            self._total = next(i for i, r in enumerate(self.result.rows) if r.level == TOTAL)
        return self._total

    @property
    def units(self) -> dict[str, Row]:
        """Unit rows by unit code (tables whose row axis has units)."""
        if self._units is None:
            rows = self.result.rows
            self._units = {code: rows[i] for code, i in self.unit_index().items()}
        return self._units

    def unit_index(self) -> dict[str, int]:
        """Row index of each unit row by unit code, in row order."""
        if self._unit_index is None:
            self._unit_index = {
                r.code: i for i, r in enumerate(self.result.rows) if r.level == UNIT
            }
        return self._unit_index

    def unit(self, code: str) -> Row | None:
        """The unit row of `code` (without building `units`)."""
        i = self.unit_index().get(code)
        return None if i is None else self.result.rows[i]

    def row_by_code(self, code: str) -> Row | None:
        found = self.code_index(code)
        return None if found is None else self.result.rows[found]

    def code_index(self, code: str) -> int | None:
        """Index of the first row with `code`."""
        if self._codes is None:
            self._codes = {}
            for i, r in enumerate(self.result.rows):
                self._codes.setdefault(r.code, i)
        return self._codes.get(code)

    def unit_row(self, unit: str, code: str, level: str) -> Row | None:
        """The 类/款/项 row `code` printed under `unit` (tables whose rows are per unit)."""
        if self._unit_rows is None:
            self._unit_rows = {}
            current = ""
            for i, r in enumerate(self.result.rows):
                if r.level == UNIT:
                    current = r.code
                elif r.level in ("类", "款", "项"):
                    self._unit_rows[(current, r.code, r.level)] = i
        found = self._unit_rows.get((unit, code, level))
        return None if found is None else self.result.rows[found]

    def cell(self, row: Row, col: int) -> CellRef:
        return CellRef(
            table=self.number,
            row_code=row.code,
            row_name=row.name,
            column=self.paths[col],
            row_key=row.key,
            column_index=col,
        )

    # -- listing tables (收支总表, 财政拨款收支总表) -------------------------------------------
    def _label_index(self, label_col: int) -> dict[tuple[str, int], int]:
        """(label, occurrence) -> row index of the labels in one label column."""
        if self._labels is None:
            self._labels = {}
        found = self._labels.get(label_col)
        if found is None:
            found = self._labels[label_col] = {}
            counts: dict[str, int] = {}
            for i, r in enumerate(self.result.rows):
                text = r.values[label_col]
                occ = counts[text] = counts.get(text, -1) + 1
                found[(text, occ)] = i
        return found

    def amount(self, block: str, label: str, occurrence: int = 0) -> int:
        """The amount `item` reads, without its cell reference."""
        label_col = self.col(block)
        i = self._label_index(label_col).get((label, occurrence))
        if i is None:
            return self.item(block, label, occurrence)[0]  # raises the error `item` raises
        return self.result.rows[i].values[label_col + 1] or 0

    def item_index(self, block: str, label: str, occurrence: int = 0) -> tuple[int, int]:
        """(row index, amount column) of the amount `item` reads; raises as `item` does."""
        label_col = self.col(block)
        i = self._label_index(label_col).get((label, occurrence))
        if i is None:
            self.item(block, label, occurrence)  # raises
        return i, label_col + 1  # type: ignore[return-value]

    def item(self, block: str, label: str, occurrence: int = 0) -> tuple[int, CellRef]:
        """The amount printed next to `label` in the block whose label column is `block`
        ("支出/项目（按功能分类）"); a blank amount counts as 0."""
        label_col = self.col(block)
        i = self._label_index(label_col).get((label, occurrence))
        if i is not None:
            row = self.result.rows[i]
            value = row.values[label_col + 1]
            ref = self.cell(row, label_col + 1)
            return (value or 0), CellRef(
                table=ref.table,
                row_name=label,
                column=f"{block}/{self.paths[label_col + 1].rsplit('/', 1)[-1]}",
                row_key=ref.row_key,
                column_index=ref.column_index,
            )
        raise KeyError(f"表{self.number}“{block}”栏没有第 {occurrence + 1} 个“{label}”")

    def block_items(self, block: str) -> list[tuple[str, int, CellRef]]:
        """(label, amount, cell) of every printed body line of a listing block."""
        label_col = self.col(block)
        out = []
        counts: dict[str, int] = {}
        for row in self.result.rows:
            label = row.values[label_col]
            if label and row.level != TOTAL:
                occ = counts.get(label, 0)
                counts[label] = occ + 1
                value, ref = self.item(block, label, occ)
                out.append((label, value, ref))
        return out
