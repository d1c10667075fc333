"""A small hand-built 决算 file (2021, two units) whose every table cell the tests work out by hand.

Figures in 元 (the tables print 万元):

income (本年收入)                          expenditure (本年支出)
U1 2150501 gp        1,000,000.00          U1 2150501 30101 personnel gp   600,000.00
U1 2080505 gp          120,000.00          U1 2150501 30201 operating gp   150,000.00
U2 2150599 gp          300,000.00          U1 2150501 30217 operating gp    20,000.00  (公务接待)
U2 2150599 business     50,000.00          U1 2150501 30231 operating gp    30,000.00  (公务用车运行)
U2 2120803 gov_fund    100,000.00          U1 2080505 30108 personnel gp   120,000.00
                                           U2 2150599 30227 project P1 gp  250,000.00
                                           U2 2150599 31002 project P1 gp   40,000.00
                                           U2 2150599 30201 operating business  45,000.00
                                           U2 2120803 30227 project P2 gov_fund 80,000.00

balances (年初 / 使用非财政拨款结余 / 结余分配 / 年末), per unit, 功能 项 and fund:
U1 2150501 gp         100,000 /     0 /     0 / 300,000  (100,000 + 1,000,000 − 800,000)
U2 2150599 gp          20,000 /     0 /     0 /  30,000  (20,000 + 300,000 − 290,000)
U2 2150599 business    10,000 / 5,000 / 2,000 /  18,000  (10,000 + 50,000 + 5,000 − 45,000 − 2,000)
U2 2120803 gov_fund         0 /     0 /     0 /  20,000  (100,000 − 80,000)

baselines (年初预算数 / 全年预算数), 三公 only:
U1 2150501 30217 operating gp    25,000 /  30,000
U1 2150501 30231 operating gp    40,000 /  40,000
U1 2150501 30212 operating gp         0 /  10,000
U2 2150599 31013 project P1 gp        0 / 150,000
"""

from __future__ import annotations

from pathlib import Path

from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.packs.choice import set_file_pack
from desktop.packs.registry import get_pack
from desktop.records import (
    BalanceLine,
    BudgetBaselineLine,
    ExpenditureLine,
    IncomeLine,
    Project,
    Unit,
)

U1, U2 = "901001", "901002"
GP, BUSINESS, GOV_FUND = "gp_appropriation", "business_income", "gov_fund"


def yuan(amount: float | int) -> int:
    """元 → 分 (the figures above are whole 元)."""
    return int(amount) * 100


def build_final_file(path: Path) -> DepartmentFile:
    dfile = DepartmentFile.create(path, "901", "示例局", 2021, kind="final")
    set_file_pack(dfile, get_pack("hunan-final-2021"))
    ledger = Ledger(dfile)
    ledger.add(
        Unit(U1, "示例局本级", "agency", 1),
        Unit(U2, "示例中心", "institution", 2),
    )
    ledger.add(
        Project("P1", U2, "信息化建设"),
        Project("P2", U2, "城市建设配套"),
    )
    ledger.add(
        IncomeLine(None, U1, "2150501", GP, yuan(1_000_000)),
        IncomeLine(None, U1, "2080505", GP, yuan(120_000)),
        IncomeLine(None, U2, "2150599", GP, yuan(300_000)),
        IncomeLine(None, U2, "2150599", BUSINESS, yuan(50_000)),
        IncomeLine(None, U2, "2120803", GOV_FUND, yuan(100_000)),
        ExpenditureLine(None, U1, "2150501", "30101", GP, "personnel", "", yuan(600_000)),
        ExpenditureLine(None, U1, "2150501", "30201", GP, "operating", "", yuan(150_000)),
        ExpenditureLine(None, U1, "2150501", "30217", GP, "operating", "", yuan(20_000)),
        ExpenditureLine(None, U1, "2150501", "30231", GP, "operating", "", yuan(30_000)),
        ExpenditureLine(None, U1, "2080505", "30108", GP, "personnel", "", yuan(120_000)),
        ExpenditureLine(None, U2, "2150599", "30227", GP, "project", "P1", yuan(250_000)),
        ExpenditureLine(None, U2, "2150599", "31002", GP, "project", "P1", yuan(40_000)),
        ExpenditureLine(None, U2, "2150599", "30201", BUSINESS, "operating", "", yuan(45_000)),
        ExpenditureLine(None, U2, "2120803", "30227", GOV_FUND, "project", "P2", yuan(80_000)),
        BalanceLine(None, U1, "2150501", GP, opening=yuan(100_000), closing=yuan(300_000)),
        BalanceLine(None, U2, "2150599", GP, opening=yuan(20_000), closing=yuan(30_000)),
        BalanceLine(
            None,
            U2,
            "2150599",
            BUSINESS,
            opening=yuan(10_000),
            used_balance=yuan(5_000),
            distribution=yuan(2_000),
            closing=yuan(18_000),
        ),
        BalanceLine(None, U2, "2120803", GOV_FUND, closing=yuan(20_000)),
        BudgetBaselineLine(
            None, U1, "2150501", "30217", GP, "operating", "", yuan(25_000), yuan(30_000)
        ),
        BudgetBaselineLine(
            None, U1, "2150501", "30231", GP, "operating", "", yuan(40_000), yuan(40_000)
        ),
        BudgetBaselineLine(None, U1, "2150501", "30212", GP, "operating", "", 0, yuan(10_000)),
        BudgetBaselineLine(None, U2, "2150599", "31013", GP, "project", "P1", 0, yuan(150_000)),
    )
    return dfile
