"""A fast reader for the flat sheets of a workbook: the values openpyxl's read-only mode yields.

openpyxl's `iter_rows(values_only=True)` spends most of an import in its per-cell parsing (a dict
per cell, and a `Text.from_tree` object model for every inline string). The flat sheets we write
hold only plain cells: inline strings, numbers, now and then shared strings, booleans or cached
`str` results. Those are read here with lxml's `iterparse` and typed exactly as openpyxl types them
with `data_only=True`; anything else (dates, errors, formulas, cells without a reference, unknown
elements) makes `fast_rows` return None and the caller reads the sheet with openpyxl as before.

The rows of a sheet written the way this program (and Excel) writes them — `<row r=…>` holding
`<c r= s= t=>` cells with one `<v>` or a plain `<is><t>` — are matched with regular expressions
straight from the bytes, a few MiB at a time, without building a tree; the first thing that does
not fit (another attribute, rich text, a namespace prefix, a literal carriage return) sends the
sheet to the lxml reader. The guard (xlsx_guard.py) has already checked the XML is well formed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from operator import itemgetter

from lxml import etree
from openpyxl.cell.text import Text
from openpyxl.utils.cell import column_index_from_string
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

_NS = f"{{{SHEET_MAIN_NS}}}"
_ROW = f"{_NS}row"
_CELL = f"{_NS}c"
_VALUE = f"{_NS}v"
_INLINE = f"{_NS}is"
_TEXT = f"{_NS}t"
_DIGITS = "0123456789"


class _Unsupported(Exception):
    """Something openpyxl handles that this reader does not: the sheet is read by openpyxl."""


def fast_rows(ws, min_row: int) -> Iterator[tuple] | None:  # noqa: ANN001 - ReadOnlyWorksheet
    """The rows `ws.iter_rows(min_row=min_row, values_only=True)` yields, or None when the
    sheet holds something only openpyxl should interpret (then nothing has been yielded)."""
    parent = getattr(ws, "parent", None)
    if not getattr(parent, "data_only", False) or not hasattr(ws, "_worksheet_path"):
        return None
    try:
        return iter(_read(ws, min_row, parent))
    # Any surprise (including what openpyxl itself would raise on) is left to openpyxl, which then
    # behaves exactly as it did before this reader existed.
    except Exception:  # noqa: BLE001
        return None


def _read(ws, min_row: int, parent) -> list:  # noqa: ANN001
    try:
        return _read_plain(ws, min_row, parent)
    except _Unsupported:
        return _read_tree(ws, min_row, parent)


_CHUNK = 4 * 1024 * 1024
_DATA_OPEN, _DATA_EMPTY, _DATA_CLOSE = b"<sheetData>", b"<sheetData/>", b"</sheetData>"
_ROW_RE = re.compile(rb'<row r="(\d+)"(?: [^<>/]*)?(?:/>|>(.*?)</row>)', re.S)
_CELL_RE = re.compile(
    rb'<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="(\w+)")?'
    rb'(?:/>|>(?:<is><t(?: xml:space="preserve")?>([^<]*)</t></is>|<v>([^<]*)</v>)?</c>)'
)
# The same cell with the whole of it as the first group (to prove the cells of a row fill it)
# and the start of inline text as a group of its own (an empty <t></t> is "", no <is> None).
_WHOLE_CELL_RE = re.compile(
    rb'(<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="(\w+)")?'
    rb'(?:/>|>(?:(<is><t(?: xml:space="preserve")?>)([^<]*)</t></is>|<v>([^<]*)</v>)?</c>))'
)
_ROW_START = re.compile(rb'<row r="(\d+)"(?: [^<>/]*)?>')
_ROW_END = b"</row>"
_FIRST = itemgetter(0)
_REFERENCE = re.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_FLOAT = re.compile(rb"-?[0-9]+\.[0-9]+")  # what float() reads as openpyxl does (no exponent)


def _reference(m: re.Match) -> str:
    name = m.group(1)
    if name[0] != "#":
        return _NAMED[name]
    return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))


def _text(raw: bytes) -> str:
    """The character data of an element as an XML parser gives it."""
    if b"\r" in raw:
        raise _Unsupported("a literal carriage return")  # the parser turns it into a line feed
    text = raw.decode("utf-8")
    return _REFERENCE.sub(_reference, text) if "&" in text else text


def _read_plain(ws, min_row: int, parent) -> list:  # noqa: ANN001
    """The rows by regular expressions, or _Unsupported before anything is yielded."""
    max_col, max_row = ws.max_column, ws.max_row
    empty_row: tuple | list = (None,) * max_col if max_col is not None else []
    cells = _CellReader(ws._shared_strings, parent._date_formats)
    out: list = []
    counter, idx = min_row, 1  # as in _read_tree
    with parent._archive.open(ws._worksheet_path) as src:
        buf = src.read(_CHUNK)
        declaration = buf[:200].split(b"?>", 1)[0] if buf.startswith(b"<?xml") else b""
        if b"encoding" in declaration and not re.search(rb"encoding=.(?i:utf-8)", declaration):
            raise _Unsupported("not UTF-8")
        while _DATA_OPEN not in buf and _DATA_EMPTY not in buf:
            more = src.read(_CHUNK)
            if not more or len(buf) > 16 * _CHUNK:
                raise _Unsupported("no sheetData")
            buf += more
        empty = buf.find(_DATA_EMPTY)
        start = buf.find(_DATA_OPEN)
        if empty >= 0 and (start < 0 or empty < start):
            head, buf, rest = buf[:empty], b"", buf[empty + len(_DATA_EMPTY) :]
        else:
            head, buf, rest = buf[:start], buf[start + len(_DATA_OPEN) :], None
        stop = False
        while rest is None:
            end = buf.find(_DATA_CLOSE)
            if end >= 0:
                segment, rest = buf[:end], buf[end + len(_DATA_CLOSE) :]
            else:
                cut = buf.rfind(b"<row ")
                segment, buf = (buf[:cut], buf[cut:]) if cut > 0 else (b"", buf)
            for number, values in cells.segment_rows(segment, max_col):
                if stop:
                    continue  # openpyxl stops at max_row; the rest still has to be plain
                idx = number
                if max_row is not None and idx > max_row:
                    stop = True
                    continue
                while counter < idx:  # rows missing from the XML
                    out.append(empty_row)
                    counter += 1
                if counter == idx:
                    out.append(values)
                    counter += 1
            if rest is None:
                more = src.read(_CHUNK)
                if not more:
                    raise _Unsupported("no end of sheetData")
                buf += more
        rest += src.read()  # what follows the rows: small
    if max_row is not None and max_row < idx:
        out.extend([empty_row] * (max_row + 1 - counter))
    _check_rest(etree.fromstring(head + _DATA_EMPTY + rest))
    return out


def _read_tree(ws, min_row: int, parent) -> list:  # noqa: ANN001
    max_col, max_row = ws.max_column, ws.max_row
    empty_row: tuple | list = (None,) * max_col if max_col is not None else []
    cells = _CellReader(ws._shared_strings, parent._date_formats)
    out: list = []
    counter, idx = min_row, 1  # as in openpyxl's ReadOnlyWorksheet._cells_by_row
    with parent._archive.open(ws._worksheet_path) as src:
        context = etree.iterparse(
            src,
            events=("end",),
            tag=_ROW,
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        row = None
        for _event, row in context:
            r = row.get("r")
            if r is None or not (r.isascii() and r.isdigit()):
                raise _Unsupported(f"row number {r!r}")
            idx = int(r)
            values = cells.row(row, max_col)
            # Bounded memory: the row and the rows before it leave the tree.
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
            if max_row is not None and idx > max_row:
                break
            while counter < idx:  # rows missing from the XML
                out.append(empty_row)
                counter += 1
            if counter == idx:
                out.append(values)
                counter += 1
        # After a break `context.root` is not set yet; the partial tree is what openpyxl read too.
        root = context.root if row is None else row.getroottree().getroot()
    if max_row is not None and max_row < idx:
        out.extend([empty_row] * (max_row + 1 - counter))
    _check_rest(root)
    return out


def _check_rest(root) -> None:  # noqa: ANN001 - lxml element
    """Let openpyxl parse what remains of the sheet (everything but the rows): what it refuses
    there (a broken page setup, say) still ends in openpyxl's own error."""
    source = io.BytesIO(etree.tostring(root))
    for _row in WorkSheetParser(source, []).parse():
        pass


class _CellReader:
    """Cell values of one row, typed as openpyxl's WorkSheetParser types them (data_only)."""

    def __init__(self, shared_strings, date_formats) -> None:  # noqa: ANN001
        self.shared = shared_strings
        self.date_formats = date_formats
        self.date_styles = {str(n).encode("ascii") for n in date_formats}
        self.number_styles: set[bytes] = set()  # s attributes seen that are no date format
        self.columns: dict = {}  # column letters (str or bytes) -> number

    def column(self, ref: str) -> int:
        letters = ref.rstrip(_DIGITS)
        if len(letters) == len(ref):
            raise _Unsupported(f"cell reference {ref!r}")
        col = self.columns.get(letters)
        if col is None:
            if not (letters.isascii() and letters.isalpha() and letters.isupper()):
                raise _Unsupported(f"cell reference {ref!r}")
            col = self.columns[letters] = column_index_from_string(letters)
        return col

    def row(self, row, max_col: int | None) -> tuple:  # noqa: ANN001 - lxml element
        placed: list[tuple[int, object]] = []
        for c in row:
            if c.tag != _CELL:
                raise _Unsupported(f"element {c.tag!r} in a row")
            ref = c.get("r")
            if ref is None:
                raise _Unsupported("cell without a reference")
            placed.append((self.column(ref), self.value(c)))
        if not placed and not max_col:
            return ()
        width = max_col or placed[-1][0]
        values: list = [None] * width
        for col, value in placed:
            if col <= width:
                values[col - 1] = value
        return tuple(values)

    def segment_rows(self, segment: bytes, max_col: int | None) -> list[tuple[int, tuple]]:
        """(row number, values) of each row in `segment` (whole rows, nothing between them),
        or _Unsupported. Split at each </row> (no regular expression over the whole text)
        when every row has a body and the sheet declares its width; otherwise row by row."""
        pieces = segment.split(_ROW_END)
        if not max_col or pieces[-1]:
            return self._matched_rows(segment, max_col)
        found = []
        start, row = _ROW_START.match, self.wide_row
        for piece in pieces[:-1]:
            m = start(piece)
            if m is None:  # a row without a body, something between rows: the careful way
                return self._matched_rows(segment, max_col)
            found.append((int(m.group(1)), row(piece, m.end(), max_col)))
        return found

    def _matched_rows(self, segment: bytes, max_col: int | None) -> list[tuple[int, tuple]]:
        found = []
        pos = 0
        for m in _ROW_RE.finditer(segment):
            if m.start() != pos:
                raise _Unsupported("something between rows")
            pos = m.end()
            found.append((int(m.group(1)), self.plain_row(m.group(2) or b"", max_col)))
        if pos != len(segment):
            raise _Unsupported("something between rows")
        return found

    def wide_row(self, piece: bytes, begin: int, width: int) -> tuple:
        """`plain_row` for the cells of `piece` from `begin` on, `width` > 0 values."""
        cells = _WHOLE_CELL_RE.findall(piece, begin)
        if sum(map(len, map(_FIRST, cells))) != len(piece) - begin:
            raise _Unsupported("something in a row")
        values: list = [None] * width
        columns, plain = self.columns, self.number_styles
        for _whole, letters, style, kind, opened, inline, v in cells:
            col = columns.get(letters) or self._column_of(letters)
            # The two common cells inline: plain text, and a number not styled as a date.
            if opened and kind == b"inlineStr" and b"&" not in inline and b"\r" not in inline:
                value: object = inline.decode()
            elif v and (kind == b"n" or not kind) and (style in plain or self._no_date(style)):
                if v.isdigit():
                    value = int(v)
                elif _FLOAT.fullmatch(v):
                    value = float(v)
                else:
                    value = self.plain_value(style or None, b"n", None, v)
            else:
                value = self.plain_value(
                    style or None, kind or b"n", inline if opened else None, v or None
                )
            if col <= width:
                values[col - 1] = value
        return tuple(values)

    def _column_of(self, letters: bytes) -> int:
        col = self.columns[letters] = self.column(letters.decode("ascii") + "1")
        return col

    def _no_date(self, style: bytes) -> bool:
        """True (and remembered) when cells of style `style` are no dates."""
        if style and int(style) in self.date_formats:
            return False
        self.number_styles.add(style)
        return True

    def plain_row(self, body: bytes, max_col: int | None) -> tuple:
        """`row` for the bytes between <row> and </row>, matched by regular expressions."""
        placed: list[tuple[int, object]] = []
        pos = 0
        columns, dates = self.columns, self.date_styles
        for m in _CELL_RE.finditer(body):
            if m.start() != pos:
                raise _Unsupported("something in a row")
            pos = m.end()
            letters, style, kind, inline, v = m.groups()
            col = columns.get(letters)
            if col is None:
                col = columns[letters] = self.column(letters.decode("ascii") + "1")
            # The two common cells inline: plain text, and a number not styled as a date.
            if inline is not None and kind == b"inlineStr" and b"&" not in inline:
                if b"\r" in inline:
                    raise _Unsupported("a literal carriage return")
                placed.append((col, inline.decode("utf-8")))
            elif v and kind is None and style not in dates and v.isdigit():
                placed.append((col, int(v)))
            elif v and kind is None and style not in dates and _FLOAT.fullmatch(v):
                placed.append((col, float(v)))
            else:
                placed.append((col, self.plain_value(style, kind or b"n", inline, v)))
        if pos != len(body):
            raise _Unsupported("something in a row")
        if not placed and not max_col:
            return ()
        width = max_col or placed[-1][0]
        values: list = [None] * width
        for col, value in placed:
            if col <= width:
                values[col - 1] = value
        return tuple(values)

    def plain_value(
        self, style: bytes | None, kind: bytes, inline: bytes | None, v: bytes | None
    ) -> object:
        """`value` from the matched parts of a cell."""
        if kind == b"inlineStr":
            return None if inline is None else _text(inline)
        if inline is not None:
            raise _Unsupported("inline text in a cell of another type")
        if not v:
            return None
        text = _text(v)
        if kind == b"n":
            if style and int(style) in self.date_formats:
                raise _Unsupported("a date")
            if "." in text or "E" in text or "e" in text:
                return float(text)
            return int(text)
        if kind == b"s":
            return self.shared[int(text)]
        if kind == b"str":
            return text
        if kind == b"b":
            return bool(int(text))
        raise _Unsupported(f"cell type {kind!r}")

    def value(self, c) -> object:  # noqa: ANN001 - lxml element
        kind = c.get("t", "n")
        style = c.get("s")
        # openpyxl converts the style of every cell (and fails on garbage).
        style = int(style) if style else 0
        v = inline = None
        for child in c:
            tag = child.tag
            if tag == _VALUE and v is None:
                v = child
            elif tag == _INLINE and inline is None and kind == "inlineStr":
                inline = child
            else:  # a formula, a second value, extensions: openpyxl's business
                raise _Unsupported(f"element {tag!r} in a cell")
        if kind == "inlineStr":
            return None if inline is None else _inline_text(inline)
        text = v.text if v is not None else None
        if not text:
            return None
        if kind == "n":
            if style in self.date_formats:
                raise _Unsupported("a date")
            if "." in text or "E" in text or "e" in text:
                return float(text)
            return int(text)
        if kind == "s":
            return self.shared[int(text)]
        if kind == "str":
            return text
        if kind == "b":
            return bool(int(text))
        raise _Unsupported(f"cell type {kind!r}")


def _inline_text(inline) -> str:  # noqa: ANN001 - lxml element
    """The text of an <is> element: its one <t> directly, anything richer through openpyxl."""
    if len(inline) == 1:
        t = inline[0]
        if t.tag == _TEXT and len(t) == 0:
            return t.text or ""
    return Text.from_tree(inline).content
