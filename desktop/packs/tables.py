"""The `tables` of a table set's pack.json, read into TableSpec / ListingSpec with validation.

Every problem is reported with the path inside the file (``tables[6].columns[3].select.econ``)
and what was expected, so an implementer can fix the file without reading code. Codes are
checked against the catalogs of the set's years: a misspelt 科目 must not print an empty column.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop.catalog import Catalog
from desktop.records import BUDGET_MODES, EXPENSE_KINDS
from desktop.tables.spec import (
    ACTUAL,
    BALANCE_MEASURES,
    FINAL_MEASURES,
    MEASURES,
    RATE,
    ROW_GROUPINGS,
    Amount,
    Block,
    Col,
    Group,
    Item,
    ListingSpec,
    Node,
    RowAxis,
    Selector,
    TableSpec,
    leaves,
)

ROW_AXES = ("function", "function_unit", "econ", "unit", "project", "total")
TEXT_FIELDS = ("class", "section", "item", "code", "name")
ORIENTATIONS = ("portrait", "landscape")
_CODE_KEYS = ("function", "econ", "gov", "funds", "exclude_funds")
_LIST_KEYS = (*_CODE_KEYS, "kinds", "budget_types", "budget_modes")
SELECTOR_KEYS = (*_LIST_KEYS, "source", "fiscal", "special_fund", "measure")
_TABLE_KEYS = {
    "zero_when_empty",
    "number_label",
    "footnote",
    "column_numbers",
    "row_numbers",
    "number",
    "key",
    "title",
    "kind",
    "orientation",
    "unit_label",
    "note",
    "header_rows",
    "rows",
    "filter",
    "columns",
    "sides",
    "about",
}
_NODE_KEYS = {"label", "text", "select", "children", "stretch", "use", "about"}
_BLOCK_KEYS = (
    "label_header",
    "amount_header",
    "amounts",
    "items",
    "footer",
    "code_header",
    "continued",
    "about",
)
_ITEM_KEYS = ("label", "select", "code", "detail", "sum_of", "about")
# What a 结转和结余 measure may select by: its lines have a unit, a 功能 项 and a fund source only.
_BALANCE_KEYS = ("kinds", "econ", "gov", "budget_modes", "special_fund")
_MEASURE_NAMES = "本年决算数、年初结转和结余、使用非财政拨款结余、结余分配、年末结转和结余、年初预算数、全年预算数"
_ROWS_KEYS = ("axis", "by", "show_empty_units", "about")


@dataclass
class Problems:
    """Collects validation messages (path: what was expected) for one file."""

    file: str
    messages: list[str] = field(default_factory=list)

    def add(self, path: str, text: str) -> None:
        self.messages.append(f"{path}：{text}" if path else text)


@dataclass
class CodeLists:
    """What codes a selector may name: the union over the catalogs of the set's years."""

    function: set[str]
    econ: set[str]
    gov: set[str]
    funds: set[str]
    budget_types: set[str]

    @classmethod
    def of(cls, catalogs: Iterable[Catalog]) -> CodeLists:
        lists = cls(set(), set(), set(), set(), set())
        for cat in catalogs:
            lists.function |= set(cat.function)
            lists.econ |= set(cat.dept_econ)
            lists.gov |= set(cat.gov_econ)
            lists.funds |= set(cat.fund_sources)
            lists.budget_types |= {f.budget_type for f in cat.fund_sources.values()}
        return lists


_CODE_WHAT = {
    "function": "支出功能分类科目编码",
    "econ": "部门预算支出经济分类科目编码",
    "gov": "政府预算支出经济分类科目编码",
    "funds": "资金来源编码",
    "exclude_funds": "资金来源编码",
}


class TableReader:
    """Reads the `defs` and `tables` members of one pack.json."""

    def __init__(self, codes: CodeLists, problems: Problems, defs: dict[str, Any]) -> None:
        self.codes = codes
        self.problems = problems
        self.selectors: dict[str, Selector] = {}
        self.columns: dict[str, list] = {}
        self.defaults: dict[str, Any] = {}
        self.rate_decimals = TableSpec.rate_decimals
        self._read_defs(defs)

    # -- helpers -----------------------------------------------------------------------------
    def fail(self, path: str, text: str) -> None:
        self.problems.add(path, text)

    def _str(self, obj: dict, key: str, path: str, default: str | None = None) -> str:
        value = obj.get(key, default)
        if not isinstance(value, str) or (default is None and not value):
            self.fail(f"{path}.{key}", "应为非空文字。")
            return ""
        return value

    # -- defs --------------------------------------------------------------------------------
    def _read_defs(self, defs: Any) -> None:
        if not isinstance(defs, dict):
            self.fail("defs", "应为对象（selectors、columns、table_defaults）。")
            return
        for key in defs:
            if key not in ("selectors", "columns", "table_defaults", "about"):
                self.fail(f"defs.{key}", "未知的项，应为 selectors、columns 或 table_defaults。")
        for name, raw in _dict(defs.get("selectors", {})).items():
            self.selectors[name] = self.selector(raw, f"defs.selectors.{name}") or Selector()
        for name, raw in _dict(defs.get("columns", {})).items():
            if not isinstance(raw, list) or not raw:
                self.fail(f"defs.columns.{name}", "应为非空的列数组。")
                continue
            self.columns[name] = raw  # read where used, so paths name the table using them
        self.defaults = _dict(defs.get("table_defaults", {}))
        # Decimal places of the set's printed 增减率 (12.34%).
        value = self.defaults.get("rate_decimals", TableSpec.rate_decimals)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
            self.fail(
                "defs.table_defaults.rate_decimals", "应为 0 到 6 的整数（增减率的小数位数）。"
            )
            value = TableSpec.rate_decimals
        self.rate_decimals = value

    # -- selectors ---------------------------------------------------------------------------
    def selector(self, raw: Any, path: str) -> Selector | None:
        """A selector object, or the name of one in defs.selectors."""
        if isinstance(raw, str):
            found = self.selectors.get(raw)
            if found is None:
                known = "、".join(self.selectors) or "无"
                self.fail(path, f"未定义的选择器“{raw}”（defs.selectors 中有：{known}）。")
            return found
        if not isinstance(raw, dict):
            self.fail(path, '应为选择器对象（如 {"econ": ["301"]}）或 defs.selectors 中的名称。')
            return None
        args: dict[str, Any] = {}
        base = raw.get("use")
        for key, value in raw.items():
            where = f"{path}.{key}"
            if key == "use":
                continue
            if key not in SELECTOR_KEYS:
                self.fail(where, f"未知的选择条件“{key}”，应为 {'、'.join(SELECTOR_KEYS)} 之一。")
            elif key in _LIST_KEYS:
                codes = self._codes(key, value, where)
                if codes is not None:
                    args[key] = codes
            elif key == "source":
                if value not in ("expenditure", "income"):
                    self.fail(where, "应为 expenditure（支出）或 income（收入）。")
                else:
                    args[key] = value
            elif key == "measure":
                if value not in MEASURES and value not in FINAL_MEASURES:
                    self.fail(
                        where,
                        f"应为 {'、'.join(MEASURES)} 之一（本年、上年、增减额、增减率），"
                        f"或决算口径 {'、'.join(FINAL_MEASURES)} 之一（{_MEASURE_NAMES}）。",
                    )
                else:
                    # a 决算 file's lines are its actual figures: "actual" reads them as "budget"
                    args[key] = "budget" if value == ACTUAL else value
            elif not isinstance(value, bool):
                self.fail(where, "应为 true 或 false。")
            else:
                args[key] = value
        if base is not None:
            parent = self.selector(base, f"{path}.use")
            if parent is None:
                return None
            merged = {n: getattr(parent, n) for n in Selector.__dataclass_fields__}
            merged.update(args)
            args = merged
        if "exclude_funds" in args:
            args["exclude_funds"] = tuple(args["exclude_funds"])
        sel = Selector(**args)
        self._balance_keys(sel, path)
        return sel

    def _balance_keys(self, sel: Selector, path: str) -> bool:
        """A 结转和结余 measure selects by fund source and 功能 code only (True when it does)."""
        if sel.measure not in BALANCE_MEASURES:
            return True
        used = [k for k in _BALANCE_KEYS if getattr(sel, k) is not None]
        if used:
            self.fail(
                path,
                f"结转和结余口径（{sel.measure}）只能按资金来源（funds、budget_types、fiscal）和"
                f"功能分类科目（function）选取，不能用 {'、'.join(used)}。",
            )
        return not used

    def _codes(self, key: str, value: Any, path: str) -> tuple[str, ...] | None:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(path, '应为文字数组，如 ["301", "302"]。')
            return None
        allowed: Collection[str] = {
            "function": self.codes.function,
            "econ": self.codes.econ,
            "gov": self.codes.gov,
            "funds": self.codes.funds,
            "exclude_funds": self.codes.funds,
            "kinds": EXPENSE_KINDS,
            "budget_types": self.codes.budget_types,
            "budget_modes": tuple(BUDGET_MODES),
        }[key]
        for i, code in enumerate(value):
            if code not in allowed:
                if key in _CODE_WHAT:
                    what = f"未知的{_CODE_WHAT[key]}“{code}”（科目表中没有）。"
                else:
                    what = f"未知的值“{code}”，应为 {'、'.join(sorted(allowed))} 之一。"
                self.fail(f"{path}[{i}]", what)
        return tuple(value)

    # -- columns -----------------------------------------------------------------------------
    def nodes(self, raw: Any, path: str, seen: tuple[str, ...] = ()) -> list[Node]:
        if not isinstance(raw, list) or not raw:
            self.fail(path, "应为非空的列数组。")
            return []
        out: list[Node] = []
        for i, item in enumerate(raw):
            where = f"{path}[{i}]"
            if isinstance(item, dict) and set(item) == {"use"}:
                name = item["use"]
                if name not in self.columns:
                    known = "、".join(self.columns) or "无"
                    self.fail(
                        f"{where}.use", f"未定义的列组“{name}”（defs.columns 中有：{known}）。"
                    )
                elif name in seen:
                    self.fail(f"{where}.use", f"列组“{name}”引用了自身。")
                else:
                    out.extend(
                        self.nodes(self.columns[name], f"defs.columns.{name}", (*seen, name))
                    )
                continue
            node = self.node(item, where, seen)
            if node is not None:
                out.append(node)
        return out

    def node(self, raw: Any, path: str, seen: tuple[str, ...]) -> Node | None:
        if not isinstance(raw, dict):
            self.fail(path, "应为列对象（label 加 select、text 或 children 之一）。")
            return None
        for key in raw:
            if key not in _NODE_KEYS:
                self.fail(
                    f"{path}.{key}", "未知的项，列只能有 label、select、text、children、stretch。"
                )
        label = self._str(raw, "label", path)
        kinds = [k for k in ("select", "text", "children") if k in raw]
        if len(kinds) != 1:
            self.fail(
                path, "列应有且只有 select（金额列）、text（文字列）或 children（合并表头）之一。"
            )
            return None
        if "children" in raw:
            children = self.nodes(raw["children"], f"{path}.children", seen)
            stretch = raw.get("stretch", False)
            if not isinstance(stretch, bool):
                self.fail(f"{path}.stretch", "应为 true 或 false。")
            return Group(label, tuple(children), stretch=bool(stretch)) if children else None
        if "text" in raw:
            if raw["text"] not in TEXT_FIELDS:
                self.fail(f"{path}.text", f"应为 {'、'.join(TEXT_FIELDS)} 之一。")
            return Col(label, text=str(raw["text"]))
        sel = self.selector(raw["select"], f"{path}.select")
        return Col(label, sel) if sel is not None else None

    # -- tables ------------------------------------------------------------------------------
    def tables(self, raw: Any) -> list[TableSpec | ListingSpec]:
        if not isinstance(raw, list) or not raw:
            self.fail("tables", "应为非空的表数组。")
            return []
        specs: list[TableSpec | ListingSpec] = []
        numbers: dict[int, int] = {}
        keys: dict[str, int] = {}
        for i, table in enumerate(raw):
            path = f"tables[{i}]"
            spec = self.table(table, path)
            if spec is None:
                continue
            if spec.number in numbers:
                self.fail(
                    f"{path}.number",
                    f"表号 {spec.number} 重复（tables[{numbers[spec.number]}] 已用此表号）。",
                )
            if spec.key in keys:
                self.fail(f"{path}.key", f"表标识“{spec.key}”重复（tables[{keys[spec.key]}]）。")
            numbers.setdefault(spec.number, i)
            keys.setdefault(spec.key, i)
            specs.append(spec)
        return specs

    def table(self, raw: Any, path: str) -> TableSpec | ListingSpec | None:
        if not isinstance(raw, dict):
            self.fail(path, "应为表对象。")
            return None
        for key in raw:
            if key not in _TABLE_KEYS:
                self.fail(f"{path}.{key}", f"未知的项，表可有：{'、'.join(sorted(_TABLE_KEYS))}。")
        number = raw.get("number")
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            self.fail(f"{path}.number", "应为正整数表号。")
            return None
        d = self.defaults
        kind = raw.get("kind", "grid")
        common = {
            "number": number,
            "key": self._str(raw, "key", path),
            "title": self._str(raw, "title", path),
            "orientation": raw.get("orientation", d.get("orientation", "landscape")),
            "unit_label": self._str(raw, "unit_label", path, d.get("unit_label", "金额单位：万元")),
        }
        if common["orientation"] not in ORIENTATIONS:
            self.fail(f"{path}.orientation", "应为 portrait（纵向）或 landscape（横向）。")
        spec: TableSpec | ListingSpec | None
        if kind == "listing":
            spec = self._listing(raw, path, common)
        elif kind == "grid":
            spec = self._grid(raw, path, common)
        else:
            self.fail(f"{path}.kind", "应为 grid（行列表）或 listing（收支总表式的对照表）。")
            return None
        if spec is not None:
            self._check_header(raw, path, spec)
        return spec

    def _grid(self, raw: dict, path: str, common: dict) -> TableSpec | None:
        rows = raw.get("rows")
        if not isinstance(rows, dict) or rows.get("axis") not in ROW_AXES:
            self.fail(f"{path}.rows.axis", f"行方向应为 {'、'.join(ROW_AXES)} 之一。")
            return None
        for key in rows:
            if key not in _ROWS_KEYS:
                self.fail(f"{path}.rows.{key}", f"未知的项，rows 可有：{'、'.join(_ROWS_KEYS)}。")
        show = rows.get("show_empty_units", False)
        if not isinstance(show, bool):
            self.fail(f"{path}.rows.show_empty_units", "应为 true 或 false。")
        by = rows.get("by", ROW_GROUPINGS[0])
        if "by" in rows and rows["axis"] != "function":
            self.fail(f"{path}.rows.by", "只有 function 行方向（功能分类类/款/项）才能写 by。")
        elif by not in ROW_GROUPINGS:
            self.fail(
                f"{path}.rows.by",
                f"应为 {'、'.join(ROW_GROUPINGS)} 之一（按单位分列类/款/项，或全部门合并的类/款/项）。",
            )
            by = ROW_GROUPINGS[0]
        filt = None
        if "filter" in raw:
            filt = self.selector(raw["filter"], f"{path}.filter")
            self._no_rate(filt, f"{path}.filter.measure")
        if "sides" in raw:
            self.fail(f"{path}.sides", "只有 listing 表才有 sides。")
        columns = self.nodes(raw.get("columns"), f"{path}.columns")
        if not columns:
            return None
        self._check_columns(columns, filt, path)
        d_note = self.defaults.get("note", TableSpec.note)
        note = raw.get("note", d_note)
        if not isinstance(note, str):
            self.fail(f"{path}.note", "应为文字。")
            note = d_note
        return TableSpec(
            **self._printing(raw, path, listing=False),
            columns=tuple(columns),
            rows=RowAxis(rows["axis"], show_empty_units=bool(show), by=by),
            filter=filt,
            note=note,
            rate_decimals=self.rate_decimals,
            **common,
        )

    def _check_columns(self, columns: list[Node], filt: Selector | None, path: str) -> None:
        cols = leaves(tuple(columns))
        first_amount = next((i for i, c in enumerate(cols) if c.select is not None), len(cols))
        if first_amount == len(cols):
            self.fail(f"{path}.columns", "表中没有金额列（select）。")
        if any(c.select is None for c in cols[first_amount:]):
            self.fail(f"{path}.columns", "文字列（text）应排在所有金额列之前。")
        for i, col in enumerate(cols[first_amount:], start=first_amount):
            if col.select is None:
                continue  # a text column out of place: reported just above
            try:
                narrowed = col.select.narrowed(filt)
            except ValueError:
                self.fail(
                    f"{path}.columns",
                    f"第 {i + 1} 列“{col.label}”的选择条件与表的 filter 冲突。",
                )
            else:
                if narrowed is not col.select:
                    self._balance_keys(
                        narrowed, f"{path}.columns（第 {i + 1} 列“{col.label}”加上 filter）"
                    )

    def _listing(self, raw: dict, path: str, common: dict) -> ListingSpec | None:
        sides = raw.get("sides")
        if not isinstance(sides, list) or not sides:
            self.fail(f"{path}.sides", "listing 表应有非空的 sides 数组（如 收入、支出 两侧）。")
            return None
        for key in ("rows", "columns", "filter"):
            if key in raw:
                self.fail(f"{path}.{key}", "listing 表不用此项（用 sides）。")
        groups = []
        for s, side in enumerate(sides):
            spath = f"{path}.sides[{s}]"
            if not isinstance(side, dict):
                self.fail(spath, "应为对象（label、blocks）。")
                continue
            blocks = []
            raw_blocks = side.get("blocks")
            if not isinstance(raw_blocks, list) or not raw_blocks:
                self.fail(f"{spath}.blocks", "应为非空数组。")
                continue
            for b, block in enumerate(raw_blocks):
                bpath = f"{spath}.blocks[{b}]"
                if not isinstance(block, dict):
                    self.fail(
                        bpath, "应为对象（label_header、amount_header 或 amounts、items、footer）。"
                    )
                    continue
                read = self._block(block, bpath)
                if read is not None:
                    blocks.append(read)
            groups.append((self._str(side, "label", spath), tuple(blocks)))
        note = raw.get("note", "")
        return ListingSpec(
            groups=tuple(groups),
            note=str(note),
            **self._printing(raw, path, listing=True),
            **common,
        )

    def _printing(self, raw: dict, path: str, listing: bool) -> dict[str, Any]:
        """number_label (公开01表), footnote (注：本表反映…), 栏次 row and (listing) 行次 column."""
        out: dict[str, Any] = {}
        for key in ("number_label", "footnote"):
            if key in raw:
                out[key] = self._str(raw, key, path, "")
        flags = (
            ("column_numbers", "row_numbers") if listing else ("column_numbers", "zero_when_empty")
        )
        for key in flags:
            if key in raw:
                if not isinstance(raw[key], bool):
                    self.fail(f"{path}.{key}", "应为 true 或 false。")
                else:
                    out[key] = raw[key]
        if not listing and "row_numbers" in raw:
            self.fail(f"{path}.row_numbers", "行次列只用于 listing 表（收支总表式的对照表）。")
        return out

    def _block(self, raw: dict, path: str) -> Block | None:
        """One 项目 column with one amount column (amount_header) or several (amounts)."""
        for key in raw:
            if key not in _BLOCK_KEYS:
                self.fail(f"{path}.{key}", f"未知的项，块可有：{'、'.join(_BLOCK_KEYS)}。")
        amounts: tuple[Amount, ...] = ()
        if "amounts" in raw:
            if "amount_header" in raw:
                self.fail(path, "amount_header（一个金额列）和 amounts（多个金额列）只能写一个。")
            amounts = self._amounts(raw["amounts"], f"{path}.amounts")
            if not amounts:
                return None
            header = amounts[0].label
        else:
            header = self._str(raw, "amount_header", path)
        code_header = self._str(raw, "code_header", path, "")
        continued = raw.get("continued", False)
        if not isinstance(continued, bool):
            self.fail(f"{path}.continued", "应为 true 或 false。")
            continued = False
        block = Block(
            self._str(raw, "label_header", path),
            header,
            self._items(raw.get("items"), f"{path}.items"),
            self._items(raw.get("footer", []), f"{path}.footer", allow_empty=True),
            amounts,
            code_header=code_header,
            continued=continued,
        )
        self._check_sums(block, path)
        for part, items in (("items", block.items), ("footer", block.footer)):
            for i, item in enumerate(items):
                for k, column in enumerate(block.amount_columns):
                    try:
                        cell = block.cell_select(item, k)
                    except ValueError:
                        cell = None
                        clash = "两者都限定了同一项而取值不同"
                    else:
                        clash = _emptied(item.select, column.select, cell)
                    if clash:
                        self.fail(
                            f"{path}.{part}[{i}].select",
                            f"与金额列 amounts[{k}]“{column.label}”的选择条件冲突（{clash}），"
                            "这一格永远为空；请改写行或金额列的选择条件。",
                        )
        return block

    def _amounts(self, raw: Any, path: str) -> tuple[Amount, ...]:
        if not isinstance(raw, list) or not raw:
            self.fail(path, '应为非空的金额列数组，如 [{"label": "合计"}, …]。')
            return ()
        out = []
        for k, item in enumerate(raw):
            where = f"{path}[{k}]"
            if not isinstance(item, dict):
                self.fail(where, "应为对象（label，可有 select）。")
                continue
            for key in item:
                if key not in ("label", "select", "about"):
                    self.fail(f"{where}.{key}", "未知的项，金额列只能有 label 和 select。")
            select = None
            if "select" in item:
                select = self.selector(item["select"], f"{where}.select")
                self._no_rate(select, f"{where}.select.measure")
            out.append(Amount(self._str(item, "label", where), select))
        return tuple(out)

    def _no_rate(self, select: Selector | None, path: str) -> None:
        """增减率 is a grid column's measure: a listing line or a table filter sums amounts."""
        if select is not None and select.measure == RATE:
            self.fail(path, "增减率（rate）只能用于行列表（grid）的金额列，这里应为金额。")

    def _items(self, raw: Any, path: str, allow_empty: bool = False) -> tuple[Item, ...]:
        if not isinstance(raw, list) or (not raw and not allow_empty):
            self.fail(path, "应为非空的行数组。")
            return ()
        out = []
        for i, item in enumerate(raw):
            where = f"{path}[{i}]"
            if not isinstance(item, dict):
                self.fail(where, "应为对象（label，可有 select）。")
                continue
            for key in item:
                if key not in _ITEM_KEYS:
                    self.fail(f"{where}.{key}", f"未知的项，行可有：{'、'.join(_ITEM_KEYS)}。")
            sel = self.selector(item["select"], f"{where}.select") if "select" in item else None
            self._no_rate(sel, f"{where}.select.measure")
            sum_of = item.get("sum_of", [])
            if not isinstance(sum_of, list) or not all(isinstance(x, str) for x in sum_of):
                self.fail(f"{where}.sum_of", '应为本块中其他行的名称数组，如 ["本年收入合计"]。')
                sum_of = []
            if sum_of and sel is not None:
                self.fail(where, "行只能有 select（按明细汇总）或 sum_of（其他行相加）之一。")
            detail = item.get("detail", False)
            if not isinstance(detail, bool):
                self.fail(f"{where}.detail", "应为 true 或 false。")
                detail = False
            # a spacer row (label "", nothing to sum) keeps the two sides' 总计 on one line
            spacer = "label" in item and item["label"] == "" and sel is None and not sum_of
            label = "" if spacer else self._str(item, "label", where)
            code = self._str(item, "code", where, "")
            out.append(Item(label, sel, code=code, detail=detail, sum_of=tuple(sum_of)))
        return tuple(out)

    def _check_sums(self, block: Block, path: str) -> None:
        """Every `sum_of` names an item above it in the same block."""
        seen: set[str] = set()
        for part, items in (("items", block.items), ("footer", block.footer)):
            for i, item in enumerate(items):
                for label in item.sum_of:
                    if label not in seen:
                        self.fail(
                            f"{path}.{part}[{i}].sum_of",
                            f"“{label}”不是本块中排在此行之前的行（sum_of 只能加上面的行）。",
                        )
                if item.label:
                    seen.add(item.label)

    def _check_header(self, raw: dict, path: str, spec: TableSpec | ListingSpec) -> None:
        """The printed header must have the rows the file declares (a wrong nesting shows here)."""
        declared = raw.get("header_rows")
        if declared is None:
            return
        try:
            depth, cells = spec.header()  # the tree's rows and the 栏次 row
        except ValueError:
            return
        if isinstance(declared, bool) or not isinstance(declared, int) or declared != depth:
            self.fail(
                f"{path}.header_rows",
                f"声明表头为 {declared} 行，但列树排出的表头为 {depth} 行"
                f"（共 {len(spec.leaf_columns)} 列）；请核对 children 的嵌套。",
            )


def _emptied(row: Selector | None, column: Selector | None, cell: Selector | None) -> str:
    """Why a listing cell can never hold a figure: a code list both name and none share."""
    if row is None or column is None or cell is None:
        return ""
    for name in _LIST_KEYS:
        if name == "exclude_funds":
            continue
        if getattr(row, name) is not None and getattr(column, name) is not None:
            if not getattr(cell, name):
                return f"{name} 没有共同的取值"
    return ""


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}
