"""Immutable records of the ledger: units, projects and the line items everything derives from.

Amounts are integers of 分. A `Change` is one edit (insert, update or delete) of one record.
"""

from __future__ import annotations

from dataclasses import dataclass

UNIT_KINDS = ("agency", "civil_service_like", "institution")
UNIT_KIND_NAMES = {
    "agency": "行政单位",
    "civil_service_like": "参公单位",
    "institution": "事业单位",
}

# Expenditure kinds: 基本支出 is personnel + operating.
EXPENSE_KINDS = ("personnel", "operating", "project", "business", "remit_upper", "affiliated")
EXPENSE_KIND_NAMES = {
    "personnel": "人员经费",
    "operating": "公用经费",
    "project": "项目支出",
    "business": "事业单位经营支出",
    "remit_upper": "上缴上级支出",
    "affiliated": "对附属单位补助支出",
}
BASIC_KINDS = ("personnel", "operating")
BUDGET_MODES = {"department": "编入部门预算", "bureau": "财政代编"}
CONTROL_SCOPES = {"basic": "基本支出", "project": "项目支出"}


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    fiscal_year: int


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str = "agency"
    sort_order: int = 0

    @property
    def key(self) -> str:
        return self.code


@dataclass(frozen=True)
class Project:
    code: str
    unit_code: str
    name: str
    category: str = ""
    is_special_fund: bool = False
    budget_mode: str = "department"
    period: str = ""
    goal: str = ""
    sort_order: int = 0

    @property
    def key(self) -> str:
        return self.code


@dataclass(frozen=True)
class IncomeLine:
    id: int | None
    unit_code: str
    function_code: str
    fund_source: str
    amount: int
    note: str = ""
    sort_order: int = 0

    @property
    def key(self) -> int | None:
        return self.id


@dataclass(frozen=True)
class ExpenditureLine:
    id: int | None
    unit_code: str
    function_code: str
    econ_code: str
    fund_source: str
    kind: str
    project_code: str = ""
    amount: int = 0
    note: str = ""
    sort_order: int = 0

    @property
    def key(self) -> int | None:
        return self.id

    @property
    def is_basic(self) -> bool:
        return self.kind in BASIC_KINDS


@dataclass(frozen=True)
class ControlFigure:
    id: int | None
    unit_code: str  # "" for the whole department
    fund_source: str
    scope: str  # basic / project
    amount: int

    @property
    def key(self) -> int | None:
        return self.id


@dataclass(frozen=True)
class PriorYearLine:
    id: int | None
    unit_code: str
    function_code: str
    econ_code: str
    fund_source: str
    kind: str
    amount: int

    @property
    def key(self) -> int | None:
        return self.id


Record = Unit | Project | IncomeLine | ExpenditureLine | ControlFigure | PriorYearLine


@dataclass(frozen=True)
class Change:
    """One edit: `before` None is an insert, `after` None a delete, both set an update."""

    before: Record | None
    after: Record | None

    @property
    def record_type(self) -> type:
        return type(self.after if self.after is not None else self.before)

    def inverse(self) -> Change:
        return Change(self.after, self.before)


def inverse_of(changes: list[Change]) -> list[Change]:
    """The batch that undoes `changes` (applied in reverse order)."""
    return [c.inverse() for c in reversed(changes)]
