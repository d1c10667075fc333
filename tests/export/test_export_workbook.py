"""The bureau's workbook: sheets by profile, tables as printed, flat data, cover and print setup."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from desktop.export.digest import flat_digest
from desktop.export.explanations_io import read_explanations
from desktop.export.flat import flat_rows
from desktop.export.profile import ProfileError, load_profile, parse_profile
from desktop.export.service import run_export
from desktop.records import Project
from desktop.tables.engine import Rollup


def _export(tmp_path, ledger, profile="hunan-default", draft=True, name="out.xlsx"):
    out = tmp_path / name
    rollup = Rollup(ledger)
    run_export(ledger.file, ledger, rollup, xlsx_path=out, draft=draft, profile_id=profile)
    return out


def test_default_profile_layout(tmp_path, demo_ledger):
    wb = openpyxl.load_workbook(_export(tmp_path, demo_ledger))
    assert wb.sheetnames[0] == "封面"
    assert wb.sheetnames[1:4] == ["01收支总表", "02收入总表", "03支出总表"]
    assert wb.sheetnames[-13:] == [
        "单位",
        "项目",
        "收入明细",
        "支出明细",
        "控制数",
        "上年数",
        "出错说明",
        "部门职责",
        "内设机构",
        "人员编制",
        "政府采购",
        "国有资产",
        "主要原因",
    ]
    ws = wb["07一般公共预算支出表"]
    assert ws["A1"].value == "一般公共预算支出表"
    assert ws["A2"].value == "单位：030_株洲市荷塘区科技和工业信息化局"
    assert ws["K2"].value == "金额单位：万元"
    merged = {str(r) for r in ws.merged_cells.ranges}
    # 功能科目 over 类/款/项, 基本支出 over 小计…公用经费, 人员经费 over its two columns,
    # single columns spanning the three header rows.
    assert {"A3:C4", "F3:F5", "G3:J3", "H4:I4", "K3:K5"} <= merged
    assert [ws.cell(5, c).value for c in range(1, 4)] == ["类", "款", "项"]
    assert ws.print_title_rows == "$3:$5"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    total = [ws.cell(6, c).value for c in range(5, 12)]
    assert total[0] == "合计"
    assert [Decimal(str(v)) for v in total[1:]] == [
        Decimal(x) for x in ("289.79", "254.79", "195.30", "31.08", "28.40", "35.00")
    ]
    assert ws.cell(6, 6).number_format == "#,##0.00"
    portrait = wb["08一般公共预算基本支出表"]
    assert portrait.page_setup.orientation == "portrait"
    empty = wb["16政府性基金支出表"]
    assert [empty.cell(6, c).value for c in range(1, 5)] == [None, "合计", 0, None]
    assert empty.cell(7, 1).value == "注：如本表格为空，则表示本年度未安排此项目。"


def test_flat_sheet_has_exact_yuan(tmp_path, demo_ledger):
    wb = openpyxl.load_workbook(_export(tmp_path, demo_ledger))
    ws = wb["支出明细"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["单位编码", "功能科目编码"] and "金额（元）" in header
    first = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert first["单位编码"] == "030001" and first["功能科目编码"] == "2060101"
    assert first["经济科目名称"] == "基本工资" and first["支出类型"] == "人员经费"
    assert first["金额（元）"] == 427500  # 42.75 万元 of seed table 10
    assert ws.max_row == 1 + len(demo_ledger.expenditure_lines)
    total = sum(
        Decimal(str(r[header.index("金额（元）")]))
        for r in ws.iter_rows(min_row=2, values_only=True)
    )
    assert total == Decimal("2897855.86")  # 289.785586 万元, printed 289.79


def test_cover_carries_digest_and_counts(tmp_path, demo_ledger):
    out = _export(tmp_path, demo_ledger)
    ws = openpyxl.load_workbook(out)["封面"]
    cover = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    rows = flat_rows(demo_ledger, read_explanations(demo_ledger.file))
    assert cover["数据摘要（SHA-256）"] == flat_digest(demo_ledger.department, rows)
    assert cover["部门编码"] == "030" and cover["预算年度"] == "2025"
    assert cover["工作簿格式"] == "hunan-default"
    assert cover["行数：支出明细"] == "33" and cover["行数：收入明细"] == "12"
    assert cover["状态"].startswith("草稿")
    assert cover["软件版本"] == "部门预算编制 0.1.0"


def test_user_text_is_never_a_formula(tmp_path, demo_ledger):
    demo_ledger.add(
        Project("P-X", "030001", '=HYPERLINK("http://x")', "@特定", goal="+1 -2", period="-")
    )
    wb = openpyxl.load_workbook(_export(tmp_path, demo_ledger))
    row = next(r for r in wb["项目"].iter_rows(min_row=2) if r[0].value == "P-X")
    assert row[2].value == '=HYPERLINK("http://x")' and row[2].data_type == "s"
    assert row[3].value == "@特定" and row[3].data_type == "s"
    assert row[7].value == "+1 -2" and row[6].value == "-"


def test_second_profile_changes_layout_not_data(tmp_path, demo_ledger):
    a = _export(tmp_path, demo_ledger, "hunan-default", name="a.xlsx")
    b = _export(tmp_path, demo_ledger, "bureau-flat-first", name="b.xlsx")
    wa, wb = openpyxl.load_workbook(a), openpyxl.load_workbook(b)
    assert wb.sheetnames[:3] == ["说明", "DATA_支出", "DATA_收入"]
    assert "表14" not in wb.sheetnames and "表21" in wb.sheetnames
    ws = wb["表7"]
    assert not ws.merged_cells.ranges or all(r.min_row < 3 for r in ws.merged_cells.ranges)
    assert ws.cell(3, 8).value == "基本支出/人员经费/工资福利支出"
    flat = wb["DATA_支出"]
    assert flat.cell(2, 1).value == "支出金额(元)" and flat.cell(3, 1).value == 427500
    digest = {r[0]: r[1] for r in wa["封面"].iter_rows(values_only=True) if r[0]}[
        "数据摘要（SHA-256）"
    ]
    other = {r[0]: r[1] for r in wb["说明"].iter_rows(values_only=True) if r[0]}
    assert other["数据摘要（SHA-256）"] == digest


def test_profile_must_keep_every_field():
    data = {"id": "x", "sheets": [{"kind": "cover", "name": "封面"}]}
    with pytest.raises(ProfileError, match="缺少数据集"):
        parse_profile(data, "x.json")
    profile = load_profile()
    assert [s.name for s in profile.table_sheets()][:2] == ["01收支总表", "02收入总表"]
