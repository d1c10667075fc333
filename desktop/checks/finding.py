"""What a check reports: a finding with its severity, message and the cells it points at."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "错误"  # blocks the export for submission
WARNING = "提示"  # needs a written explanation (出错说明)


@dataclass(frozen=True)
class CellRef:
    """A cell a finding points at: a standard table cell or an input line item.

    A table cell is (table, row_key, column_index): the window jumps by these alone. The row and
    column texts only describe the cell to a reader.

    table: standard table number (1–23), or 0 for an input record.
    row_code / row_name: the row as printed (code column and name column), for messages.
    column: the leaf column label path joined by "/", e.g. "基本支出/人员经费/工资福利支出".
    record: for input records, "expenditure", "income", "project", "unit", "control" or
        "balance" (a 决算's 结转和结余 line).
    record_key: the record's key (line id or code).
    row_key: the row's `Row.key` in the computed table (unique even where a code repeats per unit).
    column_index: the leaf column's index in the table (-1: not a table cell); it tells apart the
        blocks of a listing table, whose amount columns are all printed as 预算数.
    """

    table: int = 0
    row_code: str = ""
    row_name: str = ""
    column: str = ""
    record: str = ""
    record_key: int | str | None = None
    row_key: tuple = ()
    column_index: int = -1


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str  # ERROR or WARNING
    message: str  # Chinese, quotes the figures
    cells: tuple[CellRef, ...] = ()
    subject: str = ""  # stable identity within the rule, used to store the explanation

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR
