"""Every rule, in named lists. `ALL_RULES` is a tuple: adding to it never mutates a shared list."""

from __future__ import annotations

from dataclasses import replace

from desktop.checks.budgetrules import BUDGET_TYPE_RULES
from desktop.checks.documentrules import DOCUMENT_RULES
from desktop.checks.finalrules import FINAL_RULES
from desktop.checks.footing import GRID_FOOTING_RULES
from desktop.checks.ledgerrules import BALANCE_RULES, CONTROL_RULES
from desktop.checks.linerules import LINE_RULES
from desktop.checks.performancerules import PERFORMANCE_RULES
from desktop.checks.recordrules import RECORD_RULES, THREE_PUBLIC_RULES
from desktop.checks.rule import Rule
from desktop.checks.selfevalrules import SELF_EVALUATION_RULES
from desktop.checks.staffrules import STAFF_RULES
from desktop.checks.tablerules import CROSS_TABLE_RULES, LISTING_RULES

# Rules that make no sense for a 部门决算: income = spending (a 决算 has balances), control
# figures, the Hunan budget tables' listings and cross-checks, and the budget's planning documents
# (spending schedule, cost breakdown) that a 决算 does not carry.
BUDGET_ONLY = frozenset(
    {r.id for r in BALANCE_RULES + CONTROL_RULES + LISTING_RULES + CROSS_TABLE_RULES}
    | {
        "project-without-lines",
        "perf-cost-budget",
        "perf-schedule",
        "perf-schedule-missing",
        "perf-cost-breakdown",
        "perf-cost-basis",
    }
)


def _budget_only(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    return tuple(replace(r, kinds=("budget",)) if r.id in BUDGET_ONLY else r for r in rules)


ALL_RULES: tuple[Rule, ...] = _budget_only(
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
    + DOCUMENT_RULES
    + FINAL_RULES
    + SELF_EVALUATION_RULES
)
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in ALL_RULES}
assert len(RULES_BY_ID) == len(ALL_RULES), "rule ids must be unique"
