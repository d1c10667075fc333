"""Incremental = full: after any sequence of edits (inserts, updates, deletes, undo), the tables and
the findings the roll-up and the checker keep current by deltas are exactly those a fresh roll-up
and a fresh checker compute from the ledger.

The department is the benchmark generator's, small (3 units, 240 lines, 6 projects), with fund
sources drawn at random so that many rules have findings to add and withdraw; and the hand-built
决算 file of tests/final (its own table set and rules, 结转和结余 lines). Unit edits (kind, name)
re-judge the line rules; amounts going to zero and back make findings appear and disappear.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from desktop.checks.engine import Checker
from desktop.errors import BudgetError
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import Change, ExpenditureLine, IncomeLine
from desktop.tables.engine import Rollup
from tests.final.final_ledger import build_final_file

OPS = (
    "amount",
    "function",
    "fund",
    "insert",
    "delete",
    "undo",
    "new-row",
    "project",
    "batch",
    "unit",
)
FINAL_OPS = ("amount", "fund", "insert", "delete", "undo", "unit", "balance", "batch")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("incremental") / "small.budget"
    return generate(path, seed=3, lines=240, projects=6, units=3, random_funds=True)


@pytest.fixture(scope="module")
def final_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("incremental-final") / "final.budget"
    build_final_file(path).close()
    return path


def _pick(store: dict, n: int):  # noqa: ANN202
    values = list(store.values())
    return values[n % len(values)]


def _edit(ledger: Ledger, op: str, a: int, b: int, history: list[list[Change]]) -> None:
    """One edit, chosen by `op` and made concrete by the numbers `a` and `b`."""
    lines = ledger.expenditure_lines if a % 3 else ledger.income_lines
    line = _pick(lines, a)
    other = _pick(lines, b)
    changes: list[Change]
    if op == "amount":  # amounts may go to zero, so rows vanish and come back
        amount = 0 if b % 5 == 0 else line.amount + (b % 2_000_000) - 1_000_000
        changes = [Change(line, dataclasses.replace(line, amount=max(amount, 0)))]
    elif op == "function":
        changes = [Change(line, dataclasses.replace(line, function_code=other.function_code))]
    elif op == "fund":
        changes = [Change(line, dataclasses.replace(line, fund_source=other.fund_source))]
    elif op == "insert":
        changes = [Change(None, dataclasses.replace(line, id=None, amount=line.amount + b + 1))]
    elif op == "delete":
        changes = [Change(line, None)]
    elif op == "new-row":  # a function item the unit has not used: new rows in every table
        items = [e.code for e in ledger.catalog.function_items() if e.code.startswith("2010")]
        code = items[b % len(items)]
        changes = [Change(line, dataclasses.replace(line, function_code=code))]
    elif op == "project":  # a project renamed: the tables re-print its name
        project = _pick(ledger.projects, b)
        changes = [Change(project, dataclasses.replace(project, name=f"{project.name}改"))]
    elif op == "unit":  # a unit's kind or name: line rules and tables judge the unit anew
        unit = _pick(ledger.units, b)
        if b % 2:
            kind = "institution" if unit.kind == "agency" else "agency"
            changes = [Change(unit, dataclasses.replace(unit, kind=kind))]
        else:
            changes = [Change(unit, dataclasses.replace(unit, name=f"{unit.name}改"))]
    elif op == "balance":  # a 决算's 年末结转和结余: its balance identity breaks or holds again
        balance = _pick(ledger.balance_lines, b)
        closing = balance.closing + (b % 3 - 1) * 1_000_00
        changes = [Change(balance, dataclasses.replace(balance, closing=max(closing, 0)))]
    elif op == "batch":  # several lines in one transaction, as a paste does
        picks = {id(x): x for x in (line, other, _pick(lines, a + b))}.values()
        changes = [Change(x, dataclasses.replace(x, amount=x.amount + 1_00)) for x in picks]
    else:  # undo the last edit
        if not history:
            return
        changes = [Change(c.after, c.before) for c in reversed(history.pop())]
    try:
        applied = ledger.apply(changes)
    except BudgetError:
        return  # refused (e.g. an identical line): nothing changed
    if op != "undo":
        history.append(applied)


def _assert_same_as_full(ledger: Ledger, rollup: Rollup, checker: Checker) -> None:
    fresh = Rollup(ledger)
    fresh_checker = Checker(ledger, fresh)
    try:
        for spec in rollup.specs:
            kept, full = rollup.result(spec.number), fresh.result(spec.number)
            assert kept.rows == full.rows, f"表{spec.number}"
            assert kept.empty == full.empty, f"表{spec.number}"
        assert checker.findings == fresh_checker.findings
        # by rule too: the findings list follows the checker rule by rule
        assert checker.parts() == fresh_checker.parts()
        assert [f for part in checker.parts() for f in part] == checker.findings
    finally:
        fresh_checker.close()
        fresh.close()


def _run_edits(path: Path, edits: list[tuple[str, int, int]]) -> None:
    dfile = DepartmentFile.open(path)
    try:
        ledger = Ledger(dfile)
        rollup = Rollup(ledger)
        rollup.results()
        checker = Checker(ledger, rollup)
        history: list[list[Change]] = []
        for op, a, b in edits:
            _edit(ledger, op, a, b, history)
            rollup.results()  # materialized after each edit, as the views do
            _assert_same_as_full(ledger, rollup, checker)
        checker.close()
        rollup.close()
    finally:
        dfile.close()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(OPS), st.integers(0, 10**6), st.integers(0, 10**6)),
        min_size=1,
        max_size=12,
    )
)
def test_incremental_tables_and_checks_equal_a_full_recompute(template, tmp_path, edits):
    path = tmp_path / f"edited-{len(list(tmp_path.iterdir()))}.budget"
    shutil.copyfile(template, path)
    _run_edits(path, edits)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(FINAL_OPS), st.integers(0, 10**6), st.integers(0, 10**6)),
        min_size=1,
        max_size=10,
    )
)
def test_incremental_equals_full_on_a_final_file(final_template, tmp_path, edits):
    """The same for a 决算 file: its table set, its rules, and edits of 结转和结余 lines."""
    path = tmp_path / f"final-{len(list(tmp_path.iterdir()))}.budget"
    shutil.copyfile(final_template, path)
    _run_edits(path, edits)


def test_findings_appear_and_disappear_as_full(template, tmp_path):
    """An edit that breaks a balance and its undo: the findings come and go exactly as a full
    check finds them, and the undo gives back the findings of before."""
    path = tmp_path / "appear.budget"
    shutil.copyfile(template, path)
    dfile = DepartmentFile.open(path)
    try:
        ledger = Ledger(dfile)
        rollup = Rollup(ledger)
        checker = Checker(ledger, rollup)
        before = checker.findings
        line = next(x for x in ledger.income_lines.values() if isinstance(x, IncomeLine))
        applied = ledger.apply([Change(line, dataclasses.replace(line, amount=line.amount + 7_00))])
        new = [f for f in checker.findings if f not in before]
        assert {f.rule_id for f in new} >= {"balance-fund", "balance-unit", "balance-item"}
        assert any("7.00 元" in f.message for f in new if f.rule_id == "balance-item")
        _assert_same_as_full(ledger, rollup, checker)
        ledger.apply([Change(c.after, c.before) for c in reversed(applied)])
        assert checker.findings == before
        _assert_same_as_full(ledger, rollup, checker)
        checker.close()
        rollup.close()
    finally:
        dfile.close()


def test_an_edit_touches_only_its_rows(template, tmp_path):
    """The roll-up says which rows an edit changed: the line's ancestors, nothing else."""
    path = tmp_path / "one.budget"
    shutil.copyfile(template, path)
    dfile = DepartmentFile.open(path)
    try:
        ledger = Ledger(dfile)
        rollup = Rollup(ledger)
        before = rollup.result(3)  # 支出总表: rows 合计, 部门, 单位, 类, 款, 项
        line = next(
            x
            for x in ledger.expenditure_lines.values()
            if isinstance(x, ExpenditureLine) and len(x.function_code) == 7
        )
        ledger.apply([Change(line, dataclasses.replace(line, amount=line.amount + 1_00))])
        after = rollup.result(3)
        assert after.delta is not None and after.delta.previous is before.rows
        changed = [after.rows[i] for i in after.delta.changed]
        unit, func = line.unit_code, line.function_code
        assert [(r.level, r.code) for r in changed] == [
            ("total", ""),
            ("department", ledger.department.code),
            ("unit", unit),
            ("类", func[:3]),
            ("款", func[:5]),
            ("项", func),
        ]
        total = after.column_index("合计")
        assert changed[0].values[total] == before.rows[0].values[total] + 1_00
        untouched = set(range(len(after.rows))) - set(after.delta.changed)
        assert all(after.rows[i] is before.rows[i] for i in untouched)
        rollup.close()
    finally:
        dfile.close()


def test_income_line_edit_is_followed(template, tmp_path):
    """An income edit moves the balance findings of its fund, class, unit and item only."""
    path = tmp_path / "income.budget"
    shutil.copyfile(template, path)
    dfile = DepartmentFile.open(path)
    try:
        ledger = Ledger(dfile)
        rollup = Rollup(ledger)
        checker = Checker(ledger, rollup)
        line = next(x for x in ledger.income_lines.values() if isinstance(x, IncomeLine))
        before = {f.subject for f in checker.findings if f.rule_id == "balance-item"}
        ledger.apply([Change(line, dataclasses.replace(line, amount=line.amount + 5_00))])
        after = {f.subject for f in checker.findings if f.rule_id == "balance-item"}
        assert after - before == {f"{line.unit_code}|{line.function_code}"}
        _assert_same_as_full(ledger, rollup, checker)
        checker.close()
        rollup.close()
    finally:
        dfile.close()


def test_a_keyed_rules_findings_follow_its_verdicts():
    """A keyed rule's listing is spliced where its verdicts change (into a new list each time,
    so that followers see the change by identity) and equals the listing made from every
    verdict, with keys of one, none and several findings coming and going."""
    import random

    from desktop.checks.engine import _KeyedState
    from desktop.checks.finding import WARNING, Finding
    from desktop.checks.rule import Keyed

    keys = [f"k{n}" for n in range(30)]
    keyed = Keyed(lambda _ctx: keys, lambda _ctx, _key: (), lambda _line: (), ())
    state = _KeyedState(keyed, keys)
    rng = random.Random(7)

    def joined() -> list:
        return [f for _place, key in state.entries for f in state.found[key][1]]

    state.out = joined()
    for step in range(400):
        key = rng.choice(keys)
        count = rng.choice((0, 1, 1, 1, 2)) if step < 300 else rng.choice((0, 1))
        findings = [Finding("r", WARNING, f"{key} {step} {i}", (), key) for i in range(count)]
        before = state.out
        state.put(None, key, findings)
        if state.out is None:
            state.out = joined()  # what the checker does on its next run
        assert state.out == joined()
        if state.out != before:
            assert state.out is not before
    assert state.uneven == sum(len(f) != 1 for _p, f in state.found.values())
