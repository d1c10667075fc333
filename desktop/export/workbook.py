"""The bureau's Excel workbook, laid out by a profile: cover, standard tables as printed, flat data.

Table sheets render `TableResult`s through the specs (merged header, 万元 with two decimals as
exact rounded Decimals); flat sheets carry every record with amounts in exact 元, so import can
rebuild the department to the cent. The workbook is streamed (openpyxl write-only mode); the
flat sheets' rows, the bulk of a large department, as SheetML text (sheetml.py).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.writer.excel import ExcelWriter

from desktop import __version__
from desktop.errors import BudgetError
from desktop.export.digest import DIGEST_VERSION, flat_digest
from desktop.export.flat import (
    AMOUNT,
    BOOL,
    CHOICE,
    DATASET_NAMES,
    DATASETS,
    INFO_SOURCES,
    POINTS,
    Rows,
    row_counts,
)
from desktop.export.flat_final import FINAL_NAMES
from desktop.export.layout import ROUNDING_NOTE, has_rounding_tail
from desktop.export.profile import Profile, SheetSpec
from desktop.export.sheetml import (
    BodyColumn,
    NumberText,
    can_splice,
    splice_rows,
    splice_text,
    styled_rows,
)
from desktop.export.workbook_grid import (
    SheetStyles,
    print_setup,
    text_cell,
    write_grid,
    write_heading,
)
from desktop.records import FILE_KINDS, Department
from desktop.system_errors import reason
from desktop.tables import printed
from desktop.tables.printed import TableGrid
from desktop.tables.result import TableResult

Progress = Callable[[int, int], None]
# Excel keeps 15 significant digits; larger 元 amounts are written as text to stay exact.
MAX_EXACT_DIGITS = 15

# Cover labels: import finds the values by these labels in column A (docs/FORMAT.md).
COVER_FORMAT = "工作簿格式"
COVER_CODE = "部门编码"
COVER_NAME = "部门名称"
COVER_YEAR = "预算年度"
COVER_DIGEST = "数据摘要（SHA-256）"
COVER_STATUS = "状态"
COVER_KIND = "文件类别"  # written for a 部门决算 file only: a budget workbook is as it was


@dataclass(frozen=True)
class WorkbookInfo:
    digest: str
    counts: dict[str, int]
    sheets: list[str]


as_text_cell = text_cell


def _declare_size(ws, rows: int, columns: int) -> None:  # noqa: ANN001 - openpyxl sheet
    """Give a streamed sheet its <dimension> element.

    Write-only sheets omit it, and without it openpyxl's read-only reader parses the whole sheet
    just to learn its size; import of a large workbook spent most of its time there.
    """
    ref = f"A1:{get_column_letter(max(columns, 1))}{max(rows, 1)}"
    ws.calculate_dimension = lambda: ref


def _amount_value(yuan: str) -> Decimal | str:
    digits = len(yuan.lstrip("-").replace(".", "").lstrip("0"))
    return Decimal(yuan) if digits <= MAX_EXACT_DIGITS else yuan


# A canonical 元 string (`yuan_str`) short enough to be exact in Excel (at most 15 digits).
_SHORT_YUAN = re.compile(r"-?\d{1,13}\.\d\d").fullmatch


def _amount_cell(yuan: str) -> NumberText | Decimal | str:
    """`_amount_value`, with a canonical 元 string's number text made here from the string
    (no trailing decimal zeros, -0 as 0: what `number_text` makes of the Decimal)."""
    if _SHORT_YUAN(yuan) is None:
        return _amount_value(yuan)
    text = yuan.rstrip("0").rstrip(".")
    return NumberText("0" if text == "-0" else text)


def _write_cover(
    ws,
    profile: Profile,
    department: Department,
    digest: str,
    rows: Rows,
    draft: bool,
    st: SheetStyles,
) -> None:  # noqa: ANN001, E501
    pairs = [
        (COVER_CODE, department.code),
        (COVER_NAME, department.name),
        (COVER_YEAR, str(department.fiscal_year)),
        *([(COVER_KIND, FILE_KINDS[department.kind])] if department.is_final else []),
        (COVER_STATUS, "草稿（不作报送）" if draft else "报送"),
        ("软件版本", f"部门预算编制 {__version__}"),
        ("导出时间", dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")),
        (COVER_FORMAT, profile.id),
        ("格式说明", profile.name),
        (COVER_DIGEST, digest),
        ("摘要算法", f"{DIGEST_VERSION}：明细数据规范化序列后的 SHA-256，见 docs/FORMAT.md"),
    ]
    for name, count in row_counts(rows, department.is_final).items():
        pairs.append((f"行数：{DATASET_NAMES[name]}", str(count)))
    _declare_size(ws, len(pairs) + 2, 2)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 70
    title = WriteOnlyCell(
        ws, f"{department.fiscal_year}年{FILE_KINDS[department.kind]} — {department.name}"
    )
    title.font = st.title
    ws.append([title])
    ws.append([])
    for label, value in pairs:
        key = WriteOnlyCell(ws, label)
        key.font = st.head
        ws.append([key, as_text_cell(ws, value)])


def _print_setup(ws, orientation: str, header_first: int, header_last: int, draft: bool) -> None:  # noqa: ANN001
    print_setup(ws, orientation, draft, (header_first, header_last))


def _write_table(
    ws, result: TableResult, department: Department, profile: Profile, draft: bool, st: SheetStyles
) -> None:  # noqa: ANN001, E501
    grid = TableGrid(result)
    for i, kind in enumerate(grid.column_kinds, start=1):
        width = 13 if kind == printed.AMOUNT else 36 if kind == printed.NAME else 9
        ws.column_dimensions[get_column_letter(i)].width = width
    merged = profile.table_header == "merged"
    header_rows = grid.header_rows if merged else 1
    first = 3
    # Sheet view and columns are streamed before the first row: set them now.
    ws.freeze_panes = f"A{first + header_rows}"
    _print_setup(ws, grid.orientation, first, first + header_rows - 1, draft)
    notes = grid.printed_notes()
    if has_rounding_tail(result):
        notes.append(ROUNDING_NOTE)
    _declare_size(ws, first + header_rows - 1 + len(result.rows) + len(notes), grid.columns)
    reporter = f"单位：{department.code}_{department.name}"
    write_heading(ws, 1, grid.title, reporter, grid.unit_text, grid.columns, st, False)
    grid_first = first  # the sheet row of the first row write_grid writes
    if not merged:  # one header row: each column's header path
        ws.append([st.cell(ws, path, "head") for path in grid.column_paths])
        grid_first += 1
    if can_splice(ws):
        # The body rows are most of the workbook's cells: rendered as SheetML text (sheetml.py).
        body: list[str] = []
        end = write_grid(ws, grid, grid_first, st, wrap=False, skip_header=not merged, spliced=body)
        render = styled_rows(ws.title, ["注"])
        note_style = st.style_id(ws, "note")
        body += [render(end + n, [(note, note_style)]) for n, note in enumerate(notes)]
        splice_text(ws, body)
        return
    write_grid(ws, grid, grid_first, st, wrap=False, skip_header=not merged)
    for note in notes:
        ws.append([st.cell(ws, note, "note")])


def _printers(
    sheet: SheetSpec, amount: Callable[[str], object] = _amount_value
) -> list[tuple[int, Callable | None, Callable | None]]:
    """Per column: (field position, value converter or None, informational column or None);
    `amount` converts an amount's 元 string."""
    dataset = DATASETS[sheet.dataset]
    keys = [f.key for f in dataset.fields]
    plan: list[tuple[int, Callable | None, Callable | None]] = []
    for column in sheet.columns:
        if column.field not in keys:
            plan.append((-1, None, dataset.info[column.field]))
            continue
        field = dataset.field(column.field)
        convert: Callable[[str], object] | None
        if field.kind in (AMOUNT, POINTS):
            convert = amount
        elif field.kind in (CHOICE, BOOL):
            names = field.printed_choices()
            convert = lambda v, names=names: names.get(v, v)  # noqa: E731
        else:
            convert = None  # text and codes are written as they are
        plan.append((keys.index(column.field), convert, None))
    return plan


def _flat_body(
    sheet: SheetSpec,
    data: list[tuple[str, ...]],
    catalog,  # noqa: ANN001
    amount: Callable[[str], object] = _amount_value,
) -> Iterator[list]:
    """The printed values of a flat sheet's rows: text as `str`, amounts as `amount` makes them
    (a `Decimal`, or for SheetML a `NumberText`; text where Excel would not keep every digit)."""
    keys = [f.key for f in DATASETS[sheet.dataset].fields]
    plan = _printers(sheet, amount)
    positions = [max(pos, 0) for pos, _convert, _info in plan]  # an info column: filled below
    pick = itemgetter(*positions) if len(positions) > 1 else lambda v: (v[positions[0]],)
    converts = [(i, convert) for i, (_pos, convert, _info) in enumerate(plan) if convert]
    infos = [(i, info) for i, (_pos, _convert, info) in enumerate(plan) if info is not None]
    # An informational column named from one field: its name looked up once per code.
    named_once: list[tuple[int, Callable, int, str, dict[str, str]]] = []
    for i, info in infos:
        source = INFO_SOURCES.get(info)
        if source in keys:
            named_once.append((i, info, keys.index(source), source, {}))
    if len(named_once) < len(infos):
        named_once = []  # some other column needs the whole row: every column the one way
    for values in data:
        row = list(pick(values))
        for i, convert in converts:
            row[i] = convert(row[i])
        if named_once:
            for i, info, at, source, names in named_once:
                code = values[at]
                name = names.get(code)
                if name is None:
                    name = names[code] = info(catalog, {source: code})
                row[i] = name
        elif infos:
            named = dict(zip(keys, values, strict=True))
            for i, info in infos:
                row[i] = info(catalog, named)
        yield row


def _write_flat(
    ws,
    sheet: SheetSpec,
    data: list[tuple[str, ...]],
    profile: Profile,
    catalog,
    draft: bool,
    st: SheetStyles,
) -> None:  # noqa: ANN001, E501
    for i, column in enumerate(sheet.columns, start=1):
        wide = column.field in ("name", "goal", "note", "text", "subject") or column.field.endswith(
            "_name"
        )
        ws.column_dimensions[get_column_letter(i)].width = 30 if wide else 15
    ws.freeze_panes = f"A{profile.flat_header_row + 1}"
    _print_setup(ws, "landscape", profile.flat_header_row, profile.flat_header_row, draft)
    _declare_size(ws, profile.flat_header_row + len(data), len(sheet.columns))
    for _ in range(profile.flat_header_row - 1):
        c = WriteOnlyCell(
            ws, f"{DATASET_NAMES[sheet.dataset]}：供导入使用，请勿修改列标题；金额单位：元。"
        )
        c.font = st.plain
        ws.append([c])
    ws.append([st.cell(ws, column.title, "head") for column in sheet.columns])
    if can_splice(ws):
        # The rows are the bulk of the workbook: streamed as SheetML text (sheetml.py).
        number_style = st.style_id(ws, "flat_amount")
        columns = [BodyColumn(c.title, number_style) for c in sheet.columns]
        body = _flat_body(sheet, data, catalog, _amount_cell)
        splice_rows(ws, body, profile.flat_header_row + 1, columns)
        return
    body = _flat_body(sheet, data, catalog)
    for values in body:  # an openpyxl that does not stream to a file: its own (slower) way
        ws.append(
            [
                as_text_cell(ws, v) if isinstance(v, str) else st.cell(ws, v, "flat_amount")
                for v in values
            ]
        )


def _abandon(wb: Workbook) -> None:
    """End the streams of a workbook that will not be saved (no complaints from them later)."""
    for ws in wb.worksheets:
        try:
            if not ws.closed:
                ws.close()
        except Exception:  # noqa: BLE001, S110 - a stream broken by the error being reported
            pass


# zlib's fastest level: a third of the default level's time for a package about a quarter
# larger (2.6 MB instead of 2.0 MB at 20,000 lines); the sheets inside are the same bytes.
COMPRESS_LEVEL = 1


def _save(wb: Workbook, path: Path) -> None:
    """`wb.save(path)` (openpyxl's `save_workbook`), with the package deflated at
    COMPRESS_LEVEL instead of zlib's default."""
    if not wb.worksheets:
        wb.create_sheet()
    archive = zipfile.ZipFile(
        path, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=COMPRESS_LEVEL
    )
    wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    try:
        ExcelWriter(wb, archive).save()  # closes the archive when done
    except BaseException:
        archive.close()
        raise


def export_workbook(
    path: str | os.PathLike,
    department: Department,
    results: Sequence[TableResult],
    rows: Rows,
    profile: Profile,
    catalog,  # noqa: ANN001 - desktop.catalog.Catalog, for the informational name columns
    draft: bool = False,
    progress: Progress | None = None,
    forms: Sequence = (),  # (FormSpec, [FormResult]) pairs: the 绩效目标表 sheets
) -> WorkbookInfo:
    """Write the workbook to `path` (complete or not at all) and return its digest and counts."""
    from desktop.export.workbook_forms import write_form_sheets

    path = Path(path)
    by_number = {r.number: r for r in results}
    digest = flat_digest(department, rows)
    st = SheetStyles(profile)
    wb = Workbook(write_only=True)
    written = []
    steps = len(profile.sheets)
    # The form sheets follow the last table sheet written (or the cover).
    forms_after = max(
        n
        for n, s in enumerate(profile.sheets, start=1)
        if s.kind == "cover" or (s.kind == "table" and s.number in by_number)
    )
    for n, sheet in enumerate(profile.sheets, start=1):
        if sheet.kind == "table" and sheet.number not in by_number:
            continue
        if sheet.dataset in FINAL_NAMES and not (department.is_final or rows.get(sheet.dataset)):
            continue  # a budget file without 决算 data: its workbook is as it always was
        ws = wb.create_sheet(sheet.name)
        try:
            if sheet.kind == "cover":
                _write_cover(ws, profile, department, digest, rows, draft, st)
            elif sheet.kind == "table":
                _write_table(ws, by_number[sheet.number], department, profile, draft, st)
            else:
                _write_flat(ws, sheet, rows.get(sheet.dataset, []), profile, catalog, draft, st)
        except IllegalCharacterError as exc:  # a name in a table or on the cover
            _abandon(wb)
            raise BudgetError(
                f"工作表“{sheet.name}”中有文字含有不可见的控制字符，无法写入 Excel；"
                "请在软件中修改该名称后再导出。"
            ) from exc
        except BaseException:
            _abandon(wb)
            raise
        written.append(sheet.name)
        if n == forms_after:
            taken = {s.name for s in profile.sheets}
            written += write_form_sheets(wb, forms, department, profile, draft, taken)
        if progress:
            progress(n, steps + 1)
    tmp = path.with_name(f".{path.name}.part")
    try:
        _save(wb, tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BudgetError(f"无法写入工作簿“{path}”：{reason(exc, writing=True)}。") from exc
    if progress:
        progress(steps + 1, steps + 1)
    return WorkbookInfo(digest, row_counts(rows, department.is_final), written)
