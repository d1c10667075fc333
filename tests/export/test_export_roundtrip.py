"""Round trip: department → workbook → import into a new file → identical tables and digest."""

from __future__ import annotations

import json

import pytest

from desktop.export.digest import flat_digest
from desktop.export.explanations_io import read_explanations, write_explanations
from desktop.export.flat import flat_rows
from desktop.export.importer import import_workbook
from desktop.export.service import run_export
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import ControlFigure, ExpenditureLine, PriorYearLine, Project
from desktop.tables.engine import Rollup


def _snapshot(path):
    dfile = DepartmentFile.open(path, readonly=True)
    try:
        ledger = Ledger(dfile)
        tables = [r.to_json() for r in Rollup(ledger).results()]
        rows = flat_rows(ledger, read_explanations(dfile))
        return tables, rows, flat_digest(ledger.department, rows)
    finally:
        dfile.close()


@pytest.mark.parametrize("profile", ["hunan-default", "bureau-flat-first"])
def test_demo_round_trip(tmp_path, demo_path, profile):
    dfile = DepartmentFile.open(demo_path, readonly=True)
    ledger = Ledger(dfile)
    out = tmp_path / "demo.xlsx"
    info = run_export(dfile, ledger, Rollup(ledger), xlsx_path=out, draft=True, profile_id=profile)
    dfile.close()
    target = tmp_path / "imported.budget"
    report = import_workbook(target, out)
    assert not report.modified and report.digest == report.stored_digest == info.workbook.digest
    before, after = _snapshot(demo_path), _snapshot(target)
    assert json.dumps(after[0], ensure_ascii=False) == json.dumps(before[0], ensure_ascii=False)
    assert after[1] == before[1]
    assert after[2] == before[2] == info.workbook.digest


def test_round_trip_keeps_every_kind_of_record(tmp_path, demo_ledger):
    ledger = demo_ledger
    ledger.add(
        Project("P-9", "030001", "=1+1 项目", "@类别", True, "bureau", "-2025", "+目标"),
        ExpenditureLine(
            None, "030001", "2060102", "30201", "gp_appropriation", "project", "P-9", 1
        ),
        # 9,876,543,210,123.45 元: 15 significant digits, still a number in Excel
        ExpenditureLine(
            None, "030001", "2060101", "30299", "gp_appropriation", "operating", "", 987654321012345
        ),
        # beyond 15 digits: written as text so no cent is lost
        ExpenditureLine(
            None,
            "030001",
            "2060101",
            "30201",
            "gp_appropriation",
            "operating",
            "",
            12345678901234567,
            "大额",
        ),
        ControlFigure(None, "", "gp_appropriation", "basic", 254_790_000),
        ControlFigure(None, "030001", "gp_appropriation", "project", 35_000_000),
        PriorYearLine(
            None, "030001", "2060101", "30101", "gp_appropriation", "personnel", 40_000_000
        ),
        PriorYearLine(None, "030001", "", "", "", "", -5),
    )
    write_explanations(ledger.file, [("R-01", "表3 合计", "=已核实"), ("R-02", "", "说明")])
    out = tmp_path / "all.xlsx"
    run_export(ledger.file, ledger, Rollup(ledger), xlsx_path=out, draft=True)
    target = tmp_path / "copy.budget"
    import_workbook(target, out)
    before, after = _snapshot(ledger.file.path), _snapshot(target)
    assert after == before
    amounts = {r[6] for r in after[1]["expenditure_lines"]}
    assert {"0.01", "9876543210123.45", "123456789012345.67"} <= amounts
    demo_note = next(n for n in after[1]["explanations"] if n[0] == "unit-kind-function")
    assert after[1]["explanations"] == [
        ("R-01", "表3 合计", "=已核实"),
        ("R-02", "", "说明"),
        demo_note,  # the demo's own 出错说明
    ]
