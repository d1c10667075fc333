"""文件 → 新建下一年度… and 文件 → 导出公开文本…: thin window actions over the domain modules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.errors import BudgetError
from desktop.records import ReasonText

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


def export_public_document(window: MainWindow) -> Path | None:
    """Ask for a .docx name, write the Word file and the PDF beside it; returns the .docx path."""
    from desktop.document.build import build_document
    from desktop.document.cli import submission_refusal
    from desktop.document.docx_out import write_docx
    from desktop.document.pdf_out import write_pdf

    doc = window.document
    if doc is None:
        return None
    dept = doc.ledger.department
    what = "部门决算公开" if dept.is_final else "部门预算公开"
    suggested = str(Path.home() / f"{dept.name}{dept.fiscal_year}年{what}.docx")
    path, _ = QFileDialog.getSaveFileName(window, "导出公开文本", suggested, "Word 文件 (*.docx)")
    if not path:
        return None
    target = Path(path if path.endswith(".docx") else path + ".docx")
    try:
        document = build_document(doc.ledger, doc.rollup)
        draft = False
        if document.missing_reasons:
            answer = QMessageBox.question(
                window,
                "主要原因未填写",
                submission_refusal(document.missing_reasons).replace("或加 --draft 导出草稿", "")
                + "\n\n要导出草稿吗？",
            )
            if answer != QMessageBox.StandardButton.Yes:
                # to the first reason still to write, on the 主要原因 page
                window.jump_to_record(ReasonText(document.missing_reasons[0]))
                return None
            draft = True
        write_docx(document, target, draft=draft)
        write_pdf(document, target.with_suffix(".pdf"), draft=draft)
    except BudgetError as exc:
        window.show_error("无法导出公开文本", str(exc))
        return None
    mark = "（草稿）" if draft else ""
    window.show_info(f"已导出公开文本{mark}：\n{target}\n{target.with_suffix('.pdf')}")
    return target


def new_next_year(window: MainWindow) -> Path | None:
    """Create next year's file from the open one and open it."""
    from desktop.next_year import make_next_year

    doc = window.document
    if doc is None:
        return None
    dept = doc.ledger.department
    suggested = str(Path(doc.dfile.path).with_name(f"{dept.name}{dept.fiscal_year + 1}.budget"))
    path, _ = QFileDialog.getSaveFileName(
        window, "新建下一年度文件", suggested, "部门预算文件 (*.budget)"
    )
    if not path:
        return None
    target = Path(path if path.endswith(".budget") else path + ".budget")
    try:
        report = make_next_year(doc.dfile.path, target)
    except BudgetError as exc:
        window.show_error("无法新建下一年度文件", str(exc))
        return None
    lines = [f"已生成 {report.year} 年部门文件，上年数 {report.prior_lines} 行。"]
    if report.projects:
        lines.append(f"延续的跨年项目：{'、'.join(report.projects)}")
    lines += [f"科目变化：{old} → {new} {note}".rstrip() for old, new, note in report.mapped]
    lines += [f"请核对：{m}" for m in report.unmapped]
    window.show_info("\n".join(lines))
    window.open_path(target)
    return target
