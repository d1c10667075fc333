"""The bundled demo department (seed 000: 株洲市荷塘区科技和工业信息化局, 2025).

`load_department_json` reads the JSON format of the demo and of the test fixtures: department,
units, projects, income and expenditure lines, and an optional "performance" section (special
funds, each project's indicators, cost breakdown and spending schedule, the department target and
the file's performance-table layout), the 出错说明 a submission carries ("explanations": rule,
subject, text) and the public document's 第一部分 ("profile": 部门职责 "duties" and the
内设机构 names "offices", in order). Amounts are 万元 strings (up to 6 decimals: exact to the 分).
"""

from __future__ import annotations

import json
from pathlib import Path

from desktop.catalog import Catalog
from desktop.checks.explanations import save_explanation
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.money import DisplayUnit, parse_amount
from desktop.records import (
    CostItem,
    DepartmentProfile,
    DepartmentTarget,
    DepartmentTask,
    ExpenditureLine,
    IncomeLine,
    Indicator,
    InternalOffice,
    Project,
    SpecialFund,
    SpendingSchedule,
    Unit,
)
from desktop.resources import resource
from desktop.tables.forms import set_performance_layout

DEMO_FILE = resource("demo", "hetang_2025.json")
WAN = DisplayUnit.WAN_YUAN


def load_department_json(
    path: Path, target: Path, catalog: Catalog | None = None
) -> DepartmentFile:
    """Create `target` from a department described in JSON (amounts in 万元 strings).

    `catalog` replaces the fiscal year's catalog (a fixture of a year without one shipped).
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    dept = data["department"]
    perf = data.get("performance", {})
    dfile = DepartmentFile.create(target, dept["code"], dept["name"], int(dept["fiscal_year"]))
    try:
        ledger = Ledger(dfile, catalog)
        records: list = [
            SpecialFund(**f, sort_order=i) for i, f in enumerate(perf.get("special_funds", []))
        ]
        records += [Unit(**u, sort_order=i) for i, u in enumerate(data["units"])]
        records += [Project(**p, sort_order=i) for i, p in enumerate(data["projects"])]
        records += [
            IncomeLine(None, unit, func, fund, parse_amount(amount, WAN), sort_order=i)
            for i, (unit, func, fund, amount) in enumerate(data["income"])
        ]
        records += [
            ExpenditureLine(
                None, unit, func, econ, fund, kind, project, parse_amount(amount, WAN), note, i
            )
            for i, (unit, func, econ, fund, kind, project, amount, note) in enumerate(
                data["expenditure"]
            )
        ]
        records += performance_records(perf)
        records += profile_records(data.get("profile", {}))
        ledger.add(*records)
        if perf.get("layout"):
            set_performance_layout(dfile, perf["layout"])
        for note in data.get("explanations", []):
            save_explanation(dfile, note["rule"], note["subject"], note["text"])
    except Exception:
        dfile.close()
        target.unlink(missing_ok=True)
        raise
    return dfile


def performance_records(perf: dict) -> list:
    """The records of a JSON "performance" section (special funds excepted: they come first)."""
    records: list = []
    for target in perf.get("project_targets", []):
        code = target["project"]
        records += _indicators(code, target.get("indicators", []))
        records += [
            CostItem(
                None,
                code,
                item["content"],
                item.get("detail", ""),
                parse_amount(item["amount"], WAN),
                item.get("basis", ""),
                i,
            )
            for i, item in enumerate(target.get("cost_items", []))
        ]
        if "schedule" in target:
            points = {m: parse_amount(v, WAN) for m, v in target["schedule"].items()}
            records.append(SpendingSchedule(code, **points))
    dept = perf.get("department")
    if dept:
        records.append(
            DepartmentTarget(1, dept.get("duty_goal", ""), dept.get("duty_overview", ""))
        )
        records += [
            DepartmentTask(None, **task, sort_order=i)
            for i, task in enumerate(dept.get("tasks", []))
        ]
        records += _indicators("", dept.get("indicators", []))
    return records


def profile_records(profile: dict) -> list:
    """部门职责 and 内设机构 of a JSON "profile" section."""
    records: list = [DepartmentProfile(1, profile["duties"])] if profile.get("duties") else []
    return records + [
        InternalOffice(None, name, i) for i, name in enumerate(profile.get("offices", []))
    ]


def _indicators(project_code: str, rows: list[dict]) -> list[Indicator]:
    return [Indicator(None, project_code, **row, sort_order=i) for i, row in enumerate(rows)]


def write_demo(target: str | Path) -> DepartmentFile:
    """Write the demo department to `target` (which must not exist yet)."""
    return load_department_json(DEMO_FILE, Path(target))
