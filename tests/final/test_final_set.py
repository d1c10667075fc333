"""The 决算 set as a set: its kind, the default for a 决算 file, refusals, the commands and media,
and the loader's Chinese messages for the 决算 keys."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pdfplumber
import pytest

from desktop.cli import main
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.packs.choice import file_pack, file_pack_id, set_file_pack
from desktop.packs.pack import PackError, load_pack
from desktop.packs.registry import available_packs, default_pack_id, get_pack
from desktop.tables.engine import Rollup
from tests.final.final_ledger import build_final_file

ROOT = Path(__file__).resolve().parents[2]
FINAL_SET = ROOT / "resources" / "packs" / "hunan-final-2021"


@pytest.fixture
def final_path(tmp_path):
    path = tmp_path / "final.budget"
    build_final_file(path).close()
    return path


def test_set_kinds_and_the_packs_listing(capsys):
    kinds = {p.id: p.kind for p in available_packs()}
    assert kinds["hunan-final-2021"] == "final"
    assert {kinds[i] for i in ("hunan-2025", "national-2025", "hunan-lukou-2026")} == {"budget"}
    assert [p.id for p in available_packs(2021, "final")] == ["hunan-final-2021"]
    assert main(["packs", "--year", "2021"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "hunan-final-2021\t湖南省部门决算公开表\t湖南省\t2021\t部门决算" in lines
    forms = json.loads((FINAL_SET / "forms.json").read_text(encoding="utf-8"))
    assert forms["layout"] == "final2021"  # the 自评 forms (tables 22, 23), not the budget's


def test_a_final_file_defaults_to_the_final_set_of_its_year(tmp_path):
    assert default_pack_id("final", 2021) == "hunan-final-2021"
    assert default_pack_id("budget", 2021) == "hunan-2025"
    dfile = DepartmentFile.create(tmp_path / "f.budget", "901", "示例局", 2021, kind="final")
    assert file_pack_id(dfile) == "hunan-final-2021"  # nothing recorded
    # a budget set recorded by mistake (e.g. settings carried from the budget) is not used
    dfile.settings.set_many({"table_set": "hunan-2025"})
    assert file_pack(dfile).id == "hunan-final-2021"
    dfile.close()


def test_the_other_kind_of_set_is_refused(tmp_path, final_path, demo_path, capsys):
    dfile = DepartmentFile.open(final_path)
    with pytest.raises(PackError, match="是部门预算表套，不能用于部门决算文件“示例局”"):
        set_file_pack(dfile, get_pack("national-2025"))
    with pytest.raises(PackError, match="请选用部门决算表套"):
        file_pack(dfile, "hunan-2025")
    dfile.close()
    assert main(["tables", str(final_path), "--pack", "hunan-2025"]) != 0
    assert "不能用于部门决算文件" in capsys.readouterr().err
    assert main(["tables", str(demo_path), "--pack", "hunan-final-2021"]) != 0
    err = capsys.readouterr().err
    assert "是部门决算表套，不能用于部门预算文件" in err
    assert main(["check", str(demo_path), "--pack", "hunan-final-2021"]) != 0
    out = tmp_path / "x.pdf"
    assert main(["export", str(demo_path), "--pack", "hunan-final-2021", "--pdf", str(out)]) != 0
    assert not out.exists()


def test_tables_json_and_text(final_path, capsys):
    capsys.readouterr()
    assert main(["tables", str(final_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    tables = data["tables"] if isinstance(data, dict) else data
    first = tables[0]
    assert [t["number"] for t in tables][:9] == list(range(1, 10))
    assert first["number_label"] == "公开01表" and first["footnote"].startswith("注：1. 本表反映")
    labels = [row["cells"][0] for row in first["rows"]]
    assert labels[-5:] == ["本年收入合计", "使用非财政拨款结余", "年初结转和结余", "", "总计"]
    total = next(r for r in first["rows"] if r["cells"][0] == "总计")
    assert total["cells"] == ["总计", "31", "1705000.00", "总计", "62", "1705000.00"]
    assert main(["tables", str(final_path), "--tables", "7"]) == 0
    text = capsys.readouterr().out
    assert "公开07表    金额单位：万元" in text
    assert "注：本表反映部门本年度“三公”经费支出预决算情况。" in text


def test_pdf_and_workbook_print_the_nine_tables_and_import_back(final_path, tmp_path, capsys):
    pdf, xlsx = tmp_path / "final.pdf", tmp_path / "final.xlsx"
    assert main(["export", str(final_path), "--pdf", str(pdf), "--xlsx", str(xlsx)]) == 0
    with pdfplumber.open(pdf) as doc:
        pages = [p.extract_text() or "" for p in doc.pages]
    assert "2021年部门决算公开表" in pages[0] and "一、部门决算报表" in pages[0]
    t1 = pages[1]
    assert "收入支出决算总表" in t1 and "公开01表" in t1
    assert "年初结转和结余 29 13.00" in t1 and "总计 31 170.50 总计 62 170.50" in t1
    t7 = next(p for p in pages[1:] if "“三公”经费支出决算表" in p)
    assert "23.00 1.00 19.00 15.00 4.00 3.00 5.00 3.00 3.00 2.00" in t7
    wb = openpyxl.load_workbook(xlsx, read_only=True)
    names = wb.sheetnames
    assert names[:10] == [
        "封面",
        "01收入支出决算总表",
        "02收入决算表",
        "03支出决算表",
        "04财政拨款收入支出决算总表",
        "05一般公共预算财政拨款支出决算表",
        "06一般公共预算财政拨款基本支出决算明细表",
        "07三公经费支出决算表",
        "08政府性基金预算财政拨款收入支出决算表",
        "09国有资本经营预算财政拨款支出决算表",
    ]
    cover = {r[0]: r[1] for r in wb["封面"].iter_rows(values_only=True) if r and r[0]}
    assert cover["文件类别"] == "部门决算"
    sheet1 = [list(r) for r in wb["01收入支出决算总表"].iter_rows(values_only=True)]
    assert ["栏次", None, "1", "栏次", None, "2"] in [r[:6] for r in sheet1]
    assert any(r[:3] == ["年初结转和结余", "29", 13.0] for r in sheet1)
    wb.close()
    # the table sheets are computed: import reads the data sheets and makes a 决算 file again
    back = tmp_path / "back.budget"
    assert main(["import", str(back), str(xlsx)]) == 0
    dfile = DepartmentFile.open(back)
    ledger = Ledger(dfile)
    assert ledger.is_final and ledger.department.fiscal_year == 2021
    rollup = Rollup(ledger)
    assert rollup.pack.id == "hunan-final-2021"
    original = DepartmentFile.open(final_path)
    before = Rollup(Ledger(original))
    for number in (2, 3, 5, 6):  # tables of income and expenditure lines only
        assert rollup.result(number).rows == before.result(number).rows
    rollup.close()
    before.close()
    dfile.close()
    original.close()


# -- the loader --------------------------------------------------------------------------------
def _with(tmp_path: Path, change) -> Path:  # noqa: ANN001 - a function changing the set's data
    folder = tmp_path / "hunan-final-2021"
    shutil.copytree(FINAL_SET, folder)
    data = json.loads((folder / "pack.json").read_text(encoding="utf-8"))
    change(data)
    (folder / "pack.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def _message(folder: Path) -> str:
    with pytest.raises(PackError) as info:
        load_pack(folder)
    return str(info.value)


def test_loader_refuses_broken_final_keys(tmp_path):
    def broken(data):  # noqa: ANN001
        t = data["tables"]
        t[0]["sides"][0]["blocks"][0]["footer"][2]["select"] = {
            "measure": "opening",
            "kinds": ["project"],
        }
        t[0]["sides"][0]["blocks"][0]["footer"][4]["sum_of"] = ["本年收入合计", "收入总额"]
        t[1]["columns"][1]["select"] = {"measure": "closed"}
        t[1]["row_numbers"] = True
        t[7]["filter"] = {"kinds": ["project"], "budget_types": ["gov_fund"]}
        data["kind"] = "决算"

    message = _message(_with(tmp_path, broken))
    assert "kind：应为 budget（部门预算表套）或 final（部门决算表套）。" in message
    assert (
        "tables[0].sides[0].blocks[0].footer[2].select：结转和结余口径（opening）只能按资金来源"
        "（funds、budget_types、fiscal）和功能分类科目（function）选取，不能用 kinds。"
    ) in message
    assert (
        "tables[0].sides[0].blocks[0].footer[4].sum_of：“收入总额”不是本块中排在此行之前的行"
    ) in message
    assert "tables[1].columns[1].select.measure：应为 budget、prior、change、rate 之一" in message
    assert "或决算口径 actual、opening、used_balance、distribution、closing" in message
    assert "tables[1].row_numbers：行次列只用于 listing 表" in message
    # 年初结转和结余 column of table 8 under a filter that names expense kinds
    assert "tables[7].columns（第 3 列“年初结转和结余”加上 filter）：结转和结余口径" in message


def test_loader_refuses_a_final_set_extending_a_budget_set(tmp_path):
    folder = tmp_path / "final-ext"
    folder.mkdir()
    (folder / "pack.json").write_text(
        json.dumps(
            {
                "format": 1,
                "id": "final-ext",
                "name": "x",
                "years": [2025],
                "kind": "final",
                "extends": "hunan-2025",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    with pytest.raises(PackError, match="与所继承的表套“hunan-2025”（部门预算）不同"):
        load_pack(folder, resolve=get_pack)
