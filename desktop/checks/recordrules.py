"""Rules over the records themselves: projects, units, names, the unit kind of function items and
三公经费 against the prior year."""

from __future__ import annotations

from collections.abc import Iterator

from desktop.checks.context import CheckContext
from desktop.checks.finding import ERROR, WARNING, CellRef
from desktop.checks.ledgerrules import MAX_CELLS, ledger_rule, table_cells
from desktop.checks.rule import Hit, Keyed, line_cell, wan, wan_yuan
from desktop.records import UNIT_KIND_NAMES, UNIT_KINDS, ExpenditureLine, IncomeLine


def _project_codes(ctx: CheckContext) -> list[str]:
    return list(ctx.ledger.projects)


def _project_without_lines(ctx: CheckContext, code: str) -> Iterator[Hit]:
    project = ctx.ledger.projects.get(code)
    if project is None:
        return
    lines, amounts = ctx.totals.project_lines, ctx.totals.project_amount
    if lines.get(project.code, 0) == 0:
        text = "没有任何支出明细"
    elif amounts.get(project.code, 0) == 0:
        text = "的支出明细合计为零"
    else:
        return
    yield Hit(
        project.code,
        f"项目“{project.name}”（{project.code}，{ctx.unit_label(project.unit_code)}）{text}，"
        "请录入项目支出或删除该项目。",
        (line_cell("project", project.code),),
    )


def line_project(line: ExpenditureLine) -> tuple[str, ...]:
    """The project an edited expenditure line touches (none for basic spending)."""
    return (line.project_code,) if line.project_code else ()


PROJECT_WITHOUT_LINES = Keyed(
    _project_codes, _project_without_lines, line_project, (ExpenditureLine,)
)
project_without_lines = PROJECT_WITHOUT_LINES.run


def project_name_empty(ctx: CheckContext) -> Iterator[Hit]:
    for project in ctx.ledger.projects.values():
        if not project.name.strip():
            yield Hit(
                project.code,
                f"项目“{project.code}”（{ctx.unit_label(project.unit_code)}）的名称为空。",
                (line_cell("project", project.code),),
            )


def unit_name_empty(ctx: CheckContext) -> Iterator[Hit]:
    for unit in ctx.ledger.units.values():
        if not unit.name.strip():
            yield Hit(unit.code, f"单位“{unit.code}”的名称为空。", (line_cell("unit", unit.code),))


def department_name_empty(ctx: CheckContext) -> Iterator[Hit]:
    dept = ctx.ledger.department
    if not dept.name.strip() or not dept.code.strip():
        yield Hit("department", "部门编码或部门名称为空，封面和各表表头将无法打印部门名称。")


def unit_kind_invalid(ctx: CheckContext) -> Iterator[Hit]:
    for unit in ctx.ledger.units.values():
        if unit.kind not in UNIT_KINDS:
            yield Hit(
                unit.code,
                f"单位 {ctx.unit_label(unit.code)} 的单位性质“{unit.kind}”无效，应为行政单位、参公单位或事业单位；"
                "政府预算经济分类无法确定。",
                (line_cell("unit", unit.code),),
            )


def _units(ctx: CheckContext) -> list[str]:
    return list(ctx.ledger.units)


def _unit_without_lines(ctx: CheckContext, code: str) -> Iterator[Hit]:
    if ctx.totals.unit_lines.get(code, 0) == 0:
        yield Hit(
            code,
            f"单位 {ctx.unit_label(code)} 没有任何收入或支出明细。",
            (line_cell("unit", code),),
        )


# A unit's verdict depends on its own count of lines: an edited line touches its unit's only.
UNIT_WITHOUT_LINES = Keyed(
    _units, _unit_without_lines, lambda ln: (ln.unit_code,), (IncomeLine, ExpenditureLine)
)
unit_without_lines = UNIT_WITHOUT_LINES.run


def _unit_items(ctx: CheckContext) -> list[tuple[str, str]]:
    t = ctx.totals
    return sorted(set(t.income_item) | set(t.expenditure_item))


def _unit_kind_function(ctx: CheckContext, key: tuple[str, str]) -> Iterator[Hit]:
    """Function items reserved for a kind of unit (行政单位医疗, 事业运行 …) used by another kind."""
    unit_code, func = key
    t = ctx.totals
    if key not in t.income_item and key not in t.expenditure_item:
        return
    unit = ctx.ledger.units.get(unit_code)
    if unit is None:
        return
    allowed = ctx.config.unit_kind_functions.get(func)
    if allowed is None:
        allowed = ctx.config.unit_kind_function_names.get(ctx.catalog.function_name(func))
    if allowed is None or unit.kind in allowed:
        return
    inc = t.income_item.get(key, (0,))[0]
    exp = t.expenditure_item.get(key, (0,))[0]
    # The same finding comes back after a full run: build it once.
    memo = ctx.memo.setdefault("unit-kind-function", {})
    signature = (unit.kind, inc, exp)
    cached = memo.get(key)
    hit = cached[1] if cached is not None and cached[0] == signature else None
    if hit is None:
        kinds = "、".join(UNIT_KIND_NAMES[k] for k in UNIT_KINDS if k in allowed)
        hit = Hit(
            f"{unit_code}|{func}",
            f"{UNIT_KIND_NAMES.get(unit.kind, unit.kind)} {ctx.unit_label(unit_code)} 使用了功能科目"
            f"“{ctx.function_label(func)}”（收入 {wan(inc)}，支出 {wan(exp)}），该科目适用于"
            f"{kinds}。请核对单位性质或科目。",
            table_cells(ctx, [key], "项"),
        )
        memo[key] = (signature, hit)
    yield hit


UNIT_KIND_FUNCTION = Keyed(
    _unit_items,
    _unit_kind_function,
    lambda ln: ((ln.unit_code, ln.function_code),),
    (IncomeLine, ExpenditureLine),
)
unit_kind_function = UNIT_KIND_FUNCTION.run


def _budget_types(ctx: CheckContext, rule_id: str) -> tuple[str, ...]:
    """Budget types whose money a rule counts: 一般公共预算 unless the table set adds 政府性基金 /
    国有资本经营 (`budget_types` of the rule, e.g. ["gp", "gov_fund", "soe"])."""
    return tuple(ctx.config.rules.get(rule_id, {}).get("budget_types", ["gp"]))


def _econ_sum(ctx: CheckContext, codes, types, prior: bool = False) -> int:  # noqa: ANN001
    store = ctx.totals.prior_econ_type if prior else ctx.totals.econ_type
    return sum(store.get((c, t), 0) for c in codes for t in types)


def _money_words(types: tuple[str, ...]) -> str:
    from desktop.catalog import BUDGET_TYPES

    return "、".join(BUDGET_TYPES.get(t, t) for t in types)


def _increase(ctx: CheckContext, rule_id: str, groups: dict, what: str, tail: str):  # noqa: ANN001, ANN202
    """Per group of codes (and in total) this year against the prior year: hits where it rose."""
    types = _budget_types(ctx, rule_id)
    total_now = total_prior = 0
    for category, codes in groups.items():
        now = _econ_sum(ctx, codes, types)
        prior = _econ_sum(ctx, codes, types, prior=True)
        total_now += now
        total_prior += prior
        if now > prior:
            label = f"{what}中{category}" if what else category
            yield (
                category,
                (
                    f"{label}（{'、'.join(codes)}）{wan(now)}，上年 {wan(prior)}，"
                    f"增加 {wan_yuan(now - prior)}；{tail}"
                ),
            )
    if total_now > total_prior and len(groups) > 1:
        yield (
            "合计",
            (
                f"{what or '、'.join(groups)}合计 {wan(total_now)}，上年 {wan(total_prior)}，增加 "
                f"{wan_yuan(total_now - total_prior)}；{tail}"
            ),
        )


def three_public_increase(ctx: CheckContext) -> Iterator[Hit]:
    if ctx.totals.prior_lines <= 0:
        return  # no prior-year figures entered: nothing to compare
    groups = ctx.config.three_public_costs
    tail = "“三公”经费原则上只减不增，请说明增加原因。"
    for subject, message in _increase(ctx, "three-public-increase", groups, "“三公”经费", tail):
        cells = () if subject == "合计" else _three_public_cells(ctx, subject)
        if subject == "合计":
            message = message.replace("，请说明增加原因。", "。")
        yield Hit(subject, message, cells)


def meeting_training_increase(ctx: CheckContext) -> Iterator[Hit]:
    """会议费 and 培训费 (`codes` of the rule) against the prior year, like 三公经费."""
    if ctx.totals.prior_lines <= 0:
        return
    settings = ctx.config.rules.get("meeting-training-increase", {})
    groups = settings.get("codes", {"会议费": ["30215"], "培训费": ["30216"]})
    tail = "会议费、培训费从严控制，原则上不高于上年，请说明增加原因。"
    for subject, message in _increase(ctx, "meeting-training-increase", groups, "", tail):
        codes = groups.get(subject, [c for cs in groups.values() for c in cs])
        yield Hit(subject, message, _scan_econ(ctx, codes))


def _scan_econ(ctx: CheckContext, codes) -> tuple[CellRef, ...]:  # noqa: ANN001
    out = []
    for line in ctx.ledger.expenditure_lines.values():
        if line.econ_code in codes:
            out.append(line_cell("expenditure", line.id))
            if len(out) >= MAX_CELLS:
                break
    return tuple(out)


def _three_public_cells(ctx: CheckContext, category: str) -> tuple[CellRef, ...]:
    try:
        view = ctx.table(15)
    except (LookupError, StopIteration):
        return ()  # the table set has no 表15 (a 决算 set): the finding names no cell
    for col, path in enumerate(view.paths):
        if path.rsplit("/", 1)[-1] == category:
            return (view.cell(view.total, col),)
    return ()


def vehicle_purchase(ctx: CheckContext) -> Iterator[Hit]:
    codes = ctx.config.three_public_costs.get("公务用车购置费", ())
    amount = sum(ctx.totals.gp_econ.get(c, 0) for c in codes)
    if amount > 0:
        view = ctx.table(15)
        col = view.col("公务用车购置及运行费/公务用车购置费")
        cells = [view.cell(view.total, col)]
        cells += [view.cell(r, col) for r in view.units.values() if r.values[col]]
        yield Hit(
            "公务用车购置费",
            f"安排了公务用车购置费 {wan(amount)}，请确认已有车辆编制和资产配置批复，并在说明中注明。",
            tuple(cells[:MAX_CELLS]),
        )


RECORD_RULES = (
    ledger_rule(
        "project-without-lines",
        WARNING,
        "项目没有支出明细或合计为零。",
        PROJECT_WITHOUT_LINES,
        title="项目无支出明细",
    ),
    ledger_rule(
        "project-name-empty", ERROR, "项目名称不能为空。", project_name_empty, title="项目名称为空"
    ),
    ledger_rule(
        "unit-name-empty", ERROR, "单位名称不能为空。", unit_name_empty, title="单位名称为空"
    ),
    ledger_rule(
        "department-name-empty",
        ERROR,
        "部门编码和名称不能为空。",
        department_name_empty,
        title="部门名称为空",
    ),
    ledger_rule(
        "unit-kind-invalid",
        ERROR,
        "单位性质必须是行政单位、参公单位或事业单位。",
        unit_kind_invalid,
        title="单位性质无效",
    ),
    ledger_rule(
        "unit-without-lines",
        WARNING,
        "单位没有任何收入或支出明细。",
        UNIT_WITHOUT_LINES,
        title="单位无收支明细",
    ),
    ledger_rule(
        "unit-kind-function",
        WARNING,
        "按单位性质使用功能科目：行政单位医疗、行政单位离退休、行政运行用于行政/参公单位，事业单位医疗、事业单位离退休、事业运行用于事业单位。",
        UNIT_KIND_FUNCTION,
        title="单位性质与功能科目不符",
    ),
)
THREE_PUBLIC_RULES = (
    ledger_rule(
        "three-public-increase",
        WARNING,
        "“三公”经费（一般公共预算；表套可加政府性基金、国有资本经营）高于上年。",
        three_public_increase,
        title="“三公”经费高于上年",
    ),
    ledger_rule(
        "meeting-training-increase",
        WARNING,
        "会议费（30215）、培训费（30216）高于上年。",
        meeting_training_increase,
        title="会议费、培训费高于上年",
    ),
    ledger_rule(
        "vehicle-purchase",
        WARNING,
        "安排公务用车购置费需有编制和资产配置依据。",
        vehicle_purchase,
        title="公务用车购置",
    ),
)
