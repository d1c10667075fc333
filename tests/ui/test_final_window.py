"""A 决算 file in the window: 由预算生成决算, its own input pages (结转和结余, 预算数, 三公数量) with
paste, undo and the 合计 row, the 科目余额表 import as one undoable step, and 新建部门 offering
部门预算 / 部门决算."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog

from desktop.accounts_import import SETTING_KEY, parse_pasted
from desktop.records import ActivityCount, BalanceLine
from desktop.ui.accounts_dialog import AccountsImportDialog, accounts_text, parse_accounts_text
from desktop.ui.dialogs import NewDepartmentDialog
from desktop.ui.line_grid_model import TOTAL_LABEL

pytestmark = pytest.mark.gui


@pytest.fixture
def final_window(window, tmp_path, monkeypatch):
    """The demo's 决算, made with 文件 → 由预算生成决算… and opened."""
    target = tmp_path / "决算.budget"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.infos = []
    shown = window.show_info
    monkeypatch.setattr(window, "show_info", lambda m: (window.infos.append(m), shown(m)))
    assert window.final_action.isEnabled()
    window.final_action.trigger()
    assert window.document.ledger.is_final
    assert window.document.dfile.path == target
    return window


def column_of(model, header: str) -> int:
    return next(i for i, c in enumerate(model.columns) if c.header == header)


def test_final_from_budget_opens_the_final_with_its_own_pages(final_window, window):
    assert "已生成 2025 年部门决算文件：预算数 32 行，合计 289.79 万元" in window.infos[0]
    assert window.balance_label.text() == "本年收支差额 0.00 万元"  # no actuals yet; not an error
    keys = final_window.navigator.view_keys()
    assert {("balances",), ("baselines",), ("activities",)} <= set(keys)
    assert ("control",) not in keys  # a 决算 has no control figures
    assert final_window.navigator._items[("prior_year",)].text(0) == "上年决算数"
    model = final_window.show_view(("baselines",)).grid_model()
    assert model.index(model.total_row, 0).data() == TOTAL_LABEL
    initial = column_of(model, "年初预算数")
    assert model.index(model.total_row, initial).data() == "289.79"  # 万元, seed 000's total
    assert model.index(model.total_row, column_of(model, "全年预算数")).data() == "289.79"


def test_budget_file_has_no_final_pages(window):
    keys = window.navigator.view_keys()
    assert ("control",) in keys and ("balances",) not in keys


def test_balances_pasted_into_the_blank_row_and_undone(final_window):
    ledger = final_window.document.ledger
    view = final_window.show_view(("balances",))
    model = view.grid_model()
    assert model.rowCount() == 2  # the blank row and 合计
    view.setCurrentIndex(model.index(model.draft_row, 0))
    # 单位 功能科目 (名称 skipped) 资金来源 年初 使用 分配 年末, in 万元 as shown
    assert view.paste_text("030001\t2060102\t一般行政管理事务\t经费拨款\t1.5\t0\t0.2\t2.3")
    (line,) = ledger.balance_lines.values()
    assert line == BalanceLine(
        line.id, "030001", "2060102", "gp_appropriation", 1_500_000, 0, 200_000, 2_300_000,
        line.sort_order,
    )  # fmt: skip
    model.refresh()
    assert model.index(model.total_row, column_of(model, "年末结转和结余")).data() == "2.30"
    final_window.document.undo_stack.undo()
    assert ledger.balance_lines == {}


def test_activity_counts_typed_and_undone(final_window):
    ledger = final_window.document.ledger
    model = final_window.show_view(("activities",)).grid_model()
    assert [model.index(r, 0).data() for r in range(3)] == [
        "因公出国（境）团组数",
        "因公出国（境）人次",
        "公务用车购置数",
    ]
    assert model.rowCount() == 8
    assert model.setData(model.index(3, 1), "4")  # 公务用车保有量
    assert ledger.activity_counts["vehicles_held"] == ActivityCount("vehicles_held", 4)
    messages = []
    model.refused.connect(messages.append)
    final_window.document.failed.connect(messages.append)
    assert not model.setData(model.index(3, 1), "四辆")
    assert messages and "应填写整数" in messages[0]
    final_window.document.undo_stack.undo()
    assert "vehicles_held" not in ledger.activity_counts


PASTED = "\n".join(
    [
        "科目编码\t科目名称\t功能科目\t经济科目\t资金来源\t基本或项目\t借方发生额\t贷方发生额",
        "7101\t行政支出\t2060101\t30101\t经费拨款\t基本支出\t427,500.00\t427,500.00",
        "6001\t财政拨款预算收入\t2060101\t\t经费拨款\t\t—\t427,500.00",
    ]
)


def test_accounts_import_is_one_undoable_step_and_remembers_the_mapping(final_window):
    doc = final_window.document
    dialog = AccountsImportDialog(doc, final_window)
    dialog.set_rows(parse_pasted(PASTED), "剪贴板")
    assert dialog.combos["function"].currentText() == "功能科目"
    assert dialog.combos["debit"].currentText() == "借方发生额"
    assert "2 行数据" in dialog.source_label.text()
    plan = dialog.run_import()
    assert plan is not None and plan.summary() == "本年支出 1 行、本年收入 1 行"
    (line,) = doc.ledger.expenditure_lines.values()
    assert (line.function_code, line.econ_code, line.kind, line.amount) == (
        "2060101", "30101", "personnel", 42_750_000,
    )  # fmt: skip
    assert doc.ledger.settings.get(SETTING_KEY)
    doc.undo_stack.undo()
    assert doc.ledger.expenditure_lines == {} and doc.ledger.income_lines == {}


def test_accounts_import_refusal_changes_nothing(final_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    doc = final_window.document
    dialog = AccountsImportDialog(doc, final_window)
    dialog.set_rows(parse_pasted(PASTED.replace("427,500.00\t427", "四十万\t427")), "剪贴板")
    assert dialog.run_import() is None
    assert "第 2 行“借方发生额”列：“四十万”不是有效的金额" in shown[0]
    assert doc.ledger.expenditure_lines == {} and doc.undo_stack.count() == 0


def test_accounts_text_round_trip():
    accounts = {"7": "expenditure", "6": "income", "8101": "balance", "1": "skip"}
    assert accounts_text(accounts) == "1=不导入；6=本年收入；7=本年支出；8101=结转结余"
    assert parse_accounts_text(accounts_text(accounts)) == accounts


def test_new_department_dialog_offers_budget_and_final(qapp, tmp_path):
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile
    from desktop.ui.main_window import create_department

    dialog = NewDepartmentDialog(wanted_year=2025)
    assert [dialog.file_kind.itemText(i) for i in range(dialog.file_kind.count())] == [
        "部门预算",
        "部门决算",
    ]
    assert dialog.kind() == "budget" and dialog.pack.count() >= 1
    dialog.file_kind.setCurrentIndex(1)
    assert dialog.kind() == "final" and dialog.windowTitle() == "新建部门决算"
    assert dialog._form.labelForField(dialog.year).text() == "决算年度"
    dialog.code.setText("001")
    dialog.name.setText("测试局")
    dialog._fill_first_unit()
    year, code, name, units = dialog.values()
    path = tmp_path / "final.budget"
    create_department(path, year, code, name, units, dialog.kind())
    dfile = DepartmentFile.open(path, readonly=True)
    ledger = Ledger(dfile)
    assert ledger.is_final and list(ledger.units) == ["001001"]
    dfile.close()
