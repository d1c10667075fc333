"""Flat input grids, one record per row: income lines, expenditure lines, units and projects.

A grid's columns come from the record declarations (`desktop/record_fields.py`): `declared_column`
gives a field's header (its label), how it is shown, typed and cleared, and its completions, by
its kind and catalog domain; a grid overrides only what is particular to it (widths, a computed
column, a rule coupling two fields).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from desktop import codes
from desktop import record_fields as rf
from desktop.errors import LedgerError
from desktop.ledger import Ledger
from desktop.records import (
    EXPENSE_KIND_NAMES,
    Change,
    ExpenditureLine,
    IncomeLine,
    Project,
    Record,
    Unit,
)
from desktop.ui.display import amount_edit_text, amount_text, amount_tooltip, parse_entry
from desktop.ui.document import Document
from desktop.ui.fund_choice import fund_choices, resolve_fund_code
from desktop.ui.grid_model import COMPUTED_BRUSH, Edit, GridModel

AnyIndex = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column:
    """One column of a flat grid: how a record is shown, edited and changed by typed text."""

    header: str
    show: Callable[[Record], str]
    parse: Callable[[Record, str], Record] | None = None  # None: read-only
    edit: Callable[[Record], str] | None = None  # editor text (default: what is shown)
    fen: Callable[[Record], int] | None = None  # set for amount columns
    options: Callable[[], list[str] | codes.CodePicker] | None = None  # completer entries
    clear: str | None = None  # what Delete writes (None: not clearable)
    width: int = 110


class RecordModel(GridModel):
    """Rows are the records of one type that `accept` selects, in their stored order."""

    def __init__(
        self,
        document: Document,
        title: str,
        record_type: type,
        columns: list[Column],
        accept: Callable[[Record], bool] = lambda r: True,
        template: Callable[[Record | None], Record | None] = lambda r: None,
        order: Callable[[Record], tuple] = lambda r: (getattr(r, "sort_order", 0), r.key),
    ) -> None:
        super().__init__(document, title)
        self.record_type = record_type
        self.columns = columns
        self.accept = accept
        self.template = template
        self.order = order
        self.refresh()

    def refresh(self) -> None:
        store = self.document.ledger.records(self.record_type)
        rows = sorted((r for r in store.values() if self.accept(r)), key=self.order)
        self._set_rows(rows, [r.key for r in rows])

    def record(self, row: int) -> Record:
        return self.rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return str(section + 1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        record, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.show(record)
        if role == Qt.ItemDataRole.EditRole:
            return (column.edit or column.show)(record)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if column.fen else _LEFT)
        if role == Qt.ItemDataRole.ToolTipRole and column.fen:
            return amount_tooltip(column.fen(record))
        if role == Qt.ItemDataRole.BackgroundRole and column.parse is None:
            return COMPUTED_BRUSH
        return None

    def is_editable(self, column: int) -> bool:
        return self.columns[column].parse is not None

    def is_amount(self, column: int) -> bool:
        return self.columns[column].fen is not None

    def clear_text(self, column: int) -> str | None:
        return self.columns[column].clear

    def completions(self, column: int) -> list[str] | codes.CodePicker:
        options = self.columns[column].options
        return options() if options else []

    def edits_to_changes(self, edits: list[Edit]) -> list[Change]:
        working: dict[int, Record] = {}
        for row, col, text in edits:
            parse = self.columns[col].parse
            if parse is None:
                continue
            working[row] = parse(working.get(row, self.rows[row]), text)
        return [Change(self.rows[r], new) for r, new in working.items() if new != self.rows[r]]

    def insert_changes(self, row: int) -> list[Change]:
        current = self.rows[row] if 0 <= row < len(self.rows) else None
        new = self.template(current)
        return [Change(None, new)] if new is not None else []

    def delete_changes(self, rows: list[int]) -> list[Change]:
        return [Change(self.rows[r], None) for r in sorted(set(rows)) if r < len(self.rows)]

    def locate(self, record: Record) -> tuple[int, int] | None:
        for r, rec in enumerate(self.rows):
            if type(rec) is type(record) and rec.key == record.key:
                col = next((i for i, c in enumerate(self.columns) if c.fen), 0)
                return r, col
        return None


REQUIRED_HEADERS = ("功能科目编码", "经济科目编码")  # a new line is written once these are typed


def _line_grid(
    document: Document,
    title: str,
    record_type: type,
    columns: list[Column],
    template: Callable[[Record | None], Record | None],
    accept: Callable[[Record], bool] = lambda r: True,
) -> RecordModel:
    from desktop.ui.line_grid_model import LineGridModel  # it builds on RecordModel

    required = tuple(i for i, c in enumerate(columns) if c.header in REQUIRED_HEADERS)
    return LineGridModel(document, title, record_type, columns, required, accept, template)


# -- column helpers ----------------------------------------------------------------------------
def _replace(**fields: object) -> Callable[[Record], Record]:
    return lambda r: dataclasses.replace(r, **fields)


def amount_column(document: Document, header: str = "金额", field: str = "amount") -> Column:
    def parse(record: Record, text: str) -> Record:
        fen = parse_entry(text, document.unit)
        return dataclasses.replace(record, **{field: fen or 0})

    return Column(
        header,
        show=lambda r: amount_text(getattr(r, field), document.unit, blank_zero=False),
        parse=parse,
        edit=lambda r: amount_edit_text(getattr(r, field), document.unit),
        fen=lambda r: getattr(r, field),
        clear="",
        width=120,
    )


def text_column(header: str, field: str, width: int = 200, required: bool = False) -> Column:
    def parse(record: Record, text: str) -> Record:
        if required and not text.strip():
            raise LedgerError(f"{header}不能为空。")
        return dataclasses.replace(record, **{field: text.strip()})

    return Column(
        header, lambda r: getattr(r, field), parse, clear=None if required else "", width=width
    )


def code_column(
    header: str,
    field: str,
    resolve: Callable[[str], str],
    options: Callable[[], list[str] | codes.CodePicker],
    show: Callable[[Record], str] | None = None,
    width: int = 90,
) -> Column:
    def parse(record: Record, text: str) -> Record:
        return dataclasses.replace(record, **{field: resolve(text)})

    return Column(
        header, show or (lambda r: getattr(r, field)), parse, options=options, width=width
    )


def name_column(header: str, name_of: Callable[[Record], str], width: int = 200) -> Column:
    return Column(header, name_of, width=width)


def choice_column(f: rf.FieldDecl, width: int = 100) -> Column:
    """A choice or 是/否 field: shown by its name, typed as name or code (or the field's rule)."""
    names = f.printed_choices()

    def parse(record: Record, text: str) -> Record:
        if f.parse is not None:
            value: object = f.parse(text)
        elif not text.strip() and not f.required:
            value = ""
        else:
            value = codes.resolve_choice(list(names.items()), text, f.label)
        if f.kind == rf.BOOL:
            value = value == "1"
        return dataclasses.replace(record, **{f.name: value})

    def show(record: Record) -> str:
        value = getattr(record, f.name)
        if f.kind == rf.BOOL:
            value = "1" if value else "0"
        return names.get(value, value)

    return Column(
        f.label,
        show,
        parse,
        options=lambda: list(names.values()),
        clear=None if f.required else "",
        width=width,
    )


def count_column(f: rf.FieldDecl, width: int = 90) -> Column:
    """A whole number ≥ 0 (COUNT) or a score with two decimals (POINTS, kept in hundredths)."""
    points = f.kind == rf.POINTS

    def show(record: Record) -> str:
        value = getattr(record, f.name)
        return f"{value // 100}.{value % 100:02d}" if points else str(value)

    def parse(record: Record, text: str) -> Record:
        typed = (text or "").strip() or "0"
        try:
            number = Decimal(typed) * (100 if points else 1)
        except InvalidOperation:
            number = Decimal(-1)
        if number < 0 or number != number.to_integral_value():
            what = "最多两位小数的分数" if points else "整数"
            raise LedgerError(f"{f.label}应为不小于 0 的{what}，输入的是“{typed}”。")
        return dataclasses.replace(record, **{f.name: int(number)})

    return Column(f.label, show, parse, clear="", width=width)


def _code_domain(document: Document, f: rf.FieldDecl, width: int) -> Column:
    ledger = document.ledger
    catalog = ledger.catalog
    domains = {
        rf.UNIT: (
            lambda t: codes.resolve_unit(ledger, t),
            lambda: codes.completions(codes.unit_options(ledger)),
            None,
        ),
        rf.FUNCTION: (
            lambda t: codes.resolve_function(catalog, t),
            lambda: codes.function_picker(ledger),
            None,
        ),
        rf.ECON: (
            lambda t: codes.resolve_econ(catalog, t),
            lambda: codes.econ_picker(ledger),
            None,
        ),
        rf.FUND_SOURCE: (
            lambda t: codes.resolve_fund(catalog, t),
            lambda: codes.fund_picker(ledger),
            lambda r: codes.fund_name(catalog, r.fund_source),
        ),
        rf.PROJECT: (
            lambda t: codes.resolve_project(ledger, t),
            lambda: codes.completions(codes.project_options(ledger)),
            None,
        ),
    }
    resolve, options, show = domains[f.domain]
    return code_column(f.label, f.name, resolve, options, show, width)


def declared_column(
    document: Document, record_type: type, name: str, width: int | None = None
) -> Column:
    """The grid column of a declared field: header, display, parsing and completions."""
    f = rf.field_of(record_type, name)
    if f.kind == rf.AMOUNT:
        column = amount_column(document, f.label, f.name)
    elif f.kind in (rf.CHOICE, rf.BOOL):
        column = choice_column(f)
    elif f.kind in (rf.COUNT, rf.POINTS):
        column = count_column(f)
    elif f.kind == rf.CODE and f.domain in _CODE_DOMAINS:
        column = _code_domain(document, f, 200 if f.domain == rf.FUND_SOURCE else 90)
    else:
        wide = 300 if f.kind == rf.LONG_TEXT else 200
        column = text_column(f.label, f.name, wide, required=f.required)
    return column if width is None else dataclasses.replace(column, width=width)


_CODE_DOMAINS = (rf.UNIT, rf.FUNCTION, rf.ECON, rf.FUND_SOURCE, rf.PROJECT)


# -- the grids -----------------------------------------------------------------------------------
def income_model(document: Document) -> RecordModel:
    ledger, catalog = document.ledger, document.ledger.catalog

    def declared(name: str, width: int | None = None) -> Column:
        return declared_column(document, IncomeLine, name, width)

    columns = [
        declared("unit_code"),
        declared("function_code"),
        name_column("功能科目名称", lambda r: catalog.function_name(r.function_code)),
        declared("fund_source"),
        declared("amount"),
        declared("note"),
    ]

    def template(current: Record | None) -> Record | None:
        if current is None:
            unit = next(iter(ledger.units), None)
            if unit is None:
                return None
            first = catalog.function_leaves()[0].code
            current = IncomeLine(None, unit, first, "gp_appropriation", 0)
        return dataclasses.replace(current, id=None, amount=0, note="")

    return _line_grid(document, "收入", IncomeLine, columns, template)


def _project_resolver(document: Document) -> Callable[[Record, str], Record]:
    def parse(record: Record, text: str) -> Record:
        if not text.strip():
            kind = "operating" if record.kind == "project" else record.kind
            return dataclasses.replace(record, project_code="", kind=kind)
        code = codes.resolve_project(document.ledger, text)
        return dataclasses.replace(record, project_code=code, kind="project")

    return parse


def _kind_resolver(record: Record, text: str) -> Record:
    kind = codes.resolve_choice(codes.kind_options(), text, "支出类型")
    project = record.project_code if kind == "project" else ""
    return dataclasses.replace(record, kind=kind, project_code=project)


def kind_project_columns(document: Document, project_width: int) -> list[Column]:
    """支出类型 and 项目 of a line-keyed record (expenditure line, 预算数): a project line is of
    kind 项目支出, so the two are edited together by their own resolvers."""
    ledger = document.ledger
    return [
        Column(
            "支出类型",
            lambda r: EXPENSE_KIND_NAMES.get(r.kind, r.kind),
            _kind_resolver,
            options=lambda: list(EXPENSE_KIND_NAMES.values()),
            width=100,
        ),
        Column(
            "项目",
            lambda r: (
                ledger.projects[r.project_code].name
                if r.project_code in ledger.projects
                else r.project_code
            ),
            _project_resolver(document),
            options=lambda: codes.completions(codes.project_options(ledger)),
            width=project_width,
        ),
    ]


def expenditure_model(document: Document, project_code: str | None = None) -> RecordModel:
    """All expenditure lines, or (with `project_code`) the lines of one project."""
    ledger, catalog = document.ledger, document.ledger.catalog

    def declared(name: str, width: int | None = None) -> Column:
        return declared_column(document, ExpenditureLine, name, width)

    columns = [declared("unit_code")] if project_code is None else []
    columns += [
        declared("function_code"),
        name_column("功能科目名称", lambda r: catalog.function_name(r.function_code), 180),
        declared("econ_code"),
        name_column("经济科目名称", lambda r: catalog.dept_econ_name(r.econ_code), 160),
        declared("fund_source", 160),
    ]
    if project_code is None:
        # Kind and project go together (a project line is of kind 项目支出): their own rules.
        columns += kind_project_columns(document, 200)
    columns += [declared("amount"), declared("note")]

    def template(current: Record | None) -> Record | None:
        if current is None:
            project = ledger.projects.get(project_code or "")
            unit = project.unit_code if project else next(iter(ledger.units), None)
            if unit is None:
                return None
            first = catalog.function_leaves()[0].code
            kind = "project" if project else "operating"
            current = ExpenditureLine(
                None, unit, first, "30201", "gp_appropriation", kind, project_code or ""
            )
        return dataclasses.replace(current, id=None, amount=0, note="")

    if project_code is None:
        return _line_grid(document, "全部支出明细", ExpenditureLine, columns, template)
    name = ledger.projects[project_code].name if project_code in ledger.projects else project_code
    return _line_grid(
        document,
        f"项目支出：{name}",
        ExpenditureLine,
        columns,
        template,
        accept=lambda r: r.project_code == project_code,
    )


def unit_model(document: Document) -> RecordModel:
    ledger = document.ledger
    columns = [
        Column(rf.field_of(Unit, "code").label, lambda r: r.code, width=100),  # the key
        declared_column(document, Unit, "name", 280),
        declared_column(document, Unit, "kind", 100),
    ]

    def template(current: Record | None) -> Record:
        dept = ledger.department.code
        used = {u.code for u in ledger.units.values()}
        n = 1
        while f"{dept}{n:03d}" in used:
            n += 1
        order = max((u.sort_order for u in ledger.units.values()), default=-1) + 1
        return Unit(f"{dept}{n:03d}", "新单位", "agency", order)

    return RecordModel(
        document, "单位", Unit, columns, template=template, order=lambda r: (r.sort_order, r.code)
    )


def project_model(document: Document) -> RecordModel:
    ledger = document.ledger

    def declared(name: str, width: int | None = None) -> Column:
        return declared_column(document, Project, name, width)

    def project_total(project: Record) -> int:
        lines = ledger.expenditure_lines.values()
        return sum(ln.amount for ln in lines if ln.project_code == project.code)

    columns = [
        Column(rf.field_of(Project, "code").label, lambda r: r.code, width=120),  # the key
        declared("unit_code", 90),
        declared("name", 240),
        declared("category", 90),
        declared("is_special_fund", 70),
        declared("budget_mode", 110),
        declared("period", 150),
        declared("goal", 300),
        Column(  # a spending direction names its fund by "code name"
            "所属专项",
            lambda r: special_fund_label(ledger, r.special_fund_code),
            lambda r, t: dataclasses.replace(r, special_fund_code=resolve_fund_code(ledger, t)),
            options=lambda: fund_choices(ledger),
            clear="",
            width=160,
        ),
        Column(  # computed from the project's lines: what the project amounts to
            "项目金额",
            lambda r: amount_text(project_total(r), document.unit, blank_zero=False),
            fen=project_total,
            width=110,
        ),
    ]

    def template(current: Record | None) -> Record | None:
        unit = current.unit_code if current is not None else next(iter(ledger.units), None)
        if unit is None:
            return None
        used = set(ledger.projects)
        n = 1
        while f"{unit}-XM{n:02d}" in used:
            n += 1
        order = max((p.sort_order for p in ledger.projects.values()), default=-1) + 1
        return Project(f"{unit}-XM{n:02d}", unit, "新项目", sort_order=order)

    return ProjectModel(
        document,
        "项目",
        Project,
        columns,
        template=template,
        order=lambda r: (r.sort_order, r.code),
    )


def special_fund_label(ledger: Ledger, code: str) -> str:
    fund = ledger.special_funds.get(code)
    return f"{fund.code} {fund.name}" if fund else code


class ProjectModel(RecordModel):
    """The project grid: deleting a project deletes its performance target in the same step.

    `confirm(question)` (set by the window) is asked first when a target would go with it;
    a project that still has expenditure lines is refused by the ledger, as before.
    """

    confirm: Callable[[str], bool] | None = None

    def delete_changes(self, rows: list[int]) -> list[Change]:
        ledger = self.document.ledger
        changes: list[Change] = []
        parts: list[str] = []
        for r in sorted(set(rows)):
            if r >= len(self.rows):
                continue
            project = self.rows[r]
            indicators = ledger.project_indicators(project.code)
            items = ledger.project_cost_items(project.code)
            schedule = ledger.spending_schedules.get(project.code)
            changes += [Change(i, None) for i in indicators]
            changes += [Change(c, None) for c in items]
            if schedule is not None:
                changes.append(Change(schedule, None))
            changes.append(Change(project, None))
            found = [f"{len(indicators)} 个绩效指标"] if indicators else []
            found += [f"{len(items)} 条支出明细及测算"] if items else []
            found += ["资金支出计划"] if schedule is not None else []
            if found:
                parts.append(f"项目“{project.name}”的{'、'.join(found)}")
        codes_gone = {c.before.code for c in changes if isinstance(c.before, Project)}
        # A project with lines is refused by the ledger anyway: no question before that message.
        spending = any(ln.project_code in codes_gone for ln in ledger.expenditure_lines.values())
        if parts and self.confirm is not None and not spending:
            question = f"删除项目将同时删除{'；'.join(parts)}。\n可以撤销。是否继续？"
            if not self.confirm(question):
                return []
        return changes
