"""文件 → 导入会计科目余额表…: choose or paste the export, say once which column holds what, import.

Reading, checking and planning are `desktop.accounts_import` (the same code as
`budget-desk import-accounts`); the import is one command on the undo stack, and the mapping is
remembered in the department file for the next time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.accounts_import import (
    ROLES,
    TARGETS,
    AccountsMapping,
    ImportPlan,
    find_header,
    guess_mapping,
    parse_pasted,
    plan_import,
    read_table,
    remember_mapping,
    stored_mapping,
)
from desktop.errors import BudgetError
from desktop.ui.document import Document

NONE = "（无）"
FILE_FILTER = "科目余额表 (*.xlsx *.csv *.txt *.tsv);;所有文件 (*)"


def accounts_text(accounts: dict[str, str]) -> str:
    """ "7=本年支出；6=本年收入 …", the account prefixes as the dialog shows them."""
    return "；".join(f"{p}={TARGETS[t]}" for p, t in sorted(accounts.items()))


def parse_accounts_text(text: str) -> dict[str, str]:
    names = {v: k for k, v in TARGETS.items()}
    out: dict[str, str] = {}
    for part in text.replace(";", "；").split("；"):
        if not part.strip():
            continue
        prefix, _, target = part.replace("＝", "=").partition("=")
        prefix, target = prefix.strip(), target.strip()
        if not prefix.isdigit() or (target not in names and target not in TARGETS):
            raise BudgetError(
                f"会计科目对应“{part.strip()}”应写成“科目编码开头=本年支出/本年收入/结转结余/不导入”。"
            )
        out[prefix] = names.get(target, target)
    return out


class AccountsImportDialog(QDialog):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入会计科目余额表")
        self.document = document
        self.rows: list[list[str]] = []
        self.plan: ImportPlan | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "选择会计系统导出的科目余额表（Excel、CSV），或在 Excel 中复制后点“从剪贴板粘贴”。\n"
                "指定各列的用途后导入：导入替换本文件中同类的全部明细，可以撤销。"
            )
        )
        sources = QHBoxLayout()
        choose = QPushButton("选择文件…")
        choose.clicked.connect(self.choose_file)
        paste = QPushButton("从剪贴板粘贴")
        paste.clicked.connect(self.paste)
        sources.addWidget(choose)
        sources.addWidget(paste)
        sources.addStretch(1)
        layout.addLayout(sources)
        self.source_label = QLabel("尚未读取科目余额表。")
        layout.addWidget(self.source_label)
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for role, (label, _names) in ROLES.items():
            combo = QComboBox()
            combo.addItem(NONE, "")
            self.combos[role] = combo
            form.addRow(label, combo)
        self.accounts = QLineEdit()
        self.accounts.setToolTip("按会计科目编码开头对应：如 7=本年支出；6=本年收入；8101=结转结余")
        form.addRow("会计科目对应", self.accounts)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导入")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._import)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        try:
            self._stored = stored_mapping(document.ledger)
        except BudgetError:
            self._stored = None  # a broken stored mapping: start from the header names
        self.accounts.setText(accounts_text((self._stored or AccountsMapping()).accounts))
        self.resize(720, self.sizeHint().height())

    # -- the source ----------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择科目余额表", "", FILE_FILTER)
        if path:
            try:
                self.set_rows(read_table(path), Path(path).name)
            except BudgetError as exc:
                QMessageBox.warning(self, "无法读取科目余额表", str(exc))

    def paste(self) -> None:
        text = QApplication.clipboard().text()
        try:
            self.set_rows(parse_pasted(text), "剪贴板")
        except BudgetError as exc:
            QMessageBox.warning(self, "无法读取科目余额表", str(exc))

    def set_rows(self, rows: list[list[str]], source: str) -> None:
        """Take the export's cells and preselect each column (stored mapping, then names)."""
        if not rows:
            raise BudgetError(f"{source}中没有内容。")
        stored = self._stored
        try:
            at = find_header(rows, stored)
        except BudgetError:
            at = 0  # unknown names: the user maps the first row's columns by hand
        headers = [h for h in rows[at] if h.strip()]
        mapping = guess_mapping(headers, stored)
        for role, combo in self.combos.items():
            combo.clear()
            combo.addItem(NONE, "")
            for header in headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(0, combo.findData(mapping.columns.get(role, ""))))
        self.rows = rows
        self.source_label.setText(f"已读取 {source}：{len(rows) - at - 1} 行数据。")

    # -- importing -----------------------------------------------------------------------------
    def mapping(self) -> AccountsMapping:
        columns = {r: c.currentData() for r, c in self.combos.items() if c.currentData()}
        unit = self._stored.unit if self._stored else ""
        return AccountsMapping(columns, parse_accounts_text(self.accounts.text()), unit)

    def run_import(self) -> ImportPlan | None:
        """Check and apply as one undoable command; a refusal is shown and changes nothing."""
        if not self.rows:
            QMessageBox.warning(self, "导入科目余额表", "请先选择文件或从剪贴板粘贴科目余额表。")
            return None
        try:
            mapping = self.mapping()
            plan = plan_import(self.document.ledger, self.rows, mapping)
        except BudgetError as exc:
            QMessageBox.warning(self, "科目余额表未导入", str(exc))
            return None
        if self.document.execute(plan.changes, "导入科目余额表") is None:
            return None  # the document has said why
        remember_mapping(self.document.ledger, mapping)
        self.plan = plan
        return plan

    def _import(self) -> None:
        if self.run_import() is not None:
            self.accept()


def import_accounts_action(window) -> ImportPlan | None:  # noqa: ANN001 - the MainWindow
    doc = window.document
    if doc is None:
        return None
    if not doc.ledger.is_final:
        window.show_error(
            "导入科目余额表",
            "只有部门决算文件可以导入会计科目余额表。请先用“文件 → 由预算生成决算…”生成决算文件。",
        )
        return None
    dialog = AccountsImportDialog(doc, window)
    if not dialog.exec() or dialog.plan is None:
        return None
    plan = dialog.plan
    lines = [f"已导入科目余额表：{plan.summary()}。", *plan.notes]
    window.show_info("\n".join(lines))
    return plan
