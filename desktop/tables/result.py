"""Computed standard tables: immutable snapshots that every consumer renders."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.tables.spec import AnySpec

# Row levels, used for styling (bold totals, indented items) and for checks.
TOTAL, DEPARTMENT, UNIT, PROJECT, LINE = "total", "department", "unit", "project", "line"


@dataclass(frozen=True, slots=True)  # slots: a full roll-up at 320,000 lines makes 160,000 rows
class Row:
    key: tuple
    code: str
    name: str
    level: str  # total / department / unit / 类 / 款 / 项 / project / line
    values: tuple  # per leaf column: str (text), int (分) or None (amounts), Rate (增减率)


@dataclass(frozen=True)
class RowDelta:
    """How a result differs from the one before it: the same row keys in the same order, new
    amounts in the rows at `changed` (ascending). Lets checks re-examine only those rows."""

    previous: tuple[Row, ...]
    changed: tuple[int, ...]


@dataclass(frozen=True)
class TableResult:
    spec: AnySpec
    rows: tuple[Row, ...]
    empty: bool
    # Set when the roll-up derived this result from the previous one after an edit.
    delta: RowDelta | None = field(default=None, compare=False, repr=False)

    @property
    def number(self) -> int:
        return self.spec.number

    @property
    def title(self) -> str:
        return self.spec.title

    def amount_columns(self) -> list[int]:
        """Money columns (sums in 分); 增减率 columns are not among them: a rate never sums."""
        return [i for i, c in enumerate(self.spec.leaf_columns) if c.is_amount]

    def rate_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.spec.leaf_columns) if c.is_rate]

    def column_index(self, label: str, occurrence: int = 0) -> int:
        """Index of the `occurrence`-th leaf column printed as `label`."""
        found = [i for i, c in enumerate(self.spec.leaf_columns) if c.label == label]
        if len(found) <= occurrence:
            raise KeyError(f"表{self.number} 没有第 {occurrence + 1} 个“{label}”列")
        return found[occurrence]

    def find_row(self, code: str = "", name: str = "", level: str | None = None) -> Row:
        for row in self.rows:
            if (not code or row.code == code) and (not name or row.name == name):
                if level is None or row.level == level:
                    return row
        raise KeyError(f"表{self.number} 没有编码“{code}”名称“{name}”的行")

    def to_json(self) -> dict:
        """The documented JSON form (docs/JSON.md), rendered from the printed grid."""
        from desktop.tables.printed import TableGrid

        return TableGrid(self).to_json()
