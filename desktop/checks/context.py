"""What a rule sees: the ledger, the computed tables, the configuration and the running totals."""

from __future__ import annotations

from typing import Any, Protocol

from desktop.checks.config import RuleConfig
from desktop.checks.tableview import TableView
from desktop.checks.totals import Totals
from desktop.ledger import Ledger
from desktop.tables.result import TableResult


class TableSource(Protocol):
    def result(self, number: int) -> TableResult: ...


class CheckContext:
    """Shared by every rule of one run; table views are cached per computed table."""

    def __init__(self, ledger: Ledger, rollup: TableSource, config: RuleConfig, totals: Totals):
        self.ledger = ledger
        self.rollup = rollup
        self.config = config
        self.totals = totals
        self.catalog = ledger.catalog
        self._views: dict[int, TableView] = {}
        # Per-rule state kept between runs (e.g. the previous verdict per table row), so a rule can
        # re-examine only what changed. Cleared by a full refresh, which makes a new context.
        # Each rule keeps its own kind of value under its own key, hence Any.
        self.memo: dict[object, Any] = {}

    def table(self, number: int) -> TableView:
        result = self.rollup.result(number)
        view = self._views.get(number)
        if view is None:
            view = self._views[number] = TableView(result)
        elif view.result is not result:
            view = self._views[number] = view.follow(result)
        return view

    def unit_label(self, code: str) -> str:
        unit = self.ledger.units.get(code)
        return f"{code} {unit.name}" if unit else code

    def function_label(self, code: str) -> str:
        name = self.catalog.function_name(code)
        return f"{code} {name}" if name else code

    def econ_label(self, code: str) -> str:
        name = self.catalog.dept_econ_name(code)
        return f"{code} {name}" if name else code

    def fund_name(self, code: str) -> str:
        fund = self.catalog.fund_sources.get(code)
        return fund.name if fund else code
