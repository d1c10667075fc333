"""Importing a year's catalog from a workbook or a CSV folder: round trip and refusal of bad files."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.catalog import FILES, load_catalog_dir
from desktop.catalog_import import import_catalog
from desktop.errors import CatalogError
from desktop.resources import resource

SOURCE = resource("catalogs", "2025")
SHEETS = ("function", "dept_econ", "gov_econ", "econ_mapping")
CHINESE = (
    "支出功能分类科目",
    "部门预算支出经济分类科目",
    "政府预算支出经济分类科目",
    "经济分类对照",
)


def _rows(name: str) -> list[list[str]]:
    with (SOURCE / f"{name}.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _workbook(path: Path, sheet_names=SHEETS, edit=None) -> Path:
    """Write the bundled 2025 catalog as a workbook; `edit(sheet_key, rows)` may alter rows."""
    book = Workbook()
    book.remove(book.active)
    for key, title in zip(SHEETS, sheet_names, strict=True):
        rows = _rows(key)
        if edit:
            edit(key, rows)
        sheet = book.create_sheet(title)
        for row in rows:
            # codes as numbers, the way accountants usually type them
            sheet.append([int(c) if c.isdigit() else c for c in row])
    book.save(path)
    return path


def _same_catalog(a, b) -> None:
    assert a.function == b.function
    assert a.dept_econ == b.dept_econ
    assert a.gov_econ == b.gov_econ
    assert a.gov_for_agency == b.gov_for_agency
    assert a.gov_for_institution == b.gov_for_institution


def _assert_nothing_written(dest_root: Path) -> None:
    assert not dest_root.exists() or list(dest_root.iterdir()) == []


def test_workbook_round_trips(tmp_path):
    book = _workbook(tmp_path / "科目.xlsx")
    folder = import_catalog(2027, book, tmp_path / "catalogs")
    assert folder == tmp_path / "catalogs" / "2027"
    # the four tables, and the changes against the year before (2026: none, same list)
    assert sorted(p.name for p in folder.iterdir()) == sorted((*FILES, "function_changes.csv"))
    assert (folder / "function_changes.csv").read_text(
        encoding="utf-8"
    ) == "old_code,new_code,note\n"
    _same_catalog(load_catalog_dir(folder, 2027), load_catalog_dir(SOURCE, 2025))


def test_chinese_sheet_names_are_accepted(tmp_path):
    book = _workbook(tmp_path / "科目.xlsx", sheet_names=CHINESE)
    folder = import_catalog(2027, book, tmp_path / "catalogs")
    _same_catalog(load_catalog_dir(folder, 2027), load_catalog_dir(SOURCE, 2025))


def test_csv_folder_round_trips_and_replaces_existing_year(tmp_path):
    dest_root = tmp_path / "catalogs"
    old = dest_root / "2027"
    old.mkdir(parents=True)
    (old / "function.csv").write_text("stale", encoding="utf-8")
    (old / "fund_sources.csv").write_bytes(resource("catalogs", "fund_sources.csv").read_bytes())
    folder = import_catalog(2027, SOURCE, dest_root)
    _same_catalog(load_catalog_dir(folder, 2027), load_catalog_dir(SOURCE, 2025))
    assert (folder / "fund_sources.csv").exists()  # files the import does not provide are kept
    assert sorted(p.name for p in dest_root.iterdir()) == ["2027"]  # no temp folders left


def test_missing_sheet_is_refused(tmp_path):
    book = Workbook()
    book.active.title = "function"
    book.active.append(["code", "name", "level", "parent_code", "note"])
    path = tmp_path / "partial.xlsx"
    book.save(path)
    dest_root = tmp_path / "catalogs"
    with pytest.raises(CatalogError) as err:
        import_catalog(2027, path, dest_root)
    assert "dept_econ" in str(err.value) and "部门预算支出经济分类科目" in str(err.value)
    _assert_nothing_written(dest_root)


def test_item_without_parent_is_refused(tmp_path):
    def edit(key, rows):
        if key == "function":
            rows.append(["2069801", "孤立的项", "项", "20698", ""])

    book = _workbook(tmp_path / "bad.xlsx", edit=edit)
    dest_root = tmp_path / "catalogs"
    with pytest.raises(CatalogError) as err:
        import_catalog(2027, book, dest_root)
    message = str(err.value)
    row = len(_rows("function")) + 1
    assert "工作表「function」" in message and f"第 {row} 行" in message
    assert "2069801" in message and "20698" in message
    _assert_nothing_written(dest_root)


def test_duplicate_code_is_refused(tmp_path):
    def edit(key, rows):
        if key == "dept_econ":
            rows.append(["30201", "办公费", "款", "302", ""])

    book = _workbook(tmp_path / "dup.xlsx", edit=edit)
    dest_root = tmp_path / "catalogs"
    with pytest.raises(CatalogError) as err:
        import_catalog(2027, book, dest_root)
    assert "30201" in str(err.value) and "重复" in str(err.value)
    _assert_nothing_written(dest_root)


def test_mapping_to_unknown_government_code_is_refused(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SOURCE, src)
    mapping = src / "econ_mapping.csv"
    text = mapping.read_text(encoding="utf-8")
    mapping.write_text(text.replace("30201,50201,50502", "30201,50277,50502", 1), encoding="utf-8")
    dest_root = tmp_path / "catalogs"
    with pytest.raises(CatalogError) as err:
        import_catalog(2027, src, dest_root)
    assert "econ_mapping.csv" in str(err.value) and "50277" in str(err.value)
    _assert_nothing_written(dest_root)


def test_failed_import_leaves_existing_year_untouched(tmp_path):
    dest_root = tmp_path / "catalogs"
    good = import_catalog(2027, SOURCE, dest_root)
    before = {p.name: p.read_bytes() for p in good.iterdir()}
    src = tmp_path / "src"
    shutil.copytree(SOURCE, src)
    (src / "gov_econ.csv").unlink()
    with pytest.raises(CatalogError, match="gov_econ.csv"):
        import_catalog(2027, src, dest_root)
    assert {p.name: p.read_bytes() for p in good.iterdir()} == before
    assert sorted(p.name for p in dest_root.iterdir()) == ["2027"]


def test_level_must_match_code_length(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SOURCE, src)
    with (src / "gov_econ.csv").open("a", encoding="utf-8") as fh:
        fh.write("5010101,多一级,款,501,\n")
    with pytest.raises(CatalogError, match="5010101"):
        import_catalog(2027, src, tmp_path / "catalogs")


def test_unsupported_source_is_refused(tmp_path):
    path = tmp_path / "catalog.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(CatalogError):
        import_catalog(2027, path, tmp_path / "catalogs")
    with pytest.raises(CatalogError):
        import_catalog(2027, tmp_path / "missing", tmp_path / "catalogs")


def test_catalog_import_command_installs_a_new_year_for_the_user(tmp_path, monkeypatch, capsys):
    from desktop.catalog import available_years, load_catalog
    from desktop.cli import main
    from desktop.models.store import DepartmentFile
    from desktop.resources import resource

    monkeypatch.setenv("BUDGET_DESK_DATA", str(tmp_path / "data"))
    load_catalog.cache_clear()
    assert 2027 not in available_years()
    assert main(["catalog-import", "2027", str(resource("catalogs", "2025"))]) == 0
    out = capsys.readouterr().out
    assert "已导入 2027 年科目表" in out and "功能分类 1642 条" in out
    assert (tmp_path / "data" / "catalogs" / "2027" / "function.csv").is_file()
    assert 2027 in available_years()
    assert load_catalog(2027).function_name("2060101") == "行政运行"
    # A 2027 department can now be created and computed.
    DepartmentFile.create(tmp_path / "d.budget", "001", "测试部门", 2027).close()
    assert main(["tables", str(tmp_path / "d.budget")]) == 0
    # Bad input: a folder without the catalog files; nothing is installed for 2028.
    (tmp_path / "empty").mkdir()
    assert main(["catalog-import", "2028", str(tmp_path / "empty")]) == 3
    assert "错误" in capsys.readouterr().err
    assert not (tmp_path / "data" / "catalogs" / "2028").exists()
    load_catalog.cache_clear()


def _drop_column(rows: list[list[str]], column: str) -> None:
    at = rows[0].index(column)
    for row in rows:
        del row[at]


def test_budget_type_column_is_optional_and_defaults_by_code(tmp_path):
    # a published list has no budget-type column: 212 08 is 政府性基金, 223 国有资本经营,
    # 209 社会保险基金, 2060101 一般公共预算 — the same as the bundled column says
    book = _workbook(
        tmp_path / "科目.xlsx",
        edit=lambda key, rows: _drop_column(rows, "budget_type") if key == "function" else None,
    )
    cat = load_catalog_dir(import_catalog(2027, book, tmp_path / "catalogs"), 2027)
    assert cat.budget_type_of("2120801") == "gov_fund"
    assert cat.budget_type_of("2230101") == "soe"
    assert cat.budget_type_of("2090101") == "social"
    assert cat.budget_type_of("2060101") == "gp"
    bundled = load_catalog_dir(SOURCE, 2025)
    assert {c: e.budget_type for c, e in cat.function.items()} == {
        c: e.budget_type for c, e in bundled.function.items()
    }


def test_budget_type_in_chinese_is_read_and_a_bad_one_refused(tmp_path):
    def edit(key, rows):
        if key == "function":
            at = rows[0].index("budget_type")
            rows[0][at] = "预算类型"
            for row in rows[1:]:
                if row[0] == "2060101":
                    row[at] = "政府性基金"  # a province's own placement, kept as written
                if row[0] == "2060102":
                    row[at] = "专户"

    with pytest.raises(CatalogError) as err:
        import_catalog(2027, _workbook(tmp_path / "a.xlsx", edit=edit), tmp_path / "catalogs")
    assert "编码 2060102 的预算类型“专户”无效" in str(err.value)
    _assert_nothing_written(tmp_path / "catalogs")

    def edit_ok(key, rows):
        edit(key, rows)
        if key == "function":
            at = rows[0].index("预算类型")
            for row in rows[1:]:
                if row[0] == "2060102":
                    row[at] = ""

    folder = import_catalog(2027, _workbook(tmp_path / "b.xlsx", edit=edit_ok), tmp_path / "c")
    cat = load_catalog_dir(folder, 2027)
    assert cat.budget_type_of("2060101") == "gov_fund"
    assert cat.budget_type_of("2060102") == "gp"


def test_renames_against_the_year_before_ignore_bracket_width(tmp_path):
    # 2027 against the bundled 2026: one real rename, one name retyped with ASCII brackets,
    # one code dropped
    def edit(key, rows):
        if key != "function":
            return
        for row in rows[1:]:
            if row[0] == "21505":
                row[1] = "工业和信息产业"
            if row[0] == "2200119":
                row[1] = "地质勘查基金(周转金)支出"
        rows[:] = [r for r in rows if r[0] != "2080199"]

    folder = import_catalog(2027, _workbook(tmp_path / "k.xlsx", edit=edit), tmp_path / "c")
    with (folder / "function_changes.csv").open(encoding="utf-8") as fh:
        changes = list(csv.DictReader(fh))
    assert changes == [  # in catalog order
        {
            "old_code": "2080199",
            "new_code": "",
            "note": "2026 年的 2080199 其他人力资源和社会保障管理事务支出 不在 2027 年科目中",
        },
        {
            "old_code": "21505",
            "new_code": "21505",
            "note": "更名：工业和信息产业监管 → 工业和信息产业",
        },
    ]


def test_imported_year_is_not_provisional_even_over_a_provisional_folder(tmp_path):
    dest_root = tmp_path / "catalogs"
    shutil.copytree(resource("catalogs", "2026"), dest_root / "2026")
    assert load_catalog_dir(dest_root / "2026", 2026).provisional
    folder = import_catalog(2026, SOURCE, dest_root)
    cat = load_catalog_dir(folder, 2026)
    assert not cat.provisional and cat.provisional_label == ""
    assert not (folder / "provisional").exists()
