"""The flat datasets of the performance targets (绩效目标): special funds, indicators, cost items,
spending schedules, the department target and its tasks.

`flat.py` adds them to its datasets while it is being built: `performance_datasets()` imports
its Field and Dataset only then (they are defined above the call), so either module can be
imported first. The importer reads the dataset order, `UNIQUE_ROWS` and `REPEATABLE` from here.

The `settings` dataset carries the file settings that change what is printed (the layout of
the performance tables), so a workbook round trip prints the same forms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from desktop.records import (
    INDICATOR_COMPARATORS,
    CostItem,
    DepartmentTarget,
    DepartmentTask,
    Indicator,
    SpecialFund,
    SpendingSchedule,
)

if TYPE_CHECKING:
    from desktop.export.flat import Dataset
    from desktop.models.store import DepartmentFile

PERFORMANCE_NAMES = {
    "special_funds": "专项资金",
    "indicators": "绩效指标",
    "cost_items": "支出测算",
    "spending_schedules": "支出计划",
    "department_target": "部门整体目标",
    "department_tasks": "部门年度任务",
    "settings": "表式设置",
}
# Import stores records in this order (importer.RECORD_DATASETS): special funds before the
# projects naming them, targets after the projects they belong to.
FUND_DATASETS = ("special_funds",)
TARGET_DATASETS = (
    "indicators",
    "cost_items",
    "spending_schedules",
    "department_target",
    "department_tasks",
)
# Rows that must be unique by a key, with the message naming what repeats.
UNIQUE_ROWS: dict[str, tuple[Callable[[tuple[str, ...]], object], str]] = {
    "special_funds": (lambda row: row[0], "专项资金编码重复"),
    "spending_schedules": (lambda row: row[0], "同一项目的资金支出计划只能有一行"),
    "department_target": (lambda row: "", "部门整体支出绩效目标只能有一行"),
    "settings": (lambda row: row[0], "同一设置只能有一行"),
}
# Identical rows are legitimate here (the same template indicator inserted twice): never refused.
REPEATABLE = frozenset({"indicators", "cost_items", "department_tasks"})
COMPARATOR_NAMES = {c: c for c in INDICATOR_COMPARATORS}
# File settings (table `setting`) that change the printed forms; other settings (the workbook
# format a user prefers) are not data and stay out of the digest.
PRINTED_SETTINGS = {"performance_layout": "绩效目标表式", "table_set": "表套"}


class _Where(Protocol):
    def at(self, key: str) -> str: ...


def _owner_order(record: Indicator | CostItem) -> tuple:
    """Rows grouped by owner (the department's "" first), then in their printed order."""
    return (record.project_code, record.sort_order, record.id or 0)


def performance_datasets() -> tuple[Dataset, ...]:
    """The datasets, in digest order; called by `flat.py` while it builds `DATASETS`."""
    from desktop.export.flat import CHOICE, Dataset, Field, declared_fields

    return (
        Dataset("special_funds", SpecialFund, declared_fields(SpecialFund), {}),
        Dataset("indicators", Indicator, declared_fields(Indicator), {}, _owner_order),
        Dataset("cost_items", CostItem, declared_fields(CostItem), {}, _owner_order),
        Dataset("spending_schedules", SpendingSchedule, declared_fields(SpendingSchedule), {}),
        Dataset("department_target", DepartmentTarget, declared_fields(DepartmentTarget), {}),
        Dataset("department_tasks", DepartmentTask, declared_fields(DepartmentTask), {}),
        Dataset(
            "settings",
            None,
            (Field("key", CHOICE, PRINTED_SETTINGS), Field("value")),
            {"value_name": _setting_name},
        ),
    )


def _layouts() -> dict[str, str]:
    from desktop.tables.forms import layout_names

    return layout_names()


def _setting_name(catalog: object, row: dict[str, str]) -> str:
    """The printed name of a setting's value (informational column)."""
    return (
        _layouts().get(row.get("value", ""), "") if row.get("key") == "performance_layout" else ""
    )


def setting_rows(dfile: DepartmentFile) -> list[tuple[str, str]]:
    """The printed settings of a department file as canonical rows, sorted by key (an empty
    one says nothing: a set without performance forms records an empty layout)."""
    return [(key, value) for key, value in dfile.settings.items(PRINTED_SETTINGS) if value]


def setting_problems(rows: Sequence[tuple[str, ...]], origins: Sequence[_Where]) -> list[str]:
    """A message per setting row whose value cannot be used (sheet, row, column, expectation)."""
    problems = []
    for (key, value), origin in zip(rows, origins, strict=True):
        # "" : the file's set prints no forms
        if key == "performance_layout" and value and value not in _layouts():
            names = "、".join(f"{k}（{n}）" for k, n in _layouts().items())
            problems.append(
                f"{origin.at('value')}：值“{value}”，应为以下绩效目标表式之一：{names}。"
            )
        if key == "table_set":
            from desktop.packs.registry import available_packs

            ids = [p.id for p in available_packs()]
            if value not in ids:
                problems.append(
                    f"{origin.at('value')}：表套“{value}”未安装，应为以下之一：{'、'.join(ids)}"
                    "（可先用 budget-desk pack-import 安装该表套）。"
                )
    return problems


def write_settings(dfile: DepartmentFile, rows: Sequence[tuple[str, ...]]) -> None:
    """Store the imported settings in the new department file, in one transaction."""
    dfile.settings.set_many([(key, value) for key, value in rows])
