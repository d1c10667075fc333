"""The export dialog: runs the export in a worker thread with progress and opens the PDF."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from desktop.tables.engine import Rollup  # noqa: E402
from desktop.ui import export_dialog  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(qtbot, demo_ledger, monkeypatch):
    opened = []
    monkeypatch.setattr(export_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url))
    dlg = export_dialog.ExportDialog(None, demo_ledger, Rollup(demo_ledger), demo_ledger.file)
    qtbot.addWidget(dlg)
    dlg.opened = opened
    yield dlg
    dlg.wait_for_worker()


def test_draft_export_runs_in_worker_and_opens_pdf(qtbot, tmp_path, dialog):
    dialog.pdf_path.edit.setText(str(tmp_path / "d.pdf"))
    dialog.xlsx_path.edit.setText(str(tmp_path / "d.xlsx"))
    dialog.draft.setChecked(True)
    dialog._check_all(False)
    for row in (0, 2):
        dialog.tables.item(row).setCheckState(Qt.CheckState.Checked)
    assert dialog.chosen_tables() == [1, 3]
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    assert dialog.result.pdf_pages == 3  # cover, 收支总表, 支出总表
    assert (tmp_path / "d.xlsx").exists()
    assert dialog.progress.value() == dialog.progress.maximum()
    assert dialog.opened and dialog.opened[0].toLocalFile().endswith("d.pdf")
    assert "PDF 已保存" in dialog.status.text()


def test_refusal_is_shown_in_chinese(qtbot, tmp_path, dialog, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(
        export_dialog, "prepare_export", _raise("审核未通过，不能导出报送版本：错误：收支不平衡")
    )
    dialog.pdf_path.edit.setText(str(tmp_path / "s.pdf"))
    dialog.start()
    assert shown and "收支不平衡" in shown[0]
    assert not (tmp_path / "s.pdf").exists()
    dialog._check_all(False)
    dialog.start()
    assert "请至少选择一张要导出的表" in shown[-1]


def _raise(message):
    from desktop.errors import BudgetError

    def fail(*args, **kwargs):
        raise BudgetError(message)

    return fail


def test_performance_forms_are_offered_and_exported(qtbot, tmp_path, dialog):
    texts = [dialog.tables.item(i).text() for i in range(dialog.tables.count())]
    assert texts[-2:] == ["22  项目支出绩效目标表", "23  整体支出绩效目标表"]
    dialog.pdf_path.edit.setText(str(tmp_path / "f.pdf"))
    dialog.xlsx_check.setChecked(False)
    dialog.draft.setChecked(True)
    dialog._check_all(False)
    dialog.tables.item(dialog.tables.count() - 1).setCheckState(Qt.CheckState.Checked)
    assert dialog.chosen_tables() == [23]
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    import pdfplumber

    with pdfplumber.open(tmp_path / "f.pdf") as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "整体支出绩效目标表" in text and "289.79" in text


def test_dialog_and_command_use_the_department_file_format(qtbot, tmp_path, demo_path, capsys):
    import openpyxl

    from desktop.cli import main
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile
    from desktop.ui.dialogs import write_department_settings

    write_department_settings(demo_path, {"export_profile": "bureau-flat-first"})
    dfile = DepartmentFile.open(demo_path)
    try:
        ledger = Ledger(dfile)
        dlg = export_dialog.ExportDialog(None, ledger, Rollup(ledger), dfile)
        qtbot.addWidget(dlg)
        assert dlg.profile.currentData() == "bureau-flat-first"
    finally:
        dfile.close()
    out = tmp_path / "b.xlsx"
    assert main(["export", str(demo_path), "--xlsx", str(out), "--draft"]) == 0
    wb = openpyxl.load_workbook(out, read_only=True)
    cover = [c for row in wb[wb.sheetnames[0]].iter_rows(max_row=20, values_only=True) for c in row]
    assert "bureau-flat-first" in cover  # the cover names the format the file asked for
