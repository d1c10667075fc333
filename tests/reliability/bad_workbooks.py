"""Malformed workbooks for import tests, each made from a good export by rewriting its zip members:
truncated, entity expansion ("billion laughs") in a sheet and in the shared strings, a zip bomb,
a million-row sheet, merged cells in the data area, broken XML."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, b"".join(b"&lol%d;" % (n - 1) for _ in range(10)))
        for n in range(2, 10)
    )
    + b"]>"
)
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
GIB = 1024**3


def sheet_member(path: Path, sheet: str) -> str:
    """The zip member holding the sheet named `sheet` (via workbook.xml and its relationships)."""
    with zipfile.ZipFile(path) as zf:
        workbook = zf.read("xl/workbook.xml").decode("utf-8")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    tag = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*>', workbook).group(0)
    rid = re.search(r'r:id="([^"]+)"', tag).group(1)
    rel = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*>', rels).group(0)
    target = re.search(r'Target="([^"]+)"', rel).group(1)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def rewrite(
    source: Path,
    target: Path,
    replace: dict[str, bytes | Callable[[zipfile.ZipFile, zipfile.ZipInfo], None]],
) -> Path:
    """Copy `source` to `target`, replacing members (bytes, or a writer for huge members)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in names + [n for n in replace if n not in names]:
            new = replace.get(name)
            if new is None:
                dst.writestr(src.getinfo(name), src.read(name))
            elif isinstance(new, bytes):
                dst.writestr(name, new)
            else:
                new(dst, zipfile.ZipInfo(name))
    return target


def truncated(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def _with_laughs(xml: bytes) -> bytes:
    """Declare the entities before the root element and use the biggest one in the first text."""
    xml = re.sub(rb"^<\?xml[^>]*\?>", b"", xml)
    xml = b'<?xml version="1.0" encoding="UTF-8"?>' + LAUGHS + xml
    if b"<t>" in xml:
        return xml.replace(b"<t>", b"<t>&lol9;", 1)
    return xml.replace(b"<v>", b"<v>&lol9;", 1)


def laughs_in_sheet(source: Path, target: Path, sheet: str) -> Path:
    member = sheet_member(source, sheet)
    with zipfile.ZipFile(source) as zf:
        xml = zf.read(member)
    return rewrite(source, target, {member: _with_laughs(xml)})


def laughs_in_shared_strings(source: Path, target: Path) -> Path:
    strings = f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>x</t></si></sst>'.encode()
    with zipfile.ZipFile(source) as zf:
        types = zf.read("[Content_Types].xml")
    if b"sharedStrings" not in types:
        override = (
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/>'
        )
        types = types.replace(b"</Types>", override.encode() + b"</Types>")
    replace = {"xl/sharedStrings.xml": _with_laughs(strings), "[Content_Types].xml": types}
    return rewrite(source, target, replace)


def zip_bomb(source: Path, target: Path, sheet: str, size: int = GIB + GIB // 8) -> Path:
    """The sheet's XML inflates to `size` bytes of blanks inside <sheetData> (~5 MB zipped)."""
    head = f'<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode()
    tail = b"</sheetData></worksheet>"

    def write(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        info.compress_type = zipfile.ZIP_DEFLATED
        info._compresslevel = 1  # fast to make; the ratio is still ~200:1
        chunk = b" " * (16 * 1024 * 1024)
        with zf.open(info, "w", force_zip64=True) as out:
            out.write(head)
            left = size - len(head) - len(tail)
            while left > 0:
                out.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            out.write(tail)

    return rewrite(source, target, {sheet_member(source, sheet): write})


def million_rows(source: Path, target: Path, sheet: str, rows: int = 1_048_577) -> Path:
    """The sheet keeps its header row and gets data down to one row past Excel's last row
    (1,048,576), one cell each: no workbook Excel can hold looks like this."""
    member = sheet_member(source, sheet)
    with zipfile.ZipFile(source) as zf:
        xml = zf.read(member)
    header = re.search(rb"<row [^>]*r=\"1\".*?</row>", xml, re.S).group(0)
    body = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(2, rows + 1)
    )
    data = f'<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode() + header + body
    return rewrite(source, target, {member: data + b"</sheetData></worksheet>"})


def merged_data_cells(source: Path, target: Path, sheet: str, ranges: list[str]) -> Path:
    """As Excel does it: merging keeps the top-left value and empties the other cells."""
    wb = openpyxl.load_workbook(source)
    for cells in ranges:
        wb[sheet].merge_cells(cells)
    wb.save(target)
    return target


def broken_xml(source: Path, target: Path, sheet: str) -> Path:
    member = sheet_member(source, sheet)
    with zipfile.ZipFile(source) as zf:
        xml = zf.read(member)
    return rewrite(source, target, {member: xml[: len(xml) * 2 // 3]})
