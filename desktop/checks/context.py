"""What a rule sees: the ledger, the computed tables, the configuration and the running totals."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from desktop.checks.config import RuleConfig
from desktop.checks.tableview import TableView
from desktop.checks.totals import Totals
from desktop.ledger import Ledger
from desktop.records import Change, ExpenditureLine, IncomeLine
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
        # (record, fund source) -> [ids of its lines edits touched, whether lines joined it]
        # since a rule last listed the fund's first lines (see `fund_lines_kept`)
        self.fund_edits: dict[tuple[str, str], list] = {}

    def note_changes(self, changes: Iterable[Change]) -> None:
        """Called by the checker with every edit, before the rules run."""
        edits = self.fund_edits
        for change in changes:
            for line, joined in ((change.before, False), (change.after, True)):
                if isinstance(line, (IncomeLine, ExpenditureLine)):
                    record = "income" if isinstance(line, IncomeLine) else "expenditure"
                    found = edits.setdefault((record, line.fund_source), [set(), False])
                    found[0].add(line.id)
                    found[1] = found[1] or joined

    def fund_lines_kept(self, record: str, fund: str, ids: tuple, limit: int) -> bool:
        """Whether `ids`, the first `limit` (or all) lines of a fund in the ledger's order when
        they were listed, still are. An edited line goes to the end of that order (the ledger
        stores it anew), so the first ones stay unless one of them was edited or removed, or they
        were all of the fund's lines and one joined it. Forgets the edits noted since."""
        found = self.fund_edits.pop((record, fund), None)
        if found is None:
            return True
        touched, joined = found
        return touched.isdisjoint(ids) and not (joined and len(ids) < limit)

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
