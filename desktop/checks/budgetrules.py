"""Line rules on where money of each budget type may sit: fund money under fund codes, 国有资本经营
under 223, 社会保险基金 under 209 and 一般公共预算 under none of these; 上年结转 likewise and not in
basic spending; economic classes basic spending cannot use; 三公 codes in projects.

The budget type of a function code is the catalog's `budget_type` column (docs/CATALOGS.md); that
of money is the fund source's `budget_type` (fund_sources.csv). Non-fiscal funds (事业收入 …) and
财政专户 have no budget type of their own and are not judged.
"""

from __future__ import annotations

from desktop.catalog import BUDGET_TYPES, GOV_FUND, GP, SOCIAL, SOE
from desktop.checks.context import CheckContext
from desktop.checks.finding import ERROR, WARNING
from desktop.checks.linerules import BASIC_EXCLUDED
from desktop.checks.rule import Rule
from desktop.records import EXPENSE_KIND_NAMES

CARRYOVER = "carryover"
_MONEY = {
    GP: "一般公共预算资金",
    GOV_FUND: "政府性基金预算资金",
    SOE: "国有资本经营预算资金",
    SOCIAL: "社会保险基金预算资金",
}
_CODES = {
    GP: "一般公共预算支出科目",
    GOV_FUND: "政府性基金预算支出科目",
    SOE: "国有资本经营预算支出科目",
    SOCIAL: "社会保险基金预算支出科目",
}
# Where each budget type's money belongs, as the message says it.
_HOME = {
    GP: "一般公共预算支出功能分类科目（不含政府性基金、国有资本经营、社会保险基金科目）",
    GOV_FUND: "政府性基金预算支出功能分类科目（如 21208、22960）",
    SOE: "223 国有资本经营预算支出",
    SOCIAL: "209 社会保险基金支出",
}
DEFAULT_BASIC_EXCLUDED = BASIC_EXCLUDED


def _is_carryover(ctx: CheckContext, fund_code: str) -> bool:
    fund = ctx.catalog.fund_sources.get(fund_code)
    return fund is not None and (fund.code == CARRYOVER or fund.parent == CARRYOVER)


def _misplaced(ctx: CheckContext, function: str, fund_code: str) -> str | None:
    """Why money of this fund cannot sit on this function code (None: it can, or not judged)."""
    fund = ctx.catalog.fund_sources.get(fund_code)
    if fund is None or fund.budget_type not in BUDGET_TYPES or function not in ctx.catalog.function:
        return None  # unknown codes are reported by their own rules
    money = fund.budget_type
    code = ctx.catalog.budget_type_of(function)
    if money == code:
        return None
    return (
        f"资金来源“{fund.name}”是{_MONEY[money]}，功能科目“{ctx.function_label(function)}”"
        f"是{_CODES[code]}；{_MONEY[money]}只能列在{_HOME[money]}。"
    )


def budget_type_function(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    function, fund = key
    if _is_carryover(ctx, fund):
        return None  # carryover-budget-type
    return _misplaced(ctx, function, fund)


def carryover_budget_type(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    function, fund = key
    if not _is_carryover(ctx, fund):
        return None
    reason = _misplaced(ctx, function, fund)
    return f"{reason}结转资金应按原预算类型、一般按原项目安排。" if reason else None


def carryover_basic(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    kind, fund = key
    if kind in ("personnel", "operating") and _is_carryover(ctx, fund):
        return (
            f"{EXPENSE_KIND_NAMES[kind]}使用了“{ctx.fund_name(fund)}”；上年结转资金一般按原项目继续"
            "使用，安排在基本支出请说明原因。"
        )
    return None


def basic_excluded_econ(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    kind, econ = key
    if kind not in ("personnel", "operating"):
        return None
    excluded = ctx.config.rules.get("basic-excluded-econ", {}).get(
        "classes", DEFAULT_BASIC_EXCLUDED
    )
    if econ[:3] in excluded:
        return (
            f"基本支出中列了“{ctx.econ_label(econ)}”（{ctx.econ_label(econ[:3])}）；"
            f"{'、'.join(excluded)} 类经济科目不能列入基本支出，应通过项目支出安排。"
        )
    return None


def three_public_codes(ctx: CheckContext) -> dict[str, str]:
    """三公 economic code → its category (因公出国（境）费 …) from the configuration."""
    return {c: cat for cat, codes in ctx.config.three_public_costs.items() for c in codes}


def three_public_project(ctx: CheckContext, key: tuple[str, str, str]) -> str | None:
    kind, econ, note = key
    if kind != "project" or note.strip():
        return None
    category = three_public_codes(ctx).get(econ)
    if category is None:
        return None
    return (
        f"项目支出中列了“三公”经费科目“{ctx.econ_label(econ)}”（{category}），没有填写说明；"
        "项目中安排“三公”经费须在明细的说明中写明用途和依据。"
    )


def _rule(rule_id, severity, description, check, fields, records=("income", "expenditure")):  # noqa: ANN001
    return Rule(
        rule_id,
        severity,
        description,
        check,
        "line",
        fields=fields,
        records=records,
        title=TITLES[rule_id],
    )


TITLES = {
    "budget-type-function": "资金列错预算类型的科目",
    "carryover-budget-type": "上年结转列错预算类型的科目",
    "carryover-basic": "上年结转安排基本支出",
    "basic-excluded-econ": "基本支出列了不应列的经济科目",
    "three-public-project": "项目支出列“三公”经费未说明",
}


BUDGET_TYPE_RULES = (
    _rule(
        "budget-type-function",
        ERROR,
        "资金只能列在本预算类型的功能科目：政府性基金只列政府性基金科目，国有资本经营只列 223，"
        "社会保险基金只列 209，一般公共预算不列这些科目。",
        budget_type_function,
        ("function_code", "fund_source"),
    ),
    _rule(
        "carryover-budget-type",
        ERROR,
        "上年结转资金只能列在其原预算类型的功能科目。",
        carryover_budget_type,
        ("function_code", "fund_source"),
    ),
    _rule(
        "carryover-basic",
        WARNING,
        "上年结转资金安排在基本支出（人员经费、公用经费）。",
        carryover_basic,
        ("kind", "fund_source"),
        ("expenditure",),
    ),
    _rule(
        "basic-excluded-econ",
        ERROR,
        "基本支出不列 307、309、311、312、313、399 类经济科目（可配置）。",
        basic_excluded_econ,
        ("kind", "econ_code"),
        ("expenditure",),
    ),
    _rule(
        "three-public-project",
        WARNING,
        "项目支出中列“三公”经费科目（30212、30217、30231、31013）须有说明。",
        three_public_project,
        ("kind", "econ_code", "note"),
        ("expenditure",),
    ),
)
