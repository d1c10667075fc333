"""Writing the ledger's records: how records map to rows of the SQLAlchemy tables.

Reading them is `records_load.py` (the driver alone, so that opening a file does not import
SQLAlchemy); both derive from the record declarations. A damaged or hand-edited file is refused
with the table and id of the bad row instead of reaching the roll-up: opening verifies the types
of all stored values (`verify.py`), loading checks the rest (是/否 values, the range of amounts,
uniqueness of keys).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, update

from desktop.models import schema
from desktop.models.records_load import (  # noqa: F401 - the names this module always offered
    MAX_STORED_FEN,
    TABLE_NAMES,
    load_department,
    load_records,
)
from desktop.record_fields import DECLARATIONS
from desktop.records import Record


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


MAPPINGS: dict[type, Mapping] = {
    d.record: Mapping(
        schema.metadata.tables[d.table],
        d.key.stored_as,
        {f.name: f.stored_as for f in d.fields},
        d.autoincrement,
    )
    for d in DECLARATIONS
}


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
