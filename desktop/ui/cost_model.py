"""The cost breakdown grid (支出明细及测算) of one project, amounts in the display unit."""

from __future__ import annotations

import dataclasses

from desktop.errors import LedgerError
from desktop.records import Change, CostItem, Record
from desktop.ui.display import amount_edit_text, amount_text, parse_entry
from desktop.ui.document import Document
from desktop.ui.record_models import Column, RecordModel

FIELD_COLUMNS = {"content": 0, "detail": 1, "amount": 2, "basis": 3}


def _text(header: str, field: str, width: int) -> Column:
    def parse(record: Record, text: str) -> Record:
        return dataclasses.replace(record, **{field: (text or "").strip()})

    return Column(header, lambda r: getattr(r, field), parse, clear="", width=width)


class CostItemModel(RecordModel):
    """Rows are the project's cost items; `total()` is their sum, `budget()` the ledger's."""

    def __init__(self, document: Document, project_code: str) -> None:
        self.project_code = project_code

        def parse_amount(record: Record, text: str) -> Record:
            fen = parse_entry(text, document.unit) or 0
            if fen < 0:
                raise LedgerError("支出明细的金额不能为负数，已保留原值。")
            return dataclasses.replace(record, amount=fen)

        columns = [
            _text("支出内容简介", "content", 200),
            _text("支出明细", "detail", 160),
            Column(
                "金额",
                show=lambda r: amount_text(r.amount, document.unit, blank_zero=False),
                parse=parse_amount,
                edit=lambda r: amount_edit_text(r.amount, document.unit),
                fen=lambda r: r.amount,
                clear="",
                width=110,
            ),
            _text("支出测算依据及过程说明", "basis", 360),
        ]
        super().__init__(
            document,
            "支出明细及测算",
            CostItem,
            columns,
            accept=lambda r: r.project_code == project_code,
            template=self._new_item,
            order=lambda r: (r.sort_order, r.id or 0),
        )

    def _new_item(self, current: Record | None) -> CostItem:
        order = max((r.sort_order for r in self.rows), default=-1) + 1
        return CostItem(None, self.project_code, "新支出内容", sort_order=order)

    def edits_to_changes(self, edits: list[tuple[int, int, str]]) -> list[Change]:
        changes = super().edits_to_changes(edits)
        for change in changes:
            item = change.after
            if not item.content and not item.detail:
                raise LedgerError("支出内容简介和支出明细不能都为空，已保留原值。")
        return changes

    def total(self) -> int:
        """The 合计 of the breakdown, in 分."""
        return sum(r.amount for r in self.rows)

    def budget(self) -> int:
        """The project's 年度本级预算 from the ledger (its expenditure lines), in 分."""
        return self.document.ledger.project_total(self.project_code)

    def locate_field(self, record: Record, field: str = "") -> tuple[int, int] | None:
        for r, rec in enumerate(self.rows):
            if rec.key == record.key:
                return r, FIELD_COLUMNS.get(field, FIELD_COLUMNS["amount"])
        return None

    def locate(self, record: Record) -> tuple[int, int] | None:
        return self.locate_field(record) if isinstance(record, CostItem) else None
