"""Performance-target grids on their own: typing indicators, templates, copies, costs, schedule.

Every edit goes through `Document.execute`, so each test also undoes what it did. Figures are the
demo's (seed 000): 生态污染防治专项经费 25.00 万元 = 250000 元, 先进硬质材料产业链专项经费 10.00 万元.
"""

from __future__ import annotations

import pytest

from desktop.performance_templates import load_templates
from desktop.records import Indicator, Project
from desktop.tables.forms import form_results
from desktop.ui.cost_model import CostItemModel
from desktop.ui.department_target_view import task_model
from desktop.ui.document import Document
from desktop.ui.form_view import FormModel
from desktop.ui.indicator_model import FIELD_COLUMNS, IndicatorModel, parse_comparator
from desktop.ui.indicator_panel import IndicatorPanel
from desktop.ui.record_models import project_model
from desktop.ui.schedule_model import ScheduleModel
from desktop.ui.special_fund_model import special_fund_model
from desktop.ui.template_dialog import CopyIndicatorsDialog, TemplateDialog

ZX01, ZX02 = "030001-ZX01", "030001-ZX02"
WAN = 1_000_000  # 分 per 万元
VALUE, COMPARATOR = FIELD_COLUMNS["value"], FIELD_COLUMNS["comparator"]


@pytest.fixture
def document(qapp, demo_path):
    from desktop.models.store import DepartmentFile

    doc = Document(DepartmentFile.open(demo_path))
    yield doc
    doc.close()


def row_of(model: IndicatorModel, name: str) -> int:
    return next(r for r, ind in enumerate(model.rows) if ind.name == name)


def printed_value(document: Document, project: str, name: str) -> str:
    """The 指标值 printed for an indicator in table 22 (the Hunan form of the project)."""
    form = next(f for f in form_results(document.ledger) if f.subject == project)
    cell = next(c for c in form.cells if c.field == "value" and c.source.name == name)
    return cell.text


def test_models_pass_qt_model_tester(qtmodeltester, document):
    models = [
        IndicatorModel(document, ZX02),
        IndicatorModel(document, ""),
        CostItemModel(document, ZX01),
        ScheduleModel(document, ZX01),
        special_fund_model(document),
        task_model(document),
        FormModel(form_results(document.ledger)[0]),
    ]
    for model in models:
        qtmodeltester.check(model, force_py=True)
    ledger = document.ledger
    assert models[0].rowCount() == len(ledger.project_indicators(ZX02)) == 15  # seed 000
    assert models[1].rowCount() == 16 and models[2].rowCount() == 4
    assert [models[3].index(0, c).data() for c in range(5)] == [
        "6.00", "12.00", "20.00", "25.00", "25.00",
    ]  # fmt: skip
    assert models[3].budget() == 25 * WAN == ledger.project_total(ZX01)


def test_edit_an_indicator_value_and_undo(document):
    model = IndicatorModel(document, ZX02)
    row = row_of(model, "智能企业")
    index = model.index(row, VALUE)
    assert index.data() == "9" and model.index(row, COMPARATOR).data() == "≥"
    assert model.setData(index, "12")
    model.refresh()
    assert index.data() == "12"
    assert printed_value(document, ZX02, "智能企业") == "12"  # the form follows the ledger
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    model.refresh()
    assert index.data() == "9" and printed_value(document, ZX02, "智能企业") == "9"


def test_value_that_is_not_a_number_under_a_numeric_comparator_is_refused(qtbot, document):
    model = IndicatorModel(document, ZX02)
    row = row_of(model, "智能企业")
    index = model.index(row, VALUE)
    with qtbot.waitSignal(model.refused) as blocker:
        assert not model.setData(index, "九家以上")
    assert blocker.args[0].startswith("指标值类型为“≥”时，指标值必须是数字")
    assert "“九家以上”不是数字，已保留原值" in blocker.args[0]
    assert index.data() == "9" and document.undo_stack.count() == 0
    # "12个" is a number in the unit 个; "100%" is a number too.
    assert model.setData(index, "12个")
    model.refresh()
    assert model.setData(index, "100%")


def test_numeric_comparator_over_a_text_value_is_refused(qtbot, document):
    model = IndicatorModel(document, ZX02)
    row = row_of(model, "淘汰落后产能")  # 定性 持续督查
    with qtbot.waitSignal(model.refused) as blocker:
        assert not model.setData(model.index(row, COMPARATOR), ">=")
    assert "指标值“持续督查”不是数字，指标值类型不能改为“≥”" in blocker.args[0]
    assert model.index(row, COMPARATOR).data() == "定性"
    # Both cells in one paste: judged together, so a number with ≥ is taken in one step.
    assert model.apply_edits([(row, COMPARATOR, "≥"), (row, VALUE, "3")], "粘贴")
    model.refresh()
    assert (model.index(row, COMPARATOR).data(), model.index(row, VALUE).data()) == ("≥", "3")
    assert document.undo_stack.count() == 1
    with qtbot.waitSignal(model.refused):
        assert not model.setData(model.index(row, COMPARATOR), "大概")
    assert parse_comparator("<=") == "≤" and parse_comparator("") == ""


def test_an_already_published_mistake_does_not_block_other_fields(document):
    ledger = document.ledger
    # Seed 001 publishes “及时支付相关资金 ≤ 当年10月前”; stored as published, it stays editable.
    ledger.add(Indicator(None, ZX01, "产出指标", "时效指标", "及时支付相关资金", "≤", "当年10月前"))
    model = IndicatorModel(document, ZX01)
    row = row_of(model, "及时支付相关资金")
    assert model.setData(model.index(row, FIELD_COLUMNS["remark"]), "根据工作需要拨付")
    model.refresh()
    assert model.setData(model.index(row, COMPARATOR), "定性")


def test_inserted_row_follows_the_current_one(document):
    model = IndicatorModel(document, ZX01)
    first = model.rows[0]
    applied = document.execute(model.insert_changes(0), "插入行")
    model.refresh()
    new = applied[0].after
    assert model.rows[1].id == new.id and model.rows[0] == first
    assert (new.level1, new.level2, new.name) == (first.level1, first.level2, "")
    assert [r.sort_order for r in model.rows] == list(range(len(model.rows)))
    document.undo_stack.undo()
    model.refresh()
    assert new.id not in document.ledger.indicators and model.rowCount() == 12


def test_insert_from_templates_and_undo_as_one_step(qtbot, document):
    panel = IndicatorPanel(document, ZX01)
    qtbot.addWidget(panel)
    before = document.ledger.project_indicators(ZX01)
    picked = [t for t in load_templates() if t.name in ("不高于预算成本", "群众满意度", "智能企业")]
    applied = panel.insert_from_templates(picked)
    assert len(applied) == 3 and document.undo_stack.count() == 1
    after = document.ledger.project_indicators(ZX01)
    assert after[: len(before)] == before
    added = [(i.name, i.comparator, i.value, i.measure_unit) for i in after[len(before) :]]
    assert added == [
        ("群众满意度", "≥", "100%", "无"),
        ("不高于预算成本", "≤", "25", "万元"),  # the project's budget, 25.00 万元
        ("智能企业", "≥", "9", "个"),
    ]
    assert panel.grid.currentIndex().row() == len(before)  # the first new row is selected
    document.undo_stack.undo()
    panel.refresh()
    assert document.ledger.project_indicators(ZX01) == before
    assert panel.model.rowCount() == len(before)


def test_template_dialog_ticks_and_filters(qtbot):
    dialog = TemplateDialog(load_templates())
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() == 7 and len(dialog.items) == 76
    dialog.check(["每月环保督查", "维稳救助对象人数"])
    assert [t.name for t in dialog.selected()] == ["每月环保督查", "维稳救助对象人数"]
    dialog.filter.setText("维稳")
    shown = {item.text(0) for item in dialog.items if not item.isHidden()}
    assert shown == {
        "维稳救助对象人数",
        "维稳救助事项完成率",
        "维稳救助人均增加收入",
        "维稳救助对象满意度",
        "及时处理信访维稳救助事项、按时间节点开展相关工作",
        "妥善处理社会矛盾，维护社会稳定",
    }  # the theme 维稳救助 matches too


def test_copy_indicators_of_another_project_and_undo(qtbot, document):
    panel = IndicatorPanel(document, ZX02)
    qtbot.addWidget(panel)
    dialog = CopyIndicatorsDialog(document.ledger, ZX02)
    qtbot.addWidget(dialog)
    offered = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert offered == ["部门整体绩效目标（16 个指标）", "项目“生态污染防治专项经费”（12 个指标）"]
    applied = panel.copy_from(ZX01)
    assert len(applied) == 12 and document.undo_stack.count() == 1
    names = [i.name for i in document.ledger.project_indicators(ZX02)]
    assert len(names) == 27 and names[15] == "每月环保督查" and names[-1] == "群众满意度"
    document.undo_stack.undo()
    assert len(document.ledger.project_indicators(ZX02)) == 15
    with qtbot.waitSignal(panel.problem) as blocker:
        assert panel.copy_from(ZX02) is None
    assert "复制到它自己" in blocker.args[0]


def test_cost_items_total_and_refused_amounts(qtbot, document):
    model = CostItemModel(document, ZX01)
    assert model.total() == model.budget() == 25 * WAN
    assert [model.index(r, 2).data() for r in range(4)] == ["8.00", "8.00", "4.00", "5.00"]
    assert model.setData(model.index(3, 2), "7")  # 加班餐 5 → 7 万元
    model.refresh()
    assert model.total() == 27 * WAN and model.budget() == 25 * WAN
    for bad, message in (
        ("-1", "不能为负数"),
        ("1.0000001", "精确到了分以下"),
        ("七", "不是有效的金额"),
    ):
        with qtbot.waitSignal(model.refused) as blocker:
            assert not model.setData(model.index(0, 2), bad)
        assert message in blocker.args[0]
    assert model.index(0, 2).data() == "8.00"
    document.undo_stack.undo()
    model.refresh()
    assert model.total() == 25 * WAN and document.undo_stack.count() == 1


def test_schedule_above_the_budget_or_decreasing_is_refused(qtbot, document):
    model = ScheduleModel(document, ZX01)  # 6 / 12 / 20 / 25 万元 of a 25 万元 budget
    with qtbot.waitSignal(model.refused) as blocker:
        assert not model.setData(model.index(0, 3), "26")
    assert blocker.args[0] == (
        "12月底累计支出计划 26.00 万元 超过了项目的年度本级预算 25.00 万元，已保留原值。"
    )
    with qtbot.waitSignal(model.refused) as blocker:
        assert not model.setData(model.index(0, 1), "5")
    assert "6月底的 5.00 万元 不能低于3月底的 6.00 万元" in blocker.args[0]
    with qtbot.waitSignal(model.refused) as blocker:
        assert not model.setData(model.index(0, 0), "13")
    assert "不能高于6月底的 12.00 万元" in blocker.args[0]
    assert [model.index(0, c).data() for c in range(4)] == ["6.00", "12.00", "20.00", "25.00"]
    assert document.undo_stack.count() == 0
    assert model.setData(model.index(0, 1), "15")
    assert document.ledger.spending_schedules[ZX01].june == 15 * WAN
    document.undo_stack.undo()
    assert document.ledger.spending_schedules[ZX01].june == 12 * WAN


def test_schedule_of_a_new_project_is_inserted_and_cleared(document):
    ledger = document.ledger
    ledger.add(Project("030001-XM09", "030001", "新项目"))
    model = ScheduleModel(document, "030001-XM09")
    assert model.index(0, 0).data() == "" and model.index(0, 4).data() == "0.00"
    assert not model.setData(model.index(0, 0), "1")  # no lines: the budget is 0
    assert "030001-XM09" not in ledger.spending_schedules
    ZX01_schedule = ScheduleModel(document, ZX01)
    assert ZX01_schedule.apply_edits([(0, c, "") for c in range(4)], "清除")
    assert ZX01 not in ledger.spending_schedules  # all points cleared: the plan is removed
    document.undo_stack.undo()
    assert ledger.spending_schedules[ZX01].december == 25 * WAN


def test_deleting_a_project_deletes_its_target_in_one_undoable_step(document):
    ledger = document.ledger
    ledger.add(Project("030001-XM09", "030001", "培训项目", goal="培训 129 人次"))
    ledger.add(
        Indicator(None, "030001-XM09", "产出指标", "数量指标", "培训人数", "≥", "129", "人次")
    )
    model = project_model(document)
    row = next(r for r, p in enumerate(model.rows) if p.code == "030001-XM09")
    asked = []
    model.confirm = lambda q: asked.append(q) or False
    assert model.delete_changes([row]) == []
    assert asked == ["删除项目将同时删除项目“培训项目”的1 个绩效指标。\n可以撤销。是否继续？"]
    model.confirm = lambda q: True
    assert document.execute(model.delete_changes([row]), "删除 1 行")
    assert "030001-XM09" not in ledger.projects and not ledger.project_indicators("030001-XM09")
    document.undo_stack.undo()
    assert ledger.projects["030001-XM09"].goal == "培训 129 人次"
    assert ledger.project_indicators("030001-XM09")[0].value == "129"
    # A project with expenditure lines is still refused by the ledger, with no question first.
    asked.clear()
    model.confirm = lambda q: asked.append(q) or True
    model.refresh()
    zx01 = next(r for r, p in enumerate(model.rows) if p.code == ZX01)
    assert document.execute(model.delete_changes([zx01]), "删除 1 行") is None
    assert asked == [] and len(ledger.project_indicators(ZX01)) == 12


def test_special_funds_sum_their_directions(document):
    ledger = document.ledger
    funds = special_fund_model(document)
    applied = document.execute(funds.insert_changes(-1), "插入行")
    fund = applied[0].after
    assert (fund.code, fund.name) == ("ZX01", "新专项资金")
    funds.refresh()
    assert funds.setData(funds.index(0, 1), "产业链专项")
    projects = project_model(document)
    column = next(i for i, c in enumerate(projects.columns) if c.header == "所属专项")
    for code in (ZX01, ZX02):
        row = next(r for r, p in enumerate(projects.rows) if p.code == code)
        assert projects.setData(projects.index(row, column), "产业链")
    funds.refresh()
    assert funds.index(0, 2).data() == "35.00"  # 25.00 + 10.00 万元 from the lines
    assert funds.index(0, 3).data() == "生态污染防治专项经费、先进硬质材料产业链专项经费"
    assert ledger.projects[ZX01].special_fund_code == "ZX01"
    assert not projects.setData(projects.index(0, column), "没有这个专项")
