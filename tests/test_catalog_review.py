"""The second catalog review (issue 17): every code the seeds print, budget types, the corrected
rows and their sources, 2026 marked as carried from 2025."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from desktop.catalog import BUDGET_TYPES, load_catalog_dir
from desktop.names import same_name
from desktop.resources import resource

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "seed_codes.csv"


def _seed_pairs() -> list[tuple[str, str]]:
    with FIXTURE.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return [(r["code"], r["name"]) for r in csv.DictReader(lines)]


@pytest.fixture(scope="module", params=[2025, 2026])
def catalog(request):
    return load_catalog_dir(resource("catalogs", str(request.param)), request.param)


def test_fixture_holds_the_printed_codes():
    pairs = dict(_seed_pairs())
    assert len(pairs) == 124
    assert pairs["21505"] == "工业和信息产业监管"  # seed 003 (2021 决算)
    assert pairs["30213"] == "维修（护）费"


def test_every_code_printed_in_the_seeds_is_in_the_catalog_with_its_name(catalog):
    wrong = []
    for code, name in _seed_pairs():
        table = catalog.function if code[0] == "2" else catalog.dept_econ
        entry = table.get(code)
        if entry is None or not same_name(entry.name, name):
            wrong.append((code, name, entry.name if entry else None))
    assert wrong == []


@pytest.mark.parametrize(
    "code,name",
    [
        ("21305", "巩固脱贫攻坚成果衔接乡村振兴"),
        ("2130599", "其他巩固脱贫攻坚成果衔接乡村振兴支出"),
        ("2079902", "宣传文化发展专项支出"),
        ("2079903", "文化产业发展专项支出"),
        ("2080115", "博士后日常经费"),
        ("2080116", "引进人才费用"),
        ("2200114", "地质勘查与矿产资源管理"),
        ("2200129", "基础测绘与地理信息监管"),
        ("2296011", "用于巩固脱贫攻坚成果衔接乡村振兴的彩票公益金支出"),
    ],
)
def test_corrected_rows(catalog, code, name):
    assert catalog.function_name(code) == name


def test_shifted_rows_are_gone(catalog):
    # 2080117 and the 22001 项 2200110/2200111/2200117/2200118 were numbered in sequence
    for code in ("2080117", "2200110", "2200111", "2200117", "2200118"):
        assert code not in catalog.function, code


def _notes(year: int) -> dict[str, str]:
    with resource("catalogs", str(year), "function.csv").open(encoding="utf-8") as fh:
        return {r["code"]: r["note"] for r in csv.DictReader(fh)}


def test_reviewed_rows_name_their_source_or_say_unverified():
    notes = _notes(2025)
    assert "财预〔2023〕83号" in notes["21305"] and "财预〔2023〕83号" in notes["2130501"]
    assert "财教〔2021〕94号" in notes["2079903"]
    assert "2024年收支分类科目" in notes["2080115"]
    assert "4591062658" in notes["2296011"]
    for code in ("2079902", "2080116", "2179901", "2140210", "2140312", "2296010", "2200119"):
        assert notes[code].startswith("unverified ("), code
        assert "searched" in notes[code], code  # says what was tried


def test_2026_is_marked_as_carried_from_2025():
    cat = load_catalog_dir(resource("catalogs", "2026"), 2026)
    assert cat.provisional and cat.carried_from == 2025
    assert cat.provisional_label == (
        "2026 年科目表为暂用（沿用 2025 年科目），导入 2026 年正式科目表后更新。"
    )
    notes, before = _notes(2026), _notes(2025)
    assert notes.keys() == before.keys()
    assert all(notes[c] == f"carried from 2025: {before[c]}" for c in notes)
    final = load_catalog_dir(resource("catalogs", "2025"), 2025)
    assert not final.provisional and final.provisional_label == ""


def test_2026_changes_file_has_the_agreed_columns():
    path = resource("catalogs", "2026", "function_changes.csv")
    with path.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert reader.fieldnames == ["old_code", "new_code", "note"]
    cat = load_catalog_dir(resource("catalogs", "2026"), 2026)
    assert [(c.old_code, c.new_code) for c in cat.function_changes] == [
        (r["old_code"], r["new_code"]) for r in rows
    ]
    assert ("21505", "21505") in [(c.old_code, c.new_code) for c in cat.function_changes]


@pytest.mark.parametrize(
    "code,budget_type",
    [
        ("2060101", "gp"),
        ("2120801", "gov_fund"),  # 国有土地使用权出让收入安排的支出
        ("21219", "gov_fund"),
        ("2070701", "gov_fund"),  # 国家电影事业发展专项资金
        ("20610", "gov_fund"),
        ("2082201", "gov_fund"),
        ("2116001", "gov_fund"),
        ("2136601", "gov_fund"),
        ("2146001", "gov_fund"),
        ("2156201", "gov_fund"),
        ("2296002", "gov_fund"),  # 彩票公益金
        ("2290401", "gov_fund"),
        ("2230101", "soe"),
        ("2090101", "social"),
        ("2080505", "gp"),
        ("21901", "gp"),
        ("227", "gp"),
    ],
)
def test_budget_type_per_code(catalog, code, budget_type):
    assert code in catalog.function, code
    assert catalog.budget_type_of(code) == budget_type


def test_every_row_has_a_known_budget_type_and_children_follow_their_kuan(catalog):
    for entry in catalog.function.values():
        assert entry.budget_type in BUDGET_TYPES, entry.code
        if entry.level == "项":
            assert entry.budget_type == catalog.function[entry.parent].budget_type, entry.code


def test_unconfirmed_mapping_rows_say_so():
    for year in (2025, 2026):
        with resource("catalogs", str(year), "econ_mapping.csv").open(encoding="utf-8") as fh:
            notes = {r["dept_code"]: r["note"] for r in csv.DictReader(fh)}
        for code in ("30303", "30309", "30311"):
            assert "unconfirmed: " in notes[code], (year, code)
        assert "50901" in notes["30309"]  # the other candidate is named


def test_every_2026_row_is_marked_as_carried_from_2025():
    for name in ("function.csv", "dept_econ.csv", "gov_econ.csv", "econ_mapping.csv"):
        with resource("catalogs", "2026", name).open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert rows and all(r["note"].startswith("carried from 2025: ") for r in rows), name
