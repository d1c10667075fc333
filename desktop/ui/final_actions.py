"""The 决算 actions of the window: 文件 → 由预算生成决算… and 文件 → 导入会计科目余额表…"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu

from desktop.errors import BudgetError

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


def add_final_actions(window: MainWindow, menu: QMenu) -> tuple[QAction, QAction]:
    """Put 由预算生成决算… and 导入会计科目余额表… into the 文件 menu (before 最近打开的文件)."""
    final = QAction("由预算生成决算…", window)
    final.triggered.connect(lambda: new_final_from_budget(window))
    accounts = QAction("导入会计科目余额表…", window)
    accounts.triggered.connect(lambda: _import_accounts(window))
    for action in (final, accounts):
        menu.insertAction(window.recent_menu.menuAction(), action)
    return final, accounts


def _import_accounts(window: MainWindow) -> None:
    from desktop.ui.accounts_dialog import import_accounts_action

    import_accounts_action(window)


def new_final_from_budget(window: MainWindow) -> Path | None:
    """文件 → 由预算生成决算…: the 决算 file of the open budget file, then open it."""
    from desktop.final_from_budget import make_final_from_budget
    from desktop.money import format_amount

    doc = window.document
    if doc is None:
        return None
    dept = doc.ledger.department
    if dept.is_final:
        window.show_error(
            "无法生成决算", "当前文件已经是部门决算文件，请打开同一年度的部门预算文件。"
        )
        return None
    suggested = str(Path(doc.dfile.path).with_name(f"{dept.name}{dept.fiscal_year}年决算.budget"))
    path, _ = QFileDialog.getSaveFileName(
        window, "由预算生成决算", suggested, "部门预算文件 (*.budget)"
    )
    if not path:
        return None
    target = Path(path if path.endswith(".budget") else path + ".budget")
    try:
        report = make_final_from_budget(doc.dfile.path, target)
    except BudgetError as exc:
        window.show_error("无法生成决算", str(exc))
        return None
    window.show_info(
        f"已生成 {report.year} 年部门决算文件：预算数 {report.baseline_lines} 行，"
        f"合计 {format_amount(report.baseline_total)} 万元。\n"
        "请录入本年收入、本年支出和结转结余，或从会计科目余额表导入。"
    )
    window.open_path(target)
    return target
