"""Small dialogs: a new department (year, code, name, units, table set, workbook format), 关于."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
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
from desktop.catalog import available_years, load_catalog
from desktop.errors import CatalogError
from desktop.models.store import DepartmentFile
from desktop.records import FILE_KINDS, UNIT_KIND_NAMES, Unit
from desktop.ui import appsettings

# The department file remembers the bureau's workbook format chosen at creation (setting table).
PROFILE_SETTING = "export_profile"  # = desktop.export.profile.PROFILE_SETTING


def workbook_profiles() -> tuple[dict[str, str], str]:
    """(profile id → name, default id) from resources/profiles; empty when exports are missing."""
    from desktop.export.profile import DEFAULT_PROFILE, available_profiles, load_profile_file

    names = {}
    for pid, file in available_profiles().items():
        try:
            names[pid] = load_profile_file(file).name
        except Exception:  # noqa: BLE001 - a broken profile file is left out of the list
            continue
    return names, DEFAULT_PROFILE


def initial_year(years: list[int], wanted: int) -> tuple[int | None, str]:
    """The year to preselect and, when the wanted year has no catalog, a note saying so."""
    if not years:
        return None, "没有任何年度的科目表，无法新建部门。"
    if wanted in years:
        return wanted, ""
    earlier = [y for y in years if y < wanted]
    year = earlier[-1] if earlier else years[0]
    return year, (
        f"{wanted} 年的科目表尚未导入，已先选 {year} 年。"
        f"编制 {wanted} 年预算，请先请软件维护人员导入 {wanted} 年科目表。"
    )


class NewDepartmentDialog(QDialog):
    """Asks for fiscal year, department code and name, the units with their kind, and the format.

    The year defaults to the fiscal year being prepared (next year from September on, see
    `appsettings.default_fiscal_year`), the format to the default bureau profile.
    """

    def __init__(self, parent: QWidget | None = None, wanted_year: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建部门")
        layout = QVBoxLayout(self)
        form = self._form = QFormLayout()
        self.file_kind = QComboBox()  # 部门预算 or 部门决算 (the kind of department file)
        for key, label in FILE_KINDS.items():
            self.file_kind.addItem(label, key)
        self.file_kind.currentIndexChanged.connect(lambda _i: self._kind_chosen())
        self.year = QComboBox()
        years = available_years()
        for year in years:
            self.year.addItem(f"{year} 年", year)
        wanted = wanted_year or appsettings.default_fiscal_year()
        chosen, note = initial_year(years, wanted)
        if chosen is not None:
            self.year.setCurrentIndex(years.index(chosen))
        self.year_note = QLabel()
        self.year_note.setWordWrap(True)
        self.year_note.setStyleSheet("color: #8a5a00;")
        self._initial_note = note
        self._show_year_note()
        self.year.currentIndexChanged.connect(self._show_year_note)
        self.code = QLineEdit()
        self.code.setPlaceholderText("例如 030")
        self.name = QLineEdit()
        self.name.setPlaceholderText("例如 株洲市荷塘区科技和工业信息化局")
        self.profile = QComboBox()
        profiles, default_profile = workbook_profiles()
        for pid, label in profiles.items():
            self.profile.addItem(label, pid)
        self.profile.setCurrentIndex(max(0, self.profile.findData(default_profile)))
        self.pack = QComboBox()  # the table sets (表套) installed for the chosen year
        self.packs: dict[str, object] = {}
        self._fill_packs()
        self.year.currentIndexChanged.connect(lambda _i: self._fill_packs())
        self.pack.currentIndexChanged.connect(lambda _i: self._pack_chosen())
        form.addRow("文件类别", self.file_kind)
        form.addRow("预算年度", self.year)
        form.addRow("", self.year_note)
        form.addRow("部门编码", self.code)
        form.addRow("部门名称", self.name)
        form.addRow("表套", self.pack)
        form.addRow("报送格式", self.profile)
        layout.addLayout(form)
        layout.addWidget(QLabel("预算单位（第一行通常是部门本级，可直接修改、添加或删除）："))
        self.units = QTableWidget(0, 3)
        self.units.setHorizontalHeaderLabels(["单位编码", "单位名称", "单位性质"])
        self.units.setColumnWidth(0, 110)
        self.units.setColumnWidth(1, 300)
        layout.addWidget(self.units)
        buttons_row = QHBoxLayout()
        add = QPushButton("添加单位")
        add.clicked.connect(self._add_next_unit)
        remove = QPushButton("删除单位")
        remove.clicked.connect(lambda: self.units.removeRow(self.units.currentRow()))
        buttons_row.addWidget(add)
        buttons_row.addWidget(remove)
        buttons_row.addStretch(1)
        layout.addLayout(buttons_row)
        layout.addWidget(QLabel("金额默认以万元显示（保留两位小数），可在“视图”菜单改为元。"))
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
        self.resize(600, 520)

    def _fill_packs(self) -> None:
        from desktop.packs.registry import DEFAULT_PACK, available_packs
        from desktop.ui.pack_dialog import pack_label

        year = self.year.currentData()
        current = self.pack.currentData() or DEFAULT_PACK
        self.pack.blockSignals(True)
        self.pack.clear()
        # A year no set names yet (a catalog just imported): offer every set rather than none.
        found = (available_packs(int(year)) if year else []) or available_packs()
        # A 决算 file prints a 决算 set, a budget a budget set (a set without a kind is a budget's).
        kind = self.kind()
        self.packs = {p.id: p for p in found if getattr(p, "kind", "budget") == kind}
        for pack in self.packs.values():
            self.pack.addItem(pack_label(pack), pack.id)
        if not self.packs:  # no set of this kind installed: the file takes the default
            self.pack.addItem("（默认表套）", None)
        self.pack.setCurrentIndex(max(0, self.pack.findData(current)))
        self.pack.blockSignals(False)

    def kind(self) -> str:
        """The kind of file to create: budget 部门预算 or final 部门决算."""
        return str(self.file_kind.currentData() or "budget")

    def _kind_chosen(self) -> None:
        final = self.kind() == "final"
        self.setWindowTitle("新建部门决算" if final else "新建部门")
        label = self._form.labelForField(self.year)
        if isinstance(label, QLabel):
            label.setText("决算年度" if final else "预算年度")
        self._fill_packs()

    def _pack_chosen(self) -> None:
        """A set ships with its workbook format: preselect it (the user may still change it)."""
        pack = self.packs.get(self.pack.currentData())
        index = self.profile.findData(getattr(pack, "workbook_profile", ""))
        if index >= 0:
            self.profile.setCurrentIndex(index)

    def _show_year_note(self) -> None:
        """The note under the year: a missing wanted year, and a provisional catalog (暂用)."""
        parts = [self._initial_note] if self._initial_note else []
        year = self.year.currentData()
        if year is not None:
            try:
                label = load_catalog(int(year)).provisional_label
            except CatalogError:
                label = ""
            if label:
                parts.append(label)
        self.year_note.setText("\n".join(parts))
        self.year_note.setVisible(bool(parts))

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

    def _add_next_unit(self) -> None:
        """A new row whose code follows the last one (030001 → 030002), as units are numbered."""
        last = self._text(self.units.rowCount() - 1, 0) if self.units.rowCount() else ""
        code = str(int(last) + 1).zfill(len(last)) if last.isdigit() else ""
        self.add_unit(code, "", "institution")
        self.units.setCurrentCell(self.units.rowCount() - 1, 1)

    def _text(self, row: int, column: int) -> str:
        item = self.units.item(row, column)
        return item.text().strip() if item else ""

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
            code, name = self._text(row, 0), self._text(row, 1)
            kind = self.units.cellWidget(row, 2).currentData()
            if code or name:
                units.append(Unit(code, name, kind, row))
        return (
            int(self.year.currentData() or 0),
            self.code.text().strip(),
            self.name.text().strip(),
            units,
        )

    def settings(self) -> dict[str, str]:
        """What the new department file remembers besides its units: table set, workbook format."""
        from desktop.packs.choice import HASH_SETTING, LAYOUT_SETTING, PACK_SETTING

        profile = self.profile.currentData()
        out = {PROFILE_SETTING: str(profile)} if profile else {}
        pack = self.packs.get(self.pack.currentData())
        if pack is not None:
            out[PACK_SETTING] = pack.id
            out[HASH_SETTING] = pack.content_hash
            out[LAYOUT_SETTING] = pack.performance_layout
        return out

    def problem(self) -> str:
        year, code, name, units = self.values()
        if not year:
            return "没有可用的预算年度：请先导入科目表。"
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


def write_department_settings(path: Path, values: dict[str, str]) -> None:
    """Store key/value settings (e.g. the workbook format) in a department file, in one commit."""
    if not values:
        return
    dfile = DepartmentFile.open(path)
    try:
        dfile.settings.set_many(values)
    finally:
        dfile.close()


def about_text() -> str:
    """The 关于 text: version, supported fiscal years, data folder, components."""
    years = available_years()
    span = f"{years[0]}–{years[-1]} 年" if len(years) > 1 else (f"{years[0]} 年" if years else "无")
    return (
        f"<h3>部门预算编制 Budget Desk {__version__}</h3>"
        "<p>在不联网的办公电脑上编制部门年度预算：录入收入、基本支出和项目支出，"
        "公开标准表由明细自动生成并实时更新。</p>"
        "<p>每一次修改都立即保存到部门文件（.budget），无需手动保存。</p>"
        f"<p><b>版本：</b>{__version__}<br>"
        f"<b>支持的预算年度（已有科目表）：</b>{span}（{'、'.join(map(str, years))}）<br>"
        f"<b>数据文件夹：</b>{appsettings.data_dir()}<br>"
        f"<b>设置文件：</b>{appsettings.app_settings().fileName()}</p>"
        f"<p style='color:#555'>Python {platform.python_version()}，Qt {qVersion()}，"
        f"PySide6 {pyside_version}。中文字体：文泉驿微米黑（WenQuanYi Micro Hei）。</p>"
    )


def show_about(parent: QWidget) -> QMessageBox:
    """Show 关于 (non-blocking, so tests and the window stay responsive); returns the box."""
    box = QMessageBox(QMessageBox.Icon.NoIcon, "关于 部门预算编制", about_text(), parent=parent)
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64) if parent else box.iconPixmap())
    box.setObjectName("about_box")
    box.open()
    return box
