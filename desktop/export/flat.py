"""The flat data of a department: one row per record, as canonical strings.

These rows are what the workbook's flat sheets carry, what the SHA-256 digest is computed over
(docs/FORMAT.md) and what import reads back. Amounts are exact 元 strings (`yuan_str`), choices
their codes, booleans "1"/"0"; record ids are not part of the data (import assigns new ones).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from desktop import record_fields as rf
from desktop.catalog import Catalog
from desktop.export.flat_facts import FACT_NAMES, fact_datasets
from desktop.export.flat_final import FINAL_NAMES, final_datasets
from desktop.export.flat_performance import PERFORMANCE_NAMES, performance_datasets, setting_rows
from desktop.ledger import Ledger
from desktop.money import yuan_str
from desktop.records import ControlFigure, ExpenditureLine, IncomeLine, PriorYearLine, Project, Unit

TEXT, CODE, AMOUNT, CHOICE, BOOL = "text", "code", "amount", "choice", "bool"
COUNT = "count"  # a whole number ≥ 0 (people, vehicles, square metres, percent)
POINTS = "points"  # a score with at most two decimals ≥ 0, canonical like 元 ("6.00")
BOOL_NAMES = rf.YES_NO
# Declared kind → flat kind: long text is text, a reference to another record its row number.
_FLAT_KINDS = {rf.LONG_TEXT: TEXT, rf.REF: COUNT}


@dataclass(frozen=True)
class Field:
    """One column of a dataset: its canonical key, kind and (for choices) code → printed name."""

    key: str
    kind: str = TEXT
    choices: Mapping[str, str] | None = None
    required: bool = True  # an empty cell is refused
    # The domain's rule for typed text (rf.FieldDecl.parse), applied by import as by the grid.
    parse: Callable[[str], str] | None = None

    def printed_choices(self) -> Mapping[str, str]:
        return BOOL_NAMES if self.kind == BOOL else (self.choices or {})


@dataclass(frozen=True)
class Dataset:
    name: str
    record: type | None
    fields: tuple[Field, ...]
    # Informational columns a profile may add (names from the catalog); never read back.
    info: Mapping[str, Callable[[Catalog, dict[str, str]], str]]
    # Row order of the flat sheet (default: the file's sort order, then key); called with
    # records of type `record`.
    order: Callable[[Any], tuple] | None = None

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


def declared_fields(record_type: type) -> tuple[Field, ...]:
    """The flat columns of a record: its declared data fields (not the id, not the order)."""
    return tuple(
        Field(f.name, _FLAT_KINDS.get(f.kind, f.kind), f.choices, f.required, f.parse)
        for f in rf.declaration(record_type).data_fields
    )


def _function_name(catalog: Catalog, row: dict[str, str]) -> str:
    return catalog.function_name(row["function_code"]) if row.get("function_code") else ""


def _econ_name(catalog: Catalog, row: dict[str, str]) -> str:
    return catalog.dept_econ_name(row["econ_code"]) if row.get("econ_code") else ""


def fund_name(catalog: Catalog, row: dict[str, str]) -> str:
    fund = catalog.fund_sources.get(row.get("fund_source", ""))
    return fund.name if fund else ""


LINE_INFO = {
    "function_name": _function_name,
    "econ_name": _econ_name,
    "fund_source_name": fund_name,
}
# The one field each informational column above is named from (a flat sheet looks each name up
# once per code, not once per row).
INFO_SOURCES: dict[Callable[[Catalog, dict[str, str]], str], str] = {
    _function_name: "function_code",
    _econ_name: "econ_code",
    fund_name: "fund_source",
}

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset("units", Unit, declared_fields(Unit), {}),
        Dataset("projects", Project, declared_fields(Project), {}),
        Dataset("income_lines", IncomeLine, declared_fields(IncomeLine), LINE_INFO),
        Dataset("expenditure_lines", ExpenditureLine, declared_fields(ExpenditureLine), LINE_INFO),
        Dataset(
            "control_figures",
            ControlFigure,
            declared_fields(ControlFigure),
            {"fund_source_name": fund_name},
        ),
        Dataset("prior_year_lines", PriorYearLine, declared_fields(PriorYearLine), LINE_INFO),
        *performance_datasets(),
        Dataset(
            "explanations",
            None,
            (Field("rule_id", CODE), Field("subject", required=False), Field("text")),
            {},
        ),
        *fact_datasets(),  # after the explanations: added with schema version 3
        *final_datasets(),  # 部门决算 and 绩效自评: schema version 4
    )
}
DATASET_ORDER = tuple(DATASETS)
DATASET_NAMES = {
    "units": "单位",
    "projects": "项目",
    "income_lines": "收入明细",
    "expenditure_lines": "支出明细",
    "control_figures": "控制数",
    "prior_year_lines": "上年数",
    **PERFORMANCE_NAMES,
    "explanations": "出错说明",
    **FACT_NAMES,
    **FINAL_NAMES,
}
Rows = dict[str, list[tuple[str, ...]]]


def _text(value: object) -> str:
    return value if type(value) is str else "" if value is None else str(value)


def _bool(value: object) -> str:
    return "1" if value else "0"


def _converter(field: Field) -> Callable[[object], str]:
    if field.kind in (AMOUNT, POINTS):  # both hundredths: 分 of 元, hundredths of a point
        return yuan_str  # type: ignore[return-value]
    return _bool if field.kind == BOOL else _text


def canonical(value: object, field: Field) -> str:
    """The canonical string of a record's field value."""
    return _converter(field)(value)


def _getter(keys: list[str]) -> Callable[[object], tuple]:
    """All `keys` of a record at once, always as a tuple (attrgetter of one key is not)."""
    get = attrgetter(*keys)
    return get if len(keys) > 1 else lambda record: (get(record),)


def flat_rows(ledger: Ledger, explanations: Mapping[tuple[str, str], str]) -> Rows:
    """Every record of the ledger (and the explanations) as canonical rows, in ledger order."""
    rows: Rows = {}
    ordered: dict[str, list] = {}
    for name, dataset in DATASETS.items():
        if dataset.record is None:
            continue
        # The order the department file itself gives (sort order, then key), whatever order
        # records were added in memory; import stores rows in this order.
        records = sorted(ledger.records(dataset.record).values(), key=dataset.order or _file_order)
        get = _getter([f.key for f in dataset.fields])
        convert = [_converter(f) for f in dataset.fields]
        rows[name] = [tuple([c(v) for c, v in zip(convert, get(r), strict=True)]) for r in records]
        ordered[name] = records
    _link_references(ordered, rows)  # ids are not data: the referenced record's row number is
    # Sorted so the digest does not depend on the order the file happens to return them in.
    rows["explanations"] = sorted((r, s, t) for (r, s), t in explanations.items())
    rows["settings"] = list(setting_rows(ledger.file))  # the layout of the printed forms
    return rows


def reference_fields(dataset: str) -> list[tuple[int, rf.FieldDecl]]:
    """(column position, field) of each field of `dataset` naming another record by its id."""
    decl = rf.BY_DATASET.get(dataset)
    if decl is None:
        return []
    return [(i, f) for i, f in enumerate(decl.data_fields) if f.kind == rf.REF]


def _link_references(ordered: dict[str, list], rows: Rows) -> None:
    """Replace each reference (a purchase's line, a result's indicator) by its row number."""
    for name in ordered:
        for position, f in reference_fields(name):
            number = {str(r.id): str(n) for n, r in enumerate(ordered[f.domain], start=1)}
            rows[name] = [
                (*r[:position], number[r[position]], *r[position + 1 :]) for r in rows[name]
            ]


def _file_order(record: object) -> tuple:
    key = record.key  # type: ignore[attr-defined]
    return (getattr(record, "sort_order", 0), key is None, key)


def row_counts(rows: Rows, final: bool = False) -> dict[str, int]:
    """Rows per dataset; a budget file leaves out the 决算 datasets it has no rows of."""
    return {
        name: len(rows.get(name, ()))
        for name in DATASET_ORDER
        if final or rows.get(name) or name not in FINAL_NAMES
    }
