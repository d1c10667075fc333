"""The library of indicator templates gathered from the published seeds, and copying indicators.

Templates live in `resources/performance/indicator_templates.json`, grouped by theme. Inserting
one gives a new `Indicator` for a project (or the department, project code ""); a cost template
marked `value_from_budget` takes the project's budget (年度本级预算) as its value.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop.errors import LedgerError
from desktop.ledger import Ledger
from desktop.money import DisplayUnit, fen_to_decimal
from desktop.records import Change, Indicator
from desktop.resources import resource

TEMPLATE_FILE = resource("performance", "indicator_templates.json")


@dataclass(frozen=True)
class IndicatorTemplate:
    """One indicator as published in a seed, ready to be inserted into another project."""

    theme: str  # 主题, e.g. 通用, 工业和信息化
    name: str  # shown in the library (the 三级 name unless the file gives another)
    level1: str
    level2: str
    indicator: str  # 三级指标
    comparator: str = ""
    value: str = ""
    measure_unit: str = ""
    value_content: str = ""
    description: str = ""
    basis: str = ""
    standard: str = ""
    remark: str = ""
    seed: str = ""  # the published sample it was taken from: "000", "001" or "002"
    source: str = ""  # the published table it was taken from (department, year, table)
    note: str = ""  # how the seed printed it, where the template differs
    value_from_budget: bool = False


_FIELDS = {f.name for f in dataclasses.fields(IndicatorTemplate)}


@cache
def _load(path: Path) -> tuple[IndicatorTemplate, ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    templates = []
    for entry in data["templates"]:
        values = {k: v for k, v in entry.items() if k in _FIELDS}
        values.setdefault("name", entry["indicator"])
        templates.append(IndicatorTemplate(**values))
    return tuple(templates)


def load_templates(path: Path | None = None) -> list[IndicatorTemplate]:
    """All templates of the library, grouped by theme in the file's order."""
    return list(_load(Path(path or TEMPLATE_FILE)))


def themes(templates: list[IndicatorTemplate]) -> list[str]:
    """The themes in the order they first appear."""
    return list(dict.fromkeys(t.theme for t in templates))


def budget_value(fen: int) -> str:
    """A budget in 万元 as an indicator value: exact, without trailing zeros ("25", "289.79")."""
    if not fen:
        return ""
    return format(fen_to_decimal(fen, DisplayUnit.WAN_YUAN).normalize(), "f")


def template_indicator(
    template: IndicatorTemplate, project_code: str, sort_order: int, budget: int | None = None
) -> Indicator:
    """A new indicator (id None) for `project_code` ("" = department) made from `template`.

    `budget` (分) is the project's budget; a template marked `value_from_budget` takes it as
    its value in 万元, so "不高于预算成本 ≤ … 万元" fits the project it is inserted into.
    """
    value = template.value
    if template.value_from_budget and budget is not None:
        value = budget_value(budget)
    return Indicator(
        id=None,
        project_code=project_code,
        level1=template.level1,
        level2=template.level2,
        name=template.indicator,
        comparator=template.comparator,
        value=value,
        measure_unit=template.measure_unit,
        value_content=template.value_content,
        description=template.description,
        basis=template.basis,
        standard=template.standard,
        remark=template.remark,
        sort_order=sort_order,
    )


def next_sort_order(ledger: Ledger, project_code: str) -> int:
    """The sort order after the last indicator of `project_code`."""
    existing = ledger.project_indicators(project_code)
    return max((i.sort_order for i in existing), default=-1) + 1


def target_name(ledger: Ledger, project_code: str) -> str:
    """How a target is named in messages: the project's name, or 部门整体 for ""."""
    if not project_code:
        return "部门整体绩效目标"
    project = ledger.projects.get(project_code)
    return f"项目“{project.name}”" if project else f"项目“{project_code}”"


def insert_templates(
    ledger: Ledger, templates: list[IndicatorTemplate], project_code: str
) -> list[Change]:
    """Inserts of `templates` after the existing indicators of `project_code`, in order."""
    if project_code and project_code not in ledger.projects:
        raise LedgerError(f"项目“{project_code}”不存在，无法插入指标。")
    budget = ledger.project_total(project_code) if project_code else ledger.expenditure_total()
    start = next_sort_order(ledger, project_code)
    return [
        Change(None, template_indicator(t, project_code, start + i, budget))
        for i, t in enumerate(templates)
    ]


def copy_indicators(ledger: Ledger, source_code: str, target_code: str) -> list[Change]:
    """Inserts that copy every indicator of `source_code` to `target_code` ("" = department).

    The copies follow the target's existing indicators, in the source's order. Raises
    LedgerError when source and target are the same, or there is nothing to copy.
    """
    if source_code == target_code:
        raise LedgerError(f"不能把{target_name(ledger, target_code)}的指标复制到它自己。")
    for code in (source_code, target_code):
        if code and code not in ledger.projects:
            raise LedgerError(f"项目“{code}”不存在，无法复制指标。")
    source = ledger.project_indicators(source_code)
    if not source:
        raise LedgerError(f"{target_name(ledger, source_code)}还没有绩效指标，没有可复制的内容。")
    start = next_sort_order(ledger, target_code)
    return [
        Change(
            None, dataclasses.replace(ind, id=None, project_code=target_code, sort_order=start + i)
        )
        for i, ind in enumerate(source)
    ]
