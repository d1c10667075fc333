"""Special funds (区级专项资金): the grid of funds with their amounts and spending directions.

A fund's amount is not typed: it is the sum of its spending directions' (projects') lines.
"""

from __future__ import annotations

from desktop.ledger import Ledger
from desktop.records import Record, SpecialFund
from desktop.ui.display import amount_text
from desktop.ui.document import Document
from desktop.ui.record_models import Column, RecordModel, text_column

FIELD_COLUMNS = {"code": 0, "name": 1, "category": 4, "period": 5, "period_goal": 6, "goal": 7}


def directions(ledger: Ledger, fund_code: str) -> list:
    """The fund's spending directions (projects), in project order."""
    found = [p for p in ledger.projects.values() if p.special_fund_code == fund_code]
    return sorted(found, key=lambda p: (p.sort_order, p.code))


def fund_total(ledger: Ledger, fund_code: str) -> int:
    """The fund's amount: the sum of its directions' expenditure lines (分)."""
    return sum(ledger.project_total(p.code) for p in directions(ledger, fund_code))


def special_fund_model(document: Document) -> RecordModel:
    ledger = document.ledger
    columns = [
        Column("专项编码", lambda r: r.code, width=90),
        text_column("专项名称", "name", 180, required=True),
        Column(
            "金额",
            lambda r: amount_text(fund_total(ledger, r.code), document.unit, blank_zero=False),
            fen=lambda r: fund_total(ledger, r.code),
            width=100,
        ),
        Column(
            "支出方向（项目）",
            lambda r: "、".join(p.name for p in directions(ledger, r.code)),
            width=240,
        ),
        text_column("类别", "category", 80),
        text_column("实施期", "period", 120),
        text_column("实施期绩效目标", "period_goal", 240),
        text_column("年度绩效目标", "goal", 240),
    ]

    def template(current: Record | None) -> SpecialFund:
        used = set(ledger.special_funds)
        n = 1
        while f"ZX{n:02d}" in used:
            n += 1
        order = max((f.sort_order for f in ledger.special_funds.values()), default=-1) + 1
        return SpecialFund(f"ZX{n:02d}", "新专项资金", sort_order=order)

    return RecordModel(
        document,
        "专项资金",
        SpecialFund,
        columns,
        template=template,
        order=lambda r: (r.sort_order, r.code),
    )
