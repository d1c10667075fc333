"""Import of a workbook written by this application into a new department file, all or nothing.

The flat sheets named by the workbook's profile are read (openpyxl read-only, defused XML),
every cell is checked and every record validated by the same rules as typing; any problem names
the sheet, row, column, the bad value and what was expected, and no file is created. The data
digest on the cover is recomputed; a mismatch (edited after export) refuses the import unless
the caller accepts modified workbooks.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import groupby
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

import openpyxl
import openpyxl.xml
from openpyxl.utils import get_column_letter

from desktop.catalog import load_catalog
from desktop.errors import AmountError, AmountRangeError, BudgetError, LedgerError
from desktop.export.digest import flat_digest
from desktop.export.explanations_io import write_explanations
from desktop.export.flat import (
    AMOUNT,
    BOOL,
    CHOICE,
    CODE,
    COUNT,
    DATASET_NAMES,
    DATASETS,
    POINTS,
    Field,
    Rows,
    canonical,
    reference_fields,
)
from desktop.export.flat_facts import (
    FACT_DATASETS,
    FACT_REPEATABLE,
    FACT_UNIQUE,
    OPTIONAL_DATASETS,
)
from desktop.export.flat_final import FINAL_DATASETS, FINAL_UNIQUE
from desktop.export.flat_performance import (
    FUND_DATASETS,
    REPEATABLE,
    TARGET_DATASETS,
    UNIQUE_ROWS,
    setting_problems,
    write_settings,
)
from desktop.export.profile import Profile, available_profiles, load_profile, load_profile_file
from desktop.export.sheet_reader import fast_rows
from desktop.export.workbook import (
    COVER_CODE,
    COVER_DIGEST,
    COVER_FORMAT,
    COVER_KIND,
    COVER_NAME,
    COVER_YEAR,
)
from desktop.export.xlsx_guard import READ_ERRORS, check_workbook, merged_cell_problems
from desktop.models.records_store import MAPPINGS, RecordWriter
from desktop.models.store import DepartmentFile
from desktop.money import MAX_AMOUNT_FEN, DisplayUnit, parse_amount, yuan_str
from desktop.names import name_key
from desktop.records import FILE_KINDS, Department
from desktop.validation import VALIDATORS

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

MAX_REPORTED = 30
# Records are validated and stored in this order: units before the projects and lines using them.
RECORD_DATASETS = (
    "units",
    *FUND_DATASETS,
    "projects",
    "income_lines",
    "expenditure_lines",
    "control_figures",
    "prior_year_lines",
    *TARGET_DATASETS,
    *FACT_DATASETS,
    *FINAL_DATASETS,
)
# Datasets a workbook may lack (written before they existed, or a budget file's 决算 sheets).
_OPTIONAL = OPTIONAL_DATASETS | frozenset(FINAL_DATASETS)


class WorkbookImportError(BudgetError):
    """The workbook cannot be imported; `problems` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MAX_REPORTED]
        more = len(problems) - len(shown)
        text = "未导入任何数据：\n" + "\n".join(shown)
        if more:
            text += f"\n……另有 {more} 处问题。"
        super().__init__(text)


@dataclass
class ImportReport:
    department: Department
    counts: dict[str, int]
    digest: str
    stored_digest: str
    modified: bool
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Origin:
    """Where a value came from: for messages naming sheet, row and column."""

    sheet: str
    row: int
    columns: dict[str, tuple[int, str]]  # field → (column number, title)

    def at(self, key: str) -> str:
        col, title = self.columns[key]
        return f"工作表“{self.sheet}”第 {self.row} 行 {get_column_letter(col)} 列（{title}）"


_TEXT_KINDS_CHECKED = (AMOUNT, CHOICE, BOOL, COUNT, POINTS)
# A float's repr that `parse_amount` reads as it is: sign, digits, at most two decimals.
_PLAIN_YUAN = re.compile(r"(-?)([0-9]+)\.([0-9]{1,2})")


def _fast_converter(f: Field) -> Callable[[object], str | None]:
    """The canonical string of the common, valid cells of field `f`, exactly as `_Reader.convert`
    gives it, without building a location; None for every other cell, which then takes the full
    path (and its message, if it is wrong)."""
    if f.parse is not None or f.kind == POINTS:
        return lambda value: None
    required = f.required
    if f.kind == AMOUNT:

        def amount(value: object) -> str | None:
            kind = value.__class__
            if kind is int:  # whole 元: as `_amount` (the range is the validators' to check)
                return yuan_str(value * 100)  # type: ignore[operator]
            if kind is float:
                text = repr(value)
                m = _PLAIN_YUAN.fullmatch(text)
                if m is None or len(text.lstrip("-").replace(".", "").lstrip("0")) > 15:
                    return None
                sign, whole, cents = m.groups()
                fen = int(whole) * 100 + int(cents.ljust(2, "0"))
                if fen > MAX_AMOUNT_FEN:
                    return None
                return yuan_str(-fen if sign else fen)
            return None

        return amount
    if f.kind == COUNT:

        def count(value: object) -> str | None:
            if value.__class__ is int and value >= 0:  # type: ignore[operator]
                return str(value)
            return None

        return count
    if f.kind in (CHOICE, BOOL):
        names = f.printed_choices()
        first_by_key: dict[str, str] = {}
        for code, name in names.items():
            first_by_key.setdefault(name_key(name), code)
        # A printed name → the first code whose name matches it, as `_choice` finds it.
        by_name = {name: first_by_key[name_key(name)] for name in names.values()}

        def choice(value: object) -> str | None:
            if value.__class__ is not str:
                return None
            text = value.strip()  # type: ignore[attr-defined]
            if not text:
                return None
            if text in names:
                return text
            return by_name.get(text) or first_by_key.get(name_key(text))

        return choice

    def text(value: object) -> str | None:
        if value.__class__ is str and (not required or value.strip()):  # type: ignore[attr-defined]
            return value  # type: ignore[return-value]
        if value is None and not required:
            return ""
        return None

    return text


class _Reader:
    """Collects problems while converting cells to canonical strings."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, where: str, value: object, expected: str) -> None:
        shown = "" if value is None else str(value)
        self.problems.append(f"{where}：值“{shown}”，{expected}")

    def convert(self, f: Field, value: object, origin: _Origin) -> str | None:
        """The canonical string of a cell, or None after recording the problem."""
        if f.parse is not None:
            return self._parsed(f, value, origin.at(f.key))
        if isinstance(value, str) and f.kind not in _TEXT_KINDS_CHECKED:
            # Text is taken exactly as written (the digest covers it); the common case is kept
            # cheap: no location string is built.
            if not f.required or value.strip():
                return value
        return self._convert(f, value, origin.at(f.key))

    def _convert(self, f: Field, value: object, where: str) -> str | None:
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            if f.required:
                self.problem(where, value, "此处不能为空。")
                return None
            return ""
        if f.kind == AMOUNT:
            return self._amount(value, where)
        if f.kind == COUNT:
            return self._count(value, where)
        if f.kind == POINTS:
            return self._points(value, where)
        if f.kind in (CHOICE, BOOL):
            return self._choice(f, value, where)
        if isinstance(value, bool):
            self.problem(where, value, "应为文字或编码。")
            return None
        if isinstance(value, float):
            if f.kind == CODE and value.is_integer():
                return str(int(value))
            return repr(value)
        if f.kind == CODE and not isinstance(value, (str, int)):
            self.problem(where, value, "应为编码（文字）。")
            return None
        return str(value)

    def _amount(self, value: object, where: str) -> str | None:
        expected = "应为以元为单位、最多两位小数的金额数字。"
        try:
            if isinstance(value, bool):
                raise AmountError("")
            if isinstance(value, int):
                fen = value * 100
            elif isinstance(value, float):
                # repr gives the shortest decimal that reads back as this float: the digits
                # Excel stored, provably so only up to 15 significant digits (a double holds
                # every such decimal exactly). Longer ones may not be what was written: refused.
                text = repr(value)
                if len(text.lstrip("-").replace(".", "").lstrip("0")) > 15:
                    self.problem(
                        where, value, "金额有效数字超过 15 位，无法确认精确值；请以文本形式填写。"
                    )
                    return None
                fen = parse_amount(text, DisplayUnit.YUAN)
            elif isinstance(value, (str, Decimal)):
                fen = parse_amount(str(value), DisplayUnit.YUAN)
            else:
                raise AmountError("")
        except AmountRangeError as exc:
            self.problem(where, value, str(exc).split("：", 1)[-1])
            return None
        except (AmountError, InvalidOperation, ValueError):
            self.problem(where, value, expected)
            return None
        return canonical(fen, Field("amount", AMOUNT))

    def _parsed(self, f: Field, value: object, where: str) -> str | None:
        """A field the domain reads through its own rule: the grid's message, at this cell."""
        text = "" if value is None else str(value)
        if not text.strip() and f.required:
            self.problem(where, value, "此处不能为空。")
            return None
        try:
            return f.parse(text)  # type: ignore[misc]
        except BudgetError as exc:
            self.problems.append(f"{where}：{exc}")
            return None

    def _points(self, value: object, where: str) -> str | None:
        """A score (分值, 得分): a number ≥ 0 with at most two decimals, kept exact."""
        expected = "应为不小于 0、最多两位小数的分数。"
        try:
            if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
                raise ValueError(value)
            number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
        except (InvalidOperation, ValueError):
            self.problem(where, value, expected)
            return None
        hundredths = number * 100
        if not number.is_finite() or number < 0 or hundredths != hundredths.to_integral_value():
            self.problem(where, value, expected)
            return None
        return canonical(int(hundredths), Field("points", POINTS))

    def _count(self, value: object, where: str) -> str | None:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if isinstance(value, bool) or not text.isdigit() or not text.isascii():
            self.problem(where, value, "应为不小于 0 的整数。")
            return None
        return str(int(text))

    def _choice(self, f: Field, value: object, where: str) -> str | None:
        names = f.printed_choices()
        text = str(value).strip()
        if isinstance(value, bool):
            text = "1" if value else "0"
        if text in names:
            return text
        key = name_key(text)  # 上年结转(…) = 上年结转（…）
        for code, name in names.items():
            if name_key(name) == key:
                return code
        self.problem(where, value, f"应为以下之一：{'、'.join(names.values())}。")
        return None


def _open(path: Path):  # noqa: ANN202 - openpyxl workbook
    if not openpyxl.xml.DEFUSEDXML:
        raise BudgetError("未安装 defusedxml，无法安全读取外来的 Excel 文件；请重新安装本软件。")
    if not path.is_file():
        raise BudgetError(f"找不到工作簿“{path}”。")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError, EOFError) as exc:
        raise BudgetError(
            f"无法读取“{path.name}”：它不是有效的 Excel 工作簿（.xlsx），或文件已损坏、不完整。"
        ) from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on foreign files
        raise BudgetError(
            f"无法读取“{path.name}”：不是本软件能识别的 Excel 工作簿（{exc}）。"
        ) from exc


def _cover(wb, profile_id: str | None) -> tuple[Profile, dict[str, object], str]:  # noqa: ANN001
    cover_names: dict[str, str] = {}
    for pid, file in available_profiles().items():
        cover_names.setdefault(load_profile_file(file).cover.name, pid)
    if profile_id:
        cover_names = {load_profile(profile_id).cover.name: profile_id}
    for name in wb.sheetnames:
        if name in cover_names:
            values = {}
            for row in wb[name].iter_rows(max_row=80, max_col=2, values_only=True):
                if row and isinstance(row[0], str):
                    values[row[0].strip()] = row[1] if len(row) > 1 else None
            found = values.get(COVER_FORMAT) or cover_names[name]
            return load_profile(profile_id or str(found)), values, name
    wanted = "、".join(f"“{n}”" for n in cover_names)
    raise WorkbookImportError([f"工作簿中没有封面工作表（应为 {wanted}），无法确认部门和格式。"])


def _department(values: dict[str, object], sheet: str, reader: _Reader) -> Department | None:
    code, name, year = (values.get(k) for k in (COVER_CODE, COVER_NAME, COVER_YEAR))
    where = f"工作表“{sheet}”"
    if not code or not name:
        reader.problem(
            f"{where}“{COVER_CODE}/{COVER_NAME}”", code or name, "部门编码和名称不能为空。"
        )
        return None
    try:
        fiscal_year = int(str(year).strip())
    except ValueError:
        reader.problem(f"{where}“{COVER_YEAR}”", year, "应为四位年份，例如 2025。")
        return None
    kind_name = str(values.get(COVER_KIND) or FILE_KINDS["budget"]).strip()
    kinds = {name: kind for kind, name in FILE_KINDS.items()}
    if kind_name not in kinds:
        reader.problem(f"{where}“{COVER_KIND}”", kind_name, "应为部门预算或部门决算。")
        return None
    return Department(str(code).strip(), str(name).strip(), fiscal_year, kinds[kind_name])


def _read_sheet(wb, sheet, profile: Profile, reader: _Reader):  # noqa: ANN001, ANN202
    """Canonical rows of one flat sheet and where each came from."""
    dataset = DATASETS[sheet.dataset]
    if sheet.name not in wb.sheetnames:
        if sheet.dataset in _OPTIONAL:
            return [], []  # a workbook written before these facts existed: they stay empty
        reader.problems.append(
            f"工作簿中缺少工作表“{sheet.name}”（{sheet.dataset} 数据），应按格式“{profile.id}”保留。"
        )
        return [], []
    ws = wb[sheet.name]
    header_at = profile.flat_header_row
    rows = fast_rows(ws, header_at) or ws.iter_rows(min_row=header_at, values_only=True)
    header = next(rows, ()) or ()
    titles = {str(t).strip(): i for i, t in enumerate(header) if t is not None}
    columns: dict[str, tuple[int, str]] = {}
    wanted = {c.field: c.title for c in sheet.columns}
    for f in dataset.fields:
        title = wanted[f.key]
        if title not in titles:
            found = "、".join(f"“{t}”" for t in titles) or "（空）"
            reader.problems.append(
                f"工作表“{sheet.name}”第 {header_at} 行：缺少列标题“{title}”（找到的列标题：{found}）；"
                "请勿修改导出时的列标题。"
            )
            continue
        columns[f.key] = (titles[title] + 1, title)
    if len(columns) < len(dataset.fields):
        return [], []
    plan = [(columns[f.key][0] - 1, f, _fast_converter(f)) for f in dataset.fields]
    out, origins = [], []
    name = sheet.name
    for n, values in enumerate(rows, start=header_at + 1):
        for v in values:  # a row of nothing but blanks is no record
            if v is not None and (v.__class__ is not str or v.strip()):
                break
        else:
            continue
        origin = _Origin(name, n, columns)
        width = len(values)
        canon = []
        for col, f, fast in plan:
            cell = values[col] if col < width else None
            text = fast(cell)
            canon.append(reader.convert(f, cell, origin) if text is None else text)
        if None not in canon:
            out.append(tuple(canon))
            origins.append(origin)
    return out, origins


def _duplicates(name: str, rows: list[tuple], origins: list[_Origin], reader: _Reader) -> None:
    if name in REPEATABLE or name in FACT_REPEATABLE:
        return
    keyed = {"units": lambda r: r[0], "projects": lambda r: r[0], "explanations": lambda r: r[:2]}
    unique = {**UNIQUE_ROWS, **FACT_UNIQUE, **FINAL_UNIQUE}
    keyed.update({n: key for n, (key, _) in unique.items()})
    key_of = keyed.get(name, lambda r: r)
    seen: dict = {}
    for row, origin in zip(rows, origins, strict=True):
        key = key_of(row)
        if key in seen:
            first = seen[key]
            what = "编码重复" if name in ("units", "projects") else "与前面的行完全相同（重复行）"
            what = unique[name][1] if name in unique else what
            reader.problems.append(
                f"工作表“{origin.sheet}”第 {origin.row} 行：{what}，与第 {first.row} 行重复；"
                "请删除重复的行或修改其内容。"
            )
        else:
            seen[key] = origin


def _record(name: str, row: tuple[str, ...], order: int):  # noqa: ANN202 - a record
    """The record of flat row number `order` + 1: a line item's id is that row number, as in a
    new file, and what references to it in other sheets hold."""
    plan = _record_plan(name)
    values: dict[str, object] = {}
    for (key, convert), value in zip(plan.fields, row, strict=True):
        values[key] = value if convert is None else convert(value)
    if plan.numbered:
        values["id"] = order + 1
    if plan.ordered:
        values["sort_order"] = order
    return plan.cls(**values)


# A canonical 元 string (`yuan_str`, what the flat rows hold): its 分 are its digits.
_CANONICAL_YUAN = re.compile(r"-?[0-9]{1,18}\.[0-9]{2}").fullmatch


def _yuan(text: str) -> int:
    """The 分 of a canonical 元 string, as `parse_amount` reads it; anything else (and an
    amount out of range, for its message) through `parse_amount` itself."""
    if _CANONICAL_YUAN(text) is not None:
        fen = int(text.replace(".", ""))
        if abs(fen) <= MAX_AMOUNT_FEN:
            return fen
    return parse_amount(text, DisplayUnit.YUAN)


@dataclass(frozen=True)
class _RecordPlan:
    cls: type
    fields: tuple[tuple[str, Callable[[str], object] | None], ...]  # (field, its text's reader)
    numbered: bool  # an autoincrement id: given the row number
    ordered: bool  # has a sort order: given the row's position


_PLANS: dict[str, _RecordPlan] = {}


def _record_plan(name: str) -> _RecordPlan:
    plan = _PLANS.get(name)
    if plan is None:
        dataset = DATASETS[name]
        converters: dict[str, Callable[[str], object]] = {
            AMOUNT: _yuan,
            POINTS: _yuan,
            BOOL: "1".__eq__,
            COUNT: int,
        }
        # Only datasets of ledger records (dataclasses) are read into records.
        cls = cast("type[DataclassInstance]", dataset.record)
        plan = _PLANS[name] = _RecordPlan(
            cls,
            tuple((f.key, converters.get(f.kind)) for f in dataset.fields),
            "id" in cls.__dataclass_fields__ and MAPPINGS[cls].autoincrement,
            "sort_order" in cls.__dataclass_fields__,
        )
    return plan


# Where validation finds the records validated so far (the ledger's own collections).
_COLLECTIONS = {
    "Unit": "units",
    "Project": "projects",
    "SpecialFund": "special_funds",
    "ExpenditureLine": "expenditure_lines",
    "Indicator": "indicators",
    "PurchaseLine": "purchase_lines",
}


def _validate(records: list, origins: list[_Origin], catalog, reader: _Reader) -> None:  # noqa: ANN001
    """Run the ledger's own validators on every record, naming the row of each failure.

    (An indicator value that is not a number under ≥ ≤ = > < is refused only when typed, as the
    grid does: a file may hold a published value like "=100", which the checks report.)
    """
    state = SimpleNamespace(catalog=catalog, **{name: {} for name in _COLLECTIONS.values()})
    # Records other records name by id (a purchase its line, a result its indicator) carry their
    # row number as id (`_record`), which is what the reference holds.
    for record, origin in zip(records, origins, strict=True):
        kind = type(record).__name__
        try:
            VALIDATORS[type(record)](state, record)
        except BudgetError as exc:
            message = str(exc)
            column = next(
                (k for k in origin.columns if (v := getattr(record, k, "")) and f"“{v}" in message),
                None,
            )
            where = origin.at(column) if column else f"工作表“{origin.sheet}”第 {origin.row} 行"
            reader.problems.append(f"{where}：{message}")
            continue
        collection = _COLLECTIONS.get(kind)
        if collection is None:
            continue
        getattr(state, collection)[record.key] = record


def _reference_problems(rows: Rows, origins: dict[str, list[_Origin]]) -> list[str]:
    """A message per row whose row number (of a 支出明细 line, a 绩效指标) points at no row."""
    problems = []
    for name in rows:
        for position, f in reference_fields(name):
            count = len(rows[f.domain])
            sheet = next((o.sheet for o in origins[f.domain]), DATASET_NAMES[f.domain])
            for row, origin in zip(rows[name], origins[name], strict=True):
                number = int(row[position])
                if not 1 <= number <= count:
                    problems.append(
                        f"{origin.at(f.name)}：值“{number}”，工作表“{sheet}”中没有第 {number} 条"
                        f"{DATASET_NAMES[f.domain]}（共 {count} 条），应为 1 到 {count} 之间的序号。"
                    )
    return problems


def read_workbook(path: str | os.PathLike, profile_id: str | None = None):  # noqa: ANN201
    """(department, profile, canonical rows, origins, stored digest) of a workbook, or raise."""
    path = Path(path)
    sheet_facts = check_workbook(path)  # zip bombs, entity expansion, huge sheets: refused here
    wb = _open(path)
    reader = _Reader()
    try:
        profile, cover, cover_sheet = _cover(wb, profile_id)
        flat_names = [s.name for s in profile.flat_sheets()]
        reader.problems += merged_cell_problems(sheet_facts, flat_names, profile.flat_header_row)
        department = _department(cover, cover_sheet, reader)
        rows: Rows = {}
        origins: dict[str, list[_Origin]] = {}
        for sheet in profile.flat_sheets():
            rows[sheet.dataset], origins[sheet.dataset] = _read_sheet(wb, sheet, profile, reader)
            _duplicates(sheet.dataset, rows[sheet.dataset], origins[sheet.dataset], reader)
    except READ_ERRORS as exc:
        raise BudgetError(f"读取“{path.name}”时出错：文件已损坏或不完整。") from exc
    finally:
        wb.close()
    if reader.problems or department is None:
        raise WorkbookImportError(reader.problems)
    stored = str(cover.get(COVER_DIGEST) or "").strip()
    return department, profile, rows, origins, stored


def import_workbook(
    target: str | os.PathLike,
    workbook: str | os.PathLike,
    accept_modified: bool = False,
    profile_id: str | None = None,
) -> ImportReport:
    """Create the department file `target` from `workbook`; nothing is created on any problem."""
    target = Path(target)
    if target.exists():
        raise BudgetError(f"文件“{target}”已存在，导入不会覆盖已有文件。请指定一个新的文件名。")
    department, _profile, rows, origins, stored = read_workbook(workbook, profile_id)
    digest = flat_digest(department, rows)
    warnings = []
    modified = digest != stored
    note = (
        f"工作簿的数据摘要与封面记录的不一致（封面：{stored or '无'}，实际：{digest}），"
        "说明明细数据在导出后被修改过。"
    )
    catalog = load_catalog(department.fiscal_year)
    reader = _Reader()
    records, record_origins = [], []
    for name in RECORD_DATASETS:
        for order, (row, origin) in enumerate(zip(rows[name], origins[name], strict=True)):
            records.append(_record(name, row, order))
            record_origins.append(origin)
    reader.problems += _reference_problems(rows, origins)
    if not reader.problems:
        _validate(records, record_origins, catalog, reader)
    reader.problems += setting_problems(rows["settings"], origins["settings"])
    if reader.problems:
        raise WorkbookImportError(reader.problems + ([note] if modified else []))
    if modified:
        if not accept_modified:
            raise WorkbookImportError([note + "如确认修改无误，可加 --accept-modified 导入。"])
        warnings.append(note)
    _write(target, department, records, rows["explanations"], rows["settings"])
    counts = {name: len(data) for name, data in rows.items()}
    return ImportReport(department, counts, digest, stored, modified, warnings)


def _write(target: Path, department: Department, records: list, explanations, settings=()) -> None:  # noqa: ANN001
    """Write everything to a temporary file and move it into place only when complete.

    The records were validated by `_validate` with the ledger's own validators, in this order,
    and carry the ids a new file gives them (a line item's row number, which references to it
    hold): they go to the store in one transaction, a bulk insert per record type, without
    being validated a second time by a ledger built for the purpose.
    """
    tmp = target.with_name(f".{target.name}.importing")
    tmp.unlink(missing_ok=True)
    dfile = None
    try:
        dfile = DepartmentFile.create(
            tmp, department.code, department.name, department.fiscal_year, department.kind
        )
        _refuse_repeated_keys(records)
        with dfile.transaction() as conn:
            writer = RecordWriter(conn)
            for cls, run in groupby(records, key=type):
                writer.insert_many(cls, run)
        write_explanations(dfile, explanations)
        write_settings(dfile, settings)
        dfile.close()
        dfile = None
        if target.exists():
            raise BudgetError(f"文件“{target}”在导入过程中被创建，导入不会覆盖它。")
        os.replace(tmp, target)
    finally:
        if dfile is not None:
            dfile.close()
        tmp.unlink(missing_ok=True)


def _refuse_repeated_keys(records: list) -> None:
    """A key twice in one record type is refused as the ledger refuses it (the flat sheets'
    duplicate checks have named the rows already; this keeps the store's keys unique)."""
    seen: set[tuple[type, object]] = set()
    for record in records:
        key = (type(record), record.key)
        if key in seen:
            raise LedgerError(f"编码“{record.key}”已存在，不能重复添加。")
        seen.add(key)
