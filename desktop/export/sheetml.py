"""Streaming SheetML rows for the large flat sheets, spliced into the sheet XML openpyxl wrote.

openpyxl spends ~6 µs on every cell it streams; a flat sheet of 20,000 line items has 230,000
cells. Here openpyxl still writes everything around the rows (sheet properties, columns, frozen
header, header rows, print setup, styles, the package), and only the body rows are written as
plain SheetML text, the same elements openpyxl would write: inline strings (never formulas) and
numbers with an optional style index. Text Excel cannot hold is refused with a Chinese message
naming the cell, never truncated or altered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from openpyxl.utils import get_column_letter

from desktop.errors import BudgetError

# Excel keeps at most 32,767 characters in a cell (openpyxl would cut the rest silently).
TEXT_LIMIT = 32767
# Characters XML 1.0 cannot carry at all (openpyxl raises IllegalCharacterError on the first set).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Anything needing a second look: markup characters, CR (a parser would turn it into LF) and
# the illegal ones.
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A row's texts joined by a private-use character: a match means some text of the row needs the
# careful way (a special character, white space at either end); no match proves none does.
_SEP = "\ue000"
_ROW_NEEDS_CARE = re.compile(
    "[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|(?:^|\ue000)\\s|\\s(?:\ue000|\\Z)"
)
_CLOSE = b"</sheetData>"
_EMPTY = b"<sheetData/>"
_CHUNK_ROWS = 2000


@dataclass(frozen=True)
class BodyColumn:
    """A column of streamed rows: its title (for messages) and the style index of its numbers."""

    title: str
    number_style: int | None = None


class SheetTextError(BudgetError):
    """A value that an Excel cell cannot hold exactly."""


def escape_text(value: str) -> str:
    """`value` as the content of a <t> element: markup escaped, CR kept as a reference."""
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


class NumberText(str):
    """A number's <v> text, formatted already (`number_text`'s form): written as a number."""

    __slots__ = ()


def number_text(value: int | Decimal) -> str:
    """The <v> text of a number: plain notation, no trailing decimal zeros (427500, 1234.5)."""
    if value.__class__ is NumberText:
        return value  # type: ignore[return-value]
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError(f"not a number for a cell: {value!r}")
    if isinstance(value, int):
        return str(value)
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _RowWriter:
    def __init__(self, sheet: str, columns: Sequence[BodyColumn]) -> None:
        self.sheet = sheet
        self.columns = columns
        self.letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
        self.styles = ["" if c.number_style is None else f' s="{c.number_style}"' for c in columns]

    def _refuse(self, row: int, col: int, why: str) -> SheetTextError:
        return SheetTextError(
            f"工作表“{self.sheet}”第 {row} 行 {self.letters[col]} 列"
            f"（{self.columns[col].title}）的内容{why}，无法原样写入 Excel；"
            "请在软件中修改该项后再导出。"
        )

    def _text(self, value: str, row: int, col: int) -> str:
        if len(value) > TEXT_LIMIT:
            raise self._refuse(row, col, f"超过 {TEXT_LIMIT} 个字符")
        space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
        if _SPECIAL.search(value):
            if _ILLEGAL.search(value):
                raise self._refuse(row, col, "含有不可见的控制字符")
            value = escape_text(value)
        return f"<t{space}>{value}</t>"

    def row(self, r: int, values: Sequence[object]) -> str:
        letters = self.letters
        if len(values) != len(letters):
            raise ValueError(f"row {r} has {len(values)} values for {len(letters)} columns")
        n = str(r)
        joined = _SEP.join([v for v in values if v.__class__ is str])
        if len(joined) <= TEXT_LIMIT and not _ROW_NEEDS_CARE.search(joined):
            # Every text as it is: the cells in one pass.
            cells = "".join(
                [
                    f'<c r="{letter}{n}" t="inlineStr"><is><t>{v}</t></is></c>'
                    if v.__class__ is str
                    else f'<c r="{letter}{n}"{style} t="n"><v>{number_text(v)}</v></c>'  # type: ignore[arg-type]
                    for letter, style, v in zip(letters, self.styles, values, strict=True)
                    if v is not None and v != ""
                ]
            )
            return f'<row r="{n}">{cells}</row>'
        parts = ['<row r="', n, '">']
        append = parts.append
        plain = not _SPECIAL.search("".join([v for v in values if v.__class__ is str]))
        for col, value in enumerate(values):
            if value.__class__ is str:
                if not value:
                    continue  # an empty cell is simply absent
                if (
                    plain
                    and len(value) <= TEXT_LIMIT
                    and not (value[0].isspace() or value[-1].isspace())
                ):
                    text = "<t>" + value + "</t>"  # type: ignore[operator]
                else:
                    text = self._text(value, r, col)  # type: ignore[arg-type]
                append(f'<c r="{letters[col]}{n}" t="inlineStr"><is>{text}</is></c>')
            elif value is None or value == "":
                continue
            else:
                text = number_text(value)  # type: ignore[arg-type]
                append(f'<c r="{letters[col]}{n}"{self.styles[col]} t="n"><v>{text}</v></c>')
        append("</row>")
        return "".join(parts)

    def styled_row(self, r: int, cells: Sequence[tuple[object, int] | None]) -> str:
        """A row of a printed grid as openpyxl writes it: every cell (value, style index), a
        number as openpyxl formats it ("%.16g"), no value an empty styled cell, None no cell."""
        letters = self.letters
        n = str(r)
        texts = [c[0] for c in cells if c is not None and c[0].__class__ is str]
        joined = _SEP.join(texts)  # type: ignore[arg-type]
        if len(joined) <= TEXT_LIMIT and not _ROW_NEEDS_CARE.search(joined):
            # Every text as it is: the cells in one pass.
            row = "".join(
                [
                    ""
                    if c is None
                    else f'<c r="{letter}{n}" s="{c[1]}" t="inlineStr"><is><t>{c[0]}</t></is></c>'
                    if c[0].__class__ is str and c[0]
                    else f'<c r="{letter}{n}" s="{c[1]}" t="n"></c>'
                    if c[0] is None or c[0] == ""
                    else f'<c r="{letter}{n}" s="{c[1]}" t="n"><v>{_grid_number(c[0])}</v></c>'
                    for letter, c in zip(letters, cells, strict=False)
                ]
            )
            return f'<row r="{n}">{row}</row>'
        parts = ['<row r="', n, '">']
        plain = not _SPECIAL.search("".join(texts))  # type: ignore[arg-type]
        for col, cell in enumerate(cells):
            if cell is None:
                continue
            value, style = cell
            ref = letters[col] + n
            if value.__class__ is str and value:
                if (
                    plain
                    and len(value) <= TEXT_LIMIT
                    and not (  # type: ignore[arg-type]
                        value[0].isspace() or value[-1].isspace()  # type: ignore[index]
                    )
                ):
                    text = "<t>" + value + "</t>"  # type: ignore[operator]
                else:
                    text = self._text(value, r, col)  # type: ignore[arg-type]
                parts.append(f'<c r="{ref}" s="{style}" t="inlineStr"><is>{text}</is></c>')
            elif value is None or value == "":
                parts.append(f'<c r="{ref}" s="{style}" t="n"></c>')
            else:
                number = _grid_number(value)
                parts.append(f'<c r="{ref}" s="{style}" t="n"><v>{number}</v></c>')
        parts.append("</row>")
        return "".join(parts)


def plain_texts(texts: list[str]) -> bool:
    """True when every text of a row can be written as it is (no markup, control character or
    carriage return, no white space at either end, none too long for a cell)."""
    joined = _SEP.join(texts)
    return len(joined) <= TEXT_LIMIT and not _ROW_NEEDS_CARE.search(joined)


def _grid_number(value: object) -> str:
    """A grid's number as openpyxl writes it: its safe_string, through float to 16 digits (a
    Decimal formats otherwise); a `NumberText` is that text already."""
    if value.__class__ is NumberText:
        return value  # type: ignore[return-value]
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError(f"not a number for a cell: {value!r}")
    return "%.16g" % value  # noqa: UP031


grid_number = _grid_number


def styled_rows(
    sheet: str, titles: Sequence[str]
) -> Callable[[int, Sequence[tuple[object, int] | None]], str]:
    """A renderer of styled grid rows for `sheet` whose columns are named `titles` (for
    messages): `render(sheet_row, cells)` gives the row's SheetML text."""
    return _RowWriter(sheet, [BodyColumn(t) for t in titles]).styled_row


def write_rows(
    out: BinaryIO,
    sheet: str,
    rows: Iterable[Sequence[object]],
    first_row: int,
    columns: Sequence[BodyColumn],
) -> int:
    """Write `rows` as UTF-8 <row> elements numbered from `first_row`; returns the row count.

    A value is a `str` (inline text, taken literally), an `int`, `Decimal` or `NumberText` (a
    number, styled with its column's `number_style`), or None / "" (no cell).
    """
    writer = _RowWriter(sheet, columns)
    chunk: list[str] = []
    count = 0
    for count, values in enumerate(rows, start=1):
        chunk.append(writer.row(first_row + count - 1, values))
        if len(chunk) >= _CHUNK_ROWS:
            out.write("".join(chunk).encode("utf-8"))
            chunk.clear()
    if chunk:
        out.write("".join(chunk).encode("utf-8"))
    return count


def can_splice(ws) -> bool:  # noqa: ANN001 - openpyxl write-only worksheet
    """True when this openpyxl streams `ws` to a file we can finish (checked before writing)."""
    writer = getattr(ws, "_writer", None)
    return isinstance(getattr(writer, "out", None), str) and callable(getattr(ws, "close", None))


def splice_rows(
    ws,  # noqa: ANN001 - openpyxl write-only worksheet, rows so far already appended
    rows: Iterable[Sequence[object]],
    first_row: int,
    columns: Sequence[BodyColumn],
) -> int:
    """Close the streamed sheet `ws` and insert `rows` at the end of its <sheetData>.

    Everything openpyxl wrote (header rows, merges, print setup) stays as it is; `first_row` must
    follow the last row appended through openpyxl. Returns the number of rows written.
    """
    return _splice(ws, lambda out: write_rows(out, ws.title, rows, first_row, columns))


def splice_text(ws, rows: Iterable[str]) -> int:  # noqa: ANN001 - openpyxl write-only worksheet
    """As `splice_rows`, for rows already rendered (`styled_rows`), in sheet order after the
    rows openpyxl wrote. Returns the number of rows written."""

    def write(out: BinaryIO) -> int:
        count = 0
        chunk: list[str] = []
        for row in rows:
            count += 1
            chunk.append(row)
            if len(chunk) >= _CHUNK_ROWS:
                out.write("".join(chunk).encode("utf-8"))
                chunk.clear()
        out.write("".join(chunk).encode("utf-8"))
        return count

    return _splice(ws, write)


def _splice(ws, write: Callable[[BinaryIO], int]) -> int:  # noqa: ANN001 - openpyxl sheet
    ws.close()
    path = Path(ws._writer.out)  # noqa: SLF001 - the sheet XML openpyxl puts into the package
    xml = path.read_bytes()  # small: the rows are not in it yet
    cut = xml.rfind(_CLOSE)
    if cut >= 0:
        head, tail = xml[:cut], xml[cut:]
    else:
        cut = xml.find(_EMPTY)
        if cut < 0:
            raise BudgetError("内部错误：Excel 工作表的结构与预期不同，无法写入明细行。")
        head, tail = xml[:cut] + b"<sheetData>", _CLOSE + xml[cut + len(_EMPTY) :]
    with path.open("wb") as out:
        out.write(head)
        count = write(out)
        out.write(tail)
    return count
