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
