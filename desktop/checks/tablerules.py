"""The table rules: footing of the listing tables 1 and 6 and the equalities between tables."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from desktop.checks.context import CheckContext
from desktop.checks.crosstables import Equality, G, L, eq, equality_check, tables_of
from desktop.checks.finding import ERROR, WARNING
from desktop.checks.rule import Hit, Rule, diff_text, wan
from desktop.checks.tableview import changed_rows
from desktop.tables.hunan import HUNAN_TABLES
from desktop.tables.spec import Group, ListingSpec, TableSpec

# These rules are the Hunan set's (resources/packs/hunan-2025): they name its printed labels.
_summary = next(t for t in HUNAN_TABLES if t.number == 1)
_dept_summary = next(t for t in HUNAN_TABLES if t.number == 5)
assert isinstance(_summary, ListingSpec) and isinstance(_dept_summary, TableSpec)
SUMMARY: ListingSpec = _summary
DEPT_SUMMARY: TableSpec = _dept_summary
# 支出功能分类 类 as listed in 收支总表: (code, printed label); every item there selects one 类
FUNCTION_CLASSES = tuple(
    (i.select.function[0], i.label)
    for i in SUMMARY.blocks[1].items
    if i.select is not None and i.select.function
)
# 政府预算经济分类 类 as the columns of table 4: (code, printed label)
GOV_CLASSES = tuple(
    (c.select.gov[0], c.label)
    for c in next(t for t in HUNAN_TABLES if t.number == 4).leaf_columns
    if c.select is not None and c.select.gov
)

INC = "收入/项目"  # the label columns naming the blocks of table 1
FUN = "支出/项目（按功能分类）"
DEP = "支出/项目（按部门预算经济分类）"
GOVB = "支出/项目（按政府预算经济分类）"
T6_INC, T6_EXP = "收入/项目", "支出/项目"
INCOME_TOTAL, CURRENT_INCOME = "收 入 总 计", "本 年 收 入 合 计"
EXP_TOTAL, CURRENT_EXP = "支 出 总 计", "本 年 支 出 合 计"
_TOP = re.compile(r"^[一二三四五六七八九十]+、")


def _labels(block_index: int) -> list[str]:
    return [item.label for item in SUMMARY.blocks[block_index].items]


def _top_level(labels: list[str]) -> list[str]:
    return [x for x in labels if _TOP.match(x)]


def _between(labels: list[str], first: str, stop: str) -> list[str]:
    start = labels.index(first) + 1
    return labels[start : labels.index(stop)]


_INCOME = _labels(0)
_GOV_ITEMS = _labels(3)
_NONTAX = "纳入一般公共预算管理的非税收入拨款"

T01_INCOME_FOOT = (
    eq(L(1, INC, CURRENT_INCOME), *(L(1, INC, x) for x in _top_level(_INCOME))),
    eq(
        L(1, INC, "一、一般公共预算拨款收入"),
        *(
            L(1, INC, x)
            for x in (
                "经费拨款",
                _NONTAX,
                "一般债券",
                "外国政府和国际组织贷款",
                "外国政府和国际组织捐赠",
            )
        ),
    ),
    eq(L(1, INC, _NONTAX), *(L(1, INC, x) for x in _between(_INCOME, _NONTAX, "一般债券"))),
    eq(
        L(1, INC, "六、上级财政补助收入"),
        *(L(1, INC, x) for x in _between(_INCOME, "六、上级财政补助收入", "七、事业收入")),
    ),
    eq(L(1, INC, INCOME_TOTAL), L(1, INC, CURRENT_INCOME), L(1, INC, "上年结转结余")),
)

_DEPT = _labels(2)
T01_EXPENDITURE_FOOT = (
    eq(L(1, FUN, CURRENT_EXP), *(L(1, FUN, label) for _, label in FUNCTION_CLASSES)),
    eq(L(1, DEP, CURRENT_EXP), *(L(1, DEP, x) for x in _top_level(_DEPT))),
    eq(
        L(1, DEP, "一、基本支出"),
        *(L(1, DEP, x) for x in _between(_DEPT, "一、基本支出", "二、项目支出")),
    ),
    eq(
        L(1, DEP, "二、项目支出"),
        *(L(1, DEP, x) for x in _between(_DEPT, "二、项目支出", "三、事业单位经营服务支出")),
    ),
    eq(L(1, GOVB, CURRENT_EXP), *(L(1, GOVB, x) for x in _GOV_ITEMS)),
    eq(L(1, DEP, CURRENT_EXP), L(1, FUN, CURRENT_EXP)),
    eq(L(1, GOVB, CURRENT_EXP), L(1, FUN, CURRENT_EXP)),
    *(
        eq(L(1, b, EXP_TOTAL), L(1, b, CURRENT_EXP), L(1, b, "年终结转结余"))
        for b in (FUN, DEP, GOVB)
    ),
)
T01_BALANCE = (eq(L(1, INC, INCOME_TOTAL), L(1, FUN, EXP_TOTAL)),)

_T6_SOURCES = (
    "（一）一般公共预算拨款",
    "（二）政府性基金预算拨款",
    "（三）国有资本经营预算拨款",
    "（四）社会保险基金预算资金",
)
T06_FOOT = (
    eq(L(6, T6_INC, "一、本年收入"), *(L(6, T6_INC, x) for x in _T6_SOURCES)),
    eq(L(6, T6_INC, "二、上年结转"), *(L(6, T6_INC, x, 1) for x in _T6_SOURCES)),
    eq(
        L(6, T6_INC, "收    入    总    计"),
        L(6, T6_INC, "一、本年收入"),
        L(6, T6_INC, "二、上年结转"),
    ),
    eq(L(6, T6_EXP, "一、本年支出"), *(L(6, T6_EXP, label) for _, label in FUNCTION_CLASSES)),
    eq(
        L(6, T6_EXP, "支    出    总    计"),
        L(6, T6_EXP, "一、本年支出"),
        L(6, T6_EXP, "二、年终结转结余"),
    ),
)
T06_BALANCE = (eq(L(6, T6_INC, "收    入    总    计"), L(6, T6_EXP, "支    出    总    计")),)

_GP = "一般公共预算拨款收入"
T01_T02 = (
    eq(L(1, INC, "一、一般公共预算拨款收入"), G(2, f"{_GP}/小计")),
    eq(L(1, INC, "经费拨款"), G(2, f"{_GP}/经费拨款")),
    eq(L(1, INC, _NONTAX), G(2, f"{_GP}/{_NONTAX}")),
    *(eq(L(1, INC, label), G(2, label.split("、", 1)[1])) for label in _top_level(_INCOME)[1:]),
    eq(L(1, INC, "上年结转结余"), G(2, "上年结转结余")),
    eq(L(1, INC, INCOME_TOTAL), G(2, "合计")),
)
T01_T03 = (
    eq(L(1, FUN, EXP_TOTAL), G(3, "合计")),
    eq(L(1, DEP, "一、基本支出"), G(3, "基本支出")),
    eq(L(1, DEP, "二、项目支出"), G(3, "项目支出")),
    eq(L(1, DEP, "三、事业单位经营服务支出"), G(3, "事业单位经营支出")),
)
T01_T04 = (
    eq(L(1, GOVB, CURRENT_EXP), G(4, "总 计")),
    *(
        eq(L(1, GOVB, item), G(4, label))
        for item, (_, label) in zip(_GOV_ITEMS, GOV_CLASSES, strict=True)
    ),
)
_T5_PROJECT = next(
    g for g in DEPT_SUMMARY.columns if isinstance(g, Group) and g.label == "项目支出"
)
T01_T05 = (
    eq(L(1, DEP, "一、基本支出"), G(5, "基本支出/合计")),
    eq(L(1, DEP, "工资福利支出"), G(5, "基本支出/工资福利支出")),
    eq(L(1, DEP, "商品和服务支出"), G(5, "基本支出/一般商品和服务支出")),
    eq(L(1, DEP, "对个人和家庭的补助"), G(5, "基本支出/对个人和家庭的补助")),
    eq(L(1, DEP, "二、项目支出"), G(5, "项目支出/合计")),
    *(eq(L(1, DEP, c.label), G(5, f"项目支出/{c.label}")) for c in _T5_PROJECT.children[1:]),
)
T03_T04 = (eq(G(3, "合计"), G(4, "总 计")),)
T03_T05 = (
    eq(G(3, "合计"), G(5, "总 计")),
    eq(G(3, "基本支出"), G(5, "基本支出/合计")),
    eq(G(3, "项目支出"), G(5, "项目支出/合计")),
)
T06_T01 = (
    *(
        eq(L(6, T6_INC, t6), L(1, INC, t1))
        for t6, t1 in zip(
            _T6_SOURCES,
            (
                "一、一般公共预算拨款收入",
                "二、政府性基金预算拨款收入",
                "三、国有资本经营预算拨款收入",
                "四、社会保障基金预算资金",
            ),
            strict=True,
        )
    ),
    eq(L(6, T6_INC, "二、上年结转"), L(1, INC, "上年结转结余"), relation="<="),
)
T06_T02 = (
    eq(L(6, T6_INC, _T6_SOURCES[0]), G(2, f"{_GP}/小计")),
    eq(L(6, T6_INC, "经费拨款"), G(2, f"{_GP}/经费拨款")),
    eq(L(6, T6_INC, _NONTAX), G(2, f"{_GP}/{_NONTAX}")),
    eq(L(6, T6_INC, _T6_SOURCES[1]), G(2, "政府性基金预算拨款收入")),
    eq(L(6, T6_INC, _T6_SOURCES[2]), G(2, "国有资本经营预算拨款收入")),
    eq(L(6, T6_INC, _T6_SOURCES[3]), G(2, "社会保障基金预算资金")),
)
T06_T01_CLASSES = tuple(
    eq(L(6, T6_EXP, label), L(1, FUN, label), relation="<=") for _, label in FUNCTION_CLASSES
)
T06_FISCAL_TABLES = (eq(L(6, T6_EXP, "一、本年支出"), G(7, "合计"), G(16, "合计"), G(19, "合计")),)
_T8 = "本年一般公共预算基本支出"
_T7_WAGES, _T7_FAMILY = "基本支出/人员经费/工资福利支出", "基本支出/人员经费/对个人和家庭的补助"
T07_T08 = (
    eq(G(7, "基本支出/小计"), G(8, f"{_T8}/合计")),
    eq(G(8, f"{_T8}/人员经费"), G(7, _T7_WAGES), G(7, _T7_FAMILY)),
    eq(G(7, "基本支出/公用经费"), G(8, f"{_T8}/公用经费")),
)
T08_DETAIL = (
    eq(G(8, f"{_T8}/人员经费", "301"), G(10, "总 计")),
    eq(G(8, f"{_T8}/人员经费", "303"), G(12, "总计")),
    eq(G(8, f"{_T8}/公用经费", "302"), G(14, "总 计")),
)
T07_T10 = (eq(G(7, _T7_WAGES), G(10, "总 计")),)
T07_T12 = (eq(G(7, _T7_FAMILY), G(12, "总计")),)
T07_T14 = (eq(G(7, "基本支出/公用经费"), G(14, "总 计"), G(8, f"{_T8}/公用经费", "310")),)
T09_T10 = (eq(G(9, "总 计"), G(10, "总 计")),)
T11_T12 = (eq(G(11, "总计"), G(12, "总计")),)
T13_T14 = (eq(G(13, "总计"), G(14, "总 计")),)
T15_T14 = (
    eq(G(15, "因公出国（境）费"), G(14, "因公出国（境）费用"), relation=">="),
    eq(G(15, "公务用车购置及运行费/公务用车运行费"), G(14, "公务用车运行维护费"), relation=">="),
    eq(G(15, "公务接待费"), G(14, "公务接待费"), relation=">="),
)
T16_T17 = (eq(G(16, "合计"), G(17, "总 计")),)
T17_T18 = (eq(G(17, "总 计"), G(18, "总 计")),)
T21_T03 = (eq(G(21, "预算额度/总计"), G(3, "项目支出"), relation="<="),)


def _equality_rule(
    rule_id: str,
    severity: str,
    description: str,
    eqs: tuple[Equality, ...],
    per_unit: bool = False,
    title: str = "",
) -> Rule:
    return Rule(
        rule_id,
        severity,
        description,
        equality_check(rule_id, eqs, per_unit),
        "tables",
        tables_of(eqs),
        title=title,
    )


class _ClassSums:
    """What t01-t03-class remembers: the rows of tables 1 and 3 it read, the sums of table 3's 类
    rows per class and their row indexes, table 1's row of each listed class, and the hits."""

    def __init__(self, t1, t3, col: int) -> None:  # noqa: ANN001
        self.t1, self.t3 = t1.result.rows, t3.result.rows
        self.sums: dict[str, int] = defaultdict(int)
        self.rows: dict[str, list[int]] = defaultdict(list)
        for i, row in enumerate(self.t3):
            if row.level == "类":
                self.sums[row.code] += row.values[col]
                self.rows[row.code].append(i)
        listed = dict(FUNCTION_CLASSES)
        self.codes = sorted(set(listed) | set(self.sums))
        # table 1's row index of each listed class (raises as `item` does without the label)
        self.t1_rows: dict[int, list[str]] = defaultdict(list)
        for code, label in listed.items():
            self.t1_rows[t1.item_index(FUN, label)[0]].append(code)
        self.hits: dict[str, Hit] = {}
        self.out: list[Hit] | None = None

    def follow(self, t1, t3, col: int) -> set[str] | None:  # noqa: ANN001
        """The classes whose comparison an edit changed, the sums updated; None when a table's
        rows changed more than in amounts."""
        dirty: set[str] = set()
        old, new = self.t3, t3.result.rows
        if old is not new:
            changed = changed_rows(old, t3.result)
            if changed is None:
                return None
            for i in changed:
                row = new[i]
                if row.level == "类":
                    self.sums[row.code] += row.values[col] - old[i].values[col]
                    dirty.add(row.code)
            self.t3 = new
        if self.t1 is not t1.result.rows:
            changed = changed_rows(self.t1, t1.result)
            if changed is None:
                return None
            for i in changed:
                dirty.update(self.t1_rows.get(i, ()))
            self.t1 = t1.result.rows
        return dirty


def check_t01_t03_classes(ctx: CheckContext) -> Iterator[Hit]:
    """收支总表 per 功能分类 类 = Σ over units of the 类 rows of 支出总表. After an edit only the
    classes whose rows changed in either table are compared again."""
    t1, t3 = ctx.table(1), ctx.table(3)
    col = t3.col("合计")
    state: _ClassSums | None = ctx.memo.get("t01-t03-class")
    dirty = state.follow(t1, t3, col) if state is not None else None
    if state is None or dirty is None:
        state = ctx.memo["t01-t03-class"] = _ClassSums(t1, t3, col)
        dirty = set(state.codes)
    listed = dict(FUNCTION_CLASSES)
    table, sums, rows = state.t3, state.sums, state.rows

    def cells(code: str) -> list:
        return [t3.cell(table[i], col) for i in rows.get(code, ())[:20]]

    for code in dirty:
        label = listed.get(code)
        want = sums.get(code, 0)
        hit = None
        if label is None:
            hit = Hit(
                f"class|{code}",
                f"支出功能分类“{ctx.function_label(code)}”在表3中有 {wan(want)}，"
                "但表1“收支总表”没有这一类的行，收支总表将少列这笔支出。",
                tuple(cells(code)),
            )
        elif t1.amount(FUN, label) != want:
            have, ref = t1.item(FUN, label)
            hit = Hit(
                f"class|{code}",
                f"表1“{label}”为 {wan(have)}，表3“支出总表”各单位“{ctx.function_label(code)}”"
                f"类之和为 {wan(want)}，{diff_text(have, want)}。",
                (ref, *cells(code)),
            )
        if hit is not None:
            state.hits[code] = hit
            state.out = None
        elif state.hits.pop(code, None) is not None:
            state.out = None
    if state.out is None:
        state.out = [state.hits[c] for c in state.codes if c in state.hits]
    return iter(state.out)


def check_t03_t07_all_gp(ctx: CheckContext) -> Iterator[Hit]:
    """When every income is 一般公共预算, 支出总表 合计 = 一般公共预算支出表 合计 (per unit)."""
    t2 = ctx.table(2)
    total, gp = t2.col("合计"), t2.col(f"{_GP}/小计")
    if t2.total.values[total] == 0 or t2.total.values[total] != t2.total.values[gp]:
        return
    yield from equality_check("t03-t07-gp", (eq(G(3, "合计"), G(7, "合计")),), per_unit=True)(ctx)


LISTING_RULES = (
    _equality_rule(
        "t01-income-foot",
        ERROR,
        "表1 收支总表收入栏：各级小计 = 其下各行之和，收入总计 = 本年收入 + 上年结转结余。",
        T01_INCOME_FOOT,
        title="表1 收入栏合计",
    ),
    _equality_rule(
        "t01-expenditure-foot",
        ERROR,
        "表1 收支总表支出三栏：本年支出合计 = 各类（款）之和，三种分类合计相等，支出总计 = 本年支出 + 年终结转结余。",
        T01_EXPENDITURE_FOOT,
        title="表1 支出栏合计",
    ),
    _equality_rule(
        "t01-balance",
        ERROR,
        "表1 收支总表：收入总计 = 支出总计。",
        T01_BALANCE,
        title="表1 收支总计平衡",
    ),
    _equality_rule(
        "t06-foot",
        ERROR,
        "表6 财政拨款收支总表：本年收入、上年结转、本年支出各等于其下各行之和。",
        T06_FOOT,
        title="表6 各栏合计",
    ),
    _equality_rule(
        "t06-balance",
        ERROR,
        "表6 财政拨款收支总表：财政拨款收入总计 = 支出总计。",
        T06_BALANCE,
        title="表6 收支总计平衡",
    ),
)

CROSS_TABLE_RULES = (
    _equality_rule(
        "t01-t02", ERROR, "表1 收入各行 = 表2 收入总表合计行对应列。", T01_T02, title="表1与表2核对"
    ),
    _equality_rule(
        "t01-t03",
        ERROR,
        "表1 支出总计、基本支出、项目支出、经营支出 = 表3 支出总表合计行对应列。",
        T01_T03,
        title="表1与表3核对",
    ),
    Rule(
        "t01-t03-class",
        ERROR,
        "表1 按功能分类各类 = 表3 支出总表各单位该类之和；表3 中出现的类在表1 都有行。",
        check_t01_t03_classes,
        "tables",
        (1, 3),
        title="表1与表3按类核对",
    ),
    _equality_rule(
        "t01-t04",
        ERROR,
        "表1 按政府预算经济分类各行 = 表4 合计行对应列。",
        T01_T04,
        title="表1与表4核对",
    ),
    _equality_rule(
        "t01-t05",
        ERROR,
        "表1 按部门预算经济分类各行 = 表5 合计行对应列。",
        T01_T05,
        title="表1与表5核对",
    ),
    _equality_rule(
        "t03-t04",
        ERROR,
        "表3 合计 = 表4 总计（合计行及各单位）。",
        T03_T04,
        per_unit=True,
        title="表3与表4核对",
    ),
    _equality_rule(
        "t03-t05",
        ERROR,
        "表3 合计、基本支出、项目支出 = 表5 对应列（合计行及各单位）。",
        T03_T05,
        per_unit=True,
        title="表3与表5核对",
    ),
    Rule(
        "t03-t07-gp",
        ERROR,
        "收入全部为一般公共预算拨款时，表3 支出总表合计 = 表7 一般公共预算支出表合计（合计行及各单位）。",
        check_t03_t07_all_gp,
        "tables",
        (2, 3, 7),
        title="表3与表7核对",
    ),
    _equality_rule(
        "t06-t01",
        ERROR,
        "表6 财政拨款收入各行 = 表1 对应收入行；上年结转不大于表1 上年结转结余。",
        T06_T01,
        title="表6与表1核对",
    ),
    _equality_rule(
        "t06-t02",
        ERROR,
        "表6 财政拨款收入各行 = 表2 收入总表对应列。",
        T06_T02,
        title="表6与表2核对",
    ),
    _equality_rule(
        "t06-t01-class",
        ERROR,
        "表6 财政拨款支出各类不大于表1 同一类的支出。",
        T06_T01_CLASSES,
        title="表6与表1按类核对",
    ),
    _equality_rule(
        "t06-fiscal-tables",
        WARNING,
        "表6 本年财政拨款支出 = 表7 一般公共预算 + 表16 政府性基金 + 表19 国有资本经营预算支出合计。",
        T06_FISCAL_TABLES,
        title="表6与表7、16、19核对",
    ),
    _equality_rule(
        "t07-t08",
        ERROR,
        "表7 基本支出小计、人员经费、公用经费 = 表8 合计行对应列。",
        T07_T08,
        title="表7与表8核对",
    ),
    _equality_rule(
        "t08-detail",
        ERROR,
        "表8 301 人员经费 = 表10 总计，303 人员经费 = 表12 总计，302 公用经费 = 表14 总计。",
        T08_DETAIL,
        title="表8与表10、12、14核对",
    ),
    _equality_rule(
        "t07-t10",
        ERROR,
        "表7 工资福利支出 = 表10 总计（合计行及各单位）。",
        T07_T10,
        per_unit=True,
        title="表7与表10核对",
    ),
    _equality_rule(
        "t07-t12",
        ERROR,
        "表7 对个人和家庭的补助 = 表12 总计（合计行及各单位）。",
        T07_T12,
        per_unit=True,
        title="表7与表12核对",
    ),
    _equality_rule(
        "t07-t14",
        ERROR,
        "表7 公用经费 = 表14 总计 + 表8 310 资本性支出公用经费。",
        T07_T14,
        title="表7与表14核对",
    ),
    _equality_rule(
        "t09-t10",
        ERROR,
        "表9 总计 = 表10 总计（合计行及各单位）。",
        T09_T10,
        per_unit=True,
        title="表9与表10核对",
    ),
    _equality_rule(
        "t11-t12",
        ERROR,
        "表11 总计 = 表12 总计（合计行及各单位）。",
        T11_T12,
        per_unit=True,
        title="表11与表12核对",
    ),
    _equality_rule(
        "t13-t14",
        ERROR,
        "表13 总计 = 表14 总计（合计行及各单位）。",
        T13_T14,
        per_unit=True,
        title="表13与表14核对",
    ),
    _equality_rule(
        "t15-t14",
        ERROR,
        "表15 三公经费各项不小于表14 基本支出中的同一科目（合计行及各单位）。",
        T15_T14,
        per_unit=True,
        title="表15与表14核对",
    ),
    _equality_rule(
        "t16-t17",
        ERROR,
        "表16 政府性基金支出合计 = 表17 总计（合计行及各单位）。",
        T16_T17,
        per_unit=True,
        title="表16与表17核对",
    ),
    _equality_rule(
        "t17-t18",
        ERROR,
        "表17 总计 = 表18 总计（合计行及各单位）。",
        T17_T18,
        per_unit=True,
        title="表17与表18核对",
    ),
    _equality_rule(
        "t21-t03",
        ERROR,
        "表21 专项资金总计不大于表3 项目支出合计。",
        T21_T03,
        title="表21与表3核对",
    ),
)
