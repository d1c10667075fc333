"""The performance forms printed are the table set's forms.json, unless the user explicitly chose
another layout for the file (or `--layout` for one run).

The national set's forms (national-2025/forms.json) follow the reference page's list: one
项目支出绩效目标表 per project and a 部门整体支出绩效目标表, numbered 10 and 11. Figures are the
demo's (resources/demo/hetang_2025.json): project 030001-ZX01 生态污染防治专项经费 has four
一般公共预算 lines of 8 + 8 + 4 + 5 = 25 万元.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.packs.pack import PackError, load_pack
from desktop.packs.registry import get_pack
from desktop.records import ExpenditureLine
from desktop.tables.forms import (
    form_sections,
    performance_layout,
    printed_layout,
    set_performance_layout,
)

ROOT = Path(__file__).resolve().parents[2]
NATIONAL = ROOT / "resources" / "packs" / "national-2025"
EXAMPLE = ROOT / "docs" / "packs" / "example-county-2025"


@pytest.fixture
def user_data(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_DESK_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def _forms_json(capsys, *argv: str) -> dict:
    capsys.readouterr()
    assert main(["tables", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)["forms"]


def _switch(path: Path, pack_id: str) -> None:
    from desktop.packs.choice import set_file_pack

    dfile = DepartmentFile.open(path)
    try:
        set_file_pack(dfile, get_pack(pack_id))
    finally:
        dfile.close()


def _cells(form: dict) -> dict[tuple[int, int], str]:
    return {(c["row"], c["col"]): c["text"] for c in form["cells"]}


def test_a_file_on_the_national_set_prints_the_national_forms(capsys, demo_path):
    _switch(demo_path, "national-2025")
    dfile = DepartmentFile.open(demo_path)
    ledger = Ledger(dfile)
    # 8 万元 of 财政专户 money on the project: 其中财政拨款 stays 25, 其他资金 8.
    ledger.add(
        ExpenditureLine(
            None,
            "030001",
            "2060102",
            "30201",
            "special_account",
            "project",
            "030001-ZX01",
            80000_00,
        )
    )
    assert performance_layout(dfile) == "national"
    keys = [spec.key for spec, _ in form_sections(ledger)]
    assert keys == ["national-project-target", "national-dept-target"]
    dfile.close()

    forms = _forms_json(capsys, str(demo_path))
    assert forms["layout"] == "national"
    project, dept = forms["specs"]
    assert (project["number"], dept["number"]) == (10, 11)
    first = project["forms"][0]
    assert first["title"] == "2025年项目支出绩效目标表"
    cells = _cells(first)
    assert cells[(0, 1)] == "生态污染防治专项经费"
    assert (cells[(1, 0)], cells[(1, 1)]) == ("主管部门", "株洲市荷塘区科技和工业信息化局")
    assert (cells[(1, 3)], cells[(1, 4)]) == ("实施单位", "株洲市荷塘区科技和工业信息化局")
    assert [cells[(r, 1)] for r in (2, 3, 4)] == ["年度资金总额", "其中：财政拨款", "其他资金"]
    assert [cells[(r, 3)] for r in (2, 3, 4)] == ["33.00", "25.00", "8.00"]
    assert cells[(6, 1)] == "一级指标" and cells[(7, 3)] == "每月环保督查"
    # 部门整体: 资金总额 = 289.79 万元 of the demo + the 8 万元 above; 其他资金 = 财政专户 8.
    budget = _cells(dept["forms"][0])
    row = next(r for (r, c), t in budget.items() if t == "资金总额") + 1
    assert [budget[(row, c)] for c in (1, 2, 3, 4)] == ["297.79", "289.79", "0.00", "8.00"]


def test_an_explicit_choice_wins(capsys, demo_path):
    _switch(demo_path, "national-2025")
    dfile = DepartmentFile.open(demo_path)
    set_performance_layout(dfile, "lukou2026")  # chosen in the performance view
    assert performance_layout(dfile) == "lukou2026"
    # …also for one run with another set: the choice is the file's
    assert printed_layout(dfile, get_pack("hunan-2025")) == "lukou2026"
    dfile.close()
    assert _forms_json(capsys, str(demo_path))["layout"] == "lukou2026"
    # --layout wins for one run
    forms = _forms_json(capsys, str(demo_path), "--layout", "hunan")
    assert [s["number"] for s in forms["specs"]] == [22, 23]
    # Switching the set again takes its forms: the choice was for the old set.
    _switch(demo_path, "hunan-2025")
    assert _forms_json(capsys, str(demo_path))["layout"] == "hunan"


def test_one_run_with_another_set_prints_its_forms(capsys, demo_path):
    forms = _forms_json(capsys, str(demo_path), "--pack", "national-2025", "--tables", "10")
    assert [s["key"] for s in forms["specs"]] == ["national-project-target"]
    assert [f["subject"] for f in forms["specs"][0]["forms"]] == ["030001-ZX01", "030001-ZX02"]
    # The file's own set is unchanged: the Hunan forms 22 and 23.
    assert _forms_json(capsys, str(demo_path))["layout"] == "hunan"
    # An older file's district layout (no set recorded) is its set's, not a choice.
    dfile = DepartmentFile.open(demo_path)
    set_performance_layout(dfile, "shifeng2023")
    assert printed_layout(dfile) == "shifeng2023"
    assert printed_layout(dfile, get_pack("national-2025")) == "national"
    dfile.close()


def test_export_prints_the_sets_forms(capsys, demo_path, tmp_path):
    pdf, xlsx = tmp_path / "n.pdf", tmp_path / "n.xlsx"
    argv = ["export", str(demo_path), "--pack", "national-2025", "--draft", "--tables", "4,10,11"]
    assert main([*argv, "--pdf", str(pdf), "--xlsx", str(xlsx)]) == 0
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    assert "实施单位" in text and "其中：财政拨款" in text and "年度部门整体支出" in text
    assert "整体支出绩效目标表" in text and "本年度绩效指标" not in text  # not the Hunan form
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True)
    names = wb.sheetnames
    wb.close()
    assert any("项目支出绩效目标表" in n for n in names), names


def test_a_set_without_forms_prints_none(capsys, demo_path, user_data, tmp_path):
    assert main(["pack-import", str(EXAMPLE)]) == 0
    forms = _forms_json(capsys, str(demo_path), "--pack", "example-county-2025")
    assert forms["specs"] == [] and forms["layout"] == ""
    # A file on that set exports and imports back (its empty layout setting is not written).
    _switch(demo_path, "example-county-2025")
    xlsx, back = tmp_path / "e.xlsx", tmp_path / "back.budget"
    assert main(["export", str(demo_path), "--draft", "--xlsx", str(xlsx)]) == 0
    assert main(["import", str(back), str(xlsx)]) == 0
    assert _forms_json(capsys, str(back), "--pack", "example-county-2025")["specs"] == []


def test_forms_json_is_validated_with_the_set(tmp_path):
    folder = tmp_path / "national-copy"
    shutil.copytree(NATIONAL, folder)
    data = json.loads((folder / "pack.json").read_text(encoding="utf-8"))
    data["id"] = "national-copy"
    data["performance_layout"] = "hunan"
    (folder / "pack.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(folder)
    assert "performance_layout：与本表套 forms.json 的表式“national”不一致" in str(err.value)
    del data["performance_layout"]
    (folder / "pack.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    forms = json.loads((folder / "forms.json").read_text(encoding="utf-8"))
    forms["forms"][0]["cells"][6]["field"] = "unit_nmae"
    (folder / "forms.json").write_text(json.dumps(forms, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(folder)
    message = str(err.value)
    assert f"表单文件 {folder / 'forms.json'}（表套 national-copy）" in message
    assert "forms[0].cells[6].field：记录“project”没有字段“unit_nmae”" in message
