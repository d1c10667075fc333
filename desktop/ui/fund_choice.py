"""Choosing a project's special fund (所属专项): the entries offered and resolving typed text."""

from __future__ import annotations

from desktop.errors import LedgerError
from desktop.ledger import Ledger
from desktop.ui import codes

# Not "不属于专项资金": a project marked 专项资金=是 may still not be a spending direction of one
# of the department's 专项资金 entries (the demo's ZX01/ZX02); the two facts must not contradict.
NO_FUND = "（未列为专项资金的支出方向）"


def fund_options(ledger: Ledger) -> list[tuple[str, str]]:
    funds = sorted(ledger.special_funds.values(), key=lambda f: (f.sort_order, f.code))
    return [(f.code, f.name) for f in funds]


def fund_choices(ledger: Ledger) -> list[str]:
    """Completer / combo entries: "no fund" first, then "code name" of every fund."""
    return [NO_FUND, *codes.completions(fund_options(ledger))]


def resolve_fund_code(ledger: Ledger, text: str) -> str:
    """The fund code for typed text; blank or NO_FUND means the project belongs to none."""
    typed = (text or "").strip()
    if not typed or typed in (NO_FUND, "（不属于专项资金）", "无"):
        return ""
    if not ledger.special_funds:
        raise LedgerError("还没有专项资金；请先在“绩效目标 → 专项资金”中新增。")
    return codes.resolve_choice(fund_options(ledger), typed, "专项资金")
