"""One table set (表套) read from its folder: pack.json (tables), rules.json (rule settings).

A folder `<pack-id>/` holds `pack.json`; optional `rules.json` (severities and parameters, the
format of docs/CHECKS.md), `forms.json` (cell-addressed forms) and `document.json` (text
template). A set may say `"extends": "<id>"` to take the tables and rules of another set and
change only what it names (e.g. the Hunan tables with another district's performance forms).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.catalog import load_catalog
from desktop.checks.config import RuleConfig, RuleConfigError, parse_rule_config
from desktop.errors import BudgetError
from desktop.packs.tables import CodeLists, Problems, TableReader
from desktop.tables.spec import AnySpec

FORMAT = 1
PACK_FILE = "pack.json"
RULES_FILE = "rules.json"
# Files of a set folder that make up its content (and so its hash); nothing else is read.
CONTENT_FILES = (PACK_FILE, RULES_FILE, "forms.json", "document.json")
_TOP_KEYS = {
    "kind",
    "format",
    "id",
    "name",
    "region",
    "years",
    "extends",
    "about",
    "performance_layout",
    "workbook_profile",
    "defs",
    "tables",
}
_MAX_MESSAGES = 20
# What a set prints: a 部门预算 (budget file) or a 部门决算 (final-accounts file).
PACK_KINDS = {"budget": "部门预算", "final": "部门决算"}


class PackError(BudgetError):
    """A table-set file that cannot be used; the message names the file and the place in it."""


@dataclass(frozen=True)
class Pack:
    """A loaded, validated table set."""

    id: str
    name: str
    region: str
    years: tuple[int, ...]
    folder: Path
    tables: tuple[AnySpec, ...]
    rules: RuleConfig
    content_hash: str
    extends: str = ""
    performance_layout: str = "hunan"  # the forms layout (tables 22/23) this set prints
    workbook_profile: str = "hunan-default"
    builtin: bool = False
    parent: Pack | None = None
    kind: str = "budget"  # PACK_KINDS: a budget set prints budget files, a final set 决算 files

    @property
    def kind_name(self) -> str:
        return PACK_KINDS.get(self.kind, self.kind)

    def own_or_inherited(self, name: str) -> Path | None:
        """The set's `forms.json` / `document.json`, else its parent's (None: neither has one)."""
        path = self.folder / name
        if path.is_file():
            return path
        return self.parent.own_or_inherited(name) if self.parent is not None else None

    @property
    def forms_path(self) -> Path | None:
        """forms.json (read by desktop/packs/forms.py); until then `performance_layout` rules."""
        return self.own_or_inherited("forms.json")

    @property
    def document_path(self) -> Path | None:
        return self.own_or_inherited("document.json")

    @property
    def table_numbers(self) -> list[int]:
        return [t.number for t in self.tables]

    def table(self, number: int) -> AnySpec:
        return next(t for t in self.tables if t.number == number)

    def line(self) -> str:
        """One line for `budget-desk packs`: id, name, region, years, kind (部门预算/部门决算)."""
        years = "、".join(str(y) for y in self.years)
        return f"{self.id}\t{self.name}\t{self.region}\t{years}\t{self.kind_name}"


def read_json(path: Path) -> Any:
    """The JSON content of `path`; a syntax error names the line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PackError(f"表套文件 {path} 不存在。") from exc
    except UnicodeDecodeError as exc:
        raise PackError(f"表套文件 {path} 不是 UTF-8 编码的文字文件。") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PackError(
            f"表套文件 {path} 第 {exc.lineno} 行第 {exc.colno} 列 JSON 语法错误：{exc.msg}。"
            "（常见原因：多了或少了逗号、引号不配对、用了中文标点。）"
        ) from exc


def content_hash(folder: Path, parent: Pack | None = None) -> str:
    """SHA-256 over the set's own files (and its parent's hash): recorded in department files."""
    digest = hashlib.sha256()
    for name in CONTENT_FILES:
        path = folder / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    if parent is not None:
        digest.update(parent.content_hash.encode())
    return digest.hexdigest()


def load_pack(
    folder: Path, resolve: Callable[[str], Pack] | None = None, builtin: bool = False
) -> Pack:
    """Read and validate the set in `folder`; `resolve` finds the set named by "extends"."""
    folder = Path(folder)
    path = folder / PACK_FILE
    data = read_json(path)
    problems = Problems(str(path))
    if not isinstance(data, dict):
        raise PackError(f"表套文件 {path} 的内容应为对象（{{…}}）。")
    for key in data:
        if key not in _TOP_KEYS:
            problems.add(key, f"未知的项，表套可有：{'、'.join(sorted(_TOP_KEYS))}。")
    if data.get("format", FORMAT) != FORMAT:
        problems.add("format", f"本程序读取第 {FORMAT} 版表套格式。")
    pack_id = data.get("id")
    if not isinstance(pack_id, str) or not pack_id or not safe_id(pack_id):
        problems.add("id", "应为由小写字母、数字和“-”组成的标识，如 hunan-2025。")
        pack_id = ""
    elif pack_id != folder.name and builtin:
        problems.add("id", f"应与文件夹名“{folder.name}”相同。")
    years = data.get("years")
    if not isinstance(years, list) or not years or not all(_is_int(y) for y in years):
        problems.add("years", "应为年度数组，如 [2025, 2026]。")
        years = []
    parent = None
    extends = data.get("extends", "")
    if extends:
        if resolve is None or not isinstance(extends, str):
            problems.add("extends", "应为已安装表套的标识。")
        else:
            try:
                parent = resolve(extends)
            except BudgetError as exc:
                problems.add("extends", str(exc))
    catalogs = []
    for year in years:
        try:
            catalogs.append(load_catalog(int(year)))
        except BudgetError:
            continue  # a year whose catalog is not installed yet is not checked against
    if years and not catalogs:
        problems.add("years", f"没有这些年度的科目表（{years}），无法核对科目编码。")
    kind = data.get("kind", parent.kind if parent else "budget")
    if kind not in PACK_KINDS:
        problems.add("kind", "应为 budget（部门预算表套）或 final（部门决算表套）。")
        kind = "budget"
    elif parent is not None and kind != parent.kind:
        problems.add(
            "kind", f"与所继承的表套“{parent.id}”（{parent.kind_name}）不同：不能继承另一种表套。"
        )
    reader = TableReader(CodeLists.of(catalogs), problems, data.get("defs", {}))
    if "tables" in data or parent is None:
        tables = tuple(reader.tables(data.get("tables")))
    else:
        tables = parent.tables
    rules = _rules(folder, parent, problems)
    _fail_if(problems)
    return Pack(
        id=pack_id,
        name=_text(data, "name", problems),
        region=str(data.get("region", parent.region if parent else "")),
        years=tuple(int(y) for y in years),
        folder=folder,
        tables=tables,
        rules=rules,
        content_hash=content_hash(folder, parent),
        extends=extends if isinstance(extends, str) else "",
        performance_layout=str(
            data.get("performance_layout", parent.performance_layout if parent else "hunan")
        ),
        workbook_profile=str(
            data.get("workbook_profile", parent.workbook_profile if parent else "hunan-default")
        ),
        builtin=builtin,
        parent=parent,
        kind=kind,
    )


def _rules(folder: Path, parent: Pack | None, problems: Problems) -> RuleConfig:
    path = folder / RULES_FILE
    if not path.is_file():
        return parent.rules if parent else RuleConfig()
    try:
        data = read_json(path)
        if not isinstance(data, dict):
            raise PackError(f"表套文件 {path} 的内容应为对象。")
        return parse_rule_config(data, str(path))
    except (PackError, RuleConfigError) as exc:
        problems.messages.append(str(exc))
        return RuleConfig()


def _fail_if(problems: Problems) -> None:
    if not problems.messages:
        return
    shown = problems.messages[:_MAX_MESSAGES]
    more = len(problems.messages) - len(shown)
    lines = "\n".join(f"  {m}" for m in shown)
    tail = f"\n  （另有 {more} 处问题未列出）" if more else ""
    raise PackError(f"表套文件 {problems.file} 有 {len(problems.messages)} 处问题：\n{lines}{tail}")


def _text(data: dict, key: str, problems: Problems) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.add(key, "应为非空文字。")
        return ""
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def safe_id(text: str) -> bool:
    """An id usable as a folder name everywhere: lowercase ASCII letters, digits and "-"."""
    ok = all(c.isascii() and (c.isalnum() or c == "-") for c in text)
    return bool(text) and ok and text == text.lower() and not text.startswith("-")
