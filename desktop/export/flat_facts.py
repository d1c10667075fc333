"""The flat datasets of the public document's facts (部门预算公开文本, schema version 3): 部门职责,
内设机构, 人员编制, 政府采购, 国有资产占用 and 主要原因.

They were added after the first workbooks were written, so they are optional: a workbook without
their sheets imports with the facts empty, and the digest leaves an empty one out (old digests
stay valid). A purchase line names its expenditure line by its row number (1-based) in the
支出明细 sheet, since record ids are not part of the data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from desktop.records import (
    ASSET_KINDS,
    PURCHASE_KINDS,
    AssetHolding,
    DepartmentProfile,
    ExpenditureLine,
    InternalOffice,
    PurchaseLine,
    ReasonText,
    UnitStaff,
)

if TYPE_CHECKING:
    from desktop.export.flat import Dataset, Rows

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
    from desktop.export.flat import AMOUNT, CHOICE, CODE, COUNT, Dataset, Field, fund_name

    return (
        Dataset("department_profile", DepartmentProfile, (Field("duties", required=False),), {}),
        Dataset("internal_offices", InternalOffice, (Field("name"),), {}),
        Dataset(
            "unit_staff",
            UnitStaff,
            (
                Field("unit_code", CODE),
                Field("funding_form", required=False),
                Field("authorized", COUNT),
                Field("active", COUNT),
                Field("retired", COUNT),
            ),
            {},
        ),
        Dataset(
            "purchase_lines",
            PurchaseLine,
            (
                Field(LINE_REF, COUNT),
                Field("item"),
                Field("category", required=False),
                Field("kind", CHOICE, PURCHASE_KINDS),
                Field("amount", AMOUNT),
                Field("fund_source", CODE, required=False),
                Field("sme_percent", COUNT),
            ),
            {"fund_source_name": fund_name},
        ),
        Dataset(
            "asset_holdings",
            AssetHolding,
            (
                Field("unit_code", CODE),
                Field("kind", CHOICE, ASSET_KINDS),
                Field("name", required=False),
                Field("quantity", COUNT),
                Field("area_m2", COUNT),
                Field("as_of"),
            ),
            {},
        ),
        Dataset("reason_texts", ReasonText, (Field("slot", CODE), Field("text")), {}),
    )


def link_purchases(lines: Sequence[ExpenditureLine], rows: Rows) -> None:
    """Replace each purchase row's line id by the line's row number in `lines` (sheet order)."""
    number = {str(line.id): str(n) for n, line in enumerate(lines, start=1)}
    rows["purchase_lines"] = [(number[row[0]], *row[1:]) for row in rows["purchase_lines"]]
