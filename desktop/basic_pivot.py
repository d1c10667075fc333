"""Basic expenditure laid out like tables 10, 12 and 14: rows unit × function 项 × fund source of
one kind (人员经费 or 公用经费), columns economic 款; each cell is the line item with that 款.

The pivot's rules, shared by the grid, paste and any other path that edits basic expenditure this
way: typing an amount into an empty cell inserts a line, clearing a cell deletes its line,
changing a row's codes moves all of its lines. No Qt here (`ui/basic_grid_model.py` shows it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from desktop import codes
from desktop.catalog import Catalog
from desktop.errors import LedgerError
from desktop.ledger import Ledger
from desktop.records import Change, ExpenditureLine

# Which department economic 类 each basic kind's columns show.
KIND_CLASSES = {"personnel": ("301", "303"), "operating": ("302", "310")}


class RowKey(NamedTuple):
    unit: str
    function: str
    fund: str


class BasicRow(NamedTuple):
    key: RowKey
    cells: dict[str, list[ExpenditureLine]]  # econ 款 -> its lines (normally one)


@dataclass
class RowEdit:
    """What was typed into one row: codes as typed (None: unchanged), amounts per 款 in 分."""

    unit: str | None = None
    function: str | None = None
    fund: str | None = None
    amounts: dict[str, int | None] = field(default_factory=dict)  # None: the cell was cleared


def econ_columns(catalog: Catalog, kind: str) -> list[str]:
    """The economic 款 of the kind's columns, in catalog order."""
    return [code for code, _ in codes.econ_options(catalog, KIND_CLASSES[kind])]


def basic_rows(ledger: Ledger, kind: str, pending: Sequence[RowKey] = ()) -> list[BasicRow]:
    """The rows of `kind`: lines grouped by (unit, function, fund), in unit order; then the
    rows inserted by the user that have no lines yet (`pending`)."""
    grouped: dict[RowKey, dict[str, list[ExpenditureLine]]] = {}
    for line in ledger.expenditure_lines.values():
        if line.kind == kind:
            key = RowKey(line.unit_code, line.function_code, line.fund_source)
            grouped.setdefault(key, {}).setdefault(line.econ_code, []).append(line)
    order = {u.code: (u.sort_order, u.code) for u in ledger.units.values()}
    keys = sorted(grouped, key=lambda k: (order.get(k.unit, (0, k.unit)), k.function, k.fund))
    rows = [BasicRow(k, grouped[k]) for k in keys]
    return rows + [BasicRow(k, {}) for k in dict.fromkeys(pending) if k not in grouped]


def row_changes(
    ledger: Ledger, kind: str, rows: Sequence[BasicRow], edits: Mapping[int, RowEdit]
) -> tuple[list[Change], dict[int, RowKey]]:
    """The ledger changes for `edits` (row index → what was typed), and the new keys of the
    edited rows that have no lines (they live only in the grid until an amount is typed)."""
    changes: list[Change] = []
    renamed: dict[int, RowKey] = {}
    next_order: int | None = None  # found only when a line is inserted
    for r, edit in edits.items():
        row = rows[r]
        key = row.key
        if edit.unit is not None:
            key = key._replace(unit=codes.resolve_unit(ledger, edit.unit))
        if edit.function is not None:
            key = key._replace(function=codes.resolve_function(ledger.catalog, edit.function))
        if edit.fund is not None:
            key = key._replace(fund=codes.resolve_fund(ledger.catalog, edit.fund))
        for econ, lines in row.cells.items():
            if econ not in edit.amounts and key != row.key:
                changes += [Change(ln, moved(ln, key)) for ln in lines]
        for econ, fen in edit.amounts.items():
            lines = row.cells.get(econ, [])
            if lines:
                if fen is None:
                    changes.append(Change(lines[0], None))
                else:
                    new = dataclasses.replace(moved(lines[0], key), amount=fen)
                    changes.append(Change(lines[0], new))
                changes += [Change(ln, None) for ln in lines[1:]]
            elif fen:
                if not key.function:
                    raise LedgerError(f"第 {r + 1} 行还没有填写功能科目，请先填写功能科目编码。")
                if next_order is None:
                    next_order = ledger.max_sort_order(ExpenditureLine)
                next_order += 1
                line = ExpenditureLine(
                    None, key.unit, key.function, econ, key.fund, kind, "", fen, "", next_order
                )
                changes.append(Change(None, line))
        if key != row.key and not row.cells:
            renamed[r] = key
    return changes, renamed


def new_row_key(ledger: Ledger, rows: Sequence[BasicRow], row: int) -> RowKey:
    """The key of a row inserted after `row`: its unit and fund, the function still to type."""
    if 0 <= row < len(rows):
        return rows[row].key._replace(function="")
    return RowKey(next(iter(ledger.units), ""), "", "gp_appropriation")


def delete_changes(rows: Sequence[BasicRow], indexes: Sequence[int]) -> list[Change]:
    """Deleting rows deletes all of their lines."""
    return [
        Change(ln, None)
        for r in sorted(set(indexes))
        for lines in rows[r].cells.values()
        for ln in lines
    ]


def moved(line: ExpenditureLine, key: RowKey) -> ExpenditureLine:
    return dataclasses.replace(
        line, unit_code=key.unit, function_code=key.function, fund_source=key.fund
    )
