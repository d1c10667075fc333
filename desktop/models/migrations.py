"""Schema migrations: bring a department file written by an older version up to date.

Each step upgrades from version N to N + 1 inside the caller's transaction, so a file is either
fully migrated (and its `user_version` bumped) or left exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from desktop.models import schema


def _to_v2(conn: Connection) -> None:
    """Version 2 adds the performance targets (绩效目标) and special funds."""
    for table in schema.ADDED_TABLES[2]:
        table.create(conn)
    # SQLite may add a column with a REFERENCES clause only when its default is NULL.
    conn.exec_driver_sql(
        "ALTER TABLE project ADD COLUMN special_fund_code VARCHAR(64) REFERENCES special_fund (code)"
    )
    conn.exec_driver_sql("ALTER TABLE project ADD COLUMN period_goal TEXT DEFAULT '' NOT NULL")


def _v3_document_facts(conn: Connection) -> None:
    """The facts of the public document: 部门职责, 机构, staff, 政府采购, 国有资产, 主要原因."""
    for table in schema.ADDED_TABLES[3]:
        table.create(conn)


def _to_v3(conn: Connection) -> None:
    """Version 3: the public document's facts."""
    _v3_document_facts(conn)


# STEPS[n] upgrades a file of version n to n + 1.
STEPS: dict[int, Callable[[Connection], None]] = {1: _to_v2, 2: _to_v3}


def upgrade(conn: Connection, from_version: int) -> int:
    """Run every step from `from_version` to the current version; returns the new version."""
    version = from_version
    while version < schema.SCHEMA_VERSION:
        STEPS[version](conn)
        version += 1
    conn.exec_driver_sql(f"PRAGMA user_version={version}")
    return version
