"""Loading a department file into the ledger: the rows become exactly the records that were
written, in their stored order, and what opening does not verify is still checked per row."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.errors import DepartmentFileError
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import ExpenditureLine, IncomeLine, Project, Unit


def _write(path) -> list:  # noqa: ANN001
    dfile = DepartmentFile.create(path, "030", "测试局", 2025)
    ledger = Ledger(dfile)
    written = ledger.add(
        Unit("030001", "测试局本级", "agency"),
        Project("P02", "030001", "信息化运维", is_special_fund=True, sort_order=2),
        Project("P01", "030001", "办公楼维修", sort_order=1),
        IncomeLine(None, "030001", "2060101", "gp_appropriation", 1_234_567_89, sort_order=2),
        IncomeLine(None, "030001", "2060101", "gp_appropriation", 5_00, sort_order=1),
        ExpenditureLine(
            None, "030001", "2060101", "30101", "gp_appropriation", "personnel", "", 9_99
        ),
        ExpenditureLine(
            None, "030001", "2060101", "30201", "gp_appropriation", "project", "P01", 1_00, "说明"
        ),
    )
    dfile.close()
    return written


def _load(path) -> Ledger:  # noqa: ANN001
    with DepartmentFile.open(path, readonly=True) as dfile:
        return Ledger(dfile)


def test_loaded_records_equal_the_written_ones_in_stored_order(tmp_path):
    path = tmp_path / "t.budget"
    written = _write(path)
    ledger = _load(path)
    assert list(ledger.projects) == ["P01", "P02"]  # by sort_order, then code
    assert ledger.projects["P02"].is_special_fund is True
    assert ledger.projects["P01"].is_special_fund is False
    assert ledger.projects["P01"].special_fund_code == ""  # NULL reference → empty text
    assert [i.amount for i in ledger.income_lines.values()] == [5_00, 1_234_567_89]
    lines = list(ledger.expenditure_lines.values())
    assert lines[0].project_code == ""  # stored as NULL
    assert lines[1].project_code == "P01" and lines[1].note == "说明"
    by_key = {(type(r), r.key): r for r in written}
    loaded = [
        r
        for cls in (Unit, Project, IncomeLine, ExpenditureLine)
        for r in ledger.records(cls).values()
    ]
    assert sorted(map(repr, loaded)) == sorted(map(repr, by_key.values()))


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        (
            "UPDATE project SET is_special_fund = 2 WHERE code = 'P01'",
            "“项目”表（project）中编号为 'P01' 的行的“is_special_fund”不是是/否值（2）。",
        ),
        (
            "UPDATE expenditure_line SET amount_fen = -9223372036854775808 WHERE kind = 'project'",
            "的金额超出范围",
        ),
    ],
)
def test_values_opening_does_not_verify_are_refused_on_loading(tmp_path, statement, message):
    path = tmp_path / "t.budget"
    _write(path)
    with sqlite3.connect(path) as conn:
        conn.execute(statement)
    conn.close()
    with (
        DepartmentFile.open(path, readonly=True) as dfile,
        pytest.raises(DepartmentFileError) as info,
    ):
        Ledger(dfile)
    assert message in str(info.value)


@pytest.mark.parametrize("batch", [1, 2, 3])
def test_loading_in_batches_gives_the_same_records(tmp_path, monkeypatch, batch):
    """The rows are fetched a batch at a time: any batch size loads the same records, in the
    same order, and a bad amount in a later batch is still refused."""
    from desktop.models import records_load

    path = tmp_path / "t.budget"
    _write(path)
    whole = _load(path)
    monkeypatch.setattr(records_load, "FETCH_ROWS", batch)
    batched = _load(path)
    for cls in (Unit, Project, IncomeLine, ExpenditureLine):
        assert list(batched.records(cls).items()) == list(whole.records(cls).items())
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE expenditure_line SET amount_fen = -9223372036854775808 WHERE id = 2")
    conn.close()
    with pytest.raises(DepartmentFileError, match="编号为 2 的行的金额超出范围"):
        _load(path)


def test_loaded_records_share_equal_texts(tmp_path):
    """SQLite makes a new str per value; the loader gives equal values one object, so the
    320,000 lines of a large department hold their few thousand codes once."""
    path = tmp_path / "t.budget"
    _write(path)
    ledger = _load(path)
    unit = ledger.units["030001"]
    income = list(ledger.income_lines.values())
    lines = list(ledger.expenditure_lines.values())
    assert lines[0].unit_code is lines[1].unit_code is income[0].unit_code is unit.code
    assert lines[0].function_code is lines[1].function_code is income[1].function_code
    assert lines[0].fund_source is lines[1].fund_source is income[0].fund_source
    assert ledger.projects["P01"].code is lines[1].project_code
    assert not hasattr(unit, "__dict__") and not hasattr(lines[0], "__dict__")  # __slots__


def test_a_key_stored_twice_is_refused_across_batches(monkeypatch):
    """A key met again in a later batch is named, as one met twice in one batch."""
    from desktop.models import records_load
    from desktop.record_fields import DECLARATIONS

    monkeypatch.setattr(records_load, "FETCH_ROWS", 2)
    raw = sqlite3.connect(":memory:")
    raw.execute("CREATE TABLE unit (code TEXT, name TEXT, kind TEXT, sort_order INTEGER)")
    raw.executemany(
        "INSERT INTO unit VALUES (?, ?, ?, ?)",
        [("001", "甲", "agency", 1), ("002", "乙", "agency", 2), ("001", "丙", "agency", 3)],
    )
    decl = next(d for d in DECLARATIONS if d.record is Unit)
    with pytest.raises(DepartmentFileError, match="编号为 '001' 的行出现了不止一次"):
        records_load._load_table(raw, decl, {})
    raw.execute("DELETE FROM unit WHERE name = '丙'")
    loaded = records_load._load_table(raw, decl, {})
    assert loaded == {"001": Unit("001", "甲", "agency", 1), "002": Unit("002", "乙", "agency", 2)}
