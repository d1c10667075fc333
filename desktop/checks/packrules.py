"""The rules that apply to a table set: the table rules follow the set's tables.

Line, ledger and record rules read the ledger and apply to every set (their severities come from
the set's rules.json). Footing rules are derived from each grid table of the set. The listing and
cross-table rules name the Hunan set's printed labels, so they apply only where a set prints
exactly the Hunan tables they read.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from desktop.checks.footing import GRID_FOOTING_RULES, grid_rules, listing_rules
from desktop.checks.rule import Rule
from desktop.checks.rules import ALL_RULES
from desktop.tables.hunan import HUNAN_TABLES
from desktop.tables.spec import AnySpec


def rules_for_tables(specs: Sequence[AnySpec]) -> tuple[Rule, ...]:
    """ALL_RULES for the Hunan tables; for another set, its own footing and no Hunan table rule."""
    return _rules_for(tuple(specs))


@lru_cache(maxsize=16)
def _rules_for(specs: tuple[AnySpec, ...]) -> tuple[Rule, ...]:
    if specs == HUNAN_TABLES:
        return ALL_RULES
    hunan = {t.number: t for t in HUNAN_TABLES}
    mine = {t.number: t for t in specs}
    footing = {r.id for r in GRID_FOOTING_RULES}
    out: list[Rule] = []
    for rule in ALL_RULES:
        if rule.id in footing:
            continue
        if rule.scope == "tables" and any(mine.get(n) != hunan.get(n) for n in rule.tables):
            continue
        out.append(rule)
    # Footing goes where the Hunan footing rules stood: before the cross-table rules.
    at = next((i for i, r in enumerate(out) if r.scope == "tables"), len(out))
    return tuple(out[:at]) + listing_rules(specs) + grid_rules(specs) + tuple(out[at:])
