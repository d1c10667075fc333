"""Issue 15's acceptance: codes found by name, the keyboard reaches the grid, right-click menus,
printing, find, and the drill-down title."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.ui.code_picker import CodeCompleter

pytestmark = pytest.mark.gui


def open_editor(qtbot, view, row: int, column: int) -> QLineEdit:
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    return next(e for e in view.findChildren(QLineEdit) if e.isVisible())


def picker_of(editor: QLineEdit) -> CodeCompleter:
    completer = editor.code_completer
    assert isinstance(completer, CodeCompleter)
    return completer


@pytest.mark.parametrize("typed", ["行政运行", "xzyx"])
def test_function_code_found_by_name_or_initials_and_enter_picks_the_highlighted(
    qtbot, window, typed
):
    view = window.show_view(("expenditure",))
    model = view.grid_model()
    assert model.columns[1].header == "功能科目编码"
    editor = open_editor(qtbot, view, 0, 1)
    editor.clear()
    if typed.isascii():
        qtbot.keyClicks(editor, typed)
    else:  # QTest cannot type Chinese: what an input method delivers
        editor.setText(typed)
        editor.textEdited.emit(typed)
    completer = picker_of(editor)
    popup = completer.popup()
    assert popup.isVisible()
    labels = completer.labels()
    # the department's own 2060101 first, then the catalog's 行政运行 under every 款, with paths
    assert labels[0] == "2060101 行政运行    科学技术支出 › 科学技术管理事务"
    assert labels[1] == "2010101 行政运行    一般公共服务支出 › 人大事务"
    assert all(" 行政运行 " in label for label in labels)
    assert popup.width() >= popup.fontMetrics().horizontalAdvance(labels[1])
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # highlight the second entry
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.rows[0].function_code == "2010101")
    QApplication.processEvents()
    assert model.index(0, 1).data() == "2010101"
    assert model.index(0, 2).data() == "行政运行"


def test_opening_a_file_puts_the_keyboard_in_the_grid_and_tab_comes_back_to_it(qtbot, window):
    from desktop.ui.grid_view import GridView

    grid = window.current_view()
    assert isinstance(grid, GridView) and window.navigator.current_key() == ("basic", "personnel")
    model = grid.grid_model()
    first = grid.currentIndex()
    assert (first.row(), first.column()) == (0, 0)  # 单位 is the first cell one can type in
    assert model.flags(first) & Qt.ItemFlag.ItemIsEditable
    assert QApplication.focusWidget() is grid
    # from the navigator, Tab goes into the grid (its first editable cell) and not to the dock
    window.navigator.setFocus()
    qtbot.keyClick(window.navigator, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is grid
    # Tab moves right over computed columns onto the next editable cell, Shift+Tab back
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    index = grid.currentIndex()
    assert model.headerData(index.column(), Qt.Orientation.Horizontal, 0).startswith("301")
    qtbot.keyClick(grid, Qt.Key.Key_Backtab)
    assert (
        model.headerData(grid.currentIndex().column(), Qt.Orientation.Horizontal, 0) == "资金来源"
    )
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert grid.currentIndex().row() == 1


def test_navigator_arrows_skip_headings_and_ctrl_pgdn_f6_move_between_parts(qtbot, window):
    nav = window.navigator
    nav.setFocus()
    window.show_view(("projects",), focus=False)
    qtbot.keyClick(nav, Qt.Key.Key_Down)  # past the heading 录入表 onto 收入
    assert nav.current_key() == ("income",)
    assert nav.hasFocus()  # arrowing through the navigator keeps the keyboard there
    qtbot.keyClick(nav, Qt.Key.Key_Up)
    assert nav.current_key() == ("projects",)
    window.next_view_action.trigger()
    assert nav.current_key() == ("income",)
    window.previous_view_action.trigger()
    assert nav.current_key() == ("projects",)
    grid = window.current_view()
    assert QApplication.focusWidget() is grid
    window.next_pane_action.trigger()
    assert QApplication.focusWidget() is window.findings.table
    window.next_pane_action.trigger()
    assert QApplication.focusWidget() is nav
    window.previous_pane_action.trigger()
    assert QApplication.focusWidget() is window.findings.table


def test_menus_show_shortcuts_and_ctrl_s_answers(window):
    assert window.print_action.shortcut().toString() == "Ctrl+P"
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    assert window.next_view_action.shortcut().toString() == "Ctrl+PgDown"
    window.save_action.trigger()
    assert "已保存" in window.statusBar().currentMessage()


def test_ctrl_f_finds_an_economic_code_and_jumps_to_it(qtbot, window):
    from desktop.ui.find_dialog import find_next

    window.find_action.trigger()
    dialog = window.find_dialog
    assert dialog.isVisible()
    dialog.text.setText("30239")
    assert dialog.find_next()
    # 30239 其他交通费用 is a column of the 公用经费 grid, the next view after 人员经费
    assert window.navigator.current_key() == ("basic", "operating")
    grid = window.current_view()
    index = grid.currentIndex()
    header = grid.model().headerData(index.column(), Qt.Orientation.Horizontal, 0)
    assert header.startswith("30239")
    # again: the next place it appears is a line of 全部支出明细 (after the projects' grids)
    assert find_next(window, "30239")
    view = window.current_view()
    cell = view.currentIndex()
    assert cell.data() == "30239"
    assert not find_next(window, "没有这个名称")


def _all_tables_accepted(monkeypatch):
    from desktop.ui import print_tables

    monkeypatch.setattr(
        print_tables.TableChoiceDialog,
        "exec",
        lambda self: print_tables.QDialog.DialogCode.Accepted,
    )


def _export_pages(window, tmp_path) -> int:
    from desktop.export.service import run_export

    doc = window.document
    numbers = [s.number for s in doc.rollup.specs]
    pdf = tmp_path / "export.pdf"
    result = run_export(doc.dfile, doc.ledger, doc.rollup, pdf_path=pdf, tables=numbers, draft=True)
    return result.pdf_pages


def test_ctrl_p_prints_exactly_the_pdf_pages_and_a_page_range(qtbot, window, tmp_path, monkeypatch):
    import pypdfium2
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    _all_tables_accepted(monkeypatch)
    out = tmp_path / "printed.pdf"
    shown = []

    def accept(dialog):  # the modal system dialog, answered OK with the printer set to a file
        shown.append(dialog.windowTitle())
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    window.show_view(("units",))
    qtbot.keyClick(window.current_view(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    expected = _export_pages(window, tmp_path)
    assert expected > 21  # every table has a page, some more than one
    assert shown == [f"打印（共 {expected} 页）"]
    assert len(pypdfium2.PdfDocument(str(out))) == expected
    assert window.statusBar().currentMessage() == f"已送打印：{expected} 页。"

    def pages_3_to_5(dialog):
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        dialog.printer().setFromTo(3, 5)
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", pages_3_to_5)
    window.print_action.trigger()
    assert len(pypdfium2.PdfDocument(str(out))) == 3


def test_print_preview_shows_as_many_pages_as_the_pdf(window, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget

    _all_tables_accepted(monkeypatch)
    counted = []

    def show(dialog):
        widget = dialog.findChild(QPrintPreviewWidget)
        widget.updatePreview()
        counted.append(widget.pageCount())
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", show)
    window.preview_action.trigger()
    assert counted == [_export_pages(window, tmp_path)]


def test_drill_down_title_names_the_clicked_side_of_table_1(qtbot, window):
    view = window.show_view(("table", 1))
    result = view.model.result
    assert result.rows[5].name == "国有资本经营收入"  # the row's first (income) label
    assert result.rows[5].values[2] == "（六）科学技术支出"
    dialog = window.drill_down(1, 5, 3)  # 预算数 beside （六）科学技术支出
    assert dialog.windowTitle() == "组成明细 — 表1 收支总表：（六）科学技术支出 / 预算数"
    assert dialog.heading.text().startswith("表1 收支总表：（六）科学技术支出 / 预算数\n")
    assert sum(ln.amount for ln in dialog.lines) == 194_574_700  # 1,945,747.00 元 behind 表1’s row
    assert {ln.function_code[:3] for ln in dialog.lines} == {"206"}
    dialog.close()
    income = window.drill_down(1, 1, 1)
    assert "：经费拨款 / 预算数" in income.windowTitle()
    income.close()


def test_plain_names_lose_layout_spaces_only():
    from desktop.tables.labels import plain_name

    assert plain_name("收    入    总    计") == "收入总计"
    assert plain_name("　合　计") == "合计"
    assert plain_name("2026 年 预算") == "2026 年预算"  # a space beside digits stays
    assert plain_name("PM2.5 监测") == "PM2.5 监测"


def test_findings_read_as_chinese_and_explanations_are_typed_in_place(qtbot, window):
    from desktop.checks.finding import WARNING
    from desktop.checks.rules import ALL_RULES

    assert all(rule.title and not rule.title.isascii() for rule in ALL_RULES)
    dock = window.findings
    model = dock.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    shown = {model.index(r, 1).data() for r in range(model.rowCount())}
    assert not any(text.isascii() for text in shown)  # no "balance-fund" style ids
    row = next(r for r, f in enumerate(model.findings) if f.severity == WARNING)
    finding = model.findings[row]
    index = model.index(row, 3)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(index, "  年中追加，已报财政局备案。 ")
    key = (finding.rule_id, finding.subject)
    qtbot.waitUntil(lambda: dock.explanations.get(key) == "年中追加，已报财政局备案。")
    row = next(r for r, f in enumerate(model.findings) if (f.rule_id, f.subject) == key)
    assert model.index(row, 3).data() == "年中追加，已报财政局备案。"


MENU = ["插入行", "删除行", "复制", "粘贴", "查看明细", "跳转到标准表"]


def test_every_input_grid_has_the_right_click_menu(window):
    from desktop.ui.focus import view_grid
    from desktop.ui.grid_view import GridView

    inputs = [
        k
        for k in window.navigator.view_keys()
        if k[0] not in ("table", "form", "special_funds", "duties")
    ]
    assert ("basic", "personnel") in inputs and ("project_lines", "030001-ZX01") in inputs
    for key in inputs:
        grid = view_grid(window.show_view(key))
        assert isinstance(grid, GridView), key
        menu = grid.context_menu()
        assert [a.text() for a in menu.actions() if not a.isSeparator()] == MENU, key
        assert grid.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu


def test_menu_shows_the_lines_of_a_cell_and_jumps_to_the_expenditure_table(window):
    grid = window.show_view(("basic", "personnel"))
    model = grid.grid_model()
    row = next(r for r, row in enumerate(model.rows) if row.key.function == "2060101")
    col = model.column_of("30101")
    grid.setCurrentIndex(model.index(row, col))
    actions = {a.text(): a for a in grid.context_menu().actions()}
    actions["查看明细"].trigger()
    from desktop.ui.drilldown import DrillDownDialog

    (dialog,) = window.findChildren(DrillDownDialog)
    assert dialog.windowTitle().startswith("组成明细 — 基本支出—人员经费：第 ")
    assert "30101" in dialog.windowTitle()
    lines = dialog.lines
    assert [(ln.function_code, ln.econ_code) for ln in lines] == [("2060101", "30101")]
    assert lines[0].amount == 42_750_000  # 42.75 万元 as the cell shows
    actions["跳转到标准表"].trigger()
    assert window.navigator.current_key() == ("table", 3)
    table = window.current_view()
    picked = table.model.result.rows[table.main.currentIndex().row()]
    assert picked.code == "2060101" and "030001" in picked.key


def test_a_new_departments_grids_say_where_to_type(bare_window, tmp_path):
    from desktop.records import Unit
    from desktop.ui.main_window import create_department

    path = tmp_path / "new.budget"
    create_department(path, 2026, "031", "测试局", [Unit("031001", "测试局", "agency", 0)])
    assert bare_window.open_path(path)
    personnel = bare_window.current_view()
    assert personnel.model().rowCount() == 0
    assert personnel.frozen is not None and personnel.frozen.view.isHidden()  # the hint shows
    income = bare_window.show_view(("income",))
    model = income.model()
    assert model.rowCount() == 2  # the blank row to type into and 合计
    assert model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole) == "*"
    assert income.currentIndex().row() == 0
    assert model.index(1, 0).data() == "合计" and model.index(1, 4).data() == "0.00"
