"""The department file and the ledger: exact amounts, validation in Chinese, all-or-nothing writes."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.errors import AmountError, DepartmentFileError, LedgerError
from desktop.ledger import Ledger
from desktop.models import schema
from desktop.models.store import DepartmentFile, FileLockedError
from desktop.money import DisplayUnit, format_amount, parse_amount, yuan_str
from desktop.records import Change, ExpenditureLine, IncomeLine, Project, Unit


@pytest.fixture
def ledger(tmp_path):
    dfile = DepartmentFile.create(tmp_path / "t.budget", "030", "测试局", 2025)
    ledger = Ledger(dfile)
    ledger.add(Unit("030001", "测试局本级", "agency"))
    yield ledger
    dfile.close()


def line(**kw) -> ExpenditureLine:
    base = dict(
        id=None,
        unit_code="030001",
        function_code="2060101",
        econ_code="30101",
        fund_source="gp_appropriation",
        kind="personnel",
        amount=100_00,
    )
    base.update(kw)
    return ExpenditureLine(**base)


def count_lines(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("select count(*) from expenditure_line").fetchone()[0]


@pytest.mark.parametrize(
    ("text", "unit", "fen"),
    [
        ("289.79", DisplayUnit.WAN_YUAN, 289_790_000),
        ("0.000001", DisplayUnit.WAN_YUAN, 1),
        ("1,234.50", DisplayUnit.YUAN, 123_450),
        (" 12 ", DisplayUnit.YUAN, 1_200),
        ("-3.5", DisplayUnit.YUAN, -350),
    ],
)
def test_amounts_parse_exactly(text, unit, fen):
    assert parse_amount(text, unit) == fen


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("abc", DisplayUnit.YUAN, "不是有效的金额"),
        ("1.234", DisplayUnit.YUAN, "精确到了分以下"),
        ("0.0000001", DisplayUnit.WAN_YUAN, "精确到了分以下"),
        ("", DisplayUnit.YUAN, "不能为空"),
        ("1e5", DisplayUnit.YUAN, "不是有效的金额"),
    ],
)
def test_bad_amounts_are_refused_in_chinese(text, unit, message):
    with pytest.raises(AmountError, match=message):
        parse_amount(text, unit)


def test_display_rounds_half_up_in_wan_yuan():
    assert format_amount(254_785_000) == "254.79"  # 2,547,850.00 元
    assert format_amount(123_456_789_00, DisplayUnit.YUAN) == "123,456,789.00"
    assert yuan_str(2_897_900_00) == "2897900.00"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (line(function_code="206"), "类级科目"),
        (line(function_code="20601"), "款级科目"),
        (line(function_code="2069999999"), "不在 2025 年支出功能分类科目中"),
        (line(econ_code="301"), "类级科目"),
        (line(econ_code="30998"), "不在 2025 年部门预算支出经济分类科目中"),
        (line(econ_code="30201"), "不能列为人员经费"),
        (line(econ_code="30101", kind="operating"), "不能列为公用经费"),
        (line(unit_code="030009"), "单位“030009”不存在"),
        (line(fund_source="gp"), "汇总项"),
        (line(kind="project"), "必须指明所属项目"),
        (line(kind="project", econ_code="30201", project_code="NOPE"), "项目“NOPE”不存在"),
        (line(amount=1.5), "整数"),
    ],
)
def test_invalid_lines_are_refused_and_nothing_is_written(ledger, bad, message):
    before = count_lines(ledger.file.path)
    with pytest.raises(LedgerError, match=message):
        ledger.add(bad)
    assert count_lines(ledger.file.path) == before
    assert not ledger.expenditure_lines


def test_a_batch_is_all_or_nothing(ledger):
    ok = line()
    with pytest.raises(LedgerError):
        ledger.apply([Change(None, ok), Change(None, ok), Change(None, line(econ_code="302"))])
    assert count_lines(ledger.file.path) == 0
    assert ledger.expenditure_lines == {}
    ledger.apply([Change(None, ok), Change(None, line(note="第二行"))])
    assert count_lines(ledger.file.path) == 2


def test_identical_lines_are_refused_by_ledger_and_file(ledger):
    """Two identical lines would export as two identical rows the import refuses (重复行)."""
    first = ledger.add(line(amount=100, note="差旅"))[0]
    with pytest.raises(LedgerError, match="已有一条完全相同的支出明细.*1.00 元，备注“差旅”"):
        ledger.add(line(amount=100, note="差旅"))
    with pytest.raises(LedgerError, match="已有一条完全相同的支出明细.*100.00 元，没有备注"):
        ledger.apply([Change(None, line()), Change(None, line())])
    assert count_lines(ledger.file.path) == 1 and list(ledger.expenditure_lines) == [first.id]
    # Changing an amount or a note makes the line distinct again.
    second = ledger.add(line(amount=100, note="差旅（二）"))[0]
    with pytest.raises(LedgerError, match="1.00 元，备注“差旅”"):
        ledger.replace(second, note="差旅")
    assert ledger.expenditure_lines[second.id].note == "差旅（二）"
    # The unique index refuses them even when the ledger is bypassed.
    import sqlite3

    with sqlite3.connect(ledger.file.path) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO expenditure_line (unit_code, function_code, econ_code, fund_source, kind,"
            " project_code, amount_fen, note, sort_order) SELECT unit_code, function_code,"
            " econ_code, fund_source, kind, project_code, amount_fen, note, 9"
            f" FROM expenditure_line WHERE id = {first.id}"
        )


def test_edits_survive_reopening_and_amounts_stay_exact(tmp_path, ledger):
    added = ledger.add(line(amount=12_345_678_91))[0]
    ledger.replace(added, amount=98_765_432_10)
    ledger.add(IncomeLine(None, "030001", "2060101", "gp_appropriation", 1))
    path = ledger.file.path
    ledger.file.close()
    dfile = DepartmentFile.open(path)
    reopened = Ledger(dfile)
    assert [ln.amount for ln in reopened.expenditure_lines.values()] == [98_765_432_10]
    assert [ln.amount for ln in reopened.income_lines.values()] == [1]
    dfile.close()


def test_undo_batch_restores_the_same_ids(ledger):
    from desktop.records import inverse_of

    applied = ledger.apply([Change(None, line()), Change(None, line(amount=5))])
    ids = sorted(c.after.id for c in applied)
    ledger.apply(inverse_of(applied))
    assert ledger.expenditure_lines == {}
    redone = ledger.apply(applied)
    assert sorted(c.after.id for c in redone) == ids


def test_units_and_projects_in_use_cannot_be_deleted(ledger):
    ledger.add(Project("P1", "030001", "测试项目"))
    ledger.add(line(kind="project", econ_code="30201", project_code="P1"))
    with pytest.raises(LedgerError, match="还有"):
        ledger.remove(ledger.units["030001"])
    with pytest.raises(LedgerError, match="还有 1 条支出明细"):
        ledger.remove(ledger.projects["P1"])


def test_file_header_identifies_the_application(tmp_path):
    path = tmp_path / "h.budget"
    DepartmentFile.create(path, "030", "测试局", 2025).close()
    header = path.read_bytes()[:100]
    assert int.from_bytes(header[68:72], "big") == schema.APPLICATION_ID
    assert int.from_bytes(header[60:64], "big") == schema.SCHEMA_VERSION


def test_foreign_and_broken_files_are_refused_untouched(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table t(x)")
    junk = tmp_path / "junk.budget"
    junk.write_bytes(b"not a database at all" * 10)
    for path, message in ((other, "其他软件"), (junk, "不是部门预算文件")):
        data = path.read_bytes()
        with pytest.raises(DepartmentFileError, match=message):
            DepartmentFile.open(path)
        assert path.read_bytes() == data


def test_newer_file_version_is_refused(tmp_path):
    path = tmp_path / "new.budget"
    DepartmentFile.create(path, "030", "测试局", 2025).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"pragma user_version={schema.SCHEMA_VERSION + 1}")
    with pytest.raises(DepartmentFileError, match="更新版本"):
        DepartmentFile.open(path)


def test_create_never_overwrites(tmp_path):
    path = tmp_path / "x.budget"
    path.write_text("keep me")
    with pytest.raises(DepartmentFileError, match="已存在"):
        DepartmentFile.create(path, "030", "测试局", 2025)
    assert path.read_text() == "keep me"


def test_second_writer_is_refused_while_first_is_open(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "lock.budget"
    DepartmentFile.create(path, "030", "测试局", 2025).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys,time; from desktop.models.store import DepartmentFile as D; "
            f"d=D.open({str(path)!r}); print('open', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(FileLockedError, match="只读方式打开"):
            DepartmentFile.open(path)
        DepartmentFile.open(path, readonly=True).close()  # read-only still works
    finally:
        holder.kill()
        holder.wait()
    # the holder died without closing: its lock is stale and is cleared
    DepartmentFile.open(path).close()


def test_amount_beyond_the_limit_is_refused_and_nothing_stored(ledger):
    """The maximum amount holds in the ledger as in the parser: same message, file unchanged."""
    from desktop.money import MAX_AMOUNT_FEN

    ledger.add(line(amount=MAX_AMOUNT_FEN))
    before = count_lines(ledger.file.path)
    with pytest.raises(
        LedgerError, match="金额超出了可以记录的范围：绝对值不能超过 999,999,999,999,999.99 元"
    ):
        ledger.add(line(amount=MAX_AMOUNT_FEN + 1, econ_code="30102"))
    assert count_lines(ledger.file.path) == before
    with pytest.raises(
        AmountError, match="金额超出了可以记录的范围：绝对值不能超过 999,999,999,999,999.99 元"
    ):
        parse_amount("1000000000000000", DisplayUnit.YUAN)


def test_max_sort_order_follows_every_edit(ledger):
    """The largest line order, kept by edits, is what a pass over the lines would find (a line
    typed into the basic grid goes after it), through inserts, moves, deletes and a refused
    batch."""
    ledger.add(Unit("030002", "测试局二级", "agency"))

    def scanned() -> int:
        return max((ln.sort_order for ln in ledger.expenditure_lines.values()), default=0)

    assert ledger.max_sort_order(ExpenditureLine) == 0  # no lines yet
    a, b = ledger.add(line(sort_order=5), line(econ_code="30102", sort_order=9))
    assert ledger.max_sort_order(ExpenditureLine) == 9 == scanned()
    c = ledger.add(line(econ_code="30103", sort_order=12))[0]
    assert ledger.max_sort_order(ExpenditureLine) == 12
    c = ledger.replace(c, sort_order=3)  # the last line moved up: the next largest is 9
    assert ledger.max_sort_order(ExpenditureLine) == 9 == scanned()
    ledger.remove(b)
    assert ledger.max_sort_order(ExpenditureLine) == 5 == scanned()
    with pytest.raises(LedgerError):  # refused: memory as before, the order too
        ledger.apply(
            [Change(None, line(econ_code="30107", sort_order=40)), Change(a, None), Change(a, None)]
        )
    assert ledger.max_sort_order(ExpenditureLine) == 5 == scanned()
    ledger.remove(a, c)
    assert ledger.max_sort_order(ExpenditureLine) == 0 == scanned()
    assert ledger.max_sort_order(Unit, -1) == 0  # units have orders of their own (both 0)


def test_an_updated_line_moves_to_the_end_of_the_ledgers_order(ledger):
    """The checks keep a fund's first lines while none of them is edited
    (`CheckContext.fund_lines_kept`): that rests on the ledger storing an updated line anew,
    after every other line."""
    a, b, c = ledger.add(line(), line(econ_code="30102"), line(econ_code="30103"))
    assert list(ledger.expenditure_lines) == [a.id, b.id, c.id]
    ledger.replace(a, amount=1_00)
    assert list(ledger.expenditure_lines) == [b.id, c.id, a.id]


def test_identical_lines_are_found_when_contents_hash_alike(ledger, monkeypatch):
    """The ledger finds identical lines by the hash of their content, then compares them field
    by field: with every hash colliding, only truly identical lines are refused, and edits,
    deletions and undo keep the index right."""
    import desktop.ledger as ledger_module

    monkeypatch.setattr(ledger_module, "hash", lambda _content: 7, raising=False)
    first, second, third = ledger.add(line(note="甲"), line(note="乙"), line(note="丙"))
    with pytest.raises(LedgerError, match="已有一条完全相同的支出明细.*备注“乙”"):
        ledger.add(line(note="乙"))
    ledger.replace(second, note="丁")  # "乙" is free again, "丁" taken
    ledger.add(line(note="乙"))
    with pytest.raises(LedgerError, match="备注“丁”"):
        ledger.replace(first, note="丁")
    ledger.remove(third)
    fourth = ledger.add(line(note="丙"))[0]  # a deleted line's content may come back
    ledger.replace(fourth, note="丙")  # unchanged content: not identical to itself
    assert sorted(ln.note for ln in ledger.expenditure_lines.values()) == ["丁", "丙", "乙", "甲"]
