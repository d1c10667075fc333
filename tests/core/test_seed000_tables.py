"""Acceptance: the demo department recomputes every figure of tables 1–21 of seed 000.

The demo holds the published detail figures as line items in 元 (tables 10, 12, 14, the 31002
item and the two special-fund projects). The publication printed amounts in 元 rounded to 万元,
so its totals are not always the sums of its printed parts; the demo's 元 tails were chosen
(a search over all printed leaves and totals at once) so that every printed leaf and total comes
out as printed. What still differs is listed below with the published and computed value and why;
any other difference fails the test.
"""

from __future__ import annotations

import re

import pytest

from desktop.money import rounded
from desktop.tables.engine import Rollup
from tests.core.seed000 import ILLEGIBLE, SECTIONS, published_rows

T14_TOTAL = (
    "公开表自相矛盾：表14“总计”印为 27.96（两行 21.74 + 6.22 之和），而同一批公用经费（商品和服务"
    "支出）在表8“302 商品和服务支出”和表13“总计/合计”中印为 27.95，表14 各列之和也是 "
    "3.00 + 1.81 + 9.91 + 9.20 + 4.03 = 27.95；同一金额不可能取整成两个数，按 27.95 录入"
)
SPLIT = "公开表未把一般公共预算拨款细分到“经费拨款”（留空）；账中每笔资金来源都记到末级（经费拨款）"
DEPT = ("030", "株洲市荷塘区科技和工业信息化局")
UNIT = ("030001", "株洲市荷塘区科技和工业信息化局")
TOTAL = ("合计",)

# (table, row as printed, column position, column label): (published, computed, why)
KNOWN_DIFFERENCES = {
    (1, "经费拨款", 1, "预算数"): ("", "289.79", SPLIT),
    (6, "经费拨款", 1, "预算数"): ("", "289.79", SPLIT),
}
for row in (TOTAL, DEPT, UNIT):
    KNOWN_DIFFERENCES[(14, row, 5, "总 计")] = ("27.96", "27.95", T14_TOTAL)
for row in (
    TOTAL,
    DEPT,
    ("030001", "生态污染防治专项经费"),
    ("030001", "先进硬质材料产业链专项经费"),
):
    computed = {"生态污染防治专项经费": "25.00", "先进硬质材料产业链专项经费": "10.00"}.get(
        row[-1], "35.00"
    )
    KNOWN_DIFFERENCES[(21, row, 4, "经费拨款")] = ("", computed, SPLIT)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _shown(fen: int | None) -> str:
    """A computed cell as the publication prints it: 万元, 2 decimals, blank for nothing."""
    return "" if not fen else str(rounded(fen))


def _printed(text: str) -> str:
    return "" if text in ("", "0.00") else text


def _compare_listing(result, published) -> dict:
    cols = result.spec.leaf_columns
    computed = {}
    for row in result.rows:
        for b in range(0, len(cols), 2):
            label = _norm(row.values[b])
            if label:
                occurrence = sum(1 for k in computed if k[:2] == (b, label))
                computed[(b, label, occurrence)] = row.values[b + 1]
    found, seen = {}, {}
    for prow in published:
        for b in range(0, len(cols), 2):
            label = _norm(prow.cells[b]) if b < len(prow.cells) else ""
            if not label:
                continue
            occurrence = seen.get((b, label), 0)
            seen[(b, label)] = occurrence + 1
            assert (b, label, occurrence) in computed, f"表{result.number} 缺少“{label}”"
            value = prow.cells[b + 1] if b + 1 < len(prow.cells) else ""
            shown = _shown(computed[(b, label, occurrence)])
            if shown != _printed(value):
                found[(result.number, prow.cells[b], b + 1, cols[b + 1].label)] = (value, shown)
    assert len(seen) == len({k[:2] for k in computed}), "计算表比公开表多出了行"
    return found


def _compare_grid(result, published) -> dict:
    cols = result.spec.leaf_columns
    text_positions = [i for i, c in enumerate(cols) if c.select is None]

    def identity(cells) -> tuple:
        return tuple(
            cells[i].strip() for i in text_positions if i < len(cells) and cells[i].strip()
        )

    computed = {identity(r.values): r for r in result.rows}
    found = {}
    printed_rows = set()
    for prow in published:
        key = identity(prow.cells)
        printed_rows.add(key)
        assert key in computed, f"表{result.number} 没有公开表中的行 {key}"
        row = computed[key]
        for i, col in enumerate(cols):
            if col.select is None:
                continue
            value = prow.cells[i] if i < len(prow.cells) else ""
            shown = _shown(row.values[i])
            if shown != _printed(value):
                found[(result.number, key, i, col.label)] = (value, shown)
    extra = set(computed) - printed_rows
    assert not extra, f"表{result.number} 多出了公开表没有的行：{extra}"
    return found


@pytest.fixture(scope="module")
def rollup(tmp_path_factory):
    from desktop.demo import write_demo
    from desktop.ledger import Ledger

    dfile = write_demo(tmp_path_factory.mktemp("seed") / "demo.budget")
    yield Rollup(Ledger(dfile))
    dfile.close()


@pytest.mark.parametrize("number", sorted(SECTIONS))
def test_table_matches_publication(rollup, number):
    result = rollup.result(number)
    header_rows, _ = result.spec.header()
    published = published_rows(number, header_rows)
    assert published, f"表{number}：公开表中没有读到数据行"
    compare = _compare_listing if result.spec.kind == "listing" else _compare_grid
    found = compare(result, published)
    expected = {
        key: (pub, comp) for key, (pub, comp, _why) in KNOWN_DIFFERENCES.items() if key[0] == number
    }
    assert found == expected


def test_every_known_difference_has_a_reason():
    for key, (published, computed, why) in KNOWN_DIFFERENCES.items():
        assert published != computed and why, key


def test_illegible_tables_agree_with_the_legible_ones(rollup):
    """Tables 2, 4 and 5 are illegible in the seed: their totals must equal what tables 1 and 3 print."""
    assert set(ILLEGIBLE) == {2, 4, 5}
    income = rollup.result(2).find_row(name="合计", level="total")
    assert str(rounded(income.values[rollup.result(2).column_index("合计")])) == "289.79"
    assert str(rounded(income.values[rollup.result(2).column_index("经费拨款")])) == "289.79"
    by_gov = rollup.result(4)
    total = by_gov.find_row(name="合计", level="total")
    figures = {
        "总 计": "289.79",
        "机关工资福利支出": "195.30",
        "机关商品和服务支出": "62.95",
        "机关资本性支出": "0.45",
        "对个人和家庭的补助": "31.08",
    }
    for label, value in figures.items():
        assert str(rounded(total.values[by_gov.column_index(label)])) == value, label
    by_dept = rollup.result(5)
    total = by_dept.find_row(name="合计", level="total")
    assert str(rounded(total.values[by_dept.column_index("总 计")])) == "289.79"
    assert str(rounded(total.values[by_dept.column_index("合计", 0)])) == "254.79"
    assert str(rounded(total.values[by_dept.column_index("合计", 1)])) == "35.00"
    assert str(rounded(total.values[by_dept.column_index("按项目管理的商品和服务支出")])) == "35.00"


def test_empty_tables_carry_the_seed_note(rollup):
    for number in (15, 16, 17, 18, 19, 20):
        result = rollup.result(number)
        assert result.empty
        assert result.to_json()["note"] == "注：如本表格为空，则表示本年度未安排此项目。"
    assert not rollup.result(3).empty


@pytest.mark.parametrize("number", sorted(SECTIONS))
def test_header_labels_match_the_publication(number):
    """Every header cell the seed prints (merged groups and leaf columns) is in the spec, and no other."""
    from desktop.tables.hunan import HUNAN_TABLES
    from tests.core.seed000 import header_lines

    spec = next(t for t in HUNAN_TABLES if t.number == number)
    rows, cells = spec.header()
    printed = {
        _norm(c) for line in header_lines(number, rows) for c in line.split("\t") if c.strip()
    }
    assert printed == {_norm(c.text) for c in cells}
