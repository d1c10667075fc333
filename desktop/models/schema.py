"""SQLAlchemy schema of the department file (one SQLite file per department and fiscal year).

Amounts are stored as integers of 分 (`amount_fen`), never as floating point. The tables of the
ledger's records are derived from their declarations (`desktop/record_fields.py`); the DDL they
give is checked against a snapshot (`tests/fixtures/schema_v4_ddl.sql`), so a declaration change
that would alter a stored table fails a test instead of needing a migration nobody wrote.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
)

from desktop import record_fields as rf

# Written at header offset 68 of every department file: "BDK1".
APPLICATION_ID = 0x42444B31
# Bumped with every schema change; migrations.py upgrades older files.
SCHEMA_VERSION = 4

metadata = MetaData()

_SQL_TYPES = {
    rf.AMOUNT: BigInteger,
    rf.KEY: Integer,
    rf.ORDER: Integer,
    rf.COUNT: Integer,
    rf.POINTS: Integer,
    rf.BOOL: Integer,
    rf.REF: Integer,
}


def _column(f: rf.FieldDecl, default: object) -> Column:
    sql_type = _SQL_TYPES.get(f.kind) or (String(f.size) if f.size else Text)
    args: list = [f.stored_as, sql_type]
    if f.references:
        args.append(ForeignKey(f.references))
    options: dict[str, Any] = {}
    if f.primary_key:
        options["primary_key"] = True
    else:
        options["nullable"] = f.nullable
        if default is not dataclasses.MISSING and not f.nullable:
            options["default"] = int(default) if isinstance(default, bool) else default
    if f.server_default is not None:
        options["server_default"] = f.server_default
    return Column(*args, **options)


def _record_table(name: str) -> Table:
    """The table of the record declared with table name `name`, columns in field order."""
    decl = next(d for d in rf.DECLARATIONS if d.table == name)
    defaults = {f.name: f.default for f in dataclasses.fields(decl.record)}
    columns = [_column(f, defaults[f.name]) for f in decl.fields]
    checks = [CheckConstraint(sql, name=check) for sql, check in decl.checks]
    return Table(name, metadata, *columns, *checks)


department = Table(
    "department",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    CheckConstraint("id = 1", name="single_department"),
    # Version 4: budget 部门预算 / final 部门决算.
    Column("kind", String(8), nullable=False, server_default="budget"),
)

unit = _record_table("unit")

project = _record_table("project")

income_line = _record_table("income_line")

expenditure_line = _record_table("expenditure_line")

control_figure = _record_table("control_figure")

prior_year_line = _record_table("prior_year_line")

explanation = Table(
    "explanation",
    metadata,
    Column("rule_id", String(32), primary_key=True),
    Column("subject", Text, primary_key=True),  # what the finding is about, e.g. a cell reference
    Column("text", Text, nullable=False),
)

app_lock = Table(
    "app_lock",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("host", Text, nullable=False),
    Column("pid", Integer, nullable=False),
    Column("user", Text, nullable=False),
    Column("opened_at", Text, nullable=False),
)

setting = Table(
    "setting",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


# -- version 2: performance targets (绩效目标) ----------------------------------------------------

special_fund = _record_table("special_fund")

performance_indicator = _record_table("performance_indicator")

cost_item = _record_table("cost_item")

spending_schedule = _record_table("spending_schedule")

department_target = _record_table("department_target")

department_task = _record_table("department_task")

# -- version 3: no two identical lines ---------------------------------------------------------
# Two lines with the same content in every field but the id and the order would be exported as
# two identical workbook rows, which the import refuses as 重复行; the file refuses them instead.
# coalesce(): SQLite treats NULLs as distinct in a unique index, and a basic-expenditure line has
# a NULL project.

income_line_identity = Index(
    "uq_income_line_content",
    income_line.c.unit_code,
    income_line.c.function_code,
    income_line.c.fund_source,
    income_line.c.amount_fen,
    income_line.c.note,
    unique=True,
)

expenditure_line_identity = Index(
    "uq_expenditure_line_content",
    expenditure_line.c.unit_code,
    func.coalesce(expenditure_line.c.project_code, ""),
    expenditure_line.c.function_code,
    expenditure_line.c.econ_code,
    expenditure_line.c.fund_source,
    expenditure_line.c.kind,
    expenditure_line.c.amount_fen,
    expenditure_line.c.note,
    unique=True,
)

# Unique indexes added by each schema version (migrations.py creates them in older files).
ADDED_INDEXES = {3: (income_line_identity, expenditure_line_identity)}
# -- version 3: facts of the public document (部门预算公开文本) ---------------------------------

department_profile = _record_table("department_profile")

internal_office = _record_table("internal_office")

unit_staff = _record_table("unit_staff")

purchase_line = _record_table("purchase_line")

asset_holding = _record_table("asset_holding")

reason_text = _record_table("reason_text")

# -- version 4: 部门决算 (final accounts) and 绩效自评 ----------------------------------------------

balance_line = _record_table("balance_line")

budget_baseline_line = _record_table("budget_baseline_line")

activity_count = _record_table("activity_count")

self_evaluation = _record_table("self_evaluation")

indicator_result = _record_table("indicator_result")

# Tables added by each schema version (migrations.py creates them in older files).
ADDED_TABLES = {
    2: (
        special_fund,
        performance_indicator,
        cost_item,
        spending_schedule,
        department_target,
        department_task,
    ),
    3: (
        department_profile,
        internal_office,
        unit_staff,
        purchase_line,
        asset_holding,
        reason_text,
    ),
    4: (
        balance_line,
        budget_baseline_line,
        activity_count,
        self_evaluation,
        indicator_result,
    ),
}


# -- the schema of a fresh file, for opening without SQLAlchemy -------------------------------


def fresh_file_schema() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(sqlite_master SQL in creation order, tables in dependency order) of a file created by
    `metadata.create_all`: what `schema_ddl.py` holds, so that opening a file can verify its
    schema without importing SQLAlchemy. A test keeps the two equal."""
    import sqlite3

    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    memory = sqlite3.connect(":memory:", check_same_thread=False)
    engine = create_engine("sqlite://", creator=lambda: memory, poolclass=StaticPool)
    try:
        with engine.begin() as conn:
            metadata.create_all(conn)
        rows = memory.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
        ).fetchall()
    finally:
        engine.dispose()  # closes `memory`
    return tuple(r[0] for r in rows), tuple(t.name for t in metadata.sorted_tables)


def schema_ddl_source() -> str:
    """The text of `schema_ddl.py` for the current tables (`python -m desktop.models.schema`)."""
    statements, order = fresh_file_schema()
    lines = [
        '"""The schema of a fresh department file, written from `schema.py` by',
        "`python -m desktop.models.schema > desktop/models/schema_ddl.py` (then `ruff format` it; a",
        "test compares them): opening a file verifies its schema against this without importing",
        "SQLAlchemy.",
        '"""',
        "",
        f"APPLICATION_ID = {APPLICATION_ID:#x}",
        f"SCHEMA_VERSION = {SCHEMA_VERSION}",
        "",
        "# sqlite_master SQL of a fresh file, in creation order.",
        "STATEMENTS = (",
        *(f"    {s!r}," for s in statements),
        ")",
        "",
        "# The tables in dependency order (referenced tables first).",
        "TABLES = (",
        *(f"    {t!r}," for t in order),
        ")",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(schema_ddl_source(), end="")
