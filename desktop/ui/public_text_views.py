"""The views of the 公开文本资料 pages, by navigator key: one grid per record type, and the
部门职责 text."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop.ui import public_text_models as m
from desktop.ui.document import Document
from desktop.ui.duties_view import DutiesView
from desktop.ui.grid_model import GridModel
from desktop.ui.reason_model import ReasonSlotModel
from desktop.ui.self_evaluation_view import SelfEvaluationView

GRID_MODELS: dict[str, Callable[[Document], GridModel]] = {
    "offices": m.office_model,
    "staff": m.staff_model,
    "purchases": m.purchase_model,
    "assets": m.asset_model,
    "reasons": ReasonSlotModel,
}
TEXT_VIEWS: dict[str, Callable[[Document], QWidget]] = {
    "duties": DutiesView,
    "self_evaluation": SelfEvaluationView,  # 绩效自评 of a 决算 file
}
