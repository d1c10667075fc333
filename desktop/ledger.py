"""The ledger: the department's records in memory, kept in step with the department file.

`Ledger.apply` validates a batch of changes, writes it in one transaction and only then updates
memory and tells listeners (the roll-up, the checks, the grids). A failed batch changes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, cast

from desktop.catalog import Catalog, load_catalog
from desktop.errors import LedgerError
from desktop.models.records_load import load_department, load_records
from desktop.models.store import DepartmentFile
from desktop.money import DisplayUnit, format_amount
from desktop.record_fields import BY_RECORD
from desktop.records import (
    ActivityCount,
    AssetHolding,
    BalanceLine,
    BudgetBaselineLine,
    Change,
    ControlFigure,
    CostItem,
    DepartmentProfile,
    DepartmentTarget,
    DepartmentTask,
    ExpenditureLine,
    IncomeLine,
    Indicator,
    IndicatorResult,
    InternalOffice,
    PriorYearLine,
    Project,
    PurchaseLine,
    ReasonText,
    Record,
    SelfEvaluation,
    SpecialFund,
    SpendingSchedule,
    Unit,
    UnitStaff,
)
from desktop.validation import VALIDATORS

if TYPE_CHECKING:
    from desktop.models.records_store import RecordWriter

__all__ = ["Ledger", "Listener"]

Listener = Callable[[list[Change]], None]


class Ledger:
    """All records of one department file, validated, with change notification."""

    def __init__(self, dfile: DepartmentFile, catalog: Catalog | None = None) -> None:
        self.file = dfile
        with dfile.snapshot() as raw:
            self.department = load_department(raw)
            self._stores: dict[type, dict[Any, Record]] = load_records(raw)
        self.catalog = catalog or load_catalog(self.department.fiscal_year)
        # What is not a record: each repository tells its own listeners after a committed write.
        self.settings = dfile.settings
        self.explanations = dfile.explanations
        self._listeners: list[Listener] = []
        # No two income/expenditure lines identical: each line's key by the hash of its content
        # (built on first use; see `_ContentIndex`).
        self._contents: dict[type, _ContentIndex] = {}
        # Per record type, the largest sort_order (found on first use, then kept by `_put`).
        self._max_order: dict[type, int] = {}

    def prepare_writes(self) -> None:
        """Load what writing needs (SQLAlchemy, which opening does without), so that the first
        edit does not wait for it."""
        from desktop.models import records_store  # noqa: F401 - imported for its side effect

        if not self.file.readonly:
            self.file.engine  # noqa: B018 - made now

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

    def staff_counts(self) -> dict[str, tuple[int, int]]:
        """Unit code → (编制数, 实有在职人数), for the checks that weigh spending per head."""
        return {code: (s.authorized, s.active) for code, s in self.unit_staff.items()}

    @property
    def purchase_lines(self) -> dict[int, PurchaseLine]:
        return self._stores[PurchaseLine]  # type: ignore[return-value]

    # -- 部门决算 and 绩效自评 (a final-accounts file) ------------------------------------------
    @property
    def is_final(self) -> bool:
        """A 决算 file: its income and expenditure lines are the year's actual figures."""
        return self.department.is_final

    @property
    def balance_lines(self) -> dict[int, BalanceLine]:
        return self._stores[BalanceLine]  # type: ignore[return-value]

    @property
    def baseline_lines(self) -> dict[int, BudgetBaselineLine]:
        return self._stores[BudgetBaselineLine]  # type: ignore[return-value]

    @property
    def activity_counts(self) -> dict[str, ActivityCount]:
        return self._stores[ActivityCount]  # type: ignore[return-value]

    @property
    def self_evaluations(self) -> dict[str, SelfEvaluation]:
        return self._stores[SelfEvaluation]  # type: ignore[return-value]

    @property
    def indicator_results(self) -> dict[int, IndicatorResult]:
        return self._stores[IndicatorResult]  # type: ignore[return-value]

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

    def max_sort_order(self, cls: type, default: int = 0) -> int:
        """The largest `sort_order` among the records of `cls` (`default` when there are none):
        a new line goes after it. Found by a pass over the records once, then kept current by
        every edit, so typing a new line costs the same in any department."""
        found = self._max_order.get(cls)
        if found is None:
            records = self._stores[cls].values()
            found = max((r.sort_order for r in records), default=None)  # type: ignore[union-attr]
            if found is None:
                return default
            self._max_order[cls] = found
        return found

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
        undo_log: list[tuple[type, Any, Record | None]] = []
        applied: list[Change] = []
        from desktop.models.records_store import RecordWriter  # SQLAlchemy: with the first write

        try:
            with self.file.transaction() as conn:
                writer = RecordWriter(conn)
                i = 0
                while i < len(batch):
                    run = self._insert_run(batch, i)
                    if run > 1:
                        applied.extend(self._insert_many(writer, batch[i : i + run], undo_log))
                        i += run
                    else:
                        applied.append(self._apply_one(writer, batch[i], undo_log))
                        i += 1
        except Exception:
            for cls, key, previous in reversed(undo_log):
                self._put(cls, key, previous)
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
        if not BY_RECORD[cls].autoincrement:
            return 0
        end = start
        while end < len(batch) and batch[end].before is None and type(batch[end].after) is cls:
            end += 1
        return end - start

    def _insert_many(self, writer: RecordWriter, run: list[Change], undo_log: list) -> list[Change]:
        """Insert a run of new line items with one executemany (ids assigned here, in order)."""
        cls = type(run[0].after)
        store, validate = self._stores[cls], VALIDATORS[cls]
        next_id = max(store, default=0) + 1
        rows: list[Record] = []
        applied: list[Change] = []
        for change in run:
            after = change.after
            assert after is not None  # _insert_run gathers inserts only
            validate(self, after)
            if after.key is None:
                after = dataclasses.replace(after, id=next_id)
            elif after.key in store:
                raise LedgerError(f"编号“{after.key}”已存在，不能重复添加。")
            # Autoincrement record types are keyed by their integer id.
            next_id = max(next_id, cast(int, after.key) + 1)
            self._refuse_identical(after)
            rows.append(after)
            undo_log.append((cls, after.key, None))
            self._put(cls, after.key, after)
            applied.append(Change(None, after))
        writer.insert_many(cls, rows)
        return applied

    def _apply_one(self, writer: RecordWriter, change: Change, undo_log: list) -> Change:
        cls = change.record_type
        store = self._stores[cls]
        before, after = change.before, change.after
        if before is not None:
            current = store.get(before.key)
            if current != before:
                raise LedgerError("数据已被修改，这一步操作无法按原样执行。请刷新后重试。")
        if after is not None:
            VALIDATORS[cls](self, after)
            self._refuse_identical(after)
        if before is not None and after is None:
            self._check_not_referenced(before)
            writer.delete(before)
            undo_log.append((cls, before.key, before))
            self._put(cls, before.key, None)
            return change
        # A Change has at least one side: with `before` unset, `after` is set, and with both
        # set this is an update (the delete case returned above).
        assert after is not None
        if before is None:
            if after.key is not None and after.key in store:
                raise LedgerError(f"编码“{after.key}”已存在，不能重复添加。")
            after = writer.insert(after)
            undo_log.append((cls, after.key, None))
            self._put(cls, after.key, after)
            return Change(None, after)
        if after.key != before.key:
            raise LedgerError("不能直接修改编码；请删除后重新添加。")
        writer.update(after)
        undo_log.append((cls, before.key, before))
        self._put(cls, after.key, after)
        return change

    def _put(self, cls: type, key: Any, record: Record | None) -> None:
        """Set (or with None remove) a record in memory, keeping the content index current."""
        store = self._stores[cls]
        index = self._contents.get(cls)
        old = store.pop(key, None)
        if index is not None and old is not None:
            index.discard(old)
        if record is not None:
            store[key] = record
            if index is not None:
                index.add(record)
        top = self._max_order.get(cls)
        if top is not None:
            order = getattr(record, "sort_order", None)
            if order is not None and order > top:
                self._max_order[cls] = order
            elif old is not None and getattr(old, "sort_order", None) == top and order != top:
                del self._max_order[cls]  # the last line was moved or removed: look again

    def _refuse_identical(self, line: Record) -> None:
        """Refuse a line identical to another (same fields but id and order), as the unique
        index of schema v3 would, but with a message that names the line."""
        if not isinstance(line, (IncomeLine, ExpenditureLine)):
            return
        cls = type(line)
        index = self._contents.get(cls)
        if index is None:
            index = self._contents[cls] = _ContentIndex(self._stores[cls])
        if index.has_other(line):
            raise LedgerError(_identical_message(line))

    def _check_not_referenced(self, record: Record) -> None:
        if isinstance(record, Unit):
            used = sum(1 for ln in self.expenditure_lines.values() if ln.unit_code == record.code)
            used += sum(1 for ln in self.income_lines.values() if ln.unit_code == record.code)
            used += sum(1 for p in self.projects.values() if p.unit_code == record.code)
            used += record.code in self.unit_staff
            used += sum(1 for a in self.asset_holdings.values() if a.unit_code == record.code)
            used += sum(1 for b in self.balance_lines.values() if b.unit_code == record.code)
            used += sum(1 for b in self.baseline_lines.values() if b.unit_code == record.code)
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
            targets += record.code in self.self_evaluations
            targets += sum(1 for b in self.baseline_lines.values() if b.project_code == record.code)
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
        elif isinstance(record, Indicator):
            if record.id in self.indicator_results:
                raise LedgerError(
                    f"指标“{record.name}”已有绩效自评（实际完成值、得分），请先删除其自评。"
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


def _content(line: Record) -> tuple:
    """A line's content: every field but the id and the order."""
    get = _CONTENT_GETTERS.get(line.__class__)
    if get is None:
        names = [f.name for f in dataclasses.fields(line) if f.name not in ("id", "sort_order")]
        get = _CONTENT_GETTERS[line.__class__] = attrgetter(*names)
    return get(line)


_CONTENT_GETTERS: dict[type, Callable[[Any], tuple]] = {}


class _ContentIndex:
    """The keys of a store's lines by the hash of their content: whether another line has the
    same content is a look-up among the few lines of equal hash, compared field by field.

    Keyed by hash, not by the content tuples themselves, and one key per hash (a set only where
    hashes collide): at 320,000 lines the tuples and their sets took 100 MB, this a fifth."""

    def __init__(self, store: dict[Any, Record]) -> None:
        self._store = store
        self._keys: dict[int, Any] = {}
        for record in store.values():
            self.add(record)

    def add(self, record: Record) -> None:
        code, key = hash(_content(record)), record.key
        found = self._keys.get(code)
        if found is None:
            self._keys[code] = key
        elif isinstance(found, set):
            found.add(key)
        elif found != key:
            self._keys[code] = {found, key}

    def discard(self, record: Record) -> None:
        code, key = hash(_content(record)), record.key
        found = self._keys.get(code)
        if isinstance(found, set):
            found.discard(key)
            if len(found) == 1:
                self._keys[code] = found.pop()
        elif found == key:
            del self._keys[code]

    def has_other(self, line: Record) -> bool:
        """True when a line of another key has the content of `line`."""
        content = _content(line)
        found = self._keys.get(hash(content))
        if found is None:
            return False
        keys = found if isinstance(found, set) else (found,)
        store = self._store
        return any(k != line.key and _content(store[k]) == content for k in keys)


def _identical_message(line: IncomeLine | ExpenditureLine) -> str:
    what = "收入明细" if isinstance(line, IncomeLine) else "支出明细"
    codes = [line.unit_code, line.function_code]
    if isinstance(line, ExpenditureLine):
        codes += [line.econ_code, line.project_code]
    listed = "、".join(c for c in codes if c)
    note = f"，备注“{line.note}”" if line.note else "，没有备注"
    return (
        f"已有一条完全相同的{what}（{listed}，{format_amount(line.amount, DisplayUnit.YUAN)} 元"
        f"{note}）。完全相同的两行导出后无法再导入；请修改其中一行的金额或备注，或合并为一行。"
    )
