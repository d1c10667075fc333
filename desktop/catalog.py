"""Classification catalogs by fiscal year: function (支出功能分类), department and government
economic classification (部门/政府预算支出经济分类), their mapping, and fund sources (资金来源).

A year's catalog is a folder of CSV files (see docs/CATALOGS.md); a newer year is added by dropping
such a folder in `resources/catalogs/<year>/` or the user's catalog folder — no code change.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from desktop.errors import CatalogError
from desktop.resources import resource

LEVELS = ("类", "款", "项")
AGENCY_KINDS = ("agency", "civil_service_like")  # 机关 and 参公 map to 501–504
UNIT_KINDS = {"agency": "行政单位", "civil_service_like": "参公单位", "institution": "事业单位"}

FILES = ("function.csv", "dept_econ.csv", "gov_econ.csv", "econ_mapping.csv")
PROVISIONAL_FILE = "provisional"  # marker: the year's list is carried from an earlier year
CHANGES_FILE = "function_changes.csv"  # old_code,new_code,note: renames/moves from the year before

# Budget types (预算类型) of the function codes, with the identifiers fund sources use.
GP, GOV_FUND, SOE, SOCIAL = "gp", "gov_fund", "soe", "social"
BUDGET_TYPES = {
    GP: "一般公共预算",
    GOV_FUND: "政府性基金",
    SOE: "国有资本经营",
    SOCIAL: "社会保险基金",
}
# 政府性基金预算支出功能分类 款 (the national list): money of fund budgets sits only here.
_GOV_FUND_KUAN = frozenset(
    ["20610", "20707", "20709", "20710", "20822", "20823", "20829", "21160", "21161"]
    + [f"212{n:02d}" for n in range(8, 20)]
    + [f"213{n}" for n in range(66, 72)]
    + [f"214{n}" for n in range(60, 73)]
    + ["21562", "22904", "22908", "22960", "23004", "23104", "23204", "23304"]
)
_SOE_KUAN = frozenset(["23005"])  # 国有资本经营预算转移支付
_GOV_FUND_CLASSES = frozenset(["234"])  # 抗疫特别国债安排的支出


def default_budget_type(code: str) -> str:
    """The budget type national practice gives a function code (used when a list has no column).

    209 is 社会保险基金, 223 (and 23005) 国有资本经营, the 款 of `_GOV_FUND_KUAN` (and their 项) and 234
    政府性基金; everything else 一般公共预算.
    """
    if code[:3] == "209":
        return SOCIAL
    if code[:3] == "223" or code[:5] in _SOE_KUAN:
        return SOE
    if code[:5] in _GOV_FUND_KUAN or code[:3] in _GOV_FUND_CLASSES:
        return GOV_FUND
    return GP


def budget_type_value(text: str) -> str:
    """A budget-type cell as written in a list (identifier or Chinese name) → identifier, or ""."""
    text = (text or "").strip()
    if text in BUDGET_TYPES:
        return text
    for key, name in BUDGET_TYPES.items():
        if text in (name, f"{name}预算", name.replace("社会保险", "社会保障")):
            return key
    return ""


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    level: str  # 类 / 款 / 项
    parent: str
    budget_type: str = GP  # function codes: gp / gov_fund / soe / social (BUDGET_TYPES)


@dataclass(frozen=True)
class FundSource:
    """A leaf or group of the fund-source tree (资金来源)."""

    code: str
    name: str
    parent: str
    budget_type: str  # gp / gov_fund / soe / social / special_account / unit / carryover_*
    fiscal: bool  # 财政拨款 (appropriated by the finance bureau)
    leaf: bool


@dataclass(frozen=True)
class FunctionChange:
    """A function code renamed or moved from the year before (`function_changes.csv`)."""

    old_code: str
    new_code: str  # equal to old_code for a rename; empty when the code was dropped
    note: str


@dataclass(frozen=True)
class Catalog:
    """All code lists of one fiscal year."""

    year: int
    function: dict[str, Entry]
    dept_econ: dict[str, Entry]
    gov_econ: dict[str, Entry]
    gov_for_agency: dict[str, str]
    gov_for_institution: dict[str, str]
    fund_sources: dict[str, FundSource] = field(default_factory=dict)
    # Provisional: the year's list is a copy of an earlier year's until the real one is imported.
    provisional: bool = False
    carried_from: int | None = None
    function_changes: tuple[FunctionChange, ...] = ()

    def __post_init__(self) -> None:
        parents = {e.parent for e in self.function.values() if e.parent}
        # frozen: caches go through object.__setattr__
        object.__setattr__(self, "_function_parents", frozenset(parents))

    @property
    def provisional_label(self) -> str:
        """The plain sentence the window and the CLI show for a provisional list ("" if final)."""
        if not self.provisional:
            return ""
        source = f"沿用 {self.carried_from} 年科目" if self.carried_from else "沿用上年科目"
        return f"{self.year} 年科目表为暂用（{source}），导入 {self.year} 年正式科目表后更新。"

    def is_function_leaf(self, code: str) -> bool:
        """Whether money can be entered on `code`: the lowest level that exists under it (a 项,
        or a 款/类 without 项, such as 219 援助其他地区支出 and 227 预备费)."""
        parents = self._function_parents  # type: ignore[attr-defined]
        return code in self.function and code not in parents

    def function_leaves(self) -> list[Entry]:
        """The codes money is entered on, in catalog order."""
        return [e for e in self.function.values() if self.is_function_leaf(e.code)]

    def budget_type_of(self, code: str) -> str:
        """Budget type of a function code (gp / gov_fund / soe / social)."""
        entry = self.function.get(code)
        return entry.budget_type if entry is not None else default_budget_type(code)

    def function_name(self, code: str) -> str:
        entry = self.function.get(code)
        return entry.name if entry else ""

    def dept_econ_name(self, code: str) -> str:
        entry = self.dept_econ.get(code)
        return entry.name if entry else ""

    def gov_econ_name(self, code: str) -> str:
        entry = self.gov_econ.get(code)
        return entry.name if entry else ""

    def gov_econ_for(self, dept_code: str, unit_kind: str) -> str:
        """Government economic 款 that a department economic 款 maps to for this kind of unit."""
        table = self.gov_for_agency if unit_kind in AGENCY_KINDS else self.gov_for_institution
        return table.get(dept_code, "")

    def function_items(self) -> list[Entry]:
        return [e for e in self.function.values() if e.level == "项"]

    def dept_econ_sections(self) -> list[Entry]:
        return [e for e in self.dept_econ.values() if e.level == "款"]

    def fund_leaves(self) -> list[FundSource]:
        return [f for f in self.fund_sources.values() if f.leaf]


def _read_rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))
    except FileNotFoundError as exc:
        raise CatalogError(f"找不到科目文件：{path}") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CatalogError(f"科目文件 {path} 无法读取（应为 UTF-8 编码的 CSV）：{exc}") from exc


def _read_entries(path: Path) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for lineno, row in enumerate(_read_rows(path), start=2):
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        level = (row.get("level") or "").strip()
        if not code or not name or level not in LEVELS:
            raise CatalogError(
                f"科目文件 {path.name} 第 {lineno} 行不完整：编码、名称、级次（类/款/项）必填。"
            )
        if code in entries:
            raise CatalogError(f"科目文件 {path.name} 第 {lineno} 行：编码 {code} 重复。")
        budget = budget_type_value(row.get("budget_type") or "") or default_budget_type(code)
        entries[code] = Entry(code, name, level, (row.get("parent_code") or "").strip(), budget)
    return entries


def _read_changes(path: Path) -> tuple[FunctionChange, ...]:
    if not path.exists():
        return ()
    return tuple(
        FunctionChange(
            (r.get("old_code") or "").strip(),
            (r.get("new_code") or "").strip(),
            (r.get("note") or "").strip(),
        )
        for r in _read_rows(path)
        if (r.get("old_code") or "").strip()
    )


def _read_provisional(folder: Path) -> tuple[bool, int | None]:
    """The marker file's `carried_from=<year>` line, if the folder holds a provisional list."""
    marker = folder / PROVISIONAL_FILE
    if not marker.exists():
        return False, None
    carried = None
    for line in marker.read_text(encoding="utf-8-sig").splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "carried_from" and value.strip().isdigit():
            carried = int(value.strip())
    return True, carried


def _read_fund_sources(path: Path) -> dict[str, FundSource]:
    rows = _read_rows(path)
    parents = {(r.get("parent") or "").strip() for r in rows}
    result = {}
    for r in rows:
        code = r["code"].strip()
        result[code] = FundSource(
            code=code,
            name=r["name"].strip(),
            parent=(r.get("parent") or "").strip(),
            budget_type=r["budget_type"].strip(),
            fiscal=r["fiscal"].strip() == "1",
            leaf=code not in parents,
        )
    return result


def load_catalog_dir(folder: Path, year: int) -> Catalog:
    """Load a catalog from a folder holding the four CSV files (and optionally fund_sources.csv)."""
    folder = Path(folder)
    missing = [name for name in FILES if not (folder / name).exists()]
    if missing:
        raise CatalogError(f"{year} 年科目目录 {folder} 缺少文件：{'、'.join(missing)}")
    agency: dict[str, str] = {}
    institution: dict[str, str] = {}
    for row in _read_rows(folder / "econ_mapping.csv"):
        code = row["dept_code"].strip()
        agency[code] = (row.get("gov_agency") or "").strip()
        institution[code] = (row.get("gov_institution") or "").strip()
    provisional, carried_from = _read_provisional(folder)
    fund_file = folder / "fund_sources.csv"
    if not fund_file.exists():
        fund_file = resource("catalogs", "fund_sources.csv")
    return Catalog(
        year=year,
        function=_read_entries(folder / "function.csv"),
        dept_econ=_read_entries(folder / "dept_econ.csv"),
        gov_econ=_read_entries(folder / "gov_econ.csv"),
        gov_for_agency=agency,
        gov_for_institution=institution,
        fund_sources=_read_fund_sources(fund_file),
        provisional=provisional,
        carried_from=carried_from,
        function_changes=_read_changes(folder / CHANGES_FILE),
    )


def catalog_search_path() -> list[Path]:
    """Folders searched for `<year>/`: the user's own catalogs first, then the bundled ones."""
    paths: list[Path] = []
    extra = os.environ.get("BUDGET_DESK_CATALOGS")
    if extra:
        paths.extend(Path(p) for p in extra.split(os.pathsep) if p)
    paths.append(user_catalog_dir())
    paths.append(resource("catalogs"))
    return paths


def user_catalog_dir() -> Path:
    """Where imported catalogs go: the user's data folder (the installed program is read-only)."""
    from desktop.models.backup import data_dir

    return data_dir() / "catalogs"


def available_years() -> list[int]:
    years: set[int] = set()
    for base in catalog_search_path():
        if base.is_dir():
            years.update(int(p.name) for p in base.iterdir() if p.is_dir() and p.name.isdigit())
    return sorted(years)


@lru_cache(maxsize=8)
def load_catalog(year: int) -> Catalog:
    """The catalog for `year`; raises CatalogError naming the years that are available."""
    for base in catalog_search_path():
        folder = base / str(year)
        if folder.is_dir():
            return load_catalog_dir(folder, year)
    years = "、".join(str(y) for y in available_years()) or "无"
    raise CatalogError(f"没有 {year} 年的科目表（已有：{years}）。请先导入该年度的科目文件。")
