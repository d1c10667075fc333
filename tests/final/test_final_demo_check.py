"""`check` on the 决算 demo (seed 003): no rule fails for want of a Hunan budget table.

Rules that point at cells of the budget set's tables (表2/表3 合计, 表15 三公) still judge a 决算
file; their findings then name no cell instead of stopping the check with an internal error.
"""

from __future__ import annotations

from decimal import Decimal

from desktop.checks.engine import Checker
from desktop.demo_final import write_final_demo
from desktop.ledger import Ledger
from desktop.packs.choice import file_pack
from desktop.tables.engine import Rollup


def test_final_demo_checks_without_internal_errors(tmp_path):
    dfile = write_final_demo(tmp_path / "final.budget")
    ledger = Ledger(dfile)
    rollup = Rollup(ledger, pack=file_pack(dfile))
    assert rollup.pack.id == "hunan-final-2021"
    checker = Checker(ledger, rollup)
    findings = checker.findings
    assert [f.message for f in findings if f.is_error] == []
    # Seed 003 (七、三公): 公务用车运行维护费 与上年相比增加 9.21 万元.
    (increase,) = [f for f in findings if f.rule_id == "three-public-increase"]
    assert "公务用车运行费（30231）40.64 万元，上年 31.43 万元，增加 9.21 万元" in increase.message
    checker.close()
    rollup.close()
    dfile.close()


def test_final_demo_document_carries_the_publications_reasons(tmp_path):
    """Every comparison of the 决算 text has seed 003's 主要原因, so the 主要原因 page lists them
    (with 年初预算 and 预算 as well as 上年) and the document is complete for submission."""
    from desktop.document.build import build_document
    from desktop.document.slots import comparison_slots

    dfile = write_final_demo(tmp_path / "final.budget")
    ledger = Ledger(dfile)
    rollup = Rollup(ledger, pack=file_pack(dfile))
    slots = {s.slot: s for s in comparison_slots(ledger, rollup)}
    item = slots["年初预算:2019999"]
    assert item.label == "2019999 其他一般公共服务支出 比年初预算"
    assert (item.comparison.current, item.comparison.prior) == (Decimal("15.45"), Decimal("0.00"))
    assert item.required and item.reason == "追加抚恤金开支"
    assert slots["预算比较:三公经费"].label == "三公经费 比预算"
    assert [s.slot for s in slots.values() if s.missing] == []
    document = build_document(ledger, rollup)
    assert document.missing_reasons == []
    text = "\n".join(block.text for block in document.blocks)
    # Seed 003, 五（三）2: the same sentence, the figure printed with two decimals.
    assert (
        "年初预算为0.00万元，支出决算为15.45万元，决算数大于年初预算数的主要原因是：追加抚恤金开支。"
        in text
    )
    # Seed 003, 十: 545.28 against 年初预算 542.22 and 上年 968.21.
    assert "2021年度机关运行经费支出545.28万元，比年初预算数增加3.06万元，增长0.6%" in text
    rollup.close()
    dfile.close()


def test_final_demo_exports_for_submission(tmp_path, capsys):
    """The demo carries the 出错说明 its 提示 need and seed 003's 主要原因: the submission export
    (no --draft) and the submission document both succeed."""
    from desktop.cli import main

    path = tmp_path / "final.budget"
    write_final_demo(path).close()
    assert main(["export", str(path), "--xlsx", str(tmp_path / "f.xlsx")]) == 0
    assert main(["document", str(path), "--docx", str(tmp_path / "f.docx")]) == 0
    out = capsys.readouterr().out
    assert "（草稿）" not in out and "已导出公开文本 Word 文件" in out
