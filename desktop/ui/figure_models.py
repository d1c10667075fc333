"""Input grids for the bureau's control figures (控制数) and the prior year's figures (上年数)."""

from __future__ import annotations

import dataclasses

from desktop.records import CONTROL_SCOPES, EXPENSE_KIND_NAMES, ControlFigure, PriorYearLine, Record
from desktop.ui import codes
from desktop.ui.document import Document
from desktop.ui.record_models import Column, RecordModel, amount_column, code_column, name_column

WHOLE_DEPARTMENT = "（全部门）"


def _unit_column(document: Document, allow_department: bool) -> Column:
    ledger = document.ledger

    def parse(record: Record, text: str) -> Record:
        if allow_department and text.strip() in ("", WHOLE_DEPARTMENT, "全部门"):
            return dataclasses.replace(record, unit_code="")
        return dataclasses.replace(record, unit_code=codes.resolve_unit(ledger, text))

    def show(record: Record) -> str:
        if not record.unit_code:
            return WHOLE_DEPARTMENT
        unit = ledger.units.get(record.unit_code)
        return f"{record.unit_code} {unit.name}" if unit else record.unit_code

    def options() -> list[str]:
        found = codes.completions(codes.unit_options(ledger))
        return [WHOLE_DEPARTMENT, *found] if allow_department else found

    return Column("单位", show, parse, options=options, width=260)


def _fund_column(document: Document) -> Column:
    ledger, catalog = document.ledger, document.ledger.catalog
    return code_column(
        "资金来源",
        "fund_source",
        lambda t: codes.resolve_fund(catalog, t),
        lambda: codes.fund_picker(ledger),
        show=lambda r: codes.fund_name(catalog, r.fund_source),
        width=200,
    )


def control_model(document: Document) -> RecordModel:
    """控制数: the bureau's ceiling per unit (or the whole department), fund source and scope."""
    scopes = list(CONTROL_SCOPES.items())
    columns = [
        _unit_column(document, allow_department=True),
        _fund_column(document),
        Column(
            "口径",
            lambda r: CONTROL_SCOPES.get(r.scope, r.scope),
            lambda r, t: dataclasses.replace(
                r, scope=codes.resolve_choice(scopes, t, "控制数口径")
            ),
            options=lambda: list(CONTROL_SCOPES.values()),
            width=100,
        ),
        amount_column(document, "控制数"),
    ]

    def template(current: Record | None) -> Record:
        if current is None:
            return ControlFigure(None, "", "gp_appropriation", "basic", 0)
        return dataclasses.replace(current, id=None, amount=0)

    return RecordModel(
        document,
        "控制数",
        ControlFigure,
        columns,
        template=template,
        order=lambda r: (r.unit_code, r.scope, r.fund_source, r.id or 0),
    )


def prior_year_model(document: Document) -> RecordModel:
    """上年数: last year's budget by unit, function, economic class, fund source and kind."""
    ledger, catalog = document.ledger, document.ledger.catalog
    kinds = list(EXPENSE_KIND_NAMES.items())

    def optional_code(label: str, field: str, resolve, options, name_of, width: int = 90):  # noqa: ANN001, ANN202
        def parse(record: Record, text: str) -> Record:
            value = resolve(text) if text.strip() else ""
            return dataclasses.replace(record, **{field: value})

        return [
            Column(
                label, lambda r: getattr(r, field), parse, options=options, clear="", width=width
            ),
            name_column(f"{label[:-2]}名称", lambda r: name_of(getattr(r, field)), 170),
        ]

    columns = [
        _unit_column(document, allow_department=False),
        *optional_code(
            "功能科目编码",
            "function_code",
            lambda t: codes.resolve_function(catalog, t),
            lambda: codes.function_picker(ledger),
            lambda c: catalog.function_name(c) if c else "",
        ),
        *optional_code(
            "经济科目编码",
            "econ_code",
            lambda t: codes.resolve_econ(catalog, t),
            lambda: codes.econ_picker(ledger),
            lambda c: catalog.dept_econ_name(c) if c else "",
        ),
        _fund_column(document),
        Column(
            "支出类型",
            lambda r: EXPENSE_KIND_NAMES.get(r.kind, r.kind),
            lambda r, t: dataclasses.replace(
                r, kind=codes.resolve_choice(kinds, t, "支出类型") if t.strip() else ""
            ),
            options=lambda: list(EXPENSE_KIND_NAMES.values()),
            clear="",
            width=100,
        ),
        amount_column(document, "上年预算数"),
    ]

    def template(current: Record | None) -> Record | None:
        if current is None:
            unit = next(iter(ledger.units), None)
            if unit is None:
                return None
            return PriorYearLine(None, unit, "", "", "gp_appropriation", "", 0)
        return dataclasses.replace(current, id=None, amount=0)

    return RecordModel(
        document,
        "上年数",
        PriorYearLine,
        columns,
        template=template,
        order=lambda r: (r.unit_code, r.function_code, r.econ_code, r.id or 0),
    )
