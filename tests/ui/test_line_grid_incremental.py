"""An edit in the line grid (全部支出明细) that keeps the line in its place updates only that row
and the 合计 row, and leaves the grid exactly as a full reload from the ledger would."""

from __future__ import annotations

from desktop.ui.display import amount_text
from desktop.ui.record_models import expenditure_model


def _shown(model) -> list[list[str]]:  # noqa: ANN001
    return [
        [str(model.index(r, c).data() or "") for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _same_as_reload(window, model) -> None:  # noqa: ANN001
    fresh = expenditure_model(window.document)
    assert model.rows == fresh.rows
    assert _shown(model) == _shown(fresh)


def test_an_amount_typed_repaints_its_row_and_the_total(window, monkeypatch):
    grid = window.show_view(("expenditure",))
    model = grid.model()
    results = []
    apply = model.apply_changes
    monkeypatch.setattr(
        model, "apply_changes", lambda changes: results.append(apply(changes)) or results[-1]
    )
    touched = []
    model.dataChanged.connect(lambda a, b, *_: touched.append((a.row(), b.row())))
    amount = next(c for c, column in enumerate(model.columns) if column.fen)
    ledger, unit = window.document.ledger, window.document.unit
    before = ledger.expenditure_total()
    total = model.index(model.total_row, amount)
    assert total.data() == amount_text(before, unit, blank_zero=False)
    row = 3
    old = model.rows[row].amount

    assert model.setData(model.index(row, amount), "12.34")  # 万元
    assert results == [True]
    assert touched == [(row, row), (model.total_row, model.total_row)]
    assert model.rows[row].amount == 12_340_000  # 分
    expected = before - old + 12_340_000
    assert ledger.expenditure_total() == expected
    assert total.data() == amount_text(expected, unit, blank_zero=False)
    _same_as_reload(window, model)

    window.document.undo_stack.undo()
    assert results[-1] is True and model.rows[row].amount == old
    assert total.data() == amount_text(before, unit, blank_zero=False)
    _same_as_reload(window, model)


def test_a_deleted_line_reloads_the_grid(window):
    grid = window.show_view(("expenditure",))
    model = grid.model()
    amount = next(c for c, column in enumerate(model.columns) if column.fen)
    rows = len(model.rows)
    model.index(model.total_row, amount).data()  # the 合计 is summed and kept
    window.document.execute(model.delete_changes([0]), "删除")
    assert len(model.rows) == rows - 1
    spent = window.document.ledger.expenditure_total()
    assert model.index(model.total_row, amount).data() == amount_text(
        spent, window.document.unit, blank_zero=False
    )
    _same_as_reload(window, model)
