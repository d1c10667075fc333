"""绩效自评 of a 决算 file: the department or one project, its indicators with 实际完成值 / 分值 /
得分 / 偏差原因 typed in a grid, and what the 自评表 computes shown beside them.

Each typed cell is one undoable edit of the IndicatorResult (through Document.execute); 执行率,
its 得分, the totals and the 等级 are recomputed from the ledger (desktop/self_evaluation.py),
never typed. A refused value (a 得分 that is not a number) leaves the stored one and says why.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import BudgetError
from desktop.money import format_amount
from desktop.records import Change, IndicatorResult, SelfEvaluation
from desktop.self_evaluation import (
    format_points,
    format_rate,
    parse_points,
    subjects,
    summary,
)
from desktop.tables.forms_core import amount_text
from desktop.ui.document import Document

# (header, IndicatorResult field or None for a read-only column of the indicator, width)
COLUMNS = (
    ("一级指标", None, 80),
    ("二级指标", None, 100),
    ("三级指标", None, 200),
    ("年度指标值", None, 110),
    ("实际完成值", "actual", 100),
    ("分值", "points", 56),
    ("得分", "score", 56),
    ("偏差原因分析及改进措施", "deviation", 360),
)
POINT_FIELDS = ("points", "score")


class SelfEvaluationView(QWidget):
    """Pick the department or a project; edit its indicators' 自评; see 执行率 and the total."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        top = QHBoxLayout()
        top.addWidget(QLabel("自评对象："))
        self.subject = QComboBox()
        self.subject.setMinimumWidth(280)
        self.subject.currentIndexChanged.connect(lambda _i: self.refresh())
        top.addWidget(self.subject)
        top.addStretch(1)
        layout.addLayout(top)
        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        captions = (
            ("initial", "年初预算数（万元）"),
            ("full_year", "全年预算数（万元）"),
            ("executed", "全年执行数（万元）"),
            ("rate", "执行率"),
            ("execution", "执行率得分"),
            ("total", "总分"),
            ("grade", "等级"),
        )
        for i, (key, caption) in enumerate(captions):
            grid.addWidget(QLabel(caption), 0, i)
            label = QLabel()
            label.setObjectName(f"figure_{key}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            grid.addWidget(label, 1, i)
            self.figures[key] = label
        layout.addLayout(grid)
        hint = QLabel(
            "实际完成值、分值、得分、偏差原因可直接修改（可撤销）；执行率 = 全年执行数 / 全年预算数，"
            "由支出明细和预算数算出。得分低于分值的指标须填写偏差原因。"
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([c[0] for c in COLUMNS])
        for col, (_h, _f, width) in enumerate(COLUMNS):
            self.table.setColumnWidth(col, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemChanged.connect(self._edited)
        layout.addWidget(self.table, 1)
        self._fill_subjects()
        self.refresh()

    # -- showing ----------------------------------------------------------------------------------
    def _fill_subjects(self) -> None:
        self.subject.blockSignals(True)
        current = self.subject.currentData()
        self.subject.clear()
        for code, name in subjects(self.document.ledger):
            self.subject.addItem("部门整体支出" if not code else f"{name}（{code}）", code)
        index = self.subject.findData(current)
        self.subject.setCurrentIndex(max(index, 0))
        self.subject.blockSignals(False)

    def current_subject(self) -> str:
        return self.subject.currentData() or ""

    def select_subject(self, code: str) -> None:
        self.subject.setCurrentIndex(max(self.subject.findData(code), 0))

    def refresh(self) -> None:
        if self.subject.count() != len(subjects(self.document.ledger)):
            self._fill_subjects()
        s = summary(self.document.ledger, self.current_subject())
        total = s.funds["total"]
        self.figures["initial"].setText(amount_text(total.initial, "0.00"))
        self.figures["full_year"].setText(amount_text(total.full_year, "0.00"))
        self.figures["executed"].setText(amount_text(total.executed, "0.00"))
        self.figures["executed"].setToolTip(f"{format_amount(total.executed)} 万元，取自支出明细")
        self.figures["rate"].setText(format_rate(s.execution_rate) or "—（无全年预算数）")
        points = format_points(s.evaluation.execution_points)
        self.figures["execution"].setText(f"{format_points(s.execution_score)} / {points}")
        self.figures["total"].setText(
            f"{format_points(s.score_total)} / {format_points(s.points_total)}"
        )
        self.figures["grade"].setText(s.grade or "（未自评）")
        self._loading = True
        try:
            self.table.setRowCount(len(s.indicators))
            for row, scored in enumerate(s.indicators):
                ind, result = scored.indicator, scored.result
                from desktop.packs.forms_fields import value_with_unit

                texts = (
                    ind.level1,
                    ind.level2,
                    ind.name,
                    value_with_unit(ind),
                    result.actual,
                    format_points(result.points),
                    format_points(result.score),
                    result.deviation,
                )
                for col, text in enumerate(texts):
                    item = QTableWidgetItem(text)
                    field = COLUMNS[col][1]
                    item.setData(Qt.ItemDataRole.UserRole, ind.id)
                    if field is None:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                        item.setForeground(Qt.GlobalColor.darkGray)
                    if field in POINT_FIELDS:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    if field == "deviation" and result.score < result.points and not text.strip():
                        item.setBackground(Qt.GlobalColor.yellow)
                        item.setToolTip("得分低于分值：请填写偏差原因分析及改进措施。")
                    self.table.setItem(row, col, item)
            self.table.resizeRowsToContents()
        finally:
            self._loading = False

    # -- editing ----------------------------------------------------------------------------------
    def _edited(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        field = COLUMNS[item.column()][1]
        indicator_id = item.data(Qt.ItemDataRole.UserRole)
        if field is None or indicator_id is None:
            return
        self.set_value(indicator_id, field, item.text())

    def set_value(self, indicator_id: int, field: str, text: str) -> bool:
        """Write one typed value as an undoable edit; False (and the stored value shown) if refused."""
        ledger = self.document.ledger
        before = ledger.indicator_results.get(indicator_id)
        try:
            value: object = parse_points(text or "0") if field in POINT_FIELDS else text.strip()
        except BudgetError as exc:
            self.document.failed.emit(str(exc))  # shown by the window like the ledger's refusals
            self.refresh()
            return False
        base = before or IndicatorResult(indicator_id)
        after = dataclasses.replace(base, **{field: value})
        if after == before:
            return True
        changes = [Change(before, after)]
        code = self.current_subject()
        if code not in ledger.self_evaluations:  # the first result entered starts the 自评
            changes.insert(0, Change(None, SelfEvaluation(code)))
        applied = self.document.execute(changes, "修改绩效自评")
        self.refresh()
        return applied is not None
