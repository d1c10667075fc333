"""Checks an .xlsx file before openpyxl reads it, so that a hostile or broken workbook ends with a
clear message in bounded time and memory: zip members too large once inflated (zip bombs), XML
with a DOCTYPE or entity declarations ("billion laughs"), broken XML, sheets with more rows than
Excel allows (1,048,576 per sheet: the program's own workbook always fits, whatever the size of
the department); and it notes merged cells, which the importer refuses in the data area.

Every XML member is streamed through expat in 1 MiB pieces; nothing is inflated beyond the sizes
the zip directory declares (Python's zipfile stops there and checks the CRC).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from defusedxml import DefusedXmlException
from openpyxl.utils.cell import range_boundaries

from desktop.errors import BudgetError

MIB = 1024 * 1024
MAX_MEMBERS = 10_000
MAX_ROWS = 1_048_576  # per sheet: Excel's own limit, so every workbook Excel can hold is read
# A sheet of MAX_ROWS rows of 1 KiB each: the program's own data rows are about 550 bytes (at
# most about 1,000) in the 支出明细 sheet, so its own workbook is not refused for size before it
# reaches Excel's row limit (a 20,000-line department's largest sheet is about 11 MiB).
MAX_PART_BYTES = MAX_ROWS * 1024
MAX_SHARED_STRINGS_BYTES = 64 * MIB  # openpyxl keeps every shared string in memory
MAX_TOTAL_BYTES = 2 * MAX_PART_BYTES
MAX_MERGES_LISTED = 5
MAX_MERGES_KEPT = 1000  # per sheet; more are counted, not kept (memory stays bounded)
CHUNK = MIB
# Errors openpyxl may still raise while reading a workbook that passed the guard.
READ_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ParseError, DefusedXmlException)

OFFICE_DOCUMENT = "/officeDocument"
WORKSHEET = "/worksheet"


@dataclass
class SheetFacts:
    """What the guard saw in one worksheet."""

    name: str
    member: str
    rows: int = 0
    merged: list[str] = field(default_factory=list)  # the first MAX_MERGES_KEPT ranges
    merged_count: int = 0


class _Stop(Exception):
    """Raised inside expat callbacks to abandon a member."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _not_xlsx(path: Path) -> BudgetError:
    return BudgetError(
        f"无法读取“{path.name}”：它不是有效的 Excel 工作簿（.xlsx），或文件已损坏、不完整。"
    )


def _local(name: str) -> str:
    """Element name without its namespace ("ns local" with namespace_separator " ")."""
    return name.rpartition(" ")[2]


def _parse(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    path: Path,
    what: str,
    facts: SheetFacts | None = None,
    keep: bool = False,
) -> list[tuple[str, dict[str, str]]]:
    """Stream one XML member through expat; with `keep`, return its elements' (name, attributes).

    Refuses DTDs and entity declarations, counts rows and collects merged ranges of a sheet.
    """
    if keep and info.file_size > MIB:
        raise BudgetError(f"无法导入“{path.name}”：{what}大得异常，不像 Excel 工作簿。")
    parser = expat.ParserCreate(namespace_separator=" ")
    elements: list[tuple[str, dict[str, str]]] = []

    def doctype(*_args: object) -> NoReturn:
        raise _Stop(
            f"无法导入“{path.name}”：{what}含有 DOCTYPE 或实体声明。Excel 保存的工作簿从不含这些内容，"
            "这可能是被恶意构造的文件（“实体扩展”攻击），已拒绝读取。"
        )

    def start(name: str, attrs: dict[str, str]) -> None:
        elements.append((_local(name), attrs))

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ExternalEntityRefHandler = doctype
    if keep:
        parser.StartElementHandler = start
    # Without element callbacks expat runs at C speed; rows and merged ranges of a sheet are
    # found by scanning the same bytes (a sheet has hundreds of thousands of elements).
    tail = b""
    try:
        with zf.open(info) as src:
            while chunk := src.read(CHUNK):
                parser.Parse(chunk, False)
                if facts is not None:
                    tail = _scan(facts, tail, chunk, path)
            parser.Parse(b"", True)
    except _Stop as stop:
        raise BudgetError(stop.message) from None
    except expat.ExpatError as exc:
        raise BudgetError(
            f"无法导入“{path.name}”：{what}已损坏（XML 第 {exc.lineno} 行第 {exc.offset} 列："
            f"{expat.ErrorString(exc.code)}）。请用 Excel 打开并另存后再试，或重新导出。"
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise BudgetError(f"无法导入“{path.name}”：{what}已损坏或不完整（{exc}）。") from None
    return elements


_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_MERGE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref=[\"']([^\"']*)[\"']")
_OVERLAP = 512  # longer than any <row …> or <mergeCell …> start tag we need to see whole


def _scan(facts: SheetFacts, tail: bytes, chunk: bytes, path: Path) -> bytes:
    """Count rows and collect merged ranges in `chunk`; `tail` is the end of the previous one.

    A match lying wholly in `tail` was counted already; one reaching into `chunk` was not.
    """
    buf = tail + chunk
    start = len(tail)
    # A match cannot start inside another (each holds one "<"), so the matches lying wholly in
    # `tail` are exactly those found in `tail` alone.
    facts.rows += len(_ROW.findall(buf)) - (len(_ROW.findall(tail)) if start else 0)
    if facts.rows > MAX_ROWS:
        raise _Stop(
            f"无法导入“{path.name}”：工作表“{facts.name}”超过 {MAX_ROWS:,} 行（Excel 工作表的行数上限），"
            "不是 Excel 能打开的工作簿，已停止读取。请检查是否选错了文件，或用 Excel 打开并另存后再导入。"
        )
    if b"mergeCell" in buf:
        for m in _MERGE.finditer(buf):
            if m.end() > start:
                facts.merged_count += 1
                if facts.merged_count <= MAX_MERGES_KEPT:
                    facts.merged.append(m.group(1).decode("ascii", "replace"))
    return buf[-_OVERLAP:]


def _check_sizes(zf: zipfile.ZipFile, path: Path) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise BudgetError(
            f"无法导入“{path.name}”：压缩包内有 {len(infos):,} 个部件，不像 Excel 工作簿。"
        )
    total = 0
    for info in infos:
        limit = (
            MAX_SHARED_STRINGS_BYTES if "sharedstrings" in info.filename.lower() else MAX_PART_BYTES
        )
        if info.file_size > limit:
            raise BudgetError(
                f"无法导入“{path.name}”：其中的部件“{info.filename}”解压后有 "
                f"{info.file_size / MIB:,.0f} MB（上限 {limit // MIB} MB），这可能是“压缩炸弹”，已拒绝读取。"
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise BudgetError(
            f"无法导入“{path.name}”：工作簿解压后共 {total / MIB:,.0f} MB，超过上限 "
            f"{MAX_TOTAL_BYTES // MIB} MB，已拒绝读取。"
        )


def _target(base: str, target: str) -> str:
    """Zip member named by a relationship target (absolute, or relative to `base`'s folder)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels_of(member: str) -> str:
    folder, _, name = member.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def _relationships(
    zf: zipfile.ZipFile, names: set[str], member: str, path: Path
) -> dict[str, tuple[str, str]]:
    """Id → (type, member) of `member`'s relationships."""
    rels = _rels_of(member)
    if rels not in names:
        return {}
    found = {}
    for local, attrs in _parse(zf, zf.getinfo(rels), path, f"部件“{rels}”", keep=True):
        if local == "Relationship" and "Id" in attrs and "Target" in attrs:
            found[attrs["Id"]] = (attrs.get("Type", ""), _target(member, attrs["Target"]))
    return found


def check_workbook(path: str | Path) -> dict[str, SheetFacts]:
    """Check `path` as described above; returns the facts of each worksheet by sheet name.

    Raises BudgetError with a Chinese message on anything that must not reach openpyxl.
    """
    path = Path(path)
    if not path.is_file():
        return {}  # the importer says that the file is missing
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _not_xlsx(path) from exc
    with zf:
        _check_sizes(zf, path)
        names = set(zf.namelist())
        root = {t: m for t, m in _relationships(zf, names, "", path).values()}
        workbook = next(
            (m for t, m in root.items() if t.endswith(OFFICE_DOCUMENT)), "xl/workbook.xml"
        )
        if workbook not in names:
            raise _not_xlsx(path)
        sheet_rels = _relationships(zf, names, workbook, path)
        sheets: dict[str, SheetFacts] = {}
        for local, attrs in _parse(zf, zf.getinfo(workbook), path, "工作簿目录", keep=True):
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), None)
            if local == "sheet" and "name" in attrs and rid in sheet_rels:
                kind, member = sheet_rels[rid]
                if kind.endswith(WORKSHEET) and member in names:
                    sheets[member] = SheetFacts(attrs["name"], member)
        for info in zf.infolist():
            name = info.filename
            if name.endswith((".xml", ".rels")) and not name.endswith("/") and name != workbook:
                facts = sheets.get(name)
                what = f"工作表“{facts.name}”" if facts else f"部件“{name}”"
                _parse(zf, info, path, what, facts)
    return {facts.name: facts for facts in sheets.values()}


def merged_cell_problems(
    facts: dict[str, SheetFacts], sheet_names: Iterable[str], header_row: int
) -> list[str]:
    """A problem per data sheet with merged cells below its header row."""
    problems = []
    for name in sheet_names:
        sheet = facts.get(name)
        if sheet is None:
            continue
        in_data = []  # (top row, left column, ref): listed in reading order
        for ref in sheet.merged:
            try:
                col, row, _max_col, max_row = range_boundaries(ref)
            except (ValueError, TypeError):
                in_data.append((0, 0, ref))
                continue
            if max_row is None or max_row > header_row:
                in_data.append((row or 0, col or 0, ref))
        if in_data:
            shown = "、".join(ref for *_, ref in sorted(in_data)[:MAX_MERGES_LISTED])
            count = max(len(in_data), sheet.merged_count if len(in_data) >= MAX_MERGES_KEPT else 0)
            more = f"等 {count:,} 处" if count > MAX_MERGES_LISTED else ""
            problems.append(
                f"工作表“{name}”的数据区有合并单元格（{shown}{more}）：合并后只有左上角的单元格有值，"
                "其余各行会缺数据。请取消合并，并在每一行填上完整的数据后再导入。"
            )
    return problems
