"""Input grids for control figures and prior-year figures: typing, refusal and undo."""

from __future__ import annotations

import pytest

from desktop.models.store import DepartmentFile
from desktop.records import ControlFigure, PriorYearLine
from desktop.ui.document import Document
from desktop.ui.figure_models import WHOLE_DEPARTMENT, control_model, prior_year_model


@pytest.fixture
def document(qapp, demo_path):
    doc = Document(DepartmentFile.open(demo_path))
    yield doc
    doc.close()


def _insert(model, document):
    applied = document.execute(model.insert_changes(model.rowCount() - 1), "插入行")
    model.refresh()
    return applied[0].after


def test_model_tester(qtmodeltester, document):
    document.ledger.add(ControlFigure(None, "", "gp_appropriation", "basic", 25479000))
    for model in (control_model(document), prior_year_model(document)):
        qtmodeltester.check(model, force_py=True)


def test_control_figure_typed_in_wan_yuan_and_undone(document):
    model = control_model(document)
    assert model.rowCount() == 0
    figure = _insert(model, document)
    assert figure == ControlFigure(figure.id, "", "gp_appropriation", "basic", 0)
    assert model.index(0, 0).data() == WHOLE_DEPARTMENT
    # 254.79 万元 = 2,547,900 元 = 254,790,000 分.
    assert model.setData(model.index(0, 3), "254.79")
    model.refresh()
    assert document.ledger.control_figures[figure.id].amount == 254_790_000
    assert model.index(0, 3).data() == "254.79"
    assert model.setData(model.index(0, 2), "项目支出")
    model.refresh()
    assert document.ledger.control_figures[figure.id].scope == "project"
    assert model.setData(model.index(0, 0), "030001")
    assert document.ledger.control_figures[figure.id].unit_code == "030001"
    for _ in range(3):
        document.undo_stack.undo()
    assert document.ledger.control_figures[figure.id].amount == 0


def test_bad_entries_are_refused_and_keep_the_old_value(document, qtbot):
    model = control_model(document)
    figure = _insert(model, document)
    model.setData(model.index(0, 3), "35")
    model.refresh()
    messages = []
    model.refused.connect(messages.append)
    document.failed.connect(messages.append)
    assert not model.setData(model.index(0, 3), "三十五")
    assert not model.setData(model.index(0, 3), "35.0000001")
    assert not model.setData(model.index(0, 2), "全年")
    assert not model.setData(model.index(0, 0), "999")
    assert document.ledger.control_figures[figure.id].amount == 35_000_000
    assert document.ledger.control_figures[figure.id].scope == "basic"
    assert len(messages) == 4 and all(messages)


def test_prior_year_line_codes_by_name(document):
    model = prior_year_model(document)
    line = _insert(model, document)
    assert line == PriorYearLine(line.id, "030001", "", "", "gp_appropriation", "", 0)
    assert model.apply_edits([(0, 3, "30217"), (0, 6, "公用经费"), (0, 7, "1.5")], "录入")
    model.refresh()
    stored = document.ledger.prior_year_lines[line.id]
    assert (stored.econ_code, stored.kind, stored.amount) == ("30217", "operating", 1_500_000)
    assert model.index(0, 4).data() == "公务接待费"
