"""The bundled demo department (seed 000: 株洲市荷塘区科技和工业信息化局, 2025)."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.money import DisplayUnit, parse_amount
from desktop.records import ExpenditureLine, IncomeLine, Project, Unit
from desktop.resources import resource

DEMO_FILE = resource("demo", "hetang_2025.json")


def load_department_json(path: Path, target: Path) -> DepartmentFile:
    """Create `target` from a department described in JSON (amounts in 万元 strings)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    dept = data["department"]
    dfile = DepartmentFile.create(target, dept["code"], dept["name"], int(dept["fiscal_year"]))
    try:
        ledger = Ledger(dfile)
        wan = DisplayUnit.WAN_YUAN
        records: list = [Unit(**u, sort_order=i) for i, u in enumerate(data["units"])]
        records += [Project(**p, sort_order=i) for i, p in enumerate(data["projects"])]
        records += [
            IncomeLine(None, unit, func, fund, parse_amount(amount, wan), sort_order=i)
            for i, (unit, func, fund, amount) in enumerate(data["income"])
        ]
        records += [
            ExpenditureLine(
                None, unit, func, econ, fund, kind, project, parse_amount(amount, wan), note, i
            )
            for i, (unit, func, econ, fund, kind, project, amount, note) in enumerate(
                data["expenditure"]
            )
        ]
        ledger.add(*records)
    except Exception:
        dfile.close()
        target.unlink(missing_ok=True)
        raise
    return dfile


def write_demo(target: str | Path) -> DepartmentFile:
    """Write the demo department to `target` (which must not exist yet)."""
    return load_department_json(DEMO_FILE, Path(target))
