"""Reading the ledger's records from an open department file, with the driver alone.

What the file holds was verified when it was opened (`verify.py`); loading checks the rest (是/否
values, the range of amounts, uniqueness of keys) and names a bad row by table and id. The
queries are derived from the record declarations (`desktop/record_fields.py`), as the tables are;
this module does not need SQLAlchemy, so opening a file does not import it (writes do, through
`records_store.py`).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable
from itertools import islice
from operator import itemgetter
from typing import Any

from desktop.errors import DepartmentFileError
from desktop.record_fields import DECLARATIONS, RecordDecl
from desktop.records import FILE_KINDS, Department, Record

# SQLite stores integers of up to 8 bytes; a larger value is no amount of this program.
MAX_STORED_FEN = 2**63 - 1

TABLE_NAMES = {
    "department": "部门",
    **{d.table: d.title for d in DECLARATIONS},
    "explanation": "出错说明",
    "setting": "表式设置",
    "app_lock": "打开记录",
}


def _where(table: str, key: object) -> str:
    return f"“{TABLE_NAMES.get(table, table)}”表（{table}）中编号为 {key!r} 的行"


def _checked(table: str, column: str, ftype: object, value: object, key: object) -> object:
    """`value` as the record field wants it, or a Chinese error naming the table and row."""
    ftype = str(ftype).replace(" ", "")
    if ftype.startswith("str"):
        if value is None:
            return ""  # a NULL reference is the empty reference
        if isinstance(value, str):
            return value
        raise DepartmentFileError(f"{_where(table, key)}的“{column}”不是文本（{value!r}）。")
    if ftype.startswith("int"):
        if value is None and "None" in ftype:
            return None
        if type(value) is not int:
            what = "空值" if value is None else f"{value!r}"
            raise DepartmentFileError(
                f"{_where(table, key)}的“{column}”不是整数（{what}）：金额必须以整数“分”保存。"
                "文件可能被其他程序改动过，请从备份恢复。"
            )
        if column.endswith("_fen") and abs(value) > MAX_STORED_FEN:
            raise DepartmentFileError(f"{_where(table, key)}的金额超出范围。")
        return value
    return value


def load_department(raw: sqlite3.Connection) -> Department:
    """The file's one department row (`raw`: the driver's connection)."""
    rows = raw.execute("SELECT code, name, fiscal_year, kind FROM department").fetchall()
    if len(rows) != 1:
        raise DepartmentFileError(
            "文件中没有部门信息（“部门”表为空），不是完整的部门预算文件。请从备份恢复。"
        )
    row = rows[0]
    code = _checked("department", "code", "str", row[0], 1)
    name = _checked("department", "name", "str", row[1], 1)
    year = _checked("department", "fiscal_year", "int", row[2], 1)
    kind = _checked("department", "kind", "str", row[3], 1)
    if kind not in FILE_KINDS:
        raise DepartmentFileError(
            f"文件的类别“{kind}”无法识别（应为部门预算或部门决算）。文件可能被其他程序改动过。"
        )
    return Department(code, name, year, kind)  # type: ignore[arg-type]


def load_records(raw: sqlite3.Connection) -> dict[type, dict[Any, Record]]:
    """Every record of the file, by type and key, in their stored order.

    `raw` is the driver's connection inside a read transaction (`DepartmentFile.snapshot()`);
    each row becomes its record with one call: the file was verified when it was opened
    (`verify.check_values`: every integer column holds integers, every text column text, NOT
    NULL holds), so only what verification does not cover is checked per row here.

    Memory: the driver makes a new str for every text value of every row, though a department of
    320,000 lines has a few thousand distinct codes; each value is replaced by the first equal
    one met in this load (`shared`), so the records share them.
    The rows are fetched `FETCH_ROWS` at a time, so the raw rows never exist all at once.
    """
    shared: dict[Any, Any] = {}  # value -> the first equal value of this load
    return {d.record: _load_table(raw, d, shared) for d in DECLARATIONS}


# Rows fetched at a time: large enough that the per-batch overhead vanishes, small enough that
# the raw rows of one batch are a few megabytes.
FETCH_ROWS = 8192


def _load_table(raw: sqlite3.Connection, decl: RecordDecl, shared: dict) -> dict[Any, Record]:
    reader = _reader(decl)
    store: dict[Any, Record] = {}
    cursor = raw.execute(reader.query)
    try:
        while rows := cursor.fetchmany(FETCH_ROWS):
            _check_amounts(reader, decl.table, rows)
            before = len(store)
            store.update(
                zip(
                    map(itemgetter(reader.key_at), rows),
                    _build(reader, decl.record, decl.table, rows, shared),
                    strict=True,
                )
            )
            if len(store) != before + len(rows):
                _refuse_duplicate(decl.table, reader.key_at, rows, set(islice(store, before)))
    finally:
        cursor.close()
    return store


def _check_amounts(reader: _Reader, table: str, rows: list) -> None:
    """SQLite's integers are 8 bytes: of the amounts only -2**63 is too large."""
    for i, _column in reader.amounts:
        if min(map(itemgetter(i), rows)) < -MAX_STORED_FEN:
            key = next(row[reader.key_at] for row in rows if row[i] < -MAX_STORED_FEN)
            raise DepartmentFileError(f"{_where(table, key)}的金额超出范围。")


def _build(reader: _Reader, cls: type, table: str, rows: list, shared: dict) -> list[Record]:
    """The records of `rows`, their shared values (texts, ids, orders) taken from `shared`."""
    columns: list[Iterable] = list(zip(*rows, strict=True))
    share = shared.setdefault
    for i in reader.shared:
        columns[i] = map(share, columns[i], columns[i])
    if not reader.booleans:
        return list(map(cls, *columns))
    built = []
    key_at = reader.key_at
    for values in map(list, zip(*columns, strict=True)):
        for i, column in reader.booleans:
            values[i] = _bool(table, column, values[i], values[key_at])
        built.append(cls(*values))
    return built


def _refuse_duplicate(table: str, key_at: int, rows: list, earlier: set) -> None:
    """The first row of `rows` whose key an earlier row (of `rows` or `earlier`) has."""
    for row in rows:
        if row[key_at] in earlier:
            raise DepartmentFileError(
                f"{_where(table, row[key_at])}出现了不止一次（编号重复）。"
                "文件可能被其他程序改动过，请从备份恢复。"
            )
        earlier.add(row[key_at])
    raise AssertionError("no duplicate key in the rows")


@dataclasses.dataclass(frozen=True)
class _Reader:
    """The SELECT of one record type (columns in the record's field order, a NULL reference read
    as empty text), the values checked as they are read: (position, column), and the positions
    of the values shared between records (the texts)."""

    query: str
    key_at: int
    booleans: tuple[tuple[int, str], ...]
    amounts: tuple[tuple[int, str], ...]
    shared: tuple[int, ...]


def _bool(table: str, column: str, value: object, key: object) -> bool:
    if value in (0, 1) and not isinstance(value, float):
        return bool(value)
    raise DepartmentFileError(f"{_where(table, key)}的“{column}”不是是/否值（{value!r}）。")


_READERS: dict[type, _Reader] = {}


def _reader(decl: RecordDecl) -> _Reader:
    """How `decl.record` is read (made once per record type). The record's fields must be
    exactly the declared ones, in the same order: each row is passed to the record
    positionally."""
    cls = decl.record
    found = _READERS.get(cls)
    if found is not None:
        return found
    fields = dataclasses.fields(cls)
    names = [f.name for f in fields]
    if names != [f.name for f in decl.fields]:
        raise AssertionError(f"{cls.__name__}: fields and stored columns differ")
    columns, booleans, amounts, shared = [], [], [], []
    for i, (field, declared) in enumerate(zip(fields, decl.fields, strict=True)):
        column = declared.stored_as
        ftype = str(field.type).replace(" ", "")
        nullable = declared.nullable and not declared.primary_key
        if ftype.startswith("str") and nullable:
            columns.append(f"coalesce({column}, '')")  # a NULL reference is the empty reference
        else:
            columns.append(column)
        if ftype == "bool":
            booleans.append((i, column))
        elif ftype.startswith("int") and column.endswith("_fen"):
            amounts.append((i, column))  # amounts are rarely equal: not worth sharing
        elif ftype.startswith("str"):
            # Codes and names repeat across thousands of rows; ids and orders are nearly all
            # distinct, and sharing them would cost a dict entry per row for little memory.
            shared.append(i)
    key_column = decl.key.stored_as
    order = [key_column]
    if any(f.stored_as == "sort_order" for f in decl.fields):
        order.insert(0, "sort_order")
    found = _READERS[cls] = _Reader(
        f"SELECT {', '.join(columns)} FROM {decl.table} ORDER BY {', '.join(order)}",
        names.index(decl.key.name),
        tuple(booleans),
        tuple(amounts),
        tuple(shared),
    )
    return found
