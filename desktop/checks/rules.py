"""Every rule, in named lists. `ALL_RULES` is a tuple: adding to it never mutates a shared list."""

from __future__ import annotations

from desktop.checks.budgetrules import BUDGET_TYPE_RULES
from desktop.checks.footing import GRID_FOOTING_RULES
from desktop.checks.ledgerrules import BALANCE_RULES, CONTROL_RULES
from desktop.checks.linerules import LINE_RULES
from desktop.checks.performancerules import PERFORMANCE_RULES
from desktop.checks.recordrules import RECORD_RULES, THREE_PUBLIC_RULES
from desktop.checks.rule import Rule
from desktop.checks.selfevalrules import SELF_EVALUATION_RULES
from desktop.checks.staffrules import STAFF_RULES
from desktop.checks.tablerules import CROSS_TABLE_RULES, LISTING_RULES

ALL_RULES: tuple[Rule, ...] = (
    LINE_RULES
    + BUDGET_TYPE_RULES
    + BALANCE_RULES
    + CONTROL_RULES
    + RECORD_RULES
    + THREE_PUBLIC_RULES
    + STAFF_RULES
    + LISTING_RULES
    + GRID_FOOTING_RULES
    + CROSS_TABLE_RULES
    + PERFORMANCE_RULES
    + SELF_EVALUATION_RULES
)
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in ALL_RULES}
assert len(RULES_BY_ID) == len(ALL_RULES), "rule ids must be unique"
