"""The footing structure is computed once, in the domain, and every consumer uses it."""

from __future__ import annotations

from desktop.checks import footing as check_footing
from desktop.export.layout import column_decompositions, row_decompositions
from desktop.tables.engine import Rollup
from desktop.tables.footing import column_equalities, column_paths, row_children
from desktop.tables.hunan import HUNAN_TABLES


def test_special_funds_total_is_department_plus_bureau_budget():
    spec = next(s for s in HUNAN_TABLES if s.number == 21)
    paths = column_paths(spec.columns)
    assert paths[2] == "预算额度/总计"
    assert paths[12:14] == ["预算编制方式/编入部门预算金额", "预算编制方式/财政代编金额"]
    # Header tree: 总计 = 小计 + the three other sources; 小计 = its five fund columns. Beyond the
    # tree: 总计 = 编入部门预算 + 财政代编 (every project is budgeted one way or the other).
    assert column_equalities(spec) == [(2, (3, 9, 10, 11)), (3, (4, 5, 6, 7, 8)), (2, (12, 13))]


def test_checks_and_print_share_one_structure(demo_ledger):
    assert check_footing.column_equalities is column_equalities
    assert check_footing.row_children is row_children
    for result in Rollup(demo_ledger).results():
        pairs = column_decompositions(result)
        assert [(t, tuple(p)) for t, p in pairs] == column_equalities(result.spec)
        if result.spec.kind == "grid":
            assert dict(row_decompositions(result)) == row_children(result.rows)


def test_row_tree_of_table_7(demo_ledger):
    table7 = Rollup(demo_ledger).result(7)
    children = row_children(table7.rows)
    assert [table7.rows[i].level for i in children[0]] == ["department"]
    kinds = {table7.rows[i].level for i in children[children[0][0]]}
    assert kinds <= {"unit", "类"}
