"""The form model behind the performance tables: cells with merges, and the helpers layouts share.

A performance table (绩效目标表) is a form: label/value blocks and an inner indicator grid with
merged cells, not a roll-up grid. `FormResult` is an immutable snapshot of one printed form;
`FormSpec` says how to build the forms of one table from the ledger. The layouts themselves live in
`forms_hunan.py`, `forms_lukou.py` and `forms_shifeng.py`; `forms.py` is the public entry point.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.money import DisplayUnit, format_amount
from desktop.records import Indicator

if TYPE_CHECKING:
    from desktop.ledger import Ledger

LABEL, HEADER, VALUE = "label", "header", "value"
EMPTY_NOTE = "注：如本表格为空，则表示本年度未安排此项目。"


@dataclass(frozen=True)
class FormCell:
    row: int
    col: int
    text: str  # what is printed (amounts already as 万元 text, e.g. "25.00")
    rowspan: int = 1
    colspan: int = 1
    role: str = VALUE  # "label" (fixed caption), "header" (inner grid column header), "value"
    amount: int | None = None  # 分, when the cell is a money figure from the ledger
    align: str = "left"  # "left" | "center" | "right"
    source: object | None = None  # the record behind a value cell, for jump-to-edit
    field: str = ""  # the record field the cell shows, e.g. "value", "goal"


@dataclass(frozen=True)
class FormResult:
    spec: FormSpec
    subject: str  # project / special-fund code, "" for the department
    title: str  # printed title, e.g. "生态污染防治专项经费支出方向绩效目标表"
    rows: int
    columns: int
    cells: tuple[FormCell, ...]
    col_widths: tuple[float, ...]  # relative widths, sum 1.0

    def cell_at(self, row: int, col: int) -> FormCell | None:
        """The cell covering (row, col), merged or not."""
        for cell in self.cells:
            if (
                cell.row <= row < cell.row + cell.rowspan
                and cell.col <= col < cell.col + cell.colspan
            ):
                return cell
        return None

    def row_texts(self, row: int) -> list[str]:
        """Texts of the cells that start on `row`, left to right (a merged cell appears once)."""
        return [c.text for c in sorted(self.cells, key=lambda c: c.col) if c.row == row]

    def to_json(self) -> dict:
        """The documented JSON form (docs/JSON.md), rendered from the printed grid."""
        from desktop.tables.printed import FormGrid

        return FormGrid(self).to_json()


@dataclass(frozen=True)
class FormSpec:
    number: int | None  # 22, 23 for the Hunan set; None for other layouts
    key: str  # e.g. "hunan-project-target", "lukou2026-dept-target"
    title: str
    layout: str  # "hunan" | "lukou2026" | "shifeng2023"
    orientation: str  # "portrait" | "landscape"
    unit_label: str  # "金额单位：万元"
    note: str  # printed when the form set is empty
    build: Callable[[Ledger], list[FormResult]] = field(compare=False, repr=False)

    @property
    def selection_number(self) -> int:
        """The table number that selects this spec for export: 23 department, 22 projects."""
        if self.number is not None:
            return self.number
        return 23 if self.key.endswith("dept-target") else 22


def make_spec(
    number: int | None,
    key: str,
    title: str,
    layout: str,
    builder: Callable[[FormSpec, Ledger], list[FormResult]],
    unit_label: str = "金额单位：万元",
    orientation: str = "portrait",
    note: str = EMPTY_NOTE,
) -> FormSpec:
    """A spec whose `build` passes the spec itself to `builder`."""
    holder: list[FormSpec] = []
    spec = FormSpec(
        number, key, title, layout, orientation, unit_label, note, lambda lg: builder(holder[0], lg)
    )
    holder.append(spec)
    return spec


class Grid:
    """Collects the cells of one form row by row."""

    def __init__(self, widths: Iterable[float]) -> None:
        self.widths = tuple(widths)
        total = sum(self.widths)
        self.widths = tuple(round(w / total, 4) for w in self.widths)
        self.cells: list[FormCell] = []
        self.row = 0

    @property
    def columns(self) -> int:
        return len(self.widths)

    def label(self, col: int, text: str, colspan: int = 1, rowspan: int = 1) -> None:
        self.cells.append(FormCell(self.row, col, text, rowspan, colspan, LABEL, align="center"))

    def header(self, col: int, text: str, colspan: int = 1, rowspan: int = 1) -> None:
        self.cells.append(FormCell(self.row, col, text, rowspan, colspan, HEADER, align="center"))

    def headers(self, first_col: int, texts: Iterable[str]) -> None:
        for i, text in enumerate(texts):
            self.header(first_col + i, text)

    def value(
        self,
        col: int,
        text: str,
        source: object | None = None,
        field_name: str = "",
        colspan: int = 1,
        rowspan: int = 1,
        align: str = "left",
    ) -> None:
        self.cells.append(
            FormCell(self.row, col, text, rowspan, colspan, VALUE, None, align, source, field_name)
        )

    def amount(
        self,
        col: int,
        fen: int | None,
        zero_text: str = "0.00",
        source: object | None = None,
        field_name: str = "",
        colspan: int = 1,
        rowspan: int = 1,
        prefix: str = "",
    ) -> None:
        """A money cell: 万元 with two decimals; a zero prints as the layout prints it."""
        text = "" if fen is None else amount_text(fen, zero_text)
        self.cells.append(
            FormCell(
                self.row,
                col,
                prefix + text,
                rowspan,
                colspan,
                VALUE,
                fen,
                "left" if prefix else "right",
                source,
                field_name,
            )
        )

    def next(self, rows: int = 1) -> None:
        self.row += rows

    def result(self, spec: FormSpec, subject: str, title: str) -> FormResult:
        rows = max((c.row + c.rowspan for c in self.cells), default=0)
        cells = tuple(sorted(self.cells, key=lambda c: (c.row, c.col)))
        return FormResult(spec, subject, title, rows, self.columns, cells, self.widths)


def amount_text(fen: int, zero_text: str = "0.00") -> str:
    """万元 with two decimals, without thousands separators (the forms print none)."""
    if fen == 0:
        return zero_text
    return format_amount(fen, DisplayUnit.WAN_YUAN, 2, thousands=False)


# -- indicators ------------------------------------------------------------------------------------


def indicator_rows(
    grid: Grid,
    indicators: list[Indicator],
    first_col: int,
    columns: tuple[tuple[str, Callable[[Indicator], str] | None], ...],
) -> int:
    """Write the indicator rows: 一级 and 二级 merged over runs of equal text, then `columns`
    (field name, optional text function) from `first_col + 2`. Returns the number of rows."""
    start = grid.row
    for off1, run in _runs(indicators, lambda ind: ind.level1):
        grid.row = start + off1
        grid.value(first_col, run[0].level1, run[0], "level1", rowspan=len(run), align="center")
        for off2, sub in _runs(run, lambda ind: ind.level2):
            grid.row = start + off1 + off2
            grid.value(first_col + 1, sub[0].level2, sub[0], "level2", rowspan=len(sub))
    for k, ind in enumerate(indicators):
        grid.row = start + k
        for n, (name, text) in enumerate(columns):
            shown = text(ind) if text else getattr(ind, name)
            align = "center" if name in ("comparator", "measure_unit") else "left"
            grid.value(first_col + 2 + n, shown, ind, name, align=align)
    grid.row = start + len(indicators)
    return len(indicators)


def _runs(items: list, key: Callable) -> list[tuple[int, list]]:
    """Consecutive runs of equal key: (offset of the run's first item, the run)."""
    out: list[tuple[int, list]] = []
    for i, item in enumerate(items):
        if out and key(out[-1][1][0]) == key(item):
            out[-1][1].append(item)
        else:
            out.append((i, [item]))
    return out


def value_with_unit(ind: Indicator) -> str:
    """指标值及单位 for layouts without comparator and unit columns: “≤19.54万元”, “95%以上”."""
    unit = ind.measure_unit.strip()
    text = ind.value
    if unit and unit not in ("无", "/") and not text.endswith(unit):
        text += unit
    if ind.comparator in ("≥", "≤", "=", ">", "<") and not text.startswith(ind.comparator):
        text = ind.comparator + text
    return text
