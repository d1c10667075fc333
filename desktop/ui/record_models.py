"""Flat input grids, one record per row: income lines, expenditure lines, units and projects."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from desktop import codes
from desktop.errors import LedgerError
from desktop.ledger import Ledger
from desktop.records import (
    BUDGET_MODES,
    EXPENSE_KIND_NAMES,
    UNIT_KIND_NAMES,
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


def amount_column(document: Document, header: str = "金额") -> Column:
    def parse(record: Record, text: str) -> Record:
        fen = parse_entry(text, document.unit)
        return dataclasses.replace(record, amount=fen or 0)

    return Column(
        header,
        show=lambda r: amount_text(r.amount, document.unit, blank_zero=False),
        parse=parse,
        edit=lambda r: amount_edit_text(r.amount, document.unit),
        fen=lambda r: r.amount,
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


# -- the grids -----------------------------------------------------------------------------------
def income_model(document: Document) -> RecordModel:
    ledger, catalog = document.ledger, document.ledger.catalog
    columns = [
        code_column(
            "单位代码",
            "unit_code",
            lambda t: codes.resolve_unit(ledger, t),
            lambda: codes.completions(codes.unit_options(ledger)),
        ),
        code_column(
            "功能科目编码",
            "function_code",
            lambda t: codes.resolve_function(catalog, t),
            lambda: codes.function_picker(ledger),
        ),
        name_column("功能科目名称", lambda r: catalog.function_name(r.function_code)),
        code_column(
            "资金来源",
            "fund_source",
            lambda t: codes.resolve_fund(catalog, t),
            lambda: codes.fund_picker(ledger),
            show=lambda r: codes.fund_name(catalog, r.fund_source),
            width=200,
        ),
        amount_column(document),
        text_column("备注", "note"),
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


def expenditure_model(document: Document, project_code: str | None = None) -> RecordModel:
    """All expenditure lines, or (with `project_code`) the lines of one project."""
    ledger, catalog = document.ledger, document.ledger.catalog
    columns = []
    if project_code is None:
        columns.append(
            code_column(
                "单位代码",
                "unit_code",
                lambda t: codes.resolve_unit(ledger, t),
                lambda: codes.completions(codes.unit_options(ledger)),
            )
        )
    columns += [
        code_column(
            "功能科目编码",
            "function_code",
            lambda t: codes.resolve_function(catalog, t),
            lambda: codes.function_picker(ledger),
        ),
        name_column("功能科目名称", lambda r: catalog.function_name(r.function_code), 180),
        code_column(
            "经济科目编码",
            "econ_code",
            lambda t: codes.resolve_econ(catalog, t),
            lambda: codes.econ_picker(ledger),
        ),
        name_column("经济科目名称", lambda r: catalog.dept_econ_name(r.econ_code), 160),
        code_column(
            "资金来源",
            "fund_source",
            lambda t: codes.resolve_fund(catalog, t),
            lambda: codes.fund_picker(ledger),
            show=lambda r: codes.fund_name(catalog, r.fund_source),
            width=160,
        ),
    ]
    if project_code is None:
        columns += [
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
                width=200,
            ),
        ]
    columns += [amount_column(document), text_column("备注", "note")]

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
        Column("单位编码", lambda r: r.code, width=100),
        text_column("单位名称", "name", 280, required=True),
        Column(
            "单位性质",
            lambda r: UNIT_KIND_NAMES.get(r.kind, r.kind),
            lambda r, t: dataclasses.replace(
                r, kind=codes.resolve_choice(codes.unit_kind_options(), t, "单位性质")
            ),
            options=lambda: list(UNIT_KIND_NAMES.values()),
            width=100,
        ),
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
    yes_no = [("1", "是"), ("0", "否")]

    def project_total(project: Record) -> int:
        lines = ledger.expenditure_lines.values()
        return sum(ln.amount for ln in lines if ln.project_code == project.code)

    columns = [
        Column("项目编码", lambda r: r.code, width=120),
        code_column(
            "所属单位",
            "unit_code",
            lambda t: codes.resolve_unit(ledger, t),
            lambda: codes.completions(codes.unit_options(ledger)),
            width=90,
        ),
        text_column("项目名称", "name", 240, required=True),
        text_column("项目类别", "category", 90),
        Column(
            "专项资金",
            lambda r: "是" if r.is_special_fund else "否",
            lambda r, t: dataclasses.replace(
                r, is_special_fund=codes.resolve_choice(yes_no, t, "是否专项资金") == "1"
            ),
            options=lambda: ["是", "否"],
            width=70,
        ),
        Column(
            "预算编制方式",
            lambda r: BUDGET_MODES.get(r.budget_mode, r.budget_mode),
            lambda r, t: dataclasses.replace(
                r, budget_mode=codes.resolve_choice(list(BUDGET_MODES.items()), t, "编制方式")
            ),
            options=lambda: list(BUDGET_MODES.values()),
            width=110,
        ),
        text_column("实施周期", "period", 150),
        text_column("项目目标", "goal", 300),
        Column(
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
