"""The commands: packs, pack-import, tables/check/export --pack; the file records its set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.export.profile import department_profile
from desktop.models.store import DepartmentFile
from desktop.packs.choice import file_pack_id, recorded_hash, set_file_pack
from desktop.packs.registry import get_pack
from desktop.tables.forms import set_performance_layout

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "packs" / "example-county-2025"


@pytest.fixture
def user_data(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_DESK_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def _json(capsys, *argv: str) -> dict:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_packs_lists_one_set_per_line(capsys, user_data):
    assert main(["packs", "--year", "2025"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "national-2025\t部门预算公开参考表（财政部参考格式）\t全国\t2025、2026\t部门预算" in lines
    assert lines[0].startswith("hunan-2025\t湖南省部门预算公开表\t湖南省\t")


def test_import_the_worked_example_then_print_with_it(capsys, demo_path, user_data):
    assert main(["pack-import", str(EXAMPLE / "pack.json")]) == 0
    assert "已安装表套 example-county-2025" in capsys.readouterr().out
    assert (user_data / "packs" / "example-county-2025" / "rules.json").is_file()
    assert any(line.startswith("example-county-2025\t") for line in _lines(capsys, "packs"))

    data = _json(capsys, "tables", str(demo_path), "--json", "--pack", "example-county-2025")
    t1, t2 = data["tables"]
    assert (t1["title"], t2["title"]) == ("部门支出总表", "一般公共预算基本支出增减表")
    # 合计 row, by hand from the demo's lines: 人员 2,263,806.86 + 公用 284,049.00 = 基本 2,547,855.86;
    # 项目 350,000; 项目 310 (资本性支出) none.
    assert t1["rows"][0]["cells"][2:] == [
        "2897855.86",
        "2547855.86",
        "2263806.86",
        "284049.00",
        "350000.00",
        "0.00",
    ]
    assert [c["path"] for c in t2["columns"]][2] == ["上年预算数", "合计"]
    # No prior-year lines in the demo: 上年 is 0 and 增减额 equals 本年.
    this_year = ["2547855.86", "2263806.86", "284049.00"]
    assert t2["rows"][0]["cells"][2:] == ["0.00", "0.00", "0.00"] + this_year + this_year
    # The file itself still prints the Hunan set.
    assert len(_json(capsys, "tables", str(demo_path), "--json")["tables"]) == 21


def test_unknown_pack_is_refused_in_chinese(capsys, demo_path, user_data):
    assert main(["tables", str(demo_path), "--pack", "no-such-set"]) == 3
    assert "表套“no-such-set”未安装（已安装：hunan-2025" in capsys.readouterr().err


def test_broken_file_installs_nothing(capsys, tmp_path, user_data):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "pack.json").write_text('{"id": "bad-set", "tables": [}', encoding="utf-8")
    assert main(["pack-import", str(bad)]) == 3
    err = capsys.readouterr().err
    assert f"表套文件 {bad / 'pack.json'} 第 1 行" in err and "JSON 语法错误" in err
    assert not (user_data / "packs" / "bad-set").exists()


def test_the_file_records_its_set(demo_path, capsys):
    dfile = DepartmentFile.open(demo_path)
    try:
        assert file_pack_id(dfile) == "hunan-2025"  # written before sets were recorded
        set_performance_layout(dfile, "shifeng2023")
        assert file_pack_id(dfile) == "hunan-shifeng-2023"  # an older file's forms layout
        national = get_pack("national-2025")
        set_file_pack(dfile, national)
        assert file_pack_id(dfile) == "national-2025"
        assert recorded_hash(dfile) == national.content_hash
        # Its tables need its workbook format (the Hunan sheets name Hunan's tables).
        assert department_profile(dfile) == "national-default"
    finally:
        dfile.close()
    data = _json(capsys, "tables", str(demo_path), "--json", "--tables", "1,5")
    assert [t["title"] for t in data["tables"]] == ["部门收支总表", "一般公共预算支出表"]
    # check follows the set: no Hunan cross-table rule, footing of the national tables.
    report = _check(capsys, demo_path)
    assert not any(f["rule_id"].startswith("t01-") for f in report["findings"])
    assert report["errors"] == 0


def test_national_export_imports_back(capsys, demo_path, tmp_path):
    pdf, xlsx = tmp_path / "n.pdf", tmp_path / "n.xlsx"
    argv = ["export", str(demo_path), "--pack", "national-2025", "--draft"]
    assert main([*argv, "--pdf", str(pdf), "--xlsx", str(xlsx)]) == 0
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True)
    assert "05一般公共预算支出表" in wb.sheetnames and "21专项资金预算汇总表" not in wb.sheetnames
    wb.close()
    back = tmp_path / "back.budget"
    assert main(["import", str(back), str(xlsx)]) == 0
    original = _json(capsys, "tables", str(demo_path), "--json", "--pack", "national-2025")
    again = _json(capsys, "tables", str(back), "--json", "--pack", "national-2025")
    assert again["tables"] == original["tables"]


def _lines(capsys, *argv: str) -> list[str]:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return capsys.readouterr().out.splitlines()


def _check(capsys, path) -> dict:
    capsys.readouterr()
    main(["check", str(path), "--json"])
    return json.loads(capsys.readouterr().out)
