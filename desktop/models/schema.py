"""SQLAlchemy schema of the department file (one SQLite file per department and fiscal year).

Amounts are stored as integers of 分 (`amount_fen`), never as floating point.
"""

from __future__ import annotations

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

# Written at header offset 68 of every department file: "BDK1".
APPLICATION_ID = 0x42444B31
# Bumped with every schema change; migrations.py upgrades older files.
SCHEMA_VERSION = 4

metadata = MetaData()

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

unit = Table(
    "unit",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    # agency 行政单位 / civil_service_like 参公单位 / institution 事业单位
    Column("kind", String(24), nullable=False),
    Column("sort_order", Integer, nullable=False, default=0),
)

project = Table(
    "project",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("unit_code", String(32), ForeignKey("unit.code"), nullable=False),
    Column("name", Text, nullable=False),
    Column("category", Text, nullable=False, default=""),
    Column("is_special_fund", Integer, nullable=False, default=0),
    # department 编入部门预算 / bureau 财政代编
    Column("budget_mode", String(16), nullable=False, default="department"),
    Column("period", Text, nullable=False, default=""),
    Column("goal", Text, nullable=False, default=""),
    Column("sort_order", Integer, nullable=False, default=0),
    # Version 2: a project may be a spending direction (支出方向) of a special fund.
    Column("special_fund_code", String(64), ForeignKey("special_fund.code"), nullable=True),
    Column("period_goal", Text, nullable=False, server_default=""),
)

income_line = Table(
    "income_line",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_code", String(32), ForeignKey("unit.code"), nullable=False),
    Column("function_code", String(16), nullable=False),
    Column("fund_source", String(32), nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("sort_order", Integer, nullable=False, default=0),
)

expenditure_line = Table(
    "expenditure_line",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_code", String(32), ForeignKey("unit.code"), nullable=False),
    Column("function_code", String(16), nullable=False),
    Column("econ_code", String(16), nullable=False),
    Column("fund_source", String(32), nullable=False),
    # personnel 人员经费 / operating 公用经费 / project 项目支出 / business 经营支出 /
    # remit_upper 上缴上级支出 / affiliated 对附属单位补助支出
    Column("kind", String(16), nullable=False),
    Column("project_code", String(64), ForeignKey("project.code"), nullable=True),
    Column("amount_fen", BigInteger, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("sort_order", Integer, nullable=False, default=0),
)

control_figure = Table(
    "control_figure",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_code", String(32), nullable=True),  # NULL: the whole department
    Column("fund_source", String(32), nullable=False),
    Column("scope", String(16), nullable=False),  # basic 基本支出 / project 项目支出
    Column("amount_fen", BigInteger, nullable=False),
)

prior_year_line = Table(
    "prior_year_line",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_code", String(32), nullable=False),
    Column("function_code", String(16), nullable=False, default=""),
    Column("econ_code", String(16), nullable=False, default=""),
    Column("fund_source", String(32), nullable=False, default=""),
    Column("kind", String(16), nullable=False, default=""),
    Column("amount_fen", BigInteger, nullable=False),
)

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

special_fund = Table(
    "special_fund",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("category", Text, nullable=False, default=""),
    Column("period", Text, nullable=False, default=""),
    Column("period_goal", Text, nullable=False, default=""),
    Column("goal", Text, nullable=False, default=""),
    Column("sort_order", Integer, nullable=False, default=0),
)

performance_indicator = Table(
    "performance_indicator",
    metadata,
    Column("id", Integer, primary_key=True),
    # "" is the department's overall target; otherwise a project code (checked by the ledger,
    # not by a foreign key, because of that empty owner).
    Column("project_code", String(64), nullable=False),
    Column("level1", Text, nullable=False),
    Column("level2", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("comparator", String(8), nullable=False, default=""),
    # Indicator values are text as published ("100%", "当年10月前"); rules check their form.
    Column("value", Text, nullable=False, default=""),
    Column("measure_unit", Text, nullable=False, default=""),
    Column("value_content", Text, nullable=False, default=""),
    Column("description", Text, nullable=False, default=""),
    Column("basis", Text, nullable=False, default=""),
    Column("standard", Text, nullable=False, default=""),
    Column("remark", Text, nullable=False, default=""),
    Column("sort_order", Integer, nullable=False, default=0),
)

cost_item = Table(
    "cost_item",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_code", String(64), ForeignKey("project.code"), nullable=False),
    Column("content", Text, nullable=False),
    Column("detail", Text, nullable=False, default=""),
    Column("amount_fen", BigInteger, nullable=False),
    Column("basis", Text, nullable=False, default=""),
    Column("sort_order", Integer, nullable=False, default=0),
)

spending_schedule = Table(
    "spending_schedule",
    metadata,
    Column("project_code", String(64), ForeignKey("project.code"), primary_key=True),
    # Cumulative plan at the end of March, June, October and December, in 分.
    Column("march_fen", BigInteger, nullable=False, default=0),
    Column("june_fen", BigInteger, nullable=False, default=0),
    Column("october_fen", BigInteger, nullable=False, default=0),
    Column("december_fen", BigInteger, nullable=False, default=0),
)

department_target = Table(
    "department_target",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("duty_goal", Text, nullable=False, default=""),
    Column("duty_overview", Text, nullable=False, default=""),
    CheckConstraint("id = 1", name="single_department_target"),
)

department_task = Table(
    "department_task",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("content", Text, nullable=False, default=""),
    Column("responsible", Text, nullable=False, default=""),
    Column("sort_order", Integer, nullable=False, default=0),
)

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

department_profile = Table(
    "department_profile",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("duties", Text, nullable=False, default=""),
    CheckConstraint("id = 1", name="single_department_profile"),
)

internal_office = Table(
    "internal_office",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("sort_order", Integer, nullable=False, default=0),
)

unit_staff = Table(
    "unit_staff",
    metadata,
    Column("unit_code", String(32), ForeignKey("unit.code"), primary_key=True),
    Column("funding_form", Text, nullable=False, default=""),
    Column("authorized", Integer, nullable=False, default=0),
    Column("active", Integer, nullable=False, default=0),
    Column("retired", Integer, nullable=False, default=0),
    CheckConstraint("authorized >= 0 AND active >= 0 AND retired >= 0", name="staff_not_negative"),
)

purchase_line = Table(
    "purchase_line",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("expenditure_line_id", Integer, ForeignKey("expenditure_line.id"), nullable=False),
    Column("item", Text, nullable=False),
    Column("category", Text, nullable=False, default=""),
    Column("kind", String(16), nullable=False),  # goods 货物 / works 工程 / services 服务
    Column("amount_fen", BigInteger, nullable=False),
    Column("fund_source", String(32), nullable=False, default=""),
    Column("sme_percent", Integer, nullable=False, default=0),
    Column("sort_order", Integer, nullable=False, default=0),
)

asset_holding = Table(
    "asset_holding",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_code", String(32), ForeignKey("unit.code"), nullable=False),
    Column("kind", String(16), nullable=False),  # vehicle / equipment / building
    Column("name", Text, nullable=False, default=""),
    Column("quantity", Integer, nullable=False, default=0),
    Column("area_m2", Integer, nullable=False, default=0),
    Column("as_of", String(10), nullable=False, default=""),
    Column("sort_order", Integer, nullable=False, default=0),
)

reason_text = Table(
    "reason_text",
    metadata,
    Column("slot", String(128), primary_key=True),
    Column("text", Text, nullable=False, default=""),
)

# -- version 4: 部门决算 (final accounts) and 绩效自评 ----------------------------------------------

balance_line = Table(
    "balance_line",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_code", String(32), ForeignKey("unit.code"), nullable=False),
    Column("function_code", String(16), nullable=False),
    Column("fund_source", String(32), nullable=False),
    Column("opening_fen", BigInteger, nullable=False, default=0),
    Column("used_balance_fen", BigInteger, nullable=False, default=0),
    Column("distribution_fen", BigInteger, nullable=False, default=0),
    Column("closing_fen", BigInteger, nullable=False, default=0),
    Column("sort_order", Integer, nullable=False, default=0),
)

budget_baseline_line = Table(
    "budget_baseline_line",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_code", String(32), ForeignKey("unit.code"), nullable=False),
    Column("function_code", String(16), nullable=False),
    Column("econ_code", String(16), nullable=False),
    Column("fund_source", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("project_code", String(64), nullable=False, default=""),
    Column("initial_fen", BigInteger, nullable=False, default=0),
    Column("full_year_fen", BigInteger, nullable=False, default=0),
    Column("sort_order", Integer, nullable=False, default=0),
)

activity_count = Table(
    "activity_count",
    metadata,
    Column("item", String(32), primary_key=True),
    Column("count", Integer, nullable=False, default=0),
    CheckConstraint("count >= 0", name="activity_count_not_negative"),
)

self_evaluation = Table(
    "self_evaluation",
    metadata,
    Column("project_code", String(64), primary_key=True),  # "" for the department
    Column("achieved", Text, nullable=False, default=""),
    Column("execution_points", Integer, nullable=False, default=1000),
    Column("conclusion", Text, nullable=False, default=""),
)

indicator_result = Table(
    "indicator_result",
    metadata,
    Column(
        "indicator_id",
        Integer,
        ForeignKey("performance_indicator.id"),
        primary_key=True,
    ),
    Column("actual", Text, nullable=False, default=""),
    Column("points", Integer, nullable=False, default=0),
    Column("score", Integer, nullable=False, default=0),
    Column("deviation", Text, nullable=False, default=""),
)

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
