"""Validation of the keys for 增减率, listing amount columns and function row groupings: each
broken case gets a Chinese message naming the file, the place in it and what was expected."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from desktop.packs.pack import PackError, load_pack
from desktop.packs.registry import get_pack, install_pack, user_pack_dir

ROOT = Path(__file__).resolve().parents[2]
NATIONAL = ROOT / "resources" / "packs" / "national-2025" / "pack.json"
T4_OUT = "tables[3].sides[1].blocks[0]"  # 财政拨款收支总表, 支出 side


def _national() -> dict:
    data = json.loads(NATIONAL.read_text(encoding="utf-8"))
    data["id"] = "national-copy"
    return data


def _broken(kind: str) -> dict:
    data = copy.deepcopy(_national())
    t = data["tables"]
    out = t[3]["sides"][1]["blocks"][0]
    if kind == "measure":
        t[4]["columns"][-1]["select"]["measure"] = "ratio"
    elif kind == "rate-in-listing":
        t[0]["sides"][0]["blocks"][0]["items"][0]["select"]["measure"] = "rate"
    elif kind == "rate-in-filter":
        t[4]["filter"]["measure"] = "rate"
    elif kind == "rate-in-amounts":
        out["amounts"][0]["select"] = {"measure": "rate"}
    elif kind == "rate-decimals":
        data["defs"]["table_defaults"]["rate_decimals"] = 9
    elif kind == "by-value":
        t[1]["rows"]["by"] = "units"
    elif kind == "by-axis":
        t[5]["rows"]["by"] = "function"  # table 6 lists economic classes
    elif kind == "rows-key":
        t[1]["rows"]["group"] = "unit"
    elif kind == "amounts-and-header":
        out["amount_header"] = "预算数"
    elif kind == "amounts-empty":
        out["amounts"] = []
    elif kind == "amounts-key":
        out["amounts"][1]["selct"] = {"funds": ["gp"]}
    elif kind == "amounts-code":
        out["amounts"][2]["select"]["funds"] = ["gov_fnd"]
    elif kind == "block-key":
        out["amount_headers"] = ["合计"]
    elif kind == "clash":
        # a line of 一般公共预算 only can never print under 政府性基金预算
        out["items"][0]["select"]["funds"] = ["gp"]
    return data


BROKEN = {
    "measure": ("tables[4].columns[4].select.measure", "应为 budget、prior、change、rate 之一"),
    "rate-in-listing": (
        "tables[0].sides[0].blocks[0].items[0].select.measure",
        "增减率（rate）只能用于行列表（grid）的金额列",
    ),
    "rate-in-filter": ("tables[4].filter.measure", "增减率（rate）只能用于行列表（grid）的金额列"),
    "rate-in-amounts": (f"{T4_OUT}.amounts[0].select.measure", "增减率（rate）只能用于"),
    "rate-decimals": ("defs.table_defaults.rate_decimals", "应为 0 到 6 的整数"),
    "by-value": ("tables[1].rows.by", "应为 unit_then_function、function 之一"),
    "by-axis": ("tables[5].rows.by", "只有 function 行方向（功能分类类/款/项）才能写 by"),
    "rows-key": ("tables[1].rows.group", "未知的项，rows 可有：axis、by、show_empty_units"),
    "amounts-and-header": (T4_OUT, "amount_header（一个金额列）和 amounts（多个金额列）只能写一个"),
    "amounts-empty": (f"{T4_OUT}.amounts", "应为非空的金额列数组"),
    "amounts-key": (f"{T4_OUT}.amounts[1].selct", "未知的项，金额列只能有 label 和 select"),
    "amounts-code": (
        f"{T4_OUT}.amounts[2].select.funds[0]",
        "未知的资金来源编码“gov_fnd”",
    ),
    "block-key": (
        f"{T4_OUT}.amount_headers",
        "未知的项，块可有：label_header、amount_header、amounts",
    ),
    "clash": (
        f"{T4_OUT}.items[0].select",
        "与金额列 amounts[2]“政府性基金预算”的选择条件冲突（funds 没有共同的取值）",
    ),
}


@pytest.fixture
def user_data(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_DESK_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def _write(folder: Path, data: dict) -> Path:
    folder.mkdir(parents=True)
    text = json.dumps(data, ensure_ascii=False, indent=1)
    (folder / "pack.json").write_text(text, encoding="utf-8")
    return folder


def test_the_copy_loads_as_it_is(tmp_path):
    pack = load_pack(_write(tmp_path / "national-copy", _national()))
    assert pack.table(5).rate_decimals == 2
    assert pack.table(3).rows.by == "function"
    assert [a.label for a in pack.table(4).blocks[1].amount_columns] == [
        "合计",
        "一般公共预算",
        "政府性基金预算",
        "国有资本经营预算",
    ]


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_new_keys_get_a_chinese_message_and_install_nothing(kind, tmp_path, user_data):
    folder = _write(tmp_path / "incoming", _broken(kind))
    with pytest.raises(PackError) as err:
        install_pack(folder)
    message = str(err.value)
    where, what = BROKEN[kind]
    assert f"表套文件 {folder / 'pack.json'} 有" in message, message
    assert f"{where}：" in message and what in message, message
    assert not (user_pack_dir() / "national-copy").exists()
    with pytest.raises(PackError, match="未安装"):
        get_pack("national-copy")
