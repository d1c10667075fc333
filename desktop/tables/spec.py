"""Declarative table specs: column trees with selectors, row axes, and the printed header.

A spec says *what* a standard table shows; `engine.py` computes it from the ledger and every
consumer (grid, PDF, workbook, JSON) renders the same spec.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Source = Literal["expenditure", "income"]
# Which figure a column shows: this year's budget, the prior year's (上年预算数, from the
# prior-year lines), the change between them (增减额: budget minus prior) or the rate of change
# (增减率: (budget − prior) / prior, a percentage that never sums).
MEASURES = ("budget", "prior", "change", "rate")
RATE = "rate"


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
        if f.measure != self.measure and self.measure not in ("change", RATE):
            return False
        if f.source != self.source:
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
    """

    kind: Literal["function", "function_unit", "econ", "unit", "project"]
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

    @property
    def leaf_columns(self) -> list[Col]:
        return leaves(self.columns)

    def header(self) -> tuple[int, list[HeaderCell]]:
        return header_cells(self.columns)


@dataclass(frozen=True)
class Item:
    """One line of a listing block: a label and the lines it sums (None: printed blank)."""

    label: str
    select: Selector | None = None


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

    @property
    def blocks(self) -> list[Block]:
        return [b for _, blocks in self.groups for b in blocks]

    @property
    def columns(self) -> tuple[Node, ...]:
        return tuple(
            Group(
                label,
                tuple(
                    Col(lbl)
                    for b in blocks
                    for lbl in (b.label_header, *(a.label for a in b.amount_columns))
                ),
            )
            for label, blocks in self.groups
        )

    @property
    def leaf_columns(self) -> list[Col]:
        out = []
        for b in self.blocks:
            out.append(Col(b.label_header, text="label"))
            out.extend(Col(a.label, select=ANY) for a in b.amount_columns)
        return out

    @property
    def column_slots(self) -> list[tuple[int, int]]:
        """(block, amount column) of every leaf column; -1 for a block's 项目 column."""
        return [
            (b, k)
            for b, block in enumerate(self.blocks)
            for k in range(-1, len(block.amount_columns))
        ]

    def block_columns(self, block: int) -> tuple[int, list[int]]:
        """Leaf indexes of a block's 项目 column and of its amount columns."""
        first = sum(1 + len(b.amount_columns) for b in self.blocks[:block])
        width = len(self.blocks[block].amount_columns)
        return first, list(range(first + 1, first + 1 + width))

    def header(self) -> tuple[int, list[HeaderCell]]:
        return header_cells(self.columns)


AnySpec = TableSpec | ListingSpec
