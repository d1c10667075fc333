"""Each record's fields, declared once: label, kind, choices, required, catalog domain, column.

Everything else is derived from these declarations: the record tables of the department file
(`models/schema.py`) and how records map to rows (`models/records_store.py`), the workbook's flat
datasets (`export/flat*.py`; a record added later gets its sheet from here), the columns of the
input grids (`ui/record_models.py`) and the basic validation every path applies
(`validation.check_fields`: required, kind, choices, range). The validators in `validation.py`
keep the rules that involve other records or the catalog.

The dataclasses in `records.py` stay the Python types; a test checks that every field of every
record is declared here, in the same order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from desktop.performance import parse_comparator
from desktop.records import (
    ACTIVITY_ITEMS,
    ASSET_KINDS,
    BUDGET_MODES,
    CONTROL_SCOPES,
    EXPENSE_KIND_NAMES,
    INDICATOR_COMPARATORS,
    PURCHASE_KINDS,
    UNIT_KIND_NAMES,
    ActivityCount,
    AssetHolding,
    BalanceLine,
    BudgetBaselineLine,
    ControlFigure,
    CostItem,
    DepartmentProfile,
    DepartmentTarget,
    DepartmentTask,
    ExpenditureLine,
    IncomeLine,
    Indicator,
    IndicatorResult,
    InternalOffice,
    PriorYearLine,
    Project,
    PurchaseLine,
    ReasonText,
    SelfEvaluation,
    SpecialFund,
    SpendingSchedule,
    Unit,
    UnitStaff,
)

# Field kinds.
TEXT = "text"  # one line of text
LONG_TEXT = "long_text"  # several lines (目标, 说明): a multi-line editor
AMOUNT = "amount"  # integer 分, stored in column `<name>_fen`
COUNT = "count"  # a whole number ≥ 0 (people, vehicles, square metres, percent)
POINTS = "points"  # hundredths of a score point ≥ 0 (分值 6 → 600)
CODE = "code"  # a code of a catalog domain or of another record
CHOICE = "choice"  # one of `choices` (stored code → printed name)
BOOL = "bool"  # 是/否, stored 1/0
KEY = "key"  # the record's own id: not data (import assigns new ones)
ORDER = "order"  # the row order: not data (the sheet's row order is)
REF = "ref"  # the id of another record (`domain`): the workbook writes its row number
KINDS = (TEXT, LONG_TEXT, AMOUNT, COUNT, POINTS, CODE, CHOICE, BOOL, KEY, ORDER, REF)

# Catalog domains and record references a code field takes its values from.
UNIT, FUNCTION, ECON, FUND_SOURCE, PROJECT, SPECIAL_FUND = (
    "unit",
    "function",
    "econ",
    "fund_source",
    "project",
    "special_fund",
)
YES_NO = {"1": "是", "0": "否"}
MAX_TEXT = 4000  # longer text in one field is a paste gone wrong


@dataclass(frozen=True)
class FieldDecl:
    """One field of a record, as every layer sees it."""

    name: str
    label: str  # Chinese, as grids and messages print it
    kind: str = TEXT
    choices: Mapping[str, str] | None = None  # code → printed name (CHOICE)
    required: bool = False  # an empty value is refused
    domain: str = ""  # CODE / REF: which catalog or records the value comes from
    column: str = ""  # stored column, when it is not the field name
    size: int = 0  # VARCHAR length of a stored code or choice (0: TEXT)
    nullable: bool = False  # stored NULL when empty (an optional reference)
    references: str = ""  # foreign key "table.column"
    primary_key: bool = False
    server_default: str | None = None  # columns added by ALTER TABLE need one
    maximum: int | None = None  # COUNT / POINTS: the largest value allowed
    # Typed text → value, raising LedgerError with the user's message (e.g. a comparator
    # typed as ">="); the grid, paste and workbook import all read the field through it.
    parse: Callable[[str], str] | None = None

    @property
    def stored_as(self) -> str:
        if self.column:
            return self.column
        return f"{self.name}_fen" if self.kind == AMOUNT else self.name

    @property
    def is_data(self) -> bool:
        """Part of the department's data (a workbook column): not the id nor the row order."""
        return self.kind not in (KEY, ORDER)

    def printed_choices(self) -> Mapping[str, str]:
        return YES_NO if self.kind == BOOL else (self.choices or {})


@dataclass(frozen=True)
class RecordDecl:
    """One record type: its table, its fields, and its workbook dataset and sheet name."""

    record: type
    table: str
    title: str  # the table's Chinese name, for messages about the file
    fields: tuple[FieldDecl, ...]
    dataset: str  # flat dataset of the workbook
    sheet: str  # the dataset's Chinese name (and the sheet name a profile may omit)
    autoincrement: bool = False  # line items get the next id on insert
    checks: tuple[tuple[str, str], ...] = ()  # (SQL condition, constraint name)

    @property
    def key(self) -> FieldDecl:
        return next(f for f in self.fields if f.primary_key)

    def field(self, name: str) -> FieldDecl:
        return next(f for f in self.fields if f.name == name)

    @property
    def data_fields(self) -> tuple[FieldDecl, ...]:
        return tuple(f for f in self.fields if f.is_data)


# -- field helpers -----------------------------------------------------------------------------
def _id() -> FieldDecl:
    return FieldDecl("id", "编号", KEY, primary_key=True)


def _order() -> FieldDecl:
    return FieldDecl("sort_order", "排列顺序", ORDER)


def _unit(label: str = "单位编码", *, foreign: bool = True, required: bool = True) -> FieldDecl:
    return FieldDecl(
        "unit_code",
        label,
        CODE,
        required=required,
        domain=UNIT,
        size=32,
        references="unit.code" if foreign else "",
    )


def _function(required: bool = True) -> FieldDecl:
    return FieldDecl(
        "function_code", "功能科目编码", CODE, required=required, domain=FUNCTION, size=16
    )


def _econ(required: bool = True) -> FieldDecl:
    return FieldDecl("econ_code", "经济科目编码", CODE, required=required, domain=ECON, size=16)


def _fund(label: str = "资金来源", required: bool = True) -> FieldDecl:
    return FieldDecl("fund_source", label, CODE, required=required, domain=FUND_SOURCE, size=32)


def _kind(required: bool = True) -> FieldDecl:
    return FieldDecl("kind", "支出类型", CHOICE, EXPENSE_KIND_NAMES, required=required, size=16)


def _amount(name: str = "amount", label: str = "金额", required: bool = True) -> FieldDecl:
    return FieldDecl(name, label, AMOUNT, required=required)


def _text(name: str, label: str, required: bool = False, kind: str = TEXT) -> FieldDecl:
    return FieldDecl(name, label, kind, required=required)


def _long(name: str, label: str, required: bool = False) -> FieldDecl:
    return FieldDecl(name, label, LONG_TEXT, required=required)


def _project(label: str = "项目编码", **options: object) -> FieldDecl:
    return FieldDecl("project_code", label, CODE, domain=PROJECT, size=64, **options)  # type: ignore[arg-type]


def _count(name: str, label: str, maximum: int | None = None) -> FieldDecl:
    return FieldDecl(name, label, COUNT, required=True, maximum=maximum)


def _points(name: str, label: str) -> FieldDecl:
    return FieldDecl(name, label, POINTS, required=True)


# -- the declarations ----------------------------------------------------------------------------
# In the order the file loads them (units before what names them).
DECLARATIONS: tuple[RecordDecl, ...] = (
    RecordDecl(
        Unit,
        "unit",
        "单位",
        (
            FieldDecl("code", "单位编码", CODE, required=True, size=32, primary_key=True),
            _text("name", "单位名称", required=True),
            FieldDecl("kind", "单位性质", CHOICE, UNIT_KIND_NAMES, required=True, size=24),
            _order(),
        ),
        "units",
        "单位",
    ),
    RecordDecl(
        SpecialFund,
        "special_fund",
        "专项资金",
        (
            FieldDecl("code", "专项资金编码", CODE, required=True, size=64, primary_key=True),
            _text("name", "专项资金名称", required=True),
            _text("category", "资金类别"),
            _text("period", "实施期"),
            _long("period_goal", "实施期绩效目标"),
            _long("goal", "年度绩效目标"),
            _order(),
        ),
        "special_funds",
        "专项资金",
    ),
    RecordDecl(
        Project,
        "project",
        "项目",
        (
            FieldDecl("code", "项目编码", CODE, required=True, size=64, primary_key=True),
            _unit("所属单位"),
            _text("name", "项目名称", required=True),
            _text("category", "项目类别"),
            FieldDecl("is_special_fund", "专项资金", BOOL, required=True),
            FieldDecl("budget_mode", "预算编制方式", CHOICE, BUDGET_MODES, required=True, size=16),
            _text("period", "实施周期"),
            _long("goal", "项目目标"),
            _order(),
            FieldDecl(
                "special_fund_code",
                "所属专项",
                CODE,
                domain=SPECIAL_FUND,
                size=64,
                nullable=True,
                references="special_fund.code",
            ),
            FieldDecl("period_goal", "实施期绩效目标", LONG_TEXT, server_default=""),
        ),
        "projects",
        "项目",
    ),
    RecordDecl(
        IncomeLine,
        "income_line",
        "收入明细",
        (
            _id(),
            _unit("单位代码"),
            _function(),
            _fund(),
            _amount(),
            _text("note", "备注"),
            _order(),
        ),
        "income_lines",
        "收入明细",
        autoincrement=True,
    ),
    RecordDecl(
        ExpenditureLine,
        "expenditure_line",
        "支出明细",
        (
            _id(),
            _unit("单位代码"),
            _function(),
            _econ(),
            _fund(),
            _kind(),
            _project("项目", nullable=True, references="project.code"),
            _amount(),
            _text("note", "备注"),
            _order(),
        ),
        "expenditure_lines",
        "支出明细",
        autoincrement=True,
    ),
    RecordDecl(
        ControlFigure,
        "control_figure",
        "控制数",
        (
            _id(),
            FieldDecl("unit_code", "单位编码", CODE, domain=UNIT, size=32, nullable=True),
            _fund(),
            FieldDecl("scope", "口径", CHOICE, CONTROL_SCOPES, required=True, size=16),
            _amount(),
        ),
        "control_figures",
        "控制数",
        autoincrement=True,
    ),
    RecordDecl(
        PriorYearLine,
        "prior_year_line",
        "上年数",
        (
            _id(),
            _unit(foreign=False),
            _function(required=False),
            _econ(required=False),
            _fund(required=False),
            _kind(required=False),
            _amount(),
        ),
        "prior_year_lines",
        "上年数",
        autoincrement=True,
    ),
    RecordDecl(
        Indicator,
        "performance_indicator",
        "绩效指标",
        (
            _id(),
            _project(),  # "" is the department's overall target: no foreign key
            _text("level1", "一级指标", required=True),
            _text("level2", "二级指标", required=True),
            _text("name", "三级指标"),
            FieldDecl(
                "comparator",
                "指标值类型",
                CHOICE,
                {c: c for c in INDICATOR_COMPARATORS},
                size=8,
                parse=parse_comparator,
            ),
            _text("value", "指标值"),
            _text("measure_unit", "度量单位"),
            _long("value_content", "指标值内容"),
            _long("description", "指标值说明"),
            _long("basis", "指标值确定依据"),
            _text("standard", "绩效标准"),
            _text("remark", "备注"),
            _order(),
        ),
        "indicators",
        "绩效指标",
        autoincrement=True,
    ),
    RecordDecl(
        CostItem,
        "cost_item",
        "支出测算",
        (
            _id(),
            _project(required=True, references="project.code"),
            _text("content", "支出内容简介"),
            _text("detail", "支出明细"),
            _amount(),
            _long("basis", "支出测算依据及过程说明"),
            _order(),
        ),
        "cost_items",
        "支出测算",
        autoincrement=True,
    ),
    RecordDecl(
        SpendingSchedule,
        "spending_schedule",
        "资金支出计划",
        (
            _project(required=True, references="project.code", primary_key=True),
            _amount("march", "3月底累计"),
            _amount("june", "6月底累计"),
            _amount("october", "10月底累计"),
            _amount("december", "12月底累计"),
        ),
        "spending_schedules",
        "支出计划",
    ),
    RecordDecl(
        DepartmentTarget,
        "department_target",
        "部门整体绩效目标",
        (_id(), _long("duty_goal", "年度履职目标"), _long("duty_overview", "部门职责概述")),
        "department_target",
        "部门整体目标",
        checks=(("id = 1", "single_department_target"),),
    ),
    RecordDecl(
        DepartmentTask,
        "department_task",
        "部门年度任务",
        (
            _id(),
            _text("name", "任务名称", required=True),
            _long("content", "主要内容"),
            _text("responsible", "责任单位/科室"),
            _order(),
        ),
        "department_tasks",
        "部门年度任务",
        autoincrement=True,
    ),
    RecordDecl(
        DepartmentProfile,
        "department_profile",
        "部门职责",
        (_id(), _long("duties", "部门职责")),
        "department_profile",
        "部门职责",
        checks=(("id = 1", "single_department_profile"),),
    ),
    RecordDecl(
        InternalOffice,
        "internal_office",
        "内设机构",
        (_id(), _text("name", "内设机构名称", required=True), _order()),
        "internal_offices",
        "内设机构",
        autoincrement=True,
    ),
    RecordDecl(
        UnitStaff,
        "unit_staff",
        "人员编制",
        (
            dataclasses.replace(_unit(), primary_key=True),
            _text("funding_form", "经费形式"),
            _count("authorized", "编制数"),
            _count("active", "在职实有人数"),
            _count("retired", "离退休人数"),
        ),
        "unit_staff",
        "人员编制",
        checks=(("authorized >= 0 AND active >= 0 AND retired >= 0", "staff_not_negative"),),
    ),
    RecordDecl(
        PurchaseLine,
        "purchase_line",
        "政府采购预算",
        (
            _id(),
            FieldDecl(
                "expenditure_line_id",
                "支出明细序号",
                REF,
                required=True,
                domain="expenditure_lines",
                references="expenditure_line.id",
            ),
            _text("item", "采购项目", required=True),
            _text("category", "采购品目"),
            FieldDecl("kind", "采购类别", CHOICE, PURCHASE_KINDS, required=True, size=16),
            _amount(),
            _fund("资金来源编码", required=False),
            _count("sme_percent", "面向中小企业预留份额（%）", maximum=100),
            _order(),
        ),
        "purchase_lines",
        "政府采购",
        autoincrement=True,
    ),
    RecordDecl(
        AssetHolding,
        "asset_holding",
        "国有资产占用",
        (
            _id(),
            _unit(),
            FieldDecl("kind", "资产类别", CHOICE, ASSET_KINDS, required=True, size=16),
            _text("name", "名称或用途"),
            _count("quantity", "数量"),
            _count("area_m2", "面积（平方米）"),
            FieldDecl("as_of", "截至日期", TEXT, required=True, size=10),
            _order(),
        ),
        "asset_holdings",
        "国有资产",
        autoincrement=True,
    ),
    RecordDecl(
        ReasonText,
        "reason_text",
        "主要原因",
        (
            FieldDecl("slot", "比较项", CODE, required=True, size=128, primary_key=True),
            _long("text", "主要原因"),  # a new slot starts empty (the document asks for it)
        ),
        "reason_texts",
        "主要原因",
    ),
    # -- 部门决算 and 绩效自评 (schema version 4) --
    RecordDecl(
        BalanceLine,
        "balance_line",
        "结转和结余",
        (
            _id(),
            _unit(),
            _function(),
            _fund(),
            _amount("opening", "年初结转和结余"),
            _amount("used_balance", "使用非财政拨款结余"),
            _amount("distribution", "结余分配"),
            _amount("closing", "年末结转和结余"),
            _order(),
        ),
        "balance_lines",
        "结转和结余",
        autoincrement=True,
    ),
    RecordDecl(
        BudgetBaselineLine,
        "budget_baseline_line",
        "预算数（决算对照）",
        (
            _id(),
            _unit(),
            _function(),
            _econ(required=False),
            _fund(),
            _kind(),
            _project(),  # "" for basic expenditure: no foreign key
            _amount("initial", "年初预算数"),
            _amount("full_year", "全年预算数"),
            _order(),
        ),
        "baseline_lines",
        "决算对照预算数",
        autoincrement=True,
    ),
    RecordDecl(
        ActivityCount,
        "activity_count",
        "三公经费数量",
        (
            FieldDecl(
                "item", "数量项目", CHOICE, ACTIVITY_ITEMS, required=True, size=32, primary_key=True
            ),
            _count("count", "数量"),
        ),
        "activity_counts",
        "三公经费数量",
        checks=(("count >= 0", "activity_count_not_negative"),),
    ),
    RecordDecl(
        SelfEvaluation,
        "self_evaluation",
        "绩效自评",
        (
            _project(primary_key=True),  # "" for the department's overall spending
            _long("achieved", "实际完成情况"),
            _points("execution_points", "预算执行率分值"),
            _long("conclusion", "自评结论"),
        ),
        "self_evaluations",
        "绩效自评",
    ),
    RecordDecl(
        IndicatorResult,
        "indicator_result",
        "指标自评",
        (
            FieldDecl(
                "indicator_id",
                "绩效指标序号",
                REF,
                required=True,
                domain="indicators",
                references="performance_indicator.id",
                primary_key=True,
            ),
            _text("actual", "实际完成值"),
            _points("points", "分值"),
            _points("score", "得分"),
            _long("deviation", "偏差原因分析及改进措施"),
        ),
        "indicator_results",
        "指标自评",
    ),
)

BY_RECORD: dict[type, RecordDecl] = {d.record: d for d in DECLARATIONS}
BY_DATASET: dict[str, RecordDecl] = {d.dataset: d for d in DECLARATIONS}


def declaration(record_type: type) -> RecordDecl:
    return BY_RECORD[record_type]


def field_of(record_type: type, name: str) -> FieldDecl:
    return BY_RECORD[record_type].field(name)
