"""Workbook profiles: a bureau's sheet layout described in JSON under resources/profiles.

A profile names the sheets and their order (cover, standard tables, flat data sheets), which
tables appear, how table headers are laid out, the header style and the flat sheets' column
titles and order. A new bureau layout is a new profile file, not new code. A dataset whose sheet
is derived from its record declarations (the 决算 datasets, `flat_final.py`) may be left out of a
profile: its sheet is appended with the declared labels as column titles.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from desktop.errors import BudgetError
from desktop.export.flat import DATASETS
from desktop.export.flat_final import FINAL_NAMES, derived_columns
from desktop.resources import resource

PROFILE_DIR = resource("profiles")
DEFAULT_PROFILE = "hunan-default"
HEADER_LAYOUTS = ("merged", "joined")
_BAD_SHEET_CHARS = set("[]:*?/\\")


class ProfileError(BudgetError):
    """A profile file that cannot be used as it is."""


@dataclass(frozen=True)
class FlatColumn:
    field: str
    title: str


@dataclass(frozen=True)
class SheetSpec:
    kind: str  # cover / table / flat
    name: str
    number: int = 0  # table sheets
    dataset: str = ""  # flat sheets
    columns: tuple[FlatColumn, ...] = ()


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    sheets: tuple[SheetSpec, ...]
    table_header: str = "merged"
    flat_header_row: int = 1
    header_style: dict = field(default_factory=dict)

    @property
    def cover(self) -> SheetSpec:
        return next(s for s in self.sheets if s.kind == "cover")

    def table_sheets(self) -> list[SheetSpec]:
        return [s for s in self.sheets if s.kind == "table"]

    def flat_sheets(self) -> list[SheetSpec]:
        return [s for s in self.sheets if s.kind == "flat"]

    def style(self, key: str, default):  # noqa: ANN001, ANN201 - JSON values
        return self.header_style.get(key, default)


def _fail(source: str, message: str) -> ProfileError:
    return ProfileError(f"工作簿格式文件“{source}”有误：{message}")


def parse_profile(data: dict, source: str = "") -> Profile:
    """Build and check a profile from its JSON object."""
    try:
        sheets = []
        for raw in data["sheets"]:
            kind = raw["kind"]
            columns = tuple(FlatColumn(c["field"], c["title"]) for c in raw.get("columns", ()))
            sheets.append(
                SheetSpec(
                    kind, raw["name"], int(raw.get("number", 0)), raw.get("dataset", ""), columns
                )
            )
        listed = {s.dataset for s in sheets}
        taken = {s.name for s in sheets}
        for dataset, name in FINAL_NAMES.items():
            if dataset not in listed:
                sheets.append(_derived_sheet(dataset, name, taken))
        profile = Profile(
            id=data["id"],
            name=data.get("name", data["id"]),
            sheets=tuple(sheets),
            table_header=data.get("table_header", "merged"),
            flat_header_row=int(data.get("flat_header_row", 1)),
            header_style=dict(data.get("header_style", {})),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise _fail(source, f"缺少或无效的项目 {exc}。") from exc
    _check(profile, source)
    return profile


def _derived_sheet(dataset: str, name: str, taken: set[str]) -> SheetSpec:
    """The flat sheet of a dataset the profile does not list, from the record declarations."""
    while name in taken:  # a profile's own sheet of that name keeps it
        name += "数据"
    columns = tuple(FlatColumn(key, title) for key, title in derived_columns(dataset))
    return SheetSpec("flat", name, dataset=dataset, columns=columns)


def _check(profile: Profile, source: str) -> None:
    from desktop.tables.hunan import HUNAN_TABLES

    numbers = {t.number for t in HUNAN_TABLES}
    names = [s.name for s in profile.sheets]
    if len(set(names)) != len(names):
        raise _fail(source, "工作表名称重复。")
    if sum(1 for s in profile.sheets if s.kind == "cover") != 1:
        raise _fail(source, "必须有且只有一个封面工作表（kind 为 cover）。")
    if profile.table_header not in HEADER_LAYOUTS:
        raise _fail(source, f"table_header 应为 {' 或 '.join(HEADER_LAYOUTS)}。")
    if profile.flat_header_row < 1:
        raise _fail(source, "flat_header_row 至少为 1。")
    seen = set()
    for sheet in profile.sheets:
        if len(sheet.name) > 31 or _BAD_SHEET_CHARS & set(sheet.name) or not sheet.name.strip():
            raise _fail(
                source, f"工作表名称“{sheet.name}”不合 Excel 规则（最多 31 字，不含 []:*?/\\）。"
            )
        if sheet.kind == "table":
            if sheet.number not in numbers:
                raise _fail(source, f"没有表号 {sheet.number} 的标准表。")
        elif sheet.kind == "flat":
            dataset = DATASETS.get(sheet.dataset)
            if dataset is None:
                raise _fail(source, f"未知的数据集“{sheet.dataset}”。")
            if sheet.dataset in seen:
                raise _fail(source, f"数据集“{sheet.dataset}”出现了两次。")
            seen.add(sheet.dataset)
            keys = [c.field for c in sheet.columns]
            known = {f.key for f in dataset.fields} | set(dataset.info)
            unknown = [k for k in keys if k not in known]
            if unknown:
                raise _fail(
                    source, f"工作表“{sheet.name}”的列 {unknown} 不属于数据集“{sheet.dataset}”。"
                )
            missing = [f.key for f in dataset.fields if f.key not in keys]
            if missing:
                raise _fail(source, f"工作表“{sheet.name}”缺少列 {missing}，导入时无法还原数据。")
            titles = [c.title for c in sheet.columns]
            if len(set(titles)) != len(titles):
                raise _fail(source, f"工作表“{sheet.name}”的列标题重复。")
        elif sheet.kind != "cover":
            raise _fail(source, f"未知的工作表类型“{sheet.kind}”。")
    if seen != set(DATASETS):
        raise _fail(
            source, f"缺少数据集 {sorted(set(DATASETS) - seen)} 的明细表，导入时会丢失数据。"
        )


def load_profile_file(path: str | Path) -> Profile:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _fail(path.name, f"无法读取（{exc}）。") from exc
    return parse_profile(data, path.name)


def available_profiles() -> dict[str, Path]:
    """Profile id → file, for every profile shipped in resources/profiles."""
    out = {}
    for path in sorted(PROFILE_DIR.glob("*.json")):
        try:
            out[json.loads(path.read_text(encoding="utf-8"))["id"]] = path
        except (OSError, ValueError, KeyError):
            continue
    return out


def load_profile(profile_id: str = DEFAULT_PROFILE) -> Profile:
    """The shipped profile with this id; a Chinese error names the ones that exist."""
    found = available_profiles()
    if profile_id not in found:
        known = "、".join(found) or "（无）"
        raise ProfileError(f"没有名为“{profile_id}”的工作簿格式。可用的格式：{known}。")
    return load_profile_file(found[profile_id])


PROFILE_SETTING = "export_profile"


def department_profile(dfile: object) -> str:
    """The workbook format chosen for this department file (setting `export_profile`), or the
    default one when none was chosen or the chosen one is not installed."""
    chosen = dfile.settings.get(PROFILE_SETTING)  # type: ignore[attr-defined]
    return chosen if chosen in available_profiles() else DEFAULT_PROFILE
