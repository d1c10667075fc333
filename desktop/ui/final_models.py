"""Input grids of a 部门决算 file: 结转和结余 (BalanceLine), 预算数 (BudgetBaselineLine) and
三公数量 (ActivityCount). The rules on them are the ledger's (desktop/validation.py) and the 决算
checks' (desktop/checks/finalrules.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from desktop.records import (
    ACTIVITY_ITEMS,
    ActivityCount,
    BalanceLine,
    BudgetBaselineLine,
    Change,
    Record,
)
from desktop.ui import codes
from desktop.ui.display import amount_edit_text, amount_text, parse_entry
from desktop.ui.document import Document
from desktop.ui.grid_model import Edit
from desktop.ui.public_text_models import count_column
from desktop.ui.record_models import (
    Column,
    RecordModel,
    code_column,
    kind_project_columns,
    name_column,
)


def fen_column(document: Document, header: str, field: str) -> Column:
    """An amount column on `field` (分), typed and shown in the window's unit."""

    def parse(record: Record, text: str) -> Record:
        return dataclasses.replace(record, **{field: parse_entry(text, document.unit) or 0})

    def fen(record: Record) -> int:
        return getattr(record, field)

    return Column(
        header,
        show=lambda r: amount_text(fen(r), document.unit, blank_zero=False),
        parse=parse,
        edit=lambda r: amount_edit_text(fen(r), document.unit),
        fen=fen,
        clear="",
        width=130,
    )


def _codes(document: Document, econ: bool) -> list[Column]:
    ledger, catalog = document.ledger, document.ledger.catalog
    columns = [
        code_column(
            "单位代码",
            "unit_code",
            lambda t: codes.resolve_unit(ledger, t),
            lambda: codes.completions(codes.unit_options(ledger)),
        ),
        code_column(
            "功能科目编码",
            "function_code",
            lambda t: codes.resolve_function(catalog, t),
            lambda: codes.function_picker(ledger),
        ),
        name_column("功能科目名称", lambda r: catalog.function_name(r.function_code), 170),
    ]
    if econ:
        columns += [
            code_column(
                "经济科目编码",
                "econ_code",
                lambda t: codes.resolve_econ(catalog, t),
                lambda: codes.econ_picker(ledger),
            ),
            name_column("经济科目名称", lambda r: catalog.dept_econ_name(r.econ_code), 150),
        ]
    columns.append(
        code_column(
            "资金来源",
            "fund_source",
            lambda t: codes.resolve_fund(catalog, t),
            lambda: codes.fund_picker(ledger),
            show=lambda r: codes.fund_name(catalog, r.fund_source),
            width=160,
        )
    )
    return columns


def _grid(
    document: Document,
    title: str,
    record_type: type,
    columns: list[Column],
    template: Callable[[Record | None], Record | None],
) -> RecordModel:
    """A sheet-like grid: the trailing blank row (written once its codes and an amount are typed)
    and the 合计 row, as the income and expenditure grids."""
    from desktop.ui.line_grid_model import LineGridModel

    required = tuple(
        i for i, c in enumerate(columns) if c.header in ("功能科目编码", "经济科目编码")
    )
    return LineGridModel(document, title, record_type, columns, required, template=template)


def balance_model(document: Document) -> RecordModel:
    """结转和结余: per unit, 功能 项 and fund source; 年末 is typed from the accounts and checked."""
    ledger, catalog = document.ledger, document.ledger.catalog
    columns = _codes(document, econ=False) + [
        fen_column(document, "年初结转和结余", "opening"),
        fen_column(document, "使用非财政拨款结余", "used_balance"),
        fen_column(document, "结余分配", "distribution"),
        fen_column(document, "年末结转和结余", "closing"),
    ]

    def template(current: Record | None) -> Record | None:
        if current is None:
            unit = next(iter(ledger.units), None)
            if unit is None:
                return None
            current = BalanceLine(None, unit, catalog.function_leaves()[0].code, "gp_appropriation")
        return dataclasses.replace(
            current, id=None, opening=0, used_balance=0, distribution=0, closing=0
        )

    return _grid(document, "结转和结余", BalanceLine, columns, template)


def baseline_model(document: Document) -> RecordModel:
    """预算数: the 年初预算数 and 全年预算数 the 决算 is compared with, by expenditure-line keys."""
    ledger, catalog = document.ledger, document.ledger.catalog
    columns = (
        _codes(document, econ=True)
        + kind_project_columns(document, 180)
        + [
            fen_column(document, "年初预算数", "initial"),
            fen_column(document, "全年预算数", "full_year"),
        ]
    )

    def template(current: Record | None) -> Record | None:
        if current is None:
            unit = next(iter(ledger.units), None)
            if unit is None:
                return None
            first = catalog.function_leaves()[0].code
            current = BudgetBaselineLine(
                None, unit, first, "30201", "gp_appropriation", "operating"
            )
        return dataclasses.replace(current, id=None, initial=0, full_year=0)

    return _grid(document, "预算数", BudgetBaselineLine, columns, template)


class ActivityModel(RecordModel):
    """三公数量: one row per item the 三公 决算 table counts; an item not typed shows 0."""

    def refresh(self) -> None:
        stored = self.document.ledger.activity_counts
        rows = [stored.get(item) or ActivityCount(item) for item in ACTIVITY_ITEMS]
        self._set_rows(rows, [r.key for r in rows])

    def edits_to_changes(self, edits: list[Edit]) -> list[Change]:
        stored = self.document.ledger.activity_counts
        changes = super().edits_to_changes(edits)
        return [Change(stored.get(c.after.key), c.after) for c in changes if c.after is not None]

    def insert_changes(self, row: int) -> list[Change]:
        return []  # the items are fixed by the table

    def delete_changes(self, rows: list[int]) -> list[Change]:
        stored = self.document.ledger.activity_counts
        keys = [self.rows[r].key for r in sorted(set(rows)) if r < len(self.rows)]
        return [Change(stored[k], None) for k in keys if k in stored]


def activity_model(document: Document) -> RecordModel:
    columns = [
        Column("项目", lambda r: ACTIVITY_ITEMS.get(r.item, r.item), width=260),
        count_column("数量", "count", 120),
    ]
    return ActivityModel(document, "三公数量", ActivityCount, columns)


FINAL_GRID_MODELS: dict[str, Callable[[Document], RecordModel]] = {
    "balances": balance_model,
    "baselines": baseline_model,
    "activities": activity_model,
}
# Navigator entries of the 决算 pages (label, key), shown only for a 决算 file.
FINAL_PAGES = (
    ("结转和结余", "balances"),
    ("预算数", "baselines"),
    ("三公数量", "activities"),
)
FINAL_RECORD_PAGES: dict[type, str] = {
    BalanceLine: "balances",
    BudgetBaselineLine: "baselines",
    ActivityCount: "activities",
}
