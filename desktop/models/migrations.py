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


def _v3_uniqueness(conn: Connection) -> None:
    """No two identical income or expenditure lines: merge those an older file holds, then index.

    Identical lines (same fields except id and order) are merged into the one with the smallest
    id, its amount the sum of theirs, so every total stays as it was. Amounts are part of the
    identity, so merging changes no figure; the caller has backed the file up first.
    """
    merges = {
        "income_line": "unit_code, function_code, fund_source, amount_fen, note",
        "expenditure_line": (
            "unit_code, coalesce(project_code, ''), function_code, econ_code, fund_source, kind, "
            "amount_fen, note"
        ),
    }
    for table, identity in merges.items():
        groups = conn.exec_driver_sql(
            f"SELECT min(id), group_concat(id), count(*) FROM {table} "
            f"GROUP BY {identity} HAVING count(*) > 1"
        ).all()
        for keep, ids, count in groups:
            others = [int(i) for i in str(ids).split(",") if int(i) != keep]
            conn.exec_driver_sql(
                f"UPDATE {table} SET amount_fen = amount_fen * ? WHERE id = ?", (count, keep)
            )
            marks = ", ".join("?" for _ in others)
            conn.exec_driver_sql(f"DELETE FROM {table} WHERE id IN ({marks})", tuple(others))
    for index in schema.ADDED_INDEXES[3]:
        index.create(conn)


def _v3_document_facts(conn: Connection) -> None:
    """The facts of the public document: 部门职责, 机构, staff, 政府采购, 国有资产, 主要原因."""
    for table in schema.ADDED_TABLES[3]:
        table.create(conn)


def _to_v3(conn: Connection) -> None:
    """Version 3: the public document's facts; identical lines merged, then refused."""
    _v3_document_facts(conn)
    _v3_uniqueness(conn)


def _to_v4(conn: Connection) -> None:
    """Version 4: the file kind (every older file is a budget) and the 决算 / 绩效自评 records."""
    conn.exec_driver_sql(
        "ALTER TABLE department ADD COLUMN kind VARCHAR(8) DEFAULT 'budget' NOT NULL"
    )
    for table in schema.ADDED_TABLES[4]:
        table.create(conn)


# STEPS[n] upgrades a file of version n to n + 1.
STEPS: dict[int, Callable[[Connection], None]] = {1: _to_v2, 2: _to_v3, 3: _to_v4}


def upgrade(conn: Connection, from_version: int) -> int:
    """Run every step from `from_version` to the current version; returns the new version."""
    version = from_version
    while version < schema.SCHEMA_VERSION:
        STEPS[version](conn)
        version += 1
    conn.exec_driver_sql(f"PRAGMA user_version={version}")
    return version
