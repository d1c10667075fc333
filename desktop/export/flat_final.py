"""The flat datasets of a 部门决算 file and its 绩效自评 (schema version 4): 结转和结余, 决算对照
预算数, 三公经费数量, 绩效自评 and 指标自评.

Fields, sheet names and column titles all come from the record declarations
(`desktop/record_fields.py`): the profiles do not list these sheets, `profile.py` appends the
derived ones. A budget workbook is unchanged: the sheets are written only for a 决算 file or when
they have rows, they are optional on import, and the digest leaves them out while empty. An
indicator result names its indicator by its row number (1-based) in the 绩效指标 sheet, as a
purchase names its 支出明细 row, since record ids are not part of the data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop import record_fields as rf
from desktop.records import (
    ActivityCount,
    BalanceLine,
    BudgetBaselineLine,
    IndicatorResult,
    SelfEvaluation,
)

if TYPE_CHECKING:
    from desktop.export.flat import Dataset

FINAL_RECORDS = (BalanceLine, BudgetBaselineLine, ActivityCount, SelfEvaluation, IndicatorResult)
FINAL_NAMES = {rf.declaration(r).dataset: rf.declaration(r).sheet for r in FINAL_RECORDS}
# Stored after the indicators and projects they refer to (importer.RECORD_DATASETS).
FINAL_DATASETS = tuple(FINAL_NAMES)
FINAL_UNIQUE: dict[str, tuple[Callable[[tuple[str, ...]], object], str]] = {
    "activity_counts": (lambda row: row[0], "同一数量项目只能有一行"),
    "self_evaluations": (lambda row: row[0], "同一项目的绩效自评只能有一行"),
    "indicator_results": (lambda row: row[0], "同一绩效指标的自评只能有一行"),
}
# Informational name columns, printed right after the code they name (never read back).
_NAME_COLUMNS = {
    "function_code": ("function_name", "功能科目名称"),
    "econ_code": ("econ_name", "经济科目名称"),
    "fund_source": ("fund_source_name", "资金来源名称"),
}


def final_datasets() -> tuple[Dataset, ...]:
    """The datasets, in digest order; called by `flat.py` while it builds `DATASETS`."""
    from desktop.export.flat import LINE_INFO, Dataset, declared_fields

    out = []
    for record in FINAL_RECORDS:
        decl = rf.declaration(record)
        info = {
            _NAME_COLUMNS[f.name][0]: LINE_INFO[_NAME_COLUMNS[f.name][0]]
            for f in decl.data_fields
            if f.name in _NAME_COLUMNS
        }
        out.append(Dataset(decl.dataset, record, declared_fields(record), info))
    return tuple(out)


def column_title(f: rf.FieldDecl) -> str:
    """A derived sheet's column title: the declared label, with the unit an amount is in."""
    title = f.label
    if f.domain == rf.FUND_SOURCE and not title.endswith("编码"):
        title += "编码"
    return f"{title}（元）" if f.kind == rf.AMOUNT else title


def derived_columns(dataset: str) -> list[tuple[str, str]]:
    """(field, title) of a derived flat sheet: every data field, names after their codes."""
    columns = []
    for f in rf.BY_DATASET[dataset].data_fields:
        columns.append((f.name, column_title(f)))
        if f.name in _NAME_COLUMNS:
            columns.append(_NAME_COLUMNS[f.name])
    return columns
