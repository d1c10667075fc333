"""The bundled 决算 demo (seed 003: 株洲市工业和信息化局, 2021 部门决算).

`load_final_json` reads the JSON of a 决算 department: what a budget JSON has (department,
units, projects, income and expenditure lines, the department's performance indicators; read
by `desktop.demo`) plus 部门职责, 内设机构, staff, and a "final" section — 结转和结余
(BalanceLine), 年初/全年预算数 (BudgetBaselineLine), 上年决算数 (PriorYearLine), 三公 counts
(ActivityCount), 国有资产 (AssetHolding) and 政府采购 (PurchaseLine, hung on an expenditure
line by its position) — and "self_evaluations", the 绩效自评 of the department or a project with
one result per indicator in the indicators' order. Amounts are 万元 strings exact to the 分;
points are strings of whole or hundredth points ("6", "5.5").
"""

from __future__ import annotations

import json
from pathlib import Path

from desktop.catalog import Catalog
from desktop.checks.explanations import save_explanation
from desktop.demo import performance_records
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.money import DisplayUnit, parse_amount
from desktop.records import (
    ActivityCount,
    AssetHolding,
    BalanceLine,
    BudgetBaselineLine,
    DepartmentProfile,
    ExpenditureLine,
    IncomeLine,
    IndicatorResult,
    InternalOffice,
    PriorYearLine,
    Project,
    PurchaseLine,
    ReasonText,
    SelfEvaluation,
    Unit,
    UnitStaff,
)
from desktop.resources import resource
from desktop.self_evaluation import parse_points

FINAL_DEMO_FILE = resource("demo", "zhuzhou_gxj_2021.json")
WAN = DisplayUnit.WAN_YUAN


def _wan(text: str) -> int:
    return parse_amount(text, WAN)


def load_final_json(path: Path, target: Path, catalog: Catalog | None = None) -> DepartmentFile:
    """Create the 决算 file `target` from a department described in JSON (see module doc).

    `catalog` replaces the fiscal year's catalog (for a year without one shipped).
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    dept = data["department"]
    dfile = DepartmentFile.create(
        target, dept["code"], dept["name"], int(dept["fiscal_year"]), kind=dept.get("kind", "final")
    )
    try:
        ledger = Ledger(dfile, catalog)
        _load(ledger, data)
        # The 出错说明 a submission carries for the 提示 the publication's own figures raise.
        for note in data.get("explanations", []):
            save_explanation(dfile, note["rule"], note["subject"], note["text"])
    except Exception:
        dfile.close()
        target.unlink(missing_ok=True)
        raise
    return dfile


def _load(ledger: Ledger, data: dict) -> None:
    final = data.get("final", {})
    records: list = [Unit(**u, sort_order=i) for i, u in enumerate(data["units"])]
    records += [Project(**p, sort_order=i) for i, p in enumerate(data["projects"])]
    if "profile" in data:
        records.append(DepartmentProfile(1, data["profile"]["duties"]))
    records += [InternalOffice(None, name, i) for i, name in enumerate(data.get("offices", []))]
    records += [UnitStaff(**s) for s in data.get("staff", [])]
    records += [
        IncomeLine(None, unit, func, fund, _wan(amount), sort_order=i)
        for i, (unit, func, fund, amount) in enumerate(data["income"])
    ]
    for i, (unit, func, fund, opening, used, distribution, closing) in enumerate(
        final.get("balances", [])
    ):
        records.append(
            BalanceLine(
                None,
                unit,
                func,
                fund,
                _wan(opening),
                _wan(used),
                _wan(distribution),
                _wan(closing),
                sort_order=i,
            )
        )
    records += [
        BudgetBaselineLine(
            None, unit, func, econ, fund, kind, project, _wan(initial), _wan(full), sort_order=i
        )
        for i, (unit, func, econ, fund, kind, project, initial, full) in enumerate(
            final.get("baselines", [])
        )
    ]
    records += [
        PriorYearLine(None, unit, func, econ, fund, kind, _wan(amount))
        for unit, func, econ, fund, kind, amount in final.get("prior_year", [])
    ]
    records += [ActivityCount(item, n) for item, n in final.get("activities", {}).items()]
    records += [
        AssetHolding(None, **a, sort_order=i) for i, a in enumerate(final.get("assets", []))
    ]
    records += performance_records(data.get("performance", {}))
    # The 主要原因 the publication gives for each comparison its 情况说明 makes.
    records += [ReasonText(slot, text) for slot, text in data.get("reasons", {}).items()]
    ledger.add(*records)
    # Expenditure lines next: purchases name them by position, so their ids are needed.
    spent = ledger.add(
        *(
            ExpenditureLine(None, unit, func, econ, fund, kind, project, _wan(amount), note, i)
            for i, (unit, func, econ, fund, kind, project, amount, note) in enumerate(
                data["expenditure"]
            )
        )
    )
    ledger.add(
        *(
            PurchaseLine(None, spent[line].id, item, "", kind, _wan(amount), "", sme, i)
            for i, (line, item, kind, amount, sme) in enumerate(final.get("purchases", []))
        )
    )
    ledger.add(*self_evaluation_records(ledger, data.get("self_evaluations", [])))


def self_evaluation_records(ledger: Ledger, evaluations: list[dict]) -> list:
    """SelfEvaluation and IndicatorResult records; results pair with the subject's indicators."""
    records: list = []
    for ev in evaluations:
        code = ev["project"]
        records.append(
            SelfEvaluation(
                code,
                ev.get("achieved", ""),
                parse_points(ev.get("execution_points", "10")),
                ev.get("conclusion", ""),
            )
        )
        indicators = ledger.project_indicators(code)
        results = ev.get("results", [])
        if len(results) != len(indicators):
            raise ValueError(f"{code or '部门'}：{len(results)} 条自评对 {len(indicators)} 个指标")
        records += [
            IndicatorResult(
                ind.id,  # type: ignore[arg-type]
                r.get("actual", ""),
                parse_points(r["points"]),
                parse_points(r["score"]),
                r.get("deviation", ""),
            )
            for ind, r in zip(indicators, results, strict=True)
        ]
    return records


def write_final_demo(target: str | Path, catalog: Catalog | None = None) -> DepartmentFile:
    """Write the 决算 demo department (seed 003) to `target` (which must not exist yet)."""
    return load_final_json(FINAL_DEMO_FILE, Path(target), catalog)
