"""An edit in the basic-expenditure grid updates only the rows it touches, and leaves the grid
exactly as a full regrouping of the ledger would."""

from __future__ import annotations

from desktop.ui.basic_grid_model import BasicGridModel
from desktop.ui.display import amount_text


def _content(model: BasicGridModel) -> list:
    """Rows as keys and, per econ 款, the ids and amounts of their lines, in order."""
    return [
        (row.key, {econ: [(ln.id, ln.amount) for ln in lines] for econ, lines in row.cells.items()})
        for row in model.rows
    ]


def _same_as_refresh(window, model: BasicGridModel) -> None:
    """The grid as a full regrouping shows it, and the status bar's totals (kept by the
    changes) as a full sum gives them."""
    ledger, unit = window.document.ledger, window.document.unit
    spent = amount_text(ledger.expenditure_total(), unit, False)
    assert window.expenditure_label.text() == f"支出合计 {spent} {unit.label}"
    fresh = BasicGridModel(window.document, model.kind)
    assert _content(model) == _content(fresh)
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            assert model.index(r, c).data() == fresh.index(r, c).data()


def test_edits_update_only_their_rows(window, monkeypatch):
    grid = window.show_view(("basic", "personnel"))
    model = grid.model()
    incremental = []
    apply = model.apply_changes
    monkeypatch.setattr(
        model,
        "apply_changes",
        lambda changes: incremental.append(apply(changes)) or incremental[-1],
    )
    touched = []
    model.dataChanged.connect(lambda a, b, *_: touched.append((a.row(), b.row())))
    column = model.column_of("30101")  # 基本工资
    first = model.index(0, column)
    total = model.index(0, 4)
    # The demo's first row: unit 030001, 2060101, 42.75 + 23.66 + 28.21 万元.
    assert first.data() == "42.75" and total.data() == "94.62"

    assert model.setData(first, "50")  # an update of the line in place
    assert incremental == [True] and touched == [(0, 0)]
    assert first.data() == "50.00" and total.data() == "101.87"
    _same_as_refresh(window, model)

    empty = next(c for c in range(5, model.columnCount()) if not model.index(0, c).data())
    assert model.setData(model.index(0, empty), "1.5")  # a new line in an existing row
    assert incremental[-1] is True and total.data() == "103.37"
    _same_as_refresh(window, model)

    assert model.setData(model.index(0, empty), "")  # deleted again
    assert incremental[-1] is True and total.data() == "101.87"
    _same_as_refresh(window, model)

    window.document.undo_stack.undo()  # back to the state before the deletion
    assert total.data() == "103.37"
    _same_as_refresh(window, model)


def test_a_row_losing_its_last_line_is_regrouped(window):
    grid = window.show_view(("basic", "personnel"))
    model = grid.model()
    rows = model.rowCount()
    last = rows - 1
    filled = [c for c in range(5, model.columnCount()) if model.index(last, c).data()]
    model.apply_edits([(last, c, "") for c in filled], "清空")
    assert model.rowCount() == rows - 1
    _same_as_refresh(window, model)


def test_frozen_columns_follow_the_row_heights(window):
    """The frozen code columns lie over the grid row for row: a row resized in the grid is
    resized beside it, and rows that came later take the same default height."""
    grid = window.show_view(("basic", "personnel"))
    frozen, model = grid.frozen, grid.model()
    assert frozen is not None and model.rowCount() > 3
    default = grid.verticalHeader().defaultSectionSize()
    assert [frozen.view.rowHeight(r) for r in range(3)] == [default] * 3
    grid.setRowHeight(2, default + 17)
    assert frozen.view.rowHeight(2) == default + 17 == grid.rowHeight(2)
    assert frozen.view.rowHeight(1) == default
    grid.verticalHeader().setDefaultSectionSize(default + 3)
    frozen.place()
    assert frozen.view.rowHeight(0) == default + 3 == grid.rowHeight(0)
    assert frozen.view.rowHeight(2) == grid.rowHeight(2)


def test_cells_answer_the_roles_of_their_column(window):
    """Shading, alignment and the bold 合计 depend on the column only: every row answers alike,
    before and after an edit."""
    from PySide6.QtCore import Qt

    from desktop.ui.basic_grid_model import COL_NAME, COL_TOTAL, COL_UNIT
    from desktop.ui.grid_model import COMPUTED_BRUSH

    model = window.show_view(("basic", "personnel")).model()
    amount = model.column_of("30101")
    role = Qt.ItemDataRole
    for _ in range(2):
        for r in (0, model.rowCount() - 1):
            assert model.index(r, COL_NAME).data(role.BackgroundRole) == COMPUTED_BRUSH
            assert model.index(r, COL_TOTAL).data(role.BackgroundRole) == COMPUTED_BRUSH
            assert model.index(r, amount).data(role.BackgroundRole) is None  # typed into
            assert model.index(r, COL_UNIT).data(role.BackgroundRole) is None
            right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            assert model.index(r, amount).data(role.TextAlignmentRole) == right
            assert model.index(r, COL_UNIT).data(role.TextAlignmentRole) is None
            assert model.index(r, COL_TOTAL).data(role.FontRole).bold()
            assert model.index(r, amount).data(role.FontRole) is None
        assert model.setData(model.index(0, amount), "61")
