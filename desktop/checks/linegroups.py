"""Lines grouped by the fields the checks read, in one pass over the lines.

A full check needs, for each line rule, the distinct values of the fields it judges and the lines
holding the values it condemns, and the running totals need sums by a handful of keys. 20,000
expenditure lines fall into some 10,000 groups of equal fields (a few dozen thousand at 320,000
lines): projecting the groups' keys onto each rule's fields, and summing group by group, costs far
less than a pass over every line per rule and per total.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import compress, islice
from operator import attrgetter, itemgetter
from typing import Any

AMOUNT = attrgetter("amount")

# The fields the running totals (totals.py) sum lines by.
EXPENDITURE_FIELDS = (
    "kind",
    "unit_code",
    "function_code",
    "fund_source",
    "econ_code",
    "project_code",
)
INCOME_FIELDS = ("unit_code", "function_code", "fund_source")


class LineGroups:
    """Lines by their values of `fields`: `keys` (each group's values, in the order the groups
    were first met), `group(key)` (its lines, in their order) and `sums()`."""

    columnar = False  # see linecolumns.LineColumns

    def __init__(self, lines: Iterable[Any], fields: Sequence[str]) -> None:
        self.fields = tuple(fields)
        self._position = {f: i for i, f in enumerate(self.fields)}
        lines = lines if isinstance(lines, list) else list(lines)
        get = attrgetter(*self.fields) if len(self.fields) > 1 else _one(self.fields[0])
        # key -> [amount, line, line, ...]: the sum rides in the group's list (one lookup a line)
        groups: dict[tuple, list[Any]] = {}
        lookup = groups.get
        for line, key, amount in zip(lines, map(get, lines), map(AMOUNT, lines), strict=True):
            found = lookup(key)
            if found is None:
                groups[key] = [amount, line]
            else:
                found[0] += amount
                found.append(line)
        self.lines = lines
        self._groups = groups
        self.keys = list(groups)
        self._distinct: dict[tuple[str, ...], set] = {}  # values of two or more fields
        self._single: dict[tuple[str, ...], set] = {}

    def group(self, key: tuple) -> list[Any]:
        """The lines of one group, in their order."""
        return self._groups[key][1:]

    def getter(self, fields: Sequence[str]) -> Any:  # noqa: ANN401
        """key → its values of `fields` (one field: the value itself, as `attrgetter` gives)."""
        return itemgetter(*(self._position[f] for f in fields))

    def distinct(self, fields: tuple[str, ...]) -> set:
        """The distinct values of `fields` (one field: the values themselves).

        Read off the smallest set of distinct values already known for more fields (the groups'
        keys at first): a pair of codes has a few hundred values where the groups number ten
        thousand. The function and economic codes are the fine-grained fields, so the values of
        every field but one of them are known first."""
        cache = self._distinct if len(fields) > 1 else self._single
        found = cache.get(fields)
        if found is not None:
            return found
        known = self._distinct
        if not known:
            # The function and economic codes are the fine-grained fields: the values of the
            # other fields (with one of them, and with neither) are known first, few enough that
            # most rules' values are read off them.
            wide = [f for f in ("function_code", "econ_code") if f in self._position]
            if len(self.fields) > len(wide) + 1:
                for drop in ([w] for w in wide):
                    rest = tuple(f for f in self.fields if f not in drop)
                    known[rest] = set(map(self.getter(rest), self.keys))
                if len(wide) == 2:
                    narrow = tuple(f for f in self.fields if f not in wide)
                    base = min((k for k in known), key=lambda k: len(known[k]))
                    at = {f: i for i, f in enumerate(base)}
                    known[narrow] = set(map(itemgetter(*(at[f] for f in narrow)), known[base]))
        source: tuple[str, ...] = self.fields
        values: Iterable[tuple] = self.keys
        size = len(self.keys)
        wanted = set(fields)
        for names, distinct in known.items():
            if len(distinct) < size and wanted <= set(names):
                source, values, size = names, distinct, len(distinct)
        at = {f: i for i, f in enumerate(source)}
        found = cache[fields] = set(map(itemgetter(*(at[f] for f in fields)), values))
        return found

    def condemned(self, fields: tuple[str, ...], bad: dict) -> Iterator[tuple[Any, Any]]:
        """(line, bad[its value of `fields`]) of every line whose value is a key of `bad`."""
        get = self.getter(fields)
        groups = self._groups
        for key in compress(self.keys, map(bad.__contains__, map(get, self.keys))):
            verdict = bad[get(key)]
            for line in islice(groups[key], 1, None):
                yield line, verdict

    def sums(self) -> Iterable[tuple[tuple, int, int]]:
        """(key, amount, number of lines) of every group."""
        for key, found in self._groups.items():
            yield key, found[0], len(found) - 1


def _one(field: str) -> Any:  # noqa: ANN401
    get = attrgetter(field)
    return lambda line: (get(line),)
