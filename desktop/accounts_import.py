"""The accounting system's 科目余额表 into a 决算 file: actual 本年支出, 本年收入 and 结转结余.

The export (pasted as tab-separated text, or a .xlsx/.csv file) has one row per account and
budget classification: 科目编码 / 科目名称 / 功能科目 / 经济科目 / 资金来源 / 基本或项目 / 借方发生额 …
An `AccountsMapping` says which column holds what (chosen once, remembered in the file's settings
under `SETTING_KEY`) and which accounts become which lines (by account-code prefix: 7 预算支出 →
expenditure, 6 预算收入 → income, 8101/8102/8201/8202 结转结余 → balance, the rest skipped).

`plan_import` reads and checks every row first and raises `AccountsImportError` with every problem
(row by row, in Chinese) before anything is written; otherwise its plan is one batch that replaces
the file's lines of the imported kinds — all or nothing. 类/款 subtotal rows beside their 项 rows
are dropped with a note when they equal the sum of the rows under them, and refused otherwise,
so nothing is counted twice. Expenditure is the 借方发生额 (the 贷方 of an expense account is the
year-end closing entry), income the 贷方发生额, balances the 期初/期末余额. No Qt here: the window
and `budget-desk import-accounts` share this code.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.catalog import Catalog
from desktop.errors import AmountError, BudgetError
from desktop.ledger import Ledger
from desktop.money import parse_amount
from desktop.names import name_key
from desktop.records import (
    BalanceLine,
    Change,
    ExpenditureLine,
    IncomeLine,
    Record,
)

SETTING_KEY = "accounts_mapping"
MAX_MESSAGES = 30  # more problems than this are counted, not listed

# role → (Chinese label, the headers an export commonly uses for it)
ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "account": ("会计科目编码", ("科目编码", "会计科目编码", "科目代码")),
    "account_name": ("会计科目名称", ("科目名称", "会计科目名称")),
    "unit": ("单位", ("单位", "单位编码", "单位代码", "预算单位")),
    "function": ("功能科目", ("功能科目", "功能分类", "功能科目编码", "支出功能分类科目")),
    "econ": ("经济科目", ("经济科目", "经济分类", "经济科目编码", "部门经济分类")),
    "fund": ("资金来源", ("资金来源", "资金性质", "经费来源")),
    "kind": ("基本或项目", ("基本或项目", "支出类型", "支出性质", "基本支出/项目支出")),
    "project": ("项目", ("项目", "项目名称", "项目编码")),
    "debit": ("借方发生额", ("借方发生额", "本期借方", "本年借方发生额", "借方累计")),
    "credit": ("贷方发生额", ("贷方发生额", "本期贷方", "本年贷方发生额", "贷方累计")),
    "opening": ("期初余额", ("期初余额", "年初余额")),
    "closing": ("期末余额", ("期末余额", "年末余额")),
    "distribution": ("结余分配", ("结余分配",)),
    "used_balance": ("使用非财政拨款结余", ("使用非财政拨款结余",)),
}
TARGETS = {"expenditure": "本年支出", "income": "本年收入", "balance": "结转结余", "skip": "不导入"}
# 政府会计制度 预算会计 accounts (longest prefix wins).
DEFAULT_ACCOUNTS = {
    "6": "income",
    "7": "expenditure",
    "8101": "balance",
    "8102": "balance",
    "8201": "balance",
    "8202": "balance",
    "1": "skip",
    "2": "skip",
    "3": "skip",
    "4": "skip",
    "5": "skip",
    "8": "skip",
}
# Expense accounts whose kind is the account itself.
ACCOUNT_KINDS = {"7301": "business", "7401": "remit_upper", "7501": "affiliated"}
KIND_WORDS = {
    "人员经费": "personnel",
    "公用经费": "operating",
    "项目支出": "project",
    "项目": "project",
    "经营支出": "business",
    "上缴上级支出": "remit_upper",
    "对附属单位补助支出": "affiliated",
}
PERSONNEL_CLASSES = ("301", "303")
BASIC_CLASSES = ("301", "302", "303", "310")  # as the ledger allows for 人员经费 / 公用经费
TOTAL_WORDS = ("合计", "总计", "小计")


class AccountsImportError(BudgetError):
    """The rows cannot be imported; `messages` lists every problem (row by row)."""

    def __init__(self, messages: list[str]) -> None:
        shown = messages[:MAX_MESSAGES]
        more = len(messages) - len(shown)
        tail = f"\n……另有 {more} 处问题。" if more > 0 else ""
        super().__init__("科目余额表未导入（没有做任何修改）：\n" + "\n".join(shown) + tail)
        self.messages = messages


@dataclass
class AccountsMapping:
    """Which column holds what (role → header), and which accounts become which lines."""

    columns: dict[str, str] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ACCOUNTS))
    unit: str = ""  # the unit of every row when no column names one

    def to_json(self) -> str:
        data = {"columns": self.columns, "accounts": self.accounts, "unit": self.unit}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_data(cls, data: Any, source: str = "对应关系") -> AccountsMapping:
        if not isinstance(data, dict):
            raise BudgetError(f"{source}应为 JSON 对象。")
        columns = data.get("columns", {})
        accounts = data.get("accounts", DEFAULT_ACCOUNTS)
        if not isinstance(columns, dict) or not isinstance(accounts, dict):
            raise BudgetError(f"{source}中 columns 和 accounts 应为对象。")
        unknown = [r for r in columns if r not in ROLES]
        if unknown:
            raise BudgetError(f"{source}中有未知的列用途：{'、'.join(unknown)}。")
        bad = [f"{k}: {v}" for k, v in accounts.items() if v not in TARGETS]
        if bad:
            raise BudgetError(f"{source}中科目对应只能是 {'、'.join(TARGETS)}：{'；'.join(bad)}。")
        return cls(
            {str(k): str(v) for k, v in columns.items() if str(v).strip()},
            {str(k): str(v) for k, v in accounts.items()},
            str(data.get("unit", "")),
        )

    @classmethod
    def from_json(cls, text: str, source: str = "对应关系") -> AccountsMapping:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BudgetError(f"{source}不是有效的 JSON：{exc}") from exc
        return cls.from_data(data, source)

    def target_of(self, account: str) -> str | None:
        best = max((p for p in self.accounts if account.startswith(p)), key=len, default=None)
        return self.accounts[best] if best is not None else None


def stored_mapping(ledger: Ledger) -> AccountsMapping | None:
    text = ledger.settings.get(SETTING_KEY)
    return AccountsMapping.from_json(text, "文件中保存的科目余额表对应关系") if text else None


def remember_mapping(ledger: Ledger, mapping: AccountsMapping) -> None:
    ledger.settings.set_many({SETTING_KEY: mapping.to_json()})


# -- reading the export --------------------------------------------------------------------------
def parse_pasted(text: str) -> list[list[str]]:
    """Rows of pasted tab-separated text (as Excel/WPS copy it)."""
    return [line.split("\t") for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def read_table(path: str | Path) -> list[list[str]]:
    """The cells of a .xlsx (first sheet), .csv (UTF-8 or GBK) or tab-separated .txt/.tsv file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise BudgetError(f"“{path.name}”的编码无法识别，请另存为 UTF-8 编码。")
    if suffix == ".csv":
        return [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]
    return parse_pasted(text)


def _read_xlsx(path: Path) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise BudgetError(f"“{path.name}”不是可以读取的 Excel 工作簿：{exc}") from exc
    try:
        sheet = book.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return [row for row in rows if any(c.strip() for c in row)]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # repr is the shortest text that reads back as this float: 1234.5 stays "1234.5"
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


def find_header(rows: list[list[str]], mapping: AccountsMapping | None = None) -> int:
    """Index of the header row: the first row naming at least two known (or mapped) columns."""
    known = {name_key(h) for _, headers in ROLES.values() for h in headers}
    known |= {name_key(h) for h in (mapping.columns.values() if mapping else ())}
    for i, row in enumerate(rows[:20]):
        if sum(name_key(c) in known for c in row) >= 2:
            return i
    raise BudgetError(
        "找不到科目余额表的表头行：前 20 行中没有一行同时含有“功能科目”“借方发生额”等列名。"
    )


def guess_mapping(headers: list[str], stored: AccountsMapping | None = None) -> AccountsMapping:
    """The stored mapping where its headers are present, else the common header names."""
    present = {name_key(h): h for h in headers if h.strip()}
    mapping = AccountsMapping()
    if stored is not None:
        mapping.accounts, mapping.unit = dict(stored.accounts), stored.unit
    for role, (_label, names) in ROLES.items():
        wanted = [stored.columns[role]] if stored and role in stored.columns else []
        for name in [*wanted, *names]:
            if name_key(name) in present:
                mapping.columns[role] = present[name_key(name)]
                break
    return mapping


# -- checking and planning -----------------------------------------------------------------------
@dataclass
class _Row:
    number: int  # as the spreadsheet numbers it
    target: str
    unit: str
    function: str
    econ: str
    fund: str
    kind: str
    project: str
    amounts: dict[str, int]
    label: str  # function (and econ) as written, for messages


@dataclass
class ImportPlan:
    changes: list[Change]
    counts: dict[str, int]  # target → lines written
    totals: dict[str, int]  # target → 分 (expenditure / income: amount; balance: closing)
    notes: list[str]  # rows dropped on purpose (subtotals, totals, skipped accounts)

    def summary(self) -> str:
        parts = [f"{TARGETS[t]} {n} 行" for t, n in self.counts.items() if n]
        return "、".join(parts) if parts else "没有可导入的行"


def _code(text: str) -> str:
    """The code at the start of a cell: "2010101 行政运行", "[30201]办公费" → the digits."""
    cleaned = unicodedata.normalize("NFKC", text).strip().lstrip("[【(（")
    match = re.match(r"\d+", cleaned)
    return match.group(0) if match else ""


def plan_import(ledger: Ledger, rows: list[list[str]], mapping: AccountsMapping) -> ImportPlan:
    """Check every row; return the one batch that writes them, or raise AccountsImportError."""
    if not ledger.is_final:
        raise BudgetError(
            "只有部门决算文件可以导入会计科目余额表（本文件是部门预算）。"
            "请先用“文件 → 由预算生成决算…”生成决算文件。"
        )
    header_at = find_header(rows, mapping)
    headers = rows[header_at]
    position = {name_key(h): i for i, h in enumerate(headers) if h.strip()}
    missing = [r for r, h in mapping.columns.items() if name_key(h) not in position]
    if missing:
        names = "、".join(f"{ROLES[r][0]}（“{mapping.columns[r]}”）" for r in missing)
        raise BudgetError(f"表头中找不到对应的列：{names}。请重新指定各列的用途。")
    col = {role: position[name_key(h)] for role, h in mapping.columns.items()}
    needed = [r for r in ("function",) if r not in col]
    if "debit" not in col and "credit" not in col and "closing" not in col:
        needed.append("debit")
    if needed:
        names = "、".join(ROLES[r][0] for r in needed)
        raise BudgetError(f"请指定{names}所在的列。")
    problems: list[str] = []
    notes: list[str] = []
    parsed: list[_Row] = []
    memo: dict = {}  # the few distinct fund, unit and project texts are resolved once
    for offset, cells in enumerate(rows[header_at + 1 :], start=header_at + 2):
        row = _read_row(ledger, cells, col, mapping, offset, problems, notes, memo)
        if row is not None:
            parsed.append(row)
    for target in sorted({r.target for r in parsed}):
        wanted = {"expenditure": "debit", "income": "credit", "balance": "closing"}[target]
        if wanted not in col and "closing" not in col:
            problems.append(
                f"有{TARGETS[target]}的行，但没有指定“{ROLES[wanted][0]}”所在的列，金额无从读取。"
            )
    for row in parsed:
        negative = [ROLES[k][0] for k, v in row.amounts.items() if v < 0]
        if negative:
            problems.append(
                f"第 {row.number} 行：{'、'.join(negative)}为负数（{row.label}）；"
                "决算的收入、支出和结转结余不能为负，请核对红字冲销后再导入。"
            )
    parsed = _drop_subtotals(ledger.catalog, parsed, problems, notes)
    _check_duplicates(parsed, problems)
    if problems:
        raise AccountsImportError(sorted(problems, key=_row_number))
    return _plan(ledger, parsed, notes)


def _row_number(message: str) -> int:
    match = re.match(r"第 (\d+) 行", message)
    return int(match.group(1)) if match else 0


def _cell(cells: list[str], col: dict[str, int], role: str) -> str:
    at = col.get(role)
    if at is None or at >= len(cells):
        return ""
    return unicodedata.normalize("NFKC", cells[at] or "").strip()


def _read_row(
    ledger: Ledger,
    cells: list[str],
    col: dict[str, int],
    mapping: AccountsMapping,
    number: int,
    problems: list[str],
    notes: list[str],
    memo: dict,
) -> _Row | None:
    where = f"第 {number} 行"
    catalog = ledger.catalog
    account_text = _cell(cells, col, "account")
    function_text = _cell(cells, col, "function")
    if "account" in col:
        account = _code(account_text)
        target = mapping.target_of(account) if account else None
        if not account:
            if any(w in "".join(cells) for w in TOTAL_WORDS):
                notes.append(f"{where}是合计行，未导入。")
                return None
            problems.append(f"{where}：会计科目“{account_text}”没有科目编码。")
            return None
        if target is None:
            name = _cell(cells, col, "account_name")
            problems.append(
                f"{where}：会计科目“{account} {name}”没有对应到{'、'.join(TARGETS.values())}"
                "中的任何一种，请在对应关系中指明。"
            )
            return None
        if target == "skip":
            return None
    else:
        target = "expenditure"
        account = ""
    if not function_text:
        if any(w in "".join(cells) for w in TOTAL_WORDS):
            notes.append(f"{where}是合计行，未导入。")
        else:
            problems.append(f"{where}：没有功能科目。")
        return None
    start = len(problems)
    function = _code(function_text)
    if function not in catalog.function:
        problems.append(
            f"{where}：功能科目“{function_text}”不在 {catalog.year} 年支出功能分类科目中。"
        )
    econ_text = _cell(cells, col, "econ")
    econ = _code(econ_text)
    if target == "expenditure":
        if not econ:
            problems.append(f"{where}：支出行没有经济科目。")
        elif econ not in catalog.dept_econ:
            problems.append(
                f"{where}：经济科目“{econ_text}”不在 {catalog.year} 年部门预算支出经济分类科目中。"
            )
    fund = _memo(memo, _fund, catalog, _cell(cells, col, "fund"), where, problems)
    unit = _memo(memo, _unit, ledger, _cell(cells, col, "unit") or mapping.unit, where, problems)
    project = _memo(memo, _project, ledger, _cell(cells, col, "project"), where, problems)
    kind = ""
    if target == "expenditure":
        kind = _kind(_cell(cells, col, "kind"), account, econ, project, where, problems)
        if kind == "project" and not project:
            problems.append(f"{where}：项目支出没有填写项目。")
        elif kind != "project" and project:
            project = ""  # a 基本支出 row that names a project: the project column is informative
        if kind in ("personnel", "operating") and len(econ) > 3 and econ[:3] not in BASIC_CLASSES:
            problems.append(
                f"{where}：基本支出只列 301、302、303、310 类经济科目，“{econ_text}”应列为项目支出"
                "（请在“基本或项目”列注明项目支出和项目）。"
            )
    amounts: dict[str, int] = {}
    for role in ("debit", "credit", "opening", "closing", "distribution", "used_balance"):
        if role not in col:
            continue
        text = _cell(cells, col, role)
        try:
            amounts[role] = parse_amount(text) if text else 0
        except AmountError as exc:
            problems.append(f"{where}“{ROLES[role][0]}”列：{exc}")
    if len(problems) > start:
        return None
    label = f"{function}/{econ}" if econ and target == "expenditure" else function
    return _Row(number, target, unit, function, econ, fund, kind, project, amounts, label)


def _memo(memo: dict, resolve, source, text: str, where: str, problems: list[str]) -> str:  # noqa: ANN001
    """`resolve(source, text, …)` once per distinct text; its problem is repeated per row."""
    key = (resolve.__name__, text)
    if key not in memo:
        found: list[str] = []
        memo[key] = (resolve(source, text, "{where}", found), found)
    value, found = memo[key]
    problems += [message.replace("{where}", where, 1) for message in found]
    return value


def _fund(catalog: Catalog, text: str, where: str, problems: list[str]) -> str:
    if not text:
        return "gp_appropriation"  # an export without the column: 财政拨款 (经费拨款)
    leaves = {f.code: f for f in catalog.fund_leaves()}
    if text in leaves:
        return text
    key = name_key(text)
    found = [f.code for f in leaves.values() if name_key(f.name) == key]
    if len(found) == 1:
        return found[0]
    if key in (name_key("财政拨款"), name_key("一般公共预算拨款")):
        return "gp_appropriation"
    problems.append(f"{where}：资金来源“{text}”不是可录入的资金来源。")
    return ""


def _unit(ledger: Ledger, text: str, where: str, problems: list[str]) -> str:
    if not text:
        if len(ledger.units) == 1:
            return next(iter(ledger.units))
        problems.append(f"{where}：没有单位（部门有多个单位，请在对应关系中指定单位列）。")
        return ""
    code = _code(text) or text
    if code in ledger.units:
        return code
    by_name = [u.code for u in ledger.units.values() if name_key(u.name) == name_key(text)]
    if len(by_name) == 1:
        return by_name[0]
    problems.append(f"{where}：单位“{text}”不是本部门的单位。")
    return ""


def _project(ledger: Ledger, text: str, where: str, problems: list[str]) -> str:
    if not text:
        return ""
    if text in ledger.projects:
        return text
    head = text.split()[0]
    if head in ledger.projects:
        return head
    by_name = [p.code for p in ledger.projects.values() if name_key(p.name) == name_key(text)]
    if len(by_name) == 1:
        return by_name[0]
    problems.append(f"{where}：项目“{text}”不是本文件中的项目。")
    return ""


def _kind(text: str, account: str, econ: str, project: str, where: str, problems: list) -> str:
    for prefix, kind in ACCOUNT_KINDS.items():
        if account.startswith(prefix):
            return kind
    basic = "personnel" if econ[:3] in PERSONNEL_CLASSES else "operating"
    if not text:
        return "project" if project else basic
    if text in ("基本支出", "基本"):
        return basic
    found = KIND_WORDS.get(text)
    if found is None:
        problems.append(
            f"{where}：“基本或项目”列的“{text}”无法识别，应为基本支出、项目支出、人员经费或公用经费等。"
        )
        return ""
    return found


def _amount_role(row: _Row) -> str:
    if row.target == "expenditure":
        return "debit"
    if row.target == "income":
        return "credit"
    return "closing"


def _drop_subtotals(
    catalog: Catalog, rows: list[_Row], problems: list[str], notes: list[str]
) -> list[_Row]:
    """Drop 类/款 (function) and 类 (economic) rows that total rows below them; refuse others."""
    kept: list[_Row] = []
    for row in rows:
        subtotal = not catalog.is_function_leaf(row.function) or (
            row.target == "expenditure" and len(row.econ) == 3 and row.econ in catalog.dept_econ
        )
        if not subtotal:
            kept.append(row)
            continue
        under = [r for r in rows if r is not row and _is_under(r, row)]
        role = _amount_role(row)
        amount = row.amounts.get(role, 0)
        detail = sum(r.amounts.get(role, 0) for r in under if not _is_subtotal(catalog, r))
        if not under:
            problems.append(
                f"第 {row.number} 行：科目“{row.label}”不是最末级科目（功能科目应到项，"
                "经济科目应到款），请按明细科目导出。"
            )
        elif amount != detail:
            rows_text = "、".join(str(r.number) for r in under[:8])
            problems.append(
                f"第 {row.number} 行：“{row.label}”是汇总科目，与其下明细（第 {rows_text} 行）"
                f"同时出现，但金额 {_yuan(amount)} 元不等于明细之和 {_yuan(detail)} 元；"
                "无法判断哪些是重复的，请删除汇总行或补齐明细后再导入。"
            )
        else:
            notes.append(
                f"第 {row.number} 行“{row.label}”是其下明细的小计（{_yuan(amount)} 元），"
                "未重复导入。"
            )
    return kept


def _is_subtotal(catalog: Catalog, row: _Row) -> bool:
    return not catalog.is_function_leaf(row.function) or (
        row.target == "expenditure" and len(row.econ) == 3
    )


def _is_under(row: _Row, total: _Row) -> bool:
    """Whether `row` is a more detailed row that `total` sums (same target, unit and fund)."""
    if (row.target, row.unit, row.fund) != (total.target, total.unit, total.fund):
        return False
    if not row.function.startswith(total.function):
        return False
    if row.function == total.function:
        # same function: an economic 类 row sums the 款 rows of that class
        return len(total.econ) == 3 and len(row.econ) > 3 and row.econ.startswith(total.econ)
    return total.econ in ("", row.econ) or row.econ.startswith(total.econ)


def _key(row: _Row) -> tuple:
    if row.target == "expenditure":
        return (row.target, row.unit, row.function, row.econ, row.fund, row.kind, row.project)
    return (row.target, row.unit, row.function, row.fund)


def _check_duplicates(rows: list[_Row], problems: list[str]) -> None:
    first: dict[tuple, int] = {}
    for row in rows:
        key = _key(row)
        if key in first:
            problems.append(
                f"第 {row.number} 行与第 {first[key]} 行的单位、科目、资金来源和支出类型完全相同"
                f"（{row.label}），可能重复粘贴；请合并为一行。"
            )
        else:
            first[key] = row.number


def _yuan(fen: int) -> str:
    from desktop.money import DisplayUnit, format_amount

    return format_amount(fen, DisplayUnit.YUAN)


def _plan(ledger: Ledger, rows: list[_Row], notes: list[str]) -> ImportPlan:
    new: dict[str, list[Record]] = defaultdict(list)
    totals: dict[str, int] = defaultdict(int)
    for n, row in enumerate(rows):
        a = row.amounts
        if row.target == "expenditure":
            amount = a.get("debit", a.get("closing", 0))
            if amount == 0:
                continue
            new["expenditure"].append(
                ExpenditureLine(
                    None,
                    row.unit,
                    row.function,
                    row.econ,
                    row.fund,
                    row.kind,
                    row.project,
                    amount,
                    sort_order=n,
                )  # fmt: skip
            )
        elif row.target == "income":
            amount = a.get("credit", a.get("closing", 0))
            if amount == 0:
                continue
            new["income"].append(
                IncomeLine(None, row.unit, row.function, row.fund, amount, sort_order=n)
            )
        else:
            amount = a.get("closing", 0)
            line = BalanceLine(
                None, row.unit, row.function, row.fund, a.get("opening", 0),
                a.get("used_balance", 0), a.get("distribution", 0), amount, n,
            )  # fmt: skip
            if not any((line.opening, line.used_balance, line.distribution, line.closing)):
                continue
            new["balance"].append(line)
        totals[row.target] += amount
    stores: dict[str, dict[int, Any]] = {
        "expenditure": ledger.expenditure_lines,
        "income": ledger.income_lines,
        "balance": ledger.balance_lines,
    }
    changes: list[Change] = []
    for target, records in new.items():
        old = stores[target]
        if target == "expenditure":
            used = {p.expenditure_line_id for p in ledger.purchase_lines.values()}
            if used & set(old):
                raise BudgetError(
                    "现有的支出明细下挂有政府采购记录，导入会替换全部支出明细：请先删除这些政府采购记录。"
                )
        changes += [Change(r, None) for r in old.values()]
        changes += [Change(None, r) for r in records]
    counts = {t: len(new.get(t, [])) for t in ("expenditure", "income", "balance")}
    return ImportPlan(changes, counts, dict(totals), notes)


def import_accounts(ledger: Ledger, rows: list[list[str]], mapping: AccountsMapping) -> ImportPlan:
    """Plan, then apply in one batch and remember the mapping (the CLI; the window goes
    through its undo stack with the same plan)."""
    plan = plan_import(ledger, rows, mapping)
    ledger.apply(plan.changes)
    remember_mapping(ledger, mapping)
    return plan
