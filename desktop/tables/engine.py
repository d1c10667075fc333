"""The roll-up: computes every standard table from the ledger and keeps them current.

A full roll-up sums each line once per table into leaf rows and then adds leaf rows into their
ancestors (unit, 类, 款 …). After an edit only the changed lines' deltas are applied, so an edit
costs microseconds per table whatever the department's size. Results are materialized lazily.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import replace
from operator import itemgetter
from typing import Any, cast

from desktop.ledger import Ledger
from desktop.records import (
    ActivityCount,
    BalanceLine,
    BudgetBaselineLine,
    Change,
    ControlFigure,
    CostItem,
    DepartmentTarget,
    DepartmentTask,
    ExpenditureLine,
    IncomeLine,
    Indicator,
    IndicatorResult,
    PriorYearLine,
    Project,
    SelfEvaluation,
    SpecialFund,
    SpendingSchedule,
)
from desktop.tables.result import DEPARTMENT, TOTAL, UNIT, Row, RowDelta, TableResult
from desktop.tables.spec import (
    BALANCE_MEASURES,
    BASELINE_MEASURES,
    PRIOR_MEASURES,
    RATE,
    AnySpec,
    Facts,
    ListingSpec,
    Rate,
    Selector,
    TableSpec,
)

# Records the tables never read: editing them must not cost a roll-up. (Prior-year lines are
# read only by sets with 上年 columns: see Rollup.uses_prior.)
_NOT_IN_TABLES = (
    ControlFigure,
    SpecialFund,
    Indicator,
    CostItem,
    SpendingSchedule,
    DepartmentTarget,
    DepartmentTask,
    ActivityCount,
    SelfEvaluation,
    IndicatorResult,
)
# The project fields the tables print or select by; the rest is performance-target text.
_PROJECT_TABLE_FIELDS = ("unit_code", "name", "is_special_fund", "budget_mode", "sort_order")


def _affects_tables(
    change: Change, uses_prior: bool, uses_balance: bool = False, uses_baseline: bool = False
) -> bool:
    record = change.after or change.before
    if isinstance(record, _NOT_IN_TABLES):
        return False
    if isinstance(record, PriorYearLine):
        return uses_prior
    if isinstance(record, BalanceLine):
        return uses_balance
    if isinstance(record, BudgetBaselineLine):
        return uses_baseline
    if isinstance(record, Project) and change.before is not None and change.after is not None:
        return any(
            getattr(change.before, f) != getattr(change.after, f) for f in _PROJECT_TABLE_FIELDS
        )
    return True


Line = IncomeLine | ExpenditureLine | PriorYearLine
# Records the tables sum: lines, and a 决算 file's balance and baseline lines (several measures each)
Summed = Line | BalanceLine | BudgetBaselineLine
SUMMED_TYPES = (IncomeLine, ExpenditureLine, PriorYearLine, BalanceLine, BudgetBaselineLine)
PRIOR = "prior"  # the source slot of a prior-year line's core signature
# A balance or baseline line's core signature holds its measure in the source slot, as PRIOR does.
_BASELINE_FIELDS = (("initial_budget", "initial"), ("full_year_budget", "full_year"))
# (signature, unit_code, function_code, econ_code, project_code, amount)
Prepared = tuple[tuple, str, str, str, str, int]

# Departments of at least this many summed items are rolled up column-wise (numpy): below it the
# pure-Python roll-up is faster than importing numpy (a few thousand lines take milliseconds).
COLUMNAR_FROM = 5_000

_TOTAL_KEY = (0,)
_FUNCTION_AXES = ("function", "function_unit")
_DEPT_KEY = (1,)
_ECON_TOTAL_KEY = (1,)  # 合计 is printed last in the economic-classification table


class FactsIndex:
    """Facts of each distinct line signature, so selectors run once per signature, not per line."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self._facts: dict[tuple, Facts] = {}
        catalog = ledger.catalog
        self._fund_info: dict[str, tuple[frozenset, str, bool]] = {}
        for code, fund in catalog.fund_sources.items():
            chain, parent = {code}, fund.parent
            while parent:
                chain.add(parent)
                parent = (
                    catalog.fund_sources[parent].parent if parent in catalog.fund_sources else ""
                )
            self._fund_info[code] = (frozenset(chain), fund.budget_type, fund.fiscal)

    def core_signature(self, line: Line) -> tuple:
        """(source, econ, fund, kind, unit kind): the line's low-cardinality facts."""
        if isinstance(line, (ExpenditureLine, PriorYearLine)):
            unit = self.ledger.units.get(line.unit_code)
            return (
                "expenditure" if isinstance(line, ExpenditureLine) else PRIOR,
                line.econ_code,
                line.fund_source,
                line.kind,
                unit.kind if unit else "",
            )
        return ("income", "", line.fund_source, "", "")

    def project_flags(self, project_code: str) -> tuple[str, bool]:
        """What selectors may ask of a line's project: (budget mode, is special fund)."""
        project = self.ledger.projects.get(project_code) if project_code else None
        return (project.budget_mode, project.is_special_fund) if project else ("", False)

    def facts(
        self, core: tuple, function: str = "", flags: tuple[str, bool] = ("", False)
    ) -> Facts:
        key = (core, function, flags)
        found = self._facts.get(key)
        if found is None:
            found = self._facts[key] = self._make(core, function, flags)
        return found

    def _make(self, core: tuple, function: str, flags: tuple[str, bool]) -> Facts:
        source, econ, fund, kind, unit_kind = core
        chain, budget_type, fiscal = self._fund_info.get(fund, (frozenset({fund}), "", False))
        if source in BALANCE_MEASURES or source in BASELINE_MEASURES:
            measure, source = source, "expenditure"
        elif source == PRIOR:
            measure, source = PRIOR, "expenditure"
        else:
            measure = "budget"
        return Facts(
            source=source,
            function=function,
            econ=econ,
            gov=self.ledger.catalog.gov_econ_for(econ, unit_kind) if econ else "",
            kind=kind,
            funds=chain,
            budget_type=budget_type,
            fiscal=fiscal,
            budget_mode=flags[0],
            special_fund=flags[1],
            measure=measure,
        )

    def prepare(self, line: Line) -> Prepared:
        econ = "" if isinstance(line, IncomeLine) else line.econ_code
        project = line.project_code if isinstance(line, ExpenditureLine) else ""
        core = self.core_signature(line)
        return (core, line.unit_code, line.function_code, econ, project, line.amount)

    def items(self, record: Summed) -> list[Prepared]:
        """What a record adds to the tables: a line one item; a balance line one per 结转结余
        measure and a baseline line one per 预算数 measure (measures of 0 add nothing)."""
        if isinstance(record, BalanceLine):
            core = ("", "", record.fund_source, "", "")
            return [
                ((m, *core[1:]), record.unit_code, record.function_code, "", "", amount)
                for m in BALANCE_MEASURES
                if (amount := getattr(record, m))
            ]
        if isinstance(record, BudgetBaselineLine):
            unit = self.ledger.units.get(record.unit_code)
            rest = (record.econ_code, record.fund_source, record.kind, unit.kind if unit else "")
            return [
                (
                    (m, *rest),
                    record.unit_code,
                    record.function_code,
                    record.econ_code,
                    record.project_code,
                    amount,
                )
                for m, field in _BASELINE_FIELDS
                if (amount := getattr(record, field))
            ]
        return [self.prepare(record)]


def bucket_of(item: Prepared) -> tuple:
    """Lines are grouped by core signature: within a group most tables pick the same columns."""
    return item[0]


class SignatureColumns:
    """Maps a line to the selectors it matches. Selectors run once per distinct projection of the
    line onto the facts they read: the core signature, plus the function 类 or the project's flags
    only for selectors that ask for them."""

    def __init__(self, index: FactsIndex, selectors: list[Selector]) -> None:
        self.index = index
        self.selectors = selectors
        used: set[int] = set()
        for sel in selectors:
            used |= sel.signature_positions()
        # core positions: source 0, econ 1, fund 2, kind 3, unit kind 4 (gov needs econ + kind)
        self.core_positions = tuple(
            i for i, pos in enumerate((0, 2, 3, 4, 5)) if pos in used or (pos == 2 and 5 in used)
        )
        self.needs_function = 1 in used
        self.needs_project = 6 in used
        # Selectors name function prefixes (a 类 such as "206"): only that much of the code matters.
        self.function_len = max(
            (len(p) for sel in selectors if sel.function for p in sel.function), default=0
        )
        self._by_core: dict[tuple, tuple[int, ...]] = {}
        self._by_key: dict[tuple, tuple[int, ...]] = {}
        self._by_project: dict[tuple, tuple[int, ...]] = {}
        # Per key, the matched columns that subtract the line (增减额 columns, prior-year lines).
        self._negative: dict[tuple, frozenset[int]] = {}

    def key(self, core: tuple, function: str, flags: tuple[str, bool]) -> tuple:
        return (
            tuple(core[i] for i in self.core_positions),
            function[: self.function_len] if self.needs_function else "",
            flags if self.needs_project else None,
        )

    def for_key(self, key: tuple, core: tuple, function: str, flags: tuple) -> tuple[int, ...]:
        cols = self._by_key.get(key)
        if cols is None:
            facts = self.index.facts(core, key[1], flags)
            cols = self._by_key[key] = tuple(
                i for i, s in enumerate(self.selectors) if s.matches(facts)
            )
            self._negative[key] = frozenset(i for i in cols if self.selectors[i].sign(facts) < 0)
        return cols

    def signed_columns(
        self, core: tuple, function: str, flags: tuple[str, bool]
    ) -> tuple[tuple[int, int], ...]:
        """(column, sign) pairs of a signature: −1 where a 增减额 column subtracts the line."""
        key = self.key(core, function, flags)
        cols = self.for_key(key, core, function, flags)
        negative = self._negative.get(key, frozenset())
        return tuple((c, -1 if c in negative else 1) for c in cols)

    def signed(self, item: Prepared) -> list[tuple[int, int]]:
        """(column, amount) pairs of a line, with 增减额 columns subtracting prior-year lines."""
        cols = self(item)
        if item[0][0] != PRIOR:
            return [(c, item[5]) for c in cols]
        flags = self.index.project_flags(item[4]) if self.needs_project else ("", False)
        negative = self._negative.get(self.key(item[0], item[2], flags), frozenset())
        return [(c, -item[5] if c in negative else item[5]) for c in cols]

    def lookup(self, core: tuple, function: str, project: str) -> tuple[int, ...]:
        if not (self.needs_function or self.needs_project):
            cols = self._by_core.get(core)
            if cols is None:
                flags = ("", False)
                cols = self._by_core[core] = self.for_key(
                    self.key(core, "", flags), core, "", flags
                )
            return cols
        flags = self.index.project_flags(project) if self.needs_project else ("", False)
        return self.for_key(self.key(core, function, flags), core, function, flags)

    def __call__(self, item: Prepared) -> tuple[int, ...]:
        cols = self._by_core.get(item[0])
        if cols is None:
            if self.needs_project and not self.needs_function:
                # columns depend on the project's flags: cache per (core, project)
                key = (item[0], item[4])
                cols = self._by_project.get(key)
                if cols is None:
                    cols = self._by_project[key] = self.lookup(item[0], "", item[4])
                return cols
            cols = self.lookup(item[0], item[2], item[4])
        return cols


class GridComputation:
    """Cells of one grid table: row key → amounts per amount column."""

    def __init__(
        self,
        spec: TableSpec,
        index: FactsIndex,
        unit_order: dict[str, tuple],
        described: dict | None = None,
    ) -> None:
        self.spec = spec
        self.index = index
        self.unit_order = unit_order
        leaf_cols = spec.leaf_columns
        self.amount_positions = [i for i, c in enumerate(leaf_cols) if c.select is not None]
        self.selectors: list[Selector] = [
            c.select.narrowed(spec.filter) for c in leaf_cols if c.select is not None
        ]
        self.printed_width = len(self.selectors)
        # A 增减率 column sums this year's lines in its own slot and last year's in an extra slot
        # after the printed ones; the rate is made from the two when the row is materialized.
        self.rates: list[tuple[int, int]] = []
        for slot, sel in enumerate(self.selectors[: self.printed_width]):
            if sel.measure == RATE:
                self.selectors[slot] = replace(sel, measure="budget")
                self.selectors.append(replace(sel, measure=PRIOR))
                self.rates.append((slot, len(self.selectors) - 1))
        self.width = len(self.selectors)
        self.columns_of = SignatureColumns(index, self.selectors)
        self.has_change = any(s.measure == "change" for s in self.selectors)
        self._cells: dict[tuple, list[int]] | None = {}
        # After a columnar roll-up: (keys, amounts) the `cells` dict is made from on first use
        self._cells_from: tuple[list, list] | None = None
        self.axis = spec.rows.kind
        # 类/款/项 over the whole department (no department or unit rows): keyed by function only
        self.merged = self.axis == "function" and spec.rows.by == "function"
        self.short_key = itemgetter(2) if self.merged else self._SHORT_KEYS[self.axis]
        assert all(
            c.select is None
            for c in spec.leaf_columns[: len(spec.leaf_columns) - self.printed_width]
        )
        # row key -> (code, name, level, the text columns' values): shared by the grids of one
        # row axis with the same text columns (see `description_group`)
        self._described: dict[tuple, tuple[str, str, str, tuple]] = (
            {} if described is None else described
        )
        self._text_fields = [c.text for c in spec.leaf_columns if c.select is None]
        # After a columnar roll-up: every row key in printed order and its amounts, so the first
        # materialization neither sorts nor reads the cells dict (dropped by the first edit).
        self._ordered: tuple[list, list] | None = None
        # The last materialization (its result and row index per key) and the row keys whose
        # amounts edits changed since: the next one replaces only those rows.
        self._last: tuple[TableResult, dict[tuple, int] | None] | None = None
        self._dirty: set[tuple] = set()
        # The rows of the last result changed by edits (if any), as a list patched in place by
        # the next one: an edit then copies the rows once, not thrice (a large department's
        # tables have tens of thousands of rows).
        self._rows: tuple[TableResult, list[Row]] | None = None

    @property
    def cells(self) -> dict[tuple, list[int]]:
        """Row key → amounts per column slot. After a columnar roll-up the dict is made when an
        edit or a re-sort first needs it: a full roll-up materializes from `_ordered` alone."""
        found = self._cells
        if found is None:
            keys, values = self._cells_from  # type: ignore[misc]  # set whenever _cells is None
            found = self._cells = dict(zip(keys, values, strict=True))
            self._cells_from = None
        return found

    @cells.setter
    def cells(self, cells: dict[tuple, list[int]]) -> None:
        self._cells, self._cells_from = cells, None

    @property
    def columns_per_line(self) -> bool:
        """True when the columns depend on a line's function or project, not just its core."""
        return self.columns_of.needs_function or self.columns_of.needs_project

    # The cheapest value identifying a line's leaf row, picked from the prepared line
    # (expanded by `leaf_key`): (unit, function), econ code, unit, or (unit, project).
    _SHORT_KEYS: dict[str, Callable[[Prepared], Any]] = {
        "function": itemgetter(1, 2),
        "function_unit": itemgetter(1, 2),
        "econ": itemgetter(3),
        "unit": itemgetter(1),
        "project": itemgetter(1, 4),
        "total": lambda item: (),
    }

    def leaf_key(self, short) -> tuple:  # noqa: ANN001
        """The sortable row key of a leaf row."""
        axis, order = self.axis, self.unit_order
        if self.merged:
            return (2, short)
        if axis == "total":
            return _TOTAL_KEY
        if axis in ("function", "function_unit"):
            unit, function = short
            return (2, *order.get(unit, (0, unit)), function)
        if axis == "econ":
            return (0, short[:3], short)
        if axis == "unit":
            return (2, *order.get(short, (0, short)))
        unit, project = short
        proj = self.index.ledger.projects.get(project)
        return (2, *order.get(unit, (0, unit)), proj.sort_order if proj else 0, project)

    def ancestors(self, leaf: tuple) -> tuple[tuple, ...]:
        axis = self.axis
        if axis == "total":
            return (_TOTAL_KEY,)
        if self.merged:  # 合计, then 类 = Σ款 = Σ项 of the whole department
            func = leaf[1]
            parents = [(2, func[:n]) for n in (3, 5) if len(func) > n]
            return (_TOTAL_KEY, *parents, leaf)
        if axis == "function":
            head, func = leaf[:3], leaf[3]
            if len(func) < 7:  # a 款 or 类 without 项 (219xx, 227) is its own leaf row
                if len(func) < 5:
                    return (_TOTAL_KEY, _DEPT_KEY, (*head, ""), leaf)
                return (_TOTAL_KEY, _DEPT_KEY, (*head, ""), (*head, func[:3]), leaf)
            return (_TOTAL_KEY, _DEPT_KEY, (*head, ""), (*head, func[:3]), (*head, func[:5]), leaf)
        if axis == "function_unit":
            return (_TOTAL_KEY, _DEPT_KEY, (*leaf[:3], ""), leaf)
        if axis == "econ":
            return ((0, leaf[1], ""), leaf, _ECON_TOTAL_KEY)
        return (_TOTAL_KEY, _DEPT_KEY, leaf)

    def recompute(self, buckets: dict[tuple, list[Prepared]]) -> None:
        recompute_grids([self], buckets)

    @property
    def pass_key(self) -> tuple:
        """Grids with equal pass keys read the same lines by the same leaf key: one pass serves all."""
        family: str = "function" if self.axis in ("function", "function_unit") else self.axis
        if self.merged:
            family = "function_merged"
        return (family, self.columns_per_line, self.has_change)

    def expand(self, leaves: dict) -> None:
        """Add each leaf row into its ancestors (unit, 类, 款 … and 合计)."""
        cells: dict[tuple, list[int]] = {}
        for short, vec in leaves.items():
            for anc in self.ancestors(self.leaf_key(short)):
                target = cells.get(anc)
                if target is None:
                    cells[anc] = list(vec)
                else:
                    for i, v in enumerate(vec):
                        target[i] += v
        self.cells = cells
        self._last = None  # the next materialization starts afresh
        self._ordered = None
        self._dirty.clear()

    def set_rows(self, keys: list[tuple], values: list[list[int]]) -> None:
        """Cells from the columnar roll-up: the keys of the rows with amounts (printed order) and
        their amounts (rows whose amounts are all 0 are left out, as edits may leave them)."""
        self._cells, self._cells_from = None, (keys, values)
        self._ordered = (keys, values)
        self._last = None
        self._dirty.clear()

    def apply(self, item: Prepared, sign: int) -> bool:
        if item[0][0] == PRIOR:
            return self._apply_signed(item, sign)
        amount = item[5]
        cols = self.columns_of(item)
        if not cols:
            return False
        self._ordered = None
        ancestors = self.ancestors(self.leaf_key(self.short_key(item)))
        self._dirty.update(ancestors)
        for anc in ancestors:
            vec = self.cells.get(anc)
            if vec is None:
                vec = self.cells[anc] = [0] * self.width
            for c in cols:
                vec[c] += sign * amount
        return True

    def _apply_signed(self, item: Prepared, sign: int) -> bool:
        """A prior-year line: 增减额 columns subtract it."""
        pairs = self.columns_of.signed(item)
        if not pairs:
            return False
        self._ordered = None
        ancestors = self.ancestors(self.leaf_key(self.short_key(item)))
        self._dirty.update(ancestors)
        for anc in ancestors:
            vec = self.cells.get(anc)
            if vec is None:
                vec = self.cells[anc] = [0] * self.width
            for c, amount in pairs:
                vec[c] += sign * amount
        return True

    def materialize(self, ledger: Ledger) -> TableResult:
        """The table's rows; after edits that only changed amounts, the last result with the
        changed rows replaced (cost proportional to the rows the edits touched)."""
        last = self._last
        result = self._materialize_changed() if last is not None else None
        if last is None or result is None:
            result = self._materialize_all(ledger)
            self._last = (result, None)  # the row index is made by the first edit that needs it
        else:
            self._last = (result, self._last[1])  # type: ignore[index]  # set: last is not None
        self._dirty.clear()
        return result

    def _materialize_changed(self) -> TableResult | None:
        """The last result with the dirty rows' amounts replaced, or None when an edit made a row
        appear or vanish (a full materialization then sorts the rows anew)."""
        assert self._last is not None
        last, index = self._last
        if not self._dirty:
            return last
        if index is None:
            index = {row.key: i for i, row in enumerate(last.rows)}
            self._last = (last, index)
        if last.empty:
            return None  # an empty table prints no rows: nothing to reuse
        kept, self._rows = self._rows, None  # until the patch is whole (it may be given up)
        rows = kept[1] if kept is not None and kept[0] is last else list(last.rows)
        changed = []
        cells, described = self.cells, self._described
        for key in self._dirty:
            i = index.get(key)
            amounts = cells.get(key)
            shown = amounts is not None and any(amounts)
            if i is None:
                if shown:
                    return None  # a new row
                continue
            old = rows[i]
            if not shown and (self.rates or any(old.values[len(old.values) - self.width :])):
                return None  # the row's amounts went to zero: it may vanish, `empty` may change
            full = amounts or [0] * self.width
            printed = self._printed(full) if self.rates else tuple(full)
            values = described[key][3] + printed
            if values != old.values:
                rows[i] = Row(key, old.code, old.name, old.level, values)
                changed.append(i)
        if not changed:
            self._rows = (last, rows)
            return last
        changed.sort()
        delta = RowDelta(last.rows, tuple(changed))
        result = TableResult(last.spec, tuple(rows), last.empty, delta)
        self._rows = (result, rows)
        return result

    def _materialize_all(self, ledger: Ledger) -> TableResult:
        spec, width = self.spec, self.width
        total_key = _ECON_TOTAL_KEY if self.axis == "econ" else _TOTAL_KEY
        extra = {total_key}
        if spec.rows.show_empty_units and not self.merged:
            extra.add(_DEPT_KEY)
            extra.update(self._unit_key(code) for code in ledger.units)
        described = self._described
        describe = self._describe_row
        printed = self._printed if self.rates else tuple
        if self._ordered is not None:  # already in printed order: add the few rows always shown
            keys, amounts = self._ordered
            empty = not keys
            keys, amounts = _with_rows(keys, amounts, extra, [0] * width)
            # every row in bulk (map over the columns): tens of thousands of rows on a large
            # department, most of them already described by an earlier grid of the same group
            infos: list[Any] = list(map(described.get, keys))
            if None in infos:
                missing = [i for i, info in enumerate(infos) if info is None]
                new = self._describe_rows([keys[i] for i in missing], ledger)
                for i, new_info in zip(missing, new, strict=True):
                    infos[i] = new_info
            made = list(map(_described_row, keys, infos, map(printed, amounts)))
            return TableResult(spec, tuple(made), empty)
        cells = self.cells
        found = {k for k, v in cells.items() if any(v)}
        empty = not found
        zero = [0] * width
        # keys of one axis compare position by position
        picked = [(k, cells.get(k, zero)) for k in sorted(found | extra)]
        rows: list[Row] = []
        append = rows.append
        for key, amounts in picked:
            info = described.get(key)
            if info is None:
                info = describe(key, ledger)
            append(_row(key, info[0], info[1], info[2], info[3] + printed(amounts)))
        return TableResult(spec, tuple(rows), empty)

    def description_group(self) -> tuple:
        """Grids with equal groups describe their rows alike (same row axis, same text columns)."""
        return (self.axis, self.spec.rows.by, tuple(self._text_fields))

    def _describe_row(self, key: tuple, ledger: Ledger) -> tuple[str, str, str, tuple]:
        """(code, name, level, text columns) of a row, remembered for the row key. A 类/款/项 row
        is described alike in every unit: remembered once per function code (and code shown)."""
        memo = key
        if key[0] == 2 and (self.merged or (self.axis in _FUNCTION_AXES and key[-1])):
            code = key[2] if self.axis == "function_unit" and not self.merged else key[-1]
            memo = ("function", key[-1], code)
        found = self._described.get(memo)
        if found is None:
            found = self._described[memo] = self._info(key, ledger)
        self._described[key] = found
        return found

    def _describe_rows(self, keys: list[tuple], ledger: Ledger) -> list[tuple]:
        """`_describe_row` of many keys in one loop (the first grid of a description group
        describes tens of thousands of rows on a large department)."""
        described = self._described
        by_function = self.merged or self.axis in _FUNCTION_AXES
        unit_code = self.axis == "function_unit" and not self.merged
        merged = self.merged
        out: list[tuple] = []
        append = out.append
        for key in keys:
            memo = key
            if by_function and key[0] == 2 and (merged or key[-1]):
                memo = ("function", key[-1], key[2] if unit_code else key[-1])
            found = described.get(memo)
            if found is None:
                found = described[memo] = self._info(key, ledger)
            append(found)
        described.update(zip(keys, out, strict=True))
        return out

    def _info(self, key: tuple, ledger: Ledger) -> tuple[str, str, str, tuple]:
        info = self._describe(key, ledger)
        return (
            info["code"],
            info["name"],
            info["level"],
            tuple(info.get(f, "") for f in self._text_fields),
        )

    def _printed(self, amounts: list[int]) -> tuple:
        """The printed values of a row: amounts, and a Rate where a 增减率 column stands."""
        out: list = list(amounts[: self.printed_width])
        decimals = self.spec.rate_decimals
        for slot, prior in self.rates:
            out[slot] = Rate(amounts[slot], amounts[prior], decimals)
        return tuple(out)

    def _unit_key(self, code: str) -> tuple:
        if self.axis in ("function", "function_unit"):
            return (2, *self.unit_order[code], "")
        return (2, *self.unit_order[code])

    def _describe(self, key: tuple, ledger: Ledger) -> dict[str, Any]:
        dept = ledger.department
        if key == _TOTAL_KEY or (self.axis == "econ" and key == _ECON_TOTAL_KEY):
            return {"code": "", "name": "合计", "level": TOTAL}
        if key == _DEPT_KEY:
            return {"code": dept.code, "name": dept.name, "level": DEPARTMENT}
        catalog = ledger.catalog
        if self.merged:
            return _function_row(key[1], catalog.function_name(key[1]), key[1])
        if self.axis == "econ":
            code = key[2] or key[1]
            return {
                "code": code,
                "name": catalog.dept_econ_name(code),
                "level": "款" if key[2] else "类",
            }
        unit_code = key[2]
        unit = ledger.units.get(unit_code)
        unit_name = unit.name if unit else unit_code
        if self.axis == "unit" or (self.axis in ("function", "function_unit") and key[3] == ""):
            return {"code": unit_code, "name": unit_name, "level": UNIT}
        if self.axis == "project":
            project = ledger.projects.get(key[4])
            return {
                "code": unit_code,
                "name": project.name if project else key[4],
                "level": "project",
            }
        func = key[3]
        code = unit_code if self.axis == "function_unit" else func
        return _function_row(func, catalog.function_name(func), code)


_new = object.__new__
_SET_ROW = tuple(getattr(Row, f).__set__ for f in ("key", "code", "name", "level", "values"))


def _row(key: tuple, code: str, name: str, level: str, values: tuple) -> Row:
    """Row(key, code, name, level, values), without the frozen dataclass's five
    `object.__setattr__` calls: its slots are set directly, the same object made in about half
    the time (tens of thousands of rows are made by a full roll-up of a large department)."""
    row = _new(Row)
    set_key, set_code, set_name, set_level, set_values = _SET_ROW
    set_key(row, key)
    set_code(row, code)
    set_name(row, name)
    set_level(row, level)
    set_values(row, values)
    return row


def _described_row(key: tuple, info: tuple[str, str, str, tuple], amounts: tuple) -> Row:
    """A row from its key, its description (code, name, level, text columns) and its printed
    amounts: `_row` with the description unpacked here rather than by the caller."""
    row = _new(Row)
    set_key, set_code, set_name, set_level, set_values = _SET_ROW
    set_key(row, key)
    set_code(row, info[0])
    set_name(row, info[1])
    set_level(row, info[2])
    set_values(row, info[3] + amounts)
    return row


def _with_rows(keys: list, amounts: list, extra: set, zero: list) -> tuple[list, list]:
    """Sorted `keys` and their `amounts` with the keys of `extra` (rows always printed) added
    where they sort, with `zero` amounts, unless present: a few binary searches, no sort."""
    missing = []
    for key in extra:
        i = bisect_left(keys, key)
        if i == len(keys) or keys[i] != key:
            missing.append((i, key))
    if not missing:
        return keys, amounts
    missing.sort()
    new_keys: list = []
    new_amounts: list = []
    start = 0
    for i, key in missing:
        new_keys += keys[start:i]
        new_amounts += amounts[start:i]
        new_keys.append(key)
        new_amounts.append(zero)
        start = i
    new_keys += keys[start:]
    new_amounts += amounts[start:]
    return new_keys, new_amounts


def _function_row(func: str, name: str, code: str) -> dict[str, Any]:
    """Code, name, level and 类/款/项 parts of a 功能分类 row."""
    return {
        "code": code,
        "name": name,
        "level": {3: "类", 5: "款", 7: "项"}.get(len(func), "项"),
        "class": func[:3],
        "section": func[3:5] if len(func) >= 5 else "",
        "item": func[5:7] if len(func) >= 7 else "",
    }


def recompute_grids(grids: list[GridComputation], buckets: dict[tuple, list[Prepared]]) -> None:
    """Full roll-up of grids sharing a pass key, in one pass over their lines.

    This is the hot loop (20,000 lines × 21 tables on a large department). Lines come grouped by
    core signature, which fixes each grid's columns for the whole group, so per line there is one
    dict lookup for all grids of the pass; ancestors are added afterwards, once per leaf row.
    """
    if any(g.columns_per_line or g.has_change for g in grids):
        for grid in grids:
            _recompute_per_line(grid, buckets)
        return
    short_key, count = grids[0].short_key, len(grids)
    widths = [g.width for g in grids]
    slots: dict = {}  # leaf short key -> one amount vector per grid (None until touched)
    for core, items in buckets.items():
        active = [
            (i, cols) for i, g in enumerate(grids) if (cols := g.columns_of.lookup(core, "", ""))
        ]
        if not active:
            continue
        for item in items:
            key = short_key(item)
            amount = item[5]
            slot = slots.get(key)
            if slot is None:
                slot = slots[key] = [None] * count
            for i, cols in active:
                vec = slot[i]
                if vec is None:
                    vec = slot[i] = [0] * widths[i]
                for c in cols:
                    vec[c] += amount
    for i, grid in enumerate(grids):
        grid.expand({key: slot[i] for key, slot in slots.items() if slot[i] is not None})


def _recompute_per_line(grid: GridComputation, buckets: dict[tuple, list[Prepared]]) -> None:
    """Roll-up of a grid whose columns depend on more than the core signature (e.g. the project),
    or of lines that include prior-year figures (a 增减额 column subtracts them)."""
    leaves: dict = {}
    columns_of, short_key, width = grid.columns_of, grid.short_key, grid.width
    for core, items in buckets.items():
        signed = core[0] == PRIOR
        for item in items:
            cols = columns_of(item)
            if not cols:
                continue
            key = short_key(item)
            vec = leaves.get(key)
            if vec is None:
                vec = leaves[key] = [0] * width
            if signed:
                for c, amount in columns_of.signed(item):
                    vec[c] += amount
            else:
                for c in cols:
                    vec[c] += item[5]
    grid.expand(leaves)


class ListingComputation:
    """Sums of the items of a listing table (收支总表 …)."""

    def __init__(self, spec: ListingSpec, index: FactsIndex) -> None:
        self.spec = spec
        self.index = index
        self.items: list[Selector] = []
        # (block, part, position, amount column) per summed cell
        self.slots: list[tuple[int, str, int, int]] = []
        for b, block in enumerate(spec.blocks):
            for part, items in (("body", block.items), ("footer", block.footer)):
                for pos, item in enumerate(items):
                    for k in range(len(block.amount_columns)):
                        select = block.cell_select(item, k)
                        if select is not None:
                            self.items.append(select)
                            self.slots.append((b, part, pos, k))
        self.sums = [0] * len(self.items)
        # Items reading different facts are matched separately, each on its own projection.
        groups: dict[frozenset, list[int]] = {}
        for i, sel in enumerate(self.items):
            groups.setdefault(frozenset(sel.signature_positions()), []).append(i)
        self.groups = [
            (SignatureColumns(index, [self.items[i] for i in members]), members)
            for members in groups.values()
        ]
        self.function_len = max(g.function_len for g, _ in self.groups)
        self.needs_project = any(g.needs_project for g, _ in self.groups)
        self._last: tuple[Row, ...] | None = None  # the rows last materialized
        self._result: TableResult | None = None
        self._dirty: set[int] = set()  # items whose sums edits changed since
        self._layout_cache: tuple[list, dict[int, int], set[int]] | None = None
        # a row is named by its first block's label, else the second's
        first = spec.block_columns(0)[0]
        self._name_columns = (first, spec.block_columns(1)[0] if len(spec.blocks) > 1 else first)

    def recompute(self, buckets: dict[tuple, list[Prepared]], shared: dict | None = None) -> None:
        # Listings with the same needs share one pass over the lines.
        memo_key = ("listing", self.function_len, self.needs_project)
        fine = shared.get(memo_key) if shared is not None else None
        if fine is None:
            fine = self._fine_sums(buckets)
            if shared is not None:
                shared[memo_key] = fine
        self.recompute_from(fine)

    def set_sums(self, sums: list[int]) -> None:
        """Sums from the columnar roll-up."""
        self._last = None
        self.sums = sums

    def recompute_from(self, fine: dict[tuple, int]) -> None:
        """Sums from amounts by (core, function prefix, project flags) (see `_fine_sums`)."""
        self._last = None  # the next materialization prints every row
        sums = [0] * len(self.items)
        for group, members in self.groups:
            coarse: dict[tuple, list] = {}
            for (core, function, flags), amount in fine.items():
                gkey = group.key(core, function, flags)
                slot = coarse.get(gkey)
                if slot is None:
                    coarse[gkey] = [amount, core, function, flags]
                else:
                    slot[0] += amount
            for gkey, (amount, core, function, flags) in coarse.items():
                cols = group.for_key(gkey, core, function, flags)
                negative = group._negative.get(gkey, frozenset())  # noqa: SLF001
                for i in cols:
                    sums[members[i]] += -amount if i in negative else amount
        self.sums = sums

    def _fine_sums(self, buckets: dict[tuple, list[Prepared]]) -> dict[tuple, int]:
        """Amounts by (core, function prefix, project flags): all that any item reads."""
        flen, project_flags = self.function_len, self.index.project_flags
        fine: dict[tuple, int] = {}
        for core, items in buckets.items():
            by_function: dict = {}
            if self.needs_project:
                for item in items:
                    key = (item[2][:flen], project_flags(item[4]))
                    by_function[key] = by_function.get(key, 0) + item[5]
            else:
                for item in items:
                    prefix = item[2][:flen]
                    by_function[prefix] = by_function.get(prefix, 0) + item[5]
                by_function = {(f, ("", False)): amount for f, amount in by_function.items()}
            for (function, flags), amount in by_function.items():
                fine[(core, function, flags)] = amount
        return fine

    def apply(self, item: Prepared, sign: int) -> bool:
        touched = False
        dirty = self._dirty
        if item[0][0] == PRIOR:
            for group, members in self.groups:
                for i, amount in group.signed(item):
                    self.sums[members[i]] += sign * amount
                    dirty.add(members[i])
                    touched = True
            return touched
        for group, members in self.groups:
            for i in group.lookup(item[0], item[2], item[4]):
                self.sums[members[i]] += sign * item[5]
                dirty.add(members[i])
                touched = True
        return touched

    def _layout(self) -> tuple[list, dict[int, int], set[int]]:
        """How rows are printed: per row its key, level and per block (texts before the amounts,
        the amount slots or None for a blank item, width); the row of each summed item; and the
        rows holding a `sum_of` item (they change with any item of their block)."""
        if self._layout_cache is not None:
            return self._layout_cache
        spec = self.spec
        blocks = spec.blocks
        body = max(len(b.items) for b in blocks)
        footer = max(len(b.footer) for b in blocks)
        height = body + footer  # 行次 run down each block in turn: block b starts at b × height
        layout: list[tuple[tuple, str, list]] = []
        sum_rows: set[int] = set()
        for part, count in (("body", body), ("footer", footer)):
            for pos in range(count):
                row_number = pos + 1 + (body if part == "footer" else 0)
                cells = []
                for b, block in enumerate(blocks):
                    items = block.items if part == "body" else block.footer
                    width = len(block.amount_columns)
                    item = items[pos] if pos < len(items) else None
                    texts = [item.code if item else ""] if block.code_header else []
                    texts.append(item.label if item else "")
                    if spec.row_numbers:
                        texts.append(str(b * height + row_number))
                    slots = None if item is None else [(b, part, pos, k) for k in range(width)]
                    cells.append((tuple(texts), slots, width))
                    if item is not None and item.sum_of:
                        sum_rows.add(len(layout))
                level = TOTAL if part == "footer" else "line"
                layout.append(((part, pos), level, cells))
        row_of = {
            i: pos if part == "body" else body + pos
            for i, (_b, part, pos, _k) in enumerate(self.slots)
        }
        self._layout_cache = (layout, row_of, sum_rows)
        return self._layout_cache

    def _values(self) -> dict[tuple[int, str, int, int], int]:
        """Every cell's amount by (block, part, position, amount column), sums included."""
        values = dict(zip(self.slots, self.sums, strict=True))
        _add_sums(self.spec.blocks, values)
        return values

    def _row(self, r: int, values: dict) -> Row:
        """Printed row `r`: each block's code, label, 行次 and amounts (a `sum_of` item adds up
        the items it names); named by its first block's label, else the second's."""
        layout = self._layout()[0]
        key, level, blocks = layout[r]
        cells: list[Any] = []
        for texts, slots, width in blocks:
            cells.extend(texts)
            if slots is None:
                cells.extend([None] * width)
            else:
                cells.extend([values.get(slot) for slot in slots])
        first, second = self._name_columns
        return Row(key, "", cells[first] or cells[second], level, tuple(cells))

    def _rows(self) -> tuple[Row, ...]:
        """Every printed row: body rows, then footer rows."""
        values = self._values()
        return tuple(self._row(r, values) for r in range(len(self._layout()[0])))

    def materialize(self, ledger: Ledger) -> TableResult:
        # A listing's rows are fixed by its spec: after edits only the rows of the items they
        # changed (and the rows of sums over items) are printed again.
        last, dirty = self._last, self._dirty
        if last is not None and not dirty and self._result is not None:
            return self._result
        if last is None:
            dirty.clear()
            return self._make(self._rows(), ())
        _layout, row_of, sum_rows = self._layout()
        redo = sorted({row_of[i] for i in dirty} | sum_rows)
        dirty.clear()
        values = self._values()
        rows = list(last)
        changed = []
        for r in redo:
            row = self._row(r, values)
            if row != last[r]:
                rows[r] = row
                changed.append(r)
        if not changed and self._result is not None:
            return self._result
        return self._make(tuple(rows), tuple(changed), last)

    def _make(self, rows: tuple[Row, ...], changed: tuple[int, ...], last=None) -> TableResult:  # noqa: ANN001
        delta = RowDelta(last, changed) if last is not None else None
        self._last = rows
        self._result = TableResult(self.spec, rows, empty=False, delta=delta)
        return self._result


def _add_sums(blocks: list, values: dict[tuple[int, str, int, int], int]) -> None:
    """Fill the cells of items that add up other items of their block (`sum_of`: 总计 =
    本年收入合计 + 使用非财政拨款结余 + 年初结转和结余), in order, so a sum may use an earlier sum."""
    for b, block in enumerate(blocks):
        where: dict[str, tuple[str, int]] = {}
        for part, items in (("body", block.items), ("footer", block.footer)):
            for pos, item in enumerate(items):
                if item.label:
                    where.setdefault(item.label, (part, pos))
                if not item.sum_of:
                    continue
                for k in range(len(block.amount_columns)):
                    parts = [values.get((b, *where[label], k)) for label in item.sum_of]
                    found = [v for v in parts if v is not None]
                    values[(b, part, pos, k)] = sum(found) if found else None  # type: ignore[assignment]


class Rollup:
    """All standard tables of a ledger, kept current as the ledger changes."""

    def __init__(
        self, ledger: Ledger, specs: Iterable[AnySpec] | None = None, pack: Any = None
    ) -> None:
        """The tables of `specs`, else of the table set `pack` (a Pack), else the file's set."""
        self.ledger = ledger
        if specs is None:
            if pack is None:
                from desktop.packs.choice import file_pack

                pack = file_pack(ledger.file)
            specs = pack.tables
        self.pack = pack  # the set the tables come from (its rules go with them), if known
        self.specs = list(specs)
        measures = {sel.measure for spec in self.specs for sel in _selectors(spec)}
        self.uses_prior = not measures.isdisjoint(PRIOR_MEASURES)
        self.uses_balance = not measures.isdisjoint(BALANCE_MEASURES)
        self.uses_baseline = not measures.isdisjoint(BASELINE_MEASURES)
        self._results: dict[int, TableResult] = {}
        self.recompute()
        ledger.add_listener(self._on_change)

    def close(self) -> None:
        self.ledger.remove_listener(self._on_change)

    def recompute(self) -> None:
        """Full roll-up of every table from the ledger's lines."""
        # The roll-up allocates many small tuples that are never cyclic; pausing the cyclic
        # garbage collector meanwhile saves a third of the time on a large department.
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._recompute()
        finally:
            if enabled:
                gc.enable()

    def _recompute(self) -> None:
        ledger = self.ledger
        self.index = FactsIndex(ledger)
        units = sorted(ledger.units.values(), key=lambda u: (u.sort_order, u.code))
        self.unit_order = {u.code: (u.sort_order, u.code) for u in units}
        self.computations: list[GridComputation | ListingComputation] = [
            GridComputation(s, self.index, self.unit_order)
            if isinstance(s, TableSpec)
            else ListingComputation(s, self.index)
            for s in self.specs
        ]
        described: dict[tuple, dict] = {}  # row descriptions, shared by grids that print alike
        for comp in self.computations:
            if isinstance(comp, GridComputation):
                comp._described = described.setdefault(comp.description_group(), {})  # noqa: SLF001
        # True when the last full roll-up was the columnar one (large departments)
        self.columnar = self._columnar()
        if self.columnar:
            self._results.clear()
            return
        extra: list[Iterable[Summed]] = []
        if self.uses_balance:
            extra.append(ledger.balance_lines.values())
        if self.uses_baseline:
            extra.append(ledger.baseline_lines.values())
        prepare = self.index.prepare
        buckets: dict[tuple, list[Prepared]] = {}
        sources: list[Iterable[Summed]] = [
            ledger.expenditure_lines.values(),
            ledger.income_lines.values(),
        ]
        if self.uses_prior:
            sources.append(ledger.prior_year_lines.values())
        for lines in sources:
            for line in lines:
                item = prepare(line)  # type: ignore[arg-type]  # lines only, until here
                bucket = bucket_of(item)
                found = buckets.get(bucket)
                if found is None:
                    buckets[bucket] = [item]
                else:
                    found.append(item)
        for records in extra:
            for record in records:
                for item in self.index.items(record):
                    buckets.setdefault(bucket_of(item), []).append(item)
        shared: dict = {}
        passes: dict[tuple, list[GridComputation]] = {}
        for comp in self.computations:
            if isinstance(comp, ListingComputation):
                comp.recompute(buckets, shared)
            else:
                passes.setdefault(comp.pass_key, []).append(comp)
        for grids in passes.values():
            recompute_grids(grids, buckets)
        self._results.clear()

    def _columnar(self) -> bool:
        """The columnar full roll-up (numpy), for departments large enough that it pays for its
        import; False when it does not apply (small, or sums beyond float64's exact range)."""
        ledger = self.ledger
        sources: list[dict[Any, Any]] = [ledger.expenditure_lines, ledger.income_lines]
        if self.uses_prior:
            sources.append(ledger.prior_year_lines)
        kept: list[dict[Any, Any]] = []
        if self.uses_balance:
            kept.append(ledger.balance_lines)
        if self.uses_baseline:
            kept.append(ledger.baseline_lines)
        if sum(map(len, sources)) + sum(map(len, kept)) < COLUMNAR_FROM:
            return False
        from desktop.tables import columnar

        items = columnar.coded_items(ledger, self.index, sources, kept, PRIOR)
        if not items.exact:
            return False
        shared: dict = {}
        for comp in self.computations:
            if isinstance(comp, ListingComputation):
                comp.set_sums(columnar.listing_sums(comp, items, self.index, shared))
            else:
                comp.set_rows(*columnar.grid_rows(comp, items, self.index, shared))
        return True

    def _on_change(self, changes: list[Change]) -> None:
        changes = [
            c
            for c in changes
            if _affects_tables(c, self.uses_prior, self.uses_balance, self.uses_baseline)
        ]
        if any(not isinstance(c.after or c.before, SUMMED_TYPES) for c in changes):
            self.recompute()  # units or projects changed: names, order or facts may differ
            return
        self.apply_line_changes(changes)

    def apply_line_changes(self, changes: list[Change]) -> None:
        items = self.index.items
        for change in changes:
            for line, sign in ((change.before, -1), (change.after, 1)):
                if line is None:
                    continue
                # callers pass changes of summed records (lines, balance and baseline lines) only
                for item in items(cast(Summed, line)):
                    for comp in self.computations:
                        if comp.apply(item, sign):
                            self._results.pop(comp.spec.number, None)

    def result(self, number: int) -> TableResult:
        """The current result of table `number` (materialized on demand, then cached)."""
        found = self._results.get(number)
        if found is None:
            comp = next(c for c in self.computations if c.spec.number == number)
            found = self._results[number] = comp.materialize(self.ledger)
        return found

    def results(self) -> list[TableResult]:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return [self.result(s.number) for s in self.specs]
        finally:
            if enabled:
                gc.enable()


def _selectors(spec: AnySpec) -> list[Selector]:
    """Every selector a spec uses (columns or listing items, and its filter)."""
    if isinstance(spec, ListingSpec):
        return [
            sel
            for b in spec.blocks
            for i in (*b.items, *b.footer)
            for k in range(len(b.amount_columns))
            if (sel := b.cell_select(i, k)) is not None
        ]
    found = [c.select for c in spec.leaf_columns if c.select is not None]
    return found + ([spec.filter] if spec.filter is not None else [])
