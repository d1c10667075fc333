"""Rules on one income or expenditure line: amounts, codes valid for the year, kinds, projects and
the function–economic correspondences.

Each rule judges the few fields it names (its key) and returns the reason the line is wrong, or
None. The engine judges every distinct key once, so 20,000 lines cost a few hundred judgements.
"""

from __future__ import annotations

from desktop.checks.context import CheckContext
from desktop.checks.finding import ERROR, WARNING
from desktop.checks.rule import Rule, wan
from desktop.records import EXPENSE_KIND_NAMES, UNIT_KIND_NAMES, ExpenditureLine, IncomeLine
from desktop.validation import function_level_problem

Line = IncomeLine | ExpenditureLine
KIND_ECON_CLASSES = {"personnel": ("301", "303"), "operating": ("302", "310")}
PERSONNEL_CLASSES = ("301", "303")
BASIC_EXCLUDED = ("307", "309", "311", "312", "313", "399")  # default of basic-excluded-econ
EXPENDITURE = ("expenditure",)
# Keys that are not plain fields: whether the amount is negative / zero.
DERIVED_KEYS = {"<0": lambda line: line.amount < 0, "=0": lambda line: line.amount == 0}
# The same keys as functions of the amount alone (mapped over a column of amounts at C speed).
AMOUNT_KEYS = {"<0": (0).__gt__, "=0": (0).__eq__}


def describe(ctx: CheckContext, line: Line) -> str:
    """How a message names a line: its kind, unit, codes and amount."""
    if isinstance(line, IncomeLine):
        return f"收入明细（{ctx.unit_label(line.unit_code)}，{line.function_code}，{wan(line.amount)}）"
    kind = EXPENSE_KIND_NAMES.get(line.kind, line.kind)
    return (
        f"{kind}明细（{ctx.unit_label(line.unit_code)}，{line.function_code}/{line.econ_code}，"
        f"{wan(line.amount)}）"
    )


def amount_negative(ctx: CheckContext, negative: bool) -> str | None:
    return "金额为负数，预算金额不能为负。" if negative else None


def amount_zero(ctx: CheckContext, zero: bool) -> str | None:
    return "金额为零，请填写金额或删除这一行。" if zero else None


def function_code_invalid(ctx: CheckContext, code: str) -> str | None:
    entry = ctx.catalog.function.get(code)
    if entry is None:
        return (
            f"功能科目“{code}”不在 {ctx.catalog.year} 年支出功能分类科目中（可能来自以前年度的文件），"
            "请改为本年度的科目。"
        )
    return function_level_problem(ctx.catalog, code) or None


def econ_code_invalid(ctx: CheckContext, code: str) -> str | None:
    entry = ctx.catalog.dept_econ.get(code)
    if entry is None:
        return (
            f"经济科目“{code}”不在 {ctx.catalog.year} 年部门预算支出经济分类科目中（可能来自以前年度的"
            "文件），请改为本年度的科目。"
        )
    if entry.level != "款":
        return f"经济科目“{ctx.econ_label(code)}”是类级科目，金额必须列到款级科目。"
    return None


def fund_source_invalid(ctx: CheckContext, code: str) -> str | None:
    fund = ctx.catalog.fund_sources.get(code)
    if fund is None:
        return f"资金来源“{code}”无效。"
    if not fund.leaf:
        return f"资金来源“{fund.name}”是汇总项，请选择其下的具体来源。"
    return None


def unit_unknown(ctx: CheckContext, code: str) -> str | None:
    return None if code in ctx.ledger.units else f"所属单位“{code}”不存在。"


def kind_econ_mismatch(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    kind, econ = key
    if kind not in EXPENSE_KIND_NAMES:
        return f"支出类型“{kind}”无效。"
    allowed = KIND_ECON_CLASSES.get(kind)
    if allowed and econ[:3] not in allowed:
        if ctx.config.enabled("basic-excluded-econ") and econ[:3] in ctx.config.rules.get(
            "basic-excluded-econ", {}
        ).get("classes", BASIC_EXCLUDED):
            return None  # reported once, by basic-excluded-econ
        name = EXPENSE_KIND_NAMES[kind]
        codes = "、".join(ctx.econ_label(c) for c in allowed)
        return f"经济科目“{ctx.econ_label(econ)}”不能列为{name}，{name}只含 {codes}。"
    return None


def project_line_project(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    kind, project = key
    if kind != "project":
        return None
    if not project:
        return "项目支出没有指明所属项目。"
    if project not in ctx.ledger.projects:
        return f"所属项目“{project}”不存在。"
    return None


def non_project_line_with_project(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    kind, project = key
    if kind != "project" and project:
        return f"{EXPENSE_KIND_NAMES.get(kind, kind)}不能挂在项目“{project}”下。"
    return None


def project_unit_mismatch(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    code, unit = key
    project = ctx.ledger.projects.get(code) if code else None
    if project is not None and project.unit_code != unit:
        return (
            f"所属项目“{project.name}”属于单位 {ctx.unit_label(project.unit_code)}，"
            f"明细却列在 {ctx.unit_label(unit)}。"
        )
    return None


def function_econ(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    function, econ = key
    allowed = ctx.config.function_econ.get(function)
    if allowed is not None and econ not in allowed:
        codes = "、".join(ctx.econ_label(c) for c in sorted(allowed))
        return (
            f"功能科目“{ctx.function_label(function)}”只能对应经济科目 {codes}，"
            f"不能列“{ctx.econ_label(econ)}”。"
        )
    return None


def econ_function(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    function, econ = key
    allowed = ctx.config.econ_function.get(econ)
    if allowed is not None and function not in allowed:
        codes = "、".join(ctx.function_label(c) for c in sorted(allowed))
        return (
            f"经济科目“{ctx.econ_label(econ)}”应列在功能科目 {codes}，"
            f"不能列在“{ctx.function_label(function)}”。"
        )
    return None


def project_personnel_econ(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    kind, econ = key
    if kind == "project" and econ[:3] in PERSONNEL_CLASSES:
        return (
            f"项目支出中列了人员类经济科目“{ctx.econ_label(econ)}”；工资福利和对个人和家庭的补助"
            "一般应列入基本支出的人员经费，确需按项目管理请说明。"
        )
    return None


def project_admin_function(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    kind, function = key
    if kind == "project":
        name = ctx.catalog.function_name(function)
        if name in ctx.config.project_excluded_function_names:
            return (
                f"项目支出列在“{ctx.function_label(function)}”；“{name}”科目用于单位的基本支出，"
                "项目支出应列在对应的事务类科目。"
            )
    return None


def gov_econ_missing(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    econ, unit_code = key
    entry = ctx.catalog.dept_econ.get(econ)
    unit = ctx.ledger.units.get(unit_code)
    if entry is None or unit is None or entry.level != "款":
        return None  # reported by econ-code-invalid / unit-unknown
    if ctx.catalog.gov_econ_for(econ, unit.kind):
        return None
    return (
        f"经济科目“{ctx.econ_label(econ)}”在 {ctx.catalog.year} 年科目对照表中没有"
        f"{UNIT_KIND_NAMES.get(unit.kind, unit.kind)}对应的政府预算经济分类，"
        "按政府预算经济分类的表（表4、表9、表13、表17）将漏列这笔支出。"
    )


def _agency(ctx: CheckContext, unit_code: str) -> str | None:
    unit = ctx.ledger.units.get(unit_code)
    if unit is None or unit.kind == "institution":
        return None
    return UNIT_KIND_NAMES.get(unit.kind, unit.kind)


def agency_unit_funds(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    unit_code, fund = key
    kind_name = _agency(ctx, unit_code)
    if kind_name and fund in ctx.config.agency_excluded_funds:
        return f"{kind_name}使用了资金来源“{ctx.fund_name(fund)}”，这是事业单位的收入。"
    return None


def agency_business_kind(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    unit_code, kind = key
    kind_name = _agency(ctx, unit_code)
    if kind_name and kind == "business":
        return f"{kind_name}没有事业单位经营支出。"
    return None


def basic_capital_econ(ctx: CheckContext, key: tuple[str, str]) -> str | None:
    kind, econ = key
    if kind in ("personnel", "operating") and econ[:3] in ctx.config.basic_excluded_econ_classes:
        return f"基本支出中列了“{ctx.econ_label(econ)}”；资本性支出一般应通过项目支出安排。"
    return None


def _rule(
    rule_id,
    severity,
    description,
    check,
    fields,
    records=("income", "expenditure"),
    title="",
    narrow=None,
):  # noqa: ANN001
    return Rule(
        rule_id,
        severity,
        description,
        check,
        "line",
        fields=fields,
        records=records,
        title=title,
        narrow=narrow,
    )


LINE_RULES = (
    _rule(
        "amount-negative",
        ERROR,
        "收入、支出明细的金额不能为负数。",
        amount_negative,
        ("<0",),
        title="金额为负数",
    ),
    _rule("amount-zero", WARNING, "金额为零的明细。", amount_zero, ("=0",), title="金额为零"),
    _rule(
        "function-code-invalid",
        ERROR,
        "功能科目必须是本预算年度科目表中的最低一级科目（项；没有项的款、类如 219、227 列到款、类；旧年度文件中的科目会被查出）。",
        function_code_invalid,
        ("function_code",),
        title="功能科目无效",
    ),
    _rule(
        "econ-code-invalid",
        ERROR,
        "经济科目必须是本预算年度部门预算支出经济分类中的款级科目。",
        econ_code_invalid,
        ("econ_code",),
        EXPENDITURE,
        title="经济科目无效",
    ),
    _rule(
        "fund-source-invalid",
        ERROR,
        "资金来源必须是有效的末级资金来源。",
        fund_source_invalid,
        ("fund_source",),
        title="资金来源无效",
    ),
    _rule(
        "unit-unknown",
        ERROR,
        "明细所属单位必须存在。",
        unit_unknown,
        ("unit_code",),
        title="单位不存在",
    ),
    _rule(
        "kind-econ-mismatch",
        ERROR,
        "人员经费只含 301、303，公用经费只含 302、310；支出类型必须有效。",
        kind_econ_mismatch,
        ("kind", "econ_code"),
        EXPENDITURE,
        title="支出类型与经济科目不符",
    ),
    _rule(
        "project-line-project",
        ERROR,
        "项目支出明细必须属于一个已有的项目。",
        project_line_project,
        ("kind", "project_code"),
        EXPENDITURE,
        title="项目明细未挂项目",
    ),
    _rule(
        "non-project-line-with-project",
        ERROR,
        "基本支出等非项目明细不能挂在项目下。",
        non_project_line_with_project,
        ("kind", "project_code"),
        EXPENDITURE,
        title="基本支出挂在项目下",
    ),
    _rule(
        "project-unit-mismatch",
        ERROR,
        "项目支出明细的单位必须是项目所属单位。",
        project_unit_mismatch,
        ("project_code", "unit_code"),
        EXPENDITURE,
        title="项目明细单位不符",
    ),
    _rule(
        "function-econ",
        ERROR,
        "社保、医保、公积金等功能科目只能对应其经济科目（如 2080505 只列 30108，2101101/2101102 只列 30110）。",
        function_econ,
        ("function_code", "econ_code"),
        EXPENDITURE,
        title="功能科目与经济科目不配套",
        narrow=lambda ctx: ("function_code", ctx.config.function_econ),
    ),
    _rule(
        "econ-function",
        ERROR,
        "社保、医保、公积金、离退休费等经济科目只能列在对应的功能科目（如 30108 只列在 2080505）。",
        econ_function,
        ("function_code", "econ_code"),
        EXPENDITURE,
        title="经济科目与功能科目不配套",
        narrow=lambda ctx: ("econ_code", ctx.config.econ_function),
    ),
    _rule(
        "project-personnel-econ",
        WARNING,
        "项目支出中列了 301/303 人员类经济科目（人员类支出应在人员经费）。",
        project_personnel_econ,
        ("kind", "econ_code"),
        EXPENDITURE,
        title="项目支出列人员类科目",
    ),
    _rule(
        "project-admin-function",
        WARNING,
        "项目支出不应使用行政运行、事业运行科目。",
        project_admin_function,
        ("kind", "function_code"),
        EXPENDITURE,
        title="项目支出用运行类科目",
    ),
    _rule(
        "gov-econ-missing",
        ERROR,
        "经济科目在本年度对照表中有按单位性质对应的政府预算经济分类。",
        gov_econ_missing,
        ("econ_code", "unit_code"),
        EXPENDITURE,
        title="缺政府经济分类对照",
    ),
    _rule(
        "agency-unit-funds",
        WARNING,
        "行政、参公单位不应有事业收入、事业单位经营收入。",
        agency_unit_funds,
        ("unit_code", "fund_source"),
        title="行政单位有事业收入",
    ),
    _rule(
        "agency-business-kind",
        WARNING,
        "行政、参公单位不应有事业单位经营支出。",
        agency_business_kind,
        ("unit_code", "kind"),
        EXPENDITURE,
        title="行政单位有经营支出",
    ),
    _rule(
        "basic-capital-econ",
        WARNING,
        "基本支出中不列资本性支出（310）；湖南口径允许，默认关闭。",
        basic_capital_econ,
        ("kind", "econ_code"),
        EXPENDITURE,
        title="基本支出列资本性支出",
    ),
)
