"""The print-ready PDF: figures read back with pdfplumber, fonts, page numbers, splits, notes."""

from __future__ import annotations

import pdfplumber
import pytest

from desktop.export.pdf import export_pdf
from desktop.records import ExpenditureLine, IncomeLine, Unit
from desktop.tables.engine import Rollup


@pytest.fixture
def demo_rollup(demo_ledger):
    return Rollup(demo_ledger)


def _texts(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_summary_figures_read_back(tmp_path, demo_ledger, demo_rollup):
    out = tmp_path / "t1.pdf"
    pages = export_pdf(out, demo_ledger.department, [demo_rollup.result(1)])
    assert pages == 2  # cover + 收支总表 on one landscape page
    text = _texts(out)[1]
    assert text.splitlines()[0] == "收支总表"
    assert "单位：030_株洲市荷塘区科技和工业信息化局" in text
    assert "金额单位：万元" in text
    lines = text.splitlines()
    # Seed 000, 收支总表, as published.
    for row in (
        "一、一般公共预算拨款收入 289.79 （一）一般公共服务支出 一、基本支出 254.79 "
        "一、机关工资福利支出 195.30",
        "专项收入 （五）教育支出 二、项目支出 35.00 五、对事业单位经常性补助",
        "国有资本经营收入 （六）科学技术支出 194.57 按项目管理的工资福利支出 六、对事业单位资本性补助",
        "政府性基金补助 （二十一）粮油物资储备支出",
        "本 年 收 入 合 计 289.79 本 年 支 出 合 计 289.79 本 年 支 出 合 计 289.79 "
        "本 年 支 出 合 计 289.79",
        "收 入 总 计 289.79 支 出 总 计 289.79 支 出 总 计 289.79 支 出 总 计 289.79",
    ):
        assert row in lines
    assert "单位负责人签字" in text and "填表人" in text and "联系电话" in text
    assert "填报日期" in text and "单位（盖章）" in text


def test_cover_lists_tables_and_pages_are_numbered(tmp_path, demo_ledger, demo_rollup):
    out = tmp_path / "all.pdf"
    pages = export_pdf(out, demo_ledger.department, demo_rollup.results())
    texts = _texts(out)
    assert len(texts) == pages
    cover = texts[0]
    assert "2025年部门预算公开表" in cover and "单位编码：030" in cover
    assert "1 收支总表" in cover and "21 专项资金预算汇总表" in cover
    for n, text in enumerate(texts, start=1):
        assert f"第 {n} 页 共 {pages} 页" in text
    assert not any("草稿" in t for t in texts)
    empty = next(t for t in texts if t.startswith("政府性基金预算支出表"))
    assert "注：如本表格为空，则表示本年度未安排此项目。" in empty
    assert "合计 0.00" in empty


def test_font_is_embedded(tmp_path, demo_ledger, demo_rollup):
    out = tmp_path / "t3.pdf"
    export_pdf(out, demo_ledger.department, [demo_rollup.result(3)])
    raw = out.read_bytes()
    assert b"/FontFile2" in raw  # TrueType program embedded
    with pdfplumber.open(out) as pdf:
        names = {c["fontname"] for c in pdf.pages[1].chars}
    assert names and all(n.endswith("WenQuanYiMicroHei-0") for n in names)
    # No font the file does not carry: not even reportlab's default Helvetica.
    assert b"/Helvetica" not in raw and raw.count(b"/BaseFont") == raw.count(b"/FontFile2")


def test_wide_table_is_split_and_stays_legible(tmp_path, demo_ledger, demo_rollup):
    out = tmp_path / "t14.pdf"
    result = demo_rollup.result(14)
    assert len(result.spec.leaf_columns) == 33
    pages = export_pdf(out, demo_ledger.department, [result])
    assert pages == 3  # cover + two column parts
    with pdfplumber.open(out) as pdf:
        sizes = [c["size"] for p in pdf.pages[1:] for c in p.chars]
        second = pdf.pages[2].extract_text()
        first = pdf.pages[1].extract_text()
    assert min(sizes) >= 6.5 - 0.01
    assert "（续）" in second and "此为第 2 部分" in second
    # code and name columns repeated in both parts; 办公费 in the first, 福利费 in the second
    for text in (first, second):
        assert "行政运行" in text and "030001" in text
    assert "办公费" in first and "福利费" in second and "9.91" in second


def test_draft_marks_every_page(tmp_path, demo_ledger, demo_rollup):
    out = tmp_path / "draft.pdf"
    export_pdf(out, demo_ledger.department, demo_rollup.results()[:3], draft=True)
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages:
            marks = [c for c in page.chars if c["text"] in "草稿" and c["size"] > 50]
            assert len(marks) == 2


def test_rounding_note_printed_when_parts_do_not_add_up(tmp_path, demo_ledger, demo_rollup):
    base = dict(unit_code="030001", function_code="2060101", fund_source="gp_appropriation")
    demo_ledger.add(
        ExpenditureLine(None, econ_code="30201", kind="operating", amount=5000, **base),
        ExpenditureLine(None, econ_code="30202", kind="operating", amount=5000, **base),
        IncomeLine(None, amount=10000, **base),
    )
    out = tmp_path / "tail.pdf"
    export_pdf(out, demo_ledger.department, [demo_rollup.result(14), demo_rollup.result(3)])
    texts = _texts(out)
    note = "注：本表金额按万元保留两位小数，部分合计与分项之和存在尾差。"
    assert note in texts[2]  # after the second part of table 14
    # 支出总表 prints the publication's own tails (206 科学技术支出 194.57 from 116.81 + 35.00
    # + 42.77 printed): the note stands there too.
    assert note in texts[3]


def _add_units(ledger, count: int) -> None:
    """`count` more units, each with one 公用经费 line: tables 3 and 7 run over several pages."""
    records = []
    for i in range(count):
        code = f"030{i + 100:03d}"
        records.append(Unit(code, f"测试单位{i}", "agency", i + 10))
        records.append(
            ExpenditureLine(
                None, code, "2060101", "30201", "gp_appropriation", "operating", "", 123456
            )
        )
    ledger.add(*records)


def test_long_table_repeats_header_on_every_page(tmp_path, demo_ledger, demo_rollup):
    _add_units(demo_ledger, 60)
    out = tmp_path / "long.pdf"
    pages = export_pdf(out, demo_ledger.department, [demo_rollup.result(3)])
    texts = _texts(out)
    assert pages >= 4
    for text in texts[1:]:
        assert "科目编码 科目名称 合计 基本支出 项目支出" in text.replace("\n", " ")
    assert "单位负责人签字" in texts[-1]


def test_continuation_pages_repeat_title_and_unit_line(tmp_path, demo_ledger, demo_rollup):
    _add_units(demo_ledger, 60)
    out = tmp_path / "t7.pdf"
    pages = export_pdf(out, demo_ledger.department, [demo_rollup.result(7)])
    texts = _texts(out)
    assert pages == len(texts) >= 4
    unit_line = "单位：030_株洲市荷塘区科技和工业信息化局 金额单位：万元"
    first = texts[1].splitlines()
    assert first[0] == "一般公共预算支出表" and first[1] == unit_line
    header = first[2 : first.index(next(x for x in first if x.startswith("合计")))]
    assert "科目编码 科目名称 合计 项目支出" in header and "类 款 项 工资福利支出" in header
    for text in texts[2:]:
        lines = text.splitlines()
        assert lines[0] == "表7 一般公共预算支出表（续）"
        assert lines[1] == unit_line
        assert lines[2 : 2 + len(header)] == header
    # the rows carry on where the previous page stopped: 60 units, each printed once
    printed = [line for t in texts[1:] for line in t.splitlines() if "测试单位" in line]
    assert len(printed) == 60
    # 合计: the demo's 289.785586 万元 + 60 × 1,234.56 元 = 2,971,929.46 元 = 297.19 万元
    assert first[2 + len(header)] == "合计 297.19 262.19 195.30 31.08 35.81 35.00"
