"""The 决算 wording of the public document (第三部分 情况说明 as seed 003 prints it).

Slots of the template (resources/packs/hunan-final-2021/document.json) besides the table figures:
- `{占:A/B}`: figure A's share of figure B, "50.7%";
- `{预算比较:A/B}`: 决算 figure A against 预算 figure B — "完成预算的86.1%，决算数小于预算数的主要
  原因是：……" with a 主要原因 slot whenever the two differ;
- facts (`FINAL_FACTS`) that list what the tables hold row by row: the 一般公共预算 支出 by 类 with
  shares, by 项 with 年初预算 and 完成率, 三公 shares and counts, 机关运行经费 against 年初预算,
  会议费/培训费, 政府采购, 政府性基金 and 国有资本经营, 绩效自评.
Shares and rates are computed from the printed 万元 figures (a reader dividing two printed numbers
gets the printed percentage). 年初预算 comes from the file's 预算数 lines (`BudgetBaselineLine`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from desktop.document.wording import Comparison, wan
from desktop.errors import BudgetError
from desktop.records import ACTIVITY_ITEMS, PURCHASE_KINDS, BudgetBaselineLine

if TYPE_CHECKING:
    from desktop.document.build import DocumentBuilder, Figure

PLACEHOLDER = "【请填写主要原因】"
RUNNING_UNIT_KINDS = ("agency", "civil_service_like")
RUNNING_ECON = ("302", "310")
MEETING, TRAINING = "30215", "30216"


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole in percent, one decimal (0.0 when there is no whole)."""
    if not whole:
        return Decimal("0.0")
    return (part / whole * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


def reason(b: DocumentBuilder, slot: str, lead: str) -> str:
    """`lead` followed by the accountant's 主要原因 for `slot` (or the placeholder, noted)."""
    text = b.ledger.reason_texts.get(slot)
    if text is None or not text.text.strip():
        b.missing.append(slot)
        return f"{lead}{PLACEHOLDER}"
    return f"{lead}{text.text.strip().rstrip('。')}"


def _pair(b: DocumentBuilder, rest: str, figures: list[Figure]) -> tuple[Figure, Figure]:
    first, sep, second = rest.partition("/")
    if not sep:
        raise BudgetError(f"公开文本模板的槽位“{rest}”应写成“甲/乙”。")
    a, c = b.figure(first), b.figure(second)
    figures += [a, c]
    return a, c


def share(b: DocumentBuilder, rest: str, figures: list[Figure]) -> str:
    part, whole = _pair(b, rest, figures)
    return f"{percent(part.value, whole.value)}%"


def against_budget(
    b: DocumentBuilder, slot: str, actual: Decimal, budget: Decimal, what: str = "预算"
) -> str:
    """决算 against a budget figure: 完成率, and why they differ (a 主要原因 slot)."""
    b.slots[slot] = Comparison(actual, budget)
    if not actual and not budget:
        return ""
    if actual == budget:
        return f"完成{what}的100.0%。"
    more = "大于" if actual > budget else "小于"
    lead = f"完成{what}的{percent(actual, budget)}%，" if budget else ""
    return reason(b, slot, f"{lead}决算数{more}{what}数的主要原因是：") + "。"


def budget_compare(b: DocumentBuilder, rest: str, figures: list[Figure]) -> str:
    actual, budget = _pair(b, rest, figures)
    return against_budget(b, f"预算比较:{actual.name}", actual.value, budget.value)


SLOT_KINDS: dict[str, Callable[[DocumentBuilder, str, list[Figure]], str]] = {
    "占": share,
    "预算比较": budget_compare,
}


# -- facts -------------------------------------------------------------------------------------
def _gp(b: DocumentBuilder, fund_source: str) -> bool:
    fund = b.ledger.catalog.fund_sources.get(fund_source)
    return fund is not None and fund.fiscal and fund.budget_type == "gp"


def _class_label(name: str) -> str:
    """社会保障和就业支出 → 社会保障和就业（类）支出, as the 情况说明 names a 类."""
    return f"{name[:-2] if name.endswith('支出') else name}（类）支出"


def _gp_table(b: DocumentBuilder):  # noqa: ANN202 - TableResult
    return b.rollup.result(int(b.spec.get("gp_table", 5)))


def gp_structure(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    """一般公共预算财政拨款支出 by 类, each with its share of the total."""
    from desktop.document.build import Figure

    result = _gp_table(b)
    column = result.column_index("小计")
    total = wan(result.find_row(name="合计", level="total").values[column])
    figures, parts = [], []
    for row in result.rows:
        if row.level != "类" or not row.values[column]:
            continue
        value = wan(row.values[column])
        figures.append(Figure(row.name, value, result.number, f"{row.code}/小计"))
        parts.append(f"{_class_label(row.name)}{value}万元，占{percent(value, total)}%")
    return ("；".join(parts) or "无此项支出") + "。", figures


def _initial_by_item(b: DocumentBuilder) -> dict[str, int]:
    initial: dict[str, int] = defaultdict(int)
    for line in b.ledger.baseline_lines.values():
        if _gp(b, line.fund_source):
            initial[line.function_code] += line.initial
    return initial


def gp_items(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    """年初预算 against 决算 for the 一般公共预算 total and each 项 (one paragraph each)."""
    from desktop.document.build import Figure

    result = _gp_table(b)
    column = result.column_index("小计")
    spent = {r.code: r.values[column] or 0 for r in result.rows if r.level == "项"}
    initial = _initial_by_item(b)
    total_initial = wan(sum(initial.values()))
    total_spent = wan(result.find_row(name="合计", level="total").values[column])
    year = b.ledger.department.fiscal_year
    completion = f"，完成年初预算的{percent(total_spent, total_initial)}%" if total_initial else ""
    paragraphs = [
        f"{year}年度一般公共预算财政拨款支出年初预算数为{total_initial}万元，一般公共预算财政拨款"
        f"支出决算数为{total_spent}万元{completion}，其中："
    ]
    figures = [Figure("一般公共预算财政拨款支出", total_spent, result.number, "合计/小计")]
    catalog = b.ledger.catalog
    codes = sorted(c for c in set(spent) | set(initial) if spent.get(c) or initial.get(c))
    for n, code in enumerate(codes, 1):
        names = [catalog.function_name(code[:3]), catalog.function_name(code[:5])]
        label = f"{names[0]}（类）{names[1]}（款）{catalog.function_name(code)}（项）"
        budget, actual = wan(initial.get(code, 0)), wan(spent.get(code, 0))
        figures.append(Figure(code, actual, result.number, f"{code}/小计"))
        tail = against_budget(b, f"年初预算:{code}", actual, budget, "年初预算")
        paragraphs.append(f"{n}、{label}。")
        paragraphs.append(f"年初预算为{budget}万元，支出决算为{actual}万元，{tail}".rstrip("，"))
    return "\n".join(paragraphs), figures


def _running(b: DocumentBuilder, lines) -> int:  # noqa: ANN001 - expenditure or baseline lines
    units = {c for c, u in b.ledger.units.items() if u.kind in RUNNING_UNIT_KINDS}
    total = 0
    for ln in lines:
        if (
            ln.unit_code in units
            and ln.kind in ("personnel", "operating")
            and ln.econ_code.startswith(RUNNING_ECON)
            and _gp(b, ln.fund_source)
        ):
            total += ln.initial if isinstance(ln, BudgetBaselineLine) else ln.amount
    return total


def running_against_initial(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    """机关运行经费 决算 against its 年初预算 (the same definition over the 预算数 lines)."""
    actual = wan(_running(b, b.ledger.expenditure_lines.values()))
    budget = wan(_running(b, b.ledger.baseline_lines.values()))
    comparison = Comparison(actual, budget)
    slot = "年初比较:机关运行经费"
    b.slots[slot] = comparison
    if comparison.direction == "持平":
        return f"与年初预算数{budget}万元持平", []
    if not budget:
        return reason(b, slot, f"年初预算数为0万元，本年增加{actual}万元，主要原因是："), []
    grow = "增长" if comparison.change > 0 else "降低"
    lead = (
        f"比年初预算数{comparison.direction}{abs(comparison.change)}万元，{grow}{comparison.rate}%，"
        "主要原因是："
    )
    return reason(b, slot, lead), []


def three_public_structure(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    names = ("公务接待费", "因公出国（境）费", "公务用车购置及运行费")
    total = b.figure("三公经费")
    figures = [total]
    parts = []
    for name in names:
        fig = b.figure(name)
        figures.append(fig)
        label = "公务用车购置费及运行维护费" if name == "公务用车购置及运行费" else name
        parts.append(f"{label}支出决算{fig.value}万元，占{percent(fig.value, total.value)}%")
    return "，".join(parts), figures


def three_public_counts(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    """The counts the 三公 table prints beside its amounts (三公数量)."""
    counts = {item: 0 for item in ACTIVITY_ITEMS}
    counts.update({a.item: a.count for a in b.ledger.activity_counts.values()})
    abroad, reception = b.figure("因公出国（境）费"), b.figure("公务接待费")
    bought, running = b.figure("公务用车购置费"), b.figure("公务用车运行费")
    both = b.figure("公务用车购置及运行费")
    foreign = ""
    if counts["foreign_reception_batches"] or counts["foreign_reception_people"]:
        foreign = (
            f"，接待国（境）外来访团组{counts['foreign_reception_batches']}个、来宾"
            f"{counts['foreign_reception_people']}人次"
        )
    lines = [
        f"1. 因公出国（境）费支出决算为{abroad.value}万元，全年安排因公出国（境）团组"
        f"{counts['abroad_groups']}个，累计{counts['abroad_people']}人次。",
        f"2. 公务接待费支出决算为{reception.value}万元，全年共接待来访团组"
        f"{counts['reception_batches']}个、来宾{counts['reception_people']}人次{foreign}。",
        f"3. 公务用车购置费及运行维护费支出决算为{both.value}万元，其中：公务用车购置费"
        f"{bought.value}万元，全年购置公务用车{counts['vehicles_bought']}辆；公务用车运行维护费"
        f"{running.value}万元。截至{b.ledger.department.fiscal_year}年12月31日，开支财政拨款的"
        f"公务用车保有量为{counts['vehicles_held']}辆。",
    ]
    return "\n".join(lines), [abroad, reception, bought, running, both]


def general_spending(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    """会议费 and 培训费: 决算 against 年初预算, and the 一般公共预算 基本支出 part of it."""
    parts = []
    for code, name in ((MEETING, "会议费"), (TRAINING, "培训费")):
        spent = [ln for ln in b.ledger.expenditure_lines.values() if ln.econ_code == code]
        actual = wan(sum(ln.amount for ln in spent))
        basic = wan(sum(ln.amount for ln in spent if ln.is_basic and _gp(b, ln.fund_source)))
        budget = wan(
            sum(ln.initial for ln in b.ledger.baseline_lines.values() if ln.econ_code == code)
        )
        text = (
            f"{name}年初预算{budget}万元，支出决算为{actual}万元（其中：一般公共预算基本支出"
            f"{name}{basic}万元）"
        )
        tail = against_budget(b, f"年初预算:{name}", actual, budget, "年初预算")
        parts.append(f"{text}，{tail}" if tail else f"{text}。")
    return "\n".join(parts), []


def purchases_final(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    lines = list(b.ledger.purchase_lines.values())
    year = b.ledger.department.fiscal_year
    if not lines:
        return f"{year}年度本部门无政府采购支出。", []
    by_kind = {k: sum(p.amount for p in lines if p.kind == k) for k in PURCHASE_KINDS}
    total = wan(sum(by_kind.values()))
    sme = wan(sum(p.amount * p.sme_percent // 100 for p in lines))
    kinds = "、".join(
        f"政府采购{name}支出{wan(by_kind[k])}万元" for k, name in PURCHASE_KINDS.items()
    )
    return (
        f"{year}年度政府采购支出总额{total}万元，其中：{kinds}。授予中小企业合同金额{sme}万元，"
        f"占政府采购支出总额的{percent(sme, total)}%。"
    ), []


def _total_row(b: DocumentBuilder, number: int):  # noqa: ANN202 - Row
    return b.rollup.result(number).find_row(name="合计", level="total")


def gov_fund_final(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    result = b.rollup.result(int(b.spec.get("gov_fund_table", 8)))
    row = _total_row(b, result.number)

    def value(label: str) -> Decimal:
        return wan(row.values[result.column_index(label)] or 0)

    income, spent = value("本年收入"), value("小计")
    opening, closing = value("年初结转和结余"), value("年末结转和结余")
    if not any((income, spent, opening, closing)):
        return "本单位没有政府性基金收入，也没有使用政府性基金安排的支出。", []
    return (
        f"本年政府性基金预算财政拨款年初结转和结余{opening}万元，本年收入{income}万元，"
        f"本年支出{spent}万元，年末结转和结余{closing}万元。"
    ), []


def soe_final(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    result = b.rollup.result(int(b.spec.get("soe_table", 9)))
    row = _total_row(b, result.number)
    spent = wan(row.values[result.column_index("合计")] or 0)
    if not spent:
        return "本单位没有使用国有资本经营预算安排的支出。", []
    return f"本年国有资本经营预算财政拨款支出{spent}万元。", []


def performance_final(b: DocumentBuilder) -> tuple[str, list[Figure]]:
    """绩效自评: the 一般公共预算 projects and their money; how many were self-evaluated."""
    ledger = b.ledger
    year = ledger.department.fiscal_year
    money: dict[str, int] = defaultdict(int)
    for ln in ledger.expenditure_lines.values():
        if ln.kind == "project" and _gp(b, ln.fund_source):
            money[ln.project_code] += ln.amount
    projects = [code for code, amount in money.items() if amount]
    evaluated = sum(1 for e in ledger.self_evaluations.values() if e.project_code)
    whole = "部门整体支出和" if "" in ledger.self_evaluations else ""
    amount = wan(sum(money.values()))
    total = b.figure("本年支出合计")
    basic, project = b.figure("基本支出"), b.figure("项目支出")
    gp_project = wan(
        sum(
            ln.amount
            for ln in ledger.expenditure_lines.values()
            if ln.kind == "project" and _gp(b, ln.fund_source)
        )
    )
    return (
        f"根据预算绩效管理要求，本部门对{year}年度{whole}{evaluated}个项目开展了绩效自评。"
        f"{year}年整体支出{total.value}万元，其中：基本支出{basic.value}万元，项目支出"
        f"{project.value}万元；一般公共预算项目支出涉及项目{len(projects)}个，涉及资金"
        f"{amount}万元，占一般公共预算项目支出总额的{percent(amount, gp_project)}%。"
    ), [total, basic, project]


FINAL_FACTS: dict[str, Callable[[DocumentBuilder], tuple[str, list[Figure]]]] = {
    "一般公共预算类结构": gp_structure,
    "一般公共预算项明细": gp_items,
    "机关运行经费年初比较": running_against_initial,
    "三公结构": three_public_structure,
    "三公数量": three_public_counts,
    "一般性支出": general_spending,
    "政府采购支出": purchases_final,
    "政府性基金决算": gov_fund_final,
    "国有资本经营决算": soe_final,
    "绩效自评情况": performance_final,
}
