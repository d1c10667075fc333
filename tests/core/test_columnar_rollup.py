"""The columnar full roll-up (numpy) computes every cell of every table exactly as the pure-Python
roll-up does: on the demo, the 决算 demo and a generated department, through every built-in table
set (rate and 增减额 columns with prior-year lines, `rows.by: function`, multi-amount listings,
结转结余 and 预算数 measures). Both paths are forced by the size threshold, whatever the size.

Also: edits after a columnar roll-up keep the tables equal to a fresh roll-up, sums beyond
float64's exact range take the Python path, and `Selector.criteria` says what `matches` says.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from benchmarks.generate import generate
from desktop.demo_final import write_final_demo
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.packs.registry import get_pack
from desktop.records import Change, ExpenditureLine, PriorYearLine
from desktop.tables import columnar, engine
from desktop.tables.engine import Rollup
from desktop.tables.spec import TableSpec

PACKS = (
    "hunan-2025",
    "hunan-lukou-2026",
    "hunan-shifeng-2023",
    "national-2025",
    "hunan-final-2021",
)


def _rollup(ledger: Ledger, pack, monkeypatch, columnar_path: bool) -> Rollup:  # noqa: ANN001
    monkeypatch.setattr(engine, "COLUMNAR_FROM", 0 if columnar_path else 10**12)
    rollup = Rollup(ledger, pack=pack)
    assert rollup.columnar is columnar_path
    return rollup


def _assert_same(ledger: Ledger, pack, monkeypatch) -> int:  # noqa: ANN001
    """Every table's rows (keys, codes, names, levels, every cell) and emptiness: both paths.
    Returns the number of amount cells compared that are not zero."""
    python = _rollup(ledger, pack, monkeypatch, False)
    numpy = _rollup(ledger, pack, monkeypatch, True)
    nonzero = 0
    try:
        for spec in python.specs:
            expected, got = python.result(spec.number), numpy.result(spec.number)
            assert got.empty == expected.empty, f"表{spec.number}"
            assert len(got.rows) == len(expected.rows), f"表{spec.number}"
            for want, have in zip(expected.rows, got.rows, strict=True):
                assert have == want, f"表{spec.number}"
                nonzero += sum(1 for v in want.values if isinstance(v, int) and v)
    finally:
        python.close()
        numpy.close()
    return nonzero


def _with_prior_lines(ledger: Ledger, every: int = 3) -> None:
    """Prior-year lines for every `every`-th expenditure line (90 % of its amount, and one line
    of its own) so that 上年 / 增减额 / 增减率 columns have figures."""
    lines = [x for x in ledger.expenditure_lines.values() if isinstance(x, ExpenditureLine)]
    ledger.add(
        *(
            PriorYearLine(
                None,
                x.unit_code,
                x.function_code,
                x.econ_code,
                x.fund_source,
                x.kind,
                x.amount * 9 // 10 + n,
            )
            for n, x in enumerate(lines[::every])
        )
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("columnar") / "generated.budget"
    return generate(path, seed=5, lines=1500, projects=20, units=6, random_funds=True)


@pytest.mark.parametrize("pack_id", PACKS)
def test_demo_every_cell(demo_ledger, pack_id, monkeypatch):
    _with_prior_lines(demo_ledger)
    assert _assert_same(demo_ledger, get_pack(pack_id), monkeypatch) > 50


@pytest.mark.parametrize("pack_id", PACKS)
def test_final_demo_every_cell(tmp_path, pack_id, monkeypatch):
    dfile = write_final_demo(tmp_path / "final.budget")
    try:
        ledger = Ledger(dfile)
        assert ledger.balance_lines and ledger.baseline_lines and ledger.prior_year_lines
        assert _assert_same(ledger, get_pack(pack_id), monkeypatch) > 20
    finally:
        dfile.close()


@pytest.mark.parametrize("pack_id", PACKS)
def test_generated_department_every_cell(generated, tmp_path, pack_id, monkeypatch):
    path = tmp_path / "g.budget"
    shutil.copyfile(generated, path)
    dfile = DepartmentFile.open(path)
    try:
        ledger = Ledger(dfile)
        _with_prior_lines(ledger, every=4)
        assert _assert_same(ledger, get_pack(pack_id), monkeypatch) > 500
    finally:
        dfile.close()


def test_edits_after_a_columnar_roll_up_equal_a_fresh_roll_up(generated, tmp_path, monkeypatch):
    """Incremental edits start from the columnar cells: new rows, vanishing rows, prior lines."""
    path = tmp_path / "edited.budget"
    shutil.copyfile(generated, path)
    dfile = DepartmentFile.open(path)
    try:
        ledger = Ledger(dfile)
        pack = get_pack("national-2025")
        _with_prior_lines(ledger, every=5)
        rollup = _rollup(ledger, pack, monkeypatch, True)
        rollup.results()
        lines = list(ledger.expenditure_lines.values())
        new_item = next(
            e.code
            for e in ledger.catalog.function_items()
            if e.code.startswith("2010") and e.code not in {x.function_code for x in lines}
        )
        prior = next(iter(ledger.prior_year_lines.values()))
        ledger.apply([Change(lines[0], dataclasses.replace(lines[0], amount=lines[0].amount + 7))])
        ledger.apply([Change(lines[1], dataclasses.replace(lines[1], function_code=new_item))])
        ledger.apply([Change(lines[2], None)])
        ledger.apply([Change(prior, dataclasses.replace(prior, amount=prior.amount * 2))])
        project = next(iter(ledger.projects.values()))  # a rename: a full roll-up again
        ledger.apply([Change(project, dataclasses.replace(project, name=project.name + "改"))])
        ledger.apply([Change(lines[3], dataclasses.replace(lines[3], amount=0))])
        fresh = _rollup(ledger, pack, monkeypatch, False)
        for spec in rollup.specs:
            kept, full = rollup.result(spec.number), fresh.result(spec.number)
            assert kept.rows == full.rows, f"表{spec.number}"
            assert kept.empty == full.empty, f"表{spec.number}"
        rollup.close()
        fresh.close()
    finally:
        dfile.close()


def test_coded_items_are_reused_only_while_the_records_are_the_same(demo_ledger, monkeypatch):
    monkeypatch.setattr(engine, "COLUMNAR_FROM", 0)
    first = Rollup(demo_ledger)
    coded = columnar._CODED[demo_ledger][2]  # noqa: SLF001
    Rollup(demo_ledger).close()
    assert columnar._CODED[demo_ledger][2] is coded  # noqa: SLF001 - unchanged: reused
    line = next(iter(demo_ledger.expenditure_lines.values()))
    demo_ledger.apply([Change(line, dataclasses.replace(line, amount=line.amount + 1))])
    again = Rollup(demo_ledger)
    assert columnar._CODED[demo_ledger][2] is not coded  # noqa: SLF001 - an edit: read again
    assert again.result(3).rows == first.result(3).rows  # the first followed the edit
    first.close()
    again.close()


def test_sums_beyond_exact_float_take_the_python_path(demo_ledger, monkeypatch):
    monkeypatch.setattr(columnar, "EXACT_LIMIT", 1)
    monkeypatch.setattr(engine, "COLUMNAR_FROM", 0)
    rollup = Rollup(demo_ledger)
    assert rollup.columnar is False
    total = rollup.result(3).find_row(level="total")
    assert total.values[rollup.result(3).column_index("合计")] == sum(
        x.amount for x in demo_ledger.expenditure_lines.values()
    )
    rollup.close()


def test_criteria_say_what_matches_says(demo_ledger):
    """Every selector of every set, on the facts of every line signature of the demo and of
    the 决算 demo's measures: the per-field tests agree with `Selector.matches`."""
    rollup = Rollup(demo_ledger)
    index = rollup.index
    facts = [
        index.facts(item[0], item[2], index.project_flags(item[4]))
        for x in (*demo_ledger.expenditure_lines.values(), *demo_ledger.income_lines.values())
        for item in index.items(x)
    ]
    prior = [dataclasses.replace(f, measure="prior") for f in facts[:40]]
    balance = [dataclasses.replace(f, measure="opening", source="expenditure") for f in facts[:40]]
    checked = 0
    for pack_id in PACKS:
        for spec in get_pack(pack_id).tables:
            for selector in engine._selectors(spec):  # noqa: SLF001
                for fact in (*facts, *prior, *balance):
                    tests = selector.criteria()
                    by_field = all(
                        test(
                            (fact.source, fact.measure)
                            if field == "source_measure"
                            else getattr(fact, field)
                        )
                        for field, _name, test in tests
                    )
                    assert by_field == selector.matches(fact), (spec.number, selector, fact)
                    checked += 1
            if isinstance(spec, TableSpec):
                assert spec.leaf_columns
    assert checked > 10_000
    rollup.close()


def test_a_listing_reprints_only_the_rows_an_edit_changed(demo_ledger):
    """收支总表 after one expenditure edit: the rows that differ from a fresh roll-up's are
    exactly the reported ones; every other row is the very object printed before."""
    rollup = Rollup(demo_ledger)
    number = next(s.number for s in rollup.specs if not isinstance(s, TableSpec))
    before = rollup.result(number)
    line = max(demo_ledger.expenditure_lines.values(), key=lambda x: x.amount)
    demo_ledger.apply([Change(line, dataclasses.replace(line, amount=line.amount + 3_00))])
    after = rollup.result(number)
    fresh = Rollup(demo_ledger)
    assert after.rows == fresh.result(number).rows
    differ = tuple(
        i for i, (a, b) in enumerate(zip(before.rows, after.rows, strict=True)) if a != b
    )
    assert after.delta is not None and after.delta.changed == differ and differ
    assert all(after.rows[i] is before.rows[i] for i in range(len(after.rows)) if i not in differ)
    fresh.close()
    rollup.close()


def test_the_exactness_bound_is_summed_in_integers():
    """|amount| summed without float rounding or int64 overflow: 200 items of 10**17 分 (the
    largest amount) make 2 × 10**19, beyond int64, and are still counted exactly."""
    import numpy as np

    small = [1234, -5678, 0]
    assert columnar._magnitude(np.array(small, np.int64), small) == 6912
    large = [10**17, -(10**17)] * 100
    assert columnar._magnitude(np.array(large, np.int64), large) == 2 * 10**19
    assert columnar._magnitude(np.zeros(0, np.int64), []) == 0


def test_by_unit_ancestry_orders_and_sums_rows_as_the_sorted_ancestry(
    generated, tmp_path, monkeypatch
):
    """The (unit, function) and (unit, project) ancestries, put in printed order by index
    arithmetic with the 合计 and 部门 rows summed once, give the same keys in the same order and
    the same row sums as naming every leaf's ancestors and sorting every key."""
    import numpy as np

    path = tmp_path / "g.budget"
    shutil.copyfile(generated, path)
    dfile = DepartmentFile.open(path)
    try:
        ledger = Ledger(dfile)
        rollup = _rollup(ledger, get_pack("hunan-2025"), monkeypatch, True)
        items = columnar._CODED[ledger][2]  # noqa: SLF001
        seen = set()
        for grid in rollup.computations:
            family = getattr(grid, "pass_key", ("listing",))[0]
            if family not in ("function", "project") or (grid.axis, grid.merged) in seen:
                continue
            seen.add((grid.axis, grid.merged))
            _leaf, shorts = items.leaves(family)
            by_unit = columnar.Ancestry(grid, shorts, items.pairs[family])
            assert by_unit.whole == 2  # 合计 and 部门
            sorted_keys = columnar.Ancestry(grid, shorts)
            assert by_unit.keys == sorted_keys.keys
            cells = np.random.default_rng(7).integers(-1000, 1000, (len(shorts), 3)).astype(float)
            assert (by_unit.rows(cells) == sorted_keys.rows(cells)).all()
            assert by_unit.rows(cells)[0].tolist() == cells.sum(axis=0).tolist()
        assert {axis for axis, _merged in seen} == {"function", "function_unit", "project"}
        rollup.close()
    finally:
        dfile.close()


def test_rows_always_printed_are_merged_in_where_they_sort():
    keys = [(0,), (2, 1, "a", ""), (2, 3, "c", "")]
    amounts = [[5], [2], [3]]
    extra = {(0,), (1,), (2, 2, "b", ""), (2, 4, "d", "")}
    merged_keys, merged_amounts = engine._with_rows(keys, amounts, extra, [0])  # noqa: SLF001
    assert merged_keys == [
        (0,),
        (1,),
        (2, 1, "a", ""),
        (2, 2, "b", ""),
        (2, 3, "c", ""),
        (2, 4, "d", ""),
    ]
    assert merged_amounts == [[5], [0], [2], [0], [3], [0]]
    assert engine._with_rows(keys, amounts, {(0,)}, [0]) == (keys, amounts)  # noqa: SLF001
