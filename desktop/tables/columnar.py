"""The columnar full roll-up: the summed items as integer-coded numpy columns.

A full roll-up of a large department reads every item once per table. Here each item is read
once: its facts become small integer codes (core signature, unit, function, econ code, project)
and its amount a float64 column. A grid's columns then depend on a handful of distinct
signatures, so a table's leaf rows are one `np.bincount` over (leaf row × signature) and one
matrix product with the tiny signature → column matrix (entries 0, 1, −1); ancestors (unit, 类,
款, 合计) are summed by index arrays. The selectors themselves still run in Python, once per
distinct signature, through the same `SignatureColumns` the incremental path uses.

Exactness: float64 holds every integer below 2**53 exactly, and all sums here are sums of ±the
same amounts, so no partial sum exceeds the sum of |amount| over all items. `ItemColumns.exact`
checks that bound (2**52, with a margin); the roll-up takes its pure-Python path otherwise.
Every result is converted back to Python ints (分) before anything reads it.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import count
from operator import add, attrgetter, is_
from typing import TYPE_CHECKING, Any

import numpy as np

from desktop.tables.spec import Selector

if TYPE_CHECKING:
    from desktop.tables.engine import FactsIndex, GridComputation, ListingComputation

# Sums stay exact in float64 while the sum of |amount| over all items stays below this (分).
EXACT_LIMIT = 2**52

# The coded fields (an item's econ code is also its core's: "" for income and balance lines) and
# the record fields they are read from; the fields each kind of line has (the others are "").
_FIELDS = {
    "unit": "unit_code",
    "function": "function_code",
    "econ": "econ_code",
    "project": "project_code",
    "fund": "fund_source",
    "kind": "kind",
}
_EXPENDITURE_FIELDS = frozenset(_FIELDS.values())
_PRIOR_FIELDS = _EXPENDITURE_FIELDS - {"project_code"}
_INCOME_FIELDS = frozenset({"unit_code", "function_code", "fund_source"})
_AMOUNT = attrgetter("amount")


def dictionary_code(values: Sequence[Any]) -> tuple[np.ndarray, list]:
    """Dictionary coding: each value's number (in order of first appearance) and the values.

    One hashing pass: `setdefault` gives each item the index of its value's first occurrence,
    and those indexes are numbered 0, 1 … in ascending order, which is first appearance."""
    n = len(values)
    table: dict = {}
    first = np.fromiter(map(table.setdefault, values, count()), np.intp, n)
    present = np.zeros(n, dtype=bool)
    present[first] = True
    return (np.cumsum(present) - 1)[first], list(table)


def compact(code: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Number the distinct values of `code` (all in range(size)) 0, 1 … in ascending order:
    (each item's number, the distinct values)."""
    if size <= max(4 * len(code), 1 << 16):
        present = np.zeros(size, dtype=bool)
        present[code] = True
        distinct = np.flatnonzero(present)
        rank = np.cumsum(present) - 1
        return rank[code], distinct
    distinct, inverse = np.unique(code, return_inverse=True)
    return inverse.reshape(-1), distinct


def _magnitude(amount: np.ndarray, amounts: list[int]) -> int:
    """The sum of |amount| over all items, in integers: numpy's int64 sum when it cannot
    overflow (the largest magnitude times the count stays below 2**63), else Python's."""
    if not len(amount):
        return 0
    magnitude = np.abs(amount)
    if int(magnitude.max()) * len(amount) < 2**63:
        return int(magnitude.sum())
    return sum(map(abs, amounts))


def _product(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """left @ right in numpy's own loop: these products are small, and BLAS would start its
    threads for them, which then spin on the CPU the rest of the roll-up runs on."""
    return np.einsum("ij,jk->ik", left, right)


class ItemColumns:
    """What the tables sum, one entry per item (a line; a balance or baseline line per measure),
    as integer codes into small lists of distinct values."""

    def __init__(self, columns: dict[str, Any], amounts: list[int]) -> None:
        """`columns`: per field, each item's value, or (each item's number, the values)."""
        n = len(amounts)
        self.n = n
        amount = np.fromiter(amounts, np.int64, n) if n else np.zeros(0, np.int64)
        self.amount = amount.astype(np.float64)
        self.exact = _magnitude(amount, amounts) < EXACT_LIMIT
        coded = {
            name: values if isinstance(values, tuple) else dictionary_code(values)
            for name, values in columns.items()
        }
        self.unit, self.units = coded["unit"]
        self.function, self.functions = coded["function"]
        self.econ, self.econs = coded["econ"]
        self.project, self.projects = coded["project"]
        # the core signature (source, econ, fund, kind, unit kind), from its five parts' codes
        parts = [coded[name] for name in ("source", "econ", "fund", "kind", "unit_kind")]
        code = np.zeros(n, np.int64)
        size = 1
        for ids, names in parts:
            code = code * len(names) + ids
            size *= len(names)
        self.core, distinct = compact(code, max(size, 1))
        cores = []
        for value in distinct.tolist():
            digits = []
            for _ids, names in reversed(parts):
                value, digit = divmod(value, len(names))
                digits.append(names[digit])
            cores.append(tuple(reversed(digits)))
        self.cores: list[tuple] = cores
        self._leaves: dict[str, tuple[np.ndarray, list]] = {}
        # leaf rows of (unit, second) families: each leaf's unit and second value numbers
        self.pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        # record ("expenditure", "income") -> (first, end) of its lines among the items
        self.spans: dict[str, tuple[int, int]] = {}

    @classmethod
    def from_ledger(
        cls,
        ledger: Any,
        index: FactsIndex,
        uses_prior: bool,
        extra: Iterable[Any] = (),
        prior: str = "prior",
    ) -> ItemColumns:
        """The ledger's expenditure and income lines (and prior-year lines when the tables read
        them), plus the items of `extra` records (balance and baseline lines).

        Read field by field (one C-level `map` per field and kind of line), the unit kind and
        the source coded per unit and per kind of line rather than per item."""
        columns: dict[str, list] = {k: [] for k in _FIELDS}
        amounts: list[int] = []
        sources: dict[str, int] = {}  # the source slot's values, numbered
        source_ids: list[np.ndarray] = []
        segments: list[tuple[int, bool]] = []  # per kind of line: (count, unit kind from unit)
        kinds = [
            ("expenditure", ledger.expenditure_lines, _EXPENDITURE_FIELDS, True),
            ("income", ledger.income_lines, _INCOME_FIELDS, False),
        ]
        if uses_prior:
            kinds.append((prior, ledger.prior_year_lines, _PRIOR_FIELDS, True))
        for source, store, fields, by_unit in kinds:
            records = list(store.values())
            if not records:
                continue
            n = len(records)
            source_ids.append(np.full(n, sources.setdefault(source, len(sources)), np.intp))
            for name, attr in _FIELDS.items():
                if attr in fields:
                    columns[name] += map(attrgetter(attr), records)
                else:
                    columns[name] += [""] * n
            amounts += map(_AMOUNT, records)
            segments.append((n, by_unit))
        # Balance and baseline lines give one item per measure: taken as prepared items.
        extra_sources: list[str] = []
        extra_kinds: list[str] = []
        for record in extra:
            for core, unit, function, _econ, project, amount in index.items(record):
                extra_sources.append(core[0])
                columns["econ"].append(core[1])
                columns["fund"].append(core[2])
                columns["kind"].append(core[3])
                extra_kinds.append(core[4])
                columns["unit"].append(unit)
                columns["function"].append(function)
                columns["project"].append(project)
                amounts.append(amount)
        if extra_sources:
            ids = [sources.setdefault(s, len(sources)) for s in extra_sources]
            source_ids.append(np.asarray(ids, np.intp))
        n = len(amounts)
        concat = np.concatenate if source_ids else (lambda _parts: np.zeros(0, np.intp))
        coded: dict[str, Any] = dict(columns)
        coded["source"] = (concat(source_ids), list(sources))
        # an expenditure or prior-year line's unit kind is its unit's; "" for income lines
        unit_ids, units = coded["unit"] = dictionary_code(columns["unit"])
        kind_of = {code: unit.kind for code, unit in ledger.units.items()}
        kind_names: dict[str, int] = {}
        of_unit = np.asarray(
            [kind_names.setdefault(kind_of.get(u, ""), len(kind_names)) for u in units], np.intp
        )
        blank = kind_names.setdefault("", len(kind_names))
        kind_ids = np.full(n, blank, np.intp)
        start = 0
        for size, by_unit in segments:
            if by_unit:
                kind_ids[start : start + size] = of_unit[unit_ids[start : start + size]]
            start += size
        if extra_kinds:
            kind_ids[start:] = [kind_names.setdefault(k, len(kind_names)) for k in extra_kinds]
        coded["unit_kind"] = (kind_ids, list(kind_names))
        items = cls(coded, amounts)
        # where the expenditure and the income lines are among the items (the checks read them)
        n_exp = len(ledger.expenditure_lines)
        items.spans = {
            "expenditure": (0, n_exp),
            "income": (n_exp, n_exp + len(ledger.income_lines)),
        }
        return items

    # -- leaf rows ---------------------------------------------------------------------------
    def leaves(self, family: str) -> tuple[np.ndarray, list]:
        """Each item's leaf row number and the leaf rows' short keys (`GridComputation.short_key`
        values) for a family of row axes (`GridComputation.pass_key`'s first part)."""
        found = self._leaves.get(family)
        if found is None:
            found = self._leaves[family] = self._make_leaves(family)
        return found

    def _make_leaves(self, family: str) -> tuple[np.ndarray, list]:
        if family == "total":
            return np.zeros(self.n, np.intp), [()]
        if family in ("function", "project"):
            names = self.functions if family == "function" else self.projects
            second = self.function if family == "function" else self.project
            ids, distinct = compact(self.unit * len(names) + second, len(self.units) * len(names))
            units = self.units
            first, rest = np.divmod(distinct, len(names))
            shorts = [
                (units[u], names[s]) for u, s in zip(first.tolist(), rest.tolist(), strict=True)
            ]
            self.pairs[family] = (first, rest)
            return ids, shorts
        ids, names = {
            "function_merged": (self.function, self.functions),
            "econ": (self.econ, self.econs),
            "unit": (self.unit, self.units),
        }[family]
        return ids, list(names)

    def line_column(self, record: str, field: str) -> tuple[np.ndarray, list] | None:
        """The codes of one field (unit, function, econ, project, fund, kind) of the expenditure
        or income lines, in the ledger's order, and the values the codes number; None when the
        items were not read from a ledger's lines."""
        span = self.spans.get(record)
        if span is None:
            return None
        part = slice(*span)
        if field in ("fund", "kind"):
            at = 2 if field == "fund" else 3
            ids, values = dictionary_code([core[at] for core in self.cores])
            return ids[self.core[part]], values
        codes, values = {
            "unit": (self.unit, self.units),
            "function": (self.function, self.functions),
            "econ": (self.econ, self.econs),
            "project": (self.project, self.projects),
        }[field]
        return codes[part], values

    def leaf_sums(  # noqa: ANN201
        self,
        pattern: np.ndarray,
        matrix: np.ndarray,
        leaf: np.ndarray,
        nleaf: int,
        amount: np.ndarray | None = None,
    ):
        """Leaf rows × columns: the amounts of each leaf's items in the columns they select
        (`leaf`, `pattern` and `amount`: per item, or per (leaf, signature) of `combos`)."""
        npat = matrix.shape[0]
        if npat == 0 or not matrix.any():
            return np.zeros((nleaf, matrix.shape[1]))
        weights = self.amount if amount is None else amount
        by_pattern = np.bincount(leaf * npat + pattern, weights, nleaf * npat)
        return _product(by_pattern.reshape(nleaf, npat), matrix)

    def combos(self, leaf: np.ndarray, nleaf: int, sigs: Signatures):  # noqa: ANN201
        """The items summed by (leaf row, signature), which is all a grid reads of them: each
        combination's leaf, signature and amount. Far fewer than the items on a large
        department, and shared by the grids of one family and signature set."""
        code = leaf.astype(np.int64) * sigs.n + sigs.of_item
        ids, distinct = compact(code, nleaf * sigs.n)
        amount = np.bincount(ids, self.amount, len(distinct))
        combo_leaf, combo_sig = np.divmod(distinct, sigs.n)
        return combo_leaf, combo_sig, amount


# The coded items of each ledger, with the record objects they were read from: see `coded_items`.
_CODED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def coded_items(
    ledger: Any, index: FactsIndex, sources: list[dict], extra: list[dict], prior: str
) -> ItemColumns:
    """The items of the records in `sources` (lines) and `extra` (balance and baseline lines),
    coded; reused as long as the ledger holds the very same record objects and units.

    Records are immutable, so the same objects mean the same items: a new roll-up of an unchanged
    ledger (a second window, a change of a project's name) does not read the lines again. Any
    change of a record reads them all again (an edit reaches the tables through
    `Rollup.apply_line_changes`, not through a full roll-up)."""
    snapshot = [list(d.values()) for d in (*sources, *extra, ledger.units)]
    shape = (len(sources), len(extra), prior)
    found = _CODED.get(ledger)
    if found is not None and found[0] == shape and _same(found[1], snapshot):
        return found[2]
    items = ItemColumns.from_ledger(
        ledger, index, len(sources) > 2, (r for d in extra for r in d.values()), prior
    )
    _CODED[ledger] = (shape, snapshot, items)
    return items


def coded_lines(ledger: Any, expenditure: list, income: list) -> ItemColumns | None:
    """The items of the ledger's last columnar roll-up, while its expenditure and income lines
    are still the very records `expenditure` and `income` (lists of the ledger's lines in its
    order) that it read; else None. The checks read the lines' codes from them."""
    found = _CODED.get(ledger)
    if found is None or len(found[1]) < 2:
        return None
    return found[2] if _same(found[1][:2], [expenditure, income]) else None


def forget(ledger: Any) -> None:
    """Drop the ledger's coded items: its next roll-up reads every record again."""
    _CODED.pop(ledger, None)


def _same(old: list[list], new: list[list]) -> bool:
    return len(old) == len(new) and all(
        len(a) == len(b) and all(map(is_, a, b)) for a, b in zip(old, new, strict=True)
    )


class Signatures:
    """The distinct signatures of the items as far as some selectors read them: (core, function
    prefix, project flags), each item's signature number, and their facts as columns."""

    def __init__(
        self,
        items: ItemColumns,
        index: FactsIndex,
        function_len: int,
        needs_project: bool,
        core_facts: list,
    ) -> None:
        prefix_ids, prefixes = dictionary_code([f[:function_len] for f in items.functions])
        if needs_project:
            flag_ids, flags = dictionary_code([index.project_flags(p) for p in items.projects])
        else:
            flag_ids, flags = np.zeros(len(items.projects), np.intp), [("", False)]
        nfp, nfl = len(prefixes), len(flags)
        if nfp == 1 and nfl == 1:
            self.of_item = items.core
            distinct = np.arange(len(items.cores))
        else:
            code = (items.core * nfp + prefix_ids[items.function]) * nfl + flag_ids[items.project]
            self.of_item, distinct = compact(code, max(len(items.cores) * nfp * nfl, 1))
        rest, self.flag_of = np.divmod(distinct, nfl)
        self.core_of, self.prefix_of = np.divmod(rest, nfp)
        self.prefixes, self.flags = prefixes, flags
        self.n = len(distinct)
        # Facts without function and project: the same for every set of selectors
        self.core_facts = core_facts
        self._fields: dict[str, tuple[np.ndarray, list]] = {}
        self._tests: dict[tuple, np.ndarray] = {}
        self._selectors: dict[Selector, np.ndarray] = {}
        self._amounts: np.ndarray | None = None
        self._items = items

    def _field(self, name: str) -> tuple[np.ndarray, list]:
        """The signatures' values of one Facts field, coded: (number per signature, values)."""
        found = self._fields.get(name)
        if found is None:
            if name == "function":
                found = (self.prefix_of, self.prefixes)
            elif name in ("budget_mode", "special_fund"):
                ids, values = dictionary_code([f[name == "special_fund"] for f in self.flags])
                found = (ids[self.flag_of], values)
            else:
                if name == "source_measure":
                    column = [(f.source, f.measure) for f in self.core_facts]
                else:
                    column = [getattr(f, name) for f in self.core_facts]
                ids, values = dictionary_code(column)
                found = (ids[self.core_of], values)
            self._fields[name] = found
        return found

    def matches(self, selector: Selector) -> np.ndarray:
        """Which signatures the selector picks (as `Selector.matches` says), as booleans."""
        found = self._selectors.get(selector)
        if found is None:
            found = np.ones(self.n, dtype=bool)
            for field, name, test in _criteria(selector):
                passed = self._tests.get((field, name))
                if passed is None:
                    ids, values = self._field(field)
                    passed = np.fromiter(map(test, values), bool, len(values))[ids]
                    self._tests[(field, name)] = passed
                found = found & passed
            self._selectors[selector] = found
        return found

    def matrix(self, selectors: list[Selector]) -> np.ndarray:
        """Signatures × selectors: 1 where it picks the signature, −1 where a 增减额 column
        subtracts it (a prior-year figure), else 0."""
        out = np.zeros((self.n, len(selectors)))
        prior = None
        for j, selector in enumerate(selectors):
            picked = self.matches(selector)
            out[:, j] = picked
            if selector.measure == "change":
                if prior is None:
                    prior = self._field("measure")
                    prior = np.asarray([m == "prior" for m in prior[1]], bool)[prior[0]]
                out[picked & prior, j] = -1
        return out

    def amounts(self) -> np.ndarray:
        """The items' amounts summed by signature."""
        if self._amounts is None:
            self._amounts = np.bincount(self.of_item, self._items.amount, self.n)
        return self._amounts


@lru_cache(maxsize=4096)
def _criteria(selector: Selector) -> list:
    """A selector's per-field tests (selectors are immutable: made once per selector)."""
    return selector.criteria()


def signatures(
    items: ItemColumns, index: FactsIndex, function_len: int, needs_project: bool, shared: dict
) -> Signatures:
    key = ("signatures", function_len, needs_project)
    found = shared.get(key)
    if found is None:
        core_facts = shared.get("core facts")
        if core_facts is None:
            core_facts = shared["core facts"] = [index.facts(core) for core in items.cores]
        found = shared[key] = Signatures(items, index, function_len, needs_project, core_facts)
    return found


class Ancestry:
    """How a row axis adds leaf rows into rows: every row key in printed order, and the index
    arrays that sum leaf rows into them. The first `whole` rows (合计, 部门) sum every leaf."""

    def __init__(
        self,
        grid: GridComputation,
        shorts: list,
        pairs: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        found = self._by_unit(grid, shorts, pairs) if pairs is not None else None
        if found is None:
            keys, pairs_leaf, pairs_row = self._each_leaf(grid, shorts)
            order = sorted(range(len(keys)), key=keys.__getitem__)  # printed order
            rank = np.empty(len(keys), np.intp)
            rank[order] = np.arange(len(keys))
            self.keys = [keys[i] for i in order]
            row = rank[pairs_row]
            self.whole = 0
        else:  # already in printed order
            self.keys, pairs_leaf, row, self.whole = found
        sort = np.argsort(row, kind="stable")
        self.leaf = pairs_leaf[sort]
        row = row[sort]
        # the rows summed by reduceat: each row with pairs, where its pairs start
        self.summed = row[np.r_[True, row[1:] != row[:-1]]] if len(row) else row
        self.starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]]) if len(row) else row

    @staticmethod
    def _each_leaf(grid: GridComputation, shorts: list) -> tuple[list, np.ndarray, np.ndarray]:
        """Row keys, and (leaf, row) pairs: every leaf's ancestors, as the grid names them."""
        rows: dict[tuple, int] = {}
        pairs_leaf, pairs_row = [], []
        leaf_key, ancestors = grid.leaf_key, grid.ancestors
        for i, short in enumerate(shorts):
            for anc in ancestors(leaf_key(short)):
                r = rows.get(anc)
                if r is None:
                    r = rows[anc] = len(rows)
                pairs_leaf.append(i)
                pairs_row.append(r)
        return list(rows), np.asarray(pairs_leaf, np.intp), np.asarray(pairs_row, np.intp)

    @staticmethod
    def _by_unit(
        grid: GridComputation, shorts: list, pairs: tuple[np.ndarray, np.ndarray]
    ) -> tuple[list, np.ndarray, np.ndarray, int] | None:
        """Row keys in printed order, (leaf, row) pairs for the rows after the whole's, and the
        number of the whole's rows, for leaves (unit, function) or (unit, project), whose
        ancestors are a few
        rows of the whole (合计, 部门) and rows of the leaf's unit that depend on the function or
        project alone (the unit row, its 类, 款 …): the grid names the ancestors of one leaf per
        function (project), and they are repeated for every unit by index arithmetic. None when
        the ancestors are not of that form."""
        if grid.merged or grid.axis not in ("function", "function_unit", "project"):
            return None
        tail = 2 if grid.axis == "project" else 1  # the leaf key's elements after the unit's
        unit_of, second_of = pairs
        if not len(unit_of):
            return None
        seconds, first_leaf = np.unique(second_of, return_index=True)
        whole: list[tuple] | None = None
        suffix_ids: dict[tuple, int] = {}
        per_second: list[list[int]] = []
        for i in first_leaf.tolist():
            leaf = grid.leaf_key(shorts[i])
            head = leaf[: len(leaf) - tail]
            common, own = [], []
            for anc in grid.ancestors(leaf):
                if anc[: len(head)] == head and len(anc) > len(head):
                    own.append(suffix_ids.setdefault(anc[len(head) :], len(suffix_ids)))
                else:
                    common.append(anc)
            if whole is None:
                whole = common
            elif common != whole:
                return None
            per_second.append(own)
        assert whole is not None
        width = max(map(len, per_second))
        table = np.full((len(per_second), width), -1, np.intp)
        for n, own in enumerate(per_second):
            table[n, : len(own)] = own
        nsuffix = len(suffix_ids)
        nleaf = len(unit_of)
        codes = unit_of[:, None] * nsuffix + table[np.searchsorted(seconds, second_of)]
        valid = table[np.searchsorted(seconds, second_of)] >= 0
        leaf_index = np.broadcast_to(np.arange(nleaf)[:, None], codes.shape)[valid]
        row_of, distinct = compact(codes[valid], max((int(unit_of.max()) + 1) * nsuffix, 1))
        suffixes = list(suffix_ids)
        units, unit_leaf = np.unique(unit_of, return_index=True)
        heads: list = []
        for i in unit_leaf.tolist():
            probe = grid.leaf_key(shorts[i])
            heads.append(probe[: len(probe) - tail])
        # Printed order without comparing every key: heads have one length, so keys compare by
        # head, then by suffix; the whole's rows must sort before every unit's.
        if len(set(map(len, heads))) != 1 or (whole and max(whole) >= min(heads)):
            return None
        whole = sorted(whole)
        unit_rank = np.zeros(int(units.max()) + 1, np.intp)
        unit_rank[units[sorted(range(len(heads)), key=heads.__getitem__)]] = np.arange(len(heads))
        suffix_order = sorted(range(nsuffix), key=suffixes.__getitem__)
        suffix_rank = np.empty(nsuffix, np.intp)
        suffix_rank[suffix_order] = np.arange(nsuffix)
        u_of_row, s_of_row = np.divmod(distinct, nsuffix)
        printed = np.argsort(unit_rank[u_of_row] * nsuffix + suffix_rank[s_of_row])
        rank = np.empty(len(printed), np.intp)
        rank[printed] = np.arange(len(printed))
        head_of = dict(zip(units.tolist(), heads, strict=True))
        keys = list(whole)
        keys += map(
            add,
            map(head_of.__getitem__, u_of_row[printed].tolist()),
            map(suffixes.__getitem__, s_of_row[printed].tolist()),
        )
        nwhole = len(whole)
        return keys, leaf_index.astype(np.intp), rank[row_of] + nwhole, nwhole

    def rows(self, leaf_cells: np.ndarray) -> np.ndarray:
        """Row sums (in `keys` order) of the leaf rows."""
        out = np.zeros((len(self.keys), leaf_cells.shape[1]))
        if self.whole:
            out[: self.whole] = leaf_cells.sum(axis=0)
        if len(self.leaf):
            out[self.summed] = np.add.reduceat(leaf_cells[self.leaf], self.starts, axis=0)
        return out


def distinct_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a matrix of 0, 1 and −1 and each row's number among them."""
    width = matrix.shape[1]
    if width > 39:  # 3**40 > 2**63: no single int64 code per row
        distinct, inverse = np.unique(matrix, axis=0, return_inverse=True)
        return distinct, inverse.reshape(-1)
    code = (matrix.astype(np.int64) + 1) @ (3 ** np.arange(width, dtype=np.int64))
    _values, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    return matrix[first], inverse.reshape(-1)


def grid_rows(
    grid: GridComputation, items: ItemColumns, index: FactsIndex, shared: dict
) -> tuple[list[tuple], list[list[int]]]:
    """The keys of a grid's rows that have amounts (printed order) and their amounts."""
    leaf, shorts = items.leaves(grid.pass_key[0])
    anc_key = ("ancestry", grid.axis, grid.merged)
    ancestry = shared.get(anc_key)
    if ancestry is None:
        ancestry = shared[anc_key] = Ancestry(grid, shorts, items.pairs.get(grid.pass_key[0]))
    columns_of = grid.columns_of
    sigs = signatures(
        items,
        index,
        columns_of.function_len if columns_of.needs_function else 0,
        columns_of.needs_project,
        shared,
    )
    combo_key = ("combos", grid.pass_key[0], id(sigs))
    combos = shared.get(combo_key)
    if combos is None:
        combos = shared[combo_key] = items.combos(leaf, len(shorts), sigs)
    combo_leaf, combo_sig, amount = combos
    matrix, pattern_of = distinct_rows(sigs.matrix(grid.selectors))
    leaf_cells = items.leaf_sums(pattern_of[combo_sig], matrix, combo_leaf, len(shorts), amount)
    cells = ancestry.rows(leaf_cells)
    shown = np.flatnonzero(cells.any(axis=1))
    keys = ancestry.keys
    if len(shown) < len(keys):
        keys = list(map(keys.__getitem__, shown.tolist()))
        cells = cells[shown]
    else:
        keys = list(keys)
    return keys, np.rint(cells).astype(np.int64).tolist()


def listing_sums(listing: ListingComputation, items: ItemColumns, index: FactsIndex, shared: dict):  # noqa: ANN201
    """A listing's item sums (Python ints, in `listing.items` order)."""
    sigs = signatures(items, index, listing.function_len, listing.needs_project, shared)
    sums = _product(sigs.amounts()[None, :], sigs.matrix(listing.items))[0]
    return np.rint(sums).astype(np.int64).tolist()
