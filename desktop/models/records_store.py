"""Reading and writing the ledger's records: the only place that maps records to rows.

A damaged or hand-edited file is refused with the table and id of the bad row instead of reaching
the roll-up: opening verifies the types of all stored values (`verify.py`), loading checks the rest
(是/否 values, the range of amounts, uniqueness of keys).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from itertools import islice
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update

from desktop.errors import DepartmentFileError
from desktop.models import schema
from desktop.record_fields import DECLARATIONS
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


@dataclasses.dataclass(frozen=True)
class Mapping:
    """How one record type is stored: its table, key column and field ↔ column names."""

    table: Table
    key_column: str
    fields: dict[str, str]  # record field -> column
    autoincrement: bool

    @functools.cached_property
    def _columns(self) -> tuple[tuple[str, str, bool], ...]:
        """(field, column, is a foreign key) of each field: looked up once, not per row."""
        return tuple(
            (fld, col, bool(self.table.c[col].foreign_keys)) for fld, col in self.fields.items()
        )

    def to_row(self, record: Record) -> dict[str, Any]:
        row = {}
        for fld, col, reference in self._columns:
            value = getattr(record, fld)
            if value.__class__ is bool:
                value = int(value)
            elif reference and value == "":
                value = None  # an empty reference is NULL, so the foreign key holds
            row[col] = value
        return row


def _where(table: Table, key: object) -> str:
    return f"“{TABLE_NAMES.get(table.name, table.name)}”表（{table.name}）中编号为 {key!r} 的行"


def _checked(table: Table, column: str, ftype: object, value: object, key: object) -> object:
    """`value` as the record field wants it, or a Chinese error naming the table and row."""
    ftype = str(ftype).replace(" ", "")
    if ftype in ("bool",):
        if value in (0, 1) and not isinstance(value, float):
            return bool(value)
        raise DepartmentFileError(f"{_where(table, key)}的“{column}”不是是/否值（{value!r}）。")
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


MAPPINGS: dict[type, Mapping] = {
    d.record: Mapping(
        schema.metadata.tables[d.table],
        d.key.stored_as,
        {f.name: f.stored_as for f in d.fields},
        d.autoincrement,
    )
    for d in DECLARATIONS
}


def load_department(conn: Connection) -> Department:
    rows = conn.execute(select(schema.department)).mappings().all()
    if len(rows) != 1:
        raise DepartmentFileError(
            "文件中没有部门信息（“部门”表为空），不是完整的部门预算文件。请从备份恢复。"
        )
    row = rows[0]
    code = _checked(schema.department, "code", "str", row["code"], 1)
    name = _checked(schema.department, "name", "str", row["name"], 1)
    year = _checked(schema.department, "fiscal_year", "int", row["fiscal_year"], 1)
    kind = _checked(schema.department, "kind", "str", row["kind"], 1)
    if kind not in FILE_KINDS:
        raise DepartmentFileError(
            f"文件的类别“{kind}”无法识别（应为部门预算或部门决算）。文件可能被其他程序改动过。"
        )
    return Department(code, name, year, kind)  # type: ignore[arg-type]


def load_records(conn: Connection) -> dict[type, dict[Any, Record]]:
    """Every record of the file, by type and key, in their stored order.

    The rows are fetched with the driver's own cursor, inside the read transaction `conn` has
    begun, and each becomes its record with one call: the file was verified when it was opened
    (`verify.check_values`: every integer column holds integers, every text column text, NOT
    NULL holds), so only what verification does not cover is checked per row here.

    Memory: the driver makes a new str for every text value of every row, though a department of
    320,000 lines has a few thousand distinct codes; each value is replaced by the first equal
    one met in this load (`shared`), and likewise the ids and orders, so the records share them.
    The rows are fetched `FETCH_ROWS` at a time, so the raw rows never exist all at once.
    """
    raw = conn.connection.dbapi_connection
    assert raw is not None
    conn.exec_driver_sql("SELECT 1").close()  # the read transaction (BEGIN) has started
    stores: dict[type, dict[Any, Record]] = {}
    shared: dict[Any, Any] = {}  # value -> the first equal value of this load
    for cls, mapping in MAPPINGS.items():
        stores[cls] = _load_table(raw, cls, mapping, shared)
    return stores


# Rows fetched at a time: large enough that the per-batch overhead vanishes, small enough that
# the raw rows of one batch are a few megabytes.
FETCH_ROWS = 8192


def _load_table(raw: Any, cls: type, mapping: Mapping, shared: dict) -> dict[Any, Record]:
    reader = _reader(cls, mapping)
    store: dict[Any, Record] = {}
    cursor = raw.execute(reader.query)
    try:
        while rows := cursor.fetchmany(FETCH_ROWS):
            _check_amounts(reader, mapping.table, rows)
            before = len(store)
            store.update(
                zip(
                    map(itemgetter(reader.key_at), rows),
                    _build(reader, cls, mapping.table, rows, shared),
                    strict=True,
                )
            )
            if len(store) != before + len(rows):
                _refuse_duplicate(mapping.table, reader.key_at, rows, set(islice(store, before)))
    finally:
        cursor.close()
    return store


def _check_amounts(reader: _Reader, table: Table, rows: list) -> None:
    """SQLite's integers are 8 bytes: of the amounts only -2**63 is too large."""
    for i, _column in reader.amounts:
        if min(map(itemgetter(i), rows)) < -MAX_STORED_FEN:
            key = next(row[reader.key_at] for row in rows if row[i] < -MAX_STORED_FEN)
            raise DepartmentFileError(f"{_where(table, key)}的金额超出范围。")


def _build(reader: _Reader, cls: type, table: Table, rows: list, shared: dict) -> list[Record]:
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


def _refuse_duplicate(table: Table, key_at: int, rows: list, earlier: set) -> None:
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
    of the values shared between records (texts and whole numbers but amounts)."""

    query: str
    key_at: int
    booleans: tuple[tuple[int, str], ...]
    amounts: tuple[tuple[int, str], ...]
    shared: tuple[int, ...]


def _bool(table: Table, column: str, value: object, key: object) -> bool:
    if value in (0, 1) and not isinstance(value, float):
        return bool(value)
    raise DepartmentFileError(f"{_where(table, key)}的“{column}”不是是/否值（{value!r}）。")


_READERS: dict[type, _Reader] = {}


def _reader(cls: type, mapping: Mapping) -> _Reader:
    """How `cls` is read (made once per record type). The record's fields must be exactly the
    mapped ones, in the same order: each row is passed to the record positionally."""
    found = _READERS.get(cls)
    if found is not None:
        return found
    fields = dataclasses.fields(cls)
    names = [f.name for f in fields]
    if names != list(mapping.fields):
        raise AssertionError(f"{cls.__name__}: fields and stored columns differ")
    table = mapping.table
    columns, booleans, amounts, shared = [], [], [], []
    for i, field in enumerate(fields):
        column = mapping.fields[field.name]
        ftype = str(field.type).replace(" ", "")
        if ftype.startswith("str") and table.c[column].nullable:
            columns.append(f"coalesce({column}, '')")  # a NULL reference is the empty reference
        else:
            columns.append(column)
        if ftype == "bool":
            booleans.append((i, column))
        elif ftype.startswith("int") and column.endswith("_fen"):
            amounts.append((i, column))  # amounts are rarely equal: not worth sharing
        elif ftype.startswith(("str", "int")):
            shared.append(i)
    order = [mapping.key_column]
    if "sort_order" in table.c:
        order.insert(0, "sort_order")
    found = _READERS[cls] = _Reader(
        f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY {', '.join(order)}",
        names.index(_key_field(mapping)),
        tuple(booleans),
        tuple(amounts),
        tuple(shared),
    )
    return found


def _key_field(mapping: Mapping) -> str:
    return next(f for f, c in mapping.fields.items() if c == mapping.key_column)


class RecordWriter:
    """Writes records inside one open transaction (`DepartmentFile.transaction()`)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def insert_many(self, cls: type, records: Iterable[Record]) -> None:
        """Insert records whose keys are already assigned, with one executemany."""
        mapping = MAPPINGS[cls]
        rows = [mapping.to_row(r) for r in records]
        if rows:
            self._conn.execute(insert(mapping.table), rows)

    def insert(self, record: Record) -> Record:
        """Insert one record; a line item without id gets the next one. Returns it as stored."""
        mapping = MAPPINGS[type(record)]
        row = mapping.to_row(record)
        if mapping.autoincrement and record.key is None:
            row.pop(mapping.key_column)
            result = self._conn.execute(insert(mapping.table).values(**row))
            new_id = result.inserted_primary_key[0]  # type: ignore[index]
            return dataclasses.replace(record, id=new_id)  # type: ignore[type-var]
        self._conn.execute(insert(mapping.table).values(**row))
        return record

    def update(self, record: Record) -> None:
        mapping = MAPPINGS[type(record)]
        key = mapping.table.c[mapping.key_column]
        self._conn.execute(
            update(mapping.table).where(key == record.key).values(**mapping.to_row(record))
        )

    def delete(self, record: Record) -> None:
        mapping = MAPPINGS[type(record)]
        key = mapping.table.c[mapping.key_column]
        self._conn.execute(delete(mapping.table).where(key == record.key))
