"""Forms files (forms.json): a hand-written form prints the cells it describes, the bundled
layouts load, and every kind of broken file is refused with a Chinese message naming the file,
the place in it and what was expected (nothing is loaded)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.money import DisplayUnit, parse_amount
from desktop.packs.forms import FormsError, load_forms
from desktop.records import (
    DepartmentTask,
    ExpenditureLine,
    IncomeLine,
    Indicator,
    Project,
    Unit,
)
from desktop.resources import resource
from desktop.tables.forms import LAYOUT_PACKS, form_specs

UNIT, GP = "001001", "gp_appropriation"

SMALL = {
    "format": 1,
    "layout": "test",
    "forms": [
        {
            "key": "test-dept",
            "title": "部门表",
            "form_title": "{department.fiscal_year}年部门表",
            "widths": [1, 3],
            "cells": [
                {"col": 0, "label": "部门"},
                {"col": 1, "record": "department", "field": "name"},
                {"next": 1},
                {"col": 0, "label": "任务", "rowspan": "1+tasks"},
                {"col": 1, "header": "名称"},
                {"next": 1},
                {"repeat": "tasks", "cells": [{"col": 1, "field": "name"}, {"next": 1}]},
            ],
        },
        {
            "number": 30,
            "key": "test-project",
            "title": "项目表",
            "each": "project",
            "form_title": "{project.name}（{department.fiscal_year}）",
            "zero": "/",
            "widths": [1, 1, 2, 1],
            "cells": [
                {"col": 0, "label": "项目名称"},
                {"col": 1, "colspan": 3, "field": "name"},
                {"next": 1},
                {"col": 0, "label": "预算"},
                {"col": 1, "field": "total"},
                {"col": 2, "label": "基本支出"},
                {"col": 3, "record": "budget", "field": "basic"},
                {"next": 1},
                {"col": 0, "label": "指标", "rowspan": "1+indicators"},
                {"col": 1, "headers": ["一级", "二级", "指标值"]},
                {"next": 1},
                {
                    "repeat": "indicators",
                    "merge": ["level1", "level2"],
                    "cells": [
                        {"col": 1, "field": "level1", "align": "center"},
                        {"col": 2, "field": "level2"},
                        {"col": 3, "field": "value_with_unit"},
                        {"next": 1},
                    ],
                },
            ],
        },
    ],
}


def W(text: str) -> int:  # noqa: N802 - an amount as printed, in 万元
    return parse_amount(text, DisplayUnit.WAN_YUAN)


def write(tmp_path: Path, data: dict | str) -> Path:
    path = tmp_path / "forms.json"
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def ledger(tmp_path):
    dfile = DepartmentFile.create(tmp_path / "t.budget", "001", "测试部门", 2025)
    ledger = Ledger(dfile)
    ledger.add(Unit(UNIT, "测试局本级", "agency"))
    ledger.add(Project("P1", UNIT, "培训会资金", "特定类", goal="完成培训。"))
    ledger.add(
        IncomeLine(None, UNIT, "2060102", GP, W("10")),
        ExpenditureLine(None, UNIT, "2060102", "30201", GP, "project", "P1", W("10")),
    )

    def ind(level1: str, level2: str, comparator: str, value: str, unit: str, n: int):
        return Indicator(
            None, "P1", level1, level2, f"指标{n}", comparator, value, unit, sort_order=n
        )

    ledger.add(
        ind("产出指标", "数量指标", "≥", "129", "人次", 1),
        ind("产出指标", "数量指标", "=", "100%", "%", 2),
        ind("产出指标", "质量指标", "定性", "合格", "", 3),
        ind("效益指标", "社会效益指标", "定性", "提高", "无", 4),
        DepartmentTask(None, "统计", sort_order=1),
        DepartmentTask(None, "培训", sort_order=2),
    )
    yield ledger
    dfile.close()


def test_a_hand_written_forms_file_prints_the_cells_it_describes(tmp_path, ledger):
    dept_spec, project_spec = load_forms(write(tmp_path, SMALL), "测试")
    assert (dept_spec.number, dept_spec.key, dept_spec.layout) == (None, "test-dept", "test")
    assert (project_spec.number, project_spec.unit_label) == (30, "金额单位：万元")
    assert project_spec.selection_number == 30

    (dept,) = dept_spec.build(ledger)
    assert (dept.title, dept.subject, dept.rows, dept.columns) == ("2025年部门表", "", 4, 2)
    assert dept.col_widths == (0.25, 0.75)
    tasks = sorted(ledger.department_tasks.values(), key=lambda t: t.sort_order)
    assert [(c.row, c.col, c.text, c.rowspan, c.role, c.source, c.field) for c in dept.cells] == [
        (0, 0, "部门", 1, "label", None, ""),
        (0, 1, "测试部门", 1, "value", None, ""),  # the department is no editable record
        (1, 0, "任务", 3, "label", None, ""),
        (1, 1, "名称", 1, "header", None, ""),
        (2, 1, "统计", 1, "value", tasks[0], "name"),
        (3, 1, "培训", 1, "value", tasks[1], "name"),
    ]

    (form,) = project_spec.build(ledger)
    project = ledger.projects["P1"]
    inds = ledger.project_indicators("P1")
    assert (form.title, form.subject, form.rows, form.columns) == ("培训会资金（2025）", "P1", 7, 4)
    assert form.col_widths == (0.2, 0.2, 0.4, 0.2)
    got = [
        (c.row, c.col, c.text, c.rowspan, c.colspan, c.role, c.amount, c.align, c.source, c.field)
        for c in form.cells
    ]
    assert got == [
        (0, 0, "项目名称", 1, 1, "label", None, "center", None, ""),
        (0, 1, "培训会资金", 1, 3, "value", None, "left", project, "name"),
        (1, 0, "预算", 1, 1, "label", None, "center", None, ""),
        (1, 1, "10.00", 1, 1, "value", 10_000_000, "right", project, ""),
        (1, 2, "基本支出", 1, 1, "label", None, "center", None, ""),
        (1, 3, "/", 1, 1, "value", 0, "right", None, ""),  # the form's zero text
        (2, 0, "指标", 5, 1, "label", None, "center", None, ""),
        (2, 1, "一级", 1, 1, "header", None, "center", None, ""),
        (2, 2, "二级", 1, 1, "header", None, "center", None, ""),
        (2, 3, "指标值", 1, 1, "header", None, "center", None, ""),
        (3, 1, "产出指标", 3, 1, "value", None, "center", inds[0], "level1"),
        (3, 2, "数量指标", 2, 1, "value", None, "left", inds[0], "level2"),
        (3, 3, "≥129人次", 1, 1, "value", None, "left", inds[0], "value"),
        (4, 3, "=100%", 1, 1, "value", None, "left", inds[1], "value"),
        (5, 2, "质量指标", 1, 1, "value", None, "left", inds[2], "level2"),
        (5, 3, "合格", 1, 1, "value", None, "left", inds[2], "value"),
        (6, 1, "效益指标", 1, 1, "value", None, "center", inds[3], "level1"),
        (6, 2, "社会效益指标", 1, 1, "value", None, "left", inds[3], "level2"),
        (6, 3, "提高", 1, 1, "value", None, "left", inds[3], "value"),
    ]


def test_the_bundled_layouts_load_from_their_table_sets():
    for layout, pack in LAYOUT_PACKS.items():
        specs = load_forms(resource("packs", pack, "forms.json"), pack)
        assert {s.layout for s in specs} == {layout}
        assert [s.key for s in specs] == [s.key for s in form_specs(layout)]
    assert not list(Path(resource("packs")).rglob("*.py"))  # the sets are data only


# -- broken files ----------------------------------------------------------------------------------


def broken(tmp_path: Path, change) -> str:  # noqa: ANN001 - a function editing the forms data
    """The message a copy of SMALL, edited by `change`, is refused with."""
    data = copy.deepcopy(SMALL)
    change(data)
    path = write(tmp_path, data)
    with pytest.raises(FormsError) as info:
        load_forms(path, "测试表套")
    message = str(info.value)
    assert message.startswith(f"表单文件 {path}（测试表套） 有 ")
    assert "未载入" in message
    return message


def project_cells(data: dict) -> list:
    return data["forms"][1]["cells"]


def test_syntax_error_names_line_and_column(tmp_path):
    text = json.dumps(SMALL, ensure_ascii=False, indent=1).replace(
        '"key": "test-dept",', '"key": "test-dept"', 1
    )
    path = write(tmp_path, text)
    with pytest.raises(FormsError) as info:
        load_forms(path, "测试表套")
    line = text.splitlines().index(' "forms": [') + 4  # the line after the missing comma
    assert str(info.value) == (
        f"表单文件 {path}（测试表套） 不是有效的 JSON：第 {line} 行第 4 列，缺少逗号。"
    )


def test_a_cell_bound_to_a_field_that_does_not_exist(tmp_path):
    message = broken(tmp_path, lambda d: project_cells(d)[1].update(field="nmae"))
    assert (
        "forms[1].cells[1].field：记录“project”没有字段“nmae”；可用的字段：code、name、" in message
    )


def test_a_cell_bound_to_a_record_that_does_not_exist_or_is_not_there(tmp_path):
    message = broken(tmp_path, lambda d: project_cells(d)[6].update(record="budjet"))
    assert "forms[1].cells[6].field：记录“budjet”不存在；可用的记录：project、fund、" in message

    def project_in_department_form(data: dict) -> None:
        data["forms"][0]["cells"][1] = {"col": 1, "record": "project", "field": "name"}

    message = broken(tmp_path, project_in_department_form)
    assert "forms[0].cells[1].field：记录“project”在此处不可用；此处可用的记录：" in message


def test_a_title_placeholder_with_an_unknown_field(tmp_path):
    message = broken(tmp_path, lambda d: d["forms"][0].update(form_title="{department.year}年"))
    assert "forms[0].form_title：“{department.year}”中记录“department”没有字段“year”" in message


def test_duplicate_form_number_and_key(tmp_path):
    def twice(data: dict) -> None:
        data["forms"].append(copy.deepcopy(data["forms"][1]))

    message = broken(tmp_path, twice)
    assert "有 2 处错误" in message
    assert "forms[2].number：表号 30 与 forms[1] 重复；表号应唯一。" in message
    assert "forms[2].key：标识“test-project”与 forms[1] 重复。" in message


def test_overlapping_merges(tmp_path):
    def label_over_the_wrong_block(data: dict) -> None:
        # the label spans the header row plus the cost items, but the repeat prints indicators:
        # with no indicators and no cost items the 备注 row below runs into it
        project_cells(data)[8]["rowspan"] = "2+cost_items"
        project_cells(data).extend(
            [{"col": 0, "label": "备注"}, {"col": 1, "colspan": 3, "text": ""}]
        )

    message = broken(tmp_path, label_over_the_wrong_block)
    assert (
        "forms[1].cells[12]：合并区域与 forms[1].cells[8] 重叠（第 4 行第 1 列）；"
        "单元格不能相互覆盖，请检查 rowspan、colspan 和 next。"
    ) in message

    message = broken(tmp_path, lambda d: project_cells(d)[1].update(col=0))
    assert "forms[1].cells[1]：合并区域与 forms[1].cells[0] 重叠（第 1 行第 1 列）" in message


def test_a_hole_in_the_grid(tmp_path):
    message = broken(tmp_path, lambda d: project_cells(d).pop(1))
    assert "forms[1].cells：第 1 行第 2 列没有单元格；表格的每一格都应由一个单元格占据" in message


def test_a_cell_beyond_the_widths(tmp_path):
    message = broken(tmp_path, lambda d: project_cells(d)[1].update(colspan=4))
    assert "forms[1].cells[1]：占到第 5 列，超出表宽（widths 共 4 列）。" in message


def test_unknown_keys_collections_and_values(tmp_path):
    def several(data: dict) -> None:
        cells = project_cells(data)
        cells[0]["colspn"] = 2
        cells[8]["rowspan"] = "1+indicator"
        cells[11]["repeat"] = "costs"
        cells[4]["align"] = "middle"
        data["forms"][1]["each"] = "unit"

    message = broken(tmp_path, several)
    assert (
        "forms[1].cells[0].colspn：不认识的键“colspn”；此处可用的键：align、col、colspan、label、rowspan。"
        in message
    )
    assert "forms[1].cells[8].rowspan：集合“indicator”不存在；可用的集合：tasks、" in message
    assert "forms[1].cells[11].repeat：集合“costs”不存在" in message
    assert "forms[1].cells[4].align：应为 left、center 或 right，实为 'middle'。" in message
    assert "forms[1].each：应为 department、project 之一，实为 'unit'。" in message


def test_a_cell_of_no_kind_or_two_kinds(tmp_path):
    def two(data: dict) -> None:
        project_cells(data)[0]["header"] = "x"
        project_cells(data)[2] = {"col": 1}

    message = broken(tmp_path, two)
    assert (
        "forms[1].cells[0]：应恰好含 label、header、headers、text、field、ordinal、next、repeat 之一，实为：label、header。"
        in message
    )
    assert "forms[1].cells[2]：应恰好含" in message and "实为：都没有。" in message


def test_cost_items_only_where_there_is_a_project(tmp_path):
    def in_department(data: dict) -> None:
        data["forms"][0]["cells"].append(
            {"repeat": "cost_items", "cells": [{"col": 1, "field": "content"}, {"next": 1}]}
        )

    message = broken(tmp_path, in_department)
    assert "forms[0].cells[7].repeat：集合“cost_items”只能用在有“project”记录的地方。" in message


def test_wrong_format_version_and_empty_forms(tmp_path):
    message = broken(tmp_path, lambda d: d.update(format=2, forms=[]))
    assert "format：应为 1（本程序读的表单格式版本），实为 2。" in message
    assert "forms：应为至少含一张表的列表。" in message


def test_only_if_leaves_the_form_out_when_its_collection_is_empty(tmp_path, ledger):
    data = copy.deepcopy(SMALL)
    data["forms"][0]["only_if"] = "special_funds"
    dept_spec, _ = load_forms(write(tmp_path, data))
    assert dept_spec.build(ledger) == []  # the department has no special fund
    data["forms"][0]["only_if"] = "tasks"
    dept_spec, _ = load_forms(write(tmp_path, data))
    assert [f.title for f in dept_spec.build(ledger)] == ["2025年部门表"]

    message = broken(tmp_path, lambda d: d["forms"][1].update(only_if="cost_items"))
    assert "forms[1].only_if：应为 tasks、special_funds 之一（该集合为空时不出这张表）。" in message


def test_a_key_written_twice_in_one_object(tmp_path):
    text = json.dumps(SMALL, ensure_ascii=False).replace(
        '"key": "test-dept"', '"key": "test-dept", "key": "test-dept2"', 1
    )
    with pytest.raises(FormsError) as info:
        load_forms(write(tmp_path, text), "测试表套")
    assert "（文件）：同一对象中键“key”出现了两次；请删去或合并其一。" in str(info.value)
