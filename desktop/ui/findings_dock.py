"""The findings dock: the checks' errors and warnings, jumps to their cells, 出错说明 for warnings."""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain, compress
from operator import attrgetter, countOf, is_
from typing import NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.checks.explanations import load_explanations, save_explanation
from desktop.checks.finding import ERROR, WARNING, Finding
from desktop.models.store import DepartmentFile
from desktop.ui.document import Document

NOT_LOADED = "审核模块未加载"
CHECKING = "审核中…"  # until the first full check of a file just opened has run
_SEVERITY = attrgetter("severity")
_EXPLAINED_BY = attrgetter("rule_id", "subject")  # the key of a finding's 出错说明
_ERROR_COLOR = QColor("#b00020")
_WARNING_COLOR = QColor("#8a6d00")


class FindingsModel(QAbstractTableModel):
    """Findings as rows (类型, 规则, 说明, 出错说明); cheap to reset however many there are."""

    HEADERS = ("类型", "规则", "说明", "出错说明")

    def __init__(self) -> None:
        super().__init__()
        self.findings: list[Finding] = []
        self.explanations: dict[tuple[str, str], str] = {}
        self.save: Callable[[Finding, str], None] | None = None  # set while explanations save

    def set_findings(self, findings: list[Finding], explanations: dict) -> None:
        """Show `findings`. An edit changes a few findings among thousands: only the rows that
        differ are replaced, inserted or removed (the view keeps its place and selection);
        other explanations reset the model."""
        if explanations is not self.explanations:
            self.beginResetModel()
            self.findings, self.explanations = findings, explanations
            self.endResetModel()
            return
        old = self.findings
        start, old_end, new_end = _changed_block(old, findings)
        same = min(old_end, new_end)  # rows start..same-1 are replaced in place
        if same > start:
            self.findings = findings[:same] + old[same:]
            right = len(self.HEADERS) - 1
            self.dataChanged.emit(self.index(start, 0), self.index(same - 1, right))
        if old_end > same:
            self.beginRemoveRows(QModelIndex(), same, old_end - 1)
            self.findings = findings
            self.endRemoveRows()
        elif new_end > same:
            self.beginInsertRows(QModelIndex(), same, new_end - 1)
            self.findings = findings
            self.endInsertRows()
        self.findings = findings

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.findings)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid():
            return None
        finding = self.findings[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                return finding.severity
            if col == 1:
                rule = _rules().get(finding.rule_id)
                if role == Qt.ItemDataRole.ToolTipRole and rule is not None:
                    return f"{rule.display_name}：{rule.description}（规则 {rule.id}）"
                return rule.display_name if rule is not None else finding.rule_id
            if col == 2:
                return finding.message
            text = self.explanations.get((finding.rule_id, finding.subject), "")
            return text or ("（未填写，双击填写）" if finding.severity == WARNING else "")
        if role == Qt.ItemDataRole.EditRole and col == 3:
            return self.explanations.get((finding.rule_id, finding.subject), "")
        if role == Qt.ItemDataRole.ForegroundRole and col == 0:
            return QBrush(_ERROR_COLOR if finding.severity == ERROR else _WARNING_COLOR)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if (
            index.isValid()
            and index.column() == 3
            and self.save is not None
            and self.findings[index.row()].severity == WARNING
        ):
            base |= Qt.ItemFlag.ItemIsEditable  # 出错说明 is typed in place
        return base

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: object, role: int = 2
    ) -> bool:  # noqa: N802 - Qt override
        if not index.isValid() or index.column() != 3 or self.save is None:
            return False
        finding = self.findings[index.row()]
        text = str(value or "").strip()
        if text == self.explanations.get((finding.rule_id, finding.subject), ""):
            return False
        save = self.save
        QTimer.singleShot(0, lambda: save(finding, text))  # re-checking resets this model
        return True


def _same(old: list[Finding], new: list[Finding]) -> bool:
    return old == new  # element by element, identical objects at C speed


def _changed_block(old: list[Finding], new: list[Finding]) -> tuple[int, int, int]:
    """(start, old_end, new_end): `old[start:old_end]` became `new[start:new_end]`, the rest is
    equal. Found by halving, comparing slices: list equality skips identical objects in C, and
    the checker keeps the findings an edit did not touch, so thousands compare in microseconds."""
    limit = min(len(old), len(new))
    low, high = 0, limit  # old[:low] == new[:low]; a difference before `high` if high < limit
    while low < high:
        mid = (low + high + 1) // 2
        if old[low:mid] == new[low:mid]:
            low = mid
        else:
            high = mid - 1
    start = low
    tail = limit - start  # the common suffix is at most this long
    low, high = 0, tail
    while low < high:
        mid = (low + high + 1) // 2
        if old[len(old) - mid : len(old) - low] == new[len(new) - mid : len(new) - low]:
            low = mid
        else:
            high = mid - 1
    return start, len(old) - low, len(new) - low


def _rules() -> dict:
    """The declared rules by id (their Chinese titles)."""
    from desktop.checks.rules import RULES_BY_ID

    return RULES_BY_ID


class _Part(NamedTuple):
    """One rule's findings as the list shows them: errors and others, and the summary's counts
    (errors, warnings, explained warnings)."""

    source: list[Finding]
    errors: list[Finding]
    others: list[Finding]
    tally: tuple[int, int, int]


class FindingsDock(QDockWidget):
    """Lists findings (类型, 规则, 说明, 出错说明); double-click asks the window to jump."""

    jump_requested = Signal(object)  # a Finding
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("审核结果", parent)
        self.setObjectName("findings_dock")
        self.document: Document | None = None
        self.findings: list[Finding] = []
        self.explanations: dict[tuple[str, str], str] = {}
        self._source: list[_Part] | None = None  # the checker's findings the list shows
        self._explanations_of: DepartmentFile | None = None  # whose explanations are read
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.summary = QLabel("未打开部门文件")
        top.addWidget(self.summary, 1)
        self.explain_button = QPushButton("填写出错说明…")
        self.explain_button.clicked.connect(self.explain_current)
        top.addWidget(self.explain_button)
        self.recheck_button = QPushButton("重新审核")
        self.recheck_button.clicked.connect(self.recheck)
        top.addWidget(self.recheck_button)
        layout.addLayout(top)
        self.model = FindingsModel()
        self.table = QTableView(body)
        self.table.setModel(self.model)
        self.table.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked
            | QTableView.EditTrigger.EditKeyPressed
            | QTableView.EditTrigger.AnyKeyPressed
        )
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 50)
        self.table.setColumnWidth(1, 170)
        self.table.setColumnWidth(2, 760)
        # A double-click jumps to the cell, except on 出错说明, which it edits in place.
        self.table.doubleClicked.connect(
            lambda index: index.column() != 3 and self._double_clicked(index.row(), 0)
        )
        layout.addWidget(self.table)
        self.setWidget(body)
        self._update_buttons()

    def set_document(self, document: Document | None) -> None:
        if self.document is not None:
            self.document.checks_ready.disconnect(self.refresh)
        self.document = document
        if document is not None:
            document.checks_ready.connect(self.refresh)  # 审核中… until then
        self._explanations_of, self._source = None, None
        self.refresh()

    @property
    def available(self) -> bool:
        doc = self.document
        return doc is not None and not doc.checks_pending and doc.checker is not None

    def refresh(self) -> None:
        """Show the checker's current findings (it re-runs itself on every edit)."""
        doc = self.document
        if doc is None:
            self._show([], "未打开部门文件")
            return
        if doc.checks_pending:  # the window runs the first check right after its first paint
            self._show([], CHECKING)
            return
        if doc.checker is None:
            self._show([], doc.check_error or NOT_LOADED)
            return
        try:
            checker = doc.checker
            parts_of = getattr(checker, "parts", None)  # by rule, if the checker keeps them
            parts = parts_of() if callable(parts_of) else [list(checker.findings)]
            # Explanations are written only through this dock (`save`), which reads them again.
            if self._explanations_of is not doc.dfile:
                self.explanations = load_explanations(doc.dfile)
                self._explanations_of = doc.dfile
        except Exception as exc:  # noqa: BLE001 - a failing rule must not break the window
            self._show([], f"审核出错：{exc}")
            return
        source = self._source
        if source is not None and len(source) == len(parts):
            if all(map(is_, (p.source for p in source), parts)):
                return  # an edit that changed no finding: the list and its summary stand
            # An edit changes a few rules' findings: only those are sorted and counted again.
            arranged = [
                old if old.source is new else self._follow(old, new)
                for old, new in zip(source, parts, strict=True)
            ]
        else:
            arranged = [self._arrange(part) for part in parts]
        # Errors first, each group in the checker's order.
        shown = list(chain.from_iterable(p.errors for p in arranged))
        shown.extend(chain.from_iterable(p.others for p in arranged))
        tallies = [p.tally for p in arranged]
        errors, warnings, explained = (sum(c) for c in zip((0, 0, 0), *tallies, strict=True))
        if shown:
            text = f"错误 {errors} 条，提示 {warnings} 条（已说明 {explained} 条）"
        else:
            text = "审核通过：没有错误和提示"
        self._show(shown, text)
        self._source = arranged

    def _arrange(self, findings: list[Finding]) -> _Part:
        """Errors and the others of `findings`, each in the checker's order, and their counts
        (passes in C: a rule may have thousands)."""
        severities = list(map(_SEVERITY, findings))
        errors = list(compress(findings, map(ERROR.__eq__, severities)))
        others = list(compress(findings, map(ERROR.__ne__, severities)))
        warnings = list(compress(findings, map(WARNING.__eq__, severities)))
        explained = sum(map(self.explanations.__contains__, map(_EXPLAINED_BY, warnings)))
        return _Part(findings, errors, others, (len(errors), len(warnings), explained))

    def _follow(self, part: _Part, new: list[Finding]) -> _Part:
        """`_arrange(new)` from `part`, arranged from the rule's findings before an edit: the
        edit changed one block of them, whose errors and others each stand together. Only that
        block is sorted and counted (and the errors before it, from the nearer end)."""
        old = part.source
        if old == new:  # new objects, the same findings
            return part._replace(source=new)
        start, old_end, new_end = _changed_block(old, new)
        errors = part.tally[0]
        if start <= len(old) - start:
            before = countOf(map(_SEVERITY, old[:start]), ERROR)
        else:
            before = errors - countOf(map(_SEVERITY, old[start:]), ERROR)
        removed = self._arrange(old[start:old_end])
        added = self._arrange(new[start:new_end])
        gone = removed.tally[0]
        others_before = start - before
        new_errors = part.errors[:before] + added.errors + part.errors[before + gone :]
        after_others = others_before + len(removed.others)
        new_others = part.others[:others_before] + added.others + part.others[after_others:]
        tally = tuple(
            now - lost + got
            for now, lost, got in zip(part.tally, removed.tally, added.tally, strict=True)
        )
        return _Part(new, new_errors, new_others, tally)  # type: ignore[arg-type]

    def _show(self, findings: list[Finding], summary: str) -> None:
        self._source = None
        self.findings = findings
        self.summary.setText(summary)
        self.model.set_findings(findings, self.explanations)
        self._update_buttons()

    def _update_buttons(self) -> None:
        editable = self.available and self.document is not None and not self.document.readonly
        self.explain_button.setEnabled(bool(editable and self.findings))
        self.model.save = self.save if editable else None
        self.recheck_button.setEnabled(self.available)

    def _double_clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.findings):
            self.jump_requested.emit(self.findings[row])

    def recheck(self) -> None:
        self._explanations_of, self._source = None, None  # read again: one was saved, or asked
        if self.available:
            self.document.checker.refresh()  # type: ignore[union-attr]
            self.refresh()

    def explain_current(self) -> None:
        row = self.table.currentIndex().row()
        if not (0 <= row < len(self.findings)) or self.document is None:
            return
        finding = self.findings[row]
        if finding.severity != WARNING:
            self.message.emit("错误必须改正，不能用出错说明代替；只有“提示”可以填写出错说明。")
            return
        old = self.explanations.get((finding.rule_id, finding.subject), "")
        text, ok = QInputDialog.getMultiLineText(
            self, "出错说明", f"{finding.message}\n\n请说明原因（留空则删除说明）：", old
        )
        if ok:
            self.save(finding, text.strip())

    def save(self, finding: Finding, text: str) -> None:
        """Store (or with empty text delete) the explanation of a warning."""
        if self.document is None:
            return
        try:
            save_explanation(self.document.dfile, finding.rule_id, finding.subject, text)
        except Exception as exc:  # noqa: BLE001 - report, keep the window
            self.message.emit(f"出错说明未能保存：{exc}")
            return
        self.message.emit("出错说明已保存。" if text else "出错说明已删除。")
        self.recheck()
