"""Aggregates of the line items that the ledger-wide rules need, kept up to date by deltas.

One edit changes a handful of dictionary entries, so balance and control-figure rules can re-run
after every keystroke without summing 20,000 lines again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from desktop.catalog import Catalog
from desktop.checks.linegroups import EXPENDITURE_FIELDS, INCOME_FIELDS, LineGroups

if TYPE_CHECKING:
    from desktop.checks.linecolumns import LineColumns
from desktop.records import BASIC_KINDS, Change, ExpenditureLine, IncomeLine, PriorYearLine

_LINES = (IncomeLine, ExpenditureLine, PriorYearLine)


def scope_of(kind: str) -> str:
    """Control-figure scope of an expense kind: basic, project, or "" (not controlled)."""
    if kind in BASIC_KINDS:
        return "basic"
    if kind == "project":
        return "project"
    return ""


class Totals:
    """Sums of income and expenditure by the keys the rules compare."""

    def __init__(
        self,
        catalog: Catalog,
        income: Iterable[IncomeLine] | LineGroups | LineColumns,
        expenditure: Iterable[ExpenditureLine] | LineGroups | LineColumns,
        prior: Iterable[PriorYearLine] = (),
    ) -> None:
        self._gp_funds = {c for c, f in catalog.fund_sources.items() if f.budget_type == "gp"}
        self._fund_type = {c: f.budget_type for c, f in catalog.fund_sources.items()}
        self.income_fund: dict[str, int] = defaultdict(int)
        self.expenditure_fund: dict[str, int] = defaultdict(int)
        self.income_class: dict[str, int] = defaultdict(int)
        self.expenditure_class: dict[str, int] = defaultdict(int)
        self.income_unit: dict[str, int] = defaultdict(int)
        self.expenditure_unit: dict[str, int] = defaultdict(int)
        # (unit, function item) → (amount, line count)
        self.income_item: dict[tuple[str, str], tuple[int, int]] = {}
        self.expenditure_item: dict[tuple[str, str], tuple[int, int]] = {}
        # (unit, fund, scope) → amount, for control figures
        self.controlled: dict[tuple[str, str, str], int] = defaultdict(int)
        self.project_lines: dict[str, int] = defaultdict(int)
        self.project_amount: dict[str, int] = defaultdict(int)
        self.unit_lines: dict[str, int] = defaultdict(int)
        # 一般公共预算 amounts by economic 款, this year and the prior year (三公经费)
        self.gp_econ: dict[str, int] = defaultdict(int)
        self.prior_gp_econ: dict[str, int] = defaultdict(int)
        # (economic 款, budget type of the fund) → amount, this year and the prior year: 三公 and
        # 会议费/培训费 where a table set counts 政府性基金/国有资本经营 money too
        self.econ_type: dict[tuple[str, str], int] = defaultdict(int)
        self.prior_econ_type: dict[tuple[str, str], int] = defaultdict(int)
        # (unit, economic 款) → amount of all expenditure lines (staff reasonableness)
        self.unit_econ: dict[tuple[str, str], int] = defaultdict(int)
        # unit → 公用经费 (operating) amount
        self.unit_operating: dict[str, int] = defaultdict(int)
        # unit → 人员经费 (personnel) amount
        self.unit_personnel: dict[str, int] = defaultdict(int)
        # (unit, kind, economic code, fund) → amount of 人员经费 and 公用经费 lines: the public
        # document's 机关运行经费 (desktop/document/build.py groups lines the same way)
        self.basic_groups: dict[tuple[str, str, str, str], int] = defaultdict(int)
        self.prior_lines = 0
        self._build(income, expenditure)
        for line in prior:
            self.add(line, 1)

    def _build(
        self,
        income: Iterable[IncomeLine] | LineGroups | LineColumns,
        expenditure: Iterable[ExpenditureLine] | LineGroups | LineColumns,
    ) -> None:
        # Lines grouped by all the fields any total reads (one dictionary update per line), then
        # the groups summed into coarser groups, and those spread into every aggregate: far fewer
        # steps than spreading every line into every aggregate.
        # Sums by (kind, unit, function, fund) and by (unit, kind, economic code, fund).
        if getattr(income, "columnar", False) and getattr(expenditure, "columnar", False):
            self._build_columns(cast("LineColumns", income), cast("LineColumns", expenditure))
            return
        items: dict[tuple, list[int]] = {}
        econs: dict[tuple, int] = {}
        projects: dict[str, list[int]] = {}
        inc = income if isinstance(income, LineGroups) else _groups(income, INCOME_FIELDS)
        exp = (
            expenditure
            if isinstance(expenditure, LineGroups)
            else _groups(expenditure, EXPENDITURE_FIELDS)
        )
        by_item = inc.getter(INCOME_FIELDS)
        for key, amount, count in inc.sums():
            _merge(items, ("", *by_item(key)), amount, count)
        by_kind = exp.getter(EXPENDITURE_FIELDS)
        for key, amount, count in exp.sums():
            kind, unit, function, fund, econ, project = by_kind(key)
            _merge(items, (kind or "?", unit, function, fund), amount, count)
            k = (unit, kind, econ, fund)
            econs[k] = econs.get(k, 0) + amount
            if project:
                _merge(projects, project, amount, count)
        for (kind, unit, function, fund), (amount, count) in items.items():
            self._spread(kind, unit, function, fund, amount, count)
        gp_funds, fund_type = self._gp_funds, self._fund_type
        unit_econ, operating, personnel = self.unit_econ, self.unit_operating, self.unit_personnel
        basic, gp_econ, econ_type = self.basic_groups, self.gp_econ, self.econ_type
        for (unit, kind, econ, fund), amount in econs.items():
            unit_econ[(unit, econ)] += amount
            if kind == "operating":
                operating[unit] += amount
            elif kind == "personnel":
                personnel[unit] += amount
            if kind in BASIC_KINDS:
                basic[(unit, kind, econ, fund)] += amount
            if fund in gp_funds:
                gp_econ[econ] += amount
            econ_type[(econ, fund_type.get(fund, ""))] += amount
        for code, (amount, count) in projects.items():
            self.project_amount[code] += amount
            self.project_lines[code] += count

    def _build_columns(self, inc: LineColumns, exp: LineColumns) -> None:
        """The same aggregates from coded columns (linecolumns.py): each summed by its key over
        the lines, its keys in the order of their first lines, the order in which the pass over
        the groups above adds them."""
        for lines in (inc, exp):
            lines.derive("class", "function_code", _class_of)
        exp.derive("scope", "kind", scope_of)
        exp.derive("fund_type", "fund_source", lambda fund: self._fund_type.get(fund, ""))

        def add(store: dict, lines: LineColumns, fields: tuple[str, ...], where=None) -> None:  # noqa: ANN001
            for key, amount, _count in lines.sums(fields, where):
                store[key[0] if len(key) == 1 else key] += amount

        add(self.income_fund, inc, ("fund_source",))
        add(self.expenditure_fund, exp, ("fund_source",))
        add(self.income_class, inc, ("class",))
        add(self.expenditure_class, exp, ("class",))
        add(self.income_unit, inc, ("unit_code",))
        add(self.expenditure_unit, exp, ("unit_code",))
        for lines in (inc, exp):  # income lines first, as in the pass above
            for (unit,), _amount, count in lines.sums(("unit_code",)):
                self.unit_lines[unit] += count
        for store, lines in ((self.income_item, inc), (self.expenditure_item, exp)):
            for key, amount, count in lines.sums(("unit_code", "function_code")):
                store[key] = (amount, count)
        scoped = exp.mask("scope", bool)
        add(self.controlled, exp, ("unit_code", "fund_source", "scope"), scoped)
        add(self.unit_econ, exp, ("unit_code", "econ_code"))
        add(self.unit_operating, exp, ("unit_code",), exp.mask("kind", "operating".__eq__))
        add(self.unit_personnel, exp, ("unit_code",), exp.mask("kind", "personnel".__eq__))
        basic = exp.mask("kind", BASIC_KINDS.__contains__)
        add(self.basic_groups, exp, ("unit_code", "kind", "econ_code", "fund_source"), basic)
        add(self.gp_econ, exp, ("econ_code",), exp.mask("fund_source", self._gp_funds.__contains__))
        add(self.econ_type, exp, ("econ_code", "fund_type"))
        with_project = exp.mask("project_code", bool)
        for (project,), amount, count in exp.sums(("project_code",), with_project):
            self.project_amount[project] += amount
            self.project_lines[project] += count

    def _spread(self, kind: str, unit: str, function: str, fund: str, amount: int, count: int):
        """Add `count` lines summing to `amount` (kind "" means income) to every aggregate."""
        self.unit_lines[unit] += count
        if not kind:
            self.income_fund[fund] += amount
            self.income_class[function[:3]] += amount
            self.income_unit[unit] += amount
            _bump(self.income_item, (unit, function), amount, count)
            return
        self.expenditure_fund[fund] += amount
        self.expenditure_class[function[:3]] += amount
        self.expenditure_unit[unit] += amount
        _bump(self.expenditure_item, (unit, function), amount, count)
        scope = scope_of(kind)
        if scope:
            self.controlled[(unit, fund, scope)] += amount

    def add(self, line: IncomeLine | ExpenditureLine | PriorYearLine, sign: int) -> None:
        amount = sign * line.amount
        if isinstance(line, PriorYearLine):
            self.prior_lines += sign
            # A prior-year line without a fund source counts as 一般公共预算, as table 15 does.
            if not line.fund_source or line.fund_source in self._gp_funds:
                self.prior_gp_econ[line.econ_code] += amount
            kind = self._fund_type.get(line.fund_source, "") if line.fund_source else "gp"
            self.prior_econ_type[(line.econ_code, kind)] += amount
            return
        if isinstance(line, IncomeLine):
            self._spread("", line.unit_code, line.function_code, line.fund_source, amount, sign)
            return
        kind = line.kind or "?"
        self._spread(kind, line.unit_code, line.function_code, line.fund_source, amount, sign)
        if line.fund_source in self._gp_funds:
            self.gp_econ[line.econ_code] += amount
        self.econ_type[(line.econ_code, self._fund_type.get(line.fund_source, ""))] += amount
        self.unit_econ[(line.unit_code, line.econ_code)] += amount
        if line.kind == "operating":
            self.unit_operating[line.unit_code] += amount
        elif line.kind == "personnel":
            self.unit_personnel[line.unit_code] += amount
        if line.kind in BASIC_KINDS:
            key = _basic_key(line)
            self.basic_groups[key] += amount
            if not self.basic_groups[key]:
                del self.basic_groups[key]
        if line.project_code:
            self.project_lines[line.project_code] += sign
            self.project_amount[line.project_code] += amount

    def apply(self, changes: Iterable[Change]) -> None:
        """Apply line changes (income, expenditure, prior-year); other records are ignored."""
        for change in changes:
            if not isinstance(change.after or change.before, _LINES):
                continue
            if change.before is not None:
                self.add(change.before, -1)  # type: ignore[arg-type]
            if change.after is not None:
                self.add(change.after, 1)  # type: ignore[arg-type]


def _class_of(function: str) -> str:
    return function[:3]


def _merge(store: dict, key: object, amount: int, count: int) -> None:
    found = store.get(key)
    if found is None:
        store[key] = [amount, count]
    else:
        found[0] += amount
        found[1] += count


def _groups(lines: object, fields: tuple[str, ...]) -> LineGroups:
    """Plain lines (or a LineColumns' lines) grouped by `fields`."""
    return LineGroups(getattr(lines, "lines", lines), fields)  # type: ignore[arg-type]


def _basic_key(line: ExpenditureLine) -> tuple[str, str, str, str]:
    return (line.unit_code, line.kind, line.econ_code, line.fund_source)


def _bump(
    store: dict[tuple[str, str], tuple[int, int]], key: tuple[str, str], amount: int, count: int
):
    # (amount, count) tuples: the garbage collector stops tracking tuples of ints
    total, lines = store.get(key, (0, 0))
    if lines + count == 0:
        store.pop(key, None)
    else:
        store[key] = (total + amount, lines + count)
