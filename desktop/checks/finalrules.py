"""Rules of a 部门决算 file: the balance identity per fund source and 功能 项, and 三公 决算数
against the 全年预算数. They read the ledger's actual lines, balances and 预算数 lines and apply
only to 决算 files (`Rule.kinds`).

The identity is the 收入支出决算总表's: 本年收入 + 使用非财政拨款结余 + 年初结转和结余 (收入总计)
= 本年支出 + 结余分配 + 年末结转和结余 (支出总计); 使用非财政拨款结余 stands on the income side
there (seed 003 行 28; 名词解释: 事业单位用以前年度的非财政拨款结余弥补当年收支差额), so it adds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from desktop.checks.context import CheckContext
from desktop.checks.finding import ERROR, WARNING
from desktop.checks.rule import Hit, Rule, diff_text, line_cell, wan
from desktop.records import BalanceLine, BudgetBaselineLine, ExpenditureLine, IncomeLine

FINAL = ("final",)
MAX_CELLS = 20


def balance_identity(ctx: CheckContext) -> Iterator[Hit]:
    """年初 + 本年收入 + 使用非财政拨款结余 − 本年支出 − 结余分配 = 年末, per fund and 项."""
    ledger = ctx.ledger
    tolerance = ctx.config.tolerance("final-balance-identity")
    income: dict[tuple[str, str], int] = defaultdict(int)
    spent: dict[tuple[str, str], int] = defaultdict(int)
    balances: dict[tuple[str, str], list[BalanceLine]] = defaultdict(list)
    for ln in ledger.income_lines.values():
        income[(ln.fund_source, ln.function_code)] += ln.amount
    for ex in ledger.expenditure_lines.values():
        spent[(ex.fund_source, ex.function_code)] += ex.amount
    for b in ledger.balance_lines.values():
        balances[(b.fund_source, b.function_code)].append(b)
    for key in sorted(set(income) | set(spent) | set(balances)):
        fund, function = key
        found = balances.get(key, [])
        opening = sum(b.opening for b in found)
        used = sum(b.used_balance for b in found)
        distribution = sum(b.distribution for b in found)
        closing = sum(b.closing for b in found)
        expected = opening + income[key] + used - spent[key] - distribution
        if abs(expected - closing) <= tolerance:
            continue
        cells = tuple(line_cell("balance", b.id) for b in found[:MAX_CELLS])
        yield Hit(
            f"{fund}|{function}",
            f"{ctx.fund_name(fund)}、功能科目“{ctx.function_label(function)}”：年初结转和结余 "
            f"{wan(opening)} + 本年收入 {wan(income[key])} + 使用非财政拨款结余 {wan(used)} − "
            f"本年支出 {wan(spent[key])} − 结余分配 {wan(distribution)} = {wan(expected)}，"
            f"而年末结转和结余为 {wan(closing)}，{diff_text(expected, closing)}。"
            "请核对收入、支出或结转结余。",
            cells,
        )


def three_public_over_budget(ctx: CheckContext) -> Iterator[Hit]:
    """Each 三公 item's 决算数 against its 全年预算数 (the money of the rule's `budget_types`)."""
    ledger, catalog = ctx.ledger, ctx.catalog
    types = tuple(
        ctx.config.rules.get("final-three-public-over-budget", {}).get("budget_types", ["gp"])
    )

    def counted(fund_source: str) -> bool:
        fund = catalog.fund_sources.get(fund_source)
        return fund is not None and fund.fiscal and fund.budget_type in types

    for item, codes in ctx.config.three_public_costs.items():
        lines = [
            ln
            for ln in ledger.expenditure_lines.values()
            if ln.econ_code in codes and counted(ln.fund_source)
        ]
        actual = sum(ln.amount for ln in lines)
        budget = sum(
            b.full_year
            for b in ledger.baseline_lines.values()
            if b.econ_code in codes and counted(b.fund_source)
        )
        if actual > budget:
            planned = f"全年预算数 {wan(budget)}" if budget else "没有预算数"
            yield Hit(
                item,
                f"{item}决算数 {wan(actual)}，{planned}，超出预算 {diff_text(actual, budget)[3:]}。"
                "“三公”经费决算数原则上不超过预算，请说明超支原因（如预算调整的批复）。",
                tuple(line_cell("expenditure", ln.id) for ln in lines[:MAX_CELLS]),
            )


FINAL_RULES: tuple[Rule, ...] = (
    Rule(
        "final-balance-identity",
        ERROR,
        "决算：按资金来源和功能科目（项），年初结转和结余 + 本年收入 + 使用非财政拨款结余 − "
        "本年支出 − 结余分配 = 年末结转和结余。",
        balance_identity,
        inputs=(IncomeLine, ExpenditureLine, BalanceLine),
        title="结转结余与收支不衔接",
        kinds=FINAL,
    ),
    Rule(
        "final-three-public-over-budget",
        WARNING,
        "决算：一般公共预算财政拨款“三公”经费各项决算数不超过全年预算数。",
        three_public_over_budget,
        inputs=(ExpenditureLine, BudgetBaselineLine),
        title="“三公”经费决算超预算",
        kinds=FINAL,
    ),
)
