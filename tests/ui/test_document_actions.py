"""文件 → 导出公开文本… and 文件 → 新建下一年度… in the window."""

from __future__ import annotations

import docx
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def private_settings(tmp_path, monkeypatch):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    from desktop.ui import appsettings

    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setattr(appsettings, "data_dir", lambda: data)


@pytest.fixture
def window(qtbot, demo_path):
    from desktop.ui.app import application
    from desktop.ui.main_window import MainWindow

    application()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_path(demo_path)
    yield win
    win.close()


def _save_as(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_public_document_is_refused_unless_a_draft_is_chosen(window, tmp_path, monkeypatch):
    target = tmp_path / "公开文本.docx"
    _save_as(monkeypatch, target)
    asked = []

    def no(parent, title, text, *rest):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    assert window.document_action.isEnabled()
    window.document_action.trigger()
    # the demo has no 上年数: every comparison is new, so its 主要原因 is required
    assert "“主要原因”没有填写" in asked[0] and not target.exists()
    # the window shows the first reason to write, on the 主要原因 page
    view = window.current_view()
    assert window.navigator.current_key() == ("reasons",)
    assert view.grid_model().rows[view.currentIndex().row()].slot == "比较:收入总计"
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.document_action.trigger()
    assert target.exists() and target.with_suffix(".pdf").exists()
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "收入总计289.79万元" in text and "【请填写主要原因】" in text
    assert "已导出公开文本（草稿）" in window.statusBar().currentMessage()


def test_next_year_file_is_made_and_opened(window, tmp_path, monkeypatch):
    target = tmp_path / "next.budget"
    _save_as(monkeypatch, target)
    window.next_year_action.trigger()
    assert target.exists()
    ledger = window.document.ledger
    assert ledger.department.fiscal_year == 2026
    assert sum(ln.amount for ln in ledger.prior_year_lines.values()) == 289_785_586
