"""The 2021 catalog against seed 003 (a 2021 部门决算): every code it prints, with its name."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.catalog import load_catalog

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seeds" / "003_260f60713769a9c5.txt"
# Seed 003's tables (公开01–09表): from the heading 部门决算表 of 第二部分 to 第三部分 (情况说明).
TABLES_START, TABLES_END = "\n部门决算表\n", "\n第三部分\n"


def printed_codes() -> dict[str, str]:
    """Code → name for every "code<TAB>name" pair in the seed's tables (02, 03, 05, 06)."""
    text = SEED.read_text(encoding="utf-8")
    start = text.index(TABLES_START)
    tables = text[start : text.index(TABLES_END, start)]
    found: dict[str, str] = {}
    for line in tables.splitlines():
        parts = [p.strip() for p in line.split("\t")]
        for code, name in zip(parts, parts[1:], strict=False):
            if re.fullmatch(r"\d{3}(\d{2}){0,2}", code) and name:
                found[code] = name
    return found


def test_every_code_seed_003_prints_exists_with_the_seeds_name():
    catalog = load_catalog(2021)
    codes = printed_codes()
    assert len(codes) == 115  # 35 功能分类 codes of tables 02/03/05, 80 经济分类 codes of table 06
    for code, name in codes.items():
        if code.startswith("2"):
            assert catalog.function_name(code) == name, code
        else:
            assert catalog.dept_econ_name(code) == name, code
    # the ones the 情况说明 and the demo lean on
    assert catalog.function_name("2150501") == "行政运行"
    assert catalog.function_name("2150599") == "其他工业和信息产业监管支出"
    assert catalog.function_name("2249999") == "其他灾害防治及应急管理支出"
    assert catalog.function_name("2100410") == "突发公共卫生事件应急处理"
    assert catalog.dept_econ_name("39908") == "对民间非营利组织和群众性自治组织补贴"


def test_the_2021_list_is_marked_provisional_carried_from_2025():
    catalog = load_catalog(2021)
    assert catalog.provisional and catalog.carried_from == 2025
    assert "2025" in catalog.provisional_label
    # the 26 类 seed 003's 收入支出决算总表 lists are all there (234 抗疫特别国债 included)
    assert catalog.function_name("234") == "抗疫特别国债安排的支出"
