"""The ledger: the department's records in memory, kept in step with the department file.

`Ledger.apply` validates a batch of changes, writes it in one transaction and only then updates
memory and tells listeners (the roll-up, the checks, the grids). A failed batch changes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Table, delete, insert, select, update

from desktop.catalog import Catalog, load_catalog
from desktop.errors import LedgerError
from desktop.models import schema
from desktop.models.store import DepartmentFile
from desktop.records import (
    AssetHolding,
    Change,
    ControlFigure,
    CostItem,
    Department,
    DepartmentProfile,
    DepartmentTarget,
    DepartmentTask,
    ExpenditureLine,
    IncomeLine,
    Indicator,
    InternalOffice,
    PriorYearLine,
    Project,
    PurchaseLine,
    ReasonText,
    Record,
    SpecialFund,
    SpendingSchedule,
    Unit,
    UnitStaff,
)
from desktop.validation import VALIDATORS

Listener = Callable[[list[Change]], None]


@dataclasses.dataclass(frozen=True)
class _Mapping:
    """How one record type is stored: its table, key column and field ↔ column names."""

    table: Table
    key_column: str
    fields: dict[str, str]  # record field -> column
    autoincrement: bool

    def to_row(self, record: Record) -> dict[str, Any]:
        row = {}
        for fld, col in self.fields.items():
            value = getattr(record, fld)
            if isinstance(value, bool):
                value = int(value)
            elif value == "" and self.table.c[col].foreign_keys:
                value = None  # an empty reference is NULL, so the foreign key holds
            row[col] = value
        return row

    def from_row(self, cls: type, row: Any) -> Record:
        values = {fld: row[col] for fld, col in self.fields.items()}
        for fld in cls.__dataclass_fields__:
            ftype = cls.__dataclass_fields__[fld].type
            if ftype in ("bool", bool):
                values[fld] = bool(values[fld])
            elif ftype == "str" and values.get(fld) is None:
                values[fld] = ""
        return cls(**values)


def _fields(cls: type, renames: dict[str, str] | None = None) -> dict[str, str]:
    renames = renames or {}
    return {f.name: renames.get(f.name, f.name) for f in dataclasses.fields(cls)}


_SCHEDULE_COLUMNS = {m: f"{m}_fen" for m in ("march", "june", "october", "december")}

MAPPINGS: dict[type, _Mapping] = {
    Unit: _Mapping(schema.unit, "code", _fields(Unit), False),
    SpecialFund: _Mapping(schema.special_fund, "code", _fields(SpecialFund), False),
    Project: _Mapping(schema.project, "code", _fields(Project), False),
    IncomeLine: _Mapping(
        schema.income_line, "id", _fields(IncomeLine, {"amount": "amount_fen"}), True
    ),
    ExpenditureLine: _Mapping(
        schema.expenditure_line, "id", _fields(ExpenditureLine, {"amount": "amount_fen"}), True
    ),
    ControlFigure: _Mapping(
        schema.control_figure, "id", _fields(ControlFigure, {"amount": "amount_fen"}), True
    ),
    PriorYearLine: _Mapping(
        schema.prior_year_line, "id", _fields(PriorYearLine, {"amount": "amount_fen"}), True
    ),
    Indicator: _Mapping(schema.performance_indicator, "id", _fields(Indicator), True),
    CostItem: _Mapping(schema.cost_item, "id", _fields(CostItem, {"amount": "amount_fen"}), True),
    SpendingSchedule: _Mapping(
        schema.spending_schedule,
        "project_code",
        _fields(SpendingSchedule, _SCHEDULE_COLUMNS),
        False,
    ),
    DepartmentTarget: _Mapping(schema.department_target, "id", _fields(DepartmentTarget), False),
    DepartmentTask: _Mapping(schema.department_task, "id", _fields(DepartmentTask), True),
    DepartmentProfile: _Mapping(schema.department_profile, "id", _fields(DepartmentProfile), False),
    InternalOffice: _Mapping(schema.internal_office, "id", _fields(InternalOffice), True),
    UnitStaff: _Mapping(schema.unit_staff, "unit_code", _fields(UnitStaff), False),
    PurchaseLine: _Mapping(
        schema.purchase_line, "id", _fields(PurchaseLine, {"amount": "amount_fen"}), True
    ),
    AssetHolding: _Mapping(schema.asset_holding, "id", _fields(AssetHolding), True),
    ReasonText: _Mapping(schema.reason_text, "slot", _fields(ReasonText), False),
}


class Ledger:
    """All records of one department file, validated, with change notification."""

    def __init__(self, dfile: DepartmentFile, catalog: Catalog | None = None) -> None:
        self.file = dfile
        with dfile.reading() as conn:
            row = conn.execute(select(schema.department)).mappings().one()
            self.department = Department(row["code"], row["name"], row["fiscal_year"])
            self.catalog = catalog or load_catalog(self.department.fiscal_year)
            self._stores: dict[type, dict[Any, Record]] = {}
            for cls, mapping in MAPPINGS.items():
                order = [mapping.table.c[mapping.key_column]]
                if "sort_order" in mapping.table.c:
                    order.insert(0, mapping.table.c.sort_order)
                rows = conn.execute(select(mapping.table).order_by(*order)).mappings()
                records = (mapping.from_row(cls, r) for r in rows)
                self._stores[cls] = {r.key: r for r in records}
        self._listeners: list[Listener] = []

    # -- reading -----------------------------------------------------------------------------
    @property
    def units(self) -> dict[str, Unit]:
        return self._stores[Unit]  # type: ignore[return-value]

    @property
    def projects(self) -> dict[str, Project]:
        return self._stores[Project]  # type: ignore[return-value]

    @property
    def income_lines(self) -> dict[int, IncomeLine]:
        return self._stores[IncomeLine]  # type: ignore[return-value]

    @property
    def expenditure_lines(self) -> dict[int, ExpenditureLine]:
        return self._stores[ExpenditureLine]  # type: ignore[return-value]

    @property
    def control_figures(self) -> dict[int, ControlFigure]:
        return self._stores[ControlFigure]  # type: ignore[return-value]

    @property
    def prior_year_lines(self) -> dict[int, PriorYearLine]:
        return self._stores[PriorYearLine]  # type: ignore[return-value]

    # -- performance targets (绩效目标) ---------------------------------------------------------
    @property
    def special_funds(self) -> dict[str, SpecialFund]:
        return self._stores[SpecialFund]  # type: ignore[return-value]

    @property
    def indicators(self) -> dict[int, Indicator]:
        return self._stores[Indicator]  # type: ignore[return-value]

    @property
    def cost_items(self) -> dict[int, CostItem]:
        return self._stores[CostItem]  # type: ignore[return-value]

    @property
    def spending_schedules(self) -> dict[str, SpendingSchedule]:
        return self._stores[SpendingSchedule]  # type: ignore[return-value]

    @property
    def department_target(self) -> DepartmentTarget:
        """The department's overall target (empty texts until one was entered)."""
        return self._stores[DepartmentTarget].get(1) or DepartmentTarget()  # type: ignore[return-value]

    @property
    def department_tasks(self) -> dict[int, DepartmentTask]:
        return self._stores[DepartmentTask]  # type: ignore[return-value]

    # -- facts of the public document ---------------------------------------------------------
    @property
    def department_profile(self) -> DepartmentProfile:
        """部门职责 (empty until entered)."""
        return self._stores[DepartmentProfile].get(1) or DepartmentProfile()  # type: ignore[return-value]

    @property
    def internal_offices(self) -> dict[int, InternalOffice]:
        return self._stores[InternalOffice]  # type: ignore[return-value]

    @property
    def unit_staff(self) -> dict[str, UnitStaff]:
        return self._stores[UnitStaff]  # type: ignore[return-value]

    @property
    def purchase_lines(self) -> dict[int, PurchaseLine]:
        return self._stores[PurchaseLine]  # type: ignore[return-value]

    @property
    def asset_holdings(self) -> dict[int, AssetHolding]:
        return self._stores[AssetHolding]  # type: ignore[return-value]

    @property
    def reason_texts(self) -> dict[str, ReasonText]:
        return self._stores[ReasonText]  # type: ignore[return-value]

    def ordered_tasks(self) -> list[DepartmentTask]:
        """The department's main tasks in their printed order."""
        return sorted(self.department_tasks.values(), key=lambda t: (t.sort_order, t.id or 0))

    def project_indicators(self, project_code: str) -> list[Indicator]:
        """Indicators of a project ("" for the department), in their printed order."""
        found = [i for i in self.indicators.values() if i.project_code == project_code]
        return sorted(found, key=lambda i: (i.sort_order, i.id or 0))

    def project_cost_items(self, project_code: str) -> list[CostItem]:
        found = [c for c in self.cost_items.values() if c.project_code == project_code]
        return sorted(found, key=lambda c: (c.sort_order, c.id or 0))

    def project_total(self, project_code: str) -> int:
        """The project's budget: the sum of its expenditure lines, in 分."""
        return sum(
            ln.amount for ln in self.expenditure_lines.values() if ln.project_code == project_code
        )

    def records(self, cls: type) -> dict[Any, Record]:
        return self._stores[cls]

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    # -- writing -----------------------------------------------------------------------------
    def add(self, *records: Record) -> list[Record]:
        """Insert records (ids of line items are assigned); returns them as stored."""
        applied = self.apply([Change(None, r) for r in records])
        return [c.after for c in applied]  # type: ignore[misc]

    def replace(self, old: Record, **changes: Any) -> Record:
        new = dataclasses.replace(old, **changes)
        return self.apply([Change(old, new)])[0].after  # type: ignore[return-value]

    def remove(self, *records: Record) -> None:
        self.apply([Change(r, None) for r in records])

    def apply(self, changes: Iterable[Change]) -> list[Change]:
        """Validate and write a batch in one transaction; returns the changes as applied.

        Raises LedgerError (and changes nothing, in memory or on disk) if any change is invalid.
        """
        batch = list(changes)
        if not batch:
            return []
        undo_log: list[tuple[dict, Any, Record | None]] = []
        applied: list[Change] = []
        try:
            with self.file.transaction() as conn:
                i = 0
                while i < len(batch):
                    run = self._insert_run(batch, i)
                    if run > 1:
                        applied.extend(self._insert_many(conn, batch[i : i + run], undo_log))
                        i += run
                    else:
                        applied.append(self._apply_one(conn, batch[i], undo_log))
                        i += 1
        except Exception:
            for store, key, previous in reversed(undo_log):
                if previous is None:
                    store.pop(key, None)
                else:
                    store[key] = previous
            raise
        for listener in list(self._listeners):
            listener(applied)
        return applied

    @staticmethod
    def _insert_run(batch: list[Change], start: int) -> int:
        """Length of the run of inserts of one line type starting at `start` (0 if none)."""
        first = batch[start]
        if first.before is not None or first.after is None:
            return 0
        cls = type(first.after)
        if not MAPPINGS[cls].autoincrement:
            return 0
        end = start
        while end < len(batch) and batch[end].before is None and type(batch[end].after) is cls:
            end += 1
        return end - start

    def _insert_many(self, conn, run: list[Change], undo_log: list) -> list[Change]:  # noqa: ANN001
        """Insert a run of new line items with one executemany (ids assigned here, in order)."""
        cls = type(run[0].after)
        mapping, store, validate = MAPPINGS[cls], self._stores[cls], VALIDATORS[cls]
        next_id = max(store, default=0) + 1
        rows, applied = [], []
        for change in run:
            after = change.after
            validate(self, after)
            if after.key is None:
                after = dataclasses.replace(after, id=next_id)
            elif after.key in store:
                raise LedgerError(f"编号“{after.key}”已存在，不能重复添加。")
            next_id = max(next_id, after.key + 1)
            rows.append(mapping.to_row(after))
            undo_log.append((store, after.key, None))
            store[after.key] = after
            applied.append(Change(None, after))
        conn.execute(insert(mapping.table), rows)
        return applied

    def _apply_one(self, conn, change: Change, undo_log: list) -> Change:  # noqa: ANN001
        cls = change.record_type
        mapping = MAPPINGS[cls]
        store = self._stores[cls]
        before, after = change.before, change.after
        if before is not None:
            current = store.get(before.key)
            if current != before:
                raise LedgerError("数据已被修改，这一步操作无法按原样执行。请刷新后重试。")
        if after is not None:
            VALIDATORS[cls](self, after)
        if before is not None and after is None:
            self._check_not_referenced(before)
            conn.execute(
                delete(mapping.table).where(mapping.table.c[mapping.key_column] == before.key)
            )
            undo_log.append((store, before.key, before))
            del store[before.key]
            return change
        if before is None:
            if after.key is not None and after.key in store:
                raise LedgerError(f"编码“{after.key}”已存在，不能重复添加。")
            row = mapping.to_row(after)
            if mapping.autoincrement and after.key is None:
                row.pop(mapping.key_column)
                new_id = conn.execute(insert(mapping.table).values(**row)).inserted_primary_key[0]
                after = dataclasses.replace(after, id=new_id)
            else:
                conn.execute(insert(mapping.table).values(**row))
            undo_log.append((store, after.key, None))
            store[after.key] = after
            return Change(None, after)
        if after.key != before.key:
            raise LedgerError("不能直接修改编码；请删除后重新添加。")
        conn.execute(
            update(mapping.table)
            .where(mapping.table.c[mapping.key_column] == before.key)
            .values(**mapping.to_row(after))
        )
        undo_log.append((store, before.key, before))
        store[after.key] = after
        return change

    def _check_not_referenced(self, record: Record) -> None:
        if isinstance(record, Unit):
            used = sum(1 for ln in self.expenditure_lines.values() if ln.unit_code == record.code)
            used += sum(1 for ln in self.income_lines.values() if ln.unit_code == record.code)
            used += sum(1 for p in self.projects.values() if p.unit_code == record.code)
            used += record.code in self.unit_staff
            used += sum(1 for a in self.asset_holdings.values() if a.unit_code == record.code)
            if used:
                raise LedgerError(
                    f"单位“{record.code} {record.name}”下还有 {used} 条记录，不能删除。"
                )
        elif isinstance(record, Project):
            used = sum(
                1 for ln in self.expenditure_lines.values() if ln.project_code == record.code
            )
            if used:
                raise LedgerError(
                    f"项目“{record.name}”下还有 {used} 条支出明细，请先删除这些明细。"
                )
            targets = len(self.project_indicators(record.code))
            targets += len(self.project_cost_items(record.code))
            targets += record.code in self.spending_schedules
            if targets:
                raise LedgerError(
                    f"项目“{record.name}”还有 {targets} 条绩效目标内容（指标、支出测算或支出计划），"
                    "请先删除。"
                )
        elif isinstance(record, ExpenditureLine):
            used = sum(
                1 for p in self.purchase_lines.values() if p.expenditure_line_id == record.id
            )
            if used:
                raise LedgerError(
                    f"这条支出明细下还有 {used} 条政府采购预算，请先删除或改挂到其他支出明细。"
                )
        elif isinstance(record, SpecialFund):
            used = sum(1 for p in self.projects.values() if p.special_fund_code == record.code)
            if used:
                raise LedgerError(
                    f"专项资金“{record.name}”下还有 {used} 个支出方向（项目），不能删除。"
                )

    # -- totals used by the status bar ---------------------------------------------------------
    def income_total(self) -> int:
        return sum(line.amount for line in self.income_lines.values())

    def expenditure_total(self) -> int:
        return sum(line.amount for line in self.expenditure_lines.values())
