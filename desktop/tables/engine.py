"""The roll-up: computes every standard table from the ledger and keeps them current.

A full roll-up sums each line once per table into leaf rows and then adds leaf rows into their
ancestors (unit, 类, 款 …). After an edit only the changed lines' deltas are applied, so an edit
costs microseconds per table whatever the department's size. Results are materialized lazily.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from desktop.ledger import Ledger
from desktop.records import Change, ExpenditureLine, IncomeLine
from desktop.tables.hunan import HUNAN_TABLES
from desktop.tables.result import DEPARTMENT, TOTAL, UNIT, Row, TableResult
from desktop.tables.spec import AnySpec, Facts, ListingSpec, Selector, TableSpec

Line = IncomeLine | ExpenditureLine
# (signature, unit_code, function_code, econ_code, project_code, amount)
Prepared = tuple[tuple, str, str, str, str, int]

_TOTAL_KEY = (0,)
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
                parent = catalog.fund_sources[parent].parent if parent in catalog.fund_sources else ""
            self._fund_info[code] = (frozenset(chain), fund.budget_type, fund.fiscal)

    def signature(self, line: Line) -> tuple:
        if isinstance(line, ExpenditureLine):
            unit = self.ledger.units.get(line.unit_code)
            return (
                "expenditure",
                line.function_code,
                line.econ_code,
                line.fund_source,
                line.kind,
                unit.kind if unit else "",
                line.project_code,
            )
        return ("income", line.function_code, "", line.fund_source, "", "", "")

    def facts(self, sig: tuple) -> Facts:
        found = self._facts.get(sig)
        if found is None:
            found = self._facts[sig] = self._make(sig)
        return found

    def _make(self, sig: tuple) -> Facts:
        source, function, econ, fund, kind, unit_kind, project_code = sig
        chain, budget_type, fiscal = self._fund_info.get(fund, (frozenset({fund}), "", False))
        project = self.ledger.projects.get(project_code) if project_code else None
        return Facts(
            source=source,
            function=function,
            econ=econ,
            gov=self.ledger.catalog.gov_econ_for(econ, unit_kind) if econ else "",
            kind=kind,
            funds=chain,
            budget_type=budget_type,
            fiscal=fiscal,
            budget_mode=project.budget_mode if project else "",
            special_fund=bool(project and project.is_special_fund),
        )

    def prepare(self, line: Line) -> Prepared:
        econ = line.econ_code if isinstance(line, ExpenditureLine) else ""
        project = line.project_code if isinstance(line, ExpenditureLine) else ""
        return (self.signature(line), line.unit_code, line.function_code, econ, project, line.amount)


class GridComputation:
    """Cells of one grid table: row key → amounts per amount column."""

    def __init__(self, spec: TableSpec, index: FactsIndex, unit_order: dict[str, tuple]) -> None:
        self.spec = spec
        self.index = index
        self.unit_order = unit_order
        leaf_cols = spec.leaf_columns
        self.amount_positions = [i for i, c in enumerate(leaf_cols) if c.select is not None]
        self.selectors: list[Selector] = [
            leaf_cols[i].select.narrowed(spec.filter) for i in self.amount_positions
        ]
        self.width = len(self.selectors)
        self.source = self.selectors[0].source if self.selectors else "expenditure"
        self._cols: dict[tuple, tuple[int, ...]] = {}
        self.cells: dict[tuple, list[int]] = {}
        self.axis = spec.rows.kind

    def columns_of(self, sig: tuple) -> tuple[int, ...]:
        cols = self._cols.get(sig)
        if cols is None:
            if sig[0] != self.source:
                cols = ()
            else:
                facts = self.index.facts(sig)
                cols = tuple(i for i, s in enumerate(self.selectors) if s.matches(facts))
            self._cols[sig] = cols
        return cols

    def leaf_key(self, unit: str, function: str, econ: str, project: str) -> tuple:
        axis = self.axis
        if axis in ("function", "function_unit"):
            return (2, *self.unit_order.get(unit, (0, unit)), function)
        if axis == "econ":
            return (0, econ[:3], econ)
        if axis == "unit":
            return (2, *self.unit_order.get(unit, (0, unit)))
        proj = self.index.ledger.projects.get(project)
        return (2, *self.unit_order.get(unit, (0, unit)), proj.sort_order if proj else 0, project)

    def ancestors(self, leaf: tuple) -> tuple[tuple, ...]:
        axis = self.axis
        if axis == "function":
            head, func = leaf[:3], leaf[3]
            return (_TOTAL_KEY, _DEPT_KEY, (*head, ""), (*head, func[:3]), (*head, func[:5]), leaf)
        if axis == "function_unit":
            return (_TOTAL_KEY, _DEPT_KEY, (*leaf[:3], ""), leaf)
        if axis == "econ":
            return ((0, leaf[1], ""), leaf, _ECON_TOTAL_KEY)
        return (_TOTAL_KEY, _DEPT_KEY, leaf)

    def recompute(self, prepared: Sequence[Prepared]) -> None:
        leaves: dict[tuple, list[int]] = {}
        width = self.width
        columns_of, leaf_key = self.columns_of, self.leaf_key
        for sig, unit, function, econ, project, amount in prepared:
            cols = columns_of(sig)
            if not cols:
                continue
            key = leaf_key(unit, function, econ, project)
            vec = leaves.get(key)
            if vec is None:
                vec = leaves[key] = [0] * width
            for c in cols:
                vec[c] += amount
        cells: dict[tuple, list[int]] = {}
        for key, vec in leaves.items():
            for anc in self.ancestors(key):
                target = cells.get(anc)
                if target is None:
                    cells[anc] = list(vec)
                else:
                    for i, v in enumerate(vec):
                        target[i] += v
        self.cells = cells

    def apply(self, item: Prepared, sign: int) -> bool:
        sig, unit, function, econ, project, amount = item
        cols = self.columns_of(sig)
        if not cols:
            return False
        for anc in self.ancestors(self.leaf_key(unit, function, econ, project)):
            vec = self.cells.get(anc)
            if vec is None:
                vec = self.cells[anc] = [0] * self.width
            for c in cols:
                vec[c] += sign * amount
        return True

    def materialize(self, ledger: Ledger) -> TableResult:
        spec, width = self.spec, self.width
        total_key = _ECON_TOTAL_KEY if self.axis == "econ" else _TOTAL_KEY
        zero = [0] * width
        keys = {k for k, v in self.cells.items() if any(v)}
        empty = not keys
        keys.add(total_key)
        if spec.rows.show_empty_units:
            keys.add(_DEPT_KEY)
            keys.update(self._unit_key(code) for code in ledger.units)
        rows = []
        leaf_cols = spec.leaf_columns
        for key in sorted(keys, key=_sort_key):
            info = self._describe(key, ledger)
            amounts = self.cells.get(key, zero)
            values: list[Any] = []
            ai = 0
            for col in leaf_cols:
                if col.select is None:
                    values.append(info.get(col.text, ""))
                else:
                    values.append(amounts[ai])
                    ai += 1
            rows.append(Row(key, info["code"], info["name"], info["level"], tuple(values)))
        return TableResult(spec, tuple(rows), empty)

    def _unit_key(self, code: str) -> tuple:
        if self.axis in ("function", "function_unit"):
            return (2, *self.unit_order[code], "")
        return (2, *self.unit_order[code])

    def _describe(self, key: tuple, ledger: Ledger) -> dict[str, str]:
        dept = ledger.department
        if key == _TOTAL_KEY or (self.axis == "econ" and key == _ECON_TOTAL_KEY):
            return {"code": "", "name": "合计", "level": TOTAL}
        if key == _DEPT_KEY:
            return {"code": dept.code, "name": dept.name, "level": DEPARTMENT}
        catalog = ledger.catalog
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
            return {"code": unit_code, "name": project.name if project else key[4], "level": "project"}
        func = key[3]
        level = {3: "类", 5: "款", 7: "项"}.get(len(func), "项")
        parts = {
            "class": func[:3],
            "section": func[3:5] if len(func) >= 5 else "",
            "item": func[5:7] if len(func) >= 7 else "",
        }
        code = unit_code if self.axis == "function_unit" else func
        return {"code": code, "name": catalog.function_name(func), "level": level, **parts}


def _sort_key(key: tuple) -> tuple:
    return tuple((0, x) if isinstance(x, int) else (1, x) for x in key)


class ListingComputation:
    """Sums of the items of a listing table (收支总表 …)."""

    def __init__(self, spec: ListingSpec, index: FactsIndex) -> None:
        self.spec = spec
        self.index = index
        self.items: list[Selector] = []
        self.slots: list[tuple[int, str, int]] = []  # (block, part, position) per item
        for b, block in enumerate(spec.blocks):
            for part, items in (("body", block.items), ("footer", block.footer)):
                for pos, item in enumerate(items):
                    if item.select is not None:
                        self.items.append(item.select)
                        self.slots.append((b, part, pos))
        self.sums = [0] * len(self.items)
        self._cols: dict[tuple, tuple[int, ...]] = {}

    def columns_of(self, sig: tuple) -> tuple[int, ...]:
        cols = self._cols.get(sig)
        if cols is None:
            facts = self.index.facts(sig)
            cols = self._cols[sig] = tuple(
                i for i, s in enumerate(self.items) if s.matches(facts)
            )
        return cols

    def recompute(self, prepared: Sequence[Prepared]) -> None:
        sums = [0] * len(self.items)
        by_sig: dict[tuple, int] = {}
        for item in prepared:
            by_sig[item[0]] = by_sig.get(item[0], 0) + item[5]
        for sig, amount in by_sig.items():
            for i in self.columns_of(sig):
                sums[i] += amount
        self.sums = sums

    def apply(self, item: Prepared, sign: int) -> bool:
        cols = self.columns_of(item[0])
        for i in cols:
            self.sums[i] += sign * item[5]
        return bool(cols)

    def materialize(self, ledger: Ledger) -> TableResult:
        values: dict[tuple[int, str, int], int] = {
            slot: self.sums[i] for i, slot in enumerate(self.slots)
        }
        blocks = self.spec.blocks
        body = max(len(b.items) for b in blocks)
        footer = max(len(b.footer) for b in blocks)
        rows = []
        for part, count in (("body", body), ("footer", footer)):
            for pos in range(count):
                cells: list[Any] = []
                for b, block in enumerate(blocks):
                    items = block.items if part == "body" else block.footer
                    if pos < len(items):
                        cells.append(items[pos].label)
                        cells.append(values.get((b, part, pos)))
                    else:
                        cells.extend(["", None])
                level = TOTAL if part == "footer" else "line"
                rows.append(Row((part, pos), "", cells[0] or cells[2], level, tuple(cells)))
        return TableResult(self.spec, tuple(rows), empty=False)


class Rollup:
    """All standard tables of a ledger, kept current as the ledger changes."""

    def __init__(self, ledger: Ledger, specs: Iterable[AnySpec] = HUNAN_TABLES) -> None:
        self.ledger = ledger
        self.specs = list(specs)
        self._results: dict[int, TableResult] = {}
        self.recompute()
        ledger.add_listener(self._on_change)

    def close(self) -> None:
        self.ledger.remove_listener(self._on_change)

    def recompute(self) -> None:
        """Full roll-up of every table from the ledger's lines."""
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
        prepare = self.index.prepare
        prepared = [prepare(line) for line in ledger.expenditure_lines.values()]
        prepared += [prepare(line) for line in ledger.income_lines.values()]
        for comp in self.computations:
            comp.recompute(prepared)
        self._results.clear()

    def _on_change(self, changes: list[Change]) -> None:
        if any(not isinstance(c.after or c.before, (IncomeLine, ExpenditureLine)) for c in changes):
            self.recompute()  # units or projects changed: names, order or facts may differ
            return
        self.apply_line_changes(changes)

    def apply_line_changes(self, changes: list[Change]) -> None:
        prepare = self.index.prepare
        for change in changes:
            for line, sign in ((change.before, -1), (change.after, 1)):
                if line is None:
                    continue
                item = prepare(line)
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
        return [self.result(s.number) for s in self.specs]
