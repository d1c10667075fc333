"""One storage boundary: only desktop/models/ runs SQL; settings and 出错说明 through repositories."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.checks.explanations import load_explanations, save_explanation
from desktop.export.flat_performance import setting_rows, write_settings
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.tables.forms import performance_layout, set_performance_layout

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


def test_no_sql_outside_the_store_and_no_import_guards():
    sql = re.compile(r"^\s*(import sqlite3|from sqlite3|import sqlalchemy|from sqlalchemy)", re.M)
    offenders, guards = [], []
    for source in sorted(DESKTOP.rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        relative = source.relative_to(DESKTOP).as_posix()
        if sql.search(text) and not relative.startswith("models/"):
            offenders.append(relative)
        if "except ImportError" in text:
            guards.append(relative)
    assert offenders == [] and guards == []


def test_settings_and_explanations_notify_after_a_commit(demo_path):
    with DepartmentFile.open(demo_path) as dfile:
        ledger = Ledger(dfile)
        heard_settings: list[set[str]] = []
        heard_explanations: list[set[tuple[str, str]]] = []
        ledger.settings.add_listener(heard_settings.append)
        ledger.explanations.add_listener(heard_explanations.append)
        set_performance_layout(dfile, "lukou2026")
        write_settings(dfile, [("export_profile", "hunan-default")])
        save_explanation(dfile, "R01", "表1!B5", "  已与财政局核对。 ")
        assert heard_settings == [{"performance_layout"}, {"export_profile"}]
        assert heard_explanations == [{("R01", "表1!B5")}]
    with DepartmentFile.open(demo_path, readonly=True) as dfile:
        assert performance_layout(dfile) == "lukou2026"
        assert ("performance_layout", "lukou2026") in setting_rows(dfile)
        assert load_explanations(dfile)[("R01", "表1!B5")] == "已与财政局核对。"
    with DepartmentFile.open(demo_path) as dfile:
        save_explanation(dfile, "R01", "表1!B5", "")  # empty text deletes
        assert ("R01", "表1!B5") not in dfile.explanations.all()
