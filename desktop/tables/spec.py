"""Declarative table specs: column trees with selectors, row axes, and the printed header.

A spec says *what* a standard table shows; `engine.py` computes it from the ledger and every
consumer (grid, PDF, workbook, JSON) renders the same spec.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from operator import contains, eq, methodcaller
from typing import Any, Literal

Source = Literal["expenditure", "income"]
# Which figure a column shows: this year's budget, the prior year's (上年预算数, from the
# prior-year lines), the change between them (增减额: budget minus prior) or the rate of change
# (增减率: (budget − prior) / prior, a percentage that never sums).
MEASURES = ("budget", "prior", "change", "rate")
RATE = "rate"
# A 决算 file's measures. Its income and expenditure lines are the year's actual figures, read by
# the "budget" measure (also spelled "actual" in a set); 结转和结余 come from its balance lines
# (BalanceLine) and the budget it is compared with from its baseline lines (BudgetBaselineLine).
ACTUAL = "actual"
BALANCE_MEASURES = ("opening", "used_balance", "distribution", "closing")
BASELINE_MEASURES = ("initial_budget", "full_year_budget")
FINAL_MEASURES = (ACTUAL, *BALANCE_MEASURES, *BASELINE_MEASURES)
# Measures read from the prior-year lines (上年数).
PRIOR_MEASURES = ("prior", "change", RATE)


@dataclass(frozen=True)
class Rate:
    """The value of a 增减率 cell: this year's and last year's sums, printed as a percentage.

    Kept as the two exact sums (分), so the percentage is computed exactly (no float) and
    rounded half away from zero only when printed: (本年 − 上年) / 上年 × 100, `decimals` places.
    """

    budget: int
    prior: int
    decimals: int = 2

    @property
    def percent(self) -> Decimal | None:
        """The rate in percent, rounded to `decimals` places; None when 上年 is 0 (undefined)."""
        if self.prior == 0:
            return None
        scale = 10**self.decimals
        num, den = (self.budget - self.prior) * 100 * scale, self.prior
        if den < 0:
            num, den = -num, -den
        q, r = divmod(abs(num), den)
        if 2 * r >= den:
            q += 1
        return Decimal(-q if num < 0 else q).scaleb(-self.decimals)

    def text(self) -> str:
        """As printed: "12.34%"; blank with nothing in either year; "—" when 上年 is 0."""
        percent = self.percent
        if percent is None:
            return "—" if self.budget else ""
        return f"{percent:.{self.decimals}f}%"

    def __bool__(self) -> bool:
        return bool(self.budget or self.prior)


@dataclass(frozen=True)
class Facts:
    """What a selector may ask about a line (computed once per distinct line signature)."""

    source: Source
    function: str  # function 项 code
    econ: str  # department economic 款 ("" for income)
    gov: str  # government economic 款 for the unit's kind
    kind: str  # expense kind ("" for income)
    funds: frozenset[str]  # the line's fund source and all its ancestors
    budget_type: str
    fiscal: bool
    budget_mode: str  # of the project ("" if none)
    special_fund: bool
    measure: str = "budget"  # "budget" for this year's lines, "prior" for prior-year lines


@dataclass(frozen=True)
class Selector:
    """Which lines a column (or a listing item) sums. Every given criterion must hold."""

    source: Source = "expenditure"
    function: tuple[str, ...] | None = None  # code prefixes
    econ: tuple[str, ...] | None = None  # code prefixes
    gov: tuple[str, ...] | None = None  # code prefixes
    kinds: tuple[str, ...] | None = None
    funds: tuple[str, ...] | None = None  # fund codes (a group matches its leaves)
    exclude_funds: tuple[str, ...] = ()
    budget_types: tuple[str, ...] | None = None
    fiscal: bool | None = None
    budget_modes: tuple[str, ...] | None = None
    special_fund: bool | None = None
    measure: str = "budget"

    def matches(self, f: Facts) -> bool:
        if self.measure in ("change", RATE):
            if f.measure not in ("budget", "prior"):
                return False
        elif f.measure != self.measure:
            return False
        # 结转和结余 belong to neither side: a balance measure ignores `source`
        if f.source != self.source and f.measure not in BALANCE_MEASURES:
            return False
        if self.function is not None and not f.function.startswith(self.function):
            return False
        if self.econ is not None and not f.econ.startswith(self.econ):
            return False
        if self.gov is not None and not f.gov.startswith(self.gov):
            return False
        if self.kinds is not None and f.kind not in self.kinds:
            return False
        if self.funds is not None and f.funds.isdisjoint(self.funds):
            return False
        if self.exclude_funds and not f.funds.isdisjoint(self.exclude_funds):
            return False
        if self.budget_types is not None and f.budget_type not in self.budget_types:
            return False
        if self.fiscal is not None and f.fiscal != self.fiscal:
            return False
        if self.budget_modes is not None and f.budget_mode not in self.budget_modes:
            return False
        if self.special_fund is not None and f.special_fund != self.special_fund:
            return False
        return True

    def criteria(self) -> list[tuple[str, tuple, Callable[[Any], bool]]]:
        """`matches` as tests of one fact field each: (field, what names the test, test). A line
        matches when every test passes; the columnar roll-up runs each distinct test once per
        distinct field value (the field "source_measure" is the pair (source, measure))."""
        out: list[tuple[str, tuple, Callable[[Any], bool]]] = []
        if self.measure in ("change", RATE):
            out.append(("measure", ("this-or-prior",), lambda v: v in ("budget", "prior")))
        else:
            out.append(("measure", ("is", self.measure), partial(eq, self.measure)))
        source = self.source
        out.append(
            (
                "source_measure",
                ("source", source),
                lambda v: v[0] == source or v[1] in BALANCE_MEASURES,
            )
        )
        for field in ("function", "econ", "gov"):
            prefixes = getattr(self, field)
            if prefixes is not None:
                out.append((field, ("prefix", prefixes), methodcaller("startswith", prefixes)))
        for field, wanted in (
            ("kind", self.kinds),
            ("budget_type", self.budget_types),
            ("budget_mode", self.budget_modes),
        ):
            if wanted is not None:
                out.append((field, ("in", wanted), partial(contains, wanted)))
        if self.funds is not None:
            funds = self.funds
            out.append(("funds", ("any", funds), lambda v: not v.isdisjoint(funds)))
        if self.exclude_funds:
            excluded = self.exclude_funds
            out.append(("funds", ("none", excluded), lambda v: v.isdisjoint(excluded)))
        for field, wanted_flag in (("fiscal", self.fiscal), ("special_fund", self.special_fund)):
            if wanted_flag is not None:
                out.append((field, ("is", wanted_flag), partial(eq, wanted_flag)))
        return out

    def sign(self, f: Facts) -> int:
        """+1, or -1 for a prior-year figure in a 增减额 column (budget minus prior)."""
        return -1 if self.measure == "change" and f.measure == "prior" else 1

    def signature_positions(self) -> set[int]:
        """Positions of the line signature (see engine.FactsIndex.signature) this selector reads."""
        used = {0}
        if self.function is not None:
            used.add(1)
        if self.econ is not None:
            used.add(2)
        if self.gov is not None:
            used.update((2, 5))
        if self.kinds is not None:
            used.add(4)
        if (
            self.funds is not None
            or self.exclude_funds
            or self.budget_types is not None
            or self.fiscal is not None
        ):
            used.add(3)
        if self.budget_modes is not None or self.special_fund is not None:
            used.add(6)
        return used

    def narrowed(self, other: Selector | None) -> Selector:
        """This selector with the criteria of `other` (the table filter) added."""
        if other is None:
            return self
        merged = {}
        for name in self.__dataclass_fields__:
            mine, theirs = getattr(self, name), getattr(other, name)
            default = Selector.__dataclass_fields__[name].default
            if name in ("source", "measure"):
                merged[name] = mine
            elif name == "exclude_funds":
                merged[name] = tuple(mine) + tuple(theirs)
            elif mine == default:
                merged[name] = theirs
            elif theirs == default or mine == theirs:
                merged[name] = mine
            elif isinstance(mine, tuple) and isinstance(theirs, tuple):
                merged[name] = _intersect_prefixes(
                    mine, theirs, name in ("function", "econ", "gov")
                )
            else:
                raise ValueError(f"conflicting selector criteria for {name}: {mine} / {theirs}")
        return Selector(**merged)


def _intersect_prefixes(a: tuple, b: tuple, prefixes: bool) -> tuple:
    if not prefixes:
        return tuple(x for x in a if x in b)
    out = []
    for x in a:
        for y in b:
            if x.startswith(y):
                out.append(x)
            elif y.startswith(x):
                out.append(y)
    return tuple(dict.fromkeys(out))


ANY = Selector()


@dataclass(frozen=True)
class Col:
    """A leaf column: a text column (code, name…) when `select` is None, else an amount."""

    label: str
    select: Selector | None = None
    key: str = ""
    text: str = ""  # for text columns: which row field it shows (class/section/item/code/name…)

    @property
    def is_amount(self) -> bool:
        """A money column (sums lines in 分); text and 增减率 columns are not."""
        return self.select is not None and self.select.measure != RATE

    @property
    def is_rate(self) -> bool:
        return self.select is not None and self.select.measure == RATE


@dataclass(frozen=True)
class Group:
    """A header cell spanning its children. `stretch` puts the children on the last header row."""

    label: str
    children: tuple[Col | Group, ...]
    stretch: bool = False


Node = Col | Group


@dataclass(frozen=True)
class HeaderCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def leaves(nodes: tuple[Node, ...]) -> list[Col]:
    out: list[Col] = []
    for node in nodes:
        if isinstance(node, Group):
            out.extend(leaves(node.children))
        else:
            out.append(node)
    return out


def _depth(node: Node) -> int:
    if isinstance(node, Col):
        return 1
    return 1 + max(_depth(c) for c in node.children)


def header_cells(nodes: tuple[Node, ...]) -> tuple[int, list[HeaderCell]]:
    """Lay the column tree out as printed header rows with merges: (row count, cells)."""
    depth = max(_depth(n) for n in nodes)
    cells: list[HeaderCell] = []

    def place(node: Node, row: int, col: int, rows_left: int) -> int:
        if isinstance(node, Col):
            cells.append(HeaderCell(node.label, row, col, rows_left, 1))
            return 1
        child_depth = max(_depth(c) for c in node.children)
        own = rows_left - child_depth if node.stretch else 1
        width = 0
        for child in node.children:
            width += place(child, row + own, col + width, rows_left - own)
        cells.append(HeaderCell(node.label, row, col, own, width))
        return width

    col = 0
    for node in nodes:
        col += place(node, 0, col, depth)
    cells.sort(key=lambda c: (c.row, c.col))
    return depth, cells


@dataclass(frozen=True)
class RowAxis:
    """How rows are formed. kind:
    - "function": 合计, department, then per unit its 类/款/项 rows (e.g. 支出总表)
    - "function_unit": 合计, department, units, then per unit one row per 项 (人员经费 detail tables)
    - "econ": department economic 类 and 款 rows, 合计 last (一般公共预算基本支出表)
    - "unit": 合计, department, units (三公经费表)
    - "project": 合计, department, one row per project (专项资金预算汇总表)
    - "total": the 合计 row only (the 三公经费 决算 table: one row of 预算数 | 决算数)
    """

    kind: Literal["function", "function_unit", "econ", "unit", "project", "total"]
    show_empty_units: bool = False
    # For "function": how the 类/款/项 rows are grouped (ROW_GROUPINGS).
    by: str = "unit_then_function"


# Groupings of a "function" axis: 合计, the department, then per unit its row and its 类/款/项
# (the Hunan tables); or 合计 and the department's 类/款/项 over all its units (the national
# reference page: no department or unit rows).
ROW_GROUPINGS = ("unit_then_function", "function")


@dataclass(frozen=True)
class TableSpec:
    """A standard table laid out as rows × columns of amounts."""

    number: int
    key: str
    title: str
    columns: tuple[Node, ...]
    rows: RowAxis
    filter: Selector | None = None
    orientation: Literal["portrait", "landscape"] = "landscape"
    unit_label: str = "金额单位：万元"
    note: str = "注：如本表格为空，则表示本年度未安排此项目。"
    kind: str = "grid"
    rate_decimals: int = 2  # decimal places of a printed 增减率 (12.34%)
    number_label: str = ""  # printed beside the unit line, e.g. 公开01表
    footnote: str = ""  # printed under the table always (注：本表反映…); `note` only when empty
    column_numbers: bool = False  # a 栏次 header row: 1, 2, 3 … over the amount columns
    # An empty table prints 0.00 in its 合计 row's first amount (seed 000); seed 003 leaves it blank
    zero_when_empty: bool = True

    @property
    def leaf_columns(self) -> list[Col]:
        return leaves(self.columns)

    def header(self) -> tuple[int, list[HeaderCell]]:
        depth, cells = header_cells(self.columns)
        if not self.column_numbers:
            return depth, cells
        cols = self.leaf_columns
        texts = sum(1 for c in cols if c.select is None)
        row = [HeaderCell(COLUMN_NUMBER_LABEL, depth, 0, 1, texts)] if texts else []
        row += [HeaderCell(str(n), depth, texts + n - 1) for n in range(1, len(cols) - texts + 1)]
        return depth + 1, cells + row


# The caption of the 栏次 header row and of a listing's 行次 column.
COLUMN_NUMBER_LABEL = "栏次"
ROW_NUMBER_LABEL = "行次"


@dataclass(frozen=True)
class Item:
    """One line of a listing block: a label and the lines it sums (None: printed blank)."""

    label: str
    select: Selector | None = None
    code: str = ""  # printed in the block's code column (基本支出明细表: 30101 基本工资)
    detail: bool = False  # details the item above it (其中：…): not summed into the block's totals
    sum_of: tuple[str, ...] = ()  # labels of items of the same block this one adds up (总计)


@dataclass(frozen=True)
class Amount:
    """An amount column of a listing block: its header, and the lines it keeps of every row's
    (None: all of them). 财政拨款收支总表's 支出 side has 合计 and one column per budget."""

    label: str
    select: Selector | None = None


@dataclass(frozen=True)
class Block:
    """A 项目 column and its amount columns (预算数, or several) of a listing table."""

    label_header: str
    amount_header: str
    items: tuple[Item, ...]
    footer: tuple[Item, ...]
    amounts: tuple[Amount, ...] = ()  # several amount columns; () is one `amount_header` column
    code_header: str = ""  # a code column before the 项目 column (its items carry codes)
    continued: bool = False  # continues the list of the block before it (one list, two columns)

    @property
    def amount_columns(self) -> tuple[Amount, ...]:
        return self.amounts or (Amount(self.amount_header),)

    def cell_select(self, item: Item, k: int) -> Selector | None:
        """What the cell of `item` in amount column `k` sums (None: printed blank)."""
        column = self.amount_columns[k].select
        if item.select is None:
            return None
        return item.select if column is None else item.select.narrowed(column)


@dataclass(frozen=True)
class ListingSpec:
    """A table of side-by-side labelled lists (收支总表, 财政拨款收支总表)."""

    number: int
    key: str
    title: str
    groups: tuple[tuple[str, tuple[Block, ...]], ...]  # top header label → its blocks
    orientation: Literal["portrait", "landscape"] = "landscape"
    unit_label: str = "金额单位：万元"
    note: str = ""
    kind: str = "listing"
    number_label: str = ""  # printed beside the unit line, e.g. 公开01表
    footnote: str = ""  # printed under the table always
    column_numbers: bool = False  # a 栏次 header row: 1, 2 … over the amount columns
    row_numbers: bool = False  # a 行次 column after each 项目 column, numbered down every block

    @property
    def blocks(self) -> list[Block]:
        return [b for _, blocks in self.groups for b in blocks]

    def _block_leaves(self, b: Block) -> list[Col]:
        """A block's leaf columns: [科目编码,] 项目, [行次,] its amount columns."""
        out = [Col(b.code_header, text="code")] if b.code_header else []
        out.append(Col(b.label_header, text="label"))
        if self.row_numbers:
            out.append(Col(ROW_NUMBER_LABEL, text="row_number"))
        out.extend(Col(a.label, select=ANY) for a in b.amount_columns)
        return out

    @property
    def columns(self) -> tuple[Node, ...]:
        return tuple(
            Group(label, tuple(Col(c.label) for b in blocks for c in self._block_leaves(b)))
            for label, blocks in self.groups
        )

    @property
    def leaf_columns(self) -> list[Col]:
        return [c for b in self.blocks for c in self._block_leaves(b)]

    @property
    def column_slots(self) -> list[tuple[int, int]]:
        """(block, amount column) of every leaf column; -1 for a block's 项目 column, -2 for its
        code column and -3 for its 行次 column."""
        out = []
        for b, block in enumerate(self.blocks):
            if block.code_header:
                out.append((b, -2))
            out.append((b, -1))
            if self.row_numbers:
                out.append((b, -3))
            out.extend((b, k) for k in range(len(block.amount_columns)))
        return out

    def block_columns(self, block: int) -> tuple[int, list[int]]:
        """Leaf indexes of a block's 项目 column and of its amount columns."""
        slots = self.column_slots
        label = slots.index((block, -1))
        width = len(self.blocks[block].amount_columns)
        first = slots.index((block, 0))
        return label, list(range(first, first + width))

    def header(self) -> tuple[int, list[HeaderCell]]:
        depth, cells = header_cells(self.columns)
        if not self.column_numbers:
            return depth, cells
        row, n = [], 0
        for col, (_b, k) in enumerate(self.column_slots):
            if k == -1:
                row.append(HeaderCell(COLUMN_NUMBER_LABEL, depth, col))
            elif k >= 0:
                n += 1
                row.append(HeaderCell(str(n), depth, col))
            else:
                row.append(HeaderCell("", depth, col))
        return depth + 1, cells + row


AnySpec = TableSpec | ListingSpec
