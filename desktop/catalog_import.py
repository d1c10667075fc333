"""Import one fiscal year's classification catalog from a folder of CSV files or an Excel workbook.

The source holds the four tables of docs/CATALOGS.md (function, dept_econ, gov_econ, econ_mapping).
Everything is validated first; the year folder is then written to a temporary folder next to the
destination and renamed into place, so a failed import never leaves a half-written catalog.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from desktop.catalog import (
    BUDGET_TYPES,
    CHANGES_FILE,
    FILES,
    LEVELS,
    PROVISIONAL_FILE,
    budget_type_value,
    default_budget_type,
    load_catalog,
    load_catalog_dir,
)
from desktop.errors import CatalogError
from desktop.names import name_key
from desktop.system_errors import reason

ENTRY_COLUMNS = ("code", "name", "level", "parent_code", "note")
# The function list also says which budget type each code belongs to; optional in a source
# (a published list rarely has it): an empty or missing cell takes `default_budget_type`.
FUNCTION_COLUMNS = (*ENTRY_COLUMNS, "budget_type")
MAPPING_COLUMNS = ("dept_code", "gov_agency", "gov_institution", "note")
MAX_REPORTED = 20  # enough to fix a file in one pass without flooding the dialog


@dataclass(frozen=True)
class _Table:
    key: str  # sheet name and file stem
    title: str  # Chinese sheet name, also accepted
    columns: tuple[str, ...]
    code_lengths: dict[str, int]  # level -> code length; empty for the mapping table

    @property
    def filename(self) -> str:
        return f"{self.key}.csv"


TABLES = (
    _Table("function", "支出功能分类科目", FUNCTION_COLUMNS, {"类": 3, "款": 5, "项": 7}),
    _Table("dept_econ", "部门预算支出经济分类科目", ENTRY_COLUMNS, {"类": 3, "款": 5}),
    _Table("gov_econ", "政府预算支出经济分类科目", ENTRY_COLUMNS, {"类": 3, "款": 5}),
    _Table("econ_mapping", "经济分类对照", MAPPING_COLUMNS, {}),
)
assert tuple(t.filename for t in TABLES) == FILES

# Header spellings met in published lists and in the starting material.
_HEADER_ALIASES = {
    "编码": "code",
    "科目编码": "code",
    "科目代码": "code",
    "名称": "name",
    "科目名称": "name",
    "级次": "level",
    "parent": "parent_code",
    "上级编码": "parent_code",
    "source": "note",
    "备注": "note",
    "来源": "note",
    "部门经济分类": "dept_code",
    "gov_code_for_agency": "gov_agency",
    "gov_code_for_institution": "gov_institution",
    "预算类型": "budget_type",
    "资金性质": "budget_type",
    "机关": "gov_agency",
    "事业单位": "gov_institution",
}


@dataclass(frozen=True)
class _Row:
    where: str  # e.g. 工作表「function」第 3 行
    values: dict[str, str]


class _Problems:
    """Collects validation messages so the user sees every problem of a file at once."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        self.messages.append(message)

    def raise_if_any(self, source: Path) -> None:
        if not self.messages:
            return
        shown = self.messages[:MAX_REPORTED]
        more = len(self.messages) - len(shown)
        tail = f"\n……另有 {more} 处问题未列出。" if more > 0 else ""
        raise CatalogError(f"科目文件 {source} 未导入，发现以下问题：\n" + "\n".join(shown) + tail)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # codes typed as numbers come back as 201.0
    return str(value).strip()


def _normalise_header(raw: list[str]) -> list[str]:
    out = []
    for cell in raw:
        name = cell.strip().lstrip("\ufeff")
        out.append(_HEADER_ALIASES.get(name, name.lower()))
    return out


def _rows_from_matrix(
    table: _Table, label: str, matrix: list[tuple[int, list[str]]], problems: _Problems
) -> list[_Row]:
    """`matrix` is (row number, cells) with the header first; blank lines are skipped."""
    matrix = [(n, cells) for n, cells in matrix if any(c.strip() for c in cells)]
    if not matrix:
        problems.add(f"{label}是空的，缺少表头行（{', '.join(table.columns)}）。")
        return []
    header_line, header_cells = matrix[0]
    header = _normalise_header(header_cells)
    required = [c for c in table.columns if c not in ("note", "budget_type")]
    missing = [c for c in required if c not in header]
    if missing:
        problems.add(f"{label}第 {header_line} 行表头缺少列：{', '.join(missing)}。")
        return []
    rows = []
    for line, cells in matrix[1:]:
        values = {}
        for col in table.columns:
            idx = header.index(col) if col in header else -1
            values[col] = cells[idx].strip() if 0 <= idx < len(cells) else ""
        rows.append(_Row(f"{label}第 {line} 行", values))
    return rows


def _read_csv_folder(folder: Path, problems: _Problems) -> dict[str, list[_Row]]:
    result: dict[str, list[_Row]] = {}
    for table in TABLES:
        path = folder / table.filename
        label = f"文件 {table.filename} "
        if not path.is_file():
            problems.add(f"缺少文件 {table.filename}（{table.title}）。")
            continue
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                matrix = [(n, row) for n, row in enumerate(csv.reader(fh), start=1)]
        except (UnicodeDecodeError, csv.Error) as exc:
            problems.add(f"{label}无法读取（应为 UTF-8 编码的 CSV）：{exc}")
            continue
        result[table.key] = _rows_from_matrix(table, label, matrix, problems)
    return result


def _read_workbook(path: Path, problems: _Problems) -> dict[str, list[_Row]]:
    from openpyxl import load_workbook  # imported here: only needed for workbook imports

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged or foreign files
        raise CatalogError(f"无法打开工作簿 {path}：{exc}") from exc
    result: dict[str, list[_Row]] = {}
    try:
        names = {name.strip(): name for name in book.sheetnames}
        for table in TABLES:
            sheet_name = names.get(table.key) or names.get(table.title)
            if sheet_name is None:
                problems.add(f"工作簿缺少工作表「{table.key}」或「{table.title}」。")
                continue
            sheet = book[sheet_name]
            matrix = [
                (n, [_cell_text(v) for v in row])
                for n, row in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
            result[table.key] = _rows_from_matrix(
                table, f"工作表「{sheet_name}」", matrix, problems
            )
    finally:
        book.close()
    return result


def _check_entries(table: _Table, rows: list[_Row], problems: _Problems) -> dict[str, str]:
    """Validate one code list; returns code -> level for the rows that passed."""
    levels: dict[str, str] = {}
    first_seen: dict[str, str] = {}
    for row in rows:
        code, name = row.values["code"], row.values["name"]
        level, parent = row.values["level"], row.values["parent_code"]
        if not code or not name:
            problems.add(f"{row.where}：编码和名称必填。")
            continue
        if not code.isdigit():
            problems.add(f"{row.where}：编码“{code}”只能由数字组成。")
            continue
        if level not in table.code_lengths:
            allowed = "/".join(lv for lv in LEVELS if lv in table.code_lengths)
            problems.add(f"{row.where}：编码 {code} 的级次“{level}”无效，应为 {allowed}。")
            continue
        if len(code) != table.code_lengths[level]:
            problems.add(
                f"{row.where}：编码 {code} 的级次为{level}，"
                f"应为 {table.code_lengths[level]} 位编码。"
            )
            continue
        if code in first_seen:
            problems.add(f"{row.where}：编码 {code} 重复（{first_seen[code]}已有）。")
            continue
        if "budget_type" in row.values:
            typed = row.values["budget_type"]
            value = budget_type_value(typed) if typed else default_budget_type(code)
            if not value:
                allowed = "、".join(BUDGET_TYPES.values())
                problems.add(f"{row.where}：编码 {code} 的预算类型“{typed}”无效，应为 {allowed}。")
                continue
            row.values["budget_type"] = value
        first_seen[code] = row.where
        levels[code] = level
    for row in rows:
        code, level, parent = row.values["code"], row.values["level"], row.values["parent_code"]
        if levels.get(code) != level or first_seen.get(code) != row.where:
            continue
        if level == "类":
            if parent:
                problems.add(f"{row.where}：类级科目 {code} 不应有上级编码（填了“{parent}”）。")
            continue
        expected_parent_level = "类" if level == "款" else "款"
        if not parent:
            problems.add(f"{row.where}：{level}级科目 {code} 缺少上级编码。")
        elif not code.startswith(parent):
            problems.add(
                f"{row.where}：{level}级科目 {code} 的上级编码“{parent}”与编码前几位不一致。"
            )
        elif levels.get(parent) != expected_parent_level:
            problems.add(
                f"{row.where}：{level}级科目 {code} 的上级编码 {parent} "
                f"在本表中不存在或不是{expected_parent_level}级科目。"
            )
    return levels


def _check_mapping(
    rows: list[_Row], dept: dict[str, str], gov: dict[str, str], problems: _Problems
) -> None:
    seen: dict[str, str] = {}
    for row in rows:
        dept_code = row.values["dept_code"]
        if not dept_code:
            problems.add(f"{row.where}：部门经济分类编码（dept_code）必填。")
            continue
        if dept_code in seen:
            problems.add(f"{row.where}：部门经济分类 {dept_code} 重复（{seen[dept_code]}已有）。")
            continue
        seen[dept_code] = row.where
        if dept.get(dept_code) != "款":
            problems.add(
                f"{row.where}：部门经济分类 {dept_code} 不是部门预算支出经济分类中的款级科目。"
            )
        for col, kind in (("gov_agency", "机关"), ("gov_institution", "事业单位")):
            target = row.values[col]
            if not target:
                problems.add(f"{row.where}：{col}（{kind}对应的政府经济分类）必填。")
            elif gov.get(target) != "款":
                problems.add(
                    f"{row.where}：{col} 的政府经济分类 {target} "
                    "不是政府预算支出经济分类中的款级科目。"
                )
    for code, level in dept.items():
        if level == "款" and code not in seen:
            problems.add(f"经济分类对照缺少部门经济分类 {code} 的对应行。")


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[_Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.values[c] for c in columns])


def _swap_into_place(staging: Path, target: Path) -> None:
    """Replace `target` by `staging`; directories cannot be replaced in one step on Windows."""
    backup = None
    if target.exists():
        backup = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        backup.rmdir()
        os.replace(target, backup)
    try:
        os.replace(staging, target)
    except OSError:
        if backup is not None:
            os.replace(backup, target)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def _derive_changes(year: int, rows: list[_Row]) -> list[tuple[str, str, str]]:
    """Renames and dropped codes against the year before (if that catalog exists).

    Names differing only in bracket width (维修(护)费 / 维修（护）费) are the same name.
    """
    try:
        before = load_catalog(year - 1)
    except CatalogError:
        return []
    new = {r.values["code"]: r.values["name"] for r in rows}
    out = []
    for code, entry in before.function.items():
        if code not in new:
            out.append((code, "", f"{year - 1} 年的 {code} {entry.name} 不在 {year} 年科目中"))
        elif name_key(new[code]) != name_key(entry.name):
            out.append((code, code, f"更名：{entry.name} → {new[code]}"))
    return out


def _write_changes(path: Path, changes: list[tuple[str, str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("old_code", "new_code", "note"))
        writer.writerows(changes)


def import_catalog(year: int, source: Path, dest_root: Path) -> Path:
    """Validate `source` (CSV folder or .xlsx) and install it as `dest_root/<year>/`; returns that folder.

    Raises CatalogError (nothing written) when the source is unreadable or inconsistent.
    """
    if not isinstance(year, int) or not 1990 <= year <= 2999:
        raise CatalogError(f"年度“{year}”无效，应为四位年份。")
    source = Path(source)
    dest_root = Path(dest_root)
    problems = _Problems()
    if source.is_dir():
        tables = _read_csv_folder(source, problems)
    elif source.is_file() and source.suffix.lower() in (".xlsx", ".xlsm"):
        tables = _read_workbook(source, problems)
    elif not source.exists():
        raise CatalogError(f"找不到科目文件：{source}")
    else:
        raise CatalogError(
            f"不支持的科目文件 {source}：请选择含四个 CSV 文件的文件夹或 .xlsx 工作簿。"
        )
    problems.raise_if_any(source)

    by_key = {t.key: t for t in TABLES}
    levels = {
        key: _check_entries(by_key[key], tables[key], problems)
        for key in ("function", "dept_econ", "gov_econ")
    }
    _check_mapping(tables["econ_mapping"], levels["dept_econ"], levels["gov_econ"], problems)
    problems.raise_if_any(source)

    dest_root.mkdir(parents=True, exist_ok=True)
    target = dest_root / str(year)
    staging = Path(tempfile.mkdtemp(prefix=f".{year}-import-", dir=dest_root))
    try:
        for table in TABLES:
            _write_csv(staging / table.filename, table.columns, tables[table.key])
        given = source / CHANGES_FILE if source.is_dir() else None
        if given is not None and given.is_file():
            shutil.copy2(given, staging / CHANGES_FILE)  # the publisher's own 变动 mapping
        else:
            _write_changes(staging / CHANGES_FILE, _derive_changes(year, tables["function"]))
        if target.is_dir():
            # keep files the import does not provide, e.g. a year's own fund_sources.csv
            # …but never the provisional marker: an imported list is the year's own.
            for extra in target.iterdir():
                skip = (*FILES, PROVISIONAL_FILE, CHANGES_FILE)
                if extra.is_file() and extra.name not in skip:
                    shutil.copy2(extra, staging / extra.name)
        load_catalog_dir(staging, year)  # the loader must accept what we are about to install
        _swap_into_place(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise CatalogError(f"无法写入科目目录 {target}：{reason(exc, writing=True)}。") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    load_catalog.cache_clear()
    return target
