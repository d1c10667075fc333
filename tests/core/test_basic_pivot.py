"""The basic-expenditure pivot's rules at domain level (desktop/basic_pivot.py, no Qt): what the
grid and paste do to the ledger when cells of the 人员经费 / 公用经费 grid are typed."""

from __future__ import annotations

import pytest

from desktop import basic_pivot
from desktop.basic_pivot import RowEdit, RowKey
from desktop.errors import LedgerError
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import ExpenditureLine, Unit


@pytest.fixture
def ledger(tmp_path):
    dfile = DepartmentFile.create(tmp_path / "p.budget", "601", "测试部门", 2025)
    ledger = Ledger(dfile)
    ledger.add(Unit("601001", "机关"), Unit("601002", "事务中心", "institution", 1))
    yield ledger
    dfile.close()


def _apply(ledger, kind, rows, edits):
    changes, renamed = basic_pivot.row_changes(ledger, kind, rows, edits)
    ledger.apply(changes)
    return renamed


def test_typing_inserts_moves_and_clears_lines(ledger):
    assert basic_pivot.econ_columns(ledger.catalog, "personnel")[:3] == ["30101", "30102", "30103"]
    pending = [basic_pivot.new_row_key(ledger, [], 0)]
    assert pending == [RowKey("601001", "", "gp_appropriation")]
    rows = basic_pivot.basic_rows(ledger, "personnel", pending)
    # Codes typed by name or code: the row only lives in the grid until an amount is typed.
    renamed = _apply(ledger, "personnel", rows, {0: RowEdit(function="2010101")})
    assert renamed == {0: RowKey("601001", "2010101", "gp_appropriation")}
    assert not ledger.expenditure_lines
    rows = basic_pivot.basic_rows(ledger, "personnel", list(renamed.values()))
    _apply(ledger, "personnel", rows, {0: RowEdit(amounts={"30101": 12_345_67, "30102": 0})})
    (line,) = ledger.expenditure_lines.values()
    assert (line.unit_code, line.function_code, line.econ_code, line.kind, line.amount) == (
        "601001",
        "2010101",
        "30101",
        "personnel",
        12_345_67,
    )
    # Changing the row's unit moves its lines; another cell's amount is added beside them.
    rows = basic_pivot.basic_rows(ledger, "personnel")
    _apply(ledger, "personnel", rows, {0: RowEdit(unit="事务中心", amounts={"30103": 500_00})})
    assert sorted(
        (ln.unit_code, ln.econ_code, ln.amount) for ln in ledger.expenditure_lines.values()
    ) == [
        ("601002", "30101", 12_345_67),
        ("601002", "30103", 500_00),
    ]
    # Clearing a cell deletes its line; deleting the row deletes the rest.
    rows = basic_pivot.basic_rows(ledger, "personnel")
    _apply(ledger, "personnel", rows, {0: RowEdit(amounts={"30101": None})})
    assert [ln.econ_code for ln in ledger.expenditure_lines.values()] == ["30103"]
    rows = basic_pivot.basic_rows(ledger, "personnel")
    ledger.apply(basic_pivot.delete_changes(rows, [0]))
    assert not ledger.expenditure_lines


def test_amount_before_function_is_refused(ledger):
    rows = basic_pivot.basic_rows(ledger, "operating", [RowKey("601001", "", "gp_appropriation")])
    with pytest.raises(LedgerError, match="第 1 行还没有填写功能科目"):
        basic_pivot.row_changes(ledger, "operating", rows, {0: RowEdit(amounts={"30201": 100})})


def test_rows_group_lines_by_unit_function_and_fund(ledger):
    ledger.add(
        ExpenditureLine(
            None, "601002", "2010101", "30201", "gp_appropriation", "operating", "", 300
        ),
        ExpenditureLine(
            None, "601001", "2010101", "30201", "gp_appropriation", "operating", "", 100
        ),
        ExpenditureLine(
            None, "601001", "2010101", "30202", "gp_appropriation", "operating", "", 200
        ),
        ExpenditureLine(None, "601001", "2010101", "30101", "gp_appropriation", "personnel", "", 9),
    )
    rows = basic_pivot.basic_rows(ledger, "operating")
    assert [r.key.unit for r in rows] == ["601001", "601002"]  # unit order
    assert sorted(rows[0].cells) == ["30201", "30202"]
    assert [ln.amount for ln in rows[0].cells["30202"]] == [200]
    with pytest.raises(LedgerError, match="找不到单位"):
        basic_pivot.row_changes(ledger, "operating", rows, {0: RowEdit(unit="不存在的单位")})
