"""Property tests of the ledger and the roll-up: random batches of inserts, updates and deletes on
the demo department keep every grid table footed (as `desktop/checks/footing.py` checks), keep
income = expenditure when the batch is balanced, keep the incrementally updated tables equal to a
full roll-up, and a batch with one bad change leaves memory, tables and file exactly as they were.

Column footing is asserted for 经费拨款 and 非税收入拨款 and for basic or project expenditure: there
every published column set covers every code its total column sums. With other fund sources or
kinds some published tables have no column for the figure (一般债券 income in table 2, 事业单位经营
支出 in table 5, 财政专户 funds in table 21, 301 project spending from government funds in table
18), and the column-footing rules report exactly that to the user; rows must foot regardless.
"""

from __future__ import annotations

import dataclasses
import itertools
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.catalog import load_catalog
from desktop.checks.footing import column_equalities, row_children
from desktop.errors import LedgerError
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import EXPENSE_KINDS, Change, ExpenditureLine, IncomeLine
from desktop.tables.engine import Rollup
from desktop.tables.spec import TableSpec

CATALOG = load_catalog(2025)
FUNCTIONS = [e.code for e in CATALOG.function_items()]
ECONS = [e.code for e in CATALOG.dept_econ_sections()]
ALL_FUNDS = [f.code for f in CATALOG.fund_leaves()]
# 经费拨款 and the 非税收入 sub-sources: the columns every published table has for 一般公共预算.
GP_FUNDS = [c for c in ALL_FUNDS if c == "gp_appropriation" or c.startswith("gp_nontax_")]
KIND_CLASSES = {"personnel": ("301", "303"), "operating": ("302", "310")}
PROJECTS = ["030001-ZX01", "030001-ZX02"]  # the demo's projects
amounts = st.integers(1, 10**9)  # up to 1,000 万元 per line


def footing_problems(rollup: Rollup, columns: bool) -> list[str]:
    """Every parent row that is not the sum of its children (and, if asked, every total column
    that is not the sum of its parts), in every grid table."""
    problems = []
    for spec in rollup.specs:
        if not isinstance(spec, TableSpec):
            continue
        result = rollup.result(spec.number)
        rows, cols = result.rows, result.amount_columns()
        for parent, kids in row_children(rows).items():
            for c in cols:
                if rows[parent].values[c] != sum(rows[k].values[c] for k in kids):
                    problems.append(f"表{spec.number} 行“{rows[parent].name}” 列 {c}")
        if columns:
            for total, parts in column_equalities(spec):
                for row in rows:
                    if row.values[total] != sum(row.values[p] for p in parts):
                        problems.append(f"表{spec.number} 列 {total}（行“{row.name}”）")
    return problems


def grand_totals(rollup: Rollup) -> tuple[int, ...]:
    """收入总计 and the three 支出总计 of table 1 (收支总表)."""
    values = rollup.result(1).rows[-1].values
    return values[1], values[3], values[5], values[7]


def snapshot(ledger: Ledger, rollup: Rollup) -> tuple:
    tables = tuple(rollup.result(s.number).rows for s in rollup.specs)
    return dict(ledger.expenditure_lines), dict(ledger.income_lines), tables


@st.composite
def expenditure_line(draw, covered: bool) -> ExpenditureLine:  # noqa: ANN001
    kinds = ("personnel", "operating", "project") if covered else EXPENSE_KINDS
    kind = draw(st.sampled_from(kinds))
    classes = KIND_CLASSES.get(kind)
    econ = draw(st.sampled_from([c for c in ECONS if not classes or c[:3] in classes]))
    project = draw(st.sampled_from(PROJECTS)) if kind == "project" else ""
    fund = draw(st.sampled_from(GP_FUNDS if covered else ALL_FUNDS))
    function = draw(st.sampled_from(FUNCTIONS))
    return ExpenditureLine(
        None, "030001", function, econ, fund, kind, project, draw(amounts), _note()
    )


@st.composite
def income_line(draw, covered: bool) -> IncomeLine:  # noqa: ANN001
    fund = draw(st.sampled_from(GP_FUNDS if covered else ALL_FUNDS))
    return IncomeLine(
        None, "030001", draw(st.sampled_from(FUNCTIONS)), fund, draw(amounts), _note()
    )


_NOTES = itertools.count(1)


def _note() -> str:
    """A note of its own for every generated line: two identical lines are refused (schema v3)."""
    return f"模糊测试第 {next(_NOTES)} 行"


@st.composite
def balanced_batch(draw, ledger: Ledger, covered: bool) -> list[Change]:  # noqa: ANN001
    """1–6 random changes plus one line that brings income and expenditure level again."""
    changes: list[Change] = []
    touched: set[tuple[type, int]] = set()  # a record is changed at most once per batch
    delta = 0  # income minus expenditure, changed by this batch
    for _ in range(draw(st.integers(1, 6))):
        is_income = draw(st.booleans())
        store = ledger.income_lines if is_income else ledger.expenditure_lines
        sign = 1 if is_income else -1
        free = [r for k, r in store.items() if (type(r), k) not in touched]
        op = draw(st.sampled_from(["insert", "update", "delete"] if free else ["insert"]))
        if op == "insert":
            new = draw(income_line(covered) if is_income else expenditure_line(covered))
            changes.append(Change(None, new))
            delta += sign * new.amount
            continue
        old = draw(st.sampled_from(free))
        touched.add((type(old), old.id))
        if op == "delete":
            changes.append(Change(old, None))
            delta -= sign * old.amount
        else:
            fields: dict[str, object] = {"amount": draw(amounts), "note": _note()}
            if draw(st.booleans()):
                fields["function_code"] = draw(st.sampled_from(FUNCTIONS))
            new = dataclasses.replace(old, **fields)
            changes.append(Change(old, new))
            delta += sign * (new.amount - old.amount)
    if delta > 0:
        level = draw(expenditure_line(covered))
        changes.append(Change(None, dataclasses.replace(level, amount=delta)))
    elif delta < 0:
        level = draw(income_line(covered))
        changes.append(Change(None, dataclasses.replace(level, amount=-delta)))
    return changes


BAD_CHANGES = {
    "功能科目不存在": lambda ledger: Change(
        None,
        ExpenditureLine(None, "030001", "9999999", "30201", "gp_appropriation", "operating", "", 1),
    ),
    "单位仍有明细": lambda ledger: Change(ledger.units["030001"], None),
    "数据已被修改": lambda ledger: Change(
        dataclasses.replace(ledger.expenditure_lines[1], amount=1),
        dataclasses.replace(ledger.expenditure_lines[1], amount=2),
    ),
    "人员经费用了公用经费科目": lambda ledger: Change(
        None,
        ExpenditureLine(None, "030001", "2060101", "30201", "gp_appropriation", "personnel", "", 1),
    ),
}


@pytest.fixture
def fresh(tmp_path, demo_path):
    """A function giving a new ledger and roll-up on a private copy of the demo each call."""
    opened: list[DepartmentFile] = []

    def make() -> tuple[Ledger, Rollup]:
        path = tmp_path / f"fuzz{len(opened)}.budget"
        shutil.copyfile(demo_path, path)
        dfile = DepartmentFile.open(path)
        opened.append(dfile)
        if len(opened) > 1:
            opened[-2].close()
        ledger = Ledger(dfile, CATALOG)
        return ledger, Rollup(ledger)

    yield make
    if opened:
        opened[-1].close()


FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(data=st.data(), covered=st.booleans(), batches=st.integers(1, 4))
def test_random_balanced_batches_keep_tables_footed(fresh, data, covered, batches):
    ledger, rollup = fresh()
    assert footing_problems(rollup, columns=True) == []
    assert ledger.income_total() == ledger.expenditure_total() == 289_785_586
    for _ in range(batches):
        ledger.apply(data.draw(balanced_batch(ledger, covered)))
        assert footing_problems(rollup, columns=covered) == []
        assert ledger.income_total() == ledger.expenditure_total()
        assert grand_totals(rollup) == (ledger.income_total(),) + (ledger.expenditure_total(),) * 3
    # The tables kept current edit by edit are the tables computed from scratch.
    full = Rollup(ledger)
    for spec in rollup.specs:
        assert rollup.result(spec.number).rows == full.result(spec.number).rows, spec.number
    full.close()


@FUZZ
@given(data=st.data(), bad=st.sampled_from(sorted(BAD_CHANGES)))
def test_a_batch_with_one_bad_change_changes_nothing(fresh, data, bad):
    ledger, rollup = fresh()
    batch = data.draw(balanced_batch(ledger, covered=False))
    position = data.draw(st.integers(0, len(batch)))
    batch.insert(position, BAD_CHANGES[bad](ledger))
    before = snapshot(ledger, rollup)
    path = ledger.file.path
    data_before = path.read_bytes()
    with pytest.raises(LedgerError):
        ledger.apply(batch)
    assert snapshot(ledger, rollup) == before
    assert path.read_bytes() == data_before
    # The same batch without the bad change goes through afterwards.
    del batch[position]
    ledger.apply(batch)
    assert ledger.income_total() == ledger.expenditure_total()
