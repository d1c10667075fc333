"""Small dialogs: a new department (year, code, name, units) and 关于."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.catalog import available_years
from desktop.records import UNIT_KIND_NAMES, Unit


class NewDepartmentDialog(QDialog):
    """Asks for fiscal year, department code and name, and the units with their kind."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建部门")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.year = QComboBox()
        for year in available_years():
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(self.year.count() - 1)
        self.code = QLineEdit()
        self.code.setPlaceholderText("例如 030")
        self.name = QLineEdit()
        self.name.setPlaceholderText("例如 株洲市荷塘区科技和工业信息化局")
        form.addRow("预算年度", self.year)
        form.addRow("部门编码", self.code)
        form.addRow("部门名称", self.name)
        layout.addLayout(form)
        layout.addWidget(QLabel("预算单位（第一行通常是部门本级）："))
        self.units = QTableWidget(0, 3)
        self.units.setHorizontalHeaderLabels(["单位编码", "单位名称", "单位性质"])
        self.units.setColumnWidth(1, 280)
        layout.addWidget(self.units)
        buttons_row = QHBoxLayout()
        add = QPushButton("添加单位")
        add.clicked.connect(lambda: self.add_unit("", ""))
        remove = QPushButton("删除单位")
        remove.clicked.connect(lambda: self.units.removeRow(self.units.currentRow()))
        buttons_row.addWidget(add)
        buttons_row.addWidget(remove)
        buttons_row.addStretch(1)
        layout.addLayout(buttons_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.code.editingFinished.connect(self._fill_first_unit)
        self.name.editingFinished.connect(self._fill_first_unit)
        self.add_unit("", "")
        self.resize(560, 420)

    def add_unit(self, code: str, name: str, kind: str = "agency") -> None:
        row = self.units.rowCount()
        self.units.insertRow(row)
        self.units.setItem(row, 0, QTableWidgetItem(code))
        self.units.setItem(row, 1, QTableWidgetItem(name))
        combo = QComboBox()
        for key, label in UNIT_KIND_NAMES.items():
            combo.addItem(label, key)
        combo.setCurrentIndex(list(UNIT_KIND_NAMES).index(kind))
        self.units.setCellWidget(row, 2, combo)

    def _fill_first_unit(self) -> None:
        if self.units.rowCount() == 0:
            return
        code_item, name_item = self.units.item(0, 0), self.units.item(0, 1)
        if not code_item.text() and self.code.text().strip():
            code_item.setText(self.code.text().strip() + "001")
        if not name_item.text() and self.name.text().strip():
            name_item.setText(self.name.text().strip())

    def values(self) -> tuple[int, str, str, list[Unit]]:
        units = []
        for row in range(self.units.rowCount()):
            code = (self.units.item(row, 0).text() if self.units.item(row, 0) else "").strip()
            name = (self.units.item(row, 1).text() if self.units.item(row, 1) else "").strip()
            kind = self.units.cellWidget(row, 2).currentData()
            if code or name:
                units.append(Unit(code, name, kind, row))
        return (
            int(self.year.currentData()),
            self.code.text().strip(),
            self.name.text().strip(),
            units,
        )

    def problem(self) -> str:
        _, code, name, units = self.values()
        if not code or not name:
            return "请填写部门编码和部门名称。"
        if not units:
            return "请至少添加一个预算单位。"
        codes = [u.code for u in units]
        if any(not u.code or not u.name for u in units):
            return "每个单位都要有编码和名称。"
        if len(set(codes)) != len(codes):
            return "单位编码不能重复。"
        return ""

    def _accept(self) -> None:
        problem = self.problem()
        if problem:
            QMessageBox.warning(self, "新建部门", problem)
            return
        self.accept()


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        "关于 部门预算编制",
        f"<h3>部门预算编制 Budget Desk {__version__}</h3>"
        "<p>在不联网的办公电脑上编制部门年度预算：录入收入、基本支出和项目支出，"
        "公开标准表由明细自动生成并实时更新。</p>"
        "<p>每一次修改都立即保存到部门文件（.budget），无需手动保存。</p>"
        "<p>中文字体：文泉驿微米黑（WenQuanYi Micro Hei）。</p>",
    )
