"""The window shows a 增减率 column as printed (a percentage), beside amounts in the chosen unit."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.money import DisplayUnit
from desktop.packs.registry import get_pack
from desktop.records import PriorYearLine
from desktop.tables.engine import Rollup
from desktop.tables.printed import lower
from desktop.ui.table_model import PrintedGridModel


def test_rate_cells_show_the_printed_percentage(qtbot, demo_ledger):
    # 上年 住房公积金 150,000 元, 本年 162,900 元 (demo): +8.60 %; 上年 total 1,150,000 元.
    demo_ledger.add(
        PriorYearLine(
            None, "030001", "2210201", "30113", "gp_appropriation", "personnel", 15000000
        ),
        PriorYearLine(
            None, "030001", "2060101", "30101", "gp_appropriation", "personnel", 100000000
        ),
    )
    result = Rollup(demo_ledger, pack=get_pack("national-2025")).result(5)
    model = PrintedGridModel(lower(result), DisplayUnit.YUAN)
    rate, change = result.column_index("增减率"), result.column_index("增减额")
    row = next(i for i, r in enumerate(result.rows) if r.code == "2210201")
    display = Qt.ItemDataRole.DisplayRole
    assert model.data(model.index(row, rate), display) == "8.60%"
    assert model.data(model.index(row, change), display) == "12,900.00"  # the unit chosen: 元
    align = model.data(model.index(row, rate), Qt.ItemDataRole.TextAlignmentRole)
    assert align == int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    # 2,897,855.86 / 1,150,000 − 1 = 151.9874…%
    assert model.data(model.index(0, rate), display) == "151.99%"
    assert model.data(model.index(0, rate), Qt.ItemDataRole.ToolTipRole) is None
