"""Generator of a large department for benchmarks: 50 units, 20,000 expenditure lines, 300 projects.

Every line is valid for the fiscal year's catalog, its fund source belongs to the budget type of
its function code (the catalog's `budget_type` column: 政府性基金 money only under fund codes,
一般公共预算 money under the others), and income mirrors expenditure per unit, function and fund
source, so the department balances like a real one.

    python -m benchmarks.generate OUT.budget [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from pathlib import Path

from desktop.catalog import Catalog, load_catalog
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import ExpenditureLine, IncomeLine, Project, Unit

UNITS = 50
LINES = 20_000
PROJECTS = 300
YEAR = 2025

PERSONNEL = [
    "30101",
    "30102",
    "30103",
    "30107",
    "30108",
    "30109",
    "30110",
    "30112",
    "30113",
    "30199",
    "30302",
    "30305",
    "30307",
    "30399",
]
OPERATING = [
    "30201",
    "30202",
    "30205",
    "30206",
    "30207",
    "30209",
    "30211",
    "30213",
    "30215",
    "30216",
    "30217",
    "30226",
    "30227",
    "30228",
    "30229",
    "30231",
    "30239",
    "30299",
    "31002",
    "31007",
]
PROJECT = OPERATING + ["30305", "30399", "31003", "31005", "31006", "31201", "31299"]
# Social-security codes go with their own function items, as the checks expect.
FIXED_FUNCTION = {
    "30108": "2080505",
    "30109": "2080506",
    "30110": "2101101",
    "30113": "2210201",
    "30302": "2080501",
}
FUNDS = ["gp_appropriation"] * 8 + [
    "gp_nontax_fee",
    "gov_fund",
    "special_account",
    "business_income",
]
# Funds a line under a 一般公共预算 function code may use (财政专户 and 事业收入 have no budget
# type of their own); under a 政府性基金 code only 政府性基金预算拨款.
GP_FUNDS = ["gp_appropriation"] * 8 + ["gp_nontax_fee", "special_account", "business_income"]
FUNDS_BY_TYPE = {"gp": GP_FUNDS, "gov_fund": ["gov_fund"]}


def _function_items(rng: random.Random, catalog) -> list[str]:
    items = [
        e.code
        for e in catalog.function_items()
        if e.code[:3]
        in ("201", "204", "205", "206", "207", "208", "210", "211", "212", "213", "214")
    ]
    return rng.sample(items, 12)


def generate(
    path: str | Path,
    seed: int = 1,
    lines: int | None = None,
    projects: int | None = None,
    units: int | None = None,
    random_funds: bool = False,
) -> Path:
    """Write the large department to `path` (replaced if it exists) and return the path.

    The same seed and sizes always give the same department (the golden test relies on it);
    smaller `lines`, `projects` and `units` (default LINES, PROJECTS, UNITS, read when called)
    give a quicker department of the same shape. `random_funds` draws fund sources regardless of
    the function's budget type, as the generator did when the golden outputs were taken (about
    one line in six then breaks a budget-type rule).
    """
    path = Path(path)
    path.unlink(missing_ok=True)
    dfile = DepartmentFile.create(path, "900", "基准测试部门", YEAR)
    ledger = Ledger(dfile)
    ledger.add(*records(seed, lines, projects, units, random_funds, ledger.catalog))
    dfile.close()
    return path


def records(
    seed: int = 1,
    lines: int | None = None,
    projects: int | None = None,
    units: int | None = None,
    random_funds: bool = False,
    catalog: Catalog | None = None,
) -> list[Unit | Project | ExpenditureLine | IncomeLine]:
    """The generated department's records (see `generate`): units, projects, expenditure lines,
    then the income lines that mirror them."""
    lines = LINES if lines is None else lines
    projects = PROJECTS if projects is None else projects
    units = UNITS if units is None else units
    rng = random.Random(seed)
    catalog = catalog or load_catalog(YEAR)
    known = set(catalog.dept_econ)
    unit_list = [
        Unit(f"900{i:03d}", f"基准单位{i:03d}", "agency" if i % 3 else "institution", i)
        for i in range(1, units + 1)
    ]
    functions = {u.code: _function_items(rng, catalog) for u in unit_list}
    gp_functions = {
        unit: [f for f in codes if catalog.budget_type_of(f) == "gp"] or ["2010101"]
        for unit, codes in functions.items()
    }
    project_list = [
        Project(
            f"P{i:04d}",
            unit_list[i % units].code,
            f"项目{i:04d}",
            "特定类",
            is_special_fund=i % 4 == 0,
            budget_mode="bureau" if i % 10 == 0 else "department",
            sort_order=i,
        )
        for i in range(projects)
    ]
    unit_by_code = {u.code: u for u in unit_list}
    expenditure: list[ExpenditureLine] = []
    for n in range(lines):
        unit = unit_list[n % units]
        roll = n % 10
        if roll < 5:
            kind, econ, project = "personnel", rng.choice(PERSONNEL), ""
        elif roll < 8:
            kind, econ, project = "operating", rng.choice(OPERATING), ""
        else:
            kind, econ = "project", rng.choice(PROJECT)
            project = project_list[rng.randrange(projects)]
            unit = unit_by_code[project.unit_code]
            project = project.code
        if econ not in known:
            econ = "30299" if kind != "personnel" else "30199"
        if random_funds:
            function = FIXED_FUNCTION.get(econ) or rng.choice(functions[unit.code])
            fund = "gp_appropriation" if kind == "personnel" else rng.choice(FUNDS)
        elif kind == "personnel":  # salaries are paid from 一般公共预算 under its codes
            function = FIXED_FUNCTION.get(econ) or rng.choice(gp_functions[unit.code])
            fund = "gp_appropriation"
        else:
            function = FIXED_FUNCTION.get(econ) or rng.choice(functions[unit.code])
            fund = rng.choice(FUNDS_BY_TYPE[catalog.budget_type_of(function)])
        if fund == "business_income" and unit.kind != "institution":
            fund = "gp_appropriation"
        amount = rng.randrange(1_00, 500_000_00)  # 1 元 … 50 万元, to the 分
        expenditure.append(
            ExpenditureLine(
                None, unit.code, function, econ, fund, kind, project, amount, sort_order=n
            )
        )
    income: dict[tuple[str, str, str], int] = defaultdict(int)
    for line in expenditure:
        income[(line.unit_code, line.function_code, line.fund_source)] += line.amount
    incomes = [
        IncomeLine(None, u, f, s, a, sort_order=i)
        for i, ((u, f, s), a) in enumerate(sorted(income.items()))
    ]
    return [*unit_list, *project_list, *expenditure, *incomes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.out, args.seed))


if __name__ == "__main__":
    main()
