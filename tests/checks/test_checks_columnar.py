"""A large department's full check reads its lines as coded numpy columns (`LineColumns`, with the
codes the roll-up made); the findings, the line verdicts and the running totals (with the order of
their keys) are exactly those of the plain path that groups lines in Python.

The departments are small ones with both paths forced (`COLUMNAR_FROM` = 0): the benchmark
generator's (random fund sources, so that many line rules have findings) after random edits, and
the hand-built 决算 file of tests/final."""

from __future__ import annotations

import dataclasses
import shutil
from operator import attrgetter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from desktop.checks import engine
from desktop.checks.engine import Checker
from desktop.checks.linecolumns import LineColumns
from desktop.checks.linegroups import LineGroups
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import Change
from desktop.tables import columnar
from desktop.tables import engine as tables_engine
from desktop.tables.engine import Rollup
from tests.checks.test_checks_speed_paths import FIELDS, LINES
from tests.checks.test_incremental_equals_full import OPS, _edit
from tests.final.final_ledger import build_final_file


def test_line_columns_give_what_line_groups_give():
    plain = LineGroups(LINES, FIELDS)
    coded = LineColumns.build("expenditure", LINES, (*FIELDS, "<0"))
    assert coded is not None
    for fields in [("unit_code",), ("econ_code", "unit_code"), ("kind", "function_code"), FIELDS]:
        assert coded.distinct(fields) == plain.distinct(fields)
    # line 6 (−30 分) is the only negative one
    assert coded.distinct(("<0",)) == {False, True}
    assert [(ln.id, why) for ln, why in coded.condemned(("<0",), {True: "负"})] == [(6, "负")]
    bad = {("2080505", "30109"): "错", ("2010101", "30201"): "也错"}
    found = [(ln.id, why) for ln, why in coded.condemned(("function_code", "econ_code"), bad)]
    assert found == [(4, "也错"), (5, "错")]  # in the lines' order
    # sums in the order a pass over the lines meets the keys: 001/2010101 (lines 1, 2, 6),
    # 001/2080505 (3), 002/2010101 (4), 002/2080505 (5)
    assert coded.sums(("unit_code", "function_code")) == [
        (("001", "2010101"), 320, 3),
        (("001", "2080505"), 40, 1),
        (("002", "2010101"), 7, 1),
        (("002", "2080505"), 1, 1),
    ]
    assert coded.sums(("econ_code",)) == [
        (("30101",), 320, 3),
        (("30108",), 40, 1),
        (("30201",), 7, 1),
        (("30109",), 1, 1),
    ]
    assert [key for key, _a, _c in coded.sums(FIELDS)] == [
        attrgetter(*FIELDS)(LINES[i]) for i in (0, 2, 3, 4)
    ]


def test_line_columns_refuse_amounts_beyond_int64():
    beyond = dataclasses.replace(LINES[2], id=9, amount=2**63)
    assert LineColumns.build("expenditure", [*LINES[:2], beyond], FIELDS) is None
    # each amount fits, but 3 × 2**62 could not be summed in int64
    big = [dataclasses.replace(line, amount=2**62) for line in LINES[:3]]
    assert LineColumns.build("expenditure", big, FIELDS) is None


def _state(checker: Checker) -> tuple:
    totals = {
        name: list(value.items()) if isinstance(value, dict) else value
        for name, value in vars(checker._totals).items()  # noqa: SLF001
    }
    return checker.findings, checker._line_hits, checker._line_order, totals  # noqa: SLF001


def _assert_columnar_equals_plain(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full check by coded columns (with and without the roll-up's codes) = the plain one."""
    monkeypatch.setattr(tables_engine, "COLUMNAR_FROM", 0)  # the roll-up codes the lines
    rollup = Rollup(ledger)
    rollup.results()
    lines = [list(ledger.expenditure_lines.values()), list(ledger.income_lines.values())]
    assert columnar.coded_lines(ledger, *lines) is not None
    checkers = []
    try:
        monkeypatch.setattr(engine, "COLUMNAR_FROM", 10**9)
        checkers.append(Checker(ledger, rollup))
        monkeypatch.setattr(engine, "COLUMNAR_FROM", 0)
        checkers.append(Checker(ledger, rollup))  # reads the roll-up's codes
        assert checkers[-1]._group_lines()["expenditure"].columnar  # noqa: SLF001
        columnar.forget(ledger)
        checkers.append(Checker(ledger, rollup))  # codes the lines itself
        plain = _state(checkers[0])
        assert _state(checkers[1]) == plain
        assert _state(checkers[2]) == plain
    finally:
        for checker in checkers:
            checker.close()
        rollup.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("columnar") / "small.budget"
    return generate(path, seed=5, lines=240, projects=6, units=3, random_funds=True)


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(OPS), st.integers(0, 10**6), st.integers(0, 10**6)),
        max_size=8,
    )
)
def test_columnar_full_check_equals_the_plain_one(template, tmp_path, edits):
    path = tmp_path / f"edited-{len(list(tmp_path.iterdir()))}.budget"
    shutil.copyfile(template, path)
    dfile = DepartmentFile.open(path)
    try:
        ledger = Ledger(dfile)
        history: list[list[Change]] = []
        for op, a, b in edits:
            _edit(ledger, op, a, b, history)
        with pytest.MonkeyPatch.context() as monkeypatch:
            _assert_columnar_equals_plain(ledger, monkeypatch)
    finally:
        dfile.close()


def test_columnar_full_check_of_a_final_file(tmp_path, monkeypatch):
    dfile = build_final_file(tmp_path / "final.budget")
    try:
        _assert_columnar_equals_plain(Ledger(dfile), monkeypatch)
    finally:
        dfile.close()


def test_the_generated_department_has_line_findings_to_compare(template):
    """The comparison above means something: the plain check of the template condemns lines
    under several line rules."""
    dfile = DepartmentFile.open(template, readonly=True)
    try:
        ledger = Ledger(dfile)
        rollup = Rollup(ledger)
        checker = Checker(ledger, rollup)
        condemned = {rule for rule, hits in checker._line_hits.items() if hits}  # noqa: SLF001
        assert len(condemned) >= 3
        checker.close()
        rollup.close()
    finally:
        dfile.close()
