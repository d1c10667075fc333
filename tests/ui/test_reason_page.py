"""The 主要原因 page lists every comparison the public document makes with last year, with the
figures as the text prints them; a reason typed there is stored (undoable), the check that
flags it goes away, and the document may then be exported for submission."""

from __future__ import annotations

import docx
import pytest
from PySide6.QtWidgets import QApplication

from desktop.cli import main
from desktop.ledger import Ledger
from desktop.money import DisplayUnit, parse_amount
from desktop.records import Change, PriorYearLine, ReasonText
from desktop.ui.reason_model import MISSING_BRUSH, MISSING_MARK, REASON_COLUMN
from tests.ui.test_public_text_pages import type_into

pytestmark = pytest.mark.gui

RULE = "document-reason-missing"
SLOTS = [  # the template's comparisons (resources/packs/hunan-2025/document.json), in order
    "比较:收入总计",
    "比较:基本支出",
    "比较:项目支出",
    "比较:财政拨款收入",
    "比较:机关运行经费",
    "比较:三公经费",
    "比较:因公出国（境）费",
    "比较:公务用车购置费",
    "比较:公务用车运行费",
    "比较:公务接待费",
]


def W(text: str) -> int:  # noqa: N802 - 万元 → 分
    return parse_amount(text, DisplayUnit.WAN_YUAN)


@pytest.fixture
def prior_path(demo_path):
    """The demo with 上年数 chosen by hand: 人员经费 200.00, 公用经费 30201 39.00 and 30217
    公务接待费 1.00, a project 50.00 (290.00 in all); three of the four reasons the changes
    require are written, 机关运行经费's is not."""
    from desktop.models.store import DepartmentFile

    dfile = DepartmentFile.open(demo_path)
    gp = dict(unit_code="030001", function_code="2060101", fund_source="gp_appropriation")
    Ledger(dfile).add(
        PriorYearLine(None, econ_code="30101", kind="personnel", amount=W("200"), **gp),
        PriorYearLine(None, econ_code="30201", kind="operating", amount=W("39"), **gp),
        PriorYearLine(None, econ_code="30217", kind="operating", amount=W("1"), **gp),
        PriorYearLine(None, econ_code="30201", kind="project", amount=W("50"), **gp),
        ReasonText("比较:项目支出", "两个专项资金压减"),
        ReasonText("比较:三公经费", "本年未安排公务接待费"),
        ReasonText("比较:公务接待费", "本年未安排公务接待费"),
    )
    dfile.close()
    return demo_path


@pytest.fixture
def prior_window(bare_window, prior_path):
    assert bare_window.open_path(prior_path)
    return bare_window


def _row(model, slot: str) -> int:
    return next(i for i, r in enumerate(model.rows) if r.slot == slot)


def _cells(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_the_page_lists_every_comparison_with_its_printed_figures(prior_window):
    view = prior_window.show_view(("reasons",))
    model = view.grid_model()
    assert [r.slot for r in model.rows] == SLOTS
    # by hand: 289.79 against 290.00 is 0.21 less, 0.07% → 0.1%: within 10%, no reason needed
    assert _cells(model, 0) == [
        "比较:收入总计", "收入总计 比上年", "289.79", "290.00", "-0.21", "-0.1%", "否", ""
    ]  # fmt: skip
    # 基本支出 254.79 against 240.00: +14.79, 6.2%
    assert _cells(model, 1)[2:7] == ["254.79", "240.00", "14.79", "6.2%", "否"]
    # 项目支出 35.00 against 50.00: -15.00, 30.0%; its reason is written
    assert _cells(model, 2)[2:] == ["35.00", "50.00", "-15.00", "-30.0%", "是", "两个专项资金压减"]
    # 机关运行经费: 302 + 310 of the 行政单位's basic 一般公共预算 spending, 27.95 + 0.45 = 28.40
    # (seed 000's 公用经费), against 39.00 + 1.00; required and empty
    row = _row(model, "比较:机关运行经费")
    assert _cells(model, row)[2:] == ["28.40", "40.00", "-11.60", "-29.0%", "是（未填写）", ""]
    assert model.headerData(row, 2, 0) == f"{row + 1}{MISSING_MARK}"  # Qt.Vertical, display
    assert model.index(row, REASON_COLUMN).data(8) == MISSING_BRUSH  # BackgroundRole
    assert model.missing_rows() == [row]
    # 公务接待费 0.00 against 1.00: a reason is written, nothing is missing there
    assert _cells(model, _row(model, "比较:公务接待费"))[2:7] == [
        "0.00", "1.00", "-1.00", "-100.0%", "是"
    ]  # fmt: skip
    # the tooltip gives the sentence the text prints
    assert model.index(row, 1).data(3).startswith("文中：比上年40.00万元减少11.60万元，下降29.0%。")


def test_the_finding_jumps_to_the_slot_and_goes_once_the_reason_is_typed(
    qtbot, prior_window, prior_path, tmp_path
):
    doc = prior_window.document
    (finding,) = [f for f in doc.checker.findings if f.rule_id == RULE]
    assert finding.subject == "比较:机关运行经费"
    assert finding.message == (
        "公开文本“机关运行经费 比上年”减少 11.60 万元（-29.0%），变化超过 10%，"
        "须在“主要原因”页填写主要原因，否则公开文本不能作为报送版本导出。"
    )
    # the document export refuses while it is empty
    out = tmp_path / "doc.docx"
    assert main(["document", str(prior_path), "--docx", str(out)]) == 3
    assert not out.exists()

    assert prior_window.jump_to_finding(finding)
    view = prior_window.current_view()
    model = view.grid_model()
    row = _row(model, "比较:机关运行经费")
    assert (view.currentIndex().row(), view.currentIndex().column()) == (row, REASON_COLUMN)

    type_into(qtbot, view, row, REASON_COLUMN, "严控一般性支出，办公费减少")
    assert doc.ledger.reason_texts["比较:机关运行经费"] == ReasonText(
        "比较:机关运行经费", "严控一般性支出，办公费减少"
    )
    assert model.missing_rows() == []
    assert model.index(row, 6).data() == "是"
    assert not [f for f in doc.checker.findings if f.rule_id == RULE]
    QApplication.processEvents()  # the findings dock follows once the event loop is free
    assert not [f for f in prior_window.findings.findings if f.rule_id == RULE]

    # undo brings the empty reason and the finding back; redo writes it again
    doc.undo_stack.undo()
    assert "比较:机关运行经费" not in doc.ledger.reason_texts
    assert model.missing_rows() == [row]
    assert [f.subject for f in doc.checker.findings if f.rule_id == RULE] == [finding.subject]
    doc.undo_stack.redo()
    assert model.missing_rows() == []

    # now the submission document is exported, the reason in its sentence
    assert main(["document", str(prior_path), "--docx", str(out)]) == 0
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert (
        "机关运行经费28.40万元。比上年40.00万元减少11.60万元，下降29.0%，"
        "主要原因是：严控一般性支出，办公费减少。"
    ) in text
    assert "【请填写主要原因】" not in text


def test_clearing_a_reason_deletes_it_and_marks_the_slot_again(qtbot, prior_window):
    doc = prior_window.document
    view = prior_window.show_view(("reasons",))
    model = view.grid_model()
    row = _row(model, "比较:项目支出")
    view.setCurrentIndex(model.index(row, REASON_COLUMN))
    view.clear_cells()
    assert "比较:项目支出" not in doc.ledger.reason_texts
    assert _row(model, "比较:项目支出") in model.missing_rows()
    subjects = {f.subject for f in doc.checker.findings if f.rule_id == RULE}
    assert subjects == {"比较:项目支出", "比较:机关运行经费"}


def test_without_prior_figures_every_new_figure_is_marked_and_the_check_waits(window):
    """The demo has no 上年数 (seed 000 prints none): each figure it has is new this year, so
    the text requires its reason (the export says so); the checks wait for 上年数, as the other
    rules against last year do."""
    model = window.show_view(("reasons",)).grid_model()
    assert [r.slot for r in model.rows] == SLOTS
    missing = [model.rows[r].slot for r in model.missing_rows()]
    assert missing == SLOTS[:5]  # 289.79, 254.79, 35.00, 289.79, 28.40; 三公 are all 0.00
    assert _cells(model, 4)[2:7] == ["28.40", "0.00", "28.40", "—", "是（未填写）"]
    assert _cells(model, 5)[2:7] == ["0.00", "0.00", "0.00", "—", "否"]
    assert not [f for f in window.document.checker.findings if f.rule_id == RULE]


def test_a_reason_for_a_comparison_the_template_lacks_is_listed_to_be_deleted(window):
    doc = window.document
    assert doc.execute([Change(None, ReasonText("原因1", "旧版本录入的原因"))], "录入")
    model = window.show_view(("reasons",)).grid_model()
    assert model.rows[-1].slot == "原因1"
    assert _cells(model, len(model.rows) - 1) == [
        "原因1", "（模板中已没有这一比较）", "", "", "", "", "", "旧版本录入的原因"
    ]  # fmt: skip
    assert doc.execute(model.delete_changes([len(model.rows) - 1]), "删除行")
    assert "原因1" not in doc.ledger.reason_texts
    assert [r.slot for r in model.rows] == SLOTS


def test_a_table_set_whose_tables_the_template_does_not_fit_says_so(window):
    """The national set has no document template of its own; the default set's names table-1
    rows the national table 1 prints otherwise, so the page lists nothing and says why."""
    from desktop.packs.registry import get_pack

    view = window.show_view(("reasons",))
    assert len(view.grid_model().rows) == len(SLOTS)
    window.document.set_pack(get_pack("national-2025"))
    QApplication.processEvents()
    model = view.grid_model()
    assert model.rows == []
    assert model.empty_hint == (
        "无法列出公开文本的比较：表1中没有“一、基本支出”一项。（本表套的公开文本模板与它的表格不符。）"
    )
    assert not [f for f in window.document.checker.findings if f.rule_id == RULE]
    window.document.set_pack(get_pack("hunan-2025"))
    QApplication.processEvents()
    assert [r.slot for r in model.rows] == SLOTS
