"""Input grids for the facts the public document prints beyond the tables: 内设机构, 人员编制,
政府采购 and 国有资产占用 (主要原因 is desktop/ui/reason_model.py). Every rule on them is the
ledger's (desktop/validation.py)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from desktop.errors import LedgerError
from desktop.records import (
    ASSET_KINDS,
    PURCHASE_KINDS,
    AssetHolding,
    Change,
    InternalOffice,
    PurchaseLine,
    Record,
    UnitStaff,
)
from desktop.ui import codes
from desktop.ui.display import amount_edit_text, amount_text, parse_entry
from desktop.ui.document import Document
from desktop.ui.grid_model import Edit
from desktop.ui.line_grid_model import TOTAL_KEY, TOTAL_LABEL, LineGridModel, total_style
from desktop.ui.record_models import Column, RecordModel, text_column

AnyIndex = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _whole(text: str, what: str) -> int:
    """Typed text as a whole number; the ledger judges its range (a negative count included)."""
    text = text.strip().replace(",", "").replace("，", "")
    if not text:
        return 0
    try:
        return int(text)
    except ValueError:
        raise LedgerError(f"{what}应填写整数，“{text}”不是整数。") from None


def count_column(header: str, field: str, width: int = 90) -> Column:
    def parse(record: Record, text: str) -> Record:
        return dataclasses.replace(record, **{field: _whole(text, header)})

    return Column(header, lambda r: str(getattr(r, field)), parse, fen=None, clear="0", width=width)


def choice_column(header: str, field: str, names: dict[str, str], width: int = 120) -> Column:
    return Column(
        header,
        lambda r: names.get(getattr(r, field), getattr(r, field)),
        lambda r, t: dataclasses.replace(
            r, **{field: codes.resolve_choice(list(names.items()), t, header)}
        ),
        options=lambda: list(names.values()),
        width=width,
    )


def _next_order(records: dict) -> int:
    return max((getattr(r, "sort_order", 0) for r in records.values()), default=-1) + 1


def office_model(document: Document) -> RecordModel:
    """内设机构: one name per row, in the order the document lists them."""
    offices = document.ledger.internal_offices
    columns = [text_column("内设机构名称", "name", 320, required=True)]
    return RecordModel(
        document,
        "内设机构",
        InternalOffice,
        columns,
        template=lambda r: InternalOffice(None, "新内设机构", _next_order(offices)),
        order=lambda r: (r.sort_order, r.id or 0),
    )


class CountedModel(RecordModel):
    """Records followed by a computed, read-only 合计 row that sums the count columns
    (`summed`: column index → field), shaded and bold like the amount grids' 合计 rows."""

    def __init__(self, *args: object, summed: dict[int, str], **kwargs: object) -> None:
        self.summed = summed  # set first: the base class loads the rows
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def total_row(self) -> int:
        return len(self.rows)

    def _set_rows(self, rows: list, keys: list) -> None:
        super()._set_rows(rows, [*keys, TOTAL_KEY])

    def total(self, column: int) -> int:
        field = self.summed[column]
        return sum(getattr(r, field) for r in self.rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Vertical and section == self.total_row:
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        return super().headerData(section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        col, numeric = index.column(), index.column() in self.summed
        if index.row() < self.total_row:
            if role == Qt.ItemDataRole.TextAlignmentRole and numeric:
                return int(_RIGHT)
            return super().data(index, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if numeric:
                return str(self.total(col))
            return TOTAL_LABEL if col == 0 else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return "合计：各行之和，自动计算，不能录入。"
        return total_style(role, numeric)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if index.isValid() and index.row() == self.total_row:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return super().flags(index)

    def edits_to_changes(self, edits: list[Edit]) -> list[Change]:
        return super().edits_to_changes([e for e in edits if e[0] < self.total_row])

    def delete_changes(self, rows: list[int]) -> list[Change]:
        return super().delete_changes([r for r in rows if r < self.total_row])


class StaffModel(CountedModel):
    """人员编制: one row per unit; a unit without a staff record shows zeros until typed in."""

    def refresh(self) -> None:
        ledger = self.document.ledger
        stored = ledger.unit_staff
        units = sorted(ledger.units.values(), key=lambda u: (u.sort_order, u.code))
        rows = [stored.get(u.code) or UnitStaff(u.code) for u in units]
        self._set_rows(rows, [r.key for r in rows])

    def edits_to_changes(self, edits: list[Edit]) -> list[Change]:
        stored = self.document.ledger.unit_staff
        changes = super().edits_to_changes(edits)
        return [Change(stored.get(c.after.key), c.after) for c in changes if c.after is not None]

    def insert_changes(self, row: int) -> list[Change]:
        return []  # one row per unit: units are added on the 单位 page

    def delete_changes(self, rows: list[int]) -> list[Change]:
        stored = self.document.ledger.unit_staff
        keys = [self.rows[r].key for r in sorted(set(rows)) if r < len(self.rows)]
        return [Change(stored[k], None) for k in keys if k in stored]


def staff_model(document: Document) -> RecordModel:
    ledger = document.ledger
    columns = [
        Column("单位编码", lambda r: r.unit_code, width=100),
        Column("单位名称", lambda r: ledger.units[r.unit_code].name, width=240),
        text_column("经费形式", "funding_form", 140),
        count_column("编制数", "authorized"),
        count_column("在职人数", "active"),
        count_column("离退休人数", "retired"),
    ]
    summed = {3: "authorized", 4: "active", 5: "retired"}
    return StaffModel(document, "人员编制", UnitStaff, columns, summed=summed)


def _line_label(document: Document, line_id: int) -> str:
    line = document.ledger.expenditure_lines.get(line_id)
    if line is None:
        return f"{line_id}（不存在）"
    return f"{line_id}  {line.unit_code} {line.function_code}/{line.econ_code}"


def _resolve_line(record: Record, text: str) -> Record:
    head = text.strip().split()[0] if text.strip() else ""
    return dataclasses.replace(record, expenditure_line_id=_whole(head, "支出明细编号"))


def purchase_model(document: Document) -> RecordModel:
    """政府采购: each line names the expenditure line it is paid from (by its number)."""

    ledger, catalog = document.ledger, document.ledger.catalog

    def parse_amount(record: Record, text: str) -> Record:
        return dataclasses.replace(record, amount=parse_entry(text, document.unit) or 0)

    def line_options() -> list[str]:
        return [_line_label(document, i) for i in ledger.expenditure_lines]

    columns = [
        Column(
            "支出明细",
            lambda r: _line_label(document, r.expenditure_line_id),
            _resolve_line,
            options=line_options,
            width=200,
        ),
        text_column("采购项目", "item", 200, required=True),
        text_column("品目", "category", 140),
        choice_column("采购类别", "kind", PURCHASE_KINDS, 80),
        Column(
            "资金来源",
            lambda r: codes.fund_name(catalog, r.fund_source) if r.fund_source else "",
            lambda r, t: dataclasses.replace(
                r, fund_source=codes.resolve_fund(catalog, t) if t.strip() else ""
            ),
            options=lambda: codes.fund_picker(ledger),
            clear="",
            width=160,
        ),
        Column(
            "金额",
            lambda r: amount_text(r.amount, document.unit, blank_zero=False),
            parse_amount,
            edit=lambda r: amount_edit_text(r.amount, document.unit),
            fen=lambda r: r.amount,
            clear="",
            width=120,
        ),
        count_column("面向中小企业（%）", "sme_percent", 130),
    ]

    def template(current: Record | None) -> Record | None:
        if current is not None:
            return dataclasses.replace(current, id=None, item="", amount=0)
        first = next(iter(ledger.expenditure_lines), None)
        if first is None:
            return None
        return PurchaseLine(None, first, "", sort_order=_next_order(ledger.purchase_lines))

    return LineGridModel(document, "政府采购", PurchaseLine, columns, (0, 1), template=template)


def asset_model(document: Document) -> RecordModel:
    """国有资产占用: 车辆, 单价50万元以上设备 and 房屋 per unit, as of a date."""
    ledger = document.ledger
    columns = [
        Column(
            "单位",
            lambda r: (
                f"{r.unit_code} {ledger.units[r.unit_code].name}"
                if r.unit_code in ledger.units
                else r.unit_code
            ),
            lambda r, t: dataclasses.replace(r, unit_code=codes.resolve_unit(ledger, t)),
            options=lambda: codes.completions(codes.unit_options(ledger)),
            width=220,
        ),
        choice_column("资产类别", "kind", ASSET_KINDS, 150),
        text_column("名称或用途", "name", 180),
        count_column("数量（辆/台套）", "quantity", 120),
        count_column("房屋面积（平方米）", "area_m2", 130),
        text_column("截至日期", "as_of", 110),
    ]

    def template(current: Record | None) -> Record | None:
        if current is not None:
            return dataclasses.replace(current, id=None, name="", quantity=0, area_m2=0)
        unit = next(iter(ledger.units), None)
        if unit is None:
            return None
        as_of = f"{ledger.department.fiscal_year - 1}-12-31"
        order = _next_order(ledger.asset_holdings)
        return AssetHolding(None, unit, "vehicle", as_of=as_of, sort_order=order)

    return CountedModel(
        document,
        "国有资产占用",
        AssetHolding,
        columns,
        template=template,
        order=lambda r: (r.sort_order, r.id or 0),
        summed={3: "quantity", 4: "area_m2"},
    )
