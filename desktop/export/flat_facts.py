"""The flat datasets of the public document's facts (部门预算公开文本, schema version 3): 部门职责,
内设机构, 人员编制, 政府采购, 国有资产占用 and 主要原因.

They were added after the first workbooks were written, so they are optional: a workbook without
their sheets imports with the facts empty, and the digest leaves an empty one out (old digests
stay valid). A purchase line names its expenditure line by its row number (1-based) in the
支出明细 sheet, since record ids are not part of the data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.records import (
    AssetHolding,
    DepartmentProfile,
    InternalOffice,
    PurchaseLine,
    ReasonText,
    UnitStaff,
)

if TYPE_CHECKING:
    from desktop.export.flat import Dataset

FACT_NAMES = {
    "department_profile": "部门职责",
    "internal_offices": "内设机构",
    "unit_staff": "人员编制",
    "purchase_lines": "政府采购",
    "asset_holdings": "国有资产",
    "reason_texts": "主要原因",
}
# Stored after the expenditure lines they refer to (importer.RECORD_DATASETS).
FACT_DATASETS = tuple(FACT_NAMES)
OPTIONAL_DATASETS = frozenset(FACT_NAMES)
LINE_REF = "expenditure_line_id"  # column of purchase_lines: row number in 支出明细
FACT_UNIQUE: dict[str, tuple[Callable[[tuple[str, ...]], object], str]] = {
    "department_profile": (lambda row: "", "部门职责只能有一行"),
    "unit_staff": (lambda row: row[0], "同一单位的人员编制只能有一行"),
    "reason_texts": (lambda row: row[0], "同一处比较的主要原因只能有一行"),
}
# Two equal purchases or assets (the same item bought twice) are legitimate.
FACT_REPEATABLE = frozenset({"purchase_lines", "asset_holdings"})


def fact_datasets() -> tuple[Dataset, ...]:
    """The datasets, in digest order; called by `flat.py` while it builds `DATASETS`."""
    from desktop.export.flat import Dataset, declared_fields, fund_name

    return (
        Dataset("department_profile", DepartmentProfile, declared_fields(DepartmentProfile), {}),
        Dataset("internal_offices", InternalOffice, declared_fields(InternalOffice), {}),
        Dataset("unit_staff", UnitStaff, declared_fields(UnitStaff), {}),
        Dataset(
            "purchase_lines",
            PurchaseLine,
            declared_fields(PurchaseLine),
            {"fund_source_name": fund_name},
        ),
        Dataset("asset_holdings", AssetHolding, declared_fields(AssetHolding), {}),
        Dataset("reason_texts", ReasonText, declared_fields(ReasonText), {}),
    )
