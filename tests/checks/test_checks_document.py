"""The public document's rule: "document-reason-missing" flags exactly the comparison slots the
document export refuses for (changes of 10% or more, or new this year, without a 主要原因)."""

from __future__ import annotations

from desktop.checks.documentrules import REASON_RECORD
from desktop.checks.engine import Checker
from desktop.cli import main
from desktop.document.build import build_document
from desktop.document.slots import comparison_slots
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.money import DisplayUnit, parse_amount
from desktop.records import PriorYearLine, ReasonText
from desktop.tables.engine import Rollup

RULE = "document-reason-missing"


def W(text: str) -> int:  # noqa: N802 - 万元 → 分
    return parse_amount(text, DisplayUnit.WAN_YUAN)


def _prior(ledger: Ledger) -> None:
    """上年数 by hand: 人员经费 200.00, 公用经费 39.00 + 公务接待费 1.00, a project 50.00."""
    gp = dict(unit_code="030001", function_code="2060101", fund_source="gp_appropriation")
    ledger.add(
        PriorYearLine(None, econ_code="30101", kind="personnel", amount=W("200"), **gp),
        PriorYearLine(None, econ_code="30201", kind="operating", amount=W("39"), **gp),
        PriorYearLine(None, econ_code="30217", kind="operating", amount=W("1"), **gp),
        PriorYearLine(None, econ_code="30201", kind="project", amount=W("50"), **gp),
    )


def _found(ledger: Ledger) -> list:
    return [f for f in Checker(ledger, Rollup(ledger)).findings if f.rule_id == RULE]


def test_the_rule_waits_without_prior_figures(demo_ledger):
    assert _found(demo_ledger) == []
    # while the document itself requires the five new figures' reasons
    slots = comparison_slots(demo_ledger, Rollup(demo_ledger))
    assert [s.name for s in slots if s.missing] == [
        "收入总计", "基本支出", "项目支出", "财政拨款收入", "机关运行经费"
    ]  # fmt: skip


def test_the_rule_flags_what_the_export_refuses_and_points_at_the_slot(demo_ledger):
    _prior(demo_ledger)
    found = _found(demo_ledger)
    # by hand: 项目支出 35.00 vs 50.00 (-30%), 机关运行经费 28.40 vs 40.00 (-29%), 三公经费 and
    # 公务接待费 0.00 vs 1.00 (-100%); 收入总计 289.79 vs 290.00 and 基本支出 254.79 vs 240.00
    # stay within 10%
    subjects = ["比较:项目支出", "比较:机关运行经费", "比较:三公经费", "比较:公务接待费"]
    assert [f.subject for f in found] == subjects
    assert all(f.is_error for f in found)
    assert found[0].message == (
        "公开文本“项目支出 比上年”减少 15.00 万元（-30.0%），变化超过 10%，"
        "须在“主要原因”页填写主要原因，否则公开文本不能作为报送版本导出。"
    )
    assert [(c.record, c.record_key) for c in found[1].cells] == [
        (REASON_RECORD, "比较:机关运行经费")
    ]
    document = build_document(demo_ledger, Rollup(demo_ledger))
    assert document.missing_reasons == subjects
    # a blank reason is no reason; a written one removes its finding
    demo_ledger.add(ReasonText("比较:项目支出", "  "), ReasonText("比较:三公经费", "压减公务接待"))
    assert [f.subject for f in _found(demo_ledger)] == [
        "比较:项目支出",
        "比较:机关运行经费",
        "比较:公务接待费",
    ]


def test_check_command_names_the_slot(demo_path, capsys):
    dfile = DepartmentFile.open(demo_path)
    _prior(Ledger(dfile))
    dfile.close()
    assert main(["check", str(demo_path)]) == 2  # errors
    out = capsys.readouterr().out
    assert "[错误] document-reason-missing  主要原因 比较:机关运行经费" in out
