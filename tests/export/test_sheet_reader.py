"""The fast flat-sheet reader yields exactly what openpyxl's read-only iter_rows yields."""

from __future__ import annotations

import datetime
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import benchmarks.generate as generate_module
from desktop.export import importer
from desktop.export.flat_final import FINAL_NAMES
from desktop.export.profile import load_profile
from desktop.export.service import run_export
from desktop.export.sheet_reader import fast_rows
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.money import format_amount
from desktop.tables.engine import Rollup

PROFILES = ["hunan-default", "bureau-flat-first"]
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _read_only(path: Path):  # noqa: ANN202 - openpyxl workbook
    return openpyxl.load_workbook(path, read_only=True, data_only=True)


def _export(source: Path, out: Path, profile: str = "hunan-default") -> Path:
    dfile = DepartmentFile.open(source, readonly=True)
    try:
        ledger = Ledger(dfile)
        run_export(dfile, ledger, Rollup(ledger), xlsx_path=out, draft=True, profile_id=profile)
    finally:
        dfile.close()
    return out


def _expenditure_total(source: Path) -> int:
    dfile = DepartmentFile.open(source, readonly=True)
    try:
        return sum(line.amount for line in Ledger(dfile).expenditure_lines.values())
    finally:
        dfile.close()


def _unit_codes(source: Path) -> list[str]:
    dfile = DepartmentFile.open(source, readonly=True)
    try:
        return list(Ledger(dfile).units)
    finally:
        dfile.close()


def _same_as_openpyxl(path: Path, sheets: list[str], min_row: int) -> dict[str, list[tuple]]:
    """Every sheet read both ways (two workbooks: no shared reader state); the fast rows."""
    fast_wb, slow_wb = _read_only(path), _read_only(path)
    found = {}
    try:
        for name in sheets:
            rows = fast_rows(fast_wb[name], min_row)
            assert rows is not None, name
            found[name] = list(rows)
            expected = list(slow_wb[name].iter_rows(min_row=min_row, values_only=True))
            assert found[name] == expected, name
    finally:
        fast_wb.close()
        slow_wb.close()
    return found


def _budget_flat_sheets(spec) -> list:  # noqa: ANN001 - a Profile
    """The flat sheets a budget file's workbook has (its 决算 sheets are left out)."""
    return [s for s in spec.flat_sheets() if s.dataset not in FINAL_NAMES]


@pytest.mark.parametrize("profile", PROFILES)
def test_demo_flat_sheets_read_as_openpyxl_reads_them(tmp_path, demo_path, profile):
    out = _export(demo_path, tmp_path / "demo.xlsx", profile)
    spec = load_profile(profile)
    flat = [s.name for s in _budget_flat_sheets(spec)]
    rows = _same_as_openpyxl(out, flat, spec.flat_header_row)
    sheet = next(s for s in spec.flat_sheets() if s.dataset == "expenditure_lines")
    header, body = rows[sheet.name][0], rows[sheet.name][1:]
    titles = {c.field: c.title for c in sheet.columns}
    amount, unit = header.index(titles["amount"]), header.index(titles["unit_code"])
    total = sum(Decimal(repr(r[amount])) for r in body if r[amount] is not None)
    # The seed's expenditure total: 289.79 万元, to the 分 what the demo file holds.
    assert format_amount(int(total * 100)) == "289.79"
    assert int(total * 100) == _expenditure_total(demo_path)
    assert {r[unit] for r in body} == set(_unit_codes(demo_path))  # codes stay text
    # Every other sheet too, from the first row (titles, merged headers, the cover).
    wb = _read_only(out)
    names = wb.sheetnames
    wb.close()
    _same_as_openpyxl(out, names, 1)


def _generated_workbook(tmp_path: Path, lines: int) -> Path:
    source = tmp_path / "generated.budget"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generate_module, "LINES", lines)
        generate_module.generate(source, seed=1)
    return _export(source, tmp_path / "generated.xlsx")


def _check_generated(path: Path, lines: int) -> None:
    spec = load_profile("hunan-default")
    rows = _same_as_openpyxl(path, [s.name for s in _budget_flat_sheets(spec)], 1)
    assert len(rows["支出明细"]) == lines + 1  # and the header row
    assert rows["单位"][1][:2] == ("900001", "基准单位001")


def test_generated_flat_sheets_read_as_openpyxl_reads_them(tmp_path):
    _check_generated(_generated_workbook(tmp_path, 1500), 1500)


@pytest.mark.slow
def test_large_generated_flat_sheets_read_as_openpyxl_reads_them(tmp_path):
    _check_generated(_generated_workbook(tmp_path, generate_module.LINES), generate_module.LINES)


# A hand-built sheet: shared strings, plain and rich inline strings, numbers, booleans, cached
# text results, gap rows and a row with one cell.
SHARED = ["编码", "名称", "金额"]
ROWS = {
    1: '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>',
    2: '<c r="A2" t="inlineStr"><is><t>030001</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t xml:space="preserve"> 科技局 </t></is></c>'
    '<c r="C2"><v>1234.5</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="str"><v>现金</v></c>',
    4: '<c r="A4" t="inlineStr"><is><r><rPr><b/></rPr><t>甲</t></r>'
    '<r><t xml:space="preserve"> 乙</t></r></is></c>'
    '<c r="B4" t="s"><v>1</v></c><c r="C4" t="n"><v>427500</v></c>'
    '<c r="D4" t="b"><v>0</v></c><c r="E4"><v>1E3</v></c>',
    5: "",
    6: '<c r="B6" t="inlineStr"/><c r="C6" s="0"><v>-0.01</v></c><c r="D6"/>',
}
EXPECTED = [
    ("编码", "名称", "金额", None, None),
    ("030001", " 科技局 ", 1234.5, True, "现金"),
    (None, None, None, None, None),
    ("甲 乙", "名称", 427500, False, 1000.0),
    (None, None, None, None, None),
    (None, None, -0.01, None, None),
]


PACKAGE_NS = "http://schemas.openxmlformats.org/package/2006"
DOC_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PACKAGE = {
    "[Content_Types].xml": f'<Types xmlns="{PACKAGE_NS}/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHEET_TYPE}.sharedStrings+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{SHEET_TYPE}.styles+xml"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{PACKAGE_NS}/relationships">'
    f'<Relationship Id="rId1" Type="{DOC_NS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>",
    "xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}" xmlns:r="{DOC_NS}"><sheets>'
    '<sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE_NS}/relationships">'
    f'<Relationship Id="rId1" Type="{DOC_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    f'<Relationship Id="rId3" Type="{DOC_NS}/styles" Target="styles.xml"/></Relationships>',
    # Style 1 is a date (built-in number format 14).
    "xl/styles.xml": f'<styleSheet xmlns="{MAIN_NS}"><fonts count="1"><font/></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/>'
    '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>",
    "xl/sharedStrings.xml": f'<sst xmlns="{MAIN_NS}" count="3" uniqueCount="3">'
    + "".join(f"<si><t>{s}</t></si>" for s in SHARED)
    + "</sst>",
}


def _hand_built(
    path: Path, rows: dict[int, str], dimension: str | None = "A1:E6", after: str = ""
) -> Path:
    """A minimal package written by hand around the sheet `rows` (row number → cells XML)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = "".join(f'<row r="{n}">{cells}</row>' for n, cells in rows.items())
    sheet = f'<worksheet xmlns="{MAIN_NS}">{dim}<sheetData>{body}</sheetData>{after}</worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in {**PACKAGE, "xl/worksheets/sheet1.xml": sheet}.items():
            package.writestr(name, text.encode())
    return path


def test_hand_built_sheet_values_and_types(tmp_path):
    path = _hand_built(tmp_path / "hand.xlsx", ROWS)
    rows = _same_as_openpyxl(path, ["数据"], 1)["数据"]
    assert rows == EXPECTED
    assert [type(v) for v in rows[3][2:]] == [int, bool, float]
    for start in (2, 3, 5, 6, 7):
        assert _same_as_openpyxl(path, ["数据"], start)["数据"] == EXPECTED[start - 1 :]


@pytest.mark.parametrize("dimension", ["A1:E8", "A1:C4", "B2:E6", None])
def test_hand_built_sheet_with_other_dimensions(tmp_path, dimension):
    path = _hand_built(tmp_path / "hand.xlsx", ROWS, dimension)
    rows = _same_as_openpyxl(path, ["数据"], 1)["数据"]
    if dimension == "A1:C4":  # openpyxl cuts to the declared size
        assert rows == [r[:3] for r in EXPECTED[:4]]
    if dimension is None:  # no size: each row as long as its last cell, gaps as empty lists
        assert rows[2] == [] and rows[5] == (None, None, -0.01, None)


@pytest.mark.parametrize(
    ("cell", "column", "openpyxl_value"),
    [
        ('<c r="C2"><f>A2*2</f><v>2469</v></c>', 2, 2469),
        ('<c r="C2" t="d"><v>2025-01-01T00:00:00</v></c>', 2, datetime.datetime(2025, 1, 1)),
        ('<c r="C2" s="1"><v>45658</v></c>', 2, datetime.datetime(2025, 1, 1)),
        ('<c r="C2" t="e"><v>#N/A</v></c>', 2, "#N/A"),
        ('<c t="inlineStr"><is><t>无引用</t></is></c>', 0, "无引用"),
    ],
    ids=["formula", "iso-date", "styled-date", "error", "no-reference"],
)
def test_cells_only_openpyxl_reads_make_the_reader_step_back(
    tmp_path, cell, column, openpyxl_value
):
    path = _hand_built(tmp_path / "hand.xlsx", {1: ROWS[1], 2: cell})
    wb = _read_only(path)
    try:
        assert 1 in wb._date_formats  # the style the styled date uses
        assert fast_rows(wb["数据"], 1) is None
        rows = list(wb["数据"].iter_rows(min_row=1, values_only=True))
    finally:
        wb.close()
    assert rows[0][:3] == ("编码", "名称", "金额")
    assert rows[1][column] == openpyxl_value


def test_what_openpyxl_refuses_outside_the_rows_is_still_refused(tmp_path):
    path = _hand_built(tmp_path / "hand.xlsx", ROWS, after='<pageMargins left="宽"/>')
    wb = _read_only(path)
    try:
        assert fast_rows(wb["数据"], 1) is None
        with pytest.raises(TypeError):
            list(wb["数据"].iter_rows(min_row=1, values_only=True))
    finally:
        wb.close()


def _read_all(path: Path) -> tuple:
    department, profile, rows, origins, stored = importer.read_workbook(path)
    return department, profile.id, rows, origins, stored


@pytest.mark.parametrize("profile", PROFILES)
def test_import_reads_the_same_with_and_without_the_fast_reader(
    tmp_path, demo_path, profile, monkeypatch
):
    out = _export(demo_path, tmp_path / "demo.xlsx", profile)
    used = []

    def counting(ws, min_row):  # noqa: ANN001, ANN202
        rows = fast_rows(ws, min_row)
        used.append(rows is not None)
        return rows

    monkeypatch.setattr(importer, "fast_rows", counting)
    fast = _read_all(out)
    assert used and all(used)
    assert len(used) == len(_budget_flat_sheets(load_profile(profile)))
    monkeypatch.setattr(importer, "fast_rows", lambda ws, min_row: None)
    assert _read_all(out) == fast
    assert len(fast[2]["expenditure_lines"]) > 0


def _both_ways(path: Path, sheet: str) -> tuple[list, list]:
    """The sheet read by the regular expressions and by the lxml tree (raises if the first
    steps back)."""
    from desktop.export import sheet_reader

    wb = _read_only(path)
    try:
        ws = wb[sheet]
        return sheet_reader._read_plain(ws, 1, wb), sheet_reader._read_tree(ws, 1, wb)
    finally:
        wb.close()


def test_exported_sheets_are_read_without_a_tree(tmp_path, demo_path):
    out = _export(demo_path, tmp_path / "demo.xlsx")
    wb = _read_only(out)
    names = wb.sheetnames
    wb.close()
    for name in names:  # cover, table sheets (SheetML spliced in), form and flat sheets
        plain, tree = _both_ways(out, name)
        assert plain == tree, name
        assert [[type(v) for v in r] for r in plain] == [[type(v) for v in r] for r in tree]
    plain, _ = _both_ways(out, "支出明细")
    assert len(plain) == 1 + 33  # the header row and the demo's 33 expenditure lines


def test_references_in_text_are_resolved_as_a_parser_does(tmp_path):
    text = "A&amp;B &lt;x&gt; &quot;引&apos;号&quot;&#13;&#x4E2D;&#25991;"
    rows = {
        1: ROWS[1],
        2: f'<c r="A2" t="inlineStr"><is><t>{text}</t></is></c><c r="B2"><v>-7</v></c>',
    }
    path = _hand_built(tmp_path / "refs.xlsx", rows, "A1:C2")
    plain, tree = _both_ways(path, "数据")
    assert plain == tree
    assert plain[1] == ('A&B <x> "引\'号"\r中文', -7, None)
    assert _same_as_openpyxl(path, ["数据"], 1)["数据"] == plain


def test_rich_text_sends_the_sheet_to_the_tree_reader(tmp_path):
    from desktop.export import sheet_reader

    path = _hand_built(tmp_path / "hand.xlsx", ROWS)
    with pytest.raises(sheet_reader._Unsupported):
        _both_ways(path, "数据")
    assert _same_as_openpyxl(path, ["数据"], 1)["数据"] == EXPECTED
