"""Finding codes by code prefix, Chinese name and pinyin initials, ranked for the department.

(Here rather than in tests/core: pypinyin's dictionaries add ~55 MB to the test process, and the
import harnesses in tests/reliability measure their child's peak memory, which on Linux starts
from the forking process's. Collected after tests/reliability, this test leaves them alone.)"""

from __future__ import annotations

import pytest

from desktop import code_search
from desktop.catalog import load_catalog


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(2026)


def test_pinyin_initials():
    assert code_search.pinyin_initials("行政运行") == "xzyx"
    assert code_search.pinyin_initials("办公费") == "bgf"
    assert code_search.pinyin_initials("其他") == "qt"


@pytest.mark.parametrize("typed", ["行政运行", "xzyx", "XZYX"])
def test_name_and_initials_offer_every_administrative_operation_with_its_path(catalog, typed):
    found = code_search.search(code_search.function_choices(catalog), typed, limit=500)
    codes = [c.code for c in found]
    assert codes[:2] == ["2010101", "2010201"]  # catalog order when nothing else ranks
    assert "2060101" in codes
    assert all(c.name == "行政运行" for c in found)
    first = found[0]
    assert first.path == "一般公共服务支出 › 人大事务 › 行政运行"
    assert first.text == "2010101 行政运行"
    assert first.label == "2010101 行政运行    一般公共服务支出 › 人大事务"
    science = next(c for c in found if c.code == "2060101")
    assert science.path == "科学技术支出 › 科学技术管理事务 › 行政运行"


def test_codes_in_use_come_first_then_the_units_kind(catalog):
    choices = code_search.function_choices(catalog)
    found = code_search.search(choices, "运行", used={"2060101"}, unit_kinds={"agency"}, limit=1000)
    assert found[0].code == "2060101"
    names = [c.name for c in found]
    # 行政单位: every 行政运行 before the first 事业运行
    assert max(i for i, n in enumerate(names) if n == "行政运行") < names.index("事业运行")
    found = code_search.search(choices, "运行", unit_kinds={"institution"})
    assert found[0].name == "事业运行" and found[0].code == "2010150"


def test_code_prefix_and_picked_text(catalog):
    found = code_search.search(code_search.function_choices(catalog), "20601")
    assert [c.code for c in found][:3] == ["2060101", "2060102", "2060103"]
    # what the picker wrote back ("code name") finds that code alone
    again = code_search.search(code_search.function_choices(catalog), "2060102 一般行政管理事务")
    assert [c.code for c in again] == ["2060102"]


def test_economic_codes_and_fund_sources(catalog):
    econ = code_search.search(code_search.econ_choices(catalog), "bgf")
    assert [(c.code, c.path) for c in econ] == [("30201", "商品和服务支出 › 办公费")]
    personnel = code_search.econ_choices(catalog, ("301",))
    assert {c.code[:3] for c in personnel} == {"301"}
    funds = code_search.search(code_search.fund_choices(catalog), "上年结转")
    assert funds and all("上年结转" in c.path for c in funds)
    assert funds[0].text == funds[0].name  # fund sources are typed by name, not internal code


def test_nothing_matches(catalog):
    assert code_search.search(code_search.function_choices(catalog), "不存在的科目") == []
