"""The form model behind the performance tables: cells with merges, roles and their sources.

A performance table (绩效目标表) is a form: label/value blocks and an inner indicator grid with
merged cells, not a roll-up grid. `FormResult` is an immutable snapshot of one printed form;
`FormSpec` says how to build the forms of one table from the ledger. The layouts themselves are
data (resources/packs/*/forms.json, printed by desktop/packs/forms.py); `forms.py` is the public
entry point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.money import DisplayUnit, format_amount

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
    layout: str  # the forms file's layout id: "hunan" | "lukou2026" | "shifeng2023"
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


def amount_text(fen: int, zero_text: str = "0.00") -> str:
    """万元 with two decimals, without thousands separators (the forms print none)."""
    if fen == 0:
        return zero_text
    return format_amount(fen, DisplayUnit.WAN_YUAN, 2, thousands=False)
