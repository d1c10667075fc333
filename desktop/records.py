"""Immutable records of the ledger: units, projects and the line items everything derives from.

Amounts are integers of 分. A `Change` is one edit (insert, update or delete) of one record.

Every record has `__slots__` and no `__dict__`: a department of 320,000 lines holds as many
records, and a slotted record is a third smaller (copy one with `dataclasses.replace`).
"""

from __future__ import annotations

from dataclasses import dataclass

UNIT_KINDS = ("agency", "civil_service_like", "institution")
UNIT_KIND_NAMES = {
    "agency": "行政单位",
    "civil_service_like": "参公单位",
    "institution": "事业单位",
}

# Expenditure kinds: 基本支出 is personnel + operating.
EXPENSE_KINDS = ("personnel", "operating", "project", "business", "remit_upper", "affiliated")
EXPENSE_KIND_NAMES = {
    "personnel": "人员经费",
    "operating": "公用经费",
    "project": "项目支出",
    "business": "事业单位经营支出",
    "remit_upper": "上缴上级支出",
    "affiliated": "对附属单位补助支出",
}
BASIC_KINDS = ("personnel", "operating")
BUDGET_MODES = {"department": "编入部门预算", "bureau": "财政代编"}
CONTROL_SCOPES = {"basic": "基本支出", "project": "项目支出"}


FILE_KINDS = {"budget": "部门预算", "final": "部门决算"}


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    name: str
    fiscal_year: int
    kind: str = "budget"  # budget 部门预算 / final 部门决算 (FILE_KINDS)

    @property
    def is_final(self) -> bool:
        return self.kind == "final"


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str
    kind: str = "agency"
    sort_order: int = 0

    @property
    def key(self) -> str:
        return self.code


@dataclass(frozen=True, slots=True)
class Project:
    code: str
    unit_code: str
    name: str
    category: str = ""
    is_special_fund: bool = False
    budget_mode: str = "department"
    period: str = ""
    goal: str = ""  # 本年度绩效目标
    sort_order: int = 0
    special_fund_code: str = ""  # 所属专项: the project is a spending direction (支出方向) of it
    period_goal: str = ""  # 实施期绩效目标

    @property
    def key(self) -> str:
        return self.code


@dataclass(frozen=True, slots=True)
class IncomeLine:
    id: int | None
    unit_code: str
    function_code: str
    fund_source: str
    amount: int
    note: str = ""
    sort_order: int = 0

    @property
    def key(self) -> int | None:
        return self.id


@dataclass(frozen=True, slots=True)
class ExpenditureLine:
    id: int | None
    unit_code: str
    function_code: str
    econ_code: str
    fund_source: str
    kind: str
    project_code: str = ""
    amount: int = 0
    note: str = ""
    sort_order: int = 0

    @property
    def key(self) -> int | None:
        return self.id

    @property
    def is_basic(self) -> bool:
        return self.kind in BASIC_KINDS


@dataclass(frozen=True, slots=True)
class ControlFigure:
    id: int | None
    unit_code: str  # "" for the whole department
    fund_source: str
    scope: str  # basic / project
    amount: int

    @property
    def key(self) -> int | None:
        return self.id


@dataclass(frozen=True, slots=True)
class PriorYearLine:
    id: int | None
    unit_code: str
    function_code: str
    econ_code: str
    fund_source: str
    kind: str
    amount: int

    @property
    def key(self) -> int | None:
        return self.id


# -- performance targets (绩效目标) ---------------------------------------------------------------

# The framework's 一级 → 二级 indicator names (财政部 共性指标框架); see desktop/performance.py.
INDICATOR_COMPARATORS = ("≥", "≤", "=", ">", "<", "定性", "定量")
NUMERIC_COMPARATORS = ("≥", "≤", "=", ">", "<")


@dataclass(frozen=True, slots=True)
class SpecialFund:
    """A 区级专项资金: its spending directions (支出方向) are the projects that name it."""

    code: str
    name: str
    category: str = ""
    period: str = ""
    period_goal: str = ""  # 实施期绩效目标
    goal: str = ""  # 年度绩效目标
    sort_order: int = 0

    @property
    def key(self) -> str:
        return self.code


@dataclass(frozen=True, slots=True)
class Indicator:
    """One 三级 performance indicator of a project, or of the department (project_code "")."""

    id: int | None
    project_code: str  # "" for the department's overall target (部门整体支出绩效目标)
    level1: str  # 一级指标, e.g. 产出指标
    level2: str  # 二级指标, e.g. 数量指标
    name: str  # 三级指标
    comparator: str = ""  # 指标值类型: ≥ ≤ = > < 定性 定量 ("" when the layout has none)
    value: str = ""  # 指标值, as text: "129", "100%", "当年10月前"
    measure_unit: str = ""  # 度量单位
    value_content: str = ""  # 指标值内容
    description: str = ""  # 指标值说明 / 指标解释
    basis: str = ""  # 指标值确定依据
    standard: str = ""  # 绩效标准 (计划标准, 行业标准, 历史标准, 其他标准)
    remark: str = ""  # 备注
    sort_order: int = 0

    @property
    def key(self) -> int | None:
        return self.id


@dataclass(frozen=True, slots=True)
class CostItem:
    """One line of a project's 支出明细及测算 (cost breakdown)."""

    id: int | None
    project_code: str
    content: str  # 支出内容简介
    detail: str = ""  # 支出明细
    amount: int = 0  # 分
    basis: str = ""  # 支出测算依据及过程说明
    sort_order: int = 0

    @property
    def key(self) -> int | None:
        return self.id


@dataclass(frozen=True, slots=True)
class SpendingSchedule:
    """A project's cumulative spending plan (分) at the end of March, June, October, December."""

    project_code: str
    march: int = 0
    june: int = 0
    october: int = 0
    december: int = 0

    @property
    def key(self) -> str:
        return self.project_code

    @property
    def points(self) -> tuple[int, int, int, int]:
        return (self.march, self.june, self.october, self.december)


SCHEDULE_MONTHS = {"march": "3月底", "june": "6月底", "october": "10月底", "december": "12月底"}


@dataclass(frozen=True, slots=True)
class DepartmentTarget:
    """The department's 年度履职目标 and 部门职责概述 (one per file)."""

    id: int = 1
    duty_goal: str = ""  # 年度履职目标
    duty_overview: str = ""  # 部门职责概述

    @property
    def key(self) -> int:
        return self.id


@dataclass(frozen=True, slots=True)
class DepartmentTask:
    """One 年度主要任务 of the department's overall target."""

    id: int | None
    name: str  # 任务名称
    content: str = ""  # 主要内容 / 工作目标
    responsible: str = ""  # 责任单位/科室
    sort_order: int = 0

    @property
    def key(self) -> int | None:
        return self.id


# -- facts of the public document (部门预算公开文本), schema version 3 -----------------------------

PURCHASE_KINDS = {"goods": "货物", "works": "工程", "services": "服务"}
ASSET_KINDS = {"vehicle": "车辆", "equipment": "单价50万元以上设备", "building": "房屋"}


@dataclass(frozen=True, slots=True)
class DepartmentProfile:
    """The department's 部门职责 as the document prints it (one per file)."""

    id: int = 1
    duties: str = ""  # 部门职责

    @property
    def key(self) -> int:
        return self.id


@dataclass(frozen=True, slots=True)
class InternalOffice:
    """One 内设机构 of the department (机构设置)."""

    id: int | None
    name: str
    sort_order: int = 0

    @property
    def key(self) -> int | None:
        return self.id


@dataclass(frozen=True, slots=True)
class UnitStaff:
    """A unit's 经费形式 and staff: 编制数 and 实有人数 (在职, 离退休), whole people."""

    unit_code: str
    funding_form: str = ""  # 经费形式, e.g. 财政全额拨款
    authorized: int = 0  # 编制数
    active: int = 0  # 实有人数：在职
    retired: int = 0  # 实有人数：离退休

    @property
    def key(self) -> str:
        return self.unit_code


@dataclass(frozen=True, slots=True)
class PurchaseLine:
    """One 政府采购预算 line, paid from an expenditure line (it cannot exceed that line)."""

    id: int | None
    expenditure_line_id: int
    item: str  # 采购项目
    category: str = ""  # 品目
    kind: str = "goods"  # goods 货物 / works 工程 / services 服务
    amount: int = 0  # 分
    fund_source: str = ""
    sme_percent: int = 0  # 面向中小企业预留份额, whole percent 0–100
    sort_order: int = 0

    @property
    def key(self) -> int | None:
        return self.id


@dataclass(frozen=True, slots=True)
class AssetHolding:
    """国有资产占用 of a unit as of a date: vehicles by kind, equipment over 50 万元, 房屋 area."""

    id: int | None
    unit_code: str
    kind: str  # vehicle / equipment / building
    name: str = ""  # 车辆类别, 设备名称 or 房屋用途
    quantity: int = 0  # 辆 / 台（套）
    area_m2: int = 0  # 房屋面积, whole square metres
    as_of: str = ""  # 截至日期 YYYY-MM-DD
    sort_order: int = 0

    @property
    def key(self) -> int | None:
        return self.id


@dataclass(frozen=True, slots=True)
class ReasonText:
    """The accountant's 主要原因 for one comparison the document makes (keyed by slot id)."""

    slot: str
    text: str = ""

    @property
    def key(self) -> str:
        return self.slot


# -- 部门决算 (final accounts) and 绩效自评, schema version 4 ------------------------------------
#
# In a 决算 file (Department.kind "final") income and expenditure lines hold the year's actual
# 本年收入 / 本年支出; the records below add what a budget does not have.

# Counts the 三公 决算 table prints beside its amounts (ActivityCount.item → name).
ACTIVITY_ITEMS = {
    "abroad_groups": "因公出国（境）团组数",
    "abroad_people": "因公出国（境）人次",
    "vehicles_bought": "公务用车购置数",
    "vehicles_held": "公务用车保有量",
    "reception_batches": "国内公务接待批次",
    "reception_people": "国内公务接待人次",
    "foreign_reception_batches": "国（境）外公务接待批次",
    "foreign_reception_people": "国（境）外公务接待人次",
}


@dataclass(frozen=True, slots=True)
class BalanceLine:
    """结转和结余 of one unit, 功能 项 and fund source in a 决算 file (分).

    年末 is typed from the accounts and checked per fund source and 功能 项, as 收入支出决算总表
    balances its two 总计: 年初 + 本年收入 + 使用非财政拨款结余 = 本年支出 + 结余分配 + 年末.
    """

    id: int | None
    unit_code: str
    function_code: str
    fund_source: str
    opening: int = 0  # 年初结转和结余
    used_balance: int = 0  # 使用非财政拨款结余 (spent from earlier years' non-fiscal balance)
    distribution: int = 0  # 结余分配 (提取基金、交回等)
    closing: int = 0  # 年末结转和结余
    sort_order: int = 0

    @property
    def key(self) -> int | None:
        return self.id


@dataclass(frozen=True, slots=True)
class BudgetBaselineLine:
    """The budget a 决算 is compared with (分): 年初预算数 and 全年预算数 (after adjustments).

    Same keys as an expenditure line; `final-from-budget` fills `initial` from the budget file.
    """

    id: int | None
    unit_code: str
    function_code: str
    econ_code: str
    fund_source: str
    kind: str
    project_code: str = ""
    initial: int = 0  # 年初预算数
    full_year: int = 0  # 全年预算数
    sort_order: int = 0

    @property
    def key(self) -> int | None:
        return self.id


@dataclass(frozen=True, slots=True)
class ActivityCount:
    """A whole-number count the 三公 决算 prints (ACTIVITY_ITEMS), e.g. 接待批次."""

    item: str
    count: int = 0

    @property
    def key(self) -> str:
        return self.item


@dataclass(frozen=True, slots=True)
class SelfEvaluation:
    """绩效自评 of a project, or of the department's overall spending (project_code "").

    Points are hundredths of a point (分值 10 → 1000), so half points stay exact.
    """

    project_code: str
    achieved: str = ""  # 实际完成情况 (against 年度总体目标)
    execution_points: int = 1000  # 预算执行率 的分值
    conclusion: str = ""  # 自评结论 / 存在问题及改进措施

    @property
    def key(self) -> str:
        return self.project_code


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """The 自评 of one performance indicator: 实际完成值, 分值, 得分 and 偏差原因."""

    indicator_id: int
    actual: str = ""  # 实际完成值, as text like the 指标值
    points: int = 0  # 分值, hundredths of a point
    score: int = 0  # 得分, hundredths of a point
    deviation: str = ""  # 偏差原因分析及改进措施

    @property
    def key(self) -> int:
        return self.indicator_id


Record = (
    Unit
    | Project
    | IncomeLine
    | ExpenditureLine
    | ControlFigure
    | PriorYearLine
    | SpecialFund
    | Indicator
    | CostItem
    | SpendingSchedule
    | DepartmentTarget
    | DepartmentTask
    | DepartmentProfile
    | InternalOffice
    | UnitStaff
    | PurchaseLine
    | AssetHolding
    | ReasonText
    | BalanceLine
    | BudgetBaselineLine
    | ActivityCount
    | SelfEvaluation
    | IndicatorResult
)


@dataclass(frozen=True, slots=True)
class Change:
    """One edit: `before` None is an insert, `after` None a delete, both set an update."""

    before: Record | None
    after: Record | None

    @property
    def record_type(self) -> type:
        return type(self.after if self.after is not None else self.before)

    def inverse(self) -> Change:
        return Change(self.after, self.before)


def inverse_of(changes: list[Change]) -> list[Change]:
    """The batch that undoes `changes` (applied in reverse order)."""
    return [c.inverse() for c in reversed(changes)]
