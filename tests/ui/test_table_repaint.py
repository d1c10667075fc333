"""A standard table on screen repaints only the rows an edit changed, and then shows exactly
what a freshly opened view of the table shows."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from desktop.ui.table_model import StandardTableModel


def _amount(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "")) if text else Decimal(0)
    except InvalidOperation:
        return None


def _shown(model: StandardTableModel) -> list[list[str]]:
    return [
        [str(model.index(r, c).data() or "") for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_an_edit_repaints_the_rows_it_changed(window):
    grid = window.show_view(("basic", "personnel"))
    model = grid.model()
    first = model.index(0, model.column_of("30101"))  # 030001 / 2060101 基本工资, 42.75 万元
    assert first.data() == "42.75"
    table = window.show_view(("table", 1)).model  # 收支总表, on screen while the edit lands
    resets, touched = [], []
    table.modelReset.connect(lambda: resets.append(True))
    table.dataChanged.connect(lambda a, b, *_: touched.extend(range(a.row(), b.row() + 1)))
    before = _shown(table)

    assert model.apply_edits([(0, first.column(), "50")], "录入")  # +7.25 万元
    after = _shown(table)
    assert not resets
    changed = [r for r in range(len(after)) if after[r] != before[r]]
    assert changed and set(changed) <= set(touched)  # every row that differs was repainted
    moved = {
        _amount(a) - _amount(b)  # type: ignore[operator]
        for r in changed
        for a, b in zip(after[r], before[r], strict=True)
        if a != b and _amount(a) is not None and _amount(b) is not None
    }
    assert moved == {Decimal("7.25")}  # 42.75 → 50 万元, in every figure that includes it
    assert len(touched) < len(after)  # and not the whole table
    assert after == _shown(StandardTableModel(window.document, 1))
