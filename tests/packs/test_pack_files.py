"""Table-set files: the bundled sets load; broken files get a Chinese message and install nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from desktop.packs.pack import PackError, load_pack
from desktop.packs.registry import available_packs, get_pack, install_pack, user_pack_dir
from desktop.tables.spec import ListingSpec, TableSpec

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "packs" / "example-county-2025"


@pytest.fixture
def user_data(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_DESK_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def test_no_python_under_resources_packs():
    assert not list((ROOT / "resources" / "packs").rglob("*.py"))


def test_bundled_sets():
    ids = {p.id: p for p in available_packs()}
    assert {"hunan-2025", "hunan-lukou-2026", "hunan-shifeng-2023", "national-2025"} <= set(ids)
    hunan = ids["hunan-2025"]
    assert hunan.table_numbers == list(range(1, 22))
    assert [type(t) for t in hunan.tables[:2]] == [ListingSpec, TableSpec]
    # The district sets print the Hunan tables with their own performance forms.
    assert ids["hunan-lukou-2026"].tables == hunan.tables
    assert ids["hunan-lukou-2026"].performance_layout == "lukou2026"
    assert ids["hunan-shifeng-2023"].performance_layout == "shifeng2023"
    # Table 10's header as the set prints it: 工资津补贴 spans its 5 columns.
    spec = hunan.table(10)
    rows, cells = spec.header()
    group = next(c for c in cells if c.text == "工资津补贴")
    assert (rows, group.colspan, group.row) == (2, 5, 0)
    assert hunan.rules.severity("t02-columns", "错误") == "提示"


def _example_data() -> dict:
    return json.loads((EXAMPLE / "pack.json").read_text(encoding="utf-8"))


def _write(folder: Path, data: dict | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=1)
    (folder / "pack.json").write_text(text, encoding="utf-8")
    return folder


def _broken(kind: str) -> dict | str:
    data = _example_data()
    if kind == "syntax":
        text = json.dumps(data, ensure_ascii=False, indent=1)
        return text.replace('"region": "示例县",', '"region": "示例县"，', 1)  # a Chinese comma
    data = copy.deepcopy(data)
    if kind == "selector-key":
        data["tables"][0]["columns"][4]["select"]["econs"] = ["310"]
    elif kind == "code":
        data["tables"][0]["columns"][4]["select"]["econ"] = ["319"]
    elif kind == "duplicate":
        data["tables"][1]["number"] = 1
    elif kind == "header":
        # 人员经费 moved out of its group: the tree no longer prints the declared two rows.
        data["tables"][1]["columns"] = data["tables"][1]["columns"][:2] + [
            {"label": "合计", "select": "all"}
        ]
    return data


BROKEN = {
    "syntax": ("第 5 行", "JSON 语法错误"),
    "selector-key": ("tables[0].columns[4].select.econs", "未知的选择条件“econs”"),
    "code": ("tables[0].columns[4].select.econ[0]", "未知的部门预算支出经济分类科目编码“319”"),
    "duplicate": ("tables[1].number", "表号 1 重复（tables[0] 已用此表号）"),
    "header": ("tables[1].header_rows", "声明表头为 2 行，但列树排出的表头为 1 行"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_file_gets_a_chinese_message_and_installs_nothing(kind, tmp_path, user_data):
    folder = _write(tmp_path / "incoming", _broken(kind))
    with pytest.raises(PackError) as err:
        install_pack(folder / "pack.json")
    message = str(err.value)
    where, what = BROKEN[kind]
    assert "pack.json" in message
    assert where in message and what in message, message
    assert not (user_pack_dir() / "example-county-2025").exists()
    with pytest.raises(PackError, match="未安装"):
        get_pack("example-county-2025")


def test_messages_name_every_problem_at_once(tmp_path):
    data = _example_data()
    data["tables"][0]["columns"][4]["select"]["econ"] = ["319"]
    data["tables"][0]["columns"][1]["select"] = {"kinds": ["salary"]}
    data["tables"][1]["rows"]["axis"] = "department"
    with pytest.raises(PackError) as err:
        load_pack(_write(tmp_path / "example-county-2025", data))
    message = str(err.value)
    assert "有 3 处问题" in message
    assert "tables[0].columns[1].select.kinds[0]：未知的值“salary”" in message
    assert (
        "tables[1].rows.axis：行方向应为 function、function_unit、econ、unit、project、total 之一"
        in message
    )


def test_builtin_set_cannot_be_replaced(tmp_path, user_data):
    data = _example_data()
    data["id"] = "hunan-2025"
    with pytest.raises(PackError, match="程序自带的表套，不能覆盖"):
        install_pack(_write(tmp_path / "x", data))
    assert not (user_pack_dir() / "hunan-2025").exists()


def test_reimport_replaces_the_users_set(tmp_path, user_data):
    first = install_pack(EXAMPLE)
    assert first.folder == user_pack_dir() / "example-county-2025"
    data = _example_data()
    data["name"] = "示例县部门预算公开表（修订）"
    second = install_pack(_write(tmp_path / "v2", data))
    assert second.name == "示例县部门预算公开表（修订）"
    assert second.content_hash != first.content_hash
    assert get_pack("example-county-2025").name == "示例县部门预算公开表（修订）"
