"""Acceptance: the 决算 demo printed through the table set hunan-final-2021 reproduces every cell of
seed 003's 公开01–09表 — labels, 行次 and amounts, row by row (tests/core/test_seed003_final.py
checks the same figures at ledger level, and the 情况说明 and 自评表).

Each published data row is matched with the printed row in the same place and compared cell by cell:
a text cell (label, code, 行次) must read the same (blanks inside ignored), an amount cell must be
the printed 万元 figure, blank for nothing. Nothing differs: the demo's 元 tails were chosen so that
every printed figure rounds as published (see the ledger-level test for the one 1,931.01 case).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from desktop.demo_final import write_final_demo
from desktop.ledger import Ledger
from desktop.money import format_amount
from desktop.packs.choice import file_pack
from desktop.tables.engine import Rollup
from tests.core.seed003 import table_rows

# Header rows of each table in the seed (column captions, 栏次).
HEADER_ROWS = {1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 2, 7: 4, 8: 2, 9: 3}
# Listing tables: code and name are one label (the seed merges them on its 合计 row).
LISTINGS = (2, 3, 5, 8, 9)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    dfile = write_final_demo(tmp_path_factory.mktemp("final") / "gxj2021.budget")
    try:
        ledger = Ledger(dfile)
        pack = file_pack(dfile)
        assert pack.id == "hunan-final-2021"
        yield {r.number: r for r in Rollup(ledger, pack=pack).results()}
    finally:
        dfile.close()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return format_amount(value) if value else ""
    return re.sub(r"\s+", "", str(value))


def _published(number: int) -> list[list[str]]:
    rows = table_rows(number)[HEADER_ROWS[number] :]
    if number == 6:  # the 合计 captions and their figures: compared in test_table_06_totals
        rows = rows[:-2]
    return [[re.sub(r"\s+", "", c) for c in row] for row in rows]


def _compare(result, published: list[list[str]]) -> int:
    mine = [[_text(v) for v in row.values] for row in result.rows]
    assert len(mine) == len(published), (result.number, len(mine), len(published))
    compared = 0
    for ours, theirs in zip(mine, published, strict=True):
        theirs = theirs + [""] * (len(ours) - len(theirs))
        if result.number in LISTINGS:
            assert ours[0] + ours[1] == theirs[0] + theirs[1], (result.number, ours, theirs)
            ours, theirs = ours[2:], theirs[2:]
            compared += 1
        for col, (a, b) in enumerate(zip(ours, theirs, strict=False)):
            assert a == b, (result.number, col, ours, theirs)
            compared += 1
    return compared


@pytest.mark.parametrize("number", range(1, 10))
def test_every_cell_of_each_table(results, number):
    result = results[number]
    published = _published(number)
    if number == 7:
        published = published[-1:]
    if number in (8, 9):  # 本表无数据: the seed prints only the 合计 row, empty
        published = [row for row in published if "合计" in row]
    if number == 6:
        result = replace(result, rows=result.rows[:-1])
    assert _compare(result, published) >= {7: 12, 8: 7, 9: 4}.get(number, 100)


def test_table_06_totals(results):
    """人员经费合计 / 公用经费合计: the seed prints the captions on a line of their own (columns 1
    and 4), the figures on the next (columns 3 and 9); the set prints caption beside figure."""
    labels, figures = table_rows(6)[-2:]
    assert [c for c in labels if c] == ["人员经费合计", "公用经费合计"]
    ours = [_text(v) for v in results[6].rows[-1].values]
    assert [c for c in ours if c and not c[0].isdigit()] == ["人员经费合计", "公用经费合计"]
    assert (ours[2], ours[8]) == (figures[2], figures[8]) == ("2,045.53", "545.28")


def test_key_figures(results):
    t1 = {row.values[0]: row.values[2] for row in results[1].rows}
    assert format_amount(t1["本年收入合计"]) == "5,107.53"
    assert format_amount(t1["年初结转和结余"]) == "1,001.95"
    assert format_amount(t1["总计"]) == "6,109.48"
    total = results[3].rows[0].values
    assert [format_amount(v) for v in total[2:5]] == ["5,107.53", "2,590.81", "2,516.72"]
