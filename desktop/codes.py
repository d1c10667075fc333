"""Typed codes: completion lists ("code name") and resolving what was typed to a catalog code.

The rules of code entry, shared by every path that reads typed codes: the grids and paste
(`desktop/ui/`), the basic-expenditure pivot (`desktop/basic_pivot.py`) and the command line.
No Qt here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop import code_search
from desktop.catalog import Catalog
from desktop.code_search import CodeChoice
from desktop.errors import LedgerError
from desktop.ledger import Ledger
from desktop.names import name_key
from desktop.records import EXPENSE_KIND_NAMES, UNIT_KIND_NAMES


def _resolve(text: str, options: Iterable[tuple[str, str]], what: str) -> str:
    """The code for `text`: a code, "code name" from the completer, or a (part of a) name."""
    typed = (text or "").strip()
    if not typed:
        raise LedgerError(f"请填写{what}。")
    pairs = list(options)
    codes = {code for code, _ in pairs}
    head = typed.split()[0]
    if head in codes:
        return head
    key = name_key(typed)  # 维修(护)费 finds 维修（护）费
    exact = [code for code, name in pairs if name_key(name) == key]
    if len(exact) == 1:
        return exact[0]
    partial = [code for code, name in pairs if key in name_key(name)]
    if not partial and typed.isascii() and typed.isalpha():
        wanted = typed.lower()
        partial = [c for c, n in pairs if code_search.pinyin_initials(n) == wanted]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise LedgerError(f"“{typed}”对应多个{what}，请输入编码或从提示列表中选择。")
    raise LedgerError(f"找不到{what}“{typed}”。")


def function_options(catalog: Catalog) -> list[tuple[str, str]]:
    """Codes money can be entered on: 项, and 款/类 without 项 (219 …, 227 预备费)."""
    return [(e.code, e.name) for e in catalog.function_leaves()]


def econ_options(catalog: Catalog, classes: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    return [
        (e.code, e.name)
        for e in catalog.dept_econ_sections()
        if classes is None or e.code[:3] in classes
    ]


def fund_options(catalog: Catalog) -> list[tuple[str, str]]:
    return [(f.code, f.name) for f in catalog.fund_leaves()]


def unit_options(ledger: Ledger) -> list[tuple[str, str]]:
    return [(u.code, u.name) for u in ledger.units.values()]


def project_options(ledger: Ledger) -> list[tuple[str, str]]:
    return [(p.code, p.name) for p in ledger.projects.values()]


def kind_options() -> list[tuple[str, str]]:
    return list(EXPENSE_KIND_NAMES.items())


def unit_kind_options() -> list[tuple[str, str]]:
    return list(UNIT_KIND_NAMES.items())


def resolve_function(catalog: Catalog, text: str) -> str:
    return _resolve(text, function_options(catalog), "功能科目")


def resolve_econ(catalog: Catalog, text: str, classes: tuple[str, ...] | None = None) -> str:
    return _resolve(text, econ_options(catalog, classes), "经济科目")


def resolve_fund(catalog: Catalog, text: str) -> str:
    return _resolve(text, fund_options(catalog), "资金来源")


def resolve_unit(ledger: Ledger, text: str) -> str:
    return _resolve(text, unit_options(ledger), "单位")


def resolve_project(ledger: Ledger, text: str) -> str:
    return _resolve(text, project_options(ledger), "项目")


def resolve_choice(options: list[tuple[str, str]], text: str, what: str) -> str:
    return _resolve(text, options, what)


def completions(options: Iterable[tuple[str, str]]) -> list[str]:
    """Completer entries "code name": matching either part while typing works."""
    return [f"{code} {name}" for code, name in options]


def fund_name(catalog: Catalog, code: str) -> str:
    fund = catalog.fund_sources.get(code)
    return fund.name if fund else code


@dataclass(frozen=True)
class CodePicker:
    """What a code column's editor offers: the choices and how to rank them (see code_search)."""

    choices: list[CodeChoice]
    used: frozenset[str] = frozenset()
    unit_kinds: frozenset[str] = frozenset()

    def search(self, text: str, limit: int = 50) -> list[CodeChoice]:
        return code_search.search(self.choices, text, self.used, self.unit_kinds, limit)


def _unit_kinds(ledger: Ledger) -> frozenset[str]:
    return frozenset(u.kind for u in ledger.units.values())


def function_picker(ledger: Ledger) -> CodePicker:
    used = {ln.function_code for ln in ledger.expenditure_lines.values()}
    used |= {ln.function_code for ln in ledger.income_lines.values()}
    choices = code_search.function_choices(ledger.catalog)
    return CodePicker(choices, frozenset(used), _unit_kinds(ledger))


def econ_picker(ledger: Ledger, classes: tuple[str, ...] | None = None) -> CodePicker:
    used = {ln.econ_code for ln in ledger.expenditure_lines.values()}
    choices = code_search.econ_choices(ledger.catalog, classes)
    return CodePicker(choices, frozenset(used), _unit_kinds(ledger))


def fund_picker(ledger: Ledger) -> CodePicker:
    used = {ln.fund_source for ln in ledger.expenditure_lines.values()}
    used |= {ln.fund_source for ln in ledger.income_lines.values()}
    return CodePicker(code_search.fund_choices(ledger.catalog), frozenset(used))
