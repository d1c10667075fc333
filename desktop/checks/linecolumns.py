"""The lines of a large department as integer-coded numpy columns, for a full check.

`LineGroups` groups the lines in a Python pass (one dictionary update per line); for tens of
thousands of lines that pass, and the projections of its groups onto each rule's fields, are most
of a full check. Here every field a rule or a total reads is a column of small integer codes
(value numbers into a short list of distinct values), so a rule's distinct keys, the lines a
condemned key reaches and the sums by a key are a few numpy operations. The roll-up's columnar
pass has coded most of these fields already (`columnar.coded_lines`); a field it did not code (a
line's note) is coded here.

Exactness: amounts are int64 and summed in int64 only while the sum of |amount| cannot overflow
(`LineColumns.build` returns None otherwise, and the checker groups the lines the plain way).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from operator import attrgetter
from typing import Any

import numpy as np

from desktop.tables.columnar import compact, dictionary_code

# Fields read off the roll-up's coded items (for expenditure and income lines alike).
_ROLLUP_FIELDS = {
    "unit_code": "unit",
    "function_code": "function",
    "econ_code": "econ",
    "project_code": "project",
    "fund_source": "fund",
    "kind": "kind",
}
# Keys that are not fields: whether the amount is negative / zero (as linerules.DERIVED_KEYS).
_DERIVED = {"<0": np.less, "=0": np.equal}


class LineColumns:
    """Lines as coded columns: `lines` (in the ledger's order), each field's codes and values,
    and the amounts; `distinct`, `condemned` and `sums` as `LineGroups` gives them."""

    columnar = True  # derived keys ("<0") are columns too

    def __init__(
        self, lines: list[Any], columns: dict[str, tuple[np.ndarray, list]], amount: np.ndarray
    ) -> None:
        self.lines = lines
        self.n = len(lines)
        self._columns = columns
        self.amount = amount
        # fields -> (each line's key number, the keys: values, or tuples of values)
        self._keyed: dict[tuple[str, ...], tuple[np.ndarray, list]] = {}
        self._single: dict[str, tuple[np.ndarray, list]] = {}  # field -> codes, values
        self._sets: dict[tuple[str, ...], set] = {}  # fields -> distinct values
        # sums by bincount in float64 are exact while the sum of |amount| stays below 2**53
        self._float_exact = int(np.abs(amount).sum()) < 2**53 if len(amount) else True
        self._float: np.ndarray | None = None

    @classmethod
    def build(
        cls, record: str, lines: list[Any], fields: Sequence[str], items: Any = None
    ) -> LineColumns | None:
        """The `record` lines ("income" or "expenditure": the ledger's lines in its order) coded
        by `fields`, reading the codes the roll-up made where `items` (`columnar.coded_lines`)
        has them; None when an amount is beyond int64 or their sum could overflow it."""
        try:
            amount = np.fromiter(map(attrgetter("amount"), lines), np.int64, len(lines))
        except (OverflowError, TypeError):
            return None
        if len(amount) and int(np.abs(amount).max()) * len(amount) >= 2**63:
            return None
        columns: dict[str, tuple[np.ndarray, list]] = {}
        for field in fields:
            found = None
            if field in _DERIVED:
                found = (_DERIVED[field](amount, 0).astype(np.intp), [False, True])
            elif items is not None and field in _ROLLUP_FIELDS:
                found = items.line_column(record, _ROLLUP_FIELDS[field])
            if found is None:
                found = dictionary_code(list(map(attrgetter(field), lines)))
            columns[field] = found
        return cls(lines, columns, amount)

    def has(self, field: str) -> bool:
        return field in self._columns

    # -- keys --------------------------------------------------------------------------------
    def keyed(self, fields: tuple[str, ...]) -> tuple[np.ndarray, list]:
        """Each line's key number and the distinct keys of `fields` (one field: its values;
        else tuples of values), numbered in ascending order of their codes."""
        found = self._keyed.get(fields)
        if found is not None:
            return found
        if len(fields) > 1 and fields[:-1] in self._keyed:
            code, keys = self._keyed[fields[:-1]]
            start = len(fields) - 1
        else:
            ids, values = self._columns[fields[0]]
            code, distinct = compact(ids, max(len(values), 1))
            keys = [(values[d],) for d in distinct.tolist()]
            start = 1
            if len(fields) > 1:
                self._keyed[fields[:1]] = (code, keys)
        for end in range(start, len(fields)):
            ids, values = self._columns[fields[end]]
            width = max(len(values), 1)
            code, distinct = compact(code * width + ids, max(len(keys) * width, 1))
            first, second = np.divmod(distinct, width)
            keys = [
                (*keys[a], values[b]) for a, b in zip(first.tolist(), second.tolist(), strict=True)
            ]
            if end < len(fields) - 1:
                self._keyed[fields[: end + 1]] = (code, keys)
        found = self._keyed[fields] = (code, keys)
        return found

    def _values(self, fields: tuple[str, ...]) -> tuple[np.ndarray, list]:
        """`keyed`, with a single field's keys as the values themselves."""
        if len(fields) > 1:
            return self.keyed(fields)
        found = self._single.get(fields[0])
        if found is None:
            code, keys = self.keyed(fields)
            found = self._single[fields[0]] = (code, [k[0] for k in keys])
        return found

    def distinct(self, fields: tuple[str, ...]) -> set:
        """The distinct values of `fields` (one field: the values themselves)."""
        found = self._sets.get(fields)
        if found is None:
            found = self._sets[fields] = set(self._values(fields)[1])
        return found

    def condemned(self, fields: tuple[str, ...], bad: dict) -> Iterator[tuple[Any, Any]]:
        """(line, bad[its value of `fields`]) of every line whose value is a key of `bad`, in the
        lines' order."""
        code, keys = self._values(fields)
        flagged = np.fromiter(map(bad.__contains__, keys), bool, len(keys))
        lines = self.lines
        at = np.flatnonzero(flagged[code])
        for i, k in zip(at.tolist(), code[at].tolist(), strict=True):
            yield lines[i], bad[keys[k]]

    def sums(
        self, fields: tuple[str, ...], where: np.ndarray | None = None
    ) -> list[tuple[tuple, int, int]]:
        """(key, amount, number of lines) of every key of `fields` (tuples, even of one field)
        among the lines (those `where` is True, if given), in the order of each key's first
        line: the order a pass over the lines meets them. Summed exactly in int64."""
        code, keys = self.keyed(fields)
        amount = self.amount
        at = None
        if where is not None:
            at = np.flatnonzero(where)
            code, amount = code[at], amount[at]
        size = len(keys)
        counts = np.bincount(code, minlength=size)
        if self._float_exact:  # float64 sums of integers below 2**53 are exact
            sums = np.rint(np.bincount(code, self._float_amount(at), size)).astype(np.int64)
        else:
            sums = np.zeros(size, np.int64)
            np.add.at(sums, code, amount)
        first = np.full(size, self.n, np.intp)
        np.minimum.at(first, code, at if at is not None else np.arange(len(code)))
        present = np.flatnonzero(counts)
        met = present[np.argsort(first[present], kind="stable")]
        return list(
            zip(
                [keys[k] for k in met.tolist()],
                sums[met].tolist(),
                counts[met].tolist(),
                strict=True,
            )
        )

    def _float_amount(self, at: np.ndarray | None) -> np.ndarray:
        if self._float is None:
            self._float = self.amount.astype(np.float64)
        return self._float if at is None else self._float[at]

    def derive(self, name: str, field: str, fn: Callable[[Any], Any]) -> None:
        """A column `name` of fn(the line's value of `field`), computed once per distinct value
        (a function code's 类, a fund's budget type)."""
        if name not in self._columns:
            ids, values = self._columns[field]
            mapped, names = dictionary_code([fn(v) for v in values])
            self._columns[name] = (mapped[ids], names)

    def mask(self, field: str, test: Callable[[Any], bool]) -> np.ndarray:
        """Whether each line's value of `field` passes `test` (judged once per distinct value)."""
        ids, values = self._columns[field]
        return np.fromiter(map(test, values), bool, len(values))[ids]
