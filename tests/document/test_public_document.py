"""The public document (部门预算公开文本) of the demo: every figure equals its table cell, 增减
words follow the sign, empty 主要原因 refuse a submission (a draft is allowed)."""

from __future__ import annotations

import re
from decimal import Decimal

import docx
import pdfplumber
import pytest

from desktop.cli import main
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.money import DisplayUnit, parse_amount, rounded
from desktop.records import (
    AssetHolding,
    InternalOffice,
    PriorYearLine,
    PurchaseLine,
    ReasonText,
    UnitStaff,
)
from desktop.tables.engine import Rollup


def W(text: str) -> int:  # noqa: N802 - 万元 → 分
    return parse_amount(text, DisplayUnit.WAN_YUAN)


REASONS = {
    "比较:项目支出": "两个专项资金压减",
    "比较:机关运行经费": "严控一般性支出，办公费减少",
    "比较:三公经费": "本年未安排公务接待费",
    "比较:公务接待费": "本年未安排公务接待费",
}


def _prior_and_facts(ledger: Ledger, reasons: dict[str, str]) -> None:
    """上年数 chosen by hand: basic 240.00 (of which 302: 40.00, 30217 公务接待费 1.00), project 50.00."""
    gp = dict(unit_code="030001", fund_source="gp_appropriation")
    office = next(
        ln
        for ln in ledger.expenditure_lines.values()
        if ln.function_code == "2060101" and ln.econ_code == "30201" and not ln.project_code
    )
    ledger.add(
        PriorYearLine(None, function_code="2060101", econ_code="30101", kind="personnel",
                      amount=W("200"), **gp),
        PriorYearLine(None, function_code="2060101", econ_code="30201", kind="operating",
                      amount=W("39"), **gp),
        PriorYearLine(None, function_code="2060101", econ_code="30217", kind="operating",
                      amount=W("1"), **gp),
        PriorYearLine(None, function_code="2060102", econ_code="30201", kind="project",
                      amount=W("50"), **gp),
        InternalOffice(None, "办公室", 0),
        InternalOffice(None, "工业和信息化股", 1),
        UnitStaff("030001", "财政全额拨款", authorized=16, active=14, retired=5),
        PurchaseLine(None, office.id, "办公用纸", "纸张", "goods", W("1.2"), "gp_appropriation", 50),
        AssetHolding(None, "030001", "vehicle", "机要通信用车", quantity=1, as_of="2024-12-31"),
        AssetHolding(None, "030001", "building", "办公用房", area_m2=650, as_of="2024-12-31"),
        *[ReasonText(slot, text) for slot, text in reasons.items()],
    )  # fmt: skip


@pytest.fixture
def demo_file(tmp_path):
    from desktop.demo import write_demo

    path = tmp_path / "demo.budget"
    dfile = write_demo(path)
    _prior_and_facts(Ledger(dfile), REASONS)
    dfile.close()
    return path


def _paragraphs(path) -> list:
    return docx.Document(str(path)).paragraphs


def _cell(rollup: Rollup, table: int, label: str) -> Decimal:
    """A listing table's printed amount beside `label`, read straight from the table result."""
    for row in rollup.result(table).rows:
        for b in range(0, len(row.values), 2):
            if re.sub(r"\s", "", str(row.values[b] or "")) == label:
                return rounded(row.values[b + 1] or 0)
    raise AssertionError(label)


def test_docx_figures_equal_their_table_cells(demo_file, tmp_path):
    out = tmp_path / "doc.docx"
    assert main(["document", str(demo_file), "--docx", str(out)]) == 0
    paragraphs = _paragraphs(out)
    text = "\n".join(p.text for p in paragraphs)
    dfile = DepartmentFile.open(demo_file, readonly=True)
    ledger = Ledger(dfile)
    rollup = Rollup(ledger)
    checks = {
        r"收入总计(\d+\.\d\d)万元": _cell(rollup, 1, "收入总计"),
        r"支出总计(\d+\.\d\d)万元": _cell(rollup, 1, "支出总计"),
        r"其中：基本支出(\d+\.\d\d)万元": _cell(rollup, 1, "一、基本支出"),
        r"项目支出(\d+\.\d\d)万元，比上年": _cell(rollup, 1, "二、项目支出"),
        r"一般公共预算拨款收入(\d+\.\d\d)万元": _cell(rollup, 1, "一、一般公共预算拨款收入"),
        r"财政拨款收支总预算(\d+\.\d\d)万元": _cell(rollup, 6, "一、本年收入"),
        r"工资福利支出(\d+\.\d\d)万元": _cell(rollup, 1, "工资福利支出"),
        r"对个人和家庭的补助(\d+\.\d\d)万元": _cell(rollup, 1, "对个人和家庭的补助"),
    }
    for pattern, cell in checks.items():
        found = re.findall(pattern, text)
        assert found and all(Decimal(v) == cell for v in found), pattern
    # seed 000's own figures, by hand: 289.79 total, 254.79 basic, 35.00 projects
    assert checks[r"收入总计(\d+\.\d\d)万元"] == Decimal("289.79")
    assert checks[r"其中：基本支出(\d+\.\d\d)万元"] == Decimal("254.79")
    # 按支出功能分类: each 类 as table 1 prints it (seed 000: 194.57, 48.97, 29.95, 16.29)
    functions = re.search(r"按支出功能分类：(.*)。", text).group(1)
    assert functions == (
        "科学技术支出194.57万元、社会保障和就业支出48.97万元、卫生健康支出29.95万元、"
        "住房保障支出16.29万元"
    )
    for name, value in re.findall(r"([^、：]+支出)(\d+\.\d\d)万元", functions):
        assert _cell(rollup, 1, next(
            re.sub(r"\s", "", str(r.values[2])) for r in rollup.result(1).rows
            if str(r.values[2]).endswith(name)
        )) == Decimal(value)  # fmt: skip
    # 机关运行经费 = 302 商品和服务支出 27.95 (seed table 13) + 31002 办公设备购置 0.45
    assert "机关运行经费28.40万元。比上年40.00万元减少11.60万元，下降29.0%" in text
    dfile.close()


def test_change_words_follow_the_sign(demo_file, tmp_path):
    out = tmp_path / "doc.docx"
    assert main(["document", str(demo_file), "--docx", str(out)]) == 0
    text = "\n".join(p.text for p in _paragraphs(out))
    sentences = re.findall(
        r"(\d+\.\d\d)万元[，。]比上年(\d+\.\d\d)万元(增加|减少)(\d+\.\d\d)万元，(增长|下降)(\d+\.\d)%",
        text,
    )
    assert len(sentences) >= 6
    for current, prior, word, change, grow, rate in sentences:
        diff = Decimal(current) - Decimal(prior)
        assert word == ("增加" if diff > 0 else "减少") and grow == ("增长" if diff > 0 else "下降")
        assert Decimal(change) == abs(diff)
        assert Decimal(rate) == (abs(diff) / Decimal(prior) * 100).quantize(Decimal("0.1"))
    # by hand: 289.79 against 290.00; 254.79 against 240.00; 35.00 against 50.00
    assert (
        "收入总计289.79万元，支出总计289.79万元。比上年290.00万元减少0.21万元，下降0.1%。" in text
    )
    assert "基本支出254.79万元，比上年240.00万元增加14.79万元，增长6.2%。" in text
    assert (
        "项目支出35.00万元，比上年50.00万元减少15.00万元，下降30.0%，主要原因是：两个专项资金压减。"
        in text
    )
    assert "公务接待费0.00万元，比上年1.00万元减少1.00万元，下降100.0%" in text
    assert "因公出国（境）费0.00万元，本年及上年均无此项支出。" in text


def test_docx_has_every_section_as_real_headings_and_tables(demo_file, tmp_path):
    out = tmp_path / "doc.docx"
    assert main(["document", str(demo_file), "--docx", str(out)]) == 0
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for part in ("第一部分 部门概况", "第二部分 2025年部门预算表", "第三部分 2025年部门预算情况说明",
                 "第四部分 名词解释"):  # fmt: skip
        assert part in headings
    for section in ("一、部门职责", "二、机构设置", "三、单位构成", "七、机关运行经费",
                    "八、“三公”经费预算情况说明", "九、政府采购情况说明",
                    "十、国有资产占用情况说明", "十一、绩效目标设置情况", "表1 收支总表"):  # fmt: skip
        assert section in headings
    assert len(document.tables) == 21  # the standard tables, as Word tables
    assert document.tables[0].rows[0].cells[0].text == "项目"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "内设机构包括：办公室、工业和信息化股。" in text
    assert "编制数16人，实有在职人员14人、离退休人员5人" in text
    assert "政府采购预算总额1.20万元，其中：政府采购货物预算1.20万元" in text
    assert "面向中小企业预留0.60万元，占政府采购预算总额的50.0%" in text
    assert "截至2024年12月31日，共有车辆1辆，其中：机要通信用车1辆" in text
    assert "房屋面积650平方米" in text
    normal = document.styles["Normal"].element.rPr.rFonts
    assert (
        normal.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "仿宋"
    )


def test_empty_reasons_refuse_submission_and_allow_a_draft(tmp_path, capsys):
    from desktop.demo import write_demo

    path = tmp_path / "demo.budget"
    dfile = write_demo(path)
    _prior_and_facts(Ledger(dfile), {})
    dfile.close()
    out, pdf = tmp_path / "doc.docx", tmp_path / "doc.pdf"
    assert main(["document", str(path), "--docx", str(out), "--pdf", str(pdf)]) == 3
    err = capsys.readouterr().err
    assert (
        "还有 4 处与上年比较的“主要原因”没有填写（项目支出、机关运行经费、三公经费、公务接待费）"
        in err
    )
    assert "--draft" in err and not out.exists() and not pdf.exists()
    assert main(["document", str(path), "--docx", str(out), "--pdf", str(pdf), "--draft"]) == 0
    text = "\n".join(p.text for p in _paragraphs(out))
    assert text.count("【请填写主要原因】") == 4
    # nothing lost: the file still holds every fact typed
    dfile = DepartmentFile.open(path, readonly=True)
    assert len(Ledger(dfile).prior_year_lines) == 4
    dfile.close()


def test_pdf_contents_page_numbers_point_at_the_headings(demo_file, tmp_path):
    pdf = tmp_path / "doc.pdf"
    assert main(["document", str(demo_file), "--pdf", str(pdf)]) == 0
    with pdfplumber.open(pdf) as doc:
        pages = [p.extract_text() or "" for p in doc.pages]
    contents = "\n".join(p for p in pages[1:4] if "目 录" in p or "…" in p or ". ." in p)
    for heading in ("第三部分 2025年部门预算情况说明", "七、机关运行经费", "第四部分 名词解释"):
        match = re.search(re.escape(heading) + r"[ .·…]*(\d+)\s*$", contents, re.M)
        assert match, heading
        page = int(match.group(1))
        assert heading in pages[page - 1].replace("  ", " ")  # the heading is on that page
