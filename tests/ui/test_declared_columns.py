"""Grid columns derived from the record declarations (`declared_column`): the header is the
declared label, and typing follows the field's kind — for the 决算 records too, whose grids are
built from these columns."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.errors import LedgerError
from desktop.models.store import DepartmentFile
from desktop.records import ActivityCount, BalanceLine, Project, SelfEvaluation, Unit
from desktop.ui.document import Document
from desktop.ui.record_models import RecordModel, declared_column


@pytest.fixture
def document(qapp, tmp_path):
    dfile = DepartmentFile.create(tmp_path / "f.budget", "601", "测试部门", 2025, kind="final")
    doc = Document(dfile)
    doc.ledger.add(Unit("601001", "机关"), Project("601001-XM01", "601001", "产业发展专项"))
    yield doc
    doc.close()


def test_balance_grid_from_declarations(document):
    names = ("unit_code", "function_code", "fund_source", "opening", "closing")
    columns = [declared_column(document, BalanceLine, n) for n in names]
    assert [c.header for c in columns] == [
        "单位编码",
        "功能科目编码",
        "资金来源",
        "年初结转和结余",
        "年末结转和结余",
    ]
    line = BalanceLine(None, "601001", "2010101", "gp_appropriation")
    # Codes typed by name (as everywhere), amounts in the display unit (万元 by default).
    line = columns[1].parse(line, "2150101")
    line = columns[2].parse(line, "事业收入")
    line = columns[4].parse(line, "1.5")
    assert (line.function_code, line.fund_source, line.closing) == (
        "2150101",
        "business_income",
        15_000_00,
    )
    assert columns[2].show(line) == "事业收入" and columns[4].fen(line) == 15_000_00
    with pytest.raises(LedgerError, match="找不到资金来源“不存在”"):
        columns[2].parse(line, "不存在")


def test_choice_count_and_points_columns(document):
    item, count = (declared_column(document, ActivityCount, n) for n in ("item", "count"))
    row = item.parse(ActivityCount("abroad_groups"), "国内公务接待批次")
    row = count.parse(row, "12")
    assert row == ActivityCount("reception_batches", 12)
    assert item.show(row) == "国内公务接待批次" and count.show(row) == "12"
    with pytest.raises(LedgerError, match="数量应为不小于 0 的整数，输入的是“-3”"):
        count.parse(row, "-3")
    points = declared_column(document, SelfEvaluation, "execution_points")
    evaluation = points.parse(SelfEvaluation(""), "9.5")
    assert evaluation.execution_points == 950 and points.show(evaluation) == "9.50"
    with pytest.raises(LedgerError, match="最多两位小数的分数"):
        points.parse(evaluation, "9.555")


def test_a_grid_of_declared_columns_writes_the_ledger(document):
    columns = [
        declared_column(document, ActivityCount, "item", 200),
        declared_column(document, ActivityCount, "count"),
    ]
    assert columns[0].width == 200
    document.ledger.add(ActivityCount("vehicles_held", 2))
    model = RecordModel(document, "三公经费数量", ActivityCount, columns)
    assert model.rowCount() == 1 and model.index(0, 0).data() == "公务用车保有量"
    document.ledger.apply(model.edits_to_changes([(0, 1, "3")]))
    assert document.ledger.activity_counts["vehicles_held"].count == 3
    project = dataclasses.replace(document.ledger.projects["601001-XM01"])
    special = declared_column(document, Project, "is_special_fund")
    assert special.header == "专项资金" and special.parse(project, "是").is_special_fund is True
