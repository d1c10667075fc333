"""Property tests of code entry: any text typed as a function, economic, fund, unit or project
code is either resolved to a real code or refused with LedgerError; the ledger refuses any bad
code the same way and stays as it was; typing anything into any grid cell never raises."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from desktop import codes
from desktop.errors import BudgetError, LedgerError
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import Change, ExpenditureLine, IncomeLine, inverse_of

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Digits, code-like text, names and their fragments, blanks and odd characters.
typed = st.one_of(
    st.text(max_size=12),
    st.text("0123456789 ", min_size=1, max_size=9),
    st.sampled_from(["2060101", "20601", "206", "30101", "301", "科学技术", "行政运行", "一般"]),
    st.builds(lambda a, b: f"{a} {b}", st.text("0123456789", max_size=7), st.text(max_size=6)),
)


@pytest.fixture
def ledger(demo_path):
    dfile = DepartmentFile.open(demo_path)
    yield Ledger(dfile)
    dfile.close()


@FUZZ
@given(text=typed)
@example(text="\u3000")  # an ideographic space only
@example(text="2060101\x00")
def test_typed_codes_resolve_or_are_refused(ledger, text):
    catalog = ledger.catalog
    resolvers = {
        codes.resolve_function: lambda: set(catalog.function),
        codes.resolve_econ: lambda: set(catalog.dept_econ),
        codes.resolve_fund: lambda: set(catalog.fund_sources),
    }
    for resolve, known in resolvers.items():
        try:
            code = resolve(catalog, text)
        except LedgerError as exc:
            assert str(exc)
        else:
            assert code in known()
    for resolve, known in (
        (codes.resolve_unit, ledger.units),
        (codes.resolve_project, ledger.projects),
    ):
        try:
            assert resolve(ledger, text) in known
        except LedgerError:
            pass


def _state(ledger: Ledger) -> tuple:
    return dict(ledger.expenditure_lines), dict(ledger.income_lines)


@FUZZ
@given(
    field=st.sampled_from(["function_code", "econ_code", "fund_source", "unit_code", "kind"]),
    value=typed,
    insert=st.booleans(),
)
def test_ledger_refuses_bad_codes_and_changes_nothing(ledger, demo_path, field, value, insert):
    old = ledger.expenditure_lines[18]  # an operating line: 030001 / 2060101 / 30201
    new = dataclasses.replace(old, **{field: value})
    change = Change(None, dataclasses.replace(new, id=None)) if insert else Change(old, new)
    before, data = _state(ledger), demo_path.read_bytes()
    try:
        applied = ledger.apply([change])
    except LedgerError as exc:
        assert str(exc)
        assert _state(ledger) == before
        assert demo_path.read_bytes() == data
        return
    # Accepted: the value really is a valid code, and the change undoes cleanly.
    assert getattr(applied[0].after, field) == value
    ledger.apply(inverse_of(applied))
    assert _state(ledger) == before


@FUZZ
@given(value=st.one_of(typed, st.integers(), st.none(), st.floats(allow_nan=True)))
def test_any_value_in_a_code_field_is_a_ledger_error(ledger, value):
    """Even non-text values (a misread spreadsheet cell) give LedgerError, never a crash."""
    before = _state(ledger)
    for record in (
        ExpenditureLine(None, "030001", value, "30201", "gp_appropriation", "operating", "", 1),
        ExpenditureLine(None, "030001", "2060101", value, "gp_appropriation", "operating", "", 1),
        IncomeLine(None, "030001", "2060101", value, 1),
        IncomeLine(None, value, "2060101", "gp_appropriation", 1),
    ):
        try:
            added = ledger.add(record)
        except LedgerError:
            continue
        ledger.remove(*added)  # a valid code after all
    assert _state(ledger) == before


def test_typing_anything_into_any_grid_cell_never_raises(qapp, demo_path):
    from desktop.ui.basic_grid_model import BasicGridModel
    from desktop.ui.document import Document
    from desktop.ui.record_models import expenditure_model, income_model, project_model, unit_model

    document = Document(DepartmentFile.open(demo_path))
    models = [
        BasicGridModel(document, "personnel"),
        income_model(document),
        expenditure_model(document),
        unit_model(document),
        project_model(document),
    ]
    refused: list[str] = []
    document.failed.connect(refused.append)
    for model in models:
        model.refused.connect(refused.append)

    @settings(max_examples=50, deadline=None)
    @given(
        text=st.one_of(typed, st.text(max_size=30)),
        column=st.integers(0, 40),
        row=st.integers(0, 40),
    )
    def typing(text, column, row):  # noqa: ANN001, ANN202
        for model in models:
            model.refresh()
            index = model.index(row % model.rowCount(), column % model.columnCount())
            if model.setData(index, text, Qt.ItemDataRole.EditRole):
                document.undo_stack.undo()  # the next example starts from the demo's figures
        assert all(refused)  # every refusal carried a message
        assert document.ledger.expenditure_total() == 289_785_586
        assert document.ledger.income_total() == 289_785_586

    try:
        typing()
    finally:
        document.close()


def test_bad_code_reaches_the_user_as_a_message(ledger):
    with pytest.raises(BudgetError, match="功能科目“9999999”不在 2025 年支出功能分类科目中"):
        ledger.replace(ledger.expenditure_lines[18], function_code="9999999")
