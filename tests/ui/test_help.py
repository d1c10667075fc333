"""Help > 用户手册 and Help > 关于."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QMessageBox

from desktop import __version__
from desktop.resources import docs_dir, manual_path

pytestmark = pytest.mark.gui

MANUAL_SECTIONS = ("新建部门", "录入", "粘贴", "撤销", "标准表", "审核与说明", "导出", "备份")


@pytest.fixture
def window(bare_window):
    """These tests start from the welcome page."""
    return bare_window


def test_manual_has_every_section_and_its_screenshots_exist():
    text = manual_path().read_text(encoding="utf-8")
    headings = re.findall(r"^## \d+\. (.+)$", text, re.M)
    assert headings == list(MANUAL_SECTIONS)
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(images) == 8
    for image in images:
        assert (docs_dir() / image).stat().st_size > 10_000, image


def test_help_menu_opens_manual_with_images(qtbot, window):
    window.manual_action.trigger()
    dialog = window.manual_dialog
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "用户手册 — 部门预算编制"
    text = dialog.text()
    assert "部门预算编制 用户手册" in text
    for section in MANUAL_SECTIONS:
        assert section in text
    assert "每年 9 月起默认下一年" in text
    # Images resolve relative to docs/: the document loads them as real pictures.
    doc = dialog.browser.document()
    image = doc.resource(QTextDocument.ResourceType.ImageResource, "manual/welcome.png")
    assert image is not None and not image.isNull()
    assert (image.width(), image.height()) == (860, 554)
    # A second trigger brings the same window forward instead of opening another.
    window.manual_action.trigger()
    assert window.manual_dialog is dialog


def test_welcome_page_manual_button_opens_it(qtbot, window):
    window.welcome.buttons["manual"].click()
    qtbot.waitExposed(window.manual_dialog)
    assert "1. 新建部门" in window.manual_dialog.text()


def test_missing_manual_says_so(qtbot, tmp_path):
    from desktop.ui.help_dialog import ManualDialog

    dialog = ManualDialog(path=tmp_path / "MANUAL.md")
    qtbot.addWidget(dialog)
    assert "找不到用户手册文件" in dialog.text()


def test_about_shows_version_years_and_data_folder(qtbot, window, private_settings):
    window.about_action.trigger()
    boxes = [b for b in window.findChildren(QMessageBox) if b.objectName() == "about_box"]
    assert len(boxes) == 1
    box = boxes[0]
    qtbot.waitExposed(box)
    text = box.text()
    assert __version__ == "0.1.0"
    assert f"部门预算编制 Budget Desk {__version__}" in text
    assert "支持的预算年度（已有科目表）：</b>2021–2026 年（2021、2025、2026）" in text
    assert str(private_settings) in text
    box.close()
