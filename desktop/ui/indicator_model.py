"""The indicator grid of one project's (or the department's) performance target.

Values are text as published; a value that is not a number is refused while the comparator is
≥ ≤ = > <, and so is switching to such a comparator while the value is not a number. Those rules
are the domain's (`desktop.performance.parse_comparator` / `judge_value`): workbook import applies
the same ones.
"""

from __future__ import annotations

import dataclasses

from desktop.errors import LedgerError
from desktop.performance import (
    LEVEL1,
    LEVEL2,
    judge_value,
    parse_comparator,
)
from desktop.record_fields import field_of
from desktop.records import INDICATOR_COMPARATORS, Change, Indicator, Record
from desktop.ui.document import Document
from desktop.ui.record_models import Column, RecordModel

STANDARDS = ("计划标准", "行业标准", "历史标准", "其他标准")
# (header, field, width) in the order of the bureau's 绩效目标 input sheet; headers are the
# declared labels (desktop/record_fields.py).
_WIDTHS = (
    ("level1", 90),
    ("level2", 130),
    ("name", 220),
    ("comparator", 76),
    ("value", 100),
    ("measure_unit", 70),
    ("value_content", 150),
    ("description", 180),
    ("basis", 150),
    ("standard", 80),
    ("remark", 120),
)
FIELDS = tuple((field_of(Indicator, name).label, name, width) for name, width in _WIDTHS)
FIELD_COLUMNS = {field: i for i, (_, field, _) in enumerate(FIELDS)}


def _text_parse(header: str, field: str, required: bool):  # noqa: ANN202
    def parse(record: Record, text: str) -> Record:
        value = (text or "").strip()
        if required and not value:
            raise LedgerError(f"{header}不能为空。")
        return dataclasses.replace(record, **{field: value})

    return parse


def _comparator_parse(record: Record, text: str) -> Record:
    rule = field_of(Indicator, "comparator").parse or parse_comparator  # the declared rule
    return dataclasses.replace(record, comparator=rule(text))


def _columns() -> list[Column]:
    level2 = [name for names in LEVEL2.values() for name in names]
    options = {
        "level1": lambda: list(LEVEL1),
        "level2": lambda: level2,
        "comparator": lambda: list(INDICATOR_COMPARATORS),
        "standard": lambda: list(STANDARDS),
    }
    required = ("level1", "level2")
    return [
        Column(
            header,
            show=lambda r, f=field: getattr(r, f),
            parse=(
                _comparator_parse
                if field == "comparator"
                else _text_parse(header, field, field in required)
            ),
            options=options.get(field),
            clear=None if field in required else "",
            width=width,
        )
        for header, field, width in FIELDS
    ]


class IndicatorModel(RecordModel):
    """Rows are the indicators of `project_code` ("" = the department), in printed order."""

    def __init__(self, document: Document, project_code: str) -> None:
        self.project_code = project_code
        super().__init__(
            document,
            "绩效指标",
            Indicator,
            _columns(),
            accept=lambda r: r.project_code == project_code,
            order=lambda r: (r.sort_order, r.id or 0),
        )

    def edits_to_changes(self, edits: list[tuple[int, int, str]]) -> list[Change]:
        touched: dict[int, set[str]] = {}
        for row, col, _text in edits:
            touched.setdefault(row, set()).add(FIELDS[col][1])
        changes = super().edits_to_changes(edits)
        rows = {id(rec): r for r, rec in enumerate(self.rows)}
        for change in changes:
            judge_value(change.after, touched.get(rows[id(change.before)], set()))
        return changes

    def insert_changes(self, row: int) -> list[Change]:
        """A new indicator after `row` (same 一级/二级); the rows are numbered afresh."""
        current = self.rows[row] if 0 <= row < len(self.rows) else None
        if current is None:
            level1, level2, at = LEVEL1[0], LEVEL2[LEVEL1[0]][0], len(self.rows)
        else:
            level1, level2, at = current.level1, current.level2, row + 1
        new = Indicator(None, self.project_code, level1, level2, "", sort_order=at)
        # The insert goes first so the grid finds the new row from the first applied change.
        changes = [Change(None, new)]
        for i, rec in enumerate(self.rows):
            order = i if i < at else i + 1
            if rec.sort_order != order:
                changes.append(Change(rec, dataclasses.replace(rec, sort_order=order)))
        return changes

    def locate_field(self, record: Record, field: str = "") -> tuple[int, int] | None:
        """(row, column) of `record`'s `field` (default: the value)."""
        for r, rec in enumerate(self.rows):
            if rec.key == record.key:
                return r, FIELD_COLUMNS.get(field, FIELD_COLUMNS["value"])
        return None

    def locate(self, record: Record) -> tuple[int, int] | None:
        return self.locate_field(record) if isinstance(record, Indicator) else None
