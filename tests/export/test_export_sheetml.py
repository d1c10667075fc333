"""The streaming SheetML writer of the flat sheets: what openpyxl (and LibreOffice) read back."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

import desktop.export.workbook as workbook_module
from desktop.errors import BudgetError
from desktop.export.flat_final import FINAL_NAMES
from desktop.export.profile import load_profile
from desktop.export.service import run_export
from desktop.export.sheetml import (
    BodyColumn,
    SheetTextError,
    can_splice,
    escape_text,
    number_text,
    splice_rows,
)
from desktop.records import ExpenditureLine, Project, Unit
from desktop.tables.engine import Rollup

TITLES = ["编码", "名称", "金额（元）"]
# Values that trip a naive writer: markup, CR, edge whitespace, formula and error look-alikes,
# characters outside the BMP, and the number forms the flat sheets carry.
ROWS = [
    ["030001", "基本工资 & <津贴> “补助”", Decimal("427500.00")],
    ["030002", "  前后空格  ", Decimal("1234.50")],
    ["=SUM(A1:A9)", "第一行\r\n第二行\n第三行", Decimal("-0.05")],
    ["#N/A", "@特定", Decimal("9876543210123.45")],
    ["+1", "-2 😀 𠀋", 7],
    ["", None, "12345678901234567.00"],  # too many digits for a number: kept as text
    ["0010", "\t制表符", Decimal("0.00")],
]


def _write(path, rows, first_row: int = 2, header_rows: int = 1) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("明细")
    ws.freeze_panes = f"A{header_rows + 1}"
    ws.print_title_rows = f"{header_rows}:{header_rows}"
    for _ in range(header_rows - 1):
        ws.append(["说明行"])
    head = []
    for title in TITLES:
        cell = WriteOnlyCell(ws, title)
        cell.font = Font(bold=True)
        head.append(cell)
    ws.append(head)
    probe = WriteOnlyCell(ws)
    probe.number_format = "#,##0.00"
    assert can_splice(ws)
    columns = [BodyColumn(t, probe.style_id) for t in TITLES]
    assert splice_rows(ws, rows, first_row, columns) == len(rows)
    wb.save(path)


@pytest.mark.parametrize("read_only", [False, True])
def test_values_types_and_formats_read_back(tmp_path, read_only):
    out = tmp_path / "rows.xlsx"
    _write(out, ROWS)
    wb = openpyxl.load_workbook(out, read_only=read_only)
    ws = wb["明细"]
    got = [list(r) for r in ws.iter_rows(min_row=2, max_col=3, values_only=True)]
    assert got == [
        ["030001", "基本工资 & <津贴> “补助”", 427500],
        ["030002", "  前后空格  ", 1234.5],
        ["=SUM(A1:A9)", "第一行\r\n第二行\n第三行", -0.05],
        ["#N/A", "@特定", 9876543210123.45],
        ["+1", "-2 😀 𠀋", 7],
        [None, None, "12345678901234567.00"],
        ["0010", "\t制表符", 0],
    ]
    assert type(got[0][2]) is int and type(got[1][2]) is float
    if read_only:
        return
    # Text stays text (never a formula or an error value); numbers carry the amount format.
    assert [ws.cell(r, 1).data_type for r in (2, 4, 5, 6)] == ["s", "s", "s", "s"]
    assert ws["C2"].number_format == "#,##0.00" and ws["C2"].data_type == "n"
    assert ws["C7"].data_type == "s" and ws["C7"].number_format == "General"
    assert ws["A1"].font.b and ws["A1"].value == "编码"  # openpyxl's header row is kept
    assert ws.freeze_panes == "A2" and ws.print_title_rows == "$1:$1"
    assert ws.max_row == 8 and ws["A7"].value is None and ws["B7"].value is None


def test_rows_follow_several_header_rows(tmp_path):
    out = tmp_path / "two.xlsx"
    _write(out, ROWS[:2], first_row=3, header_rows=2)
    ws = openpyxl.load_workbook(out)["明细"]
    assert [c.value for c in ws[1]][0] == "说明行"
    assert [c.value for c in ws[2]] == TITLES
    assert [c.value for c in ws[3]] == ["030001", "基本工资 & <津贴> “补助”", 427500]
    assert ws.max_row == 4


def test_no_rows_leaves_the_header(tmp_path):
    out = tmp_path / "empty.xlsx"
    _write(out, [])
    ws = openpyxl.load_workbook(out)["明细"]
    assert ws.max_row == 1 and [c.value for c in ws[1]] == TITLES


@pytest.mark.parametrize(
    ("text", "why"),
    [("备注\x07响铃", "含有不可见的控制字符"), ("长" * 32768, "超过 32767 个字符")],
)
def test_text_excel_cannot_hold_is_refused_by_cell(tmp_path, text, why):
    with pytest.raises(SheetTextError) as info:
        _write(tmp_path / "bad.xlsx", [ROWS[0], ["030003", text, 1]])
    assert str(info.value).startswith(f"工作表“明细”第 3 行 B 列（名称）的内容{why}")


def test_longest_text_excel_holds_is_kept(tmp_path):
    out = tmp_path / "long.xlsx"
    _write(out, [["030001", "长" * 32767, 1]])
    assert openpyxl.load_workbook(out)["明细"]["B2"].value == "长" * 32767


def test_number_and_text_forms():
    assert number_text(Decimal("427500.00")) == "427500"
    assert number_text(Decimal("1234.50")) == "1234.5"
    assert number_text(Decimal("-0.05")) == "-0.05"
    assert number_text(Decimal("-0.00")) == "0"
    assert number_text(Decimal("1E+2")) == "100"
    assert number_text(-12) == "-12"
    for bad in (True, 1.5, "1"):
        with pytest.raises(TypeError):
            number_text(bad)
    with pytest.raises(ValueError):
        number_text(Decimal("NaN"))
    assert escape_text("a&b<c>d\r\ne") == "a&amp;b&lt;c&gt;d&#13;\ne"


def _flat_cells(path) -> dict:
    wb = openpyxl.load_workbook(path)
    out = {}
    for sheet in load_profile().flat_sheets():
        if sheet.dataset in FINAL_NAMES:  # a budget file has no 决算 sheets
            assert sheet.name not in wb.sheetnames
            continue
        ws = wb[sheet.name]
        name = sheet.name
        out[name] = [
            [(c.value, c.number_format, c.font.b) for c in row]
            for row in ws.iter_rows(max_col=ws.max_column)
        ]
    return out


def test_streamed_sheets_equal_openpyxl_cells(tmp_path, demo_ledger, monkeypatch):
    """The same department written through the writer and cell by cell through openpyxl."""
    demo_ledger.add(
        Project("P-X", "030001", "=1+1 <项目>", "@类别", goal=" 目标\r\n第二行 "),
        ExpenditureLine(
            None, "030001", "2060101", "30201", "gp_appropriation", "operating", "", 5, "#N/A"
        ),
    )
    rollup = Rollup(demo_ledger)
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    run_export(demo_ledger.file, demo_ledger, rollup, xlsx_path=fast, draft=True)
    monkeypatch.setattr(workbook_module, "can_splice", lambda ws: False)
    run_export(demo_ledger.file, demo_ledger, rollup, xlsx_path=slow, draft=True)
    streamed, cells = _flat_cells(fast), _flat_cells(slow)
    assert streamed == cells
    rows = streamed["支出明细"]
    assert rows[0][0] == ("单位编码", "General", True)
    amount = [c[0] for c in rows[0]].index("金额（元）")
    assert rows[1][amount] == (427500, "#,##0.00", False)  # 42.75 万元, seed table 10
    added = next(r for r in rows if r[-1][0] == "#N/A")
    assert added[amount] == (0.05, "#,##0.00", False)
    titles = [c[0] for c in streamed["项目"][0]]
    project = dict(zip(titles, next(r for r in streamed["项目"] if r[0][0] == "P-X"), strict=True))
    assert project["项目名称"][0] == "=1+1 <项目>" and project["项目类别"][0] == "@类别"
    assert project["绩效目标"][0] == " 目标\r\n第二行 "
    # Streamed text is always a string cell: not a formula, not Excel's #N/A error value.
    ws = openpyxl.load_workbook(fast)["支出明细"]
    assert {c.data_type for c in ws["K"][1:] if c.value is not None} == {"s"}


@pytest.mark.slow
def test_libreoffice_reads_the_streamed_rows(tmp_path):
    # Runs everywhere: dev.sh installs libreoffice-calc-nogui with the other system packages.
    assert shutil.which("soffice"), (
        "LibreOffice is missing: run ./dev.sh setup (libreoffice-calc-nogui)"
    )
    out = tmp_path / "rows.xlsx"
    _write(out, ROWS)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "lo"),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    ws = openpyxl.load_workbook(tmp_path / "lo" / "rows.xlsx")["明细"]
    assert [c.value for c in ws[1]] == TITLES
    got = [list(r) for r in ws.iter_rows(min_row=2, max_col=3, values_only=True)]
    assert got[0] == ["030001", "基本工资 & <津贴> “补助”", 427500]
    assert got[2][0] == "=SUM(A1:A9)" and got[2][2] == -0.05
    assert got[3] == ["#N/A", "@特定", 9876543210123.45]
    assert got[5] == [None, None, "12345678901234567.00"]
    assert ws["C2"].number_format == "#,##0.00"


def test_control_character_refuses_the_export(tmp_path, demo_ledger):
    rollup = Rollup(demo_ledger)
    out = tmp_path / "bad.xlsx"
    line = ExpenditureLine(
        None, "030001", "2060101", "30201", "gp_appropriation", "operating", "", 5, "备注\x07"
    )
    demo_ledger.add(line)
    with pytest.raises(BudgetError, match=r"第 \d+ 行 K 列（备注）的内容含有不可见的控制字符"):
        run_export(demo_ledger.file, demo_ledger, rollup, xlsx_path=out, draft=True)
    demo_ledger.remove(next(x for x in demo_ledger.expenditure_lines.values() if x.amount == 5))
    demo_ledger.add(Unit("030199", "单位\x07", "agency", 99), replace(line, unit_code="030199"))
    # The table's rows are written as SheetML text too: the message names the cell.
    with pytest.raises(
        BudgetError, match=r"工作表“03支出总表”第 \d+ 行 E 列（科目名称）的内容含有不可见的控制字符"
    ):
        run_export(demo_ledger.file, demo_ledger, rollup, xlsx_path=out, draft=True)
    assert not out.exists() and not list(tmp_path.glob(".bad.xlsx*"))


def test_rows_written_in_one_pass_or_cell_by_cell_alike():
    """A row whose texts need no care is written in one pass; one with white space at an end,
    markup or a carriage return cell by cell. Both give the cells openpyxl would write."""
    from desktop.export.sheetml import _RowWriter

    writer = _RowWriter("明细", [BodyColumn(t, 5 if t == "金额（元）" else None) for t in TITLES])
    assert writer.row(7, ["030001", "基本工资", Decimal("427500.00")]) == (
        '<row r="7"><c r="A7" t="inlineStr"><is><t>030001</t></is></c>'
        '<c r="B7" t="inlineStr"><is><t>基本工资</t></is></c>'
        '<c r="C7" s="5" t="n"><v>427500</v></c></row>'
    )
    assert writer.row(8, ["030002", " 津贴\r", Decimal("0.00")]) == (
        '<row r="8"><c r="A8" t="inlineStr"><is><t>030002</t></is></c>'
        '<c r="B8" t="inlineStr"><is><t xml:space="preserve"> 津贴&#13;</t></is></c>'
        '<c r="C8" s="5" t="n"><v>0</v></c></row>'
    )
    assert writer.row(9, ["", "A & B", None]) == (
        '<row r="9"><c r="B9" t="inlineStr"><is><t>A &amp; B</t></is></c></row>'
    )
    grid = _RowWriter("表", [BodyColumn(t) for t in TITLES])
    assert grid.styled_row(4, [("合计", 3), None, (Decimal("12.50"), 4)]) == (
        '<row r="4"><c r="A4" s="3" t="inlineStr"><is><t>合计</t></is></c>'
        '<c r="C4" s="4" t="n"><v>12.5</v></c></row>'
    )
    assert grid.styled_row(5, [("<合计>", 3), ("", 3), (7, 4)]) == (
        '<row r="5"><c r="A5" s="3" t="inlineStr"><is><t>&lt;合计&gt;</t></is></c>'
        '<c r="B5" s="3" t="n"></c><c r="C5" s="4" t="n"><v>7</v></c></row>'
    )


def _sheet_cells(path, names) -> dict:
    """Every cell of the named sheets: value, type, number format, font, alignment, border, fill."""
    wb = openpyxl.load_workbook(path)
    return {
        name: [
            [
                (
                    c.value,
                    c.data_type,
                    c.number_format,
                    c.font.b,
                    c.font.sz,
                    c.alignment.horizontal,
                    c.alignment.wrap_text,
                    c.border.left.style,
                    c.fill.fgColor.rgb,
                )
                for c in row
            ]
            for row in wb[name].iter_rows(max_col=wb[name].max_column)
        ]
        + [sorted(str(r) for r in wb[name].merged_cells.ranges)]
        for name in names
    }


@pytest.mark.parametrize("kind", ["budget", "final"])
def test_streamed_table_sheets_equal_openpyxl_cells(tmp_path, monkeypatch, kind):
    """Every standard table's body streamed from its result rows, cell for cell what openpyxl
    writes from the printed grid (figures in 万元, blanks, looks, merges)."""
    from desktop.demo import write_demo
    from desktop.demo_final import write_final_demo
    from desktop.ledger import Ledger

    dfile = (write_demo if kind == "budget" else write_final_demo)(tmp_path / "d.budget")
    try:
        ledger = Ledger(dfile)
        if kind == "budget":  # a unit whose name needs care in SheetML: its rows the careful way
            ledger.add(
                Unit("030199", " 甲&乙 <单位>\r", "agency", 99),
                ExpenditureLine(
                    None, "030199", "2060101", "30201", "gp_appropriation", "operating", "", 5, ""
                ),
            )
        rollup = Rollup(ledger)
        fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
        run_export(dfile, ledger, rollup, xlsx_path=fast, draft=True)
        monkeypatch.setattr(workbook_module, "can_splice", lambda ws: False)
        run_export(dfile, ledger, rollup, xlsx_path=slow, draft=True)
    finally:
        dfile.close()
    flat = {s.name for s in load_profile().flat_sheets()}
    names = [n for n in openpyxl.load_workbook(fast, read_only=True).sheetnames if n not in flat]
    streamed, cells = _sheet_cells(fast, names[1:]), _sheet_cells(slow, names[1:])  # not the cover
    assert len(streamed) >= (21 if kind == "budget" else 11)
    assert streamed == cells
    figures = [
        c for rows in streamed.values() for row in rows[:-1] for c in row if c[2] != "General"
    ]
    assert len(figures) > 100 and {c[2] for c in figures} == {"#,##0.00"}
    if kind == "budget":
        texts = {c[0] for rows in streamed.values() for row in rows[:-1] for c in row}
        assert " 甲&乙 <单位>\r" in texts  # kept as it is, white space and all


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (28_979_000, "28.98"),  # 289,790.00 元
        (42_750_000, "42.75"),  # 427,500.00 元 (seed table 10)
        (5_000, "0.01"),  # half a hundredth of 万元 rounds away from zero
        (4_999, "0"),
        (-4_999, "-0"),  # prints -0.00: openpyxl writes the float -0.0
        (-5_000, "-0.01"),
        (123_456_789_012_345_678, "123456789012.35"),
    ],
)
def test_wan_number_is_what_openpyxl_writes_for_the_printed_figure(fen, text):
    from desktop.export.workbook_grid import wan_number
    from desktop.money import DisplayUnit, format_amount

    assert wan_number(fen) == text
    printed = Decimal(format_amount(fen, DisplayUnit.WAN_YUAN).replace(",", ""))
    assert text == "%.16g" % printed  # noqa: UP031 - openpyxl's own formatting of a number
